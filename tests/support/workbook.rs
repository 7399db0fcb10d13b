//! Writing a CSV file's cells onto a worksheet, as a person saving it from Excel would have
//! them: numbers as numbers, ISO dates as date cells shown dd/mm/yyyy, the rest as text.
//! Shared by tests/xlsx.rs and examples/make_xlsx_fixtures.rs.

use rust_xlsxwriter::{ExcelDateTime, Format, Worksheet, XlsxError};
use scwres::read::read_table;

/// "2024-01-15" as a date (and nothing else: rust_xlsxwriter's own parser is lenient).
pub fn iso_date(text: &str) -> Option<ExcelDateTime> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || !digits(0..4)
        || !digits(5..7)
        || !digits(8..10)
    {
        return None;
    }
    ExcelDateTime::from_ymd(
        text[0..4].parse().ok()?,
        text[5..7].parse().ok()?,
        text[8..10].parse().ok()?,
    )
    .ok()
}

/// Writes the CSV file's header and rows onto the sheet, each in the row Excel numbers it.
pub fn fill(sheet: &mut Worksheet, csv: &[u8]) -> Result<(), XlsxError> {
    let table = read_table(csv).expect("the CSV file reads");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let mut put = |r: usize, c: usize, text: &str| -> Result<(), XlsxError> {
        let (r, c) = (r as u32 - 1, c as u16);
        if text.is_empty() {
            return Ok(());
        }
        if let Ok(x) = text.parse::<f64>() {
            sheet.write_number(r, c, x)?;
        } else if let Some(d) = iso_date(text) {
            sheet.write_datetime_with_format(r, c, &d, &date)?;
        } else {
            sheet.write_string(r, c, text)?;
        }
        Ok(())
    };
    for (c, text) in table.header.iter().enumerate() {
        put(table.header_row, c, text)?;
    }
    for row in &table.rows {
        for (c, text) in row.cells.iter().enumerate() {
            put(row.number, c, text)?;
        }
    }
    Ok(())
}
