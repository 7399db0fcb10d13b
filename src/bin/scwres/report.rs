//! `scwres report`: one submission file -> its results, as a table, JSON or CSV.

use scwres::compare::compare;
use scwres::diag::{Code, Severity};
use scwres::export;
use scwres::model::Submission;
use scwres::results::{compute, ParityRange, RangeError, Settings};
use scwres::submission::{parse_sheet, Message};

use scwres::plan::{self, Plan};
use scwres::report::{self, Earlier, Input};

use crate::args::{fail, read, with_path};

pub const USAGE: &str = "usage: scwres report FILE [--sheet NAME] [--previous FILE ...] [--format table|json|csv] [--band LOW,HIGH] [--nhs-orientation] [--plan PLAN.json] [--docx OUT.docx [--for-publication]]";

pub(crate) const BAND_NEEDS: &str = "--band needs LOW,HIGH, such as 0.8,1.25";

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Format {
    Table,
    Json,
    Csv,
}

struct Args {
    file: String,
    sheet: Option<String>,
    /// Earlier years' files, most recent first.
    previous: Vec<String>,
    format: Format,
    settings: Settings,
    plan: Option<String>,
    docx: Option<String>,
    for_publication: bool,
}

/// The arguments after `report`.
fn parse_args(args: Vec<String>) -> Result<Args, String> {
    let mut it = args.into_iter();
    let (mut file, mut previous, mut format, mut settings) =
        (None, Vec::new(), Format::Table, Settings::default());
    let (mut sheet, mut plan, mut docx, mut for_publication) = (None, None, None, false);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--sheet" => sheet = Some(it.next().ok_or("--sheet needs a sheet name")?),
            "--previous" => previous.push(it.next().ok_or("--previous needs a file")?),
            "--plan" => plan = Some(it.next().ok_or("--plan needs a plan file (.json)")?),
            "--docx" => {
                docx = Some(
                    it.next()
                        .ok_or("--docx needs the name of the .docx file to write")?,
                )
            }
            "--for-publication" => for_publication = true,
            "--format" => {
                format = match it.next().as_deref() {
                    Some("table") => Format::Table,
                    Some("json") => Format::Json,
                    Some("csv") => Format::Csv,
                    _ => return Err("--format takes table, json or csv".to_owned()),
                }
            }
            "--band" => settings.band = parse_band(&it.next().ok_or(BAND_NEEDS)?)?,
            "--nhs-orientation" => settings.nhs_orientation = true,
            f if !f.starts_with("--") && file.is_none() => file = Some(f.to_owned()),
            other => return Err(format!("unexpected argument \"{other}\"\n{USAGE}")),
        }
    }
    if previous.len() > 1 && docx.is_none() {
        return Err(
            "--previous can be given once (or several times with --docx); for several years use scwres trend YEAR=FILE ..."
                .to_owned(),
        );
    }
    Ok(Args {
        file: file.ok_or(USAGE)?,
        sheet,
        previous,
        format,
        settings,
        plan,
        docx,
        for_publication,
    })
}

/// The value of `--band`: `LOW,HIGH`, such as `0.8,1.25`.
pub(crate) fn parse_band(value: &str) -> Result<ParityRange, String> {
    let (l, h) = value.split_once(',').ok_or(BAND_NEEDS)?;
    ParityRange::from_text(l, h).map_err(|e| match e {
        RangeError::NotANumber(_) => format!("--band: {e}"),
        RangeError::Invalid(reason) => reason,
    })
}

/// Reads and checks one file; when it is unusable, the errors, one line each.
pub(crate) fn load(
    path: &str,
    sheet: Option<&str>,
) -> Result<(Submission, Vec<Message>), Vec<String>> {
    let bytes = read(path).map_err(|e| vec![e])?;
    let parsed = parse_sheet(&bytes, sheet);
    match parsed.submission {
        Some(s) => Ok((s, parsed.messages)),
        None => Err(parsed
            .messages
            .iter()
            .filter(|m| m.severity == Severity::Error)
            .map(|m| {
                let hint = if m.code == Code::ChooseSheet {
                    " Name it with --sheet."
                } else {
                    ""
                };
                with_path(path, format_args!("{m}{hint}"))
            })
            .collect()),
    }
}

/// Runs `scwres report` with the arguments after `report`; returns the exit code.
pub fn run(args: Vec<String>) -> i32 {
    let args = match parse_args(args) {
        Ok(a) => a,
        Err(e) => return fail(&[e]),
    };
    let (current, messages) = match load(&args.file, args.sheet.as_deref()) {
        Ok(x) => x,
        Err(lines) => return fail(&lines),
    };
    let results = compute(&current, &args.settings);
    let mut earlier = Vec::new();
    for p in &args.previous {
        match load(p, None) {
            Ok((prev, _)) => earlier.push(Earlier {
                year: scwres::compare::year_in_name(p),
                label: file_label(p),
                results: compute(&prev, &args.settings),
            }),
            Err(lines) => return fail(&lines),
        }
    }
    // Most recent first, by the year in each file's name where there is one.
    earlier.sort_by_key(|e| std::cmp::Reverse(e.year));
    let changes = earlier.first().map(|e| compare(&results, &e.results));
    if let Some(out) = &args.docx {
        return write_docx(&args, out, &results, &messages, &earlier);
    }
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
                println!("\nCompared with the earlier file");
                print!("{}", export::changes_table(changes));
            }
        }
    }
    0
}

/// How the report names an earlier file: its name without the folder and extension.
fn file_label(path: &str) -> String {
    let name = std::path::Path::new(path)
        .file_stem()
        .map_or(path.to_owned(), |s| s.to_string_lossy().into_owned());
    format!("Earlier file: {name}")
}

/// `--docx`: the council's report as a Word document, with the plan when one is given.
fn write_docx(
    args: &Args,
    out: &str,
    results: &scwres::results::Results,
    messages: &[Message],
    earlier: &[Earlier],
) -> i32 {
    let mut plan = Plan::default();
    if let Some(p) = &args.plan {
        let bytes = match read(p) {
            Ok(b) => b,
            Err(e) => return fail(&[e]),
        };
        match plan::from_json(&bytes) {
            Ok(loaded) => {
                for m in &loaded.messages {
                    eprintln!("{}", with_path(p, m));
                }
                plan = loaded.plan;
            }
            Err(e) => return fail(&[with_path(p, e)]),
        }
        for m in plan::check_against(&plan, results) {
            eprintln!("{}", with_path(p, m));
        }
    }
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    let made_on = plan::date_from_days(days as i64);
    let bytes = report::docx(&Input {
        results,
        messages,
        plan: &plan,
        earlier,
        charts: &[],
        made_on: &made_on,
        publication_safe: args.for_publication,
        made_by: "the command line, which puts each chart's table in its place",
    });
    if let Err(e) = std::fs::write(out, bytes) {
        return fail(&[format!("{out}: cannot write the report: {e}")]);
    }
    eprintln!("Wrote {out}");
    0
}
