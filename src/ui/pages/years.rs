//! Change over the years on the results page: choosing earlier years' files and giving each
//! its year, every metric across the years in one table, and (in each metric's section) the
//! metric's trend chart with its table and the changes in words.

use leptos::prelude::*;

use crate::charts;
use crate::compare::{year_in_name, MetricTrend, MAX_EARLIER};
use crate::diag::Severity;
use crate::metrics::MetricId;
use crate::results::{verdict_words, Scope};
use crate::ui::browser::echarts::prefers_reduced_motion;
use crate::ui::components::chart::{chart_memo, Chart};
use crate::ui::components::chosen_file::{
    read_file, read_sheet, PendingWorkbook, SheetChooser, ACCEPT,
};
use crate::ui::pages::start::{EXAMPLE_2022, EXAMPLE_2023, EXAMPLE_NAME};
use crate::ui::{AppState, Earlier, Loaded};

/// Adds an earlier year's file, its year taken from its name when it has one; past
/// [`MAX_EARLIER`] files, says so instead.
fn add(state: AppState, loaded: Loaded) {
    if state.earlier.with(|l| l.len()) >= MAX_EARLIER {
        state.too_many_earlier.set(true);
        return;
    }
    state.earlier.update(|list| {
        let key = list.iter().map(|e| e.key + 1).max().unwrap_or(0);
        let year = year_in_name(&loaded.name)
            .map(|y| y.to_string())
            .unwrap_or_default();
        list.push(Earlier { key, year, loaded });
    });
}

/// The trends of the workforce on show.
fn scope_trends(state: AppState) -> Memo<Option<Vec<MetricTrend>>> {
    Memo::new(move |_| {
        let changes = state.changes.get()?;
        let scope = state.scope.get().or_else(|| {
            state
                .results
                .get()
                .and_then(|r| r.workforces.first().map(|w| w.workforce))
        })?;
        Some(
            changes
                .iter()
                .filter(|t| t.workforce == scope)
                .cloned()
                .collect(),
        )
    })
}

/// Choosing earlier years' files, and every metric across the years.
#[component]
pub fn EarlierYears() -> impl IntoView {
    let state = expect_context::<AppState>();
    let pending = RwSignal::new(None::<PendingWorkbook>);
    let on_files = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(files) = input.files() {
            for i in 0..files.length() {
                if let Some(file) = files.get(i) {
                    read_file(file, pending, move |l| add(state, l));
                }
            }
        }
        input.set_value("");
    };
    let is_example = move || {
        state
            .current
            .with(|c| c.as_ref().is_some_and(|l| l.name == EXAMPLE_NAME))
    };
    let try_example = move |_| {
        state.earlier.set(Vec::new());
        add(
            state,
            Loaded::from_bytes(
                "Example: Northbrook Council, 2022 (fictional)".to_owned(),
                EXAMPLE_2022,
            ),
        );
        add(
            state,
            Loaded::from_bytes(
                "Example: Northbrook Council, 2023 (fictional)".to_owned(),
                EXAMPLE_2023,
            ),
        );
        state.this_year.set("2024".to_owned());
    };
    let year_problem = move || {
        let mut years: Vec<String> = state
            .earlier
            .with(|l| l.iter().map(|e| e.year.trim().to_owned()).collect());
        years.push(state.this_year.get().trim().to_owned());
        let unknown = years
            .iter()
            .filter(|y| crate::compare::parse_year(y).is_none())
            .count();
        // At most MAX_EARLIER + 1 years: each compared with those after it.
        let twice = years
            .iter()
            .enumerate()
            .any(|(i, y)| years[i + 1..].contains(y));
        if state.earlier.with(|l| l.is_empty()) {
            None
        } else if unknown > 0 {
            Some("Give every file its year (four digits, such as 2023), so the years are shown in order. Until then they are shown in the order you added them.".to_owned())
        } else if twice {
            Some("Two files have the same year. Give each file its own year.".to_owned())
        } else {
            None
        }
    };
    let trends = scope_trends(state);
    view! {
        <section class="no-print" aria-labelledby="earlier-heading">
            <h2 class="heading-m" id="earlier-heading">"Compare with earlier years"</h2>
            <p class="hint">"Add the submission files of earlier years. Each change is measured as the ratio of the two years' figures, with its 95% confidence interval, and called a change only when chance is unlikely to explain it."</p>
            <div class="form-group">
                <label class="label" for="this-year">"Year of this file"</label>
                <input id="this-year" class="input input--short" type="text" inputmode="numeric" autocomplete="off"
                    prop:value=move || state.this_year.get()
                    on:input=move |ev| state.this_year.set(event_target_value(&ev))/>
            </div>
            {move || {
                let list = state.earlier.get();
                (!list.is_empty()).then(|| view! {
                    <ul class="list earlier-list" id="earlier-list">
                        {list.into_iter().map(|e| {
                            let key = e.key;
                            let id = format!("earlier-year-{key}");
                            let problem = e.loaded.has_errors().then(|| {
                                let first = e.loaded.parsed.messages.iter().find(|m| m.severity == Severity::Error).map(|m| m.located_text()).unwrap_or_default();
                                view! { <p class="error-message" role="alert">{format!("{} could not be used: {first}", e.loaded.name)}</p> }
                            });
                            view! {
                                <li class="earlier-file">
                                    <span class="earlier-file__name">{e.loaded.name.clone()}</span>
                                    <label class="label" for=id.clone()>{format!("Year of {}", e.loaded.name)}</label>
                                    <input id=id class="input input--short" type="text" inputmode="numeric" autocomplete="off"
                                        prop:value=e.year.clone()
                                        on:change=move |ev| {
                                            let v = event_target_value(&ev);
                                            state.earlier.update(|l| if let Some(x) = l.iter_mut().find(|x| x.key == key) { x.year = v; });
                                        }/>
                                    <button type="button" class="button button--secondary button--small"
                                        on:click=move |_| { state.too_many_earlier.set(false); state.earlier.update(|l| l.retain(|x| x.key != key)); }>
                                        {format!("Remove {}", e.loaded.name)}
                                    </button>
                                    {problem}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })
            }}
            {move || year_problem().map(|p| view! { <p class="warning-text" id="year-problem">{p}</p> })}
            {move || state.too_many_earlier.get().then(|| view! {
                <p class="error-message" role="alert">{format!("The calculator compares at most {MAX_EARLIER} earlier years; the files beyond them were not added.")}</p>
            })}
            <label class="label" for="earlier-upload">"Choose earlier years' submission files"</label>
            <input type="file" id="earlier-upload" class="file-upload" accept=ACCEPT multiple on:change=on_files/>
            {move || pending.get().map(|workbook| view! {
                <SheetChooser id="earlier-sheet".to_owned() workbook=workbook.clone() holds="an earlier year's submission"
                    on_choose=Callback::new(move |sheet: String| {
                        pending.set(None);
                        read_sheet(workbook.clone(), sheet, move |l| add(state, l));
                    })/>
            })}
            {move || is_example().then(|| view! {
                <p><button type="button" class="button button--secondary" id="try-earlier-example" on:click=try_example>
                    "Try it with example earlier years (2022 and 2023)"
                </button></p>
            })}
        </section>
        {move || trends.get().filter(|t| !t.is_empty()).map(|t| view! { <YearsTable trends=t/> })}
    }
}

/// Every metric across the years, with the latest change in words.
#[component]
fn YearsTable(trends: Vec<MetricTrend>) -> impl IntoView {
    let labels: Vec<String> = trends
        .iter()
        .max_by_key(|t| t.years.len())
        .map(|t| t.years.iter().map(|y| y.label.clone()).collect())
        .unwrap_or_default();
    let caption = "Every metric across the years";
    view! {
        <div class="table-scroll" role="region" tabindex="0" aria-label=caption>
            <table class="table" id="changes-table">
                <caption class="caption-s">{caption}</caption>
                <thead><tr>
                    <th scope="col">"Metric"</th>
                    {labels.iter().map(|l| view! { <th scope="col" class="numeric">{l.clone()}</th> }).collect_view()}
                    <th scope="col">"What changed"</th>
                </tr></thead>
                <tbody>
                    {trends.into_iter().map(|t| {
                        let cells = labels.iter().map(|l| {
                            let text = t.years.iter().find(|y| &y.label == l).map_or("–".to_owned(), |y| y.shown.clone().unwrap_or_else(|| "no figure".to_owned()));
                            view! { <td class="numeric">{text}</td> }
                        }).collect_view();
                        let words = t.changes.iter().map(|c| c.sentence.clone()).collect::<Vec<_>>().join(" ");
                        view! {
                            <tr data-metric=t.metric.as_str()>
                                <th scope="row">{format!("{} {}", t.metric, t.title)}</th>
                                {cells}
                                <td>{words}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// One metric over the years, in its section: the chart, its table and the changes in words.
#[component]
pub fn TrendBlock(metric: MetricId, scope: Scope) -> impl IntoView {
    let state = expect_context::<AppState>();
    let reduced = prefers_reduced_motion();
    let trend = Memo::new(move |_| {
        state.changes.get().and_then(|c| {
            c.iter()
                .find(|t| t.metric == metric && t.workforce == scope)
                .cloned()
        })
    });
    // The action plan's targets for this metric show on its trend: progress against them.
    let plan = use_context::<super::plan::PlanState>();
    let spec = chart_memo(move || {
        let narrow = state.narrow.get();
        let targets = plan.map(|p| p.targets(metric, scope)).unwrap_or_default();
        trend.with(|t| {
            t.as_ref()
                .and_then(|t| charts::trend(t, &targets, reduced, narrow))
        })
    });
    let id = metric.as_str().to_ascii_lowercase();
    view! {
        {move || trend.get().filter(|t| t.years.len() > 1).map(|t| {
            let caption = format!("{}: each year's figure", t.metric);
            let label = caption.clone();
            view! {
                <h4 class="heading-s">"Over the years"</h4>
                <Chart id=format!("chart-trend-{id}") spec=spec height=320 file_name=format!("sc-wres-{id}-over-the-years")/>
                <p class="hint">"The table below holds the same figures as this chart."</p>
                <div class="table-scroll" role="region" tabindex="0" aria-label=label>
                    <table class="table trend-table">
                        <caption class="caption-s">{caption}</caption>
                        <thead><tr>
                            <th scope="col">"Year"</th>
                            <th scope="col" class="numeric">"Relative likelihood"</th>
                            <th scope="col" class="numeric">"95% confidence interval"</th>
                            <th scope="col">"Verdict"</th>
                        </tr></thead>
                        <tbody>
                            {t.years.iter().map(|y| view! {
                                <tr>
                                    <th scope="row">{y.label.clone()}</th>
                                    <td class="numeric">{y.shown.clone().unwrap_or_else(|| "no figure".to_owned())}</td>
                                    <td class="numeric">{y.ci95.map_or("–".to_owned(), |c| crate::format::interval(c[0], c[1]))}</td>
                                    <td>{verdict_words(y.verdict, y.evidence)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <ul class="list change-list">
                    {t.changes.iter().map(|c| view! { <li>{c.sentence.clone()}</li> }).collect_view()}
                </ul>
            }
        })}
    }
}
