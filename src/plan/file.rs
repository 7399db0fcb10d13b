//! The plan file: writing it, and reading it without losing what can be read (an action or
//! note that cannot be read is kept as written, with a message). docs/plan-format.md.
//!
//! Read field by field from serde_json's raw values (the text of each value as written), so
//! that each problem names its field, and an unreadable action is saved back exactly.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::{
    metric_from_str, scope_from_str, Action, DataNote, Plan, Status, Target, Term, FORMAT,
    MAX_BYTES, VERSION,
};
use crate::format;

/// A plan file read: the plan (all that could be read) and what could not be.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub plan: Plan,
    pub messages: Vec<String>,
}

/// An action or a note as the file is written: read, or kept as it was.
#[derive(Serialize)]
#[serde(untagged)]
enum Item<'a, T: Serialize> {
    Read(&'a T),
    Kept(Box<RawValue>),
}

#[derive(Serialize)]
struct FileOut<'a> {
    format: &'a str,
    version: u32,
    council: &'a str,
    period: &'a str,
    actions: Vec<Item<'a, Action>>,
    notes: Vec<Item<'a, DataNote>>,
}

fn kept<'a, T: Serialize + 'a>(raw: &'a [String]) -> impl Iterator<Item = Item<'a, T>> + 'a {
    raw.iter()
        .filter_map(|r| RawValue::from_string(r.clone()).ok().map(Item::Kept))
}

/// Writes the plan file (pretty JSON, ending in a new line).
pub fn to_json(plan: &Plan) -> String {
    let doc = FileOut {
        format: FORMAT,
        version: VERSION,
        council: &plan.council,
        period: &plan.period,
        actions: plan
            .actions
            .iter()
            .map(Item::Read)
            .chain(kept(&plan.unread_actions))
            .collect(),
        notes: plan
            .notes
            .iter()
            .map(Item::Read)
            .chain(kept(&plan.unread_notes))
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("a plan serialises");
    s.push('\n');
    s
}

type Raw = Option<Box<RawValue>>;

/// The file's top level, each field as written.
#[derive(Deserialize)]
struct FileIn {
    format: Raw,
    version: Raw,
    council: Raw,
    period: Raw,
    actions: Raw,
    notes: Raw,
}

/// An action, each field as written.
#[derive(Deserialize)]
struct ActionIn {
    metric: Raw,
    workforce: Raw,
    what: Raw,
    owner: Raw,
    baseline: Raw,
    target: Raw,
    due: Raw,
    term: Raw,
    status: Raw,
    notes: Raw,
}

/// A field's value as `T`; `None` when it is missing or null; `Err` when it is not a `T`.
fn field<T: for<'de> Deserialize<'de>>(raw: &Raw) -> Result<Option<T>, ()> {
    match raw {
        None => Ok(None),
        Some(r) if r.get() == "null" => Ok(None),
        Some(r) => serde_json::from_str(r.get()).map(Some).map_err(|_| ()),
    }
}

/// Reads a plan file. `Err` only when nothing at all can be read (not JSON, not a plan);
/// otherwise the plan with everything readable, and a message for each part that was not.
pub fn from_json(bytes: &[u8]) -> Result<Loaded, String> {
    if bytes.len() > MAX_BYTES {
        return Err(format!(
            "This file is {}, far larger than a plan file can be ({} at most): is it the right file?",
            format::bytes(bytes.len()),
            format::bytes(MAX_BYTES)
        ));
    }
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| "This file is not a plan file: it is not text (a plan file is JSON text saved by the calculator).".to_owned())?;
    // Valid JSON first (for the message's position), then an object.
    let any: &RawValue = serde_json::from_str(text).map_err(|e| {
        format!(
            "This file is not a plan file the calculator can read: it is not valid JSON (line {}, column {}: {}).",
            e.line(),
            e.column(),
            plain_serde(&e.to_string())
        )
    })?;
    let not_object = || {
        "This file is not a plan file: it holds JSON, but not an object with \"format\": \"sc-wres-plan\".".to_owned()
    };
    if !any.get().starts_with('{') {
        return Err(not_object());
    }
    let doc: FileIn = serde_json::from_str(any.get()).map_err(|_| not_object())?;
    if field::<String>(&doc.format) != Ok(Some(FORMAT.to_owned())) {
        return Err(format!(
            "This file is not a plan file: it does not say \"format\": \"{FORMAT}\" (is it a results export, or another tool's file?)."
        ));
    }
    let mut messages = Vec::new();
    match field::<u64>(&doc.version) {
        Ok(Some(v)) if v == u64::from(VERSION) => {}
        Ok(Some(v)) if v > u64::from(VERSION) => messages.push(format!(
            "This plan was saved by a newer version of the calculator (plan format version {v}; this one reads version {VERSION}). Everything it could read is shown; parts it does not understand are kept as they were and saved back unchanged. Use the newer calculator to be sure nothing is missed."
        )),
        _ => messages.push(format!(
            "The plan file has no usable \"version\" (it should be {VERSION}); it was read as version {VERSION}."
        )),
    }
    let text_field = |r: &Raw| field::<String>(r).ok().flatten().unwrap_or_default();
    let mut plan = Plan {
        council: text_field(&doc.council),
        period: text_field(&doc.period),
        ..Plan::default()
    };
    for (i, v) in list(&doc.actions, "actions", &mut messages)
        .into_iter()
        .enumerate()
    {
        match read_action(v) {
            Ok(a) => plan.actions.push(a),
            Err(e) => {
                messages.push(format!(
                    "Action {} in the file could not be read ({e}); it is kept as written and saved back unchanged.",
                    i + 1
                ));
                plan.unread_actions.push(v.get().to_owned());
            }
        }
    }
    for (i, v) in list(&doc.notes, "notes", &mut messages)
        .into_iter()
        .enumerate()
    {
        match serde_json::from_str::<DataNote>(v.get()) {
            Ok(n) => plan.notes.push(n),
            Err(e) => {
                messages.push(format!(
                    "Note {} on the data could not be read ({}); it is kept as written and saved back unchanged.",
                    i + 1,
                    plain_serde(&e.to_string())
                ));
                plan.unread_notes.push(v.get().to_owned());
            }
        }
    }
    Ok(Loaded { plan, messages })
}

/// The items of a list field, each as written.
fn list<'a>(v: &'a Raw, name: &str, messages: &mut Vec<String>) -> Vec<&'a RawValue> {
    match v {
        None => Vec::new(),
        Some(r) if r.get() == "null" => Vec::new(),
        Some(r) => match serde_json::from_str::<Vec<&RawValue>>(r.get()) {
            Ok(items) => items,
            Err(_) => {
                messages.push(format!(
                    "The plan file's \"{name}\" is not a list; none could be read from it."
                ));
                Vec::new()
            }
        },
    }
}

/// serde's message without its position (given separately) and in plainer words.
fn plain_serde(e: &str) -> String {
    e.split(" at line ").next().unwrap_or(e).to_owned()
}

/// One action, field by field, with a message naming the field that is wrong.
fn read_action(v: &RawValue) -> Result<Action, String> {
    if !v.get().starts_with('{') {
        return Err("it is not an object".to_owned());
    }
    let o: ActionIn =
        serde_json::from_str(v.get()).map_err(|_| "it is not an object".to_owned())?;
    let text = |r: &Raw, k: &str| -> Result<String, String> {
        field::<String>(r)
            .map(Option::unwrap_or_default)
            .map_err(|_| format!("\"{k}\" is not text"))
    };
    let metric_text = field::<String>(&o.metric)
        .ok()
        .flatten()
        .unwrap_or_default();
    let metric = metric_from_str(&metric_text).ok_or_else(|| {
        format!("it is for the metric \"{metric_text}\", which is not one of the SC-WRES metrics M1 to M9")
    })?;
    let wf_text = field::<String>(&o.workforce)
        .ok()
        .flatten()
        .unwrap_or_default();
    let workforce = scope_from_str(&wf_text).ok_or_else(|| {
        format!("its workforce \"{wf_text}\" is not adults, children or combined")
    })?;
    let baseline =
        field::<f64>(&o.baseline).map_err(|_| "\"baseline\" is not a number".to_owned())?;
    let target = field::<Target>(&o.target).map_err(|_| {
        "\"target\" is not {\"bound\": \"at_least\" or \"at_most\", \"value\": a number}".to_owned()
    })?;
    let term = field::<Term>(&o.term)
        .map_err(|_| "\"term\" is not short, medium or long".to_owned())?
        .unwrap_or_default();
    let status = field::<Status>(&o.status)
        .map_err(|_| "\"status\" is not not_started, on_track, at_risk or done".to_owned())?
        .unwrap_or_default();
    Ok(Action {
        metric,
        workforce,
        what: text(&o.what, "what")?,
        owner: text(&o.owner, "owner")?,
        baseline,
        target,
        due: text(&o.due, "due")?,
        term,
        status,
        notes: text(&o.notes, "notes")?,
    })
}
