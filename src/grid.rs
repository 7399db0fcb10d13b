//! The grid of counts typed by hand: lines laid out like the submission file, turned into the
//! [`Table`] the submission checker reads (no CSV text in between), and into the submission
//! file to download. The web page's grid (ui/manual.rs) only shows it.

use crate::csv_out::{safe_cell, CsvOut, LineEnd};
use crate::model::{Measure, Workforce};
use crate::read::stream::clean_cell;
use crate::read::{Encoding, Row, Table};

/// The ethnicity columns of the grid: as the submission file names them, and as the grid
/// labels them.
pub const COLUMNS: [(&str, &str); 3] = [
    ("white", "White"),
    ("minority_ethnic", "Minority ethnic"),
    ("not_known", "Not known"),
];

/// The pay bands the grid starts with (the SC-WRES 2024 report's).
pub const DEFAULT_BANDS: [&str; 3] = ["Under £30,000", "£30,000 to £69,999", "£70,000 and over"];

/// One line of the grid: a row of the submission file.
#[derive(Clone, Copy)]
pub struct Line {
    pub workforce: Workforce,
    pub measure: Measure,
    /// For staff rows: which pay band (index into the band names).
    pub band: Option<usize>,
}

/// Every line of the grid: for each workforce, a staff line per pay band, then one line
/// for each other measure.
pub fn lines() -> Vec<Line> {
    let mut out = Vec::new();
    for workforce in [Workforce::Adults, Workforce::Children] {
        for (i, _) in DEFAULT_BANDS.iter().enumerate() {
            out.push(Line {
                workforce,
                measure: Measure::Staff,
                band: Some(i),
            });
        }
        for measure in Measure::ALL.into_iter().filter(|m| *m != Measure::Staff) {
            out.push(Line {
                workforce,
                measure,
                band: None,
            });
        }
    }
    out
}

/// The submission file's header.
const HEADER: [&str; 6] = [
    "workforce",
    "measure",
    "pay_band",
    "white",
    "minority_ethnic",
    "not_known",
];

/// The grid as the table of a submission file, numbered as the file it downloads as would
/// be (the header is row 1), cells trimmed as the file reader trims them. Lines left wholly
/// empty are left out (a missing row, not a zero). Returns the table and, for each row from
/// 2 on, the grid line it came from.
pub fn to_table(lines: &[Line], cells: &[[String; 3]], bands: &[String; 3]) -> (Table, Vec<usize>) {
    let mut rows = Vec::new();
    let mut from = Vec::new();
    for (i, (line, c)) in lines.iter().zip(cells).enumerate() {
        if c.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        // A band name is kept as the downloaded file will hold it: safe to open in a
        // spreadsheet (what is checked is what is downloaded).
        let band = line
            .band
            .map_or(String::new(), |b| safe_cell(clean_cell(&bands[b])));
        let texts = [
            line.workforce.key(),
            line.measure.key(),
            &band,
            &c[0],
            &c[1],
            &c[2],
        ];
        rows.push(Row {
            number: rows.len() + 2,
            cells: texts.iter().map(|t| clean_cell(t).to_owned()).collect(),
        });
        from.push(i);
    }
    let table = Table {
        encoding: Encoding::Utf8,
        delimiter: b',',
        header: HEADER.map(str::to_owned).to_vec(),
        header_row: 1,
        rows,
    };
    (table, from)
}

/// The table as the submission file to download (with a byte-order mark, for Excel), every
/// cell safe to open in a spreadsheet.
pub fn file_text(table: &Table) -> String {
    let mut out = CsvOut::new(LineEnd::Lf);
    out.row(&table.header);
    for row in &table.rows {
        out.safe_row(&row.cells);
    }
    format!("\u{feff}{}", out.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::{compute, Settings};
    use crate::submission::{check_table, parse};

    /// The example file typed into the grid, line by line.
    fn example_grid() -> (Vec<Line>, Vec<[String; 3]>) {
        let lines = lines();
        let text = include_bytes!("../data/example-submission.csv");
        let table = crate::read::read_table(text).unwrap();
        let mut cells = vec![<[String; 3]>::default(); lines.len()];
        let mut band_of_row = Vec::new();
        for row in &table.rows {
            let c = &row.cells;
            let w = Workforce::parse(&c[0]).unwrap();
            let m = Measure::parse(&c[1]).unwrap();
            let band = (m == Measure::Staff).then(|| {
                band_of_row.push((w, c[2].clone()));
                band_of_row.iter().filter(|(x, _)| *x == w).count() - 1
            });
            let i = lines
                .iter()
                .position(|l| l.workforce == w && l.measure == m && l.band == band)
                .unwrap();
            cells[i] = [c[3].clone(), c[4].clone(), c[5].clone()];
        }
        (lines, cells)
    }

    #[test]
    fn the_grid_checks_as_the_file_it_downloads_as() {
        let (lines, cells) = example_grid();
        let bands = DEFAULT_BANDS.map(str::to_owned);
        let (table, from) = to_table(&lines, &cells, &bands);
        assert_eq!(from.len(), table.rows.len());
        let text = file_text(&table);
        let example =
            std::str::from_utf8(include_bytes!("../data/example-submission.csv")).unwrap();
        assert_eq!(
            text.strip_prefix('\u{feff}').map(str::trim),
            Some(example.trim())
        );
        let checked = check_table(table);
        let downloaded = parse(text.as_bytes());
        assert!(checked.submission.is_some(), "{:?}", checked.messages);
        assert_eq!(checked.submission, downloaded.submission);
        assert_eq!(checked.messages, downloaded.messages);
        let s = Settings::default();
        assert_eq!(
            compute(checked.submission.as_ref().unwrap(), &s),
            compute(downloaded.submission.as_ref().unwrap(), &s)
        );
    }

    #[test]
    fn a_formula_typed_into_the_grid_is_never_downloaded_as_one() {
        let lines = lines();
        let mut cells = vec![<[String; 3]>::default(); lines.len()];
        cells[0] = ["1".into(), "2".into(), "3".into()];
        cells[1] = ["=HYPERLINK(\"x\")".into(), "2".into(), "3".into()];
        let bands = ["x;=1+1;".to_owned(), "@SUM(A1)".to_owned(), String::new()];
        let (table, _) = to_table(&lines, &cells, &bands);
        let text = file_text(&table);
        let reread = crate::read::read_table(text.as_bytes()).unwrap();
        assert_eq!(reread.rows[0].cells[2], "x;'=1+1;");
        assert_eq!(reread.rows[1].cells[2], "'@SUM(A1)");
        assert_eq!(reread.rows[1].cells[3], "'=HYPERLINK(\"x\")");
        assert_eq!(
            table.rows[0].cells[2], reread.rows[0].cells[2],
            "checked as downloaded"
        );
    }

    #[test]
    fn a_slip_is_placed_on_its_grid_line() {
        let lines = lines();
        let mut cells = vec![<[String; 3]>::default(); lines.len()];
        cells[3] = ["410".into(), " 3O0 ".into(), "30".into()];
        let (table, from) = to_table(&lines, &cells, &DEFAULT_BANDS.map(str::to_owned));
        let parsed = check_table(table);
        let slip = parsed
            .messages
            .iter()
            .find(|m| m.value.as_deref() == Some("3O0"))
            .expect("the slip is reported, trimmed");
        assert_eq!(from[slip.row.unwrap() - 2], 3);
        assert_eq!(slip.column_index, Some(4));
    }
}
