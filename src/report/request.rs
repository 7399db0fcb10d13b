//! The report writer's requests and answers: what the page sends to the report writer, a
//! WebAssembly module of its own (`src/bin/report_wasm.rs`) that the single file carries and
//! starts only when it is needed, so that the .docx writer and the plan file's JSON reader
//! and writer are never in the way of the page's start (docs/performance.md).
//!
//! A request starts with one byte saying what it is:
//! - 1, a report: 4 bytes (little-endian) giving the length of a text header, the header,
//!   then the charts' PNG bytes one after another. The header is in the flat form of
//!   [`crate::plan::flat`], in sections separated by U+001D: the settings, the plan, the
//!   submission as the page read it (its header and rows with their row numbers, so that the
//!   cautions and their notes are the same), the charts (each one's size, length and
//!   alternative text), then each earlier year's file (its year, its table), most recent
//!   first. No staff data: counts, as in the file.
//! - 2, a plan file to read (its bytes): answered by the plan in the flat form.
//! - 3, a plan to save (in the flat form): answered by the plan file (JSON).

use super::{docx, ChartImage, ChartKind, Earlier, Input};
use crate::plan::flat::{clean, from_flat, to_flat, GS, RS, US};
use crate::plan::{self, scope_from_str, Loaded, Plan};
use crate::read::{Encoding, Row, Table};
use crate::results::{compute, ParityRange, Settings};
use crate::submission::check_table;

impl ChartKind {
    fn key(self) -> &'static str {
        match self {
            ChartKind::Overview => "overview",
            ChartKind::PayBands => "pay_bands",
        }
    }

    fn from_key(key: &str) -> Option<ChartKind> {
        [ChartKind::Overview, ChartKind::PayBands]
            .into_iter()
            .find(|k| k.key() == key)
    }
}

/// What the page knows, as one request for the report writer.
pub struct Request<'a> {
    pub table: &'a Table,
    /// Earlier years' files, most recent first, each with its year as the user gave it.
    pub earlier: Vec<(&'a str, &'a Table)>,
    pub settings: Settings,
    pub plan: &'a Plan,
    pub made_on: &'a str,
    pub publication_safe: bool,
    pub charts: &'a [ChartImage],
}

fn join(records: Vec<Vec<String>>) -> String {
    records
        .iter()
        .map(|r| r.join(&US.to_string()))
        .collect::<Vec<_>>()
        .join(&RS.to_string())
}

fn records(section: &str) -> Vec<Vec<&str>> {
    if section.is_empty() {
        return Vec::new();
    }
    section.split(RS).map(|r| r.split(US).collect()).collect()
}

/// A checked file's table in the flat form: its header row and header, then each row with its
/// row number, so that the same check gives the same messages in the same places. The report
/// writer's requests carry tables so; so does a page of the on-demand module (`src/ui/host.rs`)
/// when it hands the calculator counts it made.
pub fn table_flat(t: &Table) -> String {
    let mut r = vec![std::iter::once(t.header_row.to_string())
        .chain(t.header.iter().map(|h| clean(h)))
        .collect::<Vec<_>>()];
    for row in &t.rows {
        r.push(
            std::iter::once(row.number.to_string())
                .chain(row.cells.iter().map(|c| clean(c)))
                .collect(),
        );
    }
    join(r)
}

/// A table from its flat form ([`table_flat`]); `None` if it is not one.
pub fn table_from(section: &str) -> Option<Table> {
    let recs = records(section);
    let (head, rows) = recs.split_first()?;
    let number = |t: &str| t.parse::<usize>().ok();
    Some(Table {
        encoding: Encoding::Utf8,
        delimiter: b',',
        header_row: number(head.first()?)?,
        header: head[1..].iter().map(|h| (*h).to_owned()).collect(),
        rows: rows
            .iter()
            .map(|r| {
                Some(Row {
                    number: number(r.first()?)?,
                    cells: r[1..].iter().map(|c| (*c).to_owned()).collect(),
                })
            })
            .collect::<Option<_>>()?,
    })
}

/// A report's request.
pub fn encode(r: &Request) -> Vec<u8> {
    let bit = |b: bool| if b { "1" } else { "0" }.to_owned();
    let settings = join(vec![vec![
        r.settings.band.low.to_string(),
        r.settings.band.high.to_string(),
        bit(r.settings.nhs_orientation),
        clean(r.made_on),
        bit(r.publication_safe),
    ]]);
    let plan = to_flat(&Loaded {
        plan: r.plan.clone(),
        messages: Vec::new(),
    });
    let charts = join(
        r.charts
            .iter()
            .map(|c| {
                vec![
                    c.scope.key().to_owned(),
                    c.kind.key().to_owned(),
                    c.width_px.to_string(),
                    c.height_px.to_string(),
                    c.png.len().to_string(),
                    clean(&c.alt),
                ]
            })
            .collect(),
    );
    let mut sections = vec![settings, plan, table_flat(r.table), charts];
    for (label, t) in &r.earlier {
        sections.push(format!("{}{RS}{}", clean(label), table_flat(t)));
    }
    let header = sections.join(&GS.to_string());
    let mut out = vec![1];
    out.extend((header.len() as u32).to_le_bytes());
    out.extend(header.as_bytes());
    for c in r.charts {
        out.extend(&c.png);
    }
    out
}

/// The request to read a plan file (its bytes).
pub fn read_plan(file: &[u8]) -> Vec<u8> {
    let mut out = vec![2];
    out.extend(file);
    out
}

/// The request to write a plan as its file.
pub fn save_plan(plan: &Plan) -> Vec<u8> {
    let mut out = vec![3];
    out.extend(
        to_flat(&Loaded {
            plan: plan.clone(),
            messages: Vec::new(),
        })
        .as_bytes(),
    );
    out
}

const BAD: &str = "The report writer was sent a request it cannot read.";

/// The answer to a request: the report (.docx bytes), a plan file read (flat text) or a plan
/// file (JSON), or why not, in words.
pub fn answer(request: &[u8]) -> Result<Vec<u8>, String> {
    match request.split_first() {
        Some((1, rest)) => report(rest).ok_or_else(|| BAD.to_owned())?,
        Some((2, file)) => plan::from_json(file).map(|l| to_flat(&l).into_bytes()),
        Some((3, flat)) => std::str::from_utf8(flat)
            .ok()
            .and_then(from_flat)
            .map(|l| plan::to_json(&l.plan).into_bytes())
            .ok_or_else(|| BAD.to_owned()),
        _ => Err(BAD.to_owned()),
    }
}

/// A report's request answered: `None` if it cannot be read.
fn report(bytes: &[u8]) -> Option<Result<Vec<u8>, String>> {
    let len = u32::from_le_bytes(bytes.get(..4)?.try_into().ok()?) as usize;
    let header = std::str::from_utf8(bytes.get(4..4 + len)?).ok()?;
    let sections: Vec<&str> = header.split(GS).collect();
    let [settings, plan_flat, table, charts, ref previous @ ..] = sections[..] else {
        return None;
    };
    let s = records(settings);
    let s = s.first()?;
    let (low, high) = (s.first()?.parse().ok()?, s.get(1)?.parse().ok()?);
    let settings = Settings {
        band: ParityRange { low, high },
        nhs_orientation: *s.get(2)? == "1",
    };
    let made_on = (*s.get(3)?).to_owned();
    let safe = *s.get(4)? == "1";
    let plan = from_flat(plan_flat)?.plan;
    let current = check_table(table_from(table)?);
    let Some(submission) = current.submission.as_ref() else {
        return Some(Err(
            "The submission has errors: put them right before making the report.".to_owned(),
        ));
    };
    let results = compute(submission, &settings);
    let mut earlier = Vec::new();
    for section in previous {
        let (label, t) = section.split_once(RS)?;
        if let Some(s) = check_table(table_from(t)?).submission {
            earlier.push(Earlier {
                year: crate::compare::parse_year(label),
                label: label.to_owned(),
                results: compute(&s, &settings),
            });
        }
    }
    let mut at = 4 + len;
    let mut images = Vec::new();
    for c in records(charts) {
        let [scope, kind, w, h, n, alt] = c[..] else {
            return None;
        };
        let n: usize = n.parse().ok()?;
        images.push(ChartImage {
            scope: scope_from_str(scope)?,
            kind: ChartKind::from_key(kind)?,
            png: bytes.get(at..at + n)?.to_vec(),
            width_px: w.parse().ok()?,
            height_px: h.parse().ok()?,
            alt: alt.to_owned(),
        });
        at += n;
    }
    Some(Ok(docx(&Input {
        results: &results,
        messages: &current.messages,
        plan: &plan,
        earlier: &earlier,
        charts: &images,
        made_on: &made_on,
        publication_safe: safe,
        made_by: "",
    })))
}
