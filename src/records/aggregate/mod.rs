//! Rows of an extract -> counts by workforce, measure, pay band and census category, with
//! every unusable row reported; counts -> a [`Submission`](crate::model::Submission) and the
//! format-v1 file.
//!
//! One pass, one row at a time: a row's cells are looked at once and never kept. Values are
//! recognised once per distinct value (a small cache per column), so a row costs a few
//! hash look-ups and additions, and no allocation.
//!
//! - `driver`: reads an extract, all at once or as it arrives, and feeds its rows to an
//!   `Accumulator` ([`InputAggregator`], [`aggregate_input`]);
//! - `accumulate`: the `Accumulator`, adding up one extract a row at a time, one step per
//!   field; `checks`: the file-level checks of its columns; `counts`: what it adds up to;
//! - `summary`: the distinct values of a column and what each counts as ([`ValueSummary`]),
//!   over `cache`, the per-column cache of what a cell means;
//! - `messages`: the words of every issue;
//! - `report`: what one extract gave ([`InputReport`]);
//! - `pieces`: one extract counted in pieces on several threads;
//! - `combine`: the extracts' reports put together ([`combine`], [`Aggregate`]).

mod accumulate;
mod cache;
mod checks;
mod combine;
mod counts;
mod driver;
mod messages;
mod pieces;
mod report;
mod summary;

pub use combine::{aggregate, combine, Aggregate, AggregateRow};
pub use driver::{aggregate_input, aggregate_table, InputAggregator};
pub use pieces::{count_in_pieces, Piece, PieceCounter, PieceMerger, Split};
pub use report::{InputReport, IssueTally, UnusedColumn};
pub use summary::{ValueSource, ValueSummary};

use crate::model::Workforce;
use crate::read::stream::RowView;
use crate::read::Row;
use crate::records::values::Ethnicity;

/// Census categories, then not known.
const N: usize = Ethnicity::COUNT;
/// Counts per workforce (by [`wi`]) and census category.
type ByWorkforce = [[u64; N]; 2];
const WORKFORCES: [Workforce; 2] = [Workforce::Adults, Workforce::Children];
const ZERO: ByWorkforce = [[0; N]; 2];

/// A workforce's index in a [`ByWorkforce`].
fn wi(w: Workforce) -> usize {
    match w {
        Workforce::Adults => 0,
        Workforce::Children => 1,
    }
}

/// A row's cells, however they were read.
trait Cells {
    fn number(&self) -> usize;
    fn len(&self) -> usize;
    fn get(&self, i: usize) -> &str;
}

impl Cells for RowView<'_> {
    fn number(&self) -> usize {
        self.number
    }
    fn len(&self) -> usize {
        RowView::len(self)
    }
    fn get(&self, i: usize) -> &str {
        RowView::get(self, i)
    }
}

impl Cells for Row {
    fn number(&self) -> usize {
        self.number
    }
    fn len(&self) -> usize {
        self.cells.len()
    }
    fn get(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", |c| c.as_str())
    }
}

/// Issues listed in full per kind and column, and in all, per extract; the rest are counted.
const LISTED_PER_KIND: usize = 20;
const LISTED_TOTAL: usize = 500;
/// Distinct values listed per column; rows with further values are counted.
const LISTED_VALUES: usize = 500;
/// Distinct values remembered per column.
const CACHE_LIMIT: usize = 20_000;
/// More distinct ethnicity values than this gets a warning.
const MANY_ETHNICITY_VALUES: usize = 100;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn census_categories_fill_the_ethnicity_columns() {
        assert_eq!(N, crate::ethnicity::CENSUS_CATEGORIES.len() + 1);
    }
}
