//! What both commands share: reading a file named in the arguments, and reporting problems
//! with one, one per line on stderr.

use std::fmt::Display;

/// The bytes of a file named in the arguments, or the line that says why they cannot be read.
pub fn read(path: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{path}: cannot read the file: {e}"))
}

/// `PATH: MESSAGE` on one line, even when the message quotes a header that holds a line break.
pub fn with_path(path: &str, message: impl Display) -> String {
    format!("{path}: {message}").replace(['\r', '\n'], " ")
}

/// Prints the problems on stderr, one per line; returns the exit code for them, 2.
pub fn fail(problems: &[impl Display]) -> i32 {
    problems.iter().for_each(|p| eprintln!("{p}"));
    2
}
