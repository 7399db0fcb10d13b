//! The report's sections: the summary table, a metric's section (its counts, with small
//! counts hidden for publication), a chart or its table, the action plan and the method.

use docx_rs::{AlignmentType, Paragraph, Pic, Run};

use super::{
    heading, labelled, para, sentence_end, table, table_in, Block, ChartKind, Input, TEXT_WIDTH_EMU,
};
use crate::compare::{self, MetricTrend, Year};
use crate::format;
use crate::metrics::MetricId;
use crate::plan;
use crate::results::{GroupRate, MetricResult, Scope, WorkforceResults};

pub(super) fn ratio_or_dash(x: Option<f64>) -> String {
    x.map_or("–".to_owned(), format::ratio)
}

pub(super) fn national(m: &MetricResult, year: u16) -> String {
    m.national
        .iter()
        .find(|n| n.year == year)
        .map_or("–".to_owned(), |n| n.text())
}

pub(super) fn summary_table(wr: &WorkforceResults) -> Block {
    table_in(
        &[
            "Metric",
            "Relative likelihood",
            "95% confidence interval",
            "Verdict",
            "National 2023",
            "National 2024",
        ],
        wr.metrics
            .iter()
            .map(|m| {
                vec![
                    format!("{} {}", m.metric, m.title),
                    ratio_or_dash(m.relative_likelihood),
                    m.ci95
                        .map_or("–".to_owned(), |c| format::interval(c[0], c[1])),
                    format!(
                        "{}{}",
                        m.verdict.label(),
                        if m.small_numbers {
                            " (small numbers)"
                        } else {
                            ""
                        }
                    ),
                    national(m, 2023),
                    national(m, 2024),
                ]
            })
            .collect(),
        &[10, 5, 6, 7, 5, 5],
    )
}

/// How strong the evidence for a difference is, in words: the results' own judgement (the
/// verdict with its evidence against the band, as the page says it), then the interval against
/// 1 and the p-value when shown.
pub fn evidence_words(m: &MetricResult) -> String {
    let judged = crate::results::verdict_words(m.verdict, m.evidence);
    // "Within the band" says it already; outside, the words say how the interval lies.
    let against_band = match m.evidence {
        crate::results::Evidence::Clear | crate::results::Evidence::Uncertain => {
            format!("{} ", m.evidence.words())
        }
        _ => String::new(),
    };
    match m.ci95 {
        Some(_) => format!("{judged}. {against_band}{}", evidence_interval(m)),
        None => format!("{judged}."),
    }
}

fn evidence_interval(m: &MetricResult) -> String {
    match (m.ci95, m.fisher_p) {
        (Some([lo, hi]), p) => {
            let p = p.map_or(String::new(), |p| {
                format!(" (p {})", format::p_value_phrase(p))
            });
            if hi < 1.0 || lo > 1.0 {
                format!("The interval ({}) does not include 1, so chance alone is an unlikely explanation of a difference between the groups{p}.", format::interval(lo, hi))
            } else {
                format!("The interval ({}) includes 1, so a difference between the groups could be chance{p}.", format::interval(lo, hi))
            }
        }
        (None, _) => "No interval can be calculated for this metric.".to_owned(),
    }
}

/// A group's counts (group 0 minority ethnic, 1 white, 2 not known): events, population,
/// rate. For publication the results say what is hidden (`disclosure::redact`: counts under
/// 10, and what would give them back); the rate beside a hidden count is hidden too.
pub(super) fn group_row(
    m: &MetricResult,
    group: usize,
    name: &str,
    g: Option<&GroupRate>,
) -> Vec<String> {
    match g {
        None => vec![name.to_owned(), "–".into(), "–".into(), "–".into()],
        Some(g) => {
            let events = m.events_text(group, g.events);
            let population = m.population_text(group, g.population);
            let secret =
                events != format::count(g.events) || population != format::count(g.population);
            vec![
                name.to_owned(),
                events,
                population,
                if secret {
                    "hidden (small numbers)".to_owned()
                } else {
                    g.rate.map_or("–".to_owned(), format::percent)
                },
            ]
        }
    }
}

pub(super) fn metric_section(
    input: &Input,
    wr: &WorkforceResults,
    m: &MetricResult,
    alts: &mut Vec<String>,
) -> Vec<Block> {
    let mut out = vec![heading(2, format!("{} {}", m.metric, m.title))];
    out.push(para(m.sentence.clone()));
    if let Some(reason) = &m.reason {
        out.push(para(reason.clone()));
    }
    if m.metric == MetricId::M1 {
        out.extend(chart(input, wr, ChartKind::PayBands, alts));
        out.push(bands_table(m));
    } else {
        out.push(labelled(
            "Relative likelihood",
            format!(
                "{} ({})",
                ratio_or_dash(m.relative_likelihood),
                m.verdict.label().to_lowercase()
            ),
        ));
        out.push(labelled(
            "95% confidence interval",
            m.ci95.map_or("not calculable".to_owned(), |c| {
                format::interval(c[0], c[1])
            }),
        ));
        out.push(labelled("Strength of evidence", evidence_words(m)));
        let def = m.metric.def();
        out.push(table(
            &["Staff", "Counted", "Of", "Rate"],
            vec![
                group_row(m, 0, "Minority ethnic", m.minority_ethnic.as_ref()),
                group_row(m, 1, "White", m.white.as_ref()),
                group_row(m, 2, "Ethnicity not known", m.not_known.as_ref()),
            ],
        ));
        out.push(para(format!(
            "Counted: {}; of: {}.",
            events_noun(m.metric),
            def.population_noun
        )));
    }
    // As the results state them (turned round with the figure), each with its source.
    let nat: Vec<String> = m
        .national
        .iter()
        .map(|n| format!("{} {} ({})", n.year, n.text(), n.source))
        .collect();
    out.push(labelled(
        "National figures",
        if nat.is_empty() {
            "none published for this metric.".to_owned()
        } else {
            format!("{}.", nat.join("; "))
        },
    ));
    // Change over the years (the results' own trend: each year's figure, each change).
    if let Some(t) = trends(input)
        .into_iter()
        .find(|t| t.workforce == wr.workforce && t.metric == m.metric)
    {
        out.push(heading(3, "Over the years"));
        out.push(table(
            &["Year", "Figure", "Verdict"],
            t.years
                .iter()
                .map(|y| {
                    vec![
                        y.label.clone(),
                        y.shown.clone().unwrap_or_else(|| "–".to_owned()),
                        y.verdict.label().to_owned(),
                    ]
                })
                .collect(),
        ));
        for c in &t.changes {
            out.push(para(c.sentence.clone()));
        }
    }
    // Notes on the data for this metric.
    let notes: Vec<(String, String)> = input
        .messages
        .iter()
        .filter(|c| plan::explainable(c))
        .filter(|c| c.about.metrics.contains(&m.metric))
        .filter(|c| {
            c.about
                .workforce
                .is_none_or(|w| w.key() == wr.workforce.key())
                || wr.workforce == Scope::Combined
        })
        .map(|c| {
            (
                super::caution_words(c, input.publication_safe),
                input
                    .plan
                    .note_for(c)
                    .map_or("No explanation given.".to_owned(), |n| n.note.clone()),
            )
        })
        .collect();
    if !notes.is_empty() {
        out.push(heading(3, "Notes on the data"));
        for (caution, note) in notes {
            out.push(labelled("Caution", caution));
            out.push(labelled("The council's explanation", note));
        }
    }
    out
}

pub(super) fn events_noun(metric: MetricId) -> &'static str {
    match metric {
        MetricId::M1 => "staff in the band",
        MetricId::M2 => "appointed",
        MetricId::M3 => "entered the formal disciplinary process",
        MetricId::M4 => "referred to a fitness-to-practise process",
        MetricId::M5 => "accessed funded non-mandatory CPD",
        MetricId::M6 | MetricId::M7a | MetricId::M7b => "reported harassment, bullying or abuse",
        MetricId::M8 => "left the organisation",
        MetricId::M9 => "in a senior manager role",
    }
}

/// Whether any of a pay band's counts is hidden for publication.
fn band_hidden(m: &MetricResult, band: usize) -> bool {
    let b = &m.bands[band];
    [b.minority_ethnic, b.white, b.not_known, b.total]
        .iter()
        .enumerate()
        .any(|(g, &n)| m.band_count_text(band, g, n) != format::count(n))
}

/// M1's pay bands. For publication the results say which counts are hidden; a band with a
/// hidden count has its share hidden too (with the shown counts it would give it back).
pub(super) fn bands_table(m: &MetricResult) -> Block {
    table(
        &[
            "Pay band",
            "Minority ethnic",
            "White",
            "Not known",
            "Total",
            "Minority ethnic share of known",
        ],
        m.bands
            .iter()
            .enumerate()
            .map(|(i, b)| {
                vec![
                    b.name.clone(),
                    m.band_count_text(i, 0, b.minority_ethnic),
                    m.band_count_text(i, 1, b.white),
                    m.band_count_text(i, 2, b.not_known),
                    m.band_count_text(i, 3, b.total),
                    if band_hidden(m, i) {
                        "hidden".to_owned()
                    } else {
                        b.minority_ethnic_share_of_known
                            .map_or("–".to_owned(), format::percent)
                    },
                ]
            })
            .collect(),
    )
}

/// Every metric across the years: the earlier files (most recent first in `earlier`) and
/// this one.
pub(super) fn trends(input: &Input) -> Vec<MetricTrend> {
    if input.earlier.is_empty() {
        return Vec::new();
    }
    let mut years: Vec<Year> = input
        .earlier
        .iter()
        .rev()
        .map(|e| Year {
            year: e.year,
            results: &e.results,
        })
        .collect();
    years.push(Year {
        year: None,
        results: input.results,
    });
    compare::trend(&years)
}

/// A chart's image, or (when the caller drew none) the table of what it shows.
pub(super) fn chart(
    input: &Input,
    wr: &WorkforceResults,
    kind: ChartKind,
    alts: &mut Vec<String>,
) -> Vec<Block> {
    // The charts the page draws (src/charts.rs): the overview always, the pay bands when M1
    // has bands, last year against this year when there is a last year.
    let name = match kind {
        ChartKind::Overview => "Chart: every metric",
        ChartKind::PayBands => "Chart: each pay band",
    };
    let exists = match kind {
        ChartKind::Overview => wr.metrics.iter().any(|m| m.metric != MetricId::M1),
        ChartKind::PayBands => wr.metric(MetricId::M1).is_some_and(|m| !m.bands.is_empty()),
    };
    if !exists {
        return Vec::new();
    }
    let mut out = vec![heading(
        3,
        format!("{name} ({})", format::lowercase(wr.workforce.label())),
    )];
    if let Some(img) = input
        .charts
        .iter()
        .find(|c| c.scope == wr.workforce && c.kind == kind)
    {
        let w = TEXT_WIDTH_EMU;
        let h = (f64::from(w) * f64::from(img.height_px) / f64::from(img.width_px.max(1))) as u32;
        let pic = Pic::new_with_dimensions(img.png.clone(), img.width_px, img.height_px).size(w, h);
        alts.push(img.alt.clone());
        out.push(Block::p(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(Run::new().add_image(pic)),
        ));
        out.push(para(format!("What the chart shows: {}", img.alt)));
    } else {
        out.push(para(
            "This report was made without a chart engine (by the command line), so the chart's figures are given as a table instead. The calculator's page puts the chart here.",
        ));
        out.push(chart_table(input, wr, kind));
    }
    out
}

pub(super) fn chart_table(input: &Input, wr: &WorkforceResults, kind: ChartKind) -> Block {
    match kind {
        ChartKind::Overview => table(
            &[
                "Metric",
                "Relative likelihood",
                "95% interval, low",
                "95% interval, high",
                "Within the band",
            ],
            wr.metrics
                .iter()
                .filter(|m| m.metric != MetricId::M1)
                .map(|m| {
                    vec![
                        format!("{} {}", m.metric, m.metric.def().short),
                        ratio_or_dash(m.relative_likelihood),
                        ratio_or_dash(m.ci95.map(|c| c[0])),
                        ratio_or_dash(m.ci95.map(|c| c[1])),
                        m.relative_likelihood
                            .map_or("–", |x| {
                                if input.results.settings.band.contains(x) {
                                    "yes"
                                } else {
                                    "no"
                                }
                            })
                            .to_owned(),
                    ]
                })
                .collect(),
        ),
        ChartKind::PayBands => table(
            &[
                "Pay band",
                "Minority ethnic share",
                "White share",
                "Not known share",
            ],
            wr.metric(MetricId::M1)
                .map(|m| {
                    m.bands
                        .iter()
                        .enumerate()
                        .map(|(i, b)| {
                            let secret = band_hidden(m, i);
                            let share = |s: Option<f64>| {
                                if secret {
                                    "hidden".to_owned()
                                } else {
                                    s.map_or("–".to_owned(), format::percent)
                                }
                            };
                            vec![
                                b.name.clone(),
                                share(b.share_minority_ethnic),
                                share(b.share_white),
                                share(b.share_not_known),
                            ]
                        })
                        .collect()
                })
                .unwrap_or_default(),
        ),
    }
}

pub(super) fn action_plan(input: &Input) -> Vec<Block> {
    let mut out = vec![heading(1, "Action plan")];
    let p = input.plan;
    if p.actions.is_empty() {
        out.push(para("No actions have been planned yet."));
        return out;
    }
    out.push(para("The actions are grouped by theme (the grouping is the calculator's). Each target is a figure of the metric: for a metric where a higher figure is the aim (M1, M2, M5, M9) \"at least\", otherwise \"at most\". Progress compares each action's baseline with this year's figure."));
    let band = input.results.settings.band;
    for (theme, actions) in p.by_theme() {
        out.push(heading(2, theme.name));
        if actions.is_empty() {
            out.push(para("No actions under this theme."));
            continue;
        }
        out.push(table_in(
            &[
                "Metric",
                "Action and owner",
                "Baseline and target",
                "Due",
                "Status",
                "Progress and notes",
            ],
            actions
                .iter()
                .map(|(_, a)| {
                    let now = plan::figure(input.results, a.metric, a.workforce);
                    let progress = plan::progress(a, now, band);
                    let mut progress_words = progress.words;
                    if !a.notes.trim().is_empty() {
                        progress_words = format!("{progress_words} Notes: {}", a.notes.trim());
                    }
                    vec![
                        format!("{} ({})", a.metric, format::lowercase(a.workforce.label())),
                        format!(
                            "{} Owner: {}.",
                            sentence_end(a.what.trim()),
                            if a.owner.trim().is_empty() {
                                "not given"
                            } else {
                                a.owner.trim()
                            }
                        ),
                        format!(
                            "Baseline {}; target {}",
                            // For publication, a baseline is hidden with this year's figure
                            // (it is the same figure, and would give it back).
                            if input.publication_safe && now.is_none() {
                                "hidden for publication".to_owned()
                            } else {
                                ratio_or_dash(a.baseline)
                            },
                            if a.target.is_some() {
                                a.target_words()
                            } else {
                                "not set".to_owned()
                            }
                        ),
                        format!(
                            "{} ({})",
                            plan::date_words(&a.due),
                            format::lowercase(a.term.label())
                        ),
                        a.status.label().to_owned(),
                        progress_words,
                    ]
                })
                .collect(),
            &[3, 6, 3, 4, 2, 6],
        ));
    }
    out
}

pub(super) fn method(input: &Input) -> Vec<Block> {
    let band = input.results.settings.band;
    let mut out = vec![heading(1, "Appendix: method and sources")];
    for text in [
        "Each metric compares minority ethnic staff with white staff over the last 12 months. The relative likelihood is the minority ethnic rate divided by the white rate: (events among minority ethnic staff ÷ minority ethnic staff) ÷ (events among white staff ÷ white staff).".to_owned(),
        "Staff whose ethnicity is not known are left out of every ratio; the share of staff who declared their ethnicity is reported, and a caution is raised below 90%. White staff are those of any White background (English, Welsh, Scottish, Northern Irish or British; Irish; Gypsy or Irish Traveller; Roma; any other White background); minority ethnic staff are those of every other stated background, as in the NHS WRES.".to_owned(),
        "The 95% confidence interval is worked out on the log scale (the Katz method), adding 0.5 to every count only when one is zero. The p-value is from Fisher's exact test (two-sided). A count from 1 to 9 is flagged as small numbers.".to_owned(),
        format!("A figure from {} to {} is treated as no adverse difference. This band is the NHS convention (the \"four-fifths rule\" used for the NHS WRES disciplinary indicator, NHS England, 2019); no SC-WRES band has been published.", format::ratio(band.low), format::ratio(band.high)),
        "Change between two years is the ratio of the two relative likelihoods, with an interval combining the two years' log-scale standard errors as if the years were independent (Altman and Bland, \"Interaction revisited: the difference between two estimates\", BMJ 2003). The same staff appear in both years, so this is approximate.".to_owned(),
        "For M1 the action plan measures the highest pay band's minority ethnic share of staff against the whole workforce's share (1 means the top band is as diverse as the workforce).".to_owned(),
    ] {
        out.push(para(text));
    }
    out.push(heading(2, "Sources"));
    for s in [
        "Skills for Care, Social Care Workforce Race Equality Standard (SC-WRES): the metrics and the annual collection.",
        "NHS England, NHS Workforce Race Equality Standard: technical guidance and the non-adverse range (0.80 to 1.25).",
        "Katz D. et al., \"Obtaining confidence intervals for the risk ratio in cohort studies\", Biometrics 1978.",
        "Fisher R. A., \"The logic of inductive inference\", 1935 (Fisher's exact test).",
        "Altman D. G. and Bland J. M., \"Interaction revisited: the difference between two estimates\", BMJ 2003.",
    ]
    .into_iter()
    .chain(sources())
    {
        out.push(para(s));
    }
    out
}

/// The sources of the national figures, each once.
pub(super) fn sources() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for b in crate::benchmarks::NATIONAL.iter() {
        if !out.contains(&b.source) {
            out.push(b.source);
        }
    }
    out
}
