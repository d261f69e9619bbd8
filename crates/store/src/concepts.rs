//! Integrationskonzepte in the store (issue #13): versions of a member's concept, each with its
//! content as one document; drafts are edited, published versions never change.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use vergleich_domain::Ags;
use vergleich_domain::concept::ConceptContent;

use crate::StoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConceptState {
    Draft,
    Published,
}

impl ConceptState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
        }
    }
}

/// One stored version of a concept.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConceptVersion {
    pub id: i64,
    pub municipality: Ags,
    /// e.g. `2022`; unique per member.
    pub label: String,
    pub title: String,
    pub state: ConceptState,
    /// The council's decision (Stadtratsbeschluss).
    pub adopted_on: Option<NaiveDate>,
    pub review_on: Option<NaiveDate>,
    pub document_url: Option<String>,
    /// The version this one was started from (a Fortschreibung).
    pub based_on: Option<i64>,
    pub content: ConceptContent,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

/// What an edit of a draft sets (all of it: the form or file holds the whole version).
#[derive(Debug, Clone, PartialEq)]
pub struct ConceptEdit {
    pub title: String,
    pub adopted_on: Option<NaiveDate>,
    pub review_on: Option<NaiveDate>,
    pub document_url: Option<String>,
    pub content: ConceptContent,
}

/// A new version: empty, or a copy of `based_on` (which must be the same member's).
#[derive(Debug, Clone, PartialEq)]
pub struct NewConceptVersion {
    pub municipality: Ags,
    pub label: String,
    pub based_on: Option<i64>,
    pub edit: ConceptEdit,
}

#[async_trait]
pub trait ConceptStore: Send + Sync {
    /// Stores a new draft version; `Conflict` when the member has a version of that label,
    /// `UnknownReference` when `based_on` is not one of the member's versions. Audited.
    async fn create_concept_version(
        &self,
        new: &NewConceptVersion,
        actor: &str,
    ) -> Result<ConceptVersion, StoreError>;

    /// The member's versions, oldest first.
    async fn concept_versions(&self, municipality: &Ags)
    -> Result<Vec<ConceptVersion>, StoreError>;

    /// Every member's versions, by member and then oldest first (the managers' overview and
    /// the comparison across members read them in one query, not one per member).
    async fn all_concept_versions(&self) -> Result<Vec<ConceptVersion>, StoreError>;

    async fn concept_version(&self, id: i64) -> Result<Option<ConceptVersion>, StoreError>;

    /// Replaces a draft's metadata and content; `NotFound`, or `Conflict` for a published
    /// version (it is never changed: start a new version). Audited.
    async fn edit_concept_draft(
        &self,
        id: i64,
        edit: &ConceptEdit,
        actor: &str,
    ) -> Result<ConceptVersion, StoreError>;

    /// Stores the measures' tracking (status, progress, dates, owner, timeline) of any version,
    /// published ones included: implementing the measures a council adopted is reporting, not a
    /// change of the decision. The caller guarantees nothing else changed. Audited with
    /// `detail` (which measures changed).
    async fn update_concept_tracking(
        &self,
        id: i64,
        content: &ConceptContent,
        detail: &str,
        actor: &str,
    ) -> Result<ConceptVersion, StoreError>;

    /// Publishes a draft; `NotFound`, or `Conflict` when it is published already. Audited.
    async fn publish_concept_version(
        &self,
        id: i64,
        actor: &str,
    ) -> Result<ConceptVersion, StoreError>;
}
