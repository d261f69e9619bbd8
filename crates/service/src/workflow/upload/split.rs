//! An import of a file that holds several members' values (an official table, an
//! administrator's file): checked once as a whole, then stored as one upload per member, each
//! with only that member's rows, so provenance, review and publication stay per member.
//!
//! The parts are written in batches, each batch one transaction (all its parts or none). If
//! one fails (the database goes away), the batches before it are stored and the error is
//! returned; importing the same file again answers those as repeats and stores the rest.

use std::collections::{BTreeMap, HashMap};

use vergleich_domain::{Ags, Observation};
use vergleich_ingest::{Issue, Limits, ValidationReport};
use vergleich_store::{NewPart, Store, UploadLookup, sha256_hex};

use super::pipeline::{
    Part, UploadError, UploadOutcome, UploadRequest, Uploader, find_previous, new_upload, outcome,
    upload, with_replay_key,
};

/// Members' parts written in one transaction at most.
const PARTS_PER_BATCH: usize = 100;
/// Rows written in one transaction at most (a batch ends after the part that reaches it).
const ROWS_PER_BATCH: usize = 50_000;
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
///
/// The file is read and checked once, as a whole; each member's part is then stored from the
/// checked observations with its own share of the report. (Checking each part again read the
/// whole file once per member: 500 members' parts of a 25,000-row file took a minute.)
pub async fn import(
    store: &dyn Store,
    limits: &Limits,
    work: &CpuWork,
    mut request: UploadRequest,
) -> Result<ImportOutcome, UploadError> {
    if request.uploader.municipality.is_some() {
        return Ok(ImportOutcome::Whole(
            upload(store, limits, work, request).await?,
        ));
    }
    // The whole file is checked once (against the stored values it touches, `check`).
    let sha256 = sha256_hex(&request.bytes);
    let file = super::check::File {
        bytes: std::mem::take(&mut request.bytes),
        file_name: request.file_name.clone(),
        member: None,
        skip_other_members: false,
        mappings: request.mappings.clone(),
    };
    let (ingested, bytes) = super::check::check(store, limits, work, file).await?;
    if !ingested.is_accepted() {
        return Ok(ImportOutcome::Whole(UploadOutcome::Rejected {
            report: ingested.report,
        }));
    }
    if request.dry_run {
        return Ok(ImportOutcome::Whole(UploadOutcome::Checked {
            report: ingested.report,
        }));
    }
    let mut parts: BTreeMap<Ags, Vec<Observation>> = BTreeMap::new();
    for o in ingested.observations {
        parts.entry(o.municipality.clone()).or_default().push(o);
    }
    let total = ingested.report.observations;
    // Each part's report is the file's without the per-member counts and with its own
    // warnings: taken apart once here, not cloned whole per member (with 11,000 members that
    // was 11,000 copies of an 11,000-entry map per file).
    let mut whole = ingested.report;
    let per_member = std::mem::take(&mut whole.members);
    let warnings = Warnings::split(std::mem::take(&mut whole.warnings));
    let mut raw = Some(bytes);
    let mut members = Vec::with_capacity(parts.len());
    // Parts are written in batches, each batch one transaction: one commit per batch instead
    // of one per member (2,000 commits made most of a national file's time), while a batch
    // stays short enough not to hold other writers up for long.
    let mut batch: Vec<NewPart> = Vec::new();
    let mut waiting: Vec<(Ags, UploadLookup, ValidationReport)> = Vec::new();
    let mut batch_rows = 0;
    let mut parts = parts.into_iter().peekable();
    while let Some((member, observations)) = parts.next() {
        let mut part = UploadRequest {
            bytes: Vec::new(),
            uploader: Uploader {
                name: request.uploader.name.clone(),
                municipality: Some(member.clone()),
            },
            idempotency_key: request
                .idempotency_key
                .as_ref()
                .map(|k| format!("{k}/{}", member.as_str())),
            skip_other_members: true,
            ..request.clone()
        };
        with_replay_key(&mut part, &sha256);
        if let Some(previous) = find_previous(store, &part, &sha256).await? {
            members.push((member, UploadOutcome::Replayed { upload: previous }));
        } else {
            let report = warnings.part(&whole, &member, observations.len(), total);
            let stored = Part {
                request: &part,
                sha256: &sha256,
                file_name: request.file_name.clone(),
                // The raw file is kept once, by its hash: the first part stored brings it.
                raw: raw.take(),
            };
            let (lookup, upload) = new_upload(stored, &report);
            batch_rows += observations.len();
            batch.push(NewPart {
                lookup: lookup.clone(),
                upload,
                observations,
            });
            waiting.push((member, lookup, report));
        }
        let last = parts.peek().is_none();
        if !batch.is_empty()
            && (last || batch.len() >= PARTS_PER_BATCH || batch_rows >= ROWS_PER_BATCH)
        {
            let appended = store.append_changes_many(&batch).await?;
            batch.clear();
            for ((member, lookup, report), appended) in waiting.drain(..).zip(appended) {
                members.push((member, outcome(appended, lookup, &sha256, report)?));
            }
            batch_rows = 0;
        }
    }
    members.sort_by(|a, b| a.0.cmp(&b.0));
    whole.members = per_member;
    whole.warnings = warnings.into_list();
    Ok(ImportOutcome::PerMember {
        report: whole,
        members,
    })
}

/// The file's warnings: those about no one value (the file's), and each member's, in row order.
struct Warnings {
    file: Vec<Issue>,
    by_member: HashMap<String, Vec<Issue>>,
    order: Vec<Issue>,
}

impl Warnings {
    fn split(all: Vec<Issue>) -> Self {
        let mut file = Vec::new();
        let mut by_member: HashMap<String, Vec<Issue>> = HashMap::new();
        for w in &all {
            match &w.observation {
                Some(o) => by_member
                    .entry(o.municipality.clone())
                    .or_default()
                    .push(w.clone()),
                None => file.push(w.clone()),
            }
        }
        Self {
            file,
            by_member,
            order: all,
        }
    }

    /// A member's share of the whole file's report (`whole` without its per-member counts and
    /// warnings): the file's warnings and its own, its count of observations, and the rows of
    /// other members left out.
    fn part(
        &self,
        whole: &ValidationReport,
        member: &Ags,
        count: usize,
        total: usize,
    ) -> ValidationReport {
        let mut report = whole.clone();
        report.warnings = self.file.clone();
        if let Some(own) = self.by_member.get(member.as_str()) {
            report.warnings.extend(own.iter().cloned());
        }
        report.warning_count = report.warnings.len();
        report.observations = count;
        report.other_member_rows = total - count;
        report
    }

    fn into_list(self) -> Vec<Issue> {
        self.order
    }
}
