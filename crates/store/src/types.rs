//! Plain types that cross the store boundary: queries, uploads, seeds, stored observations.

use chrono::{DateTime, Utc};
use serde::Serialize;
use vergleich_domain::{
    Ags, Catalogue, Cohort, FieldId, IndicatorId, Observation, Role, UploadId, UploadState,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Which uploads a reader may see (decided by the API from the principal).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Visibility {
    /// Published data only: the public view.
    #[default]
    Published,
    /// Published data plus this member's own drafts and submissions (not its rejected uploads).
    PublishedOrOwn(Ags),
    /// Published, draft and submitted data of every member, for managers and admins; rejected
    /// uploads never count as current data (their observations stay readable by upload).
    Everything,
}

/// Filters for reading observations. Empty lists mean "all".
#[derive(Debug, Clone, Default)]
pub struct ObservationQuery {
    pub municipalities: Vec<Ags>,
    pub indicators: Vec<IndicatorId>,
    pub field: Option<FieldId>,
    pub from_year: Option<i32>,
    pub to_year: Option<i32>,
    /// Read the published state as it was at this moment, whatever the visibility: a version
    /// counts from its upload's publication (`uploads.published_at`), not from when it was
    /// recorded as a draft.
    pub as_of: Option<DateTime<Utc>>,
    /// Every version instead of the current one.
    pub history: bool,
    pub visibility: Visibility,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// A stored observation: the observation plus version and provenance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredObservation {
    pub id: i64,
    #[serde(flatten)]
    pub observation: Observation,
    pub version: i32,
    pub upload_id: UploadId,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: String,
    pub upload_state: UploadState,
    /// Demo data: "Beispieldaten (synthetisch)".
    pub synthetic: bool,
}

/// One upload of several written together ([`crate::Store::append_changes_many`]): its lookup,
/// the upload and its observations.
#[derive(Debug, Clone)]
pub struct NewPart {
    pub lookup: UploadLookup,
    pub upload: NewUpload,
    pub observations: Vec<vergleich_domain::Observation>,
}

/// An upload about to be stored.
#[derive(Debug, Clone)]
pub struct NewUpload {
    pub municipality: Option<Ags>,
    pub uploaded_by: String,
    pub file_name: Option<String>,
    pub sha256: Option<String>,
    pub state: UploadState,
    pub synthetic: bool,
    /// The validation report as JSON.
    pub report: Option<String>,
    /// The client's `Idempotency-Key`, unique per `uploaded_by`.
    pub idempotency_key: Option<String>,
    /// The raw file, kept content-addressed under `sha256` so every number can be traced back.
    pub raw: Option<Vec<u8>>,
}

/// How to find an earlier upload: by the client's key, or by the file's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadLookup {
    IdempotencyKey {
        uploaded_by: String,
        key: String,
    },
    /// The same bytes for the same member (`None`: uploads that belong to no single member),
    /// among uploads not stored with own mappings (idempotency key `map:…`).
    Content {
        municipality: Option<Ags>,
        sha256: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UploadRecord {
    pub id: UploadId,
    pub municipality: Option<Ags>,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
    pub file_name: Option<String>,
    pub sha256: Option<String>,
    pub state: UploadState,
    pub synthetic: bool,
    pub observation_count: i64,
    pub idempotency_key: Option<String>,
    /// The validation report as JSON, as stored with the upload.
    pub report: Option<String>,
    /// When the member handed it in for review.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Who approved or rejected it, when, and why.
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_comment: Option<String>,
}

/// What [`crate::Store::append_changes`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum Appended {
    /// The upload was stored, without its `unchanged` rows.
    Stored {
        upload: UploadRecord,
        unchanged: usize,
    },
    /// An upload matching the lookup existed when the write took its locks; nothing was stored.
    Found(UploadRecord),
}

/// Which uploads to list, newest first.
#[derive(Debug, Clone, Default)]
pub struct UploadFilter {
    /// Only this member's uploads.
    pub municipality: Option<Ags>,
    /// Only uploads in these states (empty: all).
    pub states: Vec<UploadState>,
    /// Leave out the demo load.
    pub exclude_synthetic: bool,
    pub limit: i64,
    pub offset: i64,
}

/// A change of an upload's state in the review workflow.
#[derive(Debug, Clone)]
pub struct Transition {
    pub upload: vergleich_domain::UploadId,
    /// The states the upload must be in now; otherwise the change is refused.
    pub from: Vec<UploadState>,
    pub to: UploadState,
    /// Who does it, for the upload record and the audit log (`user:NAME`).
    pub actor: String,
    /// The reviewer's comment (required for a rejection by the API).
    pub comment: Option<String>,
}

/// A browser session as stored: the SHA-256 of its id, never the id.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub id_hash: String,
    pub user_id: i64,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

/// An API token as listed for its owner (never the token, only what identifies it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TokenInfo {
    pub id: i64,
    pub label: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// Which of a user's tokens to revoke.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSelector {
    /// The token with this id (as `vergleich token list` shows it).
    Id(i64),
    /// Every live token with this label.
    Label(String),
    /// Every live token.
    All,
}

/// A live session and its user.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub user: User,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

/// What the service loads into a database at start-up.
#[derive(Debug, Clone)]
pub struct Seed {
    pub catalogue: Catalogue,
    pub cohort: Cohort,
    /// The demo observations with the demo upload's file name and SHA-256; `None` with `--no-demo`.
    pub demo: Option<(NewUpload, Vec<Observation>)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeedOutcome {
    pub fields: usize,
    pub indicators: usize,
    pub municipalities: usize,
    /// Demo observations written by this call (0 when they were there already or not asked for).
    pub demo_observations: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

/// A person or system that signs in, with one role; a municipality user is bound to one member.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub municipality: Option<Ags>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub name: String,
    pub role: Role,
    /// Required exactly for the municipality role.
    pub municipality: Option<Ags>,
}
