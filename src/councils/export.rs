//! The comparison as JSON (the command line's contract), CSV and a plain-text table.
//!
//! JSON: `{"pooled": [{"workforce", "metric", "relative_likelihood", "ci95", "q", "df", "i2",
//! "councils"}], "councils": [{"label", "file", "workforce", "metric", "relative_likelihood",
//! "ci95", "se_log", "funnel"}], "messages": [{"file", "severity", "code", "row", "column",
//! …, "message"}]}`; `funnel` is against the pooled target with no over-dispersion
//! adjustment.

use serde::Serialize;

use super::{Comparison, FileMessage, MetricSet};
use crate::csv_out::{CsvOut, LineEnd};
use crate::format;
use crate::metrics::MetricId;
use crate::results::Scope;

/// Which names the exports carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Naming {
    /// Councils' names from their files rather than "Council A", "Council B" ….
    pub names: bool,
    /// Each council's file name (the page leaves it out while the labels are anonymous).
    pub files: bool,
}

#[derive(Serialize)]
struct PooledRow {
    workforce: Scope,
    metric: MetricId,
    relative_likelihood: Option<f64>,
    ci95: Option<[f64; 2]>,
    q: Option<f64>,
    df: usize,
    i2: Option<f64>,
    councils: usize,
}

#[derive(Serialize)]
struct CouncilRow<'a> {
    label: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    workforce: Scope,
    metric: MetricId,
    relative_likelihood: Option<f64>,
    ci95: Option<[f64; 2]>,
    se_log: Option<f64>,
    funnel: super::FunnelClass,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

#[derive(Serialize)]
struct Document<'a> {
    pooled: Vec<PooledRow>,
    councils: Vec<CouncilRow<'a>>,
    messages: Vec<&'a FileMessage>,
}

fn pooled_row(set: &MetricSet) -> PooledRow {
    PooledRow {
        workforce: set.workforce,
        metric: set.metric,
        relative_likelihood: set.pooled.relative_likelihood,
        ci95: set.pooled.ci95,
        q: set.pooled.q,
        df: set.pooled.df,
        i2: set.pooled.i2,
        councils: set.pooled.councils,
    }
}

/// The comparison as pretty-printed JSON. While the names are hidden, the messages name each
/// file by its council's label (or "a file left out").
pub fn to_json(cmp: &Comparison, naming: Naming) -> String {
    let doc = Document {
        pooled: cmp.sets.iter().map(pooled_row).collect(),
        councils: cmp
            .sets
            .iter()
            .flat_map(|set| {
                set.figures.iter().map(move |f| CouncilRow {
                    label: cmp.display_name(f.council, naming.names),
                    file: naming.files.then(|| cmp.councils[f.council].file.as_str()),
                    workforce: set.workforce,
                    metric: set.metric,
                    relative_likelihood: f.relative_likelihood,
                    ci95: f.ci95,
                    se_log: f.se_log,
                    funnel: f.funnel,
                    reason: f.reason.as_deref(),
                })
            })
            .collect(),
        messages: if naming.files {
            cmp.messages.iter().collect()
        } else {
            Vec::new()
        },
    };
    serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

const POOLED_HEADER: [&str; 11] = [
    "workforce",
    "metric",
    "title",
    "pooled_relative_likelihood",
    "ci95_low",
    "ci95_high",
    "q",
    "df",
    "i2",
    "councils",
    "national",
];

const COUNCIL_HEADER: [&str; 14] = [
    "council",
    "workforce",
    "metric",
    "minority_ethnic_events",
    "minority_ethnic_population",
    "white_events",
    "white_population",
    "relative_likelihood",
    "ci95_low",
    "ci95_high",
    "se_log",
    "precision",
    "funnel",
    "reason",
];

fn num(x: Option<f64>) -> String {
    x.map_or(String::new(), |v| format!("{v:.6}"))
}

/// The pooled figures, a blank row, then one row per council, workforce and metric (the
/// funnel class against the pooled figure with no adjustment); every cell made safe.
pub fn to_csv(cmp: &Comparison, naming: Naming) -> String {
    let mut w = CsvOut::new(LineEnd::Crlf);
    w.row(POOLED_HEADER);
    for set in &cmp.sets {
        let p = &set.pooled;
        w.safe_row([
            set.workforce.key().to_owned(),
            set.metric.to_string(),
            set.metric.def().title.to_owned(),
            num(p.relative_likelihood),
            num(p.ci95.map(|c| c[0])),
            num(p.ci95.map(|c| c[1])),
            num(p.q),
            p.df.to_string(),
            num(p.i2),
            p.councils.to_string(),
            num(set.national.map(|n| n.1)),
        ]);
    }
    w.row([""]);
    w.row(COUNCIL_HEADER);
    for set in &cmp.sets {
        for f in &set.figures {
            let counts = |x: Option<u64>| x.map_or(String::new(), |v| v.to_string());
            w.safe_row([
                cmp.display_name(f.council, naming.names).to_owned(),
                set.workforce.key().to_owned(),
                set.metric.to_string(),
                counts(f.table.map(|t| t.a)),
                counts(f.table.map(|t| t.n1)),
                counts(f.table.map(|t| t.c)),
                counts(f.table.map(|t| t.n2)),
                num(f.relative_likelihood),
                num(f.ci95.map(|c| c[0])),
                num(f.ci95.map(|c| c[1])),
                num(f.se_log),
                num(f.precision()),
                f.funnel.key().to_owned(),
                f.reason.clone().unwrap_or_default(),
            ]);
        }
    }
    w.finish()
}

/// A plain-text table: the pooled figures, then the councils outside the limits.
pub fn to_table(cmp: &Comparison, naming: Naming) -> String {
    let mut out = format!(
        "{} councils compared; {} files left out.\n\n",
        cmp.councils.len(),
        cmp.left_out.len()
    );
    out.push_str(&format!(
        "{:<9} {:<5} {:>7} {:>15} {:>8} {:>5} {:>8} {:>9}\n",
        "workforce", "id", "pooled", "95% CI", "Q", "I2", "councils", "national"
    ));
    for set in &cmp.sets {
        let p = &set.pooled;
        out.push_str(&format!(
            "{:<9} {:<5} {:>7} {:>15} {:>8} {:>5} {:>8} {:>9}\n",
            set.workforce.key(),
            set.metric.as_str(),
            p.relative_likelihood.map_or("–".into(), format::ratio),
            p.ci95.map_or("–".into(), |c| format::interval(c[0], c[1])),
            p.q.map_or("–".into(), |q| format!("{q:.1}")),
            p.i2.map_or("–".into(), |i| format!("{:.0}%", i * 100.0)),
            p.councils,
            set.national.map_or("–".into(), |n| format::ratio(n.1)),
        ));
    }
    let mut outside = Vec::new();
    for set in &cmp.sets {
        for f in set.figures.iter().filter(|f| {
            !matches!(
                f.funnel,
                super::FunnelClass::Within | super::FunnelClass::None
            )
        }) {
            outside.push(format!(
                "  {} {} {}: {} ({})",
                set.workforce.key(),
                set.metric,
                cmp.display_name(f.council, naming.names),
                f.relative_likelihood.map_or("–".into(), format::ratio),
                f.funnel.label().to_ascii_lowercase()
            ));
        }
    }
    if !outside.is_empty() {
        out.push_str("\nOutside the funnel's 95% limits around the pooled figure\n");
        out.push_str(&outside.join("\n"));
        out.push('\n');
    }
    if !cmp.messages.is_empty() {
        out.push_str("\nMessages\n");
        for m in &cmp.messages {
            out.push_str(&format!("  {m}\n"));
        }
    }
    out
}
