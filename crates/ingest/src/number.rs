//! Numbers as German offices write them (`12,5`, `1.234,5`, `95 %`) or as programs write them
//! (`12.5`, `1,234.5`), official-statistics markers, and the guess of the decimal mark. Only finite
//! numbers come out: `NaN`, `inf` and `1e400` are refused. Also the status and reason words, and
//! the messages for a cell that is not a number.

use vergleich_domain::{MissingReason, Status};

use crate::report::DecimalMark;

/// What a value cell holds once read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Parsed {
    Number(f64),
    /// An official marker meaning "missing, for this reason".
    Missing(MissingReason),
}

/// Official-statistics markers (Destatis): `-` means exactly zero; the others mean missing.
pub(crate) fn marker(text: &str) -> Option<Parsed> {
    match text {
        "-" | "–" => Some(Parsed::Number(0.0)),
        "." => Some(Parsed::Missing(MissingReason::Secret)),
        "..." | "…" => Some(Parsed::Missing(MissingReason::NotAvailable)),
        "x" | "X" => Some(Parsed::Missing(MissingReason::NotMeaningful)),
        "/" => Some(Parsed::Missing(MissingReason::Unreliable)),
        _ => None,
    }
}

/// Why a text is not a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberError {
    NotANumber,
    NotFinite,
    /// `12.5` where the file uses a decimal comma (or `12,5` with a decimal point).
    WrongDecimalMark,
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// Parses a trimmed, non-empty text that is not a marker.
pub(crate) fn parse_number(text: &str, mark: DecimalMark) -> Result<f64, NumberError> {
    let decimal = match mark {
        DecimalMark::Comma => b',',
        DecimalMark::Point => b'.',
    };
    if let Some(value) = plain(text, decimal) {
        return Ok(value);
    }
    // Word processors turn `-` into a typographic minus.
    let minus;
    let mut s = text.trim_matches(is_space);
    if let Some(rest) = s.strip_prefix(['\u{2212}', '\u{2013}']) {
        minus = format!("-{rest}");
        s = &minus;
    }
    if let Some(rest) = s.strip_suffix('%') {
        s = rest.trim_end_matches(is_space);
    }
    let (decimal, group) = match mark {
        DecimalMark::Comma => (',', '.'),
        DecimalMark::Point => ('.', ','),
    };
    let (sign, body) = match s.as_bytes().first() {
        Some(b'-' | b'+') => s.split_at(1),
        _ => ("", s),
    };
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int_part, frac_part) = match mantissa.find(decimal) {
        Some(i) => (&mantissa[..i], Some(&mantissa[i + 1..])),
        None => (mantissa, None),
    };
    let int_digits = strip_groups(int_part, group).ok_or_else(|| {
        if int_part.contains(decimal) || int_part.contains(group) {
            NumberError::WrongDecimalMark
        } else {
            NumberError::NotANumber
        }
    })?;
    let mut normal = String::with_capacity(s.len());
    normal.push_str(sign);
    normal.push_str(&int_digits);
    if let Some(frac) = frac_part {
        if !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(if frac.contains(group) || frac.contains(decimal) {
                NumberError::WrongDecimalMark
            } else {
                NumberError::NotANumber
            });
        }
        if frac.is_empty() && int_digits.is_empty() {
            return Err(NumberError::NotANumber);
        }
        normal.push('.');
        normal.push_str(frac);
    } else if int_digits.is_empty() {
        return Err(NumberError::NotANumber);
    }
    if let Some(exp) = exponent {
        let digits = exp.strip_prefix(['-', '+']).unwrap_or(exp);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NumberError::NotANumber);
        }
        normal.push('e');
        normal.push_str(exp);
    }
    let value: f64 = normal.parse().map_err(|_| NumberError::NotANumber)?;
    if value.is_finite() {
        Ok(value)
    } else {
        Err(NumberError::NotFinite)
    }
}

/// Fast path for the common case: optional minus, digits, at most one decimal mark. At most 40
/// characters, so the result is always finite.
fn plain(text: &str, decimal: u8) -> Option<f64> {
    let bytes = text.as_bytes();
    if bytes.is_empty() || bytes.len() > 40 {
        return None;
    }
    let mut buf = [0u8; 40];
    let (mut digits, mut seen_decimal) = (0, false);
    for (i, &b) in bytes.iter().enumerate() {
        buf[i] = match b {
            b'0'..=b'9' => {
                digits += 1;
                b
            }
            b'-' if i == 0 => b,
            _ if b == decimal && !seen_decimal => {
                seen_decimal = true;
                b'.'
            }
            _ => return None,
        };
    }
    if digits == 0 {
        return None;
    }
    std::str::from_utf8(&buf[..bytes.len()]).ok()?.parse().ok()
}

/// Digits with optional thousands groups (`1.234.567`, `1 234`); `None` if grouped wrongly.
fn strip_groups(int_part: &str, group: char) -> Option<String> {
    if int_part.bytes().all(|b| b.is_ascii_digit()) {
        return Some(int_part.to_owned());
    }
    let sep = if int_part.contains(group) {
        group
    } else {
        int_part.chars().find(|c| is_space(*c))?
    };
    let mut parts = int_part.split(sep);
    let first = parts.next()?;
    if first.is_empty() || first.len() > 3 || !first.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut out = first.to_owned();
    for part in parts {
        if part.len() != 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        out.push_str(part);
    }
    Some(out)
}

/// Votes for the decimal mark from sample cells. `1.234` (a valid thousands group) votes for
/// neither; `12,5` votes comma; `12.5` votes point.
#[derive(Debug, Default)]
pub(crate) struct MarkVotes {
    comma: usize,
    point: usize,
}

impl MarkVotes {
    pub(crate) fn observe(&mut self, text: &str) {
        let s = text.trim_matches(is_space);
        let s = s.strip_suffix('%').unwrap_or(s).trim_end_matches(is_space);
        if s.is_empty() || !s.bytes().any(|b| b.is_ascii_digit()) {
            return;
        }
        if !s
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'-' | b'+' | b' '))
        {
            return;
        }
        let last_comma = s.rfind(',');
        let last_point = s.rfind('.');
        match (last_comma, last_point) {
            (Some(c), Some(p)) if c > p => self.comma += 1,
            (Some(_), Some(_)) => self.point += 1,
            (Some(c), None) => {
                // `1,234` alone could be a grouped integer; count it only if it is not one.
                if s.len() - c - 1 != 3 {
                    self.comma += 1;
                }
            }
            (None, Some(p)) => {
                if s.len() - p - 1 != 3 {
                    self.point += 1;
                }
            }
            (None, None) => {}
        }
    }

    pub(crate) fn decide(&self, fallback: DecimalMark) -> DecimalMark {
        match self.comma.cmp(&self.point) {
            std::cmp::Ordering::Greater => DecimalMark::Comma,
            std::cmp::Ordering::Less => DecimalMark::Point,
            std::cmp::Ordering::Equal => fallback,
        }
    }
}

pub(crate) fn number_message(e: NumberError, mark: DecimalMark) -> (String, String) {
    match e {
        NumberError::NotFinite => (
            "Der Wert ist keine endliche Zahl.".to_owned(),
            "The value is not a finite number.".to_owned(),
        ),
        NumberError::WrongDecimalMark => (
            format!("Das Dezimaltrennzeichen dieser Datei ist „{}“; bitte einheitlich verwenden.", mark.as_char()),
            format!("This file's decimal mark is \"{}\"; use it consistently.", mark.as_char()),
        ),
        NumberError::NotANumber => (
            "Der Wert ist keine Zahl. Erlaubt sind Zahlen wie 12,5 oder die Zeichen - . ... x /".to_owned(),
            "The value is not a number. Allowed are numbers such as 12.5 or the markers - . ... x /".to_owned(),
        ),
    }
}

pub(crate) fn parse_status(text: &str) -> Option<Status> {
    Some(match text.to_lowercase().as_str() {
        "a" | "normal" => Status::A,
        "p" | "vorläufig" | "vorlaeufig" | "provisional" => Status::P,
        "e" | "geschätzt" | "geschaetzt" | "estimated" => Status::E,
        "m" | "fehlt" | "missing" => Status::M,
        _ => return None,
    })
}

pub(crate) fn parse_reason(text: &str) -> Option<MissingReason> {
    if let Some(Parsed::Missing(reason)) = marker(text) {
        return Some(reason);
    }
    let lower = text.trim().to_lowercase();
    // The codes also with a blank or hyphen (`not available`), and the German words offices
    // write into the reason column.
    let code = lower.replace([' ', '-'], "_");
    MissingReason::parse(&code).or(match lower.as_str() {
        "übersprungen" | "uebersprungen" | "nicht beantwortet" | "keine angabe" => {
            Some(MissingReason::Skipped)
        }
        "geheim" | "geheimhaltung" | "unbekannt" | "geheim oder unbekannt" => {
            Some(MissingReason::Secret)
        }
        "nicht verfügbar"
        | "nicht verfuegbar"
        | "noch nicht verfügbar"
        | "noch nicht verfuegbar"
        | "liegt noch nicht vor" => Some(MissingReason::NotAvailable),
        "nicht sinnvoll" | "entfällt" | "entfaellt" | "nicht zutreffend" => {
            Some(MissingReason::NotMeaningful)
        }
        "unsicher" | "zu unsicher" | "unzuverlässig" | "unzuverlaessig" => {
            Some(MissingReason::Unreliable)
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use DecimalMark::{Comma, Point};

    #[test]
    fn reasons_read_as_codes_markers_or_the_german_words() {
        use MissingReason::*;
        for (text, reason) in [
            ("secret", Secret),
            ("Not available", NotAvailable),
            ("not-meaningful", NotMeaningful),
            (".", Secret),
            ("...", NotAvailable),
            ("geheim", Secret),
            ("Nicht verfügbar", NotAvailable),
            ("entfällt", NotMeaningful),
            ("zu unsicher", Unreliable),
            ("übersprungen", Skipped),
            (" Keine Angabe ", Skipped),
        ] {
            assert_eq!(parse_reason(text), Some(reason), "{text}");
        }
        assert_eq!(parse_reason("vielleicht"), None);
        assert_eq!(parse_reason(""), None);
    }

    #[test]
    fn german_numbers_with_comma_thousands_and_percent_parse() {
        assert_eq!(parse_number("12,5", Comma), Ok(12.5));
        assert_eq!(parse_number("1.234,5", Comma), Ok(1234.5));
        assert_eq!(parse_number("1.234.567", Comma), Ok(1_234_567.0));
        assert_eq!(parse_number("95 %", Comma), Ok(95.0));
        assert_eq!(parse_number("95%", Point), Ok(95.0));
        assert_eq!(parse_number("-0,5", Comma), Ok(-0.5));
        assert_eq!(parse_number("1 234,5", Comma), Ok(1234.5));
        assert_eq!(parse_number(",5", Comma), Ok(0.5));
        assert_eq!(parse_number("\u{2212}2,5", Comma), Ok(-2.5));
        assert_eq!(parse_number("1\u{a0}234,5", Comma), Ok(1234.5));
    }

    #[test]
    fn point_decimals_and_comma_thousands_parse() {
        assert_eq!(parse_number("12.5", Point), Ok(12.5));
        assert_eq!(parse_number("1,234.5", Point), Ok(1234.5));
        assert_eq!(parse_number("1.5e3", Point), Ok(1500.0));
    }

    #[test]
    fn wrong_decimal_mark_is_not_silently_misread() {
        assert_eq!(
            parse_number("12.5", Comma),
            Err(NumberError::WrongDecimalMark)
        );
        assert_eq!(
            parse_number("12,5", Point),
            Err(NumberError::WrongDecimalMark)
        );
        assert_eq!(
            parse_number("1.23,4.5", Comma),
            Err(NumberError::WrongDecimalMark)
        );
    }

    #[test]
    fn non_finite_numbers_are_refused() {
        for text in ["NaN", "nan", "inf", "-inf", "Infinity", "+Infinity"] {
            assert_eq!(
                parse_number(text, Point),
                Err(NumberError::NotANumber),
                "{text}"
            );
        }
        assert_eq!(parse_number("1e400", Point), Err(NumberError::NotFinite));
        assert_eq!(parse_number("-1e400", Comma), Err(NumberError::NotFinite));
    }

    #[test]
    fn garbage_is_not_a_number() {
        for text in [
            "", "abc", "12a", "1e", "e5", "-", "+", "1..2", "0x10", "#DIV/0!",
        ] {
            assert!(parse_number(text, Point).is_err(), "{text}");
            assert!(parse_number(text, Comma).is_err(), "{text}");
        }
    }

    #[test]
    fn official_markers_become_reasons_and_dash_is_zero() {
        assert_eq!(marker("-"), Some(Parsed::Number(0.0)));
        assert_eq!(marker("."), Some(Parsed::Missing(MissingReason::Secret)));
        assert_eq!(
            marker("..."),
            Some(Parsed::Missing(MissingReason::NotAvailable))
        );
        assert_eq!(
            marker("x"),
            Some(Parsed::Missing(MissingReason::NotMeaningful))
        );
        assert_eq!(
            marker("/"),
            Some(Parsed::Missing(MissingReason::Unreliable))
        );
        assert_eq!(marker("12"), None);
    }

    #[test]
    fn decimal_mark_is_voted_from_samples() {
        let mut votes = MarkVotes::default();
        for text in ["12,5", "1.234,5", "7", "1.234"] {
            votes.observe(text);
        }
        assert_eq!(votes.decide(Point), Comma);
        let mut votes = MarkVotes::default();
        for text in ["12.5", "1,234.5", "0.25"] {
            votes.observe(text);
        }
        assert_eq!(votes.decide(Comma), Point);
        assert_eq!(MarkVotes::default().decide(Comma), Comma);
    }
}
