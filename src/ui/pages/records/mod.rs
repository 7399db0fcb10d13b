//! "From HR extracts": three record-level files (staff, shortlisted applicants, survey
//! responses) counted on this device into a submission. The person checks which column is
//! which and what unrecognised ethnicity values mean; the counts then feed the same results
//! page, and can be saved as a submission file. Choices (never data) can be saved and loaded.
//!
//! A chosen CSV file is counted while it is still being read: a large one (4 MB or more) in
//! Web Workers, one per core (see [`workers`]); a smaller one on the page, in slices that
//! yield to the browser between them. Either way the page never freezes, and a count that
//! lasts more than a moment shows a progress bar and a cancel button ([`ProgressBar`]).

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::diag::Severity;
use crate::records::{
    combine, sample, Aggregate, Ethnicity, Input, InputAggregator, InputReport, RecordSettings,
    ValueSource, WorkforceChoice,
};
use crate::ui::browser::files::{file_bytes, file_piece, PIECE};
use crate::ui::browser::workers::{self, Counted};
use crate::ui::browser::{download, warm};
use crate::ui::components::chosen_file::{PendingWorkbook, SheetChooser, ACCEPT};
use crate::ui::{AppState, Loaded, Page};

/// Changes the choices and counts again.
type UpdateChoices = StoredValue<Box<dyn Fn(Box<dyn Fn(&mut RecordSettings)>)>, LocalStorage>;

const INPUTS: [Input; 3] = [Input::Staff, Input::Shortlisted, Input::Survey];
/// Rows counted between looks at the clock.
const STEP_ROWS: usize = 2_000;
/// How long one slice of counting runs before the page yields to the browser (to paint the
/// progress bar and handle input), in milliseconds.
const SLICE_MS: f64 = 40.0;
/// How long a count runs before its progress bar and cancel button show, in milliseconds: a
/// quicker count would only make them flash.
const PROGRESS_AFTER_MS: f64 = 200.0;
/// The least time between two changes of the progress bar, in milliseconds.
const PROGRESS_EVERY_MS: f64 = 100.0;
/// The size of the first piece of a CSV file read while counting it (see [`count_file`]).
const FIRST_PIECE: f64 = 512.0 * 1024.0;
/// How many pieces of a CSV file being counted are being read at once.
const READ_AHEAD: usize = 2;

/// One chosen extract, counted at least once.
#[derive(Clone)]
struct Extract {
    name: String,
    content: Content,
}

/// What an extract is counted from each time.
#[derive(Clone)]
enum Content {
    /// Bytes: CSV, or a sheet of a workbook already turned into CSV; `sheet` is the sheet to
    /// read, for a workbook that could not be turned into CSV (counting it then reports why,
    /// as for any file that cannot be read).
    Bytes {
        bytes: Arc<Vec<u8>>,
        sheet: Option<String>,
    },
    /// A CSV file: one just chosen (counted while it is read), or a large one the workers
    /// counted (see [`workers`]), read from the device again each time, so the page keeps no
    /// copy of it.
    File(web_sys::File),
}

impl Extract {
    /// A chosen file; a workbook's sheet (the one named, or its only one) becomes CSV here,
    /// once, rather than each time the choices change. A CSV file's bytes are kept as they
    /// are (not copied: an extract can be large).
    fn new(name: String, bytes: Vec<u8>, sheet: Option<String>) -> Self {
        let content = if !crate::read::xlsx::looks_like_xlsx(&bytes) {
            Content::Bytes {
                bytes: Arc::new(bytes),
                sheet,
            }
        } else {
            match crate::read::xlsx::csv_bytes(&bytes, sheet.as_deref()) {
                Ok(csv) => Content::Bytes {
                    bytes: Arc::new(csv.into_owned()),
                    sheet: None,
                },
                Err(_) => Content::Bytes {
                    bytes: Arc::new(bytes),
                    sheet,
                },
            }
        };
        Extract { name, content }
    }

    /// Its size in bytes.
    fn size(&self) -> f64 {
        match &self.content {
            Content::Bytes { bytes, .. } => bytes.len() as f64,
            Content::File(file) => file.size(),
        }
    }
}

/// What the sheet of a workbook chosen for this extract should hold.
fn sheet_holds(input: Input) -> &'static str {
    match input {
        Input::Staff => "the staff records",
        Input::Shortlisted => "the shortlisted applicants",
        Input::Survey => "the survey responses",
    }
}

/// The progress bar and cancel button of a count: which extract (its slot), its name, and how
/// far. They show once a count has run for [`PROGRESS_AFTER_MS`] and then change at most every
/// [`PROGRESS_EVERY_MS`]. Each change lays the page out and paints it again, and a screen
/// reader announces it: shown on every piece, that took a tenth of the time of counting a
/// 100,000-row extract on a two-core laptop, for a bar that only flashed.
#[derive(Clone, Copy)]
struct ProgressBar {
    /// What the page shows (`None`: no progress bar).
    shown: RwSignal<Option<(usize, String, f64)>>,
    /// The count's latest progress, shown or not.
    latest: StoredValue<Option<(usize, String, f64)>, LocalStorage>,
    /// When the count started and when the bar last changed (`Date.now()`).
    times: StoredValue<(f64, f64), LocalStorage>,
}

impl ProgressBar {
    fn new() -> Self {
        ProgressBar {
            shown: RwSignal::new(None),
            latest: StoredValue::new_local(None),
            times: StoredValue::new_local((0.0, f64::NEG_INFINITY)),
        }
    }

    /// A count has started (`id`, see `run`): no bar yet, and one after
    /// [`PROGRESS_AFTER_MS`] if it is still running then, even if it has not moved on (say the
    /// file is slow to read), so that it can be cancelled.
    fn start(self, run: RwSignal<u64>, id: u64) {
        self.shown.set(None);
        self.latest.set_value(None);
        self.times
            .set_value((js_sys::Date::now(), f64::NEG_INFINITY));
        set_timeout(
            move || {
                if run.try_get_untracked() == Some(id) {
                    if let Some(latest) = self.latest.try_get_value().flatten() {
                        self.show(latest);
                    }
                }
            },
            std::time::Duration::from_millis(PROGRESS_AFTER_MS as u64),
        );
    }

    /// How far the count of the extract in `slot` has come (0 to 1). Another extract's count
    /// shows at once.
    fn set(self, slot: usize, name: &str, fraction: f64) {
        let Some((started, changed)) = self.times.try_get_value() else {
            return; // the page has been left
        };
        let value = (slot, name.to_owned(), fraction);
        let t = js_sys::Date::now();
        let other = self
            .shown
            .with_untracked(|s| s.as_ref().is_some_and(|s| s.0 != slot));
        if t - started >= PROGRESS_AFTER_MS && (t - changed >= PROGRESS_EVERY_MS || other) {
            self.show(value.clone());
        }
        self.latest.set_value(Some(value));
    }

    fn show(self, value: (usize, String, f64)) {
        self.times
            .update_value(|(_, changed)| *changed = js_sys::Date::now());
        self.shown.set(Some(value));
    }

    /// The extract being counted (its slot), if any.
    fn counting(self) -> Option<usize> {
        self.latest.get_value().map(|(slot, _, _)| slot)
    }

    /// The count has ended (or been cancelled): no bar.
    fn end(self) {
        self.latest.set_value(None);
        self.shown.set(None);
    }
}

/// Lets the browser paint and handle input before the next slice of work, by sending the page
/// a message through a MessageChannel: unlike a zero-delay timer, it is not held
/// back 4 ms when such waits follow one another (a count of a large extract yields dozens of
/// times).
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
async fn count_slices(
    agg: &mut InputAggregator,
    run: RwSignal<u64>,
    id: u64,
    progress: &dyn Fn(f64),
) -> bool {
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
        if run.try_get_untracked() != Some(id) {
            return false;
        }
    }
}

/// The reads of a file's pieces, in order: the first is small, so counting starts soon; the
/// pieces then double, up to [`PIECE`], so that a large file takes few reads.
struct Pieces<'a> {
    file: &'a web_sys::File,
    size: f64,
    asked: f64,
    len: f64,
}

impl Iterator for Pieces<'_> {
    type Item = Result<JsFuture, wasm_bindgen::JsValue>;

    /// Starts reading the next piece; `None` after the last.
    fn next(&mut self) -> Option<Self::Item> {
        if self.asked >= self.size {
            return None;
        }
        let end = (self.asked + self.len).min(self.size);
        let read = file_piece(self.file, self.asked, end);
        self.asked = end;
        self.len = (self.len * 2.0).min(PIECE);
        Some(read)
    }
}

/// Reads a chosen CSV file a piece at a time and counts each piece while the next is read.
/// Returns the report and the file's bytes (kept to count again when choices change); `None`
/// when a newer count has started, or the file could not be read (moved or locked).
async fn count_file(
    input: Input,
    file: &web_sys::File,
    settings: &RecordSettings,
    (run, id): (RwSignal<u64>, u64),
    progress: &dyn Fn(f64),
) -> Option<(InputReport, Arc<Vec<u8>>)> {
    let size = file.size();
    let mut agg = InputAggregator::streaming(input, settings, size as usize);
    // READ_AHEAD pieces are asked for before the one in hand is counted: the browser reads
    // them meanwhile.
    let mut pieces = Pieces {
        file,
        size,
        asked: 0.0,
        len: FIRST_PIECE,
    };
    let mut reading: std::collections::VecDeque<_> = pieces.by_ref().take(READ_AHEAD).collect();
    while let Some(piece) = reading.pop_front() {
        let array = js_sys::Uint8Array::new(&piece.ok()?.await.ok()?);
        reading.extend(pieces.next());
        agg.push(&array.to_vec());
        if run.try_get_untracked() != Some(id) || !count_slices(&mut agg, run, id, progress).await {
            return None;
        }
    }
    let bytes = agg.end();
    if !count_slices(&mut agg, run, id, progress).await {
        return None;
    }
    Some((agg.finish(), bytes))
}

#[component]
pub fn RecordsPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Local signals: an extract may hold a chosen file, which stays on this thread.
    let files: [RwSignal<Option<Extract>, LocalStorage>; 3] = [
        RwSignal::new_local(None),
        RwSignal::new_local(None),
        RwSignal::new_local(None),
    ];
    // Workbooks waiting for their sheet to be chosen, one place per extract.
    let pending: [RwSignal<Option<PendingWorkbook>>; 3] = [
        RwSignal::new(None),
        RwSignal::new(None),
        RwSignal::new(None),
    ];
    // CSV files chosen and not yet read to the end (counted as they are read).
    let arriving: StoredValue<[Option<(String, web_sys::File)>; 3], LocalStorage> =
        StoredValue::new_local([None, None, None]);
    let settings = RwSignal::new(RecordSettings::default());
    let settings_error = RwSignal::new(None::<String>);
    let reports: RwSignal<Vec<InputReport>> = RwSignal::new(Vec::new());
    // While counting: which extract, and how far.
    let progress = ProgressBar::new();
    // Bumped to start a new count; a running count stops when it sees a newer one.
    let run = RwSignal::new(0u64);
    // Warm up when the page opens, in short slices, unless a count starts first; and start
    // the workers for large extracts (they warm up too), which stop when the page is left.
    on_cleanup(workers::discard);
    leptos::task::spawn_local(async move {
        yield_to_browser().await;
        if run.try_get_untracked() == Some(0) {
            workers::prepare();
        }
        let extract = std::sync::Arc::new(sample::staff_extract(20_000));
        let mut agg =
            InputAggregator::shared(Input::Staff, extract, None, &RecordSettings::default());
        loop {
            yield_to_browser().await;
            // Stop when a count has started, or the page has been left (the signal is gone).
            if run.try_get_untracked() != Some(0) || agg.step(STEP_ROWS) {
                break;
            }
        }
        // And adding up the pieces the workers count (a few milliseconds).
        yield_to_browser().await;
        if run.try_get_untracked() == Some(0) {
            std::hint::black_box(sample::count_staff_in_pieces(2_000));
        }
    });

    // Count every chosen extract again whenever the files or the choices change.
    let recount = move || {
        let id = run.get_untracked() + 1;
        run.set(id);
        let waiting = arriving.get_value();
        let chosen: Vec<(usize, Input, Extract)> = INPUTS
            .iter()
            .zip(files.iter())
            .zip(waiting)
            .enumerate()
            .filter_map(|(slot, ((i, f), w))| {
                let extract = match w {
                    Some((name, file)) => Some(Extract {
                        name,
                        content: Content::File(file),
                    }),
                    None => f.get_untracked(),
                };
                extract.map(|e| (slot, *i, e))
            })
            .collect();
        let s = settings.get_untracked();
        progress.start(run, id);
        leptos::task::spawn_local(async move {
            // The page's warm-up waits while this runs.
            let _busy = warm::Busy::new();
            let mut done = Vec::new();
            for (slot, input, Extract { name, content }) in chosen {
                // How far this extract's count has come (0 to 1).
                let show = |fraction| progress.set(slot, &name, fraction);
                show(0.0);
                match content {
                    Content::Bytes { bytes, sheet } => {
                        let mut agg = InputAggregator::shared(input, bytes, sheet.as_deref(), &s);
                        if !count_slices(&mut agg, run, id, &show).await {
                            return;
                        }
                        done.push(agg.finish());
                    }
                    Content::File(file) => {
                        let counted =
                            match workers::count_file(input, &file, &s, (run, id), &show).await {
                                Counted::Done(report) => Some((*report, Content::File(file))),
                                // Counted here, the file's bytes are kept.
                                Counted::NotHere => count_file(input, &file, &s, (run, id), &show)
                                    .await
                                    .map(|(report, bytes)| {
                                        (report, Content::Bytes { bytes, sheet: None })
                                    }),
                                Counted::Stopped => None,
                            };
                        if run.try_get_untracked() != Some(id) {
                            return;
                        }
                        // Read to the end now (or unreadable, say moved or changed since it
                        // was chosen: then not chosen after all).
                        arriving.update_value(|a| a[slot] = None);
                        match counted {
                            Some((report, content)) => {
                                files[slot].set(Some(Extract { name, content }));
                                done.push(report);
                            }
                            None => files[slot].set(None),
                        }
                    }
                }
            }
            if run.try_get_untracked() == Some(id) {
                progress.end();
                reports.set(done);
            }
        });
    };
    // Cancel stops the count and lets go of the extract being counted (choose it again, or
    // another); the other extracts are counted again without it.
    let cancel = move |_| {
        if let Some(slot) = progress.counting() {
            files[slot].set(None);
            arriving.update_value(|a| a[slot] = None);
        }
        progress.end();
        recount();
    };
    let aggregate = Memo::new(move |_| {
        let r = reports.get();
        (!r.is_empty()).then(|| Arc::new(combine(r)))
    });
    let choose = move |slot: usize| {
        move |ev: leptos::ev::Event| {
            let input: web_sys::HtmlInputElement = event_target(&ev);
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                let name = file.name();
                // The page shows the chosen name itself, so the same file can be chosen again.
                input.set_value("");
                pending[slot].set(None);
                leptos::task::spawn_local(async move {
                    // A CSV file is counted as it is read; a workbook is read whole first.
                    let Ok(first) = file_piece(&file, 0.0, file.size().min(8.0)) else {
                        return;
                    };
                    let Ok(first) = first.await else {
                        return;
                    };
                    let first = js_sys::Uint8Array::new(&first).to_vec();
                    if !crate::read::xlsx::looks_like_xlsx(&first)
                        && !crate::read::xlsx::looks_like_ole(&first)
                    {
                        files[slot].set(None);
                        arriving.update_value(|a| a[slot] = Some((name, file)));
                        recount();
                    } else if let Ok(bytes) = file_bytes(&file).await {
                        match PendingWorkbook::new(&name, bytes) {
                            Ok(workbook) => {
                                files[slot].set(None);
                                pending[slot].set(Some(workbook));
                            }
                            Err(bytes) => {
                                files[slot].set(Some(Extract::new(name, bytes, None)));
                            }
                        }
                        recount();
                    }
                });
            }
        }
    };
    let load_settings = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            leptos::task::spawn_local(async move {
                if let Ok(text) = JsFuture::from(file.text()).await {
                    match RecordSettings::from_json(&text.as_string().unwrap_or_default()) {
                        Ok(s) => {
                            settings.set(s);
                            settings_error.set(None);
                            recount();
                        }
                        Err(e) => settings_error.set(Some(e)),
                    }
                }
            });
        }
        input.set_value("");
    };
    let save_settings = move |_| {
        let s = match aggregate.get_untracked() {
            Some(a) => a.settings_used(&settings.get_untracked()),
            None => settings.get_untracked(),
        };
        download::save_text(
            "sc-wres-record-settings.json",
            "application/json",
            &s.to_json(),
        );
    };
    let use_counts = move |_| {
        if let Some(a) = aggregate.get_untracked() {
            state.scope.set(None);
            state.current.set(Some(Loaded::from_bytes(
                "counts from your HR extracts".to_owned(),
                a.to_csv().as_bytes(),
            )));
            state.page.set(Page::Calculator);
        }
    };
    let download_submission = move |_| {
        if let Some(a) = aggregate.get_untracked() {
            download::save_text("sc-wres-submission.csv", "text/csv", &a.to_csv());
        }
    };
    let update: UpdateChoices =
        StoredValue::new_local(Box::new(move |f: Box<dyn Fn(&mut RecordSettings)>| {
            settings.update(|s| f(s));
            recount();
        }));

    view! {
        <h1 class="heading-xl">"Count from your HR extracts"</h1>
        <p class="lead">"Choose your staff, recruitment and staff-survey extracts (one row per person). They are counted on this device: nothing is uploaded, and the submission file holds counts only."</p>
        <div class="inset privacy">
            <p>"Your extracts never leave this device. You can check: open your browser's developer tools (F12), choose the Network tab, and choose your files. No request appears."</p>
        </div>
        {INPUTS.iter().enumerate().map(|(slot, input)| {
            let id = format!("extract-{}", input.key());
            view! {
                <div class="form-group">
                    <label class="label" for=id.clone()>{format!("{} (CSV or Excel)", input.label())}</label>
                    <p class="hint">{format!("One row per {}. Optional: leave it out if you do not have it.", input.row_noun())}</p>
                    <input type="file" id=id class="file-upload" accept=ACCEPT on:change=choose(slot)/>
                    {move || pending[slot].get().map(|workbook| view! {
                        <SheetChooser id=format!("sheet-{}", input.key()) workbook=workbook.clone() holds=sheet_holds(*input)
                            on_choose=Callback::new(move |sheet: String| {
                                pending[slot].set(None);
                                files[slot].set(Some(Extract::new(workbook.label(&sheet), workbook.bytes.to_vec(), Some(sheet))));
                                recount();
                            })/>
                    })}
                    {move || files[slot].get().map(|e| view! {
                        <p class="hint chosen-file" id=format!("chosen-{}", input.key())>
                            {format!("Chosen: {} ({} KB)", e.name, (e.size() / 1024.0).ceil())}
                        </p>
                    })}
                </div>
            }
        }).collect_view()}
        <div class="form-group">
            <label class="label" for="record-settings">"Load saved choices (optional)"</label>
            <p class="hint">"A settings file saved here last time: which column is which and what values mean. It holds no data."</p>
            {move || settings_error.get().map(|e| view! { <p class="error-message" id="record-settings-error">{e}</p> })}
            <input type="file" id="record-settings" class="file-upload" accept=".json,application/json" on:change=load_settings/>
        </div>
        {move || progress.shown.get().map(|(_, name, p)| view! {
            <div class="progress" role="status">
                <label for="count-progress">{format!("Counting {name}: {:.0}%", p * 100.0)}</label>
                <progress id="count-progress" max="100" value=format!("{:.0}", p * 100.0)></progress>
                <button type="button" class="button button--secondary" id="cancel-count" on:click=cancel>"Cancel"</button>
            </div>
        })}
        {move || aggregate.get().map(|a| view! { <AggregateView a=a update=update/> })}
        {move || aggregate.get().map(|a| {
            let ready = a.submission().is_some() && a.errors().is_empty();
            view! {
                <h2 class="heading-m">"Use the counts"</h2>
                {(!a.is_complete()).then(|| view! {
                    <p class="warning-text"><strong class="warning-text__icon" aria-hidden="true">"!"</strong>
                    <span>{format!("{} rows could not be used. Their problems are listed above; fix them in the extract or choose what the values mean, or go on without them.", a.rows_unusable())}</span></p>
                })}
                <div class="button-group">
                    <button type="button" class="button" id="use-counts" prop:disabled=!ready on:click=use_counts>"See the results"</button>
                    <button type="button" class="button button--secondary" id="download-submission" prop:disabled=!ready on:click=download_submission>"Download submission file"</button>
                    <button type="button" class="button button--secondary" id="save-record-settings" on:click=save_settings>"Save these choices for next year"</button>
                </div>
            }
        })}
    }
}

/// What was found in the extracts: columns, values needing a choice, and problems.
#[component]
fn AggregateView(a: Arc<Aggregate>, update: UpdateChoices) -> impl IntoView {
    let reports: Vec<InputReport> = INPUTS.iter().filter_map(|i| a.input(*i).cloned()).collect();
    view! {
        {reports.into_iter().map(|r| {
            let input = r.input;
            let header = r.header.clone();
            view! {
                <section class="extract" aria-labelledby=format!("extract-{}-heading", input.key())>
                    <h2 class="heading-m" id=format!("extract-{}-heading", input.key())>{input.label()}</h2>
                    <p>{format!("{} rows read: {} counted, {} could not be used, {} left out on purpose.", r.rows_read, r.rows_used, r.rows_unusable, r.rows_excluded)}</p>
                    <div class="table-scroll">
                    <table class="table" id=format!("columns-{}", input.key())>
                        <caption class="caption-s">"Which column is which (change any that are wrong)"</caption>
                        <thead><tr><th scope="col">"What we need"</th><th scope="col">"Column in your file"</th></tr></thead>
                        <tbody>
                            {r.columns.iter().map(|c| {
                                let field = c.field;
                                let select_id = format!("map-{}-{}", input.key(), field.key());
                                let current = c.header.clone().unwrap_or_default();
                                let options = header.clone();
                                view! {
                                    <tr>
                                        <th scope="row"><label for=select_id.clone()>{field.label()}</label></th>
                                        <td>
                                            <select id=select_id class="select" on:change=move |ev| {
                                                let v = event_target_value(&ev);
                                                update.with_value(|u| u(Box::new(move |s: &mut RecordSettings| {
                                                    let m = s.mapping_mut(input);
                                                    if v.is_empty() { m.set_none(field) } else { m.set(field, &v) }
                                                })));
                                            }>
                                                <option value="" selected=current.is_empty()>"(not in this file)"</option>
                                                {options.into_iter().map(|h| {
                                                    let selected = h == current;
                                                    let label = h.clone();
                                                    view! { <option value=h selected=selected>{label}</option> }
                                                }).collect_view()}
                                            </select>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                    <EthnicityChoices r=r.clone() update=update/>
                    <OtherChoices r=r.clone() update=update/>
                    <IssueList r=r/>
                </section>
            }
        }).collect_view()}
    }
}

/// Ethnicity values that were not recognised (counted as not known until the person chooses).
#[component]
fn EthnicityChoices(r: InputReport, update: UpdateChoices) -> impl IntoView {
    let values: Vec<_> = r
        .ethnicity_values
        .iter()
        .filter(|v| v.source != ValueSource::BuiltIn)
        .cloned()
        .collect();
    let input = r.input;
    (!values.is_empty()).then(|| view! {
        <div class="table-scroll">
        <table class="table" id=format!("ethnicity-values-{}", input.key())>
            <caption class="caption-s">"Ethnicity values we did not recognise (counted as not known until you choose)"</caption>
            <thead><tr><th scope="col">"Value in your file"</th><th scope="col" class="numeric">"Rows"</th><th scope="col">"Counts as"</th></tr></thead>
            <tbody>
                {values.into_iter().enumerate().map(|(i, v)| {
                    let id = format!("ethnicity-{}-{i}", input.key());
                    let value = v.value.clone();
                    let chosen = v.ethnicity;
                    view! {
                        <tr>
                            <th scope="row"><label for=id.clone()>{format!("\"{}\"", v.value)}</label></th>
                            <td class="numeric">{v.rows}</td>
                            <td>
                                <select id=id class="select" on:change=move |ev| {
                                    let key = event_target_value(&ev);
                                    let value = value.clone();
                                    if let Some(e) = Ethnicity::all().find(|e| e.key() == key) {
                                        update.with_value(|u| u(Box::new(move |s: &mut RecordSettings| s.choose_ethnicity(&value, e))));
                                    }
                                }>
                                    {Ethnicity::all().map(|e| view! {
                                        <option value=e.key() selected=e == chosen>{e.label()}</option>
                                    }).collect_view()}
                                </select>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    })
}

/// Yes/no and workforce values that were not recognised: their rows cannot be used until the
/// person says what they mean.
#[component]
fn OtherChoices(r: InputReport, update: UpdateChoices) -> impl IntoView {
    let input = r.input;
    let yes_no: Vec<_> = r
        .yes_no_values
        .iter()
        .filter(|v| v.source != ValueSource::BuiltIn)
        .cloned()
        .collect();
    let workforce: Vec<_> = r
        .workforce_values
        .iter()
        .filter(|v| v.source != ValueSource::BuiltIn)
        .cloned()
        .collect();
    (!yes_no.is_empty() || !workforce.is_empty()).then(|| view! {
        <div class="table-scroll">
        <table class="table" id=format!("other-values-{}", input.key())>
            <caption class="caption-s">"Other values we did not recognise (their rows are not counted until you choose)"</caption>
            <thead><tr><th scope="col">"Value in your file"</th><th scope="col" class="numeric">"Rows"</th><th scope="col">"Means"</th></tr></thead>
            <tbody>
                {yes_no.into_iter().enumerate().map(|(i, v)| {
                    let id = format!("yesno-{}-{i}", input.key());
                    let value = v.value.clone();
                    view! {
                        <tr>
                            <th scope="row"><label for=id.clone()>{format!("\"{}\" ({})", v.value, v.field.label())}</label></th>
                            <td class="numeric">{v.rows}</td>
                            <td>
                                <select id=id class="select" on:change=move |ev| {
                                    let choice = event_target_value(&ev);
                                    let value = value.clone();
                                    if !choice.is_empty() {
                                        update.with_value(|u| u(Box::new(move |s: &mut RecordSettings| s.choose_yes_no(&value, choice == "yes"))));
                                    }
                                }>
                                    <option value="" selected=v.meaning.is_none()>"Choose"</option>
                                    <option value="yes" selected=v.meaning == Some(true)>"Yes"</option>
                                    <option value="no" selected=v.meaning == Some(false)>"No"</option>
                                </select>
                            </td>
                        </tr>
                    }
                }).collect_view()}
                {workforce.into_iter().enumerate().map(|(i, v)| {
                    let id = format!("workforce-{}-{i}", input.key());
                    let value = v.value.clone();
                    let choices = [WorkforceChoice::Adults, WorkforceChoice::Children, WorkforceChoice::Exclude];
                    view! {
                        <tr>
                            <th scope="row"><label for=id.clone()>{format!("\"{}\" (workforce)", v.value)}</label></th>
                            <td class="numeric">{v.rows}</td>
                            <td>
                                <select id=id class="select" on:change=move |ev| {
                                    let key = event_target_value(&ev);
                                    let value = value.clone();
                                    if let Some(c) = choices.into_iter().find(|c| c.label() == key) {
                                        update.with_value(|u| u(Box::new(move |s: &mut RecordSettings| s.choose_workforce(&value, c))));
                                    }
                                }>
                                    <option value="" selected=v.meaning.is_none()>"Choose"</option>
                                    {choices.into_iter().map(|c| view! {
                                        <option value=c.label() selected=v.meaning == Some(c)>{c.label()}</option>
                                    }).collect_view()}
                                </select>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    })
}

/// Problems with rows and the file, each with its place.
#[component]
fn IssueList(r: InputReport) -> impl IntoView {
    let errors = r
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .count();
    (!r.issues.is_empty()).then(|| view! {
        <details class="details" open={errors > 0}>
            <summary>{format!(
                "{} {} in {}",
                r.issues.len(),
                if r.issues.len() == 1 { "problem or caution" } else { "problems and cautions" },
                r.input.label().to_lowercase(),
            )}</summary>
            <ul class="list" id=format!("issues-{}", r.input.key())>
                {r.issues.iter().take(200).map(|i| {
                    let text = match i.location() {
                        Some(loc) => format!("{}: {}", crate::format::capitalised(&loc), i.message),
                        None => i.message.clone(),
                    };
                    view! { <li>{text}</li> }
                }).collect_view()}
                {r.issues_not_listed.iter().map(|t| view! { <li>{t.describe()}</li> }).collect_view()}
            </ul>
        </details>
    })
}
