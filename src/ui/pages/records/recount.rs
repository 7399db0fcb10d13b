//! The chosen extracts and their counts: choosing a file or a workbook's sheet, changing a
//! choice, loading settings, and Cancel each count every chosen extract again, overtaking the
//! count running.

use leptos::prelude::*;

use super::count::{count_file, count_held_checked, Run, Runs};
use super::extract::{Content, Extract};
use super::progress::ProgressBar;
use super::INPUTS;
use crate::records::{Input, InputAggregator, InputReport, RecordSettings};
use crate::ui::browser::files::{file_bytes, file_piece};
use crate::ui::browser::warm;
use crate::ui::components::chosen_file::PendingWorkbook;

/// What the records page knows of the extracts, one place per extract in each (its slot, in
/// [`INPUTS`] order).
#[derive(Clone, Copy)]
pub(super) struct Extracts {
    /// The extracts chosen and counted. Local signals: an extract may hold a chosen file,
    /// which stays on this thread.
    pub files: [RwSignal<Option<Extract>, LocalStorage>; 3],
    /// Workbooks waiting for their sheet to be chosen.
    pub pending: [RwSignal<Option<PendingWorkbook>>; 3],
    /// CSV files chosen and not yet read to the end (counted as they are read).
    arriving: StoredValue<[Option<(String, web_sys::File)>; 3], LocalStorage>,
    pub settings: RwSignal<RecordSettings>,
    /// The reports of the last count that ran to its end.
    pub reports: RwSignal<Vec<InputReport>>,
    /// While counting: which extract, and how far.
    pub progress: ProgressBar,
    pub runs: Runs,
}

impl Extracts {
    pub fn new() -> Self {
        Extracts {
            files: [
                RwSignal::new_local(None),
                RwSignal::new_local(None),
                RwSignal::new_local(None),
            ],
            pending: [
                RwSignal::new(None),
                RwSignal::new(None),
                RwSignal::new(None),
            ],
            arriving: StoredValue::new_local([None, None, None]),
            settings: RwSignal::new(RecordSettings::default()),
            reports: RwSignal::new(Vec::new()),
            progress: ProgressBar::new(),
            runs: Runs::new(),
        }
    }

    /// Counts every chosen extract again (the files or the choices have changed).
    pub fn recount(self) {
        let run = self.runs.start();
        let chosen = self.chosen();
        let settings = self.settings.get_untracked();
        self.progress.start(run);
        leptos::task::spawn_local(self.count_all(chosen, settings, run));
    }

    /// Each extract to count, with its slot and input: the file chosen and not yet read to
    /// the end, else the extract counted before.
    fn chosen(self) -> Vec<(usize, Input, Extract)> {
        let waiting = self.arriving.get_value();
        INPUTS
            .iter()
            .zip(self.files.iter())
            .zip(waiting)
            .enumerate()
            .filter_map(|(slot, ((i, f), w))| {
                let extract = match w {
                    Some((name, file)) => Some(Extract {
                        name,
                        content: Content::File(file),
                    }),
                    None => f.get_untracked(),
                };
                extract.map(|e| (slot, *i, e))
            })
            .collect()
    }

    /// Counts the `chosen` extracts one after the other, unless `run` is overtaken; then shows
    /// their reports.
    async fn count_all(
        self,
        chosen: Vec<(usize, Input, Extract)>,
        settings: RecordSettings,
        run: Run,
    ) {
        // The page's warm-up waits while this runs.
        let _busy = warm::Busy::new();
        let mut done = Vec::new();
        for (slot, input, Extract { name, content }) in chosen {
            // How far this extract's count has come (0 to 1).
            let show = |fraction| self.progress.set(slot, &name, fraction);
            show(0.0);
            match content {
                // An extract the page holds: its bytes, or a workbook's sheet read into a table.
                Content::Bytes { bytes, sheet } => {
                    let counted = || {
                        InputAggregator::shared(input, bytes.clone(), sheet.as_deref(), &settings)
                    };
                    let check = count_held_checked(
                        input,
                        &settings,
                        &bytes,
                        sheet.as_deref(),
                        counted,
                        run,
                        &show,
                    );
                    let Some(report) = check.await else {
                        return;
                    };
                    done.push(report);
                }
                Content::Table { table, book, sheet } => {
                    let counted = || InputAggregator::table(input, table, &settings);
                    let check = count_held_checked(
                        input,
                        &settings,
                        &book,
                        sheet.as_deref(),
                        counted,
                        run,
                        &show,
                    );
                    let Some(report) = check.await else {
                        return;
                    };
                    done.push(report);
                }
                Content::File(file) => {
                    let counted = count_file(input, file, &settings, run, &show).await;
                    if !run.is_current() {
                        return;
                    }
                    // Read to the end now (or unreadable, say moved or changed since it was
                    // chosen: then not chosen after all).
                    self.arriving.update_value(|a| a[slot] = None);
                    match counted {
                        Some((report, content)) => {
                            self.files[slot].set(Some(Extract { name, content }));
                            done.push(report);
                        }
                        None => self.files[slot].set(None),
                    }
                }
            }
        }
        if run.is_current() {
            self.progress.end();
            self.reports.set(done);
        }
    }

    /// Cancel: stops the count and lets go of the extract being counted (choose it again, or
    /// another); the other extracts are counted again without it.
    pub fn cancel(self) {
        if let Some(slot) = self.progress.counting() {
            self.files[slot].set(None);
            self.arriving.update_value(|a| a[slot] = None);
        }
        self.progress.end();
        self.recount();
    }

    /// A file chosen for the extract in `slot`. A CSV file is counted as it is read; a
    /// workbook is read whole first, and one with several sheets waits for its sheet to be
    /// chosen.
    pub fn choose_file(self, slot: usize, file: web_sys::File) {
        let name = file.name();
        self.pending[slot].set(None);
        leptos::task::spawn_local(async move {
            let Ok(first) = file_piece(&file, 0.0, file.size().min(8.0)) else {
                return;
            };
            let Ok(first) = first.await else {
                return;
            };
            let first = js_sys::Uint8Array::new(&first).to_vec();
            if !crate::read::is_workbook(&first) {
                self.files[slot].set(None);
                self.arriving.update_value(|a| a[slot] = Some((name, file)));
                self.recount();
            } else if let Ok(bytes) = file_bytes(&file).await {
                match PendingWorkbook::new(&name, bytes) {
                    Ok(workbook) => {
                        self.files[slot].set(None);
                        self.pending[slot].set(Some(workbook));
                    }
                    Err(bytes) => {
                        self.files[slot].set(Some(Extract::new(name, bytes, None)));
                    }
                }
                self.recount();
            }
        });
    }

    /// The sheet chosen of the workbook waiting in `slot`.
    pub fn choose_sheet(self, slot: usize, workbook: &PendingWorkbook, sheet: String) {
        self.pending[slot].set(None);
        self.files[slot].set(Some(Extract::new(
            workbook.label(&sheet),
            workbook.bytes.to_vec(),
            Some(sheet),
        )));
        self.recount();
    }

    /// The example extracts (made-up people, [`crate::records::example`]) in place of any
    /// chosen, counted.
    pub fn use_examples(self) {
        for (input, name, bytes) in crate::records::example::extracts() {
            let Some(slot) = INPUTS.iter().position(|i| *i == input) else {
                continue;
            };
            self.pending[slot].set(None);
            self.arriving.update_value(|a| a[slot] = None);
            self.files[slot].set(Some(Extract::new(name.to_owned(), bytes, None)));
        }
        self.recount();
    }

    /// Changes the choices (a column, what a value means) and counts again.
    pub fn change_choices(self, change: impl FnOnce(&mut RecordSettings)) {
        self.settings.update(change);
        self.recount();
    }
}
