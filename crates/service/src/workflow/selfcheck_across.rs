//! The Selbstcheck comparisons across members as workflow steps: one item across the members'
//! latest published rounds, and for one member the gaps against the strong members per field
//! and the change between its two latest published rounds. Published rounds only, so every
//! reader gets the same answer. The rules are in [`super::selfcheck_compare`].

use std::collections::HashMap;

use serde::Serialize;
use utoipa::ToSchema;
use vergleich_domain::selfcheck::{Comparability, ItemId, Questionnaire};
use vergleich_domain::{Ags, Field, FieldId};

use super::Workflow;
use super::selfcheck_compare::{
    FieldChange, FieldGaps, ItemAcross, RoundMedians, changes, gaps, item_across, latest, published,
};
use crate::error::{Error, Result};

const MAPPING_V1_V2: &str = include_str!("../../../../datasets/selfcheck/mapping-v1-v2.csv");

/// The shipped mappings between questionnaire versions.
pub fn mappings(questionnaires: &[Questionnaire]) -> Result<Vec<Comparability>> {
    let (Some(v1), Some(v2)) = (
        questionnaires.iter().find(|q| q.version == "v1"),
        questionnaires.iter().find(|q| q.version == "v2"),
    ) else {
        return Ok(Vec::new());
    };
    let m = Comparability::from_csv(MAPPING_V1_V2, v1, v2).map_err(Error::internal)?;
    Ok(vec![m])
}

/// What the comparisons read: every published round reduced to medians and scores.
pub struct Published {
    pub rounds: Vec<RoundMedians>,
    pub questionnaires: Vec<Questionnaire>,
    pub mappings: Vec<Comparability>,
    pub fields: Vec<Field>,
}

/// A member's gaps and change.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PeersView {
    pub municipality: String,
    /// The member's latest published round, if any.
    pub round: Option<String>,
    /// Members with a published round.
    pub members: usize,
    pub gaps: Vec<FieldGaps>,
    /// The labels of the two rounds compared, when the member has two.
    pub change_from: Option<String>,
    pub change_to: Option<String>,
    pub changes: Vec<FieldChange>,
}

impl Workflow<'_> {
    /// Every published round with medians and field scores (two queries).
    pub async fn selfcheck_published(&self) -> Result<Published> {
        let fields = self.store.fields().await?;
        let ids: Vec<FieldId> = fields.iter().map(|f| f.id.clone()).collect();
        let questionnaires = super::selfcheck::questionnaires(&ids)?;
        let mappings = mappings(&questionnaires)?;
        let names: HashMap<Ags, String> = self
            .store
            .municipalities()
            .await?
            .into_iter()
            .map(|m| (m.key, m.name))
            .collect();
        let (rounds, answers) = self.store.published_answers().await?;
        let rounds = published(rounds, &answers, &questionnaires, &fields, &names);
        Ok(Published {
            rounds,
            questionnaires,
            mappings,
            fields,
        })
    }

    /// One item across the members' latest published rounds; `version` defaults to the newest
    /// questionnaire version that has the item.
    pub async fn selfcheck_item(&self, item: &str, version: Option<&str>) -> Result<ItemAcross> {
        let p = self.selfcheck_published().await?;
        let missing =
            || Error::not_found(&format!("Die Frage „{item}“"), &format!("item \"{item}\""));
        let id = ItemId::parse(item).map_err(|_| missing())?;
        let q = p
            .questionnaires
            .iter()
            .rev()
            .find(|q| version.is_none_or(|v| q.version == v) && q.item(&id).is_some())
            .ok_or_else(missing)?;
        item_across(q, &id, &latest(&p.rounds), &p.mappings).ok_or_else(missing)
    }

    /// A member's gaps against the strong members and its change between rounds.
    pub async fn selfcheck_peers(&self, member: &Ags) -> Result<PeersView> {
        let p = self.selfcheck_published().await?;
        let last = latest(&p.rounds);
        let q_of = |v: &str| p.questionnaires.iter().find(|q| q.version == v).cloned();
        let change = changes(member, &p.rounds, &p.fields, &q_of, &p.mappings);
        let (change_from, change_to, changes) = match change {
            Some((a, b, c)) => (Some(a), Some(b), c),
            None => (None, None, Vec::new()),
        };
        Ok(PeersView {
            municipality: member.to_string(),
            round: last
                .iter()
                .find(|r| &r.round.municipality == member)
                .map(|r| r.round.label.clone()),
            members: last.len(),
            gaps: gaps(member, &q_of, &p.fields, &last),
            change_from,
            change_to,
            changes,
        })
    }
}
