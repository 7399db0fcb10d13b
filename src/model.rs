//! The calculator's vocabulary and its validated data: the two workforces, the rows of a
//! submission (measures), counts by ethnicity, pay bands, populations and the checked
//! [`Submission`]. Every other module speaks these words; this one imports only
//! [`crate::ethnicity`].

use std::collections::BTreeMap;

use serde::Serialize;

use crate::ethnicity::{normalise, BroadGroup};

/// The largest count accepted in a cell: far above any local authority's workforce.
pub const MAX_COUNT: u64 = 1_000_000;

/// The most pay bands a workforce may have, from a submission file or made from an extract's
/// salaries: SC-WRES reports use a handful; more means the column holds something else.
pub const MAX_PAY_BANDS: usize = 50;

/// One of the two workforces an LA submits separately.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Workforce {
    Adults,
    Children,
}

impl Workforce {
    pub fn key(self) -> &'static str {
        match self {
            Workforce::Adults => "adults",
            Workforce::Children => "children",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Workforce::Adults => "Adult social care",
            Workforce::Children => "Children's social care",
        }
    }

    /// Recognises a workforce cell: adults, adult, ASC, Adult social care ...; children,
    /// child, CSC, Children's social care, Children's services ... (any case and spacing).
    pub fn parse(cell: &str) -> Option<Workforce> {
        match normalise(cell).as_str() {
            "adults" | "adult" | "asc" | "adult_social_care" | "adults_social_care" => {
                Some(Workforce::Adults)
            }
            "children"
            | "child"
            | "childrens"
            | "csc"
            | "childrens_social_care"
            | "children_social_care"
            | "childrens_services" => Some(Workforce::Children),
            _ => None,
        }
    }
}

/// A row type of the submission file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Staff,
    Shortlisted,
    Appointed,
    Disciplinary,
    RegulatedProfessionals,
    FtpReferrals,
    Cpd,
    Leavers,
    SeniorManagers,
    SurveyRespondents,
    HarassmentPublic,
    HarassmentColleagues,
    HarassmentManagers,
}

impl Measure {
    /// Every measure, in the order the template lists them.
    pub const ALL: [Measure; 13] = [
        Measure::Staff,
        Measure::Shortlisted,
        Measure::Appointed,
        Measure::Disciplinary,
        Measure::RegulatedProfessionals,
        Measure::FtpReferrals,
        Measure::Cpd,
        Measure::Leavers,
        Measure::SeniorManagers,
        Measure::SurveyRespondents,
        Measure::HarassmentPublic,
        Measure::HarassmentColleagues,
        Measure::HarassmentManagers,
    ];

    /// The name the file uses.
    pub fn key(self) -> &'static str {
        match self {
            Measure::Staff => "staff",
            Measure::Shortlisted => "shortlisted",
            Measure::Appointed => "appointed",
            Measure::Disciplinary => "disciplinary",
            Measure::RegulatedProfessionals => "regulated_professionals",
            Measure::FtpReferrals => "ftp_referrals",
            Measure::Cpd => "cpd",
            Measure::Leavers => "leavers",
            Measure::SeniorManagers => "senior_managers",
            Measure::SurveyRespondents => "survey_respondents",
            Measure::HarassmentPublic => "harassment_public",
            Measure::HarassmentColleagues => "harassment_colleagues",
            Measure::HarassmentManagers => "harassment_managers",
        }
    }

    /// What the row counts, in words.
    pub fn describe(self) -> &'static str {
        match self {
            Measure::Staff => "staff in post, one row per pay band",
            Measure::Shortlisted => "applicants shortlisted",
            Measure::Appointed => "applicants appointed from shortlisting",
            Measure::Disciplinary => "staff entering the formal disciplinary process",
            Measure::RegulatedProfessionals => "regulated professionals (for example registered social workers)",
            Measure::FtpReferrals => "regulated professionals referred to fitness to practise by the employer",
            Measure::Cpd => "staff accessing funded non-mandatory CPD",
            Measure::Leavers => "staff who left the organisation",
            Measure::SeniorManagers => "staff in senior manager roles",
            Measure::SurveyRespondents => "staff survey respondents",
            Measure::HarassmentPublic => "respondents reporting harassment from people who use services, relatives or the public",
            Measure::HarassmentColleagues => "respondents reporting harassment from colleagues",
            Measure::HarassmentManagers => "respondents reporting harassment from managers",
        }
    }

    fn aliases(self) -> &'static [&'static str] {
        match self {
            Measure::Staff => &[
                "headcount",
                "staff_in_post",
                "staff_in_pay_band",
                "pay_band",
            ],
            Measure::Shortlisted => &[
                "shortlisted_applicants",
                "shortlisted_candidates",
                "shortlisting",
            ],
            Measure::Appointed => &[
                "appointed_from_shortlisting",
                "appointments",
                "appointed_applicants",
            ],
            Measure::Disciplinary => &[
                "formal_disciplinary",
                "disciplinaries",
                "entered_formal_disciplinary",
                "disciplinary_process",
            ],
            Measure::RegulatedProfessionals => &[
                "regulated_staff",
                "registered_professionals",
                "regulated_professional",
            ],
            Measure::FtpReferrals => &[
                "ftp",
                "fitness_to_practise",
                "fitness_to_practise_referrals",
                "ftp_referral",
                "referrals",
            ],
            Measure::Cpd => &[
                "funded_cpd",
                "cpd_accessed",
                "non_mandatory_cpd",
                "funded_non_mandatory_cpd",
            ],
            Measure::Leavers => &["left", "leaving", "leavers_in_year"],
            Measure::SeniorManagers => &["senior_manager", "senior_roles", "senior_management"],
            Measure::SurveyRespondents => &["respondents", "survey_responses", "survey"],
            Measure::HarassmentPublic => &[
                "harassment_from_the_public",
                "harassment_from_public",
                "harassment_from_people_who_use_services",
            ],
            Measure::HarassmentColleagues => &["harassment_from_colleagues"],
            Measure::HarassmentManagers => &["harassment_from_managers"],
        }
    }

    /// Recognises a measure cell by its key or an alias, in any case and spacing.
    pub fn parse(cell: &str) -> Option<Measure> {
        let n = normalise(cell);
        Measure::ALL
            .into_iter()
            .find(|m| m.key() == n || m.aliases().contains(&n.as_str()))
    }
}

/// Counts for one row, grouped. `groups` (Asian, Black, Mixed, Other) is present when the
/// file has census columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Counts {
    pub minority_ethnic: u64,
    pub white: u64,
    pub not_known: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<[u64; 4]>,
}

impl Counts {
    pub fn total(&self) -> u64 {
        self.minority_ethnic + self.white + self.not_known
    }

    pub fn known(&self) -> u64 {
        self.minority_ethnic + self.white
    }

    /// The count for one broad group, when the file has census columns.
    pub fn group(&self, g: BroadGroup) -> Option<u64> {
        self.groups.map(|gs| gs[g as usize])
    }

    /// Adds two rows' counts (for the combined workforce and the headcount).
    pub fn add(&self, other: &Counts) -> Counts {
        Counts {
            minority_ethnic: self.minority_ethnic + other.minority_ethnic,
            white: self.white + other.white,
            not_known: self.not_known + other.not_known,
            groups: match (self.groups, other.groups) {
                (Some(a), Some(b)) => Some([a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]]),
                _ => None,
            },
        }
    }
}

/// Which set of ethnicity columns the file uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EthnicityForm {
    /// white, minority_ethnic, not_known.
    Broad,
    /// The 19 census categories and not_known.
    Census,
}

/// One pay band's staff counts (a `staff` row).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PayBand {
    pub name: String,
    pub counts: Counts,
    pub row: usize,
}

/// A non-staff row's counts, with where they came from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Entry {
    pub counts: Counts,
    pub row: usize,
}

/// The key two pay-band names share when they name the same band: capital letters, spaces and
/// punctuation aside ("Under £30,000" and "under £30000" are one band), "&" read as "and".
/// The signs that change a band's meaning count: < > + = % and currency signs ("<£30,000" and
/// ">£30,000" are different bands), so this is not [`normalise`]. A band is found among many
/// by hashing its key, not by comparing it with each.
pub fn band_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for c in name.chars() {
        match crate::format::lower(c) {
            '&' => key.push_str("and"),
            c if c.is_alphanumeric() => key.push(c),
            c @ ('<' | '>' | '+' | '=' | '%' | '£' | '$' | '€' | '≤' | '≥') => key.push(c),
            _ => {}
        }
    }
    key
}

/// Everything the file says about one workforce.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkforceData {
    pub workforce: Workforce,
    /// Pay bands in file order.
    pub bands: Vec<PayBand>,
    pub rows: BTreeMap<Measure, Entry>,
}

impl WorkforceData {
    /// All staff: the pay bands added up. `None` when there are no staff rows.
    pub fn headcount(&self) -> Option<Counts> {
        let mut bands = self.bands.iter();
        let first = bands.next()?.counts;
        Some(bands.fold(first, |acc, b| acc.add(&b.counts)))
    }

    /// The counts of a row, or the headcount for [`Measure::Staff`].
    pub fn counts(&self, measure: Measure) -> Option<Counts> {
        match measure {
            Measure::Staff => self.headcount(),
            m => self.rows.get(&m).map(|e| e.counts),
        }
    }

    /// The population of a metric.
    pub fn population(&self, population: Population) -> Option<Counts> {
        match population {
            Population::Headcount => self.headcount(),
            Population::Measure(m) => self.counts(m),
        }
    }
}

/// A checked submission: counts for one or both workforces.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Submission {
    pub form: EthnicityForm,
    pub workforces: Vec<WorkforceData>,
}

impl Submission {
    pub fn workforce(&self, w: Workforce) -> Option<&WorkforceData> {
        self.workforces.iter().find(|d| d.workforce == w)
    }
}

/// What a likelihood is a share of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Population {
    /// All staff: the sum of the pay-band rows.
    Headcount,
    /// Another row of the submission.
    Measure(Measure),
}
