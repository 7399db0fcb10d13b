//! Published national SC-WRES figures, to show beside an LA's own. All are stated in the
//! SC-WRES orientation (minority ethnic relative to white).

use serde::Serialize;

use crate::metrics::MetricId;

/// One published national figure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Benchmark {
    pub metric: MetricId,
    /// The data year of the report (the 2023 report covers data collected in 2023).
    pub year: u16,
    pub relative_likelihood: f64,
    /// True when the source gives the figure only in words ("10% more likely").
    pub approximate: bool,
    pub source: &'static str,
}

const REPORT_2023: &str =
    "Skills for Care, SC-WRES 2023 report (23 local authorities, published March 2024)";
const REPORT_2023_CC: &str =
    "Skills for Care, SC-WRES 2023 report, as reported by Community Care (\"10% more likely\")";
const REPORT_2024: &str =
    "Skills for Care, SC-WRES 2024 report (76 local authorities, published May 2025)";

/// The national relative likelihoods, 2023 and 2024 reports.
pub const NATIONAL: [Benchmark; 13] = [
    Benchmark {
        metric: MetricId::M2,
        year: 2023,
        relative_likelihood: 0.5,
        approximate: false,
        source: REPORT_2023,
    },
    Benchmark {
        metric: MetricId::M3,
        year: 2023,
        relative_likelihood: 1.4,
        approximate: false,
        source: REPORT_2023,
    },
    Benchmark {
        metric: MetricId::M4,
        year: 2023,
        relative_likelihood: 2.1,
        approximate: false,
        source: REPORT_2023,
    },
    Benchmark {
        metric: MetricId::M5,
        year: 2023,
        relative_likelihood: 1.0,
        approximate: false,
        source: REPORT_2023,
    },
    Benchmark {
        metric: MetricId::M6,
        year: 2023,
        relative_likelihood: 1.2,
        approximate: false,
        source: REPORT_2023,
    },
    Benchmark {
        metric: MetricId::M7a,
        year: 2023,
        relative_likelihood: 1.3,
        approximate: false,
        source: REPORT_2023,
    },
    Benchmark {
        metric: MetricId::M7b,
        year: 2023,
        relative_likelihood: 1.9,
        approximate: false,
        source: REPORT_2023,
    },
    Benchmark {
        metric: MetricId::M8,
        year: 2023,
        relative_likelihood: 1.1,
        approximate: true,
        source: REPORT_2023_CC,
    },
    Benchmark {
        metric: MetricId::M2,
        year: 2024,
        relative_likelihood: 0.52,
        approximate: false,
        source: REPORT_2024,
    },
    Benchmark {
        metric: MetricId::M3,
        year: 2024,
        relative_likelihood: 1.37,
        approximate: false,
        source: REPORT_2024,
    },
    Benchmark {
        metric: MetricId::M4,
        year: 2024,
        relative_likelihood: 1.08,
        approximate: false,
        source: REPORT_2024,
    },
    Benchmark {
        metric: MetricId::M8,
        year: 2024,
        relative_likelihood: 1.21,
        approximate: false,
        source: REPORT_2024,
    },
    Benchmark {
        metric: MetricId::M9,
        year: 2024,
        relative_likelihood: 0.55,
        approximate: false,
        source: REPORT_2024,
    },
];

/// The 2024 report's minority ethnic share of staff in each national pay band (M1).
pub const NATIONAL_M1_2024: [(&str, f64); 3] = [
    ("Under £30,000", 0.18),
    ("£30,000 to £69,999", 0.22),
    ("£70,000 and over", 0.14),
];

/// The national figure for a metric in a report year, if one was published.
pub fn national(metric: MetricId, year: u16) -> Option<&'static Benchmark> {
    NATIONAL
        .iter()
        .find(|b| b.metric == metric && b.year == year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_match_the_reference_file() {
        assert_eq!(
            national(MetricId::M2, 2024).map(|b| b.relative_likelihood),
            Some(0.52)
        );
        assert_eq!(
            national(MetricId::M7b, 2023).map(|b| b.relative_likelihood),
            Some(1.9)
        );
        assert_eq!(national(MetricId::M9, 2023), None);
        assert_eq!(national(MetricId::M6, 2024), None);
    }
}
