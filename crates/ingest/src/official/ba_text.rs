//! The texts of a Bundesagentur für Arbeit table: periods (`2023`, `Dezember 2023`, `Jun 2024`,
//! `30.06.2024`, `Jahresdurchschnitt 2023`; a month or Stichtag gives its calendar year), region
//! cells (`05111 Düsseldorf, Stadt`, `Deutschland`), units written into headers (`in %`) and the
//! footer's lines.

const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "märz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
];

/// Words that may stand before a period in a header or title.
const PREFIXES: [&str; 6] = [
    "jahresdurchschnitt",
    "stichtag",
    "berichtsmonat",
    "berichtsjahr",
    "jahr",
    "monat",
];

/// Regions without a key in BA tables that are never cohort members.
const AGGREGATES: [&str; 4] = [
    "westdeutschland",
    "ostdeutschland",
    "westdeutschland (ohne berlin)",
    "ostdeutschland (mit berlin)",
];

fn digits(s: &str, n: usize) -> Option<i32> {
    (s.len() == n && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn year(s: &str) -> Option<i32> {
    digits(s, 4).filter(|y| (1900..=2100).contains(y))
}

fn month(s: &str) -> bool {
    let s = s.trim_end_matches('.').to_lowercase();
    let s = if s == "maerz" || s == "mrz" {
        "mär"
    } else {
        &s
    };
    s.chars().count() >= 3 && MONTHS.iter().any(|m| m.starts_with(s))
}

fn day_month_year(s: &str) -> Option<i32> {
    let parts: Vec<&str> = s.split('.').collect();
    match parts.as_slice() {
        [d, m, y] if (d.len() == 1 || d.len() == 2) && digits(m, 2).is_some() => {
            let (d, m) = (d.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
            ((1..=31).contains(&d) && (1..=12).contains(&m))
                .then(|| year(y))
                .flatten()
        }
        _ => None,
    }
}

/// A text that is a period, and its calendar year.
pub(crate) fn parse_period(text: &str) -> Option<i32> {
    let mut t = text.trim().trim_end_matches(':').trim();
    let lower = t.to_lowercase();
    if let Some(prefix) = PREFIXES.iter().find(|p| lower.starts_with(*p)) {
        t = t[prefix.len()..].trim_start_matches([':', ' ']).trim();
    }
    let tokens: Vec<&str> = t.split_whitespace().collect();
    match tokens.as_slice() {
        [one] => year(one)
            .or_else(|| day_month_year(one))
            .or_else(|| {
                let (a, b) = one.split_once('/').or_else(|| one.split_once('.'))?;
                digits(a, 2).filter(|m| (1..=12).contains(m)).and(year(b))
            })
            .or_else(|| {
                let (a, b) = one.split_once('-')?;
                digits(b, 2).filter(|m| (1..=12).contains(m)).and(year(a))
            }),
        [m, y] if month(m) => year(y),
        [d, m, y] if month(m) && d.trim_end_matches('.').parse::<u8>().is_ok() => year(y),
        _ => None,
    }
}

/// The first period in a title line (`Berichtsmonat: Juni 2024`, `Stichtag 30.06.2024`).
pub(crate) fn find_period(text: &str) -> Option<i32> {
    let tokens: Vec<&str> = text
        .split_whitespace()
        .map(|t| t.trim_matches([',', ';', '(', ')', '–', '-']))
        .filter(|t| !t.is_empty())
        .collect();
    (0..tokens.len()).find_map(|i| {
        (1..=3)
            .rev()
            .filter_map(|n| tokens.get(i..i + n))
            .find_map(|w| parse_period(&w.join(" ")))
    })
}

/// What the region cell of a data row holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RegionCell {
    /// A key (digits, or `DG` for Deutschland).
    Key(String),
    /// West- or Ostdeutschland: outside every cohort, not read.
    Aggregate,
    /// No key before the name.
    NoKey,
}

/// `05111 Düsseldorf, Stadt` -> key `05111`; `Deutschland` -> `DG`.
pub(crate) fn region(text: &str) -> RegionCell {
    let t = text.trim();
    let first = t.split_whitespace().next().unwrap_or("");
    if !first.is_empty() && first.bytes().all(|b| b.is_ascii_digit()) {
        return RegionCell::Key(first.to_owned());
    }
    let lower = t.to_lowercase();
    if lower == "deutschland" || lower == "deutschland insgesamt" {
        RegionCell::Key("DG".to_owned())
    } else if AGGREGATES.contains(&lower.as_str()) {
        RegionCell::Aggregate
    } else {
        RegionCell::NoKey
    }
}

/// True for a cell that starts like a region row: digits, a space and a name.
pub(crate) fn is_key_and_name(text: &str) -> bool {
    let t = text.trim();
    t.split_once(' ').is_some_and(|(key, name)| {
        (2..=12).contains(&key.len())
            && key.bytes().all(|b| b.is_ascii_digit())
            && name.trim().chars().next().is_some_and(char::is_alphabetic)
    })
}

/// A header text without a unit it names (`Beschäftigungsquote in %`), and that unit. A cell
/// that is only a unit (`Anzahl`, `in %`) gives an empty label.
pub(crate) fn unit(text: &str) -> (String, Option<String>) {
    let t = text.trim();
    match t {
        "Anzahl" => return (String::new(), Some("Anzahl".to_owned())),
        "%" | "in %" | "Prozent" | "in Prozent" => return (String::new(), Some("%".to_owned())),
        _ => {}
    }
    for suffix in [" in %", " (in %)", " (%)", " in Prozent"] {
        if let Some(label) = t.strip_suffix(suffix) {
            return (label.trim().to_owned(), Some("%".to_owned()));
        }
    }
    (t.to_owned(), None)
}

/// True for the first line of a footer: copyright, creation date, source, notes, footnotes.
pub(crate) fn is_footer(text: &str) -> bool {
    let t = text.trim();
    let footnote = t.split_once(')').is_some_and(|(n, _)| {
        n == "*" || (!n.is_empty() && n.len() <= 2 && n.bytes().all(|b| b.is_ascii_digit()))
    });
    footnote
        || [
            "©",
            "(c)",
            "Erstellungsdatum",
            "Stand",
            "Quelle",
            "Hinweis",
            "Anmerkung",
            "Fußnote",
        ]
        .iter()
        .any(|p| t.starts_with(p))
}

/// The Stand a line states (`Erstellungsdatum: 15.05.2024`, `Stand: Juni 2024`).
pub(crate) fn stand(text: &str) -> Option<String> {
    let t = text.trim();
    let rest = ["Erstellungsdatum", "Stand"]
        .iter()
        .find_map(|p| t.strip_prefix(p))?
        .trim_start_matches([':', ' ']);
    let date = rest
        .split_whitespace()
        .map(|w| w.trim_matches([',', ';']))
        .find(|w| day_month_year(w).is_some());
    Some(date.unwrap_or(rest.trim()).to_owned()).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_or_stichtag_gives_its_calendar_year() {
        for (text, year) in [
            ("2023", Some(2023)),
            ("Dezember 2023", Some(2023)),
            ("Dez 2023", Some(2023)),
            ("Jun. 2024", Some(2024)),
            ("30.06.2024", Some(2024)),
            ("06/2024", Some(2024)),
            ("2024-06", Some(2024)),
            ("Jahresdurchschnitt 2023", Some(2023)),
            ("Stichtag: 30. Juni 2024", Some(2024)),
            ("Insgesamt", None),
            ("Ausländer", None),
            ("32.13.2024", None),
            ("Ma 2024", None),
        ] {
            assert_eq!(parse_period(text), year, "{text}");
        }
        assert_eq!(
            find_period("Kreise und kreisfreie Städte, Stichtag 30.06.2024"),
            Some(2024)
        );
        assert_eq!(find_period("Berichtsmonat: Dezember 2023"), Some(2023));
        assert_eq!(find_period("Beschäftigte nach Staatsangehörigkeit"), None);
    }

    #[test]
    fn region_cells_hold_key_and_name() {
        assert_eq!(
            region("05111 Düsseldorf, Stadt"),
            RegionCell::Key("05111".into())
        );
        assert_eq!(
            region("  05 Nordrhein-Westfalen"),
            RegionCell::Key("05".into())
        );
        assert_eq!(region("Deutschland"), RegionCell::Key("DG".into()));
        assert_eq!(region("Westdeutschland"), RegionCell::Aggregate);
        assert_eq!(region("Düsseldorf, Stadt"), RegionCell::NoKey);
        assert!(is_key_and_name("07312 Kaiserslautern, Stadt"));
        assert!(!is_key_and_name("07312"));
        assert!(!is_key_and_name("2023 123"));
    }

    #[test]
    fn units_footers_and_stand() {
        assert_eq!(
            unit("Beschäftigungsquote in %"),
            ("Beschäftigungsquote".into(), Some("%".into()))
        );
        assert_eq!(unit("Anzahl"), (String::new(), Some("Anzahl".into())));
        assert_eq!(unit("Ausländer"), ("Ausländer".into(), None));
        assert!(is_footer("© Statistik der Bundesagentur für Arbeit"));
        assert!(is_footer("1) Ohne Berlin"));
        assert!(is_footer("*) Geheimhaltung"));
        assert!(!is_footer("05111 Düsseldorf"));
        assert_eq!(
            stand("Erstellungsdatum: 15.05.2024, Statistik-Service"),
            Some("15.05.2024".into())
        );
        assert_eq!(stand("Stand: Juni 2024"), Some("Juni 2024".into()));
        assert_eq!(stand("Ausländer"), None);
    }
}
