//! A count cell: a whole number of people from 0 to [`MAX_COUNT`], or a message saying what
//! it is instead (empty, suppressed, negative, fractional, too large, not a number).

use super::Message;
use crate::diag::Code;
use crate::model::MAX_COUNT;

/// Why a cell is not a usable count.
pub(super) enum CountProblem {
    Missing,
    NotANumber,
    Suppressed,
    Negative,
    Fractional,
    TooLarge,
}

/// Parses a count: a whole number from 0 to [`MAX_COUNT`], with optional thousands commas
/// ("1,234") or a ".0" that Excel sometimes adds.
pub(super) fn parse_count(cell: &str) -> Result<u64, CountProblem> {
    if cell.is_empty() {
        return Err(CountProblem::Missing);
    }
    if cell.starts_with('<') || matches!(cell, "*" | "c" | "x" | "[c]" | "[x]" | "-") {
        return Err(CountProblem::Suppressed);
    }
    let (negative, digits) = match cell.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, cell),
    };
    let digits = strip_thousands(digits).ok_or(CountProblem::NotANumber)?;
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, f),
        None => (digits.as_str(), ""),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    // "1.000" is one thousand where a full stop separates thousands (European spreadsheets):
    // too ambiguous to read as 1.
    if (1..=3).contains(&whole.len()) && fraction == "000" {
        return Err(CountProblem::NotANumber);
    }
    if whole.is_empty() && fraction.is_empty()
        || !all_digits(whole)
        || !all_digits(fraction)
        || (whole.is_empty() && !digits.contains('.'))
    {
        return Err(CountProblem::NotANumber);
    }
    if negative && (whole.bytes().any(|b| b != b'0') || fraction.bytes().any(|b| b != b'0')) {
        return Err(CountProblem::Negative);
    }
    if fraction.bytes().any(|b| b != b'0') {
        return Err(CountProblem::Fractional);
    }
    let whole = whole.trim_start_matches('0');
    if whole.len() > 7 {
        return Err(CountProblem::TooLarge);
    }
    let n: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| CountProblem::NotANumber)?
    };
    if n > MAX_COUNT {
        return Err(CountProblem::TooLarge);
    }
    Ok(n)
}

/// Removes thousands separators when they are placed as thousands separators ("12,345",
/// "1 234"); anything else is returned unchanged for the caller to judge.
fn strip_thousands(s: &str) -> Option<String> {
    for sep in [',', ' ', '\u{a0}'] {
        if s.contains(sep) {
            let (int, frac) = match s.split_once('.') {
                Some((i, f)) => (i, Some(f)),
                None => (s, None),
            };
            let groups: Vec<&str> = int.split(sep).collect();
            let ok = groups[0].len() <= 3
                && !groups[0].is_empty()
                && groups[1..].iter().all(|g| g.len() == 3)
                && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
            if !ok {
                return None;
            }
            let mut out = groups.concat();
            if let Some(f) = frac {
                out.push('.');
                out.push_str(f);
            }
            return Some(out);
        }
    }
    Some(s.to_owned())
}

pub(super) fn count_message(
    p: CountProblem,
    value: &str,
    row: usize,
    col: usize,
    header: &str,
) -> Message {
    let (code, text) = match p {
        CountProblem::Missing => (
            Code::MissingCount,
            "This cell is empty. Enter the count, or 0 if there were none: an empty cell is \
             not taken as zero."
                .to_owned(),
        ),
        CountProblem::NotANumber => (
            Code::NotANumber,
            format!(
                "\"{value}\" is not a number. Enter a whole number of people, such as 12, using \
                 digits only."
            ),
        ),
        CountProblem::Suppressed => (
            Code::SuppressedCount,
            format!(
                "\"{value}\" looks like a suppressed or redacted count. Enter the real number: \
                 it stays on your device, and you can hide small numbers on screen with \
                 presentation-safe mode."
            ),
        ),
        CountProblem::Negative => (
            Code::NegativeCount,
            format!("\"{value}\" is negative. A count of people must be 0 or more."),
        ),
        CountProblem::Fractional => (
            Code::FractionalCount,
            format!(
                "\"{value}\" is not a whole number. Enter a count of people (headcount, not \
                 full-time equivalent)."
            ),
        ),
        CountProblem::TooLarge => (
            Code::CountTooLarge,
            format!(
                "\"{value}\" is far larger than any local authority workforce (the limit is \
                 1,000,000). Check the cell for a typing slip or a pasted figure."
            ),
        ),
    };
    Message::error(code, text)
        .at_cell(row, col, header)
        .with_value(value)
}
