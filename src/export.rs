//! Results as CSV (safe to open in a spreadsheet) and as JSON (the contract other tools use).

use serde::Serialize;

use crate::compare::MetricTrend;
use crate::csv_out::{CsvOut, LineEnd};
use crate::format;
use crate::results::{MetricResult, Results};
use crate::submission::Message;

/// The JSON document: `{"results": [...], "messages": [...]}` (and `"changes"` when a
/// previous year was given).
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    pub results: Vec<&'a MetricResult>,
    pub messages: &'a [Message],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<&'a [MetricTrend]>,
}

/// The results, messages and changes as pretty-printed JSON.
pub fn to_json(results: &Results, messages: &[Message], changes: Option<&[MetricTrend]>) -> String {
    let report = Report {
        results: results.all().collect(),
        messages,
        changes,
    };
    serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

const CSV_HEADER: [&str; 26] = [
    "workforce",
    "metric",
    "title",
    "orientation",
    "minority_ethnic_events",
    "minority_ethnic_population",
    "minority_ethnic_rate",
    "white_events",
    "white_population",
    "white_rate",
    "not_known_events",
    "not_known_population",
    "relative_likelihood",
    "relative_likelihood_shown",
    "ci95_low",
    "ci95_high",
    "fisher_p",
    "band",
    "verdict",
    "evidence",
    "to_band",
    "to_parity",
    "small_numbers",
    "national_2023",
    "national_2024",
    "sentence",
];

/// One row per metric and workforce, then one per M1 pay band; every cell made safe.
pub fn to_csv(results: &Results) -> String {
    // The two tables have different widths, with a blank row between them.
    let mut w = CsvOut::new(LineEnd::Crlf);
    w.row(CSV_HEADER);
    let num = |x: Option<f64>| x.map_or(String::new(), |v| format!("{v:.6}"));
    for r in results.all() {
        // A count hidden for publication is written as it is shown ("<10", "hidden").
        let count = |shown: String| shown.replace(',', "");
        let group = |i: usize, g: Option<crate::results::GroupRate>| {
            g.map_or([String::new(), String::new(), String::new()], |g| {
                [
                    count(r.events_text(i, g.events)),
                    count(r.population_text(i, g.population)),
                    num(g.rate),
                ]
            })
        };
        let [me_e, me_p, me_r] = group(0, r.minority_ethnic);
        let [w_e, w_p, w_r] = group(1, r.white);
        let [nk_e, nk_p, _] = group(2, r.not_known);
        let national = |y: u16| {
            num(r
                .national
                .iter()
                .find(|n| n.year == y)
                .map(|n| n.relative_likelihood))
        };
        let row = [
            r.workforce.key().to_owned(),
            r.metric.as_str().to_owned(),
            r.title.to_owned(),
            match r.orientation {
                crate::results::Orientation::MinorityEthnicToWhite => "minority_ethnic_to_white",
                crate::results::Orientation::WhiteToMinorityEthnic => "white_to_minority_ethnic",
            }
            .to_owned(),
            me_e,
            me_p,
            me_r,
            w_e,
            w_p,
            w_r,
            nk_e,
            nk_p,
            num(r.relative_likelihood),
            r.relative_likelihood_shown.clone().unwrap_or_default(),
            num(r.ci95.map(|c| c[0])),
            num(r.ci95.map(|c| c[1])),
            num(r.fisher_p),
            r.band.clone(),
            r.verdict.label().to_owned(),
            r.evidence.short().to_owned(),
            r.to_band.map_or(String::new(), |k| k.to_string()),
            r.to_parity.map_or(String::new(), |k| k.to_string()),
            if r.small_numbers { "yes" } else { "no" }.to_owned(),
            national(2023),
            national(2024),
            r.sentence.clone(),
        ];
        w.safe_row(&row);
    }
    w.row([""; 0]);
    w.row([
        "workforce",
        "pay_band",
        "minority_ethnic",
        "white",
        "not_known",
        "total",
        "share_minority_ethnic",
        "share_white",
        "share_not_known",
        "minority_ethnic_share_of_known",
        "relative_to_workforce",
        "relative_likelihood_in_band",
        "ci95_low",
        "ci95_high",
    ]);
    for r in results.all() {
        for (i, b) in r.bands.iter().enumerate() {
            let count = |g: usize, n: u64| r.band_count_text(i, g, n).replace(',', "");
            let row = [
                r.workforce.key().to_owned(),
                b.name.clone(),
                count(0, b.minority_ethnic),
                count(1, b.white),
                count(2, b.not_known),
                count(3, b.total),
                num(b.share_minority_ethnic),
                num(b.share_white),
                num(b.share_not_known),
                num(b.minority_ethnic_share_of_known),
                num(b.relative_to_workforce),
                num(b.relative_likelihood),
                num(b.ci95.map(|c| c[0])),
                num(b.ci95.map(|c| c[1])),
            ];
            w.safe_row(&row);
        }
    }
    w.finish()
}

/// A plain-text table for the terminal.
pub fn to_table(results: &Results) -> String {
    let mut out = String::new();
    for wr in &results.workforces {
        out.push_str(&format!("\n{}\n", wr.workforce.label()));
        out.push_str(&format!(
            "{:<5} {:<30} {:>6} {:>14} {:>8}  {}\n",
            "", "Metric", "RL", "95% CI", "p", "Verdict"
        ));
        for r in &wr.metrics {
            let rl = r
                .relative_likelihood_shown
                .clone()
                .unwrap_or_else(|| "-".to_owned());
            let ci = r
                .ci95
                .map_or("-".to_owned(), |c| format::interval(c[0], c[1]));
            let p = r.fisher_p.map_or("-".to_owned(), format::p_value);
            out.push_str(&format!(
                "{:<5} {:<30} {:>6} {:>14} {:>8}  {} {}{}\n",
                r.metric.as_str(),
                r.metric.def().short,
                rl,
                ci,
                p,
                r.verdict.symbol(),
                crate::results::verdict_words(r.verdict, r.evidence),
                if r.small_numbers {
                    " (small numbers)"
                } else {
                    ""
                }
            ));
            out.push_str(&format!("      {}\n", r.sentence));
            if let Some(w) = &r.what_it_would_take {
                out.push_str(&format!("      {w}\n"));
            }
        }
    }
    out
}

/// Change over the years as plain text: for each workforce and metric, each year's figure
/// with its verdict and evidence, then each change in words.
pub fn changes_table(trends: &[MetricTrend]) -> String {
    let mut out = String::new();
    for t in trends {
        out.push_str(&format!(
            "  {} {} ({})\n",
            t.metric,
            t.metric.def().short,
            format::lowercase(t.workforce.label())
        ));
        for y in &t.years {
            out.push_str(&format!(
                "    {:<16} {:>8}  {}\n",
                y.label,
                y.shown.as_deref().unwrap_or("-"),
                crate::results::verdict_words(y.verdict, y.evidence)
            ));
        }
        for c in &t.changes {
            out.push_str(&format!("    {}\n", c.sentence));
        }
    }
    out
}
