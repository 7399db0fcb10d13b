//! This year against last year, metric by metric.

use serde::Serialize;

use crate::format;
use crate::metrics::MetricId;
use crate::results::{Results, Scope, Verdict};

/// How one metric moved between two submissions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub workforce: Scope,
    pub metric: MetricId,
    pub title: &'static str,
    pub previous: Option<f64>,
    pub current: Option<f64>,
    /// current − previous, when both exist.
    pub change: Option<f64>,
    pub previous_verdict: Verdict,
    pub current_verdict: Verdict,
    pub verdict_moved: bool,
    pub sentence: String,
}

/// Compares every metric present in both results (M1 has no single figure and is left out).
/// Both results must have been computed with the same settings for the verdicts to compare.
pub fn compare(current: &Results, previous: &Results) -> Vec<Change> {
    let mut out = Vec::new();
    for now in current.all().filter(|m| m.metric != MetricId::M1) {
        let Some(before) = previous
            .scope(now.workforce)
            .and_then(|w| w.metric(now.metric))
        else {
            continue;
        };
        let (p, c) = (before.relative_likelihood, now.relative_likelihood);
        let change = p.zip(c).map(|(p, c)| c - p);
        let moved = before.verdict != now.verdict;
        let figure = |x: Option<f64>| x.map_or("not calculable".to_owned(), format::ratio);
        let direction = match change {
            Some(d) if format::ratio(d.abs()) == "0.00" => "no change".to_owned(),
            Some(d) if d > 0.0 => format!("up {}", format::ratio(d)),
            Some(d) => format!("down {}", format::ratio(-d)),
            None => "no comparison possible".to_owned(),
        };
        let verdict_words = if moved {
            format!(
                "the verdict moved from \"{}\" to \"{}\"",
                before.verdict.label().to_ascii_lowercase(),
                now.verdict.label().to_ascii_lowercase()
            )
        } else {
            format!(
                "the verdict is unchanged (\"{}\")",
                now.verdict.label().to_ascii_lowercase()
            )
        };
        out.push(Change {
            workforce: now.workforce,
            metric: now.metric,
            title: now.title,
            previous: p,
            current: c,
            change,
            previous_verdict: before.verdict,
            current_verdict: now.verdict,
            verdict_moved: moved,
            sentence: format!(
                "{} ({}): {} last year, {} this year ({direction}); {verdict_words}.",
                now.title,
                now.workforce.label().to_ascii_lowercase(),
                figure(p),
                figure(c)
            ),
        });
    }
    out
}
