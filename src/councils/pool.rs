//! Pooling councils' 2x2 tables: the Mantel–Haenszel relative likelihood (risk ratio) with
//! the Greenland–Robins (1985) variance of its log, and the heterogeneity between councils
//! (Cochran's Q and I², as RevMan computes them for a Mantel–Haenszel analysis: inverse-
//! variance weights, around the Mantel–Haenszel estimate). Formulas are in docs/metrics.md.

use serde::Serialize;

use crate::stats::{TwoByTwo, Z95};

/// A metric's figure pooled across councils.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pooled {
    /// The Mantel–Haenszel relative likelihood; `None` when no council has a white event
    /// (nothing to divide by).
    pub relative_likelihood: Option<f64>,
    /// Its 95% interval, exp(ln RL ± 1.96·SE) with the Greenland–Robins SE; `None` when the
    /// pooled figure is 0 or has none.
    pub ci95: Option<[f64; 2]>,
    pub se_log: Option<f64>,
    /// Cochran's Q over the councils whose own figure can be calculated, and its degrees of
    /// freedom (those councils less one); `None` with fewer than two.
    pub q: Option<f64>,
    pub df: usize,
    /// I² = max(0, (Q − df) / Q), a proportion (0 when Q is 0).
    pub i2: Option<f64>,
    /// Councils whose table enters the pool (both groups have people in them).
    pub councils: usize,
}

/// Mantel–Haenszel over `tables` (strata with an empty group add nothing; tables with more
/// events than people are left out), and Q and I² over `logs` (each council's log relative
/// likelihood and its standard error).
pub fn pool(tables: &[TwoByTwo], logs: &[(f64, f64)]) -> Pooled {
    let (mut r, mut s, mut p) = (0.0f64, 0.0f64, 0.0f64);
    let mut councils = 0;
    for t in tables {
        if t.a > t.n1 || t.c > t.n2 || t.n1 == 0 || t.n2 == 0 {
            continue;
        }
        councils += 1;
        let (a, n1, c, n2) = (t.a as f64, t.n1 as f64, t.c as f64, t.n2 as f64);
        let n = n1 + n2;
        r += a * n2 / n;
        s += c * n1 / n;
        p += (n1 * n2 * (a + c) - a * c * n) / (n * n);
    }
    let rl = (s > 0.0).then(|| r / s);
    let se_log = (r > 0.0 && s > 0.0).then(|| (p / (r * s)).max(0.0).sqrt());
    let ci95 = rl.zip(se_log).map(|(rl, se)| {
        let l = rl.ln();
        [(l - Z95 * se).exp(), (l + Z95 * se).exp()]
    });
    let (q, df, i2) = match rl.filter(|x| *x > 0.0) {
        Some(rl) if logs.len() >= 2 => {
            let centre = rl.ln();
            let q: f64 = logs
                .iter()
                .map(|(y, se)| (y - centre).powi(2) / (se * se))
                .sum();
            let df = logs.len() - 1;
            let i2 = if q > 0.0 {
                ((q - df as f64) / q).max(0.0)
            } else {
                0.0
            };
            (Some(q), df, Some(i2))
        }
        _ => (None, logs.len().saturating_sub(1), None),
    };
    Pooled {
        relative_likelihood: rl,
        ci95,
        se_log,
        q,
        df,
        i2,
        councils,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_table_pools_to_its_own_ratio() {
        let t = TwoByTwo::new(20, 200, 20, 500);
        let pooled = pool(&[t], &[]);
        assert!((pooled.relative_likelihood.unwrap() - 2.5).abs() < 1e-12);
        // With one stratum, the Greenland–Robins variance is the Katz variance
        // 1/a − 1/n1 + 1/c − 1/n2.
        let katz = (1.0 / 20.0 - 1.0 / 200.0 + 1.0 / 20.0 - 1.0 / 500.0f64).sqrt();
        assert!((pooled.se_log.unwrap() - katz).abs() < 1e-12);
        assert_eq!(pooled.q, None);
    }

    #[test]
    fn empty_groups_add_nothing() {
        let t = TwoByTwo::new(20, 200, 20, 500);
        let with = pool(&[t, TwoByTwo::new(0, 0, 5, 50)], &[]);
        let without = pool(&[t], &[]);
        assert_eq!(with.relative_likelihood, without.relative_likelihood);
        assert_eq!(with.councils, 1);
    }

    #[test]
    fn no_white_events_anywhere_has_no_pooled_figure() {
        let pooled = pool(&[TwoByTwo::new(3, 10, 0, 20)], &[]);
        assert_eq!(pooled.relative_likelihood, None);
        assert_eq!(pooled.ci95, None);
    }
}
