//! Renders docs/metrics.md ("How we calculate this") to HTML at build time, so the web app
//! shows the same text as the repository without shipping a Markdown parser.

use std::{env, fs, path::Path};

fn main() {
    let source = "docs/metrics.md";
    println!("cargo:rerun-if-changed={source}");
    let markdown = fs::read_to_string(source)
        .unwrap_or_else(|e| panic!("{source} is needed to build the app's method page: {e}"));
    let mut options = pulldown_cmark::Options::empty();
    options.insert(pulldown_cmark::Options::ENABLE_TABLES);
    let parser = pulldown_cmark::Parser::new_ext(&markdown, options);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("metrics.html");
    fs::write(out, html).expect("OUT_DIR is writable");
}
