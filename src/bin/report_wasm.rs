//! The report writer as a WebAssembly module of its own (`sc-wres-report`), carried by the
//! single file and started only when the user asks for a report (scripts/page-boot.js,
//! `scwresMakeReport`): the .docx writer (docx-rs) is large, and the page starts no slower for
//! it. It has no imports and three exports, over its own memory:
//!
//! - `scwres_alloc(len) -> ptr`: room for a request of `len` bytes;
//! - `scwres_report(ptr, len) -> out`: the answer to the request there (which it frees): at
//!   `out`, one byte (1: a .docx, 0: a message in UTF-8), four bytes (little-endian) giving
//!   the length, then the bytes;
//! - `scwres_free(ptr, len)`: frees an answer (`len` is the whole answer's, 5 + its length).
//!
//! The request and its answer are the engine's (`scwres::report::request`), tested natively.
//! On other targets this is an empty program.

#![cfg_attr(target_arch = "wasm32", no_main)]

#[cfg(target_arch = "wasm32")]
mod exports {
    /// Room for `len` bytes, which the caller fills and passes to `scwres_report`.
    #[no_mangle]
    pub extern "C" fn scwres_alloc(len: usize) -> *mut u8 {
        Box::into_raw(vec![0u8; len].into_boxed_slice()).cast()
    }

    /// Frees bytes given out by this module.
    ///
    /// # Safety
    /// `ptr` and `len` must be those of an answer from `scwres_report`, freed once.
    #[no_mangle]
    pub unsafe extern "C" fn scwres_free(ptr: *mut u8, len: usize) {
        drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, len)));
    }

    /// The answer to the request at `ptr` (from `scwres_alloc(len)`, which this frees).
    ///
    /// # Safety
    /// `ptr` and `len` must be those of a `scwres_alloc` call, passed here once.
    #[no_mangle]
    pub unsafe extern "C" fn scwres_report(ptr: *mut u8, len: usize) -> *mut u8 {
        let request = Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, len));
        let (ok, body) = match scwres::report::request::answer(&request) {
            Ok(docx) => (1u8, docx),
            Err(message) => (0u8, message.into_bytes()),
        };
        drop(request);
        let mut out = Vec::with_capacity(5 + body.len());
        out.push(ok);
        out.extend((body.len() as u32).to_le_bytes());
        out.extend(body);
        Box::into_raw(out.into_boxed_slice()).cast()
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}
