//! The workshop of a Selbstcheck round (issue #12). The facilitator (a user of the member, a
//! manager or an admin) opens it and gets a join code; participants without an account join
//! with the code, pick a perspective and rate each field, optionally with a gap comment; their
//! ballot is theirs by a random participant token (the store keeps only its SHA-256) and can be
//! changed until the facilitator closes the workshop. The facilitator then records the agreed
//! value and rationale per field and may take comments over as needs for action.
//!
//! Who sees what: the results (see `selfcheck_workshop_view`) follow the hidden-aggregate rule
//! for everyone — a distribution or a perspective's median over fewer than three answers is not
//! shown, not even to the member, because the room would know who voted what. Comments carry no
//! perspective or time. Join attempts with wrong codes are rate-limited at the edge.

use vergleich_domain::selfcheck::workshop::{CODE_LEN, JoinCode, MAX_BALLOTS, MAX_TITLE};
use vergleich_domain::{FieldId, Role};
use vergleich_store::StoreError;
use vergleich_store::selfcheck::{Round, RoundState};
use vergleich_store::workshops::{Ballot, NewWorkshop, Workshop, WorkshopState};

pub use super::selfcheck_workshop_input::{BallotInput, OutcomeInput, RatingInput};
use super::selfcheck_workshop_input::{
    checked_ballot, checked_outcomes, new_code, text, workshop_missing,
};
use super::{Principal, Workflow, secret_hash};
use crate::error::{Error, ErrorCode, Result};

impl Workflow<'_> {
    /// Whether `principal` runs workshops of `round`'s member: its municipality users,
    /// managers and admins.
    fn facilitates(principal: &Principal, round: &Round) -> bool {
        principal.member_user(&round.municipality)
            || principal
                .user()
                .is_some_and(|u| matches!(u.role, Role::Manager | Role::Admin))
    }

    async fn facilitated_round(&self, principal: &Principal, round: i64) -> Result<Round> {
        principal.require(
            &[Role::Municipality, Role::Manager, Role::Admin],
            "einen Workshop leiten",
            "facilitate a workshop",
        )?;
        match self.store.round(round).await? {
            Some(r) if Self::facilitates(principal, &r) => Ok(r),
            _ => Err(Error::not_found(
                &format!("Die Selbstcheck-Runde {round}"),
                &format!("self-check round {round}"),
            )),
        }
    }

    /// A workshop the principal facilitates (another member's is "not found").
    pub async fn facilitated_workshop(
        &self,
        principal: &Principal,
        id: i64,
    ) -> Result<(Workshop, Round)> {
        let w = self
            .store
            .workshop(id)
            .await?
            .ok_or_else(|| workshop_missing(&id.to_string()))?;
        let round = self
            .facilitated_round(principal, w.round_id)
            .await
            .map_err(|e| {
                if e.code == ErrorCode::NotFound {
                    workshop_missing(&id.to_string())
                } else {
                    e
                }
            })?;
        Ok((w, round))
    }

    /// Opens a workshop for a round that is not published yet, with a fresh join code.
    pub async fn open_workshop(
        &self,
        principal: &Principal,
        round: i64,
        title: &str,
    ) -> Result<Workshop> {
        let r = self.facilitated_round(principal, round).await?;
        let title = text("title", title, MAX_TITLE, false)?;
        if r.state == RoundState::Published {
            return Err(Error::new(
                ErrorCode::InvalidTransition,
                format!(
                    "Die Runde „{}“ ist veröffentlicht; ein Workshop gehört zu einer Runde in Arbeit. Bitte eine neue Runde öffnen.",
                    r.label
                ),
                format!(
                    "Round \"{}\" is published; a workshop belongs to a round in work. Open a new round.",
                    r.label
                ),
            ));
        }
        // A code collision (31⁸ codes) is drawn again; three in a row means something else.
        for _ in 0..3 {
            let new = NewWorkshop {
                round_id: r.id,
                code: new_code(),
                title: title.clone(),
            };
            match self.store.create_workshop(&new, &principal.actor()).await {
                Err(StoreError::Conflict(_)) => {}
                other => return Ok(other?),
            }
        }
        Err(Error::internal(anyhow::anyhow!(
            "three join codes in a row were taken"
        )))
    }

    /// The workshop behind a code as a participant types it; 404 for an unknown code and for
    /// one that cannot be a code (saying why), which the edge counts against the address.
    pub async fn workshop_by_code(&self, code: &str) -> Result<Workshop> {
        // A malformed code is "no such workshop" too, with what a code looks like.
        let parsed = JoinCode::parse(code).map_err(|e| {
            Error::new(
                ErrorCode::NotFound,
                format!("„{code}“ ist kein Workshop-Code: ein Code hat {CODE_LEN} Buchstaben und Ziffern, z. B. KX4P-7QMA (ohne 0, O, 1, I, L)."),
                e,
            )
        })?;
        self.store
            .workshop_by_code(&parsed)
            .await?
            .ok_or_else(|| workshop_missing(&parsed.display()))
    }

    /// The fields a workshop rates: every field of the catalogue, in its order.
    pub async fn workshop_fields(&self) -> Result<Vec<vergleich_domain::Field>> {
        Ok(self.store.fields().await?)
    }

    /// The participant's ballot, if the token has one in this workshop.
    pub async fn my_ballot(&self, workshop: &Workshop, token: &str) -> Result<Option<Ballot>> {
        Ok(self.store.ballot(workshop.id, &secret_hash(token)).await?)
    }

    /// Casts or changes a ballot. With the token of an existing ballot of this workshop it is
    /// changed; otherwise a new ballot with a new token is made. Returns the ballot, its token
    /// and whether it is new. All or nothing.
    pub async fn cast_ballot(
        &self,
        workshop: &Workshop,
        token: Option<&str>,
        input: &BallotInput,
    ) -> Result<(Ballot, String, bool)> {
        let fields: Vec<FieldId> = self
            .store
            .fields()
            .await?
            .into_iter()
            .map(|f| f.id)
            .collect();
        let (perspective, ratings) = checked_ballot(&fields, input).map_err(Error::invalid)?;
        if workshop.state != WorkshopState::Open {
            return Err(closed(workshop));
        }
        let token = match token {
            Some(t) if self.my_ballot(workshop, t).await?.is_some() => t.to_owned(),
            _ => super::new_token(),
        };
        match self
            .store
            .save_ballot(
                workshop.id,
                &secret_hash(&token),
                perspective,
                &ratings,
                MAX_BALLOTS,
            )
            .await
        {
            Ok((ballot, created)) => Ok((ballot, token, created)),
            Err(StoreError::Conflict(why)) => Err(Error::new(
                ErrorCode::Conflict,
                format!("Die Stimme wurde nicht gespeichert: {}", conflict_de(&why)),
                format!("The ballot was not stored: {why}"),
            )),
            Err(e) => Err(e.into()),
        }
    }

    /// Changes the ballot of `token` (404 when this workshop has none with it).
    pub async fn change_ballot(
        &self,
        workshop: &Workshop,
        token: &str,
        input: &BallotInput,
    ) -> Result<Ballot> {
        if self.my_ballot(workshop, token).await?.is_none() {
            return Err(Error::not_found(
                "Eine Stimme mit diesem Teilnahme-Token in diesem Workshop",
                "a ballot with this participant token in this workshop",
            ));
        }
        Ok(self.cast_ballot(workshop, Some(token), input).await?.0)
    }

    /// Closes a workshop: its ballots are final.
    pub async fn close_workshop(&self, principal: &Principal, id: i64) -> Result<Workshop> {
        let (w, _) = self.facilitated_workshop(principal, id).await?;
        match self.store.close_workshop(w.id, &principal.actor()).await {
            Err(StoreError::Conflict(_)) => Err(closed(&w)),
            other => Ok(other?),
        }
    }

    /// Records the agreed value and rationale of fields, all or nothing.
    pub async fn record_outcomes(
        &self,
        principal: &Principal,
        id: i64,
        input: &[OutcomeInput],
    ) -> Result<usize> {
        let (w, _) = self.facilitated_workshop(principal, id).await?;
        let fields: Vec<FieldId> = self
            .store
            .fields()
            .await?
            .into_iter()
            .map(|f| f.id)
            .collect();
        let out = checked_outcomes(&fields, input).map_err(Error::invalid)?;
        Ok(self
            .store
            .save_outcomes(w.id, &out, &principal.actor())
            .await?)
    }

    /// Takes a comment over as a need for action (or back).
    pub async fn mark_need(
        &self,
        principal: &Principal,
        id: i64,
        ballot: i64,
        field: &str,
        need: bool,
    ) -> Result<()> {
        let (w, _) = self.facilitated_workshop(principal, id).await?;
        let field = FieldId::parse(field).map_err(|_| Error::unknown_field("field", field))?;
        match self
            .store
            .set_need(w.id, ballot, &field, need, &principal.actor())
            .await
        {
            Err(StoreError::NotFound(_)) => {
                Err(Error::not_found("Dieser Kommentar", "this comment"))
            }
            other => Ok(other?),
        }
    }
}

fn closed(w: &Workshop) -> Error {
    Error::new(
        ErrorCode::Conflict,
        format!(
            "Der Workshop „{}“ ist geschlossen; Stimmen können nicht mehr abgegeben oder geändert werden.",
            w.title
        ),
        format!(
            "Workshop \"{}\" is closed; ballots can no longer be cast or changed.",
            w.title
        ),
    )
}

fn conflict_de(why: &str) -> String {
    if why.contains("published") {
        "die Runde ist veröffentlicht.".to_owned()
    } else if why.contains("most one workshop takes") {
        format!("der Workshop hat schon {MAX_BALLOTS} Stimmen, die Höchstzahl.")
    } else if why.contains("another workshop") {
        "das Teilnahme-Token gehört zu einem anderen Workshop.".to_owned()
    } else {
        "der Workshop ist geschlossen.".to_owned()
    }
}
