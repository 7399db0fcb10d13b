//! The calculator's one CSV reader: tolerant of whatever Excel or an HR system wrote, and
//! one row at a time.
//!
//! [`RowReader`] decodes with [`crate::read::decode`], picks the delimiter with
//! [`crate::read::detect_delimiter`], and lends each row's cells out of one reused buffer, so
//! a million-row HR extract is never held as millions of strings. [`crate::read::read_table`]
//! is the same reader keeping every row, for a submission file of a few dozen rows. The
//! tests check it, for any bytes, against a plain reference built on the csv crate's reader
//! (tests/support/reference_reader.rs).

use std::sync::Arc;

use crate::read::{self, Encoding, ReadError, Row, Table};

/// Reads a file row by row. Blank rows are skipped (their numbers still count, as in a
/// spreadsheet).
///
/// Rows are split the way the csv crate splits them (csv-core: quotes, doubled quotes, any of
/// CR, LF and CRLF ending a row), but a row with no quote in it, nearly every row of an HR
/// extract, is split straight out of the text with `memchr`, with no copy; only a row with a
/// quote goes through csv-core's parser.
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
    /// How much of the text has arrived (and is UTF-8), and whether that is all of it: a
    /// file read as it arrives (see [`crate::records::InputAggregator::streaming`]) grows.
    avail: usize,
    complete: bool,
    /// Whether the last read stopped at the end of what has arrived.
    waiting: bool,
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
    /// Whether a row had a quote anywhere but around a whole cell (see [`regular_quotes`]).
    irregular_quotes: bool,
    /// Whether an odd number of quotes has been read.
    odd_quotes: bool,
}

/// One non-blank row, borrowed from the reader until the next call.
pub struct RowView<'a> {
    /// The row number a spreadsheet shows for this row.
    pub number: usize,
    /// The row's text (UTF-8: each cell is checked as it is taken).
    line: &'a [u8],
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

    /// A cell, trimmed by [`clean_cell`]; "" past the end of the row.
    #[inline(always)]
    pub fn get(&self, i: usize) -> &str {
        // The text is UTF-8 (checked, or decoded, when the reader was made) and cells are cut
        // at ASCII bytes, so the check of a cell never fails; checking the few cells used is
        // cheaper than checking every row.
        let Some(&(a, b)) = self.cells.get(i) else {
            return "";
        };
        match self.line.get(a..b).map(std::str::from_utf8) {
            Some(Ok(cell)) => clean_cell(cell),
            _ => "",
        }
    }

    /// The cells as owned strings.
    pub fn to_row(&self) -> Row {
        Row {
            number: self.number,
            cells: (0..self.len()).map(|i| self.get(i).to_owned()).collect(),
        }
    }
}

/// Trims a cell as [`crate::read`] does, including non-breaking spaces and stray
/// byte-order marks, without allocating.
#[inline(always)]
pub fn clean_cell(cell: &str) -> &str {
    // Most cells start and end with a printable ASCII character: nothing to trim.
    match (cell.as_bytes().first(), cell.as_bytes().last()) {
        (None, _) => cell,
        (Some(&a), Some(&z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => cell,
        _ => cell.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{feff}'),
    }
}

/// What the text before the header holds.
enum FirstLine<'a> {
    /// The first line with something other than spaces.
    Line(&'a str),
    /// A line, with its row number, longer than [`MAX_ROW_BYTES`] comes first: the row it
    /// starts is longer still, quoted or not, and blank or not (as any other row).
    TooLong(usize),
    /// The first line may still go on (the text is not complete and no line end has come).
    More,
}

/// The first line with something other than spaces, whatever ends its lines (CRLF, LF or a
/// lone CR, each one line end): the line the delimiter is judged on, as
/// [`crate::read::detect_delimiter`] judges it. Each line is looked at only as far as the
/// longest row, so a file of one enormous line is named at once, not read through.
fn first_non_blank_line(text: &[u8], complete: bool) -> FirstLine<'_> {
    let mut row = 1;
    let mut at = 0;
    loop {
        let end = memchr::memchr2(b'\n', b'\r', &text[at..]).map(|i| at + i);
        let line = &text[at..end.unwrap_or(text.len())];
        if line.len() > MAX_ROW_BYTES {
            return FirstLine::TooLong(row);
        }
        let line_text = std::str::from_utf8(line).unwrap_or("");
        let blank = line_text.trim().is_empty();
        let Some(end) = end else {
            // The last line: the header if it has something, else there is none.
            return match (complete, blank) {
                (false, _) => FirstLine::More,
                (true, false) => FirstLine::Line(line_text),
                (true, true) => FirstLine::Line(""),
            };
        };
        if !blank {
            return FirstLine::Line(line_text);
        }
        at = end + 1;
        if text[end] == b'\r' && text.get(at) == Some(&b'\n') {
            at += 1;
        }
        row += 1;
    }
}

/// What reading on found.
enum Next {
    /// A row, with its number.
    Row(usize),
    /// A row, with its number, longer than [`MAX_ROW_BYTES`].
    TooLong(usize),
    /// The end of the text.
    End,
    /// The end of what has arrived so far.
    More,
}

/// What reading a quoted row came to.
enum Quoted {
    /// The row, this many bytes of the text.
    Read(usize),
    /// The row may go on in text still to come.
    More,
    /// The row is longer than [`MAX_ROW_BYTES`].
    TooLong,
}

/// The longest row read: 1 MiB, far longer than a row of any submission file or HR extract.
/// A longer one means the file is not CSV text (or has lost its line ends); it gets a message
/// rather than being held, however large, in memory.
pub const MAX_ROW_BYTES: usize = 1 << 20;

impl RowReader {
    /// Decodes the bytes and reads up to the header.
    pub fn new(bytes: &[u8]) -> Result<RowReader, ReadError> {
        Self::shared(Arc::new(bytes.to_vec()))
    }

    /// As [`RowReader::new`], reading the caller's bytes in place when they are UTF-8 (with
    /// or without a byte-order mark): no copy of a large file. CRLF, LF and a lone CR all end
    /// a row; the row count and the cells treat them alike.
    pub fn shared(bytes: Arc<Vec<u8>>) -> Result<RowReader, ReadError> {
        let (text, start, encoding) = match read::decode_lazily(&bytes)? {
            (read::Text::AsIs { start }, encoding) => (bytes, start, encoding),
            (read::Text::Decoded(text), encoding) => (Arc::new(text.into_bytes()), 0, encoding),
        };
        let avail = text.len();
        Self::begin(text, start, encoding, avail, true)?.ok_or(ReadError::Empty)
    }

    /// Reads up to the header of UTF-8 `text[start..avail]`, all of the text when `complete`.
    /// `None` when the header has not all arrived yet, or (when complete) there is none; an
    /// error when the header row is longer than [`MAX_ROW_BYTES`].
    pub(crate) fn begin(
        text: Arc<Vec<u8>>,
        start: usize,
        encoding: Encoding,
        avail: usize,
        complete: bool,
    ) -> Result<Option<RowReader>, ReadError> {
        let first = match first_non_blank_line(&text[start..avail], complete) {
            FirstLine::Line(line) => line,
            FirstLine::TooLong(row) => return Err(ReadError::RowTooLong { row }),
            FirstLine::More => return Ok(None),
        };
        let delimiter = read::detect_delimiter(first);
        let mut quoted = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
        begun(&mut quoted);
        let mut r = RowReader {
            encoding,
            delimiter,
            header: Vec::new(),
            header_row: 0,
            text,
            start,
            avail,
            complete,
            waiting: false,
            pos: start,
            next_row: 1,
            quoted,
            out: Vec::new(),
            ends: Vec::new(),
            in_out: false,
            line: (0, 0),
            cells: Vec::new(),
            irregular_quotes: false,
            odd_quotes: false,
        };
        // As the csv crate does: a second byte-order mark where the text starts is dropped.
        if r.text[start..avail].starts_with(b"\xEF\xBB\xBF") {
            r.pos += 3;
        }
        match r.advance() {
            Next::End | Next::More => Ok(None),
            Next::TooLong(row) => Err(ReadError::RowTooLong { row }),
            Next::Row(number) => {
                let row = r.view(number);
                let mut cells: Vec<String> =
                    (0..row.len()).map(|i| row.get(i).to_owned()).collect();
                while cells.last().is_some_and(|c| c.is_empty()) {
                    cells.pop();
                }
                r.header = cells;
                r.header_row = number;
                Ok(Some(r))
            }
        }
    }

    /// The text, to add to as more arrives: only `text[..avail]` is read.
    pub(crate) fn text_mut(&mut self) -> &mut Arc<Vec<u8>> {
        &mut self.text
    }

    /// More text has arrived: it is UTF-8 up to `avail`, and that is all of it if `complete`.
    pub(crate) fn arrived(&mut self, avail: usize, complete: bool) {
        self.avail = avail;
        self.complete = complete;
        self.waiting = false;
    }

    /// Whether reading stopped at the end of what has arrived so far.
    pub(crate) fn waiting(&self) -> bool {
        self.waiting
    }

    /// Where reading has got to in the text (after the header, until the first row is read).
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    /// The number the next line would have (once the end is reached: one more than the
    /// text's last line, blank or not).
    pub(crate) fn next_number(&self) -> usize {
        self.next_row
    }

    /// Whether every quote read so far was around a whole cell or doubled inside one, so
    /// that a line feed ends a row exactly when an even number of quotes comes before it.
    pub(crate) fn quotes_regular(&self) -> bool {
        !self.irregular_quotes
    }

    /// Whether an odd number of quotes has been read (only rows with a quote hold any).
    pub(crate) fn odd_quotes(&self) -> bool {
        self.odd_quotes
    }

    /// The text as it is so far.
    pub(crate) fn text(&self) -> &Arc<Vec<u8>> {
        &self.text
    }

    /// Whether every row has been read (so `next_row` returning `None` means the end, not
    /// "wait for more").
    pub fn is_complete(&self) -> bool {
        self.complete
    }

    /// The text (the file's bytes, when they were read in place).
    pub(crate) fn into_text(self) -> Arc<Vec<u8>> {
        self.text
    }

    /// Reads the next non-blank row into `cells`. (It cannot fail: the text is UTF-8 in
    /// memory, and csv-core prefers a reading to an error.)
    fn advance(&mut self) -> Next {
        loop {
            let text: &[u8] = &self.text[..self.avail];
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
                if !self.complete {
                    return Next::More;
                }
                self.pos = at;
                // The blank lines at the end count too (for the rows of the text after it, when
                // it is one piece of a file: see `next_number`).
                self.next_row += skipped;
                return Next::End;
            }
            let number = self.next_row + skipped;
            let rest = &text[at..];
            let row_end = match memchr::memchr3(b'\n', b'\r', b'"', rest) {
                Some(i) if rest[i] == b'"' => None,
                Some(i) => Some(i),
                None if self.complete => Some(rest.len()),
                // Text still to come cannot make a row shorter.
                None if rest.len() > MAX_ROW_BYTES => return Next::TooLong(number),
                // The row may go on in text still to come.
                None => return Next::More,
            };
            if row_end.is_some_and(|len| len > MAX_ROW_BYTES) {
                return Next::TooLong(number);
            }
            match row_end {
                Some(len) => {
                    // No quote before the end of the line: the cells are the text between
                    // delimiters, as csv-core would read them.
                    let line = &rest[..len];
                    // A plain loop: cells are short, too short for memchr to pay. The cells'
                    // places overwrite the last row's (most rows have as many cells).
                    let (mut from, mut n) = (0, 0);
                    for (i, &b) in line.iter().enumerate() {
                        if b == self.delimiter {
                            put(&mut self.cells, n, (from, i));
                            n += 1;
                            from = i + 1;
                        }
                    }
                    put(&mut self.cells, n, (from, len));
                    self.cells.truncate(n + 1);
                    self.in_out = false;
                    self.line = (at, at + len);
                    // The line end belongs to the row, as in csv-core (an LF after a CR is
                    // passed over with the blank lines, above).
                    self.pos = (at + len + 1).min(text.len());
                }
                None => match self.read_quoted(at) {
                    Quoted::TooLong => return Next::TooLong(number),
                    Quoted::Read(read) => {
                        let row = &self.text[at..at + read];
                        if !regular_quotes(row, self.delimiter) {
                            self.irregular_quotes = true;
                        }
                        self.odd_quotes ^= memchr::memchr_iter(b'"', row).count() % 2 == 1;
                        self.pos = at + read
                    }
                    Quoted::More => return Next::More,
                },
            }
            self.next_row = number + 1;
            let line = self.row_bytes();
            if self.cells.iter().all(|&(a, b)| is_blank(&line[a..b])) {
                continue;
            }
            return Next::Row(number);
        }
    }

    /// Reads the row at `at`, which has a quote in it, with csv-core: how many bytes it took,
    /// or that it may go on in text still to come, or that it is longer than
    /// [`MAX_ROW_BYTES`] (csv-core is given no more than that and a byte).
    fn read_quoted(&mut self, at: usize) -> Quoted {
        let end = self.avail.min(at.saturating_add(MAX_ROW_BYTES + 1));
        let cut_short = end < self.avail;
        let text: &[u8] = &self.text[..end];
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
                // Past the longest row read, still in the row.
                csv_core::ReadRecordResult::InputEmpty if cut_short || end - at > MAX_ROW_BYTES => {
                    self.quoted.reset();
                    begun(&mut self.quoted);
                    return Quoted::TooLong;
                }
                // At the end of the text, an empty input tells csv-core to finish the row.
                csv_core::ReadRecordResult::InputEmpty if self.complete => {}
                // Read it again from its start when more has arrived.
                csv_core::ReadRecordResult::InputEmpty => {
                    self.quoted.reset();
                    begun(&mut self.quoted);
                    return Quoted::More;
                }
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
        // A quoted cell with a line break inside: CRLF and CR become LF, one line end for
        // every file.
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
        if read > MAX_ROW_BYTES {
            return Quoted::TooLong;
        }
        Quoted::Read(read)
    }

    /// The current row's text: in the file's text, or csv-core's output for a quoted row.
    #[inline(always)]
    fn row_bytes(&self) -> &[u8] {
        let (a, b) = self.line;
        if self.in_out {
            &self.out[a..b]
        } else {
            &self.text[a..b]
        }
    }

    /// The current row.
    #[inline(always)]
    fn view(&self, number: usize) -> RowView<'_> {
        RowView {
            number,
            line: self.row_bytes(),
            cells: &self.cells,
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
    /// (While a file is still arriving, `None` means the end of what has arrived.)
    pub fn next_row(&mut self) -> Result<Option<RowView<'_>>, ReadError> {
        match self.advance() {
            Next::Row(number) => Ok(Some(self.view(number))),
            Next::TooLong(row) => Err(ReadError::RowTooLong { row }),
            Next::End => Ok(None),
            Next::More => {
                self.waiting = true;
                Ok(None)
            }
        }
    }

    /// Reads the rest of the file into a [`Table`], keeping at
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

/// Whether the quotes in one row's text (line end included) are all regular: every cell
/// either has no quote, or starts and ends with one and has only doubled quotes inside. Then
/// quotes come in pairs around the line breaks inside cells, which is what lets a large file
/// be cut into pieces by counting quotes (see [`crate::records::Split`]).
fn regular_quotes(row: &[u8], delimiter: u8) -> bool {
    let mut i = 0;
    loop {
        if row.get(i) == Some(&b'"') {
            // A quoted cell: to its closing quote, past doubled ones.
            i += 1;
            loop {
                match memchr::memchr(b'"', &row[i..]) {
                    None => return false,
                    Some(j) => i += j + 1,
                }
                if row.get(i) != Some(&b'"') {
                    break;
                }
                i += 1;
            }
            match row.get(i) {
                None | Some(b'\n' | b'\r') => return true,
                Some(&b) if b == delimiter => i += 1,
                Some(_) => return false,
            }
        } else {
            // A plain cell: no quote before its end.
            while let Some(&b) = row.get(i) {
                if b == delimiter || b == b'\n' || b == b'\r' {
                    break;
                }
                if b == b'"' {
                    return false;
                }
                i += 1;
            }
            match row.get(i) {
                Some(&b) if b == delimiter => i += 1,
                _ => return true,
            }
        }
    }
}

/// Tells csv-core it has begun reading: it drops a byte-order mark at the start of its first
/// input, and this reader drops one at the start of the text itself (see `begin`).
fn begun(quoted: &mut csv_core::Reader) {
    let _ = quoted.read_record(b"\n", &mut [0; 1], &mut [0; 1]);
}

/// Sets `cells[n]`, one past the end at most.
#[inline(always)]
fn put(cells: &mut Vec<(usize, usize)>, n: usize, cell: (usize, usize)) {
    match cells.get_mut(n) {
        Some(c) => *c = cell,
        None => cells.push(cell),
    }
}

/// Whether a cell is empty once trimmed as [`clean_cell`] trims it.
#[inline(always)]
fn is_blank(cell: &[u8]) -> bool {
    match cell.first() {
        None => true,
        Some(b) if b.is_ascii_graphic() => false,
        _ => std::str::from_utf8(cell).is_ok_and(|c| clean_cell(c).is_empty()),
    }
}

/// The header and the first `max_rows` rows of a file, without reading the rest.
pub fn preview(bytes: &[u8], max_rows: usize) -> Result<Table, ReadError> {
    RowReader::new(bytes)?.into_table(max_rows)
}
