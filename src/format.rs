//! How numbers are written everywhere (page, CLI, exports), so a ratio is never printed as a
//! percentage and a count never as a ratio; and how a message's place starts its sentence.

/// A letter in lower case, for comparing names and values typed in any case: ASCII letters
/// and the accented capitals of Latin-1 (À to Þ). Other characters are kept as they are: full
/// Unicode case mapping would put its tables, several kilobytes, in the web app, for letters
/// the files this calculator reads do not use.
pub fn lower(c: char) -> char {
    match c {
        'A'..='Z' | '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{de}' => {
            char::from_u32(c as u32 + 0x20).unwrap_or(c)
        }
        _ => c,
    }
}

/// `text` with its letters in lower case, as [`lower`] makes them.
pub fn lowercase(text: &str) -> String {
    text.chars().map(lower).collect()
}

/// `text` with a capital first letter, to start a sentence ("row 5, column D" -> "Row 5,
/// column D"). Only an ASCII first letter changes: it is for the calculator's own words.
/// (Unicode capitals would put Rust's upper-case tables in the web app: see
/// docs/performance.md.)
pub fn capitalised(text: &str) -> String {
    let mut out = text.to_owned();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// A relative likelihood to two decimal places ("0.52").
pub fn ratio(x: f64) -> String {
    format!("{x:.2}")
}

/// A relative likelihood as the reader sees it: the value of [`ratio`]'s text. Verdicts and
/// the "% more likely" wording both use it, so neither can disagree with the printed figure.
pub fn ratio_as_shown(x: f64) -> f64 {
    ratio(x).parse().unwrap_or(x)
}

/// A whole number of 10^-digits as a decimal: (125, 2) -> "1.25", (4, 3) -> "0.004".
pub fn decimal(scaled: u128, digits: u32) -> String {
    let scale = 10u128.pow(digits);
    // Written as u64 (the u128 formatter would add its own code to the web app): a figure
    // this large (over 18 million million) is shown as that.
    let whole = u64::try_from(scaled / scale).unwrap_or(u64::MAX);
    let part = (scaled % scale) as u64;
    format!("{whole}.{part:0width$}", width = digits as usize)
}

/// A proportion (0..1) as a percentage with one decimal place ("18.5%").
pub fn percent(p: f64) -> String {
    format!("{:.1}%", p * 100.0)
}

/// A whole count with thousands separators ("1,234").
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count for screen-sharing: counts from 1 to 9 become "<10" when `suppress` is set.
pub fn count_safe(n: u64, suppress: bool) -> String {
    if suppress && (1..=9).contains(&n) {
        "<10".to_owned()
    } else {
        count(n)
    }
}

/// The months' names, January first.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date written out: "31 March 2025" (`month` from 1 to 12; out of range, December).
pub fn date(day: u32, month: u32, year: i64) -> String {
    let name = MONTHS[(month.clamp(1, 12) - 1) as usize];
    format!("{day} {name} {year}")
}

/// A p-value: "<0.001", else three decimal places.
pub fn p_value(p: f64) -> String {
    if p < 0.001 {
        "<0.001".to_owned()
    } else {
        format!("{p:.3}")
    }
}

/// A p-value after "p": "< 0.001" or "= 0.025".
pub fn p_value_phrase(p: f64) -> String {
    if p < 0.001 {
        "< 0.001".to_owned()
    } else {
        format!("= {p:.3}")
    }
}

/// A 95% confidence interval ("0.31 to 0.87").
pub fn interval(low: f64, high: f64) -> String {
    format!("{} to {}", ratio(low), ratio(high))
}

/// A file's size in words: "850 bytes", "12 KB", "5.3 MB" (decimal units, as file managers
/// on Windows and macOS show them).
pub fn bytes(n: usize) -> String {
    match n {
        0..=999 => format!("{n} bytes"),
        1_000..=999_999 => format!("{} KB", n / 1_000),
        _ => format!("{:.1} MB", n as f64 / 1e6),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_case_for_comparing() {
        assert_eq!(lowercase("White BRITISH £30,000"), "white british £30,000");
        assert_eq!(lowercase("ÉTHNIQUE Ørsted ×"), "éthnique ørsted ×");
    }

    #[test]
    fn file_sizes() {
        assert_eq!(bytes(850), "850 bytes");
        assert_eq!(bytes(12_345), "12 KB");
        assert_eq!(bytes(5_300_000), "5.3 MB");
    }

    #[test]
    fn capitalised_starts_a_sentence_and_never_splits_a_character() {
        assert_eq!(
            capitalised("row 5, column D (white)"),
            "Row 5, column D (white)"
        );
        assert_eq!(capitalised("Column C"), "Column C");
        assert_eq!(capitalised(""), "");
        assert_eq!(capitalised("é"), "é");
    }

    #[test]
    fn counts_get_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(1234567), "1,234,567");
    }

    #[test]
    fn p_values_and_ratios() {
        assert_eq!(p_value(0.0004), "<0.001");
        assert_eq!(p_value(0.0312), "0.031");
        assert_eq!(ratio(0.3117), "0.31");
        assert_eq!(percent(0.185), "18.5%");
    }
}
