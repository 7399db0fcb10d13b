//! What reading one extract found ([`InputReport`]), and how an [`Accumulator`] that has
//! added up all the rows makes it.

use serde::Serialize;

use super::accumulate::{Accumulator, Pay};
use super::counts::Tally;
use super::messages;
use super::summary::{ValueSource, ValueSummary};
use super::{wi, MANY_ETHNICITY_VALUES, N};
use crate::diag::Severity;
use crate::model::Workforce;
use crate::read::{column_letter, Encoding, ReadError, Table};
use crate::records::columns::{mapping_used, ColumnUse, Field, Input, Mapping};
use crate::records::values::{Ethnicity, WorkforceChoice};
use crate::records::{Code, Issue, RecordSettings};

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
    /// Every distinct ethnicity value met (up to 500) and what it counts as, in the order
    /// first met.
    pub ethnicity_values: Vec<ValueSummary<Ethnicity>>,
    /// Rows whose ethnicity value is beyond the first 500 distinct values.
    pub ethnicity_rows_not_listed: u64,
    /// Yes/no values that are unmatched (their rows are unusable until they are chosen) or
    /// chosen in the settings: by field in [`Input::fields`] order, then in the order first
    /// met.
    pub yes_no_values: Vec<ValueSummary<Option<bool>>>,
    /// Every distinct workforce value met, in the order first met.
    pub workforce_values: Vec<ValueSummary<Option<WorkforceChoice>>>,
    /// Issues: about the file first, then by row.
    pub issues: Vec<Issue>,
    /// Issues beyond those listed, counted by kind and column.
    pub issues_not_listed: Vec<IssueTally>,
    #[serde(skip)]
    pub(super) mapping: Mapping,
    #[serde(skip)]
    pub(super) tally: Tally,
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
    pub fn unmatched_ethnicity(&self) -> impl Iterator<Item = &ValueSummary<Ethnicity>> {
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
        let text = match e {
            ReadError::Empty => messages::empty_extract(input),
            e => e.to_string(),
        };
        let mut issue = Issue::of(Severity::Error, Code::from(e), input, text);
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

/// What the report needs to know about the file as read.
pub(super) struct TableInfo {
    pub(super) encoding: Encoding,
    pub(super) delimiter: u8,
    pub(super) header_row: usize,
    /// Non-blank rows below the header.
    pub(super) rows: usize,
}

impl TableInfo {
    /// What a whole table read at once says of itself.
    pub(super) fn of(table: &Table) -> TableInfo {
        TableInfo {
            encoding: table.encoding,
            delimiter: table.delimiter,
            header_row: table.header_row,
            rows: table.rows.len(),
        }
    }
}

impl Accumulator {
    /// The report, once every row has been added up: the cautions about the file as a
    /// whole, the issues in order, and the values and counts.
    pub(super) fn finish(mut self, table: TableInfo) -> InputReport {
        let input = self.input;
        let cautions = [
            self.no_data_rows(&table),
            self.many_ethnicity_values(),
            self.salaries_look_hourly(),
        ];
        self.issues.extend(cautions.into_iter().flatten());
        // File-level issues first, then by row and column.
        self.issues.sort_by_key(|i| {
            (
                i.row.is_some(),
                i.row.unwrap_or(0),
                i.column_index.unwrap_or(0),
            )
        });
        let unused_columns = self.unused_columns();
        let issues_not_listed = self.issues_not_listed();
        let yes_no_values = self.take_yes_no_values();
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
            ethnicity_values: self.ethnicity.list,
            ethnicity_rows_not_listed: self.ethnicity.rows_not_listed,
            yes_no_values,
            workforce_values: self.workforce.list,
            issues: self.issues,
            issues_not_listed,
            mapping,
            tally: if fatal { Tally::empty(0) } else { self.tally },
        }
    }

    /// An error for a file with a header and no rows (unless its columns already stop it).
    fn no_data_rows(&self, table: &TableInfo) -> Option<Issue> {
        if table.rows > 0 || self.fatal {
            return None;
        }
        let text = messages::no_data_rows(table.header_row, self.input);
        Some(Issue::of(
            Severity::Error,
            Code::NoDataRows,
            self.input,
            text,
        ))
    }

    /// A caution when the ethnicity column has more distinct values than one usually has.
    fn many_ethnicity_values(&self) -> Option<Issue> {
        let values = self.ethnicity.list.len();
        if values <= MANY_ETHNICITY_VALUES {
            return None;
        }
        let (i, h) = self
            .ethnicity_col
            .map(|i| (i, self.header[i].clone()))
            .unwrap_or_default();
        let text = messages::many_ethnicity_values(values);
        let issue = Issue::of(
            Severity::Warning,
            Code::ManyEthnicityValues,
            self.input,
            text,
        )
        .at(None, Some((i, &h)))
        .for_field(Field::Ethnicity);
        Some(issue)
    }

    /// A caution when most salaries are under £1,000 (hourly or monthly rates, perhaps).
    fn salaries_look_hourly(&self) -> Option<Issue> {
        let c = &self.counts;
        if c.salaries == 0 || c.salaries_under_1000 * 2 <= c.salaries {
            return None;
        }
        let (i, h) = match self.pay {
            Pay::Salary(i) => (i, self.header[i].clone()),
            _ => (0, String::new()),
        };
        let text = messages::salaries_look_hourly(c.salaries_under_1000, c.salaries);
        let issue = Issue::of(
            Severity::Warning,
            Code::SalariesLookHourly,
            self.input,
            text,
        )
        .at(None, Some((i, &h)))
        .for_field(Field::Salary);
        Some(issue)
    }

    /// The header's columns that no field uses.
    fn unused_columns(&self) -> Vec<UnusedColumn> {
        let used: Vec<usize> = self.uses.iter().filter_map(|u| u.index).collect();
        self.header
            .iter()
            .enumerate()
            .filter(|(i, _)| !used.contains(i))
            .map(|(i, h)| UnusedColumn {
                index: i,
                letter: column_letter(i),
                header: h.clone(),
            })
            .collect()
    }

    /// The row-level issues counted but not listed, by kind (in [`Code`] order) and column.
    fn issues_not_listed(&self) -> Vec<IssueTally> {
        self.not_listed
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
            .collect()
    }

    /// The yes/no values listed, field by field in [`Input::fields`] order.
    fn take_yes_no_values(&mut self) -> Vec<ValueSummary<Option<bool>>> {
        let mut values = Vec::new();
        for &f in self.input.fields() {
            values.append(&mut self.yes_no[f.index()].list);
        }
        values
    }
}
