//! File-level checks of an extract's columns, before any row is read.

use super::messages;
use crate::diag::Severity;
use crate::model::Workforce;
use crate::records::columns::{ColumnSource, ColumnUse, Field, Input, Resolved};
use crate::records::{Code, Issue};

/// The issues with the columns `resolved` found in `header`: saved columns not there,
/// columns chosen twice, columns found by words in their header, and columns missing
/// (`fixed` is the workforce the settings give every row, if any). An error among them
/// means the rows cannot be counted.
pub(super) fn column_issues(
    input: Input,
    header: &[String],
    resolved: &Resolved,
    fixed: Option<Workforce>,
) -> Vec<Issue> {
    let uses = &resolved.uses;
    let mut issues = Vec::new();
    for (field, name) in &resolved.missing_saved {
        let text = messages::saved_column_not_found(*field, name, &found_instead(uses, *field));
        let issue = Issue::of(Severity::Warning, Code::SavedColumnNotFound, input, text);
        issues.push(issue.for_field(*field));
    }
    for &(field, other, i) in &resolved.chosen_twice {
        let text = messages::column_chosen_twice(field, other);
        let issue = Issue::of(Severity::Error, Code::ColumnChosenTwice, input, text)
            .at(None, Some((i, &header[i])))
            .for_field(field);
        issues.push(issue);
    }
    for u in uses
        .iter()
        .filter(|u| u.source == ColumnSource::HeaderWords)
    {
        let (i, h) = (u.index.unwrap_or(0), u.header.clone().unwrap_or_default());
        let text = messages::column_found_by_words(u.field);
        let issue = Issue::of(Severity::Warning, Code::ColumnFoundByWords, input, text)
            .at(None, Some((i, &h)))
            .for_field(u.field);
        issues.push(issue);
    }
    let has = |f: Field| uses.iter().any(|u| u.field == f && u.index.is_some());
    let missing = [
        (Field::Ethnicity, !has(Field::Ethnicity)),
        (Field::Workforce, !has(Field::Workforce) && fixed.is_none()),
        (
            Field::PayBand,
            input == Input::Staff && !has(Field::PayBand) && !has(Field::Salary),
        ),
    ];
    for (field, _) in missing.into_iter().filter(|(_, missing)| *missing) {
        let text = messages::missing_column(field);
        let issue = Issue::of(Severity::Error, Code::MissingColumn, input, text);
        issues.push(issue.for_field(field));
    }
    issues
}

/// What was used for `field` instead of the saved column that is not there.
fn found_instead(uses: &[ColumnUse], field: Field) -> String {
    let found = match uses.iter().find(|u| u.field == field) {
        Some(ColumnUse {
            letter: Some(l),
            header: Some(h),
            ..
        }) => Some((l.as_str(), h.as_str())),
        _ => None,
    };
    messages::found_instead(found)
}
