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
    /// True when the source gives the figure only in rounded words ("40% more likely"), so
    /// it is shown as "about".
    pub approximate: bool,
    /// The words the source uses for this figure.
    pub wording: &'static str,
    pub source: &'static str,
    /// Where the source can be read.
    pub url: &'static str,
}

const REPORT_2023: &str = "Skills for Care, SC-WRES 2023 findings (23 local authorities), in the \
     headline words reported by Community Care, \"Scheme to tackle racial disparities in social \
     care workforce doubles in scope\"";
const URL_2023: &str = "https://www.communitycare.co.uk/?p=210783";
const REPORT_2024: &str =
    "Skills for Care, \"Skills for Care publishes Social Care Workforce Race \
     Equality Standard (SC-WRES) 2024 report\" (76 local authorities)";
const URL_2024: &str = "https://www.skillsforcare.org.uk/news-and-events/news/skills-for-care-publishes-social-care-workforce-race-equality-standard-sc-wres-2024-report-1";

/// The national relative likelihoods, 2023 and 2024. Every 2023 figure comes from headline
/// words rounded to the nearest 10% ("40% more likely"), so all are approximate; no 2023 figure
/// for M5 has been published, so none is shown.
pub const NATIONAL: [Benchmark; 12] = [
    Benchmark {
        metric: MetricId::M2,
        year: 2023,
        relative_likelihood: 0.5,
        approximate: true,
        wording: "half as likely",
        source: REPORT_2023,
        url: URL_2023,
    },
    Benchmark {
        metric: MetricId::M3,
        year: 2023,
        relative_likelihood: 1.4,
        approximate: true,
        wording: "40% more likely",
        source: REPORT_2023,
        url: URL_2023,
    },
    Benchmark {
        metric: MetricId::M4,
        year: 2023,
        relative_likelihood: 2.1,
        approximate: true,
        wording: "more than twice as likely",
        source: REPORT_2023,
        url: URL_2023,
    },
    Benchmark {
        metric: MetricId::M6,
        year: 2023,
        relative_likelihood: 1.2,
        approximate: true,
        wording: "20% more likely",
        source: REPORT_2023,
        url: URL_2023,
    },
    Benchmark {
        metric: MetricId::M7a,
        year: 2023,
        relative_likelihood: 1.3,
        approximate: true,
        wording: "30% more likely",
        source: REPORT_2023,
        url: URL_2023,
    },
    Benchmark {
        metric: MetricId::M7b,
        year: 2023,
        relative_likelihood: 1.9,
        approximate: true,
        wording: "90% more likely",
        source: REPORT_2023,
        url: URL_2023,
    },
    Benchmark {
        metric: MetricId::M8,
        year: 2023,
        relative_likelihood: 1.1,
        approximate: true,
        wording: "10% more likely",
        source: REPORT_2023,
        url: URL_2023,
    },
    Benchmark {
        metric: MetricId::M2,
        year: 2024,
        relative_likelihood: 0.52,
        approximate: false,
        wording: "48% less likely",
        source: REPORT_2024,
        url: URL_2024,
    },
    Benchmark {
        metric: MetricId::M3,
        year: 2024,
        relative_likelihood: 1.37,
        approximate: false,
        wording: "37% more likely",
        source: REPORT_2024,
        url: URL_2024,
    },
    Benchmark {
        metric: MetricId::M4,
        year: 2024,
        relative_likelihood: 1.08,
        approximate: false,
        wording: "8% more likely",
        source: REPORT_2024,
        url: URL_2024,
    },
    Benchmark {
        metric: MetricId::M8,
        year: 2024,
        relative_likelihood: 1.21,
        approximate: false,
        wording: "21% more likely",
        source: REPORT_2024,
        url: URL_2024,
    },
    Benchmark {
        metric: MetricId::M9,
        year: 2024,
        relative_likelihood: 0.55,
        approximate: false,
        wording: "45% less likely",
        source: REPORT_2024,
        url: URL_2024,
    },
];

/// The 2024 report's minority ethnic share of staff in each national pay band (M1). The
/// report does not say whether staff whose ethnicity is not known are in the base.
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
        // No source gives an M5 figure for 2023.
        assert_eq!(national(MetricId::M5, 2023), None);
        assert!(NATIONAL
            .iter()
            .filter(|b| b.year == 2023)
            .all(|b| b.approximate));
        assert!(NATIONAL.iter().all(|b| b.url.starts_with("https://")));
        assert_eq!(national(MetricId::M6, 2024), None);
    }
}
