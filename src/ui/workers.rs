//! Counting a large CSV extract in Web Workers, one per processor core (up to four), while
//! the page reads it.
//!
//! The page reads the file and keeps its bytes (to count again when choices change), reads
//! the header itself, and cuts the rows into pieces of a megabyte or more just after a line
//! feed; each worker counts the pieces it is given ([`PieceCounter`]) and the page adds up
//! their counts in file order ([`crate::records::PieceMerger`]): the same report as counting
//! the file whole. Whenever the workers cannot give the whole file's report (a cut inside a
//! quoted cell, a stray quote, a file that is not UTF-8, a piece past a listing limit, a
//! worker that failed), the page counts the file itself, from its start.
//!
//! The workers run this same WebAssembly module: the page hands them its compiled module
//! (nothing is fetched or compiled again) and they call only the `scwres_piece_*` functions
//! below. Each worker's script ([`SCRIPT`]) comes from a `blob:` URL made here, so the
//! page's Content-Security-Policy applies to it as well: it can make no connection either.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::start::file_piece;
use crate::records::{Input, InputReport, Piece, PieceCounter, RecordSettings};

/// The workers' script.
const SCRIPT: &str = include_str!("worker.js");
/// Files smaller than this are counted on the page itself: the workers would not pay.
pub const MIN_SIZE: f64 = 4.0 * 1024.0 * 1024.0;
/// The first read, for the header.
const FIRST_READ: f64 = 256.0 * 1024.0;
/// Each later read of the file.
const READ: f64 = 4.0 * 1024.0 * 1024.0;
/// A piece is sent once at least this much of the rows has arrived (or the file ends).
const MIN_PIECE: usize = 1024 * 1024;
/// Pieces sent to each worker and not yet counted, at most.
const IN_FLIGHT: usize = 2;

// ------------------------------------------------------------------ in the worker

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
        s.clear();
        s.resize(len as usize, 0);
        s.as_mut_ptr() as u32
    })
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

// ------------------------------------------------------------------ on the page

/// What a worker sent back: a piece's counts (JSON, empty if it could not be counted), by
/// piece number, or `None` when a worker failed.
type Answer = Option<(u32, String)>;

#[derive(Default)]
struct Mailbox {
    answers: Vec<Answer>,
    /// Resolves the promise the page is waiting on.
    wake: Option<js_sys::Function>,
}

/// The workers, made when a large extract is first counted and kept for later counts (they
/// are stopped when a count is cancelled or overtaken).
struct Pool {
    workers: Vec<web_sys::Worker>,
    /// Pieces sent to each worker and not yet answered.
    busy: Vec<usize>,
    mailbox: Rc<RefCell<Mailbox>>,
    url: String,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static POOL: RefCell<Option<Pool>> = const { RefCell::new(None) };
}

impl Pool {
    fn new() -> Option<Pool> {
        let cores = window().navigator().hardware_concurrency() as usize;
        if cores < 2 {
            return None;
        }
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("text/javascript");
        let parts = js_sys::Array::of1(&JsValue::from_str(SCRIPT));
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
        let mailbox = Rc::new(RefCell::new(Mailbox::default()));
        let deliver = {
            let mailbox = mailbox.clone();
            move |answer: Answer| {
                let wake = {
                    let mut m = mailbox.borrow_mut();
                    m.answers.push(answer);
                    m.wake.take()
                };
                if let Some(wake) = wake {
                    let _ = wake.call0(&JsValue::NULL);
                }
            }
        };
        let on_message = {
            let deliver = deliver.clone();
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let data = e.data();
                let get = |k: &str| js_sys::Reflect::get(&data, &JsValue::from_str(k)).ok();
                let id = get("id").and_then(|v| v.as_f64());
                let json = get("json").and_then(|v| v.as_string());
                deliver(id.zip(json).map(|(id, json)| (id as u32, json)));
            })
        };
        let on_error =
            Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| deliver(None));
        let message = js_sys::Object::new();
        js_sys::Reflect::set(&message, &"module".into(), &wasm_bindgen::module()).ok()?;
        let mut workers = Vec::new();
        for _ in 0..cores.min(4) {
            let Ok(worker) = web_sys::Worker::new(&url) else {
                break;
            };
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            if worker.post_message(&message).is_err() {
                worker.terminate();
                break;
            }
            workers.push(worker);
        }
        if workers.len() < 2 {
            for w in &workers {
                w.terminate();
            }
            let _ = web_sys::Url::revoke_object_url(&url);
            return None;
        }
        Some(Pool {
            busy: vec![0; workers.len()],
            workers,
            mailbox,
            url,
            _on_message: on_message,
            _on_error: on_error,
        })
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        for w in &self.workers {
            w.set_onmessage(None);
            w.set_onerror(None);
            w.terminate();
        }
        let _ = web_sys::Url::revoke_object_url(&self.url);
    }
}

/// Stops the workers (a count was cancelled or overtaken); the next count makes new ones.
fn discard() {
    POOL.set(None);
}

/// The next answer from a worker.
async fn answer() -> Answer {
    loop {
        let ready = POOL.with_borrow(|p| {
            p.as_ref().map(|p| Rc::clone(&p.mailbox)).map(|m| {
                let mut m = m.borrow_mut();
                if m.answers.is_empty() {
                    None
                } else {
                    Some(m.answers.remove(0))
                }
            })
        });
        match ready {
            None => return None,
            Some(Some(answer)) => return answer,
            Some(None) => {}
        }
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            POOL.with_borrow(|p| {
                if let Some(p) = p {
                    p.mailbox.borrow_mut().wake = Some(resolve);
                }
            })
        });
        let _ = JsFuture::from(promise).await;
    }
}

/// What counting in workers came to.
pub enum Counted {
    /// The report, and the file's bytes.
    Done(Box<InputReport>, Arc<Vec<u8>>),
    /// The workers could not give the whole file's report: count these bytes (the whole
    /// file) on the page.
    Whole(Arc<Vec<u8>>),
    /// Not counted here (a small file, no workers, the header not read in place): count the
    /// file the usual way.
    NotHere,
    /// A newer count has started, the count was cancelled, or the file could not be read.
    Stopped,
}

/// Counts a chosen CSV file in workers while it is read (see the module's documentation).
pub async fn count_file(
    input: Input,
    file: &web_sys::File,
    settings: &RecordSettings,
    (run, id): (RwSignal<u64>, u64),
    progress: RwSignal<Option<(usize, String, f64)>>,
    (slot, name): (usize, &str),
) -> Counted {
    let size = file.size();
    if size < MIN_SIZE {
        return Counted::NotHere;
    }
    let read = |from: f64, to: f64| file_piece(file, from, to.min(size));
    let Some(first) = read(0.0, FIRST_READ).ok() else {
        return Counted::Stopped;
    };
    let Ok(first) = first.await else {
        return Counted::Stopped;
    };
    let first = js_sys::Uint8Array::new(&first).to_vec();
    let mut start = crate::records::InputAggregator::streaming(input, settings, size as usize);
    start.push(&first);
    let Some(split) = start.split() else {
        return Counted::NotHere;
    };
    drop(start);
    let have_pool = POOL.with_borrow_mut(|p| {
        if p.is_none() {
            *p = Pool::new();
        }
        p.is_some()
    });
    if !have_pool || run.try_get_untracked() != Some(id) {
        return Counted::NotHere;
    }
    let stopped = || {
        discard();
        Counted::Stopped
    };

    let head = js_sys::Uint8Array::from(&split.head[..]);
    let settings_json = JsValue::from_str(&settings.to_json());
    let input_index = Input::ALL.iter().position(|&i| i == input).unwrap_or(0);
    let mut merger = split.merger;
    let mut whole: Vec<u8> = Vec::with_capacity(size as usize);
    whole.extend_from_slice(&first);
    drop(first);
    // Bytes before `sent` have gone to a worker (or are the head).
    let mut sent = split.rows_at;
    // Pieces: how many were sent; where each not yet added up ends, and its worker; answers
    // waiting for the pieces before them; how many have been added up, and how far.
    let mut pieces = 0u32;
    let mut unmerged: BTreeMap<u32, (usize, usize)> = BTreeMap::new();
    let mut answers: BTreeMap<u32, String> = BTreeMap::new();
    let mut merged = 0u32;
    let mut counted = 0usize;
    let mut failed = false;

    // Sends piece number `n` to a worker.
    let send = |worker: usize, bytes: &[u8], n: u32| -> bool {
        let message = js_sys::Object::new();
        let set = |k: &str, v: &JsValue| js_sys::Reflect::set(&message, &k.into(), v).is_ok();
        let bytes = js_sys::Uint8Array::from(bytes);
        let ok = set("input", &JsValue::from(input_index as u32))
            && set("settings", &settings_json)
            && set("head", &head)
            && set("bytes", &bytes)
            && set("id", &JsValue::from(n));
        let transfer = js_sys::Array::of1(&bytes.buffer());
        ok && POOL.with_borrow(|p| {
            p.as_ref().is_some_and(|p| {
                p.workers[worker]
                    .post_message_with_transfer(&message, &transfer)
                    .is_ok()
            })
        })
    };
    // Notes a new piece, ending at `end` in the file, for the least busy worker.
    let mut assign = |unmerged: &mut BTreeMap<u32, (usize, usize)>, end: usize| -> (usize, u32) {
        let w = POOL.with_borrow_mut(|p| {
            p.as_mut().map_or(0, |p| {
                let w = (0..p.busy.len()).min_by_key(|&w| p.busy[w]).unwrap_or(0);
                p.busy[w] += 1;
                w
            })
        });
        unmerged.insert(pieces, (end, w));
        pieces += 1;
        (w, pieces - 1)
    };
    // Adds up the answers that are next in file order; false if a piece could not be counted.
    let mut take = |answer: Answer,
                    merger: &mut crate::records::PieceMerger,
                    unmerged: &mut BTreeMap<u32, (usize, usize)>,
                    merged: &mut u32,
                    counted: &mut usize|
     -> bool {
        let Some((n, json)) = answer else {
            return false;
        };
        answers.insert(n, json);
        while let Some(json) = answers.remove(merged) {
            let Some((end, worker)) = unmerged.remove(merged) else {
                return false;
            };
            POOL.with_borrow_mut(|p| {
                if let Some(p) = p {
                    p.busy[worker] = p.busy[worker].saturating_sub(1);
                }
            });
            match Piece::from_json(&json) {
                Ok(piece) => merger.add(piece),
                Err(_) => return false,
            }
            *merged += 1;
            *counted = end;
        }
        true
    };
    let workers = POOL.with_borrow(|p| p.as_ref().map_or(1, |p| p.workers.len()));

    let mut asked = whole.len() as f64;
    while asked < size {
        let to = (asked + READ).min(size);
        let Some(piece) = read(asked, to).ok() else {
            return stopped();
        };
        let Ok(piece) = piece.await else {
            return stopped();
        };
        asked = to;
        if run.try_get_untracked() != Some(id) {
            return stopped();
        }
        let array = js_sys::Uint8Array::new(&piece);
        let at = whole.len();
        whole.resize(at + array.length() as usize, 0);
        array.copy_to(&mut whole[at..]);
        if failed {
            // Read on: the page counts the whole file.
            continue;
        }
        // Whole rows (at the end of the file, all that is left).
        let ended = asked >= size;
        let cut = if ended {
            Some(whole.len())
        } else {
            memchr::memrchr(b'\n', &whole[sent..]).map(|i| sent + i + 1)
        };
        if let Some(cut) = cut.filter(|&c| c > sent) {
            if ended || cut - sent >= MIN_PIECE {
                let (w, n) = assign(&mut unmerged, cut);
                failed |= !send(w, &whole[sent..cut], n);
                sent = cut;
            }
        }
        // Wait while the workers have enough in hand.
        while !failed && unmerged.len() >= IN_FLIGHT * workers {
            let a = answer().await;
            if run.try_get_untracked() != Some(id) {
                return stopped();
            }
            failed = !take(a, &mut merger, &mut unmerged, &mut merged, &mut counted);
        }
        progress.set(Some((slot, name.to_owned(), counted as f64 / size)));
    }
    while !failed && merged < pieces {
        let a = answer().await;
        if run.try_get_untracked() != Some(id) {
            return stopped();
        }
        failed = !take(a, &mut merger, &mut unmerged, &mut merged, &mut counted);
        progress.set(Some((slot, name.to_owned(), counted as f64 / size)));
    }
    let whole = Arc::new(whole);
    if failed {
        discard();
        return Counted::Whole(whole);
    }
    match merger.finish() {
        Some(report) => Counted::Done(Box::new(report), whole),
        None => Counted::Whole(whole),
    }
}
