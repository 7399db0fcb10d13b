//! One kind of message for every input: a [`Diagnostic`] has a severity, a stable [`Code`],
//! a position as a spreadsheet shows it (row, column letter, header, the cell's value) and
//! the words. What a message is *about* differs by context, so that part is a parameter:
//! a submission file's messages name a workforce and the metrics they affect
//! ([`crate::submission::About`]), an HR extract's name the extract and the field
//! ([`crate::records::About`]).
//!
//! Each context words its own messages; this module only places them and prints them.

use std::fmt;

use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use crate::read::{column_letter, ReadError};

/// How serious a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The file (or, for an extract, the row) cannot be used until this is fixed.
    Error,
    /// Results are shown, with this caution beside them.
    Warning,
}

impl Severity {
    pub fn key(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A stable identifier for each kind of message (tests and other tools may rely on it; it is
/// written in snake case in JSON). Codes of the submission file and of the HR extracts share
/// one list; the order is the extracts' (their issues are tallied in this order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    // Any file that cannot be read as a table at all (see `From<&ReadError>`).
    /// The file is empty, or has only blank rows.
    EmptyFile,
    /// The file is not text (an Excel workbook saved under another name, a PDF).
    NotText,
    /// The file could not be read as CSV.
    Unreadable,
    /// An Excel workbook that could not be read.
    Workbook,
    /// An Excel workbook with several sheets, and none chosen.
    ChooseSheet,
    /// Submission file: far larger than a file of counts can be.
    FileTooLarge,
    // The header.
    /// A column the file needs is not there.
    MissingColumn,
    /// Submission file: a header this calculator does not know.
    UnknownColumn,
    /// Submission file: the same column twice.
    DuplicateColumn,
    /// Submission file: broad and census ethnicity columns together.
    MixedEthnicityForms,
    /// Extract: the settings put two fields in the same column.
    ColumnChosenTwice,
    /// The file has a header but no rows.
    NoDataRows,
    // An extract that can be used, with a caution.
    /// A column the settings name is not in this file; the field was found by name.
    SavedColumnNotFound,
    /// A column was found only by words in its header: check it.
    ColumnFoundByWords,
    /// The ethnicity column has very many different values: is it the right column?
    ManyEthnicityValues,
    /// Most salaries are under £1,000: are they hourly rates?
    SalariesLookHourly,
    // A row.
    /// The row has more filled cells than the header, or too few.
    WrongCellCount,
    /// The workforce cell is empty or not a workforce.
    UnknownWorkforce,
    /// Submission file: the measure cell is empty or not a measure.
    UnknownMeasure,
    /// The pay band cell is empty.
    MissingPayBand,
    /// More pay bands than any pay structure has.
    TooManyPayBands,
    /// Extract: the salary cell is empty.
    MissingSalary,
    /// Extract: the salary cell is not a number.
    NotASalary,
    /// Extract: the salary is negative.
    NegativeSalary,
    /// Extract: a yes/no cell holds something else.
    NotAYesNo,
    /// Extract: referred to fitness to practise, but not marked as a regulated professional.
    ReferredNotRegulated,
    /// Submission file: a second row for the same workforce and measure (or pay band).
    DuplicateRow,
    /// Submission file: a count cell is empty.
    MissingCount,
    /// Submission file: a count cell is not a number.
    NotANumber,
    /// Submission file: a count looks suppressed ("<5", "*").
    SuppressedCount,
    /// Submission file: a negative count.
    NegativeCount,
    /// Submission file: a count with a fraction.
    FractionalCount,
    /// A count is larger than the submission format allows.
    CountTooLarge,
    // Submission file: cautions that let results show.
    PayBandIgnored,
    MoreEventsThanPopulation,
    LowDeclarationRate,
    SmallNumbers,
    MissingRows,
    // Several councils' files compared (crate::councils).
    /// The same file given twice: the repeat is left out.
    SameFile,
    /// Two files with the same council name (from their file names).
    SameCouncilName,
}

impl Code {
    /// For an extract: whether the issue makes its row unusable.
    pub fn row_unusable(self) -> bool {
        matches!(
            self,
            Code::WrongCellCount
                | Code::UnknownWorkforce
                | Code::MissingPayBand
                | Code::TooManyPayBands
                | Code::MissingSalary
                | Code::NotASalary
                | Code::NegativeSalary
                | Code::NotAYesNo
        )
    }
}

/// The one mapping from a file that cannot be read to its code.
impl From<&ReadError> for Code {
    fn from(e: &ReadError) -> Code {
        match e {
            ReadError::Empty => Code::EmptyFile,
            ReadError::NotText { .. } => Code::NotText,
            ReadError::Csv { .. }
            | ReadError::RowTooLong { .. }
            | ReadError::Stopped
            | ReadError::TooLargeForPage { .. } => Code::Unreadable,
            ReadError::Workbook(crate::read::xlsx::XlsxError::ChooseSheet { .. }) => {
                Code::ChooseSheet
            }
            ReadError::Workbook(_) => Code::Workbook,
        }
    }
}

/// What a message is about, beyond its place: printed before the place, if at all, and
/// written into the message's JSON after the place.
pub trait About {
    /// A word that leads the printed message ("staff" for the staff extract).
    fn lead(&self) -> Option<&'static str> {
        None
    }

    /// Writes its fields into the message's JSON object.
    fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;
}

/// One problem, positioned as a spreadsheet shows it. In JSON: severity, code, row, column
/// (the letter), header, value, then what it is about, then the message; what is not known
/// is left out.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic<A> {
    pub severity: Severity,
    pub code: Code,
    /// The spreadsheet row number (the header is row 1 unless blank rows come first).
    pub row: Option<usize>,
    /// The column index counting from 0 (see `column_letter`).
    pub column_index: Option<usize>,
    /// The column letter as a spreadsheet shows it ("D").
    pub column_letter: Option<String>,
    /// The column's header in the file.
    pub header: Option<String>,
    /// The offending cell's content.
    pub value: Option<String>,
    /// What the message is about (a workforce and metrics, an extract and a field).
    pub about: A,
    /// What is wrong and how to fix it, in plain English.
    pub message: String,
}

/// Written by hand rather than with serde's `flatten`, whose general code for the fields of
/// `about` the web app would carry for this one type.
impl<A: About> Serialize for Diagnostic<A> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("severity", &self.severity)?;
        map.serialize_entry("code", &self.code)?;
        if let Some(row) = self.row {
            map.serialize_entry("row", &row)?;
        }
        for (key, text) in [
            ("column", &self.column_letter),
            ("header", &self.header),
            ("value", &self.value),
        ] {
            if let Some(text) = text {
                map.serialize_entry(key, text)?;
            }
        }
        self.about.write(&mut map)?;
        map.serialize_entry("message", &self.message)?;
        map.end()
    }
}

impl<A> Diagnostic<A> {
    pub fn new(severity: Severity, code: Code, about: A, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            row: None,
            column_index: None,
            column_letter: None,
            header: None,
            value: None,
            about,
            message: message.into(),
        }
    }

    pub fn at_row(mut self, row: usize) -> Self {
        self.row = Some(row);
        self
    }

    pub fn at_cell(self, row: usize, column: usize, header: &str) -> Self {
        self.at(Some(row), Some((column, header)))
    }

    /// Places the message at a row, a column (index and header), both or neither.
    pub fn at(mut self, row: Option<usize>, column: Option<(usize, &str)>) -> Self {
        self.row = row;
        if let Some((i, h)) = column {
            self.column_index = Some(i);
            self.column_letter = Some(column_letter(i));
            self.header = Some(h.to_owned());
        }
        self
    }

    pub fn with_value(mut self, value: &str) -> Self {
        self.value = Some(value.to_owned());
        self
    }

    /// Where it points, in words: "row 5, column D (white)".
    pub fn location(&self) -> Option<String> {
        let row = self.row.map(|r| format!("row {r}"));
        let col = match (&self.column_letter, &self.header) {
            (Some(l), Some(h)) if !h.is_empty() => Some(format!("column {l} ({h})")),
            (Some(l), _) => Some(format!("column {l}")),
            _ => None,
        };
        match (row, col) {
            (Some(r), Some(c)) => Some(format!("{r}, {c}")),
            (r, c) => r.or(c),
        }
    }

    /// The message for a reader, led by its place: "Row 5, column D (white): ...".
    pub fn located_text(&self) -> String {
        match self.location() {
            Some(loc) => format!("{}: {}", crate::format::capitalised(&loc), self.message),
            None => self.message.clone(),
        }
    }
}

impl<A: Default> Diagnostic<A> {
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Error, code, A::default(), message)
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Warning, code, A::default(), message)
    }
}

/// "error: row 5, column D (white): ..." (led by what it is about, where that says).
impl<A: About> fmt::Display for Diagnostic<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.severity.key())?;
        if let Some(lead) = self.about.lead() {
            write!(f, "{lead}: ")?;
        }
        if let Some(loc) = self.location() {
            write!(f, "{loc}: ")?;
        }
        f.write_str(&self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default)]
    struct Nothing {}
    impl About for Nothing {
        fn write<M: SerializeMap>(&self, _: &mut M) -> Result<(), M::Error> {
            Ok(())
        }
    }

    #[test]
    fn location_names_row_column_and_header_as_far_as_known() {
        let d = Diagnostic::<Nothing>::error(Code::NotANumber, "Bad.");
        assert_eq!(d.location(), None);
        assert_eq!(d.to_string(), "error: Bad.");
        let d = d.at_cell(5, 3, "white");
        assert_eq!(d.location().as_deref(), Some("row 5, column D (white)"));
        assert_eq!(d.located_text(), "Row 5, column D (white): Bad.");
        let d =
            Diagnostic::<Nothing>::warning(Code::WrongCellCount, "Extra.").at(None, Some((0, "")));
        assert_eq!(d.to_string(), "warning: column A: Extra.");
    }

    #[test]
    fn json_keeps_the_field_order_and_leaves_out_what_is_unknown() {
        let d = Diagnostic::<Nothing>::error(Code::MissingCount, "Empty.").at_cell(2, 27, "x");
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            r#"{"severity":"error","code":"missing_count","row":2,"column":"AB","header":"x","message":"Empty."}"#
        );
    }
}
