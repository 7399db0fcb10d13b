//! Change over the years, metric by metric: each year's figure, and each change between
//! consecutive years measured as the ratio of the two relative likelihoods, with its 95%
//! interval and p-value, said in words that call a change real only when chance does not
//! explain it.

use serde::Serialize;

use crate::format;
use crate::metrics::MetricId;
use crate::results::{Evidence, MetricResult, NationalFigure, Results, Scope, Verdict};
use crate::stats;

/// Below this p-value a change is said to be unlikely to be chance alone.
pub const CHANGE_P: f64 = 0.05;

/// One year's results, with its year when known.
#[derive(Debug, Clone, Copy)]
pub struct Year<'a> {
    pub year: Option<u16>,
    pub results: &'a Results,
}

/// One metric's figure in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearFigure {
    pub year: Option<u16>,
    /// The year, or "the earlier file", "this file" when it is not known.
    pub label: String,
    pub relative_likelihood: Option<f64>,
    pub shown: Option<String>,
    pub ci95: Option<[f64; 2]>,
    pub verdict: Verdict,
    pub evidence: Evidence,
}

/// The change from one year to the next.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub from_year: Option<u16>,
    pub to_year: Option<u16>,
    /// Later relative likelihood ÷ earlier; `None` when either is missing, zero or cannot
    /// be given as a number.
    pub ratio: Option<f64>,
    pub ci95: Option<[f64; 2]>,
    /// Two-sided, from the two Katz standard errors as if the years were independent.
    pub p: Option<f64>,
    pub from_verdict: Verdict,
    pub to_verdict: Verdict,
    pub verdict_moved: bool,
    /// True when p < 0.05: the change is unlikely to be chance alone.
    pub beyond_chance: bool,
    pub sentence: String,
}

/// One metric of one workforce across the years.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricTrend {
    pub workforce: Scope,
    pub metric: MetricId,
    pub title: &'static str,
    /// The band, as stated for this metric ("0.80 to 1.25"), and its ends.
    pub band: String,
    pub band_ends: [f64; 2],
    pub years: Vec<YearFigure>,
    pub changes: Vec<Change>,
    /// The national figures, stated as the metric is.
    pub national: Vec<NationalFigure>,
}

/// A year as typed: four digits, from 2000 to 2100.
pub fn parse_year(text: &str) -> Option<u16> {
    let t = text.trim();
    (t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.parse::<u16>().ok())
        .flatten()
        .filter(|y| (2000..=2100).contains(y))
}

/// The year in a file's name, when it holds exactly one run of four digits that is a year
/// ("sc-wres-2023.csv", "Return 2024 final.xlsx").
pub fn year_in_name(name: &str) -> Option<u16> {
    let runs: Vec<&str> = name
        .split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() == 4)
        .collect();
    match runs.as_slice() {
        [one] => parse_year(one),
        _ => None,
    }
}

/// Two files: the earlier one, then this one (years unknown).
pub fn compare(current: &Results, previous: &Results) -> Vec<MetricTrend> {
    trend(&[
        Year {
            year: None,
            results: previous,
        },
        Year {
            year: None,
            results: current,
        },
    ])
}

/// Every metric (M1 aside) of every workforce in the last year, across the years given in
/// order (earliest first). All must have been computed with the same settings.
pub fn trend(years: &[Year]) -> Vec<MetricTrend> {
    let Some(last) = years.last() else {
        return Vec::new();
    };
    let label = |y: Option<u16>, i: usize| match y {
        Some(y) => y.to_string(),
        None if i + 1 == years.len() => "this file".to_owned(),
        None if i + 2 == years.len() => "the earlier file".to_owned(),
        None => format!("file {}", i + 1),
    };
    let mut out = Vec::new();
    for now in last.results.all().filter(|m| m.metric != MetricId::M1) {
        let found: Vec<(usize, Option<u16>, &MetricResult)> = years
            .iter()
            .enumerate()
            .filter_map(|(i, y)| {
                y.results
                    .scope(now.workforce)
                    .and_then(|w| w.metric(now.metric))
                    .map(|m| (i, y.year, m))
            })
            .collect();
        let changes = found
            .windows(2)
            .map(|w| {
                let ((i, y0, a), (j, y1, b)) = (w[0], w[1]);
                change(a, b, y0, y1, &label(y0, i), &label(y1, j))
            })
            .collect();
        out.push(MetricTrend {
            workforce: now.workforce,
            metric: now.metric,
            title: now.title,
            band: now.band.clone(),
            band_ends: now.band_ends,
            years: found
                .iter()
                .map(|(i, y, m)| YearFigure {
                    year: *y,
                    label: label(*y, *i),
                    relative_likelihood: m.relative_likelihood,
                    shown: m.relative_likelihood_shown.clone(),
                    ci95: m.ci95,
                    verdict: m.verdict,
                    evidence: m.evidence,
                })
                .collect(),
            changes,
            national: now.national.clone(),
        });
    }
    out
}

/// "twice as high", "35% lower", "about the same": the ratio of two ratios in words.
pub fn ratio_words(r: f64) -> String {
    let shown = format::ratio_as_shown(r);
    if shown == 1.0 {
        "about the same".to_owned()
    } else if (1.95..2.05).contains(&shown) {
        "twice as high".to_owned()
    } else if shown >= 2.05 {
        format!("{:.1} times as high", shown)
    } else if shown > 1.0 {
        format!("{:.0}% higher", (shown - 1.0) * 100.0)
    } else if (0.45..0.55).contains(&shown) {
        "about half as high".to_owned()
    } else {
        format!("{:.0}% lower", (1.0 - shown) * 100.0)
    }
}

fn change(
    a: &MetricResult,
    b: &MetricResult,
    from_year: Option<u16>,
    to_year: Option<u16>,
    from_label: &str,
    to_label: &str,
) -> Change {
    let measured = match (
        a.relative_likelihood,
        a.se_log,
        b.relative_likelihood,
        b.se_log,
    ) {
        (Some(x), Some(sx), Some(y), Some(sy)) => stats::ratio_of_ratios(x, sx, y, sy),
        _ => None,
    };
    let moved = a.verdict != b.verdict;
    let beyond_chance = measured.is_some_and(|(_, _, p)| p < CHANGE_P);
    let figure = |m: &MetricResult| {
        m.relative_likelihood_shown
            .clone()
            .unwrap_or_else(|| "no figure".to_owned())
    };
    let verdict = |v: Verdict| format!("\"{}\"", format::lowercase(v.label()));
    let how = match measured {
        Some((r, _, p)) if p < CHANGE_P => format!(
            "{}; a change this size is unlikely to be chance alone (p {})",
            ratio_words(r),
            format::p_value_phrase(p)
        ),
        Some((r, _, p)) => format!(
            "{}; a change this size could well be chance with these numbers (p {})",
            ratio_words(r),
            format::p_value_phrase(p)
        ),
        None => {
            "no change can be measured, because one of the two has no figure above zero".to_owned()
        }
    };
    let verdict_words = match (moved, measured.is_some(), beyond_chance) {
        (false, _, _) => format!("the verdict is unchanged ({})", verdict(b.verdict)),
        (true, _, true) => format!(
            "the verdict moved from {} to {}",
            verdict(a.verdict),
            verdict(b.verdict)
        ),
        (true, true, false) => format!(
            "the verdict changed from {} to {}, but the change could be chance, so it is not evidence of a real change",
            verdict(a.verdict),
            verdict(b.verdict)
        ),
        (true, false, _) => format!(
            "the verdict changed from {} to {}; with no measurable change, look at the counts before reading it as a real change",
            verdict(a.verdict),
            verdict(b.verdict)
        ),
    };
    Change {
        from_year,
        to_year,
        ratio: measured.map(|(r, _, _)| r),
        ci95: measured.map(|(_, (l, h), _)| [l, h]),
        p: measured.map(|(_, _, p)| p),
        from_verdict: a.verdict,
        to_verdict: b.verdict,
        verdict_moved: moved,
        beyond_chance,
        sentence: format!(
            "{} ({}) went from {} in {from_label} to {} in {to_label}: {how}; {verdict_words}.",
            b.metric,
            format::lowercase(b.workforce.label()),
            figure(a),
            figure(b),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_is_found_in_a_file_name_only_when_there_is_one() {
        assert_eq!(year_in_name("sc-wres-2023.csv"), Some(2023));
        assert_eq!(year_in_name("Return 2024 final.xlsx"), Some(2024));
        assert_eq!(
            year_in_name("Example: Northbrook Council (fictional)"),
            None
        );
        assert_eq!(year_in_name("2023-to-2024.csv"), None);
        assert_eq!(year_in_name("staff 12345.csv"), None);
        assert_eq!(parse_year(" 2022 "), Some(2022));
        assert_eq!(parse_year("22"), None);
        assert_eq!(parse_year("1999"), None);
    }

    #[test]
    fn ratio_words_say_a_doubling_and_a_halving_alike() {
        assert_eq!(ratio_words(2.0), "twice as high");
        assert_eq!(ratio_words(0.5), "about half as high");
        assert_eq!(ratio_words(1.004), "about the same");
        assert_eq!(ratio_words(1.35), "35% higher");
        assert_eq!(ratio_words(0.8), "20% lower");
        assert_eq!(ratio_words(3.2), "3.2 times as high");
    }
}
