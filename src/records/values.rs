//! Cell values of record-level extracts: ethnicity, yes/no, workforce, pay band and salary.
//!
//! Every function here is pure and allocation-light: the aggregation calls them once per
//! distinct value (through a cache), not once per row.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::ethnicity::{self, normalise, EthnicityColumn, Grouping, CENSUS_CATEGORIES};
use crate::model::Workforce;

// ------------------------------------------------------------------------------ ethnicity

/// An ethnicity as the aggregation counts it: one of the 19 census categories (by index in
/// [`CENSUS_CATEGORIES`]) or not known. In a settings file it is written as the census
/// column name (`"asian_indian"`) or `"not_known"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ethnicity {
    Census(usize),
    NotKnown,
}

impl Ethnicity {
    /// The number of columns an aggregate counts: 19 census categories and not known.
    pub const COUNT: usize = 20;

    /// Every category, in submission-file column order (the census order, then not known).
    pub fn all() -> impl Iterator<Item = Ethnicity> {
        (0..Self::COUNT).map(Ethnicity::from_index)
    }

    /// The column index in an aggregate: 0..19 census, 19 not known.
    pub fn index(self) -> usize {
        match self {
            Ethnicity::Census(i) => i,
            Ethnicity::NotKnown => CENSUS_CATEGORIES.len(),
        }
    }

    pub fn from_index(i: usize) -> Ethnicity {
        if i < CENSUS_CATEGORIES.len() {
            Ethnicity::Census(i)
        } else {
            Ethnicity::NotKnown
        }
    }

    /// The submission-file column name: `white_british` ... `other_any`, `not_known`.
    pub fn key(self) -> &'static str {
        match self {
            Ethnicity::Census(i) => CENSUS_CATEGORIES[i].key,
            Ethnicity::NotKnown => "not_known",
        }
    }

    /// The census wording with its group: "Asian or Asian British: Indian".
    pub fn label(self) -> String {
        match self {
            Ethnicity::Census(i) => {
                let c = &CENSUS_CATEGORIES[i];
                let group = match c.grouping {
                    Grouping::White => "White",
                    Grouping::Minority(g) => g.label(),
                };
                format!("{group}: {}", c.label)
            }
            Ethnicity::NotKnown => "Not known".to_owned(),
        }
    }

    /// Reads a column name back (any case or punctuation: "Asian Indian" works).
    pub fn from_key(s: &str) -> Option<Ethnicity> {
        let n = normalise(s);
        if n == "not_known" {
            return Some(Ethnicity::NotKnown);
        }
        CENSUS_CATEGORIES
            .iter()
            .position(|c| c.key == n)
            .map(Ethnicity::Census)
    }

    /// White, minority ethnic or not known, as the ratios use it.
    pub fn grouping(self) -> Option<Grouping> {
        match self {
            Ethnicity::Census(i) => Some(CENSUS_CATEGORIES[i].grouping),
            Ethnicity::NotKnown => None,
        }
    }
}

impl fmt::Display for Ethnicity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

impl Serialize for Ethnicity {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

impl<'de> Deserialize<'de> for Ethnicity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ethnicity::from_key(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "\"{s}\" is not an ethnicity category: use a census column name such as \
                 \"asian_indian\" or \"white_other\", or \"not_known\""
            ))
        })
    }
}

/// The key a value is remembered by in the settings file: its [`normalise`]d form, so
/// "White - British", "WHITE BRITISH" and "white_british" share one choice. A value made
/// only of punctuation ("-", "?") keeps its characters, lower-cased.
pub fn value_key(raw: &str) -> String {
    // Lower-casing can make characters that normalise differently a second time ("İ"
    // becomes "i" and a combining dot), so normalise until nothing changes: a key read back
    // from a settings file must key to itself.
    let mut n = normalise(raw);
    for _ in 0..4 {
        let again = normalise(&n);
        if again == n {
            break;
        }
        n = again;
    }
    if n.is_empty() {
        crate::format::lowercase(raw.trim())
    } else {
        n
    }
}

/// The 2001 census letter codes (also used by many HR and NHS systems).
fn letter_code(c: char) -> Option<Ethnicity> {
    let key = match c.to_ascii_uppercase() {
        'A' => "white_british",
        'B' => "white_irish",
        'C' => "white_other",
        'D' => "mixed_white_and_black_caribbean",
        'E' => "mixed_white_and_black_african",
        'F' => "mixed_white_and_asian",
        'G' => "mixed_other",
        'H' => "asian_indian",
        'J' => "asian_pakistani",
        'K' => "asian_bangladeshi",
        'L' => "asian_other",
        'M' => "black_caribbean",
        'N' => "black_african",
        'P' => "black_other",
        // 2001 put Chinese under "Chinese or other ethnic group"; 2021 puts it under Asian.
        'R' => "asian_chinese",
        'S' => "other_any",
        'Z' => return Some(Ethnicity::NotKnown),
        _ => return None,
    };
    Ethnicity::from_key(key)
}

/// Values meaning the person's ethnicity is not known (after [`normalise`]).
const NOT_KNOWN_VALUES: &[&str] = &[
    "not_known",
    "unknown",
    "not_stated",
    "not_declared",
    "undeclared",
    "not_disclosed",
    "undisclosed",
    "prefer_not_to_say",
    "prefer_not_to_answer",
    "i_prefer_not_to_say",
    "not_stated_or_not_known",
    "do_not_wish_to_disclose",
    "does_not_wish_to_disclose",
    "refused",
    "declined",
    "information_refused",
    "information_not_yet_obtained",
    "not_recorded",
    "not_given",
    "not_provided",
    "not_specified",
    "n_a",
    "na",
    "not_applicable",
    "none",
    "null",
    "blank",
];

/// Common HR-system spellings that are not census labels, keys or header aliases.
const VALUE_ALIASES: &[(&str, &str)] = &[
    ("english", "white_british"),
    ("welsh", "white_british"),
    ("scottish", "white_british"),
    ("northern_irish", "white_british"),
    ("british", "white_british"),
    ("white_english", "white_british"),
    ("white_welsh", "white_british"),
    ("white_scottish", "white_british"),
    ("white_northern_irish", "white_british"),
    ("white_uk", "white_british"),
    (
        "white_english_welsh_scottish_northern_irish_british",
        "white_british",
    ),
    ("white_and_british", "white_british"),
    ("any_other_white", "white_other"),
    ("white_any_other", "white_other"),
    ("white_any_other_background", "white_other"),
    ("other_white_background", "white_other"),
    ("white_black_caribbean", "mixed_white_and_black_caribbean"),
    ("white_black_african", "mixed_white_and_black_african"),
    ("white_asian", "mixed_white_and_asian"),
    ("any_other_mixed", "mixed_other"),
    ("other_mixed_background", "mixed_other"),
    ("mixed_any_other", "mixed_other"),
    ("any_other_asian", "asian_other"),
    ("other_asian_background", "asian_other"),
    ("asian_any_other", "asian_other"),
    ("any_other_black", "black_other"),
    ("other_black_background", "black_other"),
    ("black_any_other", "black_other"),
    ("any_other_ethnic_background", "other_any"),
    ("other_ethnic_background", "other_any"),
    ("any_other", "other_any"),
    ("any_other_ethnic_group", "other_any"),
    ("gypsy", "white_gypsy_or_irish_traveller"),
    ("irish_traveller", "white_gypsy_or_irish_traveller"),
    (
        "traveller_of_irish_heritage",
        "white_gypsy_or_irish_traveller",
    ),
];

/// A value naming a group only is counted in that group's "any other" category: the white /
/// minority ethnic split and the broad groups stay exact.
const GROUP_ONLY: &[(&str, &str)] = &[
    ("white", "white_other"),
    ("mixed", "mixed_other"),
    ("mixed_or_multiple", "mixed_other"),
    ("mixed_multiple", "mixed_other"),
    ("mixed_or_multiple_ethnic_groups", "mixed_other"),
    ("mixed_multiple_ethnic_groups", "mixed_other"),
    ("mixed_ethnic_groups", "mixed_other"),
    ("asian", "asian_other"),
    ("asian_or_asian_british", "asian_other"),
    ("asian_british", "asian_other"),
    ("black", "black_other"),
    ("black_or_black_british", "black_other"),
    ("black_british", "black_other"),
    ("black_black_british_caribbean_or_african", "black_other"),
    ("other", "other_any"),
];

/// Recognises an ethnicity value without any user choice: a census label (with or without
/// its group in front, any case or spacing), a census column name, a 2001 census letter
/// code (alone or followed by its description: "H - Indian"), a common variant, or a
/// not-known value. Blank, and values made only of punctuation, are not known. `None` means
/// the value is not recognised: the user chooses, and until then it counts as not known.
pub fn recognise_ethnicity(raw: &str) -> Option<Ethnicity> {
    let raw = raw.trim();
    if let Some(e) = by_words(raw) {
        return Some(e);
    }
    // A lone letter code, or a code followed by its description ("A - White British").
    let mut chars = raw.chars();
    let first = chars.next().filter(|c| c.is_ascii_alphabetic())?;
    let rest = chars.as_str();
    if rest.is_empty() {
        return letter_code(first);
    }
    if rest.starts_with(|c: char| !c.is_alphanumeric()) {
        let code = letter_code(first)?;
        if normalise(rest).is_empty() {
            return Some(code);
        }
        return by_words(rest);
    }
    None
}

/// Recognises a value by its words (not as a letter code).
fn by_words(raw: &str) -> Option<Ethnicity> {
    let n = normalise(raw);
    if n.is_empty() || NOT_KNOWN_VALUES.contains(&n.as_str()) {
        return Some(Ethnicity::NotKnown);
    }
    match ethnicity::recognise(raw) {
        Some(EthnicityColumn::Census(i)) => return Some(Ethnicity::Census(i)),
        Some(EthnicityColumn::NotKnown) => return Some(Ethnicity::NotKnown),
        _ => {}
    }
    let lookup = |table: &[(&str, &str)], n: &str| {
        table
            .iter()
            .find(|(v, _)| *v == n)
            .and_then(|(_, k)| Ethnicity::from_key(k))
    };
    if let Some(e) = lookup(VALUE_ALIASES, &n).or_else(|| lookup(GROUP_ONLY, &n)) {
        return Some(e);
    }
    // The part after a group prefix: "Other ethnic group: Latin American" is not known to
    // us, but "White - English" is.
    let tail = raw
        .rsplit_once(':')
        .or_else(|| raw.rsplit_once(" - "))
        .map(|(_, t)| normalise(t))?;
    if NOT_KNOWN_VALUES.contains(&tail.as_str()) {
        return Some(Ethnicity::NotKnown);
    }
    lookup(VALUE_ALIASES, &tail)
}

// ------------------------------------------------------------------------------ yes / no

/// Recognises a yes/no cell without any user choice. Blank is no. Yes: Y, yes, true, 1, a
/// date (the date something happened, such as a leaving date), or an NHS Staff Survey
/// frequency ("1-2 times" ... "More than 10 times"). No: N, no, false, 0, never. `None`
/// means anything else.
pub fn recognise_yes_no(raw: &str) -> Option<bool> {
    let t = raw.trim();
    if t.is_empty() {
        return Some(false);
    }
    // The common cases without allocating.
    match t.len() {
        1 => {
            return match t.as_bytes()[0] {
                b'y' | b'Y' | b'1' => Some(true),
                b'n' | b'N' | b'0' => Some(false),
                _ => None,
            }
        }
        2 if t.eq_ignore_ascii_case("no") => return Some(false),
        3 if t.eq_ignore_ascii_case("yes") => return Some(true),
        4 if t.eq_ignore_ascii_case("true") => return Some(true),
        5 if t.eq_ignore_ascii_case("false") => return Some(false),
        _ => {}
    }
    if is_date(t) {
        return Some(true);
    }
    match normalise(t).as_str() {
        "never" => Some(false),
        "1_2_times" | "3_5_times" | "6_10_times" | "more_than_10_times" | "more_than_ten_times" => {
            Some(true)
        }
        _ => None,
    }
}

fn month_name(s: &str) -> bool {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let lower = s.to_ascii_lowercase();
    s.len() >= 3
        && s.bytes().all(|b| b.is_ascii_alphabetic())
        && (lower == "sept" || MONTHS.iter().any(|m| m.starts_with(lower.as_str())))
}

fn number_in(
    s: &str,
    digits: std::ops::RangeInclusive<usize>,
    range: std::ops::RangeInclusive<u32>,
) -> bool {
    digits.contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_digit())
        && s.parse::<u32>().is_ok_and(|n| range.contains(&n))
}

fn year(s: &str) -> bool {
    number_in(s, 4..=4, 1900..=2100) || number_in(s, 2..=2, 0..=99)
}

/// Whether the rest of a cell after a date is a time ("00:00:00", "T09:30", "12:00 AM").
fn time_part(rest: &str) -> bool {
    let rest = rest.trim_start_matches(['T', ' ']);
    rest.is_empty()
        || (rest.starts_with(|c: char| c.is_ascii_digit())
            && rest.contains(':')
            && rest
                .chars()
                .all(|c| c.is_ascii_digit() || ":. APMapmZz+-".contains(c)))
}

/// Whether a cell is a date as spreadsheets and HR systems write them: 2024-03-01,
/// 01/03/2024, 1/3/24, 01.03.2024, 01-Mar-2024, 1 March 2024, optionally with a time.
pub fn is_date(s: &str) -> bool {
    let s = s.trim();
    // Numeric: three groups split by the same separator, then perhaps a time.
    let end = s.find([' ', 'T']).unwrap_or(s.len());
    let (date, rest) = s.split_at(end);
    for sep in ['-', '/', '.'] {
        let parts: Vec<&str> = date.split(sep).collect();
        if parts.len() != 3 {
            continue;
        }
        let (a, b, c) = (parts[0], parts[1], parts[2]);
        let day = |x: &str| number_in(x, 1..=2, 1..=31);
        let month = |x: &str| number_in(x, 1..=2, 1..=12) || month_name(x);
        let ymd = number_in(a, 4..=4, 1900..=2100) && month(b) && day(c);
        let dmy = day(a) && month(b) && year(c);
        let mdy = month(a) && day(b) && year(c) && !month_name(a);
        if (ymd || dmy || mdy) && time_part(rest) {
            return true;
        }
    }
    // Words: "1 March 2024", "01 Mar 24", "March 1, 2024", perhaps with a time.
    let words: Vec<&str> = s.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    if words.len() >= 3 {
        let (a, b, c) = (words[0], words[1], words[2]);
        let day = |x: &str| number_in(x, 1..=2, 1..=31);
        let rest_ok = words.len() == 3 || (words.len() <= 5 && time_part(&words[3..].join(" ")));
        if rest_ok && year(c) && ((day(a) && month_name(b)) || (month_name(a) && day(b))) {
            return true;
        }
    }
    false
}

// ------------------------------------------------------------------------------ workforce

/// What rows with a given workforce value are: one of the two workforces, or left out on
/// purpose (for example other directorates in a whole-council extract). Rows left out are
/// counted and reported, never dropped silently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkforceChoice {
    Adults,
    Children,
    Exclude,
}

impl WorkforceChoice {
    pub fn workforce(self) -> Option<Workforce> {
        match self {
            WorkforceChoice::Adults => Some(Workforce::Adults),
            WorkforceChoice::Children => Some(Workforce::Children),
            WorkforceChoice::Exclude => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            WorkforceChoice::Adults => "adults",
            WorkforceChoice::Children => "children",
            WorkforceChoice::Exclude => "left out",
        }
    }
}

impl From<Workforce> for WorkforceChoice {
    fn from(w: Workforce) -> Self {
        match w {
            Workforce::Adults => WorkforceChoice::Adults,
            Workforce::Children => WorkforceChoice::Children,
        }
    }
}

/// Recognises a workforce as the submission file does (docs/submission-format.md): adults,
/// adult, asc, adult social care ...; children, child, childrens, csc, children's social
/// care, children's services ...
pub fn recognise_workforce(raw: &str) -> Option<Workforce> {
    Workforce::parse(raw)
}

// ------------------------------------------------------------------------------ pay

/// Why a salary cell cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SalaryProblem {
    Missing,
    NotANumber,
    Negative,
}

/// Reads a salary in pounds as pence: "32450", "£32,450.00", "32 450", "GBP 32450".
pub fn parse_salary(raw: &str) -> Result<u64, SalaryProblem> {
    if let Some(pence) = plain_salary(raw.as_bytes()) {
        return Ok(pence);
    }
    let mut s = raw.trim();
    if s.is_empty() {
        return Err(SalaryProblem::Missing);
    }
    let negative = s.starts_with('-') || (s.starts_with('(') && s.ends_with(')'));
    s = s
        .trim_start_matches(['-', '('])
        .trim_end_matches(')')
        .trim();
    for prefix in ["£", "GBP", "gbp"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.trim_start();
        }
    }
    if let Some(rest) = s.strip_suffix("GBP").or_else(|| s.strip_suffix("gbp")) {
        s = rest.trim_end();
    }
    if negative && s.starts_with('-') {
        return Err(SalaryProblem::NotANumber);
    }
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SalaryProblem::NotANumber);
    }
    // Thousands separators must sit between groups of three digits.
    let mut pounds: u64 = 0;
    let sep = [',', ' ', '\u{a0}']
        .into_iter()
        .find(|c| whole.contains(*c));
    for (i, g) in whole.split(sep.unwrap_or('\0')).enumerate() {
        let bad_length = if i == 0 {
            (g.is_empty() && (sep.is_some() || frac.is_empty())) || (sep.is_some() && g.len() > 3)
        } else {
            g.len() != 3
        };
        if bad_length || !g.bytes().all(|b| b.is_ascii_digit()) {
            return Err(SalaryProblem::NotANumber);
        }
        for b in g.bytes() {
            pounds = pounds
                .checked_mul(10)
                .and_then(|p| p.checked_add(u64::from(b - b'0')))
                .ok_or(SalaryProblem::NotANumber)?;
        }
    }
    let pence_digits = frac.as_bytes();
    let pence = match pence_digits.len() {
        0 => 0,
        1 => u64::from(pence_digits[0] - b'0') * 10,
        _ => u64::from(pence_digits[0] - b'0') * 10 + u64::from(pence_digits[1] - b'0'),
    };
    let total = pounds
        .checked_mul(100)
        .and_then(|p| p.checked_add(pence))
        .ok_or(SalaryProblem::NotANumber)?;
    if negative && total > 0 {
        return Err(SalaryProblem::Negative);
    }
    Ok(total)
}

/// The common case without searching: digits, perhaps a full stop and up to two more.
fn plain_salary(b: &[u8]) -> Option<u64> {
    let (whole, frac) = match b.iter().position(|&c| c == b'.') {
        Some(i) => (&b[..i], &b[i + 1..]),
        None => (b, &b[..0]),
    };
    if whole.is_empty() || whole.len() > 12 || frac.len() > 2 {
        return None;
    }
    let mut pounds = 0u64;
    for &c in whole {
        if !c.is_ascii_digit() {
            return None;
        }
        pounds = pounds * 10 + u64::from(c - b'0');
    }
    let mut pence = 0u64;
    for (i, &c) in frac.iter().enumerate() {
        if !c.is_ascii_digit() {
            return None;
        }
        pence += u64::from(c - b'0') * if i == 0 { 10 } else { 1 };
    }
    Some(pounds * 100 + pence)
}

/// Formats whole pounds with a pound sign and thousands commas: £30,000.
pub fn pounds(n: u64) -> String {
    format!("£{}", crate::format::count(n))
}

/// The band names for salary thresholds (whole pounds, increasing): for [30000, 70000],
/// "Under £30,000", "£30,000 to £69,999", "£70,000 and over".
pub fn salary_band_names(thresholds: &[u64]) -> Vec<String> {
    if thresholds.is_empty() {
        return vec!["All salaries".to_owned()];
    }
    let mut names = vec![format!("Under {}", pounds(thresholds[0]))];
    for w in thresholds.windows(2) {
        names.push(format!("{} to {}", pounds(w[0]), pounds(w[1] - 1)));
    }
    names.push(format!(
        "{} and over",
        pounds(thresholds[thresholds.len() - 1])
    ));
    names
}

/// The band index of a salary in pence: the number of thresholds at or below it.
pub fn salary_band(pence: u64, thresholds: &[u64]) -> usize {
    thresholds
        .iter()
        .take_while(|t| pence >= t.saturating_mul(100))
        .count()
}

/// A pay-band name as written to the submission file: runs of spaces as one space, and a
/// leading apostrophe when a spreadsheet would run it as a formula.
pub fn band_name(raw: &str) -> String {
    let joined = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    crate::csv_out::safe_cell(&joined)
}

pub use crate::model::band_key;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn salaries() {
        assert_eq!(parse_salary("32450"), Ok(3_245_000));
        assert_eq!(parse_salary("£32,450.5"), Ok(3_245_050));
        assert_eq!(parse_salary("GBP 70 000.00"), Ok(7_000_000));
        assert_eq!(parse_salary(".5"), Ok(50));
        assert_eq!(parse_salary("-3"), Err(SalaryProblem::Negative));
        assert_eq!(parse_salary("1,23"), Err(SalaryProblem::NotANumber));
        assert_eq!(parse_salary("32k"), Err(SalaryProblem::NotANumber));
        assert_eq!(parse_salary(""), Err(SalaryProblem::Missing));
        assert_eq!(
            parse_salary("99999999999999999999"),
            Err(SalaryProblem::NotANumber)
        );
    }

    #[test]
    fn bands_from_thresholds() {
        let t = [30_000, 70_000];
        assert_eq!(
            salary_band_names(&t),
            vec!["Under £30,000", "£30,000 to £69,999", "£70,000 and over"]
        );
        assert_eq!(salary_band(2_999_999, &t), 0);
        assert_eq!(salary_band(3_000_000, &t), 1);
        assert_eq!(salary_band(6_999_999, &t), 1);
        assert_eq!(salary_band(7_000_000, &t), 2);
        assert_eq!(pounds(1_234_567), "£1,234,567");
    }

    #[test]
    fn dates() {
        for d in [
            "2024-03-01",
            "01/03/2024",
            "1/3/24",
            "01.03.2024",
            "01-Mar-2024",
            "1 March 2024",
            "March 1, 2024",
            "2024-03-01 00:00:00",
            "2024-03-01T09:30:00Z",
            "01/03/2024 00:00",
            "12/31/2023",
        ] {
            assert!(is_date(d), "{d}");
        }
        for d in [
            "2024",
            "1/2",
            "32/01/2024",
            "13/13/2024",
            "Mar",
            "1-2 times",
            "yes",
        ] {
            assert!(!is_date(d), "{d}");
        }
    }
}
