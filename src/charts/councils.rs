//! Charts of several councils compared: a funnel plot for a metric, and M1's pay bands of
//! every council against each council's own workforce. Pure, as the rest of `charts`.

use charming::component::{Axis, Grid, Legend};
use charming::datatype::{CompositeValue, DataPoint, DataPointItem};
use charming::element::{
    AreaStyle, AxisType, ItemStyle, Label, LabelPosition, LineStyle, LineStyleType, MarkLine,
    MarkLineData, MarkLineVariant, NameLocation, Symbol, Tooltip, Trigger,
};
use charming::series::{Line, Scatter};

use super::{
    base, ChartSpec, COLOUR_MINORITY_ETHNIC, COLOUR_NOT_KNOWN, COLOUR_POINT, COLOUR_WHITE,
};
use crate::councils::funnel::{self, FunnelClass, FunnelPoint, FunnelView};
use crate::councils::{Comparison, M1Council, MetricSet};
use crate::format;
use crate::results::Scope;
use crate::stats::{Z95, Z998};

/// The funnel's vertical axis never runs beyond 1/FUNNEL_RANGE to FUNNEL_RANGE; a council
/// beyond is drawn at the edge and said so.
pub const FUNNEL_RANGE: f64 = 100.0;

/// How many points each control limit is drawn through.
const LIMIT_POINTS: usize = 60;

/// Shading of the band between the limits: the 99.8% band lighter than the 95% band.
const SHADE_998: &str = "#e8f0f7";
const SHADE_95: &str = "#cfe0ef";

fn names_of(cmp: &Comparison, points: &[&funnel::FunnelPoint], names: bool) -> String {
    if points.is_empty() {
        return "none".to_owned();
    }
    points
        .iter()
        .map(|p| {
            format!(
                "{} ({})",
                cmp.display_name(p.council, names),
                format::ratio(p.drawn_at)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The words that go with a funnel plot: the target, the adjustment, who is outside each
/// limit (by label), and who is not drawn and why. One sentence a line.
pub fn funnel_words(
    cmp: &Comparison,
    set: &MetricSet,
    view: &FunnelView,
    names: bool,
) -> Vec<String> {
    let mut out = Vec::new();
    let target = match (view.target, view.target_value) {
        (_, None) => {
            out.push(
                "There is no pooled figure to centre the funnel on: no council has a white event to compare with."
                    .to_owned(),
            );
            return out;
        }
        (crate::councils::Target::Pooled, Some(t)) => {
            format!("the councils' pooled figure, {}", format::ratio(t))
        }
        (crate::councils::Target::One, Some(_)) => "1 (equally likely)".to_owned(),
        (crate::councils::Target::National, Some(t)) => format!(
            "the national figure for {}, {}",
            view.national_year.unwrap_or_default(),
            format::ratio(t)
        ),
    };
    let mut first = format!(
        "{} councils are drawn against {target}, with 95% and 99.8% control limits ({}).",
        view.points.len(),
        view.adjustment.label()
    );
    if view.asked == crate::councils::Target::National && view.target != view.asked {
        first.push_str(&format!(
            " No national figure is published for {}, so the pooled figure is the target.",
            set.metric
        ));
    }
    out.push(first);
    let group = |classes: &[FunnelClass]| -> Vec<&funnel::FunnelPoint> {
        view.points
            .iter()
            .filter(|p| classes.contains(&p.class))
            .collect()
    };
    out.push(format!(
        "Above the 99.8% limit: {}.",
        names_of(cmp, &group(&[FunnelClass::Above998]), names)
    ));
    out.push(format!(
        "Above the 95% limit (within 99.8%): {}.",
        names_of(cmp, &group(&[FunnelClass::Above95]), names)
    ));
    out.push(format!(
        "Below the 95% limit (within 99.8%): {}.",
        names_of(cmp, &group(&[FunnelClass::Below95]), names)
    ));
    out.push(format!(
        "Below the 99.8% limit: {}.",
        names_of(cmp, &group(&[FunnelClass::Below998]), names)
    ));
    if view.offer_adjustment() && view.adjustment == funnel::Adjustment::None {
        out.push(format!(
            "{} of {} councils are outside the 99.8% limits, more than chance would give (about {:.2} expected): the councils differ by more than their numbers explain. An adjustment for over-dispersion widens the limits.",
            view.outside_998_unadjusted,
            view.points.len(),
            view.points.len() as f64 * funnel::OUTSIDE_998_RATE
        ));
    }
    match view.adjustment {
        funnel::Adjustment::Multiplicative => out.push(format!(
            "The limits are widened by √φ, φ = {:.2} (the councils' spread against the target, after the most extreme 10% at each end are pulled in).",
            view.phi.unwrap_or(1.0).max(1.0)
        )),
        funnel::Adjustment::Additive => out.push(format!(
            "Each council's variance has τ² = {:.4} added (a random effect between councils).",
            view.tau2.unwrap_or(0.0)
        )),
        funnel::Adjustment::None => {}
    }
    if !view.not_drawn.is_empty() {
        let listed: Vec<String> = view
            .not_drawn
            .iter()
            .map(|&i| {
                let f = &set.figures[i];
                format!(
                    "{} ({})",
                    cmp.display_name(f.council, names),
                    f.reason.as_deref().unwrap_or("no figure")
                )
            })
            .collect();
        out.push(format!(
            "Not drawn, because their figure cannot be calculated: {}.",
            listed.join("; ")
        ));
    }
    let corrected: Vec<String> = view
        .points
        .iter()
        .filter(|p| {
            set.figures[p.figure]
                .relative_likelihood
                .is_some_and(|rl| format::ratio(rl) != format::ratio(p.drawn_at))
        })
        .map(|p| cmp.display_name(p.council, names).to_owned())
        .collect();
    if !corrected.is_empty() {
        out.push(format!(
            "Drawn with 0.5 added to each count, because a count is zero: {}.",
            corrected.join(", ")
        ));
    }
    out
}

/// The funnel plot of `set` as `view` draws it: each council's relative likelihood (log
/// scale) against its precision, the target line, the 95% and 99.8% limits with the band
/// between them shaded, councils outside the 95% limits labelled. `None` when nothing can
/// be drawn.
pub fn funnel_plot(
    cmp: &Comparison,
    set: &MetricSet,
    view: &FunnelView,
    names: bool,
    reduced_motion: bool,
    narrow: bool,
) -> Option<ChartSpec> {
    let target = view.target_value.filter(|t| *t > 0.0)?;
    if view.points.is_empty() {
        return None;
    }
    let clamp = |x: f64| x.clamp(1.0 / FUNNEL_RANGE, FUNNEL_RANGE);
    let max_precision = view.points.iter().map(|p| p.precision).fold(0.0, f64::max);
    let min_precision = view
        .points
        .iter()
        .map(|p| p.precision)
        .fold(f64::INFINITY, f64::min);
    let x_max = (max_precision * 1.05).ceil();
    // The axis starts at a whole number below the least precise council; the limits are drawn
    // from there (or from near 0, where they run off the chart).
    let axis_min = (min_precision * 0.8).floor();
    let x_min = axis_min.max(x_max / 200.0);
    // The vertical axis covers every council and the target, with a margin, within range.
    let (mut lo, mut hi) = (target, target);
    for p in &view.points {
        lo = lo.min(clamp(p.drawn_at));
        hi = hi.max(clamp(p.drawn_at));
    }
    // At steps of 1, 2 and 5 (0.2, 0.5, 1, 2, 5 …), so that the axis's end labels are short.
    let (y_min, y_max) = (clamp(nice(lo / 1.5, false)), clamp(nice(hi * 1.5, true)));
    let xs: Vec<f64> = (0..LIMIT_POINTS)
        .map(|i| x_min + (x_max - x_min) * i as f64 / (LIMIT_POINTS - 1) as f64)
        .collect();
    let curve = |z: f64, upper: bool| -> Vec<DataPoint> {
        xs.iter()
            .filter_map(|x| {
                let (l, h) = view.limits(1.0 / x, z)?;
                let y = if upper { h } else { l };
                let v: Vec<CompositeValue> = vec![round(*x).into(), round(clamp(y)).into()];
                Some(v.into())
            })
            .collect()
    };
    let limit = |name: &str, z: f64, upper: bool, fill: &str, dashed: bool| {
        Line::new()
            .name(name)
            .show_symbol(false)
            .silent(true)
            // Under the councils' points (a line series is otherwise drawn over a scatter).
            .z(1)
            .line_style(
                LineStyle::new()
                    .color(COLOUR_NOT_KNOWN)
                    .width(if dashed { 1.5 } else { 2.0 })
                    .type_(if dashed {
                        LineStyleType::Dashed
                    } else {
                        LineStyleType::Solid
                    }),
            )
            .item_style(ItemStyle::new().color(COLOUR_NOT_KNOWN))
            .area_style(AreaStyle::new().color(fill).opacity(1.0))
            .data(curve(z, upper))
    };
    let target_label = format!("Target {}", format::ratio(target));
    let target_line = MarkLine::new()
        .silent(true)
        .symbol(vec![Symbol::None, Symbol::None])
        .line_style(LineStyle::new().color(COLOUR_POINT).width(2))
        .label(
            Label::new()
                .show(true)
                .position(LabelPosition::InsideEndTop)
                .formatter(target_label.as_str()),
        )
        .data(vec![MarkLineVariant::Simple(
            MarkLineData::new().y_axis(round(target)),
        )]);
    let points = |classes: &[FunnelClass]| -> Vec<DataPointItem> {
        view.points
            .iter()
            .filter(|p| classes.contains(&p.class))
            .map(|p| {
                let v: Vec<CompositeValue> =
                    vec![round(p.precision).into(), round(clamp(p.drawn_at)).into()];
                DataPointItem::new(v).name(cmp.display_name(p.council, names))
            })
            .collect()
    };
    let council_series =
        |name: &str, symbol: Symbol, size: f64, colour: &str, labelled: bool, data| {
            let mut s = Scatter::new()
                .name(name)
                .symbol(symbol)
                .symbol_size(size)
                .item_style(
                    ItemStyle::new()
                        .color(colour)
                        .border_color("#ffffff")
                        .border_width(1),
                )
                .data(data);
            if labelled {
                s = s.label(
                    Label::new()
                        .show(true)
                        .position(LabelPosition::Right)
                        .formatter("{b}")
                        .color(COLOUR_POINT),
                );
            }
            s
        };
    let within = points(&[FunnelClass::Within]);
    let between = points(&[FunnelClass::Above95, FunnelClass::Below95]);
    let outside = points(&[FunnelClass::Above998, FunnelClass::Below998]);
    let few = view.points.len() <= 40;
    // Councils outside the 99.8% limits are named on the chart while there are few enough to
    // read; beyond that the words below the chart name them.
    // (Not on a narrow screen, where a label would run off the chart.)
    let label_outside = outside.len() <= 12 && !narrow;
    let label_between = few && !narrow;
    // … and only while no two names would be drawn over each other (the words below the chart
    // name them all the same).
    let labels_clear = {
        let at = |p: &&FunnelPoint| {
            let x = (p.precision - axis_min) / (x_max - axis_min);
            let y = (clamp(p.drawn_at) / y_min).ln() / (y_max / y_min).ln();
            (x, y, cmp.display_name(p.council, names).chars().count())
        };
        // The target line's label, at its right-hand end just above the line.
        let target_words = target_label.chars().count();
        let target_at = (
            1.0 - target_words as f64 * LABEL_LETTER,
            (target / y_min).ln() / (y_max / y_min).ln() + LABEL_HEIGHT / 2.0,
            target_words,
        );
        let labelled: Vec<(f64, f64, usize)> = view
            .points
            .iter()
            .filter(|p| match p.class {
                FunnelClass::Above998 | FunnelClass::Below998 => label_outside,
                FunnelClass::Above95 | FunnelClass::Below95 => label_between,
                _ => false,
            })
            .map(|p| at(&p))
            .chain(std::iter::once(target_at))
            .collect();
        names_clear(&labelled)
    };
    let (label_outside, label_between) =
        (label_outside && labels_clear, label_between && labels_clear);
    let title = format!(
        "{} {}, {}",
        set.metric,
        set.metric.def().short,
        workforce_words(set.workforce)
    );
    let mut chart = base(&title, reduced_motion);
    if narrow {
        chart = chart.narrow_title(
            &format!("{} {}", set.metric, set.metric.def().short),
            set.workforce.label(),
        );
    }
    let chart = chart
        .legend(Legend::new().bottom(0))
        .tooltip(Tooltip::new().trigger(Trigger::Item))
        .grid(match narrow {
            // Narrow, the legend takes four lines: the axis's labels and name go above them.
            true => Grid::new().left(44).right(12).top(60).bottom(165),
            false => Grid::new().left(70).right(60).top(50).bottom(90),
        })
        .x_axis(
            Axis::new()
                .type_(AxisType::Value)
                .min(axis_min)
                .max(x_max)
                .name(if narrow {
                    "Precision"
                } else {
                    "Precision (1 / standard error of the log ratio)"
                })
                .name_location(NameLocation::Middle)
                .name_gap(28),
        )
        .y_axis(
            Axis::new()
                .type_(AxisType::Log)
                .log_base(10.0)
                .min(round(y_min))
                .max(round(y_max))
                .name(if narrow {
                    "Relative likelihood"
                } else {
                    "Relative likelihood (log scale)"
                })
                .name_location(NameLocation::Middle)
                .name_gap(if narrow { 34 } else { 50 }),
        )
        // Drawn in this order, each filled down to the axis: the 99.8% band, the 95% band
        // over it, then the area below each lower limit painted out again.
        .series(limit("99.8% limits", Z998, true, SHADE_998, false).mark_line(target_line))
        .series(limit("95% limits", Z95, true, SHADE_95, true))
        .series(limit("95% limits", Z95, false, SHADE_998, true))
        .series(limit("99.8% limits", Z998, false, "#ffffff", false))
        .series(council_series(
            "Within the 95% limits",
            Symbol::Circle,
            if few { 10.0 } else { 7.0 },
            COLOUR_MINORITY_ETHNIC,
            false,
            within,
        ))
        .series(council_series(
            "Between the 95% and 99.8% limits",
            Symbol::Triangle,
            if few { 13.0 } else { 10.0 },
            COLOUR_WHITE,
            label_between,
            between,
        ))
        .series(council_series(
            "Outside the 99.8% limits",
            Symbol::Diamond,
            if few { 15.0 } else { 12.0 },
            COLOUR_POINT,
            label_outside,
            outside,
        ));
    // The bands are told apart by their solid and dashed edges and the councils by their
    // symbols' shapes: ECharts' decal patterns would hatch the shaded bands.
    let mut chart = chart;
    chart.aria.decal.show = false;
    let edge: Vec<String> = view
        .points
        .iter()
        .filter(|p| clamp(p.drawn_at) != p.drawn_at)
        .map(|p| cmp.display_name(p.council, names).to_owned())
        .collect();
    let mut summary = format!(
        "Funnel plot of {} ({}), {}: each council's relative likelihood against its precision. ",
        set.metric,
        set.metric.def().short.to_ascii_lowercase(),
        workforce_words(set.workforce)
    );
    summary.push_str(&funnel_words(cmp, set, view, names).join(" "));
    if !edge.is_empty() {
        summary.push_str(&format!(" Drawn at the axis edge: {}.", edge.join(", ")));
    }
    Some(ChartSpec { chart, summary })
}

fn workforce_words(w: Scope) -> String {
    w.label().to_ascii_lowercase()
}

/// Four significant figures: enough for a drawing, and short JSON.
/// The plot's share of a label's width for each letter, and its height, on a wide chart
/// (about 700 by 320 pixels, 12 px type).
const LABEL_LETTER: f64 = 7.0 / 700.0;
const LABEL_HEIGHT: f64 = 16.0 / 320.0;

/// Whether no two of these names, each drawn to the right of its point (`x`, `y` as shares of
/// the plot, and the name's length in letters), would run into each other.
fn names_clear(labelled: &[(f64, f64, usize)]) -> bool {
    labelled.iter().enumerate().all(|(i, a)| {
        labelled[i + 1..].iter().all(|b| {
            let (left, right) = if a.0 <= b.0 { (a, b) } else { (b, a) };
            (a.1 - b.1).abs() >= LABEL_HEIGHT
                || right.0 - left.0 >= left.2 as f64 * LABEL_LETTER + 0.02
        })
    })
}

/// `x` moved to the next of 1, 2 and 5 times a power of ten: up (`up`) or down.
fn nice(x: f64, up: bool) -> f64 {
    let power = 10f64.powf(x.log10().floor());
    let steps = [1.0, 2.0, 5.0, 10.0];
    if up {
        steps
            .iter()
            .map(|s| s * power)
            .find(|v| *v >= x * (1.0 - 1e-12))
            .unwrap_or(10.0 * power)
    } else {
        steps
            .iter()
            .rev()
            .map(|s| s * power)
            .find(|v| *v <= x * (1.0 + 1e-12))
            .unwrap_or(power)
    }
}

fn round(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let digits = 4 - x.abs().log10().ceil() as i32;
    let scale = 10f64.powi(digits);
    (x * scale).round() / scale
}

/// The most pay-band names given a series of their own in [`m1_councils`]; the rest share
/// one ("Other pay bands").
pub const M1_NAMED_BANDS: usize = 6;

/// M1 across councils: each pay band of each council as a point, its minority ethnic share
/// (of staff with a known ethnicity) against the council's whole workforce's; the diagonal is
/// "the same share as the workforce". One series for each of the commonest band names.
/// `published`: as each council's results are published, a band whose share a count under 10
/// went into left out (and said so).
pub fn m1_councils(
    cmp: &Comparison,
    workforce: Scope,
    names: bool,
    published: bool,
    reduced_motion: bool,
    narrow: bool,
) -> Option<ChartSpec> {
    let rows: Vec<&M1Council> = cmp
        .m1_rows(published)
        .iter()
        .filter(|m| m.workforce == workforce && m.workforce_share.is_some())
        .collect();
    if rows.is_empty() {
        return None;
    }
    // Band names by how many councils use them (then first seen), the commonest named.
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut at: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for m in &rows {
        for b in &m.bands {
            match at.get(b.name.as_str()) {
                Some(&i) => counts[i].1 += 1,
                None => {
                    at.insert(&b.name, counts.len());
                    counts.push((b.name.clone(), 1));
                }
            }
        }
    }
    // The commonest names, most used first (ties in the order first seen): picked one at a
    // time, M1_NAMED_BANDS times over the names.
    let mut named: Vec<String> = Vec::new();
    let mut taken = vec![false; counts.len()];
    for _ in 0..M1_NAMED_BANDS {
        let mut best: Option<usize> = None;
        for (i, (_, n)) in counts.iter().enumerate() {
            if !taken[i] && best.is_none_or(|b| *n > counts[b].1) {
                best = Some(i);
            }
        }
        let Some(b) = best else { break };
        taken[b] = true;
        named.push(counts[b].0.clone());
    }
    let pct = |x: f64| (x * 1000.0).round() / 10.0;
    let mut series: Vec<(String, Vec<DataPointItem>)> =
        named.iter().map(|n| (n.clone(), Vec::new())).collect();
    series.push(("Other pay bands".to_owned(), Vec::new()));
    let (mut above, mut below, mut top, mut hidden) = (0, 0, 0.0f64, 0);
    for m in &rows {
        let w = m.workforce_share.unwrap_or(0.0);
        for b in &m.bands {
            let Some(s) = b.minority_ethnic_share_of_known else {
                hidden += usize::from(published && b.minority_ethnic + b.white > 0);
                continue;
            };
            if s > w {
                above += 1;
            } else if s < w {
                below += 1;
            }
            top = top.max(s).max(w);
            let at = named
                .iter()
                .position(|n| *n == b.name)
                .unwrap_or(named.len());
            let v: Vec<CompositeValue> = vec![pct(w).into(), pct(s).into()];
            series[at].1.push(DataPointItem::new(v).name(format!(
                "{}: {}",
                cmp.display_name(m.council, names),
                b.name
            )));
        }
    }
    let top = (pct(top) / 10.0).ceil() * 10.0;
    let top = top.clamp(10.0, 100.0);
    let title = format!(
        "M1 pay bands across councils, {}",
        workforce_words(workforce)
    );
    let mut chart = base(&title, reduced_motion);
    if narrow {
        chart = chart.narrow_title("M1 pay bands across councils", workforce.label());
    }
    let symbols = [
        Symbol::Circle,
        Symbol::Triangle,
        Symbol::Diamond,
        Symbol::Rect,
        Symbol::RoundRect,
        Symbol::Pin,
        Symbol::Arrow,
    ];
    let colours = [
        COLOUR_MINORITY_ETHNIC,
        COLOUR_WHITE,
        COLOUR_POINT,
        COLOUR_NOT_KNOWN,
        "#00703c",
        "#b58840",
        "#6f72af",
    ];
    let diagonal: Vec<DataPoint> = [0.0, top]
        .iter()
        .map(|x| {
            let v: Vec<CompositeValue> = vec![(*x).into(), (*x).into()];
            v.into()
        })
        .collect();
    let mut chart = chart
        .legend(Legend::new().bottom(0))
        .tooltip(Tooltip::new().trigger(Trigger::Item))
        .grid(match narrow {
            true => Grid::new().left(50).right(20).top(60).bottom(150),
            false => Grid::new().left(70).right(40).top(50).bottom(90),
        })
        .x_axis(
            Axis::new()
                .type_(AxisType::Value)
                .min(0)
                .max(top)
                .name("Whole workforce: % minority ethnic")
                .name_location(NameLocation::Middle)
                .name_gap(28),
        )
        .y_axis(
            Axis::new()
                .type_(AxisType::Value)
                .min(0)
                .max(top)
                .name("Pay band: % minority ethnic")
                .name_location(NameLocation::Middle)
                .name_gap(40),
        )
        .series(
            Line::new()
                .name("Same share as the workforce")
                .show_symbol(false)
                .silent(true)
                .z(1)
                .line_style(
                    LineStyle::new()
                        .color(COLOUR_NOT_KNOWN)
                        .type_(LineStyleType::Dashed),
                )
                .item_style(ItemStyle::new().color(COLOUR_NOT_KNOWN))
                .data(diagonal),
        );
    for (i, (name, data)) in series.into_iter().enumerate() {
        if data.is_empty() {
            continue;
        }
        chart = chart.series(
            Scatter::new()
                .name(name)
                .symbol(symbols[i % symbols.len()].clone())
                .symbol_size(9)
                .item_style(ItemStyle::new().color(colours[i % colours.len()]))
                .data(data),
        );
    }
    // The series differ by their symbols' shapes; no decal patterns over them.
    chart.aria.decal.show = false;
    let mut summary = format!(
        "Scatter chart of M1 for {}: each pay band of {} councils as a point, its minority ethnic share (of staff with a known ethnicity) against the council's whole workforce's. {} bands have a higher share than their council's workforce and {} a lower one.",
        workforce_words(workforce),
        rows.len(),
        above,
        below
    );
    if hidden > 0 {
        summary.push_str(&format!(
            " {hidden} {} not shown: a count under 10 went into {}.",
            if hidden == 1 { "band is" } else { "bands are" },
            if hidden == 1 {
                "its share"
            } else {
                "their shares"
            },
        ));
    }
    Some(ChartSpec { chart, summary })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_funnels_vertical_axis_ends_at_one_two_or_five_times_a_power_of_ten() {
        assert_eq!(nice(0.3957, false), 0.2);
        assert_eq!(nice(0.3957, true), 0.5);
        assert_eq!(nice(2.399, true), 5.0);
        assert_eq!(nice(7.1, true), 10.0);
        assert_eq!(nice(1.0, true), 1.0);
        assert_eq!(nice(1.0, false), 1.0);
        assert_eq!(nice(0.05, false), 0.05);
        assert_eq!(nice(0.0123, false), 0.01);
    }

    #[test]
    fn councils_are_named_on_the_funnel_only_where_no_two_names_run_into_each_other() {
        // Far apart, or one above the other: clear.
        assert!(names_clear(&[(0.1, 0.5, 9), (0.6, 0.5, 9)]));
        assert!(names_clear(&[(0.1, 0.2, 9), (0.12, 0.5, 9)]));
        assert!(names_clear(&[]));
        // Side by side at the same height: the left one's name runs into the right one.
        assert!(!names_clear(&[(0.40, 0.5, 9), (0.45, 0.51, 9)]));
        assert!(!names_clear(&[
            (0.45, 0.51, 9),
            (0.1, 0.9, 9),
            (0.40, 0.5, 9)
        ]));
        // A longer name reaches further.
        assert!(names_clear(&[(0.1, 0.5, 9), (0.25, 0.5, 9)]));
        assert!(!names_clear(&[(0.1, 0.5, 20), (0.25, 0.5, 9)]));
    }

    #[test]
    fn rounding_keeps_four_significant_figures() {
        assert_eq!(round(1.234_567), 1.235);
        assert_eq!(round(0.012_345_6), 0.012_35);
        assert_eq!(round(1234.567), 1235.0);
    }
}
