//! The action plan and the notes on the data, beside the results; saving and loading the plan
//! file; and the council's report as a Word document. The plan's model, checks, file format
//! and the report itself are the engine's (`crate::plan`, `crate::report`): here they are
//! only shown and edited. Nothing is kept in the browser: the plan lives in the page until it
//! is saved as a file.

use leptos::prelude::*;

use crate::charts;
use crate::diag::Severity;
use crate::format;
use crate::metrics::MetricId;
use crate::plan::{self, Action, Bound, DataNote, Plan, Status, Target, Term, THEMES};
use crate::report::{self, ChartImage, ChartKind};
use crate::results::{Results, Scope, Settings};
use crate::submission::Message;
use crate::ui::browser::{boot, download, files, report as charts_png};
use crate::ui::pages::results::{BANDS_HEIGHT, FOREST_HEIGHT};
use crate::ui::{focus_by_id, AppState};

/// One action being edited: its own signals, so typing in one field redraws only that field.
#[derive(Clone, Copy, PartialEq)]
pub struct Row {
    id: u64,
    action: RwSignal<Action>,
    /// The target's value as typed (a half-typed number is kept).
    target_text: RwSignal<String>,
    bound: RwSignal<Bound>,
}

/// The plan being edited, shared through context (provided by the shell).
#[derive(Clone, Copy)]
pub struct PlanState {
    pub period: RwSignal<String>,
    rows: RwSignal<Vec<Row>>,
    notes: RwSignal<Vec<DataNote>>,
    /// What a loaded plan file held that could not be read: saved back unchanged.
    unread: RwSignal<(Vec<String>, Vec<String>)>,
    /// What loading a plan file said.
    pub messages: RwSignal<Vec<String>>,
    next_id: StoredValue<u64>,
    /// Shows the checks' messages (after the first save or report, or a load).
    show_problems: RwSignal<bool>,
    /// The owner the plan was made under: each action's signals are made under it, so that
    /// they live as long as the plan, not as long as the page that added them.
    owner: StoredValue<Option<Owner>>,
}

impl PlanState {
    pub fn new() -> Self {
        PlanState {
            period: RwSignal::new(String::new()),
            rows: RwSignal::new(Vec::new()),
            notes: RwSignal::new(Vec::new()),
            unread: RwSignal::new((Vec::new(), Vec::new())),
            messages: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(0),
            show_problems: RwSignal::new(false),
            owner: StoredValue::new(Owner::current()),
        }
    }

    fn row(&self, a: Action) -> Row {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        let bound = a.target.map_or(
            if a.metric.def().kind == crate::metrics::Kind::Adverse {
                Bound::AtMost
            } else {
                Bound::AtLeast
            },
            |t| t.bound,
        );
        let make = move || Row {
            id,
            target_text: RwSignal::new(a.target.map_or(String::new(), |t| format::ratio(t.value))),
            bound: RwSignal::new(bound),
            action: RwSignal::new(a),
        };
        match self.owner.get_value() {
            Some(owner) => owner.with(make),
            None => make(),
        }
    }

    /// Replaces the plan being edited with `plan` (and the council's name with its own).
    pub fn load(&self, state: &AppState, plan: Plan) {
        if !plan.council.trim().is_empty() {
            state.la_name.set(plan.council.clone());
        }
        self.period.set(plan.period.clone());
        let rows = plan.actions.into_iter().map(|a| self.row(a)).collect();
        self.rows.set(rows);
        self.notes.set(plan.notes);
        self.unread.set((plan.unread_actions, plan.unread_notes));
    }

    /// The targets of the plan's actions on `metric` for `workforce`, for its trend chart.
    pub fn targets(&self, metric: MetricId, workforce: Scope) -> Vec<charts::TrendTarget> {
        self.rows.with(|rows| {
            rows.iter()
                .filter_map(|r| {
                    r.action.with(|a| {
                        let t = a
                            .target
                            .filter(|_| a.metric == metric && a.workforce == workforce)?;
                        Some(charts::TrendTarget {
                            value: t.value,
                            words: format!(
                                "Target: {} {}",
                                t.bound.words(),
                                format::ratio(t.value)
                            ),
                        })
                    })
                })
                .collect()
        })
    }

    /// The plan as it stands.
    pub fn plan(&self, state: &AppState) -> Plan {
        let (unread_actions, unread_notes) = self.unread.get();
        Plan {
            council: state.la_name.get(),
            period: self.period.get(),
            actions: self.rows.get().iter().map(|r| r.action.get()).collect(),
            notes: self.notes.get(),
            unread_actions,
            unread_notes,
        }
    }
}

impl Default for PlanState {
    fn default() -> Self {
        Self::new()
    }
}

/// Loads the example plan (with the example data).
pub fn load_example(state: &AppState) {
    if let (Some(ps), Some(loaded)) = (
        use_context::<PlanState>(),
        plan::flat::from_flat(plan::EXAMPLE_FLAT),
    ) {
        ps.load(state, loaded.plan);
        ps.messages.set(Vec::new());
    }
}

fn field_id(row: u64, field: &str) -> String {
    format!("plan-{row}-{field}")
}

/// The action plan, the notes on the data and the report, below the results.
#[component]
pub fn PlanSection() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The shell provides the plan; the warm-up (ui/browser/warm.rs), which renders the results
    // off the page, does not: it gets one of its own.
    let ps = use_context::<PlanState>().unwrap_or_else(|| {
        let ps = PlanState::new();
        provide_context(ps);
        ps
    });
    let problems = Memo::new(move |_| {
        let plan = ps.plan(&state);
        let ids: Vec<u64> = ps.rows.get().iter().map(|r| r.id).collect();
        let mut out: Vec<(u64, &'static str, String)> = plan::check(&plan)
            .into_iter()
            .map(|p| (ids[p.action], p.field, p.message))
            .collect();
        // A target typed that is not a number.
        for (i, r) in ps.rows.get().iter().enumerate() {
            let t = r.target_text.get();
            if !t.trim().is_empty() && t.trim().parse::<f64>().is_err() {
                out.retain(|(id, f, _)| !(*id == r.id && *f == "target"));
                out.push((
                    r.id,
                    "target",
                    format!(
                        "Action {} ({}): the target \"{}\" is not a number: write it as a ratio, such as 0.80",
                        i + 1,
                        r.action.get().metric,
                        t.trim()
                    ),
                ));
            }
        }
        out
    });
    let status = RwSignal::new(String::new());
    let save_plan = move |_| {
        ps.show_problems.set(true);
        let plan = ps.plan(&state);
        let clean = problems.get_untracked().is_empty();
        // The plan file is written by the report writer (its JSON writer is out of the start).
        wasm_bindgen_futures::spawn_local(async move {
            match write_report(&report::request::save_plan(&plan)).await {
                Ok(json) => {
                    download::save_bytes("sc-wres-plan.json", "application/json", &json);
                    status.set(if clean {
                        "The plan has been saved as sc-wres-plan.json.".to_owned()
                    } else {
                        "The plan has been saved as sc-wres-plan.json, with the problems listed above still to put right.".to_owned()
                    });
                }
                Err(why) => status.set(format!("The plan could not be saved. {why}")),
            }
        });
    };
    let on_plan_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            let name = file.name();
            wasm_bindgen_futures::spawn_local(async move {
                let messages = match files::file_bytes(&file).await {
                    Err(_) => vec![format!("{name} could not be read from the device.")],
                    Ok(bytes) => match read_plan_file(&bytes).await {
                        Err(e) => vec![format!("{name}: {e} The plan on the page is unchanged.")],
                        Ok(loaded) => {
                            let mut m = loaded.messages;
                            if let Some(r) = state.results.get_untracked() {
                                m.extend(plan::check_against(&loaded.plan, &r));
                            }
                            ps.load(&state, loaded.plan);
                            ps.show_problems.set(true);
                            if m.is_empty() {
                                status.set(format!("Read the plan in {name}."));
                            }
                            m
                        }
                    },
                };
                ps.messages.set(messages);
            });
        }
        input.set_value("");
    };
    let making = RwSignal::new(false);
    let make_report = move |_| {
        if making.get_untracked() {
            return;
        }
        ps.show_problems.set(true);
        making.set(true);
        status.set("Making the report…".to_owned());
        wasm_bindgen_futures::spawn_local(async move {
            let done = report_bytes(state, ps).await;
            making.set(false);
            match done {
                Ok(bytes) => {
                    download::save_bytes(
                        "sc-wres-report.docx",
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        &bytes,
                    );
                    status.set(format!(
                        "The report has been saved as sc-wres-report.docx ({}).",
                        format::bytes(bytes.len())
                    ));
                }
                Err(why) => status.set(format!("The report could not be made. {why}")),
            }
        });
    };
    view! {
        <section class="plan" aria-labelledby="plan-heading">
            <h2 class="heading-l" id="plan-heading">"Your action plan and report"</h2>
            <p>"Plan what the council will do about each metric, explain the cautions about your data, and make your SC-WRES report as a Word document. Nothing is kept in the browser: save the plan as a file and load it again next year, beside next year's figures."</p>
            <div class="plan-editor">
            <div class="form-group">
                <label class="label" for="plan-council">"Council"</label>
                <input class="input" id="plan-council" type="text" autocomplete="organization"
                    prop:value=move || state.la_name.get()
                    on:input=move |ev| state.la_name.set(event_target_value(&ev))/>
            </div>
            <div class="form-group">
                <label class="label" for="plan-period">"Period the figures cover"</label>
                <p class="hint" id="plan-period-hint">"For example, 1 October 2023 to 30 September 2024."</p>
                <input class="input" id="plan-period" type="text" aria-describedby="plan-period-hint"
                    prop:value=move || ps.period.get()
                    on:input=move |ev| ps.period.set(event_target_value(&ev))/>
            </div>
            <div class="form-group no-print">
                <label class="label" for="plan-upload">"Load a plan you saved (.json)"</label>
                <input type="file" id="plan-upload" class="file-upload" accept=".json,application/json" on:change=on_plan_file/>
            </div>
            {move || {
                let m = ps.messages.get();
                (!m.is_empty()).then(|| view! {
                    <div class="warning-box" role="alert" id="plan-messages">
                        <p><strong>"About the plan file"</strong></p>
                        <ul class="list">{m.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
                    </div>
                })
            }}
            {move || {
                let p = problems.get();
                (ps.show_problems.get() && !p.is_empty()).then(|| view! {
                    <div class="error-summary" role="alert" id="plan-problems">
                        <h3 class="error-summary__title">"There is a problem with the plan"</h3>
                        <ul class="error-summary__list">
                            {p.into_iter().map(|(id, field, message)| {
                                let target = field_id(id, field);
                                view! { <li><a href=format!("#{target}") on:click=move |ev: leptos::ev::MouseEvent| { ev.prevent_default(); focus_by_id(&target); }>{message}</a></li> }
                            }).collect_view()}
                        </ul>
                    </div>
                })
            }}
            <datalist id="plan-owners">
                {plan::SUGGESTED_OWNERS.iter().map(|o| view! { <option value=*o></option> }).collect_view()}
            </datalist>
            {THEMES.iter().map(|t| view! { <ThemePlan theme=t problems=problems/> }).collect_view()}
            <DataNotes/>
            <div class="button-group no-print">
                <button type="button" class="button" id="save-plan" on:click=save_plan>"Save the plan (.json)"</button>
                <button type="button" class="button" id="download-report" on:click=make_report
                    prop:disabled=move || making.get()>"Download the report (.docx)"</button>
            </div>
            <p class="hint no-print">{move || if state.safe.get() {
                "Presentation-safe mode is on: the report shows counts under 10 as \"<10\", and hides what would reveal them."
            } else {
                "The report shows every count. For a report to publish, turn on presentation-safe mode in the settings: counts under 10 are then hidden."
            }}</p>
            <p role="status" id="plan-status" class="hint">{move || status.get()}</p>
            </div>
        </section>
    }
}

/// One theme's actions, and a button to add one.
#[component]
fn ThemePlan(
    theme: &'static plan::Theme,
    problems: Memo<Vec<(u64, &'static str, String)>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let ps = expect_context::<PlanState>();
    let rows = Memo::new(move |_| {
        ps.rows
            .get()
            .into_iter()
            .filter(|r| theme.metrics.contains(&r.action.with(|a| a.metric)))
            .collect::<Vec<_>>()
    });
    let add = move |_| {
        let scope = state
            .scope
            .get_untracked()
            .or_else(|| {
                state
                    .results
                    .get_untracked()
                    .and_then(|r| r.workforces.first().map(|w| w.workforce))
            })
            .unwrap_or(Scope::Adults);
        let results = state.results.get_untracked();
        let a = Action::new(theme.metrics[0], scope, results.as_deref());
        let row = ps.row(a);
        let id = row.id;
        ps.rows.update(|r| r.push(row));
        request_animation_frame(move || focus_by_id(&field_id(id, "what")));
    };
    let heading_id = format!("theme-{}", theme.key);
    let labelled_by = heading_id.clone();
    view! {
        <section class="plan-theme" aria-labelledby=labelled_by>
            <h3 class="heading-m" id=heading_id>{theme.name}" ("{theme.metrics.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(", ")}")"</h3>
            {move || rows.with(|r| r.is_empty()).then(|| view! { <p class="hint">"No actions yet."</p> })}
            <For each=move || rows.get() key=|r| r.id let:row>
                <ActionEditor row=row theme=theme problems=problems/>
            </For>
            <button type="button" class="button button--secondary no-print" on:click=add>
                {format!("Add an action: {}", format::lowercase(theme.name))}
            </button>
        </section>
    }
}

/// The fields of one action.
#[component]
fn ActionEditor(
    row: Row,
    theme: &'static plan::Theme,
    problems: Memo<Vec<(u64, &'static str, String)>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let ps = expect_context::<PlanState>();
    let a = row.action;
    let id = row.id;
    // The fields start with the action's values; after that the page (the user's typing)
    // holds them, and each change goes into the action. A loaded plan makes new editors.
    let init = a.get_untracked();
    let init_bound = row.bound.get_untracked();
    let error = move |field: &'static str| {
        move || {
            if !ps.show_problems.get() {
                return None;
            }
            problems.with(|p| {
                p.iter()
                    .find(|(i, f, _)| *i == id && *f == field)
                    .map(|(_, _, m)| m.clone())
            })
        }
    };
    let set_target = move || {
        let text = row.target_text.get_untracked();
        let value = text.trim().parse::<f64>().ok();
        a.update(|a| {
            a.target = value.map(|value| Target {
                bound: row.bound.get_untracked(),
                value,
            })
        });
    };
    let refresh_baseline = move || {
        let results = state.results.get_untracked();
        a.update(|x| {
            x.baseline = results
                .as_deref()
                .and_then(|r| plan::figure(r, x.metric, x.workforce))
        });
    };
    let scopes = move || {
        state
            .results
            .get()
            .map(|r| r.workforces.iter().map(|w| w.workforce).collect::<Vec<_>>())
            .unwrap_or_else(|| vec![Scope::Adults, Scope::Children])
    };
    let progress = move || {
        let action = a.get();
        let results = state.results.get()?;
        let now = plan::figure(&results, action.metric, action.workforce);
        Some(plan::progress(&action, now, results.settings.band).words)
    };
    let number = move || {
        ps.rows
            .get()
            .iter()
            .position(|r| r.id == id)
            .map_or(0, |i| i + 1)
    };
    let remove = move |_| ps.rows.update(|r| r.retain(|x| x.id != id));
    let err_view = move |field: &'static str| {
        let f = error(field);
        move || {
            f().map(|m| {
                view! { <p class="error-message" id=field_id(id, &format!("{field}-error"))><span class="visually-hidden">"Error: "</span>{m}</p> }
            })
        }
    };
    let described = move |field: &'static str| {
        let f = error(field);
        move || f().map(|_| field_id(id, &format!("{field}-error")))
    };
    view! {
        <fieldset class="fieldset plan-action" data-action=id>
            <legend class="label">{move || format!("Action {}: {}", number(), a.with(|a| format!("{} {}", a.metric, a.metric.def().short)))}</legend>
            <div class="plan-grid">
                <div class="form-group">
                    <label class="label" for=field_id(id, "metric")>"Metric"</label>
                    <select class="select" id=field_id(id, "metric") on:change=move |ev| {
                        if let Some(m) = plan::metric_from_str(&event_target_value(&ev)) {
                            a.update(|a| a.metric = m);
                            refresh_baseline();
                            set_target();
                        }
                    }>
                        {theme.metrics.iter().map(|m| {
                            let m: MetricId = *m;
                            view! { <option value=m.as_str() selected=init.metric == m>{format!("{} {}", m, m.def().short)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="form-group">
                    <label class="label" for=field_id(id, "workforce")>"Workforce"</label>
                    <select class="select" id=field_id(id, "workforce") on:change=move |ev| {
                        if let Some(s) = plan::scope_from_str(&event_target_value(&ev)) {
                            a.update(|a| a.workforce = s);
                            refresh_baseline();
                        }
                    }>
                        {move || scopes().into_iter().map(|s| view! {
                            <option value=s.key() selected=init.workforce == s>{s.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <div class="form-group" class:form-group--error=move || error("what")().is_some()>
                <label class="label" for=field_id(id, "what")>"What will be done"</label>
                {err_view("what")}
                <textarea class="textarea" rows="2" id=field_id(id, "what") aria-describedby=described("what")
                    prop:value=init.what.clone()
                    on:input=move |ev| a.update(|a| a.what = event_target_value(&ev))></textarea>
            </div>
            <div class="form-group">
                <label class="label" for=field_id(id, "owner")>"Who owns it (a role)"</label>
                <p class="hint" id=field_id(id, "owner-hint")>"A role, not a person's name: choose a suggestion or type one."</p>
                <input class="input" type="text" list="plan-owners" id=field_id(id, "owner") aria-describedby=field_id(id, "owner-hint")
                    prop:value=init.owner.clone()
                    on:input=move |ev| a.update(|a| a.owner = event_target_value(&ev))/>
            </div>
            <p class="plan-baseline" id=field_id(id, "baseline")>
                <strong>"Baseline: "</strong>
                // While counts under 10 are hidden, a baseline that is this year's hidden
                // figure is hidden too (with the counts shown, it would give one away).
                {move || {
                    let hidden = state.safe.get()
                        && a.with(|a| {
                            state.results.with(|r| {
                                r.as_ref()
                                    .is_some_and(|r| plan::figure(r, a.metric, a.workforce).is_none())
                            })
                        });
                    if hidden {
                        "hidden (small numbers)".to_owned()
                    } else {
                        a.with(|a| a.baseline.map_or("no figure".to_owned(), format::ratio))
                    }
                }}
                {move || a.with(|a| if a.metric == MetricId::M1 { " (the highest pay band's minority ethnic share against the whole workforce's)" } else { " (this year's relative likelihood when the action was added)" })}
            </p>
            <div class="form-group" class:form-group--error=move || error("target")().is_some()>
                <fieldset class="fieldset" aria-describedby=described("target")>
                    <legend class="label">"Target"</legend>
                    {err_view("target")}
                    <div class="plan-inline">
                        <span>{move || a.with(|a| a.metric.as_str())}</span>
                        <label class="visually-hidden" for=field_id(id, "target")>"Direction"</label>
                        <select class="select" id=field_id(id, "target") on:change=move |ev| {
                            row.bound.set(if event_target_value(&ev) == "at_most" { Bound::AtMost } else { Bound::AtLeast });
                            set_target();
                        }>
                            <option value="at_least" selected=init_bound == Bound::AtLeast>"at least"</option>
                            <option value="at_most" selected=init_bound == Bound::AtMost>"at most"</option>
                        </select>
                        <label class="visually-hidden" for=field_id(id, "target-value")>"Target value"</label>
                        <input class="input input--short" type="text" inputmode="decimal" id=field_id(id, "target-value")
                            prop:value=row.target_text.get_untracked()
                            on:input=move |ev| { row.target_text.set(event_target_value(&ev)); set_target(); }/>
                    </div>
                </fieldset>
            </div>
            <div class="plan-grid">
                <div class="form-group" class:form-group--error=move || error("due")().is_some()>
                    <label class="label" for=field_id(id, "due")>"Due by"</label>
                    {err_view("due")}
                    <input class="input" type="date" id=field_id(id, "due") aria-describedby=described("due")
                        prop:value=init.due.clone()
                        on:change=move |ev| a.update(|a| a.due = event_target_value(&ev))/>
                </div>
                <div class="form-group">
                    <label class="label" for=field_id(id, "term")>"Term"</label>
                    <select class="select" id=field_id(id, "term") on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(t) = Term::ALL.into_iter().find(|t| t.key() == v) { a.update(|a| a.term = t); }
                    }>
                        {Term::ALL.into_iter().map(|t| view! { <option value=t.key() selected=init.term == t>{t.label()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="form-group">
                    <label class="label" for=field_id(id, "status")>"Status"</label>
                    <select class="select" id=field_id(id, "status") on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(s) = Status::ALL.into_iter().find(|s| s.key() == v) { a.update(|a| a.status = s); }
                    }>
                        {Status::ALL.into_iter().map(|s| view! { <option value=s.key() selected=init.status == s>{s.label()}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            <div class="form-group">
                <label class="label" for=field_id(id, "notes")>"Notes"</label>
                <textarea class="textarea" rows="2" id=field_id(id, "notes")
                    prop:value=init.notes.clone()
                    on:input=move |ev| a.update(|a| a.notes = event_target_value(&ev))></textarea>
            </div>
            <p class="plan-progress" id=field_id(id, "progress")><strong>"Progress: "</strong>{progress}</p>
            <button type="button" class="button button--warning button--small no-print" on:click=remove>
                {move || format!("Remove action {}", number())}
            </button>
        </fieldset>
    }
}

/// An explanation for each caution the file raised.
#[component]
fn DataNotes() -> impl IntoView {
    let state = expect_context::<AppState>();
    let ps = expect_context::<PlanState>();
    let cautions = Memo::new(move |_| {
        state
            .current
            .get()
            .map(|l| {
                l.parsed
                    .messages
                    .iter()
                    .filter(|m| m.severity == Severity::Warning && plan::explainable(m))
                    .cloned()
                    .collect::<Vec<Message>>()
            })
            .unwrap_or_default()
    });
    view! {
        <section class="plan-notes" aria-labelledby="notes-heading">
            <h3 class="heading-m" id="notes-heading">"Notes on the data"</h3>
            {move || if cautions.with(Vec::is_empty) {
                view! { <p class="hint">"Your file raised no cautions about the data."</p> }.into_any()
            } else {
                view! {
                    <p>"Explain any caution your file raised (for example, \"the survey ran in one directorate only\"). The notes go into the report and are saved with the plan."</p>
                    {cautions.get().into_iter().enumerate().map(|(i, m)| {
                        let id = format!("data-note-{i}");
                        let key = plan::caution_key(&m);
                        let text = m.located_text();
                        let message = m.clone();
                        view! {
                            <div class="form-group">
                                <label class="label" for=id.clone()>{text}</label>
                                <textarea class="textarea" rows="2" id=id
                                    prop:value=move || ps.notes.with(|n| n.iter().find(|n| n.caution == key).map(|n| n.note.clone()).unwrap_or_default())
                                    on:input=move |ev| {
                                        let words = event_target_value(&ev);
                                        ps.notes.update(|n| {
                                            let mut p = Plan { notes: std::mem::take(n), ..Plan::default() };
                                            p.set_note(&message, &words);
                                            *n = p.notes;
                                        });
                                    }></textarea>
                            </div>
                        }
                    }).collect_view()}
                }.into_any()
            }}
        </section>
    }
}

/// The report's bytes: the charts drawn off the page, then the .docx from the report writer,
/// a WebAssembly module of its own that the single file starts now (scripts/page-boot.js,
/// `scwresMakeReport`; src/bin/report_wasm.rs). `Err`: why not, in words.
async fn report_bytes(state: AppState, ps: PlanState) -> Result<Vec<u8>, String> {
    let no_file = || "Load a submission file without errors first.".to_owned();
    let results = state.results.get_untracked().ok_or_else(no_file)?;
    let loaded = state.current.get_untracked().ok_or_else(no_file)?;
    let table = loaded.parsed.table.as_ref().ok_or_else(no_file)?;
    let plan = ps.plan(&state);
    let settings = Settings {
        band: state.band.get_untracked().unwrap_or_default(),
        nhs_orientation: state.nhs.get_untracked(),
    };
    // Earlier years, most recent first (by the year the user gave each file).
    let mut years = state.earlier.get_untracked();
    years.retain(|e| e.loaded.parsed.submission.is_some() && e.loaded.parsed.table.is_some());
    years.sort_by_key(|e| std::cmp::Reverse(crate::compare::parse_year(&e.year)));
    let charts = chart_images(&results).await;
    let days = (js_sys::Date::now() / 86_400_000.0).floor() as i64;
    let made_on = plan::date_from_days(days);
    let request = report::request::encode(&report::request::Request {
        table,
        earlier: years
            .iter()
            .filter_map(|e| Some((e.year.as_str(), e.loaded.parsed.table.as_ref()?)))
            .collect(),
        settings,
        plan: &plan,
        made_on: &made_on,
        publication_safe: state.safe.get_untracked(),
        charts: &charts,
    });
    write_report(&request).await
}

/// A plan file read by the report writer (which holds the JSON reader, out of the page's
/// start: src/plan/flat.rs).
async fn read_plan_file(bytes: &[u8]) -> Result<plan::Loaded, String> {
    let flat = write_report(&report::request::read_plan(bytes)).await?;
    std::str::from_utf8(&flat)
        .ok()
        .and_then(plan::flat::from_flat)
        .ok_or_else(|| "The plan could not be read.".to_owned())
}

/// Asks the report writer (scripts/page-boot.js) for the answer to a request: the .docx, or
/// a plan file read.
async fn write_report(request: &[u8]) -> Result<Vec<u8>, String> {
    let args = js_sys::Array::of1(&js_sys::Uint8Array::from(request));
    match boot::call("scwresMakeReport", &args).await {
        Ok(bytes) => Ok(js_sys::Uint8Array::new(&bytes).to_vec()),
        Err(why) => {
            Err(why
                .unwrap_or_else(|| "This copy of the calculator cannot make reports.".to_owned()))
        }
    }
}

/// Every chart the report has, drawn as the page draws it (for a wide screen, no animation).
async fn chart_images(results: &Results) -> Vec<ChartImage> {
    let band = results.settings.band;
    let mut out = Vec::new();
    for wr in &results.workforces {
        let scope = wr.workforce;
        let mut specs = vec![(
            ChartKind::Overview,
            Some(charts::forest_plot(wr, band, true, false)),
            FOREST_HEIGHT,
        )];
        specs.push((
            ChartKind::PayBands,
            wr.metric(MetricId::M1)
                .and_then(|m| charts::pay_bands(m, true, false)),
            BANDS_HEIGHT,
        ));
        for (kind, spec, height) in specs {
            let Some(spec) = spec else { continue };
            if let Some((png, width_px, height_px)) = charts_png::chart_png(&spec, height).await {
                out.push(ChartImage {
                    scope,
                    kind,
                    png,
                    width_px,
                    height_px,
                    alt: spec.summary.clone(),
                });
            }
        }
    }
    out
}
