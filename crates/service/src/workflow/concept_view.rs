//! Reading an Integrationskonzept (issue #13): one version with the progress of every target
//! and goal computed from the member's published observations, each actual value with its year
//! and source, and the warnings that keep a concept alive ("kurze Haltbarkeit").
//!
//! Progress reads published observations only, whoever reads: a concept's progress is a public
//! statement, and an unreviewed draft value never moves it.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use vergleich_domain::concept::progress::{
    Actual, MeasureFigure, TargetProgress, TargetState, goal_progress, latest_actual,
    target_progress,
};
use vergleich_domain::concept::{ConceptContent, Goal, Measure, MeasureStatus};
use vergleich_domain::{Ags, Indicator, IndicatorId};
use vergleich_store::{ConceptState, ConceptVersion, ObservationQuery, StoredObservation};

use super::concept_warnings::warnings;
use super::{Principal, Workflow};
use crate::error::{Error, Result};

/// Measures not updated for this many days are flagged (about six months).
pub const STALE_DAYS: i64 = 183;

/// When "now" is and how old an update may be: passed in, so tests and demo pages are stable.
#[derive(Debug, Clone, Copy)]
pub struct ConceptClock {
    pub today: NaiveDate,
    pub stale_after: Duration,
}

impl ConceptClock {
    pub fn at(today: NaiveDate) -> Self {
        Self {
            today,
            stale_after: Duration::days(STALE_DAYS),
        }
    }
}

pub use super::concept_model::*;

/// The member's versions this reader may see, and which of them to show: the one labelled
/// `label`, else the newest published, else the newest draft.
pub fn pick<'v>(
    versions: &'v [ConceptVersion],
    label: Option<&str>,
) -> Result<Option<&'v ConceptVersion>> {
    if let Some(label) = label {
        return versions
            .iter()
            .find(|v| v.label == label)
            .map(Some)
            .ok_or_else(|| {
                Error::not_found(
                    &format!("Die Fassung „{label}“ des Integrationskonzepts"),
                    &format!("concept version \"{label}\""),
                )
            });
    }
    Ok(versions
        .iter()
        .rev()
        .find(|v| v.state == ConceptState::Published)
        .or_else(|| versions.last()))
}

/// The indicators' published values per (member, indicator), newest years included.
pub type Values = HashMap<(Ags, IndicatorId), Vec<StoredObservation>>;

/// Reads the published observations of `members` on every indicator their targets name, in
/// one query.
pub async fn published_values(
    wf: &Workflow<'_>,
    members: Vec<Ags>,
    contents: &[&ConceptContent],
) -> Result<Values> {
    let mut indicators: Vec<IndicatorId> = contents
        .iter()
        .flat_map(|c| {
            c.goals()
                .flat_map(|(_, g)| g.targets.iter().map(|t| t.indicator.clone()))
        })
        .collect();
    indicators.sort();
    indicators.dedup();
    let mut out = Values::new();
    if indicators.is_empty() || members.is_empty() {
        return Ok(out);
    }
    let stored = wf
        .store
        .observations(&ObservationQuery {
            municipalities: members,
            indicators,
            visibility: vergleich_store::Visibility::Published,
            ..Default::default()
        })
        .await?;
    for o in stored {
        let key = (
            o.observation.municipality.clone(),
            o.observation.indicator.clone(),
        );
        out.entry(key).or_default().push(o);
    }
    Ok(out)
}

fn target_view(
    t: &vergleich_domain::concept::Target,
    indicator: Option<&Indicator>,
    values: &[StoredObservation],
) -> TargetView {
    let pairs = values
        .iter()
        .map(|o| (o.observation.period.year(), o.observation.value));
    let actual: Option<Actual> = latest_actual(t, pairs);
    let progress: TargetProgress = target_progress(t, actual);
    let source = actual.and_then(|a| {
        values
            .iter()
            .find(|o| o.observation.period.year() == a.year && o.observation.value.is_some())
    });
    TargetView {
        indicator: t.indicator.clone(),
        label_de: indicator.map_or_else(|| t.indicator.to_string(), |i| i.label_de.clone()),
        label_en: indicator.map_or_else(|| t.indicator.to_string(), |i| i.label_en.clone()),
        unit: indicator.map(|i| i.unit.clone()).unwrap_or_default(),
        role: t.role,
        direction: t.direction(),
        baseline_year: t.baseline_year,
        baseline: t.baseline,
        target_year: t.target_year,
        target: t.target,
        actual: progress.actual.map(|a| ActualView {
            year: a.year,
            value: a.value,
            source: source.and_then(|o| o.observation.source.clone()),
            synthetic: source.is_some_and(|o| o.synthetic),
        }),
        attainment: progress.attainment,
        expected: progress.expected,
        expected_value: progress
            .expected
            .map(|e| t.baseline + e * (t.target - t.baseline)),
        state: progress.state,
    }
}

/// The goals of a Themenfeld in tree order (each strategic goal followed by those under it).
fn tree_order(goals: &[Goal]) -> Vec<(&Goal, usize)> {
    fn visit<'g>(goals: &'g [Goal], at: &'g Goal, depth: usize, out: &mut Vec<(&'g Goal, usize)>) {
        if out.iter().any(|(g, _)| g.id == at.id) || depth > goals.len() {
            return;
        }
        out.push((at, depth));
        for child in goals.iter().filter(|g| g.parent == Some(at.id)) {
            visit(goals, child, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    for root in goals
        .iter()
        .filter(|g| g.parent.is_none_or(|p| !goals.iter().any(|o| o.id == p)))
    {
        visit(goals, root, 0, &mut out);
    }
    out
}

/// A version with progress from `values` and its warnings on `clock.today`.
pub fn shown(
    version: &ConceptVersion,
    all: &[ConceptVersion],
    catalogue: &vergleich_domain::Catalogue,
    values: &Values,
    clock: ConceptClock,
) -> ShownVersion {
    let content = &version.content;
    let empty = Vec::new();
    let mut counts = TargetCounts::default();
    let themenfelder = content
        .themenfelder
        .iter()
        .map(|t| ThemenfeldView {
            key: t.key.clone(),
            title: t.title.clone(),
            fields: t
                .fields
                .iter()
                .map(|f| {
                    let field = catalogue.fields.iter().find(|x| &x.id == f);
                    FieldRef {
                        id: f.to_string(),
                        label_de: field.map_or_else(|| f.to_string(), |x| x.label_de.clone()),
                        label_en: field.map_or_else(|| f.to_string(), |x| x.label_en.clone()),
                    }
                })
                .collect(),
            ideal_de: t.ideal_de.clone(),
            ideal_en: t.ideal_en.clone(),
            goals: tree_order(&t.goals)
                .into_iter()
                .map(|(g, depth)| {
                    let targets: Vec<TargetView> = g
                        .targets
                        .iter()
                        .map(|target| {
                            let key = (version.municipality.clone(), target.indicator.clone());
                            let indicator = catalogue
                                .indicators
                                .iter()
                                .find(|i| i.id == target.indicator);
                            target_view(target, indicator, values.get(&key).unwrap_or(&empty))
                        })
                        .collect();
                    for t in &targets {
                        match t.state {
                            TargetState::Reached => counts.reached += 1,
                            TargetState::OnTrack => counts.on_track += 1,
                            TargetState::Behind => counts.behind += 1,
                            TargetState::NoData => counts.no_data += 1,
                        }
                    }
                    let measures: Vec<&Measure> = content
                        .measures
                        .iter()
                        .filter(|m| m.goals.contains(&g.id))
                        .collect();
                    let figures: Vec<MeasureFigure> = measures
                        .iter()
                        .map(|m| MeasureFigure {
                            status: m.status,
                            progress: m.progress,
                            weight: 1.0,
                        })
                        .collect();
                    let progress: Vec<TargetProgress> = targets
                        .iter()
                        .map(|t| TargetProgress {
                            actual: t.actual.as_ref().map(|a| Actual {
                                year: a.year,
                                value: a.value,
                            }),
                            attainment: t.attainment,
                            expected: t.expected,
                            state: t.state,
                        })
                        .collect();
                    GoalView {
                        id: g.id,
                        parent: g.parent,
                        depth,
                        title: g.title.clone(),
                        owner: g.owner.clone(),
                        deadline: g.deadline,
                        progress: goal_progress(&progress, &figures),
                        targets,
                        measures: measures.iter().map(|m| m.id).collect(),
                    }
                })
                .collect(),
        })
        .collect::<Vec<_>>();
    // A superseded version is history, not a to-do list: it gets no warnings.
    let superseded = version.state == ConceptState::Published
        && all
            .iter()
            .any(|v| v.state == ConceptState::Published && v.id > version.id);
    let warnings = if superseded {
        Vec::new()
    } else {
        warnings(version, &themenfelder, &catalogue.indicators, clock)
    };
    ShownVersion {
        version: VersionSummary::of(version, all),
        themenfelder,
        measures: content.measures.clone(),
        targets: counts,
        warnings,
        today: clock.today,
    }
}

impl Workflow<'_> {
    /// A member's concept as `principal` may read it, the version labelled `label` (or the
    /// current one) shown with progress and warnings.
    pub async fn concept(
        &self,
        principal: &Principal,
        member: &Ags,
        label: Option<&str>,
        clock: ConceptClock,
    ) -> Result<ConceptView> {
        let municipality = self
            .store
            .municipalities()
            .await?
            .into_iter()
            .find(|m| &m.key == member)
            .ok_or_else(|| {
                Error::not_found(
                    &format!("Die Kommune „{member}“"),
                    &format!("municipality \"{member}\""),
                )
            })?;
        let versions = self.concept_versions(principal, member).await?;
        let shown = match pick(&versions, label)? {
            None => None,
            Some(v) => {
                let catalogue = vergleich_domain::Catalogue {
                    fields: self.store.fields().await?,
                    indicators: self.store.indicators().await?,
                };
                let values = published_values(self, vec![member.clone()], &[&v.content]).await?;
                Some(shown(v, &versions, &catalogue, &values, clock))
            }
        };
        Ok(ConceptView {
            municipality: member.clone(),
            name: municipality.name,
            versions: versions
                .iter()
                .map(|v| VersionSummary::of(v, &versions))
                .collect(),
            shown,
            method_de: METHOD_DE,
            method_en: METHOD_EN,
        })
    }
}

/// Measures still under way (not completed, not dropped).
pub fn under_way(status: MeasureStatus) -> bool {
    !matches!(
        status,
        MeasureStatus::Abgeschlossen | MeasureStatus::Verworfen
    )
}
