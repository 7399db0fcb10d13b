//! Files built to be strange or large: each is answered with results or a clear message, in
//! work that grows with the file, never with its square or with the counts in it. (How long
//! they take is for the benchmarks; a test that took minutes here would show a regression.)

#[path = "support/raw_workbook.rs"]
mod raw_workbook;

use scwres::diag::Code;
use scwres::model::Measure;
use scwres::read::xlsx::Workbook;
use scwres::results::{compute, Settings};
use scwres::submission::parse;

/// A submission file with `bands` staff rows for adults, then every other row.
fn many_bands(bands: usize, repeat_first: bool) -> String {
    let mut text = String::from("workforce,measure,pay_band,white,minority_ethnic,not_known\n");
    for i in 0..bands {
        text.push_str(&format!("adults,staff,Band {i},10,5,1\n"));
    }
    if repeat_first {
        text.push_str("adults,staff,  BAND 0 ,1,1,1\n");
    }
    for m in Measure::ALL.iter().filter(|m| **m != Measure::Staff) {
        let m = m.key();
        text.push_str(&format!("adults,{m},,100,50,5\n"));
    }
    text
}

#[test]
fn thirty_thousand_pay_bands_stop_at_the_fifty_band_limit_with_one_message() {
    let parsed = parse(many_bands(30_000, true).as_bytes());
    let errors: Vec<_> = parsed.errors().collect();
    // The limit, once, and the repeat of band 0 (a repeat whatever the limit).
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[1].code, Code::DuplicateRow);
    assert_eq!(errors[1].row, Some(30_002));
    assert_eq!(errors[0].code, Code::TooManyPayBands);
    assert_eq!(errors[0].column_letter.as_deref(), Some("C"));
    assert_eq!(errors[0].row, Some(52));
    assert!(
        errors[0]
            .message
            .starts_with("This is pay band number 51 for adults"),
        "{}",
        errors[0].message
    );
}

#[test]
fn fifty_pay_bands_are_told_apart_by_hashing_and_a_repeat_is_named() {
    let parsed = parse(many_bands(50, true).as_bytes());
    let dup: Vec<_> = parsed.errors().collect();
    assert_eq!(dup.len(), 1, "{dup:?}");
    assert_eq!(dup[0].code, Code::DuplicateRow);
    assert_eq!(dup[0].row, Some(52));
    assert!(
        dup[0].message.contains("(the first is row 2)"),
        "{}",
        dup[0].message
    );
    let s = parse(many_bands(50, false).as_bytes())
        .submission
        .expect("checks");
    assert_eq!(s.workforces[0].bands.len(), 50);
    assert!(compute(&s, &Settings::default()).all().count() > 0);
}

#[test]
fn a_staff_extract_chosen_as_the_submission_file_is_named_before_it_is_read() {
    let mut text = String::from("Employee ID,Ethnicity,Salary\n");
    while text.len() <= scwres::submission::MAX_FILE_BYTES {
        text.push_str("E000123,White British,31250\n");
    }
    let parsed = parse(text.as_bytes());
    assert!(parsed.table.is_none(), "nothing is read");
    let errors: Vec<_> = parsed.errors().collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, Code::FileTooLarge);
    assert!(
        errors[0].message.starts_with("This file is 1.0 MB."),
        "{}",
        errors[0].message
    );
    assert!(errors[0].message.contains("Count it from your HR extracts"));
}

#[test]
fn counts_near_the_limit_get_their_exact_test_without_walking_every_table() {
    let mut text = String::from("workforce,measure,pay_band,white,minority_ethnic,not_known\n");
    text.push_str("adults,staff,All,1000000,1000000,0\n");
    for (m, w, me) in [
        ("shortlisted", 1_000_000, 1_000_000),
        ("appointed", 499_000, 501_000),
        ("disciplinary", 500_000, 499_000),
        ("regulated_professionals", 1_000_000, 1_000_000),
        ("ftp_referrals", 999_999, 1),
        ("cpd", 123_456, 654_321),
        ("leavers", 500_000, 500_000),
        ("senior_managers", 1, 999_999),
        ("survey_respondents", 1_000_000, 1_000_000),
        ("harassment_public", 1_000_000, 0),
        ("harassment_colleagues", 777_777, 333_333),
        ("harassment_managers", 5, 5),
    ] {
        text.push_str(&format!("adults,{m},,{w},{me},0\n"));
    }
    let parsed = parse(text.as_bytes());
    let s = parsed.submission.expect("checks");
    let r = compute(&s, &Settings::default());
    for m in r.all() {
        if let Some(p) = m.fisher_p {
            assert!((0.0..=1.0).contains(&p), "{}: {p}", m.metric);
        }
    }
}

/// What the submission check says of a workbook: its one error's code and words.
fn workbook_error(bytes: &[u8]) -> (Code, String) {
    let parsed = parse(bytes);
    let errors: Vec<_> = parsed.errors().collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    (errors[0].code, errors[0].message.clone())
}

#[test]
fn a_row_numbered_past_excels_last_is_named_not_written_out() {
    for row in ["1000000000", "4000000000", "1048577"] {
        let body = format!(
            r#"<sheetData><row r="{row}"><c r="A{row}" t="inlineStr"><is><t>x</t></is></c></row></sheetData>"#
        );
        let (code, text) = workbook_error(&raw_workbook::one_sheet(&body, &[]));
        assert_eq!(code, Code::Workbook);
        assert!(text.contains("past Excel's last row (1,048,576)"), "{text}");
    }
    // The last row Excel has is read.
    let body = r#"<sheetData><row r="1048576"><c r="A1048576" t="inlineStr"><is><t>workforce</t></is></c></row></sheetData>"#;
    let (code, _) = workbook_error(&raw_workbook::one_sheet(body, &[]));
    assert_eq!(code, Code::MissingColumn);
}

#[test]
fn a_column_past_xfd_is_named() {
    let body = r#"<sheetData><row r="1"><c r="XFE1" t="inlineStr"><is><t>x</t></is></c></row></sheetData>"#;
    let (code, text) = workbook_error(&raw_workbook::one_sheet(body, &[]));
    assert_eq!(code, Code::Workbook);
    assert!(text.contains("a cell at row 1, column XFE"), "{text}");
}

#[test]
fn a_sheet_that_would_pad_out_to_millions_of_cells_is_refused_before_it_is() {
    // A stray cell in column XFD widens every one of 2,000 rows to 16,384 cells.
    let mut body = String::from("<sheetData>");
    for r in 1..=2000 {
        body.push_str(&format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#));
    }
    body.push_str(r#"<row r="2001"><c r="XFD2001"><v>1</v></c></row></sheetData>"#);
    let (code, text) = workbook_error(&raw_workbook::one_sheet(&body, &[]));
    assert_eq!(code, Code::Workbook);
    assert!(
        text.contains("would be far larger read as a table"),
        "{text}"
    );
    // A huge <dimension> alone pads nothing beyond what the cells need.
    let body = r#"<dimension ref="A1:ZZZ999999"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>workforce</t></is></c></row></sheetData>"#;
    let (code, _) = workbook_error(&raw_workbook::one_sheet(body, &[]));
    assert_eq!(code, Code::MissingColumn);
}

#[test]
fn one_long_shared_string_in_every_cell_is_refused_not_copied_into_gigabytes() {
    let long = "y".repeat(30_000);
    let mut body = String::from("<sheetData>");
    for r in 1..=100 {
        body.push_str(&format!(r#"<row r="{r}">"#));
        for c in 0..100 {
            let col = scwres::read::column_letter(c);
            body.push_str(&format!(r#"<c r="{col}{r}" t="s"><v>0</v></c>"#));
        }
        body.push_str("</row>");
    }
    body.push_str("</sheetData>");
    let (code, text) = workbook_error(&raw_workbook::one_sheet(&body, &[&long]));
    assert_eq!(code, Code::Workbook);
    assert!(
        text.contains("would be far larger read as a table"),
        "{text}"
    );
}

#[test]
fn a_hundred_thousand_sheets_are_listed_by_looking_each_up() {
    let bytes = raw_workbook::many_sheets(100_000);
    let book = Workbook::open(&bytes).expect("opens");
    assert_eq!(book.sheets().len(), 100_000);
    assert_eq!(book.default_sheet(), None, "one must be chosen");
    assert_eq!(book.sheet_index("sheet 100000"), Ok(99_999));
    let table = book.sheet_table(0).expect("the first sheet reads");
    assert_eq!(table.header, ["x"]);
}

#[test]
fn salary_thresholds_stop_at_the_fifty_band_limit() {
    use scwres::records::{parse_salary_thresholds, RecordSettings};
    let list = |n: u64| {
        (1..=n)
            .map(|i| (i * 1000).to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    assert_eq!(parse_salary_thresholds(&list(49)).map(|t| t.len()), Ok(49));
    let err = parse_salary_thresholds(&list(50)).unwrap_err();
    assert!(
        err.starts_with("Give at most 49 salary thresholds, not 50"),
        "{err}"
    );
    // A settings file with a million thresholds is refused, not turned into a million bands.
    let thresholds = (1..=1_000_000u64)
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let json = format!(
        r#"{{"format": "sc-wres-record-settings", "version": 1, "salary_thresholds": [{thresholds}]}}"#
    );
    let err = RecordSettings::from_json(&json).unwrap_err();
    assert!(err.contains("not 1,000,000"), "{err}");
}

#[test]
fn a_header_longer_than_a_row_can_be_is_named_with_its_row_without_reading_it_through() {
    use scwres::read::stream::MAX_ROW_BYTES;
    use scwres::read::{read_table, ReadError};
    let long = "x".repeat(MAX_ROW_BYTES + 1);
    // Its row counts the blank lines before it, each line end once (CRLF, LF or a lone CR),
    // quoted or not.
    for (before, row) in [("", 1), ("\n", 2), ("\n\r\n", 3), ("  \n\r", 3)] {
        for header in [long.clone(), format!("\"{long}\"")] {
            let text = format!("{before}{header}\nWhite,Adults\n");
            assert_eq!(
                read_table(text.as_bytes()),
                Err(ReadError::RowTooLong { row }),
                "{before:?}"
            );
        }
    }
    // A blank line longer than a row can be is a row too long, as any other row is.
    let spaces = format!(
        "{}\nEthnicity,Service\nWhite,Adults\n",
        " ".repeat(MAX_ROW_BYTES + 1)
    );
    assert_eq!(
        read_table(spaces.as_bytes()),
        Err(ReadError::RowTooLong { row: 1 })
    );
    // A header as long as a row can be is read.
    let widest = format!("{}\nWhite\n", "x".repeat(MAX_ROW_BYTES));
    assert_eq!(read_table(widest.as_bytes()).map(|t| t.rows.len()), Ok(1));
    // A file of one line far longer than a row is named from its first line end's absence.
    let one_line = vec![b'x'; 64 * MAX_ROW_BYTES];
    assert_eq!(read_table(&one_line), Err(ReadError::RowTooLong { row: 1 }));
}

#[test]
fn a_row_longer_than_a_megabyte_is_named_not_held() {
    use scwres::read::stream::MAX_ROW_BYTES;
    use scwres::read::{read_table, ReadError};
    use scwres::records::{aggregate_input, Input, InputAggregator, RecordSettings};
    let long = "x".repeat(MAX_ROW_BYTES + 10);
    // One line, the header.
    assert_eq!(
        read_table(long.as_bytes()),
        Err(ReadError::RowTooLong { row: 1 })
    );
    // A row after the header, plain and quoted.
    for row in [long.clone(), format!("\"{long}\"")] {
        let text = format!("Ethnicity,Service\nWhite British,Adults\n\n{row}\nWhite,Adults\n");
        assert_eq!(
            read_table(text.as_bytes()),
            Err(ReadError::RowTooLong { row: 4 })
        );
        let report = aggregate_input(Input::Staff, text.as_bytes(), &RecordSettings::default());
        assert_eq!(report.issues[0].code, Code::Unreadable);
        assert!(report.issues[0]
            .message
            .starts_with("Row 4 is longer than 1 MB"));
    }
    // Arriving in pieces, a row with no end is refused once it passes the limit, before the
    // rest of the file arrives.
    let mut agg = InputAggregator::streaming(Input::Staff, &RecordSettings::default(), 8 << 20);
    agg.push(b"Ethnicity,Service\nWhite,Adults\n");
    let piece = vec![b'y'; 256 * 1024];
    for _ in 0..6 {
        agg.push(&piece);
        while !agg.step(1000) && !agg.needs_input() {}
    }
    let report = agg.finish();
    assert_eq!(
        report.issues[0].code,
        Code::Unreadable,
        "{:?}",
        report.issues
    );
}

/// The records page reads a large extract in pieces; one whose header line has no end within
/// the first read reads on only as far as the longest row, and is named from there (the page
/// no longer reads the whole file into itself to say so).
#[test]
fn a_first_line_without_an_end_is_named_from_its_first_megabytes_as_it_arrives() {
    use scwres::records::{aggregate_input, Input, InputAggregator, RecordSettings};
    let settings = RecordSettings::default();
    let mut agg = InputAggregator::streaming(Input::Staff, &settings, 200_000_000);
    let piece = vec![b'x'; 256 * 1024];
    agg.push(&piece);
    assert!(
        agg.header_pending(),
        "256 KB of one line: the header may still end"
    );
    assert!(!agg.has_failed());
    for _ in 0..4 {
        agg.push(&piece);
    }
    // 1.25 MB without a line end: longer than any row can be.
    assert!(!agg.header_pending());
    assert!(agg.has_failed());
    let report = agg.finish();
    assert_eq!(report.issues[0].code, Code::Unreadable);
    assert!(
        report.issues[0]
            .message
            .starts_with("Row 1 is longer than 1 MB"),
        "{}",
        report.issues[0].message
    );
    // The same words as for the whole file read at once.
    let whole = aggregate_input(Input::Staff, &vec![b'x'; 3 << 20], &settings);
    assert_eq!(whole.issues[0].message, report.issues[0].message);

    // A wide header that ends after the first read is no longer pending, and has not failed:
    // the page counts it as before.
    let mut wide = InputAggregator::streaming(Input::Staff, &settings, 8 << 20);
    let header: String = (0..40_000).map(|i| format!("column {i},")).collect();
    wide.push(&header.as_bytes()[..256 * 1024]);
    assert!(wide.header_pending());
    wide.push(&header.as_bytes()[256 * 1024..]);
    wide.push(b"Ethnicity\nWhite,Adults\n");
    assert!(!wide.header_pending());
    assert!(!wide.has_failed());
}
