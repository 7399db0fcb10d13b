//! Results made safe to publish or show on a shared screen: every count from 1 to 9 is
//! hidden ("<10", as Social Work England does for the data it shares), and so is whatever
//! would give one away:
//!
//! - a rate, share or ratio worked out from a hidden count;
//! - a count that could be worked out from a total and the other parts (secondary
//!   suppression): wherever counts add up to a total that is shown somewhere (a pay band's
//!   row and its total, a group's column and its headcount, adults and children and both
//!   combined, the broad ethnic groups and all minority ethnic staff), no such line is left
//!   with exactly one hidden count. Each line with one gets a second: its smallest count not
//!   yet hidden (one above zero first), until none is left.
//!
//! The same count, wherever it appears (a headcount in M1 and as the "out of" of M3, the
//! survey respondents of M6 and M7), is one cell here, so it is hidden everywhere or nowhere.
//! Verdicts and the strength of evidence stay: they come from the full counts and give no
//! count away.

use std::collections::HashMap;

use crate::format;
use crate::metrics::MetricId;
use crate::model::{band_key, Measure, Population};
use crate::results::{GroupRate, MetricResult, Results, Scope, Shown, Suppressed};

/// Counts below this (and above zero) are hidden.
pub const THRESHOLD: u64 = 10;

/// A count, wherever it is shown. Groups: 0 minority ethnic, 1 white, 2 not known, 3 all.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    /// One pay band's count (by the band's key).
    Band(Scope, String, usize),
    /// The headcount of a group (the total of its column of pay bands).
    Headcount(Scope, usize),
    /// A row of the file other than the staff rows.
    Measure(Scope, Measure, usize),
    /// A broad ethnic group's events (0) or population (1) for a metric.
    Broad(Scope, MetricId, usize, usize),
}

struct Cells {
    index: HashMap<Key, usize>,
    values: Vec<u64>,
    /// The cell is of both workforces combined: hidden in preference to a workforce's own.
    combined: Vec<bool>,
    state: Vec<Shown>,
    lines: Vec<Vec<usize>>,
}

impl Cells {
    fn cell(&mut self, key: Key, value: u64) -> usize {
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        let i = self.values.len();
        self.combined.push(matches!(
            key,
            Key::Band(Scope::Combined, ..)
                | Key::Headcount(Scope::Combined, _)
                | Key::Measure(Scope::Combined, ..)
                | Key::Broad(Scope::Combined, ..)
        ));
        self.index.insert(key, i);
        self.values.push(value);
        self.state.push(if (1..THRESHOLD).contains(&value) {
            Shown::Under10
        } else {
            Shown::Shown
        });
        i
    }

    fn get(&self, key: &Key) -> Option<Shown> {
        self.index.get(key).map(|&i| self.state[i])
    }

    /// Secondary suppression: until no line has exactly one hidden cell. Of the cells that
    /// could be hidden with it, the one chosen settles the most other lines (those it would
    /// leave with exactly one hidden count count against it), then is of both workforces
    /// combined (so each workforce keeps its own figures where it can), then is above zero,
    /// then is the smallest: hiding as little as a greedy choice can.
    fn protect(&mut self) {
        let mut lines_of: Vec<Vec<usize>> = vec![Vec::new(); self.values.len()];
        for (l, line) in self.lines.iter().enumerate() {
            for &i in line {
                lines_of[i].push(l);
            }
        }
        let hidden_in = |state: &[Shown], l: usize| {
            self.lines[l].iter().filter(|&&i| state[i].hidden()).count()
        };
        loop {
            let mut changed = false;
            for l in 0..self.lines.len() {
                if hidden_in(&self.state, l) != 1 {
                    continue;
                }
                let score = |i: usize| -> i64 {
                    lines_of[i]
                        .iter()
                        .filter(|&&other| other != l)
                        .map(|&other| match hidden_in(&self.state, other) {
                            1 => 1,
                            0 => -1,
                            _ => 0,
                        })
                        .sum()
                };
                let pick = self.lines[l]
                    .iter()
                    .copied()
                    .filter(|&i| !self.state[i].hidden())
                    .max_by_key(|&i| {
                        (
                            score(i),
                            self.combined[i],
                            self.values[i] != 0,
                            std::cmp::Reverse(self.values[i]),
                        )
                    });
                if let Some(i) = pick {
                    self.state[i] = Shown::Hidden;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }
}

/// The results with every count under 10, and everything that gives one away, hidden.
pub fn redact(results: &Results) -> Results {
    let mut cells = Cells {
        index: HashMap::new(),
        values: Vec::new(),
        combined: Vec::new(),
        state: Vec::new(),
        lines: Vec::new(),
    };
    // Register every count shown, and the lines they add up along.
    for w in &results.workforces {
        let scope = w.workforce;
        for m in &w.metrics {
            if m.metric == MetricId::M1 {
                let mut columns: [Vec<usize>; 4] = Default::default();
                for b in &m.bands {
                    let k = band_key(&b.name);
                    let row: Vec<usize> = [b.minority_ethnic, b.white, b.not_known, b.total]
                        .iter()
                        .enumerate()
                        .map(|(g, &v)| cells.cell(Key::Band(scope, k.clone(), g), v))
                        .collect();
                    for (g, &i) in row.iter().enumerate() {
                        columns[g].push(i);
                    }
                    cells.lines.push(row);
                }
                if let Some(t) = m.workforce_share {
                    let totals: Vec<usize> = [t.minority_ethnic, t.white, t.not_known, t.total]
                        .iter()
                        .enumerate()
                        .map(|(g, &v)| cells.cell(Key::Headcount(scope, g), v))
                        .collect();
                    for (g, mut column) in columns.into_iter().enumerate() {
                        column.push(totals[g]);
                        cells.lines.push(column);
                    }
                    cells.lines.push(totals);
                }
                continue;
            }
            let def = m.metric.def();
            let events = [m.minority_ethnic, m.white, m.not_known];
            for (g, r) in events.iter().enumerate() {
                if let Some(r) = r {
                    cells.cell(Key::Measure(scope, def.events, g), r.events);
                    let key = match def.population {
                        Population::Headcount => Key::Headcount(scope, g),
                        Population::Measure(p) => Key::Measure(scope, p, g),
                    };
                    cells.cell(key, r.population);
                }
            }
            if let Some(survey) = &m.survey {
                for (g, r) in [survey.minority_ethnic, survey.white].iter().enumerate() {
                    cells.cell(Key::Headcount(scope, g), r.population);
                }
            }
            if !m.broad_groups.is_empty() {
                let me = m.minority_ethnic.unwrap_or(GroupRate {
                    events: 0,
                    population: 0,
                    rate: None,
                });
                let mut lines = [Vec::new(), Vec::new()];
                for (i, bg) in m.broad_groups.iter().enumerate() {
                    lines[0].push(cells.cell(Key::Broad(scope, m.metric, i, 0), bg.rate.events));
                    lines[1]
                        .push(cells.cell(Key::Broad(scope, m.metric, i, 1), bg.rate.population));
                }
                lines[0].push(cells.cell(Key::Measure(scope, def.events, 0), me.events));
                let pop = match def.population {
                    Population::Headcount => Key::Headcount(scope, 0),
                    Population::Measure(p) => Key::Measure(scope, p, 0),
                };
                lines[1].push(cells.cell(pop, me.population));
                cells.lines.extend(lines);
            }
        }
    }
    // Both workforces combined: each combined count is the adults' plus the children's.
    let keys: Vec<Key> = cells.index.keys().cloned().collect();
    for key in keys {
        let parts = |s: Scope| match &key {
            Key::Band(_, b, g) => Key::Band(s, b.clone(), *g),
            Key::Headcount(_, g) => Key::Headcount(s, *g),
            Key::Measure(_, m, g) => Key::Measure(s, *m, *g),
            Key::Broad(_, m, i, e) => Key::Broad(s, *m, *i, *e),
        };
        let scope = match &key {
            Key::Band(s, ..) | Key::Headcount(s, _) | Key::Measure(s, ..) | Key::Broad(s, ..) => *s,
        };
        if scope != Scope::Combined {
            continue;
        }
        let mut line = vec![cells.index[&key]];
        for s in [Scope::Adults, Scope::Children] {
            if let Some(&i) = cells.index.get(&parts(s)) {
                line.push(i);
            }
        }
        cells.lines.push(line);
    }
    cells.protect();

    let mut out = results.clone();
    for w in &mut out.workforces {
        let scope = w.workforce;
        for m in &mut w.metrics {
            hide(m, scope, &cells);
        }
    }
    out
}

/// Hides, in one result, what the cells say is hidden and what is worked out from it.
fn hide(m: &mut MetricResult, scope: Scope, cells: &Cells) {
    let shown = |k: Key| cells.get(&k).unwrap_or_default();
    let mut s = Suppressed::default();
    if m.metric == MetricId::M1 {
        for b in &mut m.bands {
            let k = band_key(&b.name);
            let st = [0, 1, 2, 3].map(|g| shown(Key::Band(scope, k.clone(), g)));
            let [me, white, nk, total] = st.map(Shown::hidden);
            if me || total {
                b.share_minority_ethnic = None;
            }
            if white || total {
                b.share_white = None;
            }
            if nk || total {
                b.share_not_known = None;
            }
            let heads = [0, 1].map(|g| shown(Key::Headcount(scope, g)).hidden());
            if me || white || heads.iter().any(|h| *h) {
                b.minority_ethnic_share_of_known = None;
                b.relative_to_workforce = None;
                b.relative_likelihood = None;
                b.ci95 = None;
            }
            s.bands.push(st);
        }
        if let Some(t) = &mut m.workforce_share {
            let [me, white, _, total] =
                [0, 1, 2, 3].map(|g| shown(Key::Headcount(scope, g)).hidden());
            if me || total {
                t.minority_ethnic_share_of_all = None;
            }
            if me || white {
                t.minority_ethnic_share_of_known = None;
            }
        }
        m.sentence = m1_sentence(m);
        m.suppressed = Some(s);
        return;
    }
    let def = m.metric.def();
    for (g, r) in [&mut m.minority_ethnic, &mut m.white, &mut m.not_known]
        .into_iter()
        .enumerate()
    {
        let e = shown(Key::Measure(scope, def.events, g));
        let p = shown(match def.population {
            Population::Headcount => Key::Headcount(scope, g),
            Population::Measure(p) => Key::Measure(scope, p, g),
        });
        if let Some(r) = r {
            if e.hidden() || p.hidden() {
                r.rate = None;
            }
        }
        s.events[g] = e;
        s.population[g] = p;
    }
    s.figure = s.events[..2]
        .iter()
        .chain(&s.population[..2])
        .any(|x| x.hidden());
    if s.figure {
        m.relative_likelihood = None;
        m.relative_likelihood_shown = None;
        m.ci95 = None;
        m.se_log = None;
        m.fisher_p = None;
        m.to_band = None;
        m.to_parity = None;
        m.what_it_would_take = None;
        m.sentence = format!(
            "The figure for {} is hidden for publication: with these counts it would let a count under 10 be worked out. The verdict below comes from the full counts.",
            m.metric
        );
    }
    if let Some(survey) = &mut m.survey {
        for (g, r) in [&mut survey.minority_ethnic, &mut survey.white]
            .into_iter()
            .enumerate()
        {
            if s.population[g].hidden() || shown(Key::Headcount(scope, g)).hidden() {
                r.rate = None;
            }
        }
        if survey.minority_ethnic.rate.is_none() || survey.white.rate.is_none() {
            survey.caution = survey.caution.as_ref().map(|_| {
                "The survey's response rates are hidden for publication (small numbers).".to_owned()
            });
        }
    }
    for (i, bg) in m.broad_groups.iter_mut().enumerate() {
        let st = [0, 1].map(|e| shown(Key::Broad(scope, m.metric, i, e)));
        if st.iter().any(|x| x.hidden()) || s.figure {
            bg.rate.rate = None;
            bg.relative_likelihood = None;
            bg.ci95 = None;
            bg.fisher_p = None;
        }
        s.broad_groups.push(st);
    }
    m.suppressed = Some(s);
}

/// M1's sentence, with the shares that are hidden said to be hidden.
fn m1_sentence(m: &MetricResult) -> String {
    let Some(share) = m.workforce_share else {
        return m.sentence.clone();
    };
    let parts: Vec<String> = m
        .bands
        .iter()
        .map(|b| match b.minority_ethnic_share_of_known {
            Some(s) => format!("{} {}", b.name, format::percent(s)),
            None => format!("{} hidden (small numbers)", b.name),
        })
        .collect();
    match share.minority_ethnic_share_of_known {
        Some(w) => format!(
            "Minority ethnic staff are {} of staff whose ethnicity is known; by pay band, of staff whose ethnicity is known: {}.",
            format::percent(w),
            parts.join("; ")
        ),
        None => "The shares of minority ethnic staff are hidden for publication (small numbers).".to_owned(),
    }
}
