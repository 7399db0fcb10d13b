//! Rows of an extract -> counts by workforce, measure, pay band and census category, with
//! every unusable row reported; counts -> a [`Submission`] and the format-v1 file.
//!
//! One pass, one row at a time: a row's cells are looked at once and never kept. Values are
//! recognised once per distinct value (a small cache per column), so a row costs a few
//! hash look-ups and additions, and no allocation.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::columns::{
    mapping_used, resolve, ColumnSource, ColumnUse, Field, FieldKind, Input, Mapping,
};
use super::values::{
    band_key, band_name, parse_salary, recognise_ethnicity, recognise_workforce, recognise_yes_no,
    salary_band, salary_band_names, value_key, Ethnicity, SalaryProblem, WorkforceChoice,
};
use super::{Code, Issue, RecordSettings};
use crate::diag::Severity;
use crate::ethnicity::Grouping;
use crate::model::{
    Counts, Entry, EthnicityForm, Measure, PayBand, Submission, Workforce, WorkforceData, MAX_COUNT,
};
use crate::read::stream::{RowReader, RowView};
use crate::read::{column_letter, Encoding, ReadError, Row, Table};

mod pieces;

pub use pieces::{count_in_pieces, Piece, PieceCounter, PieceMerger, Split};

const N: usize = Ethnicity::COUNT;
type ByWorkforce = [[u64; N]; 2];
const WORKFORCES: [Workforce; 2] = [Workforce::Adults, Workforce::Children];
const ZERO: ByWorkforce = [[0; N]; 2];

fn wi(w: Workforce) -> usize {
    match w {
        Workforce::Adults => 0,
        Workforce::Children => 1,
    }
}

/// Issues listed in full per kind and column, and in all, per extract; the rest are counted.
const LISTED_PER_KIND: usize = 20;
const LISTED_TOTAL: usize = 500;
/// Distinct values listed per column; rows with further values are counted.
const LISTED_VALUES: usize = 500;
/// Distinct values remembered per column.
const CACHE_LIMIT: usize = 20_000;
/// More pay bands than this means the pay band column is probably the wrong column.
pub const MAX_PAY_BANDS: usize = 50;
/// More distinct ethnicity values than this gets a warning.
const MANY_ETHNICITY_VALUES: usize = 100;

// ------------------------------------------------------------------------------ caches

/// A fast hash for the short strings the caches hold, eight bytes at a time (the Fx hash of
/// rustc; no denial-of-service concern: the data is the person's own).
#[derive(Default)]
struct Fx(u64);

impl Fx {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }

    #[inline(always)]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// Cell text -> what it means, with the last value remembered (extracts are often sorted,
/// so a column repeats one value for many rows).
struct Cache<T: Copy> {
    map: FastMap<Box<str>, T>,
    last_key: String,
    last: Option<T>,
}

impl<T: Copy> Cache<T> {
    fn new() -> Self {
        Cache {
            map: FastMap::default(),
            last_key: String::new(),
            last: None,
        }
    }

    #[inline(always)]
    fn get(&mut self, cell: &str) -> Option<T> {
        if let Some(v) = self.last {
            if self.last_key == cell {
                return Some(v);
            }
        }
        let v = *self.map.get(cell)?;
        self.remember(cell, v);
        Some(v)
    }

    fn insert(&mut self, cell: &str, v: T) {
        if self.map.len() < CACHE_LIMIT {
            self.map.insert(cell.into(), v);
        }
        self.remember(cell, v);
    }

    #[inline(always)]
    fn remember(&mut self, cell: &str, v: T) {
        self.last_key.clear();
        self.last_key.push_str(cell);
        self.last = Some(v);
    }
}

/// Where a value's meaning came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueSource {
    /// Recognised without any choice (a census label, a code, "Yes", a date ...).
    BuiltIn,
    /// The person's choice, from the settings.
    YourChoice,
    /// Not recognised and not chosen: ethnicity counts as not known; a yes/no or workforce
    /// value makes its row unusable.
    Unmatched,
}

/// A distinct value of a column, how many rows hold it and what it counts as.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Summary<M> {
    value: String,
    key: String,
    rows: u64,
    first_row: usize,
    meaning: M,
    source: ValueSource,
}

/// Where a cached value is counted.
#[derive(Debug, Clone, Copy)]
enum Slot {
    /// In the list, at this index.
    Listed(u32),
    /// Not listed (recognised without a choice, where only the others are listed).
    Quiet,
    /// Beyond the listed values: counted in `rows_not_listed`.
    Overflow,
}

/// The distinct values of one column.
struct Values<M: Copy> {
    cache: Cache<(M, Slot)>,
    list: Vec<Summary<M>>,
    by_key: FastMap<String, u32>,
    rows_not_listed: u64,
    /// Whether values recognised without a choice are listed too.
    list_built_in: bool,
}

impl<M: Copy> Values<M> {
    fn new(list_built_in: bool) -> Self {
        Values {
            cache: Cache::new(),
            list: Vec::new(),
            by_key: FastMap::default(),
            rows_not_listed: 0,
            list_built_in,
        }
    }

    /// What a cell means, counting it against its value; `resolve` runs once per distinct
    /// cell text, with the cell and its [`value_key`].
    fn lookup(
        &mut self,
        cell: &str,
        row: usize,
        resolve: impl FnOnce(&str, &str) -> (M, ValueSource),
    ) -> M {
        if let Some((m, slot)) = self.cache.get(cell) {
            self.count(slot);
            return m;
        }
        let key = value_key(cell);
        let (m, source) = resolve(cell, &key);
        let slot = if source == ValueSource::BuiltIn && !self.list_built_in {
            Slot::Quiet
        } else if let Some(&i) = self.by_key.get(&key) {
            Slot::Listed(i)
        } else if self.list.len() < LISTED_VALUES {
            self.list.push(Summary {
                value: cell.to_owned(),
                key: key.clone(),
                rows: 0,
                first_row: row,
                meaning: m,
                source,
            });
            let i = (self.list.len() - 1) as u32;
            self.by_key.insert(key, i);
            Slot::Listed(i)
        } else {
            Slot::Overflow
        };
        self.count(slot);
        self.cache.insert(cell, (m, slot));
        m
    }

    fn count(&mut self, slot: Slot) {
        match slot {
            Slot::Listed(i) => self.list[i as usize].rows += 1,
            Slot::Quiet => {}
            Slot::Overflow => self.rows_not_listed += 1,
        }
    }
}

// ------------------------------------------------------------------------------ reports

/// A distinct ethnicity value, its rows and the category they count in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EthnicityValue {
    /// The value as first seen.
    pub value: String,
    /// The key a choice for it is saved under ([`value_key`]).
    pub key: String,
    /// Rows holding it (rows left out on purpose and rows with the wrong number of cells
    /// are not counted).
    pub rows: u64,
    pub first_row: usize,
    pub ethnicity: Ethnicity,
    pub source: ValueSource,
}

/// A yes/no value that is not recognised without a choice: unmatched (its rows are
/// unusable until it is chosen) or chosen in the settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YesNoValue {
    pub field: Field,
    pub value: String,
    pub key: String,
    pub rows: u64,
    pub first_row: usize,
    /// `Some(true)` yes, `Some(false)` no, `None` not known (the rows are unusable).
    pub meaning: Option<bool>,
    pub source: ValueSource,
}

/// A distinct workforce value and what its rows are.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkforceValue {
    pub value: String,
    pub key: String,
    pub rows: u64,
    pub first_row: usize,
    /// `None`: not a workforce (the rows are unusable until it is chosen).
    pub meaning: Option<WorkforceChoice>,
    pub source: ValueSource,
}

/// A column the extract has that no field uses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnusedColumn {
    pub index: usize,
    pub letter: String,
    pub header: String,
}

/// Issues of one kind in one column beyond those listed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IssueTally {
    pub code: Code,
    pub severity: Severity,
    #[serde(rename = "column", skip_serializing_if = "Option::is_none")]
    pub column_letter: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    /// How many more rows have this issue.
    pub not_listed: u64,
}

impl IssueTally {
    /// "12,345 more rows in column D (Salary) with the same problem (not_a_salary)".
    pub fn describe(&self) -> String {
        let place = match (&self.column_letter, &self.header) {
            (Some(l), Some(h)) if !h.is_empty() => format!(" in column {l} ({h})"),
            (Some(l), _) => format!(" in column {l}"),
            _ => String::new(),
        };
        let code = serde_json::to_string(&self.code).unwrap_or_default();
        format!(
            "{} more {}{place} with the same problem ({}), not listed one by one",
            self.not_listed,
            if self.not_listed == 1 { "row" } else { "rows" },
            code.trim_matches('"')
        )
    }
}

/// The counts an extract adds up to (per workforce and census category).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
struct Tally {
    /// Workforces with at least one usable row.
    present: [bool; 2],
    /// Usable rows: staff, shortlisted applications or respondents.
    population: ByWorkforce,
    /// "Yes" answers, by [`Field::index`].
    yes: Vec<ByWorkforce>,
    /// Staff by pay band, in [`InputReport::pay_bands`] order.
    bands: Vec<ByWorkforce>,
}

/// How many rows an extract had, and counts behind its cautions.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
struct RowCounts {
    /// Non-blank rows below the header.
    read: usize,
    used: usize,
    unusable: usize,
    excluded: usize,
    /// Salaries read, and how many of them were under £1,000.
    salaries: u64,
    salaries_under_1000: u64,
    /// Rows referred to fitness to practise but not marked as regulated professionals.
    referred_not_regulated: u64,
}

impl RowCounts {
    fn add(&mut self, more: &RowCounts) {
        self.read += more.read;
        self.used += more.used;
        self.unusable += more.unusable;
        self.excluded += more.excluded;
        self.salaries += more.salaries;
        self.salaries_under_1000 += more.salaries_under_1000;
        self.referred_not_regulated += more.referred_not_regulated;
    }
}

/// What reading one extract found: the columns it used, how many rows were usable, the
/// values it met, the issues, and (inside) the counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputReport {
    pub input: Input,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<Encoding>,
    /// The delimiter between cells.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<char>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header_row: Option<usize>,
    /// The header as read.
    pub header: Vec<String>,
    /// One per field of the input, in [`Input::fields`] order.
    pub columns: Vec<ColumnUse>,
    pub unused_columns: Vec<UnusedColumn>,
    /// The workforce every row belongs to, when the settings give one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixed_workforce: Option<Workforce>,
    /// Staff extract: the pay bands, in the order they are written (salary bands from the
    /// thresholds, or pay band names in the order first met).
    pub pay_bands: Vec<String>,
    /// Non-blank rows below the header.
    pub rows_read: usize,
    /// Rows counted.
    pub rows_used: usize,
    /// Rows with an error (each listed in `issues` or counted in `issues_not_listed`).
    pub rows_unusable: usize,
    /// Rows of a workforce value the settings leave out.
    pub rows_excluded: usize,
    /// Every distinct ethnicity value met (up to 500) and what it counts as.
    pub ethnicity_values: Vec<EthnicityValue>,
    /// Rows whose ethnicity value is beyond the first 500 distinct values.
    pub ethnicity_rows_not_listed: u64,
    /// Yes/no values that are unmatched or chosen in the settings.
    pub yes_no_values: Vec<YesNoValue>,
    /// Every distinct workforce value met.
    pub workforce_values: Vec<WorkforceValue>,
    /// Issues: about the file first, then by row.
    pub issues: Vec<Issue>,
    /// Issues beyond those listed, counted by kind and column.
    pub issues_not_listed: Vec<IssueTally>,
    #[serde(skip)]
    mapping: Mapping,
    #[serde(skip)]
    tally: Tally,
}

impl InputReport {
    /// Whether the file itself can be used (it was read, and has the columns it needs).
    /// Unusable rows do not make it unusable: see [`InputReport::rows_unusable`].
    pub fn usable(&self) -> bool {
        !self.file_errors().any(|_| true)
    }

    /// Errors about the file as a whole.
    pub fn file_errors(&self) -> impl Iterator<Item = &Issue> {
        self.issues
            .iter()
            .filter(|i| i.severity == Severity::Error && i.row.is_none())
    }

    /// The column a field was given.
    pub fn column(&self, field: Field) -> Option<&ColumnUse> {
        self.columns.iter().find(|c| c.field == field)
    }

    /// The mapping this run used, to save: every column by header name, and the choices
    /// the settings made.
    pub fn mapping_used(&self) -> &Mapping {
        &self.mapping
    }

    /// Ethnicity values counted as not known because nothing recognised them.
    pub fn unmatched_ethnicity(&self) -> impl Iterator<Item = &EthnicityValue> {
        self.ethnicity_values
            .iter()
            .filter(|v| v.source == ValueSource::Unmatched)
    }

    /// The usable rows of one workforce, by census category (19 then not known), or
    /// `None` when the extract has no usable row for it.
    pub fn population(&self, w: Workforce) -> Option<[u64; N]> {
        self.tally.present[wi(w)].then(|| self.tally.population[wi(w)])
    }

    /// The "yes" answers of a yes/no field for one workforce, when the field has a column
    /// and the workforce has usable rows.
    pub fn yes_count(&self, field: Field, w: Workforce) -> Option<[u64; N]> {
        let mapped = self.column(field).is_some_and(|c| c.index.is_some());
        (mapped && self.tally.present[wi(w)]).then(|| self.tally.yes[field.index()][wi(w)])
    }

    /// The report for an extract that could not be read as a table at all.
    pub fn failed(input: Input, e: &ReadError, settings: &RecordSettings) -> InputReport {
        let mut issue = Issue::of(Severity::Error, Code::from(e), input, e.to_string());
        if let ReadError::Csv { row, .. } = e {
            issue.row = None;
            issue.value = Some(format!("row {row}"));
        }
        InputReport {
            input,
            encoding: None,
            delimiter: None,
            header_row: None,
            header: Vec::new(),
            columns: Vec::new(),
            unused_columns: Vec::new(),
            fixed_workforce: settings.mapping(input).workforce,
            pay_bands: Vec::new(),
            rows_read: 0,
            rows_used: 0,
            rows_unusable: 0,
            rows_excluded: 0,
            ethnicity_values: Vec::new(),
            ethnicity_rows_not_listed: 0,
            yes_no_values: Vec::new(),
            workforce_values: Vec::new(),
            issues: vec![issue],
            issues_not_listed: Vec::new(),
            mapping: settings.mapping(input).clone(),
            tally: Tally::default(),
        }
    }
}

// ------------------------------------------------------------------------------ rows

/// A row's cells, however they were read.
trait Cells {
    fn number(&self) -> usize;
    fn len(&self) -> usize;
    fn get(&self, i: usize) -> &str;
}

impl Cells for RowView<'_> {
    fn number(&self) -> usize {
        self.number
    }
    fn len(&self) -> usize {
        RowView::len(self)
    }
    fn get(&self, i: usize) -> &str {
        RowView::get(self, i)
    }
}

impl Cells for Row {
    fn number(&self) -> usize {
        self.number
    }
    fn len(&self) -> usize {
        self.cells.len()
    }
    fn get(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", |c| c.as_str())
    }
}

/// Where the pay band comes from.
#[derive(Clone, Copy)]
enum Pay {
    None,
    Band(usize),
    Salary(usize),
}

/// One extract being added up.
struct Accumulator {
    input: Input,
    settings: RecordSettings,
    header: Vec<String>,
    width: usize,
    uses: Vec<ColumnUse>,
    fatal: bool,
    fixed: Option<Workforce>,
    workforce_col: Option<usize>,
    ethnicity_col: Option<usize>,
    pay: Pay,
    /// (field, column) for every yes/no field with a column.
    yes_fields: Vec<(Field, usize)>,
    /// Whether empty, Y, N, 1 and 0 keep their built-in meaning (no choice in the settings
    /// overrides them), so they need no look-up.
    quick_yes_no: bool,
    /// The rightmost column used.
    max_col: usize,
    tally: Tally,
    band_names: Vec<String>,
    band_by_key: FastMap<String, usize>,
    band_cache: Cache<usize>,
    ethnicity: Values<Ethnicity>,
    workforce: Values<Option<WorkforceChoice>>,
    yes_no: Vec<Values<Option<bool>>>,
    counts: RowCounts,
    issues: Vec<Issue>,
    listed: FastMap<(Code, Option<usize>), usize>,
    not_listed: BTreeMap<(Code, Option<usize>), u64>,
}

impl Accumulator {
    fn new(input: Input, header: &[String], settings: &RecordSettings) -> Self {
        let mapping = settings.mapping(input);
        let resolved = resolve(input, header, mapping);
        let col = |f: Field| {
            resolved
                .uses
                .iter()
                .find(|u| u.field == f)
                .and_then(|u| u.index)
        };
        let pay = match (col(Field::PayBand), col(Field::Salary)) {
            (Some(i), _) => Pay::Band(i),
            (None, Some(i)) => Pay::Salary(i),
            _ => Pay::None,
        };
        let yes_fields: Vec<(Field, usize)> = input
            .fields()
            .iter()
            .filter(|f| f.kind() == FieldKind::YesNo)
            .filter_map(|&f| col(f).map(|i| (f, i)))
            .collect();
        let max_col = resolved
            .uses
            .iter()
            .filter_map(|u| u.index)
            .max()
            .unwrap_or(0);
        let band_names = match pay {
            Pay::Salary(_) => salary_band_names(&settings.salary_thresholds),
            _ => Vec::new(),
        };
        let mut acc = Accumulator {
            input,
            settings: settings.clone(),
            header: header.to_vec(),
            width: header.len(),
            uses: resolved.uses.clone(),
            fatal: false,
            fixed: mapping.workforce,
            workforce_col: col(Field::Workforce),
            ethnicity_col: col(Field::Ethnicity),
            pay,
            yes_fields,
            quick_yes_no: ["", "y", "n", "1", "0"]
                .iter()
                .all(|k| !settings.yes_no_values.contains_key(*k)),
            max_col,
            tally: Tally {
                yes: vec![ZERO; Field::ALL.len()],
                bands: vec![ZERO; band_names.len()],
                ..Tally::default()
            },
            band_names,
            band_by_key: FastMap::default(),
            band_cache: Cache::new(),
            ethnicity: Values::new(true),
            workforce: Values::new(true),
            yes_no: (0..Field::ALL.len()).map(|_| Values::new(false)).collect(),
            counts: RowCounts::default(),
            issues: Vec::new(),
            listed: FastMap::default(),
            not_listed: BTreeMap::new(),
        };
        acc.check_columns(&resolved);
        acc
    }

    /// File-level problems with the columns.
    fn check_columns(&mut self, resolved: &super::columns::Resolved) {
        let input = self.input;
        for (field, name) in &resolved.missing_saved {
            let found = match self.uses.iter().find(|u| u.field == *field) {
                Some(ColumnUse {
                    letter: Some(l),
                    header: Some(h),
                    ..
                }) => format!("Column {l} ({h}) was found by its name instead: check it."),
                _ => "No other column was found for it.".to_owned(),
            };
            self.issues.push(
                Issue::of(
                    Severity::Warning,
                    Code::SavedColumnNotFound,
                    input,
                    format!(
                        "The settings say {} is in the column \"{name}\", but this file has no \
                         such column. {found}",
                        field.label()
                    ),
                )
                .for_field(*field),
            );
        }
        for (field, other, i) in &resolved.chosen_twice {
            self.fatal = true;
            self.issues.push(
                Issue::of(
                    Severity::Error,
                    Code::ColumnChosenTwice,
                    input,
                    format!(
                        "The settings put both {} and {} in this column. A column holds one \
                         thing: choose another column for {}.",
                        other.label(),
                        field.label(),
                        field.label()
                    ),
                )
                .at(None, Some((*i, &self.header[*i])))
                .for_field(*field),
            );
        }
        for u in &self.uses {
            if u.source == ColumnSource::HeaderWords {
                let (i, h) = (u.index.unwrap_or(0), u.header.clone().unwrap_or_default());
                self.issues.push(
                    Issue::of(
                        Severity::Warning,
                        Code::ColumnFoundByWords,
                        input,
                        format!(
                            "{} was taken from this column because of words in its header. \
                             Check that it is the right column.",
                            u.field.label()
                        ),
                    )
                    .at(None, Some((i, &h)))
                    .for_field(u.field),
                );
            }
        }
        let mut missing: Vec<(Field, &str)> = Vec::new();
        if self.ethnicity_col.is_none() {
            missing.push((
                Field::Ethnicity,
                "the column that holds each person's ethnicity (a header such as \"Ethnicity\" \
                 or \"Ethnic origin\" is found by itself)",
            ));
        }
        if self.workforce_col.is_none() && self.fixed.is_none() {
            missing.push((
                Field::Workforce,
                "the column that says whether each row is adult or children's social care, \
                 or say that every row belongs to one workforce",
            ));
        }
        if self.input == Input::Staff && matches!(self.pay, Pay::None) {
            missing.push((
                Field::PayBand,
                "a pay band column or a salary column (a salary is put in a band by the \
                 salary thresholds)",
            ));
        }
        for (field, what) in missing {
            self.fatal = true;
            self.issues.push(
                Issue::of(
                    Severity::Error,
                    Code::MissingColumn,
                    input,
                    format!(
                        "No {} column was found. Choose {what}.",
                        match field {
                            Field::PayBand => "pay band or salary".to_owned(),
                            f => f.label().to_lowercase(),
                        }
                    ),
                )
                .for_field(field),
            );
        }
    }

    /// Records a row-level issue, listing it unless enough of its kind are listed already.
    #[allow(clippy::too_many_arguments)]
    fn note(
        &mut self,
        severity: Severity,
        code: Code,
        row: usize,
        col: Option<usize>,
        field: Option<Field>,
        value: &str,
        message: impl FnOnce() -> String,
    ) {
        if !self.may_list(code, col) {
            return;
        }
        let header = col.map_or("", |i| self.header.get(i).map_or("", |h| h.as_str()));
        let mut issue = Issue::of(severity, code, self.input, message())
            .at(Some(row), col.map(|i| (i, header)))
            .with_value(value);
        issue.about.field = field;
        self.issues.push(issue);
    }

    /// Whether one more row-level issue of this kind and column is listed; if not, it is
    /// counted in `not_listed`.
    fn may_list(&mut self, code: Code, col: Option<usize>) -> bool {
        let listed = self.listed.entry((code, col)).or_insert(0);
        if *listed >= LISTED_PER_KIND || self.issues.len() >= LISTED_TOTAL {
            *self.not_listed.entry((code, col)).or_insert(0) += 1;
            return false;
        }
        *listed += 1;
        true
    }

    fn push<C: Cells>(&mut self, row: &C) {
        self.counts.read += 1;
        if self.fatal {
            return;
        }
        let r = row.number();
        let len = row.len();
        // The shape: no values beyond the header, and every column used present.
        // (Only a row longer than the header can have values beyond it.)
        let filled = if len <= self.width {
            0
        } else {
            (0..len)
                .rev()
                .find(|&i| !row.get(i).is_empty())
                .map_or(0, |i| i + 1)
        };
        if filled > self.width {
            let extra = (self.width..filled)
                .find(|&i| !row.get(i).is_empty())
                .unwrap_or(self.width);
            let width = self.width;
            self.note(
                Severity::Error,
                Code::WrongCellCount,
                r,
                Some(extra),
                None,
                row.get(extra),
                || {
                    format!(
                        "This row has {filled} cells but the header has {width} columns, so \
                         its values may be in the wrong columns. Look for a value with a \
                         comma in it that is not in quotes (such as a name \"Smith, Jo\"), and \
                         save the extract again as CSV."
                    )
                },
            );
            self.counts.unusable += 1;
            return;
        }
        if len <= self.max_col {
            let width = self.width;
            self.note(
                Severity::Error,
                Code::WrongCellCount,
                r,
                Some(len),
                None,
                "",
                || {
                    format!(
                        "This row has {len} cells but the header has {width} columns, so this \
                         cell and others the calculator uses are missing from it. Check the \
                         row in the extract."
                    )
                },
            );
            self.counts.unusable += 1;
            return;
        }
        let mut bad = false;
        // Workforce.
        let w = match (self.fixed, self.workforce_col) {
            (Some(w), _) => Some(w),
            (None, Some(c)) => {
                let cell = row.get(c);
                let settings = &self.settings;
                let choice = self.workforce.lookup(cell, r, |raw, key| {
                    if let Some(c) = settings.workforce_values.get(key) {
                        (Some(*c), ValueSource::YourChoice)
                    } else if let Some(w) = recognise_workforce(raw) {
                        (Some(w.into()), ValueSource::BuiltIn)
                    } else {
                        (None, ValueSource::Unmatched)
                    }
                });
                match choice {
                    Some(WorkforceChoice::Exclude) => {
                        self.counts.excluded += 1;
                        return;
                    }
                    Some(c) => c.workforce(),
                    None => {
                        bad = true;
                        self.note(
                            Severity::Error,
                            Code::UnknownWorkforce,
                            r,
                            Some(c),
                            Some(Field::Workforce),
                            cell,
                            || {
                                if cell.is_empty() {
                                    "The workforce is empty. Enter adults or children, or \
                                     choose what rows with an empty workforce are."
                                        .to_owned()
                                } else {
                                    format!(
                                        "\"{cell}\" is not a workforce this calculator knows. \
                                         Choose whether it is adults, children, or left out."
                                    )
                                }
                            },
                        );
                        None
                    }
                }
            }
            (None, None) => None,
        };
        // Ethnicity: never an error; unmatched values count as not known and are listed.
        let e = match self.ethnicity_col {
            Some(c) => {
                let settings = &self.settings;
                self.ethnicity.lookup(row.get(c), r, |raw, key| {
                    if let Some(e) = settings.ethnicity_values.get(key) {
                        (*e, ValueSource::YourChoice)
                    } else if let Some(e) = recognise_ethnicity(raw) {
                        (e, ValueSource::BuiltIn)
                    } else {
                        (Ethnicity::NotKnown, ValueSource::Unmatched)
                    }
                })
            }
            None => Ethnicity::NotKnown,
        };
        // Pay band.
        let band = match self.pay {
            Pay::None => None,
            Pay::Band(c) => self.pay_band(row.get(c), r, c),
            Pay::Salary(c) => self.salary(row.get(c), r, c),
        };
        if self.input == Input::Staff && band.is_none() {
            bad = true;
        }
        // Yes/no fields.
        let mut yes: u32 = 0;
        for k in 0..self.yes_fields.len() {
            let (field, c) = self.yes_fields[k];
            let cell = row.get(c);
            if self.quick_yes_no && cell.len() < 2 {
                match cell.as_bytes().first() {
                    None | Some(b'N' | b'n' | b'0') => continue,
                    Some(b'Y' | b'y' | b'1') => {
                        yes |= 1 << field.index();
                        continue;
                    }
                    _ => {}
                }
            }
            let settings = &self.settings;
            let meaning = self.yes_no[field.index()].lookup(cell, r, |raw, key| {
                if let Some(b) = settings.yes_no_values.get(key) {
                    (Some(*b), ValueSource::YourChoice)
                } else if let Some(b) = recognise_yes_no(raw) {
                    (Some(b), ValueSource::BuiltIn)
                } else {
                    (None, ValueSource::Unmatched)
                }
            });
            match meaning {
                Some(true) => yes |= 1 << field.index(),
                Some(false) => {}
                None => {
                    bad = true;
                    self.note(
                        Severity::Error,
                        Code::NotAYesNo,
                        r,
                        Some(c),
                        Some(field),
                        cell,
                        || {
                            format!(
                                "\"{cell}\" is not a yes or no. Use Y or N, yes or no, true or \
                                 false, 1 or 0, a date for yes, or leave it empty for no; or \
                                 choose what \"{cell}\" means."
                            )
                        },
                    );
                }
            }
        }
        let Some(w) = w.filter(|_| !bad) else {
            self.counts.unusable += 1;
            return;
        };
        // Count the row.
        self.counts.used += 1;
        let (wi, ei) = (wi(w), e.index());
        self.tally.present[wi] = true;
        self.tally.population[wi][ei] += 1;
        if let Some(b) = band {
            self.tally.bands[b][wi][ei] += 1;
        }
        let mut bits = yes;
        while bits != 0 {
            let f = bits.trailing_zeros() as usize;
            self.tally.yes[f][wi][ei] += 1;
            bits &= bits - 1;
        }
        let referred = 1 << Field::FtpReferral.index();
        let regulated = 1 << Field::RegulatedProfessional.index();
        let has_regulated = self
            .yes_fields
            .iter()
            .any(|(f, _)| *f == Field::RegulatedProfessional);
        if yes & referred != 0 && has_regulated && yes & regulated == 0 {
            self.counts.referred_not_regulated += 1;
            let c = self
                .yes_fields
                .iter()
                .find(|(f, _)| *f == Field::FtpReferral)
                .map(|(_, c)| *c);
            let cell = c.map_or("", |c| row.get(c));
            self.note(
                Severity::Warning,
                Code::ReferredNotRegulated,
                r,
                c,
                Some(Field::FtpReferral),
                cell,
                || {
                    "This person was referred to fitness to practise but is not marked as a \
                     regulated professional. The row is counted as it is; check the regulated \
                     professional column, because M4 compares referrals with regulated \
                     professionals."
                        .to_owned()
                },
            );
        }
    }

    /// The band index of a pay band cell, adding a band the first time it is met.
    fn pay_band(&mut self, cell: &str, r: usize, c: usize) -> Option<usize> {
        if let Some(b) = self.band_cache.get(cell) {
            return Some(b);
        }
        if cell.is_empty() {
            self.note(
                Severity::Error,
                Code::MissingPayBand,
                r,
                Some(c),
                Some(Field::PayBand),
                cell,
                || "The pay band is empty. Every member of staff needs a pay band.".to_owned(),
            );
            return None;
        }
        let name = band_name(cell);
        let key = band_key(&name);
        let b = match self.band_by_key.get(&key) {
            Some(&b) => b,
            None if self.band_names.len() >= MAX_PAY_BANDS => {
                self.note(
                    Severity::Error,
                    Code::TooManyPayBands,
                    r,
                    Some(c),
                    Some(Field::PayBand),
                    cell,
                    || {
                        format!(
                            "This column has more than {MAX_PAY_BANDS} different pay bands. \
                             Check it is the pay band column, or use a salary column with \
                             salary thresholds."
                        )
                    },
                );
                return None;
            }
            None => {
                self.band_names.push(name);
                self.tally.bands.push(ZERO);
                let b = self.band_names.len() - 1;
                self.band_by_key.insert(key, b);
                b
            }
        };
        self.band_cache.insert(cell, b);
        Some(b)
    }

    /// The band index of a salary cell.
    fn salary(&mut self, cell: &str, r: usize, c: usize) -> Option<usize> {
        match parse_salary(cell) {
            Ok(pence) => {
                self.counts.salaries += 1;
                if pence < 100_000 {
                    self.counts.salaries_under_1000 += 1;
                }
                Some(salary_band(pence, &self.settings.salary_thresholds))
            }
            Err(p) => {
                let (code, text) = match p {
                    SalaryProblem::Missing => (
                        Code::MissingSalary,
                        "The salary is empty. Every member of staff needs a salary (or use a \
                         pay band column)."
                            .to_owned(),
                    ),
                    SalaryProblem::NotANumber => (
                        Code::NotASalary,
                        format!(
                            "\"{cell}\" is not a salary. Write an amount in pounds, such as \
                             32450 or £32,450.00."
                        ),
                    ),
                    SalaryProblem::Negative => (
                        Code::NegativeSalary,
                        format!("\"{cell}\" is negative. A salary must be 0 or more."),
                    ),
                };
                self.note(
                    Severity::Error,
                    code,
                    r,
                    Some(c),
                    Some(Field::Salary),
                    cell,
                    || text,
                );
                None
            }
        }
    }

    fn finish(mut self, table: TableInfo) -> InputReport {
        let input = self.input;
        if table.rows == 0 && !self.fatal {
            self.issues.push(Issue::of(
                Severity::Error,
                Code::NoDataRows,
                input,
                format!(
                    "The file has a header (row {}) but no rows below it. It needs one \
                         row per {}.",
                    table.header_row,
                    input.row_noun()
                ),
            ));
        }
        if self.ethnicity.list.len() > MANY_ETHNICITY_VALUES {
            let (i, h) = self
                .ethnicity_col
                .map(|i| (i, self.header[i].clone()))
                .unwrap_or_default();
            self.issues.push(
                Issue::of(
                    Severity::Warning,
                    Code::ManyEthnicityValues,
                    input,
                    format!(
                        "The ethnicity column has {} or more different values. Check it is \
                         the right column: ethnicity usually has a few dozen values at most.",
                        self.ethnicity.list.len()
                    ),
                )
                .at(None, Some((i, &h)))
                .for_field(Field::Ethnicity),
            );
        }
        if self.counts.salaries > 0 && self.counts.salaries_under_1000 * 2 > self.counts.salaries {
            let (i, h) = match self.pay {
                Pay::Salary(i) => (i, self.header[i].clone()),
                _ => (0, String::new()),
            };
            self.issues.push(
                Issue::of(
                    Severity::Warning,
                    Code::SalariesLookHourly,
                    input,
                    format!(
                        "{} of {} salaries are under £1,000. If they are hourly or monthly \
                         rates, use annual (full-time equivalent) salaries, or a pay band \
                         column.",
                        self.counts.salaries_under_1000, self.counts.salaries
                    ),
                )
                .at(None, Some((i, &h)))
                .for_field(Field::Salary),
            );
        }
        // File-level issues first, then by row and column.
        self.issues.sort_by_key(|i| {
            (
                i.row.is_some(),
                i.row.unwrap_or(0),
                i.column_index.unwrap_or(0),
            )
        });
        let used: Vec<usize> = self.uses.iter().filter_map(|u| u.index).collect();
        let unused_columns = self
            .header
            .iter()
            .enumerate()
            .filter(|(i, _)| !used.contains(i))
            .map(|(i, h)| UnusedColumn {
                index: i,
                letter: column_letter(i),
                header: h.clone(),
            })
            .collect();
        let issues_not_listed = self
            .not_listed
            .iter()
            .map(|(&(code, col), &n)| IssueTally {
                code,
                severity: if code.row_unusable() {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                column_letter: col.map(column_letter),
                header: col.and_then(|i| self.header.get(i).cloned()),
                not_listed: n,
            })
            .collect();
        let ethnicity_values = self
            .ethnicity
            .list
            .iter()
            .map(|s| EthnicityValue {
                value: s.value.clone(),
                key: s.key.clone(),
                rows: s.rows,
                first_row: s.first_row,
                ethnicity: s.meaning,
                source: s.source,
            })
            .collect();
        let mut yes_no_values = Vec::new();
        for &f in input.fields() {
            for s in &self.yes_no[f.index()].list {
                yes_no_values.push(YesNoValue {
                    field: f,
                    value: s.value.clone(),
                    key: s.key.clone(),
                    rows: s.rows,
                    first_row: s.first_row,
                    meaning: s.meaning,
                    source: s.source,
                });
            }
        }
        let workforce_values = self
            .workforce
            .list
            .iter()
            .map(|s| WorkforceValue {
                value: s.value.clone(),
                key: s.key.clone(),
                rows: s.rows,
                first_row: s.first_row,
                meaning: s.meaning,
                source: s.source,
            })
            .collect();
        let mapping = mapping_used(&self.uses, self.settings.mapping(input));
        let fatal = self.fatal || table.rows == 0;
        InputReport {
            input,
            encoding: Some(table.encoding),
            delimiter: Some(char::from(table.delimiter)),
            header_row: Some(table.header_row),
            header: self.header,
            columns: self.uses,
            unused_columns,
            fixed_workforce: self.fixed,
            pay_bands: if fatal { Vec::new() } else { self.band_names },
            rows_read: self.counts.read,
            rows_used: self.counts.used,
            rows_unusable: self.counts.unusable,
            rows_excluded: self.counts.excluded,
            ethnicity_values,
            ethnicity_rows_not_listed: self.ethnicity.rows_not_listed,
            yes_no_values,
            workforce_values,
            issues: self.issues,
            issues_not_listed,
            mapping,
            tally: if fatal {
                Tally {
                    yes: vec![ZERO; Field::ALL.len()],
                    ..Tally::default()
                }
            } else {
                self.tally
            },
        }
    }
}

/// What the report needs to know about the file as read.
struct TableInfo {
    encoding: Encoding,
    delimiter: u8,
    header_row: usize,
    rows: usize,
}

/// Adds up one extract a batch of rows at a time, so that a screen can show progress and
/// stay responsive on a large file: call [`InputAggregator::step`] until it returns true,
/// then [`InputAggregator::finish`].
///
/// It can also count a file while it is still being read ([`InputAggregator::streaming`]):
/// [`push`](InputAggregator::push) each piece as it arrives, `step` while
/// [`needs_input`](InputAggregator::needs_input) is false, and
/// [`end`](InputAggregator::end) after the last piece. The report is the same as for the
/// whole file read at once: a file that cannot be read in place as UTF-8 (another encoding,
/// a workbook, a NUL byte) is simply counted from the start once all of it has arrived.
pub struct InputAggregator {
    state: State,
    /// Set while a file arrives in pieces.
    arriving: Option<Arriving>,
}

/// A file arriving in pieces.
struct Arriving {
    input: Input,
    settings: RecordSettings,
    /// The file's size, for the progress bar.
    size: usize,
    /// Whether the last piece has come.
    ended: bool,
    /// False once the file is known not to be readable in place (then its rows are counted
    /// after the last piece, from the whole file).
    in_place: bool,
    /// How many bytes from the start are known to be UTF-8 with no NUL.
    checked: usize,
}

enum State {
    /// The bytes so far, while the header has not all arrived (or the file cannot be read in
    /// place).
    Waiting(Arc<Vec<u8>>),
    Reading {
        reader: Box<RowReader>,
        acc: Box<Accumulator>,
    },
    Failed(Box<InputReport>),
}

impl InputAggregator {
    /// Decodes the bytes and reads the header (the rows are read by `step`).
    pub fn new(input: Input, bytes: &[u8], settings: &RecordSettings) -> InputAggregator {
        Self::new_sheet(input, bytes, None, settings)
    }

    /// As [`InputAggregator::new`], reading the named sheet when the file is an Excel
    /// workbook (see [`crate::read::xlsx::csv_bytes`]; CSV files ignore `sheet`).
    pub fn new_sheet(
        input: Input,
        bytes: &[u8],
        sheet: Option<&str>,
        settings: &RecordSettings,
    ) -> InputAggregator {
        Self::shared(input, Arc::new(bytes.to_vec()), sheet, settings)
    }

    /// As [`InputAggregator::new_sheet`], reading UTF-8 text in place: a large extract is
    /// not copied (see [`RowReader::shared`]).
    pub fn shared(
        input: Input,
        bytes: Arc<Vec<u8>>,
        sheet: Option<&str>,
        settings: &RecordSettings,
    ) -> InputAggregator {
        let reader = match crate::read::xlsx::csv_bytes(&bytes, sheet) {
            Ok(std::borrow::Cow::Borrowed(_)) => RowReader::shared(bytes.clone()),
            Ok(std::borrow::Cow::Owned(csv)) => RowReader::shared(Arc::new(csv)),
            Err(e) => Err(ReadError::from(e)),
        };
        let state = match reader {
            Ok(reader) => {
                let acc = Accumulator::new(input, &reader.header, settings);
                State::Reading {
                    reader: Box::new(reader),
                    acc: Box::new(acc),
                }
            }
            Err(e) => State::Failed(Box::new(InputReport::failed(input, &e, settings))),
        };
        InputAggregator {
            state,
            arriving: None,
        }
    }

    /// Starts counting a file whose bytes will arrive in pieces (see [`InputAggregator::push`]),
    /// `size` bytes in all.
    pub fn streaming(input: Input, settings: &RecordSettings, size: usize) -> InputAggregator {
        InputAggregator {
            state: State::Waiting(Arc::new(Vec::with_capacity(size))),
            arriving: Some(Arriving {
                input,
                settings: settings.clone(),
                size,
                ended: false,
                in_place: true,
                checked: 0,
            }),
        }
    }

    /// The next piece of a file started with [`InputAggregator::streaming`].
    pub fn push(&mut self, piece: &[u8]) {
        let Some(a) = self.arriving.as_mut().filter(|a| !a.ended) else {
            return;
        };
        let text = match &mut self.state {
            State::Waiting(text) => text,
            State::Reading { reader, .. } => reader.text_mut(),
            State::Failed(_) => return,
        };
        let text = Arc::make_mut(text);
        let at = text.len();
        // A copy (memory.copy in WebAssembly), not a resize and then a fill: in the size-
        // optimised build, resize writes its zeros a byte at a time (about 200 ms for 80 MB).
        text.extend_from_slice(piece);
        let piece = &text[at..];
        if a.in_place {
            // UTF-8 so far, but for a character cut in two at the end of the piece (its rest
            // comes with the next one); and no NUL, which would make the file not text.
            match std::str::from_utf8(&text[a.checked..]) {
                Ok(_) => a.checked = text.len(),
                Err(e) if e.error_len().is_none() => a.checked += e.valid_up_to(),
                Err(_) => a.in_place = false,
            }
            if memchr::memchr(0, piece).is_some() {
                a.in_place = false;
            }
        }
        self.arrived();
    }

    /// The last piece has come: returns the whole file's bytes (not a copy), to count again
    /// later with [`InputAggregator::shared`].
    pub fn end(&mut self) -> Arc<Vec<u8>> {
        let bytes = self.arrived_text().cloned().unwrap_or_default();
        let Some(a) = self.arriving.as_mut() else {
            return bytes;
        };
        a.ended = true;
        if a.checked < bytes.len() {
            // It ends in the middle of a character: not UTF-8.
            a.in_place = false;
        }
        self.arrived();
        bytes
    }

    /// The bytes of a file arriving in pieces, so far.
    fn arrived_text(&self) -> Option<&Arc<Vec<u8>>> {
        match &self.state {
            State::Waiting(text) => Some(text),
            State::Reading { reader, .. } => Some(reader.text()),
            State::Failed(_) => None,
        }
    }

    /// Moves on after a piece (or the end) has arrived: reads the header once it is all
    /// there, tells the reader how far it may read, or falls back to waiting for the whole
    /// file (and then counts it as [`InputAggregator::shared`] would).
    fn arrived(&mut self) {
        let Some(a) = &self.arriving else {
            return;
        };
        let (input, ended, in_place, checked) = (a.input, a.ended, a.in_place, a.checked);
        let state = match std::mem::replace(&mut self.state, State::Waiting(Arc::default())) {
            // Not readable in place after all: forget the rows counted so far.
            State::Reading { reader, .. } if !in_place => State::Waiting(reader.into_text()),
            other => other,
        };
        self.state = match state {
            State::Reading { mut reader, acc } => {
                reader.arrived(checked, ended);
                State::Reading { reader, acc }
            }
            State::Waiting(text) if ended => match &self.arriving {
                Some(a) => Self::shared(input, text, None, &a.settings).state,
                None => State::Waiting(text),
            },
            State::Waiting(text) if in_place && text.len() >= 4 => self.begin(text, checked),
            other => other,
        };
    }

    /// Reads the header of a file arriving in pieces, if it has all arrived.
    fn begin(&mut self, text: Arc<Vec<u8>>, checked: usize) -> State {
        let Some(a) = self.arriving.as_mut() else {
            return State::Waiting(text);
        };
        // What read::decode_lazily would not read in place: UTF-16, workbooks and PDFs.
        if text.starts_with(b"\xFF\xFE")
            || text.starts_with(b"\xFE\xFF")
            || crate::read::looks_binary(&text)
        {
            a.in_place = false;
            return State::Waiting(text);
        }
        let (start, encoding) = if text.starts_with(b"\xEF\xBB\xBF") {
            (3, Encoding::Utf8WithBom)
        } else {
            (0, Encoding::Utf8)
        };
        match RowReader::begin(text.clone(), start, encoding, checked, false) {
            Some(reader) => {
                let acc = Accumulator::new(a.input, &reader.header, &a.settings);
                State::Reading {
                    reader: Box::new(reader),
                    acc: Box::new(acc),
                }
            }
            None => State::Waiting(text),
        }
    }

    /// Whether counting waits for the next piece of a file that is still arriving.
    pub fn needs_input(&self) -> bool {
        match (&self.arriving, &self.state) {
            (Some(a), _) if a.ended => false,
            (Some(_), State::Reading { reader, .. }) => reader.waiting(),
            (Some(_), _) => true,
            (None, _) => false,
        }
    }

    /// Reads and adds up at most `max_rows` more rows; true when the file is done.
    #[inline(never)]
    pub fn step(&mut self, max_rows: usize) -> bool {
        let State::Reading { reader, acc, .. } = &mut self.state else {
            // Nothing to count until more of the file has arrived.
            return !matches!(self.state, State::Waiting(_));
        };
        for _ in 0..max_rows {
            match reader.next_row() {
                Ok(Some(row)) => acc.push(&row),
                Ok(None) => return reader.is_complete(),
                Err(e) => {
                    let report = InputReport::failed(acc.input, &e, &acc.settings);
                    self.state = State::Failed(Box::new(report));
                    return true;
                }
            }
        }
        false
    }

    /// How far through the file it is, from 0 to 1 (by bytes).
    pub fn progress(&self) -> f64 {
        // While a file arrives, how far through all of it (its size is known).
        let size = self.arriving.as_ref().map_or(0, |a| a.size);
        match &self.state {
            State::Reading { reader, .. } => {
                let len = reader.len().max(size as u64).max(1);
                (reader.position() as f64 / len as f64).min(1.0)
            }
            State::Waiting(_) => 0.0,
            State::Failed(_) => 1.0,
        }
    }

    /// Reads whatever is left and returns the report (for a file arriving in pieces, the
    /// pieces so far are taken to be all of it).
    pub fn finish(mut self) -> InputReport {
        if self.arriving.as_ref().is_some_and(|a| !a.ended) {
            self.end();
        }
        while !self.step(usize::MAX) {}
        match self.state {
            State::Failed(report) => *report,
            // Not reached: once the last piece has come, the file is being read or failed.
            State::Waiting(_) => InputReport::failed(
                self.arriving.as_ref().map_or(Input::Staff, |a| a.input),
                &ReadError::Empty,
                &RecordSettings::default(),
            ),
            State::Reading { reader, acc, .. } => {
                let info = TableInfo {
                    encoding: reader.encoding,
                    delimiter: reader.delimiter,
                    header_row: reader.header_row,
                    rows: acc.counts.read,
                };
                acc.finish(info)
            }
        }
    }
}

/// Reads one extract from its bytes, one row at a time, and adds it up.
pub fn aggregate_input(input: Input, bytes: &[u8], settings: &RecordSettings) -> InputReport {
    InputAggregator::new(input, bytes, settings).finish()
}

/// Adds up one extract already read into a [`Table`] (by [`crate::read::read_table`]).
pub fn aggregate_table(input: Input, table: &Table, settings: &RecordSettings) -> InputReport {
    let mut acc = Accumulator::new(input, &table.header, settings);
    for row in &table.rows {
        acc.push(row);
    }
    acc.finish(TableInfo {
        encoding: table.encoding,
        delimiter: table.delimiter,
        header_row: table.header_row,
        rows: table.rows.len(),
    })
}

// ------------------------------------------------------------------------------ combined

/// One row of the submission file the aggregate makes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AggregateRow {
    pub workforce: Workforce,
    pub measure: Measure,
    /// The pay band of a staff row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pay_band: Option<String>,
    /// By census category in [`Ethnicity::all`] order (19 categories, then not known).
    pub counts: [u64; N],
}

impl AggregateRow {
    pub fn count(&self, e: Ethnicity) -> u64 {
        self.counts[e.index()]
    }

    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// The counts grouped as the engine uses them: white, minority ethnic, not known, and
    /// the four broad groups.
    pub fn grouped(&self) -> Counts {
        let mut c = Counts {
            groups: Some([0; 4]),
            ..Counts::default()
        };
        let mut groups = [0u64; 4];
        for e in Ethnicity::all() {
            let n = self.count(e);
            match e.grouping() {
                Some(Grouping::White) => c.white += n,
                Some(Grouping::Minority(g)) => {
                    c.minority_ethnic += n;
                    groups[g as usize] += n;
                }
                None => c.not_known += n,
            }
        }
        c.groups = Some(groups);
        c
    }
}

/// The extracts added up: what each extract's report says, and the rows of the submission
/// file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Aggregate {
    /// One report per extract given, in [`Input::ALL`] order.
    pub inputs: Vec<InputReport>,
    /// The submission file's rows, in file order: per workforce (adults, then children),
    /// the staff rows (one per pay band), then the other measures in template order. A row
    /// is present only when its extract was given, has usable rows for the workforce, and
    /// (for a yes/no measure) has the column.
    pub rows: Vec<AggregateRow>,
    /// Issues about the aggregate as a whole.
    pub issues: Vec<Issue>,
}

/// Which extract a yes/no field's column is in.
fn input_of(field: Field) -> Input {
    match field {
        Field::Appointed => Input::Shortlisted,
        Field::HarassmentPublic | Field::HarassmentColleagues | Field::HarassmentManagers => {
            Input::Survey
        }
        _ => Input::Staff,
    }
}

/// Puts the extracts' reports together (at most one per extract; a later report for the
/// same extract replaces an earlier one).
pub fn combine(reports: Vec<InputReport>) -> Aggregate {
    let mut by_input: BTreeMap<Input, InputReport> = BTreeMap::new();
    for r in reports {
        by_input.insert(r.input, r);
    }
    let mut rows = Vec::new();
    for w in WORKFORCES {
        let present = |i: Input| {
            by_input
                .get(&i)
                .filter(|r| r.usable() && r.tally.present[wi(w)])
        };
        for m in Measure::ALL {
            match m {
                Measure::Staff => {
                    if let Some(r) = present(Input::Staff) {
                        for (name, counts) in r.pay_bands.iter().zip(&r.tally.bands) {
                            rows.push(AggregateRow {
                                workforce: w,
                                measure: m,
                                pay_band: Some(name.clone()),
                                counts: counts[wi(w)],
                            });
                        }
                    }
                }
                Measure::Shortlisted | Measure::SurveyRespondents => {
                    let input = if m == Measure::Shortlisted {
                        Input::Shortlisted
                    } else {
                        Input::Survey
                    };
                    if let Some(r) = present(input) {
                        rows.push(AggregateRow {
                            workforce: w,
                            measure: m,
                            pay_band: None,
                            counts: r.tally.population[wi(w)],
                        });
                    }
                }
                _ => {
                    let Some(field) = Field::for_measure(m) else {
                        continue;
                    };
                    if let Some(counts) =
                        present(input_of(field)).and_then(|r| r.yes_count(field, w))
                    {
                        rows.push(AggregateRow {
                            workforce: w,
                            measure: m,
                            pay_band: None,
                            counts,
                        });
                    }
                }
            }
        }
    }
    let mut issues = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        if let Some(e) = Ethnicity::all().find(|e| row.count(*e) > MAX_COUNT) {
            let input = match row.measure {
                Measure::Shortlisted | Measure::Appointed => Input::Shortlisted,
                m if Field::for_measure(m).is_some_and(|f| input_of(f) == Input::Survey) => {
                    Input::Survey
                }
                Measure::SurveyRespondents => Input::Survey,
                _ => Input::Staff,
            };
            issues.push(
                Issue::of(
                    Severity::Error,
                    Code::CountTooLarge,
                    input,
                    format!(
                        "The {} count of {} for {} ({}) is {}, more than the submission file \
                         allows (1,000,000). Check the extract holds one row per {}.",
                        e.key(),
                        row.measure.key(),
                        row.workforce.key(),
                        row.pay_band.as_deref().unwrap_or("all"),
                        row.count(e),
                        input.row_noun()
                    ),
                )
                .at(Some(i + 2), Some((3 + e.index(), e.key()))),
            );
        }
    }
    Aggregate {
        inputs: by_input.into_values().collect(),
        rows,
        issues,
    }
}

/// Reads and adds up the extracts given (each as the bytes of a CSV file).
pub fn aggregate(
    staff: Option<&[u8]>,
    shortlisted: Option<&[u8]>,
    survey: Option<&[u8]>,
    settings: &RecordSettings,
) -> Aggregate {
    let reports = [
        (Input::Staff, staff),
        (Input::Shortlisted, shortlisted),
        (Input::Survey, survey),
    ]
    .into_iter()
    .filter_map(|(i, b)| b.map(|b| aggregate_input(i, b, settings)))
    .collect();
    combine(reports)
}

impl Aggregate {
    /// The report for one extract, when it was given.
    pub fn input(&self, input: Input) -> Option<&InputReport> {
        self.inputs.iter().find(|r| r.input == input)
    }

    /// Errors that stop the submission file being written: file-level errors of any
    /// extract, and counts too large for the format.
    pub fn errors(&self) -> Vec<&Issue> {
        self.inputs
            .iter()
            .flat_map(|r| r.file_errors())
            .chain(self.issues.iter())
            .collect()
    }

    /// Rows of all extracts that could not be used.
    pub fn rows_unusable(&self) -> usize {
        self.inputs.iter().map(|r| r.rows_unusable).sum()
    }

    /// True when there are no errors and every row was used or left out on purpose.
    pub fn is_complete(&self) -> bool {
        self.errors().is_empty() && self.rows_unusable() == 0 && !self.rows.is_empty()
    }

    /// The counts as a census-form [`Submission`], or `None` when there are none. Each
    /// entry's row number is its row in [`Aggregate::to_csv`], so
    /// `submission::parse(to_csv())` gives back exactly this submission.
    pub fn submission(&self) -> Option<Submission> {
        if self.rows.is_empty() {
            return None;
        }
        let mut workforces: Vec<WorkforceData> = Vec::new();
        for (i, row) in self.rows.iter().enumerate() {
            let number = i + 2;
            if workforces.last().map(|d| d.workforce) != Some(row.workforce) {
                workforces.push(WorkforceData {
                    workforce: row.workforce,
                    bands: Vec::new(),
                    rows: BTreeMap::new(),
                });
            }
            let Some(wd) = workforces.last_mut() else {
                continue;
            };
            let counts = row.grouped();
            match &row.pay_band {
                Some(name) => wd.bands.push(PayBand {
                    name: name.clone(),
                    counts,
                    row: number,
                }),
                None => {
                    wd.rows.insert(
                        row.measure,
                        Entry {
                            counts,
                            row: number,
                        },
                    );
                }
            }
        }
        Some(Submission {
            form: EthnicityForm::Census,
            workforces,
        })
    }

    /// The submission file (format v1, census form): counts only, no personal data. UTF-8
    /// with a byte-order mark, so that a spreadsheet shows "£" in band names correctly.
    pub fn to_csv(&self) -> String {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        let mut header = vec!["workforce", "measure", "pay_band"];
        header.extend(Ethnicity::all().map(|e| e.key()));
        let _ = w.write_record(&header);
        for row in &self.rows {
            let mut cells = vec![
                row.workforce.key().to_owned(),
                row.measure.key().to_owned(),
                row.pay_band.clone().unwrap_or_default(),
            ];
            cells.extend(row.counts.iter().map(|n| n.to_string()));
            let _ = w.write_record(&cells);
        }
        let bytes = w.into_inner().unwrap_or_default();
        format!("\u{feff}{}", String::from_utf8(bytes).unwrap_or_default())
    }

    /// The settings this run used, to save: `before` with every column used, by header.
    pub fn settings_used(&self, before: &RecordSettings) -> RecordSettings {
        let mut s = before.clone();
        for r in &self.inputs {
            if !r.header.is_empty() {
                *s.mapping_mut(r.input) = r.mapping.clone();
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn census_categories_fill_the_ethnicity_columns() {
        assert_eq!(N, crate::ethnicity::CENSUS_CATEGORIES.len() + 1);
    }
}
