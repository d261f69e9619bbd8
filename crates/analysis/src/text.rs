//! Numbers as people read them: German format (1.234,5) in German sentences, English format
//! (1,234.5) in English ones; at most one decimal, a trailing ",0" dropped.

/// German format with thousands dots and a decimal comma: 1234.5 -> "1.234,5", 42.0 -> "42".
pub fn number_de(value: f64) -> String {
    format_number(value, '.', ',')
}

/// English format: 1234.5 -> "1,234.5", 42.0 -> "42".
pub fn number_en(value: f64) -> String {
    format_number(value, ',', '.')
}

fn format_number(value: f64, thousands: char, decimal: char) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    let negative = rounded < 0.0;
    let tenths = (rounded.abs() * 10.0).round() as u64;
    let (whole, fraction) = (tenths / 10, tenths % 10);
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(thousands);
        }
        grouped.push(c);
    }
    let sign = if negative && tenths > 0 { "-" } else { "" };
    if fraction == 0 {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{decimal}{fraction}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_numbers_use_a_decimal_comma_and_thousands_dots() {
        assert_eq!(number_de(1234.5), "1.234,5");
        assert_eq!(number_de(42.0), "42");
        assert_eq!(number_de(-0.04), "0");
        assert_eq!(number_de(-3.25), "-3,3");
        assert_eq!(number_de(1_234_567.0), "1.234.567");
        assert_eq!(number_en(1234.5), "1,234.5");
    }
}
