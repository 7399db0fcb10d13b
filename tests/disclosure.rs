//! Disclosure control: with counts under 10 hidden, nothing shown gives one away. The checks
//! here look only at what a view would show (each count's state, each rate, share and
//! figure), not at how `disclosure` decides.

use proptest::prelude::*;

use scwres::disclosure::redact;
use scwres::metrics::MetricId;
use scwres::results::{compute, MetricResult, Results, Scope, Settings, Shown};
use scwres::submission::parse;

fn results_of(csv: &str) -> Results {
    let parsed = parse(csv.as_bytes());
    let errors: Vec<String> = parsed.errors().map(|m| m.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}\n{csv}");
    compute(parsed.submission.as_ref().unwrap(), &Settings::default())
}

const HEADER: &str = "workforce,measure,pay_band,white,minority_ethnic,not_known\n";

fn metric(r: &Results, scope: Scope, id: MetricId) -> MetricResult {
    r.scope(scope).unwrap().metric(id).unwrap().clone()
}

#[test]
fn a_rate_is_never_shown_beside_a_hidden_count() {
    // The slide that gave a count away: "Not known <10 out of 67, rate 1.5%".
    let file = format!("{HEADER}adults,staff,Band 1,300,67,67\nadults,leavers,,40,12,1\n");
    let r = redact(&results_of(&file));
    let m8 = metric(&r, Scope::Adults, MetricId::M8);
    let s = m8.suppressed.as_ref().unwrap();
    assert_eq!(s.events[2], Shown::Under10);
    assert_eq!(m8.not_known.unwrap().rate, None);
    // The minority ethnic and white counts are not small: their rates and the figure stay.
    assert!(m8.minority_ethnic.unwrap().rate.is_some());
    assert!(m8.relative_likelihood.is_some());
}

#[test]
fn a_figure_worked_out_from_a_hidden_count_is_hidden_with_what_it_would_take() {
    // 3 minority ethnic referrals of 87: the ratio, with the other counts, would give the 3
    // away; so would "what it would take".
    let file =
        format!("{HEADER}adults,regulated_professionals,,200,87,0\nadults,ftp_referrals,,20,3,0\n");
    let full = results_of(&file);
    let r = redact(&full);
    let m4 = metric(&r, Scope::Adults, MetricId::M4);
    assert!(m4.suppressed.as_ref().unwrap().figure);
    assert_eq!(
        (
            m4.relative_likelihood,
            m4.ci95,
            m4.fisher_p,
            m4.to_band,
            m4.to_parity
        ),
        (None, None, None, None, None)
    );
    assert_eq!(m4.what_it_would_take, None);
    assert!(!m4.sentence.contains('3'), "{}", m4.sentence);
    // The verdict and the strength of evidence stay: they give no count away.
    let before = metric(&full, Scope::Adults, MetricId::M4);
    assert_eq!((m4.verdict, m4.evidence), (before.verdict, before.evidence));
}

/// Every line of counts that adds up to a total shown somewhere, as a view shows them.
fn lines(r: &Results) -> Vec<Vec<Shown>> {
    let mut out = Vec::new();
    for w in &r.workforces {
        let m1 = w.metric(MetricId::M1).unwrap();
        let Some(s) = &m1.suppressed else { continue };
        // Each pay band: minority ethnic + white + not known = total.
        out.extend(s.bands.iter().map(|b| b.to_vec()));
        // Each group's column adds up to its headcount, shown as M3's "out of".
        if let Some(m3) = w.metric(MetricId::M3).and_then(|m| m.suppressed.clone()) {
            for g in 0..3 {
                let mut line: Vec<Shown> = s.bands.iter().map(|b| b[g]).collect();
                line.push(m3.population[g]);
                out.push(line);
            }
        }
    }
    // Adults + children = combined, count by count.
    if let (Some(a), Some(c), Some(both)) = (
        r.scope(Scope::Adults),
        r.scope(Scope::Children),
        r.scope(Scope::Combined),
    ) {
        for id in [MetricId::M2, MetricId::M3, MetricId::M8] {
            let s = |w: &scwres::results::WorkforceResults| {
                w.metric(id).unwrap().suppressed.clone().unwrap()
            };
            let (sa, sc, sb) = (s(a), s(c), s(both));
            for g in 0..3 {
                out.push(vec![sa.events[g], sc.events[g], sb.events[g]]);
                out.push(vec![sa.population[g], sc.population[g], sb.population[g]]);
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// No line of counts that adds up to a shown total is left with exactly one hidden
    /// count, every count from 1 to 9 is hidden, and no rate sits beside a hidden count.
    #[test]
    fn no_hidden_count_can_be_worked_out_from_a_total(
        counts in proptest::collection::vec(0u64..40, 24),
    ) {
        let c = |i: usize| counts[i];
        let file = format!(
            "{HEADER}\
             adults,staff,Band A,{},{},{}\nadults,staff,Band B,{},{},{}\n\
             adults,disciplinary,,{},{},{}\nadults,leavers,,{},{},{}\n\
             children,staff,Band A,{},{},{}\nchildren,staff,Band B,{},{},{}\n\
             children,disciplinary,,{},{},{}\nchildren,leavers,,{},{},{}\n",
            c(0) + 20, c(1) + 10, c(2), c(3) + 20, c(4) + 10, c(5),
            c(6) % 20, c(7) % 10, 0, c(8) % 20, c(9) % 10, 0,
            c(10) + 20, c(11) + 10, c(12), c(13) + 20, c(14) + 10, c(15),
            c(16) % 20, c(17) % 10, 0, c(18) % 20, c(19) % 10, 0,
        );
        let full = results_of(&file);
        let r = redact(&full);
        for line in lines(&r) {
            let hidden = line.iter().filter(|s| s.hidden()).count();
            prop_assert!(hidden != 1, "a line with one hidden count: {:?}", line);
        }
        for m in r.all() {
            let s = m.suppressed.as_ref().unwrap();
            if m.metric == MetricId::M1 {
                for (b, st) in m.bands.iter().zip(&s.bands) {
                    for (n, shown) in [b.minority_ethnic, b.white, b.not_known, b.total].iter().zip(st) {
                        prop_assert!(!(1..10).contains(n) || shown.hidden());
                    }
                    if st[0].hidden() {
                        prop_assert!(b.share_minority_ethnic.is_none() && b.relative_likelihood.is_none());
                    }
                }
                continue;
            }
            for (g, r) in [m.minority_ethnic, m.white, m.not_known].iter().enumerate() {
                let Some(r) = r else { continue };
                prop_assert!(!(1..10).contains(&r.events) || s.events[g].hidden());
                prop_assert!(!(1..10).contains(&r.population) || s.population[g].hidden());
                if s.events[g].hidden() || s.population[g].hidden() {
                    prop_assert_eq!(r.rate, None);
                }
            }
            if s.events[..2].iter().chain(&s.population[..2]).any(|x| x.hidden()) {
                prop_assert_eq!(m.relative_likelihood, None);
                prop_assert_eq!(m.what_it_would_take.clone(), None);
            }
        }
    }
}

#[test]
fn without_small_counts_nothing_is_hidden() {
    let file = format!("{HEADER}adults,staff,Band 1,300,120,20\nadults,leavers,,40,12,10\n");
    let full = results_of(&file);
    let r = redact(&full);
    let m8 = metric(&r, Scope::Adults, MetricId::M8);
    assert!(!m8.suppressed.as_ref().unwrap().figure);
    assert_eq!(
        m8.relative_likelihood,
        metric(&full, Scope::Adults, MetricId::M8).relative_likelihood
    );
}
