//! `scwres`: the command-line face of the calculator's engine.
//!
//!     scwres report FILE [--sheet NAME] [--previous FILE] [--format table|json|csv]
//!         [--band LOW,HIGH] [--nhs-orientation]
//!     scwres aggregate [--staff FILE] [--shortlisted FILE] [--survey FILE] [--settings FILE]
//!         [--save-settings FILE] [--salary-bands 30000,70000] [--workforce adults|children]
//!         [--skip-unusable] [--bench] [--staff-sheet NAME] [--shortlisted-sheet NAME]
//!         [--survey-sheet NAME] -o SUBMISSION.csv
//!
//! A FILE may be CSV or an Excel workbook (.xlsx); a workbook with several sheets needs the
//! sheet named (--sheet, --staff-sheet, ...).
//!
//! Exit 0 with results (warnings included); exit 2 with the errors on stderr, one per line,
//! when a file or an option is unusable.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    // Behave like other command-line tools when the reader goes away (`scwres ... | head`):
    // end quietly instead of panicking on a failed write.
    #[cfg(unix)]
    // SAFETY: restores the default action for SIGPIPE before any thread or I/O exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    std::process::exit(cli::run(std::env::args().skip(1).collect()));
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use scwres::compare::compare;
    use scwres::diag::Severity;
    use scwres::export;
    use scwres::model::Submission;
    use scwres::results::{compute, ParityRange, Settings};
    use scwres::submission::{parse_sheet, Message};

    const USAGE: &str = "usage: scwres report FILE [--sheet NAME] [--previous FILE] [--format table|json|csv] [--band LOW,HIGH] [--nhs-orientation]";

    #[derive(Clone, Copy, PartialEq)]
    enum Format {
        Table,
        Json,
        Csv,
    }

    struct Args {
        file: String,
        sheet: Option<String>,
        previous: Option<String>,
        format: Format,
        settings: Settings,
    }

    fn parse_args(args: Vec<String>) -> Result<Args, String> {
        let mut it = args.into_iter();
        match it.next().as_deref() {
            Some("report") => {}
            Some("-h" | "--help") | None => return Err(USAGE.to_owned()),
            Some(other) => return Err(format!("unknown command \"{other}\"\n{USAGE}")),
        }
        let (mut file, mut previous, mut format, mut settings) =
            (None, None, Format::Table, Settings::default());
        let mut sheet = None;
        while let Some(a) = it.next() {
            match a.as_str() {
                "--sheet" => sheet = Some(it.next().ok_or("--sheet needs a sheet name")?),
                "--previous" => previous = Some(it.next().ok_or("--previous needs a file")?),
                "--format" => {
                    format = match it.next().as_deref() {
                        Some("table") => Format::Table,
                        Some("json") => Format::Json,
                        Some("csv") => Format::Csv,
                        _ => return Err("--format takes table, json or csv".to_owned()),
                    }
                }
                "--band" => {
                    let v = it.next().ok_or("--band needs LOW,HIGH, such as 0.8,1.25")?;
                    let (l, h) = v
                        .split_once(',')
                        .ok_or("--band needs LOW,HIGH, such as 0.8,1.25")?;
                    let low: f64 = l
                        .trim()
                        .parse()
                        .map_err(|_| format!("--band: \"{l}\" is not a number"))?;
                    let high: f64 = h
                        .trim()
                        .parse()
                        .map_err(|_| format!("--band: \"{h}\" is not a number"))?;
                    settings.band = ParityRange::new(low, high)?;
                }
                "--nhs-orientation" => settings.nhs_orientation = true,
                f if !f.starts_with("--") && file.is_none() => file = Some(f.to_owned()),
                other => return Err(format!("unexpected argument \"{other}\"\n{USAGE}")),
            }
        }
        Ok(Args {
            file: file.ok_or(USAGE)?,
            sheet,
            previous,
            format,
            settings,
        })
    }

    /// Reads and checks one file; on errors prints them (one per line) and returns None.
    fn load(path: &str, sheet: Option<&str>) -> Result<(Submission, Vec<Message>), Vec<String>> {
        let bytes =
            std::fs::read(path).map_err(|e| vec![format!("{path}: cannot read the file: {e}")])?;
        let parsed = parse_sheet(&bytes, sheet);
        match parsed.submission {
            Some(s) => Ok((s, parsed.messages)),
            None => Err(parsed
                .messages
                .iter()
                .filter(|m| m.severity == Severity::Error)
                // One error per line, even when a header holds a line break.
                .map(|m| {
                    let hint = if m.code == scwres::diag::Code::ChooseSheet {
                        " Name it with --sheet."
                    } else {
                        ""
                    };
                    format!("{path}: {m}{hint}").replace(['\r', '\n'], " ")
                })
                .collect()),
        }
    }

    pub fn run(args: Vec<String>) -> i32 {
        if args.first().map(String::as_str) == Some("aggregate") {
            return super::aggregate::run(args[1..].to_vec());
        }
        let args = match parse_args(args) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("{e}");
                return 2;
            }
        };
        let (current, messages) = match load(&args.file, args.sheet.as_deref()) {
            Ok(x) => x,
            Err(lines) => {
                lines.iter().for_each(|l| eprintln!("{l}"));
                return 2;
            }
        };
        let results = compute(&current, &args.settings);
        let changes = match &args.previous {
            Some(p) => match load(p, None) {
                Ok((prev, _)) => Some(compare(&results, &compute(&prev, &args.settings))),
                Err(lines) => {
                    lines.iter().for_each(|l| eprintln!("{l}"));
                    return 2;
                }
            },
            None => None,
        };
        match args.format {
            Format::Json => println!(
                "{}",
                export::to_json(&results, &messages, changes.as_deref())
            ),
            Format::Csv => print!("{}", export::to_csv(&results)),
            Format::Table => {
                print!("{}", export::to_table(&results));
                if !messages.is_empty() {
                    println!("\nWarnings");
                    messages.iter().for_each(|m| println!("  {m}"));
                }
                if let Some(changes) = &changes {
                    println!("\nCompared with last year");
                    changes.iter().for_each(|c| println!("  {}", c.sentence));
                }
            }
        }
        0
    }
}

/// `scwres aggregate`: record-level HR extracts -> the submission file.
#[cfg(not(target_arch = "wasm32"))]
mod aggregate {
    use std::time::Instant;

    use scwres::diag::Code;
    use scwres::diag::Severity;
    use scwres::model::Workforce;
    use scwres::records::{
        combine, parse_salary_thresholds, Aggregate, ColumnSource, FieldKind, Input,
        InputAggregator, InputReport, RecordSettings, ValueSource,
    };

    const USAGE: &str =
        "usage: scwres aggregate [--staff FILE] [--shortlisted FILE] [--survey FILE] \
        [--settings FILE] [--save-settings FILE] [--salary-bands 30000,70000] \
        [--workforce adults|children] [--skip-unusable] [--bench] [--staff-sheet NAME] \
        [--shortlisted-sheet NAME] [--survey-sheet NAME] -o SUBMISSION.csv";

    struct Args {
        files: Vec<(Input, String)>,
        /// The sheet to read, for an extract that is an Excel workbook.
        sheets: Vec<(Input, String)>,
        settings: Option<String>,
        save_settings: Option<String>,
        salary_bands: Option<String>,
        workforce: Option<Workforce>,
        skip_unusable: bool,
        bench: bool,
        output: String,
    }

    fn parse_args(args: Vec<String>) -> Result<Args, String> {
        let mut it = args.into_iter();
        let mut files = Vec::new();
        let mut sheets = Vec::new();
        let (mut settings, mut save_settings, mut salary_bands, mut workforce, mut output) =
            (None, None, None, None, None);
        let (mut skip_unusable, mut bench) = (false, false);
        while let Some(a) = it.next() {
            let mut value = |name: &str| {
                it.next()
                    .filter(|v| !v.starts_with("--"))
                    .ok_or(format!("{name} needs a value\n{USAGE}"))
            };
            match a.as_str() {
                "--staff" => files.push((Input::Staff, value("--staff")?)),
                "--shortlisted" => files.push((Input::Shortlisted, value("--shortlisted")?)),
                "--survey" => files.push((Input::Survey, value("--survey")?)),
                "--staff-sheet" => sheets.push((Input::Staff, value("--staff-sheet")?)),
                "--shortlisted-sheet" => {
                    sheets.push((Input::Shortlisted, value("--shortlisted-sheet")?))
                }
                "--survey-sheet" => sheets.push((Input::Survey, value("--survey-sheet")?)),
                "--settings" => settings = Some(value("--settings")?),
                "--save-settings" => save_settings = Some(value("--save-settings")?),
                "--salary-bands" => salary_bands = Some(value("--salary-bands")?),
                "--workforce" => {
                    workforce = Some(match value("--workforce")?.as_str() {
                        "adults" => Workforce::Adults,
                        "children" => Workforce::Children,
                        other => {
                            return Err(format!(
                                "--workforce takes adults or children, not \"{other}\""
                            ))
                        }
                    })
                }
                "-o" | "--output" => output = Some(value("-o")?),
                "--skip-unusable" => skip_unusable = true,
                "--bench" => bench = true,
                "-h" | "--help" => return Err(USAGE.to_owned()),
                other => return Err(format!("unexpected argument \"{other}\"\n{USAGE}")),
            }
        }
        let mut seen = Vec::new();
        for (i, _) in &files {
            if seen.contains(i) {
                return Err(format!("--{} is given twice", i.key()));
            }
            seen.push(*i);
        }
        for (i, _) in &sheets {
            if !seen.contains(i) {
                return Err(format!("--{0}-sheet needs --{0} FILE too", i.key()));
            }
        }
        if files.is_empty() {
            return Err(format!(
                "give at least one extract, such as --staff FILE\n{USAGE}"
            ));
        }
        Ok(Args {
            files,
            sheets,
            settings,
            save_settings,
            salary_bands,
            workforce,
            skip_unusable,
            bench,
            output: output.ok_or(format!(
                "-o FILE is needed: where to write the submission\n{USAGE}"
            ))?,
        })
    }

    /// "1 row", "1,234 rows".
    fn rows(n: u64) -> String {
        format!(
            "{} {}",
            scwres::format::count(n),
            if n == 1 { "row" } else { "rows" }
        )
    }

    /// The mapping, values and issues of one extract, for the terminal.
    fn print_report(r: &InputReport, path: &str) {
        println!("{} ({path})", r.input.label());
        if let (Some(enc), Some(d), Some(h)) = (r.encoding, r.delimiter, r.header_row) {
            let d = match d {
                ',' => "comma".to_owned(),
                ';' => "semicolon".to_owned(),
                '\t' => "tab".to_owned(),
                c => format!("\"{c}\""),
            };
            println!(
                "  Read as {}, {d}-separated, header on row {h}",
                enc.label()
            );
        }
        if !r.columns.is_empty() {
            println!("  Columns:");
            for c in &r.columns {
                let mut line = format!("    {}: {}", c.field.label(), c.describe());
                if matches!(c.field.kind(), FieldKind::Salary | FieldKind::PayBand)
                    && c.index.is_some()
                {
                    line.push_str(&format!("; bands: {}", r.pay_bands.join(" | ")));
                }
                if c.source == ColumnSource::FixedWorkforce {
                    if let Some(w) = r.fixed_workforce {
                        line = format!("    {}: every row is {}", c.field.label(), w.key());
                    }
                }
                println!("{line}");
            }
            if !r.unused_columns.is_empty() {
                let cols: Vec<String> = r
                    .unused_columns
                    .iter()
                    .map(|u| format!("{} ({})", u.letter, u.header))
                    .collect();
                println!("    Not used: {}", cols.join(", "));
            }
        }
        println!(
            "  Rows: {} read, {} used, {} unusable, {} left out by workforce choice",
            scwres::format::count(r.rows_read as u64),
            scwres::format::count(r.rows_used as u64),
            scwres::format::count(r.rows_unusable as u64),
            scwres::format::count(r.rows_excluded as u64)
        );
        if !r.workforce_values.is_empty() {
            println!("  Workforce values:");
            for v in &r.workforce_values {
                let meaning = match (v.meaning, v.source) {
                    (Some(m), ValueSource::YourChoice) => format!("{} (your choice)", m.label()),
                    (Some(m), _) => m.label().to_owned(),
                    (None, _) => format!(
                        "not recognised: rows unusable (choose: add \"{}\": \"adults\", \
                         \"children\" or \"exclude\" to \"workforce_values\" in the settings)",
                        v.key
                    ),
                };
                println!("    \"{}\" ({}) -> {meaning}", v.value, rows(v.rows));
            }
        }
        if !r.ethnicity_values.is_empty() {
            println!("  Ethnicity values:");
            for v in &r.ethnicity_values {
                let meaning = match v.source {
                    ValueSource::BuiltIn => v.ethnicity.label(),
                    ValueSource::YourChoice => format!("{} (your choice)", v.ethnicity.label()),
                    ValueSource::Unmatched => format!(
                        "Not known (not recognised: to choose, add \"{}\": \"CATEGORY\" to \
                         \"ethnicity_values\" in the settings)",
                        v.key
                    ),
                };
                println!("    \"{}\" ({}) -> {meaning}", v.value, rows(v.rows));
            }
            if r.ethnicity_rows_not_listed > 0 {
                println!(
                    "    and {} with further values, not listed",
                    rows(r.ethnicity_rows_not_listed)
                );
            }
        }
        if !r.yes_no_values.is_empty() {
            println!("  Yes/no values:");
            for v in &r.yes_no_values {
                let meaning = match (v.meaning, v.source) {
                    (Some(b), _) => format!("{} (your choice)", if b { "yes" } else { "no" }),
                    (None, _) => format!(
                        "not recognised: rows unusable (choose: add \"{}\": true or false to \
                         \"yes_no_values\" in the settings)",
                        v.key
                    ),
                };
                println!(
                    "    {}: \"{}\" ({}, first row {}) -> {meaning}",
                    v.field.label(),
                    v.value,
                    rows(v.rows),
                    v.first_row
                );
            }
        }
        if !r.issues.is_empty() || !r.issues_not_listed.is_empty() {
            println!("  Issues:");
            for i in &r.issues {
                println!("    {}", i.to_string().replace(['\r', '\n'], " "));
            }
            for t in &r.issues_not_listed {
                println!("    {}", t.describe());
            }
        }
        println!();
    }

    fn read_settings(args: &Args) -> Result<RecordSettings, String> {
        let mut settings = match &args.settings {
            Some(p) => {
                let text = std::fs::read_to_string(p)
                    .map_err(|e| format!("{p}: cannot read the settings file: {e}"))?;
                RecordSettings::from_json(&text).map_err(|e| format!("{p}: {e}"))?
            }
            None => RecordSettings::default(),
        };
        if let Some(b) = &args.salary_bands {
            settings
                .set_salary_thresholds(
                    parse_salary_thresholds(b).map_err(|e| format!("--salary-bands: {e}"))?,
                )
                .map_err(|e| format!("--salary-bands: {e}"))?;
        }
        if let Some(w) = args.workforce {
            for i in Input::ALL {
                settings.mapping_mut(i).workforce = Some(w);
            }
        }
        Ok(settings)
    }

    pub fn run(args: Vec<String>) -> i32 {
        let args = match parse_args(args) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("{e}");
                return 2;
            }
        };
        let settings = match read_settings(&args) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{e}");
                return 2;
            }
        };
        let mut reports = Vec::new();
        let (mut bytes_total, mut seconds) = (0usize, 0f64);
        for (input, path) in &args.files {
            let bytes = match std::fs::read(path) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("{path}: cannot read the file: {e}");
                    return 2;
                }
            };
            let start = Instant::now();
            let sheet = args
                .sheets
                .iter()
                .find(|(i, _)| i == input)
                .map(|(_, s)| s.as_str());
            let mut report = InputAggregator::new_sheet(*input, &bytes, sheet, &settings).finish();
            for issue in &mut report.issues {
                if issue.code == Code::ChooseSheet {
                    issue.message += &format!(" Name it with --{}-sheet.", input.key());
                }
            }
            reports.push(report);
            seconds += start.elapsed().as_secs_f64();
            bytes_total += bytes.len();
        }
        let agg: Aggregate = combine(reports);
        if args.bench {
            let mb = bytes_total as f64 / 1e6;
            eprintln!(
                "bench: {mb:.1} MB aggregated in {:.3} s ({:.1} MB/s)",
                seconds,
                mb / seconds.max(1e-9)
            );
        }
        let path_of = |i: Input| {
            args.files
                .iter()
                .find(|(j, _)| *j == i)
                .map_or("", |(_, p)| p.as_str())
        };
        for r in &agg.inputs {
            print_report(r, path_of(r.input));
        }
        for i in &agg.issues {
            println!("{i}");
        }
        if let Some(p) = &args.save_settings {
            let used = agg.settings_used(&settings);
            if let Err(e) = std::fs::write(p, used.to_json()) {
                eprintln!("{p}: cannot write the settings file: {e}");
                return 2;
            }
            println!("Settings saved to {p} (column headers and choices only, no data).");
        }
        let mut problems: Vec<String> = Vec::new();
        for e in agg.errors() {
            problems.push(format!("{}: {e}", path_of(e.about.input)).replace(['\r', '\n'], " "));
        }
        let unusable = agg.rows_unusable();
        if unusable > 0 && !args.skip_unusable {
            problems.push(format!(
                "{} {} could not be used (see the issues above). Fix them in the extract, \
                 choose what their values mean in a settings file, or run with \
                 --skip-unusable to leave them out.",
                scwres::format::count(unusable as u64),
                if unusable == 1 { "row" } else { "rows" }
            ));
        }
        if agg.rows.is_empty() && problems.is_empty() {
            problems.push("There are no counts to write: no row could be used.".to_owned());
        }
        if !problems.is_empty() {
            problems.iter().for_each(|p| eprintln!("{p}"));
            eprintln!("{} was not written.", args.output);
            return 2;
        }
        if let Err(e) = std::fs::write(&args.output, agg.to_csv()) {
            eprintln!("{}: cannot write the submission file: {e}", args.output);
            return 2;
        }
        let workforces: Vec<&str> = [Workforce::Adults, Workforce::Children]
            .into_iter()
            .filter(|w| agg.rows.iter().any(|r| r.workforce == *w))
            .map(|w| w.key())
            .collect();
        let warnings = agg
            .inputs
            .iter()
            .flat_map(|r| r.issues.iter())
            .filter(|i| i.severity == Severity::Warning)
            .count();
        println!(
            "Wrote {}: {} rows of counts for {}{}{}.",
            args.output,
            agg.rows.len(),
            workforces.join(" and "),
            if unusable > 0 {
                format!(
                    ", leaving out {} unusable rows",
                    scwres::format::count(unusable as u64)
                )
            } else {
                String::new()
            },
            if warnings > 0 {
                format!(" ({warnings} warnings above)")
            } else {
                String::new()
            }
        );
        0
    }
}
