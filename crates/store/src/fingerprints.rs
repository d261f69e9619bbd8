//! What decides a member's current observations, in one cheap query (issue #17 point 2).
//!
//! A member's current values are the newest versions among the uploads a reader may see, and
//! each upload of a member holds only that member's rows (the write refuses anything else,
//! [`crate::StoreError::ForeignRows`]). So the set of visible uploads per member decides its
//! rows: when a data state is built again after a write, only the members whose set changed
//! need to be read, not the whole table (5.5 million rows took 30–95 s at national scale;
//! one member's 500 take milliseconds). Uploads without a member (the demo seed) are one
//! group of their own: when it changes, everything is read. A whole read comes in chunks
//! ([`FingerprintStore::observations_each`]).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use vergleich_domain::Ags;

use crate::{StoreError, Visibility};

/// The uploads one member (or, with `None`, uploads without a member) has visible: how many,
/// and two sums of their ids (plain and hashed) that change whenever one joins or leaves the
/// set, and how many of them are not published (a draft turning into a submission changes
/// what a manager's state says about unpublished data, not its rows).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UploadFingerprint {
    pub municipality: Option<Ags>,
    pub uploads: i64,
    pub id_sum: i64,
    pub id_hash: i64,
    pub unpublished: i64,
}

#[async_trait]
pub trait FingerprintStore: Send + Sync {
    /// The rows of [`crate::Store::observations`], handed to `each` in chunks of `chunk` as
    /// they arrive, so a whole data state (5.5 million rows at national scale) is never held
    /// as rows and as the caller's form at once; the number of rows.
    async fn observations_each(
        &self,
        query: &crate::ObservationQuery,
        chunk: usize,
        each: &mut (dyn FnMut(Vec<crate::StoredObservation>) + Send),
    ) -> Result<usize, StoreError>;

    /// Per member with at least one upload `visibility` lets the reader see (as of `as_of`,
    /// as [`crate::ObservationQuery::as_of`]), the fingerprint of those uploads; ordered by
    /// member, uploads without a member first.
    async fn upload_fingerprints(
        &self,
        visibility: &Visibility,
        as_of: Option<DateTime<Utc>>,
    ) -> Result<Vec<UploadFingerprint>, StoreError>;

    /// The random identity this database was given when it was created (a copy keeps it): a
    /// data state kept in a file is built upon only for the database it was read from.
    async fn store_identity(&self) -> Result<String, StoreError>;
}
