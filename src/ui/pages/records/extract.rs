//! One chosen extract: its name, and what it is counted from each time the choices change.

use std::sync::Arc;

/// One chosen extract, counted at least once.
#[derive(Clone)]
pub(super) struct Extract {
    pub name: String,
    pub content: Content,
}

/// What an extract is counted from each time.
#[derive(Clone)]
pub(super) enum Content {
    /// Bytes: CSV, or a sheet of a workbook already turned into CSV; `sheet` is the sheet to
    /// read, for a workbook that could not be turned into CSV (counting it then reports why,
    /// as for any file that cannot be read).
    Bytes {
        bytes: Arc<Vec<u8>>,
        sheet: Option<String>,
    },
    /// A CSV file: one just chosen (counted while it is read), or a large one the workers
    /// counted (see [`super::in_workers`]), read from the device again each time, so the page
    /// keeps no copy of it.
    File(web_sys::File),
}

impl Extract {
    /// A chosen file; a workbook's sheet (the one named, or its only one) becomes CSV here,
    /// once, rather than each time the choices change. A CSV file's bytes are kept as they
    /// are (not copied: an extract can be large).
    pub fn new(name: String, bytes: Vec<u8>, sheet: Option<String>) -> Self {
        let content = if !crate::read::xlsx::looks_like_xlsx(&bytes) {
            Content::Bytes {
                bytes: Arc::new(bytes),
                sheet,
            }
        } else {
            match crate::read::xlsx::csv_bytes(&bytes, sheet.as_deref()) {
                Ok(csv) => Content::Bytes {
                    bytes: Arc::new(csv.into_owned()),
                    sheet: None,
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
            Content::File(file) => file.size(),
        }
    }
}
