//! The upload pipeline: the one path from uploaded bytes to a stored upload, used by the CLI,
//! the HTTP API and the upload page. It recognises repeats (Idempotency-Key, else the file's SHA-256), validates the
//! whole file off the async runtime, and stores the upload, its raw file and its observations in
//! one transaction, or nothing.

use vergleich_domain::{Ags, Observation, UploadState};
use vergleich_ingest::{Limits, SourceMappings, ValidationReport};
use vergleich_store::{
    Appended, NewUpload, Store, StoreError, UploadLookup, UploadRecord, sha256_hex,
};

/// Who uploads: the municipality comes from the principal, never from the file.
#[derive(Debug, Clone)]
pub struct Uploader {
    /// A stable name for provenance and idempotency keys, e.g. `user:kl-statistik` or `cli`.
    pub name: String,
    /// The member the upload belongs to; `None` for an administrator's multi-member import.
    pub municipality: Option<Ags>,
}

#[derive(Debug, Clone)]
pub struct UploadRequest {
    pub bytes: Vec<u8>,
    pub file_name: Option<String>,
    pub uploader: Uploader,
    /// Validate and report only; store nothing.
    pub dry_run: bool,
    pub idempotency_key: Option<String>,
    /// The state a stored upload starts in (draft for the review workflow).
    pub state: UploadState,
    /// Rows of other members are left out instead of errors (one member's part of a split
    /// import; official tables always do this).
    pub skip_other_members: bool,
    /// Which variables of official tables feed which indicators; `None`: the built-in ones.
    pub mappings: Option<SourceMappings>,
}

/// What happened to an upload.
#[derive(Debug)]
// One value per upload, moved once or twice on its way to the answer: boxing the report would
// save nothing measurable.
#[allow(clippy::large_enum_variant)]
pub enum UploadOutcome {
    /// Accepted and stored. Observations identical to the published version they would replace
    /// are not written again (`unchanged`), so re-uploading an export is a no-op; a value equal
    /// only to an unpublished draft is written ([`Store::append_changes`] decides).
    Stored {
        upload: UploadRecord,
        report: ValidationReport,
        unchanged: usize,
    },
    /// The same file (or the same Idempotency-Key with the same file) was stored before; nothing
    /// new was written. `report` is the report stored with the original.
    Replayed { upload: UploadRecord },
    /// Dry run: the report, nothing stored.
    Checked { report: ValidationReport },
    /// Errors block the upload; nothing stored.
    Rejected { report: ValidationReport },
}

#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    /// This principal may not upload (401 or 403).
    #[error(transparent)]
    Refused(crate::error::Error),
    /// A parameter of the request is malformed (400), e.g. a mapping.
    #[error(transparent)]
    Invalid(crate::error::Error),
    #[error("the Idempotency-Key {key:?} was already used for another file (upload {upload})")]
    KeyReused { key: String, upload: i64 },
    #[error("a concurrent upload with the same Idempotency-Key is in progress or done")]
    Concurrent,
    #[error("validation stopped unexpectedly")]
    ValidationPanicked,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Validates and, unless rejected or a dry run, stores one upload.
pub async fn upload(
    store: &dyn Store,
    limits: &Limits,
    work: &crate::work::CpuWork,
    mut request: UploadRequest,
) -> Result<UploadOutcome, UploadError> {
    let sha256 = sha256_hex(&request.bytes);
    with_replay_key(&mut request, &sha256);
    if let Some(previous) = find_previous(store, &request, &sha256).await? {
        return Ok(UploadOutcome::Replayed { upload: previous });
    }
    let file_name = request.file_name.clone();
    let file = super::check::File {
        bytes: std::mem::take(&mut request.bytes),
        file_name: request.file_name.clone(),
        member: request.uploader.municipality.clone(),
        skip_other_members: request.skip_other_members,
        mappings: request.mappings.take(),
    };
    let (ingested, bytes) = super::check::check(store, limits, work, file).await?;
    if !ingested.is_accepted() {
        return Ok(UploadOutcome::Rejected {
            report: ingested.report,
        });
    }
    if request.dry_run {
        return Ok(UploadOutcome::Checked {
            report: ingested.report,
        });
    }
    let part = Part {
        request: &request,
        sha256: &sha256,
        file_name,
        raw: Some(bytes),
    };
    store_part(store, part, ingested.report, &ingested.observations).await
}

/// With mappings of its own the same bytes may mean other values: the repeat is recognised by
/// bytes, member and mappings together, not by the bytes alone.
pub(super) fn with_replay_key(request: &mut UploadRequest, sha256: &str) {
    if let Some(mappings) = &request.mappings
        && request.idempotency_key.is_none()
        && !request.dry_run
        && !mappings.user_specs().is_empty()
    {
        let member = request.uploader.municipality.as_ref().map(Ags::as_str);
        request.idempotency_key = Some(super::mapping::replay_key(sha256, member, mappings));
    }
}

/// An upload to store: its request (who, which member, key, state), the file's hash and name,
/// and its raw bytes (`None` when an earlier part of the same import stored them).
pub(super) struct Part<'a> {
    pub request: &'a UploadRequest,
    pub sha256: &'a str,
    pub file_name: Option<String>,
    pub raw: Option<Vec<u8>>,
}

/// Stores validated observations as one upload, unless an upload matching its key or content
/// exists by the time the write transaction holds its locks.
pub(super) async fn store_part(
    store: &dyn Store,
    part: Part<'_>,
    report: ValidationReport,
    observations: &[Observation],
) -> Result<UploadOutcome, UploadError> {
    let sha256 = part.sha256;
    let (lookup, new) = new_upload(part, &report);
    let appended = store.append_changes(&lookup, new, observations).await?;
    outcome(appended, lookup, sha256, report)
}

/// The lookup (checked again inside the write transaction, after its locks: of concurrent
/// identical requests exactly one stores) and the record of an upload to store.
pub(super) fn new_upload(part: Part<'_>, report: &ValidationReport) -> (UploadLookup, NewUpload) {
    let Part {
        request,
        sha256,
        file_name,
        raw,
    } = part;
    let lookup = match &request.idempotency_key {
        Some(key) => UploadLookup::IdempotencyKey {
            uploaded_by: request.uploader.name.clone(),
            key: key.clone(),
        },
        None => UploadLookup::Content {
            municipality: request.uploader.municipality.clone(),
            sha256: sha256.to_owned(),
        },
    };
    let new = NewUpload {
        municipality: request.uploader.municipality.clone(),
        uploaded_by: request.uploader.name.clone(),
        file_name,
        sha256: Some(sha256.to_owned()),
        state: request.state,
        synthetic: false,
        report: serde_json::to_string(report).ok(),
        idempotency_key: request.idempotency_key.clone(),
        raw,
    };
    (lookup, new)
}

/// What the write of an upload means for its request.
pub(super) fn outcome(
    appended: Appended,
    lookup: UploadLookup,
    sha256: &str,
    report: ValidationReport,
) -> Result<UploadOutcome, UploadError> {
    match appended {
        Appended::Stored { upload, unchanged } => Ok(UploadOutcome::Stored {
            upload,
            report,
            unchanged,
        }),
        // Stored by a concurrent request while this one was validated.
        Appended::Found(previous) => match lookup {
            UploadLookup::Content { .. } => Ok(UploadOutcome::Replayed { upload: previous }),
            UploadLookup::IdempotencyKey { .. } if previous.sha256.as_deref() == Some(sha256) => {
                Err(UploadError::Concurrent)
            }
            UploadLookup::IdempotencyKey { key, .. } => Err(UploadError::KeyReused {
                key,
                upload: previous.id.0,
            }),
        },
    }
}

/// An earlier upload this request repeats: same key (and same bytes, else an error), or without
/// a key the same bytes for the same member.
pub(super) async fn find_previous(
    store: &dyn Store,
    request: &UploadRequest,
    sha256: &str,
) -> Result<Option<UploadRecord>, UploadError> {
    if let Some(key) = &request.idempotency_key {
        let lookup = UploadLookup::IdempotencyKey {
            uploaded_by: request.uploader.name.clone(),
            key: key.clone(),
        };
        return match store.find_upload(&lookup).await? {
            Some(previous) if previous.sha256.as_deref() == Some(sha256) => Ok(Some(previous)),
            Some(previous) => Err(UploadError::KeyReused {
                key: key.clone(),
                upload: previous.id.0,
            }),
            None => Ok(None),
        };
    }
    if request.dry_run {
        return Ok(None);
    }
    let lookup = UploadLookup::Content {
        municipality: request.uploader.municipality.clone(),
        sha256: sha256.to_owned(),
    };
    Ok(store.find_upload(&lookup).await?)
}
