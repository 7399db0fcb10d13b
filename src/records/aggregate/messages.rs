//! The words of the issues an extract can raise, one function per message, so that the
//! counting code says only when an issue is raised and these say what it tells the person.

use crate::model::MAX_PAY_BANDS;
use crate::records::columns::{Field, Input};
use crate::records::values::SalaryProblem;

// ------------------------------------------------------------------------------ columns

/// The settings name a column for `field` that the file does not have; `found` says what
/// was used instead.
pub(super) fn saved_column_not_found(field: Field, name: &str, found: &str) -> String {
    format!(
        "The settings say {} is in the column \"{name}\", but this file has no such column. \
         {found}",
        field.label()
    )
}

/// What was used instead of a saved column that is not there: `letter` and `header` of the
/// column found by its name, if any.
pub(super) fn found_instead(found: Option<(&str, &str)>) -> String {
    match found {
        Some((l, h)) => format!("Column {l} ({h}) was found by its name instead: check it."),
        None => "No other column was found for it.".to_owned(),
    }
}

/// The settings put `other` and `field` in one column.
pub(super) fn column_chosen_twice(field: Field, other: Field) -> String {
    format!(
        "The settings put both {} and {} in this column. A column holds one thing: choose \
         another column for {}.",
        other.label(),
        field.label(),
        field.label()
    )
}

/// `field`'s column was taken because of words in its header.
pub(super) fn column_found_by_words(field: Field) -> String {
    format!(
        "{} was taken from this column because of words in its header. Check that it is the \
         right column.",
        field.label()
    )
}

/// What to choose for a field that has no column: workforce, pay band (or salary), or
/// ethnicity (the other field every extract needs).
fn missing_column_hint(field: Field) -> &'static str {
    match field {
        Field::Workforce => {
            "the column that says whether each row is adult or children's social care, or say \
             that every row belongs to one workforce"
        }
        Field::PayBand => {
            "a pay band column or a salary column (a salary is put in a band by the salary \
             thresholds)"
        }
        _ => {
            "the column that holds each person's ethnicity (a header such as \"Ethnicity\" or \
             \"Ethnic origin\" is found by itself)"
        }
    }
}

/// No column was found for `field` (ethnicity, workforce, or pay band or salary).
pub(super) fn missing_column(field: Field) -> String {
    let what = match field {
        Field::PayBand => "pay band or salary".to_owned(),
        f => f.label().to_ascii_lowercase(),
    };
    format!(
        "No {what} column was found. Choose {}.",
        missing_column_hint(field)
    )
}

// ------------------------------------------------------------------------------ rows

/// A row with values beyond the header's columns.
pub(super) fn too_many_cells(filled: usize, width: usize) -> String {
    format!(
        "This row has {filled} cells but the header has {width} columns, so its values may be \
         in the wrong columns. Look for a value with a comma in it that is not in quotes (such \
         as a name \"Smith, Jo\"), and save the extract again as CSV."
    )
}

/// A row too short to hold every column used.
pub(super) fn too_few_cells(len: usize, width: usize) -> String {
    format!(
        "This row has {len} cells but the header has {width} columns, so this cell and others \
         the calculator uses are missing from it. Check the row in the extract."
    )
}

/// A workforce value that is neither recognised nor chosen.
pub(super) fn unknown_workforce(cell: &str) -> String {
    if cell.is_empty() {
        "The workforce is empty. Enter adults or children, or choose what rows with an empty \
         workforce are."
            .to_owned()
    } else {
        format!(
            "\"{cell}\" is not a workforce this calculator knows. Choose whether it is adults, \
             children, or left out."
        )
    }
}

/// A yes/no value that is neither recognised nor chosen.
pub(super) fn not_a_yes_no(cell: &str) -> String {
    format!(
        "\"{cell}\" is not a yes or no. Use Y or N, yes or no, true or false, 1 or 0, a date \
         for yes, or leave it empty for no; or choose what \"{cell}\" means."
    )
}

/// Referred to fitness to practise, but not a regulated professional.
pub(super) fn referred_not_regulated() -> String {
    "This person was referred to fitness to practise but is not marked as a regulated \
     professional. The row is counted as it is; check the regulated professional column, \
     because M4 compares referrals with regulated professionals."
        .to_owned()
}

/// An empty pay band.
pub(super) fn missing_pay_band() -> String {
    "The pay band is empty. Every member of staff needs a pay band.".to_owned()
}

/// One pay band more than [`MAX_PAY_BANDS`].
pub(super) fn too_many_pay_bands() -> String {
    format!(
        "This column has more than {MAX_PAY_BANDS} different pay bands. Check it is the pay \
         band column, or use a salary column with salary thresholds."
    )
}

/// A salary cell that is not a salary.
pub(super) fn salary_problem(problem: SalaryProblem, cell: &str) -> String {
    match problem {
        SalaryProblem::Missing => "The salary is empty. Every member of staff needs a salary \
                                   (or use a pay band column)."
            .to_owned(),
        SalaryProblem::NotANumber => format!(
            "\"{cell}\" is not a salary. Write an amount in pounds, such as 32450 or \
             £32,450.00."
        ),
        SalaryProblem::Negative => format!("\"{cell}\" is negative. A salary must be 0 or more."),
    }
}

// ------------------------------------------------------------------------------ files

/// A header with no rows below it.
pub(super) fn no_data_rows(header_row: usize, input: Input) -> String {
    format!(
        "The file has a header (row {header_row}) but no rows below it. It needs one row per \
         {}.",
        input.row_noun()
    )
}

/// More distinct ethnicity values than an ethnicity column usually has.
pub(super) fn many_ethnicity_values(values: usize) -> String {
    format!(
        "The ethnicity column has {values} or more different values. Check it is the right \
         column: ethnicity usually has a few dozen values at most."
    )
}

/// Most salaries under £1,000.
pub(super) fn salaries_look_hourly(under_1000: u64, salaries: u64) -> String {
    format!(
        "{under_1000} of {salaries} salaries are under £1,000. If they are hourly or monthly \
         rates, use annual (full-time equivalent) salaries, or a pay band column."
    )
}

/// A count the submission file cannot hold.
pub(super) fn count_too_large(
    category: &str,
    measure: &str,
    workforce: &str,
    pay_band: &str,
    count: u64,
    input: Input,
) -> String {
    format!(
        "The {category} count of {measure} for {workforce} ({pay_band}) is {count}, more than \
         the submission file allows (1,000,000). Check the extract holds one row per {}.",
        input.row_noun()
    )
}

/// An extract with no bytes, or only blank lines. (A submission file's own words ask for the
/// submission file.)
pub(super) fn empty_extract(input: Input) -> String {
    format!(
        "The file is empty. Choose the file of {} you saved from your HR system (a CSV file or \
         an Excel workbook).",
        input.label().to_ascii_lowercase()
    )
}
