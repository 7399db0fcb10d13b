//! The council's action plan and its notes on the data: the model, the themes (as data),
//! the checks on each action (a target in the right direction for its metric, a real date,
//! something to do), the plan file (versioned JSON, no staff data; docs/plan-format.md) and
//! progress words comparing an action's baseline with a new year's figure.
//!
//! Reading a plan file never loses what can be read: an action or note that cannot be read
//! is kept as it was written (and written back when the plan is saved), with a message
//! saying where it is and why.

use serde::{Deserialize, Serialize};
mod file;
pub mod flat;
pub use file::{from_json, to_json, Loaded};

use crate::diag::Code;
use crate::format;
use crate::metrics::{Kind, MetricId, METRICS};
use crate::results::{MetricResult, ParityRange, Results, Scope};

/// What the plan file says it is.
pub const FORMAT: &str = "sc-wres-plan";
/// The plan file's format version this calculator writes, and the newest it reads.
pub const VERSION: u32 = 1;

/// A plan file larger than this is not a plan (a plan of a hundred actions is about 50 KB).
pub const MAX_BYTES: usize = 2_000_000;

/// The themes a council can plan by. The grouping is the calculator's, not Skills for Care's.
pub const THEMES: [Theme; 4] = [
    Theme {
        key: "recruitment_progression",
        name: "Recruitment and progression",
        metrics: &[MetricId::M1, MetricId::M2, MetricId::M5, MetricId::M9],
    },
    Theme {
        key: "formal_processes",
        name: "Fairness of formal processes",
        metrics: &[MetricId::M3, MetricId::M4],
    },
    Theme {
        key: "experience_at_work",
        name: "Experience at work",
        metrics: &[MetricId::M6, MetricId::M7a, MetricId::M7b],
    },
    Theme {
        key: "retention",
        name: "Retention",
        metrics: &[MetricId::M8],
    },
];

/// Roles the page suggests for an action's owner (never names).
pub const SUGGESTED_OWNERS: [&str; 8] = [
    "Director of adult social care",
    "Director of children's services",
    "Head of HR",
    "HR business partner",
    "Workforce development lead",
    "Principal social worker",
    "Equality, diversity and inclusion lead",
    "Staff network chair",
];

/// A group of metrics planned together.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub key: &'static str,
    pub name: &'static str,
    pub metrics: &'static [MetricId],
}

/// The theme a metric is planned under.
pub fn theme_of(metric: MetricId) -> &'static Theme {
    THEMES
        .iter()
        .find(|t| t.metrics.contains(&metric))
        .expect("every metric has a theme")
}

/// A metric named as the plan file writes it ("M2", "M7a"), in any case.
pub fn metric_from_str(text: &str) -> Option<MetricId> {
    METRICS
        .iter()
        .map(|d| d.id)
        .find(|id| id.as_str().eq_ignore_ascii_case(text.trim()))
}

/// A workforce as the plan file writes it ("adults", "children", "combined").
pub fn scope_from_str(text: &str) -> Option<Scope> {
    [Scope::Adults, Scope::Children, Scope::Combined]
        .into_iter()
        .find(|s| s.key() == text.trim())
}

/// When an action is meant to have its effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Term {
    #[default]
    Short,
    Medium,
    Long,
}

impl Term {
    pub const ALL: [Term; 3] = [Term::Short, Term::Medium, Term::Long];
    pub fn label(self) -> &'static str {
        match self {
            Term::Short => "Short term",
            Term::Medium => "Medium term",
            Term::Long => "Long term",
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            Term::Short => "short",
            Term::Medium => "medium",
            Term::Long => "long",
        }
    }
}

/// How an action is going.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    NotStarted,
    OnTrack,
    AtRisk,
    Done,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::NotStarted,
        Status::OnTrack,
        Status::AtRisk,
        Status::Done,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Status::NotStarted => "Not started",
            Status::OnTrack => "On track",
            Status::AtRisk => "At risk",
            Status::Done => "Done",
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::OnTrack => "on_track",
            Status::AtRisk => "at_risk",
            Status::Done => "done",
        }
    }
}

/// Which way a target bounds the metric's figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    AtLeast,
    AtMost,
}

impl Bound {
    pub fn words(self) -> &'static str {
        match self {
            Bound::AtLeast => "at least",
            Bound::AtMost => "at most",
        }
    }
}

/// A measurable target: the metric's ratio at least or at most a value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub bound: Bound,
    pub value: f64,
}

/// One action of the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Action {
    pub metric: MetricId,
    pub workforce: Scope,
    /// What will be done.
    pub what: String,
    /// Who owns it: a role, not a name.
    pub owner: String,
    /// The metric's figure when the action was planned (filled from that year's results).
    pub baseline: Option<f64>,
    pub target: Option<Target>,
    /// The date it is due, YYYY-MM-DD.
    pub due: String,
    pub term: Term,
    pub status: Status,
    pub notes: String,
}

impl Action {
    /// A new action for a metric, its baseline filled from these results.
    pub fn new(metric: MetricId, workforce: Scope, results: Option<&Results>) -> Action {
        Action {
            metric,
            workforce,
            what: String::new(),
            owner: String::new(),
            baseline: results.and_then(|r| figure(r, metric, workforce)),
            target: None,
            due: String::new(),
            term: Term::Short,
            status: Status::NotStarted,
            notes: String::new(),
        }
    }

    /// "M2 at least 0.80", or "" with no target.
    pub fn target_words(&self) -> String {
        self.target.map_or(String::new(), |t| {
            format!(
                "{} {} {}",
                self.metric,
                t.bound.words(),
                format::ratio(t.value)
            )
        })
    }

    /// How this action is named in a message: "Action 3 (M2, adult social care)".
    fn name(&self, index: usize) -> String {
        format!(
            "Action {} ({}, {})",
            index + 1,
            self.metric,
            format::lowercase(self.workforce.label())
        )
    }
}

/// An explanation of one caution the submission file raised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataNote {
    /// Which caution: its code, workforce and row (see [`caution_key`]).
    pub caution: String,
    /// The caution's words when the note was written, so the note reads on its own.
    pub caution_text: String,
    /// The council's explanation.
    pub note: String,
}

/// The plan: who it is for, the actions, the notes on the data.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    /// The council's name, for the report's title page.
    pub council: String,
    /// The period the figures cover ("1 October 2023 to 30 September 2024").
    pub period: String,
    pub actions: Vec<Action>,
    pub notes: Vec<DataNote>,
    /// Actions and notes that could not be read, exactly as written: saved back unchanged.
    /// (Each as its JSON text.)
    pub unread_actions: Vec<String>,
    pub unread_notes: Vec<String>,
}

/// The key of a caution the submission file raised: its code, workforce and row.
pub fn caution_key(m: &crate::submission::Message) -> String {
    let code = serde_json::to_value(m.code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let workforce = m.about.workforce.map_or("", |w| w.key());
    let row = m.row.map_or(String::new(), |r| r.to_string());
    format!("{code}/{workforce}/{row}")
}

/// The cautions a council can explain: the warnings about the data itself.
pub fn explainable(m: &crate::submission::Message) -> bool {
    m.severity == crate::diag::Severity::Warning
        && matches!(
            m.code,
            Code::LowDeclarationRate
                | Code::MissingRows
                | Code::SmallNumbers
                | Code::MoreEventsThanPopulation
        )
}

impl Plan {
    /// The note explaining a caution, if the council wrote one.
    pub fn note_for(&self, m: &crate::submission::Message) -> Option<&DataNote> {
        let key = caution_key(m);
        self.notes
            .iter()
            .find(|n| n.caution == key && !n.note.trim().is_empty())
    }

    /// Sets (or clears, with empty words) the note for a caution.
    pub fn set_note(&mut self, m: &crate::submission::Message, words: &str) {
        let key = caution_key(m);
        self.notes.retain(|n| n.caution != key);
        if !words.trim().is_empty() {
            self.notes.push(DataNote {
                caution: key,
                caution_text: m.message.clone(),
                note: words.to_owned(),
            });
        }
    }

    /// The actions under each theme, in theme order, with their index in `actions`.
    pub fn by_theme(&self) -> Vec<(&'static Theme, Vec<(usize, &Action)>)> {
        THEMES
            .iter()
            .map(|t| {
                let acts = self
                    .actions
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| t.metrics.contains(&a.metric))
                    .collect();
                (t, acts)
            })
            .collect()
    }
}

/// The single figure an action is measured by: the relative likelihood, or for M1 the
/// highest pay band's minority ethnic share relative to the whole workforce's.
pub fn figure(results: &Results, metric: MetricId, workforce: Scope) -> Option<f64> {
    let m = results.scope(workforce)?.metric(metric)?;
    metric_figure(m)
}

/// [`figure`] for one result.
pub fn metric_figure(m: &MetricResult) -> Option<f64> {
    if m.metric == MetricId::M1 {
        m.bands.last().and_then(|b| b.relative_to_workforce)
    } else {
        m.relative_likelihood
    }
}

/// Which way is better for a metric's figure (M1's top-band representation: higher).
fn better(metric: MetricId) -> Bound {
    match metric.def().kind {
        Kind::Adverse => Bound::AtMost,
        Kind::Favourable | Kind::Representation => Bound::AtLeast,
    }
}

/// Why a higher or lower figure is better, for messages.
fn why(metric: MetricId) -> String {
    let def = metric.def();
    match def.kind {
        Kind::Adverse => format!(
            "for {} a lower figure means minority ethnic staff are less likely {}, which is the aim",
            metric, def.to_do
        ),
        Kind::Favourable => format!(
            "for {} a higher figure means minority ethnic staff are more likely {}, which is the aim",
            metric, def.to_do
        ),
        Kind::Representation => format!(
            "for {metric} the figure is the highest pay band's minority ethnic share against the whole workforce's, and a higher one is the aim"
        ),
    }
}

/// A problem with one action, named by its place in the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// The action's index in the plan (0-based; messages count from 1).
    pub action: usize,
    /// The field: "what", "target", "due", "owner".
    pub field: &'static str,
    pub message: String,
}

/// A date as YYYY-MM-DD, checked to exist. Returns (year, month, day).
pub fn parse_date(text: &str) -> Result<(u32, u32, u32), String> {
    let t = text.trim();
    let parts: Vec<&str> = t.split('-').collect();
    let shape = parts.len() == 3
        && parts[0].len() == 4
        && parts[1].len() == 2
        && parts[2].len() == 2
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if !shape {
        return Err(format!(
            "\"{t}\" is not a date written as year-month-day, such as 2025-03-31"
        ));
    }
    let (y, m, d): (u32, u32, u32) = (
        parts[0].parse().unwrap_or(0),
        parts[1].parse().unwrap_or(0),
        parts[2].parse().unwrap_or(0),
    );
    if !(1..=12).contains(&m) {
        return Err(format!("{t} is not a date: there is no month {m}"));
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if d == 0 || d > days {
        return Err(format!(
            "{t} is not a date: {} has {days} days",
            format::MONTHS[m as usize - 1]
        ));
    }
    if !(2000..=2100).contains(&y) {
        return Err(format!(
            "{t} is not a likely date for an action: the year should be between 2000 and 2100"
        ));
    }
    Ok((y, m, d))
}

/// A date written out: "31 March 2025".
pub fn date_words(text: &str) -> String {
    match parse_date(text) {
        Ok((y, m, d)) => format::date(d, m, i64::from(y)),
        Err(_) => text.to_owned(),
    }
}

/// The date `days` after 1 January 1970, written out ("7 December 2026"): for the date a
/// report is made (the command line's clock gives days; the page's gives the date itself).
pub fn date_from_days(days: i64) -> String {
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format::date(d as u32, m as u32, y)
}

/// Checks a target's value and direction against the metric and the action's baseline.
pub fn check_target(metric: MetricId, target: Target, baseline: Option<f64>) -> Result<(), String> {
    if !target.value.is_finite() || target.value <= 0.0 || target.value > 100.0 {
        return Err(format!(
            "the target {} is not a ratio the metric can have: give a number above 0, such as 0.80 or 1.25",
            format::ratio(target.value)
        ));
    }
    let want = better(metric);
    if target.bound != want {
        return Err(format!(
            "the target should be \"{metric} {} …\", not \"{}\": {}",
            want.words(),
            target.bound.words(),
            why(metric)
        ));
    }
    if let Some(b) = baseline {
        let backwards = match want {
            Bound::AtLeast => target.value < b,
            Bound::AtMost => target.value > b,
        };
        if backwards {
            return Err(format!(
                "the target {metric} {} {} would allow the figure to get worse than this year's {}: {}",
                target.bound.words(),
                format::ratio(target.value),
                format::ratio(b),
                why(metric)
            ));
        }
    }
    Ok(())
}

/// Every problem with the plan's actions, in order.
pub fn check(plan: &Plan) -> Vec<Problem> {
    let mut out = Vec::new();
    for (i, a) in plan.actions.iter().enumerate() {
        let name = a.name(i);
        if a.what.trim().is_empty() {
            out.push(Problem {
                action: i,
                field: "what",
                message: format!("{name} is empty: say what will be done"),
            });
        }
        match a.target {
            None => out.push(Problem {
                action: i,
                field: "target",
                message: format!(
                    "{name} has no target: give one the metric can be checked against, such as \"{} {} {}\"",
                    a.metric,
                    better(a.metric).words(),
                    if better(a.metric) == Bound::AtLeast { "0.80" } else { "1.25" }
                ),
            }),
            Some(t) => {
                if let Err(e) = check_target(a.metric, t, a.baseline) {
                    out.push(Problem {
                        action: i,
                        field: "target",
                        message: format!("{name}: {e}"),
                    });
                }
            }
        }
        if a.due.trim().is_empty() {
            out.push(Problem {
                action: i,
                field: "due",
                message: format!("{name} has no date: give the date it is due, such as 2025-03-31"),
            });
        } else if let Err(e) = parse_date(&a.due) {
            out.push(Problem {
                action: i,
                field: "due",
                message: format!("{name}: {e}"),
            });
        }
    }
    out
}

/// Actions for a metric or workforce these results do not have: kept, with a message each.
pub fn check_against(plan: &Plan, results: &Results) -> Vec<String> {
    plan.actions
        .iter()
        .enumerate()
        .filter(|(_, a)| results.scope(a.workforce).and_then(|w| w.metric(a.metric)).is_none())
        .map(|(i, a)| {
            format!(
                "{} is for a metric this file has no figure for; it is kept, with its baseline, and shown without this year's figure.",
                a.name(i)
            )
        })
        .collect()
}

/// How an action's metric has moved from its baseline to a new figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    pub baseline: Option<f64>,
    pub now: Option<f64>,
    pub target_met: Option<bool>,
    pub words: String,
}

/// Progress of an action against a new year's figure (`now`), in words.
pub fn progress(a: &Action, now: Option<f64>, band: ParityRange) -> Progress {
    let metric = a.metric;
    let target_met = a.target.zip(now).map(|(t, n)| {
        let shown = format::ratio_as_shown(n);
        match t.bound {
            Bound::AtLeast => shown >= t.value,
            Bound::AtMost => shown <= t.value,
        }
    });
    let words = match (a.baseline, now) {
        (_, None) => {
            format!("{metric} has no figure in this file, so progress cannot be measured.")
        }
        (None, Some(n)) => format!(
            "{metric} is now {}; there was no baseline to compare it with.",
            format::ratio(n)
        ),
        (Some(b), Some(n)) => {
            let (rb, rn) = (format::ratio(b), format::ratio(n));
            let direction = if rb == rn {
                "no change".to_owned()
            } else {
                let improved = match better(metric) {
                    Bound::AtLeast => n > b,
                    Bound::AtMost => n < b,
                };
                let in_band = band.contains(n) && metric != MetricId::M1;
                format!(
                    "{}{}",
                    if improved { "better" } else { "worse" },
                    if in_band { ", and within the band" } else { "" }
                )
            };
            format!("{metric} was {rb} at the baseline and is {rn} now ({direction}).")
        }
    };
    let words = match (target_met, a.target) {
        (Some(true), Some(t)) => format!(
            "{words} The target ({metric} {} {}) is met.",
            t.bound.words(),
            format::ratio(t.value)
        ),
        (Some(false), Some(t)) => format!(
            "{words} The target ({metric} {} {}) is not met yet.",
            t.bound.words(),
            format::ratio(t.value)
        ),
        _ => words,
    };
    Progress {
        baseline: a.baseline,
        now,
        target_met,
        words,
    }
}

/// The example plan for the example data (data/example-plan.json).
pub const EXAMPLE: &str = include_str!("../../data/example-plan.json");

/// The example plan in the page's flat form ([`flat`]): the page loads it without reading
/// JSON.
pub const EXAMPLE_FLAT: &str = include_str!("../../data/example-plan.flat");

#[cfg(test)]
mod tests {
    use super::*;

    fn action(metric: MetricId, bound: Bound, value: f64, baseline: Option<f64>) -> Action {
        Action {
            what: "Anonymised shortlisting".into(),
            owner: "Head of HR".into(),
            baseline,
            target: Some(Target { bound, value }),
            due: "2025-03-31".into(),
            ..Action::new(metric, Scope::Adults, None)
        }
    }

    #[test]
    fn every_metric_has_exactly_one_theme() {
        for d in METRICS.iter() {
            let n = THEMES.iter().filter(|t| t.metrics.contains(&d.id)).count();
            assert_eq!(n, 1, "{}", d.id);
        }
    }

    #[test]
    fn targets_are_checked_for_direction() {
        // M2 is favourable: "at least", not below the baseline.
        assert!(check_target(
            MetricId::M2,
            Target {
                bound: Bound::AtLeast,
                value: 0.8
            },
            Some(0.57)
        )
        .is_ok());
        let e = check_target(
            MetricId::M2,
            Target {
                bound: Bound::AtMost,
                value: 0.8,
            },
            Some(0.57),
        )
        .unwrap_err();
        assert!(e.contains("\"M2 at least …\""), "{e}");
        let e = check_target(
            MetricId::M2,
            Target {
                bound: Bound::AtLeast,
                value: 0.5,
            },
            Some(0.57),
        )
        .unwrap_err();
        assert!(e.contains("worse than this year's 0.57"), "{e}");
        // M3 is adverse: "at most", not above the baseline.
        assert!(check_target(
            MetricId::M3,
            Target {
                bound: Bound::AtMost,
                value: 1.25
            },
            Some(2.72)
        )
        .is_ok());
        assert!(check_target(
            MetricId::M3,
            Target {
                bound: Bound::AtLeast,
                value: 1.25
            },
            Some(2.72)
        )
        .is_err());
        assert!(check_target(
            MetricId::M3,
            Target {
                bound: Bound::AtMost,
                value: 3.0
            },
            Some(2.72)
        )
        .is_err());
        assert!(check_target(
            MetricId::M3,
            Target {
                bound: Bound::AtMost,
                value: 0.0
            },
            None
        )
        .is_err());
        assert!(check_target(
            MetricId::M3,
            Target {
                bound: Bound::AtMost,
                value: f64::NAN
            },
            None
        )
        .is_err());
    }

    #[test]
    fn dates_must_exist() {
        assert_eq!(parse_date("2024-02-29"), Ok((2024, 2, 29)));
        assert!(parse_date("2025-02-29")
            .unwrap_err()
            .contains("February has 28 days"));
        assert!(parse_date("2025-13-01")
            .unwrap_err()
            .contains("no month 13"));
        assert!(parse_date("31/03/2025").is_err());
        assert!(parse_date("1900-01-01").is_err());
        assert_eq!(date_words("2025-03-31"), "31 March 2025");
        assert_eq!(date_from_days(0), "1 January 1970");
        assert_eq!(date_from_days(19_782), "29 February 2024");
        assert_eq!(date_from_days(20_429), "7 December 2025");
    }

    #[test]
    fn check_names_each_problem_by_action_and_field() {
        let mut plan = Plan::default();
        plan.actions
            .push(action(MetricId::M2, Bound::AtLeast, 0.8, Some(0.57)));
        let mut empty = action(MetricId::M3, Bound::AtLeast, 1.25, Some(2.72));
        empty.what = "  ".into();
        empty.due = "2025-02-30".into();
        plan.actions.push(empty);
        let p = check(&plan);
        let fields: Vec<_> = p.iter().map(|p| (p.action, p.field)).collect();
        assert_eq!(fields, vec![(1, "what"), (1, "target"), (1, "due")]);
        assert!(
            p[0].message
                .starts_with("Action 2 (M3, adult social care) is empty"),
            "{}",
            p[0].message
        );
    }

    #[test]
    fn progress_in_words() {
        let a = action(MetricId::M2, Bound::AtLeast, 0.8, Some(0.57));
        let p = progress(&a, Some(0.85), ParityRange::NHS);
        assert_eq!(p.target_met, Some(true));
        assert!(
            p.words
                .contains("was 0.57 at the baseline and is 0.85 now (better, and within the band)"),
            "{}",
            p.words
        );
        let p = progress(&a, Some(0.5), ParityRange::NHS);
        assert!(
            p.words.contains("(worse)") && p.words.contains("not met yet"),
            "{}",
            p.words
        );
        let a = action(MetricId::M3, Bound::AtMost, 2.0, Some(2.72));
        assert!(progress(&a, Some(2.1), ParityRange::NHS)
            .words
            .contains("(better)"));
        assert!(progress(&a, None, ParityRange::NHS)
            .words
            .contains("cannot be measured"));
    }

    #[test]
    fn the_example_plan_reads_without_messages_and_checks_clean() {
        let l = from_json(EXAMPLE.as_bytes()).unwrap();
        assert!(l.messages.is_empty(), "{:?}", l.messages);
        assert!(l.plan.actions.len() >= 4);
        assert_eq!(check(&l.plan), vec![]);
        for (t, acts) in l.plan.by_theme() {
            assert!(
                !acts.is_empty(),
                "the example has no action under {}",
                t.name
            );
        }
    }
}
