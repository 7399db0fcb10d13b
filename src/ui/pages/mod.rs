//! What the shell shows in its `<main>`, one page at a time (see [`super::Page`]): the
//! calculator (its start, the file's problems, its results, and the results presented), the
//! count from HR extracts, the counts typed in, how we calculate, and the accessibility
//! statement.

pub mod accessibility;
pub mod calculator;
pub mod councils;
pub mod manual;
pub mod method;
pub mod plan;
pub mod presentation;
pub mod records;
pub mod results;
pub mod start;
pub mod years;
