//! The reference for the calculator's CSV reader (`scwres::read::RowReader`): the same
//! rules written plainly on top of the csv crate's reader, which the engine once used itself.
//! The property tests check that the engine reads every file exactly as this does.

use scwres::read::{decode, detect_delimiter, ReadError, Row, Table};

/// Reads bytes into a [`Table`]. Blank rows are skipped (their numbers still count, as in a
/// spreadsheet), trailing empty header cells are dropped, and every cell is trimmed.
pub fn reference_read_table(bytes: &[u8]) -> Result<Table, ReadError> {
    let (text, encoding) = decode(bytes)?;
    // One line end for the CSV reader and the row count below: CRLF (Windows), LF and a lone
    // CR (old Mac Excel) all end a row.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let delimiter = detect_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());

    let mut header: Option<(usize, Vec<String>)> = None;
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    // A spreadsheet shows each record as one row (even when a quoted cell holds line breaks)
    // and each blank line as an empty row; the CSV reader skips blank lines, so count the
    // line ends it skipped before each record.
    let mut next_row = 1usize;
    // A second byte-order mark (the reader drops it) is not a row of its own, and the blank
    // lines after it still count.
    let mut consumed = if text.starts_with('\u{feff}') { 3 } else { 0 };
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let end = (reader.position().byte() as usize).min(text.len());
                let skipped = text.as_bytes()[consumed.min(end)..end]
                    .iter()
                    .take_while(|&&b| b == b'\n')
                    .count();
                let number = next_row + skipped;
                next_row = number + 1;
                consumed = end;
                let cells: Vec<String> = record.iter().map(clean_cell).collect();
                if cells.iter().all(|c| c.is_empty()) {
                    continue;
                }
                if header.is_none() {
                    let mut cells = cells;
                    while cells.last().is_some_and(|c| c.is_empty()) {
                        cells.pop();
                    }
                    header = Some((number, cells));
                } else {
                    rows.push(Row { number, cells });
                }
            }
            Err(e) => {
                let row = e.position().map_or(0, |p| p.line() as usize);
                return Err(ReadError::Csv {
                    row,
                    detail: e.to_string(),
                });
            }
        }
    }
    let (header_row, header) = header.ok_or(ReadError::Empty)?;
    Ok(Table {
        encoding,
        delimiter,
        header,
        header_row,
        rows,
    })
}

/// Trims a cell, including the non-breaking spaces spreadsheets paste in.
fn clean_cell(cell: &str) -> String {
    cell.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{feff}')
        .to_owned()
}
