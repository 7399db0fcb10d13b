//! Counting a large CSV extract in the page's Web Workers ([`crate::ui::browser::workers`])
//! while the page reads it.
//!
//! The page reads the header itself, then reads the file ([`FileReader`]) in reads that double
//! in size up to 2 MB, or less for a smaller file (so that the workers start soon after the
//! file is chosen, and finish together). Each read, cut just after its last line feed and with
//! the end of the row the read before it cut short in front, is a piece, handed to the least
//! busy worker (the read's own buffer, not a copy). Each worker counts the pieces it is given
//! ([`crate::records::PieceCounter`]) and the page adds up their counts in file order
//! ([`PieceMerger`]): the same report as counting the file whole. The page keeps no copy of the
//! file: it reads it again for the next count. Whenever the workers cannot give the whole
//! file's report (a cut inside a quoted cell, a stray quote, a file that is not UTF-8, a piece
//! past a listing limit, a worker that failed), the page counts the file itself, from its
//! start (see [`super::count::count_file`]).

use std::collections::BTreeMap;

use wasm_bindgen::{JsCast, JsValue};

use super::count::Run;
use super::reader::FileReader;
use crate::read::stream::MAX_ROW_BYTES;
use crate::records::{Input, InputAggregator, InputReport, Piece, PieceMerger, RecordSettings};
use crate::ui::browser::workers::{self, Answer, PieceHead};

/// Files smaller than this are counted on the page itself: the workers would not pay.
const MIN_SIZE: f64 = 4.0 * 1024.0 * 1024.0;
/// The first read, for the header (and the first piece).
const FIRST_READ: f64 = 256.0 * 1024.0;
/// The largest read of the file: each read is one piece (with the end of the row the read
/// before it cut short).
const READ: f64 = 2.0 * 1024.0 * 1024.0;
/// Reads asked for at once.
const READ_AHEAD: usize = 3;
/// Pieces each worker is given at least (reads are smaller than READ for a smaller file).
const PIECES_PER_WORKER: usize = 4;
/// Pieces sent to each worker and not yet counted, at most.
const IN_FLIGHT: usize = 2;

/// What counting in workers came to.
pub(super) enum Counted {
    /// The report.
    Done(Box<InputReport>),
    /// Not counted here: count the file on the page (a small file, one core, the header not
    /// read in place, or the workers could not give the whole file's report).
    NotHere,
    /// A newer count has started, the count was cancelled, or the file could not be read.
    Stopped,
}

/// The pieces of one count: sent to the workers, answered, added up in file order.
struct SentPieces {
    merger: PieceMerger,
    /// Each piece sent and not yet added up: where it ends in the file, and its worker.
    sent: BTreeMap<u32, (usize, usize)>,
    /// Answers waiting for the pieces before them.
    early: BTreeMap<u32, String>,
    /// The number of the next piece, and of the next to add up.
    next: u32,
    merged: u32,
    /// Where the pieces added up so far end in the file.
    counted: usize,
}

impl SentPieces {
    fn new(merger: PieceMerger) -> Self {
        SentPieces {
            merger,
            sent: BTreeMap::new(),
            early: BTreeMap::new(),
            next: 0,
            merged: 0,
            counted: 0,
        }
    }

    /// Sends the next piece, `carry` (the end of a row the last read cut short) followed by
    /// `bytes`, which end at `end` in the file, to the least busy worker. False if it could not
    /// be sent.
    fn send(
        &mut self,
        head: &PieceHead,
        carry: &[u8],
        bytes: &js_sys::Uint8Array,
        end: usize,
    ) -> bool {
        let Some(worker) = workers::send(head, self.next, carry, bytes) else {
            return false;
        };
        self.sent.insert(self.next, (end, worker));
        self.next += 1;
        true
    }

    /// Notes a worker's answer and adds up the pieces now next in file order; false if a
    /// worker failed or a piece could not be counted.
    fn answered(&mut self, answer: Answer) -> bool {
        let Some((n, json)) = answer else {
            return false;
        };
        if let Some(&(_, w)) = self.sent.get(&n) {
            workers::answered(w);
        }
        self.early.insert(n, json);
        while let Some(json) = self.early.remove(&self.merged) {
            let (Some((end, _)), Ok(piece)) =
                (self.sent.remove(&self.merged), Piece::from_json(&json))
            else {
                return false;
            };
            self.merger.add(piece);
            self.merged += 1;
            self.counted = end;
        }
        true
    }

    /// Whether every piece sent has been added up.
    fn all_in(&self) -> bool {
        self.merged == self.next
    }
}

/// Counts a chosen CSV file in workers while it is read (see the module's documentation),
/// telling `progress` how far it has come (0 to 1).
pub(super) async fn count_in_workers(
    input: Input,
    file: &web_sys::File,
    settings: &RecordSettings,
    run: Run,
    progress: &dyn Fn(f64),
) -> Counted {
    let size = file.size();
    if size < MIN_SIZE {
        return Counted::NotHere;
    }
    // Made when the records page opened; else they start while the first reads arrive.
    workers::prepare();
    let Some(workers) = workers::count() else {
        return Counted::NotHere;
    };
    // At least PIECES_PER_WORKER pieces each, so that the workers finish at about the same
    // time.
    let largest = (size / (PIECES_PER_WORKER * workers) as f64).clamp(FIRST_READ, READ);
    let mut reader = FileReader::new(file, FIRST_READ, largest, READ_AHEAD);
    let Some(Ok(first_array)) = reader.next().await else {
        return Counted::Stopped;
    };
    let first = first_array.to_vec();
    // Only the first read goes in (for the header), so room for only that: not the file's
    // size, which would make the page's WebAssembly memory as large as the file.
    let mut start = InputAggregator::streaming(input, settings, first.len());
    start.push(&first);
    // A header line longer than the first read: read on, as far as the longest row the engine
    // accepts, rather than hand the page the whole file. A file of one enormous line is then
    // named from its first megabytes (row 1 too long), not read whole into the page.
    let mut read_on = false;
    let mut read = first.len();
    while start.header_pending() && read <= MAX_ROW_BYTES && !reader.at_end() {
        let Some(Ok(array)) = reader.next().await else {
            return Counted::Stopped;
        };
        let more = array.to_vec();
        read += more.len();
        start.push(&more);
        read_on = true;
    }
    if start.has_failed() {
        return Counted::Done(Box::new(start.finish()));
    }
    // A header found past the first read (a very wide one): counted on the page, as before.
    if read_on {
        return Counted::NotHere;
    }
    let Some(split) = start.split() else {
        return Counted::NotHere;
    };
    drop(start);
    if !run.is_current() {
        return Counted::NotHere;
    }
    let head = PieceHead::new(input, settings, &split.head);
    let mut pieces = SentPieces::new(split.merger);
    // The first piece: the whole rows of the first read. Then the rows read but not yet sent
    // (the end of a row the last read cut short), and where the next read starts in the file.
    let mut carry = first[split.rows_at..].to_vec();
    if let Some(i) = carry.iter().rposition(|&b| b == b'\n') {
        let cut = split.rows_at + i + 1;
        let bytes = first_array.subarray(split.rows_at as u32, cut as u32);
        if !pieces.send(&head, &[], &bytes, cut) {
            return failed();
        }
        carry.drain(..=i);
    }
    let mut offset = first.len();
    drop(first);
    let show = |counted: usize| progress(counted as f64 / size);

    while let Some(next) = reader.next().await {
        let Ok(array) = next else {
            return stopped();
        };
        if !run.is_current() {
            return stopped();
        }
        let len = array.length() as usize;
        // The next piece: whole rows (at the end of the file, all that is left).
        let cut = if reader.at_end() {
            Some(len)
        } else {
            last_index_of(&array, b'\n').map(|i| i + 1)
        };
        match cut {
            Some(cut) => {
                let bytes = array.subarray(0, cut as u32);
                let rest = array.subarray(cut as u32, len as u32).to_vec();
                if !pieces.send(&head, &carry, &bytes, offset + cut) {
                    return failed();
                }
                carry = rest;
            }
            // No line end in the whole read: it all waits for the next, unless the row is
            // already too long to be one (the page then counts the file, and says so).
            None if carry.len() + len > MAX_ROW_BYTES => return failed(),
            None => carry.extend_from_slice(&array.to_vec()),
        }
        offset += len;
        // Wait while the workers have enough in hand.
        while pieces.sent.len() >= IN_FLIGHT * workers {
            if let Err(end) = next_answer(&mut pieces, run).await {
                return end;
            }
        }
        show(pieces.counted);
    }
    while !pieces.all_in() {
        if let Err(end) = next_answer(&mut pieces, run).await {
            return end;
        }
        show(pieces.counted);
    }
    match pieces.merger.finish() {
        Some(report) => Counted::Done(Box::new(report)),
        None => Counted::NotHere,
    }
}

/// Waits for the next answer from a worker and adds it up. `Err` ends the count: stopped (a
/// newer count has started, or it was cancelled) or failed (the page counts the file itself);
/// either way the workers are stopped.
async fn next_answer(pieces: &mut SentPieces, run: Run) -> Result<(), Counted> {
    let a = workers::answer().await;
    if !run.is_current() {
        return Err(stopped());
    }
    if !pieces.answered(a) {
        return Err(failed());
    }
    Ok(())
}

/// A newer count has started, the count was cancelled, or the file could not be read: the
/// workers are stopped.
fn stopped() -> Counted {
    workers::discard();
    Counted::Stopped
}

/// The workers could not count the file (the page then counts it itself): they are stopped.
fn failed() -> Counted {
    workers::discard();
    Counted::NotHere
}

/// Where the last `value` in `array` is (`Uint8Array.prototype.lastIndexOf`), if any.
fn last_index_of(array: &js_sys::Uint8Array, value: u8) -> Option<usize> {
    let find = js_sys::Reflect::get(array, &"lastIndexOf".into()).ok()?;
    let at = find
        .dyn_ref::<js_sys::Function>()?
        .call1(array, &JsValue::from(value))
        .ok()?
        .as_f64()?;
    (at >= 0.0).then_some(at as usize)
}
