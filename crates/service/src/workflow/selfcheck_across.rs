//! The Selbstcheck comparisons across members as workflow steps: one item across the members'
//! latest published rounds, and for one member the gaps against the strong members per field
//! and the change between its two latest published rounds. Published rounds only, so every
//! reader gets the same answer. The rules are in [`super::selfcheck_compare`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

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

/// The last [`Published`] read, by the store's [`published_version`]: published rounds never
/// change, so as long as no round is published the same data answers every request (one small
/// query instead of reading every answer). One entry per service; nothing a request sends
/// decides what is kept.
///
/// [`published_version`]: vergleich_store::SelfcheckStore::published_version
#[derive(Default)]
pub struct PublishedCache(Mutex<Option<(PublishedKey, Arc<Published>)>>);

type PublishedKey = (i64, Option<chrono::DateTime<chrono::Utc>>);

impl std::fmt::Debug for PublishedCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PublishedCache")
    }
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

    /// [`Self::selfcheck_published`] through the cache: read again only when a round was
    /// published since.
    pub async fn selfcheck_published_cached(
        &self,
        cache: &PublishedCache,
    ) -> Result<Arc<Published>> {
        let key = self.store.published_version().await?;
        if let Some((k, p)) = &*cache.0.lock().unwrap_or_else(PoisonError::into_inner)
            && *k == key
        {
            return Ok(p.clone());
        }
        let p = Arc::new(self.selfcheck_published().await?);
        *cache.0.lock().unwrap_or_else(PoisonError::into_inner) = Some((key, p.clone()));
        Ok(p)
    }

    /// One item across the members' latest published rounds; `version` defaults to the newest
    /// questionnaire version that has the item.
    pub async fn selfcheck_item(
        &self,
        cache: &PublishedCache,
        item: &str,
        version: Option<&str>,
    ) -> Result<ItemAcross> {
        let p = self.selfcheck_published_cached(cache).await?;
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
    pub async fn selfcheck_peers(&self, cache: &PublishedCache, member: &Ags) -> Result<PeersView> {
        let p = self.selfcheck_published_cached(cache).await?;
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
