//! Submission + settings -> results: rates, relative likelihoods, intervals, verdicts,
//! flags and one plain-English sentence per metric, for each workforce and both combined.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::benchmarks;
use crate::ethnicity::BroadGroup;
use crate::format;
use crate::metrics::{Kind, MetricDef, MetricId, METRICS};
use crate::model::{
    band_key, Counts, EthnicityForm, Measure, Population, Submission, WorkforceData,
};
use crate::stats::{Fraction, TwoByTwo, Undefined};

/// Which staff a set of results covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Adults,
    Children,
    /// Both workforces added together (only when the file has both).
    Combined,
}

impl Scope {
    pub fn key(self) -> &'static str {
        match self {
            Scope::Adults => "adults",
            Scope::Children => "children",
            Scope::Combined => "combined",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Scope::Adults => "Adult social care",
            Scope::Children => "Children's social care",
            Scope::Combined => "Both workforces combined",
        }
    }
}

/// The range of relative likelihoods treated as no adverse difference.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ParityRange {
    pub low: f64,
    pub high: f64,
}

impl ParityRange {
    /// The NHS "non-adverse range" (the four-fifths rule): 0.80 to 1.25.
    pub const NHS: ParityRange = ParityRange {
        low: 0.8,
        high: 1.25,
    };

    /// A band from its two ends; it must contain 1 and be above 0.
    pub fn new(low: f64, high: f64) -> Result<ParityRange, String> {
        if !(low.is_finite() && high.is_finite()) {
            return Err("Both ends of the band must be numbers, such as 0.80 and 1.25.".into());
        }
        if low <= 0.0 || low > 1.0 {
            return Err(format!("The lower end of the band ({low}) must be above 0 and no more than 1, such as 0.80."));
        }
        if high < 1.0 {
            return Err(format!(
                "The upper end of the band ({high}) must be 1 or more, such as 1.25."
            ));
        }
        Ok(ParityRange { low, high })
    }

    pub fn contains(&self, x: f64) -> bool {
        self.low <= x && x <= self.high
    }

    /// The two ends as exact fractions (read to six decimal places), for judging a ratio of
    /// counts without rounding.
    pub fn exact(&self) -> (Fraction, Fraction) {
        (
            Fraction::from_decimal(self.low),
            Fraction::from_decimal(self.high),
        )
    }

    /// The band for a figure stated one way round or the other: turned round (1 ÷ high to
    /// 1 ÷ low) for a figure stated white relative to minority ethnic.
    pub fn exact_for(&self, inverted: bool) -> (Fraction, Fraction) {
        let (low, high) = self.exact();
        if inverted {
            (high.recip(), low.recip())
        } else {
            (low, high)
        }
    }
}

/// Where a figure sits against the band (both ends count as within).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Below,
    Within,
    Above,
}

impl Side {
    pub fn of(x: Fraction, (low, high): (Fraction, Fraction)) -> Side {
        if x < low {
            Side::Below
        } else if x > high {
            Side::Above
        } else {
            Side::Within
        }
    }
}

/// A band end as shown: two decimal places when that is exact ("0.80"), else as many as it
/// needs up to six ("0.825"), else four ("0.8333", an end turned round).
pub fn end_text(end: Fraction) -> String {
    for digits in 2..=6 {
        let scaled = end.scaled_round(digits);
        if Fraction::new(scaled, 10u128.pow(digits)) == end {
            return format::decimal(scaled, digits);
        }
    }
    format::decimal(end.scaled_round(4), 4)
}

/// A band as shown: "0.80 to 1.25".
pub fn band_text((low, high): (Fraction, Fraction)) -> String {
    format!("{} to {}", end_text(low), end_text(high))
}

/// A ratio as shown beside the band: two decimal places, or more when two would put it on the
/// other side of a band end, on an end it is not exactly on, or at zero when it is not zero.
/// So the figure shown and the verdict never disagree, whichever way round the figure is stated.
pub fn figure_text(x: Fraction, band: (Fraction, Fraction)) -> String {
    let side = Side::of(x, band);
    let shown_band = {
        let parse = |e: Fraction| {
            let t = end_text(e);
            let digits = t.len() - t.find('.').map_or(t.len(), |i| i + 1);
            Fraction::new(e.scaled_round(digits as u32), 10u128.pow(digits as u32))
        };
        (parse(band.0), parse(band.1))
    };
    let is_zero = x.num == 0;
    let mut fallback = None;
    for digits in 2..=12 {
        let scaled = x.scaled_round(digits);
        let shown = Fraction::new(scaled, 10u128.pow(digits));
        let zero_agrees = (scaled == 0) == is_zero;
        if zero_agrees && Side::of(shown, band) == side {
            if Side::of(shown, shown_band) == side {
                return format::decimal(scaled, digits);
            }
            fallback.get_or_insert(format::decimal(scaled, digits));
        }
    }
    fallback.unwrap_or_else(|| format::decimal(x.scaled_round(12), 12))
}

/// Why the two ends typed for a range do not make one.
#[derive(Debug, Clone, PartialEq)]
pub enum RangeError {
    /// An end is not a number (the text as typed).
    NotANumber(String),
    /// Both are numbers, but they do not make a range (the reason, in words).
    Invalid(String),
}

impl std::fmt::Display for RangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RangeError::NotANumber(text) => write!(f, "\"{text}\" is not a number"),
            RangeError::Invalid(reason) => f.write_str(reason),
        }
    }
}

impl ParityRange {
    /// A range from its two ends as typed (spaces around them aside): the web page's two
    /// boxes, the command line's `--band LOW,HIGH`.
    pub fn from_text(low: &str, high: &str) -> Result<ParityRange, RangeError> {
        let number = |t: &str| {
            t.trim()
                .parse::<f64>()
                .map_err(|_| RangeError::NotANumber(t.to_owned()))
        };
        let (low, high) = (number(low)?, number(high)?);
        ParityRange::new(low, high).map_err(RangeError::Invalid)
    }
}

impl Default for ParityRange {
    fn default() -> Self {
        ParityRange::NHS
    }
}

/// The choices that change results.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Settings {
    pub band: ParityRange,
    /// State M2 and M5 as white relative to minority ethnic, as NHS WRES indicators 2 and 4.
    pub nhs_orientation: bool,
}

/// Which way round a ratio is stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Orientation {
    /// Minority ethnic relative to white (the SC-WRES way).
    MinorityEthnicToWhite,
    /// White relative to minority ethnic (NHS WRES indicators 2 and 4).
    WhiteToMinorityEthnic,
}

/// What a relative likelihood means against the band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    WithinBand,
    AdverseToMinorityEthnic,
    AdverseToWhite,
    CannotBeCalculated,
    /// M1 has shares, not one likelihood.
    NotApplicable,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::WithinBand => "Within the band",
            Verdict::AdverseToMinorityEthnic => "Adverse to minority ethnic staff",
            Verdict::AdverseToWhite => "Adverse to white staff",
            Verdict::CannotBeCalculated => "Cannot be calculated",
            Verdict::NotApplicable => "See pay bands",
        }
    }

    /// A text symbol that carries the verdict without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            Verdict::WithinBand => "=",
            Verdict::AdverseToMinorityEthnic => "▼",
            Verdict::AdverseToWhite => "▲",
            Verdict::CannotBeCalculated => "?",
            Verdict::NotApplicable => "–",
        }
    }
}

/// How strong the evidence behind a verdict is, judged on the 95% interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// The figure and its whole 95% interval are outside the band, on the same side.
    Clear,
    /// The figure is outside the band, but its 95% interval reaches into it.
    Uncertain,
    /// The figure is within the band.
    Within,
    /// There is no figure to judge (it cannot be calculated, or M1).
    None,
}

impl Evidence {
    /// A few words, for tables, slides and the command line.
    pub fn short(self) -> &'static str {
        match self {
            Evidence::Clear => "clear",
            Evidence::Uncertain => "too few to be sure",
            Evidence::Within => "within the band",
            Evidence::None => "no figure",
        }
    }

    /// In a sentence, after the verdict.
    pub fn words(self) -> &'static str {
        match self {
            Evidence::Clear => "The whole 95% confidence interval is outside the band too, so the evidence of a difference beyond the band is clear.",
            Evidence::Uncertain => "The 95% confidence interval reaches into the band: the numbers are too small to be sure the difference is beyond the band.",
            Evidence::Within => "The figure is within the band.",
            Evidence::None => "",
        }
    }
}

/// The verdict with its evidence, as a tag's words: "Adverse to minority ethnic staff:
/// clear", "Outside the band (adverse to white staff), but too few to be sure".
pub fn verdict_words(verdict: Verdict, evidence: Evidence) -> String {
    match evidence {
        Evidence::Clear => format!("{}: clear", verdict.label()),
        Evidence::Uncertain => format!(
            "Outside the band ({}), but too few to be sure",
            format::lowercase(verdict.label())
        ),
        _ => verdict.label().to_owned(),
    }
}

/// Whether a count is shown, when counts under 10 are hidden for publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shown {
    #[default]
    Shown,
    /// From 1 to 9: shown as "<10".
    Under10,
    /// 10 or more, hidden so that a count under 10 cannot be worked out from a total.
    Hidden,
}

impl Shown {
    pub fn hidden(self) -> bool {
        self != Shown::Shown
    }

    /// The count as shown.
    pub fn text(self, n: u64) -> String {
        match self {
            Shown::Shown => format::count(n),
            Shown::Under10 => "<10".to_owned(),
            Shown::Hidden => "hidden".to_owned(),
        }
    }
}

/// What a result made for publication hides (see `disclosure`): each count of the counts
/// table (minority ethnic, white, not known; events and population), each pay band's counts
/// (minority ethnic, white, not known, total), each broad group's (events, population), and
/// the figures worked out from hidden counts.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Suppressed {
    pub events: [Shown; 3],
    pub population: [Shown; 3],
    pub bands: Vec<[Shown; 4]>,
    pub broad_groups: Vec<[Shown; 2]>,
    /// The relative likelihood and everything worked out from it are hidden.
    pub figure: bool,
}

/// How many people answered the staff survey, against the headcount, in each group (M6, M7).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurveyCoverage {
    /// Respondents out of headcount, minority ethnic staff.
    pub minority_ethnic: GroupRate,
    pub white: GroupRate,
    /// What the coverage means for the harassment figures, when it limits them.
    pub caution: Option<String>,
}

/// The make-up of the whole workforce (M1), each share named by its base.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WorkforceShare {
    pub minority_ethnic: u64,
    pub white: u64,
    pub not_known: u64,
    pub total: u64,
    /// Minority ethnic staff as a share of all staff, including those whose ethnicity is
    /// not known.
    pub minority_ethnic_share_of_all: Option<f64>,
    /// Minority ethnic staff as a share of staff whose ethnicity is known.
    pub minority_ethnic_share_of_known: Option<f64>,
}

/// A group's events out of its population.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GroupRate {
    pub events: u64,
    pub population: u64,
    /// events / population; `None` when the population is 0.
    pub rate: Option<f64>,
}

impl GroupRate {
    fn new(events: u64, population: u64) -> Self {
        let rate = (population > 0).then(|| events as f64 / population as f64);
        GroupRate {
            events,
            population,
            rate,
        }
    }
}

/// One broad minority ethnic group compared with white staff (census-form files only).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupComparison {
    pub group: BroadGroup,
    pub rate: GroupRate,
    pub relative_likelihood: Option<f64>,
    pub ci95: Option<[f64; 2]>,
    pub fisher_p: Option<f64>,
    pub small_numbers: bool,
}

/// One pay band of M1.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandShare {
    pub name: String,
    pub minority_ethnic: u64,
    pub white: u64,
    pub not_known: u64,
    pub total: u64,
    /// Shares of everyone in the band (these three add up to 1); `None` for an empty band.
    pub share_minority_ethnic: Option<f64>,
    pub share_white: Option<f64>,
    pub share_not_known: Option<f64>,
    /// Minority ethnic share of staff with a known ethnicity.
    pub minority_ethnic_share_of_known: Option<f64>,
    /// That share divided by the same share for the whole workforce.
    pub relative_to_workforce: Option<f64>,
    /// The relative likelihood of minority ethnic compared with white staff being in this
    /// band: (minority ethnic in the band ÷ all minority ethnic staff) ÷ (white in the band ÷
    /// all white staff).
    pub relative_likelihood: Option<f64>,
    pub ci95: Option<[f64; 2]>,
    pub small_numbers: bool,
}

/// A published national figure, stated in the same orientation as the result beside it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct NationalFigure {
    pub year: u16,
    pub relative_likelihood: f64,
    pub approximate: bool,
    /// The source's own words for it ("40% more likely").
    pub wording: &'static str,
    pub source: &'static str,
    pub url: &'static str,
}

/// Everything about one metric for one workforce.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricResult {
    pub workforce: Scope,
    pub metric: MetricId,
    pub title: &'static str,
    pub kind: Kind,
    pub orientation: Orientation,
    pub minority_ethnic: Option<GroupRate>,
    pub white: Option<GroupRate>,
    pub not_known: Option<GroupRate>,
    /// The figure, stated the way `orientation` says; `None` when it cannot be given as a
    /// number (no events in the group divided by).
    pub relative_likelihood: Option<f64>,
    /// The figure as every view shows it: two decimal places, or more where two would
    /// disagree with the verdict (see `figure_text`).
    pub relative_likelihood_shown: Option<String>,
    pub ci95: Option<[f64; 2]>,
    /// The Katz standard error of ln(relative likelihood) (the same either way round), for
    /// comparing years and councils.
    pub se_log: Option<f64>,
    pub fisher_p: Option<f64>,
    /// Judged on the exact minority ethnic / white ratio, whichever way round it is stated.
    pub verdict: Verdict,
    pub evidence: Evidence,
    /// The band for the figure as stated ("0.80 to 1.25"; turned round with it), in words
    /// and as numbers (for charts).
    pub band: String,
    pub band_ends: [f64; 2],
    /// The smallest change in the number of minority ethnic events (same populations, same
    /// white figures) that brings the figure within the band, and to parity (1.0) or just past
    /// it; `None` within the band, when there is no figure, or when no such change exists.
    pub to_band: Option<i64>,
    pub to_parity: Option<i64>,
    /// What those changes mean, in the metric's own words.
    pub what_it_would_take: Option<String>,
    pub small_numbers: bool,
    pub sentence: String,
    /// Why there is no relative likelihood, when there is none.
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub broad_groups: Vec<GroupComparison>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<BandShare>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workforce_share: Option<WorkforceShare>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub survey: Option<SurveyCoverage>,
    pub national: Vec<NationalFigure>,
    /// Set when the result was made for publication: what is hidden.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<Suppressed>,
}

impl NationalFigure {
    /// As shown: to one decimal place with "about" when the source gives it only in rounded
    /// words ("about 1.4"), else to two ("1.37").
    pub fn text(&self) -> String {
        if self.approximate {
            format!("about {:.1}", self.relative_likelihood)
        } else {
            format::ratio(self.relative_likelihood)
        }
    }
}

impl MetricResult {
    fn shown(&self, pick: impl Fn(&Suppressed) -> Option<Shown>) -> Shown {
        self.suppressed.as_ref().and_then(pick).unwrap_or_default()
    }

    /// A count of the counts table as shown (group 0 minority ethnic, 1 white, 2 not known):
    /// "<10" or "hidden" when the result was made for publication and hides it.
    pub fn events_text(&self, group: usize, n: u64) -> String {
        self.shown(|s| s.events.get(group).copied()).text(n)
    }

    pub fn population_text(&self, group: usize, n: u64) -> String {
        self.shown(|s| s.population.get(group).copied()).text(n)
    }

    /// A pay band's count as shown (group 3 is the band's total).
    pub fn band_count_text(&self, band: usize, group: usize, n: u64) -> String {
        self.shown(|s| s.bands.get(band).and_then(|b| b.get(group)).copied())
            .text(n)
    }

    /// A broad group's events (0) or population (1) as shown.
    pub fn broad_count_text(&self, group: usize, which: usize, n: u64) -> String {
        self.shown(|s| {
            s.broad_groups
                .get(group)
                .and_then(|b| b.get(which))
                .copied()
        })
        .text(n)
    }
}

/// All metrics for one workforce (or both combined).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkforceResults {
    pub workforce: Scope,
    pub metrics: Vec<MetricResult>,
}

impl WorkforceResults {
    pub fn metric(&self, id: MetricId) -> Option<&MetricResult> {
        self.metrics.iter().find(|m| m.metric == id)
    }
}

/// The results of a submission.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Results {
    pub settings: Settings,
    pub form: EthnicityForm,
    pub workforces: Vec<WorkforceResults>,
}

impl Results {
    pub fn scope(&self, scope: Scope) -> Option<&WorkforceResults> {
        self.workforces.iter().find(|w| w.workforce == scope)
    }

    /// Every metric result, workforce by workforce.
    pub fn all(&self) -> impl Iterator<Item = &MetricResult> {
        self.workforces.iter().flat_map(|w| w.metrics.iter())
    }
}

/// The counts one set of results is computed from: a workforce, or both added together.
struct Source {
    scope: Scope,
    bands: Vec<(String, Counts)>,
    rows: BTreeMap<Measure, Counts>,
    /// For rows that are missing: why, in words.
    missing: BTreeMap<Measure, String>,
}

impl Source {
    fn single(scope: Scope, wd: &WorkforceData) -> Source {
        let mut missing = BTreeMap::new();
        for m in Measure::ALL {
            let absent = if m == Measure::Staff {
                wd.bands.is_empty()
            } else {
                !wd.rows.contains_key(&m)
            };
            if absent {
                missing.insert(
                    m,
                    format!(
                        "the file has no row of {} for {}",
                        m.describe(),
                        format::lowercase(wd.workforce.label())
                    ),
                );
            }
        }
        Source {
            scope,
            bands: wd
                .bands
                .iter()
                .map(|b| (b.name.clone(), b.counts))
                .collect(),
            rows: wd.rows.iter().map(|(m, e)| (*m, e.counts)).collect(),
            missing,
        }
    }

    fn combined(a: &WorkforceData, b: &WorkforceData) -> Source {
        let mut bands: Vec<(String, Counts)> = Vec::new();
        let mut at: HashMap<String, usize> = HashMap::new();
        for band in a.bands.iter().chain(b.bands.iter()) {
            match at.get(&band_key(&band.name)) {
                Some(&i) => bands[i].1 = bands[i].1.add(&band.counts),
                None => {
                    at.insert(band_key(&band.name), bands.len());
                    bands.push((band.name.clone(), band.counts));
                }
            }
        }
        let mut rows = BTreeMap::new();
        let mut missing = BTreeMap::new();
        for m in Measure::ALL {
            let lacking: Vec<String> = [a, b]
                .iter()
                .filter(|wd| {
                    if m == Measure::Staff {
                        wd.bands.is_empty()
                    } else {
                        !wd.rows.contains_key(&m)
                    }
                })
                .map(|wd| format::lowercase(wd.workforce.label()))
                .collect();
            if !lacking.is_empty() {
                missing.insert(
                    m,
                    format!(
                        "{} has no row of {}, so the two workforces cannot be combined",
                        lacking.join(" and "),
                        m.describe()
                    ),
                );
            } else if m != Measure::Staff {
                rows.insert(m, a.rows[&m].counts.add(&b.rows[&m].counts));
            }
        }
        Source {
            scope: Scope::Combined,
            bands,
            rows,
            missing,
        }
    }

    fn headcount(&self) -> Option<Counts> {
        if self.missing.contains_key(&Measure::Staff) {
            return None;
        }
        let mut it = self.bands.iter();
        let first = it.next()?.1;
        Some(it.fold(first, |acc, (_, c)| acc.add(c)))
    }

    fn counts(&self, m: Measure) -> Result<Counts, String> {
        if let Some(why) = self.missing.get(&m) {
            return Err(why.clone());
        }
        match m {
            Measure::Staff => self
                .headcount()
                .ok_or_else(|| "there are no staff rows".to_owned()),
            m => self
                .rows
                .get(&m)
                .copied()
                .ok_or_else(|| format!("there is no row of {}", m.describe())),
        }
    }

    fn population(&self, p: Population) -> Result<Counts, String> {
        match p {
            Population::Headcount => self.counts(Measure::Staff),
            Population::Measure(m) => self.counts(m),
        }
    }
}

/// Computes every metric for every workforce in the submission, and for both combined when
/// both are present. Never inlined: the page calls it from several places, and one copy is
/// enough.
#[inline(never)]
pub fn compute(submission: &Submission, settings: &Settings) -> Results {
    let mut sources: Vec<Source> = submission
        .workforces
        .iter()
        .map(|wd| {
            let scope = match wd.workforce {
                crate::model::Workforce::Adults => Scope::Adults,
                crate::model::Workforce::Children => Scope::Children,
            };
            Source::single(scope, wd)
        })
        .collect();
    if let [a, b] = submission.workforces.as_slice() {
        sources.push(Source::combined(a, b));
    }
    let workforces = sources
        .iter()
        .map(|src| WorkforceResults {
            workforce: src.scope,
            metrics: METRICS
                .iter()
                .map(|def| match def.kind {
                    Kind::Representation => representation(def, src, settings),
                    _ => likelihood(def, src, settings),
                })
                .collect(),
        })
        .collect();
    Results {
        settings: *settings,
        form: submission.form,
        workforces,
    }
}

/// A result with nothing computed yet.
fn blank(
    def: &MetricDef,
    scope: Scope,
    orientation: Orientation,
    band: (Fraction, Fraction),
) -> MetricResult {
    MetricResult {
        workforce: scope,
        metric: def.id,
        title: def.title,
        kind: def.kind,
        orientation,
        minority_ethnic: None,
        white: None,
        not_known: None,
        relative_likelihood: None,
        relative_likelihood_shown: None,
        ci95: None,
        se_log: None,
        fisher_p: None,
        verdict: Verdict::CannotBeCalculated,
        evidence: Evidence::None,
        band: band_text(band),
        band_ends: [band.0.to_f64(), band.1.to_f64()],
        to_band: None,
        to_parity: None,
        what_it_would_take: None,
        small_numbers: false,
        sentence: String::new(),
        reason: None,
        broad_groups: Vec::new(),
        bands: Vec::new(),
        workforce_share: None,
        survey: None,
        national: Vec::new(),
        suppressed: None,
    }
}

/// M1: each pay band's make-up, its minority ethnic share against the workforce's, and the
/// relative likelihood of minority ethnic compared with white staff being in it.
fn representation(def: &MetricDef, src: &Source, settings: &Settings) -> MetricResult {
    let mut result = blank(
        def,
        src.scope,
        Orientation::MinorityEthnicToWhite,
        settings.band.exact(),
    );
    result.verdict = Verdict::NotApplicable;
    let total = match src.headcount() {
        Some(c) if c.total() > 0 => c,
        Some(_) => {
            return cannot(
                result,
                "every staff row is zero, so there are no staff to compare".into(),
            );
        }
        None => {
            let why = src
                .missing
                .get(&Measure::Staff)
                .cloned()
                .unwrap_or_default();
            return cannot(result, why);
        }
    };
    let share = |part: u64, whole: u64| (whole > 0).then(|| part as f64 / whole as f64);
    let workforce_share = share(total.minority_ethnic, total.known());
    result.workforce_share = Some(WorkforceShare {
        minority_ethnic: total.minority_ethnic,
        white: total.white,
        not_known: total.not_known,
        total: total.total(),
        minority_ethnic_share_of_all: share(total.minority_ethnic, total.total()),
        minority_ethnic_share_of_known: workforce_share,
    });
    result.bands = src
        .bands
        .iter()
        .map(|(name, c)| {
            let known_share = share(c.minority_ethnic, c.known());
            let t = TwoByTwo::new(
                c.minority_ethnic,
                total.minority_ethnic,
                c.white,
                total.white,
            );
            BandShare {
                name: name.clone(),
                minority_ethnic: c.minority_ethnic,
                white: c.white,
                not_known: c.not_known,
                total: c.total(),
                share_minority_ethnic: share(c.minority_ethnic, c.total()),
                share_white: share(c.white, c.total()),
                share_not_known: share(c.not_known, c.total()),
                minority_ethnic_share_of_known: known_share,
                relative_to_workforce: match (known_share, workforce_share) {
                    (Some(b), Some(w)) if w > 0.0 => Some(b / w),
                    _ => None,
                },
                relative_likelihood: t.relative_likelihood().ok(),
                ci95: t.katz_ci95().ok().map(|(l, h)| [l, h]),
                small_numbers: [c.minority_ethnic, c.white]
                    .iter()
                    .any(|n| (1..=9).contains(n)),
            }
        })
        .collect();
    result.small_numbers = result.bands.iter().any(|b| b.small_numbers);
    let parts: Vec<String> = result
        .bands
        .iter()
        .map(|b| match b.minority_ethnic_share_of_known {
            Some(s) => format!("{} {}", b.name, format::percent(s)),
            None => format!("{} (no staff with a known ethnicity)", b.name),
        })
        .collect();
    result.sentence = match workforce_share {
        Some(w) => format!(
            "Minority ethnic staff are {} of staff whose ethnicity is known; by pay band, of staff whose ethnicity is known: {}.",
            format::percent(w),
            parts.join("; ")
        ),
        None => "No staff have a known ethnicity, so shares cannot be calculated.".to_owned(),
    };
    result
}

fn cannot(mut result: MetricResult, why: String) -> MetricResult {
    result.verdict = Verdict::CannotBeCalculated;
    result.evidence = Evidence::None;
    result.sentence = format!("{} cannot be calculated: {why}.", result.metric);
    result.reason = Some(why);
    result
}

/// M2 to M9: minority ethnic rate against white rate.
fn likelihood(def: &MetricDef, src: &Source, settings: &Settings) -> MetricResult {
    let inverted = settings.nhs_orientation && def.nhs_inverts;
    let band = settings.band.exact_for(inverted);
    let mut result = blank(
        def,
        src.scope,
        if inverted {
            Orientation::WhiteToMinorityEthnic
        } else {
            Orientation::MinorityEthnicToWhite
        },
        band,
    );
    result.national = [2023, 2024]
        .iter()
        .filter_map(|y| benchmarks::national(def.id, *y))
        .map(|b| NationalFigure {
            year: b.year,
            relative_likelihood: if inverted {
                1.0 / b.relative_likelihood
            } else {
                b.relative_likelihood
            },
            approximate: b.approximate,
            wording: b.wording,
            source: b.source,
            url: b.url,
        })
        .collect();
    let (events, population) = match (src.counts(def.events), src.population(def.population)) {
        (Ok(e), Ok(p)) => (e, p),
        (Err(why), _) | (_, Err(why)) => return cannot(result, why),
    };
    let me = GroupRate::new(events.minority_ethnic, population.minority_ethnic);
    let white = GroupRate::new(events.white, population.white);
    result.minority_ethnic = Some(me);
    result.white = Some(white);
    result.not_known = Some(GroupRate::new(events.not_known, population.not_known));
    if def.population == Population::Measure(Measure::SurveyRespondents) {
        result.survey = src.counts(Measure::Staff).ok().map(|staff| {
            survey_coverage(
                GroupRate::new(population.minority_ethnic, staff.minority_ethnic),
                GroupRate::new(population.white, staff.white),
            )
        });
    }

    // Everything is judged on the SC-WRES table (minority ethnic relative to white); only the
    // way the figure is stated turns round.
    let sc = TwoByTwo::new(me.events, me.population, white.events, white.population);
    let swapped = TwoByTwo::new(white.events, white.population, me.events, me.population);
    result.small_numbers = sc.has_small_numbers();
    result.fisher_p = sc.fisher_p();
    if let Some(gs) = events.groups.zip(population.groups) {
        result.broad_groups = BroadGroup::ALL
            .iter()
            .map(|g| {
                let t = TwoByTwo::new(
                    gs.0[*g as usize],
                    gs.1[*g as usize],
                    white.events,
                    white.population,
                );
                GroupComparison {
                    group: *g,
                    rate: GroupRate::new(t.a, t.n1),
                    relative_likelihood: t.relative_likelihood().ok(),
                    ci95: t.katz_ci95().ok().map(|(l, h)| [l, h]),
                    fisher_p: t.fisher_p(),
                    small_numbers: t.has_small_numbers(),
                }
            })
            .collect();
    }
    // No exact ratio exactly when the table has no relative likelihood and no direction
    // either (an empty group, no events at all, more events than people).
    let Some(exact) = sc.exact_ratio() else {
        let u = sc
            .relative_likelihood()
            .err()
            .unwrap_or(Undefined::NoSecondEvents);
        return cannot(result, undefined_reason(u, def, &me, &white));
    };
    // The Katz interval, minority ethnic relative to white. With no white events it is the
    // interval of the table turned round, turned back (the method is symmetric).
    let ci_sc = sc
        .katz_ci95()
        .or_else(|_| swapped.katz_ci95().map(|(l, h)| (1.0 / h, 1.0 / l)))
        .ok();
    result.se_log = sc.katz_se_log().or_else(|_| swapped.katz_se_log()).ok();
    let sc_band = settings.band.exact();
    let side = Side::of(exact, sc_band);
    result.verdict = verdict_of(side, def.kind);
    result.evidence = evidence(side, ci_sc, settings.band);
    let stated = if inverted { exact.recip() } else { exact };
    if stated.den != 0 {
        result.relative_likelihood = Some(stated.to_f64());
        result.relative_likelihood_shown = Some(figure_text(stated, band));
    }
    result.ci95 = ci_sc.map(|(l, h)| if inverted { [1.0 / h, 1.0 / l] } else { [l, h] });
    result.sentence = sentence(def, &result, inverted, &me, &white);
    if side != Side::Within {
        let take = what_it_would_take(def, &sc, side, sc_band, inverted, band);
        result.to_band = take.to_band;
        result.to_parity = take.to_parity;
        result.what_it_would_take = Some(take.words);
    }
    result
}

/// The verdict for a minority ethnic / white figure on one side of the band.
pub fn verdict_of(side: Side, kind: Kind) -> Verdict {
    match (side, kind) {
        (Side::Within, _) => Verdict::WithinBand,
        (_, Kind::Representation) => Verdict::NotApplicable,
        (Side::Below, Kind::Favourable) | (Side::Above, Kind::Adverse) => {
            Verdict::AdverseToMinorityEthnic
        }
        (Side::Below, Kind::Adverse) | (Side::Above, Kind::Favourable) => Verdict::AdverseToWhite,
    }
}

/// The verdict for a ratio of counts (minority ethnic relative to white), judged exactly.
pub fn verdict(sc_ratio: Fraction, kind: Kind, band: ParityRange) -> Verdict {
    verdict_of(Side::of(sc_ratio, band.exact()), kind)
}

/// Clear when the whole interval is outside the band on the figure's side.
fn evidence(side: Side, ci: Option<(f64, f64)>, band: ParityRange) -> Evidence {
    match (side, ci) {
        (Side::Within, _) => Evidence::Within,
        (Side::Below, Some((_, high))) if high < band.low => Evidence::Clear,
        (Side::Above, Some((low, _))) if low > band.high => Evidence::Clear,
        _ => Evidence::Uncertain,
    }
}

/// Respondents against headcount in each group, with a caution when the two groups answered
/// at very different rates (one under two-thirds of the other) or few answered.
fn survey_coverage(me: GroupRate, white: GroupRate) -> SurveyCoverage {
    const FEW: u64 = 30;
    let mut cautions = Vec::new();
    if let (Some(m), Some(w)) = (me.rate, white.rate) {
        if m > 1.0 || w > 1.0 {
            cautions.push(
                "there are more survey respondents than staff in a group, so check the survey rows against the staff rows".to_owned(),
            );
        } else if m < w * 2.0 / 3.0 || w < m * 2.0 / 3.0 {
            cautions.push(format!(
                "minority ethnic staff answered the survey at a very different rate from white staff ({} against {}), so the respondents may not speak for each group alike",
                format::percent(m),
                format::percent(w)
            ));
        }
    }
    let few: Vec<&str> = [("minority ethnic", me), ("white", white)]
        .iter()
        .filter(|(_, g)| g.events < FEW)
        .map(|(name, _)| *name)
        .collect();
    if !few.is_empty() {
        cautions.push(format!(
            "fewer than {FEW} {} staff answered the survey, so the harassment figures rest on few people",
            few.join(" and ")
        ));
    }
    SurveyCoverage {
        minority_ethnic: me,
        white,
        caution: (!cautions.is_empty()).then(|| format::capitalised(&cautions.join("; "))),
    }
}

/// "none of the 40 minority ethnic shortlisted applicants were appointed", "the one white
/// shortlisted applicant was not appointed".
fn none_clause(def: &MetricDef, group: &str, population: u64) -> String {
    if population == 1 {
        format!("the one {group} {} {}", def.population_one, def.one_did_not)
    } else {
        format!(
            "none of the {} {group} {} {}",
            format::count(population),
            def.population_noun,
            def.none_did
        )
    }
}

fn undefined_reason(u: Undefined, def: &MetricDef, me: &GroupRate, white: &GroupRate) -> String {
    let noun = def.population_noun;
    match u {
        Undefined::EmptyFirst => {
            format!("there are no minority ethnic {noun} with a known ethnicity")
        }
        Undefined::EmptySecond => format!("there are no white {noun} with a known ethnicity"),
        Undefined::NoSecondEvents => format!(
            "neither group has any to compare: {}, and {}",
            none_clause(def, "minority ethnic", me.population),
            none_clause(def, "white", white.population)
        ),
        Undefined::EventsExceedPopulation => format!(
            "a group has more {} than {}; see the warning about this",
            def.events.describe(),
            match def.population {
                Population::Headcount => "staff",
                Population::Measure(m) => m.describe(),
            }
        ),
    }
}

/// "Minority ethnic staff were 0.52 times as likely as white staff to be appointed from
/// shortlisting (48% less likely)." The percentage is worked out from the figure as shown,
/// so the two never disagree.
fn sentence(
    def: &MetricDef,
    result: &MetricResult,
    inverted: bool,
    me: &GroupRate,
    white: &GroupRate,
) -> String {
    let (first, second) = if inverted {
        ("White", "minority ethnic")
    } else {
        ("Minority ethnic", "white")
    };
    let (first_rate, second_rate) = if inverted { (white, me) } else { (me, white) };
    let rate = |g: &GroupRate| g.rate.map(format::percent).unwrap_or_default();
    let mut s = match (&result.relative_likelihood_shown, result.relative_likelihood) {
        (Some(_), Some(0.0)) => format!(
            "{first} staff were 0 times as likely as {second} staff {}: {}, against {} of {second} {}.",
            def.to_do,
            none_clause(def, &format::lowercase(first), first_rate.population),
            rate(second_rate),
            def.population_noun,
        ),
        (Some(shown), _) => {
            let value: f64 = shown.parse().unwrap_or(1.0);
            let pct = ((value - 1.0) * 100.0).round();
            // From twice as likely up, "172% more likely" misleads more than it helps: the
            // ratio alone says it. A figure that is not zero is never "100% less likely".
            let how = if pct == 0.0 {
                " (about equally likely)".to_owned()
            } else if value >= 2.0 {
                String::new()
            } else if pct <= -100.0 {
                " (over 99% less likely)".to_owned()
            } else if pct > 0.0 {
                format!(" ({pct:.0}% more likely)")
            } else {
                format!(" ({:.0}% less likely)", -pct)
            };
            format!(
                "{first} staff were {shown} times as likely as {second} staff {}{how}.",
                def.to_do
            )
        }
        // Events in the first group and none in the second: no ratio can be given.
        _ => format!(
            "No ratio can be given, because {}, against {} of {} {}.",
            none_clause(def, second, second_rate.population),
            rate(first_rate),
            format::lowercase(first),
            def.population_noun,
        ),
    };
    if inverted {
        s.push_str(" This is the NHS WRES orientation: white relative to minority ethnic.");
    }
    s
}

/// The smallest changes in minority ethnic events that bring a figure into the band and to
/// parity, found exactly.
struct Take {
    to_band: Option<i64>,
    to_parity: Option<i64>,
    words: String,
}

/// With the white figures and both populations unchanged, the ratio moves only with the
/// number of minority ethnic events `a`: (a·n2)/(c·n1). So the smallest change that reaches a
/// bound is a ceiling or a floor of an exact fraction, then checked against the other end.
fn what_it_would_take(
    def: &MetricDef,
    sc: &TwoByTwo,
    side: Side,
    band: (Fraction, Fraction),
    inverted: bool,
    band_stated: (Fraction, Fraction),
) -> Take {
    let (a, n1, c, n2) = (sc.a as u128, sc.n1 as u128, sc.c as u128, sc.n2 as u128);
    let events = |k: u128| {
        if k == 1 {
            def.event_one
        } else {
            def.event_many
        }
    };
    let figure_after = |a2: u128| {
        let x = Fraction::new(a2 * n2, c * n1);
        figure_text(if inverted { x.recip() } else { x }, band_stated)
    };
    if c == 0 {
        return Take {
            to_band: None,
            to_parity: None,
            words: format!(
                "With no white {}, no change in the number of minority ethnic {} alone can bring {} within the band.",
                def.event_many, def.event_many, def.id
            ),
        };
    }
    // The events needed to reach `target` (num/den) from this side: at least it when below,
    // at most it when above.
    let needed = |target: Fraction| -> u128 {
        let (num, den) = (target.num * c * n1, target.den * n2);
        match side {
            Side::Below => num.div_ceil(den),
            _ => num / den,
        }
    };
    let parity = Fraction::new(1, 1);
    let a_band = needed(match side {
        Side::Below => band.0,
        _ => band.1,
    });
    let a_parity = needed(parity);
    let in_band = |a2: u128| Side::of(Fraction::new(a2 * n2, c * n1), band) == Side::Within;
    let change = |a2: u128| a2 as i64 - a as i64;
    let more_or_fewer = |a2: u128| if a2 > a { "more" } else { "fewer" };
    let among = format!(
        "among the same {} minority ethnic {}",
        format::count(sc.n1),
        def.population_noun
    );
    let mut words = String::from("What it would take, with the white figures unchanged: ");
    // Reaching the band from below, or parity, never needs more events than people: the
    // minority ethnic rate needed is at most the white rate (the band's lower end is at most
    // 1), which is at most 1. From above, fewer events are always possible down to none.
    let to_band = if !in_band(a_band) {
        words.push_str(&format!(
            "no whole number of minority ethnic {} brings {} within the band: {} {} would take it from {} to {}, past the band",
            def.event_many,
            def.id,
            a.abs_diff(a_band),
            more_or_fewer(a_band),
            figure_after(a),
            figure_after(a_band)
        ));
        None
    } else {
        let k = a.abs_diff(a_band);
        words.push_str(&format!(
            "{} {} minority ethnic {} {among} would bring {} to {}, within the band",
            format::count(k as u64),
            more_or_fewer(a_band),
            events(k),
            def.id,
            figure_after(a_band)
        ));
        Some(change(a_band))
    };
    let to_parity = {
        let k = a.abs_diff(a_parity);
        let shown = figure_after(a_parity);
        let reach = if Fraction::new(a_parity * n2, c * n1) == parity {
            "parity".to_owned()
        } else {
            "the first whole number past parity".to_owned()
        };
        words.push_str(&format!(
            "; {} {} would bring it to {shown} ({reach}).",
            format::count(k as u64),
            more_or_fewer(a_parity),
        ));
        Some(change(a_parity))
    };
    Take {
        to_band,
        to_parity,
        words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(num: u128, den: u128) -> Fraction {
        Fraction::new(num, den)
    }

    #[test]
    fn a_figure_gets_the_decimals_it_needs_to_agree_with_the_band() {
        let nhs = ParityRange::NHS.exact();
        assert_eq!(figure_text(f(52, 100), nhs), "0.52");
        // 1.255 rounds exactly to "1.26" (a binary 1.255 would print "1.25").
        assert_eq!(figure_text(f(1255, 1000), nhs), "1.26");
        // 1.2504 would round to "1.25", the end it is above: so four decimals.
        assert_eq!(figure_text(f(12504, 10000), nhs), "1.2504");
        // Exactly the end: two decimals, within.
        assert_eq!(figure_text(f(5, 4), nhs), "1.25");
        // 0.7951 would print as "0.80", on the end it is below.
        assert_eq!(figure_text(f(7951, 10000), nhs), "0.795");
        // Not zero, so never "0.00".
        assert_eq!(figure_text(f(1, 500), nhs), "0.002");
        assert_eq!(figure_text(f(0, 5), nhs), "0.00");
        // A band turned round whose ends are not short decimals: 1 / 1.2 = 0.8333...
        let turned = ParityRange::new(0.9, 1.2).unwrap().exact_for(true);
        assert_eq!(band_text(turned), "0.8333 to 1.1111");
        assert_eq!(figure_text(f(8332, 10000), turned), "0.83");
        assert_eq!(Side::of(f(8332, 10000), turned), Side::Below);
        // Just within that end: "0.83" would read as below it.
        assert_eq!(figure_text(f(83335, 100000), turned), "0.8334");
    }
}
