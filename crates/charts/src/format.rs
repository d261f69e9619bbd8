//! Numbers and fixed words in the chart's language: German `1.234,5`, English `1,234.5`, and the
//! handful of labels every chart uses ("keine Daten", "vorläufig", ...).

use crate::spec::{Lang, ValueFormat};

/// Formats `value` with `decimals` decimals, thousands grouped: `1.234,5` (De), `1,234.5` (En).
/// Negative numbers get a real minus sign (U+2212).
pub fn format_number(value: f64, decimals: u8, lang: Lang) -> String {
    if !value.is_finite() {
        return "–".to_owned();
    }
    let (group, point) = match lang {
        Lang::De => ('.', ','),
        Lang::En => (',', '.'),
    };
    // round half away from zero, as people do by hand (Rust's formatter rounds ties to even)
    let factor = 10f64.powi(i32::from(decimals));
    let rounded = (value.abs() * factor).round() / factor;
    let plain = format!("{:.*}", usize::from(decimals), rounded);
    let (int_part, frac_part) = plain.split_once('.').unwrap_or((plain.as_str(), ""));
    let mut out = String::with_capacity(plain.len() + 4);
    // "-0,0" is noise: only a value that stays non-zero after rounding gets a sign
    let is_zero = plain.chars().all(|c| c == '0' || c == '.');
    if value < 0.0 && !is_zero {
        out.push('−');
    }
    let digits = int_part.len();
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (digits - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if !frac_part.is_empty() {
        out.push(point);
        out.push_str(frac_part);
    }
    out
}

/// Formats a value with its unit: German `12,5 %`, English `12.5%`; other units after a space.
pub fn format_value(value: f64, format: &ValueFormat, lang: Lang) -> String {
    let number = format_number(value, format.decimals, lang);
    match (format.unit.as_str(), lang) {
        ("", _) => number,
        ("%", Lang::En) => format!("{number}%"),
        (unit, _) => format!("{number} {unit}"),
    }
}

/// The fixed words of the charts.
pub(crate) struct Words {
    pub no_data: &'static str,
    pub insufficient: &'static str,
    pub provisional: &'static str,
    pub demo: &'static str,
    pub source: &'static str,
    pub median: &'static str,
    pub iqr: &'static str,
    pub rank: &'static str,
    pub with_data: &'static str,
    pub of: &'static str,
    pub highest: &'static str,
    pub lowest: &'static str,
    pub highlighted: &'static str,
}

pub(crate) fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::De => &DE,
        Lang::En => &EN,
    }
}

static DE: Words = Words {
    no_data: "keine Daten",
    insufficient: "Datenlage unzureichend",
    provisional: "vorläufig",
    demo: "Beispieldaten (synthetisch)",
    source: "Quelle",
    median: "Median der Vergleichsgruppe",
    iqr: "mittlere 50 % der Vergleichsgruppe",
    rank: "Rang",
    with_data: "mit Daten",
    of: "von",
    highest: "Höchster Wert",
    lowest: "Niedrigster Wert",
    highlighted: "Hervorgehoben",
};

static EN: Words = Words {
    no_data: "no data",
    insufficient: "insufficient data",
    provisional: "provisional",
    demo: "Sample data (synthetic)",
    source: "Source",
    median: "peer group median",
    iqr: "middle 50% of the peer group",
    rank: "rank",
    with_data: "with data",
    of: "of",
    highest: "Highest value",
    lowest: "Lowest value",
    highlighted: "Highlighted",
};

/// "12 von 21 mit Daten" / "12 of 21 with data".
pub(crate) fn n_of_total(n: usize, total: usize, lang: Lang) -> String {
    let w = words(lang);
    format!("{n} {} {total} {}", w.of, w.with_data)
}

/// Joins names as "A, B und C" / "A, B and C".
pub(crate) fn join_names(names: &[&str], lang: Lang) -> String {
    let and = match lang {
        Lang::De => "und",
        Lang::En => "and",
    };
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
    }
}

/// First letter upper-case ("keine Daten" -> "Keine Daten").
pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_numbers_group_thousands_with_points_and_use_a_decimal_comma() {
        assert_eq!(format_number(1234.5, 1, Lang::De), "1.234,5");
        assert_eq!(format_number(1_234_567.891, 2, Lang::De), "1.234.567,89");
        assert_eq!(format_number(999.96, 1, Lang::De), "1.000,0");
        assert_eq!(format_number(12.0, 0, Lang::De), "12");
        assert_eq!(format_number(0.05, 1, Lang::De), "0,1");
        assert_eq!(format_number(1450.25, 1, Lang::De), "1.450,3");
    }

    #[test]
    fn english_numbers_group_thousands_with_commas_and_use_a_decimal_point() {
        assert_eq!(format_number(1234.5, 1, Lang::En), "1,234.5");
        assert_eq!(format_number(1_234_567.891, 2, Lang::En), "1,234,567.89");
        assert_eq!(format_number(100.0, 0, Lang::En), "100");
    }

    #[test]
    fn negative_numbers_get_a_minus_sign_but_rounded_zero_does_not() {
        assert_eq!(format_number(-1234.5, 1, Lang::De), "−1.234,5");
        assert_eq!(format_number(-0.04, 1, Lang::En), "0.0");
    }

    #[test]
    fn percent_has_a_space_in_german_and_none_in_english() {
        let pct = ValueFormat {
            unit: "%".into(),
            decimals: 1,
        };
        assert_eq!(format_value(12.345, &pct, Lang::De), "12,3 %");
        assert_eq!(format_value(12.345, &pct, Lang::En), "12.3%");
    }

    #[test]
    fn names_are_joined_with_the_word_for_and() {
        assert_eq!(join_names(&["A", "B", "C"], Lang::De), "A, B und C");
        assert_eq!(join_names(&["A"], Lang::En), "A");
    }
}
