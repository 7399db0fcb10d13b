//! The council's own SC-WRES report as an editable Word document (.docx): a title page, the
//! summary table and charts, a section per metric, the notes on the data,
//! the action plan grouped by theme and the method with its sources.
//!
//! Written with the `docx-rs` crate (real Word heading styles, real tables, charts as PNG
//! images). Two things docx-rs 0.4 cannot say are added to the parts it builds, before they
//! are packed: each chart's alternative text (`descr` on its `wp:docPr`, with an id of its
//! own), and the document's title in its properties.
//!
//! Charts come from the caller as PNG ([`ChartImage`]): the page draws them with ECharts. A
//! chart that was not given (the command line has no chart engine) is replaced by the table
//! of the figures it shows, with a sentence saying so.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BreakType, Docx, LineSpacing, PageMargin, Paragraph, Pic, Run, RunFonts,
    Shading, Style, StyleType, Table, TableCell, TableLayoutType, TableRow, WidthType,
};

use crate::benchmarks;
use crate::charts;
use crate::compare::{self, Change};
use crate::format;
use crate::metrics::{Kind, MetricId};
use crate::plan::{self, Plan};
use crate::results::{GroupRate, MetricResult, Results, Scope, WorkforceResults};
use crate::submission::Message;

/// Which chart an image is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// The overview (forest plot) of every metric.
    Overview,
    /// M1: each pay band.
    PayBands,
    /// Last year against this year.
    YearOnYear,
}

/// A chart drawn by the caller, as PNG (at least twice its size on screen, so it is sharp).
#[derive(Debug, Clone)]
pub struct ChartImage {
    pub scope: Scope,
    pub kind: ChartKind,
    pub png: Vec<u8>,
    pub width_px: u32,
    pub height_px: u32,
}

/// An earlier year's results, with how the report names it ("2022-23", or a file name).
#[derive(Debug, Clone)]
pub struct Earlier {
    pub label: String,
    pub results: Results,
}

/// Everything the report is made from.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    pub results: &'a Results,
    /// The messages checking the file gave (the cautions go into the report).
    pub messages: &'a [Message],
    pub plan: &'a Plan,
    /// Earlier years, most recent first.
    pub earlier: &'a [Earlier],
    pub charts: &'a [ChartImage],
    /// The date the report is made, in words ("7 December 2026"): the engine has no clock.
    pub made_on: &'a str,
    /// For publication: counts from 1 to 9 shown as "<10", and what would reveal them hidden.
    pub publication_safe: bool,
    /// Says who made the document and how the charts were drawn ("the command line").
    pub made_by: &'a str,
}

/// The text width of an A4 page with 2 cm margins, in EMU (17 cm).
const TEXT_WIDTH_EMU: u32 = 6_120_000;
/// Twips: A4 and 2 cm margins.
const A4_W: u32 = 11_906;
const A4_H: u32 = 16_838;
const MARGIN: i32 = 1_134;
const FONT: &str = "Arial";
/// The text width in twips.
const TEXT_WIDTH_TWIPS: usize = (A4_W as usize) - 2 * (MARGIN as usize);

/// The document title (also in the file's properties).
pub fn title(plan: &Plan) -> String {
    if plan.council.trim().is_empty() {
        "SC-WRES report".to_owned()
    } else {
        format!("{}: SC-WRES report", plan.council.trim())
    }
}

/// Builds the report as the bytes of a .docx file.
pub fn docx(input: &Input) -> Vec<u8> {
    let mut alts: Vec<String> = Vec::new();
    let mut doc = styles(Docx::new())
        .page_size(A4_W, A4_H)
        .page_margin(PageMargin {
            top: MARGIN,
            left: MARGIN,
            bottom: MARGIN,
            right: MARGIN,
            header: 709,
            footer: 709,
            gutter: 0,
        });
    for block in blocks(input, &mut alts) {
        doc = match block {
            Block::P(p) => doc.add_paragraph(p),
            Block::T(t) => doc.add_table(t),
        };
    }
    let mut xml = doc.build();
    xml.document = with_alt_text(&xml.document, &alts);
    xml.doc_props.core = with_title(&xml.doc_props.core, &title(input.plan));
    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out).expect("writing to memory cannot fail");
    out.into_inner()
}

enum Block {
    P(Paragraph),
    T(Table),
}

fn styles(doc: Docx) -> Docx {
    let fonts = || RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT);
    let heading = |id: &str, name: &str, size: usize, level: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .fonts(fonts())
            .size(size)
            .bold()
            .color("1F3864")
            .outline_lvl(level)
            .line_spacing(LineSpacing::new().before(240).after(120))
    };
    let heading = |id: &str, name: &str, size: usize, level: usize| {
        keep_with_next(heading(id, name, size, level))
    };
    doc.default_fonts(fonts())
        .default_size(22)
        .add_style(
            Style::new("Normal", StyleType::Paragraph)
                .name("Normal")
                .q_format(true)
                .fonts(fonts())
                .size(22)
                .line_spacing(LineSpacing::new().after(120)),
        )
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .based_on("Normal")
                .q_format(true)
                .fonts(fonts())
                .size(56)
                .bold()
                .color("1F3864"),
        )
        .add_style(heading("Heading1", "heading 1", 36, 0).page_break_before(true))
        .add_style(heading("Heading2", "heading 2", 28, 1))
        .add_style(heading("Heading3", "heading 3", 24, 2))
}

trait PageBreak {
    fn page_break_before(self, v: bool) -> Self;
}

impl PageBreak for Style {
    fn page_break_before(mut self, v: bool) -> Self {
        self.paragraph_property = self.paragraph_property.page_break_before(v);
        self
    }
}

/// A heading stays on the page of what follows it.
fn keep_with_next(mut style: Style) -> Style {
    style.paragraph_property = style.paragraph_property.keep_next(true);
    style
}

fn para(text: impl Into<String>) -> Block {
    Block::P(Paragraph::new().add_run(Run::new().add_text(text)))
}

/// A heading, with a typographic apostrophe ("Children’s").
fn heading(level: usize, text: impl Into<String>) -> Block {
    Block::P(
        Paragraph::new()
            .style(&format!("Heading{level}"))
            .add_run(Run::new().add_text(text.into().replace('\'', "\u{2019}"))),
    )
}

/// "Label: text", the label in bold.
fn labelled(label: &str, text: impl Into<String>) -> Block {
    Block::P(
        Paragraph::new()
            .add_run(Run::new().add_text(format!("{label}: ")).bold())
            .add_run(Run::new().add_text(text)),
    )
}

/// A real table: a header row (bold, shaded) and the rows.
fn table(header: &[&str], rows: Vec<Vec<String>>) -> Block {
    table_in(header, rows, &[])
}

/// [`table`] with the columns' shares of the text width (in twentieths; empty: even).
fn table_in(header: &[&str], rows: Vec<Vec<String>>, shares: &[usize]) -> Block {
    let cell = |text: &str, head: bool| {
        let run = Run::new().add_text(text).size(18);
        let c = TableCell::new().add_paragraph(Paragraph::new().add_run(if head {
            run.bold()
        } else {
            run
        }));
        if head {
            c.shading(Shading::new().fill("D9E2F3"))
        } else {
            c
        }
    };
    let mut trs = vec![TableRow::new(
        header.iter().map(|h| cell(h, true)).collect(),
    )];
    trs.extend(
        rows.iter()
            .map(|r| TableRow::new(r.iter().map(|t| cell(t, false)).collect())),
    );
    let total: usize = shares.iter().sum();
    let grid: Vec<usize> = if shares.len() == header.len() && total > 0 {
        shares
            .iter()
            .map(|s| TEXT_WIDTH_TWIPS * s / total)
            .collect()
    } else {
        vec![TEXT_WIDTH_TWIPS / header.len().max(1); header.len()]
    };
    Block::T(
        Table::new(trs)
            .set_grid(grid)
            .layout(TableLayoutType::Fixed)
            .width(TEXT_WIDTH_TWIPS, WidthType::Dxa),
    )
}

fn workforces_words(results: &Results) -> String {
    let names: Vec<String> = results
        .workforces
        .iter()
        .filter(|w| w.workforce != Scope::Combined)
        .map(|w| format::lowercase(w.workforce.label()))
        .collect();
    format::capitalised(&names.join(" and "))
}

fn blocks(input: &Input, alts: &mut Vec<String>) -> Vec<Block> {
    let mut out = Vec::new();
    let r = input.results;
    // Title page.
    out.push(Block::P(Paragraph::new().style("Title").add_run(
        Run::new().add_text("Social Care Workforce Race Equality Standard"),
    )));
    let council = if input.plan.council.trim().is_empty() {
        "(the council's name was not given)".to_owned()
    } else {
        input.plan.council.trim().to_owned()
    };
    out.push(Block::P(
        Paragraph::new().add_run(Run::new().add_text(council).size(40).bold()),
    ));
    out.push(para("Our SC-WRES report and action plan"));
    out.push(labelled("Workforce", workforces_words(r)));
    out.push(labelled(
        "Period",
        if input.plan.period.trim().is_empty() {
            "not given"
        } else {
            input.plan.period.trim()
        },
    ));
    out.push(labelled("Made on", input.made_on));
    out.push(para(format!(
        "Made with the SC-WRES calculator{}, on the council's own device: no staff data left it.",
        if input.made_by.is_empty() {
            String::new()
        } else {
            format!(" ({})", input.made_by)
        }
    )));
    if input.publication_safe {
        out.push(para(
            "For publication: counts under 10 are shown as \"<10\", and figures that would reveal them are hidden.",
        ));
    }
    out.push(Block::P(
        Paragraph::new().add_run(Run::new().add_break(BreakType::Page)),
    ));

    // Summary.
    out.push(heading(1, "Summary"));
    out.push(para(format!(
        "Each figure is a relative likelihood: how likely minority ethnic staff were to be counted, compared with white staff. 1 means equally likely. Figures from {} to {} are treated as no adverse difference (the NHS WRES convention).",
        format::ratio(r.settings.band.low),
        format::ratio(r.settings.band.high)
    )));
    for wr in &r.workforces {
        out.push(heading(2, wr.workforce.label()));
        out.push(summary_table(wr));
        out.extend(chart(input, wr, ChartKind::Overview, alts));
    }

    // A section per metric.
    for wr in &r.workforces {
        out.push(heading(1, format!("{}: each metric", wr.workforce.label())));
        for m in &wr.metrics {
            out.extend(metric_section(input, wr, m, alts));
        }
        if !input.earlier.is_empty() {
            out.push(heading(2, "Compared with the year before"));
            out.extend(chart(input, wr, ChartKind::YearOnYear, alts));
        }
    }

    // Notes on the data.
    out.push(heading(1, "Notes on the data"));
    let cautions: Vec<&Message> = input
        .messages
        .iter()
        .filter(|m| plan::explainable(m))
        .collect();
    if cautions.is_empty() {
        out.push(para("Checking the file raised no cautions about the data."));
    } else {
        out.push(para("Checking the file raised these cautions. Where the council has explained one, its explanation follows."));
        out.push(table(
            &["Caution", "The council's explanation"],
            cautions
                .iter()
                .map(|m| {
                    vec![
                        m.message.clone(),
                        input
                            .plan
                            .note_for(m)
                            .map_or("No explanation given.".to_owned(), |n| n.note.clone()),
                    ]
                })
                .collect(),
        ));
    }
    let keys: Vec<String> = cautions.iter().map(|m| plan::caution_key(m)).collect();
    let other: Vec<_> = input
        .plan
        .notes
        .iter()
        .filter(|n| !keys.contains(&n.caution) && !n.note.trim().is_empty())
        .collect();
    if !other.is_empty() {
        out.push(para(
            "Notes kept in the plan about cautions this year's file did not raise:",
        ));
        out.push(table(
            &[
                "Caution (when the note was written)",
                "The council's explanation",
            ],
            other
                .iter()
                .map(|n| vec![n.caution_text.clone(), n.note.clone()])
                .collect(),
        ));
    }

    // The action plan.
    out.extend(action_plan(input));

    // Method.
    out.extend(method(input));
    out
}

fn ratio_or_dash(x: Option<f64>) -> String {
    x.map_or("–".to_owned(), format::ratio)
}

fn national(m: &MetricResult, year: u16) -> String {
    m.national
        .iter()
        .find(|n| n.year == year)
        .map_or("–".to_owned(), |n| {
            format!(
                "{}{}",
                if n.approximate { "about " } else { "" },
                format::ratio(n.relative_likelihood)
            )
        })
}

fn summary_table(wr: &WorkforceResults) -> Block {
    table_in(
        &[
            "Metric",
            "Relative likelihood",
            "95% confidence interval",
            "Verdict",
            "National 2023",
            "National 2024",
        ],
        wr.metrics
            .iter()
            .map(|m| {
                vec![
                    format!("{} {}", m.metric, m.title),
                    ratio_or_dash(m.relative_likelihood),
                    m.ci95
                        .map_or("–".to_owned(), |c| format::interval(c[0], c[1])),
                    format!(
                        "{}{}",
                        m.verdict.label(),
                        if m.small_numbers {
                            " (small numbers)"
                        } else {
                            ""
                        }
                    ),
                    national(m, 2023),
                    national(m, 2024),
                ]
            })
            .collect(),
        &[11, 5, 6, 7, 4, 4],
    )
}

/// How strong the evidence for a difference is, in words.
pub fn evidence_words(m: &MetricResult) -> String {
    match (m.ci95, m.fisher_p) {
        (Some([lo, hi]), p) => {
            let p = p.map_or(String::new(), |p| {
                format!(" (p {})", format::p_value_phrase(p))
            });
            if hi < 1.0 || lo > 1.0 {
                format!("Clear: the 95% confidence interval ({}) does not include 1, so chance alone is an unlikely explanation of the difference{p}.", format::interval(lo, hi))
            } else {
                format!("Uncertain: the 95% confidence interval ({}) includes 1, so the difference could be chance{p}.", format::interval(lo, hi))
            }
        }
        (None, _) => "None: no interval can be calculated for this metric.".to_owned(),
    }
}

fn count(n: u64, safe: bool) -> String {
    format::count_safe(n, safe)
}

fn hidden(n: u64, safe: bool) -> bool {
    safe && (1..=9).contains(&n)
}

/// A group's counts: events, population, rate. With `safe`, a count from 1 to 9 is "<10",
/// and the rate beside it is hidden (with its population it would give the count back).
fn group_row(name: &str, g: Option<&GroupRate>, safe: bool) -> Vec<String> {
    match g {
        None => vec![name.to_owned(), "–".into(), "–".into(), "–".into()],
        Some(g) => {
            let secret = hidden(g.events, safe) || hidden(g.population, safe);
            vec![
                name.to_owned(),
                count(g.events, safe),
                count(g.population, safe),
                if secret {
                    "hidden (small numbers)".to_owned()
                } else {
                    g.rate.map_or("–".to_owned(), format::percent)
                },
            ]
        }
    }
}

fn metric_section(
    input: &Input,
    wr: &WorkforceResults,
    m: &MetricResult,
    alts: &mut Vec<String>,
) -> Vec<Block> {
    let safe = input.publication_safe;
    let mut out = vec![heading(2, format!("{} {}", m.metric, m.title))];
    out.push(para(m.sentence.clone()));
    if let Some(reason) = &m.reason {
        out.push(para(reason.clone()));
    }
    if m.metric == MetricId::M1 {
        out.extend(chart(input, wr, ChartKind::PayBands, alts));
        out.push(bands_table(m, safe));
    } else {
        out.push(labelled(
            "Relative likelihood",
            format!(
                "{} ({})",
                ratio_or_dash(m.relative_likelihood),
                m.verdict.label().to_lowercase()
            ),
        ));
        out.push(labelled(
            "95% confidence interval",
            m.ci95.map_or("not calculable".to_owned(), |c| {
                format::interval(c[0], c[1])
            }),
        ));
        out.push(labelled("Strength of evidence", evidence_words(m)));
        let def = m.metric.def();
        out.push(table(
            &["Staff", "Counted", "Of", "Rate"],
            vec![
                group_row("Minority ethnic", m.minority_ethnic.as_ref(), safe),
                group_row("White", m.white.as_ref(), safe),
                group_row("Ethnicity not known", m.not_known.as_ref(), safe),
            ],
        ));
        out.push(para(format!(
            "Counted: {}; of: {}.",
            events_noun(m.metric),
            def.population_noun
        )));
    }
    let nat: Vec<String> = benchmarks::NATIONAL
        .iter()
        .filter(|b| b.metric == m.metric)
        .map(|b| {
            format!(
                "{} {}{} ({})",
                b.year,
                if b.approximate { "about " } else { "" },
                format::ratio(b.relative_likelihood),
                b.source
            )
        })
        .collect();
    out.push(labelled(
        "National figures",
        if nat.is_empty() {
            "none published for this metric.".to_owned()
        } else {
            format!("{}.", nat.join("; "))
        },
    ));
    // Change over the years.
    if !input.earlier.is_empty() {
        let mut lines = Vec::new();
        let now = plan::metric_figure(m);
        for e in input.earlier {
            let before = e
                .results
                .scope(wr.workforce)
                .and_then(|w| w.metric(m.metric))
                .and_then(plan::metric_figure);
            lines.push(vec![e.label.clone(), ratio_or_dash(before)]);
        }
        lines.reverse();
        lines.push(vec!["This year".to_owned(), ratio_or_dash(now)]);
        out.push(heading(3, "Over the years"));
        out.push(table(&["Year", "Figure"], lines));
        if let Some(c) = changes(input, wr.workforce)
            .iter()
            .find(|c| c.metric == m.metric)
        {
            out.push(para(c.sentence.clone()));
        }
    }
    // Notes on the data for this metric.
    let notes: Vec<(String, String)> = input
        .messages
        .iter()
        .filter(|c| plan::explainable(c))
        .filter(|c| c.about.metrics.contains(&m.metric))
        .filter(|c| {
            c.about
                .workforce
                .is_none_or(|w| w.key() == wr.workforce.key())
                || wr.workforce == Scope::Combined
        })
        .map(|c| {
            (
                c.message.clone(),
                input
                    .plan
                    .note_for(c)
                    .map_or("No explanation given.".to_owned(), |n| n.note.clone()),
            )
        })
        .collect();
    if !notes.is_empty() {
        out.push(heading(3, "Notes on the data"));
        for (caution, note) in notes {
            out.push(labelled("Caution", caution));
            out.push(labelled("The council's explanation", note));
        }
    }
    out
}

fn events_noun(metric: MetricId) -> &'static str {
    match metric {
        MetricId::M1 => "staff in the band",
        MetricId::M2 => "appointed",
        MetricId::M3 => "entered the formal disciplinary process",
        MetricId::M4 => "referred to a fitness-to-practise process",
        MetricId::M5 => "accessed funded non-mandatory CPD",
        MetricId::M6 | MetricId::M7a | MetricId::M7b => "reported harassment, bullying or abuse",
        MetricId::M8 => "left the organisation",
        MetricId::M9 => "in a senior manager role",
    }
}

/// M1's pay bands. With `safe`, a row with a count from 1 to 9 shows "<10" there and hides
/// its total and shares, which would give the count back.
fn bands_table(m: &MetricResult, safe: bool) -> Block {
    table(
        &[
            "Pay band",
            "Minority ethnic",
            "White",
            "Not known",
            "Total",
            "Minority ethnic share of known",
        ],
        m.bands
            .iter()
            .map(|b| {
                let secret = [b.minority_ethnic, b.white, b.not_known]
                    .iter()
                    .any(|&n| hidden(n, safe));
                vec![
                    b.name.clone(),
                    count(b.minority_ethnic, safe),
                    count(b.white, safe),
                    count(b.not_known, safe),
                    if secret {
                        "hidden".to_owned()
                    } else {
                        format::count(b.total)
                    },
                    if secret {
                        "hidden".to_owned()
                    } else {
                        b.minority_ethnic_share_of_known
                            .map_or("–".to_owned(), format::percent)
                    },
                ]
            })
            .collect(),
    )
}

fn changes(input: &Input, scope: Scope) -> Vec<Change> {
    input.earlier.first().map_or(Vec::new(), |e| {
        compare::compare(input.results, &e.results)
            .into_iter()
            .filter(|c| c.workforce == scope)
            .collect()
    })
}

/// A chart's image, or (when the caller drew none) the table of what it shows.
fn chart(
    input: &Input,
    wr: &WorkforceResults,
    kind: ChartKind,
    alts: &mut Vec<String>,
) -> Vec<Block> {
    let band = input.results.settings.band;
    let (name, spec) = match kind {
        ChartKind::Overview => (
            "Chart: every metric",
            Some(charts::forest_plot(wr, band, true, false)),
        ),
        ChartKind::PayBands => (
            "Chart: each pay band",
            wr.metric(MetricId::M1)
                .and_then(|m| charts::pay_bands(m, true, false)),
        ),
        ChartKind::YearOnYear => {
            let c = changes(input, wr.workforce);
            (
                "Chart: last year and this year",
                charts::year_on_year(&c, true),
            )
        }
    };
    let Some(spec) = spec else {
        return Vec::new();
    };
    let mut out = vec![heading(
        3,
        format!("{name} ({})", format::lowercase(wr.workforce.label())),
    )];
    if let Some(img) = input
        .charts
        .iter()
        .find(|c| c.scope == wr.workforce && c.kind == kind)
    {
        let w = TEXT_WIDTH_EMU;
        let h = (f64::from(w) * f64::from(img.height_px) / f64::from(img.width_px.max(1))) as u32;
        let pic = Pic::new_with_dimensions(img.png.clone(), img.width_px, img.height_px).size(w, h);
        alts.push(spec.summary.clone());
        out.push(Block::P(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(Run::new().add_image(pic)),
        ));
        out.push(para(format!("What the chart shows: {}", spec.summary)));
    } else {
        out.push(para(
            "This report was made without a chart engine (by the command line), so the chart's figures are given as a table instead. The calculator's page puts the chart here.",
        ));
        out.push(chart_table(input, wr, kind));
    }
    out
}

fn chart_table(input: &Input, wr: &WorkforceResults, kind: ChartKind) -> Block {
    match kind {
        ChartKind::Overview => table(
            &[
                "Metric",
                "Relative likelihood",
                "95% interval, low",
                "95% interval, high",
                "Within the band",
            ],
            wr.metrics
                .iter()
                .filter(|m| m.metric != MetricId::M1)
                .map(|m| {
                    vec![
                        format!("{} {}", m.metric, m.metric.def().short),
                        ratio_or_dash(m.relative_likelihood),
                        ratio_or_dash(m.ci95.map(|c| c[0])),
                        ratio_or_dash(m.ci95.map(|c| c[1])),
                        m.relative_likelihood
                            .map_or("–", |x| {
                                if input.results.settings.band.contains(x) {
                                    "yes"
                                } else {
                                    "no"
                                }
                            })
                            .to_owned(),
                    ]
                })
                .collect(),
        ),
        ChartKind::PayBands => table(
            &[
                "Pay band",
                "Minority ethnic share",
                "White share",
                "Not known share",
            ],
            wr.metric(MetricId::M1)
                .map(|m| {
                    m.bands
                        .iter()
                        .map(|b| {
                            let secret = input.publication_safe
                                && [b.minority_ethnic, b.white, b.not_known]
                                    .iter()
                                    .any(|&n| (1..=9).contains(&n));
                            let share = |s: Option<f64>| {
                                if secret {
                                    "hidden".to_owned()
                                } else {
                                    s.map_or("–".to_owned(), format::percent)
                                }
                            };
                            vec![
                                b.name.clone(),
                                share(b.share_minority_ethnic),
                                share(b.share_white),
                                share(b.share_not_known),
                            ]
                        })
                        .collect()
                })
                .unwrap_or_default(),
        ),
        ChartKind::YearOnYear => table(
            &["Metric", "Last year", "This year"],
            changes(input, wr.workforce)
                .iter()
                .map(|c| {
                    vec![
                        format!("{} {}", c.metric, c.metric.def().short),
                        ratio_or_dash(c.previous),
                        ratio_or_dash(c.current),
                    ]
                })
                .collect(),
        ),
    }
}

fn action_plan(input: &Input) -> Vec<Block> {
    let mut out = vec![heading(1, "Action plan")];
    let p = input.plan;
    if p.actions.is_empty() {
        out.push(para("No actions have been planned yet."));
        return out;
    }
    out.push(para("The actions are grouped by theme (the grouping is the calculator's). Each target is a figure of the metric: for a metric where a higher figure is the aim (M1, M2, M5, M9) \"at least\", otherwise \"at most\". Progress compares each action's baseline with this year's figure."));
    let band = input.results.settings.band;
    for (theme, actions) in p.by_theme() {
        out.push(heading(2, theme.name));
        if actions.is_empty() {
            out.push(para("No actions under this theme."));
            continue;
        }
        out.push(table_in(
            &[
                "Metric",
                "Action and owner",
                "Baseline and target",
                "Due",
                "Status",
                "Progress and notes",
            ],
            actions
                .iter()
                .map(|(_, a)| {
                    let now = plan::figure(input.results, a.metric, a.workforce);
                    let progress = plan::progress(a, now, band);
                    let mut progress_words = progress.words;
                    if !a.notes.trim().is_empty() {
                        progress_words = format!("{progress_words} Notes: {}", a.notes.trim());
                    }
                    vec![
                        format!("{} ({})", a.metric, format::lowercase(a.workforce.label())),
                        format!(
                            "{} Owner: {}.",
                            sentence_end(a.what.trim()),
                            if a.owner.trim().is_empty() {
                                "not given"
                            } else {
                                a.owner.trim()
                            }
                        ),
                        format!(
                            "Baseline {}; target {}",
                            ratio_or_dash(a.baseline),
                            if a.target.is_some() {
                                a.target_words()
                            } else {
                                "not set".to_owned()
                            }
                        ),
                        format!(
                            "{} ({})",
                            plan::date_words(&a.due),
                            format::lowercase(a.term.label())
                        ),
                        a.status.label().to_owned(),
                        progress_words,
                    ]
                })
                .collect(),
            &[3, 7, 3, 3, 3, 6],
        ));
    }
    out
}

fn method(input: &Input) -> Vec<Block> {
    let band = input.results.settings.band;
    let mut out = vec![heading(1, "Appendix: method and sources")];
    for text in [
        "Each metric compares minority ethnic staff with white staff over the last 12 months. The relative likelihood is the minority ethnic rate divided by the white rate: (events among minority ethnic staff ÷ minority ethnic staff) ÷ (events among white staff ÷ white staff).".to_owned(),
        "Staff whose ethnicity is not known are left out of every ratio; the share of staff who declared their ethnicity is reported, and a caution is raised below 90%. White staff are those of any White background (English, Welsh, Scottish, Northern Irish or British; Irish; Gypsy or Irish Traveller; Roma; any other White background); minority ethnic staff are those of every other stated background, as in the NHS WRES.".to_owned(),
        "The 95% confidence interval is worked out on the log scale (the Katz method), adding 0.5 to every count only when one is zero. The p-value is from Fisher's exact test (two-sided). A count from 1 to 9 is flagged as small numbers.".to_owned(),
        format!("A figure from {} to {} is treated as no adverse difference. This band is the NHS convention (the \"four-fifths rule\" used for the NHS WRES disciplinary indicator, NHS England, 2019); no SC-WRES band has been published.", format::ratio(band.low), format::ratio(band.high)),
        "Change between two years is the ratio of the two relative likelihoods, with an interval combining the two years' log-scale standard errors as if the years were independent (Altman and Bland, \"Interaction revisited: the difference between two estimates\", BMJ 2003). The same staff appear in both years, so this is approximate.".to_owned(),
        "For M1 the action plan measures the highest pay band's minority ethnic share of staff against the whole workforce's share (1 means the top band is as diverse as the workforce).".to_owned(),
    ] {
        out.push(para(text));
    }
    out.push(heading(2, "Sources"));
    for s in [
        "Skills for Care, Social Care Workforce Race Equality Standard (SC-WRES): the metrics and the annual collection.",
        "NHS England, NHS Workforce Race Equality Standard: technical guidance and the non-adverse range (0.80 to 1.25).",
        "Katz D. et al., \"Obtaining confidence intervals for the risk ratio in cohort studies\", Biometrics 1978.",
        "Fisher R. A., \"The logic of inductive inference\", 1935 (Fisher's exact test).",
        "Altman D. G. and Bland J. M., \"Interaction revisited: the difference between two estimates\", BMJ 2003.",
    ]
    .into_iter()
    .chain(sources())
    {
        out.push(para(s));
    }
    out
}

/// The sources of the national figures, each once.
fn sources() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for b in benchmarks::NATIONAL.iter() {
        if !out.contains(&b.source) {
            out.push(b.source);
        }
    }
    out
}

/// Text ending in a full stop (or its own ! or ?).
fn sentence_end(text: &str) -> String {
    if text.ends_with(['.', '!', '?']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

/// Escapes text for an XML attribute.
fn attr(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace(['\n', '\r'], " ")
}

/// Gives each picture its own id, a name and its alternative text (docx-rs writes every
/// picture as `<wp:docPr id="1" name="Figure" />`).
fn with_alt_text(document: &[u8], alts: &[String]) -> Vec<u8> {
    const DOC_PR: &str = "<wp:docPr id=\"1\" name=\"Figure\" />";
    let text = String::from_utf8_lossy(document);
    let mut out = String::with_capacity(text.len() + alts.iter().map(String::len).sum::<usize>());
    let mut rest: &str = &text;
    let mut n = 0;
    while let Some(at) = rest.find(DOC_PR) {
        out.push_str(&rest[..at]);
        let alt = alts.get(n).map_or("Chart", String::as_str);
        n += 1;
        out.push_str(&format!(
            "<wp:docPr id=\"{}\" name=\"Chart {n}\" descr=\"{}\" />",
            1000 + n,
            attr(alt)
        ));
        rest = &rest[at + DOC_PR.len()..];
    }
    out.push_str(rest);
    out.into_bytes()
}

/// Adds the document's title to its core properties.
fn with_title(core: &[u8], title: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(core);
    let escaped = attr(title);
    match text.rfind("</cp:coreProperties>") {
        Some(at) => format!(
            "{}<dc:title>{escaped}</dc:title><dc:language>en-GB</dc:language>{}",
            &text[..at],
            &text[at..]
        )
        .into_bytes(),
        None => core.to_vec(),
    }
}

/// Whether a metric's figure is better higher (for the report's words).
pub fn higher_is_better(metric: MetricId) -> bool {
    metric.def().kind != Kind::Adverse
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alt_text_goes_on_each_picture_in_order() {
        let doc =
            "<a><wp:docPr id=\"1\" name=\"Figure\" /><b/><wp:docPr id=\"1\" name=\"Figure\" /></a>";
        let out = String::from_utf8(with_alt_text(
            doc.as_bytes(),
            &["One & \"two\"".into(), "Three".into()],
        ))
        .unwrap();
        assert_eq!(
            out,
            "<a><wp:docPr id=\"1001\" name=\"Chart 1\" descr=\"One &amp; &quot;two&quot;\" /><b/><wp:docPr id=\"1002\" name=\"Chart 2\" descr=\"Three\" /></a>"
        );
    }

    #[test]
    fn the_title_goes_into_the_properties() {
        let core = "<cp:coreProperties x=\"y\"><dc:creator>c</dc:creator></cp:coreProperties>";
        let out = String::from_utf8(with_title(core.as_bytes(), "A & B")).unwrap();
        assert!(
            out.contains("<dc:title>A &amp; B</dc:title></cp:coreProperties>")
                || out.contains("<dc:title>A &amp; B</dc:title><dc:language>")
        );
    }
}
