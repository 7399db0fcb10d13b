//! `scwres compare`, run as a facilitator would run it.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn scwres(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scwres"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the scwres binary runs")
}

/// A folder of this test's own with the files named, removed at the end.
struct Dir(PathBuf);

impl Dir {
    fn new(tag: &str, files: &[(&str, &str)]) -> Dir {
        let dir = std::env::temp_dir().join(format!("scwres-compare-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in files {
            std::fs::write(dir.join(name), text).unwrap();
        }
        Dir(dir)
    }

    fn path(&self, name: &str) -> String {
        self.0.join(name).to_string_lossy().into_owned()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn council(a: u64, n1: u64, c: u64, n2: u64) -> String {
    format!(
        "workforce,measure,pay_band,white,minority_ethnic,not_known\n\
         adults,staff,All staff,{n2},{n1},0\n\
         adults,shortlisted,,{n2},{n1},0\n\
         adults,appointed,,{c},{a},0\n\
         adults,leavers,,{c},{a},0\n"
    )
}

const BAD: &str =
    "workforce,measure,pay_band,white,minority_ethnic,not_known\nadults,staff,All,10,ten,0\n";

#[test]
fn json_has_the_pooled_figures_the_councils_and_the_messages() {
    let north = council(52, 380, 98, 410);
    let south = council(30, 170, 61, 220);
    let east = council(3, 40, 0, 50);
    let dir = Dir::new(
        "json",
        &[
            ("north.csv", &north),
            ("south.csv", &south),
            ("east.csv", &east),
            ("broken.csv", BAD),
        ],
    );
    let files = ["north.csv", "south.csv", "east.csv", "broken.csv"].map(|f| dir.path(f));
    let mut args = vec!["compare"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["--format", "json"]);
    let out = scwres(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let pooled = doc["pooled"].as_array().unwrap();
    let m2 = pooled
        .iter()
        .find(|p| p["workforce"] == "adults" && p["metric"] == "M2")
        .unwrap();
    for key in ["relative_likelihood", "ci95", "q", "i2", "councils"] {
        assert!(m2.get(key).is_some(), "pooled has {key}");
    }
    assert_eq!(m2["councils"], 3);
    let rows: Vec<&Value> = doc["councils"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["workforce"] == "adults" && c["metric"] == "M2")
        .collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["label"], "Council A");
    assert_eq!(rows[0]["file"], files[0]);
    for key in ["relative_likelihood", "ci95", "se_log", "funnel"] {
        assert!(rows[0].get(key).is_some(), "council row has {key}");
    }
    let classes = [
        "within",
        "above_95",
        "above_998",
        "below_95",
        "below_998",
        "none",
    ];
    assert!(rows
        .iter()
        .all(|r| classes.contains(&r["funnel"].as_str().unwrap())));
    // East has no white appointed: no figure, listed as none.
    assert_eq!(rows[2]["funnel"], "none");
    assert_eq!(rows[2]["relative_likelihood"], Value::Null);
    // The broken file's error, with its file, row and column.
    let error = doc["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["severity"] == "error")
        .unwrap();
    assert_eq!(error["file"], files[3]);
    assert_eq!(error["row"], 2);
    assert_eq!(error["column"], "E");
}

#[test]
fn names_and_targets_and_csv() {
    let north = council(52, 380, 98, 410);
    let south = council(30, 170, 61, 220);
    let dir = Dir::new(
        "names",
        &[("Northshire.csv", &north), ("Southby.csv", &south)],
    );
    let (n, s) = (dir.path("Northshire.csv"), dir.path("Southby.csv"));
    let out = scwres(&[
        "compare", &n, &s, "--names", "--format", "csv", "--target", "1",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("workforce,metric,title,pooled_relative_likelihood"));
    assert!(text.contains("\r\nNorthshire,adults,M2,52,380,98,410,"));
    let out = scwres(&["compare", &n, &s, "--target", "national"]);
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("2 councils compared; 0 files left out."));
    let labels = |extra: &[&str]| {
        let mut args = vec!["compare", n.as_str(), s.as_str(), "--format", "json"];
        args.extend(extra);
        let doc: Value = serde_json::from_slice(&scwres(&args).stdout).unwrap();
        doc["councils"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["label"].as_str().unwrap().to_owned())
            .collect::<std::collections::BTreeSet<_>>()
    };
    assert_eq!(
        labels(&[]),
        ["Council A", "Council B"].map(String::from).into()
    );
    assert_eq!(
        labels(&["--names"]),
        ["Northshire", "Southby"].map(String::from).into()
    );
}

#[test]
fn exit_2_only_when_no_file_can_be_compared() {
    let dir = Dir::new("bad", &[("broken.csv", BAD), ("empty.csv", "")]);
    let out = scwres(&["compare", &dir.path("broken.csv"), &dir.path("empty.csv")]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("broken.csv: error: row 2, column E"), "{err}");
    assert!(err.contains("no file could be compared"));
    let out = scwres(&["compare", &dir.path("missing.csv")]);
    assert_eq!(out.status.code(), Some(2));
    let out = scwres(&["compare", "--format", "xml", &dir.path("broken.csv")]);
    assert_eq!(out.status.code(), Some(2));
    let out = scwres(&["compare"]);
    assert_eq!(out.status.code(), Some(2));
}
