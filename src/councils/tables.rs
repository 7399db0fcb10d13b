//! The comparison's tables as text, cell by cell: what the page shows as each chart's table
//! equivalent (and the pooled figures and the councils' list). Pure, so that the page only
//! lays them out.

use super::funnel::{FunnelClass, FunnelView};
use super::{Comparison, MetricSet};
use crate::format;
use crate::results::Scope;

/// A table: a caption, its column headings (which are numeric), and rows whose first cell
/// heads the row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TextTable {
    pub caption: String,
    pub headers: Vec<&'static str>,
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<String>>,
}

fn dash(x: Option<String>) -> String {
    x.unwrap_or_else(|| "–".to_owned())
}

/// The pooled figures of a workforce, one row a metric.
pub fn pooled(cmp: &Comparison, scope: Scope) -> TextTable {
    TextTable {
        caption: format!("Pooled figures, {}", scope.label().to_ascii_lowercase()),
        headers: vec![
            "Metric",
            "Pooled relative likelihood",
            "95% confidence interval",
            "Q (degrees of freedom)",
            "I²",
            "Councils",
            "National",
        ],
        numeric: vec![false, true, true, true, true, true, true],
        rows: cmp
            .sets
            .iter()
            .filter(|s| s.workforce == scope)
            .map(|set| {
                let p = &set.pooled;
                vec![
                    format!("{} {}", set.metric, set.metric.def().short),
                    dash(p.relative_likelihood.map(format::ratio)),
                    dash(p.ci95.map(|c| format::interval(c[0], c[1]))),
                    dash(p.q.map(|q| format!("{q:.1} ({})", p.df))),
                    dash(p.i2.map(|i| format!("{:.0}%", i * 100.0))),
                    p.councils.to_string(),
                    dash(
                        set.national
                            .map(|(y, rl)| format!("{} ({y})", format::ratio(rl))),
                    ),
                ]
            })
            .collect(),
    }
}

/// Every council's figure for a metric and its place on the funnel `view` draws; counts from
/// 1 to 9 shown as "<10" when `safe`.
pub fn funnel(
    cmp: &Comparison,
    set: &MetricSet,
    view: &FunnelView,
    names: bool,
    safe: bool,
) -> TextTable {
    let mut class = vec![FunnelClass::None; set.figures.len()];
    for p in &view.points {
        class[p.figure] = p.class;
    }
    let count = |x: Option<u64>| dash(x.map(|n| format::count_safe(n, safe)));
    TextTable {
        caption: format!(
            "Each council's {}, {}",
            set.metric,
            set.workforce.label().to_ascii_lowercase()
        ),
        headers: vec![
            "Council",
            "Minority ethnic",
            "White",
            "Relative likelihood",
            "95% confidence interval",
            "Precision",
            "On the funnel",
        ],
        numeric: vec![false, true, true, true, true, true, false],
        rows: set
            .figures
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let t = f.table;
                vec![
                    cmp.display_name(f.council, names).to_owned(),
                    format!("{} of {}", count(t.map(|t| t.a)), count(t.map(|t| t.n1))),
                    format!("{} of {}", count(t.map(|t| t.c)), count(t.map(|t| t.n2))),
                    dash(f.relative_likelihood.map(format::ratio)),
                    dash(f.ci95.map(|c| format::interval(c[0], c[1]))),
                    dash(f.precision().map(|p| format!("{p:.1}"))),
                    match class[i] {
                        FunnelClass::None => {
                            format!("Not drawn: {}", f.reason.as_deref().unwrap_or("no figure"))
                        }
                        c => c.label().to_owned(),
                    },
                ]
            })
            .collect(),
    }
}

/// M1 across councils: each council's pay bands, the band's minority ethnic share and the
/// whole workforce's; as published (`safe`: a share a count under 10 went into is a dash).
pub fn m1(cmp: &Comparison, scope: Scope, names: bool, safe: bool) -> TextTable {
    let mut rows = Vec::new();
    for m in cmp.m1_rows(safe).iter().filter(|m| m.workforce == scope) {
        let whole = dash(m.workforce_share.map(format::percent));
        for b in &m.bands {
            rows.push(vec![
                cmp.display_name(m.council, names).to_owned(),
                b.name.clone(),
                dash(b.minority_ethnic_share_of_known.map(format::percent)),
                whole.clone(),
            ]);
        }
    }
    TextTable {
        caption: "Minority ethnic share of each pay band and of the whole workforce".to_owned(),
        headers: vec![
            "Council",
            "Pay band",
            "Minority ethnic share of the band",
            "Of the whole workforce",
        ],
        numeric: vec![false, false, true, true],
        rows,
    }
}

/// The councils compared: label, and name from the file when `names` (else "(hidden)").
pub fn councils(cmp: &Comparison, names: bool) -> TextTable {
    TextTable {
        caption: "Councils compared".to_owned(),
        headers: vec!["Label", "Name from the file"],
        numeric: vec![false, false],
        rows: cmp
            .councils
            .iter()
            .map(|c| {
                vec![
                    c.label.clone(),
                    if names {
                        c.name.clone()
                    } else {
                        "(hidden)".to_owned()
                    },
                ]
            })
            .collect(),
    }
}
