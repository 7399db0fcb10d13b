//! `scwres`: the command-line face of the calculator's engine.
//!
//!     scwres report FILE [--previous FILE] [--format table|json|csv] [--band LOW,HIGH] [--nhs-orientation]
//!
//! Exit 0 with results (warnings included); exit 2 with the errors on stderr, one per line,
//! when a file or an option is unusable.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(cli::run(std::env::args().skip(1).collect()));
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use scwres::compare::compare;
    use scwres::export;
    use scwres::results::{compute, Band, Settings};
    use scwres::submission::{parse, Message, Severity, Submission};

    const USAGE: &str = "usage: scwres report FILE [--previous FILE] [--format table|json|csv] [--band LOW,HIGH] [--nhs-orientation]";

    #[derive(Clone, Copy, PartialEq)]
    enum Format {
        Table,
        Json,
        Csv,
    }

    struct Args {
        file: String,
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
        while let Some(a) = it.next() {
            match a.as_str() {
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
                    settings.band = Band::new(low, high)?;
                }
                "--nhs-orientation" => settings.nhs_orientation = true,
                f if !f.starts_with("--") && file.is_none() => file = Some(f.to_owned()),
                other => return Err(format!("unexpected argument \"{other}\"\n{USAGE}")),
            }
        }
        Ok(Args {
            file: file.ok_or(USAGE)?,
            previous,
            format,
            settings,
        })
    }

    /// Reads and checks one file; on errors prints them (one per line) and returns None.
    fn load(path: &str) -> Result<(Submission, Vec<Message>), Vec<String>> {
        let bytes =
            std::fs::read(path).map_err(|e| vec![format!("{path}: cannot read the file: {e}")])?;
        let parsed = parse(&bytes);
        match parsed.submission {
            Some(s) => Ok((s, parsed.messages)),
            None => Err(parsed
                .messages
                .iter()
                .filter(|m| m.severity == Severity::Error)
                // One error per line, even when a header holds a line break.
                .map(|m| format!("{path}: {m}").replace(['\r', '\n'], " "))
                .collect()),
        }
    }

    pub fn run(args: Vec<String>) -> i32 {
        let args = match parse_args(args) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("{e}");
                return 2;
            }
        };
        let (current, messages) = match load(&args.file) {
            Ok(x) => x,
            Err(lines) => {
                lines.iter().for_each(|l| eprintln!("{l}"));
                return 2;
            }
        };
        let results = compute(&current, &args.settings);
        let changes = match &args.previous {
            Some(p) => match load(p) {
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
