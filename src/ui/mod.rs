//! The web interface: Leptos components that turn engine results into views.
//! Components receive results; they never parse, count or compute. Nothing here sends data
//! anywhere, writes to browser storage or puts data in the URL.
//!
//! - Here, the shell: what every page shares ([`AppState`], a checked file: [`Loaded`]), which
//!   page shows ([`Page`]), and the header, notices and footer around it ([`App`]).
//! - `pages`: what the shell shows in its `<main>`, one page at a time.
//! - `components`: parts of pages: the error summary, the settings, the summary table, a
//!   chart, choosing a file (and a workbook's sheet), the back link.
//! - `browser`: the page's dealings with the browser beyond its views: reading files on the
//!   device, saving downloads, living in another site's page, the ECharts binding, the Web
//!   Workers that count large extracts (and their script), and the warm-up.

mod browser;
mod components;
pub mod host;
mod pages;

use std::sync::Arc;

use leptos::prelude::*;

use self::browser::embed;
use self::components::back_link::BackLink;
use self::components::chosen_file::PendingWorkbook;
use self::components::on_demand::OnDemand;
use self::host::OnDemandPage;
use self::pages::{accessibility, calculator, method};
use crate::compare::{in_year_order, parse_year, trend, year_in_name, MetricTrend, Year};
use crate::diag::Severity;
use crate::results::{compute, ParityRange, RangeError, Results, Scope, Settings};
use crate::submission::{parse, parse_sheet, Parsed};

/// A file the user chose (or the built-in example), checked.
#[derive(Clone)]
pub struct Loaded {
    pub name: String,
    pub parsed: Arc<Parsed>,
}

impl Loaded {
    pub fn from_bytes(name: String, bytes: &[u8]) -> Self {
        Loaded {
            name,
            parsed: Arc::new(parse(bytes)),
        }
    }

    /// One sheet of a workbook the user chose a sheet of.
    pub fn from_sheet(pending: &PendingWorkbook, sheet: &str) -> Self {
        Loaded {
            name: pending.label(sheet),
            parsed: Arc::new(parse_sheet(&pending.bytes, Some(sheet))),
        }
    }

    pub fn has_errors(&self) -> bool {
        self.parsed
            .messages
            .iter()
            .any(|m| m.severity == Severity::Error)
    }
}

/// An earlier year's file, with the year the user gave it (taken from its name at first).
#[derive(Clone)]
pub struct Earlier {
    /// Tells the files apart while their years are edited.
    pub key: u32,
    pub year: String,
    pub loaded: Loaded,
}

/// Which page is showing. Not in the URL: the page never navigates.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Calculator,
    Method,
    Accessibility,
    /// Counting record-level HR extracts into a submission.
    Records,
    /// Typing the counts into a grid.
    Manual,
    /// Several councils compared (for facilitators).
    Councils,
}

/// Everything the page knows, shared through context.
#[derive(Clone, Copy)]
pub struct AppState {
    pub page: RwSignal<Page>,
    pub current: RwSignal<Option<Loaded>>,
    /// The year of the current file, as typed (from its name at first).
    pub this_year: RwSignal<String>,
    /// Earlier years' files, in the order they were added.
    pub earlier: RwSignal<Vec<Earlier>>,
    /// More earlier files were chosen than the page compares.
    pub too_many_earlier: RwSignal<bool>,
    pub band_low: RwSignal<String>,
    pub band_high: RwSignal<String>,
    pub nhs: RwSignal<bool>,
    /// Presentation-safe mode: counts from 1 to 9 shown as "<10".
    pub safe: RwSignal<bool>,
    pub scope: RwSignal<Option<Scope>>,
    pub la_name: RwSignal<String>,
    /// Presentation mode (large type, one metric at a time, small counts hidden).
    pub presenting: RwSignal<bool>,
    /// Embedded in another site's page (`?embed=1`): no site header or footer.
    pub embedded: bool,
    /// A service worker has a newer version of the calculator ready.
    pub update_ready: RwSignal<bool>,
    /// The band as typed, checked.
    /// Whether the page is narrow (a phone, a 320 px column): charts lay themselves out for
    /// it. Follows the window's width.
    pub narrow: RwSignal<bool>,
    pub band: Memo<Result<ParityRange, String>>,
    pub results: Memo<Option<Arc<Results>>>,
    /// Each metric across the years, when earlier files are loaded.
    pub changes: Memo<Option<Arc<Vec<MetricTrend>>>>,
}

impl AppState {
    fn new() -> Self {
        let band_low = RwSignal::new("0.80".to_owned());
        let band_high = RwSignal::new("1.25".to_owned());
        let nhs = RwSignal::new(false);
        let current: RwSignal<Option<Loaded>> = RwSignal::new(None);
        let earlier: RwSignal<Vec<Earlier>> = RwSignal::new(Vec::new());
        let this_year = RwSignal::new(String::new());
        // A new file brings its own year, when its name has one.
        Effect::new(move |_| {
            let year = current.with(|c| c.as_ref().and_then(|l| year_in_name(&l.name)));
            this_year.set(year.map(|y| y.to_string()).unwrap_or_default());
        });
        let band = Memo::new(move |_| {
            ParityRange::from_text(&band_low.get(), &band_high.get()).map_err(|e| match e {
                RangeError::NotANumber(_) => {
                    "Enter both ends of the band as numbers, such as 0.80 and 1.25.".to_owned()
                }
                RangeError::Invalid(reason) => reason,
            })
        });
        let settings = move || Settings {
            band: band.get().unwrap_or_default(),
            nhs_orientation: nhs.get(),
        };
        let safe = RwSignal::new(false);
        let presenting = RwSignal::new(false);
        // With the presentation-safe setting on, every view (tables, charts, slides, the
        // years, the downloads) is made from results with small counts hidden.
        let publish = move |r: Results| {
            if safe.get() || presenting.get() {
                crate::disclosure::redact(&r)
            } else {
                r
            }
        };
        let results = Memo::new(move |_| {
            let loaded = current.get()?;
            let submission = loaded.parsed.submission.as_ref()?;
            Some(Arc::new(publish(compute(submission, &settings()))))
        });
        let changes = Memo::new(move |_| {
            let now = results.get()?;
            let settings = settings();
            let before: Vec<(Option<u16>, Results)> = earlier.with(|list| {
                list.iter()
                    .filter_map(|e| {
                        let s = e.loaded.parsed.submission.as_ref()?;
                        Some((parse_year(&e.year), publish(compute(s, &settings))))
                    })
                    .collect()
            });
            if before.is_empty() {
                return None;
            }
            let mut years: Vec<Year> = before
                .iter()
                .map(|(year, results)| Year {
                    year: *year,
                    results,
                })
                .collect();
            years.push(Year {
                year: parse_year(&this_year.get()),
                results: &now,
            });
            // In year order when every file has a year; else in the order they were added.
            in_year_order(&mut years);
            Some(Arc::new(trend(&years)))
        });
        AppState {
            page: RwSignal::new(Page::Calculator),
            current,
            this_year,
            earlier,
            too_many_earlier: RwSignal::new(false),
            band_low,
            band_high,
            nhs,
            safe,
            scope: RwSignal::new(None),
            la_name: RwSignal::new(String::new()),
            presenting,
            embedded: embed::requested(),
            update_ready: RwSignal::new(false),
            narrow: RwSignal::new(is_narrow()),
            band,
            results,
            changes,
        }
    }
}

/// Below this width (CSS pixels) the page is narrow: charts are laid out for it.
const NARROW_PX: f64 = 640.0;

fn is_narrow() -> bool {
    window()
        .inner_width()
        .ok()
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w < NARROW_PX)
}

/// Keeps `narrow` as the window's width says ([`is_narrow`]), for as long as the owner lives.
fn follow_width(narrow: RwSignal<bool>) {
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        let now = is_narrow();
        if narrow.get_untracked() != now {
            narrow.set(now);
        }
    });
    on_cleanup(move || resize.remove());
}

/// The whole calculator page: header, the current page, footer.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    provide_context(pages::plan::PlanState::new());
    if state.embedded {
        embed::report_height_to_parent();
    }
    // The hosted copy's service worker says when a new version is ready (see
    // scripts/single-file.mjs); the page only shows a notice.
    // The event can come before the page is mounted: the flag says so too.
    if js_sys::Reflect::get(&window(), &"scwresUpdateReady".into()).is_ok_and(|v| v.is_truthy()) {
        state.update_ready.set(true);
    }
    let update =
        window_event_listener_untyped("scwres-update-ready", move |_| state.update_ready.set(true));
    on_cleanup(move || update.remove());
    follow_width(state.narrow);
    // Compile the results page's code while the user reads the start page (see browser/warm.rs).
    browser::warm::schedule(state);

    // The document title says when there is a problem, as GOV.UK services do.
    Effect::new(move |_| {
        let title = match (state.page.get(), state.current.get()) {
            (Page::Method, _) => "How we calculate this – SC-WRES calculator".to_owned(),
            (Page::Accessibility, _) => "Accessibility statement – SC-WRES calculator".to_owned(),
            (Page::Records, _) => "Count from your HR extracts – SC-WRES calculator".to_owned(),
            (Page::Manual, _) => "Enter your counts – SC-WRES calculator".to_owned(),
            (Page::Councils, _) => "Compare councils – SC-WRES calculator".to_owned(),
            (_, Some(l)) if l.has_errors() => {
                "Error: check your file – SC-WRES calculator".to_owned()
            }
            (_, Some(_)) => "Results – SC-WRES calculator".to_owned(),
            _ => "SC-WRES calculator".to_owned(),
        };
        document().set_title(&title);
    });

    let nav = move |page: Page| {
        move |ev: leptos::ev::MouseEvent| {
            ev.prevent_default();
            state.page.set(page);
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
    };

    view! {
        <a href="#main-content" class="skip-link" on:click=move |ev: leptos::ev::MouseEvent| {
            ev.prevent_default();
            focus_by_id("main-content");
        }>"Skip to main content"</a>
        <Show when=move || !state.embedded>
            <header class="site-header">
                <div class="width-container">
                    <a href="#" class="site-name" on:click=nav(Page::Calculator)>"SC-WRES calculator"</a>
                    <span class="site-tag">"Social Care Workforce Race Equality Standard"</span>
                </div>
            </header>
        </Show>
        <Show when=move || state.update_ready.get()>
            <div class="width-container">
                <div class="notification" role="status">
                    <p>"A new version of this calculator is ready. Reload the page to use it (your file is not kept, so choose it again)."</p>
                </div>
            </div>
        </Show>
        <div class="width-container print-only print-header">
            <p>
                {move || {
                    let name = state.la_name.get();
                    if name.trim().is_empty() { "SC-WRES results".to_owned() } else { format!("SC-WRES results: {}", name.trim()) }
                }}
                " – printed " {today()}
            </p>
        </div>
        <main id="main-content" class="width-container" tabindex="-1">
            {move || match state.page.get() {
                Page::Calculator => view! { <calculator::Calculator/> }.into_any(),
                Page::Method => view! { <method::MethodPage/> }.into_any(),
                Page::Accessibility => view! { <accessibility::AccessibilityPage/> }.into_any(),
                Page::Records => view! { <BackLink/><OnDemand page=OnDemandPage::Records/> }.into_any(),
                Page::Manual => view! { <BackLink/><OnDemand page=OnDemandPage::Manual/> }.into_any(),
                Page::Councils => view! { <OnDemand page=OnDemandPage::Councils/> }.into_any(),
            }}
        </main>
        <footer class="site-footer" class:site-footer--embedded=state.embedded>
            <div class="width-container">
                <ul class="footer-links">
                    <li><a href="#" on:click=nav(Page::Method)>"How we calculate this"</a></li>
                    <li><a href="#" on:click=nav(Page::Accessibility)>"Accessibility statement"</a></li>
                    {embed::offline_copy_available().then(|| view! {
                        <li><a href="#" id="save-offline-copy" on:click=move |ev: leptos::ev::MouseEvent| {
                            ev.prevent_default();
                            embed::save_offline_copy();
                        }>"Download this calculator for offline use"</a></li>
                    })}
                </ul>
                <p>"This page works entirely on your device. It makes no network requests and stores nothing."</p>
            </div>
        </footer>
    }
}

/// Moves keyboard focus to an element (which must be focusable, e.g. tabindex="-1").
pub fn focus_by_id(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = document().get_element_by_id(id) {
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
            el.scroll_into_view();
        }
    }
}

/// Today's date as "22 November 2026", from the device clock.
fn today() -> String {
    let d = js_sys::Date::new_0();
    crate::format::date(d.get_date(), d.get_month() + 1, d.get_full_year() as i64)
}
