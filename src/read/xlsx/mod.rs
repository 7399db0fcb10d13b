//! Excel workbooks (.xlsx) -> a table of text cells, as the CSV reader makes of a file.
//!
//! A sheet becomes a table whose rows keep their spreadsheet numbers and whose cells keep
//! their columns, so every row number and column letter in a message about the file is the
//! one Excel shows. Numbers come out as Excel stores them ("12",
//! "31250.5"); cells formatted as dates come out as ISO dates ("2024-03-01"), so a leaving
//! date still reads as "yes"; TRUE/FALSE cells as TRUE/FALSE; error cells as their text
//! ("#N/A"), which the checks then report by position.
//!
//! The container is read here (the zip central directory is a few fixed-size records);
//! decompression is miniz_oxide's and the XML is quick-xml's. A general workbook reader
//! (calamine, with the zip crate and every legacy code page) would more than double what the
//! web app downloads for this one job; `tests/xlsx.rs` checks this reader against calamine on
//! workbooks written by rust_xlsxwriter. Older .xls workbooks and password-protected files
//! (both OLE compound files) get a message saying how to save them as .xlsx or CSV.

use std::collections::HashMap;
use std::fmt;

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;

mod dates;
mod sheet;
mod zip;

use super::{Encoding, ReadError, Row, Table};
use dates::{parse_styles, DateKind};
pub use sheet::OUTPUT_MULTIPLE;
use sheet::{dimension_width, parse_sheet, Budget};
use zip::Zip;

/// The largest part (sheet, shared strings) this reader will unpack: 1 GiB, well past
/// Excel's own row limit for the files this calculator reads, and below what a browser tab
/// can hold.
pub const PART_LIMIT: usize = 1 << 30;

/// Why a workbook could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XlsxError {
    /// An OLE compound file: an Excel 97-2003 workbook (.xls) or a password-protected one.
    OldOrProtected,
    /// Not a zip file at all, or one whose directory is damaged.
    NotWorkbook { detail: String },
    /// A zip file without the parts every workbook has (for example a .docx or an .ods).
    MissingPart { part: String },
    /// A part that could not be unpacked or read.
    Damaged { part: String, detail: String },
    /// A part larger than [`PART_LIMIT`] when unpacked.
    TooLarge { part: String },
    /// The workbook lists no sheets.
    NoSheets,
    /// The workbook has several sheets and none was chosen.
    ChooseSheet { available: Vec<String> },
    /// No sheet has the name asked for.
    NoSuchSheet {
        name: String,
        available: Vec<String>,
    },
    /// A cell past Excel's last row or column (`place` says which: "row 4,000,000,000").
    PastExcelLimits { sheet: String, place: String },
    /// Read as a table, the sheet would be more than [`OUTPUT_MULTIPLE`] times its own size.
    SheetTooLarge { sheet: String, size: usize },
}

const SAVE_AS: &str = "In Excel, choose \"Save as\" and \"Excel Workbook (.xlsx)\" or \
                       \"CSV UTF-8 (Comma delimited)\", then choose the saved file.";

impl fmt::Display for XlsxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            XlsxError::OldOrProtected => write!(
                f,
                "This looks like an older Excel workbook (.xls) or a password-protected \
                 workbook, which the calculator cannot open. Remove any password, then \
                 {}",
                SAVE_AS.replacen("In Excel, choose", "in Excel choose", 1)
            ),
            XlsxError::NotWorkbook { detail } => write!(
                f,
                "This file could not be opened as an Excel workbook ({detail}). {SAVE_AS}"
            ),
            XlsxError::MissingPart { part } => write!(
                f,
                "This zipped file is not an Excel workbook (it has no {part}). {SAVE_AS}"
            ),
            XlsxError::Damaged { part, detail } => write!(
                f,
                "Part of this workbook ({part}) could not be read ({detail}). The file may be \
                 damaged. {SAVE_AS}"
            ),
            XlsxError::TooLarge { part } => write!(
                f,
                "Part of this workbook ({part}) is larger than {} MB unpacked, too large to \
                 read here. Save the sheet as \"CSV UTF-8 (Comma delimited)\" and choose that \
                 file instead.",
                PART_LIMIT >> 20
            ),
            XlsxError::NoSheets => write!(f, "This workbook has no sheets. {SAVE_AS}"),
            XlsxError::ChooseSheet { available } => write!(
                f,
                "This workbook has {} sheets: {}. Choose the sheet that holds the data.",
                crate::format::count(available.len() as u64),
                quoted_list(available)
            ),
            XlsxError::NoSuchSheet { name, available } => write!(
                f,
                "This workbook has no sheet called \"{name}\". Its sheets are: {}.",
                quoted_list(available)
            ),
            XlsxError::PastExcelLimits { sheet, place } => write!(
                f,
                "The sheet \"{sheet}\" has a cell at {place}, past Excel's last row \
                 (1,048,576) or column (XFD): the file was not saved by Excel, or is damaged. \
                 Open it in Excel and save it again, or save the sheet as \"CSV UTF-8 (Comma \
                 delimited)\" and choose that file."
            ),
            XlsxError::SheetTooLarge { sheet, size } => write!(
                f,
                "The sheet \"{sheet}\" would be far larger read as a table than its {} in \
                 the file: a value is used in very many cells, or stray cells lie far below or \
                 to the right of the data. Delete the rows and columns around the data (or \
                 copy the data into a new sheet), save, and choose the file again.",
                crate::format::bytes(*size)
            ),
        }
    }
}

impl std::error::Error for XlsxError {}

/// The sheets a message names: all of them, or the first [`SHEETS_LISTED`] and how many
/// more.
fn quoted_list(names: &[String]) -> String {
    let mut list = names
        .iter()
        .take(SHEETS_LISTED)
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHEETS_LISTED {
        list.push_str(&format!(
            " and {} more",
            crate::format::count((names.len() - SHEETS_LISTED) as u64)
        ));
    }
    list
}

/// How many sheets a message or a list of sheets to choose from names, at most.
pub const SHEETS_LISTED: usize = 30;

/// The sheets to choose from when the bytes are a workbook whose sheet must be chosen (see
/// [`Workbook::default_sheet`]); None for anything else, including a workbook that cannot
/// be opened (reading it says why).
pub fn sheets_to_choose(bytes: &[u8]) -> Option<Vec<Sheet>> {
    if !looks_like_xlsx(bytes) {
        return None;
    }
    let book = Workbook::open(bytes).ok()?;
    book.default_sheet().is_none().then(|| book.sheets.clone())
}

/// Whether the bytes start like a zip file (as every .xlsx does).
pub fn looks_like_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Whether the bytes start like an OLE compound file (.xls, or a password-protected .xlsx).
pub fn looks_like_ole(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
}

/// One sheet of a workbook, in the order Excel shows the tabs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub name: String,
    /// Hidden (or "very hidden") in Excel.
    pub hidden: bool,
    /// The sheet's part inside the zip file, e.g. "xl/worksheets/sheet1.xml".
    part: String,
}

/// An opened workbook: its directory, sheets, shared strings and date styles.
#[derive(Debug)]
pub struct Workbook<'a> {
    zip: Zip<'a>,
    sheets: Vec<Sheet>,
    date1904: bool,
    shared: Vec<String>,
    /// The shared strings' length in all.
    shared_bytes: usize,
    /// For each cell style index, whether it shows numbers as a date or time.
    date_styles: Vec<DateKind>,
}

impl<'a> Workbook<'a> {
    /// Opens a workbook: reads the zip directory, the sheet list, the shared strings and the
    /// styles. The sheets themselves are read by [`Workbook::sheet_table`].
    pub fn open(bytes: &'a [u8]) -> Result<Workbook<'a>, XlsxError> {
        if looks_like_ole(bytes) {
            return Err(XlsxError::OldOrProtected);
        }
        let zip = Zip::open(bytes)?;
        let workbook_part = zip.find_workbook_part()?;
        let workbook_xml = zip.read_text(&workbook_part)?;
        let (listed, date1904) =
            parse_workbook(&workbook_xml).map_err(|d| damaged(&workbook_part, d))?;
        let rels_part = rels_path(&workbook_part);
        let rels = match zip.read_text_optional(&rels_part)? {
            Some(xml) => parse_rels(&xml).map_err(|d| damaged(&rels_part, d))?,
            None => Vec::new(),
        };
        let target = |kind: &str| {
            rels.iter()
                .find(|r| r.kind.ends_with(kind))
                .map(|r| resolve_target(&workbook_part, &r.target))
        };
        // Each sheet's part by its relationship's id: looked up, not searched for.
        let mut by_id: HashMap<&str, &Rel> = HashMap::with_capacity(rels.len());
        for r in &rels {
            by_id.entry(r.id.as_str()).or_insert(r);
        }
        let mut sheets = Vec::new();
        for (index, (name, rel_id, hidden)) in listed.into_iter().enumerate() {
            let part = by_id
                .get(rel_id.as_str())
                .map(|r| resolve_target(&workbook_part, &r.target))
                .unwrap_or_else(|| format!("xl/worksheets/sheet{}.xml", index + 1));
            sheets.push(Sheet { name, hidden, part });
        }
        if sheets.is_empty() {
            return Err(XlsxError::NoSheets);
        }
        let shared_part = target("/sharedStrings").unwrap_or_else(|| "xl/sharedStrings.xml".into());
        let shared = match zip.read_text_optional(&shared_part)? {
            Some(xml) => parse_shared_strings(&xml).map_err(|d| damaged(&shared_part, d))?,
            None => Vec::new(),
        };
        let styles_part = target("/styles").unwrap_or_else(|| "xl/styles.xml".into());
        let date_styles = match zip.read_text_optional(&styles_part)? {
            Some(xml) => parse_styles(&xml).map_err(|d| damaged(&styles_part, d))?,
            None => Vec::new(),
        };
        Ok(Workbook {
            zip,
            sheets,
            date1904,
            shared_bytes: shared.iter().map(String::len).sum(),
            shared,
            date_styles,
        })
    }

    /// The sheets, in tab order.
    pub fn sheets(&self) -> &[Sheet] {
        &self.sheets
    }

    /// The sheet to read when none is named: the only sheet, or the only one not hidden.
    pub fn default_sheet(&self) -> Option<usize> {
        if self.sheets.len() == 1 {
            return Some(0);
        }
        let mut visible = (0..self.sheets.len()).filter(|&i| !self.sheets[i].hidden);
        match (visible.next(), visible.next()) {
            (Some(i), None) => Some(i),
            _ => None,
        }
    }

    /// The index of the sheet with this name (compared without regard to case).
    pub fn sheet_index(&self, name: &str) -> Result<usize, XlsxError> {
        self.sheets
            .iter()
            .position(|s| s.name.eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| XlsxError::NoSuchSheet {
                name: name.to_owned(),
                available: self.sheets.iter().map(|s| s.name.clone()).collect(),
            })
    }

    /// The cells of the sheet at `index` as Excel stores them: each row that has a value
    /// (its number and its cells' columns and text), in sheet order, rows out of order or
    /// repeated (Excel never writes them) left out; and the width its `<dimension>` gives,
    /// if it gives one Excel could have written.
    pub fn sheet_cells(&self, index: usize) -> Result<SheetCells, XlsxError> {
        let sheet = self.sheets.get(index).ok_or(XlsxError::NoSheets)?;
        let xml = self.zip.read_text(&sheet.part)?;
        let width = dimension_width(&xml).filter(|&w| w <= MAX_COLUMNS);
        let mut rows: Vec<(usize, Vec<(usize, String)>)> = Vec::new();
        let mut next_row = 1usize;
        let mut budget = Budget::new(sheet, &xml, self.shared_bytes);
        parse_sheet(&xml, self, sheet, &mut budget, |number, cells| {
            if number >= next_row {
                rows.push((number, cells.to_vec()));
                next_row = number + 1;
            }
        })?;
        Ok(SheetCells {
            width,
            rows,
            left: budget.left,
            size: budget.size,
        })
    }

    /// The sheet at `index` as a [`Table`], read as the CSV reader reads a file: every row
    /// as wide as the widest (as when Excel saves a sheet as CSV, a row's empty cells on the
    /// right are cells all the same), cells trimmed and their line breaks made LF, blank
    /// rows skipped (their numbers still count), the first row with a value the header.
    /// Row numbers and column letters are the ones Excel shows.
    pub fn sheet_table(&self, index: usize) -> Result<Table, ReadError> {
        let cells = self.sheet_cells(index)?;
        let widest = cells
            .rows
            .iter()
            .flat_map(|(_, r)| r.iter().map(|(c, _)| c + 1));
        let width = widest.chain(cells.width).max().unwrap_or(0);
        // The empty cells padding every row out to the widest come out of the same budget.
        if cells.rows.len().saturating_mul(width) > cells.left {
            return Err(ReadError::Workbook(XlsxError::SheetTooLarge {
                sheet: self.sheets[index].name.clone(),
                size: cells.size,
            }));
        }
        let mut width = cells.width.unwrap_or(0);
        let mut header: Option<(usize, Vec<String>)> = None;
        let mut rows: Vec<Row> = Vec::new();
        for (number, stored) in cells.rows {
            let used = stored.iter().map(|(c, _)| c + 1).max().unwrap_or(0);
            let mut line = vec![String::new(); used];
            for (column, text) in stored {
                let text = text.replace("\r\n", "\n").replace('\r', "\n");
                line[column] = crate::read::stream::clean_cell(&text).to_owned();
            }
            width = width.max(line.len());
            if line.iter().all(String::is_empty) {
                continue;
            }
            if header.is_none() {
                while line.last().is_some_and(String::is_empty) {
                    line.pop();
                }
                header = Some((number, line));
            } else {
                rows.push(Row {
                    number,
                    cells: line,
                });
            }
        }
        for row in &mut rows {
            row.cells.resize(width, String::new());
        }
        let (header_row, header) = header.ok_or(ReadError::Empty)?;
        Ok(Table {
            encoding: Encoding::Utf8,
            delimiter: b',',
            header,
            header_row,
            rows,
        })
    }
}

/// A sheet's cells as stored (see [`Workbook::sheet_cells`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SheetCells {
    /// The width the sheet's `<dimension>` gives.
    pub width: Option<usize>,
    /// Each row with a value: its number, and its cells' columns (from 0) and text.
    pub rows: Vec<(usize, Vec<(usize, String)>)>,
    /// What a table made of them may still hold (see [`OUTPUT_MULTIPLE`]).
    left: usize,
    /// The sheet's unpacked size, XML and shared strings.
    size: usize,
}

/// Excel's widest sheet: columns A to XFD.
pub const MAX_COLUMNS: usize = 16_384;

/// Excel's longest sheet: rows 1 to 1,048,576.
pub const MAX_ROWS: usize = 1_048_576;

fn damaged(part: &str, detail: impl Into<String>) -> XlsxError {
    XlsxError::Damaged {
        part: part.to_owned(),
        detail: detail.into(),
    }
}

/// "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels".
fn rels_path(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// A relationship target, relative to the part that names it (or absolute from the root).
fn resolve_target(from: &str, target: &str) -> String {
    if let Some(absolute) = target.strip_prefix('/') {
        return absolute.to_owned();
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for piece in target.split('/') {
        match piece {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

// ---------------------------------------------------------------------------------------
// The XML parts.

fn reader(xml: &str) -> Reader<&[u8]> {
    let mut r = Reader::from_str(xml);
    r.config_mut().check_end_names = false;
    r
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// The attribute `r:id` (any prefix, the relationships namespace) of a `<sheet>`.
fn rel_id(e: &BytesStart<'_>) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == "id" && a.key.prefix().is_some())
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn push_ref(out: &mut String, r: &BytesRef<'_>) {
    if r.is_char_ref() {
        if let Ok(Some(c)) = r.resolve_char_ref() {
            out.push(c);
        }
    } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&r.xml10_content()) {
        out.push_str(s);
    }
}

type SheetList = (Vec<(String, String, bool)>, bool);

fn parse_workbook(xml: &str) -> Result<SheetList, String> {
    let mut r = reader(xml);
    let mut sheets = Vec::new();
    let mut date1904 = false;
    loop {
        match r.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "sheet" => {
                    let name = attr(&e, "name").unwrap_or_default();
                    let hidden = attr(&e, "state").is_some_and(|s| s != "visible");
                    sheets.push((name, rel_id(&e).unwrap_or_default(), hidden));
                }
                "workbookPr" => {
                    date1904 = attr(&e, "date1904").is_some_and(|v| v == "1" || v == "true");
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok((sheets, date1904))
}

#[derive(Debug)]
struct Rel {
    id: String,
    kind: String,
    target: String,
}

fn parse_rels(xml: &str) -> Result<Vec<Rel>, String> {
    let mut r = reader(xml);
    let mut rels = Vec::new();
    loop {
        match r.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                rels.push(Rel {
                    id: attr(&e, "Id").unwrap_or_default(),
                    kind: attr(&e, "Type").unwrap_or_default(),
                    target: attr(&e, "Target").unwrap_or_default(),
                });
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(rels)
}

/// Excel's escape for characters XML cannot hold: `_x000D_` is a carriage return.
fn unescape_ooxml(s: String) -> String {
    if !s.contains("_x") {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(at) = rest.find("_x") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let code = tail
            .get(2..6)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()) && tail.get(6..7) == Some("_"))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32);
        match code {
            Some(c) => {
                out.push(c);
                rest = &tail[7..];
            }
            None => {
                out.push_str("_x");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text of each `<si>`: its `<t>` runs joined, phonetic guides (`<rPh>`) left out.
fn parse_shared_strings(xml: &str) -> Result<Vec<String>, String> {
    let mut r = reader(xml);
    let mut out = Vec::new();
    let mut current = String::new();
    let (mut in_si, mut in_t, mut in_phonetic) = (false, false, false);
    loop {
        match r.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => match e.local_name().as_ref() {
                "si" => {
                    in_si = true;
                    current.clear();
                }
                "t" => in_t = true,
                "rPh" => in_phonetic = true,
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == "si" => out.push(String::new()),
            Event::End(e) => match e.local_name().as_ref() {
                "si" => {
                    in_si = false;
                    out.push(unescape_ooxml(std::mem::take(&mut current)));
                }
                "t" => in_t = false,
                "rPh" => in_phonetic = false,
                _ => {}
            },
            Event::Text(t) if in_si && in_t && !in_phonetic => current.push_str(&t.xml10_content()),
            Event::CData(t) if in_si && in_t && !in_phonetic => {
                current.push_str(&t.xml10_content())
            }
            Event::GeneralRef(g) if in_si && in_t && !in_phonetic => push_ref(&mut current, &g),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::dates::{classify_format, serial_to_text};
    use super::sheet::column_of;
    use super::*;

    #[test]
    fn date_serials_match_excel() {
        let d = |s: f64| serial_to_text(s, DateKind::Date, false).unwrap();
        assert_eq!(d(1.0), "1900-01-01");
        assert_eq!(d(59.0), "1900-02-28");
        assert_eq!(d(60.0), "1900-02-29");
        assert_eq!(d(61.0), "1900-03-01");
        assert_eq!(d(25_569.0), "1970-01-01");
        assert_eq!(d(45_292.0), "2024-01-01");
        assert_eq!(d(45_351.0), "2024-02-29");
        assert_eq!(
            serial_to_text(0.0, DateKind::Date, true).unwrap(),
            "1904-01-01"
        );
        assert_eq!(
            serial_to_text(45_292.5, DateKind::DateTime, false).unwrap(),
            "2024-01-01 12:00:00"
        );
        assert_eq!(
            serial_to_text(0.75, DateKind::Time, false).unwrap(),
            "18:00:00"
        );
        assert_eq!(serial_to_text(-1.0, DateKind::Date, false), None);
    }

    #[test]
    fn number_formats_are_classified() {
        for code in [
            "dd/mm/yyyy",
            "d-mmm-yy",
            "[$-809]dd mmmm yyyy",
            "mmm-yy",
            "yyyy-mm-dd;@",
        ] {
            assert_eq!(classify_format(code), DateKind::Date, "{code}");
        }
        for code in ["h:mm", "[h]:mm:ss", "mm:ss"] {
            assert_eq!(classify_format(code), DateKind::Time, "{code}");
        }
        assert_eq!(classify_format("dd/mm/yyyy hh:mm"), DateKind::DateTime);
        for code in [
            "General",
            "0.00",
            "#,##0",
            "\u{a3}#,##0.00",
            "0%",
            "_-* #,##0_-;-* #,##0_-",
            "\"Yes\";\"Yes\";\"No\"",
            "[Red]0.00",
        ] {
            assert_eq!(classify_format(code), DateKind::Number, "{code}");
        }
    }

    #[test]
    fn cell_references() {
        assert_eq!(column_of("A1"), Some(0));
        assert_eq!(column_of("Z9"), Some(25));
        assert_eq!(column_of("AA10"), Some(26));
        assert_eq!(column_of("XFD1048576"), Some(16_383));
        assert_eq!(column_of("12"), None);
    }

    #[test]
    fn ooxml_escapes() {
        assert_eq!(unescape_ooxml("a_x000D_b".into()), "a\rb");
        assert_eq!(unescape_ooxml("_x_y_x00".into()), "_x_y_x00");
    }

    #[test]
    fn relationship_targets() {
        assert_eq!(
            resolve_target("xl/workbook.xml", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve_target("xl/workbook.xml", "/xl/worksheets/s.xml"),
            "xl/worksheets/s.xml"
        );
        assert_eq!(
            resolve_target("xl/workbook.xml", "../other/s.xml"),
            "other/s.xml"
        );
        assert_eq!(rels_path("xl/workbook.xml"), "xl/_rels/workbook.xml.rels");
    }

    #[test]
    fn not_a_workbook() {
        assert_eq!(
            Workbook::open(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest").unwrap_err(),
            XlsxError::OldOrProtected
        );
        assert!(matches!(
            Workbook::open(b"PK\x03\x04 cut short").unwrap_err(),
            XlsxError::NotWorkbook { .. }
        ));
    }
}
