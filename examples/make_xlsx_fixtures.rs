//! Writes the Excel workbooks the browser tests choose (tests/fixtures/xlsx/), made by a real
//! workbook writer from the CSV files they stand for:
//!
//!     cargo run --example make_xlsx_fixtures
//!
//! - example-submission.xlsx: a "Notes" sheet, then the example submission on "Submission",
//!   counts as numbers (so the page has to ask which sheet);
//! - staff.xlsx: tests/records/staff.csv on one sheet, salaries as numbers and ISO dates as
//!   date cells shown dd/mm/yyyy.
//!
//! tests/xlsx.rs checks that each reads to the same results as its CSV file.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};

#[path = "../tests/support/workbook.rs"]
mod workbook;
use workbook::fill;

fn book() -> Workbook {
    let mut w = Workbook::new();
    // A fixed date, so that writing the fixtures again gives the same files.
    let when = ExcelDateTime::from_ymd(2026, 1, 1).expect("date");
    w.set_properties(&DocProperties::new().set_creation_datetime(&when));
    w
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = format!("{root}/tests/fixtures/xlsx");
    std::fs::create_dir_all(&out)?;

    let mut w = book();
    let notes = w.add_worksheet().set_name("Notes")?;
    notes.write_string(
        0,
        0,
        "SC-WRES submission for Northbrook Council (fictional)",
    )?;
    let data = w.add_worksheet().set_name("Submission")?;
    fill(
        data,
        &std::fs::read(format!("{root}/data/example-submission.csv"))?,
    )?;
    w.save(format!("{out}/example-submission.xlsx"))?;

    let mut w = book();
    let staff = w.add_worksheet().set_name("Staff")?;
    fill(
        staff,
        &std::fs::read(format!("{root}/tests/records/staff.csv"))?,
    )?;
    w.save(format!("{out}/staff.xlsx"))?;
    println!("wrote {out}/example-submission.xlsx and {out}/staff.xlsx");
    Ok(())
}
