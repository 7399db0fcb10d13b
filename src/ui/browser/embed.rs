//! Living inside other pages: the embed layout (`?embed=1`), which tells the parent page its
//! height, and the offline copy that the single-file build can save of itself.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// True when the page address asks for the embed layout (`?embed=1`). Only this flag is
/// read from the address; no data ever goes into it.
pub fn requested() -> bool {
    window()
        .location()
        .search()
        .map(|q| {
            q.trim_start_matches('?')
                .split('&')
                .any(|p| p == "embed=1" || p == "embed=true")
        })
        .unwrap_or(false)
}

/// Tells the parent page this page's height whenever it changes, as
/// `{ type: "scwres:height", height }` by postMessage (the message carries nothing else).
pub fn report_height_to_parent() {
    let send = || {
        let Some(body) = document().body() else {
            return;
        };
        let height = body.scroll_height().max(body.offset_height());
        let msg = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&msg, &"type".into(), &"scwres:height".into());
        let _ = js_sys::Reflect::set(&msg, &"height".into(), &JsValue::from(height));
        if let Ok(Some(parent)) = window().parent() {
            let _ = parent.post_message(&msg, "*");
        }
    };
    send();
    let callback = Closure::<dyn FnMut()>::new(send);
    if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
        if let Some(body) = document().body() {
            observer.observe(&body);
        }
    }
    // The observer lives as long as the page.
    callback.forget();
}

fn offline_copy_function() -> Option<js_sys::Function> {
    super::boot::function("scwresSaveOfflineCopy")
}

/// True in the single-file build, which can save a copy of itself.
pub fn offline_copy_available() -> bool {
    offline_copy_function().is_some()
}

/// Saves the single file to the user's device (see scripts/single-file.mjs).
pub fn save_offline_copy() {
    if let Some(f) = offline_copy_function() {
        let _ = f.call0(&JsValue::NULL);
    }
}
