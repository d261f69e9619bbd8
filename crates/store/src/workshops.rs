//! Selbstcheck workshops in the store (issue #12): a round's workshop with its join code, the
//! anonymous ballots (keyed by the SHA-256 of the participant's token; the token itself is never
//! stored), their ratings and gap comments per field, and the facilitator's agreed value and
//! rationale per field. Workshop writes by the facilitator are audited; ballots are not (they
//! are anonymous: the audit log would tie them to a time).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Serialize;
use vergleich_domain::selfcheck::Answer;
use vergleich_domain::selfcheck::workshop::{JoinCode, Perspective};
use vergleich_domain::{Ags, FieldId};

use crate::StoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkshopState {
    /// Takes ballots.
    Open,
    /// Closed by the facilitator: ballots are final.
    Closed,
}

impl WorkshopState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Closed => "closed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Workshop {
    pub id: i64,
    pub round_id: i64,
    /// The round's member.
    pub municipality: Ags,
    pub code: JoinCode,
    pub title: String,
    pub state: WorkshopState,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    /// Ballots cast so far.
    pub ballots: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewWorkshop {
    pub round_id: i64,
    pub code: JoinCode,
    pub title: String,
}

/// A ballot's rating of one field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BallotRating {
    pub field: FieldId,
    pub answer: Answer,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ballot {
    pub id: i64,
    pub workshop_id: i64,
    pub perspective: Perspective,
    pub ratings: Vec<BallotRating>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One rating with its ballot's perspective, for results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredRating {
    pub ballot_id: i64,
    pub perspective: Perspective,
    pub field: FieldId,
    pub answer: Answer,
    pub comment: Option<String>,
    /// The facilitator took the comment over as a need for action.
    pub need: bool,
}

/// The value a workshop agreed on for a field, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub field: FieldId,
    pub agreed: Answer,
    pub rationale: String,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

#[async_trait]
pub trait WorkshopStore: Send + Sync {
    /// A new open workshop; `Conflict` when the code is taken (draw another), `NotFound`
    /// without the round. Audited.
    async fn create_workshop(&self, new: &NewWorkshop, actor: &str)
    -> Result<Workshop, StoreError>;

    async fn workshop(&self, id: i64) -> Result<Option<Workshop>, StoreError>;

    async fn workshop_by_code(&self, code: &JoinCode) -> Result<Option<Workshop>, StoreError>;

    /// A round's workshops, oldest first.
    async fn workshops(&self, round: i64) -> Result<Vec<Workshop>, StoreError>;

    /// Stores the ballot of `token_hash` in one transaction, replacing its perspective and
    /// ratings when it exists; `true` when it is new. `Conflict` (nothing stored) when the
    /// workshop is closed or its round published, when the hash belongs to another workshop's
    /// ballot, or when a new ballot would be the `max_ballots + 1`st.
    async fn save_ballot(
        &self,
        workshop: i64,
        token_hash: &str,
        perspective: Perspective,
        ratings: &[BallotRating],
        max_ballots: usize,
    ) -> Result<(Ballot, bool), StoreError>;

    async fn ballot(&self, workshop: i64, token_hash: &str) -> Result<Option<Ballot>, StoreError>;

    /// Every rating of a workshop, by ballot and field.
    async fn ratings(&self, workshop: i64) -> Result<Vec<StoredRating>, StoreError>;

    /// Open → closed; `Conflict` when closed already. Audited.
    async fn close_workshop(&self, id: i64, actor: &str) -> Result<Workshop, StoreError>;

    /// Stores or replaces the agreed value and rationale per field in one transaction. Audited.
    async fn save_outcomes(
        &self,
        workshop: i64,
        outcomes: &[(FieldId, Answer, String)],
        actor: &str,
    ) -> Result<usize, StoreError>;

    async fn outcomes(&self, workshop: i64) -> Result<Vec<Outcome>, StoreError>;

    /// Marks a ballot's comment on a field as a need for action (or not). `NotFound` without
    /// such a comment in that workshop. Audited.
    async fn set_need(
        &self,
        workshop: i64,
        ballot: i64,
        field: &FieldId,
        need: bool,
        actor: &str,
    ) -> Result<(), StoreError>;
}
