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
use crate::stats::{TwoByTwo, Undefined};

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
    pub small_numbers: bool,
}

/// A published national figure, stated in the same orientation as the result beside it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct NationalFigure {
    pub year: u16,
    pub relative_likelihood: f64,
    pub approximate: bool,
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
    pub relative_likelihood: Option<f64>,
    pub ci95: Option<[f64; 2]>,
    pub fisher_p: Option<f64>,
    pub verdict: Verdict,
    pub small_numbers: bool,
    pub sentence: String,
    /// Why there is no relative likelihood, when there is none.
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub broad_groups: Vec<GroupComparison>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<BandShare>,
    pub national: Vec<NationalFigure>,
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
                    format!("the file has no {} row for {}", m.key(), wd.workforce.key()),
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
            let lacking: Vec<&str> = [a, b]
                .iter()
                .filter(|wd| {
                    if m == Measure::Staff {
                        wd.bands.is_empty()
                    } else {
                        !wd.rows.contains_key(&m)
                    }
                })
                .map(|wd| wd.workforce.key())
                .collect();
            if !lacking.is_empty() {
                missing.insert(
                    m,
                    format!(
                        "the {} workforce has no {} row, so the two cannot be combined",
                        lacking.join(" and "),
                        m.key()
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
                .ok_or_else(|| format!("there is no {} row", m.key())),
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
/// both are present.
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
                    Kind::Representation => representation(def, src),
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

/// M1: each pay band's make-up, and its minority ethnic share against the workforce's.
fn representation(def: &MetricDef, src: &Source) -> MetricResult {
    let mut result = MetricResult {
        workforce: src.scope,
        metric: def.id,
        title: def.title,
        kind: def.kind,
        orientation: Orientation::MinorityEthnicToWhite,
        minority_ethnic: None,
        white: None,
        not_known: None,
        relative_likelihood: None,
        ci95: None,
        fisher_p: None,
        verdict: Verdict::NotApplicable,
        small_numbers: false,
        sentence: String::new(),
        reason: None,
        broad_groups: Vec::new(),
        bands: Vec::new(),
        national: Vec::new(),
    };
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
    result.minority_ethnic = Some(GroupRate::new(total.minority_ethnic, total.total()));
    result.white = Some(GroupRate::new(total.white, total.total()));
    result.not_known = Some(GroupRate::new(total.not_known, total.total()));
    result.bands = src
        .bands
        .iter()
        .map(|(name, c)| {
            let known_share = share(c.minority_ethnic, c.known());
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
            "Minority ethnic staff are {} of staff whose ethnicity is known; by pay band: {}.",
            format::percent(w),
            parts.join("; ")
        ),
        None => "No staff have a known ethnicity, so shares cannot be calculated.".to_owned(),
    };
    result
}

fn cannot(mut result: MetricResult, why: String) -> MetricResult {
    result.verdict = Verdict::CannotBeCalculated;
    result.sentence = format!("{} cannot be calculated: {why}.", result.metric);
    result.reason = Some(why);
    result
}

/// M2 to M9: minority ethnic rate against white rate.
fn likelihood(def: &MetricDef, src: &Source, settings: &Settings) -> MetricResult {
    let inverted = settings.nhs_orientation && def.nhs_inverts;
    let mut result = MetricResult {
        workforce: src.scope,
        metric: def.id,
        title: def.title,
        kind: def.kind,
        orientation: if inverted {
            Orientation::WhiteToMinorityEthnic
        } else {
            Orientation::MinorityEthnicToWhite
        },
        minority_ethnic: None,
        white: None,
        not_known: None,
        relative_likelihood: None,
        ci95: None,
        fisher_p: None,
        verdict: Verdict::CannotBeCalculated,
        small_numbers: false,
        sentence: String::new(),
        reason: None,
        broad_groups: Vec::new(),
        bands: Vec::new(),
        national: [2023, 2024]
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
            })
            .collect(),
    };
    let (events, population) = match (src.counts(def.events), src.population(def.population)) {
        (Ok(e), Ok(p)) => (e, p),
        (Err(why), _) | (_, Err(why)) => return cannot(result, why),
    };
    let me = GroupRate::new(events.minority_ethnic, population.minority_ethnic);
    let white = GroupRate::new(events.white, population.white);
    result.minority_ethnic = Some(me);
    result.white = Some(white);
    result.not_known = Some(GroupRate::new(events.not_known, population.not_known));

    let sc_table = TwoByTwo::new(me.events, me.population, white.events, white.population);
    let table = if inverted {
        TwoByTwo::new(white.events, white.population, me.events, me.population)
    } else {
        sc_table
    };
    result.small_numbers = table.has_small_numbers();
    result.fisher_p = table.fisher_p();
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
    let rl = match table.relative_likelihood() {
        Ok(rl) => rl,
        Err(u) => {
            let why = undefined_reason(u, def, inverted);
            return cannot(result, why);
        }
    };
    result.relative_likelihood = Some(rl);
    result.ci95 = table.katz_ci95().ok().map(|(l, h)| [l, h]);
    // The verdict judges the SC-WRES figure, so turning the ratio round never changes it
    // (even with a band whose ends are not reciprocals). Only when the SC-WRES figure has no
    // value (no minority ethnic events, stated the NHS way round as 0) is the figure judged.
    result.verdict = match sc_table.relative_likelihood() {
        Ok(sc) => verdict(sc, def.kind, false, settings.band),
        Err(_) => verdict(rl, def.kind, inverted, settings.band),
    };
    result.sentence = sentence(def, rl, inverted, &me, &white);
    result
}

/// Against the band, read the way the figure is stated.
///
/// The figure is judged as it is shown, to two decimal places, so a result printed as "1.25"
/// can never be called outside a band that ends at 1.25.
pub fn verdict(figure: f64, kind: Kind, inverted: bool, band: ParityRange) -> Verdict {
    let figure = format::ratio_as_shown(figure);
    if band.contains(figure) {
        return Verdict::WithinBand;
    }
    // For a favourable event stated ME/W, a low figure is adverse to minority ethnic staff;
    // turning the ratio round, or an adverse event, flips that.
    let low_hurts_minority = (kind == Kind::Favourable) != inverted;
    match (figure < band.low, low_hurts_minority) {
        (true, true) | (false, false) => Verdict::AdverseToMinorityEthnic,
        _ => Verdict::AdverseToWhite,
    }
}

fn undefined_reason(u: Undefined, def: &MetricDef, inverted: bool) -> String {
    let (first, second) = if inverted {
        ("white", "minority ethnic")
    } else {
        ("minority ethnic", "white")
    };
    let noun = def.population_noun;
    match u {
        Undefined::EmptyFirst => format!("there are no {first} {noun} with a known ethnicity"),
        Undefined::EmptySecond => format!("there are no {second} {noun} with a known ethnicity"),
        Undefined::NoSecondEvents => format!(
            "no {second} {noun} were counted as {}, so there is no {second} rate to compare with",
            def.events.key()
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
/// shortlisting (48% less likely)." The percentage is worked out from the ratio as printed,
/// so the two never disagree.
pub fn sentence(
    def: &MetricDef,
    rl: f64,
    inverted: bool,
    me: &GroupRate,
    white: &GroupRate,
) -> String {
    let (first, second) = if inverted {
        ("White", "minority ethnic")
    } else {
        ("Minority ethnic", "white")
    };
    let shown = format::ratio(rl);
    let mut s = if rl == 0.0 {
        let (zero_group, other) = if inverted {
            ("white", me)
        } else {
            ("minority ethnic", white)
        };
        let zero_pop = if inverted {
            white.population
        } else {
            me.population
        };
        format!(
            "{first} staff were 0 times as likely as {second} staff {}: none of the {} {zero_group} {} were, against {} of {second} {}.",
            def.to_do,
            format::count(zero_pop),
            def.population_noun,
            other.rate.map(format::percent).unwrap_or_default(),
            def.population_noun,
        )
    } else {
        let rounded = format::ratio_as_shown(rl);
        let pct = ((rounded - 1.0) * 100.0).round();
        // From twice as likely up, "172% more likely" misleads more than it helps: the
        // ratio alone says it.
        let how = if pct == 0.0 {
            " (about equally likely)".to_owned()
        } else if rounded >= 2.0 {
            String::new()
        } else if pct > 0.0 {
            format!(" ({pct:.0}% more likely)")
        } else {
            format!(" ({:.0}% less likely)", -pct)
        };
        format!(
            "{first} staff were {shown} times as likely as {second} staff {}{how}.",
            def.to_do
        )
    };
    if inverted {
        s.push_str(" This is the NHS WRES orientation: white relative to minority ethnic.");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_printed_at_the_band_end_is_within_the_band() {
        // 1.2549 prints as "1.25": judged within 0.80 to 1.25; 1.2551 prints as "1.26".
        assert_eq!(
            verdict(1.2549, Kind::Adverse, false, ParityRange::NHS),
            Verdict::WithinBand
        );
        assert_eq!(
            verdict(1.2551, Kind::Adverse, false, ParityRange::NHS),
            Verdict::AdverseToMinorityEthnic
        );
        assert_eq!(
            verdict(0.7951, Kind::Favourable, false, ParityRange::NHS),
            Verdict::WithinBand
        );
        assert_eq!(
            verdict(0.7949, Kind::Favourable, false, ParityRange::NHS),
            Verdict::AdverseToMinorityEthnic
        );
        assert_eq!(
            verdict(0.7949, Kind::Adverse, false, ParityRange::NHS),
            Verdict::AdverseToWhite
        );
    }
}
