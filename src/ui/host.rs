//! The pages that load on demand: counting from HR extracts, typing the counts in, and
//! comparing councils. They are the start page's other ways in, each a page of its own that
//! takes the whole of `<main>`, so they live in a WebAssembly module of their own
//! (`sc-wres-pages`, src/bin/pages_wasm.rs) that the single file starts the first time one is
//! opened (scripts/page-boot.js, `scwresOpenPage`): the calculator starts without them.
//!
//! The calculator's side is [`crate::ui::components::on_demand`]; this is the module's side:
//! [`mount`] puts one of the pages into the element the calculator gives it, with a [`Host`]
//! in context, through which the page tells the calculator what it needs to know: go back,
//! use these counts (the table, in the engine's flat form, which the calculator checks as it
//! checks any file), and the presentation-safe setting.

use std::any::Any;

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::pages::{councils, manual, records};
use crate::read::Table;
use crate::report::request::table_flat;

/// The pages of the on-demand module, by the name the calculator opens them with.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum OnDemandPage {
    Records,
    Manual,
    Councils,
}

impl OnDemandPage {
    pub fn key(self) -> &'static str {
        match self {
            OnDemandPage::Records => "records",
            OnDemandPage::Manual => "manual",
            OnDemandPage::Councils => "councils",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        [
            OnDemandPage::Records,
            OnDemandPage::Manual,
            OnDemandPage::Councils,
        ]
        .into_iter()
        .find(|p| p.key() == key)
    }
}

/// What a page of the on-demand module has from the calculator around it.
#[derive(Clone, Copy)]
pub struct Host {
    /// Presentation-safe (counts under 10 hidden): the calculator's setting, shared both ways.
    pub safe: RwSignal<bool>,
    /// Whether the page is narrow, as the calculator's own `narrow`.
    pub narrow: RwSignal<bool>,
    /// The calculator's `tell(what, value)`.
    tell: StoredValue<js_sys::Function, LocalStorage>,
}

impl Host {
    fn new(safe: bool, tell: js_sys::Function) -> Self {
        let host = Host {
            safe: RwSignal::new(safe),
            narrow: RwSignal::new(super::is_narrow()),
            tell: StoredValue::new_local(tell),
        };
        super::follow_width(host.narrow);
        Effect::new(move |first: Option<()>| {
            let safe = host.safe.get();
            if first.is_some() {
                host.say("safe", &JsValue::from_bool(safe));
            }
        });
        host
    }

    fn say(&self, what: &str, value: &JsValue) {
        self.tell.with_value(|tell| {
            let _ = tell.call2(&JsValue::NULL, &JsValue::from_str(what), value);
        });
    }

    /// Back to the calculator's start.
    pub fn back(&self) {
        self.say("back", &JsValue::UNDEFINED);
    }

    /// The calculator's results for `table`, named `name` ("counts entered by hand").
    pub fn use_table(&self, name: &str, table: &Table) {
        let value = js_sys::Array::of2(
            &JsValue::from_str(name),
            &JsValue::from_str(&table_flat(table)),
        );
        self.say("use", &value);
    }
}

/// Shows the page `page` in `parent`, with the calculator's presentation-safe setting and its
/// `tell`. The answer keeps the page on show: dropping it takes the page away.
pub fn mount(
    parent: web_sys::HtmlElement,
    page: OnDemandPage,
    safe: bool,
    tell: js_sys::Function,
) -> Box<dyn Any> {
    Box::new(leptos::mount::mount_to(parent, move || {
        provide_context(Host::new(safe, tell));
        match page {
            OnDemandPage::Records => view! { <records::RecordsPage/> }.into_any(),
            OnDemandPage::Manual => view! { <manual::ManualEntry/> }.into_any(),
            OnDemandPage::Councils => view! { <councils::CouncilsPage/> }.into_any(),
        }
    }))
}
