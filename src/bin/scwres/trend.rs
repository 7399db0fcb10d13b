//! `scwres trend YEAR=FILE YEAR=FILE ...`: one submission file per year -> each metric across
//! the years, with each change measured and said in words.

use scwres::compare::{trend, Year};
use scwres::export;
use scwres::results::{compute, Results, Settings};

use crate::args::fail;
use crate::report::{load, parse_band, Format, BAND_NEEDS};

pub const USAGE: &str = "usage: scwres trend YEAR=FILE YEAR=FILE ... [--format table|json] [--band LOW,HIGH] [--nhs-orientation]";

struct Args {
    files: Vec<(u16, String)>,
    format: Format,
    settings: Settings,
}

fn parse_args(args: Vec<String>) -> Result<Args, String> {
    let mut it = args.into_iter();
    let (mut files, mut format, mut settings) = (Vec::new(), Format::Table, Settings::default());
    while let Some(a) = it.next() {
        match a.as_str() {
            "--format" => {
                format = match it.next().as_deref() {
                    Some("table") => Format::Table,
                    Some("json") => Format::Json,
                    _ => return Err("--format takes table or json".to_owned()),
                }
            }
            "--band" => settings.band = parse_band(&it.next().ok_or(BAND_NEEDS)?)?,
            "--nhs-orientation" => settings.nhs_orientation = true,
            f if !f.starts_with("--") => {
                let (year, file) = f.split_once('=').ok_or_else(|| {
                    format!("\"{f}\" needs its year in front, such as 2024={f}\n{USAGE}")
                })?;
                let year = year
                    .trim()
                    .parse::<u16>()
                    .ok()
                    .filter(|y| (2000..=2100).contains(y))
                    .ok_or_else(|| {
                        format!("\"{year}\" is not a year; write a four-digit year, such as 2024={file}")
                    })?;
                if files.iter().any(|(y, _)| *y == year) {
                    return Err(format!(
                        "{year} is given twice; give one file for each year"
                    ));
                }
                files.push((year, file.to_owned()));
            }
            other => return Err(format!("unexpected argument \"{other}\"\n{USAGE}")),
        }
    }
    if files.len() < 2 {
        return Err(format!("trend needs at least two years\n{USAGE}"));
    }
    files.sort_by_key(|(y, _)| *y);
    Ok(Args {
        files,
        format,
        settings,
    })
}

/// Runs `scwres trend`; returns the exit code.
pub fn run(args: Vec<String>) -> i32 {
    let args = match parse_args(args) {
        Ok(a) => a,
        Err(e) => return fail(&[e]),
    };
    let mut computed: Vec<(u16, Results)> = Vec::new();
    let mut problems = Vec::new();
    for (year, path) in &args.files {
        match load(path, None) {
            Ok((submission, _)) => computed.push((*year, compute(&submission, &args.settings))),
            Err(lines) => problems.extend(lines),
        }
    }
    if !problems.is_empty() {
        return fail(&problems);
    }
    let years: Vec<Year> = computed
        .iter()
        .map(|(y, r)| Year {
            year: Some(*y),
            results: r,
        })
        .collect();
    let trends = trend(&years);
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "changes": trends }))
                .unwrap_or_default()
        ),
        _ => print!("{}", export::changes_table(&trends)),
    }
    0
}
