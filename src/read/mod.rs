//! Bytes -> a table of text cells, whatever Excel or an HR system wrote: the one way in for
//! every file the calculator reads. [`open`] decides once whether the bytes are a workbook
//! ([`xlsx`], read straight into a table) or text ([`stream::RowReader`], the one CSV reader,
//! one row at a time for large extracts; [`read_table`] keeps every row).
//!
//! The text reader handles UTF-8 (with or without a byte-order mark), UTF-16 LE/BE with a mark (Excel's
//! "Unicode text"), Windows-1252 (a pound sign saved by an older Excel), comma, semicolon or
//! tab delimiters, CRLF or LF line ends, quoted cells, spaces around cells, blank rows and
//! trailing empty columns. It never panics, whatever the bytes.

use std::fmt;

pub mod stream;
pub mod xlsx;

pub use stream::{preview, RowReader, RowView};

/// Which text encoding the file was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    Utf8,
    Utf8WithBom,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

impl Encoding {
    /// The name a person would recognise.
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8WithBom => "UTF-8 (with byte-order mark)",
            Encoding::Utf16Le => "UTF-16 (little-endian)",
            Encoding::Utf16Be => "UTF-16 (big-endian)",
            Encoding::Windows1252 => "Windows-1252",
        }
    }
}

/// One row of the file, as the spreadsheet numbers it (the header is row 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The row number a spreadsheet shows for this row.
    pub number: usize,
    /// The cells, trimmed of surrounding spaces.
    pub cells: Vec<String>,
}

/// A file read into cells: its header and its non-blank rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub encoding: Encoding,
    pub delimiter: u8,
    /// Header cells, trimmed, with trailing empty ones removed.
    pub header: Vec<String>,
    /// The spreadsheet row number of the header (1 unless blank rows come first).
    pub header_row: usize,
    pub rows: Vec<Row>,
}

impl Table {
    /// The header and rows within `reach` rows of spreadsheet row `row`, each with its row
    /// number: the rows around a problem, found by bisection (rows are in order), not by
    /// looking at every row.
    pub fn around(&self, row: usize, reach: usize) -> Vec<(usize, &[String])> {
        let (first, last) = (row.saturating_sub(reach), row.saturating_add(reach));
        let mut out: Vec<(usize, &[String])> = Vec::new();
        if first <= self.header_row && self.header_row <= last {
            out.push((self.header_row, &self.header));
        }
        let start = self.rows.partition_point(|r| r.number < first);
        out.extend(
            self.rows[start..]
                .iter()
                .take_while(|r| r.number <= last)
                .map(|r| (r.number, r.cells.as_slice())),
        );
        out
    }

    /// The most cells any row (or the header) has.
    pub fn width(&self) -> usize {
        let widest = self.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        self.header.len().max(widest)
    }
}

/// Why a file could not be read as a table at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The file has no bytes, or only blank lines.
    Empty,
    /// The bytes look like a binary file (for example an Excel workbook saved as .xlsx).
    NotText { looks_like: Option<&'static str> },
    /// The CSV parser stopped (in practice: invalid UTF-8 after decoding, which cannot happen).
    Csv { row: usize, detail: String },
    /// A row longer than [`stream::MAX_ROW_BYTES`].
    RowTooLong { row: usize },
    /// A file too large for the web page to hold whole (it could not be counted in pieces).
    TooLargeForPage { size: usize },
    /// The calculator stopped while reading the file (the web page reads a chosen file in a
    /// worker first, and the worker failed): a fault in the calculator, not in the file.
    Stopped,
    /// An Excel workbook that could not be read, or whose sheet must be chosen first.
    Workbook(xlsx::XlsxError),
}

impl From<xlsx::XlsxError> for ReadError {
    fn from(e: xlsx::XlsxError) -> Self {
        ReadError::Workbook(e)
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Empty => write!(
                f,
                "The file is empty. Choose the submission file you saved from your spreadsheet, \
                 or start from the blank template."
            ),
            ReadError::NotText {
                looks_like: Some(kind),
            } => write!(
                f,
                "This looks like {kind}, not a CSV file. In your spreadsheet, choose \"Save as\" \
                 and \"CSV UTF-8 (Comma delimited)\", then choose the saved file."
            ),
            ReadError::NotText { looks_like: None } => write!(
                f,
                "This file is not text, so it cannot be a CSV file. In your spreadsheet, choose \
                 \"Save as\" and \"CSV UTF-8 (Comma delimited)\", then choose the saved file."
            ),
            ReadError::Workbook(e) => e.fmt(f),
            ReadError::TooLargeForPage { size } => write!(
                f,
                "This file is {}, too large for this page to read whole (it could not be \
                 counted in pieces as it was read: it is not UTF-8 text, or has quotes that do \
                 not close). Count it with the command line (scwres aggregate), or save it \
                 again as \"CSV UTF-8 (Comma delimited)\" and choose the saved file.",
                crate::format::bytes(*size)
            ),
            ReadError::Stopped => write!(
                f,
                "This file could not be read: the calculator stopped while reading it. This is \
                 a fault in the calculator, not a problem you made. Your other files and choices \
                 are as they were. Open the file in your spreadsheet, save it again as \"CSV \
                 UTF-8 (Comma delimited)\", and choose the saved file."
            ),
            ReadError::RowTooLong { row } => write!(
                f,
                "Row {row} is longer than {} MB, far longer than a row of counts or of staff \
                 records: the file is probably not a CSV file, or has lost its line ends. Open \
                 it in your spreadsheet and save it again as \"CSV UTF-8 (Comma delimited)\".",
                stream::MAX_ROW_BYTES >> 20
            ),
            ReadError::Csv { row, detail } => {
                write!(
                    f,
                    "Row {row} could not be read ({detail}). Save the file again as CSV."
                )
            }
        }
    }
}

impl std::error::Error for ReadError {}

/// Text found in bytes: the bytes themselves from `start` (valid UTF-8, after any byte-order
/// mark), or decoded into a new string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    AsIs { start: usize },
    Decoded(String),
}

/// Decodes the bytes to text, choosing the encoding from a byte-order mark, else UTF-8 when
/// the bytes are valid UTF-8, else Windows-1252 (what Excel on Windows writes for "CSV").
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), ReadError> {
    let (text, encoding) = decode_lazily(bytes)?;
    let text = match text {
        Text::AsIs { start } => String::from_utf8_lossy(&bytes[start..]).into_owned(),
        Text::Decoded(text) => text,
    };
    Ok((text, encoding))
}

/// As [`decode`], without copying bytes that are UTF-8 already.
pub fn decode_lazily(bytes: &[u8]) -> Result<(Text, Encoding), ReadError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::Empty);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = match std::str::from_utf8(rest) {
            Ok(_) => Text::AsIs { start: 3 },
            Err(_) => Text::Decoded(String::from_utf8_lossy(rest).into_owned()),
        };
        return Ok((text, Encoding::Utf8WithBom));
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return Ok((
            Text::Decoded(decode_utf16(&bytes[2..], u16::from_le_bytes)),
            Encoding::Utf16Le,
        ));
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Ok((
            Text::Decoded(decode_utf16(&bytes[2..], u16::from_be_bytes)),
            Encoding::Utf16Be,
        ));
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(ReadError::NotText {
            looks_like: Some(kind),
        });
    }
    if bytes.contains(&0) {
        return Err(ReadError::NotText { looks_like: None });
    }
    match std::str::from_utf8(bytes) {
        Ok(_) => Ok((Text::AsIs { start: 0 }, Encoding::Utf8)),
        Err(_) => Ok((
            Text::Decoded(decode_windows_1252(bytes)),
            Encoding::Windows1252,
        )),
    }
}

/// UTF-16 code units to text; unpaired surrogates (and an odd last byte) become U+FFFD.
///
/// Written here rather than taken from encoding_rs: that crate's decoder dispatch links every
/// encoding's tables into the web app, several hundred kilobytes for two small decoders.
/// `tests/encodings.rs` checks both decoders against encoding_rs on every input it tries.
pub fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]]));
    let mut text: String = char::decode_utf16(units.clone())
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    // An odd last byte is one more U+FFFD, unless it follows a lead surrogate that already
    // got one (as the Encoding Standard's decoder reports it).
    let ends_in_lead = units
        .clone()
        .next_back()
        .is_some_and(|u| (0xD800..0xDC00).contains(&u));
    if bytes.len() % 2 == 1 && !ends_in_lead {
        text.push(char::REPLACEMENT_CHARACTER);
    }
    text
}

/// Windows-1252 (as the WHATWG Encoding Standard defines it): bytes 0x80 to 0x9F are the
/// characters below; every other byte is the Unicode code point of the same number.
pub fn decode_windows_1252(bytes: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}',
        '\u{017D}', '\u{008F}', '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}',
        '\u{2022}', '\u{2013}', '\u{2014}', '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}',
        '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => HIGH[(b - 0x80) as usize],
            _ => char::from(b),
        })
        .collect()
}

/// Recognises the binary files people most often choose by mistake.
/// Whether the bytes start like a file that is not text (a workbook, a zip file, a PDF).
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    binary_kind(bytes).is_some()
}

fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"PK\x03\x04") {
        Some("an Excel workbook (.xlsx) or another zipped file")
    } else if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        Some("an older Excel workbook (.xls)")
    } else if bytes.starts_with(b"%PDF") {
        Some("a PDF")
    } else {
        None
    }
}

/// Picks the delimiter that splits the first non-blank line into the most cells, counting
/// only characters outside quotes. Ties go to comma, then semicolon, then tab.
pub fn detect_delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    for c in first.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => counts[0] += 1,
            ';' if !in_quotes => counts[1] += 1,
            '\t' if !in_quotes => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b',', b';', b'\t'];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    candidates[best]
}

/// Whether the bytes are an Excel workbook (or an older or protected one, which the workbook
/// reader explains): the one place the calculator decides between its two readers.
pub fn is_workbook(bytes: &[u8]) -> bool {
    xlsx::looks_like_xlsx(bytes) || xlsx::looks_like_ole(bytes)
}

/// Opens any file the calculator reads as a [`Table`]: a CSV (or tab-separated) text file,
/// or one sheet of an Excel workbook: the sheet named (any case), else the one
/// [`xlsx::Workbook::default_sheet`] picks; a workbook with several sheets and none named
/// gives [`xlsx::XlsxError::ChooseSheet`]. Text files ignore `sheet`.
pub fn open(bytes: &[u8], sheet: Option<&str>) -> Result<Table, ReadError> {
    if !is_workbook(bytes) {
        return read_table(bytes);
    }
    let book = xlsx::Workbook::open(bytes)?;
    let index = match sheet {
        Some(name) => book.sheet_index(name)?,
        None => book
            .default_sheet()
            .ok_or_else(|| xlsx::XlsxError::ChooseSheet {
                available: book.sheets().iter().map(|s| s.name.clone()).collect(),
            })?,
    };
    book.sheet_table(index)
}

/// Reads bytes into a [`Table`]. Blank rows are skipped (their numbers still count, as in a
/// spreadsheet), trailing empty header cells are dropped, and every cell is trimmed. The
/// same reader as [`RowReader`], keeping every row.
pub fn read_table(bytes: &[u8]) -> Result<Table, ReadError> {
    RowReader::new(bytes)?.into_table(usize::MAX)
}

/// The spreadsheet letter of a column, from its index counting from 0: A, B, ..., Z, AA, AB.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rows_around_a_row_are_found_by_their_numbers() {
        let table = read_table(b"a,b\n1,2\n\n3,4,5\n6,7\n8,9\n").unwrap();
        let numbers =
            |v: Vec<(usize, &[String])>| v.into_iter().map(|(n, _)| n).collect::<Vec<_>>();
        assert_eq!(numbers(table.around(2, 2)), [1, 2, 4]);
        assert_eq!(numbers(table.around(5, 1)), [4, 5, 6]);
        assert_eq!(numbers(table.around(9, 2)), Vec::<usize>::new());
        assert_eq!(table.around(4, 0)[0].1, ["3", "4", "5"]);
        assert_eq!(table.width(), 3);
    }

    #[test]
    fn column_letters_follow_spreadsheet_order() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn semicolon_and_tab_files_are_detected() {
        assert_eq!(detect_delimiter("a;b;c\n1;2;3"), b';');
        assert_eq!(detect_delimiter("a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter("\"a;b\",c,d"), b',');
    }

    #[test]
    fn a_second_byte_order_mark_keeps_spreadsheet_numbering() {
        let t = read_table("\u{feff}\u{feff}\r\nh1,h2\n\na,b\n".as_bytes()).unwrap();
        assert_eq!((t.header_row, t.rows[0].number), (2, 4));
    }

    #[test]
    fn blank_rows_keep_spreadsheet_numbering() {
        let t = read_table(b"h1,h2,,\r\n\r\na,b\r\n,,\r\nc,d\r\n").unwrap();
        assert_eq!(t.header, vec!["h1", "h2"]);
        assert_eq!(t.rows[0].number, 3);
        assert_eq!(t.rows[1].number, 5);
    }

    #[test]
    fn lf_cr_and_multi_line_cells_keep_spreadsheet_numbering() {
        let numbers = |b: &[u8]| {
            let t = read_table(b).unwrap();
            let mut n = vec![t.header_row];
            n.extend(t.rows.iter().map(|r| r.number));
            n
        };
        assert_eq!(numbers(b"h1,h2\n1,2\n\n3,4\n"), vec![1, 2, 4]);
        assert_eq!(numbers(b"h1,h2\r1,2\r\r3,4"), vec![1, 2, 4]);
        assert_eq!(
            numbers(b"\"h\n1\",h2\r\n\"a\r\nb\",2\r\n3,4\r\n"),
            vec![1, 2, 3]
        );
    }

    #[test]
    fn windows_1252_pound_sign_is_read() {
        let t = read_table(b"band\n\"\xA330,000 and over\"\n").unwrap();
        assert_eq!(t.encoding, Encoding::Windows1252);
        assert_eq!(t.rows[0].cells[0], "\u{a3}30,000 and over");
    }

    #[test]
    fn utf16_with_bom_is_read() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "a\tb\r\n1\t2\r\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let t = read_table(&bytes).unwrap();
        assert_eq!(t.encoding, Encoding::Utf16Le);
        assert_eq!(t.header, vec!["a", "b"]);
        assert_eq!(t.rows[0].cells, vec!["1", "2"]);
    }

    #[test]
    fn xlsx_bytes_get_a_save_as_csv_message() {
        let e = read_table(b"PK\x03\x04rest").unwrap_err();
        assert!(e.to_string().contains("Excel workbook"));
    }
}
