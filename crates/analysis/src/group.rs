//! Comparison groups: the whole cohort, predefined peer groups (kind, size class, state,
//! east/west), custom member lists and the k nearest neighbours on standardised context
//! indicators. Every member carries the reason it was chosen, in German and English.

use polars::prelude::DataFrame;
use serde::Serialize;
use vergleich_domain::{Ags, Cohort, IndicatorId, Municipality, MunicipalityKind, State};

use crate::error::AnalysisError;
use crate::frame;
use crate::text::{number_de, number_en};

/// How a group was formed; carried by every result computed over it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum GroupDefinition {
    WholeCohort,
    /// Cities (kreisfreie Stadt, Stadt, Gemeinde) or districts (Landkreis).
    Kind {
        districts: bool,
    },
    /// Population (`bevoelkerung`) in `year` within `[lower, upper)`.
    SizeClass {
        class: SizeClass,
        year: i32,
    },
    State {
        state: State,
    },
    EastWest {
        east: bool,
    },
    Custom,
    /// The focus member and its `k` nearest neighbours.
    NearestNeighbours {
        focus: Ags,
        k: usize,
        year: i32,
        indicators: Vec<IndicatorId>,
    },
}

/// Size classes by population, after the BBSR town types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SizeClass {
    /// Under 20,000.
    Small,
    /// 20,000 to under 100,000.
    Medium,
    /// 100,000 to under 500,000.
    Large,
    /// 500,000 and more.
    Metropolis,
}

impl SizeClass {
    pub fn of(population: f64) -> Self {
        match population {
            p if p < 20_000.0 => Self::Small,
            p if p < 100_000.0 => Self::Medium,
            p if p < 500_000.0 => Self::Large,
            _ => Self::Metropolis,
        }
    }

    pub fn label_de(self) -> &'static str {
        match self {
            Self::Small => "unter 20.000 Einwohner",
            Self::Medium => "20.000 bis unter 100.000 Einwohner",
            Self::Large => "100.000 bis unter 500.000 Einwohner",
            Self::Metropolis => "500.000 Einwohner und mehr",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Small => "under 20,000 residents",
            Self::Medium => "20,000 to under 100,000 residents",
            Self::Large => "100,000 to under 500,000 residents",
            Self::Metropolis => "500,000 residents and more",
        }
    }
}

/// A context value that made a member similar.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContextValue {
    pub indicator: IndicatorId,
    pub value: Option<f64>,
}

/// One member of a group and why it belongs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupMember {
    pub key: Ags,
    pub name: String,
    pub reason_de: String,
    pub reason_en: String,
    /// Distance on standardised context indicators (nearest neighbours only).
    pub distance: Option<f64>,
    pub context: Vec<ContextValue>,
}

/// A comparison group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeerGroup {
    pub id: String,
    pub label_de: String,
    pub label_en: String,
    pub definition: GroupDefinition,
    pub members: Vec<GroupMember>,
}

/// The part of a group every result repeats: id, labels, definition, keys and size N.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupSummary {
    pub id: String,
    pub label_de: String,
    pub label_en: String,
    pub definition: GroupDefinition,
    pub members: Vec<Ags>,
    pub size: usize,
}

impl PeerGroup {
    pub fn summary(&self) -> GroupSummary {
        GroupSummary {
            id: self.id.clone(),
            label_de: self.label_de.clone(),
            label_en: self.label_en.clone(),
            definition: self.definition.clone(),
            members: self.keys(),
            size: self.members.len(),
        }
    }

    pub fn keys(&self) -> Vec<Ags> {
        self.members.iter().map(|m| m.key.clone()).collect()
    }

    pub(crate) fn key_strs(&self) -> Vec<&str> {
        self.members.iter().map(|m| m.key.as_str()).collect()
    }

    pub fn name_of(&self, key: &Ags) -> Option<&str> {
        self.members
            .iter()
            .find(|m| &m.key == key)
            .map(|m| m.name.as_str())
    }
}

fn member(m: &Municipality, reason_de: String, reason_en: String) -> GroupMember {
    GroupMember {
        key: m.key.clone(),
        name: m.name.clone(),
        reason_de,
        reason_en,
        distance: None,
        context: Vec::new(),
    }
}

fn filtered(
    cohort: &Cohort,
    id: String,
    (label_de, label_en): (String, String),
    definition: GroupDefinition,
    keep: impl Fn(&Municipality) -> bool,
) -> PeerGroup {
    let members = cohort
        .municipalities
        .iter()
        .filter(|m| keep(m))
        .map(|m| member(m, label_de.clone(), label_en.clone()))
        .collect();
    PeerGroup {
        id,
        label_de,
        label_en,
        definition,
        members,
    }
}

/// Every member of the cohort.
pub fn whole_cohort(cohort: &Cohort) -> PeerGroup {
    let labels = ("alle Mitglieder".to_owned(), "all members".to_owned());
    filtered(
        cohort,
        "all".into(),
        labels,
        GroupDefinition::WholeCohort,
        |_| true,
    )
}

/// Cities (every kind but Landkreis) or districts.
pub fn by_kind(cohort: &Cohort, districts: bool) -> PeerGroup {
    let labels = if districts {
        ("Landkreise".to_owned(), "districts".to_owned())
    } else {
        ("Städte".to_owned(), "cities".to_owned())
    };
    let id = if districts { "districts" } else { "cities" };
    filtered(
        cohort,
        id.into(),
        labels,
        GroupDefinition::Kind { districts },
        |m| (m.kind == MunicipalityKind::Landkreis) == districts,
    )
}

/// Members of one state.
pub fn by_state(cohort: &Cohort, state: State) -> PeerGroup {
    let labels = (
        format!("Land {}", state.as_str()),
        format!("state {}", state.as_str()),
    );
    filtered(
        cohort,
        format!("state-{}", state.as_str()),
        labels,
        GroupDefinition::State { state },
        |m| m.state == state,
    )
}

/// Members in the eastern states (including Berlin) or the western ones.
pub fn east_west(cohort: &Cohort, east: bool) -> PeerGroup {
    let labels = if east {
        ("Ostdeutschland".to_owned(), "eastern Germany".to_owned())
    } else {
        ("Westdeutschland".to_owned(), "western Germany".to_owned())
    };
    let id = if east { "east" } else { "west" };
    filtered(
        cohort,
        id.into(),
        labels,
        GroupDefinition::EastWest { east },
        |m| m.state.is_east() == east,
    )
}

/// A hand-picked list; every key must be in the cohort.
pub fn custom(
    cohort: &Cohort,
    id: &str,
    label_de: &str,
    label_en: &str,
    keys: &[Ags],
) -> Result<PeerGroup, AnalysisError> {
    let mut members = Vec::with_capacity(keys.len());
    for key in keys {
        let m = cohort
            .get(key)
            .ok_or_else(|| AnalysisError::UnknownMember { key: key.clone() })?;
        members.push(member(
            m,
            "von Hand ausgewählt".into(),
            "chosen by hand".into(),
        ));
    }
    Ok(PeerGroup {
        id: id.to_owned(),
        label_de: label_de.to_owned(),
        label_en: label_en.to_owned(),
        definition: GroupDefinition::Custom,
        members,
    })
}

/// The indicator holding population, used for size classes.
pub const POPULATION: &str = "bevoelkerung";

/// Members whose population in `year` falls in `class`; members without a population figure
/// that year are left out.
pub fn by_size_class(
    cohort: &Cohort,
    frame: &DataFrame,
    year: i32,
    class: SizeClass,
) -> Result<PeerGroup, AnalysisError> {
    let cells = frame::cells(&frame::select(frame, &[POPULATION], &[year], &[])?)?;
    let mut members = Vec::new();
    for m in &cohort.municipalities {
        let population = cells
            .iter()
            .find(|c| c.municipality == m.key.as_str())
            .and_then(|c| c.value);
        if let Some(p) = population.filter(|p| SizeClass::of(*p) == class) {
            let mut gm = member(
                m,
                format!("{} Einwohner ({year})", number_de(p)),
                format!("{} residents ({year})", number_en(p)),
            );
            gm.context = vec![ContextValue {
                indicator: IndicatorId::parse(POPULATION).map_err(|_| {
                    AnalysisError::InvalidOptions {
                        message: "population id".into(),
                    }
                })?,
                value: Some(p),
            }];
            members.push(gm);
        }
    }
    Ok(PeerGroup {
        id: format!("size-{}", class_id(class)),
        label_de: class.label_de().into(),
        label_en: class.label_en().into(),
        definition: GroupDefinition::SizeClass { class, year },
        members,
    })
}

fn class_id(class: SizeClass) -> &'static str {
    match class {
        SizeClass::Small => "small",
        SizeClass::Medium => "medium",
        SizeClass::Large => "large",
        SizeClass::Metropolis => "metropolis",
    }
}

#[cfg(test)]
mod tests;
