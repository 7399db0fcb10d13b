//! The tolerant reader of [`crate::read`], one row at a time.
//!
//! [`crate::read::read_table`] keeps every cell of the file as its own `String`: right for a
//! submission file of a few dozen rows, heavy for a million-row HR extract (hundreds of
//! megabytes). [`RowReader`] decodes with the same [`crate::read::decode`], picks the same
//! delimiter with [`crate::read::detect_delimiter`], numbers rows the same way and trims
//! cells the same way, but lends each row's cells out of one reused buffer. The tests prove
//! it yields exactly the header and rows `read_table` gives, for any bytes.

use std::sync::Arc;

use crate::read::{self, Encoding, ReadError, Row, Table};

/// Reads a file row by row. Blank rows are skipped (their numbers still count, as in a
/// spreadsheet), as `read_table` does.
///
/// Rows are split the way the csv crate splits them (csv-core: quotes, doubled quotes, any of
/// CR, LF and CRLF ending a row), but a row with no quote in it, nearly every row of an HR
/// extract, is split straight out of the text with `memchr`, with no copy; only a row with a
/// quote goes through csv-core's parser. The tests check every row against `read_table`.
pub struct RowReader {
    pub encoding: Encoding,
    pub delimiter: u8,
    /// Header cells, trimmed, with trailing empty ones removed.
    pub header: Vec<String>,
    /// The spreadsheet row number of the header.
    pub header_row: usize,
    /// The text: the caller's bytes when they are UTF-8 already, else the decoded text.
    text: Arc<Vec<u8>>,
    /// Where the text starts in the bytes (after a byte-order mark).
    start: usize,
    /// Where the next row (or the blank lines before it) starts.
    pos: usize,
    next_row: usize,
    /// The parser for rows with a quote in them, and its output.
    quoted: csv_core::Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
    /// The current row: where its text is, and each cell's start and end in that text.
    in_out: bool,
    line: (usize, usize),
    cells: Vec<(usize, usize)>,
}

/// One non-blank row, borrowed from the reader until the next call.
pub struct RowView<'a> {
    /// The row number a spreadsheet shows for this row.
    pub number: usize,
    line: &'a str,
    cells: &'a [(usize, usize)],
}

impl RowView<'_> {
    /// The number of cells as read (trailing empty cells included).
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// A cell, trimmed as `read_table` trims it; "" past the end of the row.
    pub fn get(&self, i: usize) -> &str {
        self.cells
            .get(i)
            .map_or("", |&(a, b)| clean_cell(&self.line[a..b]))
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
        let mut quoted = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
        // csv-core drops a byte-order mark at the start of its first input; this reader drops
        // one at the start of the text itself (below), so the parser is told it has begun.
        let _ = quoted.read_record(b"\n", &mut [0; 1], &mut [0; 1]);
        let mut r = RowReader {
            encoding,
            delimiter,
            header: Vec::new(),
            header_row: 0,
            text,
            start,
            pos: start,
            next_row: 1,
            quoted,
            out: Vec::new(),
            ends: Vec::new(),
            in_out: false,
            line: (0, 0),
            cells: Vec::new(),
        };
        // As the csv crate does: a second byte-order mark where the text starts is dropped.
        if r.text[start..].starts_with(b"\xEF\xBB\xBF") {
            r.pos += 3;
        }
        match r.advance()? {
            None => Err(ReadError::Empty),
            Some(number) => {
                let row = r.view(number);
                let mut cells: Vec<String> =
                    (0..row.len()).map(|i| row.get(i).to_owned()).collect();
                while cells.last().is_some_and(|c| c.is_empty()) {
                    cells.pop();
                }
                r.header = cells;
                r.header_row = number;
                Ok(r)
            }
        }
    }

    /// Reads the next non-blank row into `cells`; returns its row number.
    fn advance(&mut self) -> Result<Option<usize>, ReadError> {
        loop {
            let text: &[u8] = &self.text;
            // Blank lines before this row: each CR, LF or CRLF is one (an LF straight after a
            // CR belongs to it, even when the CR ended the row before).
            let mut at = self.pos;
            let mut skipped = 0;
            while at < text.len() {
                match text[at] {
                    b'\n' if at > 0 && text[at - 1] == b'\r' => {}
                    b'\n' | b'\r' => skipped += 1,
                    _ => break,
                }
                at += 1;
            }
            if at == text.len() {
                self.pos = at;
                return Ok(None);
            }
            let number = self.next_row + skipped;
            self.next_row = number + 1;
            let rest = &text[at..];
            let row_end = match memchr::memchr3(b'\n', b'\r', b'"', rest) {
                Some(i) if rest[i] == b'"' => None,
                Some(i) => Some(i),
                None => Some(rest.len()),
            };
            match row_end {
                Some(len) => {
                    // No quote before the end of the line: the cells are the text between
                    // delimiters, as csv-core would read them.
                    let line = &rest[..len];
                    self.cells.clear();
                    // A plain loop: cells are short, too short for memchr to pay.
                    let mut from = 0;
                    for (i, &b) in line.iter().enumerate() {
                        if b == self.delimiter {
                            self.cells.push((from, i));
                            from = i + 1;
                        }
                    }
                    self.cells.push((from, len));
                    self.in_out = false;
                    self.line = (at, at + len);
                    // The line end belongs to the row, as in csv-core (an LF after a CR is
                    // passed over with the blank lines, above).
                    self.pos = (at + len + 1).min(text.len());
                }
                None => {
                    let read = self.read_quoted(at);
                    self.pos = at + read;
                }
            }
            let line = if self.in_out {
                &self.out[..self.line.1]
            } else {
                &self.text[self.line.0..self.line.1]
            };
            if self.cells.iter().all(|&(a, b)| is_blank(&line[a..b])) {
                continue;
            }
            return Ok(Some(number));
        }
    }

    /// Reads the row at `at`, which has a quote in it, with csv-core; returns how many bytes
    /// it took.
    fn read_quoted(&mut self, at: usize) -> usize {
        let text: &[u8] = &self.text;
        if self.out.is_empty() {
            self.out.resize(1024, 0);
            self.ends.resize(64, 0);
        }
        let (mut read, mut written, mut ended) = (0, 0, 0);
        loop {
            let (result, i, o, e) = self.quoted.read_record(
                &text[at + read..],
                &mut self.out[written..],
                &mut self.ends[ended..],
            );
            read += i;
            written += o;
            ended += e;
            match result {
                csv_core::ReadRecordResult::OutputFull => {
                    let n = self.out.len() * 2;
                    self.out.resize(n, 0);
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
                    let n = self.ends.len() * 2;
                    self.ends.resize(n, 0);
                }
                // At the end of the text, an empty input tells csv-core to finish the row.
                csv_core::ReadRecordResult::InputEmpty => {}
                csv_core::ReadRecordResult::Record | csv_core::ReadRecordResult::End => break,
            }
        }
        let cells = &self.out[..written];
        self.cells.clear();
        let mut from = 0;
        for &end in &self.ends[..ended] {
            self.cells.push((from, end));
            from = end;
        }
        // A quoted cell with a line break inside: CRLF and CR become LF, as read_table has
        // them.
        if cells.contains(&b'\r') {
            let mut fixed = Vec::with_capacity(written);
            for c in self.cells.iter_mut() {
                let cell = String::from_utf8_lossy(&self.out[c.0..c.1])
                    .replace("\r\n", "\n")
                    .replace('\r', "\n");
                let from = fixed.len();
                fixed.extend_from_slice(cell.as_bytes());
                *c = (from, fixed.len());
            }
            written = fixed.len();
            if self.out.len() < written {
                self.out.resize(written, 0);
            }
            self.out[..written].copy_from_slice(&fixed);
        }
        self.in_out = true;
        self.line = (0, written);
        read
    }

    /// The current row.
    fn view(&self, number: usize) -> RowView<'_> {
        let (a, b) = self.line;
        let bytes = if self.in_out {
            &self.out[a..b]
        } else {
            &self.text[a..b]
        };
        // The text is UTF-8 (checked, or decoded, when the reader was made) and rows and
        // cells are cut at ASCII bytes, so this check of the row never fails.
        match std::str::from_utf8(bytes) {
            Ok(line) => RowView {
                number,
                line,
                cells: &self.cells,
            },
            Err(_) => RowView {
                number,
                line: "",
                cells: &[],
            },
        }
    }

    /// How many bytes of the decoded text have been read.
    pub fn position(&self) -> u64 {
        (self.pos - self.start) as u64
    }

    /// The length of the decoded text in bytes.
    pub fn len(&self) -> u64 {
        (self.text.len() - self.start) as u64
    }

    /// Whether the decoded text is empty (it never is: an empty file is not read).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The next non-blank row, or `None` at the end of the file.
    pub fn next_row(&mut self) -> Result<Option<RowView<'_>>, ReadError> {
        Ok(self.advance()?.map(|number| self.view(number)))
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

/// Whether a cell is empty once trimmed as [`clean_cell`] trims it.
fn is_blank(cell: &[u8]) -> bool {
    match cell.first() {
        None => true,
        Some(b) if b.is_ascii_graphic() => false,
        _ => std::str::from_utf8(cell).is_ok_and(|c| clean_cell(c).is_empty()),
    }
}

/// The header and the first `max_rows` rows of a file, read as [`crate::read::read_table`]
/// reads it, without reading the rest.
pub fn preview(bytes: &[u8], max_rows: usize) -> Result<Table, ReadError> {
    RowReader::new(bytes)?.into_table(max_rows)
}
