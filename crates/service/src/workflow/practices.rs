//! Praxisbeispiele, the workflow (issue #14 A.1): a member's users (and managers and admins on a
//! member's behalf) write a practice as a draft, hand it in, and a manager publishes it or sends
//! it back with a comment — the review steps of uploads. Everyone reads published practices; the
//! contact only signed-in users. Drafts, submitted and rejected ones are seen by the member's
//! users and by managers and admins; to anyone else they do not exist (404, not 403).

use vergleich_domain::exchange::{PracticeContent, PracticeProblem, PracticeState};
use vergleich_domain::{Ags, Catalogue, Role};
use vergleich_store::practices::{NewPractice, Practice, PracticeFilter, PracticeTransition};
use vergleich_store::{ConceptState, StoreError, User};

use super::{Principal, Workflow};
use crate::error::{Error, ErrorCode, ErrorDetail, Result};

/// A practice's problem as the detail of one 400.
pub fn refuse(problem: PracticeProblem) -> Error {
    Error::invalid(vec![ErrorDetail {
        code: "invalid-practice".to_owned(),
        parameter: Some(problem.field),
        row: None,
        column: None,
        value: None,
        message_de: problem.de,
        message_en: problem.en,
    }])
}

fn not_found(id: i64) -> Error {
    Error::not_found(
        &format!("Das Praxisbeispiel {id}"),
        &format!("practice {id}"),
    )
}

fn wrong_state(id: i64, state: &str, wanted_de: &str, wanted_en: &str) -> Error {
    Error::new(
        ErrorCode::Conflict,
        format!("Das Praxisbeispiel {id} ist {state}; {wanted_de}"),
        format!("Practice {id} is {state}; {wanted_en}"),
    )
}

/// Without a signed-in user, the contact is left out.
pub fn for_reader(mut practice: Practice, principal: &Principal) -> Practice {
    if principal.user().is_none() {
        practice.content.contact = None;
    }
    practice
}

/// Whether this principal may read the practice at its state.
pub fn readable(practice: &Practice, principal: &Principal) -> bool {
    practice.state == PracticeState::Published || principal.insider(&practice.municipality)
}

impl Workflow<'_> {
    /// The user who writes a practice of `member`: one of the member's municipality users, or a
    /// manager or admin.
    fn practice_author<'p>(&self, principal: &'p Principal, member: &Ags) -> Result<&'p User> {
        let user = principal.require(
            &[Role::Municipality, Role::Manager, Role::Admin],
            "Praxisbeispiele schreiben",
            "write practices",
        )?;
        if user.role == Role::Municipality && user.municipality.as_ref() != Some(member) {
            return Err(Error::forbidden(
                "Praxisbeispiele einer anderen Kommune schreiben",
                "write another member's practices",
            ));
        }
        Ok(user)
    }

    async fn catalogue(&self) -> Result<Catalogue> {
        Ok(Catalogue {
            fields: self.store.fields().await?,
            indicators: self.store.indicators().await?,
        })
    }

    /// Checks the content against the catalogue and the measure it names against the member's
    /// concepts (a version of that label with a measure of that id).
    async fn checked(&self, member: &Ags, content: &PracticeContent) -> Result<()> {
        content.check(&self.catalogue().await?).map_err(refuse)?;
        if let Some(m) = &content.measure {
            let versions = self.store.concept_versions(member).await?;
            let found = versions.iter().any(|v| {
                v.label == m.concept && v.content.measures.iter().any(|x| x.id == m.measure)
            });
            if !found {
                return Err(refuse(PracticeProblem {
                    field: "measure".into(),
                    de: format!(
                        "Das Integrationskonzept „{}“ der Kommune hat keine Maßnahme {}",
                        m.concept, m.measure
                    ),
                    en: format!(
                        "The member's integration concept \"{}\" has no measure {}",
                        m.concept, m.measure
                    ),
                }));
            }
        }
        Ok(())
    }

    /// A practice this principal may read (with the contact for signed-in users only).
    pub async fn practice(&self, principal: &Principal, id: i64) -> Result<Practice> {
        match self.store.practice(id).await? {
            Some(p) if readable(&p, principal) => Ok(for_reader(p, principal)),
            _ => Err(not_found(id)),
        }
    }

    /// The practices this principal may read, newest change first: published ones, plus the
    /// member's own at every stage for its users and every one for managers and admins.
    pub async fn practices(
        &self,
        principal: &Principal,
        filter: &PracticeFilter,
    ) -> Result<Vec<Practice>> {
        Ok(self
            .store
            .practices(filter)
            .await?
            .into_iter()
            .filter(|p| readable(p, principal))
            .map(|p| for_reader(p, principal))
            .collect())
    }

    /// Starts a draft of `member`'s practice.
    pub async fn create_practice(
        &self,
        principal: &Principal,
        member: &Ags,
        content: PracticeContent,
    ) -> Result<Practice> {
        self.practice_author(principal, member)?;
        if self
            .store
            .municipalities()
            .await?
            .iter()
            .all(|m| &m.key != member)
        {
            return Err(Error::unknown_member("municipality", member.as_str()));
        }
        self.checked(member, &content).await?;
        let new = NewPractice {
            municipality: member.clone(),
            content,
            synthetic: false,
            state: PracticeState::Draft,
        };
        Ok(self.store.create_practice(&new, &principal.actor()).await?)
    }

    /// A practice the principal may write, else 404 (not readable) or 403.
    async fn writable(&self, principal: &Principal, id: i64) -> Result<Practice> {
        principal.require(
            &[Role::Municipality, Role::Manager, Role::Admin],
            "Praxisbeispiele schreiben",
            "write practices",
        )?;
        let practice = self.practice(principal, id).await?;
        self.practice_author(principal, &practice.municipality)?;
        Ok(practice)
    }

    /// Replaces the content of a draft or sent-back practice (a sent-back one is a draft again).
    pub async fn edit_practice(
        &self,
        principal: &Principal,
        id: i64,
        content: PracticeContent,
    ) -> Result<Practice> {
        let practice = self.writable(principal, id).await?;
        if !practice.state.editable() {
            return Err(wrong_state(
                id,
                practice.state.label_de(),
                "nur Entwürfe und zurückgegebene werden bearbeitet.",
                "only drafts and sent-back ones are edited.",
            ));
        }
        self.checked(&practice.municipality, &content).await?;
        self.store
            .update_practice(id, &content, &principal.actor())
            .await
            .map_err(|e| state_error(e, id))
    }

    /// Hands a complete draft in for review.
    pub async fn submit_practice(&self, principal: &Principal, id: i64) -> Result<Practice> {
        let practice = self.writable(principal, id).await?;
        self.checked(&practice.municipality, &practice.content)
            .await?;
        practice.content.check_complete().map_err(refuse)?;
        self.practice_step(
            id,
            &[PracticeState::Draft, PracticeState::Rejected],
            PracticeState::Submitted,
            principal,
            None,
        )
        .await
    }

    /// A manager's decision on a submitted practice: publish, or send back with a comment.
    pub async fn review_practice(
        &self,
        principal: &Principal,
        id: i64,
        publish: bool,
        comment: Option<String>,
    ) -> Result<Practice> {
        principal.require(
            &[Role::Manager, Role::Admin],
            "Praxisbeispiele prüfen",
            "review practices",
        )?;
        let comment = comment
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty());
        if let Some(c) = &comment {
            vergleich_domain::exchange::check_message("comment", c).map_err(refuse)?;
        }
        if !publish && comment.is_none() {
            return Err(Error::invalid(vec![ErrorDetail::parameter(
                "comment",
                "",
                "Beim Zurückgeben bitte sagen, was fehlt oder zu ändern ist.",
                "When sending back, say what is missing or should change.",
            )]));
        }
        let to = if publish {
            PracticeState::Published
        } else {
            PracticeState::Rejected
        };
        self.practice(principal, id).await?;
        self.practice_step(id, &[PracticeState::Submitted], to, principal, comment)
            .await
    }

    /// Takes a published or submitted practice back to a draft (its member or a manager), e.g.
    /// to correct it; it disappears from search and learning partners until published again.
    pub async fn withdraw_practice(&self, principal: &Principal, id: i64) -> Result<Practice> {
        self.writable(principal, id).await?;
        self.practice_step(
            id,
            &[PracticeState::Submitted, PracticeState::Published],
            PracticeState::Draft,
            principal,
            None,
        )
        .await
    }

    async fn practice_step(
        &self,
        id: i64,
        from: &[PracticeState],
        to: PracticeState,
        principal: &Principal,
        comment: Option<String>,
    ) -> Result<Practice> {
        let step = PracticeTransition {
            id,
            from: from.to_vec(),
            to,
            actor: principal.actor(),
            comment,
        };
        self.store
            .transition_practice(&step)
            .await
            .map_err(|e| state_error(e, id))
    }

    /// The published concept versions of `member` (for the measure choice of the form).
    pub async fn published_concept_labels(
        &self,
        member: &Ags,
    ) -> Result<Vec<(String, Vec<(i64, String)>)>> {
        Ok(self
            .store
            .concept_versions(member)
            .await?
            .into_iter()
            .filter(|v| v.state == ConceptState::Published)
            .map(|v| {
                let measures = v
                    .content
                    .measures
                    .iter()
                    .map(|m| (m.id, m.title.clone()))
                    .collect();
                (v.label, measures)
            })
            .collect())
    }
}

fn state_error(e: StoreError, id: i64) -> Error {
    match e {
        StoreError::InvalidState { state, wanted, .. } => wrong_state(
            id,
            &PracticeState::parse(&state).map_or(state.clone(), |s| s.label_de().to_owned()),
            &format!("es kann nicht {wanted} werden."),
            &format!("it cannot become {wanted}."),
        ),
        StoreError::NotFound(_) => not_found(id),
        other => other.into(),
    }
}
