//! `scwres aggregate`: record-level HR extracts -> the submission file.

use std::time::Instant;

use scwres::diag::{Code, Severity};
use scwres::model::Workforce;
use scwres::records::{
    combine, parse_salary_thresholds, Aggregate, ColumnSource, FieldKind, Input, InputAggregator,
    InputReport, RecordSettings, ValueSource,
};

use crate::args::{fail, read, with_path};

const USAGE: &str = "usage: scwres aggregate [--staff FILE] [--shortlisted FILE] [--survey FILE] \
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
            if matches!(c.field.kind(), FieldKind::Salary | FieldKind::PayBand) && c.index.is_some()
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
                ValueSource::BuiltIn => v.meaning.label(),
                ValueSource::YourChoice => format!("{} (your choice)", v.meaning.label()),
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

/// Runs `scwres aggregate` with the arguments after `aggregate`; returns the exit code.
pub fn run(args: Vec<String>) -> i32 {
    let args = match parse_args(args) {
        Ok(a) => a,
        Err(e) => return fail(&[e]),
    };
    let settings = match read_settings(&args) {
        Ok(s) => s,
        Err(e) => return fail(&[e]),
    };
    let mut reports = Vec::new();
    let (mut bytes_total, mut seconds) = (0usize, 0f64);
    for (input, path) in &args.files {
        let bytes = match read(path) {
            Ok(b) => b,
            Err(e) => return fail(&[e]),
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
            return fail(&[format!("{p}: cannot write the settings file: {e}")]);
        }
        println!("Settings saved to {p} (column headers and choices only, no data).");
    }
    let mut problems: Vec<String> = Vec::new();
    for e in agg.errors() {
        problems.push(with_path(path_of(e.about.input), e));
    }
    let unusable = agg.rows_unusable();
    if unusable > 0 && !args.skip_unusable {
        problems.push(format!(
            "{} could not be used (see the issues above). Fix them in the extract, \
             choose what their values mean in a settings file, or run with \
             --skip-unusable to leave them out.",
            rows(unusable as u64)
        ));
    }
    if agg.rows.is_empty() && problems.is_empty() {
        problems.push("There are no counts to write: no row could be used.".to_owned());
    }
    if !problems.is_empty() {
        problems.push(format!("{} was not written.", args.output));
        return fail(&problems);
    }
    if let Err(e) = std::fs::write(&args.output, agg.to_csv()) {
        return fail(&[format!(
            "{}: cannot write the submission file: {e}",
            args.output
        )]);
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
