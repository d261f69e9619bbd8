//! `POST /api/v1/uploads` by a manager or admin: a file of several members' rows (an official
//! table downloaded once for the whole cohort) becomes one upload per member, each submitted for
//! review (`Workflow::upload_for_cohort`). The answer lists them; the report is the whole
//! file's.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;
use vergleich_ingest::ValidationReport;
use vergleich_service::workflow::upload::{
    ImportOutcome, UploadFile, UploadOutcome, UploadView, rejected,
};

use crate::auth::Principal;
use crate::error::AppError;
use crate::ops::metrics::UploadLabels;
use crate::state::AppState;

/// One member's part of a cohort upload.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberUpload {
    /// The member's key.
    pub municipality: String,
    /// Its upload: submitted for review, or the earlier one this repeats.
    pub upload: UploadView,
    /// Observations equal to the published ones, not written again.
    pub unchanged: usize,
    /// The same bytes were uploaded for this member before.
    pub replayed: bool,
}

/// The answer to a manager's upload of a file with several members' rows.
#[derive(Debug, Serialize, ToSchema)]
pub struct CohortAnswer {
    /// One entry per member with values in the file, in key order (empty for a dry run).
    pub uploads: Vec<MemberUpload>,
    /// The validation report of the whole file.
    #[schema(value_type = Object)]
    pub report: Option<serde_json::Value>,
    pub dry_run: bool,
}

/// What `POST /api/v1/uploads` answers: one upload (a municipality user) or one per member (a
/// manager or admin). For the OpenAPI document only.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
#[allow(dead_code)] // describes the answer; the handlers build its two shapes directly
pub enum AnyUploadAnswer {
    One(Box<super::UploadAnswer>),
    Cohort(CohortAnswer),
}

/// Counts a cohort upload's outcome in `/metrics`: the whole file once when it stored nothing,
/// else each member's part.
pub(crate) fn count(state: &AppState, outcome: &ImportOutcome) {
    let count = |label: &str| {
        state
            .metrics
            .uploads_total
            .get_or_create(&UploadLabels::new(label))
            .inc();
    };
    let label = |o: &UploadOutcome| match o {
        UploadOutcome::Stored { .. } => "stored",
        UploadOutcome::Replayed { .. } => "replayed",
        UploadOutcome::Checked { .. } => "checked",
        UploadOutcome::Rejected { .. } => "rejected",
    };
    match outcome {
        ImportOutcome::Whole(whole) => count(label(whole)),
        ImportOutcome::PerMember { members, .. } => {
            for (_, part) in members {
                count(label(part));
            }
        }
    }
}

/// Stores the file as one upload per member (see the module documentation).
pub async fn create(
    state: &AppState,
    principal: &Principal,
    file: UploadFile,
) -> Result<Response, AppError> {
    let outcome = state
        .workflow()
        .upload_for_cohort(principal, file)
        .await
        .map_err(vergleich_service::Error::from)?;
    count(state, &outcome);
    let report_json = |r: &ValidationReport| serde_json::to_value(r).ok();
    let (report, parts) = match outcome {
        ImportOutcome::Whole(UploadOutcome::Rejected { report }) => {
            return Err(rejected(&report).into());
        }
        ImportOutcome::Whole(UploadOutcome::Checked { report }) => {
            let answer = CohortAnswer {
                uploads: Vec::new(),
                report: report_json(&report),
                dry_run: true,
            };
            return Ok((StatusCode::OK, Json(answer)).into_response());
        }
        ImportOutcome::Whole(whole) => (None, vec![whole]),
        ImportOutcome::PerMember { report, members } => (
            report_json(&report),
            members.into_iter().map(|(_, part)| part).collect(),
        ),
    };
    let mut uploads = Vec::with_capacity(parts.len());
    for part in parts {
        match part {
            UploadOutcome::Stored {
                upload, unchanged, ..
            } => uploads.push(member_upload(upload.into(), unchanged, false)),
            UploadOutcome::Replayed { upload } => {
                uploads.push(member_upload(upload.into(), 0, true));
            }
            UploadOutcome::Checked { .. } | UploadOutcome::Rejected { .. } => {}
        }
    }
    let status = if uploads.iter().any(|u| !u.replayed) {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let answer = CohortAnswer {
        uploads,
        report,
        dry_run: false,
    };
    Ok((status, Json(answer)).into_response())
}

fn member_upload(upload: UploadView, unchanged: usize, replayed: bool) -> MemberUpload {
    MemberUpload {
        municipality: upload.municipality.clone().unwrap_or_default(),
        upload,
        unchanged,
        replayed,
    }
}
