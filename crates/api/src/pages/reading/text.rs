//! Numbers, statuses, reasons, polarity and group definitions as a reader reads them, in the
//! page's language (German numbers `1.234,5` on German pages, `1,234.5` on English ones).

use vergleich_charts::{Datum, Lang, ValueFormat};
use vergleich_domain::format::format_number;
use vergleich_domain::{Indicator, MissingReason, Polarity, Status};
use vergleich_service::model::GroupDefinition;

use crate::pages::t;

/// A number in the page's language (`1.234,5` or `1,234.5`).
pub fn num(value: f64, decimals: u8, lang: Lang) -> String {
    format_number(value, decimals, lang)
}

/// A value with its unit in the page's language, or "keine Daten".
pub fn value_text(value: Option<f64>, format: &ValueFormat, lang: Lang) -> String {
    match value {
        None => t(lang, "keine Daten", "no data").to_owned(),
        Some(v) if format.unit.is_empty() => num(v, format.decimals, lang),
        Some(v) => format!(
            "{} {}",
            num(v, format.decimals, lang),
            unit(&format.unit, lang)
        ),
    }
}

/// A catalogue unit (German) in the page's language.
pub fn unit(unit: &str, lang: Lang) -> String {
    if lang == Lang::De {
        return unit.to_owned();
    }
    match unit {
        "Punkte" => "points".to_owned(),
        "Personen" => "persons".to_owned(),
        "Jahre" => "years".to_owned(),
        "Einw./km²" => "residents/km²".to_owned(),
        other => match other.strip_prefix("je ") {
            // "je 10.000 Einw." -> "per 10,000 residents"
            Some(rest) => format!(
                "per {}",
                rest.replace('.', ",").replace("Einw,", "residents")
            ),
            None => other.to_owned(),
        },
    }
}

/// A chart datum as table text: the number (marked when provisional) or why there is none.
pub fn datum_text(datum: Datum, format: &ValueFormat, lang: Lang) -> String {
    match datum {
        Datum::Value(v) => num(v, format.decimals, lang),
        Datum::Provisional(v) => format!(
            "{} ({})",
            num(v, format.decimals, lang),
            t(lang, "vorläufig", "provisional")
        ),
        Datum::Insufficient => t(lang, "Datenlage unzureichend", "insufficient data").to_owned(),
        Datum::Missing => t(lang, "keine Daten", "no data").to_owned(),
    }
}

pub fn status_text(status: Status, lang: Lang) -> &'static str {
    match (status, lang) {
        (Status::A, Lang::De) => "normal",
        (Status::A, Lang::En) => "normal",
        (Status::P, Lang::De) => "vorläufig",
        (Status::P, Lang::En) => "provisional",
        (Status::E, Lang::De) => "geschätzt",
        (Status::E, Lang::En) => "estimated",
        (Status::M, Lang::De) => "fehlt",
        (Status::M, Lang::En) => "missing",
    }
}

pub fn reason_text(reason: Option<MissingReason>, lang: Lang) -> &'static str {
    match reason {
        None => t(lang, "ohne Angabe", "no reason given"),
        Some(MissingReason::Skipped) => t(lang, "übersprungen", "skipped"),
        Some(MissingReason::Secret) => t(lang, "geheim oder unbekannt", "secret or unknown"),
        Some(MissingReason::NotAvailable) => t(lang, "noch nicht verfügbar", "not yet available"),
        Some(MissingReason::NotMeaningful) => t(lang, "nicht sinnvoll", "not meaningful"),
        Some(MissingReason::Unreliable) => t(lang, "zu unsicher", "unreliable"),
    }
}

pub fn polarity_text(polarity: Polarity, lang: Lang) -> &'static str {
    match polarity {
        Polarity::HigherIsBetter => t(lang, "höher ist besser", "higher is better"),
        Polarity::LowerIsBetter => t(lang, "niedriger ist besser", "lower is better"),
        Polarity::Neutral => t(
            lang,
            "neutral (weder besser noch schlechter)",
            "neutral (neither better nor worse)",
        ),
    }
}

pub fn label(lang: Lang, ind: &Indicator) -> &str {
    t(lang, &ind.label_de, &ind.label_en)
}

/// Why the members of a group count as similar, in one sentence.
pub fn group_reason(
    definition: &GroupDefinition,
    catalogue: &vergleich_domain::Catalogue,
    lang: Lang,
) -> String {
    let names = |ids: &[vergleich_domain::IndicatorId]| {
        ids.iter()
            .map(|i| {
                catalogue
                    .indicator(i)
                    .map_or(i.as_str(), |ind| label(lang, ind))
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    match definition {
        GroupDefinition::WholeCohort => t(
            lang,
            "Alle Modellkommunen der Kohorte.",
            "Every model municipality of the cohort.",
        )
        .to_owned(),
        GroupDefinition::Kind { districts: true } => t(
            lang,
            "Alle Landkreise der Kohorte.",
            "Every district of the cohort.",
        )
        .to_owned(),
        GroupDefinition::Kind { districts: false } => t(
            lang,
            "Alle Städte der Kohorte (kreisfreie und kreisangehörige).",
            "Every city of the cohort (county-free and within a district).",
        )
        .to_owned(),
        GroupDefinition::State { state } => match lang {
            Lang::De => format!("Alle Mitglieder im Bundesland {}.", state.as_str()),
            Lang::En => format!("Every member in the federal state {}.", state.as_str()),
        },
        GroupDefinition::EastWest { east } => match (east, lang) {
            (true, Lang::De) => "Alle Mitglieder in Ostdeutschland.".to_owned(),
            (true, Lang::En) => "Every member in eastern Germany.".to_owned(),
            (false, Lang::De) => "Alle Mitglieder in Westdeutschland.".to_owned(),
            (false, Lang::En) => "Every member in western Germany.".to_owned(),
        },
        GroupDefinition::SizeClass { class, year } => match lang {
            Lang::De => format!("Gleiche Größenklasse: {} ({year}).", class.label_de()),
            Lang::En => format!("Same size class: {} ({year}).", class.label_en()),
        },
        GroupDefinition::Custom => {
            t(lang, "Eine eigene Auswahl.", "A custom selection.").to_owned()
        }
        GroupDefinition::NearestNeighbours {
            k,
            year,
            indicators,
            ..
        } => match lang {
            Lang::De => format!(
                "Die {k} Kommunen, die sich in den Kontextmerkmalen ({}) im Jahr {year} am meisten ähneln: jedes Merkmal auf eine gemeinsame Skala gebracht, dann der mittlere Abstand.",
                names(indicators)
            ),
            Lang::En => format!(
                "The {k} members most alike in the context indicators ({}) in {year}: each indicator put on a common scale, then the average distance.",
                names(indicators)
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_units_read_in_english_on_english_pages() {
        assert_eq!(unit("je 10.000 Einw.", Lang::En), "per 10,000 residents");
        assert_eq!(unit("je 100.000 Einw.", Lang::En), "per 100,000 residents");
        assert_eq!(unit("Punkte", Lang::En), "points");
        assert_eq!(unit("%", Lang::En), "%");
        assert_eq!(unit("je 10.000 Einw.", Lang::De), "je 10.000 Einw.");
    }
}
