//! What was found in the extracts: for each, the columns used (which the person can change),
//! the values that need the person's choice, and the problems.

use std::sync::Arc;

use leptos::prelude::*;

use super::recount::Extracts;
use super::INPUTS;
use crate::diag::Severity;
use crate::records::{
    Aggregate, Ethnicity, InputReport, RecordSettings, ValueSource, WorkforceChoice,
};

/// How many of an extract's columns each "which column" list offers, at most.
const COLUMNS_LISTED: usize = 200;

/// What was found in the extracts: columns, values needing a choice, and problems.
#[component]
pub(super) fn AggregateView(a: Arc<Aggregate>, extracts: Extracts) -> impl IntoView {
    let reports: Vec<InputReport> = INPUTS.iter().filter_map(|i| a.input(*i).cloned()).collect();
    view! {
        {reports.into_iter().map(|r| {
            let input = r.input;
            // A wide extract offers its first columns in each list (and the one in use), not
            // thousands of options for each field.
            let listed: Arc<Vec<String>> = Arc::new(r.header.iter().take(COLUMNS_LISTED).cloned().collect());
            let unlisted = r.header.len().saturating_sub(COLUMNS_LISTED);
            view! {
                <section class="extract" aria-labelledby=format!("extract-{}-heading", input.key())>
                    <h2 class="heading-m" id=format!("extract-{}-heading", input.key())>{input.label()}</h2>
                    <p>{format!("{} rows read: {} counted, {} could not be used, {} left out on purpose.", r.rows_read, r.rows_used, r.rows_unusable, r.rows_excluded)}</p>
                    <div class="table-scroll" role="region" tabindex="0" aria-label="Which column is which">
                    <table class="table" id=format!("columns-{}", input.key())>
                        <caption class="caption-s">"Which column is which (change any that are wrong)"</caption>
                        <thead><tr><th scope="col">"What we need"</th><th scope="col">"Column in your file"</th></tr></thead>
                        <tbody>
                            {r.columns.iter().map(|c| {
                                let field = c.field;
                                let select_id = format!("map-{}-{}", input.key(), field.key());
                                let current = c.header.clone().unwrap_or_default();
                                let mut options: Vec<String> = listed.as_ref().clone();
                                if !current.is_empty() && !options.contains(&current) {
                                    options.push(current.clone());
                                }
                                view! {
                                    <tr>
                                        <th scope="row"><label for=select_id.clone()>{field.label()}</label></th>
                                        <td>
                                            <select id=select_id class="select" on:change=move |ev| {
                                                let v = event_target_value(&ev);
                                                extracts.change_choices(move |s: &mut RecordSettings| {
                                                    let m = s.mapping_mut(input);
                                                    if v.is_empty() { m.set_none(field) } else { m.set(field, &v) }
                                                });
                                            }>
                                                <option value="" selected=current.is_empty()>"(not in this file)"</option>
                                                {options.into_iter().map(|h| {
                                                    let selected = h == current;
                                                    let label = h.clone();
                                                    view! { <option value=h selected=selected>{label}</option> }
                                                }).collect_view()}
                                            </select>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                    {(unlisted > 0).then(|| view! {
                        <p class="hint" id=format!("columns-{}-more", input.key())>
                            {format!("This extract has {} columns: the lists offer the first {COLUMNS_LISTED}. To use a column further on, name its header in a settings file.", crate::format::count(r.header.len() as u64))}
                        </p>
                    })}
                    <EthnicityChoices r=r.clone() extracts=extracts/>
                    <OtherChoices r=r.clone() extracts=extracts/>
                    <IssueList r=r/>
                </section>
            }
        }).collect_view()}
    }
}

/// Ethnicity values that were not recognised (counted as not known until the person chooses).
#[component]
fn EthnicityChoices(r: InputReport, extracts: Extracts) -> impl IntoView {
    let values: Vec<_> = r
        .ethnicity_values
        .iter()
        .filter(|v| v.source != ValueSource::BuiltIn)
        .cloned()
        .collect();
    let input = r.input;
    (!values.is_empty()).then(|| view! {
        <div class="table-scroll" role="region" tabindex="0" aria-label="Ethnicity values we did not recognise">
        <table class="table" id=format!("ethnicity-values-{}", input.key())>
            <caption class="caption-s">"Ethnicity values we did not recognise (counted as not known until you choose)"</caption>
            <thead><tr><th scope="col">"Value in your file"</th><th scope="col" class="numeric">"Rows"</th><th scope="col">"Counts as"</th></tr></thead>
            <tbody>
                {values.into_iter().enumerate().map(|(i, v)| {
                    let id = format!("ethnicity-{}-{i}", input.key());
                    let value = v.value.clone();
                    let chosen = v.meaning;
                    view! {
                        <tr>
                            <th scope="row"><label for=id.clone()>{format!("\"{}\"", v.value)}</label></th>
                            <td class="numeric">{v.rows}</td>
                            <td>
                                <select id=id class="select" on:change=move |ev| {
                                    let key = event_target_value(&ev);
                                    let value = value.clone();
                                    if let Some(e) = Ethnicity::all().find(|e| e.key() == key) {
                                        extracts.change_choices(move |s: &mut RecordSettings| s.choose_ethnicity(&value, e));
                                    }
                                }>
                                    {Ethnicity::all().map(|e| view! {
                                        <option value=e.key() selected=e == chosen>{e.label()}</option>
                                    }).collect_view()}
                                </select>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    })
}

/// Yes/no and workforce values that were not recognised: their rows cannot be used until the
/// person says what they mean.
#[component]
fn OtherChoices(r: InputReport, extracts: Extracts) -> impl IntoView {
    let input = r.input;
    let yes_no: Vec<_> = r
        .yes_no_values
        .iter()
        .filter(|v| v.source != ValueSource::BuiltIn)
        .cloned()
        .collect();
    let workforce: Vec<_> = r
        .workforce_values
        .iter()
        .filter(|v| v.source != ValueSource::BuiltIn)
        .cloned()
        .collect();
    (!yes_no.is_empty() || !workforce.is_empty()).then(|| view! {
        <div class="table-scroll" role="region" tabindex="0" aria-label="Other values we did not recognise">
        <table class="table" id=format!("other-values-{}", input.key())>
            <caption class="caption-s">"Other values we did not recognise (their rows are not counted until you choose)"</caption>
            <thead><tr><th scope="col">"Value in your file"</th><th scope="col" class="numeric">"Rows"</th><th scope="col">"Means"</th></tr></thead>
            <tbody>
                {yes_no.into_iter().enumerate().map(|(i, v)| {
                    let id = format!("yesno-{}-{i}", input.key());
                    let value = v.value.clone();
                    view! {
                        <tr>
                            <th scope="row"><label for=id.clone()>{format!("\"{}\" ({})", v.value, v.field.label())}</label></th>
                            <td class="numeric">{v.rows}</td>
                            <td>
                                <select id=id class="select" on:change=move |ev| {
                                    let choice = event_target_value(&ev);
                                    let value = value.clone();
                                    if !choice.is_empty() {
                                        extracts.change_choices(move |s: &mut RecordSettings| s.choose_yes_no(&value, choice == "yes"));
                                    }
                                }>
                                    <option value="" selected=v.meaning.is_none()>"Choose"</option>
                                    <option value="yes" selected=v.meaning == Some(true)>"Yes"</option>
                                    <option value="no" selected=v.meaning == Some(false)>"No"</option>
                                </select>
                            </td>
                        </tr>
                    }
                }).collect_view()}
                {workforce.into_iter().enumerate().map(|(i, v)| {
                    let id = format!("workforce-{}-{i}", input.key());
                    let value = v.value.clone();
                    let choices = [WorkforceChoice::Adults, WorkforceChoice::Children, WorkforceChoice::Exclude];
                    view! {
                        <tr>
                            <th scope="row"><label for=id.clone()>{format!("\"{}\" (workforce)", v.value)}</label></th>
                            <td class="numeric">{v.rows}</td>
                            <td>
                                <select id=id class="select" on:change=move |ev| {
                                    let key = event_target_value(&ev);
                                    let value = value.clone();
                                    if let Some(c) = choices.into_iter().find(|c| c.label() == key) {
                                        extracts.change_choices(move |s: &mut RecordSettings| s.choose_workforce(&value, c));
                                    }
                                }>
                                    <option value="" selected=v.meaning.is_none()>"Choose"</option>
                                    {choices.into_iter().map(|c| view! {
                                        <option value=c.label() selected=v.meaning == Some(c)>{c.label()}</option>
                                    }).collect_view()}
                                </select>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    })
}

/// Problems with rows and the file, each with its place.
#[component]
fn IssueList(r: InputReport) -> impl IntoView {
    let errors = r
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .count();
    (!r.issues.is_empty()).then(|| view! {
        <details class="details" open={errors > 0}>
            <summary>{format!(
                "{} {} in {}",
                r.issues.len(),
                if r.issues.len() == 1 { "problem or caution" } else { "problems and cautions" },
                r.input.label().to_ascii_lowercase(),
            )}</summary>
            <ul class="list" id=format!("issues-{}", r.input.key())>
                {r.issues.iter().take(200).map(|i| view! { <li>{i.located_text()}</li> }).collect_view()}
                {r.issues_not_listed.iter().map(|t| view! { <li>{t.describe()}</li> }).collect_view()}
            </ul>
        </details>
    })
}
