//! The `scwres` command line, run as a user would run it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn scwres(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scwres"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the scwres binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

fn json(o: &Output) -> Value {
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(o));
    serde_json::from_str(&stdout(o)).expect("stdout is JSON")
}

/// A file in a directory of this test's own, removed when the test passes or fails.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, contents: &str) -> TempFile {
        let dir = std::env::temp_dir().join(format!("scwres-cli-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, contents).unwrap();
        TempFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

const EXAMPLE: &str = "data/example-submission.csv";

fn result<'a>(doc: &'a Value, workforce: &str, metric: &str) -> &'a Value {
    doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["workforce"] == workforce && r["metric"] == metric)
        .unwrap_or_else(|| panic!("no {workforce} {metric} in the results"))
}

fn close(x: &Value, y: f64, rel: f64) -> bool {
    let x = x.as_f64().unwrap_or(f64::NAN);
    (x - y).abs() <= rel * y.abs()
}

#[test]
fn example_gives_json_per_the_contract() {
    let doc = json(&scwres(&["report", EXAMPLE, "--format", "json"]));
    let results = doc["results"].as_array().unwrap();
    // Adults, children and both combined, ten metrics each (M7 as M7a and M7b).
    assert_eq!(results.len(), 30);
    assert_eq!(results[0]["workforce"], "adults");
    assert_eq!(results[0]["metric"], "M1");
    for r in results {
        assert!(["adults", "children", "combined"].contains(&r["workforce"].as_str().unwrap()));
        assert!(r["metric"].is_string());
        assert!(r["relative_likelihood"].is_number() || r["relative_likelihood"].is_null());
        match &r["ci95"] {
            Value::Null => {}
            Value::Array(a) => {
                assert_eq!(a.len(), 2);
                assert!(a[0].as_f64().unwrap() <= a[1].as_f64().unwrap());
            }
            other => panic!("ci95 is {other}"),
        }
        assert!(r["fisher_p"].is_number() || r["fisher_p"].is_null());
        assert!(r["verdict"].is_string());
        assert!(!r["sentence"].as_str().unwrap().is_empty());
    }
    // Adults M2: 52 of 380 minority ethnic against 98 of 410 white shortlisted applicants
    // appointed (reference values from tests/reference/stats_reference.py).
    let m2 = result(&doc, "adults", "M2");
    assert!(close(&m2["relative_likelihood"], 0.5725026852846402, 1e-12));
    assert!(close(&m2["ci95"][0], 0.4216120777313883, 1e-7));
    assert!(close(&m2["ci95"][1], 0.7773954826477748, 1e-7));
    assert!(close(&m2["fisher_p"], 0.00027027359924741245, 1e-9));
    assert_eq!(m2["verdict"], "adverse_to_minority_ethnic");
    assert_eq!(
        m2["sentence"],
        "Minority ethnic staff were 0.57 times as likely as white staff to be appointed from \
         shortlisting (43% less likely)."
    );
    // Children M9: no minority ethnic senior managers, a real zero.
    assert_eq!(result(&doc, "children", "M9")["relative_likelihood"], 0.0);
    // Warnings, each placed: the first is the adults "£70,000 and over" staff row, which is
    // spreadsheet row 4 of the example (header 1, then the three adults bands).
    let messages = doc["messages"].as_array().unwrap();
    assert!(!messages.is_empty());
    for m in messages {
        assert_eq!(m["severity"], "warning");
        assert!(m["code"].is_string() && m["message"].is_string());
    }
    assert_eq!(messages[0]["code"], "small_numbers");
    assert_eq!(messages[0]["row"], 4);
    assert_eq!(messages[0]["workforce"], "adults");
    assert_eq!(
        messages[0]["message"],
        "The staff row \"£70,000 and over\" for adults has small numbers (minority ethnic 4). A \
         ratio built on fewer than 10 people can change a lot with one person: read it with its \
         confidence interval, and do not publish counts under 10."
    );
    // No comparison asked for, so no "changes".
    assert!(doc.get("changes").is_none());
}

#[test]
fn a_bad_file_exits_2_with_one_error_per_line_naming_its_row() {
    let path = "tests/corpus/bad_several_errors.csv";
    let out = scwres(&["report", path, "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            format!("{path}: error: row 2, column D (white): \"-1\" is negative. A count of people must be 0 or more."),
            format!("{path}: error: row 4, column A (workforce): \"x\" is not a workforce. Enter adults or children."),
            format!("{path}: error: row 4, column E (minority_ethnic): \"abc\" is not a number. Enter a whole number of people, such as 12, using digits only."),
        ]
    );
    // Every corpus file that is rejected: exit 2, nothing on stdout, every stderr line an
    // error that names a row whenever the message has one.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut rejected = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !name.starts_with("bad_") {
            continue;
        }
        let path = format!("tests/corpus/{name}");
        let out = scwres(&["report", &path]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert_eq!(stdout(&out), "", "{name}");
        let parsed = scwres::submission::parse(&std::fs::read(dir.join(&name)).unwrap());
        let errors: Vec<_> = parsed.errors().collect();
        let err = stderr(&out);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), errors.len(), "{name}: {err}");
        for (line, e) in lines.iter().zip(errors) {
            assert!(line.starts_with(&format!("{path}: error: ")), "{line}");
            if let Some(row) = e.row {
                assert!(line.contains(&format!(": row {row}")), "{line}");
            }
        }
        rejected += 1;
    }
    assert!(rejected >= 30);
}

#[test]
fn unusable_arguments_exit_2() {
    for args in [
        &[][..],
        &["summarise", EXAMPLE],
        &["report"],
        &["report", EXAMPLE, "--format", "xml"],
        &["report", EXAMPLE, "--band", "0.8"],
        &["report", EXAMPLE, "--band", "low,1.25"],
        &["report", EXAMPLE, "--previous"],
        &["report", "no-such-file.csv"],
    ] {
        let out = scwres(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(stdout(&out), "", "{args:?}");
        assert!(!stderr(&out).is_empty(), "{args:?}");
    }
    let out = scwres(&["report", EXAMPLE, "--band", "2,3"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim_end(),
        "The lower end of the band (2) must be above 0 and no more than 1, such as 0.80."
    );
    let out = scwres(&["report", "no-such-file.csv"]);
    assert!(stderr(&out).starts_with("no-such-file.csv: cannot read the file: "));
}

#[test]
fn csv_output_neutralises_formulas() {
    let file = TempFile::new(
        "formula.csv",
        "workforce,measure,pay_band,white,minority_ethnic,not_known\n\
         adults,staff,\"=HYPERLINK(\"\"http://example.com\"\",\"\"click\"\")\",300,100,20\n\
         adults,staff,+1 band,150,80,5\n\
         adults,staff,-2 band,50,20,5\n\
         adults,staff,@SUM(A1),50,20,5\n\
         adults,shortlisted,,410,380,30\n\
         adults,appointed,,98,52,6\n",
    );
    let out = scwres(&["report", file.path(), "--format", "csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    // The results table (26 columns), a blank row, then the pay-band table (14 columns),
    // each record on its own line.
    assert_eq!(&records[0][0], "workforce");
    assert_eq!(&records[0][1], "metric");
    let blank = records
        .iter()
        .position(|r| r.iter().all(str::is_empty))
        .unwrap();
    assert!(records[..blank].iter().all(|r| r.len() == 26));
    assert_eq!(&records[blank + 1][1], "pay_band");
    assert!(records[blank + 1..].iter().all(|r| r.len() == 14));
    assert_eq!(records.len(), blank + 2 + 4, "four bands");
    let bands: Vec<&csv::StringRecord> = records
        .iter()
        .skip_while(|r| r.get(1) != Some("pay_band"))
        .skip(1)
        .collect();
    let names: Vec<&str> = bands.iter().map(|r| &r[1]).collect();
    assert_eq!(
        names,
        [
            "'=HYPERLINK(\"http://example.com\",\"click\")",
            "'+1 band",
            "'-2 band",
            "'@SUM(A1)",
        ]
    );
    // No cell anywhere starts a formula.
    for r in &records {
        for cell in r {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "unsafe cell {cell:?}"
            );
        }
    }
    // The figures are there: adults M2 0.572503 (six places).
    let m2 = records
        .iter()
        .find(|r| r.get(0) == Some("adults") && r.get(1) == Some("M2"))
        .unwrap();
    assert_eq!(&m2[12], "0.572503");
}

#[test]
fn band_option_changes_verdicts() {
    let default = json(&scwres(&["report", EXAMPLE, "--format", "json"]));
    let wide = json(&scwres(&[
        "report", EXAMPLE, "--format", "json", "--band", "0.5,2",
    ]));
    // Adults M2 0.57 and M7b 1.55: outside 0.80..1.25, inside 0.5..2.
    for metric in ["M2", "M7b"] {
        assert_eq!(
            result(&default, "adults", metric)["verdict"],
            "adverse_to_minority_ethnic"
        );
        assert_eq!(result(&wide, "adults", metric)["verdict"], "within_band");
    }
    // Adults M3 2.72: outside both.
    assert_eq!(
        result(&wide, "adults", "M3")["verdict"],
        "adverse_to_minority_ethnic"
    );
    // The figures themselves do not move.
    assert_eq!(
        result(&default, "adults", "M3")["relative_likelihood"],
        result(&wide, "adults", "M3")["relative_likelihood"]
    );
}

#[test]
fn nhs_orientation_option_states_m2_and_m5_white_to_minority() {
    let sc = json(&scwres(&["report", EXAMPLE, "--format", "json"]));
    let nhs = json(&scwres(&[
        "report",
        EXAMPLE,
        "--format",
        "json",
        "--nhs-orientation",
    ]));
    let m2 = result(&nhs, "adults", "M2");
    assert_eq!(m2["orientation"], "white_to_minority_ethnic");
    // (98/410) / (52/380) = 1.7467.
    assert!(close(
        &m2["relative_likelihood"],
        (98.0 * 380.0) / (52.0 * 410.0),
        1e-12
    ));
    assert_eq!(
        m2["sentence"],
        "White staff were 1.75 times as likely as minority ethnic staff to be appointed from \
         shortlisting (75% more likely). This is the NHS WRES orientation: white relative to \
         minority ethnic."
    );
    assert_eq!(m2["verdict"], "adverse_to_minority_ethnic");
    assert_eq!(
        result(&nhs, "adults", "M5")["orientation"],
        "white_to_minority_ethnic"
    );
    assert_eq!(
        result(&nhs, "adults", "M3"),
        result(&sc, "adults", "M3"),
        "M3 is not turned round"
    );
}

#[test]
fn previous_year_gives_changes() {
    let example = std::fs::read_to_string(EXAMPLE).unwrap();
    // Last year: adults appointed 30 minority ethnic (not 52), leavers 33 (not 48).
    let previous = example
        .replace("adults,appointed,,98,52,6", "adults,appointed,,98,30,6")
        .replace("adults,leavers,,95,48,6", "adults,leavers,,95,33,6");
    assert_ne!(previous, example);
    let file = TempFile::new("previous.csv", &previous);
    let doc = json(&scwres(&[
        "report",
        EXAMPLE,
        "--format",
        "json",
        "--previous",
        file.path(),
    ]));
    let changes = doc["changes"].as_array().unwrap();
    // Every metric but M1, for adults, children and combined.
    assert_eq!(changes.len(), 27);
    let change = |metric: &str| {
        changes
            .iter()
            .find(|c| c["workforce"] == "adults" && c["metric"] == metric)
            .unwrap()
    };
    let year = |c: &serde_json::Value, i: usize| c["years"][i]["relative_likelihood"].clone();
    // M2: (30·410)/(98·380) = 0.3303 in the earlier file, (52·410)/(98·380) = 0.5725 now: a
    // change by a factor of 52/30 = 1.733 (not "up 0.24").
    let m2 = change("M2");
    assert!(close(&year(m2, 0), 12300.0 / 37240.0, 1e-12));
    assert!(close(&year(m2, 1), 21320.0 / 37240.0, 1e-12));
    let c = &m2["changes"][0];
    assert!(close(&c["ratio"], 52.0 / 30.0, 1e-12));
    assert_eq!(c["verdict_moved"], false);
    assert!(c["sentence"]
        .as_str()
        .unwrap()
        .starts_with("M2 (adult social care) went from 0.33 in the earlier file to 0.57 in this file: 73% higher;"));
    // M8 (headcount: 289 minority ethnic, 858 white): (33·858)/(95·289) = 1.0313 before,
    // within the band; (48·858)/(95·289) = 1.5001 now, adverse. The test of the change gives
    // p = 0.13, so the verdict's move is not called a real change.
    let m8 = change("M8");
    assert!(close(&year(m8, 0), 28314.0 / 27455.0, 1e-12));
    let c = &m8["changes"][0];
    assert_eq!(c["from_verdict"], "within_band");
    assert_eq!(c["to_verdict"], "adverse_to_minority_ethnic");
    assert_eq!(c["verdict_moved"], true);
    assert_eq!(c["beyond_chance"], false);
    assert!(c["sentence"]
        .as_str()
        .unwrap()
        .contains("but the change could be chance, so it is not evidence of a real change"));
    // Unchanged rows say so.
    assert!(close(&change("M3")["changes"][0]["ratio"], 1.0, 1e-12));
    // The table format lists the changes too.
    let out = scwres(&["report", EXAMPLE, "--previous", file.path()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("Compared with the earlier file"));
    // A previous-year file that cannot be read stops the report.
    let out = scwres(&[
        "report",
        EXAMPLE,
        "--previous",
        "tests/corpus/bad_negative.csv",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("tests/corpus/bad_negative.csv: error: row 11, column D"));
}

#[test]
fn table_format_is_the_default() {
    let out = scwres(&["report", EXAMPLE]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for heading in [
        "Adult social care",
        "Children's social care",
        "Both workforces combined",
        "Warnings",
    ] {
        assert!(text.contains(heading), "{heading}");
    }
    assert!(text.contains("warning: row 4: The staff row \"£70,000 and over\" for adults"));
}
