//! The progress bar and cancel button of a count.

use leptos::prelude::*;

use super::count::Run;

/// How long a count runs before its progress bar and cancel button show, in milliseconds: a
/// quicker count would only make them flash.
const PROGRESS_AFTER_MS: f64 = 200.0;
/// The least time between two changes of the progress bar, in milliseconds.
const PROGRESS_EVERY_MS: f64 = 100.0;

/// The progress bar and cancel button of a count: which extract (its slot), its name, and how
/// far. They show once a count has run for [`PROGRESS_AFTER_MS`] and then change at most every
/// [`PROGRESS_EVERY_MS`]. Each change lays the page out and paints it again, and a screen
/// reader announces it: changed on every piece, the bar would take a noticeable part of the time
/// of the count itself, and for a quick count it would only flash.
#[derive(Clone, Copy)]
pub(super) struct ProgressBar {
    /// What the page shows (`None`: no progress bar).
    pub shown: RwSignal<Option<(usize, String, f64)>>,
    /// The count's latest progress, shown or not.
    latest: StoredValue<Option<(usize, String, f64)>, LocalStorage>,
    /// When the count started and when the bar last changed (`Date.now()`).
    times: StoredValue<(f64, f64), LocalStorage>,
}

impl ProgressBar {
    pub fn new() -> Self {
        ProgressBar {
            shown: RwSignal::new(None),
            latest: StoredValue::new_local(None),
            times: StoredValue::new_local((0.0, f64::NEG_INFINITY)),
        }
    }

    /// A count has started: no bar yet, and one after [`PROGRESS_AFTER_MS`] if it is still
    /// running then, even if it has not moved on (say the file is slow to read), so that it can
    /// be cancelled.
    pub fn start(self, run: Run) {
        self.shown.set(None);
        self.latest.set_value(None);
        self.times
            .set_value((js_sys::Date::now(), f64::NEG_INFINITY));
        set_timeout(
            move || {
                if run.is_current() {
                    if let Some(latest) = self.latest.try_get_value().flatten() {
                        self.show(latest);
                    }
                }
            },
            std::time::Duration::from_millis(PROGRESS_AFTER_MS as u64),
        );
    }

    /// How far the count of the extract in `slot` has come (0 to 1). Another extract's count
    /// shows at once.
    pub fn set(self, slot: usize, name: &str, fraction: f64) {
        let Some((started, changed)) = self.times.try_get_value() else {
            return; // the page has been left
        };
        let value = (slot, name.to_owned(), fraction);
        let t = js_sys::Date::now();
        let other = self
            .shown
            .with_untracked(|s| s.as_ref().is_some_and(|s| s.0 != slot));
        if t - started >= PROGRESS_AFTER_MS && (t - changed >= PROGRESS_EVERY_MS || other) {
            self.show(value.clone());
        }
        self.latest.set_value(Some(value));
    }

    fn show(self, value: (usize, String, f64)) {
        self.times
            .update_value(|(_, changed)| *changed = js_sys::Date::now());
        self.shown.set(Some(value));
    }

    /// The extract being counted (its slot), if any.
    pub fn counting(self) -> Option<usize> {
        self.latest.get_value().map(|(slot, _, _)| slot)
    }

    /// The count has ended (or been cancelled): no bar.
    pub fn end(self) {
        self.latest.set_value(None);
        self.shown.set(None);
    }
}
