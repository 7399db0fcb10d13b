//! Any bytes -> reader -> submission checks: never a panic, and the messages keep their
//! promises. Accepted files with modest counts also go through the results, which must be
//! free of NaN and infinity.
//!
//!     cargo fuzz run parse_submission fuzz/corpus/parse_submission tests/corpus
#![no_main]

use libfuzzer_sys::fuzz_target;
use scwres::results::{compute, Settings};
use scwres::diag::Severity;
use scwres::submission::parse;

fuzz_target!(|data: &[u8]| {
    let parsed = parse(data);
    let has_errors = parsed.messages.iter().any(|m| m.severity == Severity::Error);
    // A submission exactly when there are no errors, and never an empty message list
    // for a rejected file.
    assert_eq!(parsed.submission.is_some(), !has_errors);
    // Rows are spreadsheet rows: at least 1, and no more than the file has lines.
    let lines = data.iter().filter(|&&b| b == b'\n' || b == b'\r').count() + 1;
    for m in &parsed.messages {
        assert!(!m.message.is_empty());
        if let Some(row) = m.row {
            assert!(row >= 1 && row <= lines, "row {row} of {lines} lines: {m}");
        }
        if m.column_letter.is_some() {
            assert!(m.row.is_some(), "a column without a row: {m}");
        }
    }
    // Errors come before warnings.
    let first_warning = parsed
        .messages
        .iter()
        .position(|m| m.severity == Severity::Warning)
        .unwrap_or(parsed.messages.len());
    assert!(parsed.messages[first_warning..]
        .iter()
        .all(|m| m.severity == Severity::Warning));

    if let Some(s) = &parsed.submission {
        // Fisher's test works in bounded time (src/stats.rs), so any counts go through.
        {
            let results = compute(s, &Settings::default());
            for r in results.all() {
                let numbers = [r.relative_likelihood, r.fisher_p]
                    .into_iter()
                    .flatten()
                    .chain(r.ci95.into_iter().flatten())
                    .chain(r.bands.iter().flat_map(|b| {
                        [b.share_minority_ethnic, b.share_white, b.relative_to_workforce]
                            .into_iter()
                            .flatten()
                    }));
                for x in numbers {
                    assert!(x.is_finite(), "{:?} {:?}: {x}", r.workforce, r.metric);
                }
                // M1's sentence quotes band names; the others hold only fixed words and numbers.
                if r.metric != scwres::metrics::MetricId::M1 {
                    assert!(!r.sentence.contains("NaN") && !r.sentence.contains("inf"));
                }
            }
        }
    }
});
