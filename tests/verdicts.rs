//! What the results say about a figure: the verdict, how strong the evidence is, what it
//! would take to reach the band, and the words. Each test is named after what it guards;
//! the "what it would take" counts are checked against a search over every possible count.

use proptest::prelude::*;

use scwres::metrics::{MetricId, METRICS};
use scwres::model::Measure;
use scwres::results::{
    compute, Evidence, MetricResult, ParityRange, Results, Scope, Settings, Side, Verdict,
};
use scwres::stats::Fraction;
use scwres::submission::parse;

fn results_of(csv: &str, settings: Settings) -> Results {
    let parsed = parse(csv.as_bytes());
    let errors: Vec<String> = parsed.errors().map(|m| m.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}\n{csv}");
    compute(parsed.submission.as_ref().unwrap(), &settings)
}

const HEADER: &str = "workforce,measure,pay_band,white,minority_ethnic,not_known\n";

/// A file with one population row and one event row (white and minority ethnic counts).
fn file(population: &str, events: &str, (we, wp): (u64, u64), (me, mp): (u64, u64)) -> String {
    format!("{HEADER}adults,{population},,{wp},{mp},0\nadults,{events},,{we},{me},0\n")
}

fn m2(white: (u64, u64), me: (u64, u64), settings: Settings) -> MetricResult {
    let r = results_of(&file("shortlisted", "appointed", white, me), settings);
    r.scope(Scope::Adults)
        .unwrap()
        .metric(MetricId::M2)
        .unwrap()
        .clone()
}

fn m4(white: (u64, u64), me: (u64, u64), settings: Settings) -> MetricResult {
    let r = results_of(
        &file("regulated_professionals", "ftp_referrals", white, me),
        settings,
    );
    r.scope(Scope::Adults)
        .unwrap()
        .metric(MetricId::M4)
        .unwrap()
        .clone()
}

fn nhs() -> Settings {
    Settings {
        nhs_orientation: true,
        ..Settings::default()
    }
}

#[test]
fn no_minority_ethnic_appointments_get_the_same_verdict_either_way_round() {
    // 0 of 60 minority ethnic against 30 of 100 white shortlisted applicants.
    let sc = m2((30, 100), (0, 60), Settings::default());
    let turned = m2((30, 100), (0, 60), nhs());
    assert_eq!(sc.verdict, Verdict::AdverseToMinorityEthnic);
    assert_eq!(turned.verdict, Verdict::AdverseToMinorityEthnic);
    assert_eq!(sc.evidence, turned.evidence);
    assert_eq!(sc.relative_likelihood_shown.as_deref(), Some("0.00"));
    // The NHS way round the figure would divide by zero: no number, but words.
    assert_eq!(turned.relative_likelihood, None);
    assert_eq!(
        turned.sentence,
        "No ratio can be given, because none of the 60 minority ethnic shortlisted applicants \
         were appointed, against 30.0% of white shortlisted applicants. This is the NHS WRES \
         orientation: white relative to minority ethnic."
    );
    // Its interval is the turned-round interval of the SC-WRES figure.
    let [l, h] = sc.ci95.unwrap();
    let [tl, th] = turned.ci95.unwrap();
    assert!(((1.0 / h) - tl).abs() < 1e-12 && ((1.0 / l) - th).abs() < 1e-12);
}

#[test]
fn the_verdict_never_depends_on_the_orientation() {
    for (white, me) in [
        ((500, 1000), (398, 1000)),
        ((30, 100), (0, 60)),
        ((0, 100), (5, 60)),
        ((200, 1000), (251, 1000)),
        ((10, 100), (8, 100)),
    ] {
        for band in [ParityRange::NHS, ParityRange::new(0.9, 1.2).unwrap()] {
            let s = Settings {
                band,
                nhs_orientation: false,
            };
            let t = Settings {
                band,
                nhs_orientation: true,
            };
            let (a, b) = (m2(white, me, s), m2(white, me, t));
            assert_eq!(a.verdict, b.verdict, "{white:?} {me:?} {band:?}");
            assert_eq!(a.evidence, b.evidence, "{white:?} {me:?} {band:?}");
        }
    }
}

#[test]
fn a_figure_just_outside_the_band_is_never_shown_within_it() {
    // SC-WRES 398/1000 against 500/1000 = 0.796: below 0.80. The NHS way round it is 1.256.
    let sc = m2((500, 1000), (398, 1000), Settings::default());
    let turned = m2((500, 1000), (398, 1000), nhs());
    assert_eq!(sc.verdict, Verdict::AdverseToMinorityEthnic);
    assert_eq!(turned.verdict, Verdict::AdverseToMinorityEthnic);
    assert_eq!(sc.relative_likelihood_shown.as_deref(), Some("0.796"));
    assert_eq!(turned.relative_likelihood_shown.as_deref(), Some("1.26"));
    assert_eq!(turned.band, "0.80 to 1.25");
    // An exact 1.255 (251 against 200 per 1,000) is above 1.25, and shown so (rounded
    // exactly: not "1.25", as the binary 1.255 would print).
    let m = m4((200, 1000), (251, 1000), Settings::default());
    assert_eq!(m.relative_likelihood_shown.as_deref(), Some("1.26"));
    // 1.2504 would round to "1.25", on the end it is above: so more decimals.
    let m = m4((2500, 10000), (3126, 10000), Settings::default());
    assert_eq!(m.relative_likelihood_shown.as_deref(), Some("1.2504"));
    assert_eq!(m.verdict, Verdict::AdverseToMinorityEthnic);
    // Exactly on the end is within.
    let m = m4((200, 1000), (250, 1000), Settings::default());
    assert_eq!(m.relative_likelihood_shown.as_deref(), Some("1.25"));
    assert_eq!(m.verdict, Verdict::WithinBand);
}

#[test]
fn a_tiny_figure_is_not_shown_as_none() {
    // 1 of 1,000 against 500 of 1,000: 0.002, not "0.00 times (100% less likely)".
    let m = m2((500, 1000), (1, 1000), Settings::default());
    assert_eq!(m.relative_likelihood_shown.as_deref(), Some("0.002"));
    assert!(
        m.sentence.contains("0.002 times as likely") && m.sentence.contains("over 99% less"),
        "{}",
        m.sentence
    );
}

#[test]
fn one_person_is_spoken_of_in_the_singular() {
    let m = m2((30, 100), (0, 1), Settings::default());
    assert!(
        m.sentence
            .contains("the one minority ethnic shortlisted applicant was not appointed"),
        "{}",
        m.sentence
    );
    let m = m2((30, 100), (0, 14), Settings::default());
    assert!(
        m.sentence
            .contains("none of the 14 minority ethnic shortlisted applicants were appointed"),
        "{}",
        m.sentence
    );
}

#[test]
fn a_white_rate_of_zero_is_said_as_what_it_means() {
    // 5 of 60 minority ethnic staff referred, none of 100 white: no ratio, but a verdict.
    let m = m4((0, 100), (5, 60), Settings::default());
    assert_eq!(m.relative_likelihood, None);
    assert_eq!(m.verdict, Verdict::AdverseToMinorityEthnic);
    assert_eq!(
        m.sentence,
        "No ratio can be given, because none of the 100 white regulated professionals were \
         referred to a fitness-to-practise process, against 8.3% of minority ethnic regulated \
         professionals."
    );
    assert!(!m.sentence.contains("no white rate"));
    // Neither group had any: nothing to compare, said so.
    let m = m4((0, 100), (0, 60), Settings::default());
    assert_eq!(m.verdict, Verdict::CannotBeCalculated);
    assert_eq!(m.evidence, Evidence::None);
    assert_eq!(
        m.reason.as_deref(),
        Some(
            "neither group has any to compare: none of the 60 minority ethnic regulated \
             professionals were referred to a fitness-to-practise process, and none of the 100 \
             white regulated professionals were referred to a fitness-to-practise process"
        )
    );
}

/// Every word the results hold, for one file.
fn all_words(r: &Results) -> Vec<String> {
    r.all()
        .flat_map(|m| {
            [
                Some(m.sentence.clone()),
                m.reason.clone(),
                m.what_it_would_take.clone(),
                m.survey.as_ref().and_then(|s| s.caution.clone()),
            ]
        })
        .flatten()
        .collect()
}

#[test]
fn no_words_show_an_internal_key() {
    // Missing rows, rows that cannot be combined, and each kind of undefined figure.
    let files = [
        format!("{HEADER}children,staff,Band 1,100,50,0\nadults,staff,Band 1,100,50,0\nadults,cpd,,10,5,0\n"),
        format!("{HEADER}adults,staff,Band 1,100,50,0\nadults,survey_respondents,,40,20,0\nadults,harassment_public,,0,0,0\n"),
    ];
    let keys: Vec<&str> = Measure::ALL
        .iter()
        .map(|m| m.key())
        .filter(|k| k.contains('_') || *k == "cpd")
        .collect();
    for f in &files {
        for settings in [Settings::default(), nhs()] {
            for words in all_words(&results_of(f, settings)) {
                for key in &keys {
                    assert!(!words.contains(key), "{key} in: {words}");
                }
            }
        }
    }
}

#[test]
fn evidence_is_clear_only_when_the_whole_interval_is_outside_the_band() {
    // M4 = 3.43 with an interval of about 0.59 to 20: outside the band, but not clearly.
    let m = m4((2, 200), (3, 87), Settings::default());
    assert_eq!(m.verdict, Verdict::AdverseToMinorityEthnic);
    assert_eq!(m.evidence, Evidence::Uncertain);
    // 40% of 1,000 against 20% of 1,000: the whole interval is far above 1.25.
    let m = m4((200, 1000), (400, 1000), Settings::default());
    assert_eq!(m.evidence, Evidence::Clear);
    let m = m4((200, 1000), (210, 1000), Settings::default());
    assert_eq!(m.evidence, Evidence::Within);
}

#[test]
fn what_it_would_take_is_said_in_the_metrics_own_words() {
    // 10 of 60 minority ethnic against 30 of 100 white appointed: 0.56. 0.80 needs
    // 60 × 0.3 × 0.8 = 14.4, so 15 appointments: 5 more; parity needs 18: 8 more.
    let m = m2((30, 100), (10, 60), Settings::default());
    assert_eq!(m.to_band, Some(5));
    assert_eq!(m.to_parity, Some(8));
    let words = m.what_it_would_take.unwrap();
    assert!(
        words.contains(
            "5 more minority ethnic appointments among the same 60 minority ethnic shortlisted \
             applicants would bring M2 to 0.83, within the band"
        ),
        "{words}"
    );
    assert!(
        words.contains("8 more would bring it to 1.00 (parity)"),
        "{words}"
    );
    // A band narrower than one event's step cannot be landed in: 2 of 2 against 5 of 7 is
    // 1.40, and 1 of 2 is 0.70.
    let m = m4((5, 7), (2, 2), Settings::default());
    assert_eq!((m.to_band, m.to_parity), (None, Some(-1)));
    let words = m.what_it_would_take.unwrap();
    assert!(
        words.contains(
            "no whole number of minority ethnic referrals brings M4 within the band: 1 fewer \
             would take it from 1.40 to 0.70, past the band; 1 fewer would bring it to 0.70 \
             (the first whole number past parity)."
        ),
        "{words}"
    );
    // Within the band: nothing to take.
    let m = m2((30, 100), (18, 60), Settings::default());
    assert_eq!(
        (m.to_band, m.to_parity, m.what_it_would_take),
        (None, None, None)
    );
}

fn ratio(a: u64, n1: u64, c: u64, n2: u64) -> Fraction {
    Fraction::new(a as u128 * n2 as u128, c as u128 * n1 as u128)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// The shown figure, read back as a number, sits on the same side of the shown band as
    /// the verdict says, in either orientation and for any band of two-decimal ends.
    #[test]
    fn the_figure_shown_and_its_verdict_never_disagree(
        a in 0u64..400, n1 in 1u64..400, c in 0u64..400, n2 in 1u64..400,
        low in 50u32..=100, high in 100u32..=200, turned in any::<bool>(),
    ) {
        let (a, c) = (a % (n1 + 1), c % (n2 + 1));
        let band = ParityRange::new(low as f64 / 100.0, high as f64 / 100.0).unwrap();
        let settings = Settings { band, nhs_orientation: turned };
        let m = m2((c, n2), (a, n1), settings);
        let Some(shown) = m.relative_likelihood_shown.clone() else { return Ok(()) };
        let parse = |t: &str| {
            let (whole, frac) = t.split_once('.').unwrap();
            let digits = frac.len() as u32;
            Fraction::new(format!("{whole}{frac}").parse::<u128>().unwrap(), 10u128.pow(digits))
        };
        let (bl, bh) = m.band.split_once(" to ").unwrap();
        let side = Side::of(parse(&shown), (parse(bl), parse(bh)));
        prop_assert_eq!(side == Side::Within, m.verdict == Verdict::WithinBand,
            "{} against band {} with verdict {:?}", shown, m.band, m.verdict);
        // Whichever way round, the verdict is the SC-WRES figure's.
        let other = m2((c, n2), (a, n1), Settings { band, nhs_orientation: !turned });
        prop_assert_eq!(m.verdict, other.verdict);
    }

    /// The evidence class follows from the interval shown and the band, in either
    /// orientation: clear only when the whole interval is outside the band on the figure's
    /// side.
    #[test]
    fn evidence_is_read_from_the_interval(
        a in 0u64..300, n1 in 1u64..300, c in 0u64..300, n2 in 1u64..300, turned in any::<bool>(),
    ) {
        let (a, c) = (a % (n1 + 1), c % (n2 + 1));
        let m = m2((c, n2), (a, n1), Settings { band: ParityRange::NHS, nhs_orientation: turned });
        let expected = match (m.verdict, m.ci95) {
            (Verdict::CannotBeCalculated, _) => Evidence::None,
            (Verdict::WithinBand, _) => Evidence::Within,
            (_, Some([lo, hi])) if hi < 0.8 || lo > 1.25 => Evidence::Clear,
            _ => Evidence::Uncertain,
        };
        prop_assert_eq!(m.evidence, expected, "{:?} {:?}", m.relative_likelihood, m.ci95);
    }

    /// `to_band` and `to_parity` are the smallest changes found by trying every count.
    #[test]
    fn what_it_would_take_matches_a_search_over_every_count(
        a in 0u64..120, n1 in 1u64..120, c in 1u64..120, n2 in 1u64..120,
        low in 60u32..=100, high in 100u32..=160,
    ) {
        let (a, c) = (a % (n1 + 1), 1 + c % n2);
        let band = ParityRange::new(low as f64 / 100.0, high as f64 / 100.0).unwrap();
        let m = m2((c, n2), (a, n1), Settings { band, nhs_orientation: false });
        let (lo, hi) = band.exact();
        let x = ratio(a, n1, c, n2);
        let within = |x: Fraction| lo <= x && x <= hi;
        let nearest = |ok: &dyn Fn(Fraction) -> bool| {
            (0..=n1)
                .filter(|&k| ok(ratio(k, n1, c, n2)))
                .map(|k| k as i64 - a as i64)
                .min_by_key(|d| d.abs())
        };
        if within(x) {
            prop_assert_eq!((m.to_band, m.to_parity), (None, None));
        } else {
            prop_assert_eq!(m.to_band, nearest(&within));
            let one = Fraction::new(1, 1);
            let past_parity = |y: Fraction| if x < lo { y >= one } else { y <= one };
            prop_assert_eq!(m.to_parity, nearest(&past_parity));
        }
    }
}

#[test]
fn every_metric_has_words_for_one_and_many() {
    for m in &METRICS {
        assert!(
            !m.event_one.is_empty() && !m.event_many.is_empty(),
            "{}",
            m.id
        );
        assert!(
            !m.none_did.is_empty() && !m.one_did_not.is_empty(),
            "{}",
            m.id
        );
    }
}
