//! Numbers and fixed words in the chart's language: German `1.234,5`, English `1,234.5`, and the
//! handful of labels every chart uses ("keine Daten", "vorläufig", ...).

pub use vergleich_domain::format::format_number;

use crate::spec::{Lang, ValueFormat};

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
    pub axis_not_zero: &'static str,
    /// Marks a change of an indicator's definition in a time series.
    pub definition_break: &'static str,
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
    demo: vergleich_domain::SYNTHETIC_LABEL_DE,
    source: "Quelle",
    median: "Median der Vergleichsgruppe",
    iqr: "mittlere 50 % der Vergleichsgruppe",
    rank: "Rang",
    with_data: "mit Daten",
    of: "von",
    highest: "Höchster Wert",
    lowest: "Niedrigster Wert",
    highlighted: "Hervorgehoben",
    axis_not_zero: "Die Werteachse beginnt nicht bei null.",
    definition_break: "Neue Definition ab",
};

static EN: Words = Words {
    no_data: "no data",
    insufficient: "insufficient data",
    provisional: "provisional",
    demo: vergleich_domain::SYNTHETIC_LABEL_EN,
    source: "Source",
    median: "peer group median",
    iqr: "middle 50% of the peer group",
    rank: "rank",
    with_data: "with data",
    of: "of",
    highest: "Highest value",
    lowest: "Lowest value",
    highlighted: "Highlighted",
    axis_not_zero: "The value axis does not start at zero.",
    definition_break: "New definition from",
};

/// "12 von 21 mit Daten" / "12 of 21 with data".
pub(crate) fn n_of_total(n: usize, total: usize, lang: Lang) -> String {
    let w = words(lang);
    format!("{n} {} {total} {}", w.of, w.with_data)
}

/// Joins names as "A, B und C" / "A, B and C".
pub(crate) fn join_names(names: &[&str], lang: Lang) -> String {
    let and = lang.pick("und", "and");
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
