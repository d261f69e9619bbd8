//! The rows of the workshop tables and how they become the store's types (shared by both
//! backends through `workshops_impl!`).

use chrono::{DateTime, Utc};
use vergleich_domain::selfcheck::Answer;
use vergleich_domain::selfcheck::workshop::{JoinCode, Perspective};
use vergleich_domain::{Ags, FieldId};

use crate::StoreError;
use crate::workshops::{BallotRating, Outcome, StoredRating, Workshop, WorkshopState};

pub(crate) const WORKSHOP_SELECT: &str = "SELECT w.id, w.round_id, r.municipality, w.code, w.title, w.state, \
     w.created_by, w.created_at, w.closed_at, \
     (SELECT COUNT(*) FROM selfcheck_ballots b WHERE b.workshop_id = w.id) AS ballots \
     FROM selfcheck_workshops w JOIN selfcheck_rounds r ON r.id = w.round_id";

fn corrupt(what: &str, id: impl std::fmt::Display, detail: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what} {id}: {detail}"))
}

#[derive(sqlx::FromRow)]
pub(crate) struct WorkshopRow {
    id: i64,
    round_id: i64,
    municipality: String,
    code: String,
    title: String,
    state: String,
    created_by: String,
    created_at: DateTime<Utc>,
    closed_at: Option<DateTime<Utc>>,
    ballots: i64,
}

impl TryFrom<WorkshopRow> for Workshop {
    type Error = StoreError;

    fn try_from(r: WorkshopRow) -> Result<Self, StoreError> {
        let state = match r.state.as_str() {
            "open" => WorkshopState::Open,
            "closed" => WorkshopState::Closed,
            other => return Err(corrupt("workshop", r.id, format!("state {other:?}"))),
        };
        Ok(Self {
            id: r.id,
            round_id: r.round_id,
            municipality: Ags::parse(&r.municipality).map_err(|e| corrupt("workshop", r.id, e))?,
            code: JoinCode::parse(&r.code).map_err(|e| corrupt("workshop", r.id, e))?,
            title: r.title,
            state,
            created_by: r.created_by,
            created_at: r.created_at,
            closed_at: r.closed_at,
            ballots: r.ballots,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct RatingRow {
    ballot_id: i64,
    perspective: String,
    field: String,
    answer: String,
    comment: Option<String>,
    need: bool,
}

impl TryFrom<RatingRow> for StoredRating {
    type Error = StoreError;

    fn try_from(r: RatingRow) -> Result<Self, StoreError> {
        let id = r.ballot_id;
        Ok(Self {
            ballot_id: id,
            perspective: Perspective::parse(&r.perspective)
                .map_err(|e| corrupt("ballot", id, e))?,
            field: FieldId::parse(&r.field).map_err(|e| corrupt("ballot", id, e))?,
            answer: Answer::parse(&r.answer).map_err(|e| corrupt("ballot", id, e))?,
            comment: r.comment,
            need: r.need,
        })
    }
}

impl From<&StoredRating> for BallotRating {
    fn from(r: &StoredRating) -> Self {
        Self {
            field: r.field.clone(),
            answer: r.answer,
            comment: r.comment.clone(),
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct OutcomeRow {
    field: String,
    agreed: String,
    rationale: String,
    recorded_by: String,
    recorded_at: DateTime<Utc>,
}

impl TryFrom<OutcomeRow> for Outcome {
    type Error = StoreError;

    fn try_from(r: OutcomeRow) -> Result<Self, StoreError> {
        Ok(Self {
            field: FieldId::parse(&r.field).map_err(|e| corrupt("outcome", &r.field, e))?,
            agreed: Answer::parse(&r.agreed).map_err(|e| corrupt("outcome", &r.field, e))?,
            rationale: r.rationale,
            recorded_by: r.recorded_by,
            recorded_at: r.recorded_at,
        })
    }
}
