//! "How we calculate this".

use leptos::prelude::*;

use crate::ui::components::back_link::BackLink;

/// "How we calculate this": docs/metrics.md, rendered at build time.
#[component]
pub fn MethodPage() -> impl IntoView {
    let html = include_str!(concat!(env!("OUT_DIR"), "/metrics.html"));
    view! {
        <BackLink/>
        <div class="prose" inner_html=html></div>
        <BackLink/>
    }
}
