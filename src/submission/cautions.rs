//! The cautions that let results show: more events than people, low declaration rates,
//! small numbers and missing rows. Each names the rows and metrics it affects.

use super::{Layout, Message, DECLARATION_THRESHOLD};
use crate::diag::Code;
use crate::ethnicity::{BroadGroup, EthnicityColumn};
use crate::metrics::{metrics_needing, MetricId, METRICS};
use crate::model::{Counts, Measure, Population, Submission};

/// The cautions that let results show: impossible-looking totals, low declaration, small
/// numbers and missing rows.
pub(super) fn warnings(s: &Submission, layout: &Layout, messages: &mut Vec<Message>) {
    for wd in &s.workforces {
        let w = wd.workforce;
        // More events than the population they are drawn from.
        for def in METRICS.iter().filter(|d| d.id != MetricId::M1) {
            let (Some(events), Some(pop)) =
                (wd.rows.get(&def.events), wd.population(def.population))
            else {
                continue;
            };
            let pop_name = match def.population {
                Population::Headcount => "the staff rows (all pay bands) add up to".to_owned(),
                Population::Measure(m) => {
                    format!("the {} row (row {}) has", m.key(), wd.rows[&m].row)
                }
            };
            let groups = [
                (
                    "minority ethnic",
                    events.counts.minority_ethnic,
                    pop.minority_ethnic,
                    EthnicityColumn::MinorityEthnic,
                ),
                (
                    "white",
                    events.counts.white,
                    pop.white,
                    EthnicityColumn::White,
                ),
                (
                    "not known",
                    events.counts.not_known,
                    pop.not_known,
                    EthnicityColumn::NotKnown,
                ),
            ];
            for (name, e, p, kind) in groups {
                if e > p {
                    let consequence = if kind == EthnicityColumn::NotKnown {
                        ". Not-known counts are left out of every ratio, so results are still \
                         calculated, but the mismatch suggests a counting error"
                            .to_owned()
                    } else {
                        format!(", so {} cannot be calculated for {}", def.id, w.key())
                    };
                    let mut m = Message::warning(
                        Code::MoreEventsThanPopulation,
                        format!(
                            "The {} row counts {e} {name} people, but {pop_name} only {p}. A group \
                             cannot have more {} than {}{consequence}. \
                             Check both rows.",
                            def.events.key(),
                            def.events.describe(),
                            match def.population {
                                Population::Headcount => "staff".to_owned(),
                                Population::Measure(m) => m.describe().to_owned(),
                            },
                        ),
                    )
                    .for_workforce(w)
                    .affecting(vec![def.id]);
                    m = match layout.column(kind) {
                        Some((c, h)) => m.at_cell(events.row, c, h),
                        None => m.at_row(events.row),
                    };
                    messages.push(m.with_value(&e.to_string()));
                }
            }
        }
        // Declaration rate.
        let populations = [
            (
                Measure::Staff,
                wd.headcount(),
                wd.bands.first().map(|b| b.row),
                "staff",
            ),
            (
                Measure::Shortlisted,
                wd.counts(Measure::Shortlisted),
                wd.rows.get(&Measure::Shortlisted).map(|e| e.row),
                "shortlisted applicants",
            ),
            (
                Measure::SurveyRespondents,
                wd.counts(Measure::SurveyRespondents),
                wd.rows.get(&Measure::SurveyRespondents).map(|e| e.row),
                "survey respondents",
            ),
        ];
        for (measure, counts, row, noun) in populations {
            let (Some(c), Some(row)) = (counts, row) else {
                continue;
            };
            if c.total() == 0 {
                continue;
            }
            let rate = c.known() as f64 / c.total() as f64;
            if rate < DECLARATION_THRESHOLD {
                let mut m = Message::warning(
                    Code::LowDeclarationRate,
                    format!(
                        "Ethnicity is known for {:.0}% of {noun} in the {} workforce ({} of {}), \
                         below 90%. People whose ethnicity is not known are left out of every \
                         ratio, so the results may not represent the whole group. Improving \
                         declaration rates is an action in itself.",
                        (rate * 100.0).floor(),
                        w.key(),
                        c.known(),
                        c.total()
                    ),
                )
                .for_workforce(w)
                .affecting(metrics_needing(measure));
                if let Some((c, h)) = layout.column(EthnicityColumn::NotKnown) {
                    m = m.at_cell(row, c, h);
                } else {
                    m = m.at_row(row);
                }
                messages.push(m);
            }
        }
        // Small numbers, row by row, on the totals that feed the ratios.
        let mut rows: Vec<(usize, String, Counts, Vec<MetricId>)> = wd
            .bands
            .iter()
            .map(|b| {
                (
                    b.row,
                    format!("staff row \"{}\"", b.name),
                    b.counts,
                    vec![MetricId::M1],
                )
            })
            .collect();
        rows.extend(wd.rows.iter().map(|(m, e)| {
            (
                e.row,
                format!("{} row", m.key()),
                e.counts,
                metrics_needing(*m),
            )
        }));
        rows.sort_by_key(|r| r.0);
        for (row, what, c, metrics) in rows {
            let mut small: Vec<String> = Vec::new();
            for (name, n) in [("minority ethnic", c.minority_ethnic), ("white", c.white)] {
                if (1..=9).contains(&n) {
                    small.push(format!("{name} {n}"));
                }
            }
            if let Some(gs) = c.groups {
                for g in BroadGroup::ALL {
                    let n = gs[g as usize];
                    if (1..=9).contains(&n) {
                        small.push(format!("{} {n}", g.short()));
                    }
                }
            }
            if !small.is_empty() {
                messages.push(
                    Message::warning(
                        Code::SmallNumbers,
                        format!(
                            "The {what} for {} has small numbers ({}). A ratio built on fewer \
                             than 10 people can change a lot with one person: read it with its \
                             confidence interval, and do not publish counts under 10.",
                            w.key(),
                            small.join(", ")
                        ),
                    )
                    .at_row(row)
                    .for_workforce(w)
                    .affecting(metrics),
                );
            }
        }
        // Missing rows: a missing row is not a zero.
        let mut missing: Vec<Measure> = Measure::ALL
            .into_iter()
            .filter(|m| *m != Measure::Staff && !wd.rows.contains_key(m))
            .collect();
        if wd.bands.is_empty() {
            missing.insert(0, Measure::Staff);
        }
        if !missing.is_empty() {
            let mut affected: Vec<MetricId> =
                missing.iter().flat_map(|m| metrics_needing(*m)).collect();
            affected.sort();
            affected.dedup();
            let names: Vec<&str> = missing.iter().map(|m| m.key()).collect();
            let ids: Vec<&str> = affected.iter().map(|m| m.as_str()).collect();
            messages.push(
                Message::warning(
                    Code::MissingRows,
                    format!(
                        "The {} workforce has no {} {}, so {} cannot be calculated. A missing \
                         row is not taken as zero: add the {}, with 0 where there were none.",
                        w.key(),
                        names.join(", "),
                        if names.len() == 1 { "row" } else { "rows" },
                        ids.join(", "),
                        if names.len() == 1 { "row" } else { "rows" },
                    ),
                )
                .for_workforce(w)
                .affecting(affected),
            );
        }
    }
}
