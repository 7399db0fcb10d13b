//! Counting one chosen extract, on the page or in the workers, without freezing the page.
//!
//! Bytes the page holds (a workbook's sheet, or a file counted here before) are counted on
//! the page in slices that yield to the browser between them ([`count_held`]), after being
//! counted once in a worker of their own (were the engine to stop on them, only that worker
//! would be lost). A chosen CSV file ([`count_file`]): a large one is counted in the page's
//! Web Workers while it is read ([`super::in_workers`]); else (or when the workers cannot give
//! the whole file's report) it is read whole and counted as the page counts bytes it holds.
//! Every count belongs to a [`Run`]: a newer count, or Cancel, overtakes it, and it stops when
//! it next looks.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::extract::Content;
use super::in_workers::{count_in_workers, Counted};
use crate::read::ReadError;
use crate::records::{sample, Input, InputAggregator, InputReport, RecordSettings};
use crate::ui::browser::files::file_bytes;
use crate::ui::browser::workers::{self, Checked};

/// Rows counted between looks at the clock.
const STEP_ROWS: usize = 2_000;
/// How long one slice of counting runs before the page yields to the browser (to paint the
/// progress bar and handle input), in milliseconds.
const SLICE_MS: f64 = 40.0;
/// The largest extract the page reads whole (one the workers could not count in pieces as it
/// was read): with the copy its checking worker gets, about twice this in memory.
const HELD_LIMIT: usize = 512 << 20;
/// Rows of the made-up extract ([`crate::records::sample`]) the page counts as it opens.
const WARM_UP_ROWS: usize = 20_000;
/// Rows of the made-up extract then counted in pieces, as the workers count a large extract.
const WARM_UP_PIECES_ROWS: usize = 2_000;

/// The page's counts, numbered: starting one ([`Runs::start`]) overtakes the one running.
#[derive(Clone, Copy)]
pub(super) struct Runs(RwSignal<u64>);

impl Runs {
    pub fn new() -> Self {
        Runs(RwSignal::new(0))
    }

    /// Starts a new count: the one running stops when it next looks.
    pub fn start(self) -> Run {
        let id = self.0.get_untracked() + 1;
        self.0.set(id);
        Run { runs: self.0, id }
    }

    /// True while no count has started since the page opened (false once it has been left).
    fn none_yet(self) -> bool {
        self.0.try_get_untracked() == Some(0)
    }
}

/// One count of the chosen extracts.
#[derive(Clone, Copy)]
pub(super) struct Run {
    runs: RwSignal<u64>,
    id: u64,
}

impl Run {
    /// False once a newer count has started (or Cancel was chosen, or the page has been
    /// left): stop.
    pub fn is_current(self) -> bool {
        self.runs.try_get_untracked() == Some(self.id)
    }
}

/// Lets the browser paint and handle input before the next slice of work, by sending the page
/// a message through a MessageChannel: unlike a zero-delay timer, it is not held back 4 ms
/// when such waits follow one another (the HTML standard's clamping of nested timers), and a
/// count of a large extract yields dozens of times.
async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| match web_sys::MessageChannel::new() {
        Ok(channel) => {
            channel.port1().set_onmessage(Some(&resolve));
            let _ = channel.port2().post_message(&wasm_bindgen::JsValue::NULL);
        }
        Err(_) => {
            let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Counts in slices of about [`SLICE_MS`], yielding to the browser between them and showing
/// progress, until the extract is counted or the next piece of the file is needed. False
/// when a newer count has started (or the page has been left): stop.
async fn count_slices(agg: &mut InputAggregator, run: Run, progress: &dyn Fn(f64)) -> bool {
    loop {
        let started = js_sys::Date::now();
        let mut finished = false;
        while !finished && !agg.needs_input() && js_sys::Date::now() - started < SLICE_MS {
            finished = agg.step(STEP_ROWS);
        }
        progress(agg.progress());
        if finished || agg.needs_input() {
            return true;
        }
        yield_to_browser().await;
        if !run.is_current() {
            return false;
        }
    }
}

/// Counts an extract the page holds (its bytes, or a workbook's sheet read into a table), in
/// slices that yield to the browser. `None` when a newer count has started.
pub(super) async fn count_held(
    mut agg: InputAggregator,
    run: Run,
    progress: &dyn Fn(f64),
) -> Option<InputReport> {
    if !count_slices(&mut agg, run, progress).await {
        return None;
    }
    Some(agg.finish())
}

/// Counts a chosen CSV file while it is read: in the workers when they can, else on the page.
/// Returns the report and what to count the extract from next time: the file itself when the
/// workers counted it (the page keeps no copy), or its bytes when the page did. `None` when a
/// newer count has started, or the file could not be read (moved or locked).
pub(super) async fn count_file(
    input: Input,
    file: web_sys::File,
    settings: &RecordSettings,
    run: Run,
    progress: &dyn Fn(f64),
) -> Option<(InputReport, Content)> {
    match count_in_workers(input, &file, settings, run, progress).await {
        Counted::Done(report) => Some((*report, Content::File(file))),
        Counted::NotHere => count_checked(input, file, settings, run, progress).await,
        Counted::Stopped => None,
    }
}

/// Reads a chosen file whole, counts it in a worker first (were the engine to stop on it, only
/// that worker would be lost: the extract is reported as one that could not be read), then on
/// the page in slices. Returns the report and the file's bytes (kept to count again when
/// choices change; a file too large to hold is read again, and said so again, each time);
/// `None` when a newer count has started, or the file could not be read.
async fn count_checked(
    input: Input,
    file: web_sys::File,
    settings: &RecordSettings,
    run: Run,
    progress: &dyn Fn(f64),
) -> Option<(InputReport, Content)> {
    // The page holds the file whole here (and a copy goes to the checking worker): past this
    // size it says so rather than run out of memory.
    let size = file.size() as usize;
    if size > HELD_LIMIT {
        let report = InputReport::failed(input, &ReadError::TooLargeForPage { size }, settings);
        return Some((report, Content::File(file)));
    }
    let bytes = Arc::new(file_bytes(&file).await.ok()?);
    if !run.is_current() {
        return None;
    }
    let counted = || InputAggregator::shared(input, bytes.clone(), None, settings);
    let report = count_held_checked(input, settings, &bytes, None, counted, run, progress).await?;
    Some((report, Content::Bytes { bytes, sheet: None }))
}

/// Counts an extract the page holds, in a worker of its own first: were the engine to stop
/// on it, only that worker would be lost, and the extract is reported as one that could not
/// be read. The worker reads `file` (the extract's bytes, or its workbook) and `sheet`; the
/// page then counts with what `counted` makes, in slices. `None` when a newer count has
/// started.
pub(super) async fn count_held_checked(
    input: Input,
    settings: &RecordSettings,
    file: &[u8],
    sheet: Option<&str>,
    counted: impl FnOnce() -> InputAggregator,
    run: Run,
    progress: &dyn Fn(f64),
) -> Option<InputReport> {
    let checked = workers::check_extract(input, settings, file, sheet).await;
    if !run.is_current() {
        return None;
    }
    if checked == Checked::Failed {
        return Some(InputReport::failed(input, &ReadError::Stopped, settings));
    }
    count_held(counted(), run, progress).await
}

/// Warms up counting as the page opens, so that the browser has compiled the counting code
/// fully before a real extract is chosen: starts the workers for large extracts (they warm up
/// too, and stop when the page is left), then counts a made-up extract in short slices, and
/// adds up a few pieces of it as the workers' counts are added up. Each step only while no
/// count has started.
pub(super) fn warm_up(runs: Runs) {
    leptos::task::spawn_local(async move {
        yield_to_browser().await;
        if runs.none_yet() {
            workers::prepare();
        }
        let extract = Arc::new(sample::staff_extract(WARM_UP_ROWS));
        let mut agg =
            InputAggregator::shared(Input::Staff, extract, None, &RecordSettings::default());
        loop {
            yield_to_browser().await;
            // Stop when a count has started, or the page has been left (the signal is gone).
            if !runs.none_yet() || agg.step(STEP_ROWS) {
                break;
            }
        }
        yield_to_browser().await;
        if runs.none_yet() {
            std::hint::black_box(sample::count_staff_in_pieces(WARM_UP_PIECES_ROWS));
        }
    });
}
