//! `scwres compare`: several councils' submission files -> the pooled figures, each council's
//! figure and its place on the funnel plot, as a table, JSON or CSV.

use scwres::councils::export::{self, Naming};
use scwres::councils::{funnel, Adjustment, Comparison, FunnelClass, Target};

use crate::args::{fail, read};

pub const USAGE: &str =
    "usage: scwres compare FILE... [--format table|json|csv] [--target pooled|1|national] [--names]";

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Table,
    Json,
    Csv,
}

struct Args {
    files: Vec<String>,
    format: Format,
    target: Target,
    names: bool,
}

fn parse_args(args: Vec<String>) -> Result<Args, String> {
    let mut it = args.into_iter();
    let mut out = Args {
        files: Vec::new(),
        format: Format::Table,
        target: Target::Pooled,
        names: false,
    };
    while let Some(a) = it.next() {
        match a.as_str() {
            "--format" => {
                out.format = match it.next().as_deref() {
                    Some("table") => Format::Table,
                    Some("json") => Format::Json,
                    Some("csv") => Format::Csv,
                    _ => return Err("--format takes table, json or csv".to_owned()),
                }
            }
            "--target" => {
                out.target = it
                    .next()
                    .as_deref()
                    .and_then(Target::parse)
                    .ok_or("--target takes pooled, 1 or national")?
            }
            "--names" => out.names = true,
            f if !f.starts_with("--") => out.files.push(f.to_owned()),
            other => return Err(format!("unexpected argument \"{other}\"\n{USAGE}")),
        }
    }
    if out.files.is_empty() {
        return Err(USAGE.to_owned());
    }
    Ok(out)
}

/// Runs `scwres compare`; exit 2 only when no file at all can be compared (or the arguments
/// are wrong).
pub fn run(args: Vec<String>) -> i32 {
    let args = match parse_args(args) {
        Ok(a) => a,
        Err(e) => return fail(&[e]),
    };
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut unreadable = Vec::new();
    for path in &args.files {
        match read(path) {
            Ok(bytes) => files.push((path.clone(), bytes)),
            Err(e) => unreadable.push(e),
        }
    }
    let cmp = Comparison::from_files(files.iter().map(|(n, b)| (n.as_str(), b.as_slice())));
    if cmp.councils.is_empty() {
        let mut lines = unreadable;
        lines.extend(
            cmp.errors()
                .map(|m| m.to_string().replace(['\r', '\n'], " ")),
        );
        lines.push("no file could be compared".to_owned());
        return fail(&lines);
    }
    unreadable.iter().for_each(|e| eprintln!("{e}"));
    let naming = Naming {
        names: args.names,
        files: true,
    };
    match args.format {
        Format::Json => println!("{}", export::to_json(&cmp, naming)),
        Format::Csv => print!("{}", export::to_csv(&cmp, naming)),
        Format::Table => {
            print!("{}", export::to_table(&cmp, naming));
            if args.target != Target::Pooled {
                println!("\nAgainst the target \"{}\"", args.target.key());
                for set in &cmp.sets {
                    let view = funnel::view(set, args.target, Adjustment::None);
                    for p in view
                        .points
                        .iter()
                        .filter(|p| p.class != FunnelClass::Within)
                    {
                        println!(
                            "  {} {} {}: {}",
                            set.workforce.key(),
                            set.metric,
                            cmp.display_name(p.council, args.names),
                            p.class.label().to_lowercase()
                        );
                    }
                }
            }
        }
    }
    0
}
