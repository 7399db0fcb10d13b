//! From raw HR extracts to the submission file: record-level inputs aggregated into counts.
//!
//! Three extracts, each a CSV file read by the same tolerant reader as the submission file
//! ([`crate::read`]; [`stream::RowReader`] reads it one row at a time):
//!
//! - staff records ([`Input::Staff`]): one row per directly employed member of staff, with
//!   workforce, ethnicity, pay band or salary, and yes/no columns (senior manager,
//!   regulated professional, entered formal disciplinary, referred to fitness to practise,
//!   accessed funded non-mandatory CPD, left in the period);
//! - shortlisted applicants ([`Input::Shortlisted`]): one row per shortlisted application,
//!   with workforce, ethnicity and appointed;
//! - survey responses ([`Input::Survey`]): one row per respondent, with workforce,
//!   ethnicity and harassment from the public, from colleagues and from managers.
//!
//! How a screen uses it:
//!
//! 1. [`preview`] (or [`crate::read::read_table`]) a file to show its header and first rows;
//!    [`resolve`] the [`Mapping`] in the [`RecordSettings`] against the header to show which
//!    column holds which [`Field`]; the person changes it with [`Mapping::set`].
//! 2. [`aggregate_input`] each file (or step through it with [`InputAggregator`] to show
//!    progress): an [`InputReport`] with the columns used, row counts
//!    (used, unusable, left out), every distinct ethnicity value and what it counts as,
//!    yes/no and workforce values that need a choice, and positioned [`Issue`]s.
//! 3. [`combine`] the reports into an [`Aggregate`]: its [`Aggregate::submission`] feeds
//!    [`crate::results::compute`], and [`Aggregate::to_csv`] is the format-v1 submission
//!    file (counts only) that [`crate::submission::parse`] reads back to the same
//!    submission.
//! 4. Save [`Aggregate::settings_used`] as JSON ([`RecordSettings::to_json`]): header names
//!    and choices only, never data, to reload next year.
//!
//! docs/record-level-input.md describes the inputs for people.

mod aggregate;
mod columns;
pub mod example;
pub mod sample;
mod values;

use std::collections::BTreeMap;

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};

pub use aggregate::{
    aggregate, aggregate_input, aggregate_table, combine, count_in_pieces, Aggregate, AggregateRow,
    InputAggregator, InputReport, IssueTally, Piece, PieceCounter, PieceMerger, Split,
    UnusedColumn, ValueSource, ValueSummary,
};
pub use columns::{
    detect, mapping_used, resolve, ColumnSource, ColumnUse, Field, FieldKind, Input, Mapping,
    Resolved,
};
pub use values::{
    is_date, parse_salary, pounds, recognise_ethnicity, recognise_workforce, recognise_yes_no,
    salary_band, salary_band_names, value_key, Ethnicity, SalaryProblem, WorkforceChoice,
};

use crate::diag::{self, Code, Diagnostic, Severity};
use crate::model::MAX_PAY_BANDS;

/// What identifies a settings file.
pub const SETTINGS_FORMAT: &str = "sc-wres-record-settings";

/// The default salary thresholds in whole pounds: the SC-WRES 2024 report's bands, "Under
/// £30,000", "£30,000 to £69,999" and "£70,000 and over".
pub const DEFAULT_SALARY_THRESHOLDS: [u64; 2] = [30_000, 70_000];

/// Every choice the aggregation makes that a person can change, and nothing else: column
/// headers, salary thresholds and what particular values mean. It holds no data, so it can
/// be saved and used again next year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RecordSettings {
    /// Always [`SETTINGS_FORMAT`].
    pub format: String,
    pub version: u32,
    /// Salary thresholds in whole pounds, increasing: a salary at or above a threshold is in
    /// the band that starts there.
    pub salary_thresholds: Vec<u64>,
    pub staff: Mapping,
    pub shortlisted: Mapping,
    pub survey: Mapping,
    /// Ethnicity values (by [`value_key`]) and the category the person chose for each.
    /// These win over the built-in recognition.
    pub ethnicity_values: BTreeMap<String, Ethnicity>,
    /// Yes/no values (by [`value_key`]) and their meaning: true for yes.
    pub yes_no_values: BTreeMap<String, bool>,
    /// Workforce values (by [`value_key`]) and the workforce, or "exclude".
    pub workforce_values: BTreeMap<String, WorkforceChoice>,
}

impl Default for RecordSettings {
    fn default() -> Self {
        RecordSettings {
            format: SETTINGS_FORMAT.to_owned(),
            version: 1,
            salary_thresholds: DEFAULT_SALARY_THRESHOLDS.to_vec(),
            staff: Mapping::default(),
            shortlisted: Mapping::default(),
            survey: Mapping::default(),
            ethnicity_values: BTreeMap::new(),
            yes_no_values: BTreeMap::new(),
            workforce_values: BTreeMap::new(),
        }
    }
}

impl RecordSettings {
    pub fn mapping(&self, input: Input) -> &Mapping {
        match input {
            Input::Staff => &self.staff,
            Input::Shortlisted => &self.shortlisted,
            Input::Survey => &self.survey,
        }
    }

    pub fn mapping_mut(&mut self, input: Input) -> &mut Mapping {
        match input {
            Input::Staff => &mut self.staff,
            Input::Shortlisted => &mut self.shortlisted,
            Input::Survey => &mut self.survey,
        }
    }

    /// Reads a settings file, checking it and keying every value choice by [`value_key`]
    /// (so a hand-edited "Latin American" works as well as "latin_american").
    pub fn from_json(text: &str) -> Result<RecordSettings, String> {
        let mut s: RecordSettings = serde_json::from_str(text)
            .map_err(|e| format!("The settings file could not be read: {e}."))?;
        if s.format != SETTINGS_FORMAT {
            return Err(format!(
                "This is not an SC-WRES record settings file (its \"format\" is \"{}\", not \
                 \"{SETTINGS_FORMAT}\").",
                s.format
            ));
        }
        if s.version != 1 {
            return Err(format!(
                "The settings file is version {}; this calculator reads version 1.",
                s.version
            ));
        }
        check_thresholds(&s.salary_thresholds)?;
        s.ethnicity_values = rekey(s.ethnicity_values);
        s.yes_no_values = rekey(s.yes_no_values);
        s.workforce_values = rekey(s.workforce_values);
        Ok(s)
    }

    /// The settings as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// Sets the salary thresholds (whole pounds, increasing, above 0).
    pub fn set_salary_thresholds(&mut self, thresholds: Vec<u64>) -> Result<(), String> {
        check_thresholds(&thresholds)?;
        self.salary_thresholds = thresholds;
        Ok(())
    }

    /// Records the person's choice for an ethnicity value.
    pub fn choose_ethnicity(&mut self, value: &str, ethnicity: Ethnicity) {
        self.ethnicity_values.insert(value_key(value), ethnicity);
    }

    /// Records the person's choice for a yes/no value.
    pub fn choose_yes_no(&mut self, value: &str, yes: bool) {
        self.yes_no_values.insert(value_key(value), yes);
    }

    /// Records the person's choice for a workforce value.
    pub fn choose_workforce(&mut self, value: &str, choice: WorkforceChoice) {
        self.workforce_values.insert(value_key(value), choice);
    }
}

fn rekey<V>(map: BTreeMap<String, V>) -> BTreeMap<String, V> {
    map.into_iter().map(|(k, v)| (value_key(&k), v)).collect()
}

fn check_thresholds(t: &[u64]) -> Result<(), String> {
    if t.is_empty() {
        return Err("Give at least one salary threshold, such as 30000,70000.".to_owned());
    }
    if t.len() >= MAX_PAY_BANDS {
        return Err(format!(
            "Give at most {} salary thresholds, not {}: they make one pay band more than \
             there are thresholds, and the calculator takes at most {MAX_PAY_BANDS} pay bands \
             (SC-WRES reports use a handful).",
            MAX_PAY_BANDS - 1,
            crate::format::count(t.len() as u64)
        ));
    }
    if t[0] == 0 || t.windows(2).any(|w| w[0] >= w[1]) {
        return Err(format!(
            "Salary thresholds must be above 0 and increasing, such as 30000,70000 (not {}).",
            t.iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join(",")
        ));
    }
    Ok(())
}

/// Reads salary thresholds written as "30000,70000" (whole pounds; "£" and "30k" are not
/// accepted, to keep the meaning plain).
pub fn parse_salary_thresholds(text: &str) -> Result<Vec<u64>, String> {
    let t = text
        .split(',')
        .map(|p| {
            p.trim().parse::<u64>().map_err(|_| {
                format!(
                    "\"{}\" is not a whole number of pounds: write thresholds such as \
                     30000,70000.",
                    p.trim()
                )
            })
        })
        .collect::<Result<Vec<u64>, String>>()?;
    check_thresholds(&t)?;
    Ok(t)
}

/// What an extract's message is about, beyond its place: the extract, and the field when
/// the message is about one column's values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct About {
    pub input: Input,
    pub field: Option<Field>,
}

impl diag::About for About {
    fn lead(&self) -> Option<&'static str> {
        Some(self.input.key())
    }

    fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        map.serialize_entry("input", &self.input)?;
        if let Some(field) = self.field {
            map.serialize_entry("field", &field)?;
        }
        Ok(())
    }
}

/// An issue as its JSON holds it (see [`Diagnostic`]'s `Serialize`), to read one back: the
/// web workers send their issues to the page this way.
#[derive(Deserialize)]
struct IssueJson {
    severity: Severity,
    code: Code,
    row: Option<usize>,
    column: Option<String>,
    header: Option<String>,
    value: Option<String>,
    input: Input,
    field: Option<Field>,
    message: String,
}

impl<'de> Deserialize<'de> for Issue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let j = IssueJson::deserialize(d)?;
        Ok(Diagnostic {
            severity: j.severity,
            code: j.code,
            row: j.row,
            column_index: None,
            column_letter: j.column,
            header: j.header,
            value: j.value,
            about: About {
                input: j.input,
                field: j.field,
            },
            message: j.message,
        })
    }
}

/// One problem with an extract, positioned as a spreadsheet shows it. `Error`: the row (or,
/// without a row, the file) cannot be used. `Warning`: a caution.
pub type Issue = Diagnostic<About>;

impl Issue {
    pub(crate) fn of(severity: Severity, code: Code, input: Input, message: String) -> Issue {
        Diagnostic::new(severity, code, About { input, field: None }, message)
    }

    pub(crate) fn for_field(mut self, field: Field) -> Issue {
        self.about.field = Some(field);
        self
    }
}
