//! The tolerant reader of [`crate::read`], one row at a time.
//!
//! [`crate::read::read_table`] keeps every cell of the file as its own `String`: right for a
//! submission file of a few dozen rows, heavy for a million-row HR extract (hundreds of
//! megabytes). [`RowReader`] decodes with the same [`crate::read::decode`], picks the same
//! delimiter with [`crate::read::detect_delimiter`], numbers rows the same way and trims
//! cells the same way, but lends each row's cells out of one reused buffer. The tests prove
//! it yields exactly the header and rows `read_table` gives, for any bytes.

use std::io::Cursor;

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
    reader: csv::Reader<Cursor<Vec<u8>>>,
    record: csv::StringRecord,
    next_row: usize,
    consumed: usize,
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

/// One line end for the CSV reader and the row count: CRLF, LF and a lone CR all end a row
/// (as `read_table` does it), rewritten in place: the text only gets shorter.
fn one_line_end(text: String) -> Vec<u8> {
    let mut bytes = text.into_bytes();
    let Some(first) = bytes.iter().position(|&b| b == b'\r') else {
        return bytes;
    };
    let (mut read, mut write) = (first, first);
    while read < bytes.len() {
        // bytes[read] is a CR: write one LF for it (and for an LF straight after it).
        bytes[write] = b'\n';
        write += 1;
        read += 1;
        if bytes.get(read) == Some(&b'\n') {
            read += 1;
        }
        // Copy everything up to the next CR in one go.
        let next = bytes[read..]
            .iter()
            .position(|&b| b == b'\r')
            .map_or(bytes.len(), |i| read + i);
        bytes.copy_within(read..next, write);
        write += next - read;
        read = next;
    }
    bytes.truncate(write);
    bytes
}

impl RowReader {
    /// Decodes the bytes and reads up to the header.
    pub fn new(bytes: &[u8]) -> Result<RowReader, ReadError> {
        let (text, encoding) = read::decode(bytes)?;
        let text = one_line_end(text);
        // The delimiter is judged on the first non-blank line, as read_table judges it.
        let delimiter = {
            let mut end = 0;
            for line in text.split(|&b| b == b'\n') {
                end += line.len() + 1;
                if !std::str::from_utf8(line).unwrap_or("").trim().is_empty() {
                    break;
                }
            }
            read::detect_delimiter(std::str::from_utf8(&text[..end.min(text.len())]).unwrap_or(""))
        };
        let reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(1 << 16)
            .from_reader(Cursor::new(text));
        let mut r = RowReader {
            encoding,
            delimiter,
            header: Vec::new(),
            header_row: 0,
            reader,
            record: csv::StringRecord::new(),
            next_row: 1,
            consumed: 0,
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
                    let text = self.reader.get_ref().get_ref();
                    let end = (self.reader.position().byte() as usize).min(text.len());
                    let skipped = text[self.consumed.min(end)..end]
                        .iter()
                        .take_while(|&&b| b == b'\n')
                        .count();
                    let number = self.next_row + skipped;
                    self.next_row = number + 1;
                    self.consumed = end;
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
        self.reader.get_ref().get_ref().len() as u64
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
