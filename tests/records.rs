//! Record-level input: value mapping, column detection, the three fixtures added up by hand,
//! the round trip through the submission file, and settings files.

use scwres::diag::Code;
use scwres::diag::Severity;
use scwres::model::{EthnicityForm, Measure, Workforce};
#[path = "support/reference_reader.rs"]
mod reference_reader;

use reference_reader::reference_read_table as read_table;
use scwres::read::RowReader;
use scwres::records::{
    aggregate, aggregate_input, aggregate_table, combine, detect, is_date, parse_salary_thresholds,
    recognise_ethnicity, recognise_yes_no, resolve, salary_band_names, Aggregate, ColumnSource,
    Ethnicity, Field, Input, InputAggregator, Mapping, RecordSettings, ValueSource,
    WorkforceChoice,
};
use scwres::results::{compute, Settings};
use scwres::submission::parse;

const STAFF: &[u8] = include_bytes!("records/staff.csv");
const SHORTLISTED: &[u8] = include_bytes!("records/shortlisted.csv");
const SURVEY: &[u8] = include_bytes!("records/survey.csv");

fn e(key: &str) -> Ethnicity {
    Ethnicity::from_key(key).unwrap_or_else(|| panic!("no category {key}"))
}

/// Twenty counts from (category key, count) pairs; every other category 0.
fn counts(pairs: &[(&str, u64)]) -> [u64; 20] {
    let mut c = [0; 20];
    for (k, n) in pairs {
        c[e(k).index()] += n;
    }
    c
}

/// The counts of one row of the aggregate, or None when the row is absent.
fn row(agg: &Aggregate, w: Workforce, m: Measure, band: Option<&str>) -> Option<[u64; 20]> {
    agg.rows
        .iter()
        .find(|r| r.workforce == w && r.measure == m && r.pay_band.as_deref() == band)
        .map(|r| r.counts)
}

const ADULTS: Workforce = Workforce::Adults;
const CHILDREN: Workforce = Workforce::Children;
const UNDER: Option<&str> = Some("Under £30,000");
const MIDDLE: Option<&str> = Some("£30,000 to £69,999");
const TOP: Option<&str> = Some("£70,000 and over");

// ------------------------------------------------------------------------------ values

#[test]
fn census_labels_with_or_without_group_prefix_in_any_case() {
    let cases = [
        ("White - British", "white_british"),
        ("WHITE  BRITISH", "white_british"),
        ("white british", "white_british"),
        ("English, Welsh, Scottish, Northern Irish or British", "white_british"),
        ("White: English, Welsh, Scottish, Northern Irish or British", "white_british"),
        ("White: Irish", "white_irish"),
        ("Irish", "white_irish"),
        ("White - Gypsy or Irish Traveller", "white_gypsy_or_irish_traveller"),
        ("Roma", "white_roma"),
        ("Any other White background", "white_other"),
        ("Mixed - White and Black Caribbean", "mixed_white_and_black_caribbean"),
        ("Mixed or Multiple ethnic groups: White and Black African", "mixed_white_and_black_african"),
        ("mixed: white & asian", "mixed_white_and_asian"),
        ("Mixed - Other", "mixed_other"),
        ("Asian or Asian British - Indian", "asian_indian"),
        ("Asian or Asian British: Pakistani", "asian_pakistani"),
        ("  bangladeshi ", "asian_bangladeshi"),
        ("Chinese", "asian_chinese"),
        ("Asian or Asian British - Any other Asian background", "asian_other"),
        ("Black or Black British - African", "black_african"),
        ("Black or Black British - Caribbean", "black_caribbean"),
        ("Black, Black British, Caribbean or African: Any other Black, Caribbean or African background", "black_other"),
        ("Other ethnic group: Arab", "other_arab"),
        ("Any other ethnic group", "other_any"),
        ("asian_indian", "asian_indian"),
        // Common HR spellings that are not census labels.
        ("White English", "white_british"),
        ("Scottish", "white_british"),
        ("White/Black Caribbean", "mixed_white_and_black_caribbean"),
        // A group alone counts in the group's "any other" category.
        ("White", "white_other"),
        ("Asian or Asian British", "asian_other"),
        ("Black British", "black_other"),
        ("Mixed", "mixed_other"),
    ];
    for (value, key) in cases {
        assert_eq!(recognise_ethnicity(value), Some(e(key)), "{value:?}");
    }
}

#[test]
fn letter_codes_of_the_2001_census() {
    let cases = [
        ("A", "white_british"),
        ("B", "white_irish"),
        ("C", "white_other"),
        ("D", "mixed_white_and_black_caribbean"),
        ("E", "mixed_white_and_black_african"),
        ("F", "mixed_white_and_asian"),
        ("G", "mixed_other"),
        ("H", "asian_indian"),
        ("J", "asian_pakistani"),
        ("K", "asian_bangladeshi"),
        ("L", "asian_other"),
        ("M", "black_caribbean"),
        ("N", "black_african"),
        ("P", "black_other"),
        ("R", "asian_chinese"),
        ("S", "other_any"),
        ("Z", "not_known"),
        // Any case, and with the description after it.
        ("h", "asian_indian"),
        ("A - White British", "white_british"),
        ("H: Indian", "asian_indian"),
        ("Z - Not stated", "not_known"),
        ("K.", "asian_bangladeshi"),
    ];
    for (value, key) in cases {
        assert_eq!(recognise_ethnicity(value), Some(e(key)), "{value:?}");
    }
    // Letters the 2001 census does not use, and a code with a description we do not know.
    for value in ["I", "O", "Q", "T", "X", "S - Latin American"] {
        assert_eq!(recognise_ethnicity(value), None, "{value:?}");
    }
}

#[test]
fn not_known_values_blank_and_n_a() {
    for value in [
        "",
        "   ",
        "Prefer not to say",
        "PREFER NOT TO SAY",
        "Not stated",
        "Not known",
        "Unknown",
        "Not declared",
        "Undisclosed",
        "Information refused",
        "N/A",
        "n/a",
        "NA",
        "-",
        "?",
        "Z",
        "null",
    ] {
        assert_eq!(
            recognise_ethnicity(value),
            Some(Ethnicity::NotKnown),
            "{value:?}"
        );
    }
}

#[test]
fn unknown_values_are_left_for_the_person() {
    // "N/A" must not be read as the letter code N (African).
    assert_ne!(recognise_ethnicity("N/A"), Some(e("black_african")));
    for value in [
        "Latin American",
        "BME",
        "Minority ethnic",
        "White - Other European",
        "Chinese or other ethnic group",
        "AB",
        "12",
    ] {
        assert_eq!(recognise_ethnicity(value), None, "{value:?}");
    }
}

#[test]
fn yes_no_values_dates_and_blanks() {
    for yes in [
        "Y",
        "y",
        "Yes",
        "YES",
        "true",
        "TRUE",
        "1",
        "2024-03-01",
        "01/03/2024",
        "1/3/24",
        "01-Mar-2024",
        "1 March 2024",
        "2024-03-01 00:00:00",
        "1-2 times",
        "More than 10 times",
    ] {
        assert_eq!(recognise_yes_no(yes), Some(true), "{yes:?}");
    }
    for no in ["N", "n", "No", "FALSE", "false", "0", "", "  ", "Never"] {
        assert_eq!(recognise_yes_no(no), Some(false), "{no:?}");
    }
    for other in [
        "N/A",
        "maybe",
        "2",
        "x",
        "45352",
        "yes please",
        "31/31/2024",
    ] {
        assert_eq!(recognise_yes_no(other), None, "{other:?}");
    }
    assert!(is_date("29/02/2024"));
    assert!(!is_date("2024"));
}

#[test]
fn salary_bands_follow_the_thresholds() {
    assert_eq!(
        salary_band_names(&[30_000, 70_000]),
        ["Under £30,000", "£30,000 to £69,999", "£70,000 and over"]
    );
    assert_eq!(
        salary_band_names(&[25_000, 40_000, 60_000]),
        [
            "Under £25,000",
            "£25,000 to £39,999",
            "£40,000 to £59,999",
            "£60,000 and over"
        ]
    );
    assert_eq!(
        parse_salary_thresholds(" 25000, 40000 "),
        Ok(vec![25_000, 40_000])
    );
    assert!(parse_salary_thresholds("40000,25000").is_err());
    assert!(parse_salary_thresholds("30k").is_err());
    assert!(parse_salary_thresholds("0,10").is_err());
}

// ------------------------------------------------------------------------------ columns

fn header(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

fn column_of(uses: &[scwres::records::ColumnUse], f: Field) -> Option<usize> {
    uses.iter().find(|u| u.field == f).and_then(|u| u.index)
}

#[test]
fn columns_are_found_by_name_then_by_words() {
    let h = header(&[
        "Employee No",
        "Directorate",
        "Ethnic Origin Description",
        "Basic Salary (FTE) 2024",
        "Is Senior Manager?",
        "SWE registered social worker",
        "Formal disciplinary started",
        "Referred to FtP",
        "Accessed funded non-mandatory CPD",
        "Date left",
    ]);
    let uses = detect(Input::Staff, &h);
    assert_eq!(column_of(&uses, Field::Workforce), Some(1));
    assert_eq!(column_of(&uses, Field::Ethnicity), Some(2));
    assert_eq!(column_of(&uses, Field::PayBand), None);
    assert_eq!(column_of(&uses, Field::Salary), Some(3));
    assert_eq!(column_of(&uses, Field::SeniorManager), Some(4));
    assert_eq!(column_of(&uses, Field::RegulatedProfessional), Some(5));
    assert_eq!(column_of(&uses, Field::Disciplinary), Some(6));
    assert_eq!(column_of(&uses, Field::FtpReferral), Some(7));
    assert_eq!(column_of(&uses, Field::Cpd), Some(8));
    assert_eq!(column_of(&uses, Field::Left), Some(9));
    let workforce = uses.iter().find(|u| u.field == Field::Workforce).unwrap();
    assert_eq!(workforce.source, ColumnSource::HeaderName);
    assert_eq!(workforce.letter.as_deref(), Some("B"));
    let salary = uses.iter().find(|u| u.field == Field::Salary).unwrap();
    assert_eq!(salary.source, ColumnSource::HeaderWords);

    let survey = detect(
        Input::Survey,
        &header(&[
            "Service",
            "Ethnicity",
            "Q13a Experienced harassment, bullying or abuse from patients/service users, their relatives or the public",
            "Q13b ... from managers",
            "Q13c Experienced harassment, bullying or abuse from other colleagues",
            "Q13b Experienced harassment, bullying or abuse from managers",
        ]),
    );
    assert_eq!(column_of(&survey, Field::HarassmentPublic), Some(2));
    assert_eq!(column_of(&survey, Field::HarassmentColleagues), Some(4));
    assert_eq!(column_of(&survey, Field::HarassmentManagers), Some(5));
}

#[test]
fn a_pay_band_column_wins_over_salary_unless_the_settings_choose_salary() {
    let h = header(&["Workforce", "Ethnicity", "Salary", "Pay band"]);
    let uses = detect(Input::Staff, &h);
    assert_eq!(column_of(&uses, Field::PayBand), Some(3));
    assert_eq!(column_of(&uses, Field::Salary), None);
    let mut m = Mapping::default();
    m.set(Field::Salary, "salary");
    let r = resolve(Input::Staff, &h, &m);
    assert_eq!(column_of(&r.uses, Field::Salary), Some(2));
    assert_eq!(column_of(&r.uses, Field::PayBand), None);
}

#[test]
fn saved_mappings_apply_by_header_and_say_when_a_column_is_gone() {
    let h = header(&["ID", "Team", "Race", "Band"]);
    let mut m = Mapping::default();
    m.set(Field::Workforce, "Team");
    m.set(Field::Ethnicity, "race"); // any case
    m.set(Field::Left, "Leaver flag"); // not in this file
    m.set_none(Field::PayBand); // the person said: no pay band column
    let r = resolve(Input::Staff, &h, &m);
    assert_eq!(column_of(&r.uses, Field::Workforce), Some(1));
    assert_eq!(column_of(&r.uses, Field::Ethnicity), Some(2));
    assert_eq!(column_of(&r.uses, Field::PayBand), None);
    assert_eq!(
        r.missing_saved,
        vec![(Field::Left, "Leaver flag".to_owned())]
    );

    // Two fields in one column is an error, and the file is not used.
    let mut m = Mapping::default();
    m.set(Field::Ethnicity, "Race");
    m.set(Field::Workforce, "Race");
    let settings = RecordSettings {
        staff: m,
        ..RecordSettings::default()
    };
    let report = aggregate_input(Input::Staff, b"Race,Band\nA,1\n", &settings);
    assert!(!report.usable());
    assert!(report
        .issues
        .iter()
        .any(|i| i.code == Code::ColumnChosenTwice && i.column_letter.as_deref() == Some("A")));
}

#[test]
fn missing_required_columns_stop_the_extract() {
    let report = aggregate_input(
        Input::Staff,
        b"Name,Salary\nAlex,30000\n",
        &RecordSettings::default(),
    );
    assert!(!report.usable());
    let missing: Vec<Field> = report
        .file_errors()
        .filter(|i| i.code == Code::MissingColumn)
        .filter_map(|i| i.about.field)
        .collect();
    assert_eq!(missing, vec![Field::Ethnicity, Field::Workforce]);
    assert_eq!(report.rows_read, 1);
    assert_eq!(report.rows_used, 0);
    // With the workforce given in the settings, only ethnicity is missing.
    let mut settings = RecordSettings::default();
    settings.staff.workforce = Some(Workforce::Adults);
    let report = aggregate_input(Input::Staff, b"Name,Salary\nAlex,30000\n", &settings);
    assert_eq!(report.file_errors().count(), 1);
}

// ------------------------------------------------------------------------------ fixtures

#[test]
fn staff_fixture_added_up_by_hand() {
    let report = aggregate_input(Input::Staff, STAFF, &RecordSettings::default());
    // 15 data rows (row 11 is blank and skipped): rows 13, 14 and 15 are unusable.
    assert_eq!(report.rows_read, 15);
    assert_eq!(report.rows_used, 12);
    assert_eq!(report.rows_unusable, 3);
    assert_eq!(report.rows_excluded, 0);
    let unusable: Vec<(usize, &str, &str, Code)> = report
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| {
            (
                i.row.unwrap(),
                i.column_letter.as_deref().unwrap(),
                i.value.as_deref().unwrap(),
                i.code,
            )
        })
        .collect();
    assert_eq!(
        unusable,
        vec![
            (13, "G", "N/A", Code::NotAYesNo),
            (14, "D", "abc", Code::NotASalary),
            (15, "B", "Finance", Code::UnknownWorkforce),
        ]
    );
    let latin = report
        .ethnicity_values
        .iter()
        .find(|v| v.value == "Latin American")
        .unwrap();
    assert_eq!(
        (latin.rows, latin.first_row, latin.meaning, latin.source),
        (1, 8, Ethnicity::NotKnown, ValueSource::Unmatched)
    );
    let na = report
        .yes_no_values
        .iter()
        .find(|v| v.value == "N/A")
        .unwrap();
    assert_eq!(
        (na.field, na.meaning, na.rows),
        (Field::Disciplinary, None, 1)
    );

    let agg = combine(vec![report]);
    // Adults, rows 2 to 8 (salary -> band; ethnicity -> category):
    //   2 S001 25000    Under   "White - British"   white_british      CPD Y
    //   3 S002 31000.00 Middle  "A"                 white_british      regulated, disciplinary (date), CPD TRUE
    //   4 S003 72000    Top     "Asian ... Indian"  asian_indian       senior, left (date)
    //   5 S004 29999.99 Under   "black african"     black_african      regulated, FtP, CPD 1
    //   6 S005 45000    Middle  "Prefer not to say" not_known          regulated, left (date)
    //   7 S006 30000    Middle  ""                  not_known          nothing (all N)
    //   8 S007 28000    Under   "Latin American"    not_known          nothing (blank = no)
    // Under  = S001 wb + S004 ba + S007 nk
    assert_eq!(
        row(&agg, ADULTS, Measure::Staff, UNDER),
        Some(counts(&[
            ("white_british", 1),
            ("black_african", 1),
            ("not_known", 1)
        ]))
    );
    // Middle = S002 wb + S005 nk + S006 nk (30,000 exactly is in the middle band)
    assert_eq!(
        row(&agg, ADULTS, Measure::Staff, MIDDLE),
        Some(counts(&[("white_british", 1), ("not_known", 2)]))
    );
    // Top = S003 ai
    assert_eq!(
        row(&agg, ADULTS, Measure::Staff, TOP),
        Some(counts(&[("asian_indian", 1)]))
    );
    let adults = |m| row(&agg, ADULTS, m, None);
    assert_eq!(
        adults(Measure::Disciplinary),
        Some(counts(&[("white_british", 1)]))
    );
    // regulated: S002 wb, S004 ba, S005 nk
    assert_eq!(
        adults(Measure::RegulatedProfessionals),
        Some(counts(&[
            ("white_british", 1),
            ("black_african", 1),
            ("not_known", 1)
        ]))
    );
    assert_eq!(
        adults(Measure::FtpReferrals),
        Some(counts(&[("black_african", 1)]))
    );
    // CPD: S001 wb (Y), S002 wb (TRUE), S004 ba (1)
    assert_eq!(
        adults(Measure::Cpd),
        Some(counts(&[("white_british", 2), ("black_african", 1)]))
    );
    // leavers: S003 ai (31/03/2024), S005 nk (2023-11-30)
    assert_eq!(
        adults(Measure::Leavers),
        Some(counts(&[("asian_indian", 1), ("not_known", 1)]))
    );
    assert_eq!(
        adults(Measure::SeniorManagers),
        Some(counts(&[("asian_indian", 1)]))
    );

    // Children, rows 9, 10, 12 to 17 (13, 14, 15 unusable):
    //   9  S008 52000 Middle "H"            asian_indian   regulated, disciplinary, FtP, CPD
    //   10 S009 70000 Top    "White: Irish" white_irish    senior, regulated
    //   12 S010 18000 Under  "Mixed - White and Asian" mixed_white_and_asian  CPD, left (01-Mar-2024)
    //   16 S014 31000 Middle "N"            black_african  CPD (yes)
    //   17 S015 90000 Top    "Arab"         other_arab     senior, left (2024-02-29)
    let children = |m| row(&agg, CHILDREN, m, None);
    assert_eq!(
        row(&agg, CHILDREN, Measure::Staff, UNDER),
        Some(counts(&[("mixed_white_and_asian", 1)]))
    );
    assert_eq!(
        row(&agg, CHILDREN, Measure::Staff, MIDDLE),
        Some(counts(&[("asian_indian", 1), ("black_african", 1)]))
    );
    assert_eq!(
        row(&agg, CHILDREN, Measure::Staff, TOP),
        Some(counts(&[("white_irish", 1), ("other_arab", 1)]))
    );
    assert_eq!(
        children(Measure::Disciplinary),
        Some(counts(&[("asian_indian", 1)]))
    );
    assert_eq!(
        children(Measure::RegulatedProfessionals),
        Some(counts(&[("asian_indian", 1), ("white_irish", 1)]))
    );
    assert_eq!(
        children(Measure::FtpReferrals),
        Some(counts(&[("asian_indian", 1)]))
    );
    assert_eq!(
        children(Measure::Cpd),
        Some(counts(&[
            ("asian_indian", 1),
            ("mixed_white_and_asian", 1),
            ("black_african", 1)
        ]))
    );
    assert_eq!(
        children(Measure::Leavers),
        Some(counts(&[("mixed_white_and_asian", 1), ("other_arab", 1)]))
    );
    assert_eq!(
        children(Measure::SeniorManagers),
        Some(counts(&[("white_irish", 1), ("other_arab", 1)]))
    );
    // No shortlisting or survey extract: those rows are absent, not zero.
    assert_eq!(adults(Measure::Shortlisted), None);
    assert_eq!(adults(Measure::SurveyRespondents), None);
    assert_eq!(children(Measure::HarassmentPublic), None);
    // 3 bands + 6 yes/no measures per workforce.
    assert_eq!(agg.rows.len(), 18);
}

#[test]
fn shortlisted_fixture_added_up_by_hand() {
    let report = aggregate_input(Input::Shortlisted, SHORTLISTED, &RecordSettings::default());
    assert_eq!(
        (report.rows_read, report.rows_used, report.rows_unusable),
        (11, 10, 1)
    );
    // "Appointed (Y/N)" is found by its words, with a warning to check it.
    assert!(report
        .issues
        .iter()
        .any(|i| i.code == Code::ColumnFoundByWords && i.about.field == Some(Field::Appointed)));
    // Row 12 ("maybe") is unusable.
    let bad: Vec<_> = report
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .collect();
    assert_eq!(bad.len(), 1);
    assert_eq!(
        bad[0].location().unwrap(),
        "row 12, column D (Appointed (Y/N))"
    );
    let agg = combine(vec![report]);
    // Adults rows 2-8: White British x3 (Y, N, N), Black African x2 (Y, N), Black
    // Caribbean x1 (N), Not stated x1 (Y).
    assert_eq!(
        row(&agg, ADULTS, Measure::Shortlisted, None),
        Some(counts(&[
            ("white_british", 3),
            ("black_african", 2),
            ("black_caribbean", 1),
            ("not_known", 1)
        ]))
    );
    assert_eq!(
        row(&agg, ADULTS, Measure::Appointed, None),
        Some(counts(&[
            ("white_british", 1),
            ("black_african", 1),
            ("not_known", 1)
        ]))
    );
    // Children rows 9-11: Pakistani (Yes), any other Asian (No), any other White (Yes).
    assert_eq!(
        row(&agg, CHILDREN, Measure::Shortlisted, None),
        Some(counts(&[
            ("asian_pakistani", 1),
            ("asian_other", 1),
            ("white_other", 1)
        ]))
    );
    assert_eq!(
        row(&agg, CHILDREN, Measure::Appointed, None),
        Some(counts(&[("asian_pakistani", 1), ("white_other", 1)]))
    );
    assert_eq!(row(&agg, ADULTS, Measure::Staff, UNDER), None);
    assert_eq!(agg.rows.len(), 4);
}

#[test]
fn survey_fixture_added_up_by_hand() {
    // Semicolons and CRLF line ends; NHS Staff Survey answers ("Never", "1-2 times").
    let report = aggregate_input(Input::Survey, SURVEY, &RecordSettings::default());
    assert_eq!(report.delimiter, Some(';'));
    assert_eq!(
        (report.rows_read, report.rows_used, report.rows_unusable),
        (8, 8, 0)
    );
    let agg = combine(vec![report]);
    // Adults rows 2-7: White British x2, Indian x2, Prefer not to say x1, African x1.
    assert_eq!(
        row(&agg, ADULTS, Measure::SurveyRespondents, None),
        Some(counts(&[
            ("white_british", 2),
            ("asian_indian", 2),
            ("not_known", 1),
            ("black_african", 1)
        ]))
    );
    // Public: row 3 wb (1-2 times), row 5 ai (6-10 times). Row 7's blanks are no.
    assert_eq!(
        row(&agg, ADULTS, Measure::HarassmentPublic, None),
        Some(counts(&[("white_british", 1), ("asian_indian", 1)]))
    );
    // Colleagues: row 4 ai (3-5 times).
    assert_eq!(
        row(&agg, ADULTS, Measure::HarassmentColleagues, None),
        Some(counts(&[("asian_indian", 1)]))
    );
    // Managers: row 4 ai (1-2 times), row 6 nk (more than 10 times).
    assert_eq!(
        row(&agg, ADULTS, Measure::HarassmentManagers, None),
        Some(counts(&[("asian_indian", 1), ("not_known", 1)]))
    );
    // Children rows 8-9: Caribbean (colleagues 1-2 times), White Irish (never).
    assert_eq!(
        row(&agg, CHILDREN, Measure::SurveyRespondents, None),
        Some(counts(&[("black_caribbean", 1), ("white_irish", 1)]))
    );
    assert_eq!(
        row(&agg, CHILDREN, Measure::HarassmentPublic, None),
        Some([0; 20])
    );
    assert_eq!(
        row(&agg, CHILDREN, Measure::HarassmentColleagues, None),
        Some(counts(&[("black_caribbean", 1)]))
    );
    assert_eq!(
        row(&agg, CHILDREN, Measure::HarassmentManagers, None),
        Some([0; 20])
    );
}

// ------------------------------------------------------------------------------ round trip

fn all_three(settings: &RecordSettings) -> Aggregate {
    aggregate(Some(STAFF), Some(SHORTLISTED), Some(SURVEY), settings)
}

#[test]
fn the_submission_file_reads_back_to_the_same_submission() {
    let agg = all_three(&RecordSettings::default());
    let submission = agg.submission().unwrap();
    assert_eq!(submission.form, EthnicityForm::Census);
    let csv = agg.to_csv();
    let parsed = parse(csv.as_bytes());
    assert_eq!(parsed.errors().count(), 0, "{:?}", parsed.messages);
    assert_eq!(parsed.submission.as_ref(), Some(&submission));
    // The file holds counts only: no staff IDs, no salaries.
    for private in ["S001", "25000", "Latin American", "Finance", "V1"] {
        assert!(!csv.contains(private), "{private}");
    }
    // The engine computes from it: adults M2 from the shortlisting counts by hand.
    // Minority ethnic appointed 1 of 3 (black_african 1 of 2, black_caribbean 0 of 1);
    // white 1 of 3; RL = (1/3) / (1/3) = 1.
    let results = compute(&submission, &Settings::default());
    let m2 = results
        .all()
        .find(|r| r.workforce.key() == "adults" && r.metric.as_str() == "M2")
        .unwrap();
    assert_eq!(m2.relative_likelihood, Some(1.0));
}

#[test]
fn grouped_counts_match_the_census_counts() {
    let agg = all_three(&RecordSettings::default());
    let s = agg.submission().unwrap();
    let adults = s.workforce(ADULTS).unwrap();
    let head = adults.headcount().unwrap();
    // Adults staff: white 2 (S001, S002), minority 2 (S003 Asian, S004 Black), not known 3.
    assert_eq!(
        (head.white, head.minority_ethnic, head.not_known),
        (2, 2, 3)
    );
    // Broad groups Asian, Black, Mixed, Other.
    assert_eq!(head.groups, Some([1, 1, 0, 0]));
}

#[test]
fn a_missing_input_means_missing_rows_not_zeros() {
    let agg = aggregate(Some(STAFF), None, None, &RecordSettings::default());
    let parsed = parse(agg.to_csv().as_bytes());
    let s = parsed.submission.unwrap();
    let adults = s.workforce(ADULTS).unwrap();
    assert!(!adults.rows.contains_key(&Measure::Shortlisted));
    assert!(!adults.rows.contains_key(&Measure::SurveyRespondents));
    assert!(parsed
        .messages
        .iter()
        .any(|m| format!("{:?}", m.code) == "MissingRows"));
    let results = compute(&s, &Settings::default());
    let m6 = results
        .all()
        .find(|r| r.workforce.key() == "adults" && r.metric.as_str() == "M6")
        .unwrap();
    assert_eq!(m6.relative_likelihood, None);
}

#[test]
fn the_table_reader_and_the_row_reader_agree() {
    for bytes in [STAFF, SHORTLISTED, SURVEY] {
        let table = read_table(bytes).unwrap();
        let streamed = RowReader::new(bytes)
            .unwrap()
            .into_table(usize::MAX)
            .unwrap();
        assert_eq!(streamed, table);
        for input in Input::ALL {
            let settings = RecordSettings::default();
            let a = aggregate_input(input, bytes, &settings);
            let b = aggregate_table(input, &table, &settings);
            assert_eq!(a, b);
        }
    }
}

// ------------------------------------------------------------------------------ choices

#[test]
fn the_persons_choices_change_the_counts_and_are_saved_without_data() {
    let mut settings = RecordSettings::default();
    settings.choose_ethnicity("Latin American", e("other_any"));
    settings.choose_yes_no("N/A", false);
    settings.choose_workforce("Finance", WorkforceChoice::Exclude);
    settings.choose_yes_no("maybe", false);
    let agg = all_three(&settings);
    let staff = agg.input(Input::Staff).unwrap();
    // Row 13 (N/A -> no) is now usable; row 15 (Finance) is left out; row 14 still fails.
    assert_eq!(
        (staff.rows_used, staff.rows_unusable, staff.rows_excluded),
        (13, 1, 1)
    );
    let latin = staff
        .ethnicity_values
        .iter()
        .find(|v| v.value == "Latin American")
        .unwrap();
    assert_eq!(
        (latin.meaning, latin.source),
        (e("other_any"), ValueSource::YourChoice)
    );
    // Adults Under £30,000: S007 now counts as any other ethnic group, not not known.
    assert_eq!(
        row(&agg, ADULTS, Measure::Staff, UNDER),
        Some(counts(&[
            ("white_british", 1),
            ("black_african", 1),
            ("other_any", 1)
        ]))
    );
    // Children Middle band gains S011 (Z, not known, 40000).
    assert_eq!(
        row(&agg, CHILDREN, Measure::Staff, MIDDLE),
        Some(counts(&[
            ("asian_indian", 1),
            ("black_african", 1),
            ("not_known", 1)
        ]))
    );

    let saved = agg.settings_used(&settings);
    let json = saved.to_json();
    assert_eq!(RecordSettings::from_json(&json).unwrap(), saved);
    assert_eq!(
        saved.staff.columns[&Field::Ethnicity].as_deref(),
        Some("Ethnic Origin")
    );
    assert_eq!(saved.ethnicity_values["latin_american"], e("other_any"));
    for private in [
        "S001",
        "25000",
        "White - British",
        "Prefer not to say",
        "V1",
    ] {
        assert!(!json.contains(private), "{private} in {json}");
    }
}

#[test]
fn settings_files_are_checked_and_hand_edits_are_keyed() {
    let json = r#"{
        "format": "sc-wres-record-settings",
        "version": 1,
        "salary_thresholds": [25000, 50000, 80000],
        "staff": {"columns": {"ethnicity": "Race", "pay_band": null}, "workforce": "adults"},
        "ethnicity_values": {"Latin American": "Other Any", "Gypsy/Roma": "white_roma"},
        "yes_no_values": {"N/A": false},
        "workforce_values": {"Adults & Health": "adults", "Place": "exclude"}
    }"#;
    let s = RecordSettings::from_json(json).unwrap();
    assert_eq!(s.salary_thresholds, vec![25_000, 50_000, 80_000]);
    assert_eq!(s.staff.workforce, Some(Workforce::Adults));
    assert_eq!(s.staff.columns[&Field::PayBand], None);
    assert_eq!(s.ethnicity_values["latin_american"], e("other_any"));
    assert_eq!(s.ethnicity_values["gypsy_roma"], e("white_roma"));
    assert!(!s.yes_no_values["n_a"]);
    assert_eq!(
        s.workforce_values["adults_and_health"],
        WorkforceChoice::Adults
    );
    assert_eq!(s.shortlisted, Mapping::default());

    for bad in [
        r#"{"format": "something else", "version": 1}"#,
        r#"{"format": "sc-wres-record-settings", "version": 2}"#,
        r#"{"format": "sc-wres-record-settings", "version": 1, "salary_thresholds": [70000, 30000]}"#,
        r#"{"format": "sc-wres-record-settings", "version": 1, "ethnicity_values": {"x": "martian"}}"#,
        r#"{"format": "sc-wres-record-settings", "version": 1, "staff": {"workforce": "finance"}}"#,
        r#"{"format": "sc-wres-record-settings", "version": 1, "staff": {"columns": {"shoe_size": "x"}}}"#,
        "not json",
    ] {
        assert!(RecordSettings::from_json(bad).is_err(), "{bad}");
    }
}

#[test]
fn pay_band_columns_keep_first_seen_order_and_merge_spellings() {
    let csv = "Workforce,Ethnicity,Pay band\n\
               Adults,A,Grade 2\n\
               Adults,H,grade  2\n\
               Children,N,Grade 1\n\
               Children,A,\n\
               Adults,A,=SUM(A1)\n";
    let report = aggregate_input(Input::Staff, csv.as_bytes(), &RecordSettings::default());
    // Names differing only in case and spaces are one band; a formula-like name is made
    // safe with an apostrophe.
    assert_eq!(report.pay_bands, vec!["Grade 2", "Grade 1", "'=SUM(A1)"]);
    assert_eq!(report.rows_unusable, 1);
    assert_eq!(report.issues[0].code, Code::MissingPayBand);
    let agg = combine(vec![report]);
    // Every workforce gets every band (zeros where it has none), so results line up.
    assert_eq!(
        row(&agg, CHILDREN, Measure::Staff, Some("Grade 2")),
        Some([0; 20])
    );
    assert_eq!(
        row(&agg, ADULTS, Measure::Staff, Some("Grade 2")),
        Some(counts(&[("white_british", 1), ("asian_indian", 1)]))
    );
    let parsed = parse(agg.to_csv().as_bytes());
    assert_eq!(parsed.submission, agg.submission());
}

#[test]
fn rows_with_shifted_or_missing_cells_are_unusable() {
    // Row 3 has an unquoted comma in a name, so every value after it moves right.
    let csv = "Name,Workforce,Ethnicity,Salary\n\
               Jo Bloggs,Adults,A,30000\n\
               Smith, Jo,Adults,A,30000\n\
               Short,Adults\n";
    let report = aggregate_input(Input::Staff, csv.as_bytes(), &RecordSettings::default());
    assert_eq!((report.rows_used, report.rows_unusable), (1, 2));
    let locations: Vec<String> = report.issues.iter().filter_map(|i| i.location()).collect();
    assert_eq!(
        locations,
        vec!["row 3, column E", "row 4, column C (Ethnicity)"]
    );
    assert!(report.issues.iter().all(|i| i.code == Code::WrongCellCount));
}

#[test]
fn a_fixed_workforce_and_excluded_values() {
    let mut settings = RecordSettings::default();
    settings.shortlisted.workforce = Some(Workforce::Children);
    let report = aggregate_input(
        Input::Shortlisted,
        b"Ethnicity,Appointed\nA,Y\nH,N\n",
        &settings,
    );
    assert_eq!(report.rows_used, 2);
    let agg = combine(vec![report]);
    assert_eq!(
        row(&agg, CHILDREN, Measure::Shortlisted, None),
        Some(counts(&[("white_british", 1), ("asian_indian", 1)]))
    );
    assert_eq!(row(&agg, ADULTS, Measure::Shortlisted, None), None);
}

#[test]
fn issues_beyond_the_listed_ones_are_counted_not_dropped() {
    let mut csv = String::from("Workforce,Ethnicity,Salary\n");
    for _ in 0..1000 {
        csv.push_str("Adults,A,lots\n");
    }
    csv.push_str("Adults,A,30000\n");
    let report = aggregate_input(Input::Staff, csv.as_bytes(), &RecordSettings::default());
    assert_eq!((report.rows_used, report.rows_unusable), (1, 1000));
    assert_eq!(report.issues.len(), 20);
    assert_eq!(report.issues_not_listed.len(), 1);
    assert_eq!(report.issues_not_listed[0].not_listed, 980);
    assert_eq!(report.issues_not_listed[0].code, Code::NotASalary);
}

#[test]
fn unreadable_and_empty_files_are_reported() {
    let s = RecordSettings::default();
    let r = aggregate_input(Input::Staff, b"", &s);
    assert_eq!(r.issues[0].code, Code::EmptyFile);
    let r = aggregate_input(Input::Staff, b"PK\x03\x04xlsx", &s);
    assert_eq!(r.issues[0].code, Code::Workbook);
    assert!(r.issues[0].message.contains("Excel workbook"));
    let r = aggregate_input(Input::Staff, b"%PDF-1.7\n", &s);
    assert_eq!(r.issues[0].code, Code::NotText);
    let r = aggregate_input(Input::Staff, b"Workforce,Ethnicity,Salary\n", &s);
    assert_eq!(r.file_errors().next().unwrap().code, Code::NoDataRows);
    let agg = combine(vec![r]);
    assert!(agg.submission().is_none());
    assert!(!agg.is_complete());
}

#[test]
fn referred_but_not_regulated_is_a_warning() {
    let csv = "Workforce,Ethnicity,Salary,Regulated professional,FtP referral\n\
               Adults,A,30000,N,Y\n";
    let report = aggregate_input(Input::Staff, csv.as_bytes(), &RecordSettings::default());
    assert_eq!(report.rows_used, 1);
    assert_eq!(report.issues[0].code, Code::ReferredNotRegulated);
    assert_eq!(report.issues[0].severity, Severity::Warning);
}

#[test]
fn stepping_through_a_file_gives_the_same_report_with_progress() {
    let settings = RecordSettings::default();
    let mut stepper = InputAggregator::new(Input::Staff, STAFF, &settings);
    let mut progress = vec![stepper.progress()];
    while !stepper.step(4) {
        progress.push(stepper.progress());
    }
    progress.push(stepper.progress());
    assert!(progress.windows(2).all(|w| w[0] <= w[1]), "{progress:?}");
    assert!(progress.len() >= 4, "{progress:?}");
    assert_eq!(progress.last(), Some(&1.0));
    assert_eq!(
        stepper.finish(),
        aggregate_input(Input::Staff, STAFF, &settings)
    );
    // A file that cannot be read is finished at once.
    let stepper = InputAggregator::new(Input::Survey, b"", &settings);
    assert_eq!(stepper.progress(), 1.0);
    assert_eq!(stepper.finish().issues[0].code, Code::EmptyFile);
}

#[test]
fn an_empty_extract_is_asked_for_as_an_extract_not_as_the_submission_file() {
    let report = aggregate_input(Input::Survey, b"\r\n\r\n", &RecordSettings::default());
    let issue = &report.issues[0];
    assert_eq!(issue.code, Code::EmptyFile);
    assert_eq!(
        issue.message,
        "The file is empty. Choose the file of staff survey responses you saved from your HR \
         system (a CSV file or an Excel workbook)."
    );
}
