//! A manager's (or admin's) upload of a file with several members' rows, typically a national
//! official table (GENESIS, INKAR, BA): checked once as a whole, stored as one upload per member
//! with only that member's rows ([`super::split::import`]), so provenance, review and
//! publication stay per member. No member hands these in, so each is submitted for review at
//! once, by the manager, with its own audit entry: they wait in the review queue like a
//! member's submission.

use vergleich_domain::{Role, UploadState};
use vergleich_store::{Transition, UploadRecord};

use super::UploadFile;
use super::pipeline::{UploadError, UploadOutcome, UploadRequest, Uploader};
use super::split::{ImportOutcome, import};
use crate::workflow::{Principal, Workflow};

/// Who may upload for the whole cohort.
pub const COHORT_UPLOADERS: [Role; 2] = [Role::Manager, Role::Admin];

impl Workflow<'_> {
    /// Stores a file of several members' values as one upload per member, each submitted for
    /// review (managers and admins). A dry run or a rejected file is one answer for the whole
    /// file.
    pub async fn upload_for_cohort(
        &self,
        principal: &Principal,
        file: UploadFile,
    ) -> Result<ImportOutcome, UploadError> {
        let user = principal
            .require(
                &COHORT_UPLOADERS,
                "Daten für mehrere Kommunen hochladen (Projektleitung)",
                "upload data for several members (project managers)",
            )
            .map_err(UploadError::Refused)?;
        let mappings = super::user_mappings(&file.map).map_err(UploadError::Invalid)?;
        let request = UploadRequest {
            bytes: file.bytes,
            file_name: file.file_name,
            uploader: Uploader {
                name: format!("user:{}", user.name),
                municipality: None,
            },
            dry_run: file.dry_run,
            idempotency_key: file.idempotency_key,
            state: UploadState::Draft,
            skip_other_members: false,
            mappings,
        };
        let outcome = import(self.store, self.limits, self.parses, request).await?;
        let ImportOutcome::PerMember { report, members } = outcome else {
            return Ok(outcome);
        };
        let mut submitted = Vec::with_capacity(members.len());
        for (member, part) in members {
            submitted.push((member, self.hand_in(principal, part).await?));
        }
        tracing::info!(members = submitted.len(), user = %user.name, "cohort upload stored");
        Ok(ImportOutcome::PerMember {
            report,
            members: submitted,
        })
    }

    /// A member's part just stored as a draft goes to review; a repeat stays as it is.
    async fn hand_in(
        &self,
        principal: &Principal,
        part: UploadOutcome,
    ) -> Result<UploadOutcome, UploadError> {
        let UploadOutcome::Stored {
            upload,
            report,
            unchanged,
        } = part
        else {
            return Ok(part);
        };
        let upload: UploadRecord = self
            .store
            .transition(&Transition {
                upload: upload.id,
                from: vec![UploadState::Draft],
                to: UploadState::Submitted,
                actor: principal.actor(),
                comment: None,
            })
            .await?;
        Ok(UploadOutcome::Stored {
            upload,
            report,
            unchanged,
        })
    }
}
