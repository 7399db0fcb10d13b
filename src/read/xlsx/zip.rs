//! The zip container of a workbook: its central directory (a few fixed-size records, read
//! here) and its parts, unpacked by miniz_oxide.

use super::{damaged, looks_like_xlsx, parse_rels, XlsxError, PART_LIMIT};

#[derive(Debug)]
struct Entry {
    name: String,
    method: u16,
    compressed: usize,
    uncompressed: usize,
    local_header: usize,
}

#[derive(Debug)]
pub(super) struct Zip<'a> {
    bytes: &'a [u8],
    entries: Vec<Entry>,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

impl<'a> Zip<'a> {
    pub(super) fn open(bytes: &'a [u8]) -> Result<Zip<'a>, XlsxError> {
        let not = |detail: &str| XlsxError::NotWorkbook {
            detail: detail.to_owned(),
        };
        if !looks_like_xlsx(bytes) {
            return Err(not("it is not a zip file"));
        }
        // The end-of-central-directory record: 22 bytes plus a comment of up to 64 KiB.
        let earliest = bytes.len().saturating_sub(22 + 0xFFFF);
        let end = (earliest..bytes.len().saturating_sub(21))
            .rev()
            .find(|&i| bytes[i..].starts_with(b"PK\x05\x06"))
            .ok_or_else(|| not("the end of its directory is missing; it may be cut short"))?;
        let count = u16_at(bytes, end + 10).unwrap_or(0) as usize;
        let dir_size = u32_at(bytes, end + 12).unwrap_or(0);
        let dir_offset = u32_at(bytes, end + 16).unwrap_or(0);
        if count == 0xFFFF || dir_size == u32::MAX || dir_offset == u32::MAX {
            return Err(not("it is a ZIP64 file, larger than 4 GB"));
        }
        let mut entries = Vec::with_capacity(count);
        let mut at = dir_offset as usize;
        for _ in 0..count {
            let damaged_dir = || not("its directory is damaged");
            if !bytes
                .get(at..)
                .is_some_and(|b| b.starts_with(b"PK\x01\x02"))
            {
                return Err(damaged_dir());
            }
            let flags = u16_at(bytes, at + 8).ok_or_else(damaged_dir)?;
            let method = u16_at(bytes, at + 10).ok_or_else(damaged_dir)?;
            let compressed = u32_at(bytes, at + 20).ok_or_else(damaged_dir)? as usize;
            let uncompressed = u32_at(bytes, at + 24).ok_or_else(damaged_dir)? as usize;
            let name_len = u16_at(bytes, at + 28).ok_or_else(damaged_dir)? as usize;
            let extra_len = u16_at(bytes, at + 30).ok_or_else(damaged_dir)? as usize;
            let comment_len = u16_at(bytes, at + 32).ok_or_else(damaged_dir)? as usize;
            let local_header = u32_at(bytes, at + 42).ok_or_else(damaged_dir)? as usize;
            let name = bytes
                .get(at + 46..at + 46 + name_len)
                .ok_or_else(damaged_dir)?;
            if flags & 1 != 0 {
                return Err(XlsxError::OldOrProtected);
            }
            entries.push(Entry {
                name: String::from_utf8_lossy(name).replace('\\', "/"),
                method,
                compressed,
                uncompressed,
                local_header,
            });
            at += 46 + name_len + extra_len + comment_len;
        }
        Ok(Zip { bytes, entries })
    }

    fn entry(&self, part: &str) -> Option<&Entry> {
        let part = part.trim_start_matches('/');
        self.entries.iter().find(|e| e.name == part).or_else(|| {
            self.entries
                .iter()
                .find(|e| e.name.eq_ignore_ascii_case(part))
        })
    }

    pub(super) fn find_workbook_part(&self) -> Result<String, XlsxError> {
        // The usual place; a workbook that puts it elsewhere says so in _rels/.rels.
        if self.entry("xl/workbook.xml").is_some() {
            return Ok("xl/workbook.xml".into());
        }
        if let Some(xml) = self.read_text_optional("_rels/.rels")? {
            let rels = parse_rels(&xml).map_err(|d| damaged("_rels/.rels", d))?;
            if let Some(r) = rels.iter().find(|r| r.kind.ends_with("/officeDocument")) {
                let part = r.target.trim_start_matches('/').to_owned();
                if self.entry(&part).is_some() {
                    return Ok(part);
                }
            }
        }
        Err(XlsxError::MissingPart {
            part: "xl/workbook.xml".into(),
        })
    }

    fn read(&self, part: &str) -> Result<Option<Vec<u8>>, XlsxError> {
        let Some(entry) = self.entry(part) else {
            return Ok(None);
        };
        let bad = |detail: &str| damaged(part, detail);
        let at = entry.local_header;
        if !self
            .bytes
            .get(at..)
            .is_some_and(|b| b.starts_with(b"PK\x03\x04"))
        {
            return Err(bad("its header is missing"));
        }
        let name_len = u16_at(self.bytes, at + 26).ok_or_else(|| bad("cut short"))? as usize;
        let extra_len = u16_at(self.bytes, at + 28).ok_or_else(|| bad("cut short"))? as usize;
        let start = at + 30 + name_len + extra_len;
        let data = self
            .bytes
            .get(start..start.saturating_add(entry.compressed))
            .ok_or_else(|| bad("the file is cut short"))?;
        if entry.uncompressed > PART_LIMIT {
            return Err(XlsxError::TooLarge {
                part: part.to_owned(),
            });
        }
        match entry.method {
            0 => Ok(Some(data.to_vec())),
            8 => match miniz_oxide::inflate::decompress_to_vec_with_limit(data, PART_LIMIT) {
                Ok(v) => Ok(Some(v)),
                Err(e) if e.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                    Err(XlsxError::TooLarge {
                        part: part.to_owned(),
                    })
                }
                Err(_) => Err(bad("its compressed data is damaged")),
            },
            m => Err(bad(&format!(
                "it uses compression method {m}, which Excel does not"
            ))),
        }
    }

    pub(super) fn read_text_optional(&self, part: &str) -> Result<Option<String>, XlsxError> {
        match self.read(part)? {
            None => Ok(None),
            Some(bytes) => {
                let bytes = bytes
                    .strip_prefix(b"\xEF\xBB\xBF")
                    .map(<[u8]>::to_vec)
                    .unwrap_or(bytes);
                String::from_utf8(bytes)
                    .map(Some)
                    .map_err(|_| damaged(part, "it is not UTF-8 text"))
            }
        }
    }

    pub(super) fn read_text(&self, part: &str) -> Result<String, XlsxError> {
        self.read_text_optional(part)?
            .ok_or_else(|| XlsxError::MissingPart {
                part: part.to_owned(),
            })
    }
}
