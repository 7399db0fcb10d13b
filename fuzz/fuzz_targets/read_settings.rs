//! Any bytes as a settings file for the HR extracts: never a panic; settings that read are
//! within the limits, and save and read back to the same settings.
//!
//!     cargo fuzz run read_settings fuzz/corpus/read_settings
#![no_main]

use libfuzzer_sys::fuzz_target;
use scwres::records::RecordSettings;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(settings) = RecordSettings::from_json(text) {
        assert!(settings.salary_thresholds.len() < scwres::model::MAX_PAY_BANDS);
        let again = RecordSettings::from_json(&settings.to_json()).expect("saved settings read");
        assert_eq!(again, settings);
    }
});
