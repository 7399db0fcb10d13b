//! The tolerant reader of [`crate::read`], one row at a time.
//!
//! [`crate::read::read_table`] keeps every cell of the file as its own `String`: right for a
//! submission file of a few dozen rows, heavy for a million-row HR extract (hundreds of
//! megabytes). [`RowReader`] decodes with the same [`crate::read::decode`], picks the same
//! delimiter with [`crate::read::detect_delimiter`], numbers rows the same way and trims
//! cells the same way, but lends each row's cells out of one reused buffer. The tests prove
//! it yields exactly the header and rows `read_table` gives, for any bytes.

use std::io::Cursor;
use std::sync::Arc;

use crate::read::{self, Encoding, ReadError, Row, Table};

/// Reads a file row by row. Blank rows are skipped (their numbers still count, as in a
/// spreadsheet), as `read_table` does.
pub struct RowReader {
    pub encoding: Encoding,
    pub delimiter: u8,
    /// Header cells, trimmed, with trailing empty ones removed.
    pub header: Vec<String>,
    /// The spreadsheet row number of the header.
    pub header_row: usize,
    reader: csv::Reader<Cursor<Shared>>,
    record: csv::StringRecord,
    next_row: usize,
    consumed: usize,
    /// Where the text starts in the bytes (after a byte-order mark).
    start: usize,
}

/// One non-blank row, borrowed from the reader until the next call.
pub struct RowView<'a> {
    /// The row number a spreadsheet shows for this row.
    pub number: usize,
    record: &'a csv::StringRecord,
}

impl RowView<'_> {
    /// The number of cells as read (trailing empty cells included).
    pub fn len(&self) -> usize {
        self.record.len()
    }

    pub fn is_empty(&self) -> bool {
        self.record.is_empty()
    }

    /// A cell, trimmed as `read_table` trims it; "" past the end of the row.
    pub fn get(&self, i: usize) -> &str {
        self.record.get(i).map_or("", clean_cell)
    }

    /// The cells as owned strings (as in a [`Row`] of `read_table`).
    pub fn to_row(&self) -> Row {
        Row {
            number: self.number,
            cells: (0..self.len()).map(|i| self.get(i).to_owned()).collect(),
        }
    }
}

/// Trims a cell as [`crate::read`] does, including non-breaking spaces and stray
/// byte-order marks, without allocating.
pub fn clean_cell(cell: &str) -> &str {
    // Most cells start and end with a printable ASCII character: nothing to trim.
    match (cell.as_bytes().first(), cell.as_bytes().last()) {
        (None, _) => cell,
        (Some(&a), Some(&z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => cell,
        _ => cell.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{feff}'),
    }
}

/// The text a [`RowReader`] reads: the caller's bytes themselves when they are UTF-8
/// already (most files), so a large file is not copied, else the decoded text.
#[derive(Clone)]
struct Shared(Arc<Vec<u8>>);

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// The first line with something other than spaces, whatever ends its lines (CRLF, LF or a
/// lone CR): the line the delimiter is judged on, as `read_table` judges it.
fn first_non_blank_line(text: &[u8]) -> &str {
    text.split(|&b| b == b'\n' || b == b'\r')
        .map(|line| std::str::from_utf8(line).unwrap_or(""))
        .find(|line| !line.trim().is_empty())
        .unwrap_or("")
}

impl RowReader {
    /// Decodes the bytes and reads up to the header.
    pub fn new(bytes: &[u8]) -> Result<RowReader, ReadError> {
        Self::shared(Arc::new(bytes.to_vec()))
    }

    /// As [`RowReader::new`], reading the caller's bytes in place when they are UTF-8 (with
    /// or without a byte-order mark): no copy of a large file. CRLF, LF and a lone CR all end
    /// a row; the row count and the cells treat them alike, as `read_table` does.
    pub fn shared(bytes: Arc<Vec<u8>>) -> Result<RowReader, ReadError> {
        let (text, start, encoding) = match read::decode_lazily(&bytes)? {
            (read::Text::AsIs { start }, encoding) => (bytes, start, encoding),
            (read::Text::Decoded(text), encoding) => (Arc::new(text.into_bytes()), 0, encoding),
        };
        let delimiter = read::detect_delimiter(first_non_blank_line(&text[start..]));
        let mut cursor = Cursor::new(Shared(text));
        cursor.set_position(start as u64);
        let reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(1 << 16)
            .from_reader(cursor);
        let mut r = RowReader {
            encoding,
            delimiter,
            header: Vec::new(),
            header_row: 0,
            reader,
            record: csv::StringRecord::new(),
            next_row: 1,
            consumed: start,
            start,
        };
        match r.advance()? {
            None => Err(ReadError::Empty),
            Some(number) => {
                let mut cells: Vec<String> =
                    r.record.iter().map(|c| clean_cell(c).to_owned()).collect();
                while cells.last().is_some_and(|c| c.is_empty()) {
                    cells.pop();
                }
                r.header = cells;
                r.header_row = number;
                Ok(r)
            }
        }
    }

    /// Reads the next non-blank record into the buffer; returns its row number.
    fn advance(&mut self) -> Result<Option<usize>, ReadError> {
        loop {
            match self.reader.read_record(&mut self.record) {
                Ok(false) => return Ok(None),
                Ok(true) => {
                    let text: &[u8] = self.reader.get_ref().get_ref().as_ref();
                    // Positions count from the start of the text, not of the cursor.
                    let end = (self.reader.position().byte() as usize + self.start).min(text.len());
                    // Blank lines between the last record and this one: each CR, LF or CRLF
                    // is one (an LF straight after a CR belongs to it, even across the start).
                    let mut skipped = 0;
                    for i in self.consumed.min(end)..end {
                        match text[i] {
                            b'\n' if i > 0 && text[i - 1] == b'\r' => {}
                            b'\n' | b'\r' => skipped += 1,
                            _ => break,
                        }
                    }
                    let number = self.next_row + skipped;
                    self.next_row = number + 1;
                    self.consumed = end;
                    // A quoted cell with a line break inside: CRLF and CR become LF, as
                    // read_table has them.
                    if self.record.as_slice().contains('\r') {
                        self.record = self
                            .record
                            .iter()
                            .map(|c| c.replace("\r\n", "\n").replace('\r', "\n"))
                            .collect();
                    }
                    if self.record.iter().all(|c| clean_cell(c).is_empty()) {
                        continue;
                    }
                    return Ok(Some(number));
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
    }

    /// How many bytes of the decoded text have been read.
    pub fn position(&self) -> u64 {
        self.reader.position().byte()
    }

    /// The length of the decoded text in bytes.
    pub fn len(&self) -> u64 {
        (self.reader.get_ref().get_ref().0.len() - self.start) as u64
    }

    /// Whether the decoded text is empty (it never is: an empty file is not read).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The next non-blank row, or `None` at the end of the file.
    pub fn next_row(&mut self) -> Result<Option<RowView<'_>>, ReadError> {
        Ok(self.advance()?.map(|number| RowView {
            number,
            record: &self.record,
        }))
    }

    /// Reads the rest of the file into a [`Table`] (as `read_table` would have), keeping at
    /// most `max_rows` rows: a cheap preview of a large file for a column-mapping screen.
    pub fn into_table(mut self, max_rows: usize) -> Result<Table, ReadError> {
        let mut rows = Vec::new();
        while rows.len() < max_rows {
            match self.next_row()? {
                Some(row) => rows.push(row.to_row()),
                None => break,
            }
        }
        Ok(Table {
            encoding: self.encoding,
            delimiter: self.delimiter,
            header: self.header,
            header_row: self.header_row,
            rows,
        })
    }
}

/// The header and the first `max_rows` rows of a file, read as [`crate::read::read_table`]
/// reads it, without reading the rest.
pub fn preview(bytes: &[u8], max_rows: usize) -> Result<Table, ReadError> {
    RowReader::new(bytes)?.into_table(max_rows)
}
