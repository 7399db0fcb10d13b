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
    BreakType, Docx, LineSpacing, PageMargin, Paragraph, Run, RunFonts, Shading, Style, StyleType,
    Table, TableCell, TableLayoutType, TableRow, WidthType,
};

use crate::format;
use crate::plan::{self, Plan};
use crate::results::{Results, Scope};
use crate::submission::Message;

pub mod request;
mod sections;
pub use sections::evidence_words;
use sections::{action_plan, chart, method, metric_section, summary_table};

/// Which chart an image is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// The overview (forest plot) of every metric.
    Overview,
    /// M1: each pay band.
    PayBands,
}

/// A chart drawn by the caller, as PNG (at least twice its size on screen, so it is sharp).
#[derive(Debug, Clone)]
pub struct ChartImage {
    pub scope: Scope,
    pub kind: ChartKind,
    pub png: Vec<u8>,
    pub width_px: u32,
    pub height_px: u32,
    /// What the chart shows, in words: its alternative text (the page's `ChartSpec::summary`).
    pub alt: String,
}

/// An earlier year's results, with how the report names it ("2022-23", or a file name).
#[derive(Debug, Clone)]
pub struct Earlier {
    /// Its year, when known (the trend's years are labelled by it).
    pub year: Option<u16>,
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
    // For publication, the results say what they hide (counts under 10 and what would give
    // them back), as every view of them does.
    let redacted = input
        .publication_safe
        .then(|| crate::disclosure::redact(input.results));
    let earlier_redacted: Vec<Earlier> = if input.publication_safe {
        input
            .earlier
            .iter()
            .map(|e| Earlier {
                results: crate::disclosure::redact(&e.results),
                ..e.clone()
            })
            .collect()
    } else {
        Vec::new()
    };
    let input = &Input {
        results: redacted.as_ref().unwrap_or(input.results),
        earlier: if input.publication_safe {
            &earlier_redacted
        } else {
            input.earlier
        },
        ..input.clone()
    };
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
    let mut blocks = blocks(input, &mut alts).into_iter().peekable();
    while let Some(block) = blocks.next() {
        doc = match block {
            // What comes just before a table (its heading's words, say) stays with it, as a
            // heading stays with what follows it.
            Block::P(p) if matches!(blocks.peek(), Some(Block::T(_))) => {
                doc.add_paragraph(p.keep_next(true))
            }
            Block::P(p) => doc.add_paragraph(*p),
            Block::T(t) => doc.add_table(*t),
        };
    }
    let mut xml = doc.build();
    xml.document = with_alt_text(&xml.document, &alts);
    xml.doc_props.core = with_title(&xml.doc_props.core, &title(input.plan));
    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out).expect("writing to memory cannot fail");
    out.into_inner()
}

/// A paragraph (boxed: docx-rs's is large) or a table.
enum Block {
    P(Box<Paragraph>),
    T(Box<Table>),
}

impl Block {
    fn p(paragraph: Paragraph) -> Block {
        Block::P(Box::new(paragraph))
    }
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
    Block::p(Paragraph::new().add_run(Run::new().add_text(text)))
}

/// A heading, with a typographic apostrophe ("Children’s").
fn heading(level: usize, text: impl Into<String>) -> Block {
    Block::p(
        Paragraph::new()
            .style(&format!("Heading{level}"))
            .add_run(Run::new().add_text(text.into().replace('\'', "\u{2019}"))),
    )
}

/// "Label: text", the label in bold.
fn labelled(label: &str, text: impl Into<String>) -> Block {
    Block::p(
        Paragraph::new()
            .add_run(Run::new().add_text(format!("{label}: ")).bold())
            .add_run(Run::new().add_text(text)),
    )
}

/// The most rows a table is kept on one page with ([`table_in`]): the summary and chart
/// tables (a row per metric) fit on an A4 page with room to spare.
const KEEP_TOGETHER_ROWS: usize = 15;

/// A real table: a header row (bold, shaded) and the rows.
fn table(header: &[&str], rows: Vec<Vec<String>>) -> Block {
    table_in(header, rows, &[])
}

/// [`table`] with the columns' shares of the text width (in twentieths; empty: even).
fn table_in(header: &[&str], rows: Vec<Vec<String>>, shares: &[usize]) -> Block {
    // A table short enough for one page is kept on one page (each row kept with the next):
    // docx-rs cannot mark a header row to repeat on the next page, so a short table split
    // across two would leave its second part without headers. A longer one may run on; its
    // header row still stays with the first row under it.
    let together = rows.len() <= KEEP_TOGETHER_ROWS;
    let cell = |text: &str, head: bool, keep: bool| {
        let run = Run::new().add_text(text).size(18);
        let paragraph = Paragraph::new().keep_next(keep);
        let c = TableCell::new().add_paragraph(if head {
            paragraph.add_run(run.bold())
        } else {
            paragraph.add_run(run)
        });
        if head {
            c.shading(Shading::new().fill("D9E2F3"))
        } else {
            c
        }
    };
    let mut trs = vec![TableRow::new(
        header.iter().map(|h| cell(h, true, true)).collect(),
    )];
    let last = rows.len().saturating_sub(1);
    trs.extend(rows.iter().enumerate().map(|(i, r)| {
        let keep = together && i < last;
        TableRow::new(r.iter().map(|t| cell(t, false, keep)).collect()).cant_split()
    }));
    let total: usize = shares.iter().sum();
    let grid: Vec<usize> = if shares.len() == header.len() && total > 0 {
        shares
            .iter()
            .map(|s| TEXT_WIDTH_TWIPS * s / total)
            .collect()
    } else {
        vec![TEXT_WIDTH_TWIPS / header.len().max(1); header.len()]
    };
    Block::T(Box::new(
        Table::new(trs)
            .set_grid(grid)
            .layout(TableLayoutType::Fixed)
            .width(TEXT_WIDTH_TWIPS, WidthType::Dxa),
    ))
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
    out.push(Block::p(Paragraph::new().style("Title").add_run(
        Run::new().add_text("Social Care Workforce Race Equality Standard"),
    )));
    let council = if input.plan.council.trim().is_empty() {
        "(the council's name was not given)".to_owned()
    } else {
        input.plan.council.trim().to_owned()
    };
    out.push(Block::p(
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
    out.push(Block::p(
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
                        caution_words(m, input.publication_safe),
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
                .map(|n| {
                    vec![
                        if input.publication_safe {
                            "A caution about the data (its words quote counts, hidden for publication)".to_owned()
                        } else {
                            n.caution_text.clone()
                        },
                        n.note.clone(),
                    ]
                })
                .collect(),
        ));
    }

    // The action plan.
    out.extend(action_plan(input));

    // Method.
    out.extend(method(input));
    out
}

/// A caution's words; for publication, what kind of caution it is and where, without the
/// words (they quote the counts).
fn caution_words(m: &Message, safe: bool) -> String {
    if !safe {
        return m.message.clone();
    }
    let kind = match m.code {
        crate::diag::Code::LowDeclarationRate => "A low declaration rate",
        crate::diag::Code::MissingRows => "Missing rows",
        crate::diag::Code::SmallNumbers => "Small numbers",
        crate::diag::Code::MoreEventsThanPopulation => "Counts that do not add up",
        _ => "A caution",
    };
    let place = [
        m.about.workforce.map(|w| w.key().to_owned()),
        m.row.map(|r| format!("row {r}")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    if place.is_empty() {
        format!("{kind} (its words quote counts, hidden for publication)")
    } else {
        format!("{kind} ({place}; its words quote counts, hidden for publication)")
    }
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
