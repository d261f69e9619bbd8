//! Praxisbeispiele and exchange requests in the store (issue #14). A practice's content is one
//! document (JSON), its state follows the review workflow of uploads (draft → submitted →
//! published | rejected; editing a rejected one makes it a draft again). Requests go from one
//! member to another about a published practice (offen → beantwortet → erledigt). Every write
//! is audited in its transaction and bumps [`PracticeStore::exchange_version`], which caches of
//! search and learning partners are keyed by.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Serialize;
use vergleich_domain::Ags;
use vergleich_domain::exchange::{PracticeContent, PracticeState, RequestState};

use crate::StoreError;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Practice {
    pub id: i64,
    pub municipality: Ags,
    pub state: PracticeState,
    pub content: PracticeContent,
    /// Demo data: labelled synthetic wherever it is shown.
    pub synthetic: bool,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The last review step: who, when, with which comment.
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_comment: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewPractice {
    pub municipality: Ags,
    pub content: PracticeContent,
    pub synthetic: bool,
    /// The state to store it in: `Draft`, or `Published` for seeded demo practices.
    pub state: PracticeState,
}

/// Which practices to list, newest change first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PracticeFilter {
    pub municipality: Option<Ags>,
    /// Empty: every state.
    pub states: Vec<PracticeState>,
}

/// A review step of a practice: from one of `from` to `to`.
#[derive(Debug, Clone, PartialEq)]
pub struct PracticeTransition {
    pub id: i64,
    pub from: Vec<PracticeState>,
    pub to: PracticeState,
    pub actor: String,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExchangeRequest {
    pub id: i64,
    pub practice_id: i64,
    /// The practice's title when the request was made (a later edit does not change it).
    pub practice_title: String,
    /// The asking member and the asked one (the practice's).
    pub from_municipality: Ags,
    pub to_municipality: Ags,
    pub message: String,
    pub state: RequestState,
    pub answer: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub answered_by: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    pub closed_by: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    /// When a notification (e-mail) went out; none is sent yet.
    pub notified_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewRequest {
    pub practice_id: i64,
    pub from_municipality: Ags,
    pub message: String,
}

/// A step of a request: answering (`Beantwortet`, with `answer`) or closing (`Erledigt`).
#[derive(Debug, Clone, PartialEq)]
pub struct RequestTransition {
    pub id: i64,
    pub from: Vec<RequestState>,
    pub to: RequestState,
    pub actor: String,
    pub answer: Option<String>,
}

#[async_trait]
pub trait PracticeStore: Send + Sync {
    /// Stores a new practice; `UnknownReference` for an unknown member. Audited.
    async fn create_practice(&self, new: &NewPractice, actor: &str)
    -> Result<Practice, StoreError>;

    async fn practice(&self, id: i64) -> Result<Option<Practice>, StoreError>;

    /// Practices matching the filter, newest change first.
    async fn practices(&self, filter: &PracticeFilter) -> Result<Vec<Practice>, StoreError>;

    /// Replaces the content of a draft or rejected practice (a rejected one becomes a draft);
    /// `InvalidState` otherwise, `NotFound` without it. Audited with before and after titles.
    async fn update_practice(
        &self,
        id: i64,
        content: &PracticeContent,
        actor: &str,
    ) -> Result<Practice, StoreError>;

    /// Moves a practice from one of `from` to `to` (refused with `InvalidState` from any other
    /// state, also when two reviewers race); sets `published_at` when it becomes published and
    /// the review fields when a reviewer acts. Audited.
    async fn transition_practice(&self, step: &PracticeTransition) -> Result<Practice, StoreError>;

    /// Stores a request about a practice (`NotFound` without it); the asked member is the
    /// practice's. Audited.
    async fn create_request(
        &self,
        new: &NewRequest,
        actor: &str,
    ) -> Result<ExchangeRequest, StoreError>;

    async fn request(&self, id: i64) -> Result<Option<ExchangeRequest>, StoreError>;

    /// Requests a member sent or received (every member's when `None`), newest first.
    async fn requests(
        &self,
        municipality: Option<&Ags>,
    ) -> Result<Vec<ExchangeRequest>, StoreError>;

    /// Answers or closes a request, refused with `InvalidState` from a state not in `from`.
    /// Audited.
    async fn transition_request(
        &self,
        step: &RequestTransition,
    ) -> Result<ExchangeRequest, StoreError>;

    /// Grows with every write of a practice or request.
    async fn exchange_version(&self) -> Result<i64, StoreError>;
}
