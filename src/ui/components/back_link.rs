//! The link back to the calculator, above and below the other pages.

use leptos::prelude::*;

use crate::ui::{AppState, Page};

/// "Back to the calculator".
#[component]
pub fn BackLink() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <p><a href="#" class="back-link" on:click=move |ev: leptos::ev::MouseEvent| {
            ev.prevent_default();
            state.page.set(Page::Calculator);
        }>"Back to the calculator"</a></p>
    }
}
