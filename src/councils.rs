//! Several councils side by side (a community-of-practice session, a regional network): many
//! submission files -> each council's figures, the figures pooled across councils
//! (Mantel–Haenszel, with the Greenland–Robins variance), the heterogeneity between councils
//! (Cochran's Q, I²) and each council's place on a funnel plot (Spiegelhalter 2005).
//!
//! Each file is read and checked exactly as one file is ([`crate::submission::parse`]) and
//! its results computed by [`crate::results::compute`] with the default settings (the SC-WRES
//! orientation, minority ethnic relative to white); a file with errors is left out and its
//! messages kept, with its name. The maths of one 2x2 table is [`crate::stats`]'s.
//!
//! - here: the files -> a [`Comparison`] (councils, their figures, the pooled figures);
//! - `pool`: Mantel–Haenszel, Q and I² over a set of 2x2 tables;
//! - `funnel`: a funnel plot's target, limits, classes and over-dispersion;
//! - `export`: the comparison as JSON, CSV and a plain-text table.
//!
//! The work grows linearly with the number of files: each is read once, duplicates are found
//! by hashing, and every figure is one pass over the councils.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use serde::{Serialize, Serializer};

use crate::diag::{Code, Severity};
use crate::format;
use crate::metrics::{Kind, MetricId, METRICS};
use crate::results::{compute, BandShare, Results, Scope, Settings};
use crate::stats::{TwoByTwo, Undefined};
use crate::submission::{parse, Message};

pub mod export;
pub mod funnel;
pub mod pool;
pub mod tables;

pub use funnel::{Adjustment, FunnelClass, FunnelView, Target};
pub use pool::Pooled;

/// The workforces compared: each is pooled on its own (a council's two workforces are not
/// added together here).
pub const WORKFORCES: [Scope; 2] = [Scope::Adults, Scope::Children];

/// The most files compared at once: the whole SC-WRES programme is about 150 councils.
pub const MAX_FILES: usize = 500;

/// One council compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Council {
    /// "Council A", "Council B", … in the order the files were given.
    pub label: String,
    /// The council's name from its file: the file's name without folders or extension.
    pub name: String,
    /// The file's name as given.
    pub file: String,
}

/// A file left out of the comparison, with its errors.
#[derive(Debug, Clone, PartialEq)]
pub struct LeftOut {
    pub file: String,
    /// Why, in words (the first error, or "the same file as …").
    pub reason: String,
}

/// A message about one of the files: the file's name, then the message as one file's check
/// gives it (severity, code, row, column, header, value, message).
#[derive(Debug, Clone, PartialEq)]
pub struct FileMessage {
    pub file: String,
    pub message: Message,
}

/// The message's own fields (as one file's check writes them), led by the file's name.
#[derive(Serialize)]
struct FileMessageOut<'a> {
    file: &'a str,
    severity: Severity,
    code: Code,
    #[serde(skip_serializing_if = "Option::is_none")]
    row: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    header: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    workforce: Option<crate::model::Workforce>,
    #[serde(skip_serializing_if = "<[MetricId]>::is_empty")]
    metrics: &'a [MetricId],
    message: &'a str,
}

impl Serialize for FileMessage {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let m = &self.message;
        FileMessageOut {
            file: &self.file,
            severity: m.severity,
            code: m.code,
            row: m.row,
            column: m.column_letter.as_deref(),
            header: m.header.as_deref(),
            value: m.value.as_deref(),
            workforce: m.about.workforce,
            metrics: &m.about.metrics,
            message: &m.message,
        }
        .serialize(serializer)
    }
}

impl std::fmt::Display for FileMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

/// One council's figure for one metric and workforce.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Index into [`Comparison::councils`].
    pub council: usize,
    /// Minority ethnic events and population, white events and population (known
    /// ethnicity only); `None` when the file lacks a row the metric needs.
    pub table: Option<TwoByTwo>,
    pub relative_likelihood: Option<f64>,
    pub ci95: Option<[f64; 2]>,
    /// The log relative likelihood the funnel plot places the council at (0.5 added to each
    /// cell when a cell is zero, as for the Katz interval), and its standard error (Katz).
    pub log_rl: Option<f64>,
    pub se_log: Option<f64>,
    /// Why there is no figure, when there is none.
    pub reason: Option<String>,
    /// A count from 1 to 9 feeds the figure.
    pub small_numbers: bool,
    /// Against the pooled figure, with no over-dispersion adjustment.
    pub funnel: FunnelClass,
}

impl Figure {
    /// 1 / SE: the funnel plot's horizontal axis.
    pub fn precision(&self) -> Option<f64> {
        self.se_log.filter(|s| *s > 0.0).map(|s| 1.0 / s)
    }

    /// The ratio the funnel plot draws: the relative likelihood, or for one with a zero cell
    /// the corrected one.
    pub fn drawn_at(&self) -> Option<f64> {
        self.log_rl.map(f64::exp)
    }
}

/// Every council's figure for one workforce and metric, and the pooled figure.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricSet {
    pub workforce: Scope,
    pub metric: MetricId,
    pub kind: Kind,
    /// One for each council with this workforce in its file, in council order.
    pub figures: Vec<Figure>,
    pub pooled: Pooled,
    /// The latest published national figure, and its year.
    pub national: Option<(u16, f64)>,
}

/// One council's M1: each pay band's minority ethnic share against the workforce's.
#[derive(Debug, Clone, PartialEq)]
pub struct M1Council {
    pub council: usize,
    pub workforce: Scope,
    /// Minority ethnic share of staff with a known ethnicity, whole workforce.
    pub workforce_share: Option<f64>,
    pub bands: Vec<BandShare>,
}

/// The councils compared: who they are, every figure, the pooled figures, and what was
/// left out and why.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Comparison {
    pub councils: Vec<Council>,
    pub left_out: Vec<LeftOut>,
    /// Every file's messages (errors and warnings), with its name, in file order; and the
    /// warnings about the same file twice or two files with the same council name.
    pub messages: Vec<FileMessage>,
    /// Workforce by workforce, metric by metric (M2 to M9).
    pub sets: Vec<MetricSet>,
    pub m1: Vec<M1Council>,
    /// The same, as each council's results are published ([`crate::disclosure::redact`]): a
    /// band's shares are gone where a count under 10 (or one that gives such a count away)
    /// went into them. For presentation and the presentation-safe setting.
    pub m1_published: Vec<M1Council>,
}

/// "Council A" … "Council Z", "Council AA", "Council AB" …: the `i`th label (from 0).
pub fn label(i: usize) -> String {
    let mut letters = Vec::new();
    let mut n = i + 1;
    while n > 0 {
        n -= 1;
        letters.push(b'A' + (n % 26) as u8);
        n /= 26;
    }
    letters.reverse();
    format!("Council {}", String::from_utf8(letters).unwrap_or_default())
}

/// A council's name from its file's name: no folders, no extension.
pub fn name_from_file(file: &str) -> String {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let stem = match base.rsplit_once('.') {
        Some((stem, _)) if !stem.trim().is_empty() => stem,
        _ => base,
    };
    stem.trim().to_owned()
}

fn hash_of(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

fn warning(code: Code, text: String) -> Message {
    Message::new(Severity::Warning, code, Default::default(), text)
}

impl Comparison {
    /// Reads and checks each file (its name and its bytes), leaves out those with errors and
    /// repeats of a file already given, and compares the rest.
    /// M1 across councils, as published (`published`: counts under 10 hidden) or in full.
    pub fn m1_rows(&self, published: bool) -> &[M1Council] {
        if published {
            &self.m1_published
        } else {
            &self.m1
        }
    }

    pub fn from_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Comparison {
        Comparison::from_sized(files.into_iter().map(|(n, b)| (n, b, b.len())))
    }

    /// As [`Comparison::from_files`], each file with its whole size: the page reads no more of
    /// a file than a submission file can hold, and a file larger than that is reported with
    /// its own size.
    pub fn from_sized<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a [u8], usize)>,
    ) -> Comparison {
        let mut cmp = Comparison::default();
        let mut seen: HashMap<u64, Vec<(&'a [u8], String)>> = HashMap::new();
        let mut names: HashMap<String, String> = HashMap::new();
        let mut results: Vec<Results> = Vec::new();
        for (i, (file, bytes, size)) in files.into_iter().enumerate() {
            if i >= MAX_FILES {
                cmp.left_out.push(LeftOut {
                    file: file.to_owned(),
                    reason: format!("only the first {MAX_FILES} files are compared"),
                });
                continue;
            }
            let same = seen
                .get(&hash_of(bytes))
                .and_then(|v| v.iter().find(|(b, _)| *b == bytes))
                .map(|(_, f)| f.clone());
            if let Some(first) = same {
                let text = format!(
                    "This is the same file as {first}: it is left out, so that the council is counted once."
                );
                cmp.messages.push(FileMessage {
                    file: file.to_owned(),
                    message: warning(Code::SameFile, text),
                });
                cmp.left_out.push(LeftOut {
                    file: file.to_owned(),
                    reason: format!("the same file as {first}"),
                });
                continue;
            }
            seen.entry(hash_of(bytes))
                .or_default()
                .push((bytes, file.to_owned()));
            let parsed = if size > crate::submission::MAX_FILE_BYTES {
                crate::submission::too_large(size)
            } else {
                parse(bytes)
            };
            let errors: Vec<&Message> = parsed.errors().collect();
            if let Some(first) = errors.first() {
                cmp.left_out.push(LeftOut {
                    file: file.to_owned(),
                    reason: first.located_text(),
                });
            }
            cmp.messages
                .extend(parsed.messages.iter().map(|m| FileMessage {
                    file: file.to_owned(),
                    message: m.clone(),
                }));
            let Some(submission) = parsed.submission.as_ref().filter(|_| errors.is_empty()) else {
                continue;
            };
            let name = name_from_file(file);
            let key = format::lowercase(&name);
            if let Some(other) = names.get(&key) {
                let text = format!(
                    "This file and {other} have the same council name, \"{name}\": check that they are two councils (both are compared)."
                );
                cmp.messages.push(FileMessage {
                    file: file.to_owned(),
                    message: warning(Code::SameCouncilName, text),
                });
            } else {
                names.insert(key, file.to_owned());
            }
            cmp.councils.push(Council {
                label: label(cmp.councils.len()),
                name,
                file: file.to_owned(),
            });
            results.push(compute(submission, &Settings::default()));
        }
        cmp.sets = metric_sets(&results);
        cmp.m1 = m1(&results);
        let published: Vec<Results> = results.iter().map(crate::disclosure::redact).collect();
        cmp.m1_published = m1(&published);
        cmp
    }

    /// What to call council `i`: its label, or its name from the file when `names` is set.
    pub fn display_name(&self, i: usize, names: bool) -> &str {
        let c = &self.councils[i];
        if names {
            &c.name
        } else {
            &c.label
        }
    }

    /// The set for a workforce and metric.
    pub fn set(&self, workforce: Scope, metric: MetricId) -> Option<&MetricSet> {
        self.sets
            .iter()
            .find(|s| s.workforce == workforce && s.metric == metric)
    }

    /// The workforces at least one council has.
    pub fn workforces(&self) -> Vec<Scope> {
        WORKFORCES
            .into_iter()
            .filter(|w| {
                self.sets
                    .iter()
                    .any(|s| s.workforce == *w && !s.figures.is_empty())
            })
            .collect()
    }

    /// Errors among the messages.
    pub fn errors(&self) -> impl Iterator<Item = &FileMessage> {
        self.messages
            .iter()
            .filter(|m| m.message.severity == Severity::Error)
    }
}

/// The 2x2 table of a metric result: minority ethnic events of population, white events of
/// population (the default settings state every metric that way round).
fn table_of(m: &crate::results::MetricResult) -> Option<TwoByTwo> {
    let (me, w) = (m.minority_ethnic?, m.white?);
    Some(TwoByTwo::new(
        me.events,
        me.population,
        w.events,
        w.population,
    ))
}

fn figure(council: usize, m: &crate::results::MetricResult) -> Figure {
    let table = table_of(m);
    let log = table.map(|t| t.katz_log());
    let (log_rl, se_log) = match log {
        Some(Ok((l, s))) if l.is_finite() && s.is_finite() => (Some(l), Some(s)),
        _ => (None, None),
    };
    let reason = match (&m.reason, log) {
        (Some(r), _) => Some(r.clone()),
        (None, Some(Err(Undefined::EventsExceedPopulation))) => {
            Some("a group has more events than people".to_owned())
        }
        // Events among minority ethnic staff and none among white staff: the result's
        // sentence says so ("No ratio can be given, because none of the ...").
        (None, Some(Err(_))) => Some(m.sentence.clone()),
        _ => None,
    };
    Figure {
        council,
        table,
        relative_likelihood: m.relative_likelihood,
        ci95: m.ci95,
        log_rl: log_rl.filter(|_| m.relative_likelihood.is_some()),
        se_log: se_log.filter(|_| m.relative_likelihood.is_some()),
        reason,
        small_numbers: m.small_numbers,
        funnel: FunnelClass::None,
    }
}

fn metric_sets(results: &[Results]) -> Vec<MetricSet> {
    let mut sets = Vec::new();
    for workforce in WORKFORCES {
        for def in METRICS.iter().filter(|d| d.kind != Kind::Representation) {
            let figures: Vec<Figure> = results
                .iter()
                .enumerate()
                .filter_map(|(i, r)| {
                    let m = r.scope(workforce)?.metric(def.id)?;
                    Some(figure(i, m))
                })
                .collect();
            let tables: Vec<TwoByTwo> = figures.iter().filter_map(|f| f.table).collect();
            let logs: Vec<(f64, f64)> = figures
                .iter()
                .filter_map(|f| f.log_rl.zip(f.se_log))
                .collect();
            let pooled = pool::pool(&tables, &logs);
            let national = [2024u16, 2023]
                .iter()
                .find_map(|y| crate::benchmarks::national(def.id, *y))
                .map(|b| (b.year, b.relative_likelihood));
            let mut set = MetricSet {
                workforce,
                metric: def.id,
                kind: def.kind,
                figures,
                pooled,
                national,
            };
            let view = funnel::view(&set, Target::Pooled, Adjustment::None);
            for p in &view.points {
                set.figures[p.figure].funnel = p.class;
            }
            sets.push(set);
        }
    }
    sets
}

fn m1(results: &[Results]) -> Vec<M1Council> {
    let mut out = Vec::new();
    for workforce in WORKFORCES {
        for (i, r) in results.iter().enumerate() {
            let Some(m) = r.scope(workforce).and_then(|w| w.metric(MetricId::M1)) else {
                continue;
            };
            // Of staff whose ethnicity is known, as each band's share beside it is.
            let workforce_share = m
                .workforce_share
                .and_then(|w| w.minority_ethnic_share_of_known);
            out.push(M1Council {
                council: i,
                workforce,
                workforce_share,
                bands: m.bands.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_run_on_past_z() {
        assert_eq!(label(0), "Council A");
        assert_eq!(label(25), "Council Z");
        assert_eq!(label(26), "Council AA");
        assert_eq!(label(27), "Council AB");
        assert_eq!(label(149), "Council ET");
        let all: std::collections::HashSet<String> = (0..800).map(label).collect();
        assert_eq!(all.len(), 800);
    }

    #[test]
    fn names_come_from_file_names() {
        assert_eq!(name_from_file("/tmp/x/Leeds 2024.csv"), "Leeds 2024");
        assert_eq!(name_from_file("C:\\data\\york.xlsx"), "york");
        assert_eq!(name_from_file(".csv"), ".csv");
        assert_eq!(name_from_file("no-extension"), "no-extension");
    }
}
