//! The calculator: the start, then the file's problems or its results (or the results
//! presented, one metric at a time).

use leptos::prelude::*;

use super::presentation::Presentation;
use super::results::ResultsView;
use super::start::Start;
use crate::ui::components::error_summary::ErrorSummary;
use crate::ui::AppState;

/// The calculator: start, then errors or results.
#[component]
pub fn Calculator() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <h1 class="heading-xl" class:visually-hidden=move || state.presenting.get()>"Check your SC-WRES figures"</h1>
        {move || match state.current.get() {
            Some(_) if state.presenting.get() => view! { <Presentation/> }.into_any(),
            Some(l) if l.has_errors() => view! {
                <ErrorSummary loaded=l/>
                <Start/>
            }.into_any(),
            Some(_) => view! {
                <ResultsView/>
                <details class="details">
                    <summary>"Check a different file"</summary>
                    <Start/>
                </details>
            }.into_any(),
            None => view! { <Start/> }.into_any(),
        }}
    }
}
