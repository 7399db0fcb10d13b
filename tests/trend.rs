//! Change over the years: the ratio of two relative likelihoods, its 95% interval and
//! p-value, against values computed independently by tests/reference/change_reference.py
//! (SciPy 1.17.1; re-run it with `pip install scipy && python3
//! tests/reference/change_reference.py`), then the words and the command line.

use scwres::compare::{compare, trend, Year};
use scwres::metrics::MetricId;
use scwres::results::{compute, Results, Scope, Settings, Verdict};
use scwres::submission::parse;

type Table = (u64, u64, u64, u64);

/// (label, earlier, later, ratio, 95% interval, p)
type Expected = (&'static str, Table, Table, f64, (f64, f64), f64);

const CHANGES: [Expected; 6] = [
    (
        "doubling_from_half",
        (50, 500, 100, 500),
        (100, 500, 100, 500),
        2.0,
        (1.3383989571415438, 2.9886454847087687),
        0.0007190465094398292,
    ),
    (
        "halving_from_two",
        (80, 400, 40, 400),
        (40, 400, 40, 400),
        0.5,
        (0.289738043691125, 0.8628483743975035),
        0.012779407968180194,
    ),
    (
        "issue_m3_1_35_to_2_72",
        (27, 1000, 20, 1000),
        (11, 289, 12, 858),
        2.0158913238498015,
        (0.749761831842388, 5.42014498068926),
        0.1647561236441314,
    ),
    (
        "small_noisy_change",
        (3, 87, 2, 200),
        (2, 90, 3, 210),
        0.45111111111111113,
        (0.03682221043921557, 5.526589309564452),
        0.5334900795398441,
    ),
    (
        "large_clear_change",
        (300, 2000, 400, 4000),
        (200, 2000, 400, 4000),
        0.6666666666666667,
        (0.5386591963103686, 0.8250939508482118),
        0.00019350521574638165,
    ),
    (
        "zero_cell_later",
        (5, 60, 10, 100),
        (6, 60, 10, 10),
        0.12000000000000001,
        (0.03394353013846325, 0.42423401282244905),
        0.0009989183600030193,
    ),
];

/// A file with one M3 row (disciplinary out of headcount) from a 2x2 table.
fn file((a, n1, c, n2): Table) -> String {
    format!(
        "workforce,measure,pay_band,white,minority_ethnic,not_known\n\
         adults,staff,Band 1,{n2},{n1},0\n\
         adults,disciplinary,,{c},{a},0\n"
    )
}

fn results(t: Table) -> Results {
    let parsed = parse(file(t).as_bytes());
    compute(parsed.submission.as_ref().unwrap(), &Settings::default())
}

fn close(x: f64, y: f64, rel: f64) -> bool {
    (x - y).abs() <= rel * y.abs().max(1e-300)
}

#[test]
fn a_change_is_the_ratio_of_the_two_figures_with_its_interval_and_p() {
    for (label, early, late, ratio, (lo, hi), p) in CHANGES {
        let (e, l) = (results(early), results(late));
        let t = compare(&l, &e);
        let m3 = t
            .iter()
            .find(|t| t.metric == MetricId::M3 && t.workforce == Scope::Adults)
            .unwrap();
        let c = &m3.changes[0];
        assert!(close(c.ratio.unwrap(), ratio, 1e-9), "{label} ratio");
        let [l95, h95] = c.ci95.unwrap();
        assert!(
            close(l95, lo, 1e-6) && close(h95, hi, 1e-6),
            "{label} interval"
        );
        // The p-value comes from an approximation of erfc good to 1.2e-7 relative.
        assert!(
            close(c.p.unwrap(), p, 1e-6),
            "{label} p {} {p}",
            c.p.unwrap()
        );
        assert_eq!(c.beyond_chance, p < 0.05, "{label}");
    }
}

#[test]
fn a_doubling_reads_the_same_whichever_way_it_goes() {
    // 0.5 -> 1.0 and 2.0 -> 1.0 are both a factor of two, not "up 0.50" and "down 1.00".
    let up = compare(
        &results((100, 500, 100, 500)),
        &results((50, 500, 100, 500)),
    );
    let down = compare(&results((40, 400, 40, 400)), &results((80, 400, 40, 400)));
    let words = |t: &[scwres::compare::MetricTrend]| {
        t.iter().find(|t| t.metric == MetricId::M3).unwrap().changes[0]
            .sentence
            .clone()
    };
    assert!(words(&up).contains("twice as high"), "{}", words(&up));
    assert!(
        words(&down).contains("about half as high"),
        "{}",
        words(&down)
    );
}

#[test]
fn a_verdict_change_that_chance_explains_is_not_called_a_change() {
    // From within the band to adverse on a change whose test gives p well above 0.05.
    let before = results((21, 1000, 20, 1000));
    let after = results((4, 90, 3, 100));
    let t = compare(&after, &before);
    let m3 = t.iter().find(|t| t.metric == MetricId::M3).unwrap();
    assert_eq!(m3.years[0].verdict, Verdict::WithinBand);
    assert_eq!(m3.years[1].verdict, Verdict::AdverseToMinorityEthnic);
    let c = &m3.changes[0];
    assert!(c.verdict_moved && !c.beyond_chance);
    assert!(
        c.sentence.contains("could well be chance")
            && c.sentence.contains("it is not evidence of a real change")
            && !c.sentence.contains("the verdict moved"),
        "{}",
        c.sentence
    );
}

#[test]
fn several_years_are_compared_in_order_each_with_the_one_before() {
    let (a, b, c) = (
        results((50, 500, 100, 500)),
        results((60, 500, 100, 500)),
        results((100, 500, 100, 500)),
    );
    let years = [
        Year {
            year: Some(2022),
            results: &a,
        },
        Year {
            year: Some(2023),
            results: &b,
        },
        Year {
            year: Some(2024),
            results: &c,
        },
    ];
    let t = trend(&years);
    let m3 = t.iter().find(|t| t.metric == MetricId::M3).unwrap();
    let labels: Vec<&str> = m3.years.iter().map(|y| y.label.as_str()).collect();
    assert_eq!(labels, ["2022", "2023", "2024"]);
    let pairs: Vec<_> = m3
        .changes
        .iter()
        .map(|c| (c.from_year, c.to_year))
        .collect();
    assert_eq!(pairs, [(Some(2022), Some(2023)), (Some(2023), Some(2024))]);
    assert!(m3.changes[1]
        .sentence
        .starts_with("M3 (adult social care) went from 0.60 in 2023 to 1.00 in 2024"));
}

fn scwres(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_scwres"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

#[test]
fn the_command_line_gives_changes_with_years_ratio_interval_and_p() {
    let out = scwres(&[
        "trend",
        "2024=data/example-submission.csv",
        "2022=data/example-submission-2022.csv",
        "2023=data/example-submission-2023.csv",
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &v["changes"][0];
    assert_eq!(first["workforce"], "adults");
    assert_eq!(first["metric"], "M2");
    let c = &first["changes"][0];
    assert_eq!(
        (c["from_year"].as_u64(), c["to_year"].as_u64()),
        (Some(2022), Some(2023))
    );
    assert!(c["ratio"].is_number() && c["ci95"][1].is_number() && c["p"].is_number());
    // report --previous gives the same shape, years unknown.
    let out = scwres(&[
        "report",
        "data/example-submission.csv",
        "--previous",
        "data/example-submission-2023.csv",
        "--format",
        "json",
    ]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let c = &v["changes"][0]["changes"][0];
    assert!(c["from_year"].is_null() && c["to_year"].is_null() && c["ratio"].is_number());
    // Years that are not years, and a year given twice, are refused with a reason.
    let out = scwres(&[
        "trend",
        "24=data/example-submission.csv",
        "2023=data/example-submission-2023.csv",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("\"24\" is not a year"));
    let out = scwres(&[
        "trend",
        "2023=data/example-submission.csv",
        "2023=data/example-submission-2023.csv",
    ]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("2023 is given twice"));
}

#[test]
fn the_trend_chart_has_each_year_its_interval_the_band_and_the_national_figure() {
    let (a, b) = (results((50, 500, 100, 500)), results((100, 500, 100, 500)));
    let years = [
        Year {
            year: Some(2023),
            results: &a,
        },
        Year {
            year: Some(2024),
            results: &b,
        },
    ];
    let t = trend(&years);
    let m3 = t.iter().find(|t| t.metric == MetricId::M3).unwrap();
    let spec = scwres::charts::trend(m3, &[], true, false).unwrap();
    let json = spec.option();
    assert_eq!(json["yAxis"]["type"], "log");
    assert_eq!(json["xAxis"]["data"], serde_json::json!(["2023", "2024"]));
    let series = json["series"].as_array().unwrap();
    // Whiskers: two ends and a break for each year.
    assert_eq!(series[0]["data"].as_array().unwrap().len(), 6);
    assert_eq!(series[0]["markArea"]["data"][0][0]["yAxis"], "0.8");
    assert_eq!(series[1]["data"].as_array().unwrap().len(), 2);
    // National M3: 1.4 (about) in 2023 and 1.37 in 2024.
    let national: Vec<f64> = series[2]["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[1].as_f64().unwrap())
        .collect();
    assert_eq!(national, [1.4, 1.37]);
    assert!(
        spec.summary.contains("2023 0.50 (95% interval"),
        "{}",
        spec.summary
    );
    assert!(spec.summary.contains("twice as high"), "{}", spec.summary);
    // No target, no target line.
    assert!(series[0]["markLine"]["data"]
        .as_array()
        .is_none_or(|d| d.is_empty()));
    // The action plan's targets: a dotted line each (one for the same value), in the words.
    let target = |value: f64, words: &str| scwres::charts::TrendTarget {
        value,
        words: words.to_owned(),
    };
    let with = scwres::charts::trend(
        m3,
        &[
            target(1.25, "Target: at most 1.25"),
            target(1.25, "Target: at most 1.25"),
            target(1.1, "Target: at most 1.10"),
        ],
        true,
        false,
    )
    .unwrap();
    let lines = with.option()["series"][0]["markLine"]["data"].clone();
    assert_eq!(lines.as_array().unwrap().len(), 2, "{lines}");
    assert_eq!(lines[0]["yAxis"], 1.25);
    assert_eq!(lines[0]["name"], "Target: at most 1.25");
    assert!(
        with.summary.contains(
            "targets are each drawn as a dotted line: Target: at most 1.25; Target: at most 1.10."
        ),
        "{}",
        with.summary
    );
    // One year is not a trend.
    let one = trend(&years[1..]);
    assert!(scwres::charts::trend(&one[0], &[], true, false).is_none());
}
