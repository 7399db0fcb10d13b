//! Results: the workforce switch, the summary table of every metric, the overview and
//! pay-band charts (each followed by its table), a section per metric with its counts and
//! cautions, year on year, and exports.

use std::sync::Arc;

use leptos::prelude::*;

use crate::charts;
use crate::diag::Severity;
use crate::export;
use crate::format;
use crate::metrics::MetricId;
use crate::results::{MetricResult, Results, Scope, WorkforceResults};
use crate::submission::Message;
use crate::ui::browser::download;
use crate::ui::browser::echarts::prefers_reduced_motion;
use crate::ui::components::chart::{chart_memo, forest_chart, Chart};
use crate::ui::components::settings::Settings;
use crate::ui::components::summary_table::{SummaryTable, VerdictTag};
use crate::ui::pages::years::{EarlierYears, TrendBlock};
use crate::ui::AppState;

/// The heights of the overview (forest plot) and pay-band charts, in pixels.
pub const FOREST_HEIGHT: u32 = 460;
pub const BANDS_HEIGHT: u32 = 380;

/// The chosen workforce's results (the first present until the user chooses).
fn chosen(results: &Results, scope: Option<Scope>) -> Option<WorkforceResults> {
    scope
        .and_then(|s| results.scope(s))
        .or_else(|| results.workforces.first())
        .cloned()
}

#[component]
pub fn ResultsView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let wr = Memo::new(move |_| {
        state
            .results
            .get()
            .and_then(|r| chosen(&r, state.scope.get()))
    });
    let warnings = Memo::new(move |_| {
        state
            .current
            .get()
            .map(|l| {
                l.parsed
                    .messages
                    .iter()
                    .filter(|m| m.severity == Severity::Warning)
                    .cloned()
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let reduced = prefers_reduced_motion();
    let forest = forest_chart(state, wr);
    let bands_chart = chart_memo(move || {
        wr.with(|w| {
            w.as_ref()
                .and_then(|w| w.metric(MetricId::M1))
                .and_then(|m| charts::pay_bands(m, reduced, state.narrow.get()))
        })
    });
    let download_csv = move |_| {
        if let Some(r) = state.results.get_untracked() {
            // A byte-order mark, so Excel reads the pound signs in band names as UTF-8.
            download::save_text(
                "sc-wres-results.csv",
                "text/csv",
                &format!("\u{feff}{}", export::to_csv(&r)),
            );
        }
    };
    // The summary table and the sections of M2 to M9 (most of the page, below the first
    // screen) are built just after the first frame of the results has been painted, so that
    // the top of the page and both charts (the pay-band chart is in M1's section) appear
    // without waiting for them: the table is about 1,600 px of text to lay out, which the first
    // chart's drawing would otherwise wait for.
    let rest = RwSignal::new(false);
    Effect::new(move |_| {
        request_animation_frame(move || {
            set_timeout(
                move || {
                    let _ = rest.try_set(true);
                },
                std::time::Duration::ZERO,
            )
        })
    });
    let section = move |m: MetricResult| view! { <MetricSection m=m warnings=warnings bands_chart=bands_chart/> };
    view! {
        <p class="lead">{move || state.current.get().map(|l| format!("Results for {}.", l.name)).unwrap_or_default()}</p>
        <div class="button-group no-print">
            <button type="button" class="button button--secondary" id="start-presentation"
                on:click=move |_| { state.safe.set(true); state.presenting.set(true); }>"Present these results"</button>
        </div>
        <Settings/>
        <WorkforceSwitch/>
        {move || wr.get().map(|w| view! {
            <h2 class="heading-l" id="results-heading">{w.workforce.label()}</h2>
        })}
        <WarningList warnings=warnings/>
        <h2 class="heading-m">"Every metric at a glance"</h2>
        <Chart id="chart-forest".to_owned() spec=forest height=FOREST_HEIGHT file_name="sc-wres-overview".to_owned()/>
        <p class="hint">"The table below holds the same figures as this chart, with each metric in words."</p>
        // The chart's table, the same figures in words: just after the first frame (above).
        {move || rest.get().then(|| wr.get().map(|w| view! { <SummaryTable wr=w/> }))}
        {move || wr.get().map(|w| w.metrics.into_iter().filter(|m| m.metric == MetricId::M1).map(section).collect_view())}
        {move || rest.get().then(|| wr.get().map(|w| w.metrics.into_iter().filter(|m| m.metric != MetricId::M1).map(section).collect_view()))}
        <EarlierYears/>
        // The action plan, below the fold: built with the sections after the first frame.
        {move || rest.get().then(|| view! { <crate::ui::pages::plan::PlanSection/> })}
        <section class="no-print" aria-labelledby="export-heading">
            <h2 class="heading-m" id="export-heading">"Save your results"</h2>
            <div class="button-group">
                <button type="button" class="button" id="download-csv" on:click=download_csv>"Download results (CSV)"</button>
                <button type="button" class="button button--secondary" on:click=move |_| { let _ = window().print(); }>"Print or save as PDF"</button>
            </div>
        </section>
        <section class="print-only method-note">
            <h2>"Method"</h2>
            <p>"Relative likelihood = minority ethnic rate ÷ white rate; people whose ethnicity is not known are left out. 95% confidence intervals by the Katz log method; p-values by Fisher's exact test (two-sided). Verdicts compare the figure with the band shown. Full method: \"How we calculate this\" in the calculator."</p>
        </section>
    }
}

#[component]
fn WorkforceSwitch() -> impl IntoView {
    let state = expect_context::<AppState>();
    let scopes = Memo::new(move |_| {
        state
            .results
            .get()
            .map(|r| r.workforces.iter().map(|w| w.workforce).collect::<Vec<_>>())
            .unwrap_or_default()
    });
    let selected = move || state.scope.get().or_else(|| scopes.get().first().copied());
    view! {
        <div class="form-group no-print">
            <fieldset class="fieldset">
                <legend class="label">"Workforce"</legend>
                <div class="radios radios--inline">
                    {move || scopes.get().into_iter().map(|s| {
                        let id = format!("scope-{}", s.key());
                        view! {
                            <div class="radio">
                                <input type="radio" name="scope" id=id.clone() value=s.key()
                                    prop:checked=move || selected() == Some(s)
                                    on:change=move |_| state.scope.set(Some(s))/>
                                <label for=id>{s.label()}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

#[component]
fn WarningList(warnings: Memo<Vec<Message>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        {move || {
            let ws = warnings.get();
            if ws.is_empty() {
                return None;
            }
            // The cautions quote counts from the file, small ones included, so they are not
            // shown while counts under 10 are hidden.
            if state.safe.get() {
                return Some(view! {
                    <p class="hint warnings-hidden">{format!(
                        "{} cautions about this file are not shown while counts under 10 are hidden, because they quote the file's counts.",
                        ws.len()
                    )}</p>
                }.into_any());
            }
            Some(view! {
                <details class="details warnings-all">
                    <summary>{format!("All {} cautions about this file", ws.len())}</summary>
                    <ul class="list">
                        {ws.into_iter().map(|m| view! { <li>{m.located_text()}</li> }).collect_view()}
                    </ul>
                </details>
            }.into_any())
        }}
    }
}

#[component]
fn MetricSection(
    m: MetricResult,
    warnings: Memo<Vec<Message>>,
    /// The pay-band chart, shown in the M1 section before its table.
    bands_chart: Signal<Option<charts::ChartSpec>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = format!("metric-{}", m.metric.as_str().to_ascii_lowercase());
    let metric = m.metric;
    let scope = m.workforce;
    let related = move || {
        warnings
            .get()
            .into_iter()
            .filter(|w| w.about.metrics.contains(&metric))
            .filter(|w| match (w.about.workforce, scope) {
                (Some(wf), Scope::Adults) => wf == crate::model::Workforce::Adults,
                (Some(wf), Scope::Children) => wf == crate::model::Workforce::Children,
                _ => true,
            })
            .collect::<Vec<_>>()
    };
    let m = Arc::new(m);
    let m2 = m.clone();
    view! {
        <section class="metric" id=id.clone() tabindex="-1" aria-labelledby=format!("{id}-heading")>
            <h3 class="heading-s" id=format!("{id}-heading")>{format!("{} {}", m.metric, m.title)}</h3>
            <p class="sentence-lead">{m.sentence.clone()}</p>
            {(m.metric != MetricId::M1).then(|| view! {
                <p><VerdictTag verdict=m.verdict evidence=m.evidence/></p>
                <p class="evidence-text">
                    {m.ci95.map(|c| format!("95% confidence interval {}; ", format::interval(c[0], c[1])))}
                    {format!("band {}. ", m.band)}
                    {m.evidence.words()}
                    {m.fisher_p.map(|p| format!(" Fisher's exact test: p {}.", format::p_value_phrase(p)))}
                </p>
            })}
            {m.what_it_would_take.clone().map(|w| view! { <p class="what-it-would-take">{w}</p> })}
            {m.survey.clone().map(|sv| view! {
                <p class="survey-coverage">{format!(
                    "Survey coverage: {} of minority ethnic staff and {} of white staff answered the survey.",
                    sv.minority_ethnic.rate.map_or("a hidden share".to_owned(), format::percent),
                    sv.white.rate.map_or("a hidden share".to_owned(), format::percent),
                )}</p>
                {sv.caution.map(|c| view! { <p class="warning-text survey-caution">{c}</p> })}
            })}
            {(!m.national.is_empty()).then(|| view! {
                <p class="national-sources">
                    "National figures: "
                    {m.national.iter().map(|n| format!(
                        "{} {} (\"{}\"; {})",
                        n.year,
                        n.text(),
                        n.wording,
                        n.source
                    )).collect::<Vec<_>>().join("; ")}
                    ". Links to the sources are in \"How we calculate this\"."
                </p>
            })}
            {move || {
                let ws = related();
                (!ws.is_empty() && !state.safe.get()).then(|| view! {
                    <div class="warning-text" role="note">
                        <strong class="warning-text__icon" aria-hidden="true">"!"</strong>
                        <div><span class="visually-hidden">"Caution: "</span>
                        <ul class="list">{ws.into_iter().map(|w| view! { <li>{w.located_text()}</li> }).collect_view()}</ul></div>
                    </div>
                })
            }}
            {(m.metric == MetricId::M1).then(|| view! {
                <Chart id="chart-bands".to_owned() spec=bands_chart height=BANDS_HEIGHT file_name="sc-wres-pay-bands".to_owned()/>
                <p class="hint">"The table below holds the same figures as this chart."</p>
            })}
            {if m2.metric == MetricId::M1 { bands_table(&m2).into_any() } else { counts_table(&m2).into_any() }}
            {(metric != MetricId::M1).then(|| view! { <TrendBlock metric=metric scope=scope/> })}
        </section>
    }
}

fn counts_table(m: &MetricResult) -> impl IntoView {
    let row = |name: &'static str, i: usize, g: Option<crate::results::GroupRate>| {
        g.map(|g| {
            view! {
                <tr>
                    <th scope="row">{name}</th>
                    <td class="numeric">{m.events_text(i, g.events)}</td>
                    <td class="numeric">{m.population_text(i, g.population)}</td>
                    <td class="numeric">{g.rate.map_or("–".to_owned(), format::percent)}</td>
                </tr>
            }
        })
    };
    let groups = m.broad_groups.clone();
    view! {
        <div class="table-scroll" role="region" tabindex="0" aria-label=format!("{}: counts", m.metric)>
        <table class="table counts-table">
            <caption class="caption-s">{format!("{}: counts", m.metric)}</caption>
            <thead><tr>
                <th scope="col">"Group"</th>
                <th scope="col" class="numeric">"Counted"</th>
                <th scope="col" class="numeric">"Out of"</th>
                <th scope="col" class="numeric">"Rate"</th>
            </tr></thead>
            <tbody>
                {row("Minority ethnic", 0, m.minority_ethnic)}
                {row("White", 1, m.white)}
                {row("Not known (left out of the ratio)", 2, m.not_known)}
            </tbody>
        </table>
        </div>
        {(!groups.is_empty()).then(|| view! {
            <div class="table-scroll" role="region" tabindex="0" aria-label=format!("{}: broad ethnic groups compared with white staff", m.metric)>
            <table class="table">
                <caption class="caption-s">{format!("{}: broad ethnic groups compared with white staff", m.metric)}</caption>
                <thead><tr>
                    <th scope="col">"Group"</th>
                    <th scope="col" class="numeric">"Counted"</th>
                    <th scope="col" class="numeric">"Out of"</th>
                    <th scope="col" class="numeric">"Relative likelihood"</th>
                    <th scope="col" class="numeric">"95% confidence interval"</th>
                </tr></thead>
                <tbody>
                    {groups.into_iter().enumerate().map(|(i, g)| view! {
                        <tr>
                            <th scope="row">{g.group.label()}</th>
                            <td class="numeric">{m.broad_count_text(i, 0, g.rate.events)}</td>
                            <td class="numeric">{m.broad_count_text(i, 1, g.rate.population)}</td>
                            <td class="numeric">{g.relative_likelihood.map_or("–".to_owned(), format::ratio)}</td>
                            <td class="numeric">{g.ci95.map_or("–".to_owned(), |c| format::interval(c[0], c[1]))}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        })}
    }
}

fn bands_table(m: &MetricResult) -> impl IntoView {
    let pct = |x: Option<f64>| x.map_or("–".to_owned(), format::percent);
    view! {
        <div class="table-scroll" role="region" tabindex="0" aria-label="M1: staff in each pay band">
        <table class="table" id="bands-table">
            <caption class="caption-s">"M1: staff in each pay band"</caption>
            <thead><tr>
                <th scope="col">"Pay band"</th>
                <th scope="col" class="numeric">"Minority ethnic"</th>
                <th scope="col" class="numeric">"White"</th>
                <th scope="col" class="numeric">"Not known"</th>
                <th scope="col" class="numeric">"% minority ethnic"</th>
                <th scope="col" class="numeric">"% white"</th>
                <th scope="col" class="numeric">"% not known"</th>
                <th scope="col" class="numeric">"Minority ethnic % of staff whose ethnicity is known"</th>
                <th scope="col" class="numeric">"That share relative to the whole workforce's"</th>
                <th scope="col" class="numeric">"Relative likelihood of being in this band: minority ethnic compared with white staff"</th>
                <th scope="col" class="numeric">"Its 95% confidence interval"</th>
            </tr></thead>
            <tbody>
                {m.bands.iter().enumerate().map(|(i, b)| view! {
                    <tr>
                        <th scope="row">{b.name.clone()}</th>
                        <td class="numeric">{m.band_count_text(i, 0, b.minority_ethnic)}</td>
                        <td class="numeric">{m.band_count_text(i, 1, b.white)}</td>
                        <td class="numeric">{m.band_count_text(i, 2, b.not_known)}</td>
                        <td class="numeric">{pct(b.share_minority_ethnic)}</td>
                        <td class="numeric">{pct(b.share_white)}</td>
                        <td class="numeric">{pct(b.share_not_known)}</td>
                        <td class="numeric">{pct(b.minority_ethnic_share_of_known)}</td>
                        <td class="numeric">{b.relative_to_workforce.map_or("–".to_owned(), format::ratio)}</td>
                        <td class="numeric">{b.relative_likelihood.map_or("–".to_owned(), format::ratio)}</td>
                        <td class="numeric">{b.ci95.map_or("–".to_owned(), |c| format::interval(c[0], c[1]))}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
        <p class="hint">
            {format!(
                "National comparison (SC-WRES 2024 report, minority ethnic share of staff; the report does not say whether staff whose ethnicity is not known are in the base): {}.",
                crate::benchmarks::NATIONAL_M1_2024
                    .iter()
                    .map(|(band, share)| format!("{band} {}", format::percent(*share)))
                    .collect::<Vec<_>>()
                    .join("; ")
            )}
        </p>
    }
}
