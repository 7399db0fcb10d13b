//! Which column of an extract holds which field: detection by header names and aliases, and
//! the [`Mapping`] a person can check, change and save.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ethnicity::normalise;
use crate::model::{Measure, Workforce};
use crate::read::column_letter;

/// The three record-level extracts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Input {
    /// One row per directly employed member of staff.
    Staff,
    /// One row per shortlisted application.
    Shortlisted,
    /// One row per staff survey respondent.
    Survey,
}

impl Input {
    pub const ALL: [Input; 3] = [Input::Staff, Input::Shortlisted, Input::Survey];

    pub fn key(self) -> &'static str {
        match self {
            Input::Staff => "staff",
            Input::Shortlisted => "shortlisted",
            Input::Survey => "survey",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Input::Staff => "Staff records",
            Input::Shortlisted => "Shortlisted applicants",
            Input::Survey => "Staff survey responses",
        }
    }

    /// What one row is.
    pub fn row_noun(self) -> &'static str {
        match self {
            Input::Staff => "member of staff",
            Input::Shortlisted => "shortlisted application",
            Input::Survey => "survey respondent",
        }
    }

    /// The fields this extract can have, in the order a mapping screen lists them.
    pub fn fields(self) -> &'static [Field] {
        match self {
            Input::Staff => &[
                Field::Workforce,
                Field::Ethnicity,
                Field::PayBand,
                Field::Salary,
                Field::SeniorManager,
                Field::RegulatedProfessional,
                Field::Disciplinary,
                Field::FtpReferral,
                Field::Cpd,
                Field::Left,
            ],
            Input::Shortlisted => &[Field::Workforce, Field::Ethnicity, Field::Appointed],
            Input::Survey => &[
                Field::Workforce,
                Field::Ethnicity,
                Field::HarassmentPublic,
                Field::HarassmentColleagues,
                Field::HarassmentManagers,
            ],
        }
    }

    /// The submission row that counts every usable row of this extract.
    pub fn population(self) -> Measure {
        match self {
            Input::Staff => Measure::Staff,
            Input::Shortlisted => Measure::Shortlisted,
            Input::Survey => Measure::SurveyRespondents,
        }
    }
}

/// What a field's cells hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Workforce,
    Ethnicity,
    PayBand,
    Salary,
    YesNo,
}

/// One thing an extract's column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Workforce,
    Ethnicity,
    PayBand,
    Salary,
    SeniorManager,
    RegulatedProfessional,
    Disciplinary,
    FtpReferral,
    Cpd,
    Left,
    Appointed,
    HarassmentPublic,
    HarassmentColleagues,
    HarassmentManagers,
}

impl Field {
    pub const ALL: [Field; 14] = [
        Field::Workforce,
        Field::Ethnicity,
        Field::PayBand,
        Field::Salary,
        Field::SeniorManager,
        Field::RegulatedProfessional,
        Field::Disciplinary,
        Field::FtpReferral,
        Field::Cpd,
        Field::Left,
        Field::Appointed,
        Field::HarassmentPublic,
        Field::HarassmentColleagues,
        Field::HarassmentManagers,
    ];

    /// The name used in settings files.
    pub fn key(self) -> &'static str {
        match self {
            Field::Workforce => "workforce",
            Field::Ethnicity => "ethnicity",
            Field::PayBand => "pay_band",
            Field::Salary => "salary",
            Field::SeniorManager => "senior_manager",
            Field::RegulatedProfessional => "regulated_professional",
            Field::Disciplinary => "disciplinary",
            Field::FtpReferral => "ftp_referral",
            Field::Cpd => "cpd",
            Field::Left => "left",
            Field::Appointed => "appointed",
            Field::HarassmentPublic => "harassment_public",
            Field::HarassmentColleagues => "harassment_colleagues",
            Field::HarassmentManagers => "harassment_managers",
        }
    }

    /// The field's name on a mapping screen.
    pub fn label(self) -> &'static str {
        match self {
            Field::Workforce => "Workforce",
            Field::Ethnicity => "Ethnicity",
            Field::PayBand => "Pay band",
            Field::Salary => "Salary",
            Field::SeniorManager => "Senior manager",
            Field::RegulatedProfessional => "Regulated professional",
            Field::Disciplinary => "Entered the formal disciplinary process",
            Field::FtpReferral => "Referred to fitness to practise",
            Field::Cpd => "Accessed funded non-mandatory CPD",
            Field::Left => "Left in the period",
            Field::Appointed => "Appointed",
            Field::HarassmentPublic => {
                "Harassment, bullying or abuse from people who use services, relatives or the public"
            }
            Field::HarassmentColleagues => "Harassment, bullying or abuse from colleagues",
            Field::HarassmentManagers => "Harassment, bullying or abuse from managers",
        }
    }

    pub fn kind(self) -> FieldKind {
        match self {
            Field::Workforce => FieldKind::Workforce,
            Field::Ethnicity => FieldKind::Ethnicity,
            Field::PayBand => FieldKind::PayBand,
            Field::Salary => FieldKind::Salary,
            _ => FieldKind::YesNo,
        }
    }

    /// The submission row a yes/no field counts the "yes" answers in.
    pub fn measure(self) -> Option<Measure> {
        Some(match self {
            Field::SeniorManager => Measure::SeniorManagers,
            Field::RegulatedProfessional => Measure::RegulatedProfessionals,
            Field::Disciplinary => Measure::Disciplinary,
            Field::FtpReferral => Measure::FtpReferrals,
            Field::Cpd => Measure::Cpd,
            Field::Left => Measure::Leavers,
            Field::Appointed => Measure::Appointed,
            Field::HarassmentPublic => Measure::HarassmentPublic,
            Field::HarassmentColleagues => Measure::HarassmentColleagues,
            Field::HarassmentManagers => Measure::HarassmentManagers,
            _ => return None,
        })
    }

    /// The yes/no field that feeds a submission row.
    pub fn for_measure(m: Measure) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.measure() == Some(m))
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// Header names that identify the field exactly (compared after [`normalise`]).
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Workforce => &[
                "workforce",
                "service",
                "service_area",
                "social_care_workforce",
                "workforce_group",
                "directorate",
            ],
            Field::Ethnicity => &[
                "ethnicity",
                "ethnic_origin",
                "ethnic_group",
                "ethnic_background",
                "ethnic_category",
                "ethnicity_code",
                "ethnic_code",
                "ethnic_origin_code",
                "ethnicity_description",
                "ethnic_origin_description",
                "ethnicity_group",
            ],
            Field::PayBand => &[
                "pay_band",
                "band",
                "salary_band",
                "payband",
                "pay_range",
                "salary_range",
            ],
            Field::Salary => &[
                "salary",
                "annual_salary",
                "fte_salary",
                "salary_fte",
                "annual_salary_fte",
                "fte_annual_salary",
                "full_time_equivalent_salary",
                "basic_salary",
                "base_salary",
                "annual_pay",
                "pay",
            ],
            Field::SeniorManager => &[
                "senior_manager",
                "senior_managers",
                "senior_management",
                "senior_role",
                "senior_manager_role",
                "is_senior_manager",
            ],
            Field::RegulatedProfessional => &[
                "regulated_professional",
                "regulated_professionals",
                "regulated",
                "regulated_staff",
                "registered_professional",
                "professional_registration",
                "registered_social_worker",
            ],
            Field::Disciplinary => &[
                "disciplinary",
                "formal_disciplinary",
                "entered_formal_disciplinary",
                "entered_formal_disciplinary_process",
                "entered_the_formal_disciplinary_process",
                "disciplinary_process",
                "disciplinary_date",
            ],
            Field::FtpReferral => &[
                "ftp_referral",
                "ftp_referrals",
                "ftp",
                "ftp_referred",
                "fitness_to_practise",
                "fitness_to_practise_referral",
                "referred_to_fitness_to_practise",
                "referral_to_fitness_to_practise",
                "fitness_to_practice",
                "referred_to_fitness_to_practice",
            ],
            Field::Cpd => &[
                "cpd",
                "funded_cpd",
                "cpd_accessed",
                "accessed_cpd",
                "accessed_funded_cpd",
                "non_mandatory_cpd",
                "funded_non_mandatory_cpd",
                "accessed_funded_non_mandatory_cpd",
            ],
            Field::Left => &[
                "left",
                "leaver",
                "leavers",
                "left_in_period",
                "left_in_the_period",
                "left_organisation",
                "left_the_organisation",
                "leaving_date",
                "date_left",
                "termination_date",
            ],
            Field::Appointed => &[
                "appointed",
                "appointment",
                "appointed_from_shortlisting",
                "hired",
                "successful",
            ],
            Field::HarassmentPublic => &[
                "harassment_public",
                "harassment_from_public",
                "harassment_from_the_public",
                "harassment_from_people_who_use_services",
            ],
            Field::HarassmentColleagues => &["harassment_colleagues", "harassment_from_colleagues"],
            Field::HarassmentManagers => &["harassment_managers", "harassment_from_managers"],
        }
    }

    /// Whether a normalised header looks like this field by its words, when no header
    /// matches an alias exactly ("Annual Salary (FTE) 2024", "Ethnic Origin Desc").
    fn looks_like(self, n: &str) -> bool {
        let has = |w: &str| n.contains(w);
        let word = |w: &str| n.split('_').any(|x| x == w);
        let harassment = has("harass") || has("bull") || has("abuse");
        let public = [
            "public",
            "service_user",
            "people_who_use",
            "relative",
            "patient",
            "client",
        ]
        .iter()
        .any(|w| has(w));
        match self {
            Field::Workforce => has("workforce") || has("directorate") || has("service_area"),
            Field::Ethnicity => has("ethnic"),
            Field::PayBand => word("band") || has("payband"),
            Field::Salary => has("salary") && !word("band") && !word("range"),
            Field::SeniorManager => has("senior"),
            Field::RegulatedProfessional => has("regulated") || has("registered_social"),
            Field::Disciplinary => has("disciplin"),
            Field::FtpReferral => has("fitness_to_practi") || word("ftp"),
            Field::Cpd => {
                word("cpd") || has("continuing_professional_development") || has("non_mandatory")
            }
            Field::Left => has("leav") || word("left") || has("termination"),
            Field::Appointed => has("appoint"),
            Field::HarassmentPublic => harassment && public,
            Field::HarassmentColleagues => harassment && !public && has("colleague"),
            Field::HarassmentManagers => {
                harassment && !public && !has("colleague") && has("manager")
            }
        }
    }
}

/// Which column holds each field of one extract, by header name, so that it still works
/// next year when the columns move. This is what a settings file remembers: header names
/// and choices, never data.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Mapping {
    /// Field -> the header of its column. A field that is absent is found by its header
    /// name; `null` means "this file has no such column" (the person said so).
    pub columns: BTreeMap<Field, Option<String>>,
    /// Every row of this extract belongs to this workforce (for an extract with no workforce
    /// column). When set, any workforce column is not used.
    #[serde(with = "optional_workforce")]
    pub workforce: Option<Workforce>,
}

/// A workforce in a settings file: "adults" or "children" (or any name the submission file
/// accepts for them).
mod optional_workforce {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::model::Workforce;

    pub fn serialize<S: Serializer>(w: &Option<Workforce>, s: S) -> Result<S::Ok, S::Error> {
        match w {
            Some(w) => s.serialize_some(w.key()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Workforce>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(s) => super::super::values::recognise_workforce(&s)
                .map(Some)
                .ok_or_else(|| {
                    serde::de::Error::custom(format!(
                        "\"{s}\" is not a workforce: use \"adults\" or \"children\""
                    ))
                }),
        }
    }
}

impl Mapping {
    /// Chooses a column for a field by its header.
    pub fn set(&mut self, field: Field, header: &str) {
        self.columns.insert(field, Some(header.to_owned()));
    }

    /// Says the file has no column for a field.
    pub fn set_none(&mut self, field: Field) {
        self.columns.insert(field, None);
    }

    /// Goes back to finding the field's column by its header name.
    pub fn detect(&mut self, field: Field) {
        self.columns.remove(&field);
    }
}

/// How a field's column was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnSource {
    /// The settings named this column.
    Settings,
    /// Its header is one of the field's names.
    HeaderName,
    /// Its header contains words of the field's name: check it.
    HeaderWords,
    /// The settings say the file has no such column.
    SettingsNone,
    /// No column looks like this field.
    NotFound,
    /// Not used: every row belongs to the workforce the settings give.
    FixedWorkforce,
    /// Not used: a pay band column is used instead of salary.
    PayBandUsed,
    /// Not used: the settings chose the salary column instead.
    SalaryUsed,
}

/// The column a field was given, for showing on a mapping screen.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnUse {
    pub field: Field,
    /// The column index counting from 0.
    pub index: Option<usize>,
    /// The column letter as a spreadsheet shows it.
    pub letter: Option<String>,
    /// The column's header in the file.
    pub header: Option<String>,
    pub source: ColumnSource,
}

impl ColumnUse {
    /// "column C (Ethnic origin)", or why there is none.
    pub fn describe(&self) -> String {
        match (&self.letter, &self.header, self.source) {
            (Some(l), Some(h), s) => {
                let how = match s {
                    ColumnSource::Settings => " (from the settings)",
                    ColumnSource::HeaderWords => " (found by words in its header: check it)",
                    _ => "",
                };
                format!("column {l} ({h}){how}")
            }
            (_, _, ColumnSource::SettingsNone) => "none (the settings say there is none)".into(),
            (_, _, ColumnSource::FixedWorkforce) => {
                "not used: the settings give every row's workforce".into()
            }
            (_, _, ColumnSource::PayBandUsed) => "not used: the pay band column is used".into(),
            (_, _, ColumnSource::SalaryUsed) => {
                "not used: the settings choose the salary column".into()
            }
            _ => "none found".into(),
        }
    }
}

/// Finds each field's column in a header: first by exact header names (the field's
/// aliases), then by words in the header. A column serves one field only.
pub fn detect(input: Input, header: &[String]) -> Vec<ColumnUse> {
    resolve(input, header, &Mapping::default()).uses
}

/// A mapping applied to one file's header.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// One per field of the input, in [`Input::fields`] order.
    pub uses: Vec<ColumnUse>,
    /// Saved headers this file does not have: (field, header). Those fields are found by
    /// name instead.
    pub missing_saved: Vec<(Field, String)>,
    /// Fields the settings put in a column another field already has: (field, the other
    /// field, column index). The later field gets no column.
    pub chosen_twice: Vec<(Field, Field, usize)>,
}

/// Applies a saved mapping to a header, finding the rest by name.
pub fn resolve(input: Input, header: &[String], mapping: &Mapping) -> Resolved {
    let normalised: Vec<String> = header.iter().map(|h| normalise(h)).collect();
    let mut taken: Vec<Option<Field>> = vec![None; header.len()];
    let mut chosen: BTreeMap<Field, (Option<usize>, ColumnSource)> = BTreeMap::new();
    let mut missing_saved = Vec::new();
    let mut chosen_twice = Vec::new();
    // The settings first.
    for &f in input.fields() {
        match mapping.columns.get(&f) {
            Some(Some(name)) => {
                let n = normalise(name);
                let found = header
                    .iter()
                    .position(|h| h == name)
                    .or_else(|| normalised.iter().position(|h| !n.is_empty() && *h == n));
                match found {
                    Some(i) => match taken[i] {
                        Some(other) => {
                            chosen_twice.push((f, other, i));
                            chosen.insert(f, (None, ColumnSource::NotFound));
                        }
                        None => {
                            taken[i] = Some(f);
                            chosen.insert(f, (Some(i), ColumnSource::Settings));
                        }
                    },
                    None => missing_saved.push((f, name.clone())),
                }
            }
            Some(None) => {
                chosen.insert(f, (None, ColumnSource::SettingsNone));
            }
            None => {}
        }
    }
    // Then exact header names, then words.
    for exact in [true, false] {
        for &f in input.fields() {
            if chosen.contains_key(&f) {
                continue;
            }
            let found = (0..header.len()).find(|&i| {
                taken[i].is_none()
                    && if exact {
                        f.aliases().contains(&normalised[i].as_str())
                    } else {
                        f.looks_like(&normalised[i])
                    }
            });
            if let Some(i) = found {
                taken[i] = Some(f);
                let source = if exact {
                    ColumnSource::HeaderName
                } else {
                    ColumnSource::HeaderWords
                };
                chosen.insert(f, (Some(i), source));
            }
        }
    }
    // A pay band column wins over a salary column, unless only the salary was chosen in
    // the settings.
    let get = |f: Field| {
        chosen
            .get(&f)
            .copied()
            .unwrap_or((None, ColumnSource::NotFound))
    };
    let (band, band_source) = get(Field::PayBand);
    let (salary, salary_source) = get(Field::Salary);
    let use_salary = salary.is_some()
        && (band.is_none()
            || (salary_source == ColumnSource::Settings && band_source != ColumnSource::Settings));
    let uses = input
        .fields()
        .iter()
        .map(|&f| {
            let (mut index, mut source) = get(f);
            if f == Field::Workforce && mapping.workforce.is_some() {
                (index, source) = (None, ColumnSource::FixedWorkforce);
            }
            if f == Field::Salary && index.is_some() && !use_salary {
                (index, source) = (None, ColumnSource::PayBandUsed);
            }
            if f == Field::PayBand && index.is_some() && use_salary {
                (index, source) = (None, ColumnSource::SalaryUsed);
            }
            ColumnUse {
                field: f,
                index,
                letter: index.map(column_letter),
                header: index.map(|i| header[i].clone()),
                source,
            }
        })
        .collect();
    Resolved {
        uses,
        missing_saved,
        chosen_twice,
    }
}

/// The mapping to save after a run: every column used, by header name, plus the choices
/// the person made (a field they said has no column stays so).
pub fn mapping_used(uses: &[ColumnUse], before: &Mapping) -> Mapping {
    let mut m = before.clone();
    for u in uses {
        match (&u.header, u.source) {
            (Some(h), _) => {
                m.columns.insert(u.field, Some(h.clone()));
            }
            (None, ColumnSource::SettingsNone) => {
                m.columns.insert(u.field, None);
            }
            _ => {}
        }
    }
    m
}
