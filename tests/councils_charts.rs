//! The charts of several councils compared, checked as the ECharts option JSON they are:
//! the funnel's limits where Spiegelhalter's formula puts them, every council drawn or
//! listed, labels anonymous unless names are asked for; M1's points one per pay band.

use scwres::charts::councils::{funnel_plot, funnel_words, m1_councils};
use scwres::councils::{funnel, Adjustment, Comparison, Target};
use scwres::metrics::MetricId;
use scwres::results::Scope;
use serde_json::Value;

/// A small deterministic generator (xorshift), so the files differ from council to council.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// `k` councils' files, both workforces, named after made-up places.
fn files(k: usize) -> Vec<(String, Vec<u8>)> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    (0..k)
        .map(|i| {
            let mut text =
                String::from("workforce,measure,pay_band,white,minority_ethnic,not_known\n");
            for w in ["adults", "children"] {
                let scale = 1 + rng.below(8);
                let mut row = |m: &str, band: &str, white: u64, me: u64| {
                    text.push_str(&format!("{w},{m},{band},{white},{me},{}\n", rng.below(5)));
                };
                row(
                    "staff",
                    "\"Under £30,000\"",
                    100 * scale,
                    30 * scale + (i as u64 % 40),
                );
                row("staff", "\"£30,000 to £69,999\"", 80 * scale, 20 * scale);
                row("staff", "\"£70,000 and over\"", 10 * scale, 2 + scale / 3);
                row("shortlisted", "", 60 * scale, 50 * scale);
                row("appointed", "", 15 * scale, 8 * scale + (i as u64 % 7));
                row("disciplinary", "", 3 * scale, 2 * scale + (i as u64 % 3));
                row("leavers", "", 20 * scale, 9 * scale);
            }
            (format!("Place {i}.csv"), text.into_bytes())
        })
        .collect()
}

fn compare(k: usize) -> Comparison {
    let f = files(k);
    Comparison::from_files(f.iter().map(|(n, b)| (n.as_str(), b.as_slice())))
}

fn series<'a>(option: &'a Value, name: &str) -> Vec<&'a Value> {
    option["series"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["name"] == name)
        .collect()
}

#[test]
fn the_funnel_limits_follow_the_formula_and_every_council_is_drawn() {
    let cmp = compare(20);
    assert_eq!(cmp.councils.len(), 20);
    let set = cmp.set(Scope::Adults, MetricId::M2).unwrap();
    let view = funnel::view(set, Target::Pooled, Adjustment::None);
    let spec = funnel_plot(&cmp, set, &view, false, true, false).unwrap();
    let option = spec.option();
    let target = set.pooled.relative_likelihood.unwrap();
    // The limits: target·exp(±z/x) at each precision x drawn (to the four figures drawn).
    for (name, z, upper_first) in [
        ("95% limits", 1.959964, true),
        ("99.8% limits", 3.090232, true),
    ] {
        let lines = series(&option, name);
        assert_eq!(lines.len(), 2, "{name}: upper and lower");
        for (line, upper) in lines.iter().zip([upper_first, !upper_first]) {
            let data = line["data"].as_array().unwrap();
            assert!(data.len() > 10);
            for point in data {
                let (x, y) = (point[0].as_f64().unwrap(), point[1].as_f64().unwrap());
                let want = target * if upper { (z / x).exp() } else { (-z / x).exp() };
                let want = want.clamp(0.01, 100.0);
                assert!(
                    (y - want).abs() <= 1e-3 * want,
                    "{name} at {x}: {y} against {want}"
                );
            }
        }
    }
    // The target line.
    let target_line = &option["series"][0]["markLine"]["data"][0]["yAxis"];
    assert!((target_line.as_f64().unwrap() - target).abs() < 1e-3 * target);
    // Every council is drawn once, or listed.
    let drawn: usize = option["series"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["type"] == "scatter")
        .map(|s| s["data"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(drawn + view.not_drawn.len(), set.figures.len());
    assert_eq!(drawn, view.points.len());
    // The y axis is logarithmic; the x axis runs to past the most precise council.
    assert_eq!(option["yAxis"]["type"], "log");
    let max_precision = view.points.iter().map(|p| p.precision).fold(0.0, f64::max);
    assert!(option["xAxis"]["max"].as_f64().unwrap() >= max_precision);
    assert!(spec.summary.starts_with("Funnel plot of M2"));
    // The councils are drawn over the shaded bands, and the bands are not hatched.
    for series in option["series"].as_array().unwrap() {
        match series["type"].as_str().unwrap() {
            "line" => assert_eq!(series["z"], 1, "{}", series["name"]),
            _ => assert!(series["z"].as_i64().is_none_or(|z| z > 1)),
        }
    }
    assert_eq!(option["aria"]["decal"]["show"], false);
}

#[test]
fn labels_are_anonymous_unless_names_are_asked_for() {
    let cmp = compare(20);
    let set = cmp.set(Scope::Adults, MetricId::M3).unwrap();
    let view = funnel::view(set, Target::One, Adjustment::None);
    let anonymous = funnel_plot(&cmp, set, &view, false, true, false).unwrap();
    let json = anonymous.option_json();
    assert!(!json.contains("Place "), "no council's name in the chart");
    assert!(!anonymous.summary.contains("Place "));
    assert!(json.contains("Council A"));
    let named = funnel_plot(&cmp, set, &view, true, true, false).unwrap();
    assert!(named.option_json().contains("Place 0"));
    assert!(!named.option_json().contains("Council A"));
    let m1 = m1_councils(&cmp, Scope::Adults, false, false, true, false).unwrap();
    assert!(!m1.option_json().contains("Place "));
}

#[test]
fn the_words_name_each_council_outside_the_limits() {
    let cmp = compare(40);
    for metric in [MetricId::M2, MetricId::M3, MetricId::M8] {
        let set = cmp.set(Scope::Children, metric).unwrap();
        for target in [Target::Pooled, Target::One, Target::National] {
            let view = funnel::view(set, target, Adjustment::None);
            let words = funnel_words(&cmp, set, &view, false).join(" ");
            for p in view
                .points
                .iter()
                .filter(|p| p.class != scwres::councils::FunnelClass::Within)
            {
                let label = &cmp.councils[p.council].label;
                assert!(
                    words.contains(&format!("{label} (")),
                    "{metric}: {label} named in: {words}"
                );
            }
        }
    }
}

#[test]
fn the_adjustment_widens_the_limits() {
    let cmp = compare(40);
    let set = cmp.set(Scope::Adults, MetricId::M2).unwrap();
    let none = funnel::view(set, Target::One, Adjustment::None);
    let additive = funnel::view(set, Target::One, Adjustment::Additive);
    let se = 0.2;
    let (l0, h0) = none.limits(se, 1.959964).unwrap();
    let (l1, h1) = additive.limits(se, 1.959964).unwrap();
    assert!(additive.tau2.unwrap() >= 0.0);
    assert!(l1 <= l0 && h1 >= h0);
    let outside =
        |v: &funnel::FunnelView| v.points.iter().filter(|p| p.class.outside_998()).count();
    assert!(outside(&additive) <= outside(&none));
}

#[test]
fn m1_has_one_point_per_pay_band() {
    let cmp = compare(20);
    let spec = m1_councils(&cmp, Scope::Children, false, false, true, false).unwrap();
    let option = spec.option();
    let points: usize = option["series"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["type"] == "scatter")
        .map(|s| s["data"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(points, 20 * 3);
    // A point is the band's share against the workforce's, in per cent.
    let m = cmp
        .m1
        .iter()
        .find(|m| m.workforce == Scope::Children)
        .unwrap();
    let first = &option["series"][1]["data"][0]["value"];
    assert!((first[0].as_f64().unwrap() - m.workforce_share.unwrap() * 100.0).abs() < 0.051);
    assert!(
        (first[1].as_f64().unwrap() - m.bands[0].minority_ethnic_share_of_known.unwrap() * 100.0)
            .abs()
            < 0.051
    );
}

#[test]
fn m1_as_published_leaves_out_a_band_a_count_under_10_went_into_and_says_so() {
    let file = |me: u64| {
        format!(
            "workforce,measure,pay_band,white,minority_ethnic,not_known\n\
             adults,staff,Band A,200,60,0\n\
             adults,staff,Band B,150,{me},0\n\
             adults,staff,Band C,100,40,0\n"
        )
    };
    let (small, large) = (file(4), file(45));
    let cmp = Comparison::from_files([
        ("small.csv", small.as_bytes()),
        ("large.csv", large.as_bytes()),
    ]);
    let points = |spec: &scwres::charts::ChartSpec| -> Vec<String> {
        spec.option()["series"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["type"] == "scatter")
            .flat_map(|s| s["data"].as_array().cloned().unwrap_or_default())
            .map(|p| p["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let full = m1_councils(&cmp, Scope::Adults, false, false, true, false).unwrap();
    assert_eq!(points(&full).len(), 6);
    assert!(points(&full).contains(&"Council A: Band B".to_owned()));
    assert!(!full.summary.contains("not shown"), "{}", full.summary);
    let published = m1_councils(&cmp, Scope::Adults, false, true, true, false).unwrap();
    let shown = points(&published);
    // Council A's Band B holds 4 minority ethnic staff: its share is not drawn; Council B's
    // bands are all drawn.
    assert!(
        !shown.contains(&"Council A: Band B".to_owned()),
        "{shown:?}"
    );
    assert!(shown.contains(&"Council B: Band B".to_owned()), "{shown:?}");
    assert!(
        published
            .summary
            .contains("not shown: a count under 10 went into"),
        "{}",
        published.summary
    );
    // The table as published has a dash where the chart has no point.
    let table = scwres::councils::tables::m1(&cmp, Scope::Adults, false, true);
    let row = table
        .rows
        .iter()
        .find(|r| r[0] == "Council A" && r[1] == "Band B")
        .unwrap();
    assert_eq!(row[2], "–");
    let full_table = scwres::councils::tables::m1(&cmp, Scope::Adults, false, false);
    assert_ne!(
        full_table
            .rows
            .iter()
            .find(|r| r[0] == "Council A" && r[1] == "Band B")
            .unwrap()[2],
        "–"
    );
}
