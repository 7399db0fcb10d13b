//! Choosing a file: what the file inputs offer ([`ACCEPT`]), a chosen submission file read on
//! the device ([`read_file`]), and for an Excel workbook that has several sheets, which sheet
//! ([`SheetChooser`]: GOV.UK radios and a button). The engine reads the sheet
//! (src/read/xlsx.rs); this only asks which one.

use std::sync::Arc;

use leptos::prelude::*;

use crate::read::xlsx::{Sheet, SHEETS_LISTED};
use crate::submission::{stopped, too_large, MAX_FILE_BYTES};
use crate::ui::browser::files::file_bytes;
use crate::ui::browser::workers::{self, Checked};
use crate::ui::{focus_by_id, Loaded};

/// What the file inputs offer: CSV and Excel workbooks.
pub const ACCEPT: &str = ".csv,.tsv,.txt,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A chosen workbook waiting for its sheet to be chosen.
#[derive(Clone)]
pub struct PendingWorkbook {
    /// The file's name.
    pub name: String,
    pub bytes: Arc<Vec<u8>>,
    pub sheets: Vec<Sheet>,
}

impl PendingWorkbook {
    /// Some when the bytes are a workbook whose sheet the user must choose.
    pub fn new(name: &str, bytes: Vec<u8>) -> Result<Self, Vec<u8>> {
        match crate::read::xlsx::sheets_to_choose(&bytes) {
            Some(sheets) => Ok(PendingWorkbook {
                name: name.to_owned(),
                bytes: Arc::new(bytes),
                sheets,
            }),
            None => Err(bytes),
        }
    }

    /// The name to show for the chosen sheet: `book.xlsx, sheet "Staff"`.
    pub fn label(&self, sheet: &str) -> String {
        format!("{}, sheet \"{sheet}\"", self.name)
    }
}

/// "Which sheet holds …?": one radio per sheet (hidden ones marked), the first visible one
/// chosen at the start, and a Continue button that calls `on_choose` with the sheet's name.
/// The question takes focus when it appears, so a screen reader announces it.
#[component]
pub fn SheetChooser(
    /// Unique prefix for element ids.
    id: String,
    workbook: PendingWorkbook,
    /// What the sheet should hold, e.g. "your submission" or "the staff extract".
    holds: &'static str,
    on_choose: Callback<String>,
) -> impl IntoView {
    let first = workbook
        .sheets
        .iter()
        .find(|s| !s.hidden)
        .or(workbook.sheets.first())
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let chosen = RwSignal::new(first);
    let heading = format!("{id}-legend");
    let focus_target = heading.clone();
    Effect::new(move |_| focus_by_id(&focus_target));
    // A workbook can have thousands of sheets: the first few dozen are listed, and any other
    // can be named.
    let radios = workbook
        .sheets
        .iter()
        .take(SHEETS_LISTED)
        .enumerate()
        .map(|(i, sheet)| {
            let radio_id = format!("{id}-{i}");
            let name = sheet.name.clone();
            let value = name.clone();
            let checked = name.clone();
            let label = if sheet.hidden {
                format!("{name} (hidden in Excel)")
            } else {
                name
            };
            view! {
                <div class="radio">
                    <input type="radio" name=id.clone() id=radio_id.clone() value=value.clone()
                        prop:checked=move || chosen.get() == checked
                        on:change=move |_| chosen.set(value.clone())/>
                    <label for=radio_id>{label}</label>
                </div>
            }
        })
        .collect_view();
    let more = workbook.sheets.len().saturating_sub(SHEETS_LISTED);
    let typed = RwSignal::new(String::new());
    let named = format!("{id}-named");
    view! {
        <div class="form-group sheet-chooser" id=id.clone()>
            <fieldset class="fieldset" aria-describedby=format!("{id}-hint")>
                <legend class="label" id=heading tabindex="-1">
                    {format!("Which sheet of {} holds {holds}?", workbook.name)}
                </legend>
                <p class="hint" id=format!("{id}-hint")>
                    {format!("This Excel workbook has {} sheets.", workbook.sheets.len())}
                </p>
                <div class="radios">{radios}</div>
                {(more > 0).then(|| view! {
                    <div class="form-group">
                        <label class="label" for=named.clone()>
                            {format!("The first {SHEETS_LISTED} are listed, and {} more are not. To read one of those, type its name", crate::format::count(more as u64))}
                        </label>
                        <input class="input" type="text" id=named.clone()
                            prop:value=move || typed.get()
                            on:input=move |ev| typed.set(event_target_value(&ev))/>
                    </div>
                })}
            </fieldset>
            <button type="button" class="button" id=format!("{id}-continue")
                on:click=move |_| {
                    let name = typed.get_untracked();
                    let name = name.trim();
                    on_choose.run(if name.is_empty() { chosen.get_untracked() } else { name.to_owned() })
                }>
                "Continue"
            </button>
        </div>
    }
}

/// Reads a chosen file's bytes on the device and hands them, checked, to `done`; or, for an
/// Excel workbook whose sheet must be chosen, puts it in `pending` (see [`SheetChooser`]).
pub fn read_file(
    file: web_sys::File,
    pending: RwSignal<Option<PendingWorkbook>>,
    done: impl FnOnce(Loaded) + 'static,
) {
    let name = file.name();
    pending.set(None);
    // A file far larger than a submission file can be is answered before it is read: a very
    // large one would not fit in the page's memory.
    let size = file.size() as usize;
    if size > MAX_FILE_BYTES {
        done(Loaded {
            name,
            parsed: Arc::new(too_large(size)),
        });
        return;
    }
    leptos::task::spawn_local(async move {
        // When the browser cannot read it (moved, locked), it is reported like an empty file.
        let bytes = file_bytes(&file).await.unwrap_or_default();
        // Read in a worker first, so that a file the engine stopped on costs the worker, not
        // this page (the opening of a workbook below included).
        if workers::check(&bytes, None).await == Checked::Failed {
            done(stopped_on(name));
            return;
        }
        match PendingWorkbook::new(&name, bytes) {
            Ok(workbook) => pending.set(Some(workbook)),
            Err(bytes) => done(Loaded::from_bytes(name, &bytes)),
        }
    });
}

/// Reads the sheet chosen of a workbook (in a worker first, as [`read_file`] reads a file) and
/// hands it, checked, to `done`.
pub fn read_sheet(workbook: PendingWorkbook, sheet: String, done: impl FnOnce(Loaded) + 'static) {
    leptos::task::spawn_local(async move {
        if workers::check(&workbook.bytes, Some(&sheet)).await == Checked::Failed {
            done(stopped_on(workbook.label(&sheet)));
        } else {
            done(Loaded::from_sheet(&workbook, &sheet));
        }
    });
}

/// A file the engine stopped on, in the worker that read it first.
fn stopped_on(name: String) -> Loaded {
    Loaded {
        name,
        parsed: Arc::new(stopped()),
    }
}
