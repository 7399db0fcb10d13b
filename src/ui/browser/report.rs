//! The report's charts: each drawn off the page with ECharts, as the page draws it, and
//! turned into a PNG twice its size (sharp in print), for the engine to put in the .docx.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::echarts::{first_drawing, object, svg_to_png, to_js};
use crate::charts::ChartSpec;

/// The width the report's charts are drawn at, in CSS pixels (their PNG is twice as wide).
pub const WIDTH: u32 = 800;

/// `spec` drawn off the page, `height` CSS pixels high: a PNG's bytes and its size in pixels.
pub async fn chart_png(spec: &ChartSpec, height: u32) -> Option<(Vec<u8>, u32, u32)> {
    let option = to_js(spec)?;
    let holder: web_sys::HtmlElement = document().create_element("div").ok()?.dyn_into().ok()?;
    let _ = holder.set_attribute("aria-hidden", "true");
    let _ = holder.set_attribute(
        "style",
        &format!(
            "position: absolute; left: -10000px; top: 0; width: {WIDTH}px; height: {height}px"
        ),
    );
    document().body()?.append_child(&holder).ok()?;
    let picture = first_drawing(&holder, height, &option).map(|i| {
        i.set_option(option, object(&[("notMerge", JsValue::TRUE)]));
        let picture = (i.get_data_url(), i.width(), i.height());
        i.dispose();
        picture
    });
    holder.remove();
    let (svg, w, h) = picture?;
    let url = svg_to_png(&svg, w, h).await?;
    let bytes = from_base64(url.split_once(',')?.1)?;
    Some((bytes, (w * 2.0).round() as u32, (h * 2.0).round() as u32))
}

/// Base64 to bytes, by the browser's own decoder.
fn from_base64(text: &str) -> Option<Vec<u8>> {
    let binary = window().atob(text).ok()?;
    Some(binary.chars().map(|c| c as u8).collect())
}
