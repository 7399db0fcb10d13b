//! Writes the Excel workbooks the browser tests choose (tests/fixtures/xlsx/), made by a real
//! workbook writer from the CSV files they stand for:
//!
//!     cargo run --example make_xlsx_fixtures
//!
//! - example-submission.xlsx: a "Notes" sheet, then the example submission on "Submission",
//!   counts as numbers (so the page has to ask which sheet);
//! - staff.xlsx: tests/records/staff.csv on one sheet, salaries as numbers and ISO dates as
//!   date cells shown dd/mm/yyyy.
//!
//! tests/xlsx.rs checks that each reads to the same results as its CSV file.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};
use scwres::read::read_table;

fn iso_date(text: &str) -> Option<ExcelDateTime> {
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

fn fill(sheet: &mut Worksheet, csv: &[u8]) -> Result<(), Box<dyn std::error::Error>> {
    let table = read_table(csv)?;
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let mut put = |r: usize, c: usize, text: &str| -> Result<(), Box<dyn std::error::Error>> {
        let (r, c) = (r as u32 - 1, c as u16);
        if text.is_empty() {
        } else if let Ok(x) = text.parse::<f64>() {
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

fn book() -> Workbook {
    let mut w = Workbook::new();
    // A fixed date, so that writing the fixtures again gives the same files.
    let when = ExcelDateTime::from_ymd(2026, 1, 1).expect("date");
    w.set_properties(&DocProperties::new().set_creation_datetime(&when));
    w
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = format!("{root}/tests/fixtures/xlsx");
    std::fs::create_dir_all(&out)?;

    let mut w = book();
    let notes = w.add_worksheet().set_name("Notes")?;
    notes.write_string(
        0,
        0,
        "SC-WRES submission for Northbrook Council (fictional)",
    )?;
    let data = w.add_worksheet().set_name("Submission")?;
    fill(
        data,
        &std::fs::read(format!("{root}/data/example-submission.csv"))?,
    )?;
    w.save(format!("{out}/example-submission.xlsx"))?;

    let mut w = book();
    let staff = w.add_worksheet().set_name("Staff")?;
    fill(
        staff,
        &std::fs::read(format!("{root}/tests/records/staff.csv"))?,
    )?;
    w.save(format!("{out}/staff.xlsx"))?;
    println!("wrote {out}/example-submission.xlsx and {out}/staff.xlsx");
    Ok(())
}
