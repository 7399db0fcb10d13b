//! The report as one request of bytes, and its answer: what the page sends to the report
//! writer, a WebAssembly module of its own (`src/bin/report_wasm.rs`) that the single file
//! carries and starts only when a report is asked for, so that the .docx writer is never in
//! the way of the page's start (docs/performance.md).
//!
//! It also reads plan files for the page ([`read_plan`]): the JSON reader is the writer's too.
//!
//! A request starts with one byte saying what it is: 1, a report; 2, a plan file to read.
//! A report's request then has 4 bytes (little-endian) giving the length of a JSON header, the header, then
//! the charts' PNG bytes one after another (the header gives each one's length). The header
//! holds the submission as the page read it (its header and rows, with their row numbers, so
//! the cautions and their notes are the same), last year's too, the settings, the plan file's
//! text, the date and the presentation-safe setting. No staff data: counts, as in the file.

use serde::{Deserialize, Serialize};

use super::{docx, ChartImage, ChartKind, Earlier, Input};
use crate::plan::{self, scope_from_str};
use crate::read::{Encoding, Row, Table};
use crate::results::{compute, ParityRange, Settings};
use crate::submission::check_table;

#[derive(Serialize, Deserialize)]
struct TableJson {
    header: Vec<String>,
    header_row: usize,
    rows: Vec<(usize, Vec<String>)>,
}

impl TableJson {
    fn of(t: &Table) -> Self {
        TableJson {
            header: t.header.clone(),
            header_row: t.header_row,
            rows: t.rows.iter().map(|r| (r.number, r.cells.clone())).collect(),
        }
    }

    fn table(self) -> Table {
        Table {
            encoding: Encoding::Utf8,
            delimiter: b',',
            header: self.header,
            header_row: self.header_row,
            rows: self
                .rows
                .into_iter()
                .map(|(number, cells)| Row { number, cells })
                .collect(),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct ChartJson {
    scope: String,
    kind: String,
    width: u32,
    height: u32,
    alt: String,
    len: usize,
}

#[derive(Serialize, Deserialize)]
struct Header {
    table: TableJson,
    previous: Option<(String, TableJson)>,
    band: [f64; 2],
    nhs: bool,
    plan: String,
    made_on: String,
    safe: bool,
    charts: Vec<ChartJson>,
}

impl ChartKind {
    fn key(self) -> &'static str {
        match self {
            ChartKind::Overview => "overview",
            ChartKind::PayBands => "pay_bands",
            ChartKind::YearOnYear => "year_on_year",
        }
    }

    fn from_key(key: &str) -> Option<ChartKind> {
        [
            ChartKind::Overview,
            ChartKind::PayBands,
            ChartKind::YearOnYear,
        ]
        .into_iter()
        .find(|k| k.key() == key)
    }
}

/// What the page knows, as one request for the report writer.
pub struct Request<'a> {
    pub table: &'a Table,
    /// Last year's file, with how the report names it.
    pub previous: Option<(&'a str, &'a Table)>,
    pub settings: Settings,
    pub plan: &'a plan::Plan,
    pub made_on: &'a str,
    pub publication_safe: bool,
    pub charts: &'a [ChartImage],
}

/// The request's bytes.
pub fn encode(r: &Request) -> Vec<u8> {
    let header = Header {
        table: TableJson::of(r.table),
        previous: r
            .previous
            .map(|(label, t)| (label.to_owned(), TableJson::of(t))),
        band: [r.settings.band.low, r.settings.band.high],
        nhs: r.settings.nhs_orientation,
        plan: plan::to_json(r.plan),
        made_on: r.made_on.to_owned(),
        safe: r.publication_safe,
        charts: r
            .charts
            .iter()
            .map(|c| ChartJson {
                scope: c.scope.key().to_owned(),
                kind: c.kind.key().to_owned(),
                width: c.width_px,
                height: c.height_px,
                alt: c.alt.clone(),
                len: c.png.len(),
            })
            .collect(),
    };
    let json = serde_json::to_vec(&header).expect("a request serialises");
    let mut out = vec![1];
    out.extend((json.len() as u32).to_le_bytes());
    out.extend(json);
    for c in r.charts {
        out.extend(&c.png);
    }
    out
}

/// The request to read a plan file (its bytes): answered by the plan in the page's flat form
/// ([`crate::plan::flat`]), or why the file cannot be read.
pub fn read_plan(file: &[u8]) -> Vec<u8> {
    let mut out = vec![2];
    out.extend(file);
    out
}

/// The answer to a request: the report (.docx bytes), or a plan file read (flat text), or
/// why not, in words.
pub fn answer(request: &[u8]) -> Result<Vec<u8>, String> {
    match request.split_first() {
        Some((1, rest)) => report(rest),
        Some((2, file)) => plan::from_json(file).map(|l| plan::flat::to_flat(&l).into_bytes()),
        _ => Err("The report writer was sent a request it cannot read.".to_owned()),
    }
}

fn report(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let bad = || "The report writer was sent a request it cannot read.".to_owned();
    let len = u32::from_le_bytes(
        bytes
            .get(..4)
            .ok_or_else(bad)?
            .try_into()
            .map_err(|_| bad())?,
    ) as usize;
    let json = bytes.get(4..4 + len).ok_or_else(bad)?;
    let header: Header = serde_json::from_slice(json).map_err(|e| format!("{} ({e})", bad()))?;
    let settings = Settings {
        band: ParityRange {
            low: header.band[0],
            high: header.band[1],
        },
        nhs_orientation: header.nhs,
    };
    let current = check_table(header.table.table());
    let submission = current
        .submission
        .as_ref()
        .ok_or("The submission has errors: put them right before making the report.")?;
    let results = compute(submission, &settings);
    let mut earlier = Vec::new();
    if let Some((label, t)) = header.previous {
        if let Some(s) = check_table(t.table()).submission {
            earlier.push(Earlier {
                label,
                results: compute(&s, &settings),
            });
        }
    }
    let plan = plan::from_json(header.plan.as_bytes())?.plan;
    let mut at = 4 + len;
    let mut charts = Vec::new();
    for c in header.charts {
        let png = bytes.get(at..at + c.len).ok_or_else(bad)?.to_vec();
        at += c.len;
        charts.push(ChartImage {
            scope: scope_from_str(&c.scope).ok_or_else(bad)?,
            kind: ChartKind::from_key(&c.kind).ok_or_else(bad)?,
            png,
            width_px: c.width,
            height_px: c.height,
            alt: c.alt,
        });
    }
    Ok(docx(&Input {
        results: &results,
        messages: &current.messages,
        plan: &plan,
        earlier: &earlier,
        charts: &charts,
        made_on: &header.made_on,
        publication_safe: header.safe,
        made_by: "",
    }))
}
