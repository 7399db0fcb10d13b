//! The one CSV writer: rows of text cells -> CSV text (the csv crate: quoted where needed,
//! CRLF line ends, as spreadsheets write it), for the results export, the submission files
//! the extracts and the grid make, and anything else the calculator saves as CSV.

/// Neutralises a cell a spreadsheet would run as a formula: one starting with =, +, -, @,
/// tab or carriage return gets a leading apostrophe.
pub fn safe_cell(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
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
