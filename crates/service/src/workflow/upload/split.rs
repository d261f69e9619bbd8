//! An import of a file that holds several members' values (an official table, an
//! administrator's file): checked once as a whole, then stored as one upload per member, each
//! with only that member's rows, so provenance, review and publication stay per member.
//!
//! Each member's upload is its own transaction. If one fails (the database goes away), the
//! members before it are stored and the error is returned; importing the same file again
//! answers those as repeats and stores the rest.

use vergleich_domain::Ags;
use vergleich_ingest::{Limits, ValidationReport};
use vergleich_store::Store;

use super::pipeline::{UploadError, UploadOutcome, UploadRequest, Uploader, upload, upload_with};
use crate::work::CpuWork;

/// What an import did.
#[derive(Debug)]
// One value per upload request, moved a few times: boxing the report would only add noise.
#[allow(clippy::large_enum_variant)]
pub enum ImportOutcome {
    /// One answer for the whole file: bound to one member, a dry run, or rejected.
    Whole(UploadOutcome),
    /// The file was accepted; one answer per member with values, in key order.
    PerMember {
        /// The report of the whole file.
        report: ValidationReport,
        members: Vec<(Ags, UploadOutcome)>,
    },
}

/// Imports a file: bound to `request.uploader.municipality` as one upload, or without a member
/// as one upload per member it holds values for. The idempotency key of a member's part is
/// `KEY/MEMBER`.
pub async fn import(
    store: &dyn Store,
    limits: &Limits,
    work: &CpuWork,
    request: UploadRequest,
) -> Result<ImportOutcome, UploadError> {
    if request.uploader.municipality.is_some() {
        return Ok(ImportOutcome::Whole(
            upload(store, limits, work, request).await?,
        ));
    }
    // The published spreads as they were before this file, read once: every member's part is
    // judged against the same cohort (not against parts of the same file published a moment
    // earlier), and the pass over every published value is paid once, not once per member.
    let spreads = super::pipeline::published_spreads(store).await?;
    let check = UploadRequest {
        dry_run: true,
        idempotency_key: None,
        ..request.clone()
    };
    let report = match upload_with(store, limits, work, check, Some(&spreads)).await? {
        UploadOutcome::Checked { report } if !request.dry_run => report,
        whole => return Ok(ImportOutcome::Whole(whole)),
    };
    let mut members = Vec::with_capacity(report.members.len());
    // The keys are the validated observations' own, so they always parse.
    let keys: Vec<(String, Ags)> = report
        .members
        .keys()
        .filter_map(|k| Ags::parse(k).ok().map(|m| (k.clone(), m)))
        .collect();
    for (key, member) in keys {
        let part = UploadRequest {
            uploader: Uploader {
                name: request.uploader.name.clone(),
                municipality: Some(member.clone()),
            },
            idempotency_key: request
                .idempotency_key
                .as_ref()
                .map(|k| format!("{k}/{key}")),
            skip_other_members: true,
            ..request.clone()
        };
        let outcome = upload_with(store, limits, work, part, Some(&spreads)).await?;
        members.push((member, outcome));
    }
    Ok(ImportOutcome::PerMember { report, members })
}
