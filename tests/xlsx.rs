//! Excel workbooks: src/xlsx.rs against the grids written (by rust_xlsxwriter) and against a
//! general reader (calamine); dates, sheets, damaged files; and the same results, row numbers
//! and column letters from a workbook as from the CSV file it was made from.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use proptest::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook as Writer, Worksheet};
use scwres::read::read_table;
use scwres::read::xlsx::{Workbook, XlsxError};
use scwres::records::{aggregate_input, Input, RecordSettings};
use scwres::results::{compute, Settings};
use scwres::submission::parse;

#[path = "support/sheet_csv.rs"]
mod sheet_csv;
#[path = "support/workbook.rs"]
mod workbook;

#[derive(Debug, Clone)]
enum Cell {
    Text(String),
    Number(f64),
    Bool(bool),
}

impl Cell {
    /// The text the reader should give for this cell.
    fn expected(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(x) => format!("{x}"),
            Cell::Bool(true) => "TRUE".into(),
            Cell::Bool(false) => "FALSE".into(),
        }
    }
}

type Grid = Vec<Vec<Option<Cell>>>;

fn write_cell(sheet: &mut Worksheet, r: usize, c: usize, cell: &Cell) {
    let (r, c) = (r as u32, c as u16);
    match cell {
        Cell::Text(s) => sheet.write_string(r, c, s.as_str()).map(|_| ()),
        Cell::Number(x) => sheet.write_number(r, c, *x).map(|_| ()),
        Cell::Bool(b) => sheet.write_boolean(r, c, *b).map(|_| ()),
    }
    .expect("write cell");
}

/// A workbook with these sheets (name, grid); `constant_memory` writes strings inline.
fn book(sheets: &[(&str, &Grid)], constant_memory: bool) -> Vec<u8> {
    let mut w = Writer::new();
    for (name, grid) in sheets {
        let sheet = if constant_memory {
            w.add_worksheet_with_constant_memory().expect("sheet")
        } else {
            w.add_worksheet()
        };
        sheet.set_name(*name).expect("name");
        for (r, row) in grid.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if let Some(cell) = cell {
                    write_cell(sheet, r, c, cell);
                }
            }
        }
    }
    w.save_to_buffer().expect("save")
}

/// A sheet's CSV read back into rows of cells (row i of the result is spreadsheet row i+1).
/// Written out here rather than with the csv crate, which skips blank lines: the reader's
/// output quotes every field, and a blank line is an empty row.
fn csv_rows(csv: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(csv).expect("UTF-8");
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => rows.push(std::mem::take(&mut row)),
            ',' => {}
            '"' => {
                let mut field = String::new();
                loop {
                    match chars.next().expect("closing quote") {
                        '"' if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        '"' => break,
                        c => field.push(c),
                    }
                }
                row.push(field);
            }
            c => panic!("unquoted character {c:?} in {text:?}"),
        }
    }
    assert!(row.is_empty(), "last line not ended: {text:?}");
    rows
}

fn sheet_csv(bytes: &[u8], index: usize) -> Vec<u8> {
    let book = Workbook::open(bytes).expect("open");
    sheet_csv::sheet_csv(&book, index).expect("sheet")
}

fn cell_strategy() -> impl Strategy<Value = Option<Cell>> {
    prop_oneof![
        3 => Just(None),
        3 => "[ -~£é\u{a0}\u{1F600}\t\r\n,;\"<>&_]{0,12}"
            .prop_filter("rust_xlsxwriter writes empty strings as blanks", |s| !s.is_empty())
            .prop_map(|s| Some(Cell::Text(s))),
        1 => prop::sample::select(vec!["_x000D_", "a_x0041_b", "&amp;", "<t>", "x\r\ny"])
            .prop_map(|s| Some(Cell::Text(s.to_owned()))),
        2 => (-1.0e6f64..1.0e6).prop_map(|x| Some(Cell::Number(x))),
        2 => (0u32..100_000).prop_map(|n| Some(Cell::Number(f64::from(n)))),
        1 => any::<bool>().prop_map(|b| Some(Cell::Bool(b))),
    ]
}

fn grid_strategy() -> impl Strategy<Value = Grid> {
    prop::collection::vec(prop::collection::vec(cell_strategy(), 0..7), 0..14)
}

/// The grid as the reader should give it: trailing empty cells and rows dropped.
fn expected_rows(grid: &Grid) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = grid
        .iter()
        .map(|row| {
            let mut cells: Vec<String> = row
                .iter()
                .map(|c| c.as_ref().map(Cell::expected).unwrap_or_default())
                .collect();
            while cells.last().is_some_and(String::is_empty) {
                cells.pop();
            }
            cells
        })
        .collect();
    while rows.last().is_some_and(Vec::is_empty) {
        rows.pop();
    }
    rows
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Every cell comes back as written, in its own row and column, shared or inline strings.
    #[test]
    fn cells_come_back_where_they_were_written(grid in grid_strategy(), inline in any::<bool>()) {
        let bytes = book(&[("Data", &grid)], inline);
        let got = csv_rows(&sheet_csv(&bytes, 0));
        let got: Vec<Vec<String>> = got
            .into_iter()
            .map(|mut r| {
                while r.last().is_some_and(String::is_empty) {
                    r.pop();
                }
                r
            })
            .collect();
        prop_assert_eq!(got, expected_rows(&grid));
    }

    /// A sheet read straight into a table is the table its CSV text reads to: the same
    /// header, row numbers and cells, however the cells are spread, spaced or broken.
    #[test]
    fn a_sheet_reads_to_the_table_its_csv_reads_to(grid in grid_strategy(), inline in any::<bool>()) {
        let bytes = book(&[("Data", &grid)], inline);
        let book = Workbook::open(&bytes).expect("open");
        prop_assert_eq!(book.sheet_table(0), read_table(&sheet_csv(&bytes, 0)));
    }

    /// The reader agrees with calamine on every cell calamine reports.
    #[test]
    fn agrees_with_calamine(grid in grid_strategy()) {
        let bytes = book(&[("Data", &grid)], false);
        let ours = csv_rows(&sheet_csv(&bytes, 0));
        let mut reference: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.clone())).expect("calamine");
        let range = reference.worksheet_range("Data").expect("range");
        for (r, c, value) in range.used_cells() {
            let (r0, c0) = range.start().expect("start");
            let (r, c) = (r + r0 as usize, c + c0 as usize);
            let mine = ours.get(r).and_then(|row| row.get(c)).cloned().unwrap_or_default();
            match value {
                Data::String(s) => prop_assert_eq!(&mine, s),
                Data::Float(x) => prop_assert_eq!(mine.parse::<f64>().ok(), Some(*x)),
                Data::Int(i) => prop_assert_eq!(mine.parse::<f64>().ok(), Some(*i as f64)),
                Data::Bool(b) => prop_assert_eq!(mine, if *b { "TRUE" } else { "FALSE" }),
                Data::Empty => prop_assert_eq!(mine, ""),
                other => prop_assert!(false, "unexpected cell {other:?}"),
            }
        }
    }

    /// Damaged workbooks (cut short, or with bytes changed) give an error, never a panic.
    #[test]
    fn damaged_workbooks_never_panic(cut in 0usize..4000, flips in prop::collection::vec((0usize..4000, any::<u8>()), 0..6)) {
        let grid: Grid = vec![vec![Some(Cell::Text("Workforce".into())), Some(Cell::Number(3.0))]];
        let mut bytes = book(&[("Data", &grid)], false);
        for (at, b) in flips {
            let n = bytes.len();
            bytes[at % n] ^= b;
        }
        bytes.truncate(cut.max(1).min(bytes.len()));
        if let Ok(book) = Workbook::open(&bytes) {
            for i in 0..book.sheets().len() {
                let _ = sheet_csv::sheet_csv(&book, i);
                let _ = book.sheet_table(i);
            }
        }
    }
}

#[test]
fn date_cells_read_as_iso_dates_and_times() {
    let mut w = Writer::new();
    let sheet = w.add_worksheet();
    let formats = [
        ("dd/mm/yyyy", "2024-03-01"),
        ("d mmmm yyyy", "2024-03-01"),
        ("[$-809]dd mmm yy", "2024-03-01"),
        ("yyyy-mm-dd hh:mm", "2024-03-01 09:30:00"),
    ];
    let when = ExcelDateTime::from_ymd(2024, 3, 1).expect("date");
    let with_time = ExcelDateTime::from_ymd(2024, 3, 1)
        .and_then(|d| d.and_hms(9, 30, 0))
        .expect("datetime");
    for (i, (code, _)) in formats.iter().enumerate() {
        let value = if code.contains("hh") {
            &with_time
        } else {
            &when
        };
        sheet
            .write_datetime_with_format(i as u32, 0, value, &Format::new().set_num_format(*code))
            .expect("write");
    }
    // A time of day alone, a built-in date format by number, and plain numbers beside them.
    let time = ExcelDateTime::from_hms(18, 0, 0).expect("time");
    sheet
        .write_datetime_with_format(4, 0, &time, &Format::new().set_num_format("h:mm"))
        .expect("write");
    sheet
        .write_number_with_format(5, 0, 45_292.0, &Format::new().set_num_format_index(14))
        .expect("write");
    sheet
        .write_number_with_format(6, 0, 45_292.0, &Format::new().set_num_format("#,##0"))
        .expect("write");
    sheet.write_number(7, 0, 0.000_012_5).expect("write");
    let bytes = w.save_to_buffer().expect("save");
    let rows = csv_rows(&sheet_csv(&bytes, 0));
    let col: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        col,
        [
            "2024-03-01",
            "2024-03-01",
            "2024-03-01",
            "2024-03-01 09:30:00",
            "18:00:00",
            "2024-01-01",
            "45292",
            "0.0000125",
        ]
    );
    // And a leaving date read from a workbook counts as "yes".
    assert!(scwres::records::is_date(col[0]));
    assert!(scwres::records::is_date(col[3]));
}

#[test]
fn sheets_are_listed_in_tab_order_with_hidden_ones_marked() {
    let mut w = Writer::new();
    for name in ["Notes", "Staff extract", "Lookups"] {
        let s = w.add_worksheet();
        s.set_name(name).expect("name");
        write_cell(s, 0, 0, &Cell::Text(format!("{name}!")));
        if name == "Lookups" {
            s.set_hidden(true);
        }
    }
    let bytes = w.save_to_buffer().expect("save");
    let book = Workbook::open(&bytes).expect("open");
    let names: Vec<(&str, bool)> = book
        .sheets()
        .iter()
        .map(|s| (s.name.as_str(), s.hidden))
        .collect();
    assert_eq!(
        names,
        [
            ("Notes", false),
            ("Staff extract", false),
            ("Lookups", true)
        ]
    );
    let i = book.sheet_index("staff EXTRACT").expect("found");
    assert_eq!(
        csv_rows(&sheet_csv::sheet_csv(&book, i).expect("csv")),
        [["Staff extract!"]]
    );
    let err = book.sheet_index("Staff").unwrap_err();
    assert_eq!(
        err.to_string(),
        "This workbook has no sheet called \"Staff\". Its sheets are: \"Notes\", \
         \"Staff extract\", \"Lookups\"."
    );
}

#[test]
fn formula_results_are_read_not_the_formulas() {
    let mut w = Writer::new();
    let s = w.add_worksheet();
    s.write_number(0, 0, 2).expect("write");
    s.write_formula(0, 1, "=A1*3").expect("write");
    s.set_formula_result(0, 1, "6");
    s.write_formula(1, 0, "=\"Adults\"").expect("write");
    s.set_formula_result(1, 0, "Adults");
    let bytes = w.save_to_buffer().expect("save");
    assert_eq!(
        csv_rows(&sheet_csv(&bytes, 0)),
        vec![
            vec!["2".to_owned(), "6".to_owned()],
            vec!["Adults".to_owned(), String::new()]
        ]
    );
}

#[test]
fn files_that_are_not_workbooks_get_plain_messages() {
    // An .xls (and every password-protected workbook) is an OLE compound file.
    let ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0";
    let err = Workbook::open(ole).unwrap_err();
    assert_eq!(err, XlsxError::OldOrProtected);
    assert!(err.to_string().contains("older Excel workbook (.xls)"));
    assert!(err.to_string().contains("Excel Workbook (.xlsx)"));

    // A workbook cut short by an interrupted download.
    let grid: Grid = vec![vec![Some(Cell::Text("x".into()))]];
    let bytes = book(&[("Data", &grid)], false);
    let err = Workbook::open(&bytes[..bytes.len() / 2]).unwrap_err();
    assert!(matches!(err, XlsxError::NotWorkbook { .. }), "{err:?}");
    assert!(err.to_string().contains("cut short"), "{err}");

    // A zip that is not a workbook (a Word document, say).
    let mut zip = Vec::new();
    let name = b"word/document.xml";
    let body = b"<w/>";
    zip.extend_from_slice(b"PK\x03\x04\x14\0\0\0\0\0\0\0\0\0\0\0\0\0");
    zip.extend_from_slice(&(body.len() as u32).to_le_bytes());
    zip.extend_from_slice(&(body.len() as u32).to_le_bytes());
    zip.extend_from_slice(&(name.len() as u16).to_le_bytes());
    zip.extend_from_slice(&0u16.to_le_bytes());
    zip.extend_from_slice(name);
    zip.extend_from_slice(body);
    let dir = zip.len() as u32;
    zip.extend_from_slice(b"PK\x01\x02\x14\0\x14\0\0\0\0\0\0\0\0\0\0\0\0\0");
    zip.extend_from_slice(&(body.len() as u32).to_le_bytes());
    zip.extend_from_slice(&(body.len() as u32).to_le_bytes());
    zip.extend_from_slice(&(name.len() as u16).to_le_bytes());
    zip.extend_from_slice(&[0; 12]);
    zip.extend_from_slice(&0u32.to_le_bytes());
    zip.extend_from_slice(name);
    let dir_len = zip.len() as u32 - dir;
    zip.extend_from_slice(b"PK\x05\x06\0\0\0\0\x01\0\x01\0");
    zip.extend_from_slice(&dir_len.to_le_bytes());
    zip.extend_from_slice(&dir.to_le_bytes());
    zip.extend_from_slice(&0u16.to_le_bytes());
    let err = Workbook::open(&zip).unwrap_err();
    assert_eq!(
        err,
        XlsxError::MissingPart {
            part: "xl/workbook.xml".into()
        }
    );
}

/// A CSV file as a one-sheet workbook.
fn csv_as_workbook(csv: &[u8]) -> Vec<u8> {
    let mut w = Writer::new();
    workbook::fill(w.add_worksheet(), csv).expect("write");
    w.save_to_buffer().expect("save")
}

#[test]
fn example_submission_as_a_workbook_gives_the_same_results() {
    let csv = include_bytes!("../data/example-submission.csv");
    let from_csv = parse(csv);
    let from_xlsx = parse(&csv_as_workbook(csv));
    assert!(from_csv.submission.is_some());
    assert_eq!(from_xlsx.messages, from_csv.messages);
    let settings = Settings::default();
    let a = compute(from_csv.submission.as_ref().expect("csv"), &settings);
    let b = compute(from_xlsx.submission.as_ref().expect("xlsx"), &settings);
    assert_eq!(
        scwres::export::to_json(&a, &from_csv.messages, None),
        scwres::export::to_json(&b, &from_xlsx.messages, None)
    );
}

#[test]
fn a_bad_cell_in_a_workbook_is_reported_at_the_row_and_column_excel_shows() {
    let csv =
        String::from_utf8(include_bytes!("../data/example-submission.csv").to_vec()).expect("utf8");
    // Put a word where a count should be, on the 6th line of the file (row 6).
    let mut lines: Vec<String> = csv.lines().map(str::to_owned).collect();
    let mut cells: Vec<String> = lines[5].split(',').map(str::to_owned).collect();
    let last = cells.len() - 1;
    cells[last] = "twelve".into();
    lines[5] = cells.join(",");
    // And two blank rows above it, which a spreadsheet still numbers.
    lines.insert(2, String::new());
    lines.insert(2, String::new());
    let edited = lines.join("\n");
    let from_csv = parse(edited.as_bytes());
    let from_xlsx = parse(&csv_as_workbook(edited.as_bytes()));
    let located = |p: &scwres::submission::Parsed| -> Vec<String> {
        p.errors().map(|m| m.located_text()).collect()
    };
    assert!(!located(&from_csv).is_empty());
    assert!(
        located(&from_csv)[0].starts_with("Row 8"),
        "{:?}",
        located(&from_csv)
    );
    assert_eq!(located(&from_xlsx), located(&from_csv));
}

#[test]
fn staff_extract_as_a_workbook_counts_the_same() {
    let csv = include_bytes!("records/staff.csv");
    let settings = RecordSettings::default();
    let from_csv = aggregate_input(Input::Staff, csv, &settings);
    let from_xlsx = aggregate_input(Input::Staff, &csv_as_workbook(csv), &settings);
    assert!(from_csv.rows_used > 0);
    assert_eq!(
        serde_json::to_value(&from_xlsx).expect("json"),
        serde_json::to_value(&from_csv).expect("json")
    );
}

/// A directory of the test's own under the system's temporary directory, removed on drop.
struct TempDir(std::path::PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("scwres-xlsx-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }

    fn write(&self, file: &str, bytes: &[u8]) -> String {
        let path = self.0.join(file);
        std::fs::write(&path, bytes).expect("write");
        path.to_string_lossy().into_owned()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn scwres(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_scwres"))
        .args(args)
        .output()
        .expect("the scwres binary runs")
}

/// A workbook with a notes sheet in front of the data sheet.
fn two_sheet_workbook(csv: &[u8], data_sheet: &str) -> Vec<u8> {
    let mut w = Writer::new();
    let notes = w.add_worksheet().set_name("Notes").expect("name");
    notes
        .write_string(0, 0, "Made for the test")
        .expect("write");
    let data = w.add_worksheet().set_name(data_sheet).expect("name");
    workbook::fill(data, csv).expect("write");
    w.save_to_buffer().expect("save")
}

#[test]
fn cli_report_reads_the_sheet_named_and_asks_when_there_are_several() {
    let dir = TempDir::new("report");
    let csv_path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/example-submission.csv");
    let csv = std::fs::read(csv_path).expect("example");
    let book = dir.write("submission.xlsx", &two_sheet_workbook(&csv, "SC-WRES"));

    let o = scwres(&["report", &book]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("This workbook has 2 sheets: \"Notes\", \"SC-WRES\".")
            && err.contains("Name it with --sheet."),
        "{err}"
    );

    let from_book = scwres(&["report", &book, "--sheet", "sc-wres", "--format", "json"]);
    let from_csv = scwres(&["report", csv_path, "--format", "json"]);
    assert_eq!(
        from_book.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&from_book.stderr)
    );
    assert_eq!(from_book.stdout, from_csv.stdout);

    let o = scwres(&["report", &book, "--sheet", "Data"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no sheet called \"Data\""));
}

#[test]
fn cli_aggregate_reads_a_staff_workbook() {
    let dir = TempDir::new("aggregate");
    let csv_path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/records/staff.csv");
    let csv = std::fs::read(csv_path).expect("fixture");
    let book = dir.write("staff.xlsx", &two_sheet_workbook(&csv, "Staff"));
    let (out_csv, out_book) = (dir.0.join("a.csv"), dir.0.join("b.csv"));
    let (out_csv, out_book) = (
        out_csv.to_str().expect("path"),
        out_book.to_str().expect("path"),
    );

    let o = scwres(&[
        "aggregate",
        "--staff",
        &book,
        "--skip-unusable",
        "-o",
        out_book,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stdout).contains("Name it with --staff-sheet."));

    let a = scwres(&[
        "aggregate",
        "--staff",
        csv_path,
        "--skip-unusable",
        "-o",
        out_csv,
    ]);
    let b = scwres(&[
        "aggregate",
        "--staff",
        &book,
        "--staff-sheet",
        "Staff",
        "--skip-unusable",
        "-o",
        out_book,
    ]);
    assert_eq!(
        a.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&a.stderr)
    );
    assert_eq!(
        b.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&b.stderr)
    );
    assert_eq!(
        std::fs::read(out_book).expect("written"),
        std::fs::read(out_csv).expect("written")
    );

    let o = scwres(&["aggregate", "--staff-sheet", "Staff", "-o", out_book]);
    assert_eq!(o.status.code(), Some(2));
}

/// The workbooks the browser tests choose (made by `cargo run --example make_xlsx_fixtures`)
/// read to the same results as the CSV files they were made from.
#[test]
fn committed_workbook_fixtures_match_their_csv_files() {
    let book = include_bytes!("fixtures/xlsx/example-submission.xlsx");
    let csv = include_bytes!("../data/example-submission.csv");
    // Two visible sheets: the page must ask which.
    let sheets = scwres::read::xlsx::sheets_to_choose(book).expect("a choice");
    assert_eq!(
        sheets.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        ["Notes", "Submission"]
    );
    let from_book = scwres::submission::parse_sheet(book, Some("Submission"));
    let from_csv = parse(csv);
    assert_eq!(from_book.messages, from_csv.messages);
    let settings = Settings::default();
    assert_eq!(
        scwres::export::to_json(
            &compute(from_book.submission.as_ref().expect("book"), &settings),
            &from_book.messages,
            None
        ),
        scwres::export::to_json(
            &compute(from_csv.submission.as_ref().expect("csv"), &settings),
            &from_csv.messages,
            None
        ),
    );
    assert_eq!(
        parse(book).messages[0].code,
        scwres::diag::Code::ChooseSheet
    );

    let staff = include_bytes!("fixtures/xlsx/staff.xlsx");
    assert!(scwres::read::xlsx::sheets_to_choose(staff).is_none());
    let settings = RecordSettings::default();
    assert_eq!(
        serde_json::to_value(aggregate_input(Input::Staff, staff, &settings)).expect("json"),
        serde_json::to_value(aggregate_input(
            Input::Staff,
            include_bytes!("records/staff.csv"),
            &settings
        ))
        .expect("json")
    );
}

#[test]
fn a_single_visible_sheet_is_read_without_asking() {
    let mut w = Writer::new();
    for (name, hidden) in [("Data", false), ("Lookups", true)] {
        let s = w.add_worksheet();
        s.set_name(name).expect("name");
        write_cell(s, 0, 0, &Cell::Text(name.into()));
        s.set_hidden(hidden);
    }
    let bytes = w.save_to_buffer().expect("save");
    assert!(scwres::read::xlsx::sheets_to_choose(&bytes).is_none());
    let table = scwres::read::open(&bytes, None).expect("read");
    assert_eq!(table.header, ["Data"]);
    // Named, a hidden sheet can still be read.
    let table = scwres::read::open(&bytes, Some("lookups")).expect("read");
    assert_eq!(table.header, ["Lookups"]);
}
