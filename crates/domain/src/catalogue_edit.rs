//! Changes of the catalogue while the service runs (issue #14 B): an admin adds a field or an
//! indicator, edits their labels and help texts (no new version), archives a field, or changes
//! an indicator's definition — a new definition version with the day it applies from and a
//! note. The rules are here so the API, the pages and the store refuse the same things with the
//! same words: an id that exists, an id outside `[a-z0-9_]`, a missing unit, a range where
//! min ≥ max, a definition version dated on or before the previous one.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{Catalogue, Field, Indicator, IndicatorKind};

/// Longest label, unit and source.
pub const MAX_LABEL: usize = 200;
/// Longest short label (heat-map columns).
pub const MAX_SHORT: usize = 40;
/// Longest description, definition or note.
pub const MAX_TEXT: usize = 4000;
/// Longest id.
pub const MAX_ID: usize = 40;
/// Positions of fields.
pub const POSITIONS: std::ops::RangeInclusive<i32> = 1..=99;

/// What is wrong with a change, where (the JSON key or form field) and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{field}: {en}")]
pub struct EditProblem {
    pub field: String,
    pub de: String,
    pub en: String,
}

pub(crate) fn problem(field: &str, de: impl Into<String>, en: impl Into<String>) -> EditProblem {
    EditProblem {
        field: field.to_owned(),
        de: de.into(),
        en: en.into(),
    }
}

fn text(field: &str, value: &str, max: usize, required: bool) -> Result<(), EditProblem> {
    if required && value.trim().is_empty() {
        return Err(problem(field, "fehlt", "is missing"));
    }
    let n = value.chars().count();
    if n > max {
        return Err(problem(
            field,
            format!("{n} Zeichen, höchstens {max} erlaubt"),
            format!("{n} characters, at most {max} allowed"),
        ));
    }
    Ok(())
}

fn id_length(id: &str) -> Result<(), EditProblem> {
    if id.len() > MAX_ID {
        return Err(problem(
            "id",
            format!("höchstens {MAX_ID} Zeichen"),
            format!("at most {MAX_ID} characters"),
        ));
    }
    Ok(())
}

/// Labels and texts of a field (new or edited).
pub fn check_field_texts(f: &Field) -> Result<(), EditProblem> {
    text("label_de", &f.label_de, MAX_LABEL, true)?;
    text("label_en", &f.label_en, MAX_LABEL, true)?;
    text("short_de", &f.short_de, MAX_SHORT, false)?;
    text("short_en", &f.short_en, MAX_SHORT, false)?;
    text("description_de", &f.description_de, MAX_TEXT, false)?;
    text("description_en", &f.description_en, MAX_TEXT, false)?;
    if !POSITIONS.contains(&f.position) {
        return Err(problem(
            "position",
            format!("Position {} liegt außerhalb von 1–99", f.position),
            format!("position {} lies outside 1–99", f.position),
        ));
    }
    Ok(())
}

/// A new field: its texts, and an id no field has.
pub fn check_new_field(f: &Field, catalogue: &Catalogue) -> Result<(), EditProblem> {
    id_length(f.id.as_str())?;
    if catalogue.field(&f.id).is_some() {
        return Err(problem(
            "id",
            format!(
                "Das Handlungsfeld {} gibt es schon; eine andere ID wählen oder es bearbeiten",
                f.id
            ),
            format!(
                "Field {} exists already; choose another id or edit it",
                f.id
            ),
        ));
    }
    check_field_texts(f)
}

/// Labels, texts, unit, source and range of an indicator (new or edited).
pub fn check_indicator_texts(i: &Indicator) -> Result<(), EditProblem> {
    text("label_de", &i.label_de, MAX_LABEL, true)?;
    text("label_en", &i.label_en, MAX_LABEL, true)?;
    text("definition_de", &i.definition_de, MAX_TEXT, true)?;
    text("definition_en", &i.definition_en, MAX_TEXT, false)?;
    text("unit", &i.unit, MAX_LABEL, true)?;
    text("source", &i.source, MAX_LABEL, true)?;
    if let (Some(min), Some(max)) = (i.min, i.max)
        && !(min.is_finite() && max.is_finite() && min < max)
    {
        return Err(problem(
            "max",
            format!(
                "Der Bereich {min} bis {max} ist leer: das Minimum muss unter dem Maximum liegen"
            ),
            format!("The range {min} to {max} is empty: the minimum must lie below the maximum"),
        ));
    }
    Ok(())
}

/// A new indicator: texts, an id no indicator has, a field that exists and is not archived
/// (context indicators have none), definition version 1.
pub fn check_new_indicator(i: &Indicator, catalogue: &Catalogue) -> Result<(), EditProblem> {
    id_length(i.id.as_str())?;
    if catalogue.indicator(&i.id).is_some() {
        return Err(problem(
            "id",
            format!(
                "Den Indikator {} gibt es schon; eine andere ID wählen oder ihn bearbeiten",
                i.id
            ),
            format!(
                "Indicator {} exists already; choose another id or edit it",
                i.id
            ),
        ));
    }
    match (&i.field, i.kind) {
        (Some(field), _) => match catalogue.field(field) {
            None => {
                return Err(problem(
                    "field",
                    format!("Unbekanntes Handlungsfeld {field}"),
                    format!("Unknown field {field}"),
                ));
            }
            Some(f) if f.archived => {
                return Err(problem(
                    "field",
                    format!("Das Handlungsfeld {field} ist archiviert"),
                    format!("Field {field} is archived"),
                ));
            }
            Some(_) => {}
        },
        (None, IndicatorKind::Context) => {}
        (None, _) => {
            return Err(problem(
                "field",
                "Nur Kontextindikatoren haben kein Handlungsfeld",
                "Only context indicators have no field",
            ));
        }
    }
    if i.definition_version != 1 {
        return Err(problem(
            "definition_version",
            "Ein neuer Indikator beginnt mit Version 1",
            "A new indicator starts at version 1",
        ));
    }
    check_indicator_texts(i)
}

/// A change of an indicator's definition: the new texts, the day they apply from, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefinitionChange {
    pub definition_de: String,
    #[serde(default)]
    pub definition_en: String,
    /// The first day values follow the new definition.
    pub valid_from: NaiveDate,
    /// What changed, for the break marker in charts and tables.
    pub note_de: String,
    #[serde(default)]
    pub note_en: String,
}

/// One definition version of an indicator, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DefinitionVersion {
    pub version: i32,
    /// `None` for the version the catalogue started with.
    pub valid_from: Option<NaiveDate>,
    pub definition_de: String,
    pub definition_en: String,
    pub note_de: String,
    pub note_en: String,
    /// When the version was recorded; `None` for the version an indicator started with when no
    /// change was ever recorded (it has no row). Versions are append-only, so this also dates
    /// which version an observation was recorded under: the highest version created on or
    /// before the observation's `recorded_at` (see `vergleich_service::definition_mix`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A definition change after the versions so far: texts, and a day after the last version's.
pub fn check_definition_change(
    change: &DefinitionChange,
    versions: &[DefinitionVersion],
) -> Result<(), EditProblem> {
    text("definition_de", &change.definition_de, MAX_TEXT, true)?;
    text("definition_en", &change.definition_en, MAX_TEXT, false)?;
    text("note_de", &change.note_de, MAX_TEXT, true)?;
    text("note_en", &change.note_en, MAX_TEXT, false)?;
    if let Some(last) = versions.iter().filter_map(|v| v.valid_from).max()
        && change.valid_from <= last
    {
        return Err(problem(
            "valid_from",
            format!(
                "Die neue Definition muss nach der letzten ({last}) gelten; eine Version geht nicht zurück"
            ),
            format!(
                "The new definition must apply after the last one ({last}); a version does not go backwards"
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FieldId, IndicatorId, Level, Polarity};

    fn catalogue() -> Catalogue {
        Catalogue::from_csv(
            include_str!("../../../datasets/fields.csv"),
            include_str!("../../../datasets/indicators.csv"),
        )
        .unwrap()
    }

    fn field(id: &str) -> Field {
        Field {
            id: FieldId::parse(id).unwrap(),
            position: 8,
            label_de: "Gesundheit und Prävention".into(),
            label_en: "Health and prevention".into(),
            short_de: String::new(),
            short_en: String::new(),
            description_de: String::new(),
            description_en: String::new(),
            archived: false,
        }
    }

    fn indicator(id: &str, field: Option<&str>) -> Indicator {
        Indicator {
            id: IndicatorId::parse(id).unwrap(),
            field: field.map(|f| FieldId::parse(f).unwrap()),
            kind: IndicatorKind::Statistic,
            label_de: "L".into(),
            label_en: "L".into(),
            definition_de: "D".into(),
            definition_en: String::new(),
            unit: "%".into(),
            polarity: Polarity::HigherIsBetter,
            min: Some(0.0),
            max: Some(100.0),
            source: "S".into(),
            level: Level::Kommune,
            definition_version: 1,
        }
    }

    #[test]
    fn a_new_field_needs_a_free_id_labels_and_a_position() {
        let c = catalogue();
        check_new_field(&field("gesundheit"), &c).unwrap();
        assert_eq!(
            check_new_field(&field("steuerung"), &c).unwrap_err().field,
            "id"
        );
        let long = "g".repeat(MAX_ID + 1);
        assert_eq!(check_new_field(&field(&long), &c).unwrap_err().field, "id");
        check_new_field(&field(&"g".repeat(MAX_ID)), &c).unwrap();
        let mut f = field("gesundheit");
        f.label_en = " ".into();
        assert_eq!(check_new_field(&f, &c).unwrap_err().field, "label_en");
        let mut f = field("gesundheit");
        f.position = 100;
        assert_eq!(check_new_field(&f, &c).unwrap_err().field, "position");
        f.position = 99;
        check_new_field(&f, &c).unwrap();
    }

    #[test]
    fn a_new_indicator_needs_a_known_open_field_a_unit_and_a_range_that_is_not_empty() {
        let mut c = catalogue();
        check_new_indicator(&indicator("neu", Some("arbeit")), &c).unwrap();
        assert_eq!(
            check_new_indicator(&indicator("neu", Some("mond")), &c)
                .unwrap_err()
                .field,
            "field"
        );
        assert_eq!(
            check_new_indicator(&indicator("neu", None), &c)
                .unwrap_err()
                .field,
            "field"
        );
        let mut i = indicator("neu", Some("arbeit"));
        i.unit = String::new();
        assert_eq!(check_new_indicator(&i, &c).unwrap_err().field, "unit");
        let mut i = indicator("neu", Some("arbeit"));
        i.min = Some(100.0);
        assert_eq!(check_new_indicator(&i, &c).unwrap_err().field, "max");
        c.fields
            .iter_mut()
            .find(|f| f.id.as_str() == "arbeit")
            .unwrap()
            .archived = true;
        assert_eq!(
            check_new_indicator(&indicator("neu", Some("arbeit")), &c)
                .unwrap_err()
                .field,
            "field"
        );
    }

    #[test]
    fn a_definition_version_never_goes_back() {
        let change = |day: &str| DefinitionChange {
            definition_de: "neu".into(),
            definition_en: String::new(),
            valid_from: NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap(),
            note_de: "warum".into(),
            note_en: String::new(),
        };
        let v = |n: i32, day: Option<&str>| DefinitionVersion {
            version: n,
            valid_from: day.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()),
            definition_de: String::new(),
            definition_en: String::new(),
            note_de: String::new(),
            note_en: String::new(),
            created_at: None,
        };
        let versions = [v(1, None), v(2, Some("2022-01-01"))];
        check_definition_change(&change("2022-01-02"), &versions).unwrap();
        for day in ["2022-01-01", "2020-05-05"] {
            assert_eq!(
                check_definition_change(&change(day), &versions)
                    .unwrap_err()
                    .field,
                "valid_from"
            );
        }
        let mut c = change("2023-01-01");
        c.note_de = String::new();
        assert_eq!(
            check_definition_change(&c, &versions).unwrap_err().field,
            "note_de"
        );
    }
}
