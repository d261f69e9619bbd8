//! Named data releases (issue #17 point 3) and the embargo of scheduled ones. A release names
//! the published data as of its moment; reading it is an `as_of` read
//! ([`crate::ObservationQuery::as_of`]). An upload approved under the embargo of a scheduled
//! release gets that release's moment as `published_at`, and the public reads leave out
//! uploads whose `published_at` lies ahead ([`crate::Visibility`]), so its values appear
//! exactly when the release comes out, with no job that must run at that time.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use vergleich_domain::{Release, UploadId};

use crate::{StoreError, UploadRecord};

/// A release to create.
#[derive(Debug, Clone)]
pub struct NewRelease {
    pub name: String,
    pub title: String,
    pub note: String,
    pub at: DateTime<Utc>,
}

#[async_trait]
pub trait ReleaseStore: Send + Sync {
    /// Creates a release with its audit entry `release.created`; `Conflict` when the name is
    /// taken (names are never reused).
    async fn create_release(
        &self,
        release: &NewRelease,
        actor: &str,
    ) -> Result<Release, StoreError>;

    /// Every release, oldest moment first.
    async fn releases(&self) -> Result<Vec<Release>, StoreError>;

    /// Publishes a submitted upload under the embargo of a scheduled release: like the review
    /// step `submitted -> published`, but `published_at` is the release's moment, so readers
    /// outside the member and the managers see its values from then on. `NotFound` without the
    /// upload or the release, `InvalidState` when the upload is not submitted, `Conflict` when
    /// the release is out already.
    async fn publish_embargoed(
        &self,
        upload: UploadId,
        release: &str,
        actor: &str,
        comment: Option<String>,
    ) -> Result<UploadRecord, StoreError>;
}

#[derive(sqlx::FromRow)]
pub(crate) struct ReleaseRow {
    name: String,
    title: String,
    note: String,
    at: DateTime<Utc>,
    created_at: DateTime<Utc>,
    created_by: String,
}

impl From<ReleaseRow> for vergleich_domain::Release {
    fn from(r: ReleaseRow) -> Self {
        Self {
            name: r.name,
            title: r.title,
            note: r.note,
            at: r.at,
            created_at: r.created_at,
            created_by: r.created_by,
        }
    }
}
