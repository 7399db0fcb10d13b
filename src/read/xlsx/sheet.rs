//! A worksheet's XML -> its rows of cells, within Excel's own limits and the size a sheet may
//! grow to when read ([`OUTPUT_MULTIPLE`]): cells' columns, types, styles and text.

use quick_xml::events::{BytesStart, Event};

use super::dates::{number_text, DateKind};
use super::{
    attr, damaged, push_ref, reader, unescape_ooxml, Sheet, Workbook, XlsxError, MAX_COLUMNS,
    MAX_ROWS,
};

/// A sheet read as a table holds at most this many times the sheet's own unpacked size (its
/// XML and the shared strings): its values' text, plus one for each cell, empty cells the
/// table pads rows with included. A real sheet's cells each take far more XML than that.
pub const OUTPUT_MULTIPLE: usize = 4;

/// How much a sheet may still make, as [`OUTPUT_MULTIPLE`] allows.
pub(super) struct Budget {
    pub(super) left: usize,
    sheet: String,
    pub(super) size: usize,
}

impl Budget {
    pub(super) fn new(sheet: &Sheet, xml: &str, shared_bytes: usize) -> Budget {
        let size = xml.len() + shared_bytes;
        Budget {
            left: OUTPUT_MULTIPLE.saturating_mul(size).saturating_add(1 << 16),
            sheet: sheet.name.clone(),
            size,
        }
    }

    /// Takes `n` from what is left, or says the sheet is too large.
    pub(super) fn spend(&mut self, n: usize) -> Result<(), XlsxError> {
        self.left = self
            .left
            .checked_sub(n)
            .ok_or_else(|| XlsxError::SheetTooLarge {
                sheet: self.sheet.clone(),
                size: self.size,
            })?;
        Ok(())
    }
}

/// The zero-based column of a cell reference such as "AB12".
pub(super) fn column_of(reference: &str) -> Option<usize> {
    let letters: Vec<u8> = reference
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .collect();
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut n = 0usize;
    for b in letters {
        n = n * 26 + (b.to_ascii_uppercase() - b'A' + 1) as usize;
    }
    Some(n - 1)
}

/// The number of columns a sheet's `<dimension ref="A1:J200">` spans, if it has one.
pub(super) fn dimension_width(xml: &str) -> Option<usize> {
    let mut r = reader(xml);
    loop {
        match r.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "dimension" => {
                    let range = attr(&e, "ref")?;
                    let last = range.rsplit(':').next()?;
                    return column_of(last).map(|c| c + 1);
                }
                "sheetData" => return None,
                _ => {}
            },
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// Calls `on_row` with each row of a worksheet that has a value (its number and its cells'
/// columns and text), in sheet order.
pub(super) fn parse_sheet(
    xml: &str,
    book: &Workbook<'_>,
    sheet: &Sheet,
    budget: &mut Budget,
    mut on_row: impl FnMut(usize, &[(usize, String)]),
) -> Result<(), XlsxError> {
    // A row or column past Excel's own is named, before anything is made of it.
    let within = |row: usize, column: usize| {
        let place = if row > MAX_ROWS {
            format!("row {}", crate::format::count(row as u64))
        } else if column >= MAX_COLUMNS {
            format!("row {row}, column {}", crate::read::column_letter(column))
        } else {
            return Ok(());
        };
        Err(XlsxError::PastExcelLimits {
            sheet: sheet.name.clone(),
            place,
        })
    };
    let mut r = reader(xml);
    let mut row_number = 0usize;
    let mut cells: Vec<(usize, String)> = Vec::new();
    let mut in_row = false;
    // The cell being read: column, type, style, text of <v> or of <is><t>.
    let mut column = 0usize;
    let mut kind = String::new();
    let mut style = 0usize;
    let mut value = String::new();
    let (mut in_cell, mut in_v, mut in_t, mut in_phonetic) = (false, false, false, false);
    loop {
        let event = r
            .read_event()
            .map_err(|e| damaged(&sheet.part, e.to_string()))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "row" => {
                    row_number = row_attr(&e, row_number);
                    within(row_number, 0)?;
                    cells.clear();
                    in_row = true;
                }
                "c" => {
                    start_cell(&e, &cells, &mut column, &mut kind, &mut style);
                    within(row_number, column)?;
                    value.clear();
                    in_cell = true;
                }
                "v" => in_v = true,
                "t" => in_t = true,
                "rPh" => in_phonetic = true,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                // An empty row: it only moves the count on.
                "row" => {
                    row_number = row_attr(&e, row_number);
                    within(row_number, 0)?;
                }
                "c" => {
                    // A cell with a style and no value: it takes its column and nothing more.
                    start_cell(&e, &cells, &mut column, &mut kind, &mut style);
                    within(row_number, column)?;
                    budget.spend(1)?;
                    cells.push((column, String::new()));
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "row" => {
                    if cells.iter().any(|(_, t)| !t.is_empty()) {
                        on_row(row_number, &cells);
                    }
                    cells.clear();
                    in_row = false;
                }
                "c" => {
                    let text = cell_text(&kind, style, std::mem::take(&mut value), book);
                    budget.spend(1 + text.len())?;
                    if in_row {
                        cells.push((column, text));
                    }
                    in_cell = false;
                }
                "v" => in_v = false,
                "t" => in_t = false,
                "rPh" => in_phonetic = false,
                _ => {}
            },
            Event::Text(t) if in_cell && (in_v || (in_t && !in_phonetic)) => {
                value.push_str(&t.xml10_content())
            }
            Event::CData(t) if in_cell && (in_v || (in_t && !in_phonetic)) => {
                value.push_str(&t.xml10_content())
            }
            Event::GeneralRef(g) if in_cell && (in_v || (in_t && !in_phonetic)) => {
                push_ref(&mut value, &g)
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(())
}

/// A `<row>`'s number: its `r` attribute, else the row after the last one.
fn row_attr(e: &BytesStart<'_>, last: usize) -> usize {
    attr(e, "r")
        .and_then(|v| v.parse().ok())
        .unwrap_or(last + 1)
}

/// Reads a `<c>` element's position, type and style, in one pass over its attributes and
/// without allocating (a sheet can have millions of cells).
fn start_cell(
    e: &BytesStart<'_>,
    cells: &[(usize, String)],
    column: &mut usize,
    kind: &mut String,
    style: &mut usize,
) {
    let mut at = None;
    kind.clear();
    *style = 0;
    for a in e.attributes().with_checks(false).flatten() {
        match a.key.local_name().as_ref() {
            "r" => at = column_of(&a.value),
            "t" => kind.push_str(&a.value),
            "s" => *style = a.value.parse().unwrap_or(0),
            _ => {}
        }
    }
    *column = at.unwrap_or_else(|| cells.last().map_or(0, |(c, _)| c + 1));
}

/// A cell's text as the calculator should read it.
fn cell_text(kind: &str, style: usize, value: String, book: &Workbook<'_>) -> String {
    match kind {
        "s" => value
            .trim()
            .parse::<usize>()
            .ok()
            .and_then(|i| book.shared.get(i).cloned())
            .unwrap_or_default(),
        "inlineStr" | "str" => unescape_ooxml(value),
        "b" => match value.trim() {
            "1" => "TRUE".into(),
            "0" => "FALSE".into(),
            other => other.to_owned(),
        },
        "e" => value,
        // An ISO 8601 date cell (t="d"), as Excel writes in strict mode.
        "d" => value,
        _ => {
            let kind = book
                .date_styles
                .get(style)
                .copied()
                .unwrap_or(DateKind::Number);
            number_text(value.trim(), kind, book.date1904)
        }
    }
}
