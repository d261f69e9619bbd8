//! Learning partners (issue #14 A.2): for each need for action of a member — a field whose score
//! lies below the lower quartile of the other members', or a field whose Selbstcheck score
//! (`sc_{field}`) does — the members strong there (at or above the others' upper quartile),
//! highest first, each with why: its score, how far it is ahead, how similar it is on the
//! context indicators (the distance of the nearest-neighbour groups), and what it published in
//! that field (practices, measures of its current concept).
//!
//! The group is the whole cohort of the year; quartiles are type 7 over the other members with
//! a score, and need at least [`MIN_PEERS_FOR_FINDINGS`] of them, as in the profile.

use serde::Serialize;
use utoipa::ToSchema;
use vergleich_analysis::group::whole_cohort;
use vergleich_analysis::profile::MIN_PEERS_FOR_FINDINGS;
use vergleich_analysis::score::FieldScoreOptions;
use vergleich_analysis::stats::quantile;
use vergleich_analysis::text::{number_de, number_en};
use vergleich_domain::{Ags, FieldId, IndicatorId, IndicatorKind};

use super::partners_memo::{FieldYear, Scores, YearScores};
use crate::analyses;
use crate::data::ViewData;
use crate::error::Result;
use crate::workflow::exchange_index::{Entry, ExchangeIndex};

/// At most this many partners per need.
pub const MAX_PARTNERS: usize = 5;

/// Why a field is a need for action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NeedSource {
    /// The field score (all scored indicators of the field).
    FieldScore,
    /// The Selbstcheck score of the field (`sc_{field}`).
    Selfcheck,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Partner {
    #[schema(value_type = String)]
    pub municipality: Ags,
    pub name: String,
    pub score: f64,
    /// How far its score is ahead of the member's.
    pub ahead: f64,
    /// Root mean square of the z-score differences on the context indicators both reported
    /// (0: alike; about 1.4: as different as two random members); none without shared context.
    pub context_distance: Option<f64>,
    pub reason_de: String,
    pub reason_en: String,
    /// Its published practices and current measures in the field.
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Need {
    #[schema(value_type = String)]
    pub field: FieldId,
    pub label_de: String,
    pub label_en: String,
    pub source: NeedSource,
    pub score: f64,
    pub peer_q1: f64,
    pub peer_median: f64,
    pub peer_q3: f64,
    pub peers_reported: usize,
    pub reason_de: String,
    pub reason_en: String,
    pub partners: Vec<Partner>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LearningPartners {
    #[schema(value_type = String)]
    pub municipality: Ags,
    pub name: String,
    pub year: i32,
    /// Members of the cohort in that year.
    pub group_size: usize,
    pub needs: Vec<Need>,
    pub method_de: String,
    pub method_en: String,
    pub synthetic: bool,
}

fn field_scores(data: &ViewData, field: &FieldId, year: i32) -> Result<Scores> {
    let group = whole_cohort(&data.cohort.in_year(year));
    let scores = analyses::field_scores(data, field, year, &group, &FieldScoreOptions::default())?;
    Ok(scores
        .members
        .iter()
        .map(|m| (m.key.clone(), m.name.clone(), m.score.value()))
        .collect())
}

fn selfcheck_scores(data: &ViewData, field: &FieldId, year: i32) -> Result<Option<Scores>> {
    let Ok(id) = IndicatorId::parse(&format!("sc_{field}")) else {
        return Ok(None);
    };
    let Some(indicator) = data
        .catalogue
        .indicator(&id)
        .filter(|i| i.kind == IndicatorKind::SelfCheck)
    else {
        return Ok(None);
    };
    let group = whole_cohort(&data.cohort.in_year(year));
    let comparison = analyses::compare(data, indicator, year, &group)?;
    Ok(Some(
        comparison
            .members
            .into_iter()
            .map(|m| (m.key, m.name, m.value))
            .collect(),
    ))
}

/// Every field's scores and Selbstcheck comparison in `year`, in the fields' display order: the
/// part of the learning partners that is the same for every member, kept in the data state
/// ([`crate::views::partners_memo`]) for the years with data.
fn year_scores(data: &ViewData, year: i32) -> Result<std::sync::Arc<YearScores>> {
    data.partners.year(year, data.years.contains(&year), || {
        let mut fields: Vec<_> = data.catalogue.fields.iter().collect();
        fields.sort_by_key(|f| f.position);
        let fields = fields
            .into_iter()
            .map(|field| {
                Ok(FieldYear {
                    field: field.id.clone(),
                    scores: field_scores(data, &field.id, year)?,
                    selfcheck: selfcheck_scores(data, &field.id, year)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(YearScores { fields })
    })
}

/// The learning partners of `key` in `year` (the latest year with data when `None`).
pub fn learning_partners(
    data: &ViewData,
    index: &ExchangeIndex,
    key: &Ags,
    year: Option<i32>,
) -> Result<LearningPartners> {
    let member = data.member("municipality", key)?;
    let year = data.year_or_latest(year)?;
    let context: Vec<IndicatorId> = data
        .catalogue
        .indicators
        .iter()
        .filter(|i| i.kind == IndicatorKind::Context)
        .map(|i| i.id.clone())
        .collect();
    let near = vergleich_analysis::nearest_neighbours(
        &data.cohort.in_year(year),
        &data.frame,
        key,
        data.cohort.municipalities.len(),
        year,
        &context,
    )
    .map(|g| g.members)
    .unwrap_or_default();
    let distance_of = |k: &Ags| near.iter().find(|m| &m.key == k).and_then(|m| m.distance);
    let scores = year_scores(data, year)?;
    let mut needs = Vec::new();
    for kept in &scores.fields {
        let field = data.field("field", &kept.field)?;
        let sources = std::iter::once((NeedSource::FieldScore, &kept.scores)).chain(
            kept.selfcheck
                .as_ref()
                .map(|sc| (NeedSource::Selfcheck, sc)),
        );
        for (source, scores) in sources {
            let Some(need) = need_in(scores, key, source, field, &distance_of, index) else {
                continue;
            };
            needs.push(need);
            // A field is one need: the score first, the Selbstcheck only when the score is fine.
            break;
        }
    }
    Ok(LearningPartners {
        municipality: key.clone(),
        name: member.name.clone(),
        year,
        group_size: data.cohort.in_year(year).municipalities.len(),
        needs,
        method_de: format!(
            "Handlungsbedarf: Feldwert (oder Selbstcheck-Wert des Felds) unter dem unteren Quartil der anderen Kommunen im Jahr {year}, mit mindestens {MIN_PEERS_FOR_FINDINGS} Werten; Lernpartner: Kommunen auf oder über dem oberen Quartil, höchster Wert zuerst, höchstens {MAX_PARTNERS}; Ähnlichkeit: Abstand auf den standardisierten Kontextindikatoren."
        ),
        method_en: format!(
            "Need for action: field score (or the field's self-check score) below the lower quartile of the other members in {year}, with at least {MIN_PEERS_FOR_FINDINGS} values; learning partners: members at or above the upper quartile, highest first, at most {MAX_PARTNERS}; similarity: distance on the standardised context indicators."
        ),
        synthetic: data.synthetic,
    })
}

fn need_in(
    scores: &Scores,
    key: &Ags,
    source: NeedSource,
    field: &vergleich_domain::Field,
    distance_of: &dyn Fn(&Ags) -> Option<f64>,
    index: &ExchangeIndex,
) -> Option<Need> {
    let own = scores.iter().find(|(k, ..)| k == key)?.2?;
    let peers: Vec<f64> = scores
        .iter()
        .filter(|(k, ..)| k != key)
        .filter_map(|(.., v)| *v)
        .collect();
    if peers.len() < MIN_PEERS_FOR_FINDINGS {
        return None;
    }
    let (q1, median, q3) = (
        quantile(&peers, 0.25)?,
        quantile(&peers, 0.5)?,
        quantile(&peers, 0.75)?,
    );
    if own >= q1 {
        return None;
    }
    let what_de = match source {
        NeedSource::FieldScore => "Feldwert",
        NeedSource::Selfcheck => "Selbstcheck-Wert",
    };
    let what_en = match source {
        NeedSource::FieldScore => "field score",
        NeedSource::Selfcheck => "self-check score",
    };
    let mut strong: Vec<(&Ags, &String, f64)> = scores
        .iter()
        .filter(|(k, ..)| k != key)
        .filter_map(|(k, n, v)| v.filter(|v| *v >= q3).map(|v| (k, n, v)))
        .collect();
    strong.sort_by(|a, b| b.2.total_cmp(&a.2).then_with(|| a.1.cmp(b.1)));
    let partners = strong
        .into_iter()
        .take(MAX_PARTNERS)
        .map(|(k, name, score)| {
            let distance = distance_of(k);
            let (like_de, like_en) = match distance {
                Some(d) if d < 0.8 => ("ähnlich", "similar"),
                Some(d) if d < 1.3 => ("teils ähnlich", "partly similar"),
                Some(_) => ("wenig ähnlich", "not very similar"),
                None => ("ohne gemeinsame Kontextwerte", "no shared context values"),
            };
            let dist_de = distance.map_or(String::new(), |d| {
                format!(" {}", format!("{d:.2}").replace('.', ","))
            });
            let dist_en = distance.map_or(String::new(), |d| format!(" {d:.2}"));
            Partner {
                municipality: k.clone(),
                name: name.clone(),
                score,
                ahead: score - own,
                context_distance: distance,
                reason_de: format!(
                    "{what_de} {} ({} Punkte vor), Kontext-Abstand{dist_de}: {like_de}",
                    number_de(score),
                    number_de(score - own)
                ),
                reason_en: format!(
                    "{what_en} {} ({} points ahead), context distance{dist_en}: {like_en}",
                    number_en(score),
                    number_en(score - own)
                ),
                entries: index.of(k, &field.id).cloned().collect(),
            }
        })
        .collect();
    Some(Need {
        field: field.id.clone(),
        label_de: field.label_de.clone(),
        label_en: field.label_en.clone(),
        source,
        score: own,
        peer_q1: q1,
        peer_median: median,
        peer_q3: q3,
        peers_reported: peers.len(),
        reason_de: format!(
            "{what_de} {} liegt unter dem unteren Quartil der anderen Kommunen ({}; Median {}, {} Werte)",
            number_de(own),
            number_de(q1),
            number_de(median),
            peers.len()
        ),
        reason_en: format!(
            "{what_en} {} lies below the other members' lower quartile ({}; median {}, {} values)",
            number_en(own),
            number_en(q1),
            number_en(median),
            peers.len()
        ),
        partners,
    })
}
