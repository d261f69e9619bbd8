//! Uploading: who may upload for which member, the idempotency key rule, the pipeline from bytes
//! to a stored draft (`pipeline`), and what an upload looks like to its reader. The member of an
//! upload is the signed-in user's: never the body, the path or the file's rows (rows for another
//! member are errors).

mod check;
mod cohort;
mod mapping;
mod pipeline;
mod split;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use vergleich_domain::{Role, UploadState};
use vergleich_ingest::ValidationReport;
use vergleich_store::{UploadRecord, User};

pub use cohort::COHORT_UPLOADERS;
pub use mapping::{MAX_MAPPINGS, user_mappings};
pub use pipeline::{UploadError, UploadOutcome, UploadRequest, Uploader, upload};
pub use split::{ImportOutcome, import};

use super::{Principal, Workflow};
use crate::error::{Error, ErrorCode, ErrorDetail, Result};

/// Longest accepted `Idempotency-Key`.
pub const MAX_KEY_LENGTH: usize = 255;

/// An upload as readers see it: the record, its review and its validation report.
#[derive(Debug, Serialize, ToSchema)]
pub struct UploadView {
    pub id: i64,
    #[schema(value_type = Option<String>)]
    pub municipality: Option<String>,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
    pub file_name: Option<String>,
    pub sha256: Option<String>,
    /// draft, submitted, published or rejected.
    #[schema(value_type = String)]
    pub state: UploadState,
    pub observation_count: i64,
    pub submitted_at: Option<DateTime<Utc>>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_comment: Option<String>,
    /// The validation report stored with the upload.
    #[schema(value_type = Object)]
    pub report: Option<serde_json::Value>,
}

impl From<UploadRecord> for UploadView {
    fn from(u: UploadRecord) -> Self {
        Self {
            id: u.id.0,
            municipality: u.municipality.map(|m| m.as_str().to_owned()),
            uploaded_by: u.uploaded_by,
            uploaded_at: u.uploaded_at,
            file_name: u.file_name,
            sha256: u.sha256,
            state: u.state,
            observation_count: u.observation_count,
            submitted_at: u.submitted_at,
            reviewed_by: u.reviewed_by,
            reviewed_at: u.reviewed_at,
            review_comment: u.review_comment,
            report: u.report.and_then(|r| serde_json::from_str(&r).ok()),
        }
    }
}

/// One file handed in by a signed-in municipality user.
#[derive(Debug, Clone, Default)]
pub struct UploadFile {
    pub bytes: Vec<u8>,
    pub file_name: Option<String>,
    /// Validate and report only; store nothing.
    pub dry_run: bool,
    pub idempotency_key: Option<String>,
    /// The caller's own mappings of official-table variables
    /// (`CODE[:ATTR=VAL…]=INDICATOR[*FACTOR]`), tried before `datasets/sources.csv`.
    pub map: Vec<String>,
}

/// The user and the member a municipality user uploads for; other roles may not upload as a
/// member (managers and admins import with the command line). Checked before a body is read.
pub fn uploader(principal: &Principal) -> Result<(&User, Uploader)> {
    let user = principal.require(
        &[Role::Municipality],
        "Daten hochladen (nur Kommunen)",
        "upload data (municipalities only)",
    )?;
    let member = user.municipality.clone().ok_or_else(|| {
        Error::forbidden("Daten hochladen ohne Kommune", "upload without a member")
    })?;
    Ok((
        user,
        Uploader {
            name: format!("user:{}", user.name),
            municipality: Some(member),
        },
    ))
}

/// A sent `Idempotency-Key`: 1 to [`MAX_KEY_LENGTH`] visible ASCII characters (surrounding
/// blanks ignored).
pub fn idempotency_key(raw: &[u8]) -> Result<String> {
    let key = std::str::from_utf8(raw).map(str::trim).unwrap_or_default();
    if key.is_empty() || key.len() > MAX_KEY_LENGTH || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::invalid(vec![ErrorDetail::parameter(
            "Idempotency-Key",
            &String::from_utf8_lossy(raw),
            format!(
                "Erwartet werden 1 bis {MAX_KEY_LENGTH} sichtbare ASCII-Zeichen, z. B. eine UUID."
            ),
            format!("Expected 1 to {MAX_KEY_LENGTH} visible ASCII characters, e.g. a UUID."),
        )]));
    }
    Ok(key.to_owned())
}

impl Workflow<'_> {
    /// Validates and (unless a dry run or rejected) stores a file as a draft of the signed-in
    /// municipality's member. The API, the upload page and their metrics share it; the error
    /// stays typed so the caller can count the outcome (`outcome_label`) before answering.
    pub async fn upload(
        &self,
        principal: &Principal,
        file: UploadFile,
    ) -> Result<UploadOutcome, UploadError> {
        let (user, uploader) = uploader(principal).map_err(UploadError::Refused)?;
        let mappings = user_mappings(&file.map).map_err(UploadError::Invalid)?;
        let request = UploadRequest {
            bytes: file.bytes,
            file_name: file.file_name,
            uploader,
            dry_run: file.dry_run,
            idempotency_key: file.idempotency_key,
            state: UploadState::Draft,
            skip_other_members: false,
            mappings,
        };
        let outcome = upload(self.store, self.limits, self.parses, request).await?;
        if let UploadOutcome::Stored { upload, .. } = &outcome {
            tracing::info!(upload = upload.id.0, user = %user.name, "upload stored");
        }
        Ok(outcome)
    }
}

/// The label of an upload's outcome in `/metrics` (`vergleich_uploads_total{outcome}`).
pub fn outcome_label(result: &Result<UploadOutcome, UploadError>) -> &'static str {
    match result {
        Ok(UploadOutcome::Stored { .. }) => "stored",
        Ok(UploadOutcome::Replayed { .. }) => "replayed",
        Ok(UploadOutcome::Checked { .. }) => "checked",
        Ok(UploadOutcome::Rejected { .. }) => "rejected",
        Err(UploadError::Refused(_)) => "refused",
        Err(UploadError::Invalid(_)) => "invalid",
        Err(UploadError::KeyReused { .. }) => "key_reused",
        Err(UploadError::Concurrent) => "conflict",
        Err(UploadError::ValidationPanicked | UploadError::Store(_)) => "error",
    }
}

impl From<UploadError> for Error {
    fn from(err: UploadError) -> Self {
        match err {
            UploadError::Refused(e) | UploadError::Invalid(e) => e,
            UploadError::KeyReused { key, upload } => Error::new(
                ErrorCode::IdempotencyKeyReused,
                format!(
                    "Der Idempotency-Key „{key}“ wurde schon für eine andere Datei verwendet \
                     (Upload {upload}). Für eine neue Datei bitte einen neuen Schlüssel senden."
                ),
                format!(
                    "The Idempotency-Key \"{key}\" was already used for another file (upload \
                     {upload}). Send a new key for a new file."
                ),
            ),
            UploadError::Concurrent => Error::new(
                ErrorCode::Conflict,
                "Eine gleichzeitige Anfrage mit demselben Idempotency-Key läuft oder ist fertig; \
                 bitte die Antwort abwarten und dann mit demselben Schlüssel wiederholen.",
                "A concurrent request with the same Idempotency-Key is running or done; wait for \
                 it, then repeat with the same key.",
            ),
            UploadError::ValidationPanicked => {
                let mut e = Error::new(
                    ErrorCode::Internal,
                    "Die Prüfung der Datei ist unerwartet abgebrochen; nichts wurde gespeichert.",
                    "Validating the file stopped unexpectedly; nothing was stored.",
                );
                e.source = Some(anyhow::anyhow!("validation panicked"));
                e
            }
            UploadError::Store(e) => e.into(),
        }
    }
}

/// A rejected file as an error: the report's status (413, 415 or 422) with every issue as a
/// detail (row and column) and the whole report as the `report` member.
pub fn rejected(report: &ValidationReport) -> Error {
    let code = match report.http_status() {
        413 => ErrorCode::PayloadTooLarge,
        415 => ErrorCode::UnsupportedMediaType,
        _ => ErrorCode::ValidationFailed,
    };
    let mut err = Error::new(
        code,
        format!(
            "Die Datei wurde nicht übernommen: {} Fehler. Nichts wurde gespeichert; bitte die \
             genannten Zellen korrigieren und erneut hochladen.",
            report.error_count
        ),
        format!(
            "The file was not accepted: {} errors. Nothing was stored; please fix the cells \
             named and upload again.",
            report.error_count
        ),
    );
    err.errors = report
        .errors
        .iter()
        .map(|i| ErrorDetail {
            code: i.code.as_str().to_owned(),
            parameter: None,
            row: i.row,
            column: i
                .column
                .as_ref()
                .map(|c| format!("{} ({})", c.letter, c.name)),
            value: i.value.clone(),
            message_de: i.message_de.clone(),
            message_en: i.message_en.clone(),
        })
        .collect();
    err.with_extension("report", serde_json::to_value(report).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_idempotency_key_is_checked_at_its_limits() {
        assert_eq!(idempotency_key(b" abc ").ok().as_deref(), Some("abc"));
        assert!(idempotency_key(&[b'k'; MAX_KEY_LENGTH]).is_ok());
        assert!(idempotency_key(&[b'k'; MAX_KEY_LENGTH + 1]).is_err());
        assert!(idempotency_key(b"").is_err());
        assert!(idempotency_key(b"mit leer").is_err());
        assert!(idempotency_key("schlüssel".as_bytes()).is_err());
    }
}
