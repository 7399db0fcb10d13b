//! The nine SC-WRES metrics as ONE table of definitions. The engine, the CLI, the exports,
//! the charts and the web page all read names, wording and direction from here.

use serde::Serialize;

use crate::model::{Measure, Population};

/// A metric's identifier as Skills for Care numbers them (M7 is published as two ratios).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum MetricId {
    M1,
    M2,
    M3,
    M4,
    M5,
    M6,
    M7a,
    M7b,
    M8,
    M9,
}

impl MetricId {
    pub fn as_str(self) -> &'static str {
        match self {
            MetricId::M1 => "M1",
            MetricId::M2 => "M2",
            MetricId::M3 => "M3",
            MetricId::M4 => "M4",
            MetricId::M5 => "M5",
            MetricId::M6 => "M6",
            MetricId::M7a => "M7a",
            MetricId::M7b => "M7b",
            MetricId::M8 => "M8",
            MetricId::M9 => "M9",
        }
    }

    /// This metric's definition.
    pub fn def(self) -> &'static MetricDef {
        METRICS
            .iter()
            .find(|m| m.id == self)
            .expect("every id has a definition")
    }
}

impl std::fmt::Display for MetricId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether being counted is good or bad for the person, which decides which way an RL is
/// adverse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Representation across pay bands (M1): shares, not a likelihood.
    Representation,
    /// Being counted is good (appointed, CPD, senior role): an RL below 1 is adverse.
    Favourable,
    /// Being counted is bad (disciplinary, referral, harassment, leaving): above 1 is adverse.
    Adverse,
}

/// One metric, as data.
#[derive(Debug, Clone, Copy)]
pub struct MetricDef {
    pub id: MetricId,
    /// The metric's name, as a heading.
    pub title: &'static str,
    /// A few words, for charts and narrow tables.
    pub short: &'static str,
    pub kind: Kind,
    /// The row counting the events (for M1, the staff rows).
    pub events: Measure,
    pub population: Population,
    /// Completes "Minority ethnic staff were 0.52 times as likely as white staff ...".
    pub to_do: &'static str,
    /// Completes "none of the 40 minority ethnic ..." (the population's noun).
    pub population_noun: &'static str,
    /// One of the population ("shortlisted applicant"), for "the 1 minority ethnic ...".
    pub population_one: &'static str,
    /// The events in the metric's own words, one and many ("appointment", "appointments"),
    /// for "7 more minority ethnic appointments would ...".
    pub event_one: &'static str,
    pub event_many: &'static str,
    /// Completes "none of the 40 minority ethnic shortlisted applicants ..." ("were
    /// appointed"), and "the one minority ethnic shortlisted applicant ..." ("was not
    /// appointed").
    pub none_did: &'static str,
    pub one_did_not: &'static str,
    /// The NHS WRES states this one as white relative to minority ethnic (indicators 2, 4).
    pub nhs_inverts: bool,
}

/// The SC-WRES metrics, in publication order.
pub const METRICS: [MetricDef; 10] = [
    MetricDef {
        id: MetricId::M1,
        title: "Representation in each pay band",
        short: "Pay-band representation",
        kind: Kind::Representation,
        events: Measure::Staff,
        population: Population::Headcount,
        to_do: "to be in each pay band",
        population_noun: "staff",
        population_one: "member of staff",
        event_one: "member of staff",
        event_many: "staff",
        none_did: "were in the pay band",
        one_did_not: "was not in the pay band",
        nhs_inverts: false,
    },
    MetricDef {
        id: MetricId::M2,
        title: "Appointment from shortlisting",
        short: "Appointed from shortlisting",
        kind: Kind::Favourable,
        events: Measure::Appointed,
        population: Population::Measure(Measure::Shortlisted),
        to_do: "to be appointed from shortlisting",
        population_noun: "shortlisted applicants",
        population_one: "shortlisted applicant",
        event_one: "appointment",
        event_many: "appointments",
        none_did: "were appointed",
        one_did_not: "was not appointed",
        nhs_inverts: true,
    },
    MetricDef {
        id: MetricId::M3,
        title: "Entering the formal disciplinary process",
        short: "Formal disciplinary",
        kind: Kind::Adverse,
        events: Measure::Disciplinary,
        population: Population::Headcount,
        to_do: "to enter the formal disciplinary process",
        population_noun: "staff",
        population_one: "member of staff",
        event_one: "disciplinary case",
        event_many: "disciplinary cases",
        none_did: "entered the formal disciplinary process",
        one_did_not: "did not enter the formal disciplinary process",
        nhs_inverts: false,
    },
    MetricDef {
        id: MetricId::M4,
        title: "Referral to fitness-to-practise processes",
        short: "Fitness-to-practise referral",
        kind: Kind::Adverse,
        events: Measure::FtpReferrals,
        population: Population::Measure(Measure::RegulatedProfessionals),
        to_do: "to be referred by the employer to a fitness-to-practise process",
        population_noun: "regulated professionals",
        population_one: "regulated professional",
        event_one: "referral",
        event_many: "referrals",
        none_did: "were referred to a fitness-to-practise process",
        one_did_not: "was not referred to a fitness-to-practise process",
        nhs_inverts: false,
    },
    MetricDef {
        id: MetricId::M5,
        title: "Accessing funded non-mandatory CPD",
        short: "Funded CPD",
        kind: Kind::Favourable,
        events: Measure::Cpd,
        population: Population::Headcount,
        to_do: "to access funded non-mandatory continuing professional development",
        population_noun: "staff",
        population_one: "member of staff",
        event_one: "person accessing funded CPD",
        event_many: "people accessing funded CPD",
        none_did: "accessed funded non-mandatory CPD",
        one_did_not: "did not access funded non-mandatory CPD",
        nhs_inverts: true,
    },
    MetricDef {
        id: MetricId::M6,
        title: "Harassment, bullying or abuse from people who use services, relatives or the public",
        short: "Harassment from the public",
        kind: Kind::Adverse,
        events: Measure::HarassmentPublic,
        population: Population::Measure(Measure::SurveyRespondents),
        to_do: "to report harassment, bullying or abuse from people who use services, their relatives or the public",
        population_noun: "survey respondents",
        population_one: "survey respondent",
        event_one: "respondent reporting harassment",
        event_many: "respondents reporting harassment",
        none_did: "reported harassment, bullying or abuse from the public",
        one_did_not: "did not report harassment, bullying or abuse from the public",
        nhs_inverts: false,
    },
    MetricDef {
        id: MetricId::M7a,
        title: "Harassment, bullying or abuse from colleagues",
        short: "Harassment from colleagues",
        kind: Kind::Adverse,
        events: Measure::HarassmentColleagues,
        population: Population::Measure(Measure::SurveyRespondents),
        to_do: "to report harassment, bullying or abuse from colleagues",
        population_noun: "survey respondents",
        population_one: "survey respondent",
        event_one: "respondent reporting harassment",
        event_many: "respondents reporting harassment",
        none_did: "reported harassment, bullying or abuse from colleagues",
        one_did_not: "did not report harassment, bullying or abuse from colleagues",
        nhs_inverts: false,
    },
    MetricDef {
        id: MetricId::M7b,
        title: "Harassment, bullying or abuse from managers",
        short: "Harassment from managers",
        kind: Kind::Adverse,
        events: Measure::HarassmentManagers,
        population: Population::Measure(Measure::SurveyRespondents),
        to_do: "to report harassment, bullying or abuse from managers",
        population_noun: "survey respondents",
        population_one: "survey respondent",
        event_one: "respondent reporting harassment",
        event_many: "respondents reporting harassment",
        none_did: "reported harassment, bullying or abuse from managers",
        one_did_not: "did not report harassment, bullying or abuse from managers",
        nhs_inverts: false,
    },
    MetricDef {
        id: MetricId::M8,
        title: "Leaving the organisation",
        short: "Leaving",
        kind: Kind::Adverse,
        events: Measure::Leavers,
        population: Population::Headcount,
        to_do: "to leave the organisation",
        population_noun: "staff",
        population_one: "member of staff",
        event_one: "leaver",
        event_many: "leavers",
        none_did: "left the organisation",
        one_did_not: "did not leave the organisation",
        nhs_inverts: false,
    },
    MetricDef {
        id: MetricId::M9,
        title: "Being in a senior manager role",
        short: "Senior manager roles",
        kind: Kind::Favourable,
        events: Measure::SeniorManagers,
        population: Population::Headcount,
        to_do: "to be in a senior manager role",
        population_noun: "staff",
        population_one: "member of staff",
        event_one: "senior manager",
        event_many: "senior managers",
        none_did: "were in a senior manager role",
        one_did_not: "was not in a senior manager role",
        nhs_inverts: false,
    },
];

/// The metrics that need a given row of the submission (headcount metrics need the staff rows).
pub fn metrics_needing(measure: Measure) -> Vec<MetricId> {
    METRICS
        .iter()
        .filter(|m| {
            m.events == measure
                || m.population == Population::Measure(measure)
                || (measure == Measure::Staff && m.population == Population::Headcount)
        })
        .map(|m| m.id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_has_exactly_one_definition() {
        for m in &METRICS {
            assert_eq!(METRICS.iter().filter(|n| n.id == m.id).count(), 1);
            assert_eq!(m.id.def().id, m.id);
        }
    }

    #[test]
    fn only_appointment_and_cpd_are_inverted_by_the_nhs() {
        let inverted: Vec<_> = METRICS
            .iter()
            .filter(|m| m.nhs_inverts)
            .map(|m| m.id)
            .collect();
        assert_eq!(inverted, vec![MetricId::M2, MetricId::M5]);
    }

    #[test]
    fn staff_rows_feed_the_headcount_metrics() {
        assert_eq!(
            metrics_needing(Measure::Staff),
            vec![
                MetricId::M1,
                MetricId::M3,
                MetricId::M5,
                MetricId::M8,
                MetricId::M9
            ]
        );
        assert_eq!(
            metrics_needing(Measure::SurveyRespondents),
            vec![MetricId::M6, MetricId::M7a, MetricId::M7b]
        );
    }
}
