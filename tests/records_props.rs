//! Properties of record-level input that must hold for any extract: the row reader gives
//! what `read_table` gives, aggregation never panics, every row is used, unusable or left
//! out, staff counts add up to the usable rows, and the submission file reads back the same.

use proptest::prelude::*;
use proptest::sample::select;

use scwres::diag::Code;
use scwres::model::Measure;
#[path = "support/reference_reader.rs"]
mod reference_reader;

use reference_reader::reference_read_table as read_table;
use scwres::read::RowReader;
use scwres::records::{
    aggregate_input, combine, recognise_ethnicity, recognise_yes_no, value_key, Input,
    InputAggregator, Piece, PieceCounter, RecordSettings, WorkforceChoice,
};
use scwres::submission::{check_table, parse};

const HEADERS: &[&str] = &[
    "Workforce",
    "Service area",
    "Ethnicity",
    "Ethnic origin",
    "Salary",
    "Annual salary (FTE)",
    "Pay band",
    "Senior manager",
    "Regulated professional",
    "Formal disciplinary",
    "FtP referral",
    "Funded CPD",
    "Leaving date",
    "Appointed",
    "Harassment from the public",
    "Harassment from colleagues",
    "Harassment from managers",
    "Staff ID",
    "",
    "Notes",
];

const CELLS: &[&str] = &[
    "Adults",
    "Children",
    "ASC",
    "Children's services",
    "Finance",
    "",
    "A",
    "H",
    "N",
    "Z",
    "N/A",
    "White - British",
    "Black or Black British - African",
    "Asian or Asian British: Any other Asian background",
    "Prefer not to say",
    "Latin American",
    "Y",
    "N",
    "yes",
    "no",
    "TRUE",
    "0",
    "1",
    "2024-03-01",
    "01/03/2024",
    "Never",
    "1-2 times",
    "maybe",
    "29999.99",
    "30000",
    "£70,000.00",
    "-5",
    "abc",
    "Grade 1",
    "Grade  1",
    "Under £30,000",
    "=cmd",
    "a,b",
    "say \"hi\"",
    "two\nlines",
    " padded ",
    "\u{a0}nbsp",
];

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => select(CELLS).prop_map(str::to_owned),
        1 => "[ -~£é]{0,12}",
    ]
}

/// Writes cells as a CSV line, quoting when needed (and sometimes when not).
fn line(cells: &[String], delimiter: char, quote_all: bool) -> String {
    cells
        .iter()
        .map(|c| {
            if quote_all || c.contains([delimiter, '"', '\n', '\r']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(&delimiter.to_string())
}

prop_compose! {
    fn extract()(
        header in prop::collection::vec(select(HEADERS), 1..9),
        rows in prop::collection::vec(prop::collection::vec(cell(), 0..10), 0..40),
        delimiter in select(&[',', ';', '\t'][..]),
        quote_all in any::<bool>(),
        crlf in any::<bool>(),
        blank_every in 0usize..6,
    ) -> String {
        let end = if crlf { "\r\n" } else { "\n" };
        let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        let mut text = line(&header, delimiter, quote_all) + end;
        for (i, r) in rows.iter().enumerate() {
            if blank_every > 0 && i % blank_every == 0 {
                text.push_str(end);
            }
            text.push_str(&line(r, delimiter, quote_all));
            text.push_str(end);
        }
        text
    }
}

/// A cell for a column of a well-formed extract: mostly a good value, sometimes anything.
fn cell_for(pool: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        6 => select(pool).prop_map(str::to_owned),
        1 => cell(),
    ]
}

const WORKFORCES: &[&str] = &[
    "Adults",
    "Children",
    "ASC",
    "Children's services",
    "Finance",
];
const ETHNICITIES: &[&str] = &[
    "A",
    "B",
    "H",
    "N",
    "Z",
    "",
    "White - British",
    "Indian",
    "Prefer not to say",
    "Latin American",
    "Mixed - Other",
    "Arab",
];
const SALARIES: &[&str] = &[
    "18000", "29999.99", "30000", "£45,000", "70000", "250000", "0",
];
const YES_NO: &[&str] = &[
    "Y",
    "N",
    "",
    "yes",
    "no",
    "2024-01-01",
    "1",
    "0",
    "Never",
    "1-2 times",
];

prop_compose! {
    /// A staff, shortlisting or survey extract with the right columns (in any order) and
    /// mostly good values, so most rows are used.
    fn good_extract()(
        shuffle in Just(()).prop_perturb(|_, mut rng| {
            let mut order: Vec<usize> = (0..7).collect();
            for i in (1..order.len()).rev() {
                order.swap(i, (rng.next_u32() as usize) % (i + 1));
            }
            order
        }),
        rows in prop::collection::vec(
            (
                cell_for(WORKFORCES),
                cell_for(ETHNICITIES),
                cell_for(SALARIES),
                cell_for(YES_NO),
                cell_for(YES_NO),
                cell_for(YES_NO),
                cell_for(YES_NO),
            ),
            0..60,
        ),
    ) -> String {
        let header = [
            "Workforce",
            "Ethnicity",
            "Salary",
            "Regulated professional",
            "FtP referral",
            "Appointed",
            "Harassment from colleagues",
        ];
        let pick = |cells: [&str; 7]| -> Vec<String> {
            shuffle.iter().map(|&i| cells[i].to_owned()).collect()
        };
        let mut text = line(&pick(header), ',', false) + "\n";
        for r in &rows {
            let cells = [
                r.0.as_str(), r.1.as_str(), r.2.as_str(), r.3.as_str(), r.4.as_str(),
                r.5.as_str(), r.6.as_str(),
            ];
            text.push_str(&line(&pick(cells), ',', false));
            text.push('\n');
        }
        text
    }
}

fn settings() -> impl Strategy<Value = RecordSettings> {
    (any::<bool>(), any::<bool>(), 1u64..100_000).prop_map(|(choose, fixed, t)| {
        let mut s = RecordSettings::default();
        if choose {
            s.choose_ethnicity("Latin American", scwres::records::Ethnicity::NotKnown);
            s.choose_yes_no("maybe", true);
            s.choose_workforce("Finance", WorkforceChoice::Exclude);
            s.set_salary_thresholds(vec![t, t + 1]).unwrap();
        }
        if fixed {
            for i in Input::ALL {
                s.mapping_mut(i).workforce = Some(scwres::model::Workforce::Children);
            }
        }
        s
    })
}

/// Whether a quoted cell holds a line break (counting quotes from the start).
fn line_break_in_quotes(text: &str) -> bool {
    let mut quoted = false;
    text.bytes().any(|b| {
        quoted ^= b == b'"';
        quoted && (b == b'\n' || b == b'\r')
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_row_reader_reads_what_read_table_reads(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let streamed = RowReader::new(&bytes).and_then(|r| r.into_table(usize::MAX));
        prop_assert_eq!(streamed, read_table(&bytes));
    }

    #[test]
    fn the_row_reader_reads_what_read_table_reads_on_csv(text in extract(), lone_cr in any::<bool>()) {
        let text = if lone_cr { text.replace("\r\n", "\r").replace('\n', "\r") } else { text };
        let streamed = RowReader::new(text.as_bytes()).and_then(|r| r.into_table(usize::MAX));
        prop_assert_eq!(streamed, read_table(text.as_bytes()));
    }

    /// Guards reading in place (no line-end rewrite) and splitting rows without quotes
    /// outside csv-core: any mix of CRLF, LF and lone CR, blank lines, line breaks inside
    /// quoted cells, quotes inside cells and byte-order marks give the same rows, row numbers
    /// and cells as read_table.
    #[test]
    fn the_row_reader_reads_mixed_line_ends_as_read_table_does(
        pieces in prop::collection::vec(
            prop_oneof![
                3 => "[a-z0-9 ]{0,4}".prop_map(|s| s),
                1 => Just(",".to_owned()),
                1 => select(&["\r\n", "\n", "\r"][..]).prop_map(str::to_owned),
                1 => select(&["\"a\r\nb\"", "\"x\ry\"", "\" \n \"", "\"\r\r\n\""][..]).prop_map(str::to_owned),
                // Quotes in the middle of a cell, doubled quotes, other delimiters, spaces
                // that are trimmed, and text that is not ASCII.
                1 => select(&["a\"b", "\"\"", "\"q\"\"q\"", ";", "\t", "\u{a0}", "\u{feff}", "é£"][..]).prop_map(str::to_owned),
            ],
            0..60,
        ),
        bom in 0..3usize,
    ) {
        let text = format!("{}{}", "\u{feff}".repeat(bom), pieces.concat());
        let streamed = RowReader::new(text.as_bytes()).and_then(|r| r.into_table(usize::MAX));
        prop_assert_eq!(streamed, read_table(text.as_bytes()));
    }

    /// Guards counting a file while it is still being read: whatever pieces it arrives in
    /// (a character or a CRLF cut in two, a quoted cell across pieces), and whatever it holds
    /// (not UTF-8, a NUL, a byte-order mark, nothing), the report is the one for the whole
    /// file, and the bytes given back are the file's.
    #[test]
    fn counting_a_file_as_it_arrives_gives_the_whole_file_report(
        bytes in prop_oneof![
            3 => prop_oneof![extract(), good_extract()].prop_map(String::into_bytes),
            1 => (prop_oneof![extract(), good_extract()], select(&["\r\n", "\r", "\"", "é", "\u{feff}"][..]))
                .prop_map(|(t, s)| t.replace('\n', s).into_bytes()),
            1 => (good_extract(), 0usize..400, select(vec![&b"\xA3"[..], b"\0", b"\xEF\xBB\xBF", b"\xC3"]))
                .prop_map(|(t, at, b)| {
                    let mut v = t.into_bytes();
                    let at = at.min(v.len());
                    v.splice(at..at, b.iter().copied());
                    v
                }),
            1 => prop::collection::vec(any::<u8>(), 0..64),
        ],
        cuts in prop::collection::vec(0usize..2000, 0..12),
        settings in settings(),
        input in select(&Input::ALL[..]),
    ) {
        let whole = aggregate_input(input, &bytes, &settings);
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(bytes.len())).collect();
        cuts.extend([0, bytes.len()]);
        cuts.sort_unstable();
        let mut agg = InputAggregator::streaming(input, &settings, bytes.len());
        for piece in cuts.windows(2) {
            agg.push(&bytes[piece[0]..piece[1]]);
            // Count what can be counted before the next piece.
            while !agg.needs_input() && !agg.step(7) {}
        }
        let kept = agg.end();
        prop_assert_eq!(kept.as_slice(), bytes.as_slice());
        prop_assert_eq!(agg.finish(), whole);
    }

    /// Guards counting an extract in pieces on several threads (the page's Web Workers):
    /// whatever the text, wherever its rows are cut (after a line feed, as the page cuts),
    /// and in however many parts each piece arrives, adding up the pieces (sent as JSON)
    /// gives the whole file's report, row numbers and all; or, only when a cut may have
    /// fallen inside a quoted cell or a quote is not around a whole cell, says it cannot.
    #[test]
    fn counting_an_extract_in_pieces_gives_the_whole_file_report(
        // `stray`: the text may have a quote that is not around a whole cell (an extract()
        // may quote its cells with another delimiter than the one its header shows).
        (text, stray) in prop_oneof![
            3 => good_extract().prop_map(|t| (t, false)),
            2 => extract().prop_map(|t| (t, true)),
            2 => (prop_oneof![extract().prop_map(|t| (t, true)), good_extract().prop_map(|t| (t, false))],
                  select(&["\r\n", "\r", "\n\n", "\n\r\n", "é\n", "\u{feff}\n", "\"\n"][..]), any::<bool>())
                // Sometimes the header alone ends with a lone CR.
                .prop_map(|((t, stray), s, cr)| {
                    let t = if cr { t.replacen('\n', "\r", 1) } else { t };
                    // Text straight after a row's last cell may follow a closing quote.
                    (t.replace('\n', s), stray || !s.starts_with(['\n', '\r']))
                }),
        ],
        first in 0usize..3000,
        arrivals in prop::collection::vec(0usize..3000, 0..8),
        parts in prop::collection::vec(0usize..400, 0..3),
        settings in settings(),
        input in select(&Input::ALL[..]),
    ) {
        let bytes = text.as_bytes();
        let whole = aggregate_input(input, bytes, &settings);
        // The page reads the start of the file itself, for the header.
        let mut start = InputAggregator::streaming(input, &settings, bytes.len());
        start.push(&bytes[..first.min(bytes.len())]);
        let Some(split) = start.split() else {
            return Ok(());
        };
        // As the rest of the file arrives, a piece is cut after its last line feed.
        let mut arrivals: Vec<usize> = arrivals.into_iter().map(|a| a.clamp(split.rows_at, bytes.len())).collect();
        arrivals.sort_unstable();
        let mut ends = Vec::new();
        let mut sent = split.rows_at;
        for a in arrivals {
            if let Some(lf) = bytes[sent..a].iter().rposition(|&b| b == b'\n') {
                ends.push(sent + lf + 1);
                sent += lf + 1;
            }
        }
        ends.push(bytes.len());
        let mut merger = split.merger;
        let mut from = split.rows_at;
        for end in ends {
            let piece = &bytes[from..end];
            from = end;
            let mut counter = PieceCounter::new(input, &settings, &split.head);
            let mut at = 0;
            for &p in &parts {
                let p = (at + p).min(piece.len());
                counter.push(&piece[at..p]);
                at = p;
            }
            counter.push(&piece[at..]);
            let counted = counter.finish();
            prop_assert!(counted.is_some(), "a piece of UTF-8 text is counted");
            let sent = Piece::from_json(&counted.unwrap().to_json());
            prop_assert!(sent.is_ok(), "{:?}", sent.err());
            merger.add(sent.unwrap());
        }
        match merger.finish() {
            Some(report) => prop_assert_eq!(report, whole),
            None => prop_assert!(
                stray || line_break_in_quotes(&text),
                "only a stray quote or a cut inside a quoted cell stops the pieces adding up"
            ),
        }
    }

    #[test]
    fn aggregation_accounts_for_every_row(
        text in prop_oneof![extract(), good_extract()],
        settings in settings(),
        input in select(&Input::ALL[..]),
    ) {
        let report = aggregate_input(input, text.as_bytes(), &settings);
        let table = read_table(text.as_bytes());
        if let Ok(t) = &table {
            prop_assert_eq!(report.rows_read, t.rows.len());
        }
        if report.usable() {
            prop_assert_eq!(
                report.rows_read,
                report.rows_used + report.rows_unusable + report.rows_excluded
            );
        } else {
            prop_assert_eq!(report.rows_used, 0);
        }
        // Each unusable row has at least one error listed or counted.
        let errors = report
            .issues
            .iter()
            .filter(|i| i.code.row_unusable())
            .count() as u64
            + report
                .issues_not_listed
                .iter()
                .filter(|t| t.code.row_unusable())
                .map(|t| t.not_listed)
                .sum::<u64>();
        prop_assert!(errors >= report.rows_unusable as u64);

        let used = report.rows_used as u64;
        let agg = combine(vec![report]);
        // The population rows add up to the usable rows.
        let population = input.population();
        let total: u64 = agg
            .rows
            .iter()
            .filter(|r| r.measure == population)
            .map(|r| r.total())
            .sum();
        prop_assert_eq!(total, used);
        // Yes counts never exceed the population of their workforce.
        for r in agg.rows.iter().filter(|r| r.measure != population) {
            let pop: u64 = agg
                .rows
                .iter()
                .filter(|p| p.measure == population && p.workforce == r.workforce)
                .map(|p| p.total())
                .sum();
            prop_assert!(r.total() <= pop);
        }
        // The submission file reads back to the same submission.
        match agg.submission() {
            None => prop_assert_eq!(used, 0),
            Some(s) => {
                prop_assert!(agg.issues.iter().all(|i| i.code == Code::CountTooLarge));
                let parsed = parse(agg.to_csv().as_bytes());
                prop_assert_eq!(parsed.errors().count(), 0, "{:?}", parsed.messages);
                prop_assert_eq!(&parsed.submission, &Some(s));
                // What the page checks (the table, no text in between) is what it downloads.
                let checked = check_table(agg.table());
                prop_assert_eq!(&checked.submission, &parsed.submission);
                prop_assert_eq!(&checked.messages, &parsed.messages);
                prop_assert_eq!(checked.table, parsed.table);
            }
        }
        if input == Input::Staff {
            let staff_rows = agg.rows.iter().filter(|r| r.measure == Measure::Staff).count();
            prop_assert!(used == 0 || staff_rows > 0);
        }
    }

    #[test]
    fn value_recognition_never_panics(s in "\\PC{0,30}") {
        let _ = recognise_ethnicity(&s);
        let _ = recognise_yes_no(&s);
        let k = value_key(&s);
        prop_assert_eq!(value_key(&k), k.clone());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// The well-formed extracts do exercise the counting: most of their rows are used.
    #[test]
    fn well_formed_extracts_are_mostly_used(text in good_extract()) {
        let report = aggregate_input(Input::Staff, text.as_bytes(), &RecordSettings::default());
        prop_assert_eq!(report.usable(), report.rows_read > 0);
        if report.rows_read >= 20 {
            prop_assert!(report.rows_used * 10 >= report.rows_read, "{} of {}", report.rows_used, report.rows_read);
        }
    }
}
