//! Rows -> a validated [`Submission`], or positioned messages saying exactly what is wrong,
//! where (spreadsheet row, column letter, header) and how to fix it.
//!
//! The file format (v1) is documented in docs/submission-format.md.

use std::collections::{hash_map, BTreeMap, HashMap};

use serde::ser::SerializeMap;

use crate::diag::{self, Code, Diagnostic, Severity};
use crate::ethnicity::{self, normalise, EthnicityColumn, Grouping, CENSUS_CATEGORIES};
use crate::metrics::MetricId;
use crate::model::{
    band_key, Counts, Entry, EthnicityForm, Measure, PayBand, Submission, Workforce, WorkforceData,
    MAX_PAY_BANDS,
};
use crate::read::{self, Table};

mod cautions;
mod counts;

use cautions::warnings;
use counts::{count_message, parse_count};

/// The largest submission file read: one of counts has a few dozen rows, a few kilobytes.
pub const MAX_FILE_BYTES: usize = 1 << 20;

/// The declaration rate (known ethnicity / all) below which the file gets a warning.
pub const DECLARATION_THRESHOLD: f64 = 0.90;

/// What a submission file's message is about, beyond its place.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct About {
    pub workforce: Option<Workforce>,
    /// The metrics this message affects.
    pub metrics: Vec<MetricId>,
}

impl diag::About for About {
    fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        if let Some(w) = self.workforce {
            map.serialize_entry("workforce", &w)?;
        }
        if !self.metrics.is_empty() {
            map.serialize_entry("metrics", &self.metrics)?;
        }
        Ok(())
    }
}

/// One problem with a submission file (or the grid of counts), positioned like a spreadsheet
/// shows it.
pub type Message = Diagnostic<About>;

impl Message {
    fn for_workforce(mut self, w: Workforce) -> Self {
        self.about.workforce = Some(w);
        self
    }

    fn affecting(mut self, metrics: Vec<MetricId>) -> Self {
        self.about.metrics = metrics;
        self
    }
}

/// What checking a file produced: the table as read (for showing the rows around a problem),
/// the submission when there are no errors, and every message, errors first, then by row.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub table: Option<Table>,
    pub submission: Option<Submission>,
    pub messages: Vec<Message>,
}

impl Parsed {
    pub fn errors(&self) -> impl Iterator<Item = &Message> {
        self.messages
            .iter()
            .filter(|m| m.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Message> {
        self.messages
            .iter()
            .filter(|m| m.severity == Severity::Warning)
    }
}

/// Where each kind of column sits in the header.
struct Layout {
    workforce: usize,
    measure: usize,
    pay_band: usize,
    form: EthnicityForm,
    /// (column index, what it holds)
    ethnicity: Vec<(usize, EthnicityColumn)>,
    /// The header cells, for naming columns in messages.
    headers: Vec<String>,
}

impl Layout {
    /// The index and header of the column holding `kind`, if the file has one.
    fn column(&self, kind: EthnicityColumn) -> Option<(usize, &str)> {
        self.ethnicity
            .iter()
            .find(|(_, k)| *k == kind)
            .map(|(i, _)| (*i, self.headers[*i].as_str()))
    }
}

const WORKFORCE_HEADERS: &[&str] = &["workforce", "service", "social_care_workforce"];
const MEASURE_HEADERS: &[&str] = &["measure", "row_type", "count_of", "item"];
const PAY_BAND_HEADERS: &[&str] = &["pay_band", "band", "salary_band", "payband"];

/// Reads and checks a submission file: CSV, or an Excel workbook with one sheet (or one
/// visible sheet). For a workbook with several, see [`parse_sheet`].
pub fn parse(bytes: &[u8]) -> Parsed {
    parse_sheet(bytes, None)
}

/// Reads and checks a submission file; for an Excel workbook, the sheet named (see
/// [`crate::read::open`]). CSV files ignore `sheet`.
pub fn parse_sheet(bytes: &[u8], sheet: Option<&str>) -> Parsed {
    if bytes.len() > MAX_FILE_BYTES {
        return too_large(bytes.len());
    }
    match read::open(bytes, sheet) {
        Ok(table) => check_table(table),
        Err(e) => unreadable(e),
    }
}

/// Checks a table of cells already read (from a file, or built from the grid of counts):
/// messages point at its row numbers and columns.
pub fn check_table(table: Table) -> Parsed {
    let mut messages = Vec::new();
    let submission = match layout(&table, &mut messages) {
        Some(layout) => check_rows(&table, &layout, &mut messages),
        None => None,
    };
    messages.sort_by_key(|m| (m.severity, m.row.unwrap_or(0), m.column_index.unwrap_or(0)));
    Parsed {
        table: Some(table),
        submission,
        messages,
    }
}

/// The result for a file of `size` bytes, too large to be a submission file (more than
/// [`MAX_FILE_BYTES`]), before anything is read.
pub fn too_large(size: usize) -> Parsed {
    let text = format!(
        "This file is {}. A submission file holds counts (a few dozen rows, a few \
         kilobytes), so this is probably something else. If it is an HR extract, with one row \
         per person, count it with \"Count it from your HR extracts\" (on the command line, \
         scwres aggregate); otherwise choose the submission file, or start from the blank \
         template.",
        crate::format::bytes(size)
    );
    Parsed {
        table: None,
        submission: None,
        messages: vec![Message::error(Code::FileTooLarge, text)],
    }
}

/// The result for a file the calculator stopped on while reading it (the web page reads a
/// file in a worker first, and the worker failed): a fault in the calculator, not the file.
pub fn stopped() -> Parsed {
    unreadable(read::ReadError::Stopped)
}

/// The result for a file that could not be read as a table at all.
pub fn unreadable(e: read::ReadError) -> Parsed {
    let mut m = Message::error(Code::from(&e), e.to_string());
    if let read::ReadError::Csv { row, .. } = e {
        m = m.at_row(row);
    }
    Parsed {
        table: None,
        submission: None,
        messages: vec![m],
    }
}

/// Finds the columns, or says which are missing, unknown or repeated.
fn layout(table: &Table, messages: &mut Vec<Message>) -> Option<Layout> {
    let hr = table.header_row;
    let mut workforce = None;
    let mut measure = None;
    let mut pay_band = None;
    let mut ethnicity: Vec<(usize, EthnicityColumn)> = Vec::new();
    let before = messages.len();
    for (i, h) in table.header.iter().enumerate() {
        let n = normalise(h);
        let slot = if WORKFORCE_HEADERS.contains(&n.as_str()) {
            Some(&mut workforce)
        } else if MEASURE_HEADERS.contains(&n.as_str()) {
            Some(&mut measure)
        } else if PAY_BAND_HEADERS.contains(&n.as_str()) {
            Some(&mut pay_band)
        } else {
            None
        };
        if let Some(slot) = slot {
            if slot.is_some() {
                messages.push(duplicate_column(hr, i, h));
            } else {
                *slot = Some(i);
            }
            continue;
        }
        match ethnicity::recognise(h) {
            Some(kind) => {
                if ethnicity.iter().any(|(_, k)| *k == kind) {
                    messages.push(duplicate_column(hr, i, h));
                } else {
                    ethnicity.push((i, kind));
                }
            }
            None if h.is_empty() => messages.push(
                Message::error(
                    Code::UnknownColumn,
                    "This column has no header. Give it the name of an ethnicity column, \
                     or delete the column if it is not needed.",
                )
                .at_cell(hr, i, h),
            ),
            None => messages.push(
                Message::error(
                    Code::UnknownColumn,
                    format!(
                        "\"{h}\" is not a column this calculator knows. Ethnicity columns are \
                         either white, minority_ethnic and not_known, or the 19 census \
                         categories (such as white_british, asian_indian, black_african) and \
                         not_known: see the blank template. Rename the column, or delete it \
                         if it is not needed."
                    ),
                )
                .at_cell(hr, i, h)
                .with_value(h),
            ),
        }
    }

    let mut missing: Vec<String> = Vec::new();
    for (slot, name) in [
        (workforce, "workforce"),
        (measure, "measure"),
        (pay_band, "pay_band"),
    ] {
        if slot.is_none() {
            missing.push(name.to_owned());
        }
    }
    let broad = ethnicity
        .iter()
        .any(|(_, k)| matches!(k, EthnicityColumn::White | EthnicityColumn::MinorityEthnic));
    let census = ethnicity
        .iter()
        .any(|(_, k)| matches!(k, EthnicityColumn::Census(_)));
    let has = |k: EthnicityColumn| ethnicity.iter().any(|(_, e)| *e == k);
    let form = if broad && census {
        messages.push(
            Message::error(
                Code::MixedEthnicityForms,
                "The header mixes the broad ethnicity columns (white, minority_ethnic) with \
                 census category columns. Use one form: either white, minority_ethnic and \
                 not_known, or all 19 census categories and not_known.",
            )
            .at_row(hr),
        );
        EthnicityForm::Broad
    } else if census {
        for c in CENSUS_CATEGORIES.iter().enumerate() {
            if !has(EthnicityColumn::Census(c.0)) {
                missing.push(c.1.key.to_owned());
            }
        }
        EthnicityForm::Census
    } else {
        for (k, name) in [
            (EthnicityColumn::White, "white"),
            (EthnicityColumn::MinorityEthnic, "minority_ethnic"),
        ] {
            if !has(k) {
                missing.push(name.to_owned());
            }
        }
        EthnicityForm::Broad
    };
    if !has(EthnicityColumn::NotKnown) {
        missing.push("not_known".to_owned());
    }
    if !missing.is_empty() {
        let (noun, verb) = if missing.len() == 1 {
            ("column", "is")
        } else {
            ("columns", "are")
        };
        messages.push(
            Message::error(
                Code::MissingColumn,
                format!(
                    "The {noun} {} {verb} missing from the header (row {hr}). The header must \
                     be workforce, measure, pay_band, then the ethnicity columns: copy it from \
                     the blank template.",
                    missing.join(", ")
                ),
            )
            .at_row(hr)
            .with_value(&missing.join(", ")),
        );
    }
    if messages.len() > before {
        return None;
    }
    Some(Layout {
        workforce: workforce?,
        measure: measure?,
        pay_band: pay_band?,
        form,
        ethnicity,
        headers: table.header.clone(),
    })
}

fn duplicate_column(row: usize, column: usize, header: &str) -> Message {
    Message::error(
        Code::DuplicateColumn,
        format!(
            "The column \"{header}\" appears more than once. Keep one of them (add the counts \
             together if both hold some) and delete the other."
        ),
    )
    .at_cell(row, column, header)
    .with_value(header)
}

/// Checks every data row and assembles the submission.
fn check_rows(table: &Table, layout: &Layout, messages: &mut Vec<Message>) -> Option<Submission> {
    let header = &table.header;
    let width = header.len();
    let mut data: BTreeMap<Workforce, WorkforceData> = BTreeMap::new();
    // Each pay band's first row, by workforce and name as compared (see `band_key`).
    let mut band_rows: HashMap<(Workforce, String), usize> = HashMap::new();
    let mut too_many_bands: Vec<Workforce> = Vec::new();
    let mut any_rows = false;
    for row in &table.rows {
        any_rows = true;
        let r = row.number;
        let filled = row
            .cells
            .iter()
            .rposition(|c| !c.is_empty())
            .map_or(0, |i| i + 1);
        if filled > width {
            // Point at the first extra value, not at an empty cell before it.
            let extra = (width..filled)
                .find(|&i| !row.cells[i].is_empty())
                .unwrap_or(width);
            messages.push(
                Message::error(
                    Code::WrongCellCount,
                    format!(
                        "This row has {filled} cells but the header has {width} columns. Check \
                         for an extra value or a stray delimiter (a comma inside a number needs \
                         the cell in quotes, or no comma)."
                    ),
                )
                .at_cell(r, extra, "")
                .with_value(&row.cells[extra]),
            );
            continue;
        }
        if row.cells.len() < width {
            messages.push(
                Message::error(
                    Code::WrongCellCount,
                    format!(
                        "This row has {} cells but the header has {width} columns. Fill in the \
                         missing cells (0 where there were none).",
                        row.cells.len()
                    ),
                )
                // Point at the first missing cell.
                .at_cell(r, row.cells.len(), &header[row.cells.len()]),
            );
            continue;
        }
        let cell = |i: usize| row.cells[i].as_str();
        let mut ok = true;
        let workforce = Workforce::parse(cell(layout.workforce));
        if workforce.is_none() {
            ok = false;
            let v = cell(layout.workforce);
            let text = if v.is_empty() {
                "The workforce is empty. Enter adults or children.".to_owned()
            } else {
                format!("\"{v}\" is not a workforce. Enter adults or children.")
            };
            messages.push(
                Message::error(Code::UnknownWorkforce, text)
                    .at_cell(r, layout.workforce, &header[layout.workforce])
                    .with_value(v),
            );
        }
        let measure = Measure::parse(cell(layout.measure));
        if measure.is_none() {
            ok = false;
            let v = cell(layout.measure);
            let names: Vec<&str> = Measure::ALL.iter().map(|m| m.key()).collect();
            let text = if v.is_empty() {
                format!("The measure is empty. Enter one of: {}.", names.join(", "))
            } else {
                format!(
                    "\"{v}\" is not a measure this calculator knows. Use one of: {}.",
                    names.join(", ")
                )
            };
            messages.push(
                Message::error(Code::UnknownMeasure, text)
                    .at_cell(r, layout.measure, &header[layout.measure])
                    .with_value(v),
            );
        }
        let band = cell(layout.pay_band);
        if measure == Some(Measure::Staff) && band.is_empty() {
            ok = false;
            messages.push(
                Message::error(
                    Code::MissingPayBand,
                    "A staff row needs the name of its pay band, such as \"Under £30,000\". \
                     Add one staff row for each pay band.",
                )
                .at_cell(r, layout.pay_band, &header[layout.pay_band]),
            );
        }
        if measure.is_some_and(|m| m != Measure::Staff) && !band.is_empty() {
            messages.push(
                Message::warning(
                    Code::PayBandIgnored,
                    format!(
                        "Only staff rows have a pay band, so \"{band}\" is ignored here. Clear \
                         the cell to remove this warning."
                    ),
                )
                .at_cell(r, layout.pay_band, &header[layout.pay_band])
                .with_value(band),
            );
        }
        let mut counts = Counts::default();
        let mut groups = [0u64; 4];
        for &(i, kind) in &layout.ethnicity {
            match parse_count(cell(i)) {
                Ok(n) => match kind {
                    EthnicityColumn::White => counts.white += n,
                    EthnicityColumn::MinorityEthnic => counts.minority_ethnic += n,
                    EthnicityColumn::NotKnown => counts.not_known += n,
                    EthnicityColumn::Census(c) => match CENSUS_CATEGORIES[c].grouping {
                        Grouping::White => counts.white += n,
                        Grouping::Minority(g) => {
                            counts.minority_ethnic += n;
                            groups[g as usize] += n;
                        }
                    },
                },
                Err(p) => {
                    ok = false;
                    messages.push(count_message(p, cell(i), r, i, &header[i]));
                }
            }
        }
        if layout.form == EthnicityForm::Census {
            counts.groups = Some(groups);
        }
        let (Some(w), Some(m), true) = (workforce, measure, ok) else {
            continue;
        };
        let wd = data.entry(w).or_insert_with(|| WorkforceData {
            workforce: w,
            bands: Vec::new(),
            rows: BTreeMap::new(),
        });
        if m == Measure::Staff {
            match band_rows.entry((w, band_key(band))) {
                hash_map::Entry::Occupied(first) => messages.push(duplicate_row(
                    r,
                    *first.get(),
                    w,
                    &format!("staff row for the pay band \"{band}\""),
                )),
                hash_map::Entry::Vacant(_) if wd.bands.len() == MAX_PAY_BANDS => {
                    // Said once, at the first band too many; later ones add nothing.
                    if !too_many_bands.contains(&w) {
                        too_many_bands.push(w);
                        messages.push(
                            too_many_pay_bands(w, &header[layout.pay_band])
                                .at_cell(r, layout.pay_band, &header[layout.pay_band])
                                .with_value(band),
                        );
                    }
                }
                hash_map::Entry::Vacant(slot) => {
                    slot.insert(r);
                    wd.bands.push(PayBand {
                        name: band.to_owned(),
                        counts,
                        row: r,
                    });
                }
            }
        } else if let Some(first) = wd.rows.get(&m) {
            messages.push(duplicate_row(r, first.row, w, &format!("{} row", m.key())));
        } else {
            wd.rows.insert(m, Entry { counts, row: r });
        }
    }
    if !any_rows {
        messages.push(
            Message::error(
                Code::NoDataRows,
                "The file has a header but no rows of counts. Fill in the template's rows for \
                 each workforce you are submitting.",
            )
            .at_row(table.header_row),
        );
    }
    if messages.iter().any(|m| m.severity == Severity::Error) {
        return None;
    }
    let submission = Submission {
        form: layout.form,
        workforces: data.into_values().collect(),
    };
    warnings(&submission, layout, messages);
    Some(submission)
}

fn too_many_pay_bands(w: Workforce, header: &str) -> Message {
    Message::error(
        Code::TooManyPayBands,
        format!(
            "This is pay band number {} for {}, more than the {MAX_PAY_BANDS} the calculator \
             takes (SC-WRES reports use a handful). Check that the {header} column holds pay \
             bands, not salaries or job titles, and add the counts of bands together.",
            MAX_PAY_BANDS + 1,
            w.key()
        ),
    )
    .for_workforce(w)
}

fn duplicate_row(row: usize, first: usize, w: Workforce, what: &str) -> Message {
    Message::error(
        Code::DuplicateRow,
        format!(
            "This is a second {what} for {} (the first is row {first}). Keep one row: add the \
             counts together if both hold some.",
            w.key()
        ),
    )
    .at_row(row)
    .for_workforce(w)
}
