//! Saving a file on the user's device: a Blob and a temporary link. Nothing is uploaded.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Offers `contents` as a download called `filename`.
pub fn save_text(filename: &str, mime: &str, contents: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(contents));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    click_link(filename, &url);
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Offers a data: URL (a chart picture) as a download.
pub fn save_url(filename: &str, url: &str) {
    click_link(filename, url);
}

fn click_link(filename: &str, url: &str) {
    let Ok(a) = document().create_element("a") else {
        return;
    };
    let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>() else {
        return;
    };
    a.set_href(url);
    a.set_download(filename);
    a.click();
}

/// Offers `bytes` (a Word document, say) as a download called `filename`.
pub fn save_bytes(filename: &str, mime: &str, bytes: &[u8]) {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    click_link(filename, &url);
    let _ = web_sys::Url::revoke_object_url(&url);
}
