//! The start of the journey: what this is, the privacy promise, and choosing a file (file
//! input or drag and drop), the example, or the blank template.

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::workbook::{PendingWorkbook, SheetChooser};
use super::{download, AppState, Loaded};

pub(super) const EXAMPLE: &[u8] = include_bytes!("../../data/example-submission.csv");
const TEMPLATE: &str = include_str!("../../data/template.csv");
/// What the file inputs offer: CSV and Excel workbooks.
pub const ACCEPT: &str = ".csv,.tsv,.txt,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// How much of a file is read at a time: the page never holds a second whole copy of a large
/// file in one piece (the browser's, beside the app's).
pub const PIECE: f64 = 16.0 * 1024.0 * 1024.0;

/// Starts reading bytes `start..end` of a file on the device; the read goes on while the
/// page does other work, until the future is awaited.
pub fn file_piece(
    file: &web_sys::File,
    start: f64,
    end: f64,
) -> Result<JsFuture, wasm_bindgen::JsValue> {
    Ok(JsFuture::from(
        file.slice_with_f64_and_f64(start, end)?.array_buffer(),
    ))
}

/// Adds the bytes of a browser array to `bytes`. (`to_vec` copies them out of the browser
/// without zeroing first; resizing `bytes` and copying in place would write zeros a byte at a
/// time in the size-optimised build, slower than both copies.)
pub fn append(bytes: &mut Vec<u8>, array: &js_sys::Uint8Array) {
    bytes.extend_from_slice(&array.to_vec());
}

/// A chosen file's bytes, read on the device a [`PIECE`] at a time.
pub async fn file_bytes(file: &web_sys::File) -> Result<Vec<u8>, wasm_bindgen::JsValue> {
    let size = file.size();
    let mut bytes = Vec::with_capacity(size as usize);
    let mut start = 0.0;
    while start < size {
        let end = (start + PIECE).min(size);
        let array = js_sys::Uint8Array::new(&file_piece(file, start, end)?.await?);
        append(&mut bytes, &array);
        start = end;
    }
    Ok(bytes)
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
    leptos::task::spawn_local(async move {
        // When the browser cannot read it (moved, locked), it is reported like an empty file.
        let bytes = file_bytes(&file).await.unwrap_or_default();
        match PendingWorkbook::new(&name, bytes) {
            Ok(workbook) => pending.set(Some(workbook)),
            Err(bytes) => done(Loaded::from_bytes(name, &bytes)),
        }
    });
}

/// Purpose, privacy promise and the ways to load a submission.
#[component]
pub fn Start() -> impl IntoView {
    let state = expect_context::<AppState>();
    let dragging = RwSignal::new(false);
    let pending = RwSignal::new(None::<PendingWorkbook>);
    let load = move |loaded: Loaded| {
        pending.set(None);
        state.scope.set(None);
        state.current.set(Some(loaded));
    };
    let on_change = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            read_file(file, pending, load);
        }
        input.set_value("");
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            read_file(file, pending, load);
        }
    };
    view! {
        <section class="start" aria-labelledby="start-heading">
            <p class="lead">"Work out your nine SC-WRES metrics – how minority ethnic staff fare compared with white staff – and see each one explained and charted."</p>
            <div class="inset privacy">
                <h2 id="start-heading" class="heading-s">"Your data stays on this device"</h2>
                <p>"The file you choose is read by this page on your computer. Nothing is uploaded, sent or stored: the page is not allowed to make network connections at all."</p>
                <p>"To check: open your browser's developer tools (F12), choose the Network tab, then load your file. No request appears."</p>
            </div>
            <div
                class="drop-zone"
                class:drop-zone--active=move || dragging.get()
                on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <label class="label" for="file-upload">"Upload your submission file"</label>
                <p class="hint" id="file-upload-hint">"A CSV file or an Excel workbook (.xlsx) in the SC-WRES format (see the blank template). You can also drag the file onto this box."</p>
                <input type="file" id="file-upload" class="file-upload" accept=ACCEPT
                    aria-describedby="file-upload-hint" on:change=on_change/>
            </div>
            {move || pending.get().map(|workbook| view! {
                <SheetChooser id="submission-sheet".to_owned() workbook=workbook.clone() holds="your submission"
                    on_choose=Callback::new(move |sheet: String| load(Loaded::from_sheet(&workbook, &sheet)))/>
            })}
            <div class="button-group">
                <button type="button" class="button button--secondary" id="try-example"
                    on:click=move |_| load(Loaded::from_bytes("Example: Northbrook Council (fictional)".to_owned(), EXAMPLE))>
                    "Try it with example data"
                </button>
                <button type="button" class="button button--secondary" id="download-template"
                    on:click=move |_| download::save_text("sc-wres-submission-template.csv", "text/csv", TEMPLATE)>
                    "Download the blank template"
                </button>
            </div>
            <p>"No submission file yet? "<a href="#" id="go-records" on:click=move |ev: leptos::ev::MouseEvent| {
                ev.prevent_default();
                state.page.set(super::Page::Records);
            }>"Count it from your HR extracts"</a>" (one row per person), or "
            <a href="#" id="go-manual" on:click=move |ev: leptos::ev::MouseEvent| {
                ev.prevent_default();
                state.page.set(super::Page::Manual);
            }>"type the counts in"</a>". Both stay on this device."</p>
            <p><a href="#" on:click=move |ev: leptos::ev::MouseEvent| {
                ev.prevent_default();
                state.page.set(super::Page::Method);
            }>"How we calculate this"</a></p>
            <p id="file-status" role="status" class="hint">
                {move || state.current.get().map(|l| format!("Read {}.", l.name)).unwrap_or_default()}
            </p>
        </section>
    }
}
