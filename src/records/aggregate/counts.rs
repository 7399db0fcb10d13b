//! What adding up an extract's rows gives: the counts ([`Tally`]) and the row counts
//! ([`RowCounts`]).

use serde::{Deserialize, Serialize};

use super::{ByWorkforce, ZERO};
use crate::records::columns::Field;

/// The counts an extract adds up to (per workforce and census category).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub(super) struct Tally {
    /// Workforces with at least one usable row.
    pub(super) present: [bool; 2],
    /// Usable rows: staff, shortlisted applications or respondents.
    pub(super) population: ByWorkforce,
    /// "Yes" answers, by [`Field::index`].
    pub(super) yes: Vec<ByWorkforce>,
    /// Staff by pay band, in [`super::InputReport::pay_bands`] order.
    pub(super) bands: Vec<ByWorkforce>,
}

impl Tally {
    /// No counts yet, with room for every yes/no field and `bands` pay bands.
    pub(super) fn empty(bands: usize) -> Tally {
        Tally {
            yes: vec![ZERO; Field::ALL.len()],
            bands: vec![ZERO; bands],
            ..Tally::default()
        }
    }
}

/// How many rows an extract had, and counts behind its cautions.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub(super) struct RowCounts {
    /// Non-blank rows below the header.
    pub(super) read: usize,
    pub(super) used: usize,
    pub(super) unusable: usize,
    pub(super) excluded: usize,
    /// Salaries read, and how many of them were under £1,000.
    pub(super) salaries: u64,
    pub(super) salaries_under_1000: u64,
    /// Rows referred to fitness to practise but not marked as regulated professionals.
    pub(super) referred_not_regulated: u64,
}

impl RowCounts {
    pub(super) fn add(&mut self, more: &RowCounts) {
        self.read += more.read;
        self.used += more.used;
        self.unusable += more.unusable;
        self.excluded += more.excluded;
        self.salaries += more.salaries;
        self.salaries_under_1000 += more.salaries_under_1000;
        self.referred_not_regulated += more.referred_not_regulated;
    }
}
