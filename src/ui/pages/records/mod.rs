//! "From HR extracts": three record-level files (staff, shortlisted applicants, survey
//! responses) counted on this device into a submission. The person checks which column is
//! which and what unrecognised ethnicity values mean; the counts then feed the same results
//! page, and can be saved as a submission file. Choices (never data) can be saved and loaded.
//!
//! A chosen CSV file is counted while it is still being read ([`reader`]): a large one (4 MB or
//! more) in Web Workers, one per core ([`in_workers`]); a smaller one on the page, in slices
//! that yield to the browser between them ([`count`]). Either way the page never freezes, and
//! a count that lasts more than a moment shows a progress bar and a cancel button
//! ([`progress`]). Every change (a file, a sheet, a choice, saved settings, Cancel) counts
//! every chosen extract again ([`recount`]); what was found shows below ([`report`]).

mod count;
mod extract;
mod in_workers;
mod progress;
mod reader;
mod recount;
mod report;

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use self::recount::Extracts;
use self::report::AggregateView;
use crate::records::{combine, Input, RecordSettings};
use crate::ui::browser::{download, workers};
use crate::ui::components::chosen_file::{SheetChooser, ACCEPT};
use crate::ui::host::Host;

/// The extracts, in the order the page shows them (each one's slot).
const INPUTS: [Input; 3] = [Input::Staff, Input::Shortlisted, Input::Survey];

/// What the sheet of a workbook chosen for this extract should hold.
fn sheet_holds(input: Input) -> &'static str {
    match input {
        Input::Staff => "the staff records",
        Input::Shortlisted => "the shortlisted applicants",
        Input::Survey => "the survey responses",
    }
}

/// The records page: the three extracts to choose, saved choices to load, the progress of a
/// count, what was found, and what to do with the counts.
#[component]
pub fn RecordsPage() -> impl IntoView {
    let host = expect_context::<Host>();
    let extracts = Extracts::new();
    let Extracts {
        files,
        pending,
        settings,
        reports,
        progress,
        ..
    } = extracts;
    let settings_error = RwSignal::new(None::<String>);
    // Warm up when the page opens, unless a count starts first; the workers it starts stop
    // when the page is left.
    on_cleanup(workers::discard);
    count::warm_up(extracts.runs);

    let aggregate = Memo::new(move |_| {
        let r = reports.get();
        (!r.is_empty()).then(|| Arc::new(combine(r)))
    });
    let choose = move |slot: usize| {
        move |ev: leptos::ev::Event| {
            let input: web_sys::HtmlInputElement = event_target(&ev);
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                // The page shows the chosen name itself, so the same file can be chosen again.
                input.set_value("");
                extracts.choose_file(slot, file);
            }
        }
    };
    let load_settings = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            leptos::task::spawn_local(async move {
                if let Ok(text) = JsFuture::from(file.text()).await {
                    match RecordSettings::from_json(&text.as_string().unwrap_or_default()) {
                        Ok(s) => {
                            settings.set(s);
                            settings_error.set(None);
                            extracts.recount();
                        }
                        Err(e) => settings_error.set(Some(e)),
                    }
                }
            });
        }
        input.set_value("");
    };
    let save_settings = move |_| {
        let s = match aggregate.get_untracked() {
            Some(a) => a.settings_used(&settings.get_untracked()),
            None => settings.get_untracked(),
        };
        download::save_text(
            "sc-wres-record-settings.json",
            "application/json",
            &s.to_json(),
        );
    };
    let use_counts = move |_| {
        if let Some(a) = aggregate.get_untracked() {
            host.use_table("counts from your HR extracts", &a.table());
        }
    };
    let download_submission = move |_| {
        if let Some(a) = aggregate.get_untracked() {
            download::save_text("sc-wres-submission.csv", "text/csv", &a.to_csv());
        }
    };

    view! {
        <h1 class="heading-xl">"Count from your HR extracts"</h1>
        <p class="lead">"Choose your staff, recruitment and staff-survey extracts (one row per person). They are counted on this device: nothing is uploaded, and the submission file holds counts only."</p>
        <div class="inset privacy">
            <p>"Your extracts never leave this device. You can check: open your browser's developer tools (F12), choose the Network tab, and choose your files. No request appears."</p>
        </div>
        <p>
            <button type="button" class="button button--secondary" id="try-example-extracts"
                on:click=move |_| extracts.use_examples()>"Try it with example extracts"</button>
            <span class="hint">" Made-up people of a fictional council, to see how it works."</span>
        </p>
        {INPUTS.iter().enumerate().map(|(slot, input)| {
            let id = format!("extract-{}", input.key());
            view! {
                <div class="form-group">
                    <label class="label" for=id.clone()>{format!("{} (CSV or Excel)", input.label())}</label>
                    <p class="hint">{format!("One row per {}. Optional: leave it out if you do not have it.", input.row_noun())}</p>
                    <input type="file" id=id class="file-upload" accept=ACCEPT on:change=choose(slot)/>
                    {move || pending[slot].get().map(|workbook| view! {
                        <SheetChooser id=format!("sheet-{}", input.key()) workbook=workbook.clone() holds=sheet_holds(*input)
                            on_choose=Callback::new(move |sheet: String| extracts.choose_sheet(slot, &workbook, sheet))/>
                    })}
                    {move || files[slot].get().map(|e| view! {
                        <p class="hint chosen-file" id=format!("chosen-{}", input.key())>
                            {format!("Chosen: {} ({} KB)", e.name, (e.size() / 1024.0).ceil())}
                        </p>
                    })}
                </div>
            }
        }).collect_view()}
        <div class="form-group">
            <label class="label" for="record-settings">"Load saved choices (optional)"</label>
            <p class="hint">"A settings file saved here last time: which column is which and what values mean. It holds no data."</p>
            {move || settings_error.get().map(|e| view! { <p class="error-message" id="record-settings-error">{e}</p> })}
            <input type="file" id="record-settings" class="file-upload" accept=".json,application/json" on:change=load_settings/>
        </div>
        {move || progress.shown.get().map(|(_, name, p)| view! {
            <div class="progress" role="status">
                <label for="count-progress">{format!("Counting {name}: {:.0}%", p * 100.0)}</label>
                <progress id="count-progress" max="100" value=format!("{:.0}", p * 100.0)></progress>
                <button type="button" class="button button--secondary" id="cancel-count" on:click=move |_| extracts.cancel()>"Cancel"</button>
            </div>
        })}
        {move || aggregate.get().map(|a| view! { <AggregateView a=a extracts=extracts/> })}
        {move || aggregate.get().map(|a| {
            let ready = a.submission().is_some() && a.errors().is_empty();
            view! {
                <h2 class="heading-m">"Use the counts"</h2>
                {(!a.is_complete()).then(|| view! {
                    <p class="warning-text"><strong class="warning-text__icon" aria-hidden="true">"!"</strong>
                    <span>{match a.rows_unusable() {
                        1 => "1 row could not be used. Its problem is listed above; fix it in the extract or choose what the value means, or go on without it.".to_owned(),
                        n => format!("{} rows could not be used. Their problems are listed above; fix them in the extract or choose what the values mean, or go on without them.", crate::format::count(n as u64)),
                    }}</span></p>
                })}
                <div class="button-group">
                    <button type="button" class="button" id="use-counts" prop:disabled=!ready on:click=use_counts>"See the results"</button>
                    <button type="button" class="button button--secondary" id="download-submission" prop:disabled=!ready on:click=download_submission>"Download submission file"</button>
                    <button type="button" class="button button--secondary" id="save-record-settings" on:click=save_settings>"Save these choices for next year"</button>
                </div>
            }
        })}
    }
}
