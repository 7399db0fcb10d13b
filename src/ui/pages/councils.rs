//! Several councils side by side, for a community-of-practice session: many submission files
//! chosen or dropped at once, each checked as one file is; the files with errors listed with
//! their problems and left out; the pooled figures; a funnel plot for each metric with its
//! words and table; M1 across councils; slides; exports. The engine (`crate::councils`,
//! `crate::charts::councils`) does all the work; this only shows it.

use std::sync::Arc;

use leptos::prelude::*;

use crate::charts::councils::{funnel_plot, funnel_words, m1_councils};
use crate::councils::export::{self, Naming};
use crate::councils::tables::{self, TextTable};
use crate::councils::{funnel, Adjustment, Comparison, Target};
use crate::diag::Severity;
use crate::format;
use crate::metrics::MetricId;
use crate::results::Scope;
use crate::submission::MAX_FILE_BYTES;
use crate::ui::browser::download;
use crate::ui::browser::echarts::prefers_reduced_motion;
use crate::ui::browser::files::file_piece;
use crate::ui::components::chart::{chart_memo, Chart};
use crate::ui::components::chosen_file::ACCEPT;
use crate::ui::focus_by_id;
use crate::ui::host::Host;

/// The funnel plots' height, in pixels.
const FUNNEL_HEIGHT: u32 = 440;

/// A file chosen: its name, its bytes (at most a submission file's limit and one byte) and
/// its whole size.
type ChosenFile = (String, Arc<[u8]>, usize);

/// What the page holds: the files chosen (names and bytes, in order) and their comparison.
#[derive(Clone, Copy)]
struct Chosen {
    /// Each file's name, its bytes (at most a submission file's limit and one byte) and its
    /// whole size.
    files: RwSignal<Vec<ChosenFile>>,
    cmp: Memo<Option<Arc<Comparison>>>,
    names: RwSignal<bool>,
    target: RwSignal<Target>,
    scope: RwSignal<Option<Scope>>,
    presenting: RwSignal<bool>,
    reading: RwSignal<usize>,
}

/// Reads the files chosen (at most a submission file's limit and one byte of each, so that a
/// file far too large is reported as such without being read whole) and adds them to the
/// list.
fn add_files(list: web_sys::FileList, chosen: Chosen) {
    let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
    if files.is_empty() {
        return;
    }
    chosen.reading.set(files.len());
    leptos::task::spawn_local(async move {
        // Every read is started first, then each awaited in turn: the browser reads them
        // together.
        let pieces: Vec<_> = files
            .iter()
            .map(|file| {
                let end = file.size().min((MAX_FILE_BYTES + 1) as f64);
                (
                    file.name(),
                    file.size() as usize,
                    file_piece(file, 0.0, end),
                )
            })
            .collect();
        let mut read = Vec::with_capacity(pieces.len());
        for (name, size, piece) in pieces {
            let bytes = match piece {
                Ok(piece) => match piece.await {
                    Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
                    Err(_) => Vec::new(),
                },
                Err(_) => Vec::new(),
            };
            read.push((name, Arc::<[u8]>::from(bytes), size));
        }
        chosen.files.update(|f| f.extend(read));
        chosen.reading.set(0);
        focus_by_id("councils-status");
    });
}

/// Whether the `<details>` a toggle event came from is open.
fn is_open(ev: &leptos::ev::Event) -> bool {
    ev.target()
        .and_then(|t| js_sys::Reflect::get(&t, &"open".into()).ok())
        .is_some_and(|v| v.is_truthy())
}

#[component]
pub fn CouncilsPage() -> impl IntoView {
    let host = expect_context::<Host>();
    let files: RwSignal<Vec<ChosenFile>> = RwSignal::new(Vec::new());
    let cmp = Memo::new(move |_| {
        files.with(|f| {
            (!f.is_empty()).then(|| {
                Arc::new(Comparison::from_sized(
                    f.iter().map(|(n, b, size)| (n.as_str(), &b[..], *size)),
                ))
            })
        })
    });
    let chosen = Chosen {
        files,
        cmp,
        names: RwSignal::new(false),
        target: RwSignal::new(Target::Pooled),
        scope: RwSignal::new(None),
        presenting: RwSignal::new(false),
        reading: RwSignal::new(0),
    };
    let dragging = RwSignal::new(false);
    let on_change = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(list) = input.files() {
            add_files(list, chosen);
        }
        input.set_value("");
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(list) = ev.data_transfer().and_then(|d| d.files()) {
            add_files(list, chosen);
        }
    };
    let status = move || {
        let reading = chosen.reading.get();
        if reading > 0 {
            return format!("Reading {reading} files…");
        }
        match cmp.get() {
            None => String::new(),
            Some(c) => format!(
                "{} files chosen: {} councils compared, {} left out.",
                files.with(Vec::len),
                c.councils.len(),
                c.left_out.len()
            ),
        }
    };
    view! {
        <h1 class="heading-xl" class:visually-hidden=move || chosen.presenting.get()>"Compare councils"</h1>
        <div hidden=move || chosen.presenting.get()>
            <p class="lead">"Put several councils' SC-WRES figures side by side: each council's figure against its precision in a funnel plot, and the figures pooled across councils, so that a small council with a striking figure is seen to sit inside the funnel. For facilitators, with the councils' consent: their submission files hold counts only, and they stay on this device."</p>
            <div
                class="drop-zone"
                class:drop-zone--active=move || dragging.get()
                on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <label class="label" for="councils-upload">"Choose the councils' submission files"</label>
                <p class="hint" id="councils-upload-hint">"Choose many files at once (up to the whole programme's 150), or drag them onto this box. Each is checked as it would be on its own; a file with errors is listed and left out. Files you add later join the ones already chosen."</p>
                <input type="file" id="councils-upload" class="file-upload" accept=ACCEPT multiple=true
                    aria-describedby="councils-upload-hint" on:change=on_change/>
            </div>
            <p id="councils-status" role="status" class="hint" tabindex="-1">{status}</p>
            <button type="button" class="button button--secondary" id="councils-clear" hidden=move || files.with(Vec::is_empty)
                on:click=move |_| { files.set(Vec::new()); chosen.scope.set(None); }>"Remove every file"</button>
        </div>
        {move || cmp.get().map(|c| view! { <ComparisonView cmp=c chosen=chosen/> })}
        <p hidden=move || chosen.presenting.get()><a href="#" id="councils-back" on:click=move |ev: leptos::ev::MouseEvent| {
                ev.prevent_default();
                host.back();
            }>"Back to one council's figures"</a></p>
    }
}

#[component]
fn ComparisonView(cmp: Arc<Comparison>, chosen: Chosen) -> impl IntoView {
    let scope = Memo::new(move |_| {
        chosen.scope.get().or_else(|| {
            chosen
                .cmp
                .with(|c| c.as_ref().and_then(|c| c.workforces().first().copied()))
        })
    });
    let for_slides = cmp.clone();
    view! {
        {move || if chosen.presenting.get() {
            view! { <Slides cmp=for_slides.clone() chosen=chosen scope=scope/> }.into_any()
        } else {
            view! { <Body cmp=cmp.clone() chosen=chosen scope=scope/> }.into_any()
        }}
    }
}

/// A list of sentences.
#[component]
fn TextList(items: Vec<String>, #[prop(optional)] id: Option<String>) -> impl IntoView {
    view! {
        <ul class="list" id=id>{items.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
    }
}

/// A table of text the engine made (`crate::councils::tables`), scrolling sideways on a narrow
/// screen; the first cell of each row heads it.
#[component]
fn DataTable(table: TextTable) -> impl IntoView {
    let numeric = table.numeric.clone();
    let class = move |i: usize| {
        if numeric.get(i).copied().unwrap_or(false) {
            "numeric"
        } else {
            ""
        }
    };
    let class_cells = class.clone();
    view! {
        <div class="table-scroll">
            <table class="table">
                <caption class="visually-hidden">{table.caption}</caption>
                <thead><tr>{table.headers.into_iter().enumerate().map(|(i, h)| view! { <th scope="col" class=class(i)>{h}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {table.rows.into_iter().map(|row| {
                        let class = class_cells.clone();
                        let mut cells = row.into_iter().enumerate();
                        let head = cells.next().map(|(_, c)| c).unwrap_or_default();
                        view! {
                            <tr><th scope="row">{head}</th>{cells.map(|(i, c)| view! { <td class=class(i)>{c}</td> }).collect_view()}</tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// Radio buttons in a row: `options` are (id, label); `picked` says which is chosen.
#[component]
fn Radios(
    name: String,
    legend: &'static str,
    options: Vec<(String, String)>,
    picked: Signal<usize>,
    on_pick: Callback<usize>,
) -> impl IntoView {
    view! {
        <div class="form-group">
            <fieldset class="fieldset">
                <legend class="label">{legend}</legend>
                <div class="radios radios--inline">
                    {options.into_iter().enumerate().map(|(i, (id, label))| {
                        view! {
                            <div class="radio">
                                <input type="radio" name=name.clone() id=id.clone()
                                    prop:checked=move || picked.get() == i
                                    on:change=move |_| on_pick.run(i)/>
                                <label for=id>{label}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

const TARGETS: [(Target, &str, &str); 3] = [
    (Target::Pooled, "pooled", "The councils' pooled figure"),
    (Target::One, "one", "1 (equally likely)"),
    (Target::National, "national", "The national figure"),
];

const ADJUSTMENTS: [(Adjustment, &str); 3] = [
    (Adjustment::None, "No adjustment"),
    (Adjustment::Multiplicative, "Multiplicative factor"),
    (Adjustment::Additive, "Additive random effect"),
];

#[component]
fn Body(cmp: Arc<Comparison>, chosen: Chosen, scope: Memo<Option<Scope>>) -> impl IntoView {
    let host = expect_context::<Host>();
    let workforces = cmp.workforces();
    let errors: Vec<String> = cmp
        .errors()
        .map(|m| format!("{}: {}", m.file, m.message.located_text()))
        .collect();
    let bad_files = cmp
        .errors()
        .map(|e| e.file.as_str())
        .collect::<std::collections::HashSet<_>>()
        .len();
    let problems = (!errors.is_empty()).then(|| view! {
        <div class="error-summary" id="councils-problems" role="region" aria-labelledby="councils-problems-title" tabindex="-1">
            <h2 class="error-summary__title" id="councils-problems-title">{match bad_files {
                1 => "1 file has a problem and is left out".to_owned(),
                n => format!("{n} files have problems and are left out"),
            }}</h2>
            <TextList items=errors/>
        </div>
    });
    let warnings: Vec<String> = cmp
        .messages
        .iter()
        .filter(|m| m.message.severity == Severity::Warning)
        .map(|m| format!("{}: {}", m.file, m.message.located_text()))
        .collect();
    let repeats: Vec<String> = cmp
        .messages
        .iter()
        .filter(|m| {
            matches!(
                m.message.code,
                crate::diag::Code::SameFile | crate::diag::Code::SameCouncilName
            )
        })
        .map(|m| format!("{}: {}", m.file, m.message.message))
        .collect();
    if cmp.councils.is_empty() {
        return view! { {problems} <p class="hint">"No file can be compared yet."</p> }.into_any();
    }
    let save = {
        let cmp = cmp.clone();
        move |json: bool| {
            let names = chosen.names.get_untracked();
            let naming = Naming {
                names,
                files: names,
            };
            let (file, mime, text) = if json {
                (
                    "sc-wres-councils.json",
                    "application/json",
                    export::to_json(&cmp, naming),
                )
            } else {
                (
                    "sc-wres-councils.csv",
                    "text/csv",
                    export::to_csv(&cmp, naming),
                )
            };
            download::save_text(file, mime, &text);
        }
    };
    let save_csv = save.clone();
    let cmp_for_sets = cmp.clone();
    let cmp_for_pooled = cmp.clone();
    let cmp_for_m1 = cmp.clone();
    let cmp_for_names = cmp.clone();
    let scope_options: Vec<(String, String)> = workforces
        .iter()
        .map(|s| (format!("councils-scope-{}", s.key()), s.label().to_owned()))
        .collect();
    let scope_picked = Signal::derive(move || {
        let now = scope.get();
        workforces.iter().position(|s| Some(*s) == now).unwrap_or(0)
    });
    let all_workforces = cmp.workforces();
    let on_scope = Callback::new(move |i: usize| chosen.scope.set(all_workforces.get(i).copied()));
    let target_options: Vec<(String, String)> = TARGETS
        .iter()
        .map(|(_, id, label)| (format!("councils-target-{id}"), (*label).to_owned()))
        .collect();
    let target_picked = Signal::derive(move || {
        let t = chosen.target.get();
        TARGETS.iter().position(|(x, _, _)| *x == t).unwrap_or(0)
    });
    let on_target = Callback::new(move |i: usize| chosen.target.set(TARGETS[i].0));
    view! {
        <div>
            {problems}
            {(!repeats.is_empty()).then(|| view! {
                <div class="warning-text" id="councils-repeats" role="note"><TextList items=repeats/></div>
            })}
            <h2 class="heading-l">"Councils compared"</h2>
            <div class="form-group">
                <div class="checkboxes">
                    <div class="checkbox">
                        <input type="checkbox" id="councils-names" prop:checked=move || chosen.names.get()
                            on:change=move |ev| chosen.names.set(event_target_checked(&ev))/>
                        <label for="councils-names">"Show councils' names from their files (otherwise \"Council A\", \"Council B\" …)"</label>
                    </div>
                    <div class="checkbox">
                        <input type="checkbox" id="councils-safe" prop:checked=move || host.safe.get()
                            on:change=move |ev| host.safe.set(event_target_checked(&ev))/>
                        <label for="councils-safe">"Presentation-safe mode: show counts under 10 as \"<10\""</label>
                    </div>
                </div>
            </div>
            <details class="details" id="councils-list">
                <summary>{format!("The {} councils and their files", cmp.councils.len())}</summary>
                {move || view! { <DataTable table=tables::councils(&cmp_for_names, chosen.names.get())/> }}
            </details>
            {(!warnings.is_empty()).then(|| view! {
                <details class="details">
                    <summary>{format!("All {} cautions about the files", warnings.len())}</summary>
                    <TextList items=warnings/>
                </details>
            })}
            <Radios name="councils-scope".to_owned() legend="Workforce" options=scope_options picked=scope_picked on_pick=on_scope/>
            <Radios name="councils-target".to_owned() legend="Centre the funnels on" options=target_options picked=target_picked on_pick=on_target/>
            <div class="button-group no-print">
                <button type="button" class="button" id="councils-present" on:click=move |_| chosen.presenting.set(true)>"Present the comparison"</button>
                <button type="button" class="button button--secondary" id="councils-csv" on:click=move |_| save_csv(false)>"Download the comparison (CSV)"</button>
                <button type="button" class="button button--secondary" id="councils-json" on:click=move |_| save(true)>"Download the comparison (JSON)"</button>
            </div>
            {move || scope.get().map(|s| view! {
                <h2 class="heading-l" id="pooled-heading">"Pooled figures"</h2>
                <p>"Each metric's relative likelihood pooled across the councils (Mantel–Haenszel), with its 95% confidence interval, and how much the councils differ from one another (Cochran's Q and I²: the share of the variation between councils beyond what chance would give), beside the published national figure."</p>
                <DataTable table=tables::pooled(&cmp_for_pooled, s)/>
            })}
            {move || scope.get().map(|s| {
                let cmp = cmp_for_sets.clone();
                cmp.sets.iter().filter(|set| set.workforce == s).map(|set| {
                    view! { <FunnelSection cmp=cmp.clone() metric=set.metric scope=s chosen=chosen/> }
                }).collect_view()
            })}
            {move || scope.get().map(|s| view! { <M1Section cmp=cmp_for_m1.clone() scope=s chosen=chosen/> })}
        </div>
    }
    .into_any()
}

#[component]
fn FunnelSection(
    cmp: Arc<Comparison>,
    metric: MetricId,
    scope: Scope,
    chosen: Chosen,
    /// On a slide: the labels whatever is chosen, no table, no adjustment, the pooled figure
    /// in words first.
    #[prop(optional)]
    slide: bool,
) -> impl IntoView {
    let host = expect_context::<Host>();
    let adjustment = RwSignal::new(Adjustment::None);
    let key = format!(
        "{}{}-{}",
        if slide { "slide-" } else { "" },
        scope.key(),
        metric.as_str().to_ascii_lowercase()
    );
    let reduced = prefers_reduced_motion();
    let view_memo = {
        let cmp = cmp.clone();
        Memo::new(move |_| {
            let set = cmp.set(scope, metric)?;
            Some(funnel::view(set, chosen.target.get(), adjustment.get()))
        })
    };
    let spec = {
        let cmp = cmp.clone();
        chart_memo(move || {
            let set = cmp.set(scope, metric)?;
            let names = chosen.names.get() && !slide;
            let narrow = host.narrow.get();
            view_memo.with(|v| {
                v.as_ref()
                    .and_then(|v| funnel_plot(&cmp, set, v, names, reduced, narrow))
            })
        })
    };
    let words = {
        let cmp = cmp.clone();
        move || {
            let set = cmp.set(scope, metric)?;
            let names = chosen.names.get() && !slide;
            let mut words = Vec::new();
            if slide {
                words.push(match set.pooled.relative_likelihood {
                    Some(rl) => format!(
                        "Pooled across councils: {}{}{}.",
                        format::ratio(rl),
                        set.pooled.ci95.map_or(String::new(), |c| format!(
                            " (95% confidence interval {})",
                            format::interval(c[0], c[1])
                        )),
                        set.pooled
                            .i2
                            .map_or(String::new(), |i| format!("; I² {:.0}%", i * 100.0))
                    ),
                    None => "There is no pooled figure.".to_owned(),
                });
            }
            view_memo.with(|v| {
                if let Some(v) = v {
                    words.extend(funnel_words(&cmp, set, v, names));
                }
            });
            Some(words)
        }
    };
    let offer =
        move || !slide && view_memo.with(|v| v.as_ref().is_some_and(|v| v.offer_adjustment()));
    // The table is made when it is first opened: 150 councils' rows for every metric would
    // otherwise be built before anyone asks for them.
    let table_open = RwSignal::new(false);
    let table = move || {
        if !table_open.get() {
            return None;
        }
        let set = cmp.set(scope, metric)?;
        let names = chosen.names.get();
        let safe = host.safe.get();
        view_memo.with(|v| {
            v.as_ref()
                .map(|v| tables::funnel(&cmp, set, v, names, safe))
        })
    };
    let title = format!("{} {}", metric, metric.def().title);
    let heading_id = format!("funnel-{key}-heading");
    let labelled_by = heading_id.clone();
    let adjust_options: Vec<(String, String)> = ADJUSTMENTS
        .iter()
        .map(|(a, label)| (format!("adjust-{key}-{}", a.key()), (*label).to_owned()))
        .collect();
    let adjust_picked = Signal::derive(move || {
        let a = adjustment.get();
        ADJUSTMENTS.iter().position(|(x, _)| *x == a).unwrap_or(0)
    });
    let on_adjust = Callback::new(move |i: usize| adjustment.set(ADJUSTMENTS[i].0));
    let words_id = format!("funnel-words-{key}");
    let section_id = format!("funnel-{key}");
    let chart_id = if slide {
        "chart-councils-slide".to_owned()
    } else {
        format!("chart-funnel-{key}")
    };
    let png_name = format!("sc-wres-funnel-{key}");
    let adjust_name = format!("adjust-{key}");
    view! {
        <section class="metric-section" aria-labelledby=labelled_by id=section_id>
            <h2 class=if slide { "presentation__title" } else { "heading-l" } id=heading_id>{title}</h2>
            <Chart id=chart_id spec=spec height=FUNNEL_HEIGHT file_name=png_name/>
            {move || view! { <TextList items=words().unwrap_or_default() id=words_id.clone()/> }}
            {move || (offer() || adjustment.get() != Adjustment::None).then(|| view! {
                <Radios name=adjust_name.clone() legend="Adjust the limits for over-dispersion" options=adjust_options.clone() picked=adjust_picked on_pick=on_adjust/>
            })}
            <details class="details" hidden=slide on:toggle=move |ev| table_open.set(is_open(&ev))>
                <summary>{format!("Table: each council's {metric}")}</summary>
                {move || table().map(|t| view! { <DataTable table=t/> })}
            </details>
        </section>
    }
}

#[component]
fn M1Section(
    cmp: Arc<Comparison>,
    scope: Scope,
    chosen: Chosen,
    /// On a slide: the labels whatever is chosen, counts under 10 and what they went into
    /// hidden, no table.
    #[prop(optional)]
    slide: bool,
) -> impl IntoView {
    let host = expect_context::<Host>();
    let reduced = prefers_reduced_motion();
    let key = format!("{}{}", if slide { "slide-" } else { "" }, scope.key());
    let names = move || chosen.names.get() && !slide;
    let published = move || slide || host.safe.get();
    let spec = {
        let cmp = cmp.clone();
        chart_memo(move || {
            m1_councils(
                &cmp,
                scope,
                names(),
                published(),
                reduced,
                host.narrow.get(),
            )
        })
    };
    let table_open = RwSignal::new(false);
    let heading_id = format!("councils-m1-{key}-heading");
    let labelled_by = heading_id.clone();
    view! {
        <section class="metric-section" aria-labelledby=labelled_by id=format!("councils-m1-{key}")>
            <h2 class="heading-l" id=heading_id>"M1 Representation across pay bands"</h2>
            <Chart id=format!("chart-m1-{key}") spec=spec height=FUNNEL_HEIGHT file_name=format!("sc-wres-m1-councils-{}", scope.key())/>
            {(!slide).then(|| view! {
                <details class="details" on:toggle=move |ev| table_open.set(is_open(&ev))>
                    <summary>"Table: each council's pay bands"</summary>
                    {move || table_open.get().then(|| view! { <DataTable table=tables::m1(&cmp, scope, names(), published())/> })}
                </details>
            })}
        </section>
    }
}

/// The comparison presented: one metric a slide (its funnel, the pooled figure and who is
/// outside the limits), always with the anonymous labels and no counts. Arrow keys move;
/// Escape leaves.
#[component]
fn Slides(cmp: Arc<Comparison>, chosen: Chosen, scope: Memo<Option<Scope>>) -> impl IntoView {
    let slide = RwSignal::new(0usize);
    // M1 first, when the councils' files have it, then each metric with a funnel.
    let has_m1 = cmp
        .m1
        .iter()
        .any(|m| Some(m.workforce) == scope.get_untracked());
    let metrics: Vec<MetricId> = has_m1
        .then_some(MetricId::M1)
        .into_iter()
        .chain(
            cmp.sets
                .iter()
                .filter(|s| Some(s.workforce) == scope.get_untracked())
                .map(|s| s.metric),
        )
        .collect();
    let count = metrics.len().max(1);
    let go = move |delta: isize| {
        slide.update(|s| *s = (*s as isize + delta).clamp(0, count as isize - 1) as usize);
    };
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if !chosen.presenting.get_untracked() {
            return;
        }
        match ev.key().as_str() {
            "ArrowRight" | "PageDown" => go(1),
            "ArrowLeft" | "PageUp" => go(-1),
            "Escape" => chosen.presenting.set(false),
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());
    Effect::new(move |_| {
        if chosen.presenting.get() {
            focus_by_id("councils-slides");
        }
    });
    let metric = move || metrics.get(slide.get()).copied();
    view! {
        <section id="councils-slides" class="presentation" tabindex="-1" aria-roledescription="slide show" aria-label="Comparison presented">
            <div class="presentation__bar">
                <p class="presentation__position" aria-live="polite">
                    {move || format!("{} – {} of {}", scope.get().map(|s| s.label()).unwrap_or_default(), slide.get() + 1, count)}
                </p>
                <div class="button-group">
                    <button type="button" class="button button--secondary" id="councils-slide-previous" on:click=move |_| go(-1)
                        prop:disabled=move || slide.get() == 0>"Previous"</button>
                    <button type="button" class="button button--secondary" id="councils-slide-next" on:click=move |_| go(1)
                        prop:disabled=move || { slide.get() + 1 >= count }>"Next"</button>
                    <button type="button" class="button button--secondary" id="councils-slides-exit" on:click=move |_| chosen.presenting.set(false)>"Leave presentation"</button>
                </div>
            </div>
            <p class="hint">"Use the left and right arrow keys to move between slides. Councils are shown by their labels only, and no counts are shown."</p>
            {move || scope.get().zip(metric()).map(|(s, m)| if m == MetricId::M1 {
                view! { <M1Section cmp=cmp.clone() scope=s chosen=chosen slide=true/> }.into_any()
            } else {
                view! { <FunnelSection cmp=cmp.clone() metric=m scope=s chosen=chosen slide=true/> }.into_any()
            })}
        </section>
    }
}
