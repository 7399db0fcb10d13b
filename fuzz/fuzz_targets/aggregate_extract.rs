//! Any bytes as an HR extract, with the column mapping and salary bands the first bytes
//! choose -> counts: never a panic, and every row read is used, unusable or left out on
//! purpose.
//!
//!     cargo fuzz run aggregate_extract fuzz/corpus/aggregate_extract tests/records
#![no_main]

use libfuzzer_sys::fuzz_target;
use scwres::records::{aggregate_input, Field, Input, RecordSettings};

fuzz_target!(|data: &[u8]| {
    let [choice, thresholds, rest @ ..] = data else {
        return;
    };
    let input = Input::ALL[*choice as usize % 3];
    let mut settings = RecordSettings::default();
    if choice & 4 != 0 {
        // A saved mapping naming columns, some of which the file may not have.
        let mapping = settings.mapping_mut(input);
        mapping.columns.insert(Field::Ethnicity, Some("Ethnic Origin".into()));
        mapping.columns.insert(Field::Workforce, None);
        mapping.columns.insert(Field::Salary, Some("Salary".into()));
    }
    if choice & 8 != 0 {
        let t: Vec<u64> = (1..=u64::from(*thresholds % 60)).map(|i| i * 1_000).collect();
        let _ = settings.set_salary_thresholds(t);
    }
    let report = aggregate_input(input, rest, &settings);
    if report.usable() {
        assert_eq!(
            report.rows_read,
            report.rows_used + report.rows_unusable + report.rows_excluded
        );
        assert!(report.pay_bands.len() <= scwres::model::MAX_PAY_BANDS);
    }
});
