//! The accessibility statement.

use leptos::prelude::*;

use crate::ui::components::back_link::BackLink;

/// The accessibility statement.
#[component]
pub fn AccessibilityPage() -> impl IntoView {
    view! {
        <BackLink/>
        <div class="prose">
            <h1>"Accessibility statement"</h1>
            <p>"This calculator is built to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA. We want as many people as possible to be able to use it. You should be able to:"</p>
            <ul>
                <li>"use every part of it with a keyboard alone, with a visible focus indicator"</li>
                <li>"zoom the page up to 400% without text spilling off the screen"</li>
                <li>"read every chart as text: each chart has a written summary and is followed by a table of the same figures"</li>
                <li>"tell results apart without relying on colour: verdicts are written in words with a symbol, and chart series have patterns"</li>
                <li>"use a screen reader: headings, tables, labels and error messages are marked up for assistive technology"</li>
                <li>"turn off animation: charts do not animate when your device asks for reduced motion"</li>
                <li>"read a chart's tooltip: it stays while you move the pointer onto it, and Escape closes it"</li>
            </ul>
            <h2>"How we test it"</h2>
            <p>"Every change is tested automatically in a real browser: the start page, the error page and the results page are checked with the axe-core accessibility engine, and the whole journey is tested with the keyboard alone."</p>
            <h2>"Known limitations"</h2>
            <p>"The charts are pictures: screen reader users should use the summaries and tables that follow them, which hold the same figures."</p>
            <h2>"Feedback"</h2>
            <p>"If you find a problem, tell the team that gave you this calculator, or raise an issue in the project's public repository. Do not include any staff data."</p>
        </div>
        <BackLink/>
    }
}
