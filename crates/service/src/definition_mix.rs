//! Which definition version each value was recorded under, and the years in which members'
//! values were recorded under different versions (issue #14 B.2: "a comparison of one year
//! where members reported under different versions says so and lists who").
//!
//! The period rule ([`crate::data::DefinitionBreak`]) says which definition a year *belongs*
//! to; this is about the definition a value was *recorded under*. A 2023 value uploaded in 2024
//! was recorded under version 1 even when version 2, created on 1 March 2025, is valid from
//! 2022; a 2023 value uploaded or corrected after 1 March 2025 was recorded under version 2.
//! The comparison of 2023 then mixes two definitions.
//!
//! Decision: the recorded version is *derived*, not stored in a column of its own. Both inputs
//! are immutable — an observation's `recorded_at` never changes (a correction is a new
//! observation version with its own `recorded_at`), and definition versions are append-only,
//! each with its `created_at` — so the derivation gives the same answer every time: the
//! **highest version whose `created_at` is on or before the observation's `recorded_at`**.
//! Everything recorded before the first change was recorded under the version the indicator
//! started with (the row without `valid_from`, or no row at all: then the lowest version known,
//! version 1). No migration, no backfill, and no way for a stamp to disagree with the catalogue.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use vergleich_charts::Lang;
use vergleich_domain::catalogue_edit::DefinitionVersion;
use vergleich_domain::{Ags, Cohort, IndicatorId};
use vergleich_store::StoredObservation;

/// Members whose values of one indicator-year were recorded under one definition version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VersionGroup {
    pub version: i32,
    /// By name.
    pub members: Vec<VersionMember>,
}

/// A member in a [`VersionGroup`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VersionMember {
    pub key: Ags,
    pub name: String,
}

/// Per indicator and year, the version groups when members' values were recorded under more
/// than one definition version (versions ascending); indicator-years recorded under one version
/// are absent.
pub type Mixed = BTreeMap<(IndicatorId, i32), Vec<VersionGroup>>;

/// The definition version a value recorded at `recorded_at` was recorded under: the highest
/// version created on or before it (a version without `created_at`, never recorded, holds from
/// the beginning), else the lowest version known (1 without any).
pub fn recorded_version(versions: &[DefinitionVersion], recorded_at: DateTime<Utc>) -> i32 {
    versions
        .iter()
        .filter(|v| v.created_at.is_none_or(|created| created <= recorded_at))
        .map(|v| v.version)
        .max()
        .or_else(|| versions.iter().map(|v| v.version).min())
        .unwrap_or(1)
}

/// The indicator-years of `stored` (current observations) whose values — entries without a
/// value do not count — were recorded under different versions, for the indicators in
/// `versions` (those whose definition changed; one pass over `stored`).
pub fn mixed(
    stored: &[StoredObservation],
    versions: &BTreeMap<IndicatorId, Vec<DefinitionVersion>>,
    cohort: &Cohort,
) -> Mixed {
    let recorded = stored.iter().filter_map(|s| {
        let o = &s.observation;
        let list = versions.get(&o.indicator)?;
        o.value?;
        Some((
            &o.municipality,
            &o.indicator,
            o.period.year(),
            recorded_version(list, s.recorded_at),
        ))
    });
    mixed_from(recorded, cohort)
}

/// The same from (member, indicator, year, recorded version) of the values of indicators whose
/// definition changed ([`crate::data::members::MemberRows::recorded`]).
pub fn mixed_from<'a>(
    recorded: impl Iterator<Item = (&'a Ags, &'a IndicatorId, i32, i32)>,
    cohort: &Cohort,
) -> Mixed {
    let mut by_year: BTreeMap<(IndicatorId, i32), BTreeMap<i32, Vec<&Ags>>> = BTreeMap::new();
    for (member, indicator, year, version) in recorded {
        by_year
            .entry((indicator.clone(), year))
            .or_default()
            .entry(version)
            .or_default()
            .push(member);
    }
    by_year
        .into_iter()
        .filter(|(_, groups)| groups.len() > 1)
        .map(|(key, groups)| {
            let groups = groups
                .into_iter()
                .map(|(version, keys)| {
                    let mut members: Vec<VersionMember> = keys
                        .into_iter()
                        .map(|key| VersionMember {
                            key: key.clone(),
                            name: cohort
                                .get(key)
                                .map_or_else(|| key.to_string(), |m| m.name.clone()),
                        })
                        .collect();
                    members.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.key.cmp(&b.key)));
                    VersionGroup { version, members }
                })
                .collect();
            (key, groups)
        })
        .collect()
}

/// The version groups of `indicator` in `year` restricted to the members `counted` (a view's
/// group), empty unless they still hold more than one version.
pub fn among(
    mixed: &Mixed,
    indicator: &IndicatorId,
    year: i32,
    counted: impl Fn(&Ags) -> bool,
) -> Vec<VersionGroup> {
    let Some(groups) = mixed.get(&(indicator.clone(), year)) else {
        return Vec::new();
    };
    let groups: Vec<VersionGroup> = groups
        .iter()
        .map(|g| VersionGroup {
            version: g.version,
            members: g
                .members
                .iter()
                .filter(|m| counted(&m.key))
                .cloned()
                .collect(),
        })
        .filter(|g| !g.members.is_empty())
        .collect();
    if groups.len() > 1 { groups } else { Vec::new() }
}

/// "Version 1: Aachen, Bonn; Version 2: Rostock".
pub fn list(groups: &[VersionGroup], lang: Lang) -> String {
    groups
        .iter()
        .map(|g| {
            let names: Vec<&str> = g.members.iter().map(|m| m.name.as_str()).collect();
            format!(
                "{} {}: {}",
                lang.pick("Version", "version"),
                g.version,
                names.join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The note of a comparison of `year` over `groups` (not empty), in `lang`.
pub fn note(groups: &[VersionGroup], year: i32, lang: Lang) -> String {
    match lang {
        Lang::De => format!(
            "Die Werte von {year} wurden unter verschiedenen Definitionen erfasst: {}. \
             Nicht direkt vergleichbar.",
            list(groups, lang)
        ),
        Lang::En => format!(
            "The values of {year} were recorded under different definitions: {}. \
             Not directly comparable.",
            list(groups, lang)
        ),
    }
}

/// The part of a view's JSON body on mixed versions: `definitions` (who reported under which
/// version) and the note in German and English; nothing when the values do not mix versions.
#[derive(Debug, Serialize)]
pub struct Body<'a> {
    #[serde(skip_serializing_if = "<[VersionGroup]>::is_empty")]
    pub definitions: &'a [VersionGroup],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definitions_note_de: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definitions_note_en: Option<String>,
}

/// The [`Body`] of `groups` in a view of `year`.
pub fn body(groups: &[VersionGroup], year: i32) -> Body<'_> {
    let note = |lang| (!groups.is_empty()).then(|| note(groups, year, lang));
    Body {
        definitions: groups,
        definitions_note_de: note(Lang::De),
        definitions_note_en: note(Lang::En),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    fn version(n: i32, created: Option<&str>) -> DefinitionVersion {
        DefinitionVersion {
            version: n,
            valid_from: None,
            definition_de: String::new(),
            definition_en: String::new(),
            note_de: String::new(),
            note_en: String::new(),
            created_at: created.map(at),
        }
    }

    #[test]
    fn a_value_was_recorded_under_the_latest_version_created_by_then() {
        // Version 1's row written with the change (the indicator had none before).
        let versions = [
            version(1, Some("2025-03-01T10:00:00Z")),
            version(2, Some("2025-03-01T10:00:00Z")),
            version(3, Some("2026-01-05T08:00:00Z")),
        ];
        assert_eq!(recorded_version(&versions, at("2024-05-01T00:00:00Z")), 1);
        assert_eq!(recorded_version(&versions, at("2025-03-01T10:00:00Z")), 2);
        assert_eq!(recorded_version(&versions, at("2025-12-31T23:59:59Z")), 2);
        assert_eq!(recorded_version(&versions, at("2026-02-01T00:00:00Z")), 3);
        // The starting version without a row holds from the beginning.
        let unrecorded = [version(1, None), version(2, Some("2025-03-01T10:00:00Z"))];
        assert_eq!(recorded_version(&unrecorded, at("2020-01-01T00:00:00Z")), 1);
        assert_eq!(recorded_version(&[], at("2020-01-01T00:00:00Z")), 1);
    }

    #[test]
    fn the_note_lists_who_reported_under_which_version() {
        let member = |key: &str, name: &str| VersionMember {
            key: Ags::parse(key).unwrap(),
            name: name.into(),
        };
        let groups = vec![
            VersionGroup {
                version: 1,
                members: vec![member("05334002", "Aachen"), member("05314000", "Bonn")],
            },
            VersionGroup {
                version: 2,
                members: vec![member("13003000", "Rostock")],
            },
        ];
        assert_eq!(
            note(&groups, 2023, Lang::De),
            "Die Werte von 2023 wurden unter verschiedenen Definitionen erfasst: \
             Version 1: Aachen, Bonn; Version 2: Rostock. Nicht direkt vergleichbar."
        );
        assert!(note(&groups, 2023, Lang::En).starts_with(
            "The values of 2023 were recorded under different definitions: version 1: Aachen"
        ));
        let mut mixed = Mixed::new();
        let id = IndicatorId::parse("einbuergerungsquote").unwrap();
        mixed.insert((id.clone(), 2023), groups.clone());
        assert_eq!(among(&mixed, &id, 2023, |_| true), groups);
        assert!(
            among(&mixed, &id, 2023, |k| k.as_str() != "13003000").is_empty(),
            "one version left in the group: not mixed"
        );
        assert!(among(&mixed, &id, 2022, |_| true).is_empty());
    }
}
