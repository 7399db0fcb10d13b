//! A funnel plot of one metric (Spiegelhalter, "Funnel plots for comparing institutional
//! performance", Statistics in Medicine 2005): each council's log relative likelihood y
//! against its precision 1/s (s the Katz standard error), a target θ, and control limits
//! θ·exp(±z·s) at z = 1.96 (95%) and 3.09 (99.8%). When more councils fall outside the 99.8%
//! limits than chance would give, the over-dispersion adjustments of the paper (as the
//! FunnelPlotR package makes them) are offered: a multiplicative factor φ (the limits widen
//! by √φ) or an additive random effect τ² (s² + τ²).

use serde::Serialize;

use super::MetricSet;
use crate::stats::{Z95, Z998};

/// Where a council sits against the limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FunnelClass {
    #[serde(rename = "within")]
    Within,
    #[serde(rename = "above_95")]
    Above95,
    #[serde(rename = "above_998")]
    Above998,
    #[serde(rename = "below_95")]
    Below95,
    #[serde(rename = "below_998")]
    Below998,
    /// The council's figure cannot be calculated, so it has no place on the plot.
    #[serde(rename = "none")]
    None,
}

impl FunnelClass {
    pub fn key(self) -> &'static str {
        match self {
            FunnelClass::Within => "within",
            FunnelClass::Above95 => "above_95",
            FunnelClass::Above998 => "above_998",
            FunnelClass::Below95 => "below_95",
            FunnelClass::Below998 => "below_998",
            FunnelClass::None => "none",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FunnelClass::Within => "Within the 95% limits",
            FunnelClass::Above95 => "Above the 95% limit",
            FunnelClass::Above998 => "Above the 99.8% limit",
            FunnelClass::Below95 => "Below the 95% limit",
            FunnelClass::Below998 => "Below the 99.8% limit",
            FunnelClass::None => "Not drawn",
        }
    }

    /// Outside the 99.8% limits.
    pub fn outside_998(self) -> bool {
        matches!(self, FunnelClass::Above998 | FunnelClass::Below998)
    }
}

/// What the funnel is centred on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// The councils' pooled (Mantel–Haenszel) figure.
    Pooled,
    /// 1: equally likely.
    One,
    /// The latest published national figure (the pooled one when none is published).
    National,
}

impl Target {
    pub fn key(self) -> &'static str {
        match self {
            Target::Pooled => "pooled",
            Target::One => "1",
            Target::National => "national",
        }
    }

    pub fn parse(text: &str) -> Option<Target> {
        match text {
            "pooled" => Some(Target::Pooled),
            "1" | "one" => Some(Target::One),
            "national" => Some(Target::National),
            _ => None,
        }
    }
}

/// Which over-dispersion adjustment the limits carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Adjustment {
    None,
    /// The limits widened by √φ (φ > 1).
    Multiplicative,
    /// τ² added to each council's variance.
    Additive,
}

impl Adjustment {
    pub fn key(self) -> &'static str {
        match self {
            Adjustment::None => "none",
            Adjustment::Multiplicative => "multiplicative",
            Adjustment::Additive => "additive",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Adjustment::None => "no adjustment for over-dispersion",
            Adjustment::Multiplicative => {
                "limits widened by a multiplicative over-dispersion factor"
            }
            Adjustment::Additive => "limits widened by an additive random effect between councils",
        }
    }
}

/// A council drawn on the plot.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FunnelPoint {
    /// Index into the set's figures.
    pub figure: usize,
    /// Index into the comparison's councils.
    pub council: usize,
    /// Where it is drawn: the relative likelihood (corrected when a cell is zero).
    pub drawn_at: f64,
    pub precision: f64,
    pub se: f64,
    pub class: FunnelClass,
}

/// Everything a funnel plot shows, and its words.
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelView {
    pub asked: Target,
    /// The target used (national falls back to pooled when nothing is published).
    pub target: Target,
    /// Its value; `None` when there is nothing to centre on (no pooled figure).
    pub target_value: Option<f64>,
    /// The year of the national figure, when that is the target.
    pub national_year: Option<u16>,
    pub adjustment: Adjustment,
    /// Winsorised mean of the squared z-scores against the target (Spiegelhalter's φ).
    pub phi: Option<f64>,
    /// The additive random effect's variance (DerSimonian–Laird on the z-scores), 0 or more.
    pub tau2: Option<f64>,
    pub points: Vec<FunnelPoint>,
    /// Councils not drawn (index into the set's figures).
    pub not_drawn: Vec<usize>,
    /// Councils outside the 99.8% limits with no adjustment.
    pub outside_998_unadjusted: usize,
    /// The chance, were the only variation chance, of at least that many outside: below 0.05,
    /// the adjustment is offered.
    pub outside_998_chance: f64,
}

/// The share of councils expected outside the 99.8% limits by chance.
pub const OUTSIDE_998_RATE: f64 = 0.002;

/// The share of z-scores winsorised at each end before φ is estimated (Spiegelhalter 2005;
/// FunnelPlotR's default).
pub const WINSORISE: f64 = 0.1;

/// P(X ≥ m) for X ~ Binomial(n, p).
pub fn binomial_at_least(m: usize, n: usize, p: f64) -> f64 {
    if m == 0 {
        return 1.0;
    }
    if m > n {
        return 0.0;
    }
    // P(X < m), term by term: P(X = j + 1) = P(X = j)·(n − j)/(j + 1)·p/(1 − p).
    let mut term = (1.0 - p).powi(n as i32);
    let mut below = 0.0;
    for j in 0..m {
        below += term;
        term *= (n - j) as f64 / (j + 1) as f64 * p / (1.0 - p);
    }
    (1.0 - below).clamp(0.0, 1.0)
}

/// The z-scores winsorised: the lowest and highest `WINSORISE` share (rounded down) set to
/// the nearest value kept.
fn winsorised(mut z: Vec<f64>) -> Vec<f64> {
    sort(&mut z);
    let k = z.len();
    let g = (WINSORISE * k as f64).floor() as usize;
    if g > 0 && 2 * g < k {
        let (lo, hi) = (z[g], z[k - 1 - g]);
        for x in z.iter_mut() {
            // Not `f64::clamp`, whose check of its bounds would bring the code to print
            // floating-point numbers into the WebAssembly.
            *x = x.max(lo).min(hi);
        }
    }
    z
}

/// Sorts the z-scores in place (a heap sort: k·log k steps, and a few instructions in the
/// WebAssembly, where the standard library's sort would bring kilobytes of its own).
fn sort(z: &mut [f64]) {
    fn sift(z: &mut [f64], mut root: usize, end: usize) {
        loop {
            let mut child = 2 * root + 1;
            if child >= end {
                return;
            }
            if child + 1 < end && z[child] < z[child + 1] {
                child += 1;
            }
            if z[root] >= z[child] {
                return;
            }
            z.swap(root, child);
            root = child;
        }
    }
    let n = z.len();
    for i in (0..n / 2).rev() {
        sift(z, i, n);
    }
    for end in (1..n).rev() {
        z.swap(0, end);
        sift(z, 0, end);
    }
}

impl FunnelView {
    /// Whether to offer an over-dispersion adjustment.
    pub fn offer_adjustment(&self) -> bool {
        self.outside_998_chance < 0.05
    }

    /// The standard error the limits use at a council's own `se`.
    pub fn adjusted_se(&self, se: f64) -> f64 {
        adjusted(se, self.adjustment, self.phi, self.tau2)
    }

    /// The limits at standard error `se` for `z`: target·exp(±z·SE').
    pub fn limits(&self, se: f64, z: f64) -> Option<(f64, f64)> {
        let t = self.target_value.filter(|t| *t > 0.0)?;
        let s = self.adjusted_se(se);
        Some((t * (-z * s).exp(), t * (z * s).exp()))
    }

    /// The councils in a class.
    pub fn in_class(&self, class: FunnelClass) -> impl Iterator<Item = &FunnelPoint> {
        self.points.iter().filter(move |p| p.class == class)
    }
}

fn adjusted(se: f64, adjustment: Adjustment, phi: Option<f64>, tau2: Option<f64>) -> f64 {
    match adjustment {
        Adjustment::None => se,
        Adjustment::Multiplicative => se * phi.unwrap_or(1.0).max(1.0).sqrt(),
        Adjustment::Additive => (se * se + tau2.unwrap_or(0.0)).sqrt(),
    }
}

fn classify(y: f64, se: f64, centre: f64) -> FunnelClass {
    let z = (y - centre) / se;
    if z > Z998 {
        FunnelClass::Above998
    } else if z > Z95 {
        FunnelClass::Above95
    } else if z < -Z998 {
        FunnelClass::Below998
    } else if z < -Z95 {
        FunnelClass::Below95
    } else {
        FunnelClass::Within
    }
}

/// The funnel plot of a set for a target and an adjustment.
pub fn view(set: &MetricSet, asked: Target, adjustment: Adjustment) -> FunnelView {
    let pooled = set.pooled.relative_likelihood;
    let (target, target_value, national_year) = match asked {
        Target::Pooled => (Target::Pooled, pooled, None),
        Target::One => (Target::One, Some(1.0), None),
        Target::National => match set.national {
            Some((year, rl)) => (Target::National, Some(rl), Some(year)),
            None => (Target::Pooled, pooled, None),
        },
    };
    let centre = target_value.filter(|t| *t > 0.0).map(f64::ln);
    let drawable: Vec<(usize, f64, f64)> = set
        .figures
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let (y, se) = f.log_rl.zip(f.se_log)?;
            (se > 0.0).then_some((i, y, se))
        })
        .collect();
    let not_drawn: Vec<usize> = (0..set.figures.len())
        .filter(|i| centre.is_none() || !drawable.iter().any(|(j, _, _)| j == i))
        .collect();
    let Some(centre) = centre else {
        return FunnelView {
            asked,
            target,
            target_value,
            national_year,
            adjustment,
            phi: None,
            tau2: None,
            points: Vec::new(),
            not_drawn,
            outside_998_unadjusted: 0,
            outside_998_chance: 1.0,
        };
    };
    // Over-dispersion, from the z-scores against the target.
    let k = drawable.len();
    let z: Vec<f64> = drawable
        .iter()
        .map(|(_, y, se)| (y - centre) / se)
        .collect();
    let phi = (k > 0).then(|| winsorised(z).iter().map(|z| z * z).sum::<f64>() / k as f64);
    let w: Vec<f64> = drawable.iter().map(|(_, _, se)| 1.0 / (se * se)).collect();
    let (sw, sw2) = (w.iter().sum::<f64>(), w.iter().map(|w| w * w).sum::<f64>());
    let tau2 = phi.map(|phi| {
        let denominator = sw - sw2 / sw;
        if denominator > 0.0 {
            ((k as f64 * phi - (k as f64 - 1.0)) / denominator).max(0.0)
        } else {
            0.0
        }
    });
    let outside = drawable
        .iter()
        .filter(|(_, y, se)| classify(*y, *se, centre).outside_998())
        .count();
    let points = drawable
        .iter()
        .map(|&(i, y, se)| FunnelPoint {
            figure: i,
            council: set.figures[i].council,
            drawn_at: y.exp(),
            precision: 1.0 / se,
            se,
            class: classify(y, adjusted(se, adjustment, phi, tau2), centre),
        })
        .collect();
    FunnelView {
        asked,
        target,
        target_value,
        national_year,
        adjustment,
        phi,
        tau2,
        points,
        not_drawn,
        outside_998_unadjusted: outside,
        outside_998_chance: binomial_at_least(outside, k, OUTSIDE_998_RATE),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binomial_tail_matches_its_sum() {
        // P(X >= 1) for Bin(150, 0.002) = 1 − 0.998^150.
        let p = binomial_at_least(1, 150, 0.002);
        assert!((p - (1.0 - 0.998f64.powi(150))).abs() < 1e-12);
        assert_eq!(binomial_at_least(0, 10, 0.002), 1.0);
        assert_eq!(binomial_at_least(11, 10, 0.002), 0.0);
        // P(X >= 2) = 1 − P(0) − P(1).
        let (p0, p1) = (0.998f64.powi(150), 150.0 * 0.002 * 0.998f64.powi(149));
        assert!((binomial_at_least(2, 150, 0.002) - (1.0 - p0 - p1)).abs() < 1e-12);
    }

    #[test]
    fn winsorising_clamps_the_ends_only() {
        let z: Vec<f64> = (0..20).map(f64::from).collect();
        let w = winsorised(z);
        assert_eq!(w[0], 2.0);
        assert_eq!(w[1], 2.0);
        assert_eq!(w[2], 2.0);
        assert_eq!(w[17], 17.0);
        assert_eq!(w[19], 17.0);
        // Fewer than ten: nothing changes.
        assert_eq!(winsorised(vec![5.0, -3.0, 1.0]), vec![-3.0, 1.0, 5.0]);
    }

    #[test]
    fn the_heap_sort_sorts() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for n in 0..60 {
            let mut z: Vec<f64> = (0..n)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    (seed % 1000) as f64 / 7.0 - 50.0
                })
                .collect();
            let mut want = z.clone();
            want.sort_by(f64::total_cmp);
            sort(&mut z);
            assert_eq!(z, want);
        }
    }

    #[test]
    fn a_limit_itself_is_within() {
        assert_eq!(classify(Z95, 1.0, 0.0), FunnelClass::Within);
        assert_eq!(classify(Z95 + 1e-9, 1.0, 0.0), FunnelClass::Above95);
        assert_eq!(classify(-Z998 - 1e-9, 1.0, 0.0), FunnelClass::Below998);
    }
}
