//! What exchange search and learning partners read (issue #14 A.2–3): every published practice
//! and every measure of each member's current published Integrationskonzept, with its fields
//! and its words folded for search. Built from two queries (published practices, all concept
//! versions), not one per member. [`ExchangeIndexCache`] keeps it between requests until the
//! store says something it reads changed.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde::Serialize;
use utoipa::ToSchema;
use vergleich_domain::concept::MeasureStatus;
use vergleich_domain::exchange::PracticeState;
use vergleich_domain::exchange::search::{Query, terms};
use vergleich_domain::{Ags, FieldId};
use vergleich_store::ConceptVersion;
use vergleich_store::practices::{Practice, PracticeFilter};

use super::Workflow;
use super::concept_view::{DEMO_ACTOR, pick};
use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Practice,
    Measure,
}

impl EntryKind {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "practice" => Some(Self::Practice),
            "measure" => Some(Self::Measure),
            _ => None,
        }
    }
}

/// A published practice or a measure of a published concept.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Entry {
    pub kind: EntryKind,
    #[schema(value_type = String)]
    pub municipality: Ags,
    pub member: String,
    /// The practice's id, or the measure's id within its concept.
    pub id: i64,
    /// The concept version a measure belongs to (`2022`).
    pub concept: Option<String>,
    pub title: String,
    #[schema(value_type = Vec<String>)]
    pub fields: Vec<FieldId>,
    /// A practice's period, a measure's status (German).
    pub note: String,
    /// The same in English.
    pub note_en: String,
    /// The practice's results (or its starting situation), shortened; a measure's owner.
    pub summary: String,
    /// Demo data.
    pub synthetic: bool,
    /// Where it is shown: `/praxis/{id}` or the concept page.
    pub href: String,
    #[serde(skip)]
    title_terms: Vec<String>,
    #[serde(skip)]
    body_terms: Vec<String>,
}

impl Entry {
    /// How well it matches `query` (title words weigh three times as much); 0: not at all.
    pub fn score(&self, query: &Query) -> u32 {
        query.score(&[(&self.title_terms, 3), (&self.body_terms, 1)])
    }
}

/// At most this many characters of a summary.
const SUMMARY: usize = 240;

fn shorten(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= SUMMARY {
        return text.to_owned();
    }
    let cut: String = text.chars().take(SUMMARY).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut} …")
}

fn practice_entry(p: &Practice, member: &str) -> Entry {
    let c = &p.content;
    let body: Vec<&str> = vec![
        member,
        &c.ausgangslage,
        &c.ziele,
        &c.vorgehen,
        &c.ergebnisse,
        &c.kosten,
        &c.transfer,
    ];
    let summary = if c.ergebnisse.trim().is_empty() {
        &c.ausgangslage
    } else {
        &c.ergebnisse
    };
    Entry {
        kind: EntryKind::Practice,
        municipality: p.municipality.clone(),
        member: member.to_owned(),
        id: p.id,
        concept: None,
        title: c.title.clone(),
        fields: c.fields.clone(),
        note: c.period(false),
        note_en: c.period(true),
        summary: shorten(summary),
        synthetic: p.synthetic,
        href: format!("/praxis/{}", p.id),
        title_terms: terms(&c.title),
        body_terms: terms(&body.join(" ")),
    }
}

/// The Handlungsfelder of a measure: those of the Themenfelder whose goals it serves.
pub fn measure_fields(version: &ConceptVersion, goals: &[i64]) -> Vec<FieldId> {
    let mut fields: Vec<FieldId> = version
        .content
        .themenfelder
        .iter()
        .filter(|t| t.goals.iter().any(|g| goals.contains(&g.id)))
        .flat_map(|t| t.fields.iter().cloned())
        .collect();
    fields.sort();
    fields.dedup();
    fields
}

fn measure_entries(version: &ConceptVersion, member: &str) -> impl Iterator<Item = Entry> {
    version
        .content
        .measures
        .iter()
        .filter(|m| m.status != MeasureStatus::Verworfen)
        .map(move |m| {
            let owner = m.owner.clone().unwrap_or_default();
            Entry {
                kind: EntryKind::Measure,
                municipality: version.municipality.clone(),
                member: member.to_owned(),
                id: m.id,
                concept: Some(version.label.clone()),
                title: m.title.clone(),
                fields: measure_fields(version, &m.goals),
                note: m.status.label_de().to_owned(),
                note_en: m.status.label_en().to_owned(),
                summary: owner.clone(),
                synthetic: version.created_by == DEMO_ACTOR,
                href: format!(
                    "/konzept/{}?fassung={}#massnahme-{}",
                    version.municipality, version.label, m.id
                ),
                title_terms: terms(&m.title),
                body_terms: terms(&format!("{member} {owner} {}", version.title)),
            }
        })
}

/// Published practices and current measures of every member.
#[derive(Debug, Clone, Default)]
pub struct ExchangeIndex {
    pub entries: Vec<Entry>,
}

/// What a search asks for (all optional; without a keyword, everything in the filters).
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    pub text: String,
    pub field: Option<FieldId>,
    pub member: Option<Ags>,
    pub kind: Option<EntryKind>,
}

impl ExchangeIndex {
    /// The entries `query` finds, best match first (then practices before measures, then by
    /// member name and title).
    pub fn search(&self, query: &SearchQuery) -> Vec<&Entry> {
        let parsed = Query::parse(&query.text);
        let mut hits: Vec<(u32, &Entry)> = self
            .entries
            .iter()
            .filter(|e| query.field.as_ref().is_none_or(|f| e.fields.contains(f)))
            .filter(|e| query.member.as_ref().is_none_or(|m| &e.municipality == m))
            .filter(|e| query.kind.is_none_or(|k| e.kind == k))
            .filter_map(|e| {
                if parsed.is_empty() {
                    Some((1, e))
                } else {
                    Some((e.score(&parsed), e)).filter(|(s, _)| *s > 0)
                }
            })
            .collect();
        hits.sort_by(|(sa, a), (sb, b)| {
            sb.cmp(sa)
                .then((a.kind == EntryKind::Measure).cmp(&(b.kind == EntryKind::Measure)))
                .then_with(|| a.member.cmp(&b.member))
                .then_with(|| a.title.cmp(&b.title))
        });
        hits.into_iter().map(|(_, e)| e).collect()
    }

    /// A member's entries in a field.
    pub fn of(&self, member: &Ags, field: &FieldId) -> impl Iterator<Item = &Entry> {
        self.entries
            .iter()
            .filter(move |e| &e.municipality == member && e.fields.contains(field))
    }
}

impl Workflow<'_> {
    /// The index of published practices and current published measures (what every reader sees).
    pub async fn exchange_index(&self) -> Result<ExchangeIndex> {
        let cohort = self.store.municipalities().await?;
        let name_of = |m: &Ags| {
            cohort
                .iter()
                .find(|x| &x.key == m)
                .map_or_else(|| m.to_string(), |x| x.name.clone())
        };
        let filter = PracticeFilter {
            municipality: None,
            states: vec![PracticeState::Published],
        };
        let mut entries: Vec<Entry> = self
            .store
            .practices(&filter)
            .await?
            .iter()
            .map(|p| practice_entry(p, &name_of(&p.municipality)))
            .collect();
        let versions: Vec<ConceptVersion> = self
            .store
            .all_concept_versions()
            .await?
            .into_iter()
            .filter(|v| v.state == vergleich_store::ConceptState::Published)
            .collect();
        for chunk in versions.chunk_by(|a, b| a.municipality == b.municipality) {
            if let Ok(Some(current)) = pick(chunk, None) {
                entries.extend(measure_entries(current, &name_of(&current.municipality)));
            }
        }
        Ok(ExchangeIndex { entries })
    }
}

/// The index kept between requests (one per service), with the key it was built at.
///
/// The key is read from the store on every request, two one-row queries against the index's
/// three queries and its folding and stemming (7.6 ms on the demo data):
/// - [`exchange_version`](vergleich_store::practices::PracticeStore::exchange_version), which
///   every practice write bumps in its transaction under a row lock, so a practice published
///   before the request is always in the index it reads;
/// - the newest audit entry: every concept write (a new version, an edit, the measures'
///   tracking, publishing) has its entry in its transaction.
///
/// Ids of a sequence can commit out of order (PostgreSQL), so a concept write could commit
/// under an entry older than one already read; and a seed renaming a member writes no audit
/// entry. An index older than [`INDEX_MAX_AGE`] is therefore built again whatever the key says.
#[derive(Default)]
pub struct ExchangeIndexCache(Mutex<Option<Kept>>);

struct Kept {
    key: IndexKey,
    built: Instant,
    index: Arc<ExchangeIndex>,
}

/// (exchange version, newest audit entry).
pub type IndexKey = (i64, i64);

/// At most this old an index is served while its key stays the same.
pub const INDEX_MAX_AGE: Duration = Duration::from_secs(5);

impl std::fmt::Debug for ExchangeIndexCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ExchangeIndexCache")
    }
}

impl Workflow<'_> {
    /// What [`ExchangeIndexCache`] keys the index by.
    pub async fn exchange_index_key(&self) -> Result<IndexKey> {
        let practices = self.store.exchange_version().await?;
        let newest = self.store.audit_log(1).await?.first().map_or(0, |e| e.id);
        Ok((practices, newest))
    }

    /// [`Self::exchange_index`] through the cache: built again only when a practice or concept
    /// was written since (or the kept one is older than [`INDEX_MAX_AGE`]).
    pub async fn exchange_index_cached(
        &self,
        cache: &ExchangeIndexCache,
    ) -> Result<Arc<ExchangeIndex>> {
        // The key first: a write finishing while the index is built makes the key newer than
        // the index's data, never older, and the next request builds again.
        let key = self.exchange_index_key().await?;
        if let Some(kept) = &*cache.0.lock().unwrap_or_else(PoisonError::into_inner)
            && kept.key == key
            && kept.built.elapsed() < INDEX_MAX_AGE
        {
            return Ok(Arc::clone(&kept.index));
        }
        let built = Instant::now();
        let index = Arc::new(self.exchange_index().await?);
        *cache.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(Kept {
            key,
            built,
            index: Arc::clone(&index),
        });
        Ok(index)
    }
}
