//! `scwres report`: one submission file -> its results, as a table, JSON or CSV.

use scwres::compare::compare;
use scwres::diag::{Code, Severity};
use scwres::export;
use scwres::model::Submission;
use scwres::results::{compute, ParityRange, RangeError, Settings};
use scwres::submission::{parse_sheet, Message};

use crate::args::{fail, read, with_path};

pub const USAGE: &str = "usage: scwres report FILE [--sheet NAME] [--previous FILE] [--format table|json|csv] [--band LOW,HIGH] [--nhs-orientation]";

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
    previous: Option<String>,
    format: Format,
    settings: Settings,
}

/// The arguments after `report`.
fn parse_args(args: Vec<String>) -> Result<Args, String> {
    let mut it = args.into_iter();
    let (mut file, mut previous, mut format, mut settings) =
        (None, None, Format::Table, Settings::default());
    let mut sheet = None;
    while let Some(a) = it.next() {
        match a.as_str() {
            "--sheet" => sheet = Some(it.next().ok_or("--sheet needs a sheet name")?),
            "--previous" if previous.is_some() => return Err(
                "--previous can be given once; for several years use scwres trend YEAR=FILE ..."
                    .to_owned(),
            ),
            "--previous" => previous = Some(it.next().ok_or("--previous needs a file")?),
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
    Ok(Args {
        file: file.ok_or(USAGE)?,
        sheet,
        previous,
        format,
        settings,
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
    let changes = match &args.previous {
        Some(p) => match load(p, None) {
            Ok((prev, _)) => Some(compare(&results, &compute(&prev, &args.settings))),
            Err(lines) => return fail(&lines),
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
                println!("\nCompared with the earlier file");
                print!("{}", export::changes_table(changes));
            }
        }
    }
    0
}
