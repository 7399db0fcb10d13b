//! Reading a file the user chose, on the device: a part of it, or all of it a part at a time.

use wasm_bindgen_futures::JsFuture;

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
fn append(bytes: &mut Vec<u8>, array: &js_sys::Uint8Array) {
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
