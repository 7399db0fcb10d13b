//! A warm-up of the results page, off the page, when the browser is idle after the start.
//!
//! Browsers compile WebAssembly lazily: each function is compiled the first time it is
//! called. Left to the first click on "Try it with example data" (or the first file chosen),
//! that compiling (the reader, the engine, the chart options and the results page's views)
//! came on top of the work itself: about half of the time until the charts were drawn. Here
//! the same code runs once while the user is reading the start page: the built-in example is
//! read and its results page built in an element that is never put in the document, then
//! thrown away. Nothing is kept but the compiled code: no results, no DOM, no state of the
//! page's own (the warm-up has an `AppState` of its own). Before it is thrown away, it is
//! laid out once in the document, hidden, within one task ([`lay_out_once`]). Charts are not
//! drawn (the Chart component draws only in the document, and the page is put there only
//! after its charts' effects have run); scripts/page-boot.js warms up ECharts itself.
//!
//! The records page warms up the counting of HR extracts the same way, on a made-up extract
//! ([`staff_sample`], [`count_in_pieces`]), on the page and in each worker as it starts.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::{results_view, start, AppState, Loaded};
use crate::records::{self, Input, InputReport, RecordSettings};
use crate::results::{compute, Settings};

/// Resolves when the browser is next idle (`requestIdleCallback`, or 200 ms where it is
/// missing, as in Safari).
async fn idle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let w = window();
        let request = js_sys::Reflect::get(&w, &JsValue::from_str("requestIdleCallback"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        let scheduled = match request {
            Some(request) => request.call1(&w, &resolve).is_ok(),
            None => false,
        };
        if !scheduled {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 200);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Schedules the warm-up, in two idle tasks (a click in between waits less). `page` is the
/// page's own state: once it has a file loaded, there is nothing left to warm up.
pub fn schedule(page: AppState) {
    leptos::task::spawn_local(async move {
        let loaded = || page.current.with_untracked(Option::is_some);
        idle().await;
        if loaded() {
            return;
        }
        // 1. The reader and the engine.
        let example = Loaded::from_bytes("warm-up".to_owned(), start::EXAMPLE);
        if let Some(submission) = example.parsed.submission.as_ref() {
            let _ = compute(submission, &Settings::default());
        }
        idle().await;
        if loaded() {
            return;
        }
        // 2. The results page, with its chart options.
        let owner = Owner::new();
        let mounted = owner.with(|| {
            let state = AppState::new();
            provide_context(state);
            state.current.set(Some(example));
            let parent = document()
                .create_element("div")
                .ok()?
                .dyn_into::<web_sys::HtmlElement>()
                .ok()?;
            let mounted = leptos::mount::mount_to(parent.clone(), results_view::ResultsView);
            Some((parent, mounted))
        });
        // The results page's effects (each chart's option) run before this resumes, and, as
        // the browser draws a frame before it is idle, so do its later sections.
        idle().await;
        if let Some((parent, mounted)) = mounted {
            if !loaded() {
                lay_out_once(&parent);
            }
            drop(mounted);
        }
        owner.cleanup();
    });
}

/// Lays `content` out once in the document, hidden, and takes it out again, all in one task
/// (nothing else can run, or see it, in between; nothing is painted). The first layout of the
/// results page was the largest part of the time until the first chart was drawn (ECharts
/// reads the chart's size, which lays out the whole page): the browser shapes each run of
/// text, in each font and size, for the first time. After this, the real page's text is
/// already shaped and its first layout takes about a third as long.
fn lay_out_once(content: &web_sys::HtmlElement) {
    let Some(body) = document().body() else {
        return;
    };
    // As the page's own <main>: the same width, so the same lines.
    content.set_class_name("width-container");
    let _ = content.set_attribute("aria-hidden", "true");
    let _ = content.set_attribute("inert", "");
    let _ = content.set_attribute(
        "style",
        "position:absolute;top:0;left:-10000px;width:100%;visibility:hidden",
    );
    if body.append_child(content).is_ok() {
        let _ = content.offset_height();
        content.remove();
    }
}

/// A made-up staff extract (no real data) of `rows` rows, counted when the records page opens
/// (on the page, and by each worker as it starts) so that the browser has compiled the
/// counting code fully before a real extract is chosen: the first count in a page otherwise
/// runs on the browser's quick first-pass compilation.
pub(super) fn staff_sample(rows: usize) -> Vec<u8> {
    // The forms values commonly take: census labels, letter codes and variants; dates in
    // both orders; salaries whole and with pence.
    const WORKFORCE: [&str; 4] = [
        "Adult Social Care",
        "Children's Services",
        "ASC",
        "Children",
    ];
    const ETHNICITY: [&str; 10] = [
        "White - British",
        "Asian or Asian British - Indian",
        "Black African",
        "Mixed: White and Asian",
        "White - Any other White background",
        "A",
        "N",
        "Prefer not to say",
        "",
        "White - Irish",
    ];
    const YES_NO: [&str; 7] = ["Y", "N", "", "Yes", "FALSE", "2024-03-31", "18/02/2024"];
    let mut text = String::from(
        "Staff ID,Workforce,Ethnicity,Salary,Senior manager,Regulated professional,\
         Disciplinary,FtP referral,Funded CPD,Leaving date\n",
    );
    for i in 0..rows {
        let yes_no = |k: usize| YES_NO[(i * 7 + k * 3) % YES_NO.len()];
        let pounds = 18_000 + (i * 7_919) % 70_000;
        let salary = if i % 2 == 0 {
            format!("{pounds}")
        } else {
            format!("{pounds}.{:02}", i % 100)
        };
        text.push_str(&format!(
            "W{i},{},{},{salary},{},{},{},{},{},{}\n",
            WORKFORCE[i % WORKFORCE.len()],
            ETHNICITY[i % ETHNICITY.len()],
            yes_no(0),
            yes_no(1),
            yes_no(2),
            yes_no(3),
            yes_no(4),
            yes_no(5),
        ));
    }
    text.into_bytes()
}

/// Counts a made-up staff extract of `rows` rows as a large extract is counted: in two pieces
/// counted apart (as workers count them) and added up (as the page does), the settings passed
/// through JSON (as they are to workers). It compiles that code before a real extract comes.
pub(super) fn count_in_pieces(rows: usize) -> Option<InputReport> {
    let settings = RecordSettings::from_json(&RecordSettings::default().to_json()).ok()?;
    let sample = staff_sample(rows);
    records::count_in_pieces(Input::Staff, &sample, &settings, &[rows / 2])
}
