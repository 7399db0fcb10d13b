//! Pure chart builders: results in, an Apache ECharts option ([`ChartOption`], made of
//! charming's components and series) out. No browser types: tests check the options as JSON
//! natively; the web UI only renders them.
//!
//! Every chart has decal patterns on (so series differ by pattern as well as colour), no
//! animation when the user prefers reduced motion, and a text summary
//! ([`ChartSpec::summary`]) for its `aria-label` (ECharts' own description is off); the page
//! puts a data table after each.

use charming::component::{Axis, Grid, Legend, Title};
use charming::datatype::{CompositeValue, DataPoint};
use charming::element::{
    AxisLabel, AxisType, ItemStyle, Label, LabelPosition, LineStyle, LineStyleType, MarkArea,
    MarkAreaData, MarkLine, MarkLineData, MarkLineVariant, NameLocation, Symbol, TextStyle,
    Tooltip, Trigger,
};
use charming::series::{Bar, Line, Scatter};
use serde::Serialize;

use crate::compare::MetricTrend;
use crate::format;
use crate::metrics::MetricId;

pub mod councils;
use crate::results::{
    verdict_words, Evidence, MetricResult, ParityRange, Verdict, WorkforceResults,
};

/// Colours with at least 3:1 contrast on white (WCAG non-text contrast).
pub const COLOUR_MINORITY_ETHNIC: &str = "#1d70b8";
pub const COLOUR_WHITE: &str = "#912b88";
pub const COLOUR_NOT_KNOWN: &str = "#505a5f";
pub const COLOUR_POINT: &str = "#0b0c0c";

/// The log axis of the forest plot runs from 1/RANGE to RANGE; values outside are drawn at
/// the edge and said so in the summary.
pub const FOREST_RANGE: f64 = 10.0;

/// A chart ready to render: the option, and a sentence that describes it for screen readers.
#[derive(Debug, Clone)]
pub struct ChartSpec {
    pub chart: ChartOption,
    pub summary: String,
}

/// An ECharts option with the parts these charts use, each a charming component or series,
/// written as charming's own `Chart` writes them (`title` and `grid` as lists, one axis of
/// each kind as an object). charming's `Chart` can hold every component and series ECharts
/// has, and writing it would put the code to write all of them into the wasm (see
/// docs/performance.md).
#[derive(Serialize, Debug, Clone)]
#[serde(rename_all = "camelCase")]
pub struct ChartOption {
    title: [Title; 1],
    animation: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    tooltip: Option<TooltipOption>,
    #[serde(skip_serializing_if = "Option::is_none")]
    legend: Option<Legend>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    grid: Vec<Grid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    x_axis: Option<Axis>,
    #[serde(skip_serializing_if = "Option::is_none")]
    y_axis: Option<Axis>,
    series: Vec<Series>,
    aria: Aria,
}

/// A tooltip the pointer can move onto without it disappearing (`enterable`, which charming's
/// `Tooltip` does not have), as WCAG 2.2 asks of content shown on hover (1.4.13). The page
/// hides it on Escape (src/ui/components/chart.rs), and finds it by its class.
#[derive(Serialize, Debug, Clone)]
#[serde(rename_all = "camelCase")]
struct TooltipOption {
    #[serde(flatten)]
    tooltip: Tooltip,
    enterable: bool,
    class_name: &'static str,
}

/// The class of every chart's tooltip element.
pub const TOOLTIP_CLASS: &str = "chart__tooltip";

/// One series of a [`ChartOption`]: the kinds these charts draw (each boxed: they differ much
/// in size).
#[derive(Serialize, Debug, Clone)]
#[serde(untagged)]
pub enum Series {
    Bar(Box<Bar>),
    Line(Box<Line>),
    Scatter(Box<Scatter>),
}

impl From<Bar> for Series {
    fn from(series: Bar) -> Self {
        Series::Bar(Box::new(series))
    }
}

impl From<Line> for Series {
    fn from(series: Line) -> Self {
        Series::Line(Box::new(series))
    }
}

impl From<Scatter> for Series {
    fn from(series: Scatter) -> Self {
        Series::Scatter(Box::new(series))
    }
}

/// ECharts' ARIA: its default decal patterns on, so that series differ by pattern as well as
/// colour (written here, not with charming's `Aria`: that writes `"decals": []` for an empty
/// list, which ECharts reads as "no patterns" and fails on). Its own description is off: it
/// would replace the chart's `aria-label` (the page's [`ChartSpec::summary`]) with one made
/// from the raw series ("The 0 series is a Line chart … NaN, NaN").
#[derive(Serialize, Debug, Clone)]
struct Aria {
    enabled: bool,
    label: Enabled,
    decal: Decal,
}

#[derive(Serialize, Debug, Clone)]
struct Enabled {
    enabled: bool,
}

#[derive(Serialize, Debug, Clone)]
struct Decal {
    show: bool,
}

impl ChartOption {
    /// A chart titled `title` (centred), with decal patterns on ([`Aria`]).
    fn new(title: &str, animation: bool) -> Self {
        ChartOption {
            title: [Title::new().text(title).left("center")],
            animation,
            tooltip: None,
            legend: None,
            grid: Vec::new(),
            x_axis: None,
            y_axis: None,
            series: Vec::new(),
            aria: Aria {
                enabled: true,
                label: Enabled { enabled: false },
                decal: Decal { show: true },
            },
        }
    }

    /// On a narrow screen: the title in two shorter lines, `title` over `subtitle`, smaller.
    fn narrow_title(mut self, title: &str, subtitle: &str) -> Self {
        self.title = [Title::new()
            .text(title)
            .subtext(subtitle)
            .left("center")
            .text_style(TextStyle::new().font_size(15))];
        self
    }

    fn tooltip(mut self, tooltip: Tooltip) -> Self {
        self.tooltip = Some(TooltipOption {
            tooltip,
            enterable: true,
            class_name: TOOLTIP_CLASS,
        });
        self
    }

    fn legend(mut self, legend: Legend) -> Self {
        self.legend = Some(legend);
        self
    }

    fn grid(mut self, grid: Grid) -> Self {
        self.grid.push(grid);
        self
    }

    fn x_axis(mut self, axis: Axis) -> Self {
        self.x_axis = Some(axis);
        self
    }

    fn y_axis(mut self, axis: Axis) -> Self {
        self.y_axis = Some(axis);
        self
    }

    fn series(mut self, series: impl Into<Series>) -> Self {
        self.series.push(series.into());
        self
    }
}

impl ChartSpec {
    /// The full ECharts option as JSON text, exactly what the page gives ECharts.
    pub fn option_json(&self) -> String {
        serde_json::to_string(&self.chart).unwrap_or_default()
    }

    /// [`ChartSpec::option_json`] parsed, for tests.
    pub fn option(&self) -> serde_json::Value {
        serde_json::from_str(&self.option_json()).unwrap_or_default()
    }
}

fn base(title: &str, reduced_motion: bool) -> ChartOption {
    ChartOption::new(title, !reduced_motion)
}

/// A series of points: its name (the legend's words), its marker's shape, size and colour.
fn markers(
    name: &str,
    symbol: Symbol,
    size: u32,
    colour: &str,
    data: Vec<Vec<CompositeValue>>,
) -> Scatter {
    Scatter::new()
        .name(name)
        .symbol(symbol)
        .symbol_size(size as f64)
        .item_style(ItemStyle::new().color(colour).border_color(colour))
        .data(data)
}

fn clamp_log(x: f64) -> f64 {
    x.clamp(1.0 / FOREST_RANGE, FOREST_RANGE)
}

/// The overview forest plot: one row per metric (M2 to M9), the relative likelihood as a
/// point, its 95% CI as a whisker, a log axis centred on 1, the band shaded, and the
/// national figures as distinct markers.
///
/// `narrow`: laid out for a narrow screen (a phone, a 320 px column): the rows labelled by
/// metric only, the title in two shorter lines, the legend below over several lines.
pub fn forest_plot(
    wr: &WorkforceResults,
    band: ParityRange,
    reduced_motion: bool,
    narrow: bool,
) -> ChartSpec {
    let rows: Vec<&MetricResult> = wr
        .metrics
        .iter()
        .filter(|m| m.metric != MetricId::M1)
        .collect();
    let labels: Vec<String> = rows
        .iter()
        .map(|m| match narrow {
            true => m.metric.to_string(),
            false => format!("{} {}", m.metric, m.metric.def().short),
        })
        .collect();
    let cell = |x: f64, label: &str| -> Vec<CompositeValue> { vec![x.into(), label.into()] };
    // The points by the strength of their evidence: clear, too few to be sure, within.
    let mut points: [Vec<Vec<CompositeValue>>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    let mut whiskers: Vec<DataPoint> = Vec::new();
    let mut national: [Vec<Vec<CompositeValue>>; 2] = [Vec::new(), Vec::new()];
    let mut clamped: Vec<String> = Vec::new();
    for (m, label) in rows.iter().zip(&labels) {
        if let Some(rl) = m.relative_likelihood {
            if clamp_log(rl) != rl {
                clamped.push(format!("{} ({})", m.metric, format::ratio(rl)));
            }
            let i = match m.evidence {
                Evidence::Clear => 0,
                Evidence::Uncertain => 1,
                _ => 2,
            };
            points[i].push(cell(clamp_log(rl), label));
        }
        if let Some([lo, hi]) = m.ci95 {
            whiskers.push(cell(clamp_log(lo), label).into());
            whiskers.push(cell(clamp_log(hi), label).into());
            whiskers.push("-".into());
        }
        for (i, year) in [2023u16, 2024].iter().enumerate() {
            if let Some(n) = m.national.iter().find(|n| n.year == *year) {
                national[i].push(cell(clamp_log(n.relative_likelihood), label));
            }
        }
    }
    let band_area = MarkArea::new()
        .silent(true)
        .item_style(ItemStyle::new().color("rgba(0, 112, 60, 0.12)"))
        .label(
            Label::new().show(true).formatter(
                format!(
                    "Band {} to {}",
                    format::ratio(band.low),
                    format::ratio(band.high)
                )
                .as_str(),
            ),
        )
        .data(vec![(
            MarkAreaData::new().x_axis(band.low.to_string()),
            MarkAreaData::new().x_axis(band.high.to_string()),
        )]);
    // No label of its own: the axis already says "1" there.
    let one_line = MarkLine::new()
        .silent(true)
        .label(Label::new().show(false))
        .symbol(vec![Symbol::None, Symbol::None])
        .line_style(
            LineStyle::new()
                .color(COLOUR_POINT)
                .type_(LineStyleType::Dashed),
        )
        .data(vec![MarkLineVariant::Simple(
            MarkLineData::new().x_axis(1.0),
        )]);
    let title = format!(
        "Relative likelihoods, {}",
        wr.workforce.label().to_ascii_lowercase()
    );
    let mut chart = base(&title, reduced_motion);
    if narrow {
        chart = chart.narrow_title("Relative likelihoods", wr.workforce.label());
    }
    let chart = chart
        .legend(Legend::new().bottom(0))
        .tooltip(Tooltip::new().trigger(Trigger::Item))
        .grid(match narrow {
            // Narrow, the legend's six entries take four lines at 320 px: the axis's labels
            // and name go above them, not over them.
            true => Grid::new().left(45).right(15).top(60).bottom(165),
            // Wide, the legend takes two lines.
            false => Grid::new().left(230).right(40).top(50).bottom(110),
        })
        .x_axis(
            Axis::new()
                .type_(AxisType::Log)
                .log_base(10.0)
                .min(1.0 / FOREST_RANGE)
                .max(FOREST_RANGE)
                .name(match narrow {
                    true => "Relative likelihood (log scale)",
                    false => "Relative likelihood (log scale; 1 = equally likely)",
                })
                .name_location(NameLocation::Middle)
                .name_gap(28),
        )
        .y_axis(
            Axis::new()
                .type_(AxisType::Category)
                .inverse(true)
                .data(labels.clone())
                .axis_label(AxisLabel::new().interval(0)),
        )
        .series(
            Line::new()
                .name("95% confidence interval")
                .data(whiskers)
                .symbol(Symbol::None)
                .line_style(LineStyle::new().width(3).color(COLOUR_MINORITY_ETHNIC))
                .mark_area(band_area)
                .mark_line(one_line),
        )
        .series(markers(
            "Outside the band: clear",
            Symbol::Circle,
            14,
            COLOUR_POINT,
            points[0].clone(),
        ))
        // Hollow: the figure is outside the band, but its interval reaches into it.
        .series(
            markers(
                "Outside the band: too few to be sure",
                Symbol::Custom("emptyCircle".to_owned()),
                14,
                COLOUR_POINT,
                points[1].clone(),
            )
            .item_style(
                ItemStyle::new()
                    .color(COLOUR_POINT)
                    .border_color(COLOUR_POINT)
                    .border_width(2),
            ),
        )
        .series(markers(
            "Within the band",
            Symbol::Rect,
            12,
            COLOUR_NOT_KNOWN,
            points[2].clone(),
        ))
        .series(markers(
            "National 2023",
            Symbol::Diamond,
            12,
            COLOUR_WHITE,
            national[0].clone(),
        ))
        .series(markers(
            "National 2024",
            Symbol::Triangle,
            12,
            COLOUR_NOT_KNOWN,
            national[1].clone(),
        ));
    let mut parts: Vec<String> = rows
        .iter()
        .map(|m| match (&m.relative_likelihood_shown, m.verdict) {
            (Some(shown), v) => format!(
                "{} {shown} ({})",
                m.metric,
                format::lowercase(&verdict_words(v, m.evidence))
            ),
            (None, Verdict::CannotBeCalculated) => format!("{} cannot be calculated", m.metric),
            (None, v) => format!(
                "{} no figure shown ({})",
                m.metric,
                format::lowercase(&verdict_words(v, m.evidence))
            ),
        })
        .collect();
    if !clamped.is_empty() {
        parts.push(format!("drawn at the axis edge: {}", clamped.join(", ")));
    }
    let adverse = rows
        .iter()
        .filter(|m| m.verdict == Verdict::AdverseToMinorityEthnic)
        .count();
    let summary = format!(
        "Chart of relative likelihoods for {}, with 95% confidence intervals and the band {} to {}. {} of {} metrics are adverse to minority ethnic staff. {}.",
        wr.workforce.label().to_ascii_lowercase(),
        format::ratio(band.low),
        format::ratio(band.high),
        adverse,
        rows.len(),
        parts.join("; ")
    );
    ChartSpec { chart, summary }
}

/// M1: 100% stacked bars per pay band (minority ethnic, white, not known), with the
/// workforce's minority ethnic share as a reference line. `None` when M1 has no bands.
/// `narrow`: laid out for a narrow screen, as [`forest_plot`] is (the band names slanted).
pub fn pay_bands(m1: &MetricResult, reduced_motion: bool, narrow: bool) -> Option<ChartSpec> {
    if m1.bands.is_empty() {
        return None;
    }
    let names: Vec<String> = m1.bands.iter().map(|b| b.name.clone()).collect();
    let pct = |x: Option<f64>| (x.unwrap_or(0.0) * 1000.0).round() / 10.0;
    // A share hidden for publication is left out, not drawn as zero.
    let bar = |x: Option<f64>| -> DataPoint {
        match x {
            Some(v) => ((v * 1000.0).round() / 10.0).into(),
            None => "-".into(),
        }
    };
    let series = |name: &str, colour: &str, values: Vec<DataPoint>| {
        Bar::new()
            .name(name)
            .stack("total")
            .item_style(ItemStyle::new().color(colour))
            .data(values)
    };
    // The bars are shares of everyone in the band, so the line is the share of all staff.
    let workforce_share = m1
        .workforce_share
        .and_then(|w| w.minority_ethnic_share_of_all)
        .map(|s| pct(Some(s)));
    let mut me_series = series(
        "Minority ethnic",
        COLOUR_MINORITY_ETHNIC,
        m1.bands
            .iter()
            .map(|b| bar(b.share_minority_ethnic))
            .collect(),
    );
    if let Some(share) = workforce_share {
        me_series = me_series.mark_line(
            MarkLine::new()
                .silent(true)
                .symbol(vec![Symbol::None, Symbol::None])
                .line_style(
                    LineStyle::new()
                        .color(COLOUR_POINT)
                        .type_(LineStyleType::Dashed)
                        .width(2),
                )
                .label(
                    Label::new()
                        .show(true)
                        .position(LabelPosition::InsideEndTop)
                        .formatter(format!("Workforce: {share}% minority ethnic").as_str()),
                )
                .data(vec![MarkLineVariant::Simple(
                    MarkLineData::new().y_axis(share),
                )]),
        );
    }
    let title = format!(
        "Staff in each pay band by ethnicity, {}",
        m1.workforce.label().to_ascii_lowercase()
    );
    let mut chart = base(&title, reduced_motion);
    let mut x_axis = Axis::new().type_(AxisType::Category).data(names);
    if narrow {
        chart = chart.narrow_title("Staff in each pay band", m1.workforce.label());
        x_axis = x_axis.axis_label(AxisLabel::new().interval(0).rotate(35).font_size(11));
    }
    let chart = chart
        .legend(Legend::new().bottom(0))
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .grid(match narrow {
            true => Grid::new().left(45).right(10).top(60).bottom(150),
            false => Grid::new().left(60).right(30).top(50).bottom(70),
        })
        .x_axis(x_axis)
        .y_axis(
            Axis::new()
                .type_(AxisType::Value)
                .min(0)
                .max(100)
                .name(match narrow {
                    true => "% of staff",
                    false => "% of staff in the band",
                })
                .name_location(NameLocation::Middle)
                .name_gap(if narrow { 32 } else { 40 }),
        )
        .series(me_series)
        .series(series(
            "White",
            COLOUR_WHITE,
            m1.bands.iter().map(|b| bar(b.share_white)).collect(),
        ))
        .series(series(
            "Not known",
            COLOUR_NOT_KNOWN,
            m1.bands.iter().map(|b| bar(b.share_not_known)).collect(),
        ));
    let parts: Vec<String> = m1
        .bands
        .iter()
        .map(|b| {
            let share =
                |x: Option<f64>| x.map_or("hidden".to_owned(), |v| format!("{}%", pct(Some(v))));
            format!(
                "{}: {} minority ethnic, {} white, {} not known",
                b.name,
                share(b.share_minority_ethnic),
                share(b.share_white),
                share(b.share_not_known)
            )
        })
        .collect();
    let summary = format!(
        "Stacked bar chart of staff in each pay band by ethnicity, {}{}. {}.",
        m1.workforce.label().to_ascii_lowercase(),
        workforce_share.map_or(String::new(), |s| format!(
            "; the whole workforce is {s}% minority ethnic"
        )),
        parts.join("; ")
    );
    Some(ChartSpec { chart, summary })
}

/// One metric across the years: each year's relative likelihood as a point with its 95%
/// interval as a whisker (log axis), the band shaded, and the national figures of the same
/// years as distinct markers. `None` with fewer than two years.
pub fn trend(
    mt: &MetricTrend,
    targets: &[TrendTarget],
    reduced_motion: bool,
    narrow: bool,
) -> Option<ChartSpec> {
    if mt.years.len() < 2 {
        return None;
    }
    let labels: Vec<String> = mt.years.iter().map(|y| y.label.clone()).collect();
    let cell = |label: &str, x: f64| -> Vec<CompositeValue> { vec![label.into(), x.into()] };
    let mut points: Vec<Vec<CompositeValue>> = Vec::new();
    let mut whiskers: Vec<DataPoint> = Vec::new();
    let mut national: Vec<Vec<CompositeValue>> = Vec::new();
    for y in &mt.years {
        if let Some(rl) = y.relative_likelihood {
            points.push(cell(&y.label, clamp_log(rl)));
        }
        if let Some([lo, hi]) = y.ci95 {
            whiskers.push(cell(&y.label, clamp_log(lo)).into());
            whiskers.push(cell(&y.label, clamp_log(hi)).into());
            whiskers.push("-".into());
        }
        if let Some(n) = y
            .year
            .and_then(|year| mt.national.iter().find(|n| n.year == year))
        {
            national.push(cell(&y.label, clamp_log(n.relative_likelihood)));
        }
    }
    let [low, high] = mt.band_ends;
    let band_area = MarkArea::new()
        .silent(true)
        .item_style(ItemStyle::new().color("rgba(0, 112, 60, 0.12)"))
        .label(
            Label::new()
                .show(true)
                .formatter(format!("Band {}", mt.band).as_str()),
        )
        .data(vec![(
            MarkAreaData::new().y_axis(low.to_string()),
            MarkAreaData::new().y_axis(high.to_string()),
        )]);
    // The action plan's targets for this metric, each a dotted line with its words (one line
    // for targets of the same value).
    let mut target_lines: Vec<&TrendTarget> = Vec::new();
    for t in targets {
        if !target_lines.iter().any(|u| u.value == t.value) {
            target_lines.push(t);
        }
    }
    let target_marks = MarkLine::new()
        .silent(true)
        .symbol(vec![Symbol::None, Symbol::None])
        .line_style(
            LineStyle::new()
                .color(COLOUR_POINT)
                .type_(LineStyleType::Dotted),
        )
        .label(
            Label::new()
                .show(true)
                // Below the line at its start: the band's own label sits above its top edge.
                .position(LabelPosition::InsideStartBottom)
                .formatter("{b}"),
        )
        .data(
            target_lines
                .iter()
                .map(|t| {
                    MarkLineVariant::Simple(
                        MarkLineData::new()
                            .name(t.words.as_str())
                            .y_axis(clamp_log(t.value)),
                    )
                })
                .collect(),
        );
    let title = format!("{} over the years", mt.metric);
    let mut chart = base(
        &format!("{title}, {}", format::lowercase(mt.workforce.label())),
        reduced_motion,
    );
    if narrow {
        chart = chart.narrow_title(&title, mt.workforce.label());
    }
    let chart = chart
        .legend(Legend::new().bottom(0))
        .tooltip(Tooltip::new().trigger(Trigger::Item))
        .grid(match narrow {
            true => Grid::new().left(50).right(15).top(60).bottom(90),
            false => Grid::new().left(70).right(30).top(50).bottom(70),
        })
        .x_axis(Axis::new().type_(AxisType::Category).data(labels))
        .y_axis(
            Axis::new()
                .type_(AxisType::Log)
                .log_base(10.0)
                .min(1.0 / FOREST_RANGE)
                .max(FOREST_RANGE)
                .name("Relative likelihood (log scale)")
                .name_location(NameLocation::Middle)
                .name_gap(40),
        )
        .series(
            Line::new()
                .name("95% confidence interval")
                .data(whiskers)
                .symbol(Symbol::None)
                .line_style(LineStyle::new().width(3).color(COLOUR_MINORITY_ETHNIC))
                .mark_area(band_area)
                .mark_line(target_marks),
        )
        .series(markers(
            "This council",
            Symbol::Circle,
            14,
            COLOUR_POINT,
            points,
        ))
        .series(markers(
            "National",
            Symbol::Diamond,
            12,
            COLOUR_WHITE,
            national,
        ));
    let years: Vec<String> = mt
        .years
        .iter()
        .map(|y| match (&y.shown, y.ci95) {
            (Some(s), Some([l, h])) => {
                format!("{} {s} (95% interval {})", y.label, format::interval(l, h))
            }
            (Some(s), None) => format!("{} {s}", y.label),
            (None, _) => format!("{} no figure", y.label),
        })
        .collect();
    let changes: Vec<&str> = mt.changes.iter().map(|c| c.sentence.as_str()).collect();
    let mut summary = format!(
        "Chart of {} {} across {} years, with 95% confidence intervals and the band {}: {}. {}",
        mt.metric,
        mt.title,
        mt.years.len(),
        mt.band,
        years.join("; "),
        changes.join(" ")
    );
    if !target_lines.is_empty() {
        let words: Vec<&str> = target_lines.iter().map(|t| t.words.as_str()).collect();
        summary.push_str(&format!(
            " The action plan's {} drawn as a dotted line: {}.",
            if words.len() == 1 {
                "target is"
            } else {
                "targets are each"
            },
            words.join("; ")
        ));
    }
    Some(ChartSpec { chart, summary })
}

/// A target of the action plan on a metric's trend chart: its value (the SC-WRES ratio, as
/// the chart's figures) and its words ("Target: at least 0.80").
#[derive(Debug, Clone, PartialEq)]
pub struct TrendTarget {
    pub value: f64,
    pub words: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::{compute, Scope, Settings};
    use crate::submission::parse;

    fn example() -> crate::results::Results {
        let parsed = parse(include_bytes!("../data/example-submission.csv"));
        compute(parsed.submission.as_ref().unwrap(), &Settings::default())
    }

    #[test]
    fn on_a_narrow_screen_the_charts_label_rows_by_metric_and_title_in_two_lines() {
        let r = example();
        let wide = forest_plot(
            r.scope(Scope::Adults).unwrap(),
            ParityRange::NHS,
            false,
            false,
        );
        let narrow = forest_plot(
            r.scope(Scope::Adults).unwrap(),
            ParityRange::NHS,
            false,
            true,
        );
        let (w, n) = (wide.option(), narrow.option());
        assert_eq!(w["yAxis"]["data"][0], "M2 Appointed from shortlisting");
        assert_eq!(n["yAxis"]["data"][0], "M2");
        assert_eq!(n["title"][0]["text"], "Relative likelihoods");
        assert_eq!(n["title"][0]["subtext"], "Adult social care");
        assert!(n["grid"][0]["left"].as_f64().unwrap() < w["grid"][0]["left"].as_f64().unwrap());
        // The same figures and the same words for a screen reader, however it is laid out.
        let figures = |o: &serde_json::Value| -> Vec<Option<f64>> {
            o["series"][1]["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d[0].as_f64())
                .collect()
        };
        assert_eq!(figures(&n), figures(&w));
        assert_eq!(narrow.summary, wide.summary);
        let m1 = r
            .scope(Scope::Adults)
            .unwrap()
            .metric(MetricId::M1)
            .unwrap();
        let bands = pay_bands(m1, false, true).unwrap().option();
        assert_eq!(bands["xAxis"]["axisLabel"]["rotate"], 35.0);
        assert_eq!(bands["title"][0]["text"], "Staff in each pay band");
    }

    #[test]
    fn forest_plot_has_a_point_per_calculable_metric_and_the_band() {
        let r = example();
        let spec = forest_plot(
            r.scope(Scope::Adults).unwrap(),
            ParityRange::NHS,
            false,
            false,
        );
        let json = spec.option();
        assert_eq!(json["xAxis"]["type"], "log");
        assert_eq!(json["aria"]["enabled"], true);
        assert_eq!(json["aria"]["decal"]["show"], true);
        // ECharts would replace the chart's label (the summary) with its own description.
        assert_eq!(json["aria"]["label"]["enabled"], false);
        // The tooltip stays while the pointer moves onto it (WCAG 1.4.13).
        assert_eq!(json["tooltip"]["trigger"], "item");
        assert_eq!(json["tooltip"]["enterable"], true);
        assert_eq!(json["tooltip"]["className"], TOOLTIP_CLASS);
        assert!(
            json["aria"]["decal"].get("decals").is_none(),
            "an empty decals list breaks ECharts"
        );
        let series = json["series"].as_array().unwrap();
        assert_eq!(series.len(), 6);
        // Every metric's point, in one of three series by the strength of its evidence:
        // filled (clear), hollow (too few to be sure), square (within the band).
        let names: Vec<&str> = series[1..4]
            .iter()
            .map(|s| s["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "Outside the band: clear",
                "Outside the band: too few to be sure",
                "Within the band"
            ]
        );
        assert_eq!(series[2]["symbol"], "emptyCircle");
        let points: usize = series[1..4]
            .iter()
            .map(|s| s["data"].as_array().unwrap().len())
            .sum();
        assert_eq!(points, 9);
        let m2 = &series[1]["data"][0];
        assert_eq!(m2[1], "M2 Appointed from shortlisting");
        assert!((m2[0].as_f64().unwrap() - (52.0 / 380.0) / (98.0 / 410.0)).abs() < 1e-12);
        assert_eq!(series[0]["markArea"]["data"][0][0]["xAxis"], "0.8");
        assert_eq!(series[0]["markArea"]["data"][0][1]["xAxis"], "1.25");
        assert!(spec
            .summary
            .contains("M2 0.57 (adverse to minority ethnic staff: clear)"));
    }

    #[test]
    fn an_rl_of_zero_is_drawn_at_the_edge_and_said_so() {
        let r = example();
        let spec = forest_plot(
            r.scope(Scope::Children).unwrap(),
            ParityRange::NHS,
            true,
            false,
        );
        assert!(
            spec.summary.contains("drawn at the axis edge: M9 (0.00)"),
            "{}",
            spec.summary
        );
        let json = spec.option();
        assert_eq!(json["animation"], false);
    }

    #[test]
    fn pay_band_bars_add_up_to_100_per_band() {
        let r = example();
        let m1 = r
            .scope(Scope::Adults)
            .unwrap()
            .metric(MetricId::M1)
            .unwrap();
        let spec = pay_bands(m1, false, false).unwrap();
        let json = spec.option();
        let s = json["series"].as_array().unwrap();
        for band in 0..3 {
            let total: f64 = s.iter().map(|x| x["data"][band].as_f64().unwrap()).sum();
            assert!((total - 100.0).abs() < 0.11, "band {band}: {total}");
        }
        // Under £30,000: 190 of 750 staff are minority ethnic = 25.3%.
        assert_eq!(s[0]["data"][0].as_f64().unwrap(), 25.3);
    }
}
