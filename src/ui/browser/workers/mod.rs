//! Counting a large CSV extract in Web Workers, one per processor core (up to four), while
//! the page reads it.
//!
//! The page reads the header itself, then reads the file in reads that double in size up to
//! 2 MB, or less for a smaller file (so that the workers start soon after the file is chosen,
//! and finish together). Each read, cut just
//! after its last line feed and with the end of the row the read before it cut short in
//! front, is a piece, handed to the least busy worker (the read's own buffer, not a copy).
//! Each worker counts the pieces it is given ([`PieceCounter`]) and the page adds up their
//! counts in file order ([`crate::records::PieceMerger`]): the same report as counting the
//! file whole. The page keeps no copy of the file: it reads it again for the next count.
//! Whenever the workers cannot give the whole file's report (a cut inside a quoted cell, a
//! stray quote, a file that is not UTF-8, a piece past a listing limit, a worker that
//! failed), the page counts the file itself, from its start.
//!
//! The workers start when the records page opens ([`prepare`]), while the person finds their
//! file, and each counts a made-up extract once ([`scwres_piece_warm_up`]): starting a worker
//! and compiling its code fully took as long as counting a 100,000-row extract.
//!
//! The workers run this same WebAssembly module: the page hands them its compiled module
//! (nothing is fetched or compiled again) and they call only the `scwres_piece_*` functions
//! below. Each worker's script ([`SCRIPT`]) comes from a `blob:` URL made here, so the
//! page's Content-Security-Policy applies to it as well: it can make no connection either.

use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::records::{Input, InputReport, Piece, PieceMerger, RecordSettings};
use crate::ui::browser::files::file_piece;

/// The workers' script.
const SCRIPT: &str = include_str!("worker.js");
/// Files smaller than this are counted on the page itself: the workers would not pay.
pub const MIN_SIZE: f64 = 4.0 * 1024.0 * 1024.0;
/// The first read, for the header (and the first piece).
const FIRST_READ: f64 = 256.0 * 1024.0;
/// The largest read of the file: each read is one piece (with the end of the row the read
/// before it cut short).
const READ: f64 = 2.0 * 1024.0 * 1024.0;
/// Reads asked for at once.
const READ_AHEAD: usize = 3;
/// Pieces each worker is given at least (reads are smaller than READ for a smaller file).
const PIECES_PER_WORKER: usize = 4;
/// Pieces sent to each worker and not yet counted, at most.
const IN_FLIGHT: usize = 2;

mod in_worker;

/// What a worker sent back: a piece's counts (JSON, empty if it could not be counted), by
/// piece number, or `None` when a worker failed.
type Answer = Option<(u32, String)>;

#[derive(Default)]
struct Mailbox {
    answers: VecDeque<Answer>,
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
                    m.answers.push_back(answer);
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

/// Starts the workers, if there are none yet (the records page has opened): they are ready,
/// and warmed up, by the time a large extract is chosen.
pub fn prepare() {
    POOL.with_borrow_mut(|p| {
        if p.is_none() {
            *p = Pool::new();
        }
    });
}

/// Stops the workers (a count was cancelled or overtaken, or the records page was left); the
/// next count makes new ones.
pub fn discard() {
    POOL.set(None);
}

/// The next answer from a worker (`None` as well when the workers have been stopped).
async fn answer() -> Answer {
    loop {
        let mailbox = POOL.with_borrow(|p| p.as_ref().map(|p| Rc::clone(&p.mailbox)))?;
        if let Some(answer) = mailbox.borrow_mut().answers.pop_front() {
            return answer;
        }
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            mailbox.borrow_mut().wake = Some(resolve);
        });
        let _ = JsFuture::from(promise).await;
    }
}

/// What counting in workers came to.
pub enum Counted {
    /// The report.
    Done(Box<InputReport>),
    /// Not counted here: count the file on the page (a small file, one core, the header not
    /// read in place, or the workers could not give the whole file's report).
    NotHere,
    /// A newer count has started, the count was cancelled, or the file could not be read.
    Stopped,
}

/// The pieces of one count: sent to the workers, answered, added up in file order.
struct Pieces {
    merger: PieceMerger,
    /// Each piece sent and not yet added up: where it ends in the file, and its worker.
    sent: BTreeMap<u32, (usize, usize)>,
    /// Answers waiting for the pieces before them.
    early: BTreeMap<u32, String>,
    /// The number of the next piece, and of the next to add up.
    next: u32,
    merged: u32,
    /// Where the pieces added up so far end in the file.
    counted: usize,
}

impl Pieces {
    /// Sends the next piece, `carry` (the end of a row the last read cut short, copied)
    /// followed by `bytes` (transferred, not copied: the page needs them no more), to the
    /// least busy worker. False if it could not be sent.
    fn send(
        &mut self,
        start: &js_sys::Object,
        carry: &[u8],
        bytes: &js_sys::Uint8Array,
        end: usize,
    ) -> bool {
        let message = js_sys::Object::assign(&js_sys::Object::new(), start);
        let set = |k: &str, v: &JsValue| js_sys::Reflect::set(&message, &k.into(), v).is_ok();
        if !(set("carry", &js_sys::Uint8Array::from(carry))
            && set("bytes", bytes)
            && set("id", &JsValue::from(self.next)))
        {
            return false;
        }
        let transfer = js_sys::Array::of1(&bytes.buffer());
        let worker = POOL.with_borrow_mut(|p| {
            let p = p.as_mut()?;
            let w = (0..p.busy.len()).min_by_key(|&w| p.busy[w])?;
            p.workers[w]
                .post_message_with_transfer(&message, &transfer)
                .ok()?;
            p.busy[w] += 1;
            Some(w)
        });
        let Some(worker) = worker else {
            return false;
        };
        self.sent.insert(self.next, (end, worker));
        self.next += 1;
        true
    }

    /// Notes a worker's answer and adds up the pieces now next in file order; false if a
    /// worker failed or a piece could not be counted.
    fn answered(&mut self, answer: Answer) -> bool {
        let Some((n, json)) = answer else {
            return false;
        };
        if let Some(&(_, w)) = self.sent.get(&n) {
            POOL.with_borrow_mut(|p| {
                if let Some(p) = p {
                    p.busy[w] = p.busy[w].saturating_sub(1);
                }
            });
        }
        self.early.insert(n, json);
        while let Some(json) = self.early.remove(&self.merged) {
            let (Some((end, _)), Ok(piece)) =
                (self.sent.remove(&self.merged), Piece::from_json(&json))
            else {
                return false;
            };
            self.merger.add(piece);
            self.merged += 1;
            self.counted = end;
        }
        true
    }

    /// Whether every piece sent has been added up.
    fn all_in(&self) -> bool {
        self.merged == self.next
    }
}

/// The reads of a file, READ_AHEAD asked for at a time so that the browser reads on while the
/// page sends pieces: the first small (for the header), each after it twice as large, up to
/// `largest`, so that the workers have rows to count soon after the file is chosen.
struct Reads<'a> {
    file: &'a web_sys::File,
    size: f64,
    /// Where the next read starts, and its length.
    asked: f64,
    length: f64,
    largest: f64,
    queue: VecDeque<JsFuture>,
}

impl Reads<'_> {
    /// Asks for the next read, if any is left; false if the file cannot be read.
    fn ask(&mut self) -> bool {
        if self.asked >= self.size {
            return true;
        }
        let to = (self.asked + self.length).min(self.size);
        let Ok(read) = file_piece(self.file, self.asked, to) else {
            return false;
        };
        self.queue.push_back(read);
        self.asked = to;
        self.length = (self.length * 2.0).min(self.largest);
        true
    }
}

/// Counts a chosen CSV file in workers while it is read (see the module's documentation),
/// telling `progress` how far it has come (0 to 1).
pub async fn count_file(
    input: Input,
    file: &web_sys::File,
    settings: &RecordSettings,
    (run, id): (RwSignal<u64>, u64),
    progress: &dyn Fn(f64),
) -> Counted {
    let size = file.size();
    if size < MIN_SIZE {
        return Counted::NotHere;
    }
    // Made when the records page opened; else they start while the first reads arrive.
    prepare();
    let Some(workers) = POOL.with_borrow(|p| p.as_ref().map(|p| p.workers.len())) else {
        return Counted::NotHere;
    };
    let mut reads = Reads {
        file,
        size,
        asked: 0.0,
        length: FIRST_READ,
        // At least PIECES_PER_WORKER pieces each, so that the workers finish at about the
        // same time.
        largest: (size / (PIECES_PER_WORKER * workers) as f64).clamp(FIRST_READ, READ),
        queue: VecDeque::new(),
    };
    for _ in 0..READ_AHEAD {
        if !reads.ask() {
            return Counted::Stopped;
        }
    }
    let Some(Ok(first)) = (match reads.queue.pop_front() {
        Some(read) => Some(read.await),
        None => None,
    }) else {
        return Counted::Stopped;
    };
    if !reads.ask() {
        return Counted::Stopped;
    }
    let first_array = js_sys::Uint8Array::new(&first);
    let first = first_array.to_vec();
    // Only the first read goes in (for the header), so room for only that: the file's size
    // here made the page's WebAssembly memory as large as the file (83 MB for 1,000,000 rows).
    let mut start = crate::records::InputAggregator::streaming(input, settings, first.len());
    start.push(&first);
    let Some(split) = start.split() else {
        return Counted::NotHere;
    };
    drop(start);
    if run.try_get_untracked() != Some(id) {
        return Counted::NotHere;
    }
    // What starts every piece: the extract, the settings and the file's head.
    let begin = js_sys::Object::new();
    let input_index = Input::ALL.iter().position(|&i| i == input).unwrap_or(0);
    for (k, v) in [
        ("input", JsValue::from(input_index as u32)),
        ("settings", JsValue::from_str(&settings.to_json())),
        ("head", js_sys::Uint8Array::from(&split.head[..]).into()),
    ] {
        let _ = js_sys::Reflect::set(&begin, &k.into(), &v);
    }
    let mut pieces = Pieces {
        merger: split.merger,
        sent: BTreeMap::new(),
        early: BTreeMap::new(),
        next: 0,
        merged: 0,
        counted: 0,
    };
    // The first piece: the whole rows of the first read. Then the rows read but not yet sent
    // (the end of a row the last read cut short), and where the next read starts in the file.
    let mut carry = first[split.rows_at..].to_vec();
    if let Some(i) = carry.iter().rposition(|&b| b == b'\n') {
        let cut = split.rows_at + i + 1;
        let bytes = first_array.subarray(split.rows_at as u32, cut as u32);
        if !pieces.send(&begin, &[], &bytes, cut) {
            return failed();
        }
        carry.drain(..=i);
    }
    let mut offset = first.len();
    drop(first);
    let show = |counted: usize| progress(counted as f64 / size);

    while let Some(next) = reads.queue.pop_front() {
        let Ok(next) = next.await else {
            return stopped();
        };
        if run.try_get_untracked() != Some(id) || !reads.ask() {
            return stopped();
        }
        let array = js_sys::Uint8Array::new(&next);
        let len = array.length() as usize;
        // The next piece: whole rows (at the end of the file, all that is left).
        let cut = if reads.queue.is_empty() {
            Some(len)
        } else {
            last_index_of(&array, b'\n').map(|i| i + 1)
        };
        match cut {
            Some(cut) => {
                let bytes = array.subarray(0, cut as u32);
                let rest = array.subarray(cut as u32, len as u32).to_vec();
                if !pieces.send(&begin, &carry, &bytes, offset + cut) {
                    return failed();
                }
                carry = rest;
            }
            // No line end in the whole read: it all waits for the next.
            None => carry.extend_from_slice(&array.to_vec()),
        }
        offset += len;
        // Wait while the workers have enough in hand.
        while pieces.sent.len() >= IN_FLIGHT * workers {
            if let Err(end) = next_answer(&mut pieces, run, id).await {
                return end;
            }
        }
        show(pieces.counted);
    }
    while !pieces.all_in() {
        if let Err(end) = next_answer(&mut pieces, run, id).await {
            return end;
        }
        show(pieces.counted);
    }
    match pieces.merger.finish() {
        Some(report) => Counted::Done(Box::new(report)),
        None => Counted::NotHere,
    }
}

/// Waits for the next answer from a worker and adds it up. `Err` ends the count: stopped (a
/// newer count has started, or it was cancelled) or failed (the page counts the file itself);
/// either way the workers are stopped.
async fn next_answer(pieces: &mut Pieces, run: RwSignal<u64>, id: u64) -> Result<(), Counted> {
    let a = answer().await;
    if run.try_get_untracked() != Some(id) {
        return Err(stopped());
    }
    if !pieces.answered(a) {
        return Err(failed());
    }
    Ok(())
}

/// A newer count has started, the count was cancelled, or the file could not be read: the
/// workers are stopped.
fn stopped() -> Counted {
    discard();
    Counted::Stopped
}

/// The workers could not count the file (the page then counts it itself): they are stopped.
fn failed() -> Counted {
    discard();
    Counted::NotHere
}

/// Where the last `value` in `array` is (`Uint8Array.prototype.lastIndexOf`), if any.
fn last_index_of(array: &js_sys::Uint8Array, value: u8) -> Option<usize> {
    let find = js_sys::Reflect::get(array, &"lastIndexOf".into()).ok()?;
    let at = find
        .dyn_ref::<js_sys::Function>()?
        .call1(array, &JsValue::from(value))
        .ok()?
        .as_f64()?;
    (at >= 0.0).then_some(at as usize)
}
