//! Numbers as people read them in sentences: German format (1.234,5) in German sentences,
//! English format (1,234.5) in English ones; at most one decimal, a trailing zero dropped. The
//! formatting itself is the domain's, shared with charts and pages.

use vergleich_domain::format::{Lang, format_short};

/// German format with thousands dots and a decimal comma: 1234.5 -> "1.234,5", 42.0 -> "42".
pub fn number_de(value: f64) -> String {
    format_short(value, Lang::De)
}

/// English format: 1234.5 -> "1,234.5", 42.0 -> "42".
pub fn number_en(value: f64) -> String {
    format_short(value, Lang::En)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_numbers_use_a_decimal_comma_and_thousands_dots() {
        assert_eq!(number_de(1234.5), "1.234,5");
        assert_eq!(number_de(42.0), "42");
        assert_eq!(number_de(-0.04), "0");
        assert_eq!(number_de(-3.25), "−3,3");
        assert_eq!(number_en(1234.5), "1,234.5");
    }
}
