//! The review of an upload: the municipality submits its draft, a manager (or admin) sees what
//! it changes against the published data (`changes`) and approves it (published: it enters
//! every comparison) or rejects it with a comment. Every step is a guarded state change with an
//! audit entry. Reading uploads (one, a page of them, the audit log) is here too, with the rule
//! of who sees which.

mod changes;
mod context;

use vergleich_domain::{Role, UploadId, UploadState};
use vergleich_store::{AuditEntry, Transition, UploadFilter, UploadRecord};

pub use changes::{Change, ChangeList, ValueAt};
pub use context::{EarlierValue, MIN_PEERS, PeerRange};

use super::{Principal, Workflow};
use crate::error::{Error, ErrorDetail, Result};

/// Longest review comment.
pub const MAX_COMMENT: usize = 2_000;
/// Page size of upload lists when none is asked for, and the largest allowed.
pub const DEFAULT_PAGE: i64 = 50;
pub const MAX_PAGE: i64 = 200;
/// Entries of the audit log when none are asked for, and the most allowed.
pub const DEFAULT_AUDIT: i64 = 100;
pub const MAX_AUDIT: i64 = 1_000;

/// Who may see uploads at all: municipalities (their own), managers and admins (every one).
const READERS: [Role; 3] = [Role::Municipality, Role::Manager, Role::Admin];

/// One page of uploads, newest first.
#[derive(Debug)]
pub struct UploadPage {
    pub limit: i64,
    pub offset: i64,
    pub next_offset: Option<i64>,
    pub uploads: Vec<UploadRecord>,
}

/// A comment no longer than [`MAX_COMMENT`] characters; blank means none.
pub(crate) fn checked_comment(comment: Option<String>) -> Result<Option<String>> {
    if let Some(c) = &comment
        && c.chars().count() > MAX_COMMENT
    {
        return Err(Error::invalid(vec![ErrorDetail::parameter(
            "comment",
            "",
            format!("Der Kommentar darf höchstens {MAX_COMMENT} Zeichen haben."),
            format!("The comment may have at most {MAX_COMMENT} characters."),
        )]));
    }
    Ok(comment.filter(|c| !c.trim().is_empty()))
}

/// The error of a rejection without a comment (the review page shows its message).
pub fn comment_missing() -> Error {
    Error::invalid(vec![ErrorDetail::parameter(
        "comment",
        "",
        "Bitte begründen, was die Kommune korrigieren soll.",
        "Please say what the municipality should correct.",
    )])
}

/// Managers and admins review; 401 for anonymous, 403 for other roles.
pub fn reviewer(principal: &Principal) -> Result<()> {
    principal
        .require(
            &[Role::Manager, Role::Admin],
            "Uploads prüfen (Projektleitung)",
            "review uploads (project managers)",
        )
        .map(|_| ())
}

impl Workflow<'_> {
    async fn step(
        &self,
        principal: &Principal,
        id: i64,
        from: UploadState,
        to: UploadState,
        comment: Option<String>,
    ) -> Result<UploadRecord> {
        let upload = self
            .store
            .transition(&Transition {
                upload: UploadId(id),
                from: vec![from],
                to,
                actor: principal.actor(),
                comment,
            })
            .await?;
        tracing::info!(upload = id, to = to.as_str(), actor = %principal.actor(), "upload state changed");
        Ok(upload)
    }

    /// Hands the principal's own draft in for review (the uploading municipality only).
    pub async fn submit(&self, principal: &Principal, id: i64) -> Result<UploadRecord> {
        principal.require(
            &[Role::Municipality],
            "Uploads einreichen (nur die Kommune selbst)",
            "submit uploads (the municipality itself only)",
        )?;
        self.visible_upload(principal, id).await?;
        self.step(
            principal,
            id,
            UploadState::Draft,
            UploadState::Submitted,
            None,
        )
        .await
    }

    /// Publishes a submitted upload, with an optional comment (managers and admins).
    pub async fn approve(
        &self,
        principal: &Principal,
        id: i64,
        comment: Option<String>,
    ) -> Result<UploadRecord> {
        reviewer(principal)?;
        let comment = checked_comment(comment)?;
        self.step(
            principal,
            id,
            UploadState::Submitted,
            UploadState::Published,
            comment,
        )
        .await
    }

    /// Sends a submitted upload back with a comment, which is required (managers and admins);
    /// its values never count.
    pub async fn reject(
        &self,
        principal: &Principal,
        id: i64,
        comment: Option<String>,
    ) -> Result<UploadRecord> {
        reviewer(principal)?;
        let comment = checked_comment(comment)?.ok_or_else(comment_missing)?;
        self.step(
            principal,
            id,
            UploadState::Submitted,
            UploadState::Rejected,
            Some(comment),
        )
        .await
    }

    /// The upload with this id if the principal may see it: its own member's, or any for
    /// managers and admins. Another member's upload is 404, not 403: its existence is not
    /// revealed.
    pub async fn visible_upload(&self, principal: &Principal, id: i64) -> Result<UploadRecord> {
        let user = principal.require(&READERS, "Uploads ansehen", "see uploads")?;
        let not_found = || Error::not_found(&format!("Upload {id}"), &format!("Upload {id}"));
        let upload = self
            .store
            .upload(UploadId(id))
            .await?
            .ok_or_else(not_found)?;
        let own = user.municipality.is_some() && upload.municipality == user.municipality;
        if user.role.sees_unpublished() || own {
            Ok(upload)
        } else {
            Err(not_found())
        }
    }

    /// The raw file of an upload the principal may see (kept by SHA-256, so every number can
    /// be traced), with the upload.
    pub async fn upload_file(
        &self,
        principal: &Principal,
        id: i64,
    ) -> Result<(UploadRecord, Vec<u8>)> {
        let upload = self.visible_upload(principal, id).await?;
        let missing = || Error::not_found("Die Datei dieses Uploads", "The file of this upload");
        let sha = upload.sha256.as_deref().ok_or_else(missing)?;
        let bytes = self.store.raw_file(sha).await?.ok_or_else(missing)?;
        Ok((upload, bytes))
    }

    /// Uploads, newest first: a municipality sees its own, managers and admins every member's
    /// (the review queue is `state=submitted`). `limit` is 1 to [`MAX_PAGE`].
    pub async fn uploads(
        &self,
        principal: &Principal,
        state: Option<UploadState>,
        limit: Option<i64>,
        offset: Option<i64>,
    ) -> Result<UploadPage> {
        let user = principal.require(&READERS, "Uploads ansehen", "see uploads")?;
        let limit = limit.unwrap_or(DEFAULT_PAGE);
        let offset = offset.unwrap_or(0);
        if !(1..=MAX_PAGE).contains(&limit) || offset < 0 {
            return Err(Error::invalid(vec![ErrorDetail::parameter(
                "limit",
                &format!("{limit}/{offset}"),
                format!("limit muss zwischen 1 und {MAX_PAGE} liegen, offset mindestens 0."),
                format!("limit must be 1 to {MAX_PAGE}, offset at least 0."),
            )]));
        }
        let filter = UploadFilter {
            municipality: if user.role == Role::Municipality {
                user.municipality.clone()
            } else {
                None
            },
            states: state.into_iter().collect(),
            exclude_synthetic: true,
            limit: limit + 1,
            offset,
        };
        let mut uploads = self.store.uploads(&filter).await?;
        let more = uploads.len() as i64 > limit;
        uploads.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok(UploadPage {
            limit,
            offset,
            next_offset: more.then(|| offset.saturating_add(limit)),
            uploads,
        })
    }

    /// The audit log, newest first (managers and admins); `limit` is 1 to [`MAX_AUDIT`].
    pub async fn audit(
        &self,
        principal: &Principal,
        limit: Option<i64>,
    ) -> Result<Vec<AuditEntry>> {
        principal.require(
            &[Role::Manager, Role::Admin],
            "das Protokoll lesen",
            "read the audit log",
        )?;
        let limit = limit.unwrap_or(DEFAULT_AUDIT);
        if !(1..=MAX_AUDIT).contains(&limit) {
            return Err(Error::invalid(vec![ErrorDetail::parameter(
                "limit",
                &limit.to_string(),
                "limit muss zwischen 1 und 1.000 liegen.",
                "limit must be 1 to 1,000.",
            )]));
        }
        Ok(self.store.audit_log(limit).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comment_is_checked_at_its_limit_and_blank_means_none() {
        let at = "ä".repeat(MAX_COMMENT);
        assert_eq!(checked_comment(Some(at.clone())).ok().flatten(), Some(at));
        assert!(checked_comment(Some("ä".repeat(MAX_COMMENT + 1))).is_err());
        assert_eq!(
            checked_comment(Some("  \n".to_owned())).ok().flatten(),
            None
        );
        assert_eq!(checked_comment(None).ok().flatten(), None);
    }
}
