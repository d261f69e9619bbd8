//! Storage: one [`Store`] trait with an SQLite and a PostgreSQL implementation, migrations per
//! dialect (embedded, run at connect), the catalogue and cohort, uploads and append-only
//! observation history with versions, reads of the current state and `as_of` a point in time.
//!
//! Both implementations share their SQL through macros (`sql/`), so a behaviour cannot drift
//! between the backends; the contract test suite (`tests/contract.rs`,
//! `tests/contract_uploads.rs`) runs every behaviour on SQLite always and on PostgreSQL when
//! `TEST_DATABASE_URL` is set.

pub mod catalogue_edits;
pub mod cohort_edits;
pub mod concepts;
pub mod datasets;
mod error;
pub mod fingerprints;
mod postgres;
pub mod practices;
pub mod releases;
mod rows;
pub mod selfcheck;
pub mod spreads;
mod sql;
mod sqlite;
#[cfg(feature = "testing")]
pub mod testing;
mod types;
pub mod workshops;

use std::sync::Arc;

use async_trait::async_trait;
use vergleich_domain::{Field, Indicator, Municipality, Observation, UploadId};

pub use catalogue_edits::CatalogueStore;
pub use cohort_edits::CohortStore;
pub use concepts::{ConceptEdit, ConceptState, ConceptStore, ConceptVersion, NewConceptVersion};
pub use error::{StoreError, redact_url};
pub use fingerprints::{FingerprintStore, UploadFingerprint};
pub use practices::{
    ExchangeRequest, NewPractice, NewRequest, Practice, PracticeFilter, PracticeStore,
    PracticeTransition, RequestTransition,
};
pub use releases::{NewRelease, ReleaseStore};
pub use selfcheck::SelfcheckStore;
pub use spreads::{Quartiles, SpreadStore};
pub use workshops::WorkshopStore;

/// Lower-case hex SHA-256 of a file: the key raw files are kept under.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(bytes))
}
pub use postgres::PgStore;
pub use sqlite::SqliteStore;
pub use types::{
    Appended, AuditEntry, Backend, NewPart, NewSession, NewUpload, NewUser, ObservationQuery, Seed,
    SeedOutcome, Session, StoredObservation, TokenInfo, TokenSelector, Transition, UploadFilter,
    UploadLookup, UploadRecord, User, Visibility,
};

/// Everything the service reads and writes. Writes are transactional: an upload's record, its
/// observations and its audit entry commit together or not at all.
#[async_trait]
pub trait Store:
    WorkflowStore
    + AccountStore
    + ConceptStore
    + SelfcheckStore
    + WorkshopStore
    + PracticeStore
    + CatalogueStore
    + CohortStore
    + ReleaseStore
    + SpreadStore
    + FingerprintStore
    + Send
    + Sync
    + std::fmt::Debug
{
    /// Which database this is.
    fn backend(&self) -> Backend;

    /// A cheap round trip, for `/ready`.
    async fn ping(&self) -> Result<(), StoreError>;

    /// Loads catalogue and cohort (inserting new entries, updating changed ones) and, when given
    /// and not loaded before, the demo observations, all in one transaction.
    async fn seed(&self, seed: &Seed) -> Result<SeedOutcome, StoreError>;

    async fn fields(&self) -> Result<Vec<Field>, StoreError>;
    async fn indicators(&self) -> Result<Vec<Indicator>, StoreError>;
    async fn municipalities(&self) -> Result<Vec<Municipality>, StoreError>;

    /// Stores an upload and its observations as new versions, in one transaction. Writers of the
    /// same member's observations take turns (SQLite: one writer at a time; PostgreSQL: an
    /// advisory lock per member), so concurrent uploads get consecutive versions, never a conflict.
    async fn append(
        &self,
        upload: NewUpload,
        observations: &[Observation],
    ) -> Result<UploadRecord, StoreError>;

    /// Stores a client's upload like [`Store::append`], decided once the write transaction holds
    /// its locks: when an upload matching `lookup` exists, nothing is stored and that upload is
    /// returned (of concurrent calls with the same lookup exactly one stores); rows equal to the
    /// published version they would replace are left out and counted, never rows equal only to
    /// a draft or submitted version (see `sql/unchanged.rs`).
    async fn append_changes(
        &self,
        lookup: &UploadLookup,
        upload: NewUpload,
        observations: &[Observation],
    ) -> Result<Appended, StoreError>;

    /// Several uploads, each decided and written like [`Store::append_changes`], in one
    /// transaction: all of them or none. For the members' parts of one import, so a batch of
    /// parts costs one commit instead of one each.
    async fn append_changes_many(&self, parts: &[NewPart]) -> Result<Vec<Appended>, StoreError>;

    async fn upload(&self, id: UploadId) -> Result<Option<UploadRecord>, StoreError>;

    /// An earlier upload with this Idempotency-Key or this content, if any.
    async fn find_upload(&self, lookup: &UploadLookup) -> Result<Option<UploadRecord>, StoreError>;

    /// The raw bytes of an uploaded file, by SHA-256.
    async fn raw_file(&self, sha256: &str) -> Result<Option<Vec<u8>>, StoreError>;

    /// Current versions (or the full history) matching the query, ordered by municipality,
    /// indicator, period and version.
    async fn observations(
        &self,
        query: &ObservationQuery,
    ) -> Result<Vec<StoredObservation>, StoreError>;

    /// Creates a user; a taken name is a conflict.
    async fn create_user(&self, user: &NewUser) -> Result<User, StoreError>;

    async fn user_by_name(&self, name: &str) -> Result<Option<User>, StoreError>;

    /// Stores an API token of a user by its SHA-256 (the token itself is never stored).
    async fn create_token(
        &self,
        user_id: i64,
        token_hash: &str,
        label: &str,
    ) -> Result<(), StoreError>;

    /// The user a (not revoked) token belongs to, by the token's SHA-256; none while the user is
    /// disabled.
    async fn user_by_token(&self, token_hash: &str) -> Result<Option<User>, StoreError>;

    /// The newest audit entries first.
    async fn audit_log(&self, limit: i64) -> Result<Vec<AuditEntry>, StoreError>;
}

/// The review workflow (draft → submitted → published | rejected) and browser sign-in. Every
/// change writes its audit entry in the same transaction.
#[async_trait]
pub trait WorkflowStore: Send + Sync {
    /// Uploads matching the filter, newest first.
    async fn uploads(&self, filter: &UploadFilter) -> Result<Vec<UploadRecord>, StoreError>;

    /// Moves an upload from one of `from` to `to`, records who, when and the comment, and
    /// writes the audit entry; refused (`InvalidState`) when the upload is in another state,
    /// also when two reviewers race.
    async fn transition(&self, transition: &Transition) -> Result<UploadRecord, StoreError>;

    /// Every observation written by one upload, whatever its state.
    async fn upload_observations(&self, id: UploadId)
    -> Result<Vec<StoredObservation>, StoreError>;

    /// Sets (or replaces) a user's argon2id password hash and ends the user's sessions in the same
    /// transaction (whoever knew the old password is signed out).
    async fn set_password(
        &self,
        user_id: i64,
        password_hash: &str,
        actor: &str,
    ) -> Result<(), StoreError>;

    /// A user by name with their password hash, for sign-in; a disabled user is not found.
    async fn password_hash(&self, name: &str)
    -> Result<Option<(User, Option<String>)>, StoreError>;

    async fn create_session(&self, session: &NewSession) -> Result<(), StoreError>;

    /// A live session by the SHA-256 of its id: not ended, not past its absolute expiry, used
    /// after `idle_since` (the last request, or its creation), its user not disabled. Finding it
    /// counts as activity (written at most once per [`SESSION_TOUCH_SECONDS`]).
    async fn session(
        &self,
        id_hash: &str,
        idle_since: chrono::DateTime<chrono::Utc>,
    ) -> Result<Option<Session>, StoreError>;

    /// Ends a session (sign-out); ending an unknown or ended session does nothing.
    async fn end_session(&self, id_hash: &str) -> Result<(), StoreError>;

    /// A number that grows with every write that can change what a reader sees: the id of the
    /// newest audit entry of an upload, a state change, the demo load or a catalogue change
    /// ([`CatalogueStore`]; users, tokens, sessions and refused sign-ins write entries too, but
    /// change no view). Caches of computed views are keyed by it.
    async fn data_version(&self) -> Result<i64, StoreError>;
}

/// How often a session's last activity is written: a request within this many seconds of the
/// last written one writes nothing (an idle timeout is counted in minutes).
pub const SESSION_TOUCH_SECONDS: i64 = 60;

/// Ending access: listing and revoking API tokens, disabling users, and audit entries of events
/// that change nothing else (a refused sign-in). Each change writes its audit entry in the same
/// transaction.
#[async_trait]
pub trait AccountStore: Send + Sync {
    /// A user's API tokens, oldest first, revoked ones included.
    async fn tokens(&self, user_id: i64) -> Result<Vec<TokenInfo>, StoreError>;

    /// Revokes the user's live tokens `which` selects; how many were revoked (0: none matched).
    async fn revoke_tokens(
        &self,
        user_id: i64,
        which: &TokenSelector,
        actor: &str,
    ) -> Result<u64, StoreError>;

    /// Disables a user (their tokens stop working and their sessions end, at once) or enables
    /// them again (their tokens work again; ended sessions stay ended). How many sessions ended.
    async fn set_disabled(
        &self,
        user_id: i64,
        disabled: bool,
        actor: &str,
    ) -> Result<u64, StoreError>;

    /// Whether a user is disabled.
    async fn is_disabled(&self, user_id: i64) -> Result<bool, StoreError>;

    /// One audit entry on its own (a refused sign-in: who tried which name from where).
    async fn record(
        &self,
        actor: &str,
        action: &str,
        subject: &str,
        detail: &str,
    ) -> Result<(), StoreError>;
}

/// Opens the database named by `url` (`sqlite:PATH`, `sqlite::memory:`, `postgres://…`),
/// creates the SQLite file and its folder if needed, checks durability settings and migrates.
pub async fn connect(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    connect_with_reads(url, None).await
}

/// [`connect`], with the reads views are computed from going to `read_url` (a PostgreSQL read
/// replica of `url`). SQLite has no replicas: a read URL with it is refused.
pub async fn connect_with_reads(
    url: &str,
    read_url: Option<&str>,
) -> Result<Arc<dyn Store>, StoreError> {
    match url.split_once(':').map(|(scheme, _)| scheme) {
        Some("sqlite") if read_url.is_some() => Err(StoreError::ReadsWithoutPostgres {
            url: error::redact_url(url),
        }),
        Some("sqlite") => Ok(Arc::new(SqliteStore::connect(url).await?)),
        Some("postgres" | "postgresql") => {
            Ok(Arc::new(PgStore::connect_with_reads(url, read_url).await?))
        }
        _ => Err(StoreError::UnknownScheme {
            url: error::redact_url(url),
        }),
    }
}
