//! The plan file: writing it, and reading it without losing what can be read (an action or
//! note that cannot be read is kept as written, with a message). docs/plan-format.md.

use serde_json::Value;

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

/// Writes the plan file (pretty JSON, ending in a new line).
pub fn to_json(plan: &Plan) -> String {
    let mut actions: Vec<Value> = plan
        .actions
        .iter()
        .map(|a| serde_json::to_value(a).expect("an action serialises"))
        .collect();
    actions.extend(plan.unread_actions.iter().cloned());
    let mut notes: Vec<Value> = plan
        .notes
        .iter()
        .map(|n| serde_json::to_value(n).expect("a note serialises"))
        .collect();
    notes.extend(plan.unread_notes.iter().cloned());
    let doc = serde_json::json!({
        "format": FORMAT,
        "version": VERSION,
        "council": plan.council,
        "period": plan.period,
        "actions": actions,
        "notes": notes,
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("a plan serialises");
    s.push('\n');
    s
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
    let doc: Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "This file is not a plan file the calculator can read: it is not valid JSON (line {}, column {}: {}).",
            e.line(),
            e.column(),
            plain_serde(&e.to_string())
        )
    })?;
    let Some(obj) = doc.as_object() else {
        return Err("This file is not a plan file: it holds JSON, but not an object with \"format\": \"sc-wres-plan\".".to_owned());
    };
    if obj.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(format!(
            "This file is not a plan file: it does not say \"format\": \"{FORMAT}\" (is it a results export, or another tool's file?)."
        ));
    }
    let mut messages = Vec::new();
    match obj.get("version").and_then(Value::as_u64) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) if v > u64::from(VERSION) => messages.push(format!(
            "This plan was saved by a newer version of the calculator (plan format version {v}; this one reads version {VERSION}). Everything it could read is shown; parts it does not understand are kept as they were and saved back unchanged. Use the newer calculator to be sure nothing is missed."
        )),
        _ => messages.push(format!(
            "The plan file has no usable \"version\" (it should be {VERSION}); it was read as version {VERSION}."
        )),
    }
    let text_field = |k: &str| obj.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
    let mut plan = Plan {
        council: text_field("council"),
        period: text_field("period"),
        ..Plan::default()
    };
    for (i, v) in list(obj.get("actions"), "actions", &mut messages)
        .into_iter()
        .enumerate()
    {
        match read_action(&v) {
            Ok(a) => plan.actions.push(a),
            Err(e) => {
                messages.push(format!(
                    "Action {} in the file could not be read ({e}); it is kept as written and saved back unchanged.",
                    i + 1
                ));
                plan.unread_actions.push(v);
            }
        }
    }
    for (i, v) in list(obj.get("notes"), "notes", &mut messages)
        .into_iter()
        .enumerate()
    {
        match serde_json::from_value::<DataNote>(v.clone()) {
            Ok(n) => plan.notes.push(n),
            Err(e) => {
                messages.push(format!(
                    "Note {} on the data could not be read ({}); it is kept as written and saved back unchanged.",
                    i + 1,
                    plain_serde(&e.to_string())
                ));
                plan.unread_notes.push(v);
            }
        }
    }
    Ok(Loaded { plan, messages })
}

fn list(v: Option<&Value>, name: &str, messages: &mut Vec<String>) -> Vec<Value> {
    match v {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a.clone(),
        Some(_) => {
            messages.push(format!(
                "The plan file's \"{name}\" is not a list; none could be read from it."
            ));
            Vec::new()
        }
    }
}

/// serde's message without its position (given separately) and in plainer words.
fn plain_serde(e: &str) -> String {
    e.split(" at line ").next().unwrap_or(e).to_owned()
}

/// One action, field by field, with a message naming the field that is wrong.
fn read_action(v: &Value) -> Result<Action, String> {
    let o = v.as_object().ok_or("it is not an object")?;
    let s = |k: &str| -> Result<String, String> {
        match o.get(k) {
            None | Some(Value::Null) => Ok(String::new()),
            Some(Value::String(s)) => Ok(s.clone()),
            Some(_) => Err(format!("\"{k}\" is not text")),
        }
    };
    let metric_text = o.get("metric").and_then(Value::as_str).unwrap_or("");
    let metric = metric_from_str(metric_text).ok_or_else(|| {
        format!("it is for the metric \"{metric_text}\", which is not one of the SC-WRES metrics M1 to M9")
    })?;
    let wf_text = o.get("workforce").and_then(Value::as_str).unwrap_or("");
    let workforce = scope_from_str(wf_text).ok_or_else(|| {
        format!("its workforce \"{wf_text}\" is not adults, children or combined")
    })?;
    let de = |k: &str| -> Result<Option<Value>, String> {
        Ok(o.get(k).filter(|v| !v.is_null()).cloned())
    };
    let baseline = match de("baseline")? {
        None => None,
        Some(Value::Number(n)) => n.as_f64(),
        Some(_) => return Err("\"baseline\" is not a number".to_owned()),
    };
    let target = match de("target")? {
        None => None,
        Some(t) => Some(serde_json::from_value::<Target>(t).map_err(|_| {
            "\"target\" is not {\"bound\": \"at_least\" or \"at_most\", \"value\": a number}"
                .to_owned()
        })?),
    };
    let term = match de("term")? {
        None => Term::Short,
        Some(t) => serde_json::from_value(t)
            .map_err(|_| "\"term\" is not short, medium or long".to_owned())?,
    };
    let status = match de("status")? {
        None => Status::NotStarted,
        Some(t) => serde_json::from_value(t)
            .map_err(|_| "\"status\" is not not_started, on_track, at_risk or done".to_owned())?,
    };
    Ok(Action {
        metric,
        workforce,
        what: s("what")?,
        owner: s("owner")?,
        baseline,
        target,
        due: s("due")?,
        term,
        status,
        notes: s("notes")?,
    })
}
