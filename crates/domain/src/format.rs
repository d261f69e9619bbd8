//! Numbers as people read them, in the reader's language: German `1.234,5`, English `1,234.5`.
//! One definition for charts, findings, pages and exports.

use serde::{Deserialize, Serialize};

/// Language of a text, including its number format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// German: `1.234,5`, "keine Daten".
    #[default]
    De,
    /// English: `1,234.5`, "no data".
    En,
}

impl Lang {
    /// The text in this language, German first: `lang.pick("keine Daten", "no data")`. The one
    /// language picker of the code base.
    pub fn pick<'a>(self, de: &'a str, en: &'a str) -> &'a str {
        match self {
            Self::De => de,
            Self::En => en,
        }
    }

    /// Whether this is German.
    pub fn is_de(self) -> bool {
        self == Self::De
    }
}

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

/// A number for running text: at most one decimal, a trailing zero dropped (`42`, `57,5`).
pub fn format_short(value: f64, lang: Lang) -> String {
    let text = format_number(value, 1, lang);
    let zero = match lang {
        Lang::De => ",0",
        Lang::En => ".0",
    };
    text.strip_suffix(zero)
        .map_or_else(|| text.clone(), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pick_chooses_the_german_or_the_english_text() {
        assert_eq!(Lang::De.pick("keine Daten", "no data"), "keine Daten");
        assert_eq!(Lang::En.pick("keine Daten", "no data"), "no data");
        assert!(Lang::De.is_de());
        assert!(!Lang::En.is_de());
    }

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
    fn short_numbers_drop_a_trailing_zero_only() {
        assert_eq!(format_short(42.0, Lang::De), "42");
        assert_eq!(format_short(57.5, Lang::De), "57,5");
        assert_eq!(format_short(1234.5, Lang::En), "1,234.5");
        assert_eq!(format_short(-0.04, Lang::De), "0");
        assert_eq!(format_short(-3.25, Lang::De), "−3,3");
        assert_eq!(format_short(1_234_567.0, Lang::De), "1.234.567");
    }
}
