//! The page's dealings with the browser beyond drawing its views: the single file's boot
//! script's functions ([`boot`]), reading chosen files on the device ([`files`]), saving downloads ([`download`]), the embed layout and the offline copy
//! ([`embed`]), the binding to ECharts ([`echarts`]), the Web Workers that count large
//! extracts ([`workers`], with their script), and the warm-up while the browser is idle
//! ([`warm`]).

pub mod boot;
pub mod download;
pub mod echarts;
pub mod embed;
pub mod files;
pub mod report;
pub mod warm;
pub mod workers;
