//! The functions the single file's boot script (scripts/page-boot.js) gives the page: saving
//! the offline copy, the report writer, the pages that load on demand. A development build
//! (Trunk's multi-file page) has none of them.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// The boot script's function `name`, if this page has it.
pub fn function(name: &str) -> Option<js_sys::Function> {
    js_sys::Reflect::get(&window(), &name.into())
        .ok()?
        .dyn_into()
        .ok()
}

/// Calls the boot script's function `name` with `args` and waits for the promise it returns.
/// `Err(None)`: the page does not have it; `Err(Some(message))`: it failed, and says why.
pub async fn call(name: &str, args: &js_sys::Array) -> Result<JsValue, Option<String>> {
    let promise: js_sys::Promise = function(name)
        .and_then(|f| f.apply(&JsValue::NULL, args).ok())
        .and_then(|p| p.dyn_into().ok())
        .ok_or(None)?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|e| {
            js_sys::Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
        })
}
