//! The distinct values of a column: each listed once, with its rows, its first row and what
//! it counts as ([`ValueSummary`]).

use serde::{Deserialize, Serialize};

use super::cache::{Cache, FastMap};
use super::LISTED_VALUES;
use crate::records::columns::Field;
use crate::records::values::value_key;

/// Where a value's meaning came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueSource {
    /// Recognised without any choice (a census label, a code, "Yes", a date ...).
    BuiltIn,
    /// The person's choice, from the settings.
    YourChoice,
    /// Not recognised and not chosen: ethnicity counts as not known; a yes/no or workforce
    /// value makes its row unusable.
    Unmatched,
}

/// A distinct value of a column, how many rows hold it and what they count as. The meaning
/// `M` is an [`Ethnicity`](crate::records::Ethnicity) for an ethnicity value; for a workforce
/// value an `Option<WorkforceChoice>` (`None`: not a workforce, the rows are unusable until
/// it is chosen); for a yes/no value an `Option<bool>` (`Some(true)` yes, `Some(false)` no,
/// `None` not known: the rows are unusable).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueSummary<M> {
    /// The field of the column it is in.
    pub field: Field,
    /// The value as first seen.
    pub value: String,
    /// The key a choice for it is saved under ([`value_key`]).
    pub key: String,
    /// Rows holding it (rows with the wrong number of cells are not counted, nor, in the
    /// columns after the workforce, rows left out by their workforce).
    pub rows: u64,
    pub first_row: usize,
    /// What its rows count as.
    pub meaning: M,
    pub source: ValueSource,
}

/// Where a cached value is counted.
#[derive(Debug, Clone, Copy)]
enum Slot {
    /// In the list, at this index.
    Listed(u32),
    /// Not listed (recognised without a choice, where only the others are listed).
    Quiet,
    /// Beyond the listed values: counted in `rows_not_listed`.
    Overflow,
}

/// The distinct values of one column.
pub(super) struct Values<M: Copy> {
    field: Field,
    cache: Cache<(M, Slot)>,
    /// The values listed (at most [`LISTED_VALUES`]), in the order first met.
    pub(super) list: Vec<ValueSummary<M>>,
    /// [`value_key`] -> index in `list`.
    pub(super) by_key: FastMap<String, u32>,
    /// Rows whose value is beyond those listed.
    pub(super) rows_not_listed: u64,
    /// Whether values recognised without a choice are listed too.
    list_built_in: bool,
}

impl<M: Copy> Values<M> {
    pub(super) fn new(field: Field, list_built_in: bool) -> Self {
        Values {
            field,
            cache: Cache::new(),
            list: Vec::new(),
            by_key: FastMap::default(),
            rows_not_listed: 0,
            list_built_in,
        }
    }

    /// What a cell means, counting it against its value; `resolve` runs once per distinct
    /// cell text, with the cell and its [`value_key`].
    pub(super) fn lookup(
        &mut self,
        cell: &str,
        row: usize,
        resolve: impl FnOnce(&str, &str) -> (M, ValueSource),
    ) -> M {
        if let Some((m, slot)) = self.cache.get(cell) {
            self.count(slot);
            return m;
        }
        let key = value_key(cell);
        let (m, source) = resolve(cell, &key);
        let slot = if source == ValueSource::BuiltIn && !self.list_built_in {
            Slot::Quiet
        } else if let Some(&i) = self.by_key.get(&key) {
            Slot::Listed(i)
        } else if self.list.len() < LISTED_VALUES {
            self.list.push(ValueSummary {
                field: self.field,
                value: cell.to_owned(),
                key: key.clone(),
                rows: 0,
                first_row: row,
                meaning: m,
                source,
            });
            let i = (self.list.len() - 1) as u32;
            self.by_key.insert(key, i);
            Slot::Listed(i)
        } else {
            Slot::Overflow
        };
        self.count(slot);
        self.cache.insert(cell, (m, slot));
        m
    }

    fn count(&mut self, slot: Slot) {
        match slot {
            Slot::Listed(i) => self.list[i as usize].rows += 1,
            Slot::Quiet => {}
            Slot::Overflow => self.rows_not_listed += 1,
        }
    }
}
