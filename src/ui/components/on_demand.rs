//! A page of the on-demand module ([`crate::ui::host`]) in the calculator's `<main>`: the
//! single file starts the module the first time (scripts/page-boot.js, `scwresOpenPage`) and
//! shows the page in the element here; it takes the page away when this leaves. What the page
//! tells the calculator comes back through `tell`: go back, use these counts, the
//! presentation-safe setting.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::report::request::table_from;
use crate::submission::check_table;
use crate::ui::browser::boot;
use crate::ui::host::OnDemandPage;
use crate::ui::{AppState, Loaded, Page};

/// What the calculator does with what a page tells it.
fn heard(state: AppState, what: &str, value: &JsValue) {
    match what {
        "back" => state.page.set(Page::Calculator),
        "safe" => state.safe.set(value.is_truthy()),
        "use" => {
            let part = |i| js_sys::Reflect::get_u32(value, i).ok()?.as_string();
            let (Some(name), Some(flat)) = (part(0), part(1)) else {
                return;
            };
            if let Some(table) = table_from(&flat) {
                state.scope.set(None);
                state.current.set(Some(Loaded {
                    name,
                    parsed: Arc::new(check_table(table)),
                }));
                state.page.set(Page::Calculator);
            }
        }
        _ => {}
    }
}

/// Starts the module if need be and shows `page` in `holder`. `Err`: why not, in words.
async fn open(
    holder: web_sys::HtmlElement,
    page: OnDemandPage,
    safe: bool,
    tell: &js_sys::Function,
) -> Result<(), String> {
    let args = js_sys::Array::of4(
        &holder,
        &JsValue::from_str(page.key()),
        &JsValue::from_bool(safe),
        tell,
    );
    match boot::call("scwresOpenPage", &args).await {
        Ok(_) => Ok(()),
        Err(Some(why)) => Err(format!(
            "This page could not be started ({why}). Reload the calculator and try again."
        )),
        Err(None) => Err(
            "This copy of the calculator does not have this page: it is in the \
             single file (sc-wres-calculator.html) that `make build` writes."
                .to_owned(),
        ),
    }
}

/// The page `page`, from the on-demand module.
#[component]
pub fn OnDemand(page: OnDemandPage) -> impl IntoView {
    let state = expect_context::<AppState>();
    let holder = NodeRef::<leptos::html::Div>::new();
    let problem = RwSignal::new(None::<String>);
    let started = RwSignal::new(false);
    let tell = StoredValue::new_local(Closure::<dyn Fn(String, JsValue)>::new(
        move |what: String, value: JsValue| heard(state, &what, &value),
    ));
    Effect::new(move |_| {
        let Some(element) = holder.get() else { return };
        let element: web_sys::HtmlElement = element.into();
        let tell: js_sys::Function =
            tell.with_value(|t| t.as_ref().unchecked_ref::<js_sys::Function>().clone());
        let safe = state.safe.get_untracked();
        leptos::task::spawn_local(async move {
            match open(element, page, safe, &tell).await {
                Ok(()) => started.set(true),
                Err(why) => problem.set(Some(why)),
            }
        });
    });
    on_cleanup(|| {
        if let Some(close) = boot::function("scwresClosePage") {
            let _ = close.call0(&JsValue::NULL);
        }
    });
    view! {
        <p class="hint" role="status" id="on-demand-status" hidden=move || started.get()>
            {move || problem.get().unwrap_or_else(|| "Loading this page…".to_owned())}
        </p>
        <div node_ref=holder></div>
    }
}
