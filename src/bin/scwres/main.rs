//! `scwres`: the command-line face of the calculator's engine.
//!
//!     scwres report FILE [--sheet NAME] [--previous FILE ...] [--format table|json|csv]
//!         [--band LOW,HIGH] [--nhs-orientation] [--plan PLAN.json]
//!         [--docx OUT.docx [--for-publication]]
//!     scwres trend YEAR=FILE YEAR=FILE ... [--format table|json] [--band LOW,HIGH]
//!         [--nhs-orientation]
//!     scwres aggregate [--staff FILE] [--shortlisted FILE] [--survey FILE] [--settings FILE]
//!         [--save-settings FILE] [--salary-bands 30000,70000] [--workforce adults|children]
//!         [--skip-unusable] [--bench] [--staff-sheet NAME] [--shortlisted-sheet NAME]
//!         [--survey-sheet NAME] -o SUBMISSION.csv
//!     scwres compare FILE... [--format table|json|csv] [--target pooled|1|national] [--names]
//!
//! A FILE may be CSV or an Excel workbook (.xlsx); a workbook with several sheets needs the
//! sheet named (--sheet, --staff-sheet, ...).
//!
//! Exit 0 with results (warnings included); exit 2 with the errors on stderr, one per line,
//! when a file or an option is unusable.
//!
//! One file per command (`report.rs`, `trend.rs`, `aggregate.rs`); `args.rs` holds what both share.

#[cfg(not(target_arch = "wasm32"))]
mod aggregate;
#[cfg(not(target_arch = "wasm32"))]
mod args;
#[cfg(not(target_arch = "wasm32"))]
mod compare;
#[cfg(not(target_arch = "wasm32"))]
mod report;
#[cfg(not(target_arch = "wasm32"))]
mod trend;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    // Behave like other command-line tools when the reader goes away (`scwres ... | head`):
    // end quietly instead of panicking on a failed write.
    #[cfg(unix)]
    // SAFETY: restores the default action for SIGPIPE before any thread or I/O exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    std::process::exit(run(std::env::args().skip(1).collect()));
}

#[cfg(target_arch = "wasm32")]
fn main() {}

/// The first argument names the command; the rest are its own. Without a command, or with
/// -h, the usage shown is the report's.
#[cfg(not(target_arch = "wasm32"))]
fn run(mut args: Vec<String>) -> i32 {
    if args.is_empty() {
        return args::fail(&[report::USAGE]);
    }
    let rest = args.split_off(1);
    match args[0].as_str() {
        "report" => report::run(rest),
        "aggregate" => aggregate::run(rest),
        "trend" => trend::run(rest),
        "compare" => compare::run(rest),
        "-h" | "--help" => args::fail(&[report::USAGE]),
        other => args::fail(&[format!("unknown command \"{other}\"\n{}", report::USAGE)]),
    }
}
