//! A made-up staff extract (no real data), generated, and counting it in pieces.
//!
//! The web page counts it when the records page opens (on the page, and in each worker as it
//! starts) so that the browser has compiled the counting code fully before a real extract is
//! chosen: the first count in a page otherwise runs on the browser's quick first-pass
//! compilation. Its values take the forms real extracts' values commonly take, so that the
//! code that reads each form is run too.

use super::{count_in_pieces, Input, InputReport, RecordSettings};

/// A made-up staff extract of `rows` rows, as CSV text.
pub fn staff_extract(rows: usize) -> Vec<u8> {
    // The forms values commonly take: census labels, letter codes and variants; dates in
    // both orders; salaries whole, with pence, and as Excel writes currency (quoted, with a
    // pound sign and thousands separators: the quoted-row reader and the number cleaning).
    const WORKFORCE: [&str; 4] = [
        "Adult Social Care",
        "Children's Services",
        "ASC",
        "Children",
    ];
    const ETHNICITY: [&str; 16] = [
        "White - British",
        "Asian or Asian British - Indian",
        "Black African",
        "Mixed: White and Asian",
        "White - Any other White background",
        "A",
        "N",
        "Prefer not to say",
        "",
        "White - Irish",
        "Mixed or Multiple: White & Black Caribbean",
        "Other ethnic group: Arab",
        "Bangladeshi",
        "Not stated",
        "H",
        "Black or Black British - Caribbean",
    ];
    // Blank, yes and no forms, and dates (of leaving, say) as spreadsheets write them. Each
    // column's values are recognised once per distinct value, so the dates differ from row to
    // row, as real leaving dates do: the date-reading code is then compiled fully too.
    const YES_NO: [&str; 5] = ["Y", "N", "", "Yes", "FALSE"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut text = String::from(
        "Staff ID,Workforce,Ethnicity,Salary,Senior manager,Regulated professional,\
         Disciplinary,FtP referral,Funded CPD,Leaving date\n",
    );
    for i in 0..rows {
        let yes_no = |k: usize| {
            let n = i * 7 + k * 3;
            let (day, month, year) = (1 + n % 28, 1 + (n / 28) % 12, 2023 + (n / 336) % 2);
            match n % 8 {
                5 => format!("{year}-{month:02}-{day:02}"),
                6 => format!("{day:02}/{month:02}/{year}"),
                7 => format!("{day:02}-{}-{year}", MONTHS[month - 1]),
                v => YES_NO[v].to_owned(),
            }
        };
        let pounds = 18_000 + (i * 7_919) % 70_000;
        let salary = match i % 5 {
            0 | 2 => format!("{pounds}"),
            1 | 3 => format!("{pounds}.{:02}", i % 100),
            _ => format!("\"£{},{:03}.00\"", pounds / 1000, pounds % 1000),
        };
        text.push_str(&format!(
            "W{i},{},{},{salary},{},{},{},{},{},{}\n",
            WORKFORCE[i % WORKFORCE.len()],
            ETHNICITY[i % ETHNICITY.len()],
            yes_no(0),
            yes_no(1),
            yes_no(2),
            yes_no(3),
            yes_no(4),
            yes_no(5),
        ));
    }
    text.into_bytes()
}

/// Rows of each piece [`count_staff_in_pieces`] cuts the made-up extract into.
const PIECE_ROWS: usize = 1_000;

/// Counts a made-up staff extract of `rows` rows as the web page counts a large extract: in
/// pieces of `PIECE_ROWS` rows counted apart (as its workers count them), each passed through
/// JSON and added up (as the page does), the settings passed through JSON too (as they are to
/// the workers).
pub fn count_staff_in_pieces(rows: usize) -> Option<InputReport> {
    let settings = RecordSettings::from_json(&RecordSettings::default().to_json()).ok()?;
    let sample = staff_extract(rows);
    let cuts: Vec<usize> = (PIECE_ROWS..rows).step_by(PIECE_ROWS).collect();
    count_in_pieces(Input::Staff, &sample, &settings, &cuts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;
    use crate::records::aggregate_input;

    #[test]
    fn the_sample_aggregates_without_errors() {
        let rows = 5_000;
        let report = aggregate_input(
            Input::Staff,
            &staff_extract(rows),
            &RecordSettings::default(),
        );
        let errors: Vec<_> = report
            .issues
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .map(|i| i.message.clone())
            .collect();
        assert_eq!(errors, Vec::<String>::new());
        assert_eq!(report.rows_read, rows);
        assert_eq!(report.rows_unusable, 0);
        assert_eq!(report.rows_used, rows);
    }

    #[test]
    fn counted_in_pieces_it_gives_the_whole_files_counts() {
        let rows = 3_500;
        let whole = aggregate_input(
            Input::Staff,
            &staff_extract(rows),
            &RecordSettings::default(),
        );
        let pieces = count_staff_in_pieces(rows).expect("the pieces add up");
        assert_eq!(pieces, whole);
    }
}
