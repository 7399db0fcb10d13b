//! The one binding that draws charts: the global `echarts` (scripts/build-echarts.mjs builds
//! it; in the single file, scripts/page-boot.js defines it on first use, [`ready`]) is called
//! directly.
//! charming only builds the option (src/charts.rs), which goes to ECharts as JSON text, parsed
//! once by the browser. Here: `echarts.init` and the instance's methods, the first drawing
//! (no entry animation), the chart's SVG made scalable, the tooltip hidden, and the chart's
//! SVG picture turned into a PNG. Charts are drawn with ECharts' SVG renderer (the only one in
//! the bundle, scripts/build-echarts.mjs). The Chart component
//! ([`crate::ui::components::chart`]) draws, redraws, resizes and disposes of a chart with it.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::charts::ChartSpec;

#[wasm_bindgen]
extern "C" {
    /// An ECharts instance (what `echarts.init` returns).
    pub type Instance;

    /// `echarts.init(element, theme, opts)`: a new chart in `element` (the default theme).
    /// Throws if ECharts is missing or the element cannot hold a chart.
    #[wasm_bindgen(catch, js_namespace = echarts, js_name = init)]
    fn init(
        element: &web_sys::Element,
        theme: &JsValue,
        opts: &JsValue,
    ) -> Result<Instance, JsValue>;

    #[wasm_bindgen(method, js_name = setOption)]
    pub fn set_option(this: &Instance, option: JsValue, opts: JsValue);

    #[wasm_bindgen(method)]
    pub fn dispose(this: &Instance);

    #[wasm_bindgen(method)]
    pub fn resize(this: &Instance);

    #[wasm_bindgen(method, js_name = dispatchAction)]
    pub fn dispatch_action(this: &Instance, action: JsValue);

    /// With the SVG renderer: the chart as an SVG picture (a `data:image/svg+xml` URL).
    #[wasm_bindgen(method, js_name = getDataURL)]
    pub fn get_data_url(this: &Instance) -> String;

    #[wasm_bindgen(method, js_name = getWidth)]
    pub fn width(this: &Instance) -> f64;

    #[wasm_bindgen(method, js_name = getHeight)]
    pub fn height(this: &Instance) -> f64;
}

thread_local! {
    /// The query for [`prefers_reduced_motion`], made once: making it is slow, reading it again
    /// costs next to nothing, and it follows the device's setting as that changes.
    static REDUCED_MOTION: Option<web_sys::MediaQueryList> =
        window().match_media("(prefers-reduced-motion: reduce)").ok().flatten();
}

/// True when the user's device asks for reduced motion.
pub fn prefers_reduced_motion() -> bool {
    REDUCED_MOTION.with(|query| query.as_ref().is_some_and(|q| q.matches()))
}

/// Whether the chart engine is in the page (the global `echarts`).
pub fn loaded() -> bool {
    js_sys::Reflect::has(&window(), &JsValue::from_str("echarts")).unwrap_or(false)
}

/// Waits until the chart engine is in the page, and says whether it is. Trunk's development
/// page loads it as a script; the single file keeps it gzipped until it is first asked for,
/// and the boot script's `scwresEcharts()` inflates and runs it.
pub async fn ready() -> bool {
    if !loaded() {
        if let Err(Some(message)) =
            crate::ui::browser::boot::call("scwresEcharts", &js_sys::Array::new()).await
        {
            leptos::logging::error!("The chart engine did not start: {message}");
        }
    }
    loaded()
}

/// The chart's option as a JavaScript object: its JSON text, parsed by the browser.
pub fn to_js(spec: &ChartSpec) -> Option<JsValue> {
    js_sys::JSON::parse(&spec.option_json()).ok()
}

/// A JavaScript object of these keys and values (an option or an action for ECharts).
pub fn object(pairs: &[(&str, JsValue)]) -> JsValue {
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
pub fn first_drawing(
    element: &web_sys::Element,
    height: u32,
    option: &JsValue,
) -> Option<Instance> {
    let opts = object(&[
        ("height", JsValue::from(height)),
        ("renderer", JsValue::from_str("svg")),
    ]);
    let instance = init(element, &JsValue::NULL, &opts).ok()?;
    let _ = js_sys::Reflect::set(option, &JsValue::from_str("animation"), &JsValue::FALSE);
    Some(instance)
}

/// Draws `spec` once in `element` (in the document), as the Chart component
/// ([`crate::ui::components::chart`]) first draws it, and throws the chart away: a warm-up of
/// the chart engine (see [`super::warm`]).
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
pub fn scalable(element: NodeRef<leptos::html::Div>, instance: &Instance) {
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
pub fn hide_tooltip(element: NodeRef<leptos::html::Div>, instance: &Instance) {
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
pub async fn svg_to_png(svg: &str, width: f64, height: f64) -> Option<String> {
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
