//! Parts of pages: each a component (or a few) with the helpers it needs, used by one page or
//! by several.

pub mod back_link;
pub mod chart;
pub mod chosen_file;
pub mod error_summary;
pub mod on_demand;
pub mod settings;
pub mod summary_table;
