//! Integrationskonzepte across members (issue #13 item 8) and between versions: every member's
//! current concept with its progress and warnings (the managers' overview), which members have
//! goals and measures in each Handlungsfeld, targets on the same indicator side by side, a
//! measure search by field, status and keyword, and the diff of two versions of one member.
//!
//! Everything is computed from two queries (all versions, and the published values of every
//! indicator any target names), not one per member.

use serde::Serialize;
use utoipa::ToSchema;
use vergleich_domain::concept::MeasureStatus;
use vergleich_domain::concept::diff::{DiffEntry, diff};
use vergleich_domain::{Ags, Catalogue};
use vergleich_store::{ConceptState, ConceptVersion};

use super::concept_view::{
    ConceptClock, ShownVersion, TargetView, VersionSummary, pick, published_values, shown,
};
use super::{Principal, Workflow};
use crate::error::{Error, Result};

/// A member's current version in the overview.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MemberConcept {
    #[schema(value_type = String)]
    pub municipality: Ags,
    pub name: String,
    /// The current version with progress and warnings.
    pub current: ShownVersion,
    /// Drafts besides it (seen by the member's users, managers and admins only).
    pub drafts: Vec<String>,
}

/// Which members have goals and measures in a Handlungsfeld.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldCoverage {
    pub field: String,
    pub label_de: String,
    pub label_en: String,
    /// Member names with at least one goal in a Themenfeld mapped to the field.
    pub members: Vec<String>,
    pub goals: usize,
    pub measures: usize,
}

/// One member's target on an indicator.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TargetOf {
    pub member: String,
    #[schema(value_type = String)]
    pub municipality: Ags,
    pub goal: String,
    pub target: TargetView,
}

/// The targets members set on one indicator, side by side.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IndicatorTargets {
    pub indicator: String,
    pub label_de: String,
    pub label_en: String,
    pub unit: String,
    pub targets: Vec<TargetOf>,
}

/// A measure found by the search.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeasureHit {
    pub member: String,
    #[schema(value_type = String)]
    pub municipality: Ags,
    pub version: String,
    pub id: i64,
    pub title: String,
    pub status: String,
    pub owner: Option<String>,
    /// The Handlungsfelder of the Themenfelder of its goals.
    pub fields: Vec<String>,
}

/// What the measure search asks for (all optional).
#[derive(Debug, Clone, Default)]
pub struct MeasureQuery {
    pub field: Option<String>,
    pub status: Option<MeasureStatus>,
    pub keyword: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConceptsAcross {
    pub members: Vec<MemberConcept>,
    pub fields: Vec<FieldCoverage>,
    pub targets: Vec<IndicatorTargets>,
    pub measures: Vec<MeasureHit>,
}

/// Case- and umlaut-insensitive text for the keyword search ("Bürger" finds "BUERGER").
pub fn folded(text: &str) -> String {
    text.to_lowercase()
        .replace('ä', "ae")
        .replace('ö', "oe")
        .replace('ü', "ue")
        .replace('ß', "ss")
}

/// The measures of `shown` that `query` asks for.
fn hits(
    member: &str,
    municipality: &Ags,
    version: &ConceptVersion,
    query: &MeasureQuery,
) -> Vec<MeasureHit> {
    let keyword = query.keyword.as_deref().map(folded);
    version
        .content
        .measures
        .iter()
        .filter_map(|m| {
            let fields: Vec<String> = super::exchange_index::measure_fields(version, &m.goals)
                .iter()
                .map(ToString::to_string)
                .collect();
            let wanted = query.field.as_ref().is_none_or(|f| fields.contains(f))
                && query.status.is_none_or(|s| s == m.status)
                && keyword.as_ref().is_none_or(|k| {
                    folded(&m.title).contains(k)
                        || m.owner.as_deref().is_some_and(|o| folded(o).contains(k))
                });
            wanted.then(|| MeasureHit {
                member: member.to_owned(),
                municipality: municipality.clone(),
                version: version.label.clone(),
                id: m.id,
                title: m.title.clone(),
                status: m.status.as_str().to_owned(),
                owner: m.owner.clone(),
                fields,
            })
        })
        .collect()
}

impl Workflow<'_> {
    /// Every member's current concept this reader may see, with progress, warnings, field
    /// coverage, targets side by side and the measures `query` finds.
    pub async fn concepts_across(
        &self,
        principal: &Principal,
        query: &MeasureQuery,
        clock: ConceptClock,
    ) -> Result<ConceptsAcross> {
        let catalogue = Catalogue {
            fields: self.store.fields().await?,
            indicators: self.store.indicators().await?,
        };
        let cohort = self.store.municipalities().await?;
        let all = self.store.all_concept_versions().await?;
        let mut by_member: Vec<(Ags, Vec<ConceptVersion>)> = Vec::new();
        for v in all {
            let sees_drafts = principal.insider(&v.municipality);
            if v.state == ConceptState::Draft && !sees_drafts {
                continue;
            }
            let v = super::concepts::for_reader(v, principal);
            match by_member.last_mut() {
                Some((m, list)) if *m == v.municipality => list.push(v),
                _ => by_member.push((v.municipality.clone(), vec![v])),
            }
        }
        let current: Vec<(&Ags, &Vec<ConceptVersion>, &ConceptVersion)> = by_member
            .iter()
            .filter_map(|(m, list)| pick(list, None).ok().flatten().map(|c| (m, list, c)))
            .collect();
        let contents: Vec<_> = current.iter().map(|(_, _, c)| &c.content).collect();
        let members: Vec<Ags> = current.iter().map(|(m, _, _)| (*m).clone()).collect();
        let values = published_values(self, members, &contents).await?;
        let name_of = |m: &Ags| {
            cohort
                .iter()
                .find(|x| &x.key == m)
                .map_or_else(|| m.to_string(), |x| x.name.clone())
        };
        let mut out = ConceptsAcross {
            members: Vec::new(),
            fields: catalogue
                .fields
                .iter()
                .map(|f| FieldCoverage {
                    field: f.id.to_string(),
                    label_de: f.label_de.clone(),
                    label_en: f.label_en.clone(),
                    members: Vec::new(),
                    goals: 0,
                    measures: 0,
                })
                .collect(),
            targets: Vec::new(),
            measures: Vec::new(),
        };
        for (member, list, version) in current {
            let name = name_of(member);
            let view = shown(version, list, &catalogue, &values, clock);
            for t in &version.content.themenfelder {
                let measures = version
                    .content
                    .measures
                    .iter()
                    .filter(|m| t.goals.iter().any(|g| m.goals.contains(&g.id)))
                    .count();
                for f in &t.fields {
                    if let Some(c) = out.fields.iter_mut().find(|c| c.field == f.as_str()) {
                        if !t.goals.is_empty() && !c.members.contains(&name) {
                            c.members.push(name.clone());
                        }
                        c.goals += t.goals.len();
                        c.measures += measures;
                    }
                }
            }
            for t in &view.themenfelder {
                for g in &t.goals {
                    for target in &g.targets {
                        let id = target.indicator.to_string();
                        let of = TargetOf {
                            member: name.clone(),
                            municipality: member.clone(),
                            goal: g.title.clone(),
                            target: target.clone(),
                        };
                        match out.targets.iter_mut().find(|x| x.indicator == id) {
                            Some(x) => x.targets.push(of),
                            None => out.targets.push(IndicatorTargets {
                                indicator: id,
                                label_de: target.label_de.clone(),
                                label_en: target.label_en.clone(),
                                unit: target.unit.clone(),
                                targets: vec![of],
                            }),
                        }
                    }
                }
            }
            out.measures.extend(hits(&name, member, version, query));
            out.members.push(MemberConcept {
                municipality: member.clone(),
                name,
                current: view,
                drafts: list
                    .iter()
                    .filter(|v| v.state == ConceptState::Draft && v.id != version.id)
                    .map(|v| v.label.clone())
                    .collect(),
            });
        }
        out.members.sort_by(|a, b| a.name.cmp(&b.name));
        out.targets.sort_by(|a, b| a.label_de.cmp(&b.label_de));
        Ok(out)
    }

    /// What changed from version `from` to version `to` of a member's concept.
    pub async fn concept_diff(
        &self,
        principal: &Principal,
        member: &Ags,
        from: &str,
        to: &str,
    ) -> Result<ConceptDiff> {
        let versions = self.concept_versions(principal, member).await?;
        let old = pick(&versions, Some(from))?.ok_or_else(|| missing(from))?;
        let new = pick(&versions, Some(to))?.ok_or_else(|| missing(to))?;
        Ok(ConceptDiff {
            municipality: member.clone(),
            from: VersionSummary::of(old, &versions),
            to: VersionSummary::of(new, &versions),
            entries: diff(&old.content, &new.content),
        })
    }
}

fn missing(label: &str) -> Error {
    Error::not_found(
        &format!("Die Fassung „{label}“"),
        &format!("concept version \"{label}\""),
    )
}

/// The changes between two versions.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConceptDiff {
    #[schema(value_type = String)]
    pub municipality: Ags,
    pub from: VersionSummary,
    pub to: VersionSummary,
    #[schema(value_type = Vec<Object>)]
    pub entries: Vec<DiffEntry>,
}
