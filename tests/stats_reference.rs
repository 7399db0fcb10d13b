//! Each metric's maths against values computed independently of this code, then end to end
//! through `parse` and `compute` on small hand-made files whose expected values are worked
//! out by hand below.
//!
//! REFERENCE was produced by tests/reference/stats_reference.py (re-run it with
//! `pip install scipy && python3 tests/reference/stats_reference.py`): the relative
//! likelihood as the exact fraction (a·n2)/(c·n1) rounded once; the Katz log 95% interval
//! exp(ln RR ± 1.959964·sqrt(1/a − 1/n1 + 1/c − 1/n2)) written out in that script, with 0.5
//! added to all four cells only when one of them is zero (the point estimate uncorrected);
//! and Fisher's exact two-sided p-value from scipy.stats.fisher_exact (SciPy 1.17.1). The
//! Rust tests need no Python.

use scwres::format;
use scwres::metrics::{Kind, MetricId};
use scwres::model::EthnicityForm;
use scwres::results::{compute, Orientation, ParityRange, Results, Scope, Settings, Verdict};
use scwres::stats::{fisher_exact_two_sided, TwoByTwo, Undefined};
use scwres::submission::parse;

/// One 2x2 table: `a` of `n1` in the first group had the event, `c` of `n2` in the second.
#[derive(Debug, Clone, Copy)]
struct Ref {
    label: &'static str,
    a: u64,
    n1: u64,
    c: u64,
    n2: u64,
    rl: Option<f64>,
    ci: Option<(f64, f64)>,
    p: f64,
}

// label, a, n1, c, n2, RR, Katz CI (low, high), Fisher two-sided p
#[rustfmt::skip]
const REFERENCE: &[Ref] = &[
    Ref { label: "ordinary_example_adults_m2", a: 52, n1: 380, c: 98, n2: 410, rl: Some(0.5725026852846402), ci: Some((0.4216120777313883, 0.7773954826477748)), p: 0.00027027359924741245 },
    Ref { label: "ordinary_half_as_likely", a: 20, n1: 200, c: 40, n2: 200, rl: Some(0.5), ci: Some((0.3033579205527657, 0.8241090245623414)), p: 0.0074192372767549215 },
    Ref { label: "ordinary_adverse_1_37", a: 137, n1: 1000, c: 100, n2: 1000, rl: Some(1.37), ci: Some((1.0750663332862032, 1.745845760291643)), p: 0.012622290007848199 },
    Ref { label: "ordinary_equal_rates", a: 30, n1: 300, c: 50, n2: 500, rl: Some(1.0), ci: Some((0.650895222752976, 1.536345582274329)), p: 1.0 },
    Ref { label: "ordinary_unequal_sizes", a: 45, n1: 150, c: 60, n2: 600, rl: Some(3.0), ci: Some((2.1297565791872977, 4.225835049860178)), p: 5.126744577373708e-09 },
    Ref { label: "zero_a", a: 0, n1: 40, c: 10, n2: 100, rl: Some(0.0), ci: Some((0.0070361230367274675, 1.9557035295073468)), p: 0.06238025628336395 },
    Ref { label: "zero_b", a: 20, n1: 20, c: 10, n2: 50, rl: Some(5.0), ci: Some((2.7544589802524504, 8.161962169735794)), p: 1.8559525934046885e-10 },
    Ref { label: "zero_c", a: 5, n1: 50, c: 0, n2: 60, rl: None, ci: None, p: 0.017311329783120104 },
    Ref { label: "zero_d", a: 3, n1: 30, c: 12, n2: 12, rl: Some(0.1), ci: Some((0.04351247193554587, 0.31685869079471435)), p: 4.114624620162542e-08 },
    Ref { label: "zero_a_and_c", a: 0, n1: 25, c: 0, n2: 30, rl: None, ci: None, p: 1.0 },
    Ref { label: "small_1_of_3_vs_2_of_9", a: 1, n1: 3, c: 2, n2: 9, rl: Some(1.5), ci: Some((0.20024643824953692, 11.23615490826441)), p: 1.0 },
    Ref { label: "small_3_of_7_vs_1_of_8", a: 3, n1: 7, c: 1, n2: 8, rl: Some(3.4285714285714284), ci: Some((0.45340545079516226, 25.926247733018542)), p: 0.282051282051282 },
    Ref { label: "small_single_person_groups", a: 1, n1: 1, c: 1, n2: 2, rl: Some(2.0), ci: Some((0.37514647578882115, 5.997657302441456)), p: 1.0 },
    Ref { label: "large_5000_rows", a: 1200, n1: 5000, c: 900, n2: 5000, rl: Some(1.3333333333333333), ci: Some((1.2344883876404305, 1.4400927506298997)), p: 1.9710352128833848e-13 },
    Ref { label: "large_rare_events", a: 50, n1: 5000, c: 45, n2: 5000, rl: Some(1.1111111111111112), ci: Some((0.7441880108681579, 1.6589462383226798)), p: 0.6802993446794824 },
    Ref { label: "large_unbalanced", a: 700, n1: 20000, c: 3000, n2: 60000, rl: Some(0.7), ci: Some((0.645730484248514, 0.758830521328493)), p: 2.7092670067403413e-19 },
    Ref { label: "christie_sc_wres", a: 293, n1: 2000, c: 4699, n2: 10000, rl: Some(0.3117684613747606), ci: Some((0.27990461237558284, 0.34725963492720446)), p: 2.8731887482690842e-176 },
    Ref { label: "christie_nhs", a: 4699, n1: 10000, c: 293, n2: 2000, rl: Some(3.207508532423208), ci: Some((2.879689717492298, 3.572645664938795)), p: 2.8731887482690842e-176 },
    Ref { label: "e2e_m3", a: 20, n1: 200, c: 20, n2: 500, rl: Some(2.5), ci: Some((1.3751764410711576, 4.544871344023119)), p: 0.003455393040438309 },
    Ref { label: "e2e_m4", a: 2, n1: 50, c: 4, n2: 100, rl: Some(1.0), ci: Some((0.18955338059411525, 5.275558773289666)), p: 1.0 },
    Ref { label: "e2e_m5", a: 100, n1: 200, c: 300, n2: 500, rl: Some(0.8333333333333334), ci: Some((0.712981441769007, 0.974000729558164)), p: 0.017904961028978938 },
    Ref { label: "e2e_m6", a: 30, n1: 100, c: 40, n2: 200, rl: Some(1.5), ci: Some((0.9974692739106866, 2.255708580554697)), p: 0.06046904678779039 },
    Ref { label: "e2e_m7a", a: 10, n1: 100, c: 40, n2: 200, rl: Some(0.5), ci: Some((0.2610107461234196, 0.9578149701230572)), p: 0.03242454907948308 },
    Ref { label: "e2e_m7b", a: 0, n1: 100, c: 10, n2: 200, rl: Some(0.0), ci: Some((0.005609552785292187, 1.6009675849068763)), p: 0.034023851833384786 },
    Ref { label: "e2e_m8", a: 30, n1: 200, c: 60, n2: 500, rl: Some(1.25), ci: Some((0.8325323208043721, 1.8768040122338447)), p: 0.31728075062898997 },
    Ref { label: "e2e_m9", a: 4, n1: 200, c: 20, n2: 500, rl: Some(0.5), ci: Some((0.17306891825400508, 1.4445112532169806)), p: 0.2516890341735322 },
    Ref { label: "e2e_m2_nhs", a: 98, n1: 410, c: 52, n2: 380, rl: Some(1.74671669793621), ci: Some((1.2863465537438472, 2.3718485613144744)), p: 0.00027027359924741245 },
    Ref { label: "e2e_m5_nhs", a: 300, n1: 500, c: 100, n2: 200, rl: Some(1.2), ci: Some((1.0266932761473702, 1.402561050563756)), p: 0.017904961028978938 },
    Ref { label: "e2e_combined_m2", a: 72, n1: 500, c: 138, n2: 600, rl: Some(0.6260869565217392), ci: Some((0.48320602972855375, 0.8112168578418935)), p: 0.000290236301887336 },
    Ref { label: "e2e_census_me", a: 50, n1: 320, c: 100, n2: 400, rl: Some(0.625), ci: Some((0.46024196787908767, 0.8487383317086435)), p: 0.002267047126488422 },
    Ref { label: "e2e_census_asian", a: 20, n1: 100, c: 100, n2: 400, rl: Some(0.8), ci: Some((0.5218851148777854, 1.2263235370295524)), p: 0.3595178752129795 },
    Ref { label: "e2e_census_black", a: 15, n1: 150, c: 100, n2: 400, rl: Some(0.4), ci: Some((0.24038720146778747, 0.6655928394816828)), p: 8.673448183347523e-05 },
    Ref { label: "e2e_census_mixed", a: 10, n1: 50, c: 100, n2: 400, rl: Some(0.8), ci: Some((0.44802389043982827, 1.4284952513842677)), p: 0.49001576493444343 },
    Ref { label: "e2e_census_other", a: 5, n1: 20, c: 100, n2: 400, rl: Some(1.0), ci: Some((0.459398801119731, 2.176757966199774)), p: 1.0 },
];

fn reference(label: &str) -> Ref {
    *REFERENCE
        .iter()
        .find(|r| r.label == label)
        .unwrap_or_else(|| panic!("no reference table {label}"))
}

/// |x − y| within `rel` of |y| (or within `rel` when y is 0).
fn close(x: f64, y: f64, rel: f64) -> bool {
    (x - y).abs() <= rel * y.abs().max(f64::MIN_POSITIVE) || x == y
}

#[track_caller]
fn assert_close(x: f64, y: f64, rel: f64, what: &str) {
    assert!(close(x, y, rel), "{what}: got {x:e}, expected {y:e}");
}

/// Relative tolerances. The script rounds z to 1.959964 (the engine uses 1.9599639845…),
/// which moves an interval end by about 2e-8 of itself at most.
const RL_TOL: f64 = 1e-12;
const CI_TOL: f64 = 1e-7;
const P_TOL: f64 = 1e-9;

fn table(r: &Ref) -> TwoByTwo {
    TwoByTwo::new(r.a, r.n1, r.c, r.n2)
}

// ------------------------------------------------------------------------------------ stats

#[test]
fn relative_likelihoods_match_the_reference() {
    for r in REFERENCE {
        match (table(r).relative_likelihood(), r.rl) {
            (Ok(got), Some(want)) => assert_close(got, want, RL_TOL, r.label),
            (Err(Undefined::NoSecondEvents), None) => assert_eq!(r.c, 0, "{}", r.label),
            (got, want) => panic!("{}: got {got:?}, expected {want:?}", r.label),
        }
    }
}

#[test]
fn katz_intervals_match_the_reference() {
    for r in REFERENCE {
        match (table(r).katz_ci95(), r.ci) {
            (Ok((lo, hi)), Some((want_lo, want_hi))) => {
                assert_close(lo, want_lo, CI_TOL, &format!("{} low", r.label));
                assert_close(hi, want_hi, CI_TOL, &format!("{} high", r.label));
            }
            (Err(_), None) => {}
            (got, want) => panic!("{}: got {got:?}, expected {want:?}", r.label),
        }
    }
}

#[test]
fn fisher_p_values_match_scipy() {
    for r in REFERENCE {
        let got = table(r).fisher_p().unwrap();
        assert_close(got, r.p, P_TOL, r.label);
        // The same through the table-of-four-cells entry point.
        let again = fisher_exact_two_sided(r.a, r.n1 - r.a, r.c, r.n2 - r.c).unwrap();
        assert_eq!(got, again, "{}", r.label);
    }
}

#[test]
fn zero_cells() {
    // a = 0: the relative likelihood is exactly 0; the interval (0.5 added to every cell)
    // still has a positive lower end, and its upper end is above 1 here.
    let r = reference("zero_a");
    assert_eq!(table(&r).relative_likelihood(), Ok(0.0));
    let (lo, hi) = table(&r).katz_ci95().unwrap();
    assert!(lo > 0.0 && hi > 1.0);
    // b = 0 (everyone in the first group had the event): 20/20 against 10/50 is 1 / 0.2 = 5.
    let r = reference("zero_b");
    assert_eq!(table(&r).relative_likelihood(), Ok(5.0));
    // c = 0: no second-group events, so no ratio and no interval, but Fisher still has a
    // p-value (5/50 against 0/60).
    let r = reference("zero_c");
    assert_eq!(
        table(&r).relative_likelihood(),
        Err(Undefined::NoSecondEvents)
    );
    assert_eq!(table(&r).katz_ci95(), Err(Undefined::NoSecondEvents));
    assert!(table(&r).fisher_p().is_some());
    // d = 0: 3/30 against 12/12 is 0.1 / 1 = 0.1.
    let r = reference("zero_d");
    assert_close(
        table(&r).relative_likelihood().unwrap(),
        0.1,
        RL_TOL,
        "zero_d",
    );
    // Empty groups and impossible tables are named, never NaN.
    assert_eq!(
        TwoByTwo::new(0, 0, 3, 10).relative_likelihood(),
        Err(Undefined::EmptyFirst)
    );
    assert_eq!(
        TwoByTwo::new(3, 10, 0, 0).relative_likelihood(),
        Err(Undefined::EmptySecond)
    );
    assert_eq!(
        TwoByTwo::new(11, 10, 3, 10).relative_likelihood(),
        Err(Undefined::EventsExceedPopulation)
    );
    assert_eq!(TwoByTwo::new(11, 10, 3, 10).fisher_p(), None);
    assert_eq!(fisher_exact_two_sided(0, 0, 0, 0), None);
}

#[test]
fn small_numbers_are_flagged_and_large_tables_are_not() {
    assert!(table(&reference("small_1_of_3_vs_2_of_9")).has_small_numbers());
    assert!(table(&reference("small_3_of_7_vs_1_of_8")).has_small_numbers());
    assert!(table(&reference("small_single_person_groups")).has_small_numbers());
    assert!(!table(&reference("large_5000_rows")).has_small_numbers());
    // 0 is not a small number: zero_a has a = 0 and 40, 10, 100.
    assert!(!table(&reference("zero_a")).has_small_numbers());
}

#[test]
fn band_ends_are_exact() {
    // (3/5) / (15/20) = 0.6 / 0.75 = 0.8 exactly; and the other way round 1.25 exactly.
    assert_eq!(TwoByTwo::new(3, 5, 15, 20).relative_likelihood(), Ok(0.8));
    assert_eq!(TwoByTwo::new(15, 20, 3, 5).relative_likelihood(), Ok(1.25));
    // (30/200) / (60/500) = 0.15 / 0.12 = 1.25.
    assert_eq!(
        TwoByTwo::new(30, 200, 60, 500).relative_likelihood(),
        Ok(1.25)
    );
}

/// The Christie NHS FT 2022-23: 14.65% of BAME and 46.99% of white shortlisted candidates
/// appointed. Counts that give those rates exactly: 293 of 2,000 (293 / 2000 = 0.1465) and
/// 4,699 of 10,000 (0.4699). SC-WRES direction 0.1465 / 0.4699 = 0.31177 (0.312 to three
/// places); NHS direction 0.4699 / 0.1465 = 3.2075 (3.21).
#[test]
fn the_christie_2022_23_check() {
    let sc = TwoByTwo::new(293, 2000, 4699, 10000);
    let nhs = TwoByTwo::new(4699, 10000, 293, 2000);
    let rl = sc.relative_likelihood().unwrap();
    let inverse = nhs.relative_likelihood().unwrap();
    assert_eq!(format!("{rl:.3}"), "0.312");
    assert_eq!(format!("{inverse:.2}"), "3.21");
    assert_eq!(format::ratio(inverse), "3.21");
    assert_close(rl, reference("christie_sc_wres").rl.unwrap(), RL_TOL, "sc");
    assert_close(
        inverse,
        reference("christie_nhs").rl.unwrap(),
        RL_TOL,
        "nhs",
    );
    assert_close(rl * inverse, 1.0, 1e-15, "reciprocal");
    // Katz intervals are reciprocal too when no cell is zero.
    let (lo, hi) = sc.katz_ci95().unwrap();
    let (ilo, ihi) = nhs.katz_ci95().unwrap();
    assert_close(lo, 1.0 / ihi, 1e-12, "low");
    assert_close(hi, 1.0 / ilo, 1e-12, "high");
}

// ------------------------------------------------------------------------------ end to end

/// A hand-made adults file. Headcount (the three staff rows): white 300 + 150 + 50 = 500,
/// minority ethnic 100 + 80 + 20 = 200, not known 20 + 5 + 5 = 30.
const ADULTS: &str = "\
workforce,measure,pay_band,white,minority_ethnic,not_known
adults,staff,Band A,300,100,20
adults,staff,Band B,150,80,5
adults,staff,Band C,50,20,5
adults,shortlisted,,410,380,30
adults,appointed,,98,52,6
adults,disciplinary,,20,20,1
adults,regulated_professionals,,100,50,5
adults,ftp_referrals,,4,2,0
adults,cpd,,300,100,10
adults,leavers,,60,30,2
adults,senior_managers,,20,4,1
adults,survey_respondents,,200,100,10
adults,harassment_public,,40,30,2
adults,harassment_colleagues,,40,10,1
adults,harassment_managers,,10,0,0
";

/// Children's rows to add to ADULTS for the combined workforce. Headcount: white
/// 100 + 60 + 40 = 200, minority ethnic 40 + 20 + 20 = 80, not known 5 + 5 + 0 = 10.
const CHILDREN_ROWS: &str = "\
children,staff,Band A,100,40,5
children,staff,Band B,60,20,5
children,staff,Band D,40,20,0
children,shortlisted,,190,120,10
children,appointed,,40,20,2
children,disciplinary,,10,12,0
children,regulated_professionals,,80,30,2
children,ftp_referrals,,2,3,0
children,cpd,,120,40,5
children,leavers,,30,20,1
children,senior_managers,,10,2,0
children,survey_respondents,,100,40,5
children,harassment_public,,20,12,1
children,harassment_colleagues,,20,8,0
children,harassment_managers,,5,4,0
";

fn results_of(csv: &str, settings: Settings) -> Results {
    let parsed = parse(csv.as_bytes());
    let errors: Vec<String> = parsed.errors().map(|m| m.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    compute(parsed.submission.as_ref().unwrap(), &settings)
}

fn band(low: f64, high: f64) -> Settings {
    Settings {
        band: ParityRange::new(low, high).unwrap(),
        nhs_orientation: false,
    }
}

/// What one metric of the ADULTS file must show.
struct Expected {
    metric: MetricId,
    /// (events, population) for minority ethnic and white staff.
    me: (u64, u64),
    white: (u64, u64),
    /// Worked out by hand from the counts.
    rl: f64,
    reference: &'static str,
    verdict: Verdict,
    small_numbers: bool,
    sentence: &'static str,
}

fn adults_expected() -> Vec<Expected> {
    use Verdict::*;
    vec![
        // 52/380 = 0.136842 against 98/410 = 0.239024: 0.136842 / 0.239024 = 0.5725.
        Expected {
            metric: MetricId::M2,
            me: (52, 380),
            white: (98, 410),
            rl: (52.0 * 410.0) / (98.0 * 380.0),
            reference: "ordinary_example_adults_m2",
            verdict: AdverseToMinorityEthnic,
            small_numbers: false,
            sentence: "Minority ethnic staff were 0.57 times as likely as white staff to be appointed from shortlisting (43% less likely).",
        },
        // 20/200 = 0.10 against 20/500 = 0.04: 2.5. From twice as likely up the sentence
        // gives the ratio alone (no "150% more likely").
        Expected {
            metric: MetricId::M3,
            me: (20, 200),
            white: (20, 500),
            rl: 2.5,
            reference: "e2e_m3",
            verdict: AdverseToMinorityEthnic,
            small_numbers: false,
            sentence: "Minority ethnic staff were 2.50 times as likely as white staff to enter the formal disciplinary process.",
        },
        // 2/50 = 0.04 against 4/100 = 0.04: 1.
        Expected {
            metric: MetricId::M4,
            me: (2, 50),
            white: (4, 100),
            rl: 1.0,
            reference: "e2e_m4",
            verdict: WithinBand,
            small_numbers: true,
            sentence: "Minority ethnic staff were 1.00 times as likely as white staff to be referred by the employer to a fitness-to-practise process (about equally likely).",
        },
        // 100/200 = 0.5 against 300/500 = 0.6: 0.8333.
        Expected {
            metric: MetricId::M5,
            me: (100, 200),
            white: (300, 500),
            rl: 5.0 / 6.0,
            reference: "e2e_m5",
            verdict: WithinBand,
            small_numbers: false,
            sentence: "Minority ethnic staff were 0.83 times as likely as white staff to access funded non-mandatory continuing professional development (17% less likely).",
        },
        // 30/100 = 0.3 against 40/200 = 0.2: 1.5.
        Expected {
            metric: MetricId::M6,
            me: (30, 100),
            white: (40, 200),
            rl: 1.5,
            reference: "e2e_m6",
            verdict: AdverseToMinorityEthnic,
            small_numbers: false,
            sentence: "Minority ethnic staff were 1.50 times as likely as white staff to report harassment, bullying or abuse from people who use services, their relatives or the public (50% more likely).",
        },
        // 10/100 = 0.1 against 40/200 = 0.2: 0.5; an adverse event less likely for minority
        // ethnic staff, so the difference is adverse to white staff.
        Expected {
            metric: MetricId::M7a,
            me: (10, 100),
            white: (40, 200),
            rl: 0.5,
            reference: "e2e_m7a",
            verdict: AdverseToWhite,
            small_numbers: false,
            sentence: "Minority ethnic staff were 0.50 times as likely as white staff to report harassment, bullying or abuse from colleagues (50% less likely).",
        },
        // 0/100 against 10/200 = 5.0%: 0.
        Expected {
            metric: MetricId::M7b,
            me: (0, 100),
            white: (10, 200),
            rl: 0.0,
            reference: "e2e_m7b",
            verdict: AdverseToWhite,
            small_numbers: false,
            sentence: "Minority ethnic staff were 0 times as likely as white staff to report harassment, bullying or abuse from managers: none of the 100 minority ethnic survey respondents reported harassment, bullying or abuse from managers, against 5.0% of white survey respondents.",
        },
        // 30/200 = 0.15 against 60/500 = 0.12: 1.25, the band's upper end (inside).
        Expected {
            metric: MetricId::M8,
            me: (30, 200),
            white: (60, 500),
            rl: 1.25,
            reference: "e2e_m8",
            verdict: WithinBand,
            small_numbers: false,
            sentence: "Minority ethnic staff were 1.25 times as likely as white staff to leave the organisation (25% more likely).",
        },
        // 4/200 = 0.02 against 20/500 = 0.04: 0.5.
        Expected {
            metric: MetricId::M9,
            me: (4, 200),
            white: (20, 500),
            rl: 0.5,
            reference: "e2e_m9",
            verdict: AdverseToMinorityEthnic,
            small_numbers: true,
            sentence: "Minority ethnic staff were 0.50 times as likely as white staff to be in a senior manager role (50% less likely).",
        },
    ]
}

#[test]
fn adults_file_metric_by_metric() {
    let results = results_of(ADULTS, Settings::default());
    assert_eq!(results.form, EthnicityForm::Broad);
    assert_eq!(results.workforces.len(), 1, "one workforce, so no combined");
    let adults = results.scope(Scope::Adults).unwrap();
    for e in adults_expected() {
        let m = adults.metric(e.metric).unwrap();
        let id = e.metric.as_str();
        let me = m.minority_ethnic.unwrap();
        let white = m.white.unwrap();
        assert_eq!((me.events, me.population), e.me, "{id} minority ethnic");
        assert_eq!((white.events, white.population), e.white, "{id} white");
        assert_close(me.rate.unwrap(), e.me.0 as f64 / e.me.1 as f64, 1e-15, id);
        let rl = m.relative_likelihood.unwrap();
        assert_close(rl, e.rl, RL_TOL, id);
        let r = reference(e.reference);
        assert_eq!(
            (r.a, r.n1, r.c, r.n2),
            (e.me.0, e.me.1, e.white.0, e.white.1)
        );
        assert_close(rl, r.rl.unwrap(), RL_TOL, id);
        let [lo, hi] = m.ci95.unwrap();
        let (want_lo, want_hi) = r.ci.unwrap();
        assert_close(lo, want_lo, CI_TOL, id);
        assert_close(hi, want_hi, CI_TOL, id);
        assert_close(m.fisher_p.unwrap(), r.p, P_TOL, id);
        assert_eq!(m.verdict, e.verdict, "{id}");
        assert_eq!(m.small_numbers, e.small_numbers, "{id}");
        assert_eq!(m.sentence, e.sentence, "{id}");
        assert_eq!(m.orientation, Orientation::MinorityEthnicToWhite, "{id}");
        assert_eq!(m.reason, None, "{id}");
    }
}

#[test]
fn m1_shares_by_pay_band() {
    let results = results_of(ADULTS, Settings::default());
    let m1 = results
        .scope(Scope::Adults)
        .unwrap()
        .metric(MetricId::M1)
        .unwrap();
    assert_eq!(m1.verdict, Verdict::NotApplicable);
    assert_eq!(m1.relative_likelihood, None);
    // Whole workforce: 200 minority ethnic of 730, of whom 700 have a known ethnicity.
    // Each share says its base.
    let w = m1.workforce_share.unwrap();
    assert_eq!(
        (w.minority_ethnic, w.white, w.not_known, w.total),
        (200, 500, 30, 730)
    );
    assert_close(
        w.minority_ethnic_share_of_all.unwrap(),
        200.0 / 730.0,
        1e-12,
        "of all",
    );
    assert_close(
        w.minority_ethnic_share_of_known.unwrap(),
        200.0 / 700.0,
        1e-12,
        "of known",
    );
    assert_eq!(m1.minority_ethnic, None);
    // Shares of known: workforce 200/700 = 28.6%; Band A 100/400 = 25.0%;
    // Band B 80/230 = 34.8%; Band C 20/70 = 28.6%.
    assert_eq!(
        m1.sentence,
        "Minority ethnic staff are 28.6% of staff whose ethnicity is known; by pay band, of \
         staff whose ethnicity is known: Band A 25.0%; Band B 34.8%; Band C 28.6%."
    );
    let names: Vec<&str> = m1.bands.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names, ["Band A", "Band B", "Band C"]);
    let a = &m1.bands[0];
    assert_eq!(
        (a.white, a.minority_ethnic, a.not_known, a.total),
        (300, 100, 20, 420)
    );
    // Shares of everyone in the band: 100/420, 300/420, 20/420, adding up to 1.
    assert_close(
        a.share_minority_ethnic.unwrap(),
        100.0 / 420.0,
        1e-15,
        "A me",
    );
    assert_close(a.share_white.unwrap(), 300.0 / 420.0, 1e-15, "A white");
    assert_close(a.share_not_known.unwrap(), 20.0 / 420.0, 1e-15, "A nk");
    // Relative to the workforce: (100/400) / (200/700) = 0.25 / 0.285714 = 0.875.
    assert_close(a.relative_to_workforce.unwrap(), 0.875, 1e-12, "A relative");
    // Band B: (80/230) / (200/700) = 56/46 = 1.217391.
    let b = &m1.bands[1];
    assert_close(
        b.relative_to_workforce.unwrap(),
        56.0 / 46.0,
        1e-12,
        "B relative",
    );
    for band in &m1.bands {
        let sum = band.share_minority_ethnic.unwrap()
            + band.share_white.unwrap()
            + band.share_not_known.unwrap();
        assert_close(sum, 1.0, 1e-12, &band.name);
        assert!(!band.small_numbers, "{}", band.name);
    }
}

#[test]
fn nhs_orientation_inverts_m2_and_m5_only_and_says_so() {
    let sc = results_of(ADULTS, Settings::default());
    let nhs = results_of(
        ADULTS,
        Settings {
            nhs_orientation: true,
            ..Settings::default()
        },
    );
    let sc = sc.scope(Scope::Adults).unwrap();
    let nhs = nhs.scope(Scope::Adults).unwrap();
    // M2 the NHS way: (98/410) / (52/380) = 0.239024 / 0.136842 = 1.7467.
    let m2 = nhs.metric(MetricId::M2).unwrap();
    assert_eq!(m2.orientation, Orientation::WhiteToMinorityEthnic);
    assert_close(
        m2.relative_likelihood.unwrap(),
        (98.0 * 380.0) / (52.0 * 410.0),
        RL_TOL,
        "M2",
    );
    let r = reference("e2e_m2_nhs");
    let [lo, hi] = m2.ci95.unwrap();
    assert_close(lo, r.ci.unwrap().0, CI_TOL, "M2 low");
    assert_close(hi, r.ci.unwrap().1, CI_TOL, "M2 high");
    assert_close(m2.fisher_p.unwrap(), r.p, P_TOL, "M2 p");
    assert_eq!(
        m2.sentence,
        "White staff were 1.75 times as likely as minority ethnic staff to be appointed from \
         shortlisting (75% more likely). This is the NHS WRES orientation: white relative to \
         minority ethnic."
    );
    // White staff more likely to be appointed: still adverse to minority ethnic staff.
    assert_eq!(m2.verdict, Verdict::AdverseToMinorityEthnic);
    // M5 the NHS way: (300/500) / (100/200) = 0.6 / 0.5 = 1.2.
    let m5 = nhs.metric(MetricId::M5).unwrap();
    assert_eq!(m5.orientation, Orientation::WhiteToMinorityEthnic);
    assert_close(m5.relative_likelihood.unwrap(), 1.2, RL_TOL, "M5");
    assert_eq!(
        m5.sentence,
        "White staff were 1.20 times as likely as minority ethnic staff to access funded \
         non-mandatory continuing professional development (20% more likely). This is the NHS \
         WRES orientation: white relative to minority ethnic."
    );
    assert_eq!(m5.verdict, Verdict::WithinBand);
    let r = reference("e2e_m5_nhs");
    assert_close(m5.ci95.unwrap()[0], r.ci.unwrap().0, CI_TOL, "M5 low");
    // The inverted figure, interval and national benchmarks are the reciprocals; p and the
    // verdict do not change.
    for id in [MetricId::M2, MetricId::M5] {
        let (s, n) = (sc.metric(id).unwrap(), nhs.metric(id).unwrap());
        assert_close(
            s.relative_likelihood.unwrap() * n.relative_likelihood.unwrap(),
            1.0,
            1e-12,
            id.as_str(),
        );
        assert_close(
            s.ci95.unwrap()[0],
            1.0 / n.ci95.unwrap()[1],
            1e-12,
            id.as_str(),
        );
        assert_close(s.fisher_p.unwrap(), n.fisher_p.unwrap(), 1e-12, id.as_str());
        assert_eq!(s.verdict, n.verdict);
        assert_eq!(s.national.len(), n.national.len());
        for (a, b) in s.national.iter().zip(&n.national) {
            assert_eq!(a.year, b.year);
            assert_close(
                a.relative_likelihood * b.relative_likelihood,
                1.0,
                1e-12,
                "national",
            );
        }
    }
    // Every other metric is unchanged and says nothing about the NHS.
    for id in [
        MetricId::M1,
        MetricId::M3,
        MetricId::M4,
        MetricId::M6,
        MetricId::M7a,
        MetricId::M7b,
        MetricId::M8,
        MetricId::M9,
    ] {
        let (s, n) = (sc.metric(id).unwrap(), nhs.metric(id).unwrap());
        assert_eq!(s, n, "{id}");
        assert!(!n.sentence.contains("NHS"), "{id}");
    }
}

#[test]
fn the_christie_check_end_to_end() {
    let file = "workforce,measure,pay_band,white,minority_ethnic,not_known\n\
                adults,shortlisted,,10000,2000,0\n\
                adults,appointed,,4699,293,0\n";
    let sc = results_of(file, Settings::default());
    let m2 = sc
        .scope(Scope::Adults)
        .unwrap()
        .metric(MetricId::M2)
        .unwrap();
    assert_eq!(m2.minority_ethnic.unwrap().rate, Some(0.1465));
    assert_eq!(m2.white.unwrap().rate, Some(0.4699));
    assert_eq!(format!("{:.3}", m2.relative_likelihood.unwrap()), "0.312");
    // 0.31 as printed: (0.31 − 1) × 100 = −69.
    assert_eq!(
        m2.sentence,
        "Minority ethnic staff were 0.31 times as likely as white staff to be appointed from \
         shortlisting (69% less likely)."
    );
    let nhs = results_of(
        file,
        Settings {
            nhs_orientation: true,
            ..Settings::default()
        },
    );
    let m2 = nhs
        .scope(Scope::Adults)
        .unwrap()
        .metric(MetricId::M2)
        .unwrap();
    assert_eq!(format::ratio(m2.relative_likelihood.unwrap()), "3.21");
    // 3.21 is more than twice as likely: the ratio alone, no percentage.
    assert_eq!(
        m2.sentence,
        "White staff were 3.21 times as likely as minority ethnic staff to be appointed from \
         shortlisting. This is the NHS WRES orientation: white relative to minority ethnic."
    );
    assert_eq!(m2.verdict, Verdict::AdverseToMinorityEthnic);
}

#[test]
fn verdicts_against_default_and_custom_bands() {
    use Verdict::*;
    let verdicts = |settings: Settings| -> Vec<(MetricId, Verdict)> {
        let r = results_of(ADULTS, settings);
        r.scope(Scope::Adults)
            .unwrap()
            .metrics
            .iter()
            .filter(|m| m.kind != Kind::Representation)
            .map(|m| (m.metric, m.verdict))
            .collect()
    };
    // RLs: M2 0.57, M3 2.5, M4 1.0, M5 0.83, M6 1.5, M7a 0.5, M7b 0, M8 1.25, M9 0.5.
    // Favourable events (M2, M5, M9) are adverse to minority ethnic staff below the band;
    // adverse events (the rest) are adverse to minority ethnic staff above it.
    assert_eq!(
        verdicts(Settings::default()),
        vec![
            (MetricId::M2, AdverseToMinorityEthnic),
            (MetricId::M3, AdverseToMinorityEthnic),
            (MetricId::M4, WithinBand),
            (MetricId::M5, WithinBand),
            (MetricId::M6, AdverseToMinorityEthnic),
            (MetricId::M7a, AdverseToWhite),
            (MetricId::M7b, AdverseToWhite),
            (MetricId::M8, WithinBand),
            (MetricId::M9, AdverseToMinorityEthnic),
        ]
    );
    // A wide band, 0.5 to 2: both ends inclusive (M7a and M9 are exactly 0.5).
    assert_eq!(
        verdicts(band(0.5, 2.0)),
        vec![
            (MetricId::M2, WithinBand),
            (MetricId::M3, AdverseToMinorityEthnic),
            (MetricId::M4, WithinBand),
            (MetricId::M5, WithinBand),
            (MetricId::M6, WithinBand),
            (MetricId::M7a, WithinBand),
            (MetricId::M7b, AdverseToWhite),
            (MetricId::M8, WithinBand),
            (MetricId::M9, WithinBand),
        ]
    );
    // A narrow band, 0.9 to 1.1.
    assert_eq!(
        verdicts(band(0.9, 1.1)),
        vec![
            (MetricId::M2, AdverseToMinorityEthnic),
            (MetricId::M3, AdverseToMinorityEthnic),
            (MetricId::M4, WithinBand),
            (MetricId::M5, AdverseToMinorityEthnic),
            (MetricId::M6, AdverseToMinorityEthnic),
            (MetricId::M7a, AdverseToWhite),
            (MetricId::M7b, AdverseToWhite),
            (MetricId::M8, AdverseToMinorityEthnic),
            (MetricId::M9, AdverseToMinorityEthnic),
        ]
    );
    // The band itself: it must contain 1 and be above 0.
    assert!(ParityRange::new(1.1, 1.5).is_err());
    assert!(ParityRange::new(0.0, 1.5).is_err());
    assert!(ParityRange::new(0.8, 0.9).is_err());
    assert!(ParityRange::new(f64::NAN, 1.25).is_err());
    assert!(ParityRange::new(1.0, 1.0).is_ok());
}

/// A children's file built to leave each metric without a value for a different reason.
const UNDEFINED: &str = "\
workforce,measure,pay_band,white,minority_ethnic,not_known
children,staff,Band 1,100,50,0
children,shortlisted,,0,20,0
children,appointed,,0,5,0
children,disciplinary,,0,3,0
children,regulated_professionals,,10,0,0
children,ftp_referrals,,1,0,0
children,leavers,,10,60,0
children,senior_managers,,10,0,0
children,survey_respondents,,0,0,0
children,harassment_public,,0,0,0
children,harassment_colleagues,,0,0,0
children,harassment_managers,,0,0,0
";

#[test]
fn sentences_for_each_kind_of_figure_and_reason() {
    let results = results_of(UNDEFINED, Settings::default());
    let children = results.scope(Scope::Children).unwrap();
    let cannot = [
        // No white shortlisted applicants at all.
        (
            MetricId::M2,
            "there are no white shortlisted applicants with a known ethnicity",
        ),
        // No minority ethnic regulated professionals.
        (
            MetricId::M4,
            "there are no minority ethnic regulated professionals with a known ethnicity",
        ),
        // No cpd row: missing, not zero.
        (
            MetricId::M5,
            "the file has no row of staff accessing funded non-mandatory CPD for children's social care",
        ),
        // No survey respondents at all.
        (
            MetricId::M6,
            "there are no minority ethnic survey respondents with a known ethnicity",
        ),
        (
            MetricId::M7a,
            "there are no minority ethnic survey respondents with a known ethnicity",
        ),
        // 60 minority ethnic leavers from 50 minority ethnic staff.
        (
            MetricId::M8,
            "a group has more staff who left the organisation than staff; see the warning about this",
        ),
    ];
    for (id, why) in cannot {
        let m = children.metric(id).unwrap();
        assert_eq!(m.verdict, Verdict::CannotBeCalculated, "{id}");
        assert_eq!(m.relative_likelihood, None, "{id}");
        assert_eq!(m.ci95, None, "{id}");
        assert_eq!(m.reason.as_deref(), Some(why), "{id}");
        assert_eq!(m.sentence, format!("{id} cannot be calculated: {why}."));
    }
    // White 0 of 100 entered the disciplinary process, against 3 of 50 minority ethnic: no
    // ratio can be given, but the difference has a direction, so it has a verdict.
    let m3 = children.metric(MetricId::M3).unwrap();
    assert_eq!(m3.relative_likelihood, None);
    assert_eq!(m3.verdict, Verdict::AdverseToMinorityEthnic);
    assert_eq!(
        m3.sentence,
        "No ratio can be given, because none of the 100 white staff entered the formal \
         disciplinary process, against 6.0% of minority ethnic staff."
    );
    // Zero minority ethnic senior managers of 50 staff, against 10 of 100 white staff.
    let m9 = children.metric(MetricId::M9).unwrap();
    assert_eq!(m9.relative_likelihood, Some(0.0));
    assert_eq!(
        m9.sentence,
        "Minority ethnic staff were 0 times as likely as white staff to be in a senior manager \
         role: none of the 50 minority ethnic staff were in a senior manager role, against 10.0% of \
         white staff."
    );
    assert_eq!(m9.verdict, Verdict::AdverseToMinorityEthnic);
    // RL below and above 1 (from the adults file): "less likely", "more likely", and the
    // ratio alone from twice as likely up.
    let adults = results_of(ADULTS, Settings::default());
    let adults = adults.scope(Scope::Adults).unwrap();
    let ends = |id: MetricId, end: &str| {
        let s = &adults.metric(id).unwrap().sentence;
        assert!(s.ends_with(end), "{id}: {s}");
    };
    ends(MetricId::M2, " (43% less likely).");
    ends(MetricId::M6, " (50% more likely).");
    ends(MetricId::M4, " (about equally likely).");
    ends(
        MetricId::M3,
        "2.50 times as likely as white staff to enter the formal disciplinary process.",
    );
    // The NHS way round, zero minority ethnic appointments make the white/minority ratio
    // undefined (a division by zero), said in words.
    let file = "workforce,measure,pay_band,white,minority_ethnic,not_known\n\
                adults,shortlisted,,100,40,0\n\
                adults,appointed,,20,0,0\n";
    let nhs = results_of(
        file,
        Settings {
            nhs_orientation: true,
            ..Settings::default()
        },
    );
    let m2 = nhs
        .scope(Scope::Adults)
        .unwrap()
        .metric(MetricId::M2)
        .unwrap();
    assert_eq!(m2.relative_likelihood, None);
    assert_eq!(m2.verdict, Verdict::AdverseToMinorityEthnic);
    assert!(
        m2.sentence.starts_with(
            "No ratio can be given, because none of the 40 minority ethnic shortlisted \
             applicants were appointed, against 20.0% of white shortlisted applicants."
        ),
        "{}",
        m2.sentence
    );
}

#[test]
fn the_combined_workforce_is_the_sum_of_both() {
    let file = format!("{ADULTS}{CHILDREN_ROWS}");
    let results = results_of(&file, Settings::default());
    let scopes: Vec<Scope> = results.workforces.iter().map(|w| w.workforce).collect();
    assert_eq!(scopes, [Scope::Adults, Scope::Children, Scope::Combined]);
    let [adults, children, combined] =
        [Scope::Adults, Scope::Children, Scope::Combined].map(|s| results.scope(s).unwrap());
    // Every metric's counts add up.
    for m in combined.metrics.iter().filter(|m| m.metric != MetricId::M1) {
        let (a, c) = (
            adults.metric(m.metric).unwrap(),
            children.metric(m.metric).unwrap(),
        );
        for (sum, x, y) in [
            (m.minority_ethnic, a.minority_ethnic, c.minority_ethnic),
            (m.white, a.white, c.white),
            (m.not_known, a.not_known, c.not_known),
        ] {
            let (sum, x, y) = (sum.unwrap(), x.unwrap(), y.unwrap());
            assert_eq!(sum.events, x.events + y.events, "{}", m.metric);
            assert_eq!(sum.population, x.population + y.population, "{}", m.metric);
        }
    }
    // M2: minority ethnic 52 + 20 = 72 of 380 + 120 = 500; white 98 + 40 = 138 of
    // 410 + 190 = 600: 0.144 / 0.23 = 0.626.
    let m2 = combined.metric(MetricId::M2).unwrap();
    let r = reference("e2e_combined_m2");
    assert_close(m2.relative_likelihood.unwrap(), 0.144 / 0.23, 1e-12, "M2");
    assert_close(
        m2.relative_likelihood.unwrap(),
        r.rl.unwrap(),
        RL_TOL,
        "M2 ref",
    );
    assert_close(m2.ci95.unwrap()[0], r.ci.unwrap().0, CI_TOL, "M2 low");
    assert_close(m2.ci95.unwrap()[1], r.ci.unwrap().1, CI_TOL, "M2 high");
    assert_close(m2.fisher_p.unwrap(), r.p, P_TOL, "M2 p");
    // M3: (20 + 12) / (200 + 80) against (20 + 10) / (500 + 200): (32/280) / (30/700) = 8/3.
    let m3 = combined.metric(MetricId::M3).unwrap();
    assert_close(m3.relative_likelihood.unwrap(), 8.0 / 3.0, RL_TOL, "M3");
    // M9: (4 + 2) / 280 against (20 + 10) / 700: (6/280) / (30/700) = 0.5.
    let m9 = combined.metric(MetricId::M9).unwrap();
    assert_eq!(m9.relative_likelihood, Some(0.5));
    // M1: bands with the same name are added; a band only one workforce has is kept.
    let m1 = combined.metric(MetricId::M1).unwrap();
    let bands: Vec<(&str, u64, u64, u64)> = m1
        .bands
        .iter()
        .map(|b| (b.name.as_str(), b.white, b.minority_ethnic, b.not_known))
        .collect();
    assert_eq!(
        bands,
        [
            ("Band A", 400, 140, 25),
            ("Band B", 210, 100, 10),
            ("Band C", 50, 20, 5),
            ("Band D", 40, 20, 0),
        ]
    );
    // A row only one workforce has cannot be combined: say which.
    let without_cpd = file.replace("children,cpd,,120,40,5\n", "");
    let results = results_of(&without_cpd, Settings::default());
    let m5 = results
        .scope(Scope::Combined)
        .unwrap()
        .metric(MetricId::M5)
        .unwrap();
    assert_eq!(
        m5.reason.as_deref(),
        Some("children's social care has no row of staff accessing funded non-mandatory CPD, so the two workforces cannot be combined")
    );
}

/// A census-form file: 19 categories and not_known. Shortlisted: white 300 British + 100
/// any other White = 400; Indian 100 (Asian), African 150 (Black), any other Mixed 50,
/// any other ethnic group 20 (Other): minority ethnic 320. Appointed: white 80 + 20 = 100;
/// Asian 20, Black 15, Mixed 10, Other 5: minority ethnic 50.
const CENSUS: &str = "\
workforce,measure,pay_band,white_british,white_irish,white_gypsy_or_irish_traveller,white_roma,white_other,mixed_white_and_black_caribbean,mixed_white_and_black_african,mixed_white_and_asian,mixed_other,asian_indian,asian_pakistani,asian_bangladeshi,asian_chinese,asian_other,black_caribbean,black_african,black_other,other_arab,other_any,not_known
adults,staff,Band 1,200,20,0,0,80,5,5,5,5,20,10,5,3,2,10,15,5,5,5,20
adults,shortlisted,,300,0,0,0,100,0,0,0,50,100,0,0,0,0,0,150,0,0,20,10
adults,appointed,,80,0,0,0,20,0,0,0,10,20,0,0,0,0,0,15,0,0,5,1
";

#[test]
fn census_form_files_group_into_white_minority_and_broad_groups() {
    use scwres::ethnicity::BroadGroup;
    let results = results_of(CENSUS, Settings::default());
    assert_eq!(results.form, EthnicityForm::Census);
    let adults = results.scope(Scope::Adults).unwrap();
    let m2 = adults.metric(MetricId::M2).unwrap();
    let me = m2.minority_ethnic.unwrap();
    let white = m2.white.unwrap();
    assert_eq!((me.events, me.population), (50, 320));
    assert_eq!((white.events, white.population), (100, 400));
    assert_eq!(
        (
            m2.not_known.unwrap().events,
            m2.not_known.unwrap().population
        ),
        (1, 10)
    );
    // (50/320) / (100/400) = 0.15625 / 0.25 = 0.625.
    assert_eq!(m2.relative_likelihood, Some(0.625));
    let r = reference("e2e_census_me");
    assert_close(m2.ci95.unwrap()[0], r.ci.unwrap().0, CI_TOL, "ME low");
    assert_close(m2.fisher_p.unwrap(), r.p, P_TOL, "ME p");
    // Each broad group against white (0.25): Asian 20/100 = 0.2 -> 0.8; Black 15/150 = 0.1
    // -> 0.4; Mixed 10/50 = 0.2 -> 0.8; Other 5/20 = 0.25 -> 1.0.
    let groups = [
        (BroadGroup::Asian, (20, 100), 0.8, "e2e_census_asian", false),
        (BroadGroup::Black, (15, 150), 0.4, "e2e_census_black", false),
        (BroadGroup::Mixed, (10, 50), 0.8, "e2e_census_mixed", false),
        (BroadGroup::Other, (5, 20), 1.0, "e2e_census_other", true),
    ];
    assert_eq!(m2.broad_groups.len(), 4);
    for ((g, counts, rl, label, small), got) in groups.iter().zip(&m2.broad_groups) {
        assert_eq!(got.group, *g);
        assert_eq!((got.rate.events, got.rate.population), *counts, "{g:?}");
        assert_eq!(got.relative_likelihood, Some(*rl), "{g:?}");
        let r = reference(label);
        let [lo, hi] = got.ci95.unwrap();
        assert_close(lo, r.ci.unwrap().0, CI_TOL, label);
        assert_close(hi, r.ci.unwrap().1, CI_TOL, label);
        assert_close(got.fisher_p.unwrap(), r.p, P_TOL, label);
        assert_eq!(got.small_numbers, *small, "{g:?}");
    }
    // M1 from the census columns: white 200 + 20 + 80 = 300, minority ethnic 100 (Mixed 20,
    // Asian 40, Black 30, Other 10), not known 20; 100/400 = 25.0% of known.
    let m1 = adults.metric(MetricId::M1).unwrap();
    let b = &m1.bands[0];
    assert_eq!((b.white, b.minority_ethnic, b.not_known), (300, 100, 20));
    assert_eq!(
        m1.sentence,
        "Minority ethnic staff are 25.0% of staff whose ethnicity is known; by pay band, of staff whose ethnicity is known: Band 1 25.0%."
    );
}

/// Walks the JSON: every number finite; a figure, interval and p-value wherever there is a
/// verdict; a rate exactly where its population is above 0; no "NaN" or "inf" in any text.
fn assert_no_nan_or_infinity(results: &Results, what: &str) {
    use serde_json::Value;
    // serde_json writes NaN and infinity as null, so the Debug form is checked as well.
    let debug = format!("{results:?}");
    for bad in ["NaN", "inf"] {
        for (i, _) in debug.match_indices(bad) {
            let before = debug[..i].chars().next_back().unwrap_or(' ');
            let after = debug[i + bad.len()..].chars().next().unwrap_or(' ');
            assert!(
                before.is_alphanumeric() || after.is_alphanumeric(),
                "{what}: {bad} in {}",
                &debug[i.saturating_sub(80)..(i + 40).min(debug.len())]
            );
        }
    }
    let json: Value = serde_json::to_value(results).unwrap();
    fn walk(v: &Value, path: &str, what: &str) {
        match v {
            Value::Number(n) => {
                let x = n.as_f64().unwrap();
                assert!(x.is_finite(), "{what}: {path} = {x}");
            }
            Value::String(s) => {
                assert!(
                    !s.contains("NaN") && !s.contains("inf"),
                    "{what}: {path}: {s}"
                )
            }
            Value::Array(a) => a
                .iter()
                .enumerate()
                .for_each(|(i, x)| walk(x, &format!("{path}[{i}]"), what)),
            Value::Object(o) => {
                if let (Some(p), Some(rate)) = (o.get("population"), o.get("rate")) {
                    assert_eq!(p.as_u64() == Some(0), rate.is_null(), "{what}: {path}");
                }
                o.iter()
                    .for_each(|(k, x)| walk(x, &format!("{path}.{k}"), what))
            }
            _ => {}
        }
    }
    walk(&json, "results", what);
    for r in results.all() {
        let judged = !matches!(
            r.verdict,
            Verdict::CannotBeCalculated | Verdict::NotApplicable
        );
        let v = serde_json::to_value(r).unwrap();
        // A judged figure has a number, unless it would divide by zero: then the words say so.
        let stated = v["relative_likelihood"].is_number();
        assert!(
            stated == judged || (judged && r.sentence.starts_with("No ratio can be given")),
            "{what} {:?}",
            r.metric
        );
        assert_eq!(v["ci95"].is_array(), judged, "{what} {:?}", r.metric);
        if judged {
            assert!(v["ci95"][0].is_number() && v["ci95"][1].is_number());
            assert!(v["fisher_p"].is_number(), "{what} {:?}", r.metric);
        }
    }
}

#[test]
fn no_output_number_is_nan_or_infinite() {
    let example = include_str!("../data/example-submission.csv");
    let template = include_str!("../data/template.csv");
    let combined = format!("{ADULTS}{CHILDREN_ROWS}");
    let files: [(&str, &str); 6] = [
        ("adults", ADULTS),
        ("combined", &combined),
        ("undefined", UNDEFINED),
        ("census", CENSUS),
        ("example", example),
        ("template (all zeros)", template),
    ];
    for (name, file) in files {
        for settings in [
            Settings::default(),
            Settings {
                nhs_orientation: true,
                ..Settings::default()
            },
            band(0.5, 2.0),
        ] {
            assert_no_nan_or_infinity(&results_of(file, settings), name);
        }
    }
    // The all-zero template: nothing can be calculated, and every metric says why.
    let r = results_of(template, Settings::default());
    for m in r.all() {
        assert_eq!(m.verdict, Verdict::CannotBeCalculated, "{:?}", m.metric);
        assert!(m.reason.is_some());
    }
}

#[test]
fn band_names_that_differ_only_in_punctuation_are_one_band() {
    // Adults write "Under £30,000", children "under £30000": one band when combined.
    let file = "workforce,measure,pay_band,white,minority_ethnic,not_known\n\
                adults,staff,\"Under £30,000\",100,40,0\n\
                adults,staff,<£70k,10,2,0\n\
                children,staff,under £30000,50,10,0\n\
                children,staff,>£70k,5,1,0\n";
    let results = results_of(file, Settings::default());
    let m1 = results
        .scope(Scope::Combined)
        .unwrap()
        .metric(MetricId::M1)
        .unwrap();
    let bands: Vec<(&str, u64)> = m1
        .bands
        .iter()
        .map(|b| (b.name.as_str(), b.white))
        .collect();
    // The signs that change a band's meaning still count: "<£70k" and ">£70k" stay apart.
    assert_eq!(bands, [("Under £30,000", 150), ("<£70k", 10), (">£70k", 5)]);
    // Within one workforce, the two spellings are the same band named twice: an error.
    let twice = "workforce,measure,pay_band,white,minority_ethnic,not_known\n\
                 adults,staff,\"Under £30,000\",100,40,0\n\
                 adults,staff,Under £30000,10,2,0\n";
    let parsed = parse(twice.as_bytes());
    assert!(parsed.errors().next().is_some(), "a band named twice");
}
