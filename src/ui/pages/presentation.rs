//! Presentation mode, for facilitators sharing their screen: large type, high contrast, counts
//! under 10 always hidden, the overview chart, then one metric at a time with Previous and
//! Next (buttons, or the left and right arrow keys). Escape leaves.

use leptos::prelude::*;

use crate::format;
use crate::metrics::MetricId;
use crate::results::{MetricResult, Scope};
use crate::ui::components::chart::{forest_chart, Chart};
use crate::ui::{focus_by_id, AppState};

/// Slide 0 is the overview chart; slides 1.. are the metrics in order.
#[component]
pub fn Presentation() -> impl IntoView {
    let state = expect_context::<AppState>();
    let slide = RwSignal::new(0usize);
    let wr = Memo::new(move |_| {
        let r = state.results.get()?;
        let scope = state.scope.get().unwrap_or(Scope::Adults);
        r.scope(scope).or_else(|| r.workforces.first()).cloned()
    });
    let count = move || wr.with(|w| w.as_ref().map_or(1, |w| w.metrics.len() + 1));
    let go = move |delta: isize| {
        let n = count() as isize;
        slide.update(|s| *s = (*s as isize + delta).clamp(0, n - 1) as usize);
    };
    let keys = window_event_listener(leptos::ev::keydown, move |ev| match ev.key().as_str() {
        "ArrowRight" | "PageDown" => go(1),
        "ArrowLeft" | "PageUp" => go(-1),
        "Escape" => state.presenting.set(false),
        _ => {}
    });
    on_cleanup(move || keys.remove());
    Effect::new(move |_| focus_by_id("presentation"));
    let forest = forest_chart(state, wr);
    let current = move || {
        let i = slide.get();
        if i == 0 {
            return None;
        }
        wr.get().and_then(|w| w.metrics.get(i - 1).cloned())
    };
    view! {
        <section id="presentation" class="presentation" tabindex="-1" aria-roledescription="slide show" aria-label="Presentation">
            <div class="presentation__bar">
                <p class="presentation__position" aria-live="polite">
                    {move || format!("{} – {} of {}", wr.get().map(|w| w.workforce.label()).unwrap_or_default(), slide.get() + 1, count())}
                </p>
                <div class="button-group">
                    <button type="button" class="button button--secondary" id="slide-previous" on:click=move |_| go(-1)
                        prop:disabled=move || { slide.get() == 0 }>"Previous"</button>
                    <button type="button" class="button button--secondary" id="slide-next" on:click=move |_| go(1)
                        prop:disabled=move || { slide.get() + 1 >= count() }>"Next"</button>
                    <button type="button" class="button button--secondary" id="presentation-exit" on:click=move |_| state.presenting.set(false)>"Leave presentation"</button>
                </div>
            </div>
            <p class="hint">"Use the left and right arrow keys to move between slides. Counts under 10 are shown as \"<10\", and whatever would give one away is hidden."</p>
            <Show when=move || slide.get() == 0>
                <h2 class="presentation__title">"All metrics at a glance"</h2>
                <Chart id="chart-presentation".to_owned() spec=forest height=560 file_name="sc-wres-overview".to_owned()/>
            </Show>
            {move || current().map(|m| view! { <MetricSlide m=m/> })}
        </section>
    }
}

#[component]
fn MetricSlide(m: MetricResult) -> impl IntoView {
    let rows = [
        ("Minority ethnic", 0, m.minority_ethnic),
        ("White", 1, m.white),
        ("Not known", 2, m.not_known),
    ];
    view! {
        <article class="slide" id=format!("slide-{}", m.metric.as_str().to_ascii_lowercase())>
            <h2 class="presentation__title">{format!("{} {}", m.metric, m.title)}</h2>
            <p class="slide__sentence">{m.sentence.clone()}</p>
            {(m.metric != MetricId::M1).then(|| view! {
                <p class="slide__figure">
                    <span class="slide__rl">{m.relative_likelihood_shown.clone().unwrap_or_else(|| "–".to_owned())}</span>
                    " "
                    <span>{m.ci95.map(|c| format!("(95% confidence interval {})", format::interval(c[0], c[1])))}</span>
                </p>
                <p class="slide__verdict"><span aria-hidden="true">{m.verdict.symbol()}" "</span>{crate::results::verdict_words(m.verdict, m.evidence)}</p>
            })}
            {if m.metric == MetricId::M1 {
                view! {
                    <table class="table slide__table">
                        <caption class="visually-hidden">"Staff in each pay band"</caption>
                        <thead><tr><th scope="col">"Pay band"</th><th scope="col" class="numeric">"Minority ethnic"</th><th scope="col" class="numeric">"White"</th><th scope="col" class="numeric">"Not known"</th><th scope="col" class="numeric">"% minority ethnic"</th></tr></thead>
                        <tbody>{m.bands.iter().enumerate().map(|(i, b)| view! {
                            <tr><th scope="row">{b.name.clone()}</th>
                                <td class="numeric">{m.band_count_text(i, 0, b.minority_ethnic)}</td>
                                <td class="numeric">{m.band_count_text(i, 1, b.white)}</td>
                                <td class="numeric">{m.band_count_text(i, 2, b.not_known)}</td>
                                <td class="numeric">{b.share_minority_ethnic.map_or("–".to_owned(), format::percent)}</td></tr>
                        }).collect_view()}</tbody>
                    </table>
                }.into_any()
            } else {
                view! {
                    <table class="table slide__table">
                        <caption class="visually-hidden">"Counts"</caption>
                        <thead><tr><th scope="col">"Group"</th><th scope="col" class="numeric">"Counted"</th><th scope="col" class="numeric">"Out of"</th><th scope="col" class="numeric">"Rate"</th></tr></thead>
                        <tbody>{rows.into_iter().filter_map(|(name, i, g)| g.map(|g| view! {
                            <tr><th scope="row">{name}</th>
                                <td class="numeric">{m.events_text(i, g.events)}</td>
                                <td class="numeric">{m.population_text(i, g.population)}</td>
                                <td class="numeric">{g.rate.map_or("–".to_owned(), format::percent)}</td></tr>
                        })).collect_view()}</tbody>
                    </table>
                }.into_any()
            }}
        </article>
    }
}
