//! The engine's shape, checked: its modules (everything in src/ but the web interface and the
//! command line) form no cycle, and none of them uses the web interface. Each module may use
//! only modules below it; `docs/architecture.md` draws the same map.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Every .rs file below `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("src/ reads") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to: src/read/stream.rs -> "read".
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    Some(first.trim_end_matches(".rs").to_owned())
}

/// The modules a file's code (not its comments or its unit tests) names as `crate::x`.
fn uses(text: &str) -> BTreeSet<String> {
    let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text);
    let mut out = BTreeSet::new();
    for line in code.lines() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        for (i, _) in line.match_indices("crate::") {
            let name: String = line[i + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

/// The engine's import graph: module -> the modules it uses.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let Some(module) = module_of(&src, &file) else {
            continue;
        };
        if ["ui", "bin", "main", "lib"].contains(&module.as_str()) {
            continue;
        }
        let text = fs::read_to_string(&file).expect("a source file reads");
        let used = graph.entry(module.clone()).or_default();
        used.extend(uses(&text).into_iter().filter(|m| *m != module));
    }
    graph
}

#[test]
fn the_engine_never_uses_the_web_interface() {
    for (module, used) in graph() {
        assert!(!used.contains("ui"), "{module} uses crate::ui");
    }
}

#[test]
fn the_engine_modules_form_no_cycle() {
    let graph = graph();
    // Peel off modules that use nothing left; whatever cannot be peeled is in a cycle.
    let mut left = graph.clone();
    let mut order = Vec::new();
    while !left.is_empty() {
        let ready: Vec<String> = left
            .iter()
            .filter(|(_, used)| used.iter().all(|u| !left.contains_key(u)))
            .map(|(m, _)| m.clone())
            .collect();
        assert!(
            !ready.is_empty(),
            "these engine modules use each other in a cycle: {:?}",
            left
        );
        for m in ready {
            left.remove(&m);
            order.push(m);
        }
    }
    println!("engine modules, lowest first: {}", order.join(", "));
    for (module, used) in &graph {
        println!("  {module} uses {:?}", used);
    }
}
