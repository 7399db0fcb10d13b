//! The one binding that draws charts: the global `echarts` (scripts/build-echarts.mjs builds
//! it; in the single file, scripts/page-boot.js defines it on first use) is called directly.
//! charming only builds the option (src/charts.rs), which goes to ECharts as JSON text, parsed
//! once by the browser. Here: `echarts.init`, setOption with notMerge (so a data change never
//! leaves stale series), dispose when the chart leaves the page, resize with the window, and
//! PNG export.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use super::download;
use crate::charts::ChartSpec;

#[wasm_bindgen]
extern "C" {
    /// An ECharts instance (what `echarts.init` returns).
    type Instance;

    /// `echarts.init(element, theme, opts)`: a new chart in `element` (canvas renderer, the
    /// default theme). Throws if ECharts is missing or the element cannot hold a chart.
    #[wasm_bindgen(catch, js_namespace = echarts, js_name = init)]
    fn init(
        element: &web_sys::Element,
        theme: &JsValue,
        opts: &JsValue,
    ) -> Result<Instance, JsValue>;

    #[wasm_bindgen(method, js_name = setOption)]
    fn set_option(this: &Instance, option: JsValue, opts: JsValue);

    #[wasm_bindgen(method)]
    fn dispose(this: &Instance);

    #[wasm_bindgen(method)]
    fn resize(this: &Instance);

    #[wasm_bindgen(method, js_name = getDataURL)]
    fn get_data_url(this: &Instance, opts: JsValue) -> String;
}

/// A chart for [`Chart`]: built once each time what `build` reads changes, not each time it is
/// read (a derived signal would build it three times: for the chart, its label and its
/// caption). Every rebuild counts as a change, as with a derived signal: comparing two charts
/// would cost more code in the wasm than drawing again.
pub fn chart_memo(
    build: impl Fn() -> Option<ChartSpec> + Send + Sync + 'static,
) -> Signal<Option<ChartSpec>> {
    Signal::from(Memo::new_with_compare(move |_| build(), |_, _| true))
}

/// True when the user's device asks for reduced motion.
pub fn prefers_reduced_motion() -> bool {
    window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

fn to_js(spec: &ChartSpec) -> Option<JsValue> {
    js_sys::JSON::parse(&spec.option_json()).ok()
}

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

/// A new chart in `element`, `height` pixels high, for its first drawing of `option`: with no
/// entry animation, so that the figures are all there in the first frame the chart appears
/// in, and ECharts does not redraw it every frame for the next second. Later changes (band,
/// workforce) animate as the option says.
fn first_drawing(element: &web_sys::Element, height: u32, option: &JsValue) -> Option<Instance> {
    let opts = object(&[("height", JsValue::from(height))]);
    let instance = init(element, &JsValue::NULL, &opts).ok()?;
    let _ = js_sys::Reflect::set(option, &JsValue::from_str("animation"), &JsValue::FALSE);
    Some(instance)
}

/// Draws `spec` once in `element` (in the document), as the [`Chart`] component first draws
/// it, and throws the chart away: a warm-up of the chart engine (super::warm).
pub fn draw_once(element: &web_sys::Element, spec: &ChartSpec, height: u32) {
    let Some(option) = to_js(spec) else {
        return;
    };
    if let Some(instance) = first_drawing(element, height, &option) {
        instance.set_option(option, object(&[("notMerge", JsValue::TRUE)]));
        instance.dispose();
    }
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
    Effect::new(move |_| {
        // Read in place: the spec (a whole charming::Chart) is not copied.
        let Some(option) = spec.with(|s| s.as_ref().and_then(to_js)) else {
            return;
        };
        let no_merge = object(&[("notMerge", JsValue::TRUE)]);
        let has = instance.with_value(|i| i.is_some());
        if !has {
            // The instance, with no option yet; the full option follows. Only in the page: the
            // warm-up (super::warm) renders the results off the page, where nothing is drawn
            // (it draws its charts with [`draw_once`]).
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
            }
        });
    });
    let on_resize = window_event_listener(leptos::ev::resize, move |_| {
        instance.with_value(|i| {
            if let Some(i) = i {
                i.resize();
            }
        });
    });
    on_cleanup(move || {
        on_resize.remove();
        instance.update_value(|i| {
            if let Some(i) = i.take() {
                i.dispose();
            }
        });
    });
    let save = move |_| {
        let url = instance.with_value(|i| {
            i.as_ref().map(|i| {
                i.get_data_url(object(&[
                    ("type", JsValue::from_str("png")),
                    ("pixelRatio", JsValue::from_f64(2.0)),
                    ("backgroundColor", JsValue::from_str("#ffffff")),
                ]))
            })
        });
        if let Some(url) = url {
            download::save_url(&format!("{file_name}.png"), &url);
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
