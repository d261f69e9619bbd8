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

use vergleich_domain::selfcheck::Answer;
use vergleich_domain::selfcheck::workshop::{
    self, CODE_LEN, JoinCode, MAX_BALLOTS, MAX_RATIONALE, MAX_TITLE, Perspective,
};
use vergleich_domain::{FieldId, Role};
use vergleich_store::StoreError;
use vergleich_store::selfcheck::{Round, RoundState};
use vergleich_store::workshops::{Ballot, BallotRating, NewWorkshop, Workshop, WorkshopState};

use super::{Principal, Workflow, secret_hash};
use crate::error::{Error, ErrorCode, ErrorDetail, Result};

/// One field's rating as sent by the form or the API.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RatingInput {
    pub field: String,
    pub answer: String,
    pub comment: Option<String>,
}

/// A ballot as sent.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BallotInput {
    pub perspective: String,
    pub ratings: Vec<RatingInput>,
}

/// The agreed value of one field as the facilitator records it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OutcomeInput {
    pub field: String,
    pub agreed: String,
    pub rationale: String,
}

fn problem(row: Option<usize>, column: &str, value: &str, de: String, en: String) -> ErrorDetail {
    ErrorDetail {
        code: "invalid-ballot".to_owned(),
        parameter: row.is_none().then(|| column.to_owned()),
        row,
        column: row.map(|_| column.to_owned()),
        value: Some(value.chars().take(80).collect()),
        message_de: de,
        message_en: en,
    }
}

/// The ratings checked against the workshop's fields, or every problem (row = position).
pub fn checked_ballot(
    fields: &[FieldId],
    input: &BallotInput,
) -> std::result::Result<(Perspective, Vec<BallotRating>), Vec<ErrorDetail>> {
    let mut problems = Vec::new();
    let perspective = Perspective::parse(&input.perspective)
        .map_err(|e| {
            problems.push(problem(
                None,
                "perspective",
                &input.perspective,
                format!(
                    "Bitte eine Perspektive wählen ({}).",
                    Perspective::ALL.map(Perspective::label_de).join(", ")
                ),
                e,
            ));
        })
        .ok();
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (i, r) in input.ratings.iter().enumerate() {
        let row = Some(i + 1);
        let Some(field) = FieldId::parse(r.field.trim())
            .ok()
            .filter(|f| fields.contains(f))
        else {
            problems.push(problem(
                row,
                "field",
                &r.field,
                format!(
                    "Das Handlungsfeld „{}“ gibt es nicht; erlaubt sind {}.",
                    r.field,
                    join(fields)
                ),
                format!(
                    "There is no field \"{}\"; allowed are {}.",
                    r.field,
                    join(fields)
                ),
            ));
            continue;
        };
        if !seen.insert(field.clone()) {
            problems.push(problem(
                row,
                "field",
                &r.field,
                format!(
                    "Das Handlungsfeld {field} ist zweimal bewertet; bitte eine Bewertung löschen."
                ),
                format!("Field {field} is rated twice; delete one rating."),
            ));
        }
        let answer = match Answer::parse(&r.answer) {
            Ok(a) => a,
            Err(e) => {
                problems.push(problem(
                    row,
                    "answer",
                    &r.answer,
                    e.message_de(),
                    e.to_string(),
                ));
                continue;
            }
        };
        let comment = match workshop::comment(r.comment.as_deref().unwrap_or_default()) {
            Ok(c) => c,
            Err(e) => {
                let n = r
                    .comment
                    .as_deref()
                    .unwrap_or_default()
                    .trim()
                    .chars()
                    .count();
                problems.push(problem(
                    row,
                    "comment",
                    "",
                    format!(
                        "Der Kommentar hat {n} Zeichen; erlaubt sind {}. Bitte kürzen.",
                        workshop::MAX_COMMENT
                    ),
                    e,
                ));
                continue;
            }
        };
        out.push(BallotRating {
            field,
            answer,
            comment,
        });
    }
    match perspective {
        Some(p) if problems.is_empty() => Ok((p, out)),
        _ => Err(problems),
    }
}

fn join(fields: &[FieldId]) -> String {
    fields
        .iter()
        .map(FieldId::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

fn workshop_missing(what: &str) -> Error {
    Error::not_found(&format!("Der Workshop {what}"), &format!("workshop {what}"))
}

/// A title or rationale: trimmed, 1..=max characters without control characters (line breaks
/// allowed in a rationale).
fn text(parameter: &str, value: &str, max: usize, breaks: bool) -> Result<String> {
    let t = value.trim();
    let n = t.chars().count();
    let control = t
        .chars()
        .any(|c| c.is_control() && !(breaks && (c == '\n' || c == '\r')));
    if n == 0 || n > max || control {
        return Err(Error::invalid(vec![ErrorDetail::parameter(
            parameter,
            value,
            format!("„{parameter}“ hat 1 bis {max} Zeichen (jetzt {n}); bitte anpassen."),
            format!("\"{parameter}\" has 1 to {max} characters (now {n}); adjust it."),
        )]));
    }
    Ok(t.to_owned())
}

/// A new join code from the operating system's random source.
fn new_code() -> JoinCode {
    use rand::TryRngCore;
    let mut bytes = [0u8; CODE_LEN];
    if rand::rngs::OsRng.try_fill_bytes(&mut bytes).is_err() {
        std::process::abort();
    }
    JoinCode::from_random(bytes)
}

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

    /// The workshop behind a code as a participant types it; 400 for a malformed code, 404 for
    /// an unknown one (the edge counts both against the address).
    pub async fn workshop_by_code(&self, code: &str) -> Result<Workshop> {
        let parsed = JoinCode::parse(code).map_err(|e| {
            Error::invalid(vec![ErrorDetail::parameter(
                "code",
                code,
                format!("„{code}“ ist kein Workshop-Code: ein Code hat {CODE_LEN} Buchstaben und Ziffern, z. B. KX4P-7QMA (ohne 0, O, 1, I, L)."),
                e,
            )])
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
        let mut problems = Vec::new();
        let mut out = Vec::new();
        for (i, o) in input.iter().enumerate() {
            let row = Some(i + 1);
            let Some(field) = FieldId::parse(o.field.trim())
                .ok()
                .filter(|f| fields.contains(f))
            else {
                problems.push(problem(
                    row,
                    "field",
                    &o.field,
                    format!(
                        "Das Handlungsfeld „{}“ gibt es nicht; erlaubt sind {}.",
                        o.field,
                        join(&fields)
                    ),
                    format!(
                        "There is no field \"{}\"; allowed are {}.",
                        o.field,
                        join(&fields)
                    ),
                ));
                continue;
            };
            let agreed = match Answer::parse(&o.agreed) {
                Ok(a @ Answer::Level(_)) => a,
                Ok(_) | Err(_) => {
                    problems.push(problem(row, "agreed", &o.agreed, "Der vereinbarte Wert ist eine Stufe von 0 (nicht vorhanden) bis 3 (umgesetzt und verankert).".into(), "The agreed value is a level from 0 (not in place) to 3 (implemented and embedded).".into()));
                    continue;
                }
            };
            match text("rationale", &o.rationale, MAX_RATIONALE, true) {
                Ok(r) => out.push((field, agreed, r)),
                Err(_) => problems.push(problem(row, "rationale", &o.rationale, format!("Die Begründung hat 1 bis {MAX_RATIONALE} Zeichen; bitte in einem Satz sagen, warum."), format!("The rationale has 1 to {MAX_RATIONALE} characters; say why in a sentence."))),
            }
        }
        if !problems.is_empty() {
            return Err(Error::invalid(problems));
        }
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
