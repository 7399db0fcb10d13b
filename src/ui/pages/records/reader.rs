//! Reading a chosen extract from the device in pieces, in order, while it is counted.

use std::collections::VecDeque;

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::ui::browser::files::file_piece;

/// The reads of a file, in order, `ahead` of them asked for at a time so that the browser
/// reads on while the page counts (or hands pieces to the workers): the first read small, so
/// that counting starts soon after the file is chosen, and each after it twice as large, up to
/// `largest`, so that a large file takes few reads.
pub(super) struct FileReader<'a> {
    file: &'a web_sys::File,
    size: f64,
    /// Where the next read starts, and its length.
    asked: f64,
    length: f64,
    largest: f64,
    /// The reads asked for and not yet taken (`Err`: one the browser would not start).
    queue: VecDeque<Result<JsFuture, JsValue>>,
}

impl<'a> FileReader<'a> {
    /// Starts reading `file`: the first read `first` bytes long, reads at most `largest`, and
    /// `ahead` of them asked for at a time.
    pub fn new(file: &'a web_sys::File, first: f64, largest: f64, ahead: usize) -> Self {
        let mut reader = FileReader {
            file,
            size: file.size(),
            asked: 0.0,
            length: first,
            largest,
            queue: VecDeque::new(),
        };
        for _ in 0..ahead {
            reader.ask();
        }
        reader
    }

    /// Asks for the next read, if any is left.
    fn ask(&mut self) {
        if self.asked >= self.size {
            return;
        }
        let to = (self.asked + self.length).min(self.size);
        self.queue.push_back(file_piece(self.file, self.asked, to));
        self.asked = to;
        self.length = (self.length * 2.0).min(self.largest);
    }

    /// The next read's bytes, once read, and asks for one more; `None` after the last read,
    /// `Some(Err)` when the file could not be read (say it was moved or locked).
    pub async fn next(&mut self) -> Option<Result<js_sys::Uint8Array, JsValue>> {
        let read = match self.queue.pop_front()? {
            Ok(read) => read.await,
            Err(e) => Err(e),
        };
        if read.is_ok() {
            self.ask();
        }
        Some(read.map(|buffer| js_sys::Uint8Array::new(&buffer)))
    }

    /// Whether the read last taken was the file's last.
    pub fn at_end(&self) -> bool {
        self.queue.is_empty()
    }
}
