//! A workbook's sheet written as CSV text, every field quoted, one line per spreadsheet row
//! (empty lines for empty rows), every line as wide as the widest: what Excel's "Save as CSV"
//! makes of it. The engine reads a sheet straight into a table; the tests write this text
//! to compare the cells with calamine's and the table with the CSV reader's.

use scwres::read::xlsx::{Workbook, XlsxError};

/// The sheet at `index` as UTF-8 CSV: every field quoted (so no character in a cell can be
/// taken for a delimiter), one line per spreadsheet row from row 1 to the last row with a
/// value, lines ending in LF. Every line has as many cells as the widest row, as when Excel
/// saves a sheet as CSV (a row's empty cells on the right are cells all the same).
pub fn sheet_csv(book: &Workbook, index: usize) -> Result<Vec<u8>, XlsxError> {
    let cells = book.sheet_cells(index)?;
    let width = cells
        .rows
        .iter()
        .flat_map(|(_, row)| row.iter().map(|(c, _)| c + 1))
        .chain(cells.width)
        .max()
        .unwrap_or(0);
    let mut out = Vec::new();
    let mut next_row = 1usize;
    for (number, row) in &cells.rows {
        out.extend(std::iter::repeat_n(b'\n', number - next_row));
        let mut line = vec![""; width];
        for (column, text) in row {
            line[*column] = text;
        }
        write_csv_line(&mut out, &line);
        next_row = number + 1;
    }
    Ok(out)
}

/// One CSV line, every field quoted.
fn write_csv_line(out: &mut Vec<u8>, cells: &[&str]) {
    for (i, text) in cells.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'"');
        for piece in text.split_inclusive('"') {
            out.extend_from_slice(piece.as_bytes());
            if piece.ends_with('"') {
                out.push(b'"');
            }
        }
        out.push(b'"');
    }
    out.push(b'\n');
}
