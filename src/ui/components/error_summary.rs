//! "There is a problem": the GOV.UK-style error summary, which takes focus, and a preview of
//! the rows around each problem with the cell highlighted.

use leptos::prelude::*;

use crate::diag::Severity;
use crate::read::{column_letter, Table};
use crate::submission::Message;
use crate::ui::{focus_by_id, Loaded};

/// The error summary, then one preview per positioned error.
#[component]
pub fn ErrorSummary(loaded: Loaded) -> impl IntoView {
    let errors: Vec<(usize, Message)> = loaded
        .parsed
        .messages
        .iter()
        .filter(|m| m.severity == Severity::Error)
        .cloned()
        .enumerate()
        .collect();
    let total = errors.len();
    const SHOWN: usize = 50;
    // Focus the summary once it is on the page, so screen readers announce it.
    Effect::new(move |_| focus_by_id("error-summary"));
    let table = loaded.parsed.table.as_ref();
    // Every preview is as wide as the file (up to 30 columns), worked out once.
    let width = table.map_or(0, |t| t.width().min(30));
    let links = errors
        .iter()
        .take(SHOWN)
        .map(|(i, m)| {
            let target = format!("problem-{i}");
            let has_preview = m.row.is_some() && table.is_some();
            let text = m.located_text();
            let href = format!("#{target}");
            view! {
                <li>
                    {if has_preview {
                        view! {
                            <a href=href on:click=move |ev: leptos::ev::MouseEvent| {
                                ev.prevent_default();
                                focus_by_id(&target);
                            }>{text}</a>
                        }.into_any()
                    } else {
                        view! { <span>{text}</span> }.into_any()
                    }}
                </li>
            }
        })
        .collect_view();
    let previews = errors
        .iter()
        .take(SHOWN)
        .filter_map(|(i, m)| {
            let row = m.row?;
            // Copies of the few rows shown, not of the table.
            let rows: Vec<(usize, Vec<String>)> = table?
                .around(row, 2)
                .into_iter()
                .map(|(n, cells)| (n, cells.to_vec()))
                .collect();
            Some(view! { <Preview id=format!("problem-{i}") rows=rows width=width message=m.clone() row=row/> })
        })
        .collect_view();
    view! {
        <div class="error-summary" id="error-summary" tabindex="-1" role="alert" aria-labelledby="error-summary-title">
            <h2 class="error-summary__title" id="error-summary-title">"There is a problem"</h2>
            <p>{format!("{} could not be used. ", loaded.name)}
               {if total == 1 { "Fix this problem in your spreadsheet, save it as CSV and choose it again.".to_owned() }
                else { format!("Fix these {total} problems in your spreadsheet, save it as CSV and choose it again.") }}</p>
            <ul class="error-summary__list">{links}</ul>
            {(total > SHOWN).then(|| view! { <p>{format!("The first {SHOWN} problems are listed; fixing them may clear the rest.")}</p> })}
        </div>
        {(!previews_empty(&errors, table)).then(|| view! {
            <h2 class="heading-m">"Where the problems are"</h2>
        })}
        {previews}
    }
}

fn previews_empty(errors: &[(usize, Message)], table: Option<&Table>) -> bool {
    table.is_none() || errors.iter().all(|(_, m)| m.row.is_none())
}

/// A few rows of the file around `row` (`rows`, numbered as a spreadsheet shows them), with
/// the offending cell marked.
#[component]
fn Preview(
    id: String,
    rows: Vec<(usize, Vec<String>)>,
    width: usize,
    message: Message,
    row: usize,
) -> impl IntoView {
    let col = message.column_index;
    let caption = format!(
        "Rows around {}",
        message.location().unwrap_or_else(|| format!("row {row}"))
    );
    view! {
        <div class="preview" id=id.clone() tabindex="-1" aria-labelledby=format!("{id}-caption")>
            <p class="error-message">{message.message.clone()}</p>
            <div class="table-scroll" role="region" tabindex="0" aria-labelledby=format!("{id}-caption")>
                <table class="table table--preview">
                    <caption id=format!("{id}-caption") class="caption-s">{caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col"><span class="visually-hidden">"Row"</span></th>
                            {(0..width).map(|c| view! { <th scope="col" class:highlight-col=col == Some(c)>{column_letter(c)}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|(n, cells)| {
                            let is_row = n == row;
                            view! {
                                <tr class:highlight-row=is_row>
                                    <th scope="row">{n}</th>
                                    {(0..width).map(|c| {
                                        let v = cells.get(c).cloned().unwrap_or_default();
                                        let hit = is_row && col == Some(c);
                                        if hit {
                                            view! { <td class="highlight-cell"><mark>{v}</mark><span class="visually-hidden">" (this cell)"</span></td> }.into_any()
                                        } else {
                                            view! { <td>{v}</td> }.into_any()
                                        }
                                    }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </div>
    }
}
