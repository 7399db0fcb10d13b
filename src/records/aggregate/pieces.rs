//! Counting one extract on several threads.
//!
//! The rows below the header are cut into pieces at line ends; each piece is counted on its
//! own, with the file's head (its bytes up to the rows) in front so that it knows the
//! columns; the pieces' counts are then added up in file order into the report the whole
//! file gives ([`super::aggregate_input`]). The page counts the pieces of a large extract in
//! Web Workers, one per processor core.
//!
//! A piece must start where a row starts, but a quoted cell may hold a line break. The page
//! cuts just after any line feed; each piece's counter notes whether it read an odd number
//! of quotes, and whether every quote was around a whole cell or doubled inside one. While
//! every quote is like that, a line feed ends a row exactly when an even number of quotes
//! comes before it, so the sum is exact when every piece starts after an even number; if not
//! (a line break inside a quoted cell was cut, or a stray quote), the sum gives way to
//! counting the file whole. The tests check the report against the whole file's, for any
//! text and any cuts.
//!
//! Adding up is exact while each piece stays within the limits on what is listed (500
//! distinct values of a column, 50 pay bands); a piece past one of them also makes
//! [`PieceMerger::finish`] give `None`, and the file is counted whole instead.

use serde::{Deserialize, Serialize};

use super::accumulate::{Accumulator, Pay};
use super::counts::{RowCounts, Tally};
use super::driver::{Arriving, InputAggregator, State};
use super::report::{InputReport, TableInfo};
use super::summary::{ValueSummary, Values};
use super::{LISTED_VALUES, ZERO};
use crate::model::MAX_PAY_BANDS;
use crate::read::RowReader;
use crate::records::values::{band_key, Ethnicity, WorkforceChoice};
use crate::records::{Code, Input, Issue, RecordSettings};

/// What counting one piece of a file's rows found: its counts, the values met and the
/// issues, with rows numbered as if the piece came straight after the header. Sent between
/// threads as JSON ([`Piece::to_json`]); it holds the values and issues the report lists,
/// so it stays on the device like everything else.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Piece {
    /// The lines in the piece (blank ones too): the rows of the next piece are numbered on
    /// from here.
    lines: usize,
    /// Whether every quote read (the header's too) was around a whole cell or doubled
    /// inside one: only then were the cuts between pieces where rows start.
    regular_quotes: bool,
    /// Whether it read an odd number of quotes (the header's are even when regular).
    odd_quotes: bool,
    counts: RowCounts,
    tally: Tally,
    band_names: Vec<String>,
    ethnicity: Listed<Ethnicity>,
    workforce: Listed<Option<WorkforceChoice>>,
    yes_no: Vec<Listed<Option<bool>>>,
    /// The row-level issues listed, in row order, each with its column's index.
    issues: Vec<(Option<usize>, Issue)>,
    /// Row-level issues counted but not listed: (kind, column, how many).
    not_listed: Vec<(Code, Option<usize>, u64)>,
}

/// The values a piece listed for one column.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Listed<M> {
    list: Vec<ValueSummary<M>>,
    rows_not_listed: u64,
}

impl<M: Copy> Listed<M> {
    fn of(values: Values<M>) -> Self {
        Listed {
            list: values.list,
            rows_not_listed: values.rows_not_listed,
        }
    }
}

impl Piece {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Result<Piece, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    fn of(acc: Accumulator, lines: usize, reader: &RowReader) -> Piece {
        Piece {
            lines,
            regular_quotes: reader.quotes_regular(),
            odd_quotes: reader.odd_quotes(),
            counts: acc.counts,
            tally: acc.tally,
            band_names: acc.band_names,
            ethnicity: Listed::of(acc.ethnicity),
            workforce: Listed::of(acc.workforce),
            yes_no: acc.yes_no.into_iter().map(Listed::of).collect(),
            // Issues without a row are about the columns: every piece has the same ones,
            // and the merger its own.
            issues: acc
                .issues
                .into_iter()
                .filter(|i| i.row.is_some())
                .map(|i| (i.column_index, i))
                .collect(),
            not_listed: acc
                .not_listed
                .into_iter()
                .map(|((code, col), n)| (code, col, n))
                .collect(),
        }
    }
}

/// Counts one piece of a file's rows (in a worker): made with the file's head, given the
/// piece's bytes in one or more parts, then finished.
pub struct PieceCounter {
    /// `None` once the piece turned out not to be readable in place (not UTF-8, a NUL).
    agg: Option<InputAggregator>,
}

impl PieceCounter {
    /// `head` is [`Split::head`] of the same file, and `settings` the same settings.
    pub fn new(input: Input, settings: &RecordSettings, head: &[u8]) -> PieceCounter {
        let mut agg = InputAggregator::streaming(input, settings, 0);
        agg.push(head);
        PieceCounter { agg: Some(agg) }
    }

    /// The next part of the piece: counts every row that has all arrived.
    pub fn push(&mut self, bytes: &[u8]) {
        let Some(agg) = self.agg.as_mut() else {
            return;
        };
        agg.push(bytes);
        if !in_place(agg) {
            self.agg = None;
            return;
        }
        while !agg.needs_input() && !agg.step(BATCH) {}
    }

    /// The piece's counts; `None` if it cannot be counted apart from the rest of the file
    /// (it is not UTF-8 text: the whole file is then counted from its start).
    pub fn finish(self) -> Option<Piece> {
        let mut agg = self.agg?;
        agg.end();
        if !in_place(&agg) {
            return None;
        }
        while !agg.step(BATCH) {}
        match agg.state {
            State::Reading { reader, acc } => {
                let lines = reader.next_number() - reader.header_row - 1;
                Some(Piece::of(*acc, lines, &reader))
            }
            _ => None,
        }
    }
}

/// Rows counted in one call of [`InputAggregator::step`]. In WebAssembly a browser first runs
/// a function as quickly compiled code and swaps in faster, optimised code for its later
/// calls: counting a piece in many short calls lets the swap happen early in a worker's first
/// piece rather than after it.
const BATCH: usize = 2048;

fn in_place(agg: &InputAggregator) -> bool {
    agg.arriving.as_ref().is_some_and(|a| a.in_place)
}

/// A file whose header has been read, ready to have its rows counted in pieces.
pub struct Split {
    /// The file's bytes up to where its rows start, ending with a line feed: what each
    /// [`PieceCounter`] is made with.
    pub head: Vec<u8>,
    /// Where the rows start in the file: the first piece starts here, and each piece after
    /// it just after a line feed.
    pub rows_at: usize,
    /// Adds up the pieces' counts.
    pub merger: PieceMerger,
}

/// Adds up the [`Piece`]s of one file, given in file order.
pub struct PieceMerger {
    acc: Accumulator,
    table: TableInfo,
    /// Lines in the pieces so far.
    lines: usize,
    /// False once a piece went past a limit on what is listed.
    exact: bool,
    /// Whether the pieces so far hold an odd number of quotes.
    odd_quotes: bool,
}

impl PieceMerger {
    /// The next piece (in file order).
    pub fn add(&mut self, p: Piece) {
        if self.exact {
            self.exact = self.absorb(p);
        }
    }

    /// Adds a piece; false when the sum would not be what counting the file whole gives.
    fn absorb(&mut self, p: Piece) -> bool {
        // A piece after an odd number of quotes started inside a quoted cell.
        if !p.regular_quotes || self.odd_quotes {
            return false;
        }
        self.odd_quotes ^= p.odd_quotes;
        let shift = self.lines;
        self.lines += p.lines;
        let a = &mut self.acc;
        a.counts.add(&p.counts);
        // Counts: pay bands by name, in the order first met.
        let bands: Option<Vec<usize>> = match a.pay {
            Pay::Band(_) => p
                .band_names
                .iter()
                .map(|name| {
                    let key = band_key(name);
                    if let Some(&b) = a.band_by_key.get(&key) {
                        return Some(b);
                    }
                    // A piece with as many bands as allowed may have turned rows away that
                    // the whole file would have too, but not the same ones.
                    if a.band_names.len() >= MAX_PAY_BANDS || p.band_names.len() >= MAX_PAY_BANDS {
                        return None;
                    }
                    a.band_names.push(name.clone());
                    a.tally.bands.push(ZERO);
                    a.band_by_key.insert(key, a.band_names.len() - 1);
                    Some(a.band_names.len() - 1)
                })
                .collect(),
            // Salary bands come from the thresholds: the same in every piece.
            _ => (p.band_names == a.band_names).then(|| (0..a.band_names.len()).collect()),
        };
        let Some(bands) = bands else {
            return false;
        };
        let t = &mut a.tally;
        for w in 0..2 {
            t.present[w] |= p.tally.present[w];
            add(&mut t.population[w], &p.tally.population[w]);
            for (yes, more) in t.yes.iter_mut().zip(&p.tally.yes) {
                add(&mut yes[w], &more[w]);
            }
            for (&b, more) in bands.iter().zip(&p.tally.bands) {
                add(&mut t.bands[b][w], &more[w]);
            }
        }
        // Values, each listed once, in the order first met.
        let mut exact = absorb_values(&mut a.ethnicity, p.ethnicity, shift)
            && absorb_values(&mut a.workforce, p.workforce, shift);
        for (values, more) in a.yes_no.iter_mut().zip(p.yes_no) {
            exact = exact && absorb_values(values, more, shift);
        }
        // Issues: listed as the whole file would list them (a piece lists at least as many of
        // a kind as the whole file still would, and the rest are counted either way).
        for (col, mut issue) in p.issues {
            if a.may_list(issue.code, col) {
                issue.row = issue.row.map(|r| r + shift);
                issue.column_index = col;
                a.issues.push(issue);
            }
        }
        for (code, col, n) in p.not_listed {
            *a.not_listed.entry((code, col)).or_insert(0) += n;
        }
        exact
    }

    /// The report for the whole file, once every piece has been added; `None` when a piece
    /// went past a limit on what is listed (count the file whole instead).
    pub fn finish(self) -> Option<InputReport> {
        if !self.exact {
            return None;
        }
        let table = TableInfo {
            rows: self.acc.counts.read,
            ..self.table
        };
        Some(self.acc.finish(table))
    }
}

fn add<const K: usize>(to: &mut [u64; K], more: &[u64; K]) {
    for (a, b) in to.iter_mut().zip(more) {
        *a += b;
    }
}

/// Adds a piece's values of one column to the file's; false if the piece listed too many
/// to know which of its rows the whole file would list.
fn absorb_values<M: Copy>(values: &mut Values<M>, more: Listed<M>, shift: usize) -> bool {
    if more.rows_not_listed > 0 {
        return false;
    }
    for mut s in more.list {
        if let Some(&i) = values.by_key.get(&s.key) {
            values.list[i as usize].rows += s.rows;
        } else if values.list.len() < LISTED_VALUES {
            s.first_row += shift;
            values
                .by_key
                .insert(s.key.clone(), values.list.len() as u32);
            values.list.push(s);
        } else {
            values.rows_not_listed += s.rows;
        }
    }
    true
}

impl InputAggregator {
    /// For a file arriving in pieces ([`InputAggregator::streaming`]) whose header has been
    /// read in place and none of whose rows has been counted yet: its head, where its rows
    /// start, and a merger for counting the rows elsewhere in pieces. `None` otherwise (the
    /// header has not all arrived, the file is not UTF-8, or nothing after the header has
    /// arrived yet).
    pub fn split(&self) -> Option<Split> {
        let a: &Arriving = self.arriving.as_ref().filter(|a| a.in_place)?;
        let State::Reading { reader, acc } = &self.state else {
            return None;
        };
        let text = reader.text();
        let at = reader.pos();
        if acc.counts.read > 0 || at == 0 || at >= a.checked {
            return None;
        }
        let mut head = text[..at].to_vec();
        // The head ends with a line feed, so that a piece's first line (blank or not) is a
        // line of its own after it.
        let rows_at = match (text[at - 1], text[at]) {
            (b'\r', b'\n') => {
                head.push(b'\n');
                at + 1
            }
            (b'\r', _) => {
                head[at - 1] = b'\n';
                at
            }
            (b'\n', _) => at,
            _ => return None,
        };
        Some(Split {
            head,
            rows_at,
            merger: PieceMerger {
                acc: Accumulator::new(a.input, &reader.header, &a.settings),
                table: TableInfo {
                    encoding: reader.encoding,
                    delimiter: reader.delimiter,
                    header_row: reader.header_row,
                    rows: 0,
                },
                lines: 0,
                exact: true,
                odd_quotes: false,
            },
        })
    }
}

/// Counts an extract as the page and its workers count a large one: cut just after the given
/// line feeds (counted from the start of the rows, the first is 0), each piece counted apart
/// and passed through JSON, then added up. `None` where the page would count the file whole
/// instead (see [`PieceMerger::finish`]), or when a cut is past the last line feed. Used to
/// warm the code up, and by the tests.
pub fn count_in_pieces(
    input: Input,
    bytes: &[u8],
    settings: &RecordSettings,
    cuts: &[usize],
) -> Option<InputReport> {
    let mut start = InputAggregator::streaming(input, settings, bytes.len());
    start.push(bytes);
    let split = start.split()?;
    let rows = &bytes[split.rows_at..];
    let ends: Vec<usize> = memchr::memchr_iter(b'\n', rows).collect();
    let mut at = vec![0];
    for &n in cuts {
        at.push(ends.get(n)? + 1);
    }
    at.push(rows.len());
    let mut merger = split.merger;
    for w in at.windows(2) {
        let mut counter = PieceCounter::new(input, settings, &split.head);
        counter.push(rows.get(w[0]..w[1])?);
        merger.add(Piece::from_json(&counter.finish()?.to_json()).ok()?);
    }
    merger.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::aggregate_input;

    fn in_pieces(input: Input, text: &str, cuts: &[usize]) -> Option<InputReport> {
        count_in_pieces(input, text.as_bytes(), &RecordSettings::default(), cuts)
    }

    #[test]
    fn a_piece_after_a_header_ended_by_a_lone_cr_keeps_its_blank_first_line() {
        let text = "Workforce,Ethnicity,Salary\rAdults,A,abc\n\nAdults,A,xyz\n";
        let whole = aggregate_input(Input::Staff, text.as_bytes(), &RecordSettings::default());
        let rows: Vec<_> = whole.issues.iter().filter_map(|i| i.row).collect();
        assert_eq!(rows, [2, 4]);
        assert_eq!(in_pieces(Input::Staff, text, &[0]), Some(whole));
    }

    #[test]
    fn issues_past_the_listed_limit_are_listed_as_the_whole_file_lists_them() {
        let mut text = String::from("Workforce,Ethnicity,Salary,Funded CPD\r\n");
        for i in 0..300 {
            // Every third row has a bad salary, every fifth a bad yes/no.
            let salary = if i % 3 == 0 { "abc" } else { "31000" };
            let cpd = if i % 5 == 0 { "maybe" } else { "Y" };
            text.push_str(&format!("Adults,A,{salary},{cpd}\r\n"));
            if i % 7 == 0 {
                text.push_str("\r\n");
            }
        }
        let whole = aggregate_input(Input::Staff, text.as_bytes(), &RecordSettings::default());
        assert!(!whole.issues_not_listed.is_empty());
        for cuts in [
            &[][..],
            &[0],
            &[5, 40, 41, 200],
            &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
        ] {
            assert_eq!(in_pieces(Input::Staff, &text, cuts).as_ref(), Some(&whole));
        }
    }

    #[test]
    fn a_piece_listing_too_many_values_makes_the_sum_give_way_to_the_whole_file() {
        let mut text = String::from("Workforce,Ethnicity,Salary\n");
        for i in 0..1200 {
            text.push_str(&format!("Adults,Value {i},31000\n"));
        }
        let whole = aggregate_input(Input::Staff, text.as_bytes(), &RecordSettings::default());
        assert_eq!(whole.ethnicity_rows_not_listed, 700);
        // Each piece within the limit: exact.
        assert_eq!(in_pieces(Input::Staff, &text, &[399, 799]), Some(whole));
        // The second piece alone lists more values than the limit: not knowable.
        assert_eq!(in_pieces(Input::Staff, &text, &[99]), None);
    }
}
