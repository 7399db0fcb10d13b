//! A plan file as read, in a flat text form for the page: the report writer's WebAssembly
//! module (src/bin/report_wasm.rs), which the page starts only when it needs it, reads a
//! plan file ([`super::from_json`]) and answers in this form, which the page reads with a few
//! lines of code, so that the JSON reader is never in the way of the page's start
//! (docs/performance.md). Records are separated by U+001E, fields by U+001F (a plan's own
//! text holding either has it replaced by U+FFFD). `data/example-plan.flat` is the example
//! plan in this form (a test checks it matches `data/example-plan.json`).

use super::{
    metric_from_str, scope_from_str, Action, Bound, DataNote, Loaded, Plan, Status, Target, Term,
};

/// Between records, and between the fields of a record.
pub const RS: char = '\u{1e}';
pub const US: char = '\u{1f}';
/// Between the sections of a report's request (src/report/request.rs).
pub const GS: char = '\u{1d}';

/// Text without the three separators (each becomes U+FFFD).
pub fn clean(text: &str) -> String {
    text.replace([RS, US, GS], "\u{fffd}")
}

/// A plan file as read (plan and messages), as flat text.
pub fn to_flat(loaded: &Loaded) -> String {
    let p = &loaded.plan;
    let mut records: Vec<Vec<String>> =
        vec![vec!["plan".into(), clean(&p.council), clean(&p.period)]];
    for m in &loaded.messages {
        records.push(vec!["message".into(), clean(m)]);
    }
    for a in &p.actions {
        let (bound, value) = a.target.map_or((String::new(), String::new()), |t| {
            let b = match t.bound {
                Bound::AtLeast => "at_least",
                Bound::AtMost => "at_most",
            };
            (b.to_owned(), t.value.to_string())
        });
        records.push(vec![
            "action".into(),
            a.metric.as_str().into(),
            a.workforce.key().into(),
            clean(&a.what),
            clean(&a.owner),
            a.baseline.map_or(String::new(), |b| b.to_string()),
            bound,
            value,
            clean(&a.due),
            a.term.key().into(),
            a.status.key().into(),
            clean(&a.notes),
        ]);
    }
    for n in &p.notes {
        records.push(vec![
            "note".into(),
            clean(&n.caution),
            clean(&n.caution_text),
            clean(&n.note),
        ]);
    }
    for r in &p.unread_actions {
        records.push(vec!["unread_action".into(), clean(r)]);
    }
    for r in &p.unread_notes {
        records.push(vec!["unread_note".into(), clean(r)]);
    }
    records
        .iter()
        .map(|r| r.join(&US.to_string()))
        .collect::<Vec<_>>()
        .join(&RS.to_string())
}

/// Reads [`to_flat`]'s text; `None` if it is not that.
pub fn from_flat(text: &str) -> Option<Loaded> {
    let mut loaded = Loaded {
        plan: Plan::default(),
        messages: Vec::new(),
    };
    for record in text.split(RS) {
        let f: Vec<&str> = record.split(US).collect();
        let p = &mut loaded.plan;
        match (f[0], f.len()) {
            ("plan", 3) => {
                p.council = f[1].to_owned();
                p.period = f[2].to_owned();
            }
            ("message", 2) => loaded.messages.push(f[1].to_owned()),
            ("action", 12) => {
                let number = |t: &str| -> Option<Option<f64>> {
                    if t.is_empty() {
                        Some(None)
                    } else {
                        t.parse().ok().map(Some)
                    }
                };
                let bound = match f[6] {
                    "at_least" => Some(Bound::AtLeast),
                    "at_most" => Some(Bound::AtMost),
                    _ => None,
                };
                p.actions.push(Action {
                    metric: metric_from_str(f[1])?,
                    workforce: scope_from_str(f[2])?,
                    what: f[3].to_owned(),
                    owner: f[4].to_owned(),
                    baseline: number(f[5])?,
                    target: bound
                        .zip(number(f[7])?)
                        .map(|(bound, value)| Target { bound, value }),
                    due: f[8].to_owned(),
                    term: Term::ALL.into_iter().find(|t| t.key() == f[9])?,
                    status: Status::ALL.into_iter().find(|s| s.key() == f[10])?,
                    notes: f[11].to_owned(),
                });
            }
            ("note", 4) => p.notes.push(DataNote {
                caution: f[1].to_owned(),
                caution_text: f[2].to_owned(),
                note: f[3].to_owned(),
            }),
            ("unread_action", 2) => p.unread_actions.push(f[1].to_owned()),
            ("unread_note", 2) => p.unread_notes.push(f[1].to_owned()),
            _ => return None,
        }
    }
    Some(loaded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{from_json, EXAMPLE};

    #[test]
    fn the_flat_form_gives_back_the_plan_and_its_messages() {
        let mut text: serde_json::Value = serde_json::from_str(EXAMPLE).unwrap();
        text["version"] = 2.into();
        text["actions"][0]["what"] = "A \u{1e} record \u{1f} separator".into();
        text["actions"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({"metric": "M10"}));
        let loaded = from_json(text.to_string().as_bytes()).unwrap();
        assert_eq!(loaded.messages.len(), 2);
        let back = from_flat(&to_flat(&loaded)).unwrap();
        assert_eq!(back.messages, loaded.messages);
        assert_eq!(
            back.plan.actions[0].what,
            "A \u{fffd} record \u{fffd} separator"
        );
        let mut expected = loaded.plan.clone();
        expected.actions[0].what = back.plan.actions[0].what.clone();
        assert_eq!(back.plan, expected);
        assert!(from_flat("nonsense").is_none());
        assert!(from_flat("action\u{1f}M2").is_none());
    }

    #[test]
    fn the_example_in_flat_form_is_the_example_plan() {
        let example = from_json(EXAMPLE.as_bytes()).unwrap();
        if std::env::var_os("SCWRES_WRITE_EXAMPLE_FLAT").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/example-plan.flat");
            std::fs::write(path, to_flat(&example)).unwrap();
            return;
        }
        assert_eq!(
            super::super::EXAMPLE_FLAT,
            to_flat(&example),
            "data/example-plan.flat is out of date: write it again with SCWRES_WRITE_EXAMPLE_FLAT=1 cargo test --lib flat"
        );
        assert_eq!(from_flat(super::super::EXAMPLE_FLAT).unwrap(), example);
    }
}
