//! Every metric in one table (the results page's, and the one under the counts typed in), and
//! a verdict as a tag.

use leptos::prelude::*;

use crate::format;
use crate::results::{verdict_words, Evidence, MetricResult, Verdict, WorkforceResults};
use crate::ui::focus_by_id;

fn verdict_class(v: Verdict, e: Evidence) -> String {
    let side = match v {
        Verdict::WithinBand => "verdict--within",
        Verdict::AdverseToMinorityEthnic => "verdict--adverse-me",
        Verdict::AdverseToWhite => "verdict--adverse-white",
        _ => "verdict--none",
    };
    // A verdict the numbers are too few to be sure of is drawn outlined, not filled.
    let strength = if e == Evidence::Uncertain {
        " verdict--uncertain"
    } else {
        ""
    };
    format!("verdict {side}{strength}")
}

/// A verdict and the strength of its evidence in words, with its symbol (hidden from screen
/// readers) and its colour.
#[component]
pub fn VerdictTag(verdict: Verdict, evidence: Evidence) -> impl IntoView {
    view! {
        <span class=verdict_class(verdict, evidence)><span aria-hidden="true">{verdict.symbol()}" "</span>{verdict_words(verdict, evidence)}</span>
    }
}

fn rl_text(m: &MetricResult) -> String {
    m.relative_likelihood_shown
        .clone()
        .unwrap_or_else(|| "–".to_owned())
}

fn ci_text(m: &MetricResult) -> String {
    m.ci95
        .map_or("–".to_owned(), |c| format::interval(c[0], c[1]))
}

fn national_text(m: &MetricResult, year: u16) -> String {
    m.national
        .iter()
        .find(|n| n.year == year)
        .map_or("–".to_owned(), |n| n.text())
}

/// Every metric in one table: figure, interval, verdict and national figures.
#[component]
pub fn SummaryTable(wr: WorkforceResults) -> impl IntoView {
    view! {
        <div class="table-scroll" role="region" tabindex="0" aria-label=format!("Every metric, {}", wr.workforce.label().to_ascii_lowercase())>
            <table class="table" id="summary-table">
                <caption class="visually-hidden">{format!("Every metric, {}", wr.workforce.label().to_ascii_lowercase())}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Metric"</th>
                        <th scope="col" class="numeric">"Relative likelihood"</th>
                        <th scope="col" class="numeric">"95% confidence interval"</th>
                        <th scope="col">"Verdict"</th>
                        <th scope="col" class="numeric">"National 2023"<span class="visually-hidden">" (SC-WRES report)"</span></th>
                        <th scope="col" class="numeric">"National 2024"</th>
                    </tr>
                </thead>
                <tbody>
                    {wr.metrics.iter().map(|m| {
                        let anchor = format!("#metric-{}", m.metric.as_str().to_ascii_lowercase());
                        let target = format!("metric-{}", m.metric.as_str().to_ascii_lowercase());
                        view! {
                            <tr data-metric=m.metric.as_str()>
                                <th scope="row">
                                    <a href=anchor on:click=move |ev: leptos::ev::MouseEvent| { ev.prevent_default(); focus_by_id(&target); }>
                                        {format!("{} {}", m.metric, m.title)}
                                    </a>
                                    <p class="sentence">{m.sentence.clone()}</p>
                                    {m.small_numbers.then(|| view! { <span class="tag">"Small numbers"</span> })}
                                </th>
                                <td class="numeric rl">{rl_text(m)}</td>
                                <td class="numeric">{ci_text(m)}</td>
                                <td><VerdictTag verdict=m.verdict evidence=m.evidence/></td>
                                <td class="numeric">{national_text(m, 2023)}</td>
                                <td class="numeric">{national_text(m, 2024)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
