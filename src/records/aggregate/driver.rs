//! Reading an extract and adding it up a batch of rows at a time, from all its bytes or as
//! they arrive ([`InputAggregator`]): the state machine around an [`Accumulator`].

use std::sync::Arc;

use super::accumulate::Accumulator;
use super::report::{InputReport, TableInfo};
use crate::read::stream::RowReader;
use crate::read::{Encoding, ReadError, Table};
use crate::records::columns::Input;
use crate::records::RecordSettings;

/// Adds up one extract a batch of rows at a time, so that a screen can show progress and
/// stay responsive on a large file: call [`InputAggregator::step`] until it returns true,
/// then [`InputAggregator::finish`].
///
/// It can also count a file while it is still being read ([`InputAggregator::streaming`]):
/// [`push`](InputAggregator::push) each piece as it arrives, `step` while
/// [`needs_input`](InputAggregator::needs_input) is false, and
/// [`end`](InputAggregator::end) after the last piece. The report is the same as for the
/// whole file read at once: a file that cannot be read in place as UTF-8 (another encoding,
/// a workbook, a NUL byte) is simply counted from the start once all of it has arrived.
pub struct InputAggregator {
    pub(super) state: State,
    /// Set while a file arrives in pieces.
    pub(super) arriving: Option<Arriving>,
}

/// A file arriving in pieces.
pub(super) struct Arriving {
    pub(super) input: Input,
    pub(super) settings: RecordSettings,
    /// The file's size, for the progress bar.
    size: usize,
    /// Whether the last piece has come.
    ended: bool,
    /// False once the file is known not to be readable in place (then its rows are counted
    /// after the last piece, from the whole file).
    pub(super) in_place: bool,
    /// How many bytes from the start are known to be UTF-8 with no NUL.
    pub(super) checked: usize,
}

pub(super) enum State {
    /// The bytes so far, while the header has not all arrived (or the file cannot be read in
    /// place).
    Waiting(Arc<Vec<u8>>),
    Reading {
        reader: Box<RowReader>,
        acc: Box<Accumulator>,
    },
    /// A table already read (a workbook's sheet): the rows from `next` on are still to count.
    Table {
        table: Arc<Table>,
        next: usize,
        acc: Box<Accumulator>,
    },
    Failed(Box<InputReport>),
}

impl InputAggregator {
    /// Decodes the bytes and reads the header (the rows are read by `step`).
    pub fn new(input: Input, bytes: &[u8], settings: &RecordSettings) -> InputAggregator {
        Self::new_sheet(input, bytes, None, settings)
    }

    /// As [`InputAggregator::new`], reading the named sheet when the file is an Excel
    /// workbook (see [`crate::read::open`]; CSV files ignore `sheet`).
    pub fn new_sheet(
        input: Input,
        bytes: &[u8],
        sheet: Option<&str>,
        settings: &RecordSettings,
    ) -> InputAggregator {
        Self::shared(input, Arc::new(bytes.to_vec()), sheet, settings)
    }

    /// As [`InputAggregator::new_sheet`], reading UTF-8 text in place: a large extract is
    /// not copied (see [`RowReader::shared`]).
    pub fn shared(
        input: Input,
        bytes: Arc<Vec<u8>>,
        sheet: Option<&str>,
        settings: &RecordSettings,
    ) -> InputAggregator {
        if crate::read::is_workbook(&bytes) {
            return match crate::read::open(&bytes, sheet) {
                Ok(table) => Self::table(input, Arc::new(table), settings),
                Err(e) => InputAggregator {
                    state: State::Failed(Box::new(InputReport::failed(input, &e, settings))),
                    arriving: None,
                },
            };
        }
        let state = match RowReader::shared(bytes) {
            Ok(reader) => {
                let acc = Accumulator::new(input, &reader.header, settings);
                State::Reading {
                    reader: Box::new(reader),
                    acc: Box::new(acc),
                }
            }
            Err(e) => State::Failed(Box::new(InputReport::failed(input, &e, settings))),
        };
        InputAggregator {
            state,
            arriving: None,
        }
    }

    /// Counts a table already read (a workbook's sheet, read once however often its choices
    /// change), a batch of rows at a time as `step` is called.
    pub fn table(input: Input, table: Arc<Table>, settings: &RecordSettings) -> InputAggregator {
        let acc = Accumulator::new(input, &table.header, settings);
        InputAggregator {
            state: State::Table {
                table,
                next: 0,
                acc: Box::new(acc),
            },
            arriving: None,
        }
    }

    /// Starts counting a file whose bytes will arrive in pieces (see [`InputAggregator::push`]),
    /// `size` bytes in all.
    pub fn streaming(input: Input, settings: &RecordSettings, size: usize) -> InputAggregator {
        InputAggregator {
            state: State::Waiting(Arc::new(Vec::with_capacity(size))),
            arriving: Some(Arriving {
                input,
                settings: settings.clone(),
                size,
                ended: false,
                in_place: true,
                checked: 0,
            }),
        }
    }

    /// The next piece of a file started with [`InputAggregator::streaming`].
    pub fn push(&mut self, piece: &[u8]) {
        let Some(a) = self.arriving.as_mut().filter(|a| !a.ended) else {
            return;
        };
        let text = match &mut self.state {
            State::Waiting(text) => text,
            State::Reading { reader, .. } => reader.text_mut(),
            State::Table { .. } | State::Failed(_) => return,
        };
        let text = Arc::make_mut(text);
        let at = text.len();
        // A copy (memory.copy in WebAssembly), not a resize and then a fill: in the size-
        // optimised build, resize writes its zeros a byte at a time.
        text.extend_from_slice(piece);
        let piece = &text[at..];
        if a.in_place {
            // UTF-8 so far, but for a character cut in two at the end of the piece (its rest
            // comes with the next one); and no NUL, which would make the file not text.
            match std::str::from_utf8(&text[a.checked..]) {
                Ok(_) => a.checked = text.len(),
                Err(e) if e.error_len().is_none() => a.checked += e.valid_up_to(),
                Err(_) => a.in_place = false,
            }
            if memchr::memchr(0, piece).is_some() {
                a.in_place = false;
            }
        }
        self.arrived();
    }

    /// The last piece has come: returns the whole file's bytes (not a copy), to count again
    /// later with [`InputAggregator::shared`].
    pub fn end(&mut self) -> Arc<Vec<u8>> {
        let bytes = self.arrived_text().cloned().unwrap_or_default();
        let Some(a) = self.arriving.as_mut() else {
            return bytes;
        };
        a.ended = true;
        if a.checked < bytes.len() {
            // It ends in the middle of a character: not UTF-8.
            a.in_place = false;
        }
        self.arrived();
        bytes
    }

    /// The bytes of a file arriving in pieces, so far.
    fn arrived_text(&self) -> Option<&Arc<Vec<u8>>> {
        match &self.state {
            State::Waiting(text) => Some(text),
            State::Reading { reader, .. } => Some(reader.text()),
            State::Table { .. } | State::Failed(_) => None,
        }
    }

    /// Moves on after a piece (or the end) has arrived: reads the header once it is all
    /// there, tells the reader how far it may read, or falls back to waiting for the whole
    /// file (and then counts it as [`InputAggregator::shared`] would).
    fn arrived(&mut self) {
        let Some(a) = &self.arriving else {
            return;
        };
        let (input, ended, in_place, checked) = (a.input, a.ended, a.in_place, a.checked);
        let state = match std::mem::replace(&mut self.state, State::Waiting(Arc::default())) {
            // Not readable in place after all: forget the rows counted so far.
            State::Reading { reader, .. } if !in_place => State::Waiting(reader.into_text()),
            other => other,
        };
        self.state = match state {
            State::Reading { mut reader, acc } => {
                reader.arrived(checked, ended);
                State::Reading { reader, acc }
            }
            State::Waiting(text) if ended => match &self.arriving {
                Some(a) => Self::shared(input, text, None, &a.settings).state,
                None => State::Waiting(text),
            },
            State::Waiting(text) if in_place && text.len() >= 4 => self.begin(text, checked),
            other => other,
        };
    }

    /// Reads the header of a file arriving in pieces, if it has all arrived.
    fn begin(&mut self, text: Arc<Vec<u8>>, checked: usize) -> State {
        let Some(a) = self.arriving.as_mut() else {
            return State::Waiting(text);
        };
        // What read::decode_lazily would not read in place: UTF-16, workbooks and PDFs.
        if text.starts_with(b"\xFF\xFE")
            || text.starts_with(b"\xFE\xFF")
            || crate::read::looks_binary(&text)
        {
            a.in_place = false;
            return State::Waiting(text);
        }
        let (start, encoding) = if text.starts_with(b"\xEF\xBB\xBF") {
            (3, Encoding::Utf8WithBom)
        } else {
            (0, Encoding::Utf8)
        };
        match RowReader::begin(text.clone(), start, encoding, checked, false) {
            Ok(Some(reader)) => {
                let acc = Accumulator::new(a.input, &reader.header, &a.settings);
                State::Reading {
                    reader: Box::new(reader),
                    acc: Box::new(acc),
                }
            }
            Ok(None) => State::Waiting(text),
            Err(e) => State::Failed(Box::new(InputReport::failed(a.input, &e, &a.settings))),
        }
    }

    /// Whether a file arriving in pieces still waits for the end of its header line: it can be
    /// read in place, and no line end has come yet.
    pub fn header_pending(&self) -> bool {
        self.arriving
            .as_ref()
            .is_some_and(|a| a.in_place && !a.ended)
            && matches!(self.state, State::Waiting(_))
    }

    /// Whether the count has stopped on a problem with the file, which its report names.
    pub fn has_failed(&self) -> bool {
        matches!(self.state, State::Failed(_))
    }

    /// Whether counting waits for the next piece of a file that is still arriving.
    pub fn needs_input(&self) -> bool {
        match (&self.arriving, &self.state) {
            (Some(a), _) if a.ended => false,
            (Some(_), State::Reading { reader, .. }) => reader.waiting(),
            (Some(_), _) => true,
            (None, _) => false,
        }
    }

    /// Reads and adds up at most `max_rows` more rows; true when the file is done.
    #[inline(never)]
    pub fn step(&mut self, max_rows: usize) -> bool {
        if let State::Table { table, next, acc } = &mut self.state {
            let end = next.saturating_add(max_rows).min(table.rows.len());
            for row in &table.rows[*next..end] {
                acc.push(row);
            }
            *next = end;
            return end == table.rows.len();
        }
        let State::Reading { reader, acc, .. } = &mut self.state else {
            // Nothing to count until more of the file has arrived.
            return !matches!(self.state, State::Waiting(_));
        };
        for _ in 0..max_rows {
            match reader.next_row() {
                Ok(Some(row)) => acc.push(&row),
                Ok(None) => return reader.is_complete(),
                Err(e) => {
                    let report = InputReport::failed(acc.input, &e, &acc.settings);
                    self.state = State::Failed(Box::new(report));
                    return true;
                }
            }
        }
        false
    }

    /// How far through the file it is, from 0 to 1 (by bytes).
    pub fn progress(&self) -> f64 {
        // While a file arrives, how far through all of it (its size is known).
        let size = self.arriving.as_ref().map_or(0, |a| a.size);
        match &self.state {
            State::Reading { reader, .. } => {
                let len = reader.len().max(size as u64).max(1);
                (reader.position() as f64 / len as f64).min(1.0)
            }
            State::Table { table, next, .. } => *next as f64 / table.rows.len().max(1) as f64,
            State::Waiting(_) => 0.0,
            State::Failed(_) => 1.0,
        }
    }

    /// Reads whatever is left and returns the report (for a file arriving in pieces, the
    /// pieces so far are taken to be all of it).
    pub fn finish(mut self) -> InputReport {
        if self.arriving.as_ref().is_some_and(|a| !a.ended) {
            self.end();
        }
        while !self.step(usize::MAX) {}
        match self.state {
            State::Failed(report) => *report,
            // Not reached: once the last piece has come, the file is being read or failed.
            State::Waiting(_) => InputReport::failed(
                self.arriving.as_ref().map_or(Input::Staff, |a| a.input),
                &ReadError::Empty,
                &RecordSettings::default(),
            ),
            State::Reading { reader, acc, .. } => {
                let info = TableInfo {
                    encoding: reader.encoding,
                    delimiter: reader.delimiter,
                    header_row: reader.header_row,
                    rows: acc.counts.read,
                };
                acc.finish(info)
            }
            State::Table { table, acc, .. } => acc.finish(TableInfo::of(&table)),
        }
    }
}

/// Reads one extract from its bytes, one row at a time, and adds it up.
pub fn aggregate_input(input: Input, bytes: &[u8], settings: &RecordSettings) -> InputReport {
    InputAggregator::new(input, bytes, settings).finish()
}

/// Adds up one extract already read into a [`Table`] (by [`crate::read::read_table`]).
pub fn aggregate_table(input: Input, table: &Table, settings: &RecordSettings) -> InputReport {
    let mut acc = Accumulator::new(input, &table.header, settings);
    for row in &table.rows {
        acc.push(row);
    }
    acc.finish(TableInfo::of(table))
}
