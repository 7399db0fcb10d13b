//! One chosen extract: its name, and what it is counted from each time the choices change.

use std::sync::Arc;

use crate::read::{self, Table};

/// One chosen extract, counted at least once.
#[derive(Clone)]
pub(super) struct Extract {
    pub name: String,
    pub content: Content,
}

/// What an extract is counted from each time.
#[derive(Clone)]
pub(super) enum Content {
    /// Bytes: CSV, or a workbook whose sheet could not be read (counting it then reports
    /// why, as for any file that cannot be read; `sheet` is the sheet asked for).
    Bytes {
        bytes: Arc<Vec<u8>>,
        sheet: Option<String>,
    },
    /// A workbook's sheet, read once into a table; and the workbook and the sheet's name, to
    /// read it again in a worker before it is counted (see [`crate::ui::browser::workers::check_extract`]).
    Table {
        table: Arc<Table>,
        book: Arc<Vec<u8>>,
        sheet: Option<String>,
    },
    /// A CSV file: one just chosen (counted while it is read), or a large one the workers
    /// counted (see [`super::in_workers`]), read from the device again each time, so the page
    /// keeps no copy of it.
    File(web_sys::File),
}

impl Extract {
    /// A chosen file; a workbook's sheet (the one named, or its only one) is read into a
    /// table here, once, rather than each time the choices change. A CSV file's bytes are
    /// kept as they are (not copied: an extract can be large).
    pub fn new(name: String, bytes: Vec<u8>, sheet: Option<String>) -> Self {
        let content = if !read::is_workbook(&bytes) {
            Content::Bytes {
                bytes: Arc::new(bytes),
                sheet,
            }
        } else {
            match read::open(&bytes, sheet.as_deref()) {
                Ok(table) => Content::Table {
                    table: Arc::new(table),
                    book: Arc::new(bytes),
                    sheet,
                },
                Err(_) => Content::Bytes {
                    bytes: Arc::new(bytes),
                    sheet,
                },
            }
        };
        Extract { name, content }
    }

    /// Its size in bytes.
    pub fn size(&self) -> f64 {
        match &self.content {
            Content::Bytes { bytes, .. } => bytes.len() as f64,
            Content::Table { book, .. } => book.len() as f64,
            Content::File(file) => file.size(),
        }
    }
}
