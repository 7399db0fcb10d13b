//! The one binding that draws charts: the global `echarts` (scripts/build-echarts.mjs builds
//! it; in the single file, scripts/page-boot.js defines it on first use) is called directly.
//! charming only builds the option (src/charts.rs), which goes to ECharts as JSON text, parsed
//! once by the browser. Here: `echarts.init`, setOption with notMerge (so a data change never
//! leaves stale series), dispose when the chart leaves the page, resize with the window, and
//! PNG export. Charts are drawn with ECharts' SVG renderer (the only one in the bundle,
//! scripts/build-echarts.mjs); the PNG is the chart's SVG drawn on a canvas made for it.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use super::download;
use crate::charts::ChartSpec;

#[wasm_bindgen]
extern "C" {
    /// An ECharts instance (what `echarts.init` returns).
    type Instance;

    /// `echarts.init(element, theme, opts)`: a new chart in `element` (the default theme).
    /// Throws if ECharts is missing or the element cannot hold a chart.
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

    #[wasm_bindgen(method, js_name = dispatchAction)]
    fn dispatch_action(this: &Instance, action: JsValue);

    /// With the SVG renderer: the chart as an SVG picture (a `data:image/svg+xml` URL).
    #[wasm_bindgen(method, js_name = getDataURL)]
    fn get_data_url(this: &Instance) -> String;

    #[wasm_bindgen(method, js_name = getWidth)]
    fn width(this: &Instance) -> f64;

    #[wasm_bindgen(method, js_name = getHeight)]
    fn height(this: &Instance) -> f64;
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

thread_local! {
    /// The query for [`prefers_reduced_motion`], made once: making it cost about 2 ms each time
    /// (in a profile of the first results page), reading it again costs next to nothing, and
    /// it follows the device's setting as that changes.
    static REDUCED_MOTION: Option<web_sys::MediaQueryList> =
        window().match_media("(prefers-reduced-motion: reduce)").ok().flatten();
}

/// True when the user's device asks for reduced motion.
pub fn prefers_reduced_motion() -> bool {
    REDUCED_MOTION.with(|query| query.as_ref().is_some_and(|q| q.matches()))
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
    let opts = object(&[
        ("height", JsValue::from(height)),
        ("renderer", JsValue::from_str("svg")),
    ]);
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

/// The first element in the chart's element that matches `selector`.
fn find(element: NodeRef<leptos::html::Div>, selector: &str) -> Option<web_sys::Element> {
    element
        .get_untracked()?
        .query_selector(selector)
        .ok()
        .flatten()
}

/// Gives the chart's SVG (in `element`) a viewBox of its size, so that it can be scaled as a
/// picture: the print style sheet (style/main.css) fits it to the page's width, which is
/// narrower than the screen's, and printing does not resize the chart. (ECharts sets only a
/// width and height, in pixels, and leaves other attributes of the SVG alone.)
fn scalable(element: NodeRef<leptos::html::Div>, instance: &Instance) {
    if let Some(svg) = find(element, "svg") {
        let _ = svg.set_attribute(
            "viewBox",
            &format!("0 0 {} {}", instance.width(), instance.height()),
        );
    }
}

/// Hides the chart's tooltip now, wherever the pointer is. ECharts' own `hideTip` leaves an
/// enterable tooltip up while the pointer is on it, so the tooltip's element is also hidden
/// here as ECharts hides it (it shows it again, whole, when the pointer next moves over the
/// chart's data).
fn hide_tooltip(element: NodeRef<leptos::html::Div>, instance: &Instance) {
    instance.dispatch_action(object(&[("type", JsValue::from_str("hideTip"))]));
    let tooltip = find(element, &format!(".{}", crate::charts::TOOLTIP_CLASS));
    if let Some(tooltip) = tooltip.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
        let style = tooltip.style();
        let _ = style.set_property("visibility", "hidden");
        let _ = style.set_property("opacity", "0");
    }
}

/// How many device pixels a saved picture has per CSS pixel of the chart: sharp enough to print
/// or to put on a slide.
const PNG_PIXEL_RATIO: f64 = 2.0;

/// The chart's SVG picture (`svg`, a data URL, `width` x `height` CSS pixels) as a PNG data URL,
/// on a white background, [`PNG_PIXEL_RATIO`] times as large. The browser draws the SVG itself:
/// an image from a data URL (the CSP's img-src allows `data:`), drawn on a canvas made here.
/// `None` if the browser could not decode or draw it.
async fn svg_to_png(svg: &str, width: f64, height: f64) -> Option<String> {
    let image = web_sys::HtmlImageElement::new().ok()?;
    image.set_src(svg);
    wasm_bindgen_futures::JsFuture::from(image.decode())
        .await
        .ok()?;
    let canvas: web_sys::HtmlCanvasElement =
        document().create_element("canvas").ok()?.dyn_into().ok()?;
    let (w, h) = (width * PNG_PIXEL_RATIO, height * PNG_PIXEL_RATIO);
    canvas.set_width(w.round() as u32);
    canvas.set_height(h.round() as u32);
    let context: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").ok()??.dyn_into().ok()?;
    context.set_fill_style_str("#ffffff");
    context.fill_rect(0.0, 0.0, w, h);
    context
        .draw_image_with_html_image_element_and_dw_and_dh(&image, 0.0, 0.0, w, h)
        .ok()?;
    canvas.to_data_url_with_type("image/png").ok()
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
        // Read in place: the spec (a whole chart option) is not copied.
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
