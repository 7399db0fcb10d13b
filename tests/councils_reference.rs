//! Several councils compared, against values computed independently of this code:
//! tests/reference/councils_reference.py (the Mantel–Haenszel relative likelihood with the
//! Greenland–Robins variance, Cochran's Q and I², each council's Katz log ratio, funnel
//! classes against the pooled figure and against 1 with no adjustment, a multiplicative and
//! an additive over-dispersion adjustment, and whether the adjustment is offered), committed
//! as tests/reference/councils_reference.json. Re-run it with
//! `pip install scipy && python3 tests/reference/councils_reference.py > tests/reference/councils_reference.json`.
//!
//! Each case's 2x2 tables (a of n1 minority ethnic shortlisted appointed, c of n2 white) are
//! written as submission files and go through the whole path: read, checked, computed,
//! compared. Then: files with errors among good ones, the same file twice, two files with the
//! same council name.

use scwres::councils::{funnel, Adjustment, Comparison, FunnelClass, Target};
use scwres::diag::{Code, Severity};
use scwres::metrics::MetricId;
use scwres::results::Scope;
use serde_json::Value;

fn reference() -> Value {
    let text = include_str!("reference/councils_reference.json");
    serde_json::from_str(text).expect("the reference is JSON")
}

/// A submission file with M2's counts (and a staff row, so the file is complete enough).
fn file(a: u64, n1: u64, c: u64, n2: u64) -> String {
    format!(
        "workforce,measure,pay_band,white,minority_ethnic,not_known\n\
         adults,staff,All staff,{},{},0\n\
         adults,shortlisted,,{n2},{n1},0\n\
         adults,appointed,,{c},{a},0\n",
        n2.max(1),
        n1.max(1)
    )
}

fn close(got: f64, want: f64, what: &str) {
    let tolerance = 1e-9 * want.abs().max(1.0);
    assert!(
        (got - want).abs() <= tolerance,
        "{what}: {got} against the reference {want}"
    );
}

fn opt(v: &Value) -> Option<f64> {
    v.as_f64()
}

fn class(key: &str) -> FunnelClass {
    match key {
        "within" => FunnelClass::Within,
        "above_95" => FunnelClass::Above95,
        "above_998" => FunnelClass::Above998,
        "below_95" => FunnelClass::Below95,
        "below_998" => FunnelClass::Below998,
        other => panic!("unknown class {other}"),
    }
}

fn compare(tables: &[(u64, u64, u64, u64)]) -> Comparison {
    let files: Vec<(String, Vec<u8>)> = tables
        .iter()
        .enumerate()
        .map(|(i, &(a, n1, c, n2))| {
            (
                format!("council-{i}.csv"),
                format!("{}adults,cpd,,{i},0,0\n", file(a, n1, c, n2)).into_bytes(),
            )
        })
        .collect();
    Comparison::from_files(files.iter().map(|(n, b)| (n.as_str(), b.as_slice())))
}

#[test]
fn pooled_figures_q_i2_and_funnels_match_the_reference() {
    let reference = reference();
    let z95 = reference["z95"].as_f64().unwrap();
    close(scwres::stats::Z95, z95, "z for 95%");
    close(
        scwres::stats::Z998,
        reference["z998"].as_f64().unwrap(),
        "z for 99.8%",
    );
    let cases = reference["cases"].as_array().unwrap();
    assert!(cases.len() >= 5);
    for case in cases {
        let label = case["label"].as_str().unwrap();
        let tables: Vec<(u64, u64, u64, u64)> = case["tables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                let t: Vec<u64> = t
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_u64().unwrap())
                    .collect();
                (t[0], t[1], t[2], t[3])
            })
            .collect();
        let cmp = compare(&tables);
        assert_eq!(
            cmp.councils.len(),
            tables.len(),
            "{label}: every file compared"
        );
        assert_eq!(cmp.errors().count(), 0, "{label}");
        let set = cmp.set(Scope::Adults, MetricId::M2).unwrap();
        assert_eq!(set.figures.len(), tables.len());

        // Pooled.
        let p = &case["pooled"];
        let what = |x: &str| format!("{label}: pooled {x}");
        match opt(&p["relative_likelihood"]) {
            Some(rr) => close(set.pooled.relative_likelihood.unwrap(), rr, &what("RR")),
            None => assert_eq!(set.pooled.relative_likelihood, None, "{}", what("RR")),
        }
        match p["ci95"].as_array() {
            Some(ci) => {
                let got = set.pooled.ci95.unwrap();
                close(got[0], ci[0].as_f64().unwrap(), &what("CI low"));
                close(got[1], ci[1].as_f64().unwrap(), &what("CI high"));
                close(
                    set.pooled.se_log.unwrap(),
                    p["se_log"].as_f64().unwrap(),
                    &what("SE"),
                );
            }
            None => assert_eq!(set.pooled.ci95, None),
        }
        match opt(&p["q"]) {
            Some(q) => {
                close(set.pooled.q.unwrap(), q, &what("Q"));
                close(
                    set.pooled.i2.unwrap(),
                    p["i2"].as_f64().unwrap(),
                    &what("I²"),
                );
            }
            None => assert_eq!(set.pooled.q, None),
        }
        assert_eq!(
            set.pooled.df as u64,
            p["df"].as_u64().unwrap(),
            "{label}: df"
        );
        assert_eq!(
            set.pooled.councils as u64,
            p["councils"].as_u64().unwrap(),
            "{label}: councils pooled"
        );

        // Each council's place, or none.
        let councils = case["councils"].as_object().unwrap();
        for (i, f) in set.figures.iter().enumerate() {
            match councils.get(&i.to_string()) {
                Some(r) => {
                    close(f.log_rl.unwrap(), r["log_rl"].as_f64().unwrap(), label);
                    close(f.se_log.unwrap(), r["se_log"].as_f64().unwrap(), label);
                }
                None => {
                    assert_eq!(f.log_rl, None, "{label}: council {i} has no figure");
                    assert_eq!(f.funnel, FunnelClass::None, "{label}: council {i}");
                    assert!(f.reason.is_some(), "{label}: council {i} says why");
                }
            }
        }

        // Funnels: each target and adjustment.
        for (key, target) in [("pooled", Target::Pooled), ("one", Target::One)] {
            let Some(r) = case["funnels"].get(key) else {
                continue;
            };
            for (adj_key, adjustment) in [
                ("none", Adjustment::None),
                ("multiplicative", Adjustment::Multiplicative),
                ("additive", Adjustment::Additive),
            ] {
                let view = funnel::view(set, target, adjustment);
                let what = format!("{label}: target {key}, {adj_key}");
                close(view.phi.unwrap(), r["phi"].as_f64().unwrap(), &what);
                close(view.tau2.unwrap(), r["tau2"].as_f64().unwrap(), &what);
                assert_eq!(
                    view.outside_998_unadjusted as u64,
                    r["outside_998"].as_u64().unwrap(),
                    "{what}"
                );
                assert_eq!(
                    view.offer_adjustment(),
                    r["offered"].as_bool().unwrap(),
                    "{what}"
                );
                let classes = r["classes"][adj_key].as_object().unwrap();
                assert_eq!(view.points.len(), classes.len(), "{what}: councils drawn");
                for point in &view.points {
                    let want = class(classes[&point.figure.to_string()].as_str().unwrap());
                    assert_eq!(point.class, want, "{what}: council {}", point.figure);
                }
                assert_eq!(
                    view.not_drawn.len() + view.points.len(),
                    tables.len(),
                    "{what}: every council drawn or listed"
                );
                if target == Target::Pooled && adjustment == Adjustment::None {
                    for point in &view.points {
                        assert_eq!(set.figures[point.figure].funnel, point.class);
                    }
                }
            }
        }
    }
}

#[test]
fn the_reference_cases_reach_every_class_and_both_answers_on_the_offer() {
    // So the comparison above cannot pass for want of cases.
    let reference = reference();
    let mut seen = std::collections::BTreeSet::new();
    let mut offered = std::collections::BTreeSet::new();
    for case in reference["cases"].as_array().unwrap() {
        for f in case["funnels"].as_object().unwrap().values() {
            offered.insert(f["offered"].as_bool().unwrap());
            for adj in f["classes"].as_object().unwrap().values() {
                for c in adj.as_object().unwrap().values() {
                    seen.insert(c.as_str().unwrap().to_owned());
                }
            }
        }
    }
    assert_eq!(seen.len(), 5, "{seen:?}");
    assert_eq!(offered.len(), 2);
}

#[test]
fn files_with_errors_are_left_out_and_the_rest_compared() {
    let good = file(52, 380, 98, 410);
    let other = file(30, 170, 61, 220);
    let bad =
        "workforce,measure,pay_band,white,minority_ethnic,not_known\nadults,staff,All,10,x,0\n";
    let files = [
        ("york.csv", good.as_bytes()),
        ("broken.csv", bad.as_bytes()),
        ("leeds.csv", other.as_bytes()),
        ("empty.csv", b"".as_slice()),
    ];
    let cmp = Comparison::from_files(files);
    assert_eq!(cmp.councils.len(), 2);
    assert_eq!(cmp.councils[0].label, "Council A");
    assert_eq!(cmp.councils[1].label, "Council B");
    assert_eq!(cmp.councils[1].name, "leeds");
    let left: Vec<&str> = cmp.left_out.iter().map(|l| l.file.as_str()).collect();
    assert_eq!(left, ["broken.csv", "empty.csv"]);
    // The error keeps its place in its file.
    let error = cmp
        .errors()
        .find(|m| m.file == "broken.csv")
        .expect("the broken file's error");
    assert_eq!(error.message.row, Some(2));
    assert_eq!(error.message.column_letter.as_deref(), Some("E"));
    let json: Value = serde_json::to_value(error).unwrap();
    assert_eq!(json["file"], "broken.csv");
    assert_eq!(json["row"], 2);
    assert_eq!(json["column"], "E");
    assert!(cmp.errors().any(|m| m.file == "empty.csv"));
    // Two councils pool to what the two give.
    let set = cmp.set(Scope::Adults, MetricId::M2).unwrap();
    assert_eq!(set.pooled.councils, 2);
}

#[test]
fn the_same_file_twice_and_the_same_name_are_warned_about() {
    let a = file(52, 380, 98, 410);
    let b = file(30, 170, 61, 220);
    let files = [
        ("north/york.csv", a.as_bytes()),
        ("copy-of-york.csv", a.as_bytes()),
        ("south/York.CSV", b.as_bytes()),
    ];
    let cmp = Comparison::from_files(files);
    assert_eq!(cmp.councils.len(), 2, "the repeat is left out");
    let codes: Vec<(&str, Code)> = cmp
        .messages
        .iter()
        .filter(|m| m.message.severity == Severity::Warning)
        .filter(|m| matches!(m.message.code, Code::SameFile | Code::SameCouncilName))
        .map(|m| (m.file.as_str(), m.message.code))
        .collect();
    assert_eq!(
        codes,
        [
            ("copy-of-york.csv", Code::SameFile),
            ("south/York.CSV", Code::SameCouncilName)
        ]
    );
}

#[test]
fn a_file_too_large_is_reported_with_its_own_size() {
    let good = file(52, 380, 98, 410);
    let head = vec![b'x'; scwres::submission::MAX_FILE_BYTES + 1];
    let cmp = Comparison::from_sized([
        ("york.csv", good.as_bytes(), good.len()),
        ("extract.csv", head.as_slice(), 250_000_000),
    ]);
    assert_eq!(cmp.councils.len(), 1);
    let error = cmp.errors().next().unwrap();
    assert_eq!(error.file, "extract.csv");
    assert_eq!(error.message.code, Code::FileTooLarge);
    assert!(
        error.message.message.contains("250.0 MB"),
        "{}",
        error.message.message
    );
}

#[test]
fn a_council_with_one_workforce_is_in_that_workforce_only() {
    let adults = file(52, 380, 98, 410);
    let children = adults.replace("adults", "children");
    let cmp =
        Comparison::from_files([("a.csv", adults.as_bytes()), ("c.csv", children.as_bytes())]);
    let a = cmp.set(Scope::Adults, MetricId::M2).unwrap();
    let c = cmp.set(Scope::Children, MetricId::M2).unwrap();
    assert_eq!(a.figures.iter().map(|f| f.council).collect::<Vec<_>>(), [0]);
    assert_eq!(c.figures.iter().map(|f| f.council).collect::<Vec<_>>(), [1]);
    assert_eq!(cmp.workforces(), [Scope::Adults, Scope::Children]);
}
