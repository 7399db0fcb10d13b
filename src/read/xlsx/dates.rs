//! Which cell styles show numbers as dates or times, and a number cell's text: as stored,
//! or as an ISO date when its style shows a date (so a leaving date still reads as "yes").

use std::collections::HashMap;

use quick_xml::events::Event;

use super::{attr, reader};

/// How a cell style shows numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DateKind {
    Number,
    Date,
    DateTime,
    Time,
}

/// Classifies a number format code: date, time, both, or a plain number.
pub(super) fn classify_format(code: &str) -> DateKind {
    if code.eq_ignore_ascii_case("general") {
        return DateKind::Number;
    }
    // Only the first section (positive numbers) decides; drop quoted text, [colour] and
    // [$-locale] blocks (but not elapsed time such as [h]), and escaped characters.
    let mut plain = String::new();
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ';' => break,
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            '\\' | '_' | '*' => {
                chars.next();
            }
            '[' => {
                let mut inner = String::new();
                for q in chars.by_ref() {
                    if q == ']' {
                        break;
                    }
                    inner.push(q);
                }
                let lower = inner.to_ascii_lowercase();
                if !lower.is_empty() && lower.chars().all(|c| matches!(c, 'h' | 'm' | 's')) {
                    plain.push_str(&lower);
                }
            }
            c => plain.push(c.to_ascii_lowercase()),
        }
    }
    let date = plain.contains('y') || plain.contains('d');
    let time = plain.contains('h') || plain.contains('s');
    match (date, time, plain.contains('m')) {
        (true, true, _) => DateKind::DateTime,
        (true, false, _) => DateKind::Date,
        (false, true, _) => DateKind::Time,
        (false, false, true) => DateKind::Date, // "mmm" or "mmmm": a month name
        (false, false, false) => DateKind::Number,
    }
}

/// Excel's built-in number formats that show dates or times.
fn builtin_format(id: u32) -> DateKind {
    match id {
        14..=17 | 27..=31 | 34..=36 | 50..=58 => DateKind::Date,
        22 => DateKind::DateTime,
        18..=21 | 32 | 33 | 45..=47 => DateKind::Time,
        _ => DateKind::Number,
    }
}

/// For each entry of `<cellXfs>` (a cell's `s` attribute), how it shows numbers.
pub(super) fn parse_styles(xml: &str) -> Result<Vec<DateKind>, String> {
    let mut r = reader(xml);
    let mut custom: HashMap<u32, DateKind> = HashMap::new();
    let mut styles = Vec::new();
    let mut in_cell_xfs = false;
    loop {
        match r.read_event().map_err(|e| e.to_string())? {
            Event::Empty(e) if e.local_name().as_ref() == "cellXfs" => {}
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "numFmt" => {
                    if let (Some(id), Some(code)) = (attr(&e, "numFmtId"), attr(&e, "formatCode")) {
                        if let Ok(id) = id.parse() {
                            custom.insert(id, classify_format(&code));
                        }
                    }
                }
                "cellXfs" => in_cell_xfs = true,
                "xf" if in_cell_xfs => {
                    let id: u32 = attr(&e, "numFmtId")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0);
                    styles.push(
                        custom
                            .get(&id)
                            .copied()
                            .unwrap_or_else(|| builtin_format(id)),
                    );
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "cellXfs" => in_cell_xfs = false,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(styles)
}

/// A number cell: as stored, with exponents written out, or as a date when formatted as one.
pub(super) fn number_text(raw: &str, kind: DateKind, date1904: bool) -> String {
    let Ok(x) = raw.parse::<f64>() else {
        return raw.to_owned();
    };
    if !x.is_finite() {
        return raw.to_owned();
    }
    if kind != DateKind::Number {
        if let Some(text) = serial_to_text(x, kind, date1904) {
            return text;
        }
    }
    if raw.contains(['e', 'E']) {
        format!("{x}")
    } else {
        raw.to_owned()
    }
}

/// An Excel date serial as "YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS" or "HH:MM:SS".
pub(super) fn serial_to_text(serial: f64, kind: DateKind, date1904: bool) -> Option<String> {
    if !(0.0..2_958_466.0).contains(&serial) {
        return None; // before 1900 or after 9999: not a date Excel can show
    }
    let mut days = serial.floor() as i64;
    let mut seconds = ((serial - serial.floor()) * 86_400.0).round() as i64;
    if seconds >= 86_400 {
        days += 1;
        seconds -= 86_400;
    }
    let time = format!(
        "{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    );
    if kind == DateKind::Time && days == 0 {
        return Some(time);
    }
    let unix_days = if date1904 {
        days - 24_107
    } else if days == 60 {
        // Excel's 29 February 1900, a day that never was (kept for Lotus 1-2-3).
        return Some("1900-02-29".into());
    } else if days < 60 {
        days - 25_568
    } else {
        days - 25_569
    };
    let (y, m, d) = civil_from_days(unix_days);
    let date = format!("{y:04}-{m:02}-{d:02}");
    if kind == DateKind::Date || seconds == 0 {
        Some(date)
    } else {
        Some(format!("{date} {time}"))
    }
}

/// Days since 1970-01-01 -> (year, month, day) in the proleptic Gregorian calendar.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}
