//! Properties that must hold for every input: the reader and the checks never panic, the
//! statistics keep their mathematical promises, and results never hold NaN or infinity.

use proptest::prelude::*;
use proptest::sample::select;

use scwres::diag::Severity;
use scwres::ethnicity::CENSUS_CATEGORIES;
use scwres::model::Measure;
use scwres::read::read_table;
use scwres::results::{compute, GroupRate, ParityRange, Results, Settings};
use scwres::stats::{fisher_exact_two_sided, TwoByTwo};
use scwres::submission::{parse, Parsed};

// ------------------------------------------------------------------------------ strategies

const MEASURE_NAMES: &[&str] = &[
    "staff",
    "shortlisted",
    "appointed",
    "disciplinary",
    "regulated_professionals",
    "ftp_referrals",
    "cpd",
    "leavers",
    "senior_managers",
    "survey_respondents",
    "harassment_public",
    "harassment_colleagues",
    "harassment_managers",
    "Headcount",
    "Appointments",
    "Funded CPD",
    "referrals",
    "survey",
];

const HEADER_CELLS: &[&str] = &[
    "workforce",
    "measure",
    "pay_band",
    "white",
    "minority_ethnic",
    "not_known",
    "Workforce",
    "Pay Band",
    "BAME",
    "Not Known",
    "Prefer not to say",
    "white_british",
    "asian_indian",
    "black_african",
    "mixed_other",
    "other_any",
    "White: Irish",
    "Asian or Asian British - Indian",
    "Other",
    "total",
    "",
    "\"White, Irish\"",
    "\"minority\nethnic\"",
];

/// A cell as people and HR systems write them, good and bad.
fn realistic_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0u64..3000).prop_map(|n| n.to_string()),
        1 => (1u64..10).prop_map(|n| n.to_string()),
        2 => select(vec![
            "", "0", "<10", "*", "c", "x", "-", "-3", "- 4", "12.5", "12.0", "1.000", "1,234",
            "\"1,234\"", "12 345", "99999999", "1000000", "1000001", "1e3", "+5", "0x10",
            "\u{a0}5\u{a0}", " 7 ", "adults", "children", "CSC", "Adult social care",
            "Children's social care", "Under £30,000", "\"Under £30,000\"",
            "\"Band\nwith a break\"", "\"a \"\"quoted\"\" band\"", "=HYPERLINK(\"x\")", "NaN",
            "inf", "\u{feff}", "\"", "\"unclosed",
        ])
        .prop_map(String::from),
        2 => select(MEASURE_NAMES).prop_map(String::from),
        1 => "[a-zA-Z0-9 £;,.\t\"<>*-]{0,12}",
    ]
}

fn header_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(HEADER_CELLS).prop_map(String::from),
        1 => select(CENSUS_CATEGORIES.iter().map(|c| c.key).collect::<Vec<_>>())
            .prop_map(String::from),
        1 => "[a-z_ ]{0,10}",
    ]
}

/// How a file's text becomes bytes.
#[derive(Debug, Clone, Copy)]
enum Bytes {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

fn encode(text: &str, how: Bytes) -> Vec<u8> {
    match how {
        Bytes::Utf8 => text.as_bytes().to_vec(),
        Bytes::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        Bytes::Utf16Le => {
            let mut out = vec![0xFF, 0xFE];
            text.encode_utf16()
                .for_each(|u| out.extend_from_slice(&u.to_le_bytes()));
            out
        }
        Bytes::Utf16Be => {
            let mut out = vec![0xFE, 0xFF];
            text.encode_utf16()
                .for_each(|u| out.extend_from_slice(&u.to_be_bytes()));
            out
        }
        Bytes::Windows1252 => encoding_rs::WINDOWS_1252.encode(text).0.into_owned(),
    }
}

fn bytes_kind() -> impl Strategy<Value = Bytes> {
    select(vec![
        Bytes::Utf8,
        Bytes::Utf8Bom,
        Bytes::Utf16Le,
        Bytes::Utf16Be,
        Bytes::Windows1252,
    ])
}

/// A CSV-ish file: a header and rows of realistic cells, any delimiter, any line end.
fn csvish_file() -> impl Strategy<Value = Vec<u8>> {
    (
        prop_oneof![
            3 => Just(
                "workforce,measure,pay_band,white,minority_ethnic,not_known"
                    .split(',')
                    .map(String::from)
                    .collect::<Vec<_>>()
            ),
            2 => prop::collection::vec(header_cell(), 0..24),
        ],
        prop::collection::vec(prop::collection::vec(realistic_cell(), 0..9), 0..20),
        select(vec![",", ";", "\t"]),
        select(vec!["\n", "\r\n", "\r"]),
        bytes_kind(),
    )
        .prop_map(|(header, rows, delim, eol, how)| {
            let mut text = header.join(delim);
            for r in rows {
                text.push_str(eol);
                text.push_str(&r.join(delim));
            }
            text.push_str(eol);
            encode(&text, how)
        })
}

/// Counts biased towards the interesting: zero, small (1 to 9), and ordinary (below `max`).
fn count(max: u64) -> impl Strategy<Value = u64> {
    prop_oneof![2 => Just(0u64), 2 => 1u64..10, 5 => 0u64..max]
}

/// One workforce of a well-formed file: 0 to 3 staff bands and any subset of the other rows.
#[derive(Debug, Clone)]
struct WorkforceSpec {
    bands: Vec<Vec<u64>>,
    rows: Vec<Option<Vec<u64>>>,
}

fn workforce_spec(columns: usize) -> impl Strategy<Value = WorkforceSpec> {
    // Census rows have 20 counts: keep each smaller so rows stay of a similar size.
    let max = if columns > 3 { 150 } else { 2500 };
    (
        prop::collection::vec(prop::collection::vec(count(max), columns), 0..4),
        prop::collection::vec(
            prop::option::weighted(0.85, prop::collection::vec(count(max), columns)),
            12,
        ),
    )
        .prop_map(|(bands, rows)| WorkforceSpec { bands, rows })
}

/// A well-formed file (broad or census form), as text.
fn valid_file() -> impl Strategy<Value = String> {
    any::<bool>().prop_flat_map(|census| {
        let columns = if census { 20 } else { 3 };
        (
            Just(census),
            prop::option::weighted(0.9, workforce_spec(columns)),
            prop::option::weighted(0.6, workforce_spec(columns)),
            select(vec!["\n", "\r\n"]),
        )
            .prop_map(|(census, adults, children, eol)| {
                let mut header = vec!["workforce", "measure", "pay_band"];
                if census {
                    header.extend(CENSUS_CATEGORIES.iter().map(|c| c.key));
                } else {
                    header.extend(["white", "minority_ethnic"]);
                }
                header.push("not_known");
                let mut text = header.join(",");
                let line = |text: &mut String, w: &str, m: &str, band: &str, c: &[u64]| {
                    text.push_str(eol);
                    let cells: Vec<String> = c.iter().map(u64::to_string).collect();
                    text.push_str(&format!("{w},{m},{band},{}", cells.join(",")));
                };
                for (w, spec) in [("adults", adults), ("children", children)] {
                    let Some(spec) = spec else { continue };
                    for (i, b) in spec.bands.iter().enumerate() {
                        line(&mut text, w, "staff", &format!("\"Band {i}, £\""), b);
                    }
                    for (m, c) in Measure::ALL[1..].iter().zip(&spec.rows) {
                        if let Some(c) = c {
                            line(&mut text, w, m.key(), "", c);
                        }
                    }
                }
                text.push_str(eol);
                text
            })
    })
}

fn settings() -> impl Strategy<Value = Settings> {
    (
        any::<bool>(),
        select(vec![
            (0.8, 1.25),
            (0.5, 2.0),
            (0.9, 1.1),
            (1.0, 1.0),
            (0.01, 100.0),
        ]),
    )
        .prop_map(|(nhs_orientation, (low, high))| Settings {
            band: ParityRange::new(low, high).unwrap(),
            nhs_orientation,
        })
}

// ------------------------------------------------------------------------------ invariants

/// What every parse result promises, whatever the input.
fn check_parsed(bytes: &[u8], parsed: &Parsed) -> Result<(), TestCaseError> {
    let has_errors = parsed
        .messages
        .iter()
        .any(|m| m.severity == Severity::Error);
    prop_assert_eq!(parsed.submission.is_some(), !has_errors);
    // Errors first, then warnings.
    let severities: Vec<Severity> = parsed.messages.iter().map(|m| m.severity).collect();
    let mut sorted = severities.clone();
    sorted.sort();
    prop_assert_eq!(severities, sorted);
    // Rows are spreadsheet rows: from 1 to the number of lines in the file.
    let lines = bytes.iter().filter(|&&b| b == b'\n' || b == b'\r').count() + 1;
    for m in &parsed.messages {
        prop_assert!(!m.message.is_empty());
        if let Some(row) = m.row {
            prop_assert!((1..=lines).contains(&row), "row {} of {} lines", row, lines);
        }
        if m.column_letter.is_some() {
            prop_assert!(m.row.is_some());
        }
    }
    Ok(())
}

fn finite_rate(g: &Option<GroupRate>) -> Result<(), TestCaseError> {
    if let Some(g) = g {
        match g.rate {
            Some(r) => prop_assert!(r.is_finite() && (0.0..=f64::MAX).contains(&r)),
            None => prop_assert_eq!(g.population, 0),
        }
    }
    Ok(())
}

/// Every number in the results is finite and in range.
fn check_results(results: &Results) -> Result<(), TestCaseError> {
    for r in results.all() {
        finite_rate(&r.minority_ethnic)?;
        finite_rate(&r.white)?;
        finite_rate(&r.not_known)?;
        if let Some(rl) = r.relative_likelihood {
            prop_assert!(rl.is_finite() && rl >= 0.0, "{:?} {}", r.metric, rl);
        }
        if let Some([lo, hi]) = r.ci95 {
            prop_assert!(lo.is_finite() && hi.is_finite() && 0.0 < lo && lo <= hi);
        }
        if let Some(p) = r.fisher_p {
            prop_assert!((0.0..=1.0).contains(&p));
        }
        for g in &r.broad_groups {
            finite_rate(&Some(g.rate))?;
            if let Some(rl) = g.relative_likelihood {
                prop_assert!(rl.is_finite() && rl >= 0.0);
            }
            if let Some([lo, hi]) = g.ci95 {
                prop_assert!(lo.is_finite() && hi.is_finite() && lo <= hi);
            }
            if let Some(p) = g.fisher_p {
                prop_assert!((0.0..=1.0).contains(&p));
            }
        }
        for b in &r.bands {
            for x in [
                b.share_minority_ethnic,
                b.share_white,
                b.share_not_known,
                b.minority_ethnic_share_of_known,
                b.relative_to_workforce,
            ]
            .into_iter()
            .flatten()
            {
                prop_assert!(x.is_finite() && x >= 0.0);
            }
        }
        for n in &r.national {
            prop_assert!(n.relative_likelihood.is_finite());
        }
        if r.metric != scwres::metrics::MetricId::M1 {
            prop_assert!(!r.sentence.contains("NaN") && !r.sentence.contains("inf"));
        }
        prop_assert!(!r.sentence.is_empty());
    }
    Ok(())
}

// ------------------------------------------------------------------------------ properties

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn reader_and_parse_never_panic_on_arbitrary_bytes(
        bytes in prop::collection::vec(any::<u8>(), 0..1024)
    ) {
        let _ = read_table(&bytes);
        let parsed = parse(&bytes);
        check_parsed(&bytes, &parsed)?;
    }

    #[test]
    fn reader_and_parse_never_panic_on_csvish_files(bytes in csvish_file()) {
        let _ = read_table(&bytes);
        let parsed = parse(&bytes);
        check_parsed(&bytes, &parsed)?;
        if let Some(s) = &parsed.submission {
            check_results(&compute(s, &Settings::default()))?;
        }
    }

    #[test]
    fn relative_likelihood_turned_round_is_its_reciprocal(
        a in 1u64..100_000, n1_extra in 0u64..100_000,
        c in 1u64..100_000, n2_extra in 0u64..100_000,
    ) {
        let x = TwoByTwo::new(a, a + n1_extra, c, c + n2_extra);
        let y = TwoByTwo::new(c, c + n2_extra, a, a + n1_extra);
        let (rx, ry) = (x.relative_likelihood().unwrap(), y.relative_likelihood().unwrap());
        prop_assert!((rx - 1.0 / ry).abs() <= 1e-12 * rx, "{} vs 1/{}", rx, ry);
    }

    #[test]
    fn the_interval_contains_the_estimate_when_no_cell_is_zero(
        a in 1u64..50_000, b in 1u64..50_000, c in 1u64..50_000, d in 1u64..50_000,
    ) {
        let t = TwoByTwo::new(a, a + b, c, c + d);
        let rl = t.relative_likelihood().unwrap();
        let (lo, hi) = t.katz_ci95().unwrap();
        prop_assert!(0.0 < lo && lo < rl && rl < hi && hi.is_finite(), "{} {} {}", lo, rl, hi);
    }

    #[test]
    fn the_interval_is_finite_and_ordered_with_zero_cells(
        a in 0u64..500, n1_extra in 0u64..500, c in 1u64..500, n2_extra in 0u64..500,
    ) {
        let t = TwoByTwo::new(a, a + n1_extra, c, c + n2_extra);
        if let Ok((lo, hi)) = t.katz_ci95() {
            prop_assert!(lo.is_finite() && hi.is_finite() && 0.0 < lo && lo <= hi);
        }
    }

    #[test]
    fn fisher_p_is_a_probability_and_symmetric(
        a in 0u64..1500, b in 0u64..1500, c in 0u64..1500, d in 0u64..1500,
    ) {
        let p = fisher_exact_two_sided(a, b, c, d);
        if a + b + c + d == 0 {
            prop_assert_eq!(p, None);
        } else {
            let p = p.unwrap();
            prop_assert!((0.0..=1.0).contains(&p), "{}", p);
            // Swapping the rows or the columns describes the same table.
            for q in [fisher_exact_two_sided(c, d, a, b), fisher_exact_two_sided(b, a, d, c)] {
                let q = q.unwrap();
                prop_assert!((p - q).abs() <= 1e-9 * p.max(1e-300) + 1e-15, "{} vs {}", p, q);
            }
        }
    }

}

proptest! {
    // Each case computes every metric of up to three workforces: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(160))]

    #[test]
    fn no_nan_anywhere_in_results_of_well_formed_files(
        text in valid_file(), how in bytes_kind(), settings in settings(),
    ) {
        // A file with a header and no rows at all is rightly refused.
        prop_assume!(text.trim().lines().count() > 1);
        let bytes = encode(&text, how);
        let parsed = parse(&bytes);
        check_parsed(&bytes, &parsed)?;
        let errors: Vec<String> = parsed.errors().map(|m| m.to_string()).collect();
        prop_assert!(errors.is_empty(), "{:?}\n{}", errors, text);
        let results = compute(parsed.submission.as_ref().unwrap(), &settings);
        check_results(&results)?;
        // The JSON and CSV views of the same results are produced without trouble.
        let json = scwres::export::to_json(&results, &parsed.messages, None);
        prop_assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
        prop_assert!(!scwres::export::to_csv(&results).is_empty());
    }
}
