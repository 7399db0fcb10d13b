//! The web interface: Leptos components that turn engine results into views.
//! Components receive results; they never parse, count or compute.

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The whole calculator page.
#[component]
pub fn App() -> impl IntoView {
    let (status, set_status) = signal(String::new());
    let on_change = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        let name = file.name();
        leptos::task::spawn_local(async move {
            match JsFuture::from(file.array_buffer()).await {
                Ok(buffer) => {
                    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                    set_status.set(format!("Read {} ({} bytes).", name, bytes.len()));
                }
                Err(_) => set_status.set(format!("Could not read {name}.")),
            }
        });
    };
    view! {
        <main id="main-content">
            <h1>"SC-WRES calculator"</h1>
            <label for="file-upload">"Upload your submission file"</label>
            <input type="file" id="file-upload" accept=".csv,.tsv,.txt" on:change=on_change/>
            <p id="file-status" role="status">{status}</p>
        </main>
    }
}
