//! The plan file: saved and loaded again it is the same plan; a bad file gets a clear
//! message and loses nothing that can be read.

use scwres::metrics::MetricId;
use scwres::plan::{self, Action, Bound, Plan, Status, Target, Term};
use scwres::results::{compute, Scope, Settings};
use scwres::submission::parse;

fn example_results() -> scwres::results::Results {
    let parsed = parse(include_bytes!("../data/example-submission.csv"));
    compute(&parsed.submission.unwrap(), &Settings::default())
}

fn sample_plan() -> Plan {
    let results = example_results();
    let mut plan = Plan {
        council: "Northbrook Council (fictional) – \"quotes\", ünïcode".into(),
        period: "2023-24".into(),
        ..Plan::default()
    };
    let mut a = Action::new(MetricId::M2, Scope::Adults, Some(&results));
    a.what = "Anonymised shortlisting\nwith a second line".into();
    a.owner = "Head of HR".into();
    a.target = Some(Target {
        bound: Bound::AtLeast,
        value: 0.8,
    });
    a.due = "2025-03-31".into();
    a.term = Term::Medium;
    a.status = Status::AtRisk;
    a.notes = "n".into();
    plan.actions.push(a);
    plan.actions
        .push(Action::new(MetricId::M7b, Scope::Children, Some(&results)));
    let parsed = parse(include_bytes!("../data/example-submission.csv"));
    let caution = parsed
        .messages
        .iter()
        .find(|m| plan::explainable(m))
        .expect("the example raises a caution");
    plan.set_note(caution, "The survey ran in one directorate only.");
    plan
}

#[test]
fn a_new_action_takes_its_baseline_from_the_results() {
    let results = example_results();
    let a = Action::new(MetricId::M2, Scope::Adults, Some(&results));
    let rl = results
        .scope(Scope::Adults)
        .unwrap()
        .metric(MetricId::M2)
        .unwrap()
        .relative_likelihood;
    assert!(rl.is_some());
    assert_eq!(a.baseline, rl);
}

#[test]
fn saved_and_loaded_again_it_is_the_same_plan() {
    let plan = sample_plan();
    let json = plan::to_json(&plan);
    let loaded = plan::from_json(json.as_bytes()).unwrap();
    assert_eq!(loaded.messages, Vec::<String>::new());
    assert_eq!(loaded.plan, plan);
    // And saving it again gives the same bytes.
    assert_eq!(plan::to_json(&loaded.plan), json);
}

#[test]
fn the_plan_file_holds_no_counts() {
    let json = plan::to_json(&sample_plan());
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["format"], "sc-wres-plan");
    assert_eq!(v["version"], 1);
    let keys = ["minority_ethnic", "white", "population", "events", "rows"];
    for k in keys {
        assert!(!json.contains(&format!("\"{k}\"")), "{k} in {json}");
    }
}

#[test]
fn the_note_is_found_for_its_caution() {
    let plan = sample_plan();
    let parsed = parse(include_bytes!("../data/example-submission.csv"));
    let with_note: Vec<_> = parsed
        .messages
        .iter()
        .filter(|m| plan.note_for(m).is_some())
        .collect();
    assert_eq!(with_note.len(), 1);
}

#[test]
fn not_json_is_refused_with_its_position() {
    let e = plan::from_json(b"{\"format\": \"sc-wres-plan\",\n \"version\": 1,,}").unwrap_err();
    assert!(e.contains("not valid JSON (line 2, column"), "{e}");
    let e = plan::from_json(b"workforce,measure\n").unwrap_err();
    assert!(e.contains("not valid JSON"), "{e}");
    let e = plan::from_json(&[0xff, 0xfe, 0]).unwrap_err();
    assert!(e.contains("not text"), "{e}");
    let e = plan::from_json(b"[1, 2]").unwrap_err();
    assert!(e.contains("not an object"), "{e}");
    let e = plan::from_json(b"{\"results\": []}").unwrap_err();
    assert!(
        e.contains("does not say \"format\": \"sc-wres-plan\""),
        "{e}"
    );
}

#[test]
fn a_newer_version_is_read_as_far_as_it_can_be_and_said_so() {
    let mut v: serde_json::Value = serde_json::from_str(&plan::to_json(&sample_plan())).unwrap();
    v["version"] = 2.into();
    v["actions"][0]["owner_email"] = "someone@example.org".into();
    v["actions"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"metric": "M10", "what": "A metric from the future"}));
    let loaded = plan::from_json(v.to_string().as_bytes()).unwrap();
    assert!(loaded.messages[0].contains("newer version of the calculator (plan format version 2"));
    assert!(
        loaded.messages[1].contains("Action 3 in the file could not be read")
            && loaded.messages[1].contains("\"M10\""),
        "{:?}",
        loaded.messages
    );
    assert_eq!(loaded.plan.actions.len(), 2);
    assert_eq!(loaded.plan.actions[0].what, sample_plan().actions[0].what);
    // The unread action is saved back as it was.
    let again = plan::to_json(&loaded.plan);
    assert!(again.contains("A metric from the future"), "{again}");
}

#[test]
fn each_bad_field_is_named_and_the_rest_kept() {
    let text = r#"{"format": "sc-wres-plan", "version": 1, "council": "C",
        "actions": [
          {"metric": "M3", "workforce": "adults", "what": "ok", "target": {"bound": "at_most", "value": 1.2}},
          {"metric": "M3", "workforce": "adults", "what": "bad target", "target": {"bound": "below", "value": 1}},
          {"metric": "M3", "workforce": "everyone", "what": "bad workforce"},
          {"metric": "M3", "workforce": "adults", "status": "finished"},
          "not an object"
        ],
        "notes": [{"caution": "x"}, {"caution": "k", "caution_text": "t", "note": "n"}]}"#;
    let loaded = plan::from_json(text.as_bytes()).unwrap();
    assert_eq!(loaded.plan.actions.len(), 1);
    assert_eq!(loaded.plan.unread_actions.len(), 4);
    assert_eq!(loaded.plan.notes.len(), 1);
    assert_eq!(loaded.plan.unread_notes.len(), 1);
    let m = loaded.messages.join("\n");
    for expected in [
        "Action 2 in the file could not be read (\"target\" is not",
        "Action 3 in the file could not be read (its workforce \"everyone\"",
        "Action 4 in the file could not be read (\"status\" is not",
        "Action 5 in the file could not be read (it is not an object)",
        "Note 1 on the data could not be read (missing field `caption_text`)",
    ] {
        let expected = expected.replace("caption_text", "caution_text");
        assert!(m.contains(&expected), "missing {expected:?} in\n{m}");
    }
}

#[test]
fn actions_for_metrics_the_file_does_not_have_are_kept_and_named() {
    let csv = b"workforce,measure,pay_band,white,minority_ethnic,not_known\n\
        adults,staff,Band A,100,50,5\n\
        adults,shortlisted,,100,80,0\n\
        adults,appointed,,20,10,0\n";
    let parsed = parse(csv);
    let results = compute(&parsed.submission.unwrap(), &Settings::default());
    let plan = sample_plan();
    let messages = plan::check_against(&plan, &results);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].starts_with(
        "Action 2 (M7b, children's social care) is for a metric this file has no figure for"
    ));
}
