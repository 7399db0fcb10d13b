//! The page's Web Workers, one per processor core (up to four), that count the pieces of a
//! large CSV extract for the records page, which reads the file, cuts it into pieces and adds
//! up their counts (crate::ui::pages::records::in_workers).
//!
//! The workers start when the records page opens ([`prepare`]), while the person finds their
//! file, and each counts a made-up extract once as it starts
//! ([`in_worker::scwres_piece_warm_up`]), so that the first real count does not pay for
//! starting them and compiling their code.
//!
//! The workers run this same WebAssembly module: the page hands them its compiled module
//! (nothing is fetched or compiled again) and they call only the `scwres_piece_*` functions
//! ([`in_worker`]). Each worker's script ([`SCRIPT`]) comes from a `blob:` URL made here, so
//! the page's Content-Security-Policy applies to it as well: it can make no connection either.
//!
//! A piece goes to the least busy worker ([`send`]), with what starts every piece of the
//! count ([`PieceHead`]); the answers come back as the workers finish ([`answer`]).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::records::{Input, RecordSettings};

mod in_worker;

/// The workers' script.
const SCRIPT: &str = include_str!("worker.js");

/// What a worker sent back: a piece's counts (JSON, empty if it could not be counted), by
/// piece number, or `None` when a worker failed.
pub type Answer = Option<(u32, String)>;

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
        let url = script_url()?;
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

/// A `blob:` URL for the workers' script (revoke it when the workers have stopped).
fn script_url() -> Option<String> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let parts = js_sys::Array::of1(&JsValue::from_str(SCRIPT));
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// What reading a submission file in a worker first came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checked {
    /// The engine read it (and worked out its results): the page can read it too.
    Read,
    /// The engine stopped on it (a WebAssembly trap): only the worker was lost.
    Failed,
    /// No worker could be made (a browser without them): the page reads it, as before.
    NoWorker,
}

/// Reads a submission file (the `sheet` of a workbook) in a worker of its own before the page
/// reads it, so that a file the engine stopped on would cost a worker, not the page with the
/// user's other files and settings ([`in_worker::scwres_check_file`]). A file of counts is
/// small (at most [`crate::submission::MAX_FILE_BYTES`]): this takes a few milliseconds.
pub async fn check(bytes: &[u8], sheet: Option<&str>) -> Checked {
    run_check(bytes, sheet, None).await
}

/// Counts an HR extract (the `sheet` of a workbook) in a worker of its own, with the settings
/// it will be counted with, before the page counts it: as [`check`] for a submission file.
pub async fn check_extract(
    input: Input,
    settings: &RecordSettings,
    bytes: &[u8],
    sheet: Option<&str>,
) -> Checked {
    run_check(bytes, sheet, Some((input, settings))).await
}

/// Reads a file in a new worker, as a submission file or (given the extract and settings) as
/// an HR extract, and says whether the engine read it.
async fn run_check(
    bytes: &[u8],
    sheet: Option<&str>,
    extract: Option<(Input, &RecordSettings)>,
) -> Checked {
    let Some(url) = script_url() else {
        return Checked::NoWorker;
    };
    let Ok(worker) = web_sys::Worker::new(&url) else {
        let _ = web_sys::Url::revoke_object_url(&url);
        return Checked::NoWorker;
    };
    let answer: Rc<RefCell<Option<JsValue>>> = Rc::default();
    let wake: Rc<RefCell<Option<js_sys::Function>>> = Rc::default();
    let deliver = {
        let (answer, wake) = (answer.clone(), wake.clone());
        move |value: JsValue| {
            answer.borrow_mut().get_or_insert(value);
            if let Some(wake) = wake.borrow_mut().take() {
                let _ = wake.call0(&JsValue::NULL);
            }
        }
    };
    let on_message = {
        let deliver = deliver.clone();
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            deliver(e.data())
        })
    };
    let on_error =
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| deliver(JsValue::NULL));
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let start = js_sys::Object::new();
    let file = js_sys::Object::new();
    let test_trap =
        js_sys::Reflect::get(&window(), &"scwresTestTrap".into()).is_ok_and(|v| v.is_truthy());
    let sent = [
        (&start, "module", wasm_bindgen::module()),
        (&start, "check", JsValue::TRUE),
        (&file, "check", JsValue::TRUE),
        (&file, "bytes", js_sys::Uint8Array::from(bytes).into()),
        (
            &file,
            "sheet",
            sheet.map_or(JsValue::NULL, JsValue::from_str),
        ),
        (&file, "trap", JsValue::from_bool(test_trap)),
    ]
    .into_iter()
    .chain(extract.into_iter().flat_map(|(input, settings)| {
        let index = Input::ALL.iter().position(|&i| i == input).unwrap_or(0);
        [
            (&file, "input", JsValue::from(index as u32)),
            (&file, "settings", JsValue::from_str(&settings.to_json())),
        ]
    }))
    .all(|(o, k, v)| js_sys::Reflect::set(o, &k.into(), &v).is_ok())
        && worker.post_message(&start).is_ok()
        && worker.post_message(&file).is_ok();
    if sent && answer.borrow().is_none() {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            *wake.borrow_mut() = Some(resolve);
        });
        let _ = JsFuture::from(promise).await;
    }
    worker.set_onmessage(None);
    worker.set_onerror(None);
    worker.terminate();
    let _ = web_sys::Url::revoke_object_url(&url);
    let checked = answer
        .borrow()
        .as_ref()
        .is_some_and(|a| js_sys::Reflect::get(a, &"checked".into()).is_ok_and(|v| v.is_truthy()));
    match (sent, checked) {
        (false, _) => Checked::NoWorker,
        (true, true) => Checked::Read,
        (true, false) => Checked::Failed,
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

/// How many workers there are, if any.
pub fn count() -> Option<usize> {
    POOL.with_borrow(|p| p.as_ref().map(|p| p.workers.len()))
}

/// The next answer from a worker (`None` as well when the workers have been stopped).
pub async fn answer() -> Answer {
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

/// What starts every piece of one count: the extract, the settings and the file's head
/// ([`crate::records::Split::head`]).
pub struct PieceHead(js_sys::Object);

impl PieceHead {
    pub fn new(input: Input, settings: &RecordSettings, head: &[u8]) -> PieceHead {
        let begin = js_sys::Object::new();
        let input_index = Input::ALL.iter().position(|&i| i == input).unwrap_or(0);
        for (k, v) in [
            ("input", JsValue::from(input_index as u32)),
            ("settings", JsValue::from_str(&settings.to_json())),
            ("head", js_sys::Uint8Array::from(head).into()),
        ] {
            let _ = js_sys::Reflect::set(&begin, &k.into(), &v);
        }
        PieceHead(begin)
    }
}

/// Sends piece number `id`, `carry` (the end of a row the last read cut short, copied)
/// followed by `bytes` (transferred, not copied: the page needs them no more), to the least
/// busy worker. Which worker, or `None` if it could not be sent.
pub fn send(head: &PieceHead, id: u32, carry: &[u8], bytes: &js_sys::Uint8Array) -> Option<usize> {
    let message = js_sys::Object::assign(&js_sys::Object::new(), &head.0);
    let set = |k: &str, v: &JsValue| js_sys::Reflect::set(&message, &k.into(), v).is_ok();
    if !(set("carry", &js_sys::Uint8Array::from(carry))
        && set("bytes", bytes)
        && set("id", &JsValue::from(id)))
    {
        return None;
    }
    let transfer = js_sys::Array::of1(&bytes.buffer());
    POOL.with_borrow_mut(|p| {
        let p = p.as_mut()?;
        let w = (0..p.busy.len()).min_by_key(|&w| p.busy[w])?;
        p.workers[w]
            .post_message_with_transfer(&message, &transfer)
            .ok()?;
        p.busy[w] += 1;
        Some(w)
    })
}

/// `worker` has answered a piece: it has one fewer in hand.
pub fn answered(worker: usize) {
    POOL.with_borrow_mut(|p| {
        if let Some(p) = p {
            p.busy[worker] = p.busy[worker].saturating_sub(1);
        }
    });
}
