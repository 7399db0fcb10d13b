//! The one CSV writer: rows of text cells -> CSV text (the csv crate: quoted where needed,
//! CRLF line ends, as spreadsheets write it), for the results export, the submission files
//! the extracts and the grid make, and anything else the calculator saves as CSV.

/// Neutralises whatever a spreadsheet could run as a formula: text starting with =, +, -, @,
/// tab or carriage return gets an apostrophe before it (shown as text, not run) at the start
/// of the cell and wherever a spreadsheet could start a cell inside it: after a comma, a
/// semicolon or a tab (the delimiters of every common locale, as Excel splits a .csv in
/// many European ones) or a line break, spaces aside.
pub fn safe_cell(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut cell_starts = true;
    for c in cell.chars() {
        if cell_starts && matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r') {
            out.push('\'');
        }
        out.push(c);
        cell_starts = match c {
            ',' | ';' | '\t' | '\n' | '\r' => true,
            ' ' => cell_starts,
            _ => false,
        };
    }
    out
}

/// How rows end: CRLF, as Excel writes CSV and RFC 4180 has it; or LF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnd {
    Crlf,
    Lf,
}

/// CSV text being written, row by row. Rows may differ in width (a blank row, a second
/// table under the first).
pub struct CsvOut {
    writer: csv::Writer<Vec<u8>>,
}

impl CsvOut {
    pub fn new(line_end: LineEnd) -> Self {
        CsvOut {
            writer: csv::WriterBuilder::new()
                .terminator(match line_end {
                    LineEnd::Crlf => csv::Terminator::CRLF,
                    LineEnd::Lf => csv::Terminator::Any(b'\n'),
                })
                .flexible(true)
                .from_writer(Vec::new()),
        }
    }

    /// Writes one row of cells as they are.
    pub fn row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<[u8]>,
    {
        // Writing into memory cannot fail.
        let _ = self.writer.write_record(cells);
    }

    /// Writes one row, each cell made safe to open in a spreadsheet ([`safe_cell`]).
    pub fn safe_row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.row(cells.into_iter().map(|c| safe_cell(c.as_ref())));
    }

    /// The text written so far.
    pub fn finish(self) -> String {
        let bytes = self.writer.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_formula_is_neutralised_wherever_a_cell_could_start() {
        assert_eq!(safe_cell("=1+1"), "'=1+1");
        assert_eq!(safe_cell("x;=1+1;"), "x;'=1+1;");
        assert_eq!(safe_cell("a, @SUM(A1)"), "a, '@SUM(A1)");
        assert_eq!(safe_cell("a\t+1"), "a\t'+1");
        assert_eq!(safe_cell("line\n-2"), "line\n'-2");
        assert_eq!(safe_cell("Under £30,000"), "Under £30,000");
        assert_eq!(safe_cell("1.35 - 2.72"), "1.35 - 2.72");
    }

    #[test]
    fn quotes_what_needs_quotes_and_ends_rows_with_crlf() {
        let mut out = CsvOut::new(LineEnd::Crlf);
        out.row(["a", "b,c", "say \"hi\""]);
        out.row([""; 0]);
        out.safe_row(["=1+1", "x"]);
        assert_eq!(
            out.finish(),
            "a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"\"\r\n'=1+1,x\r\n"
        );
        let mut out = CsvOut::new(LineEnd::Lf);
        out.row(["a", "line\nbreak"]);
        assert_eq!(out.finish(), "a,\"line\nbreak\"\n");
    }
}
