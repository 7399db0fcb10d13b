//! The SC-WRES calculator's engine, and (on wasm32 only) its web interface.
//!
//! Data flows one way: bytes ([`read`]) -> a validated [`submission`] -> [`results`] ->
//! views ([`export`], [`charts`], the CLI, the web UI). Everything except `ui` is plain Rust
//! with no browser types, tested natively with `cargo test`.

#[cfg(all(target_arch = "wasm32", feature = "web"))]
pub mod ui;

pub mod benchmarks;
pub mod charts;
pub mod compare;
pub mod councils;
pub mod csv_out;
pub mod diag;
pub mod disclosure;
pub mod ethnicity;
pub mod export;
pub mod format;
pub mod grid;
pub mod metrics;
pub mod model;
pub mod plan;
pub mod read;
pub mod records;
pub mod report;
pub mod results;
pub mod stats;
pub mod submission;
