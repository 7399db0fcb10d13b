//! The extracts' reports put together ([`combine`]): the rows of the submission file
//! ([`Aggregate`]), as counts, as a [`Submission`] and as the format-v1 file.

use std::collections::BTreeMap;

use serde::Serialize;

use super::driver::aggregate_input;
use super::messages;
use super::report::InputReport;
use super::{wi, N, WORKFORCES};
use crate::csv_out::{CsvOut, LineEnd};
use crate::diag::Severity;
use crate::ethnicity::Grouping;
use crate::model::{
    Counts, Entry, EthnicityForm, Measure, PayBand, Submission, Workforce, WorkforceData, MAX_COUNT,
};
use crate::read::{Encoding, Row, Table};
use crate::records::columns::{Field, Input};
use crate::records::values::Ethnicity;
use crate::records::{Code, Issue, RecordSettings};

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
            rows.extend(measure_rows(w, m, present));
        }
    }
    let issues = rows
        .iter()
        .enumerate()
        .filter_map(|(i, row)| count_too_large(i, row))
        .collect();
    Aggregate {
        inputs: by_input.into_values().collect(),
        rows,
        issues,
    }
}

/// The submission file's rows for one workforce and measure: one per pay band for staff,
/// otherwise one, when `present` gives the report of the extract that counts it (it was
/// given, is usable and has usable rows for the workforce) and, for a yes/no measure, it has
/// the column.
fn measure_rows<'a>(
    w: Workforce,
    m: Measure,
    present: impl Fn(Input) -> Option<&'a InputReport>,
) -> Vec<AggregateRow> {
    let row = |counts: [u64; N]| AggregateRow {
        workforce: w,
        measure: m,
        pay_band: None,
        counts,
    };
    match m {
        Measure::Staff => present(Input::Staff).map_or_else(Vec::new, |r| {
            r.pay_bands
                .iter()
                .zip(&r.tally.bands)
                .map(|(name, counts)| AggregateRow {
                    pay_band: Some(name.clone()),
                    ..row(counts[wi(w)])
                })
                .collect()
        }),
        Measure::Shortlisted => present(Input::Shortlisted)
            .map(|r| row(r.tally.population[wi(w)]))
            .into_iter()
            .collect(),
        Measure::SurveyRespondents => present(Input::Survey)
            .map(|r| row(r.tally.population[wi(w)]))
            .into_iter()
            .collect(),
        _ => Field::for_measure(m)
            .and_then(|field| present(input_of(field)).and_then(|r| r.yes_count(field, w)))
            .map(row)
            .into_iter()
            .collect(),
    }
}

/// An error for the submission file's row `i` (counting from 0) when a count in it is more
/// than the file allows: the first such category.
fn count_too_large(i: usize, row: &AggregateRow) -> Option<Issue> {
    let e = Ethnicity::all().find(|e| row.count(*e) > MAX_COUNT)?;
    let input = match row.measure {
        Measure::Shortlisted | Measure::Appointed => Input::Shortlisted,
        m if Field::for_measure(m).is_some_and(|f| input_of(f) == Input::Survey) => Input::Survey,
        Measure::SurveyRespondents => Input::Survey,
        _ => Input::Staff,
    };
    let text = messages::count_too_large(
        e.key(),
        row.measure.key(),
        row.workforce.key(),
        row.pay_band.as_deref().unwrap_or("all"),
        row.count(e),
        input,
    );
    let issue = Issue::of(Severity::Error, Code::CountTooLarge, input, text)
        .at(Some(i + 2), Some((3 + e.index(), e.key())));
    Some(issue)
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

    /// The submission file's table (format v1, census form: counts only, no personal data),
    /// numbered as the file [`Aggregate::to_csv`] writes (the header is row 1). The page
    /// checks this table, so the results it shows are those of the file it downloads.
    pub fn table(&self) -> Table {
        let mut header = vec!["workforce".to_owned(), "measure".into(), "pay_band".into()];
        header.extend(Ethnicity::all().map(|e| e.key().to_owned()));
        let rows = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let mut cells = vec![
                    row.workforce.key().to_owned(),
                    row.measure.key().to_owned(),
                    row.pay_band.clone().unwrap_or_default(),
                ];
                cells.extend(row.counts.iter().map(|n| n.to_string()));
                Row {
                    number: i + 2,
                    cells,
                }
            })
            .collect();
        Table {
            encoding: Encoding::Utf8WithBom,
            delimiter: b',',
            header,
            header_row: 1,
            rows,
        }
    }

    /// The submission file: [`Aggregate::table`] as CSV, UTF-8 with a byte-order mark, so
    /// that a spreadsheet shows "£" in band names correctly.
    pub fn to_csv(&self) -> String {
        let table = self.table();
        let mut w = CsvOut::new(LineEnd::Crlf);
        w.row(&table.header);
        for row in &table.rows {
            w.row(&row.cells);
        }
        format!("\u{feff}{}", w.finish())
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
