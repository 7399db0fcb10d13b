//! A chart on the page: `role="img"` with the chart's summary as its label and caption,
//! exactly the current data (setOption with notMerge, so a data change never leaves stale
//! series), disposed of when it leaves the page, resized with the window, its tooltip closed
//! by Escape, and a button that saves it as a PNG picture. ECharts draws it
//! ([`crate::ui::browser::echarts`]).

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::charts::{self, ChartSpec};
use crate::results::WorkforceResults;
use crate::ui::browser::download;
use crate::ui::browser::echarts::prefers_reduced_motion;
use crate::ui::browser::echarts::{
    first_drawing, hide_tooltip, loaded, object, ready, scalable, svg_to_png, to_js, Instance,
};
use crate::ui::AppState;

/// A chart for [`Chart`]: built once each time what `build` reads changes, not each time it is
/// read (a derived signal would build it three times: for the chart, its label and its
/// caption). Every rebuild counts as a change, as with a derived signal: comparing two charts
/// would cost more code in the wasm than drawing again.
pub fn chart_memo(
    build: impl Fn() -> Option<ChartSpec> + Send + Sync + 'static,
) -> Signal<Option<ChartSpec>> {
    Signal::from(Memo::new_with_compare(move |_| build(), |_, _| true))
}

/// The overview forest plot of the workforce `wr` shows: it follows the band set and the
/// page's width (the results page and the presentation's first slide).
pub fn forest_chart(
    state: AppState,
    wr: Memo<Option<WorkforceResults>>,
) -> Signal<Option<ChartSpec>> {
    let reduced = prefers_reduced_motion();
    chart_memo(move || {
        let band = state.band.get().unwrap_or_default();
        let narrow = state.narrow.get();
        wr.with(|w| {
            w.as_ref()
                .map(|w| charts::forest_plot(w, band, reduced, narrow))
        })
    })
}

/// A chart: `role="img"` with the spec's summary as its label, exactly the current data,
/// and a button to save it as a PNG picture.
#[component]
pub fn Chart(
    /// Unique element id.
    id: String,
    /// The chart to show; `None` shows nothing. Read three times (the chart, its label and
    /// its caption): make it with [`chart_memo`].
    spec: Signal<Option<ChartSpec>>,
    /// Height in pixels.
    #[prop(default = 420)]
    height: u32,
    /// File name for the PNG download, without extension.
    file_name: String,
) -> impl IntoView {
    let instance: StoredValue<Option<Instance>, LocalStorage> = StoredValue::new_local(None);
    let canvas = NodeRef::<leptos::html::Div>::new();
    // The chart engine: in the single file it is started on first use (by the warm-up, as a
    // rule, long before the first chart).
    let engine = RwSignal::new(loaded());
    if !engine.get_untracked() {
        leptos::task::spawn_local(async move {
            if ready().await {
                let _ = engine.try_set(true);
            }
        });
    }
    Effect::new(move |_| {
        if !engine.get() {
            return;
        }
        // Read in place: the spec (a whole chart option) is not copied.
        let Some(option) = spec.with(|s| s.as_ref().and_then(to_js)) else {
            return;
        };
        let no_merge = object(&[("notMerge", JsValue::TRUE)]);
        let has = instance.with_value(|i| i.is_some());
        if !has {
            // The instance, with no option yet; the full option follows. Only in the page: the
            // warm-up (crate::ui::browser::warm) renders the results off the page, where
            // nothing is drawn (it draws its charts with
            // [`crate::ui::browser::echarts::draw_once`]).
            let Some(element) = canvas.get_untracked().filter(|e| e.is_connected()) else {
                return;
            };
            let Some(i) = first_drawing(&element, height, &option) else {
                return;
            };
            instance.set_value(Some(i));
        }
        instance.with_value(|i| {
            if let Some(i) = i {
                i.set_option(option, no_merge);
                scalable(canvas, i);
            }
        });
    });
    let on_resize = window_event_listener(leptos::ev::resize, move |_| {
        instance.with_value(|i| {
            if let Some(i) = i {
                i.resize();
                scalable(canvas, i);
            }
        });
    });
    // Escape hides the chart's tooltip, as WCAG 2.2 asks of content shown on hover (1.4.13).
    let on_key = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" {
            instance.with_value(|i| {
                if let Some(i) = i {
                    hide_tooltip(canvas, i);
                }
            });
        }
    });
    on_cleanup(move || {
        on_resize.remove();
        on_key.remove();
        instance.update_value(|i| {
            if let Some(i) = i.take() {
                i.dispose();
            }
        });
    });
    let save = move |_| {
        let picture = instance.with_value(|i| {
            i.as_ref()
                .map(|i| (i.get_data_url(), i.width(), i.height()))
        });
        if let Some((svg, width, height)) = picture {
            let file_name = format!("{file_name}.png");
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(png) = svg_to_png(&svg, width, height).await {
                    download::save_url(&file_name, &png);
                }
            });
        }
    };
    let label = move || {
        spec.with(|s| s.as_ref().map(|s| s.summary.clone()))
            .unwrap_or_default()
    };
    view! {
        <figure class="chart">
            <div id=id node_ref=canvas class="chart__canvas" role="img" aria-label=label style=format!("height: {height}px")></div>
            <figcaption class="chart__summary">{label}</figcaption>
            <button type="button" class="button button--secondary button--small no-print" on:click=save>"Save chart as PNG"</button>
        </figure>
    }
}
