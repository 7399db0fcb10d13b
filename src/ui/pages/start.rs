//! The start of the journey: what this is, the privacy promise, and choosing a file (file
//! input or drag and drop), the example, or the blank template.

use leptos::prelude::*;

use crate::ui::browser::download;
use crate::ui::components::chosen_file::{
    read_file, read_sheet, PendingWorkbook, SheetChooser, ACCEPT,
};
use crate::ui::{AppState, Loaded, Page};

/// The built-in example ("Try it with example data"; the warm-up reads it too).
pub const EXAMPLE: &[u8] = include_bytes!("../../../data/example-submission.csv");
/// The example's name on the page.
pub const EXAMPLE_NAME: &str = "Example: Northbrook Council (fictional)";
/// The example council's two earlier years, for "Try it with example earlier years".
pub const EXAMPLE_2022: &[u8] = include_bytes!("../../../data/example-submission-2022.csv");
pub const EXAMPLE_2023: &[u8] = include_bytes!("../../../data/example-submission-2023.csv");
const TEMPLATE: &str = include_str!("../../../data/template.csv");

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
                <label class="label" for="file-upload">"Choose your submission file"</label>
                <p class="hint" id="file-upload-hint">"A CSV file or an Excel workbook (.xlsx) in the SC-WRES format (see the blank template). You can also drag the file onto this box."</p>
                <input type="file" id="file-upload" class="file-upload" accept=ACCEPT
                    aria-describedby="file-upload-hint" on:change=on_change/>
            </div>
            {move || pending.get().map(|workbook| view! {
                <SheetChooser id="submission-sheet".to_owned() workbook=workbook.clone() holds="your submission"
                    on_choose=Callback::new(move |sheet: String| read_sheet(workbook.clone(), sheet, load))/>
            })}
            <div class="button-group">
                <button type="button" class="button button--secondary" id="try-example"
                    on:click=move |_| {
                        load(Loaded::from_bytes(EXAMPLE_NAME.to_owned(), EXAMPLE));
                        crate::ui::pages::plan::load_example(&state);
                    }>
                    "Try it with example data"
                </button>
                <button type="button" class="button button--secondary" id="download-template"
                    on:click=move |_| download::save_text("sc-wres-submission-template.csv", "text/csv", TEMPLATE)>
                    "Download the blank template"
                </button>
            </div>
            <p>"No submission file yet? "<a href="#" id="go-records" on:click=move |ev: leptos::ev::MouseEvent| {
                ev.prevent_default();
                state.page.set(Page::Records);
            }>"Count it from your HR extracts"</a>" (one row per person), or "
            <a href="#" id="go-manual" on:click=move |ev: leptos::ev::MouseEvent| {
                ev.prevent_default();
                state.page.set(Page::Manual);
            }>"type the counts in"</a>". Both stay on this device."</p>
            <p>"Facilitating a session or a network? "<a href="#" id="go-councils" on:click=move |ev: leptos::ev::MouseEvent| {
                ev.prevent_default();
                state.page.set(Page::Councils);
            }>"Compare several councils"</a>" side by side, from their submission files."</p>
            <p><a href="#" on:click=move |ev: leptos::ev::MouseEvent| {
                ev.prevent_default();
                state.page.set(Page::Method);
            }>"How we calculate this"</a></p>
            <p id="file-status" role="status" class="hint">
                {move || state.current.get().map(|l| format!("Read {}.", l.name)).unwrap_or_default()}
            </p>
        </section>
    }
}
