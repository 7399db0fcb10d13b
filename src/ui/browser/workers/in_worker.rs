//! What runs in each worker: the `scwres_piece_*` functions its script ([`super::SCRIPT`])
//! calls, exported from the page's own WebAssembly module. Each counts one piece of an extract
//! ([`PieceCounter`]): the script stages the bytes ([`scwres_piece_buffer`]), starts the piece
//! with the settings and the file's head, pushes its bytes, and takes its counts back as JSON.
//! None of them calls out of the module.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use crate::records::{Input, PieceCounter, RecordSettings};

thread_local! {
    /// Bytes passed between the worker's script and the functions below.
    static STAGED: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    /// The piece being counted.
    static COUNTER: RefCell<Option<PieceCounter>> = const { RefCell::new(None) };
}

/// Makes room for `len` bytes for the next call, and returns where they go.
#[wasm_bindgen]
pub fn scwres_piece_buffer(len: u32) -> u32 {
    STAGED.with_borrow_mut(|s| {
        // Zeroed by the allocator (memory.fill), not a byte at a time as resize would.
        *s = vec![0; len as usize];
        s.as_mut_ptr() as u32
    })
}

/// Rows of the made-up extract each worker counts as it starts. The browser optimises a
/// function once it has run for a while in that worker, and many functions run only once per
/// distinct value (such as a date): with too few rows, functions are still being optimised
/// during the first real count, which then takes longer than the next.
const WARM_UP_ROWS: usize = 20_000;

/// Counts a made-up extract (no real data) in pieces, as a worker starts: the browser
/// compiles the functions a piece uses when they are first called, quickly at first and fully
/// once they have run a while. Done here, that is over before the first real piece comes.
#[wasm_bindgen]
pub fn scwres_piece_warm_up() {
    std::hint::black_box(crate::records::sample::count_staff_in_pieces(WARM_UP_ROWS));
}

/// Where the bytes [`scwres_piece_finish`] wrote are.
#[wasm_bindgen]
pub fn scwres_piece_staged() -> u32 {
    STAGED.with_borrow_mut(|s| s.as_mut_ptr() as u32)
}

/// Starts a piece of an extract of `Input::ALL[input]`: the bytes given are the settings
/// (JSON, `settings_len` bytes) and then the file's head ([`crate::records::Split::head`]).
#[wasm_bindgen]
pub fn scwres_piece_start(input: u32, settings_len: u32) -> bool {
    let counter = STAGED.with_borrow(|s| {
        let (settings, head) = s.split_at((settings_len as usize).min(s.len()));
        let input = *Input::ALL.get(input as usize)?;
        let settings = RecordSettings::from_json(std::str::from_utf8(settings).ok()?).ok()?;
        Some(PieceCounter::new(input, &settings, head))
    });
    let started = counter.is_some();
    COUNTER.set(counter);
    started
}

/// Counts the bytes given, the next part of the piece.
#[wasm_bindgen]
pub fn scwres_piece_push() {
    STAGED.with_borrow(|s| {
        COUNTER.with_borrow_mut(|c| {
            if let Some(c) = c.as_mut() {
                c.push(s);
            }
        })
    });
}

/// Ends the piece: its counts as JSON (see [`scwres_piece_staged`]); returns their length, 0
/// when the piece could not be counted apart.
#[wasm_bindgen]
pub fn scwres_piece_finish() -> u32 {
    let json = COUNTER
        .take()
        .and_then(PieceCounter::finish)
        .map(|p| p.to_json())
        .unwrap_or_default();
    STAGED.with_borrow_mut(|s| {
        s.clear();
        s.extend_from_slice(json.as_bytes());
        s.len() as u32
    })
}

/// Reads a chosen submission file and works out its results, as the page will, with nothing
/// kept: the bytes given are the file and then the name of its sheet (`sheet_len` bytes, none
/// for no sheet named). Run in a worker before the page reads the file (see
/// [`super::check`]): were the engine to stop (a WebAssembly trap) on some file, only the
/// worker would be lost, not the page with the user's other files and settings.
#[wasm_bindgen]
pub fn scwres_check_file(sheet_len: u32) -> bool {
    STAGED.with_borrow(|s| {
        let (bytes, sheet) = s.split_at(s.len().saturating_sub(sheet_len as usize));
        let sheet = std::str::from_utf8(sheet).ok().filter(|n| !n.is_empty());
        let parsed = crate::submission::parse_sheet(bytes, sheet);
        if let Some(submission) = &parsed.submission {
            for nhs_orientation in [false, true] {
                let settings = crate::results::Settings {
                    nhs_orientation,
                    ..Default::default()
                };
                std::hint::black_box(crate::results::compute(submission, &settings));
            }
        }
        true
    })
}

/// Counts an HR extract as the page will, with nothing kept: the bytes given are the settings
/// (JSON, `settings_len` bytes), the file, then the name of its sheet (`sheet_len` bytes, none
/// for no sheet named). Run in a worker before the page counts an extract it holds (see
/// [`super::check_extract`]), as [`scwres_check_file`] is for a submission file. False when
/// the settings could not be read (then nothing was checked).
#[wasm_bindgen]
pub fn scwres_check_extract(input: u32, settings_len: u32, sheet_len: u32) -> bool {
    STAGED.with_borrow(|s| {
        let settings_len = (settings_len as usize).min(s.len());
        let (settings, rest) = s.split_at(settings_len);
        let (bytes, sheet) = rest.split_at(rest.len().saturating_sub(sheet_len as usize));
        let sheet = std::str::from_utf8(sheet).ok().filter(|n| !n.is_empty());
        let Some(input) = Input::ALL.get(input as usize).copied() else {
            return false;
        };
        let Some(settings) = std::str::from_utf8(settings)
            .ok()
            .and_then(|t| RecordSettings::from_json(t).ok())
        else {
            return false;
        };
        let bytes = std::sync::Arc::new(bytes.to_vec());
        let report = crate::records::InputAggregator::shared(input, bytes, sheet, &settings);
        std::hint::black_box(report.finish());
        true
    })
}

/// Stops this worker's module as a failure in the engine would (a WebAssembly trap): for
/// the browser test that checks the page carries on when the worker reading a file fails
/// ([`super::check`] calls it when the page has been asked to, by `scwresTestTrap`).
#[wasm_bindgen]
pub fn scwres_check_trap() {
    core::arch::wasm32::unreachable()
}
