//! The Selbstcheck across members (issue #12 item 6), from published rounds only:
//!
//! - **One item across members**: each member's latest published round gives the item the
//!   median of its raters; a member's *step* is that median rounded down (1.5 counts as
//!   "geplant": the item is not yet "teilweise umgesetzt" for all raters). Counted per step:
//!   "12 von 18 Kommunen: umgesetzt und verankert". A round of another questionnaire version
//!   counts only through a comparable item of the mapping, and the answer says so.
//! - **What strong peers have that a member lacks**: per field, the *strong* members are those
//!   whose field score is at least the third quartile of all members' scores (type 7); an item
//!   is a gap when the member's median is below the strong members' median and at least half of
//!   them have it at least "teilweise umgesetzt". The largest differences first, five per field.
//! - **Change between a member's rounds**: field scores and item medians of its two latest
//!   published rounds (comparable items only).

use std::collections::HashMap;

use serde::Serialize;
use utoipa::ToSchema;
use vergleich_domain::selfcheck::scoring::DEFAULT_COVERAGE;
use vergleich_domain::selfcheck::{
    Answer, Comparability, ItemId, Questionnaire, field_score, item_result,
};
use vergleich_domain::stats::quantile;
use vergleich_domain::{Ags, Field};
use vergleich_store::selfcheck::{PublishedAnswer, Round};

/// A published round reduced to what comparisons need.
#[derive(Debug, Clone)]
pub struct RoundMedians {
    pub round: Round,
    pub name: String,
    /// Item → median level of its raters (items without a level left out).
    pub medians: HashMap<ItemId, f64>,
    /// Field → score 0–100 (`None`: below the coverage threshold).
    pub scores: HashMap<String, Option<f64>>,
}

/// When a round was: its year (label or publication), then publication and id. A round for 2019
/// published after the one for 2024 is still the older one.
fn order(r: &Round) -> (Option<i32>, Option<chrono::DateTime<chrono::Utc>>, i64) {
    (
        super::selfcheck_publish::round_year(r).map(|p| p.year()),
        r.published_at,
        r.id,
    )
}

/// Every published round with its medians and field scores, by member, oldest year first.
pub fn published(
    rounds: Vec<Round>,
    answers: &[PublishedAnswer],
    questionnaires: &[Questionnaire],
    fields: &[Field],
    names: &HashMap<Ags, String>,
) -> Vec<RoundMedians> {
    let mut by_round: HashMap<i64, HashMap<&ItemId, Vec<Answer>>> = HashMap::new();
    for a in answers {
        by_round
            .entry(a.round_id)
            .or_default()
            .entry(&a.item)
            .or_default()
            .push(a.answer);
    }
    let mut rounds = rounds;
    rounds.sort_by(|a, b| (&a.municipality, order(a)).cmp(&(&b.municipality, order(b))));
    rounds
        .into_iter()
        .map(|round| {
            let medians: HashMap<ItemId, f64> = by_round
                .get(&round.id)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|(id, a)| Some(((*id).clone(), item_result(a).median?)))
                        .collect()
                })
                .unwrap_or_default();
            let scores = questionnaires
                .iter()
                .find(|q| q.version == round.questionnaire)
                .map(|q| {
                    fields
                        .iter()
                        .map(|f| {
                            let items: Vec<(f64, Option<f64>)> = q
                                .items_of(&f.id)
                                .map(|i| (i.weight, medians.get(&i.id).copied()))
                                .collect();
                            (
                                f.id.to_string(),
                                field_score(&items, DEFAULT_COVERAGE).score,
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let name = names
                .get(&round.municipality)
                .cloned()
                .unwrap_or_else(|| round.municipality.to_string());
            RoundMedians {
                round,
                name,
                medians,
                scores,
            }
        })
        .collect()
}

/// The latest published round of every member (by year, see [`order`]).
pub fn latest(rounds: &[RoundMedians]) -> Vec<&RoundMedians> {
    let mut last: HashMap<&Ags, &RoundMedians> = HashMap::new();
    for r in rounds {
        let newer = last
            .get(&r.round.municipality)
            .is_none_or(|l| order(&r.round) > order(&l.round));
        if newer {
            last.insert(&r.round.municipality, r);
        }
    }
    let mut out: Vec<&RoundMedians> = last.into_values().collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// The item of `round_version` that answers `item` of `version`, if comparable.
pub fn counterpart(
    item: &ItemId,
    version: &str,
    round_version: &str,
    mappings: &[Comparability],
) -> Option<ItemId> {
    if version == round_version {
        return Some(item.clone());
    }
    mappings.iter().find_map(|m| {
        if m.newer == version && m.older == round_version {
            m.pairs
                .iter()
                .find(|(_, n)| n == item)
                .map(|(o, _)| o.clone())
        } else if m.older == version && m.newer == round_version {
            m.newer_of(item).cloned()
        } else {
            None
        }
    })
}

/// One member's answer to the item.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MemberLevel {
    pub municipality: String,
    pub name: String,
    pub round: String,
    pub questionnaire: String,
    /// The member's item it was read from (another id when through the mapping).
    #[schema(value_type = Option<String>)]
    pub item: Option<String>,
    /// The median of its raters; `None`: not answered, or no comparable item.
    pub median: Option<f64>,
    pub comparable: bool,
}

/// An item across members.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ItemAcross {
    pub item: String,
    pub questionnaire: String,
    pub field: String,
    pub text_de: String,
    pub text_en: String,
    /// Members with a published round.
    pub members: usize,
    /// Members with a median for the (comparable) item.
    pub answered: usize,
    /// Members per step 0–3 (median rounded down).
    pub counts: [usize; 4],
    pub not_comparable: usize,
    /// "12 von 18 Kommunen: umgesetzt und verankert", per step with members.
    pub summary_de: Vec<String>,
    pub summary_en: Vec<String>,
    pub note_de: String,
    pub note_en: String,
    pub by_member: Vec<MemberLevel>,
}

/// An item across the members' latest published rounds.
pub fn item_across(
    q: &Questionnaire,
    item: &ItemId,
    rounds: &[&RoundMedians],
    mappings: &[Comparability],
) -> Option<ItemAcross> {
    let it = q.item(item)?;
    let mut counts = [0usize; 4];
    let mut not_comparable = 0;
    let mut other_versions = false;
    let by_member: Vec<MemberLevel> = rounds
        .iter()
        .map(|r| {
            let own = counterpart(item, &q.version, &r.round.questionnaire, mappings);
            other_versions |= r.round.questionnaire != q.version;
            let median = own.as_ref().and_then(|o| r.medians.get(o).copied());
            match (&own, median) {
                (None, _) => not_comparable += 1,
                (Some(_), Some(m)) => counts[(m.floor() as usize).min(3)] += 1,
                (Some(_), None) => {}
            }
            MemberLevel {
                municipality: r.round.municipality.to_string(),
                name: r.name.clone(),
                round: r.round.label.clone(),
                questionnaire: r.round.questionnaire.clone(),
                item: own.as_ref().map(ToString::to_string),
                median,
                comparable: own.is_some(),
            }
        })
        .collect();
    let answered: usize = counts.iter().sum();
    let (mut summary_de, mut summary_en) = (Vec::new(), Vec::new());
    for level in (0..=3u8).rev() {
        let n = counts[usize::from(level)];
        if n > 0 {
            let a = Answer::Level(level);
            summary_de.push(format!("{n} von {answered} Kommunen: {}", a.label_de()));
            summary_en.push(format!("{n} of {answered} members: {}", a.label_en()));
        }
    }
    let (note_de, note_en) = if other_versions {
        (
            format!(
                "Runden anderer Fragebogen-Fassungen zählen nur über eine vergleichbare Frage (Zuordnung in datasets/selfcheck/mapping-*.csv); {not_comparable} ohne vergleichbare Frage."
            ),
            format!(
                "Rounds of other questionnaire versions count only through a comparable item (mapping in datasets/selfcheck/mapping-*.csv); {not_comparable} without one."
            ),
        )
    } else {
        (
            format!("Alle Runden mit Fragebogen {}.", q.version),
            format!("Every round with questionnaire {}.", q.version),
        )
    };
    Some(ItemAcross {
        item: item.to_string(),
        questionnaire: q.version.clone(),
        field: it.field.to_string(),
        text_de: it.text_de.clone(),
        text_en: it.text_en.clone(),
        members: rounds.len(),
        answered,
        counts,
        not_comparable,
        summary_de,
        summary_en,
        note_de,
        note_en,
        by_member,
    })
}

/// An item the strong members have and the member lacks.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ItemGap {
    pub item: String,
    pub text_de: String,
    pub text_en: String,
    /// The member's median; `None`: not answered.
    pub mine: Option<f64>,
    /// The strong members' median.
    pub strong: f64,
    /// Strong members with the item at least "teilweise umgesetzt", of how many.
    pub strong_with: usize,
    pub strong_of: usize,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldGaps {
    pub field: String,
    pub label_de: String,
    pub label_en: String,
    pub mine: Option<f64>,
    /// The third quartile of all members' scores: strong from here.
    pub threshold: Option<f64>,
    /// The strong members (names), highest score first.
    pub strong: Vec<String>,
    pub items: Vec<ItemGap>,
}

/// Items per field the member lacks against the strong members (latest published rounds).
pub fn gaps(
    member: &Ags,
    q_of: &dyn Fn(&str) -> Option<Questionnaire>,
    fields: &[Field],
    rounds: &[&RoundMedians],
) -> Vec<FieldGaps> {
    let Some(me) = rounds.iter().find(|r| &r.round.municipality == member) else {
        return Vec::new();
    };
    let Some(q) = q_of(&me.round.questionnaire) else {
        return Vec::new();
    };
    fields
        .iter()
        .map(|f| {
            let key = f.id.to_string();
            let scores: Vec<f64> = rounds.iter().filter_map(|r| r.scores.get(&key).copied().flatten()).collect();
            let threshold = quantile(&scores, 0.75);
            let mut strong: Vec<&&RoundMedians> = rounds
                .iter()
                .filter(|r| &r.round.municipality != member && r.round.questionnaire == me.round.questionnaire)
                .filter(|r| matches!((r.scores.get(&key).copied().flatten(), threshold), (Some(s), Some(t)) if s >= t))
                .collect();
            strong.sort_by(|a, b| b.scores[&key].partial_cmp(&a.scores[&key]).unwrap_or(std::cmp::Ordering::Equal));
            let mut items: Vec<ItemGap> = q
                .items_of(&f.id)
                .filter_map(|item| {
                    let levels: Vec<f64> = strong.iter().filter_map(|r| r.medians.get(&item.id).copied()).collect();
                    let peers = quantile(&levels, 0.5)?;
                    let with = levels.iter().filter(|l| **l >= 2.0).count();
                    let mine = me.medians.get(&item.id).copied();
                    let below = mine.is_none_or(|m| m < peers);
                    (below && with * 2 >= levels.len() && with > 0).then(|| ItemGap {
                        item: item.id.to_string(),
                        text_de: item.text_de.clone(),
                        text_en: item.text_en.clone(),
                        mine,
                        strong: peers,
                        strong_with: with,
                        strong_of: levels.len(),
                    })
                })
                .collect();
            items.sort_by(|a, b| {
                let d = |g: &ItemGap| g.strong - g.mine.unwrap_or(0.0);
                d(b).partial_cmp(&d(a)).unwrap_or(std::cmp::Ordering::Equal).then_with(|| a.item.cmp(&b.item))
            });
            items.truncate(5);
            FieldGaps {
                field: key.clone(),
                label_de: f.label_de.clone(),
                label_en: f.label_en.clone(),
                mine: me.scores.get(&key).copied().flatten(),
                threshold,
                strong: strong.iter().map(|r| r.name.clone()).collect(),
                items,
            }
        })
        .collect()
}

/// A field's change between two rounds.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldChange {
    pub field: String,
    pub label_de: String,
    pub label_en: String,
    pub from: Option<f64>,
    pub to: Option<f64>,
    /// Items whose median changed (comparable items only).
    pub items: Vec<ItemChange>,
}

/// An item's median in the earlier and the later round.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ItemChange {
    pub item: String,
    pub from: f64,
    pub to: f64,
}

/// The change between a member's two latest published rounds: labels and per field.
pub fn changes(
    member: &Ags,
    rounds: &[RoundMedians],
    fields: &[Field],
    q_of: &dyn Fn(&str) -> Option<Questionnaire>,
    mappings: &[Comparability],
) -> Option<(String, String, Vec<FieldChange>)> {
    let mine: Vec<&RoundMedians> = rounds
        .iter()
        .filter(|r| &r.round.municipality == member)
        .collect();
    let [.., before, after] = mine.as_slice() else {
        return None;
    };
    let q = q_of(&after.round.questionnaire)?;
    let out = fields
        .iter()
        .map(|f| {
            let key = f.id.to_string();
            let mut items: Vec<ItemChange> = after
                .medians
                .iter()
                .filter(|(id, _)| q.item(id).is_some_and(|i| i.field == f.id))
                .filter_map(|(id, to)| {
                    let old = counterpart(
                        id,
                        &after.round.questionnaire,
                        &before.round.questionnaire,
                        mappings,
                    )?;
                    let from = *before.medians.get(&old)?;
                    ((from - to).abs() > 1e-9).then(|| ItemChange {
                        item: id.to_string(),
                        from,
                        to: *to,
                    })
                })
                .collect();
            items.sort_by(|a, b| a.item.cmp(&b.item));
            FieldChange {
                field: key.clone(),
                label_de: f.label_de.clone(),
                label_en: f.label_en.clone(),
                from: before.scores.get(&key).copied().flatten(),
                to: after.scores.get(&key).copied().flatten(),
                items,
            }
        })
        .collect();
    Some((before.round.label.clone(), after.round.label.clone(), out))
}
