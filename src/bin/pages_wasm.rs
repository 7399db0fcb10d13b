//! The pages that load on demand (counting from HR extracts, typing the counts in, comparing
//! councils: `scwres::ui::host`) as a WebAssembly module of their own, `sc-wres-pages`. The
//! single file carries it and starts it the first time one of them is opened
//! (scripts/page-boot.js, `scwresOpenPage`), so that the calculator starts without them. Its
//! two exports, for the boot script:
//!
//! - `open(element, page, safe, tell) -> bool`: shows the page (`records`, `manual` or
//!   `councils`) in `element`, in place of any it showed before; `false` for a name it does
//!   not know;
//! - `close()`: takes the page away.
//!
//! On other targets this is a program that says what it is.

#[cfg(all(target_arch = "wasm32", feature = "web"))]
mod exports {
    use std::any::Any;
    use std::cell::RefCell;

    use scwres::ui::host::{mount, OnDemandPage};
    use wasm_bindgen::prelude::*;

    thread_local! {
        /// The page on show: dropping it takes it away.
        static SHOWN: RefCell<Option<Box<dyn Any>>> = const { RefCell::new(None) };
    }

    #[wasm_bindgen]
    pub fn open(
        element: web_sys::HtmlElement,
        page: &str,
        safe: bool,
        tell: js_sys::Function,
    ) -> bool {
        console_error_panic_hook::set_once();
        close();
        let Some(page) = OnDemandPage::from_key(page) else {
            return false;
        };
        let shown = mount(element, page, safe, tell);
        SHOWN.with(|s| *s.borrow_mut() = Some(shown));
        true
    }

    #[wasm_bindgen]
    pub fn close() {
        // Taken out first: unmounting may run code that looks at what is shown.
        let shown = SHOWN.with(|s| s.borrow_mut().take());
        drop(shown);
    }
}

#[cfg(all(target_arch = "wasm32", feature = "web"))]
fn main() {}

#[cfg(not(all(target_arch = "wasm32", feature = "web")))]
fn main() {
    eprintln!(
        "sc-wres-pages is part of the web app: the single file (`make build`) carries it. \
         For the command line, use `scwres`."
    );
    std::process::exit(2);
}
