//! Small pure statistics: relative likelihood, its Katz log confidence interval, and
//! Fisher's exact test. Inputs are counts; outputs are finite numbers or `None`, never NaN.

/// A 2x2 table: `a` of `n1` in the first group had the event, `c` of `n2` in the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TwoByTwo {
    pub a: u64,
    pub n1: u64,
    pub c: u64,
    pub n2: u64,
}

/// Why a relative likelihood has no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undefined {
    /// The first group has nobody in it.
    EmptyFirst,
    /// The second group has nobody in it.
    EmptySecond,
    /// Nobody in the second group had the event, so there is no rate to divide by.
    NoSecondEvents,
    /// A group has more events than people.
    EventsExceedPopulation,
}

/// z for a two-sided 95% interval.
pub const Z95: f64 = 1.959_963_984_540_054;

impl TwoByTwo {
    pub fn new(a: u64, n1: u64, c: u64, n2: u64) -> Self {
        TwoByTwo { a, n1, c, n2 }
    }

    fn check(&self) -> Result<(), Undefined> {
        if self.a > self.n1 || self.c > self.n2 {
            Err(Undefined::EventsExceedPopulation)
        } else if self.n1 == 0 {
            Err(Undefined::EmptyFirst)
        } else if self.n2 == 0 {
            Err(Undefined::EmptySecond)
        } else if self.c == 0 {
            Err(Undefined::NoSecondEvents)
        } else {
            Ok(())
        }
    }

    /// (a / n1) / (c / n2): how many times as likely the first group is to have the event.
    /// Computed as (a·n2) / (c·n1) with exact integer products and one rounding, so a ratio
    /// that is exactly 0.8 or 1.25 is exactly the band's end and counts as within it.
    pub fn relative_likelihood(&self) -> Result<f64, Undefined> {
        self.check()?;
        let num = self.a as u128 * self.n2 as u128;
        let den = self.c as u128 * self.n1 as u128;
        Ok(num as f64 / den as f64)
    }

    /// The relative likelihood as an exact fraction (a·n2)/(c·n1): infinitely large when the
    /// first group has events and the second none; `None` only when a population is empty,
    /// neither group has events, or a group has more events than people.
    pub fn exact_ratio(&self) -> Option<Fraction> {
        if self.a > self.n1 || self.c > self.n2 || self.n1 == 0 || self.n2 == 0 {
            return None;
        }
        if self.a == 0 && self.c == 0 {
            return None;
        }
        Some(Fraction::new(
            self.a as u128 * self.n2 as u128,
            self.c as u128 * self.n1 as u128,
        ))
    }

    /// The standard error of ln(relative likelihood) by Katz's formula, with 0.5 added to all
    /// four cells when one is zero (as [`TwoByTwo::katz_ci95`] does).
    pub fn katz_se_log(&self) -> Result<f64, Undefined> {
        self.katz_log().map(|(_, se)| se)
    }

    /// ln of the (corrected, when a cell is zero) ratio and its Katz standard error.
    fn katz_log(&self) -> Result<(f64, f64), Undefined> {
        self.check()?;
        let (b, d) = (self.n1 - self.a, self.n2 - self.c);
        let zero_cell = self.a == 0 || b == 0 || self.c == 0 || d == 0;
        let k = if zero_cell { 0.5 } else { 0.0 };
        let (a, b, c, d) = (
            self.a as f64 + k,
            b as f64 + k,
            self.c as f64 + k,
            d as f64 + k,
        );
        let (n1, n2) = (a + b, c + d);
        let ln_rr = ((a / n1) / (c / n2)).ln();
        let se = (1.0 / a - 1.0 / n1 + 1.0 / c - 1.0 / n2).max(0.0).sqrt();
        Ok((ln_rr, se))
    }

    /// The 95% confidence interval of the relative likelihood by the Katz log method:
    /// exp(ln RL ± z·sqrt(1/a − 1/n1 + 1/c − 1/n2)). When any of the four cells (a, n1−a, c,
    /// n2−c) is zero, 0.5 is added to all four (so each population grows by 1) for the
    /// interval only; the point estimate stays uncorrected.
    pub fn katz_ci95(&self) -> Result<(f64, f64), Undefined> {
        let (ln_rr, se) = self.katz_log()?;
        Ok(((ln_rr - Z95 * se).exp(), (ln_rr + Z95 * se).exp()))
    }

    /// Fisher's exact test, two-sided: the probability, with the margins fixed, of a table
    /// at least as unlikely as this one (tables within a relative 1e-7 of this one's
    /// probability count as equally likely, as R's fisher.test does).
    pub fn fisher_p(&self) -> Option<f64> {
        if self.a > self.n1 || self.c > self.n2 {
            return None;
        }
        fisher_exact_two_sided(self.a, self.n1 - self.a, self.c, self.n2 - self.c)
    }

    /// True when any count that feeds the ratio is from 1 to 9.
    pub fn has_small_numbers(&self) -> bool {
        [self.a, self.n1, self.c, self.n2]
            .iter()
            .any(|&x| (1..=9).contains(&x))
    }
}

/// A non-negative fraction held exactly, for comparing a ratio of counts with a band's end
/// without rounding. `den == 0` stands for "infinitely large" (events among the first group,
/// none among the second).
#[derive(Debug, Clone, Copy)]
pub struct Fraction {
    pub num: u128,
    pub den: u128,
}

impl Fraction {
    pub fn new(num: u128, den: u128) -> Self {
        Fraction { num, den }
    }

    /// A decimal number as typed (such as 0.8 or 1.25), read to six decimal places.
    pub fn from_decimal(x: f64) -> Self {
        let scaled = (x.max(0.0) * 1e6).round();
        let scaled = if scaled.is_finite() {
            scaled as u128
        } else {
            u128::MAX / 1_000_000_000
        };
        Fraction::new(scaled, 1_000_000)
    }

    /// 1 ÷ this fraction.
    pub fn recip(self) -> Self {
        Fraction::new(self.den, self.num)
    }

    /// The nearest multiple of 10^-digits (halves rounded up), as that many-times-larger
    /// whole number: 1.2549 to 2 digits is 125.
    pub fn scaled_round(self, digits: u32) -> u128 {
        if self.den == 0 {
            return u128::MAX;
        }
        let scale = 10u128.pow(digits);
        (self.num.saturating_mul(scale).saturating_add(self.den / 2)) / self.den
    }

    pub fn to_f64(self) -> f64 {
        if self.den == 0 {
            f64::INFINITY
        } else {
            self.num as f64 / self.den as f64
        }
    }
}

impl PartialEq for Fraction {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for Fraction {}

impl PartialOrd for Fraction {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Fraction {
    /// Exact: compares num·other.den with other.num·den (0/0 counts as 0; the counts this is
    /// used for are far below the size where the products could overflow).
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        match (self.den, other.den) {
            (0, 0) => std::cmp::Ordering::Equal,
            (0, _) => std::cmp::Ordering::Greater,
            (_, 0) => std::cmp::Ordering::Less,
            _ => self
                .num
                .saturating_mul(other.den)
                .cmp(&other.num.saturating_mul(self.den)),
        }
    }
}

/// The two-sided p-value of a standard normal statistic z: P(|Z| ≥ |z|) = erfc(|z|/√2).
pub fn normal_two_sided_p(z: f64) -> f64 {
    erfc(z.abs() / std::f64::consts::SQRT_2).clamp(0.0, 1.0)
}

/// The complementary error function, by the Chebyshev fit of Numerical Recipes (`erfcc`),
/// with a relative error below 1.2e-7 everywhere: ample for a p-value shown to three places.
pub fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 {
        r
    } else {
        2.0 - r
    }
}

/// The ratio of two relative likelihoods (later ÷ earlier) with its 95% interval and
/// two-sided p-value, from the two log-scale standard errors combined as if the two were
/// independent (Altman and Bland, BMJ 2003). `None` unless both are finite and above zero.
pub fn ratio_of_ratios(
    earlier: f64,
    se_earlier: f64,
    later: f64,
    se_later: f64,
) -> Option<(f64, (f64, f64), f64)> {
    if !(earlier > 0.0 && later > 0.0 && earlier.is_finite() && later.is_finite()) {
        return None;
    }
    let ln = (later / earlier).ln();
    let se = (se_earlier * se_earlier + se_later * se_later).sqrt();
    if !se.is_finite() || se <= 0.0 {
        return None;
    }
    let ci = ((ln - Z95 * se).exp(), (ln + Z95 * se).exp());
    Some((ln.exp(), ci, normal_two_sided_p(ln / se)))
}

/// ln(n!), exact by summation for small n and by Stirling's series beyond (error < 1e-15).
pub fn ln_factorial(n: u64) -> f64 {
    if n < 256 {
        return small_ln_factorials()[n as usize];
    }
    let x = n as f64 + 1.0;
    // ln Γ(x) by Stirling's series.
    (x - 0.5) * x.ln() - x + 0.5 * (2.0 * std::f64::consts::PI).ln() + 1.0 / (12.0 * x)
        - 1.0 / (360.0 * x.powi(3))
        + 1.0 / (1260.0 * x.powi(5))
        - 1.0 / (1680.0 * x.powi(7))
}

/// ln(n!) for n below 256, each the sum ln 2 + ln 3 + … + ln n added in that order: the same
/// operations, so the same bits, as summing afresh, but done once (Fisher's test asks for
/// thousands of them).
fn small_ln_factorials() -> &'static [f64; 256] {
    static TABLE: std::sync::OnceLock<[f64; 256]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        // Starting from the empty sum, as `Iterator::sum` gives it (for 0! and 1!).
        let mut sum: f64 = std::iter::empty::<f64>().sum();
        let mut table = [sum; 256];
        for (k, slot) in table.iter_mut().enumerate().skip(2) {
            sum += (k as f64).ln();
            *slot = sum;
        }
        table
    })
}

/// Two-sided Fisher exact p-value for the table [[a, b], [c, d]]. `None` for an empty table.
pub fn fisher_exact_two_sided(a: u64, b: u64, c: u64, d: u64) -> Option<f64> {
    fisher_with_work(a, b, c, d).map(|(p, _)| p)
}

/// A term this much smaller than the observed table's probability, with every term beyond it
/// smaller still, cannot change the p-value as an `f64` holds it.
const NEGLIGIBLE: f64 = 1e-20;

/// Bisection between `ok` (where `is_ok` holds) and `bad` (where it does not), in either
/// order, `is_ok` holding on one side of a single change: the last `ok` before the change.
fn boundary(mut ok: u64, mut bad: u64, is_ok: impl Fn(u64) -> bool) -> u64 {
    while ok.abs_diff(bad) > 1 {
        let mid = ok.min(bad) + ok.abs_diff(bad) / 2;
        if is_ok(mid) {
            ok = mid;
        } else {
            bad = mid;
        }
    }
    ok
}

/// [`fisher_exact_two_sided`], and how many tables' probabilities it worked out.
///
/// With the margins fixed, the tables' probabilities (hypergeometric) rise to a mode and fall
/// after it, and the ratio of neighbours falls the further out one goes (they are
/// log-concave). So the tables at most as likely as the observed one are two tails, found by
/// bisection, and each tail is summed only as far out as its terms matter: beyond a term t
/// whose outward neighbour is r·t (r < 1), the rest of the tail is below r·t / (1 − r). The
/// work grows with the spread of the distribution near the tails' inner ends (about the
/// square root of the counts), not with the counts. Terms are added in increasing order of
/// the first cell, as a plain sum over every table adds them.
pub(crate) fn fisher_with_work(a: u64, b: u64, c: u64, d: u64) -> Option<(f64, u64)> {
    let n = a.checked_add(b)?.checked_add(c)?.checked_add(d)?;
    if n == 0 {
        return None;
    }
    let (r1, r2, c1) = (a + b, c + d, a + c);
    let ln_const = ln_factorial(r1) + ln_factorial(r2) + ln_factorial(c1) + ln_factorial(n - c1)
        - ln_factorial(n);
    let work = std::cell::Cell::new(0u64);
    let ln_p = |x: u64| {
        work.set(work.get() + 1);
        ln_const
            - ln_factorial(x)
            - ln_factorial(r1 - x)
            - ln_factorial(c1 - x)
            - ln_factorial(r2 + x - c1)
    };
    let lo = c1.saturating_sub(r2);
    let hi = c1.min(r1);
    let observed = ln_p(a);
    let limit = observed + (1.0f64 + 1e-7).ln();
    let cut = observed + NEGLIGIBLE.ln();
    // The mode: probabilities do not fall on [lo, mode] and do not rise on [mode, hi].
    let mode = ((r1 as u128 + 1) * (c1 as u128 + 1) / (n as u128 + 2)) as u64;
    let mode = mode.clamp(lo, hi);
    // The left tail ends at the last x <= mode at most as likely as the observed table; the
    // right one starts at the first x > mode at most as likely.
    let likely_enough = |x: u64| ln_p(x) <= limit;
    let left = likely_enough(lo).then(|| boundary(lo, mode + 1, likely_enough));
    let right = (mode < hi && likely_enough(hi)).then(|| boundary(hi, mode, likely_enough));
    // How far out each tail matters: step outward from its inner end until the rest is
    // negligible (or the table runs out).
    let outer = |from: u64, step_out: fn(u64) -> u64, end: u64| -> u64 {
        let mut x = from;
        let mut t = ln_p(x);
        while x != end {
            let next = step_out(x);
            let tn = ln_p(next);
            let ratio = (tn - t).exp();
            if ratio < 1.0 && tn - (1.0 - ratio).ln() < cut {
                return x;
            }
            x = next;
            t = tn;
        }
        x
    };
    let mut p = 0.0;
    if let Some(left) = left {
        let start = outer(left, |x| x - 1, lo);
        for x in start..=left {
            p += ln_p(x).exp();
        }
    }
    if let Some(right) = right {
        let end = outer(right, |x| x + 1, hi);
        for x in right..=end {
            p += ln_p(x).exp();
        }
    }
    Some((p.clamp(0.0, 1.0), work.get()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_factorial_is_continuous_where_the_method_changes() {
        let exact: f64 = (2..=300u64).map(|k| (k as f64).ln()).sum();
        assert!((ln_factorial(300) - exact).abs() < 1e-9);
        let exact: f64 = (2..=256u64).map(|k| (k as f64).ln()).sum();
        assert!((ln_factorial(256) - exact).abs() < 1e-9);
    }

    #[test]
    fn the_table_of_small_ln_factorials_is_the_sum_itself() {
        for n in 0..256u64 {
            let summed: f64 = (2..=n).map(|k| (k as f64).ln()).sum();
            assert_eq!(ln_factorial(n).to_bits(), summed.to_bits(), "ln({n}!)");
        }
    }

    /// Every table summed, as the test is defined: the reference for the bounded sum.
    fn fisher_every_table(a: u64, b: u64, c: u64, d: u64) -> f64 {
        let n = a + b + c + d;
        let (r1, r2, c1) = (a + b, c + d, a + c);
        let ln_const =
            ln_factorial(r1) + ln_factorial(r2) + ln_factorial(c1) + ln_factorial(n - c1)
                - ln_factorial(n);
        let ln_p = |x: u64| {
            ln_const
                - ln_factorial(x)
                - ln_factorial(r1 - x)
                - ln_factorial(c1 - x)
                - ln_factorial(r2 + x - c1)
        };
        let limit = ln_p(a) + (1.0f64 + 1e-7).ln();
        let (lo, hi) = (c1.saturating_sub(r2), c1.min(r1));
        let p: f64 = (lo..=hi)
            .map(ln_p)
            .filter(|&lp| lp <= limit)
            .map(f64::exp)
            .sum();
        p.clamp(0.0, 1.0)
    }

    #[test]
    fn fisher_bounded_sum_matches_every_table_summed() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |m: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % m
        };
        for i in 0..4000 {
            let scale = [5, 40, 400, 5000][i % 4];
            let (a, b, c, d) = (next(scale), next(scale), next(scale), next(scale));
            if a + b + c + d == 0 {
                continue;
            }
            let p = fisher_exact_two_sided(a, b, c, d).unwrap();
            let q = fisher_every_table(a, b, c, d);
            assert!(
                (p - q).abs() <= 1e-13 * q.max(1e-300),
                "[[{a}, {b}], [{c}, {d}]]: {p} against {q}"
            );
        }
    }

    #[test]
    fn fisher_work_does_not_grow_with_the_counts() {
        // Counts near the submission file's limit of 1,000,000 a cell.
        for (a, b, c, d) in [
            (999_000, 1_000, 998_000, 2_000),
            (500_000, 500_000, 500_000, 500_000),
            (1, 999_999, 1_000_000, 0),
            (123_456, 876_544, 654_321, 345_679),
            (0, 1_000_000, 0, 1_000_000),
        ] {
            let (p, work) = fisher_with_work(a, b, c, d).unwrap();
            assert!((0.0..=1.0).contains(&p));
            println!("[[{a}, {b}], [{c}, {d}]]: p = {p:e}, {work} tables");
            assert!(work < 60_000, "[[{a}, {b}], [{c}, {d}]]: {work} tables");
        }
    }

    #[test]
    fn exact_band_ends_are_exact() {
        // (3/5) / (15/20) is exactly 0.8; dividing the two rates gave 0.7999999999999999.
        assert_eq!(TwoByTwo::new(3, 5, 15, 20).relative_likelihood(), Ok(0.8));
        assert_eq!(TwoByTwo::new(15, 20, 3, 5).relative_likelihood(), Ok(1.25));
    }

    #[test]
    fn undefined_cases_are_named() {
        assert_eq!(
            TwoByTwo::new(1, 0, 1, 1).relative_likelihood(),
            Err(Undefined::EventsExceedPopulation)
        );
        assert_eq!(
            TwoByTwo::new(0, 0, 1, 1).relative_likelihood(),
            Err(Undefined::EmptyFirst)
        );
        assert_eq!(
            TwoByTwo::new(0, 1, 0, 0).relative_likelihood(),
            Err(Undefined::EmptySecond)
        );
        assert_eq!(
            TwoByTwo::new(1, 10, 0, 10).relative_likelihood(),
            Err(Undefined::NoSecondEvents)
        );
    }
}
