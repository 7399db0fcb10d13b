//! The council's report (.docx), checked with a real word processor and an independent reader:
//! LibreOffice converts it to PDF (`soffice --headless --convert-to pdf`), poppler's
//! `pdftotext` and `pdfimages` read the PDF, and python-docx reads the .docx itself
//! (tests/report/read_docx.py). scripts/bootstrap.sh installs all three: a missing one fails
//! these tests rather than skipping them.

use std::path::{Path, PathBuf};
use std::process::Command;

use scwres::plan::{self, Plan};
use scwres::report::{self, ChartImage, ChartKind, Earlier, Input};
use scwres::results::{compute, Results, Scope, Settings};
use scwres::submission::{parse, Message};

const EXAMPLE: &[u8] = include_bytes!("../data/example-submission.csv");

/// A folder of this test's own under target/, emptied first.
fn work_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("report-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "{program} could not be run ({e}): scripts/bootstrap.sh installs it (make tools)"
            )
        });
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Converts a .docx to PDF with LibreOffice (a profile of its own, so tests can run at once).
fn to_pdf(docx: &Path) -> PathBuf {
    let dir = docx.parent().unwrap();
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", dir.display());
    run(
        "soffice",
        &[
            &profile,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            dir.to_str().unwrap(),
            docx.to_str().unwrap(),
        ],
    );
    let pdf = docx.with_extension("pdf");
    assert!(
        pdf.exists(),
        "LibreOffice wrote no PDF for {}",
        docx.display()
    );
    pdf
}

/// The PDF's text with every run of white space made one space.
fn pdf_text(pdf: &Path) -> String {
    let text = run("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    squash(&text)
}

/// White space made single spaces, and hyphens left out (pdftotext joins a word hyphenated
/// at the end of a line without its hyphen).
fn squash(text: &str) -> String {
    text.replace('-', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The images pdfimages lists (one per line after its two header lines).
fn pdf_images(pdf: &Path) -> Vec<String> {
    run("pdfimages", &["-list", pdf.to_str().unwrap()])
        .lines()
        .skip(2)
        .map(str::to_owned)
        .collect()
}

fn read_docx(docx: &Path) -> serde_json::Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/report/read_docx.py");
    let out = run(
        "python3",
        &[script.to_str().unwrap(), docx.to_str().unwrap()],
    );
    serde_json::from_str(&out).expect("the reader prints JSON")
}

/// A PNG of `w` x `h` pixels in stripes, written by hand (zlib from miniz_oxide).
fn png(w: u32, h: u32) -> Vec<u8> {
    fn crc(bytes: &[u8]) -> u32 {
        let mut c = 0xffff_ffffu32;
        for &b in bytes {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    0xedb8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend(data);
        out.extend(&body);
        out.extend(crc(&body).to_be_bytes());
    }
    let mut raw = Vec::new();
    for y in 0..h {
        raw.push(0);
        for x in 0..w {
            let on = (x / 40 + y / 40) % 2 == 0;
            raw.extend(if on { [31, 56, 100] } else { [230, 236, 245] });
        }
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(
        &mut out,
        b"IDAT",
        &miniz_oxide::deflate::compress_to_vec_zlib(&raw, 6),
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

struct Example {
    results: Results,
    messages: Vec<Message>,
    plan: Plan,
    earlier: Vec<Earlier>,
}

fn example() -> Example {
    let parsed = parse(EXAMPLE);
    let results = compute(parsed.submission.as_ref().unwrap(), &Settings::default());
    // Last year: the example with fewer minority ethnic appointments for adults.
    let last_year = String::from_utf8(EXAMPLE.to_vec()).unwrap();
    let line = last_year
        .lines()
        .find(|l| l.starts_with("adults,appointed,"))
        .unwrap()
        .to_owned();
    let cells: Vec<&str> = line.split(',').collect();
    let fewer = (cells[4].parse::<u64>().unwrap() / 2).to_string();
    let changed = [cells[0], cells[1], cells[2], cells[3], &fewer, cells[5]].join(",");
    let last = parse(last_year.replace(&line, &changed).as_bytes());
    let earlier = vec![Earlier {
        year: Some(2023),
        label: "2023".into(),
        results: compute(last.submission.as_ref().unwrap(), &Settings::default()),
    }];
    Example {
        results,
        messages: parsed.messages,
        plan: plan::from_json(plan::EXAMPLE.as_bytes()).unwrap().plan,
        earlier,
    }
}

/// What the page gives as a chart's alternative text: the chart's own summary.
fn alt(e: &Example, scope: Scope, kind: ChartKind) -> String {
    let wr = e.results.scope(scope).unwrap();
    let band = e.results.settings.band;
    match kind {
        ChartKind::Overview => scwres::charts::forest_plot(wr, band, true, false).summary,
        ChartKind::PayBands => {
            scwres::charts::pay_bands(
                wr.metric(scwres::metrics::MetricId::M1).unwrap(),
                true,
                false,
            )
            .unwrap()
            .summary
        }
    }
}

fn with_charts(e: &Example, charts: &[ChartImage], safe: bool) -> Vec<u8> {
    report::docx(&Input {
        results: &e.results,
        messages: &e.messages,
        plan: &e.plan,
        earlier: &e.earlier,
        charts,
        made_on: "7 December 2026",
        publication_safe: safe,
        made_by: "",
    })
}

#[test]
fn libreoffice_reads_the_report_with_every_sentence_action_note_and_chart() {
    let e = example();
    // Every chart the report has: two for each workforce and for both combined.
    let picture = png(1600, 800);
    let charts: Vec<ChartImage> = [Scope::Adults, Scope::Children, Scope::Combined]
        .into_iter()
        .flat_map(|scope| {
            [ChartKind::Overview, ChartKind::PayBands].map(|kind| ChartImage {
                scope,
                kind,
                png: picture.clone(),
                width_px: 1600,
                height_px: 800,
                alt: alt(&e, scope, kind),
            })
        })
        .collect();
    let dir = work_dir("charts");
    let docx = dir.join("report.docx");
    std::fs::write(&docx, with_charts(&e, &charts, false)).unwrap();
    let pdf = to_pdf(&docx);
    let text = pdf_text(&pdf);

    assert!(text.contains("Northbrook Council (fictional)"));
    assert!(text.contains("Period: 1 October 2023 to 30 September 2024"));
    // The summary table's headers are whole: no column so narrow that a word breaks in two
    // ("Nationa" / "l 2023").
    for header in ["Relative likelihood", "National 2023", "National 2024"] {
        assert!(
            text.contains(header),
            "the summary table's header {header:?} is broken across lines in the PDF"
        );
    }
    assert!(text.contains(&squash("SC-WRES report and action plan")));
    for m in e.results.all() {
        assert!(
            text.contains(&squash(&m.sentence)),
            "{} {:?}: the sentence is not in the PDF: {}",
            m.metric,
            m.workforce,
            m.sentence
        );
    }
    for a in &e.plan.actions {
        let what = squash(&a.what);
        // A table cell may break a long word; check the action's first words and its target.
        let start: String = what.split(' ').take(4).collect::<Vec<_>>().join(" ");
        assert!(text.contains(&start), "action not in the PDF: {what}");
        assert!(
            text.contains(&squash(&a.owner)),
            "owner not in the PDF: {}",
            a.owner
        );
    }
    for n in &e.plan.notes {
        assert!(
            text.contains(&squash(&n.note)),
            "note not in the PDF: {}",
            n.note
        );
    }
    for theme in plan::THEMES {
        assert!(text.contains(theme.name), "{}", theme.name);
    }
    // Each metric over the years: last year's figure beside this year's, and the change.
    assert!(text.contains(&squash("Over the years")));
    assert!(text.contains("2023"));
    // The charts are images, one each.
    let images = pdf_images(&pdf);
    assert_eq!(images.len(), charts.len(), "{images:?}");
    assert!(
        images
            .iter()
            .all(|l| l.contains("1600") && l.contains("800")),
        "{images:?}"
    );
    assert!(!text.contains("without a chart engine"));
}

#[test]
fn python_docx_finds_real_headings_tables_and_alt_text() {
    let e = example();
    let charts = [ChartImage {
        scope: Scope::Adults,
        kind: ChartKind::Overview,
        png: png(1200, 700),
        width_px: 1200,
        height_px: 700,
        alt: alt(&e, Scope::Adults, ChartKind::Overview),
    }];
    let dir = work_dir("reader");
    let docx = dir.join("report.docx");
    std::fs::write(&docx, with_charts(&e, &charts, false)).unwrap();
    let d = read_docx(&docx);

    assert_eq!(d["title"], "Northbrook Council (fictional): SC-WRES report");
    let headings: Vec<(String, String)> = d["headings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["style"].as_str().unwrap().to_owned(),
                h["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let has = |style: &str, text: &str| headings.iter().any(|(s, t)| s == style && t == text);
    for h1 in [
        "Summary",
        "Notes on the data",
        "Action plan",
        "Appendix: method and sources",
    ] {
        assert!(
            has("Heading 1", h1),
            "no Heading 1 \"{h1}\" in {headings:?}"
        );
    }
    for wr in &e.results.workforces {
        let label = wr.workforce.label().replace('\'', "\u{2019}");
        assert!(
            has("Heading 1", &format!("{label}: each metric")),
            "{label}"
        );
        for m in &wr.metrics {
            assert!(
                has("Heading 2", &format!("{} {}", m.metric, m.title)),
                "{}",
                m.metric
            );
        }
    }
    for theme in plan::THEMES {
        assert!(has("Heading 2", theme.name), "{}", theme.name);
    }
    // The first table is the summary: a header and a row per metric.
    let tables = d["tables"].as_array().unwrap();
    let summary = tables[0].as_array().unwrap();
    assert_eq!(summary[0][1], "Relative likelihood");
    assert_eq!(summary.len(), 1 + e.results.workforces[0].metrics.len());
    assert_eq!(summary[2][1], "0.57");
    // The action plan's tables hold every action, under its theme.
    let action_rows: Vec<&serde_json::Value> = tables
        .iter()
        .filter(|t| t[0][1] == "Action and owner")
        .flat_map(|t| t.as_array().unwrap().iter().skip(1))
        .collect();
    assert_eq!(action_rows.len(), e.plan.actions.len());
    // The picture has the chart's description as its alternative text.
    let pictures = d["pictures"].as_array().unwrap();
    assert_eq!(pictures.len(), 1);
    let descr = pictures[0]["descr"].as_str().unwrap();
    let expected = scwres::charts::forest_plot(
        e.results.scope(Scope::Adults).unwrap(),
        e.results.settings.band,
        true,
        false,
    )
    .summary;
    assert_eq!(descr, expected);
    assert!(descr.len() > 40);
}

/// docx-rs cannot mark a header row to repeat on a new page, so a table short enough for one
/// page is kept on one page, with the words that introduce it: a table split across two pages
/// would leave its second part without headers.
#[test]
fn short_tables_are_kept_on_one_page_with_the_words_before_them() {
    let e = example();
    let dir = work_dir("layout");
    let docx = dir.join("report.docx");
    std::fs::write(&docx, with_charts(&e, &[], false)).unwrap();
    let d = read_docx(&docx);
    let layout = d["table_layout"].as_array().unwrap();
    assert!(!layout.is_empty());
    let mut short = 0;
    for (i, t) in layout.iter().enumerate() {
        // The header row and up to 15 rows under it.
        if t["rows"].as_u64().unwrap() <= 16 {
            short += 1;
            assert_eq!(t["rows_kept_together"], true, "table {i} can split: {t}");
            assert_eq!(
                t["kept_with_what_comes_before"], true,
                "table {i} can leave its introduction behind: {t}"
            );
        }
    }
    assert!(short >= 6, "only {short} short tables");
}

#[test]
fn for_publication_counts_under_ten_are_hidden_with_what_reveals_them() {
    let e = example();
    let dir = work_dir("safe");
    let docx = dir.join("report.docx");
    std::fs::write(&docx, with_charts(&e, &[], true)).unwrap();
    let d = read_docx(&docx);
    let tables = d["tables"].as_array().unwrap();
    // M4 for adults has 3 minority ethnic and 2 white referrals.
    let m4 = e
        .results
        .scope(Scope::Adults)
        .unwrap()
        .metric(scwres::metrics::MetricId::M4)
        .unwrap();
    let me = m4.minority_ethnic.unwrap();
    assert!((1..=9).contains(&me.events));
    let counts = tables
        .iter()
        .find(|t| t[0][0] == "Staff" && t[1][2] == scwres::format::count(me.population))
        .expect("the M4 counts table");
    assert_eq!(counts[1][1], "<10");
    assert_eq!(counts[1][3], "hidden (small numbers)");
    // No cell anywhere shows a count from 1 to 9 on its own beside a rate.
    for t in tables.iter().filter(|t| t[0][0] == "Staff") {
        for row in t.as_array().unwrap().iter().skip(1) {
            let n = row[1].as_str().unwrap();
            assert!(
                n.parse::<u64>().map_or(true, |n| n == 0 || n >= 10),
                "{row}"
            );
        }
    }
    let pdf = to_pdf(&docx);
    assert!(pdf_text(&pdf).contains("For publication: counts under 10"));
    // Without charts given, each chart's table is in its place.
    assert!(pdf_text(&pdf).contains("without a chart engine"));
    assert!(pdf_images(&pdf).is_empty());
}

#[test]
fn the_command_line_writes_the_report_with_the_plan() {
    let dir = work_dir("cli");
    let docx = dir.join("out.docx");
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new(env!("CARGO_BIN_EXE_scwres"))
        .current_dir(root)
        .args([
            "report",
            "data/example-submission.csv",
            "--previous",
            "data/example-submission.csv",
            "--plan",
            "data/example-plan.json",
            "--docx",
            docx.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = pdf_text(&to_pdf(&docx));
    assert!(text.contains("Northbrook Council (fictional)"));
    assert!(text.contains("the command line"));
    assert!(text.contains("This report was made without a chart engine"));
    assert!(
        text.contains("the earlier file"),
        "the earlier year is not in the report"
    );
    assert!(text.contains("Anonymise application forms"));

    // A plan file that cannot be read: exit 2, with the file named.
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{not json").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_scwres"))
        .current_dir(root)
        .args(["report", "data/example-submission.csv", "--plan"])
        .arg(&bad)
        .args(["--docx", docx.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.json: This file is not a plan file"),
        "{err}"
    );
}

#[test]
fn the_report_writers_request_carries_the_page_s_file_plan_and_charts() {
    let e = example();
    let parsed = parse(EXAMPLE);
    let table = parsed.table.as_ref().unwrap();
    let charts = [ChartImage {
        scope: Scope::Children,
        kind: ChartKind::PayBands,
        png: png(800, 400),
        width_px: 800,
        height_px: 400,
        alt: alt(&e, Scope::Children, ChartKind::PayBands),
    }];
    let request = report::request::encode(&report::request::Request {
        table,
        earlier: vec![("2023", table)],
        settings: Settings::default(),
        plan: &e.plan,
        made_on: "7 December 2026",
        publication_safe: true,
        charts: &charts,
    });
    let bytes = report::request::answer(&request).unwrap();
    let dir = work_dir("request");
    let docx = dir.join("report.docx");
    std::fs::write(&docx, bytes).unwrap();
    let d = read_docx(&docx);
    assert_eq!(d["title"], "Northbrook Council (fictional): SC-WRES report");
    assert_eq!(d["pictures"].as_array().unwrap().len(), 1);
    assert_eq!(d["pictures"][0]["descr"], charts[0].alt.as_str());
    let text = serde_json::to_string(&d["tables"]).unwrap();
    assert!(text.contains("<10"), "publication-safe was not carried");
    assert!(text.contains("2023"), "the earlier year was not carried");
    for a in &e.plan.actions {
        assert!(text.contains(&a.owner), "{}", a.owner);
    }

    // A request that is cut short is refused, never read past its end.
    let cut = report::request::answer(&request[..request.len() - 10]).unwrap_err();
    assert!(cut.contains("cannot read"), "{cut}");
    assert!(report::request::answer(&[1, 2]).is_err());
    assert!(report::request::answer(&[]).is_err());

    // Reading a plan file for the page: the plan in the flat form, or why not.
    let flat =
        report::request::answer(&report::request::read_plan(plan::EXAMPLE.as_bytes())).unwrap();
    let back = plan::flat::from_flat(std::str::from_utf8(&flat).unwrap()).unwrap();
    assert_eq!(back.plan, e.plan);
    let why = report::request::answer(&report::request::read_plan(b"{")).unwrap_err();
    assert!(why.contains("not valid JSON"), "{why}");
    // Saving a plan: the plan file, as the engine writes it.
    let json = report::request::answer(&report::request::save_plan(&e.plan)).unwrap();
    assert_eq!(String::from_utf8(json).unwrap(), plan::to_json(&e.plan));
}
