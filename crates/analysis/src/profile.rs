//! The profile of one member: its field scores in one year against the median and interquartile
//! range of its peers (the group's other members with a sufficient score), and findings: the
//! clearest strengths (score above the peers' Q3) and needs for action (below Q1), at most three
//! each, largest distance to the median first, only when at least three peers have a score. Each
//! finding is a German and an English sentence with its numbers and the observations behind it.

use std::borrow::Borrow;

use polars::prelude::DataFrame;
use serde::Serialize;
use vergleich_domain::{Ags, Catalogue, FieldId, IndicatorId, Status};

use crate::error::AnalysisError;
use crate::frame;
use crate::group::{GroupSummary, PeerGroup};
use crate::score::{FieldScoreOptions, FieldScores, Normalisation, Score, field_scores_in};
use crate::stats::quantile;
use crate::text::{number_de, number_en};

/// Fewer peers with a score than this give no findings.
pub const MIN_PEERS_FOR_FINDINGS: usize = 3;
/// At most this many strengths and this many needs for action.
pub const MAX_FINDINGS_PER_KIND: usize = 3;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileField {
    pub field: FieldId,
    pub label_de: String,
    pub label_en: String,
    pub score: Score,
    pub coverage: f64,
    pub peer_median: Option<f64>,
    pub peer_q1: Option<f64>,
    pub peer_q3: Option<f64>,
    /// Peers with a score, of `peers_total`.
    pub peers_reported: usize,
    pub peers_total: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    Strength,
    NeedForAction,
}

/// An observation a finding rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObservationRef {
    pub municipality: Ags,
    pub indicator: IndicatorId,
    pub year: i32,
    pub value: Option<f64>,
    pub status: Option<Status>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub field: FieldId,
    pub text_de: String,
    pub text_en: String,
    pub score: f64,
    pub peer_median: f64,
    pub peer_q1: f64,
    pub peer_q3: f64,
    pub peers_reported: usize,
    pub peers_total: usize,
    pub observations: Vec<ObservationRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    pub member: Ags,
    pub name: String,
    pub year: i32,
    pub group: GroupSummary,
    pub options: FieldScoreOptions,
    pub fields: Vec<ProfileField>,
    pub findings: Vec<Finding>,
}

/// The profile of `focus` (a member of `group`) in `year`.
pub fn profile(
    frame: &DataFrame,
    catalogue: &Catalogue,
    group: &PeerGroup,
    focus: &Ags,
    year: i32,
    options: &FieldScoreOptions,
) -> Result<Profile, AnalysisError> {
    let slice = frame::select(frame, &[], &[year], &group.key_strs())?;
    let parts = frame::Parts::of(&slice)?;
    profile_with((catalogue, group, focus, year, options), |field| {
        field_scores_in(&parts, catalogue, field, year, group, options)
    })
}

/// As [`profile`], with each field's scores over `group` from `scores_of` (a service keeps
/// them: every member of a group shares them, and at 11,000 members they are the profile's
/// whole cost).
pub fn profile_with<S, E>(
    (catalogue, group, focus, year, options): (
        &Catalogue,
        &PeerGroup,
        &Ags,
        i32,
        &FieldScoreOptions,
    ),
    mut scores_of: impl FnMut(&FieldId) -> Result<S, E>,
) -> Result<Profile, E>
where
    S: Borrow<FieldScores>,
    E: From<AnalysisError>,
{
    let index = group
        .members
        .iter()
        .position(|m| &m.key == focus)
        .ok_or_else(|| AnalysisError::UnknownMember { key: focus.clone() })?;
    let name = group.members[index].name.clone();
    let mut fields_sorted: Vec<_> = catalogue.fields.iter().collect();
    fields_sorted.sort_by_key(|f| f.position);
    let mut fields = Vec::new();
    let mut candidates: Vec<(f64, Finding)> = Vec::new();
    for field in fields_sorted {
        let scores = scores_of(&field.id)?;
        let scores: &FieldScores = scores.borrow();
        let own = &scores.members[index];
        let mut peers: Vec<f64> = scores
            .members
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != index)
            .filter_map(|(_, m)| m.score.value())
            .collect();
        // Sorted once: each quantile sorts its input again, which is linear on sorted values.
        peers.sort_by(f64::total_cmp);
        let (median, q1, q3) = (
            quantile(&peers, 0.5),
            quantile(&peers, 0.25),
            quantile(&peers, 0.75),
        );
        let entry = ProfileField {
            field: field.id.clone(),
            label_de: field.label_de.clone(),
            label_en: field.label_en.clone(),
            score: own.score,
            coverage: own.coverage,
            peer_median: median,
            peer_q1: q1,
            peer_q3: q3,
            peers_reported: peers.len(),
            peers_total: group.members.len() - 1,
        };
        if let (Some(score), Some(median), Some(q1), Some(q3)) = (own.score.value(), median, q1, q3)
        {
            let kind = if score > q3 {
                Some(FindingKind::Strength)
            } else if score < q1 {
                Some(FindingKind::NeedForAction)
            } else {
                None
            };
            if let Some(kind) = kind.filter(|_| peers.len() >= MIN_PEERS_FOR_FINDINGS) {
                let observations = own
                    .components
                    .iter()
                    .filter(|c| c.value.is_some())
                    .map(|c| ObservationRef {
                        municipality: focus.clone(),
                        indicator: c.indicator.clone(),
                        year,
                        value: c.value,
                        status: c.status,
                    })
                    .collect();
                let (text_de, text_en) = sentences(&name, &entry, kind, score, options);
                let finding = Finding {
                    kind,
                    field: field.id.clone(),
                    text_de,
                    text_en,
                    score,
                    peer_median: median,
                    peer_q1: q1,
                    peer_q3: q3,
                    peers_reported: entry.peers_reported,
                    peers_total: entry.peers_total,
                    observations,
                };
                candidates.push(((score - median).abs(), finding));
            }
        }
        fields.push(entry);
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut findings = Vec::new();
    for kind in [FindingKind::Strength, FindingKind::NeedForAction] {
        findings.extend(
            candidates
                .iter()
                .filter(|c| c.1.kind == kind)
                .take(MAX_FINDINGS_PER_KIND)
                .map(|c| c.1.clone()),
        );
    }
    Ok(Profile {
        member: focus.clone(),
        name,
        year,
        group: group.summary(),
        options: options.clone(),
        fields,
        findings,
    })
}

fn sentences(
    name: &str,
    f: &ProfileField,
    kind: FindingKind,
    score: f64,
    options: &FieldScoreOptions,
) -> (String, String) {
    let (q1, median, q3) = (
        f.peer_q1.unwrap_or_default(),
        f.peer_median.unwrap_or_default(),
        f.peer_q3.unwrap_or_default(),
    );
    let (unit_de, unit_en) = match options.normalisation {
        Normalisation::Z => ("einem z-Wert von ", "a z-score of "),
        _ => ("", ""),
    };
    let (points_de, points_en) = match options.normalisation {
        Normalisation::Z => ("", ""),
        _ => (" Punkten", " points"),
    };
    let (dir_de, dir_en) = match kind {
        FindingKind::Strength => ("über", "above"),
        FindingKind::NeedForAction => ("unter", "below"),
    };
    let de = format!(
        "{name} liegt im Handlungsfeld {} mit {unit_de}{}{points_de} {dir_de} dem Median der \
         Vergleichsgruppe ({}; mittlere Hälfte {} bis {}, {} von {} Vergleichskommunen mit Wert).",
        f.label_de,
        number_de(score),
        number_de(median),
        number_de(q1),
        number_de(q3),
        f.peers_reported,
        f.peers_total
    );
    let en = format!(
        "{name} scores {unit_en}{}{points_en} in the field {}, {dir_en} the peer-group median \
         ({}; middle half {} to {}, {} of {} peers with a score).",
        number_en(score),
        f.label_en,
        number_en(median),
        number_en(q1),
        number_en(q3),
        f.peers_reported,
        f.peers_total
    );
    (de, en)
}

#[cfg(test)]
mod tests;
