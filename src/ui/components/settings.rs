//! Settings that change results live: the band, NHS orientation, presentation-safe mode and
//! the optional council name for the printed report. None of it is stored anywhere.

use leptos::prelude::*;

use crate::ui::AppState;

#[component]
pub fn Settings() -> impl IntoView {
    let state = expect_context::<AppState>();
    let band_error = move || state.band.get().err();
    view! {
        <details class="details settings no-print-controls">
            <summary>"Settings"</summary>
            <div class="form-group" class:form-group--error=move || band_error().is_some()>
                <fieldset class="fieldset" aria-describedby="band-hint">
                    <legend class="label">"Band treated as no adverse difference"</legend>
                    <p class="hint" id="band-hint">"Default 0.80 to 1.25, the NHS \"four-fifths\" convention. No SC-WRES band is published."</p>
                    {move || band_error().map(|e| view! { <p class="error-message" id="band-error"><span class="visually-hidden">"Error: "</span>{e}" Results use 0.80 to 1.25 until this is fixed."</p> })}
                    <div class="inline-inputs">
                        <label for="band-low">"From"</label>
                        <input id="band-low" class="input input--short" type="text" inputmode="decimal"
                            prop:value=move || state.band_low.get()
                            on:input=move |ev| state.band_low.set(event_target_value(&ev))/>
                        <label for="band-high">"to"</label>
                        <input id="band-high" class="input input--short" type="text" inputmode="decimal"
                            prop:value=move || state.band_high.get()
                            on:input=move |ev| state.band_high.set(event_target_value(&ev))/>
                    </div>
                </fieldset>
            </div>
            <div class="checkboxes">
                <div class="checkbox">
                    <input type="checkbox" id="nhs-orientation" prop:checked=move || state.nhs.get()
                        on:change=move |ev| state.nhs.set(event_target_checked(&ev))/>
                    <label for="nhs-orientation">"NHS orientation: state M2 and M5 as white relative to minority ethnic (as NHS WRES indicators 2 and 4)"</label>
                </div>
                <div class="checkbox">
                    <input type="checkbox" id="safe-mode" prop:checked=move || state.safe.get()
                        on:change=move |ev| state.safe.set(event_target_checked(&ev))/>
                    <label for="safe-mode">"Presentation-safe mode: hide counts under 10, and whatever would give one away (for screen-sharing and publication)"</label>
                </div>
            </div>
            <div class="form-group">
                <label class="label" for="la-name">"Council name for the printed report (optional)"</label>
                <input id="la-name" class="input" type="text" autocomplete="organization"
                    prop:value=move || state.la_name.get()
                    on:input=move |ev| state.la_name.set(event_target_value(&ev))/>
            </div>
        </details>
    }
}
