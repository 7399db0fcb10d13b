//! A warm-up of the results page and its charts, off the page, when the browser is idle
//! after the start.
//!
//! Browsers compile WebAssembly lazily: each function is compiled the first time it is called.
//! Left to the first click on "Try it with example data" (or the first file chosen), that
//! compiling (the reader, the engine, the chart options and the results page's views) came on
//! top of the work itself, and held back the first charts. Here the same code runs once while
//! the user is reading the start page: the built-in example is read and its results page built
//! in an element that is never put in the document, then thrown away. Nothing is kept but the
//! compiled code: no results, no DOM, no state of the page's own (the warm-up has an `AppState`
//! of its own). Before it is thrown away, it is laid out once in the document, hidden, within
//! one task ([`lay_out_once`]). The Chart component draws only in the document, and the page is
//! put there only after its charts' effects have run; the example's two charts are then drawn
//! out of sight, [`CHART_DRAWINGS`] times each ([`echarts::draw_once`]), which warms up the
//! chart engine (ECharts) too.
//!
//! Each step is its own task, when the browser is idle and no HR extract is being counted
//! ([`Busy`]): the warm-up never takes the processor from the user's own work.
//!
//! The records page warms up the counting of HR extracts the same way, on a made-up extract
//! ([`crate::records::sample`]), on the page and in each worker as it starts.

use std::cell::Cell;

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::echarts;
use crate::charts::{self, ChartSpec};
use crate::metrics::MetricId;
use crate::results::{compute, ParityRange, Settings};
use crate::ui::pages::results::{ResultsView, BANDS_HEIGHT, FOREST_HEIGHT};
use crate::ui::pages::start::EXAMPLE;
use crate::ui::{AppState, Loaded};

/// Resolves when the browser is next idle (`requestIdleCallback`), or after at most 2 s: a
/// browser may not call idle callbacks at all for a while (Chromium calls none while the
/// records page's workers exist), and a warm-up put off that long would run in the middle of
/// the user's count. Where it is missing, as in Safari, after 200 ms.
async fn idle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let w = window();
        let request = js_sys::Reflect::get(&w, &JsValue::from_str("requestIdleCallback"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"timeout".into(), &JsValue::from(2000));
        let scheduled = match request {
            Some(request) => request.call2(&w, &resolve, &options).is_ok(),
            None => false,
        };
        if !scheduled {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 200);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

thread_local! {
    /// Counts of HR extracts running now ([`Busy`]).
    static BUSY: Cell<u32> = const { Cell::new(0) };
}

/// Held while the page counts an HR extract: the warm-up waits, so as not to take the
/// processor from the count.
pub struct Busy(());

impl Busy {
    pub fn new() -> Busy {
        BUSY.set(BUSY.get() + 1);
        Busy(())
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        BUSY.set(BUSY.get().saturating_sub(1));
    }
}

/// Waits until the browser is idle and no count is running.
async fn quiet() {
    loop {
        idle().await;
        if BUSY.get() == 0 {
            return;
        }
    }
}

/// Schedules the warm-up, each step its own task when the browser is idle (a click in
/// between waits less). `page` is the page's own state: once it has a file loaded, there is
/// nothing left to warm up.
pub fn schedule(page: AppState) {
    leptos::task::spawn_local(async move {
        let loaded = || page.current.with_untracked(Option::is_some);
        quiet().await;
        if loaded() {
            return;
        }
        // 1. The reader and the engine.
        let example = Loaded::from_bytes("warm-up".to_owned(), EXAMPLE);
        let results = example
            .parsed
            .submission
            .as_ref()
            .map(|submission| compute(submission, &Settings::default()));
        quiet().await;
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
            let mounted = leptos::mount::mount_to(parent.clone(), ResultsView);
            Some((parent, mounted))
        });
        // The results page's effects (each chart's option) run before this resumes, and, as
        // the browser draws a frame before it is idle, so do its later sections.
        quiet().await;
        if let Some((parent, mounted)) = mounted {
            if !loaded() {
                lay_out_once(&parent);
            }
            drop(mounted);
        }
        owner.cleanup();
        // 3. The chart engine: started (the single file keeps it gzipped until it is first
        //    asked for, scripts/page-boot.js), then the example's two charts, as the results
        //    page draws them, CHART_DRAWINGS times each.
        if !echarts::ready().await || loaded() {
            return;
        }
        let reduced = echarts::prefers_reduced_motion();
        let charts: Vec<(ChartSpec, u32)> = results
            .iter()
            .flat_map(|r| r.workforces.first())
            .flat_map(|w| {
                let forest = charts::forest_plot(w, ParityRange::default(), reduced, false);
                let bands = w
                    .metric(MetricId::M1)
                    .and_then(|m| charts::pay_bands(m, reduced, false));
                [
                    Some((forest, FOREST_HEIGHT)),
                    bands.map(|b| (b, BANDS_HEIGHT)),
                ]
            })
            .flatten()
            .collect();
        for _ in 0..CHART_DRAWINGS {
            for (spec, height) in &charts {
                quiet().await;
                if loaded() {
                    return;
                }
                if let Some(element) = document()
                    .create_element("div")
                    .ok()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    out_of_sight(&element, &format!("width:960px;height:{height}px"), || {
                        echarts::draw_once(&element, spec, *height)
                    });
                }
            }
        }
        // scripts/bench-load.mjs waits for this before it times the first charts.
        if let Some(performance) = window().performance() {
            let _ = performance.mark("scwres-charts-warm");
        }
    });
}

/// How many times the warm-up draws each of the example's charts. The browser optimises a
/// function only once it has run a while: after a couple of drawings ECharts still draws
/// slowly, and drawing more often than this brings the first real charts no sooner
/// (scripts/bench-load.mjs times them). Each drawing is its own task when the browser is
/// idle.
const CHART_DRAWINGS: usize = 8;

/// Puts `element` in the document out of sight (hidden, off screen, out of reach of the
/// keyboard and of screen readers, sized by `size`), runs `work`, and takes it out again, all
/// in one task: nothing else can run, or see it, in between, and nothing is painted.
fn out_of_sight(element: &web_sys::HtmlElement, size: &str, work: impl FnOnce()) {
    let Some(body) = document().body() else {
        return;
    };
    let _ = element.set_attribute("aria-hidden", "true");
    let _ = element.set_attribute("inert", "");
    let _ = element.set_attribute(
        "style",
        &format!("position:absolute;top:0;left:-10000px;visibility:hidden;{size}"),
    );
    if body.append_child(element).is_ok() {
        work();
        element.remove();
    }
}

/// Lays `content` out once in the document, out of sight. The first chart waits for the
/// results page's first layout (ECharts reads the chart's size, which lays out the whole
/// page), which is slow: the browser shapes each run of text, in each font and size, for the
/// first time. After this, the real page's text is already shaped and its first layout is
/// much quicker.
fn lay_out_once(content: &web_sys::HtmlElement) {
    // As the page's own <main>: the same width, so the same lines.
    content.set_class_name("width-container");
    out_of_sight(content, "width:100%", || {
        let _ = content.offset_height();
    });
}
