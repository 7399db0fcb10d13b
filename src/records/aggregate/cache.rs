//! Cell text -> what it means, per column, so that a distinct value is recognised once.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::CACHE_LIMIT;

/// A fast hash for the short strings the caches hold, eight bytes at a time (the Fx hash of
/// rustc; no denial-of-service concern: the data is the person's own).
///
/// Written here rather than taken from the `rustc-hash` crate (which leptos already brings
/// in): its `FxHasher` hashes bytes with wider multiplications, and the wasm, measured both
/// ways, came out larger with it.
#[derive(Default)]
pub(super) struct Fx(u64);

impl Fx {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }

    #[inline(always)]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

/// The maps of the per-row look-ups.
pub(super) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// Cell text -> what it means, with the last value remembered (extracts are often sorted,
/// so a column repeats one value for many rows).
pub(super) struct Cache<T: Copy> {
    map: FastMap<Box<str>, T>,
    last_key: String,
    last: Option<T>,
}

impl<T: Copy> Cache<T> {
    pub(super) fn new() -> Self {
        Cache {
            map: FastMap::default(),
            last_key: String::new(),
            last: None,
        }
    }

    #[inline(always)]
    pub(super) fn get(&mut self, cell: &str) -> Option<T> {
        if let Some(v) = self.last {
            if self.last_key == cell {
                return Some(v);
            }
        }
        let v = *self.map.get(cell)?;
        self.remember(cell, v);
        Some(v)
    }

    /// Remembers what a cell means (up to [`CACHE_LIMIT`] distinct cells; beyond that, only
    /// the last one).
    pub(super) fn insert(&mut self, cell: &str, v: T) {
        if self.map.len() < CACHE_LIMIT {
            self.map.insert(cell.into(), v);
        }
        self.remember(cell, v);
    }

    #[inline(always)]
    fn remember(&mut self, cell: &str, v: T) {
        self.last_key.clear();
        self.last_key.push_str(cell);
        self.last = Some(v);
    }
}
