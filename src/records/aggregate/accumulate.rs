//! One extract added up a row at a time ([`Accumulator`]): each row's shape checked, then one
//! step per field (workforce, ethnicity, pay band or salary, the yes/no fields), then the row
//! counted. What an issue says is in [`super::messages`].

use std::collections::BTreeMap;

use super::cache::{Cache, FastMap};
use super::checks::column_issues;
use super::counts::{RowCounts, Tally};
use super::messages;
use super::summary::{ValueSource, Values};
use super::{wi, Cells, LISTED_PER_KIND, LISTED_TOTAL, ZERO};
use crate::diag::Severity;
use crate::model::Workforce;
use crate::model::MAX_PAY_BANDS;
use crate::records::columns::{resolve, ColumnUse, Field, FieldKind, Input};
use crate::records::values::{
    band_key, band_name, parse_salary, recognise_ethnicity, recognise_workforce, recognise_yes_no,
    salary_band, salary_band_names, Ethnicity, SalaryProblem, WorkforceChoice,
};
use crate::records::{Code, Issue, RecordSettings};

/// Where the pay band comes from.
#[derive(Clone, Copy)]
pub(super) enum Pay {
    None,
    Band(usize),
    Salary(usize),
}

/// What a row's workforce is.
enum RowWorkforce {
    Is(Workforce),
    /// Left out by the settings: the row is not looked at further.
    Excluded,
    /// Not known (an issue says why): the row is unusable.
    Unknown,
}

/// One extract being added up.
pub(super) struct Accumulator {
    pub(super) input: Input,
    pub(super) settings: RecordSettings,
    pub(super) header: Vec<String>,
    width: usize,
    pub(super) uses: Vec<ColumnUse>,
    /// Whether a file-level error stops the rows being counted.
    pub(super) fatal: bool,
    pub(super) fixed: Option<Workforce>,
    workforce_col: Option<usize>,
    pub(super) ethnicity_col: Option<usize>,
    pub(super) pay: Pay,
    /// (field, column) for every yes/no field with a column.
    yes_fields: Vec<(Field, usize)>,
    /// Whether empty, Y, N, 1 and 0 keep their built-in meaning (no choice in the settings
    /// overrides them), so they need no look-up.
    quick_yes_no: bool,
    /// The rightmost column used.
    max_col: usize,
    pub(super) tally: Tally,
    pub(super) band_names: Vec<String>,
    pub(super) band_by_key: FastMap<String, usize>,
    band_cache: Cache<usize>,
    pub(super) ethnicity: Values<Ethnicity>,
    pub(super) workforce: Values<Option<WorkforceChoice>>,
    /// By [`Field::index`].
    pub(super) yes_no: Vec<Values<Option<bool>>>,
    pub(super) counts: RowCounts,
    pub(super) issues: Vec<Issue>,
    /// Row-level issues listed, by kind and column.
    listed: FastMap<(Code, Option<usize>), usize>,
    /// Row-level issues counted but not listed, by kind and column.
    pub(super) not_listed: BTreeMap<(Code, Option<usize>), u64>,
}

impl Accumulator {
    pub(super) fn new(input: Input, header: &[String], settings: &RecordSettings) -> Self {
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
        let issues = column_issues(input, header, &resolved, mapping.workforce);
        Accumulator {
            input,
            settings: settings.clone(),
            header: header.to_vec(),
            width: header.len(),
            uses: resolved.uses.clone(),
            fatal: issues.iter().any(|i| i.severity == Severity::Error),
            fixed: mapping.workforce,
            workforce_col: col(Field::Workforce),
            ethnicity_col: col(Field::Ethnicity),
            pay,
            yes_fields,
            quick_yes_no: ["", "y", "n", "1", "0"]
                .iter()
                .all(|k| !settings.yes_no_values.contains_key(*k)),
            max_col,
            tally: Tally::empty(band_names.len()),
            band_names,
            band_by_key: FastMap::default(),
            band_cache: Cache::new(),
            ethnicity: Values::new(Field::Ethnicity, true),
            workforce: Values::new(Field::Workforce, true),
            yes_no: Field::ALL.iter().map(|&f| Values::new(f, false)).collect(),
            counts: RowCounts::default(),
            issues,
            listed: FastMap::default(),
            not_listed: BTreeMap::new(),
        }
    }

    // -------------------------------------------------------------------------- issues

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
    pub(super) fn may_list(&mut self, code: Code, col: Option<usize>) -> bool {
        let listed = self.listed.entry((code, col)).or_insert(0);
        if *listed >= LISTED_PER_KIND || self.issues.len() >= LISTED_TOTAL {
            *self.not_listed.entry((code, col)).or_insert(0) += 1;
            return false;
        }
        *listed += 1;
        true
    }

    // -------------------------------------------------------------------------- rows

    /// Adds up one row: its shape, then each field in turn (an issue for each field that
    /// makes it unusable), then its counts.
    pub(super) fn push<C: Cells>(&mut self, row: &C) {
        self.counts.read += 1;
        if self.fatal {
            return;
        }
        if !self.has_its_shape(row) {
            self.counts.unusable += 1;
            return;
        }
        let workforce = self.workforce(row);
        if matches!(workforce, RowWorkforce::Excluded) {
            self.counts.excluded += 1;
            return;
        }
        let ethnicity = self.ethnicity(row);
        let band = self.band(row);
        let yes = self.yes_no(row);
        let has_band = band.is_some() || self.input != Input::Staff;
        match (workforce, yes) {
            (RowWorkforce::Is(w), Some(yes)) if has_band => {
                self.count(w, ethnicity, band, yes);
                self.check_referral(row, yes);
            }
            _ => self.counts.unusable += 1,
        }
    }

    /// Whether a row has no values beyond the header and every column used (an issue says
    /// what is wrong when it does not).
    fn has_its_shape<C: Cells>(&mut self, row: &C) -> bool {
        let (r, len, width) = (row.number(), row.len(), self.width);
        // Only a row longer than the header can have values beyond it.
        let filled = if len <= width {
            0
        } else {
            (0..len)
                .rev()
                .find(|&i| !row.get(i).is_empty())
                .map_or(0, |i| i + 1)
        };
        if filled > width {
            let extra = (width..filled)
                .find(|&i| !row.get(i).is_empty())
                .unwrap_or(width);
            self.note(
                Severity::Error,
                Code::WrongCellCount,
                r,
                Some(extra),
                None,
                row.get(extra),
                || messages::too_many_cells(filled, width),
            );
            return false;
        }
        if len <= self.max_col {
            self.note(
                Severity::Error,
                Code::WrongCellCount,
                r,
                Some(len),
                None,
                "",
                || messages::too_few_cells(len, width),
            );
            return false;
        }
        true
    }

    /// The row's workforce: the one the settings give every row, or its cell's meaning.
    fn workforce<C: Cells>(&mut self, row: &C) -> RowWorkforce {
        let c = match (self.fixed, self.workforce_col) {
            (Some(w), _) => return RowWorkforce::Is(w),
            (None, Some(c)) => c,
            (None, None) => return RowWorkforce::Unknown,
        };
        let (r, cell) = (row.number(), row.get(c));
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
        match choice.map(|c| c.workforce()) {
            Some(Some(w)) => RowWorkforce::Is(w),
            Some(None) => RowWorkforce::Excluded,
            None => {
                self.note(
                    Severity::Error,
                    Code::UnknownWorkforce,
                    r,
                    Some(c),
                    Some(Field::Workforce),
                    cell,
                    || messages::unknown_workforce(cell),
                );
                RowWorkforce::Unknown
            }
        }
    }

    /// The row's census category: never an error; unmatched values count as not known and
    /// are listed.
    fn ethnicity<C: Cells>(&mut self, row: &C) -> Ethnicity {
        let Some(c) = self.ethnicity_col else {
            return Ethnicity::NotKnown;
        };
        let settings = &self.settings;
        self.ethnicity.lookup(row.get(c), row.number(), |raw, key| {
            if let Some(e) = settings.ethnicity_values.get(key) {
                (*e, ValueSource::YourChoice)
            } else if let Some(e) = recognise_ethnicity(raw) {
                (e, ValueSource::BuiltIn)
            } else {
                (Ethnicity::NotKnown, ValueSource::Unmatched)
            }
        })
    }

    /// The row's pay band (by index), from its pay band or salary cell.
    fn band<C: Cells>(&mut self, row: &C) -> Option<usize> {
        match self.pay {
            Pay::None => None,
            Pay::Band(c) => self.pay_band(row.get(c), row.number(), c),
            Pay::Salary(c) => self.salary(row.get(c), row.number(), c),
        }
    }

    /// The band index of a pay band cell, adding a band the first time it is met.
    fn pay_band(&mut self, cell: &str, r: usize, c: usize) -> Option<usize> {
        if let Some(b) = self.band_cache.get(cell) {
            return Some(b);
        }
        match self.new_pay_band(cell) {
            Ok(b) => {
                self.band_cache.insert(cell, b);
                Some(b)
            }
            Err(code) => {
                let message: fn() -> String = match code {
                    Code::MissingPayBand => messages::missing_pay_band,
                    _ => messages::too_many_pay_bands,
                };
                let field = Some(Field::PayBand);
                self.note(Severity::Error, code, r, Some(c), field, cell, message);
                None
            }
        }
    }

    /// The band index of a pay band cell not met before (a band its name has, or a new
    /// one); or the kind of issue when the cell gives no band.
    fn new_pay_band(&mut self, cell: &str) -> Result<usize, Code> {
        if cell.is_empty() {
            return Err(Code::MissingPayBand);
        }
        let name = band_name(cell);
        let key = band_key(&name);
        if let Some(&b) = self.band_by_key.get(&key) {
            return Ok(b);
        }
        if self.band_names.len() >= MAX_PAY_BANDS {
            return Err(Code::TooManyPayBands);
        }
        self.band_names.push(name);
        self.tally.bands.push(ZERO);
        let b = self.band_names.len() - 1;
        self.band_by_key.insert(key, b);
        Ok(b)
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
                let code = match p {
                    SalaryProblem::Missing => Code::MissingSalary,
                    SalaryProblem::NotANumber => Code::NotASalary,
                    SalaryProblem::Negative => Code::NegativeSalary,
                };
                self.note(
                    Severity::Error,
                    code,
                    r,
                    Some(c),
                    Some(Field::Salary),
                    cell,
                    || messages::salary_problem(p, cell),
                );
                None
            }
        }
    }

    /// The row's "yes" answers, one bit per field (by [`Field::index`]); `None` when a
    /// yes/no cell is neither yes nor no (an issue for each such cell).
    fn yes_no<C: Cells>(&mut self, row: &C) -> Option<u32> {
        let mut yes: u32 = 0;
        let mut known = true;
        for k in 0..self.yes_fields.len() {
            let (field, c) = self.yes_fields[k];
            let cell = row.get(c);
            match self.yes_or_no(field, cell, row.number()) {
                Some(true) => yes |= 1 << field.index(),
                Some(false) => {}
                None => {
                    known = false;
                    self.note(
                        Severity::Error,
                        Code::NotAYesNo,
                        row.number(),
                        Some(c),
                        Some(field),
                        cell,
                        || messages::not_a_yes_no(cell),
                    );
                }
            }
        }
        known.then_some(yes)
    }

    /// What a yes/no cell means: the common one-letter values straight away, others by
    /// look-up.
    #[inline(always)]
    fn yes_or_no(&mut self, field: Field, cell: &str, r: usize) -> Option<bool> {
        if self.quick_yes_no && cell.len() < 2 {
            match cell.as_bytes().first() {
                None | Some(b'N' | b'n' | b'0') => return Some(false),
                Some(b'Y' | b'y' | b'1') => return Some(true),
                _ => {}
            }
        }
        let settings = &self.settings;
        self.yes_no[field.index()].lookup(cell, r, |raw, key| {
            if let Some(b) = settings.yes_no_values.get(key) {
                (Some(*b), ValueSource::YourChoice)
            } else if let Some(b) = recognise_yes_no(raw) {
                (Some(b), ValueSource::BuiltIn)
            } else {
                (None, ValueSource::Unmatched)
            }
        })
    }

    /// Counts a usable row.
    fn count(&mut self, w: Workforce, e: Ethnicity, band: Option<usize>, yes: u32) {
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
    }

    /// A caution for a usable row referred to fitness to practise but not marked as a
    /// regulated professional (when the extract has that column).
    fn check_referral<C: Cells>(&mut self, row: &C, yes: u32) {
        let referred = 1 << Field::FtpReferral.index();
        let regulated = 1 << Field::RegulatedProfessional.index();
        let has_regulated = self
            .yes_fields
            .iter()
            .any(|(f, _)| *f == Field::RegulatedProfessional);
        if yes & referred == 0 || !has_regulated || yes & regulated != 0 {
            return;
        }
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
            row.number(),
            c,
            Some(Field::FtpReferral),
            cell,
            messages::referred_not_regulated,
        );
    }
}
