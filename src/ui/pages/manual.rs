//! Enter the counts by hand: a grid laid out like the submission file, for councils that have
//! the numbers but no file. Every change is checked at once by the same engine that reads
//! files, the results follow live, and the grid downloads as a submission file.

use std::sync::Arc;

use leptos::prelude::*;

use crate::diag::Severity;
use crate::grid::{file_text, lines, to_table, Line, COLUMNS, DEFAULT_BANDS};
use crate::model::Workforce;
use crate::results::compute;
use crate::submission::{check_table, Parsed};
use crate::ui::browser::download;
use crate::ui::components::summary_table::SummaryTable;
use crate::ui::focus_by_id;
use crate::ui::host::Host;

#[component]
pub fn ManualEntry() -> impl IntoView {
    let host = expect_context::<Host>();
    let lines = lines();
    let cells: RwSignal<Vec<[String; 3]>> = RwSignal::new(vec![Default::default(); lines.len()]);
    let bands: RwSignal<[String; 3]> = RwSignal::new(DEFAULT_BANDS.map(str::to_owned));
    let all_lines = lines.clone();
    let checked = Memo::new(move |_| {
        let (table, from) = cells.with(|c| bands.with(|b| to_table(&all_lines, c, b)));
        (Arc::new(from), Arc::new(check_table(table)))
    });
    let parsed = move || checked.get().1;
    let has_any = move || cells.with(|c| c.iter().any(|r| r.iter().any(|v| !v.trim().is_empty())));
    let results = Memo::new(move |_| {
        let p: Arc<Parsed> = checked.get().1;
        p.submission
            .as_ref()
            .map(|s| Arc::new(compute(s, &Default::default())))
    });
    // Grid line of a message's file row, and the grid column of its file column (D, E, F).
    let place = move |row: Option<usize>, column: Option<usize>| -> Option<String> {
        let from = checked.get_untracked().0;
        let line = from.get(row?.checked_sub(2)?).copied()?;
        let col = column.filter(|c| (3..6).contains(c)).map_or(0, |c| c - 3);
        Some(format!("cell-{line}-{col}"))
    };
    let errors = move || {
        parsed()
            .messages
            .iter()
            .filter(|m| m.severity == Severity::Error)
            .cloned()
            .collect::<Vec<_>>()
    };
    let lines_for_view = lines.clone();
    let label_of = move |i: usize| {
        let l = lines_for_view[i];
        let band = l
            .band
            .map(|b| format!(" ({})", bands.with_untracked(|n| n[b].clone())))
            .unwrap_or_default();
        format!(
            "{}, {}{band}",
            l.workforce.label(),
            l.measure.key().replace('_', " ")
        )
    };
    view! {
        <h1 class="heading-xl">"Enter your counts"</h1>
        <p class="lead">"Type the counts for each group. Leave a whole line empty if you do not have that figure: it is then reported as missing, not as zero. Everything stays on this device."</p>
        {move || {
            let errs = errors();
            (has_any() && !errs.is_empty()).then(|| view! {
                <div class="error-summary" id="manual-errors" role="alert" aria-labelledby="manual-errors-title">
                    <h2 class="error-summary__title" id="manual-errors-title">"There is a problem"</h2>
                    <ul class="error-summary__list">
                        {errs.into_iter().map(|m| {
                            let target = place(m.row, m.column_index);
                            let where_ = m.row.and_then(|r| checked.get_untracked().0.get(r.wrapping_sub(2)).copied()).map(&label_of);
                            let col = m.column_index.filter(|c| (3..6).contains(c)).map(|c| COLUMNS[c - 3].1);
                            let text = match (where_, col) {
                                (Some(w), Some(c)) => format!("{w}, {c}: {}", m.message),
                                (Some(w), None) => format!("{w}: {}", m.message),
                                _ => m.message.clone(),
                            };
                            match target {
                                Some(t) => view! { <li><a href=format!("#{t}") on:click=move |ev: leptos::ev::MouseEvent| { ev.prevent_default(); focus_by_id(&t); }>{text}</a></li> }.into_any(),
                                None => view! { <li>{text}</li> }.into_any(),
                            }
                        }).collect_view()}
                    </ul>
                </div>
            })
        }}
        <h2 class="heading-m">"Pay bands"</h2>
        <div class="inline-inputs">
            {(0..3).map(|b| view! {
                <label for=format!("band-name-{b}")>{format!("Band {}", b + 1)}</label>
                <input id=format!("band-name-{b}") class="input" type="text"
                    prop:value=move || bands.with(|n| n[b].clone())
                    on:input=move |ev| { let v = event_target_value(&ev); bands.update(|n| n[b] = v); }/>
            }).collect_view()}
        </div>
        {[Workforce::Adults, Workforce::Children].into_iter().map(|w| {
            let rows: Vec<(usize, Line)> = lines.iter().copied().enumerate().filter(|(_, l)| l.workforce == w).collect();
            view! {
                <h2 class="heading-m">{w.label()}</h2>
                <div class="table-scroll" role="region" tabindex="0" aria-label=format!("Counts for {}", w.label().to_ascii_lowercase())>
                <table class="table manual-grid" id=format!("grid-{}", w.key())>
                    <caption class="visually-hidden">{format!("Counts for {}", w.label().to_ascii_lowercase())}</caption>
                    <thead><tr>
                        <th scope="col">"Row"</th>
                        {COLUMNS.iter().map(|(_, label)| view! { <th scope="col" class="numeric">{*label}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|(i, line)| {
                            let name = move || match line.band {
                                Some(b) => format!("Staff: {}", bands.with(|n| n[b].clone())),
                                None => line.measure.describe().to_owned(),
                            };
                            view! {
                                <tr>
                                    <th scope="row" id=format!("line-{i}")>{name}</th>
                                    {(0..3).map(|c| {
                                        let id = format!("cell-{i}-{c}");
                                        let invalid = move || {
                                            let target = format!("cell-{i}-{c}");
                                            parsed().messages.iter().any(|m| m.severity == Severity::Error && place(m.row, m.column_index).as_deref() == Some(target.as_str()))
                                        };
                                        view! {
                                            <td class="numeric">
                                                <input id=id class="input input--count" type="text" inputmode="numeric"
                                                    aria-labelledby=format!("line-{i} col-{}-{c}", w.key())
                                                    aria-invalid=move || if invalid() { "true" } else { "false" }
                                                    class:input--error=invalid
                                                    prop:value=move || cells.with(|v| v[i][c].clone())
                                                    on:input=move |ev| { let v = event_target_value(&ev); cells.update(|all| all[i][c] = v); }/>
                                            </td>
                                        }
                                    }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
                <p class="visually-hidden">
                    {COLUMNS.iter().enumerate().map(|(c, (_, label))| view! { <span id=format!("col-{}-{c}", w.key())>{*label}</span> }).collect_view()}
                </p>
            }
        }).collect_view()}
        <h2 class="heading-m">"Results so far"</h2>
        {move || match results.get() {
            Some(r) if has_any() => r.workforces.first().cloned().map(|w| view! {
                <p>{format!("{} – the full results page has every workforce, chart and caution.", w.workforce.label())}</p>
                <SummaryTable wr=w/>
            }.into_any()),
            _ => Some(view! { <p class="hint" id="manual-no-results">"Results appear here as soon as the counts can be used."</p> }.into_any()),
        }}
        <div class="button-group">
            <button type="button" class="button" id="manual-see-results" prop:disabled=move || results.get().is_none() || !has_any()
                on:click=move |_| {
                    if let Some(table) = checked.get_untracked().1.table.as_ref() {
                        host.use_table("counts entered by hand", table);
                    }
                }>"See the full results"</button>
            <button type="button" class="button button--secondary" id="manual-download" prop:disabled=move || !has_any()
                on:click=move |_| {
                    let text = checked.get_untracked().1.table.as_ref().map(file_text).unwrap_or_default();
                    download::save_text("sc-wres-submission.csv", "text/csv", &text)
                }>
                "Download submission file"</button>
        </div>
    }
}
