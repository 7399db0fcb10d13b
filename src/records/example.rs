//! The example extracts the records page offers ("Try it with example extracts"): made-up
//! people for a fictional council, one file for each extract, in the shapes HR systems write.
//! Nobody in them is real. They are generated (the same every time), not stored, and each
//! holds a few values for the person to choose a meaning for, as real extracts do.

use super::Input;

/// A small deterministic random sequence (the same extracts every time).
struct Dice(u64);

impl Dice {
    /// A number from 0 to `n - 1`.
    fn roll(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }

    /// True with probability `per_mille` / 1000.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.roll(1000) < per_mille
    }
}

/// Ethnicity values as an HR system writes them, with how many in 1,000 people have each;
/// the last is a value no list knows ("Latin American"), for the person to choose.
const ETHNICITIES: [(&str, u64); 12] = [
    ("White - British", 560),
    ("White - Irish", 20),
    ("White - Any other White background", 70),
    ("Asian or Asian British - Indian", 60),
    ("Asian or Asian British - Pakistani", 40),
    ("Black or Black British - African", 90),
    ("Black or Black British - Caribbean", 50),
    ("Mixed - White and Black Caribbean", 20),
    ("Other ethnic group - Arab", 10),
    ("Prefer not to say", 40),
    ("", 30),
    ("Latin American", 10),
];

/// Whether an ethnicity value (by its index) is of a minority ethnic group, for the rates.
fn minority(e: usize) -> bool {
    (3..=8).contains(&e) || e == 11
}

fn ethnicity(d: &mut Dice) -> usize {
    let mut n = d.roll(1000);
    for (i, (_, weight)) in ETHNICITIES.iter().enumerate() {
        if n < *weight {
            return i;
        }
        n -= weight;
    }
    0
}

fn workforce(d: &mut Dice) -> &'static str {
    if d.chance(600) {
        "Adult Social Care"
    } else {
        "Children's Services"
    }
}

fn yes(b: bool) -> &'static str {
    if b {
        "Y"
    } else {
        "N"
    }
}

/// The staff records: 480 people, with salary, senior role, regulated profession,
/// disciplinary, referral, funded CPD and leaving date.
fn staff(d: &mut Dice) -> String {
    let mut text = String::from(
        "Employee ID,Service Area,Ethnic Origin,Annual Salary (FTE),Senior Manager,\
         Regulated Professional,Formal Disciplinary,FtP Referral,Funded CPD,Leaving Date\n",
    );
    for i in 1..=480 {
        let e = ethnicity(d);
        let me = minority(e);
        let senior = d.chance(if me { 25 } else { 60 });
        let salary = if senior {
            72_000 + d.roll(20_000)
        } else {
            21_000 + d.roll(if me { 24_000 } else { 30_000 })
        };
        let regulated = !senior && d.chance(300);
        let disciplinary = d.chance(if me { 45 } else { 20 });
        let referral = regulated && d.chance(if me { 90 } else { 45 });
        let cpd = d.chance(if me { 380 } else { 450 });
        let leaving = if d.chance(if me { 160 } else { 120 }) {
            format!("{:02}/{:02}/2024", 1 + d.roll(28), 1 + d.roll(12))
        } else {
            String::new()
        };
        // One yes/no value in the form only a person can read ("Pending"), to choose.
        let disciplinary = if i == 97 {
            "Pending"
        } else {
            yes(disciplinary)
        };
        text.push_str(&format!(
            "E{i:04},{},{},{salary},{},{},{disciplinary},{},{},{leaving}\n",
            workforce(d),
            ETHNICITIES[e].0,
            yes(senior),
            yes(regulated),
            yes(referral),
            yes(cpd),
        ));
    }
    text
}

/// The shortlisted applicants: 360 applications and whether each was appointed.
fn shortlisted(d: &mut Dice) -> String {
    let mut text = String::from("Vacancy,Service Area,Ethnic Origin,Appointed\n");
    for i in 1..=360 {
        let e = ethnicity(d);
        let appointed = d.chance(if minority(e) { 170 } else { 260 });
        text.push_str(&format!(
            "V{:03},{},{},{}\n",
            1 + i / 4,
            workforce(d),
            ETHNICITIES[e].0,
            if appointed { "Yes" } else { "No" }
        ));
    }
    text
}

/// The staff survey: 300 respondents and how often each met harassment, from the public,
/// colleagues and managers (semicolon-separated, as some survey tools write it).
fn survey(d: &mut Dice) -> String {
    const OFTEN: [&str; 5] = [
        "Never",
        "1-2 times",
        "3-5 times",
        "6-10 times",
        "More than 10 times",
    ];
    let often = |d: &mut Dice, per_mille: u64| {
        if d.chance(per_mille) {
            OFTEN[1 + d.roll(4) as usize]
        } else {
            OFTEN[0]
        }
    };
    let mut text = String::from(
        "Service Area;Ethnic Origin;Harassment from the public;Harassment from colleagues;\
         Harassment from managers\n",
    );
    for _ in 0..300 {
        let e = ethnicity(d);
        let me = minority(e);
        let public = often(d, if me { 330 } else { 260 });
        let colleagues = often(d, if me { 190 } else { 120 });
        let managers = often(d, if me { 110 } else { 70 });
        text.push_str(&format!(
            "{};{};{public};{colleagues};{managers}\n",
            workforce(d),
            ETHNICITIES[e].0
        ));
    }
    text
}

/// The three example extracts: for each, the extract, a file name and the file's bytes.
pub fn extracts() -> [(Input, &'static str, Vec<u8>); 3] {
    let mut d = Dice(2026);
    [
        (
            Input::Staff,
            "example-staff.csv",
            staff(&mut d).into_bytes(),
        ),
        (
            Input::Shortlisted,
            "example-shortlisted.csv",
            shortlisted(&mut d).into_bytes(),
        ),
        (
            Input::Survey,
            "example-survey.csv",
            survey(&mut d).into_bytes(),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{aggregate_input, combine, RecordSettings};
    use crate::results::{compute, Settings};

    #[test]
    fn the_examples_count_into_results_for_both_workforces_with_choices_to_make() {
        let settings = RecordSettings::default();
        let reports: Vec<_> = extracts()
            .iter()
            .map(|(input, _, bytes)| aggregate_input(*input, bytes, &settings))
            .collect();
        for r in &reports {
            assert!(r.usable(), "{:?}", r.issues);
            assert!(
                r.rows_used > 250,
                "{:?}: {} rows used",
                r.input,
                r.rows_used
            );
        }
        // A value for the person to choose in the staff records (ethnicity) and a yes/no one.
        assert!(reports[0]
            .unmatched_ethnicity()
            .any(|v| v.value == "Latin American"));
        assert_eq!(reports[0].rows_unusable, 1, "the row with \"Pending\"");
        let agg = combine(reports);
        let s = agg.submission().expect("counts");
        assert_eq!(s.workforces.len(), 2);
        let results = compute(&s, &Settings::default());
        assert!(
            results
                .all()
                .filter(|r| r.relative_likelihood.is_some())
                .count()
                >= 16
        );
    }

    #[test]
    fn the_examples_are_the_same_every_time() {
        let a = extracts();
        let b = extracts();
        for (x, y) in a.iter().zip(b.iter()) {
            assert_eq!(x.2, y.2);
        }
    }
}
