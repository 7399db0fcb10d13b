//! `scwres aggregate`, run as a person would run it.

use std::path::PathBuf;
use std::process::{Command, Output};

use scwres::submission::parse;

const STAFF: &str = "tests/records/staff.csv";
const SHORTLISTED: &str = "tests/records/shortlisted.csv";
const SURVEY: &str = "tests/records/survey.csv";

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

/// A directory of the test's own, removed at the end.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir =
            std::env::temp_dir().join(format!("scwres-records-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn path(&self, file: &str) -> String {
        self.0.join(file).to_str().unwrap().to_owned()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn unusable_rows_stop_the_file_unless_skipped() {
    let dir = TempDir::new("skip");
    let out = dir.path("submission.csv");
    let o = scwres(&["aggregate", "--staff", STAFF, "-o", &out]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(!std::path::Path::new(&out).exists());
    let err = stderr(&o);
    assert!(err.contains("3 rows could not be used"), "{err}");
    assert!(err.contains("was not written"), "{err}");
    // The report still shows the mapping and each unusable row.
    let text = stdout(&o);
    assert!(
        text.contains("Ethnicity: column C (Ethnic Origin)"),
        "{text}"
    );
    assert!(
        text.contains("row 14, column D (Annual Salary (FTE)): \"abc\" is not a salary"),
        "{text}"
    );
    assert!(
        text.contains("Rows: 15 read, 12 used, 3 unusable, 0 left out"),
        "{text}"
    );
    assert!(
        text.contains("\"Latin American\" (1 row) -> Not known (not recognised"),
        "{text}"
    );

    let o = scwres(&[
        "aggregate",
        "--staff",
        STAFF,
        "--shortlisted",
        SHORTLISTED,
        "--survey",
        SURVEY,
        "--skip-unusable",
        "-o",
        &out,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("Wrote"), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("leaving out 4 unusable rows"),
        "{}",
        stdout(&o)
    );
    let parsed = parse(&std::fs::read(&out).unwrap());
    assert_eq!(parsed.errors().count(), 0);
    let s = parsed.submission.unwrap();
    assert_eq!(s.workforces.len(), 2);
    // And the report command reads it.
    let o = scwres(&["report", &out, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn saved_settings_give_the_same_file_next_time() {
    let dir = TempDir::new("settings");
    let (first, second, saved) = (dir.path("a.csv"), dir.path("b.csv"), dir.path("s.json"));
    let o = scwres(&[
        "aggregate",
        "--staff",
        STAFF,
        "--survey",
        SURVEY,
        "--skip-unusable",
        "--salary-bands",
        "25000,50000",
        "--save-settings",
        &saved,
        "-o",
        &first,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let settings = std::fs::read_to_string(&saved).unwrap();
    assert!(settings.contains("\"Annual Salary (FTE)\""), "{settings}");
    assert!(settings.contains("25000"), "{settings}");
    assert!(!settings.contains("S001"), "{settings}");
    let o = scwres(&[
        "aggregate",
        "--staff",
        STAFF,
        "--survey",
        SURVEY,
        "--skip-unusable",
        "--settings",
        &saved,
        "-o",
        &second,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (a, b) = (
        std::fs::read(&first).unwrap(),
        std::fs::read(&second).unwrap(),
    );
    assert_eq!(a, b);
    let text = String::from_utf8(a).unwrap();
    assert!(text.contains("\"£25,000 to £49,999\""), "{text}");
    assert!(stdout(&o).contains("(from the settings)"));
}

#[test]
fn choices_in_a_settings_file_make_rows_usable() {
    let dir = TempDir::new("choices");
    let (out, settings) = (dir.path("out.csv"), dir.path("settings.json"));
    std::fs::write(
        &settings,
        r#"{
            "format": "sc-wres-record-settings",
            "version": 1,
            "ethnicity_values": {"latin_american": "other_any"},
            "yes_no_values": {"n_a": false, "maybe": false},
            "workforce_values": {"finance": "exclude"}
        }"#,
    )
    .unwrap();
    let o = scwres(&[
        "aggregate",
        "--staff",
        STAFF,
        "--shortlisted",
        SHORTLISTED,
        "--settings",
        &settings,
        "-o",
        &out,
    ]);
    // Only row 14 (salary "abc") is still unusable.
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("1 row could not be used"),
        "{}",
        stderr(&o)
    );
    let text = stdout(&o);
    assert!(text.contains("\"Latin American\" (1 row) -> Other ethnic group: Any other ethnic group (your choice)"), "{text}");
    assert!(
        text.contains("\"Finance\" (1 row) -> left out (your choice)"),
        "{text}"
    );
    assert!(
        text.contains("Rows: 15 read, 13 used, 1 unusable, 1 left out"),
        "{text}"
    );
}

#[test]
fn unusable_files_and_bad_options_exit_2_with_messages() {
    let dir = TempDir::new("bad");
    let out = dir.path("out.csv");
    let no_ethnicity = dir.path("no_ethnicity.csv");
    std::fs::write(&no_ethnicity, "Workforce,Salary\nAdults,30000\n").unwrap();
    let o = scwres(&["aggregate", "--staff", &no_ethnicity, "-o", &out]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "{no_ethnicity}: error: staff: No ethnicity column was found"
        )),
        "{err}"
    );

    for args in [
        vec!["aggregate"],
        vec!["aggregate", "--staff", STAFF],
        vec![
            "aggregate",
            "--staff",
            STAFF,
            "--salary-bands",
            "70000,30000",
            "-o",
            &out,
        ],
        vec![
            "aggregate",
            "--staff",
            STAFF,
            "--workforce",
            "finance",
            "-o",
            &out,
        ],
        vec!["aggregate", "--staff", STAFF, "--staff", STAFF, "-o", &out],
        vec![
            "aggregate",
            "--staff",
            "tests/records/nowhere.csv",
            "-o",
            &out,
        ],
        vec![
            "aggregate",
            "--staff",
            STAFF,
            "--settings",
            STAFF,
            "-o",
            &out,
        ],
        vec!["aggregate", "--nonsense", "-o", &out],
    ] {
        let o = scwres(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(!stderr(&o).is_empty(), "{args:?}");
    }
    assert!(!std::path::Path::new(&out).exists());
}

#[test]
fn a_fixed_workforce_and_the_bench_line() {
    let dir = TempDir::new("fixed");
    let (out, extract) = (dir.path("out.csv"), dir.path("children.csv"));
    std::fs::write(&extract, "Ethnicity,Salary\nA,30000\nH,75000\n").unwrap();
    let o = scwres(&[
        "aggregate",
        "--staff",
        &extract,
        "--workforce",
        "children",
        "--bench",
        "-o",
        &out,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("MB/s"), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Workforce: every row is children"),
        "{}",
        stdout(&o)
    );
    let s = parse(&std::fs::read(&out).unwrap()).submission.unwrap();
    assert_eq!(s.workforces.len(), 1);
    assert_eq!(s.workforces[0].workforce.key(), "children");
}
