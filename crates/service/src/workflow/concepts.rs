//! Integrationskonzepte, the workflow (issue #13): a municipality starts a version (empty, or a
//! Fortschreibung copied from one of its own versions), edits it as a draft and publishes it.
//! Publishing needs no manager's approval: the concept is the council's decision (it carries
//! the adoption date of the Stadtratsbeschluss); a review by the project would add no
//! legitimacy, and the managers' overview shows every concept with its warnings. Readers see
//! published versions; drafts only their member's users and the managers and admins. Budget
//! figures are for signed-in project members only.
//!
//! Every edit is checked against the catalogue (each broken rule named with where), and a
//! measure whose status changes gets a dated entry in its timeline, with who.

use chrono::{NaiveDate, Utc};
use vergleich_domain::concept::{ConceptContent, StatusChange};
use vergleich_domain::{Ags, Role};
use vergleich_store::{
    ConceptEdit, ConceptState, ConceptVersion, NewConceptVersion, StoreError, User,
};

use super::{Principal, Workflow};
use crate::error::{Error, ErrorCode, ErrorDetail, Result};

/// Longest version label (`2022`, `2022-Fortschreibung`).
pub const MAX_LABEL: usize = 40;

fn label_ok(label: &str) -> Result<()> {
    let n = label.chars().count();
    if n == 0 || n > MAX_LABEL || label.chars().any(char::is_control) || label.trim() != label {
        return Err(Error::invalid(vec![ErrorDetail::parameter(
            "label",
            label,
            format!(
                "Die Bezeichnung der Fassung hat 1 bis {MAX_LABEL} Zeichen ohne Leerzeichen am Rand, z. B. 2022."
            ),
            format!(
                "The version label has 1 to {MAX_LABEL} characters without surrounding blanks, e.g. 2022."
            ),
        )]));
    }
    Ok(())
}

/// Longest title of a version.
pub const MAX_TITLE: usize = 200;

/// Title and link of an edit: a title of 1 to [`MAX_TITLE`] characters, and a link to the
/// published document that is a web address (a `javascript:` link would run in every reader's
/// browser).
fn meta_ok(edit: &ConceptEdit) -> Result<()> {
    let mut details = Vec::new();
    let n = edit.title.trim().chars().count();
    if n == 0 || n > MAX_TITLE {
        details.push(ErrorDetail::parameter(
            "title",
            &edit.title,
            format!("Der Titel hat 1 bis {MAX_TITLE} Zeichen."),
            format!("The title has 1 to {MAX_TITLE} characters."),
        ));
    }
    if let Some(url) = &edit.document_url
        && !((url.starts_with("https://") || url.starts_with("http://"))
            && url.len() <= 2_000
            && !url.chars().any(char::is_whitespace))
    {
        details.push(ErrorDetail::parameter(
            "document_url",
            url,
            "Der Link zum Dokument ist eine Webadresse, die mit https:// beginnt, z. B. https://www.kaiserslautern.de/integrationskonzept.pdf.",
            "The link to the document is a web address starting with https://, e.g. https://www.kaiserslautern.de/integrationskonzept.pdf.",
        ));
    }
    if details.is_empty() {
        Ok(())
    } else {
        Err(Error::invalid(details))
    }
}

/// The concept's problems as the details of one 400.
fn refuse(problems: Vec<vergleich_domain::concept::ConceptProblem>) -> Error {
    let details = problems
        .into_iter()
        .map(|p| ErrorDetail {
            code: "invalid-concept".to_owned(),
            parameter: Some(p.at),
            row: None,
            column: None,
            value: None,
            message_de: p.error.message_de(),
            message_en: p.error.message_en(),
        })
        .collect();
    Error::invalid(details)
}

fn not_found(id: i64) -> Error {
    Error::not_found(
        &format!("Die Fassung {id} eines Integrationskonzepts"),
        &format!("concept version {id}"),
    )
}

/// Writes the timeline entries of the measures whose status changed against `before`, and the
/// date of their last update.
pub(crate) fn stamp(
    content: &mut ConceptContent,
    before: &ConceptContent,
    by: &str,
    today: NaiveDate,
) {
    for m in &mut content.measures {
        let old = before.measures.iter().find(|o| o.id == m.id);
        // The timeline is the store's record: what the edit sent is replaced by what was kept.
        m.timeline = old.map(|o| o.timeline.clone()).unwrap_or_default();
        if old.is_none_or(|o| o.status != m.status) {
            m.timeline.push(StatusChange {
                on: today,
                status: m.status,
                by: by.to_owned(),
            });
        }
        let changed = old.is_none_or(|o| {
            o.status != m.status || o.progress != m.progress || o.start != m.start || o.end != m.end
        });
        if changed {
            m.updated_on = Some(today);
        } else if let Some(o) = old {
            m.updated_on = o.updated_on;
        }
    }
}

/// Without a signed-in project member, budgets are left out.
pub(crate) fn for_reader(mut version: ConceptVersion, principal: &Principal) -> ConceptVersion {
    if principal.user().is_none() {
        for m in &mut version.content.measures {
            m.budget = None;
            m.funding = None;
            m.budget_approved = None;
        }
    }
    version
}

impl Workflow<'_> {
    /// The signed-in municipality user and the member whose concept they edit.
    pub(crate) fn concept_editor<'p>(&self, principal: &'p Principal) -> Result<(&'p User, Ags)> {
        let user = principal.require(
            &[Role::Municipality],
            "das Integrationskonzept bearbeiten (nur die eigene Kommune)",
            "edit the integration concept (own municipality only)",
        )?;
        let member = user.municipality.clone().ok_or_else(|| {
            Error::forbidden(
                "ein Konzept ohne Kommune bearbeiten",
                "edit a concept without a member",
            )
        })?;
        Ok((user, member))
    }

    /// A version of the editor's own member (another member's is "not found": not revealed).
    pub(crate) async fn own_version(&self, member: &Ags, id: i64) -> Result<ConceptVersion> {
        match self.store.concept_version(id).await? {
            Some(v) if &v.municipality == member => Ok(v),
            _ => Err(not_found(id)),
        }
    }

    /// A version of the signed-in municipality user's own member, drafts included (the
    /// measures table is downloaded from it).
    pub async fn own_concept_version(
        &self,
        principal: &Principal,
        id: i64,
    ) -> Result<ConceptVersion> {
        let (_, member) = self.concept_editor(principal)?;
        self.own_version(&member, id).await
    }

    /// Starts a version: empty, or a copy of one of the member's own versions (Fortschreibung).
    pub async fn start_concept_version(
        &self,
        principal: &Principal,
        label: &str,
        based_on: Option<i64>,
    ) -> Result<ConceptVersion> {
        let (user, member) = self.concept_editor(principal)?;
        label_ok(label)?;
        let edit = match based_on {
            Some(id) => {
                let base = self.own_version(&member, id).await?;
                ConceptEdit {
                    // "Integrationskonzept 2022" continues as "Integrationskonzept 2026".
                    title: base.title.replace(&base.label, label),
                    adopted_on: None,
                    review_on: None,
                    document_url: None,
                    content: base.content,
                }
            }
            None => ConceptEdit {
                title: format!("Integrationskonzept {label}"),
                adopted_on: None,
                review_on: None,
                document_url: None,
                content: ConceptContent::default(),
            },
        };
        let new = NewConceptVersion {
            municipality: member,
            label: label.to_owned(),
            based_on,
            edit,
        };
        match self
            .store
            .create_concept_version(&new, &principal.actor())
            .await
        {
            Err(StoreError::Conflict(_)) => Err(Error::new(
                ErrorCode::Conflict,
                format!(
                    "Es gibt schon eine Fassung „{label}“; bitte eine andere Bezeichnung wählen."
                ),
                format!("A version \"{label}\" exists already; choose another label."),
            )),
            other => {
                let version = other?;
                tracing::info!(version = version.id, user = %user.name, "concept version started");
                Ok(version)
            }
        }
    }

    /// Replaces a draft's metadata and content after checking it against the catalogue.
    pub async fn edit_concept_version(
        &self,
        principal: &Principal,
        id: i64,
        mut edit: ConceptEdit,
    ) -> Result<ConceptVersion> {
        let (user, member) = self.concept_editor(principal)?;
        let stored = self.own_version(&member, id).await?;
        if stored.state == ConceptState::Published {
            return Err(published(id));
        }
        meta_ok(&edit)?;
        let indicators = self.store.indicators().await?;
        let problems = edit.content.problems(&indicators);
        if !problems.is_empty() {
            return Err(refuse(problems));
        }
        // A target remembers the definition its values were set under (a later change warns).
        for t in edit
            .content
            .themenfelder
            .iter_mut()
            .flat_map(|t| t.goals.iter_mut())
            .flat_map(|g| g.targets.iter_mut())
        {
            if t.definition_version.is_none() {
                t.definition_version = indicators
                    .iter()
                    .find(|i| i.id == t.indicator)
                    .map(|i| i.definition_version);
            }
        }
        stamp(
            &mut edit.content,
            &stored.content,
            &user.name,
            Utc::now().date_naive(),
        );
        match self
            .store
            .edit_concept_draft(id, &edit, &principal.actor())
            .await
        {
            Err(StoreError::Conflict(_)) => Err(published(id)),
            other => Ok(other?),
        }
    }

    /// Publishes a draft of the member's own concept (checked against the catalogue again).
    pub async fn publish_concept_version(
        &self,
        principal: &Principal,
        id: i64,
    ) -> Result<ConceptVersion> {
        let (_, member) = self.concept_editor(principal)?;
        let stored = self.own_version(&member, id).await?;
        if stored.state == ConceptState::Published {
            return Err(published(id));
        }
        let problems = stored.content.problems(&self.store.indicators().await?);
        if !problems.is_empty() {
            return Err(refuse(problems));
        }
        match self
            .store
            .publish_concept_version(id, &principal.actor())
            .await
        {
            Err(StoreError::Conflict(_)) => Err(published(id)),
            other => Ok(other?),
        }
    }

    /// The member's versions this reader may see: published ones for everyone, drafts for the
    /// member's users and for managers and admins; budgets only for signed-in readers.
    pub async fn concept_versions(
        &self,
        principal: &Principal,
        member: &Ags,
    ) -> Result<Vec<ConceptVersion>> {
        let sees_drafts = principal.insider(member);
        Ok(self
            .store
            .concept_versions(member)
            .await?
            .into_iter()
            .filter(|v| sees_drafts || v.state == ConceptState::Published)
            .map(|v| for_reader(v, principal))
            .collect())
    }
}

fn published(id: i64) -> Error {
    Error::new(
        ErrorCode::Conflict,
        format!(
            "Die Fassung {id} ist veröffentlicht und wird nicht mehr geändert; bitte eine neue Fassung daraus beginnen."
        ),
        format!(
            "Version {id} is published and is not changed any more; start a new version from it."
        ),
    )
}
