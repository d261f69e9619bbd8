//! The rows of the practice and request tables and how they become the store's types (shared by
//! both backends through `practices_impl!`).

use chrono::{DateTime, Utc};
use vergleich_domain::Ags;
use vergleich_domain::exchange::{PracticeState, RequestState};

use crate::StoreError;
use crate::practices::{ExchangeRequest, Practice};

pub(crate) const PRACTICE_SELECT: &str = "SELECT id, municipality, state, content, synthetic, \
     created_by, created_at, updated_at, reviewed_by, reviewed_at, review_comment, published_at \
     FROM practices";

pub(crate) const REQUEST_SELECT: &str = "SELECT id, practice_id, practice_title, \
     from_municipality, to_municipality, message, state, answer, created_by, created_at, \
     answered_by, answered_at, closed_by, closed_at, notified_at FROM exchange_requests";

fn corrupt(what: &str, id: i64, detail: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what} {id}: {detail}"))
}

#[derive(sqlx::FromRow)]
pub(crate) struct PracticeRow {
    id: i64,
    municipality: String,
    state: String,
    content: String,
    synthetic: bool,
    created_by: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    reviewed_by: Option<String>,
    reviewed_at: Option<DateTime<Utc>>,
    review_comment: Option<String>,
    published_at: Option<DateTime<Utc>>,
}

impl TryFrom<PracticeRow> for Practice {
    type Error = StoreError;

    fn try_from(r: PracticeRow) -> Result<Self, StoreError> {
        let id = r.id;
        Ok(Self {
            id,
            municipality: Ags::parse(&r.municipality)
                .map_err(|e| corrupt("practice", id, format!("municipality: {e}")))?,
            state: PracticeState::parse(&r.state)
                .ok_or_else(|| corrupt("practice", id, format!("state {:?}", r.state)))?,
            content: serde_json::from_str(&r.content)
                .map_err(|e| corrupt("practice", id, format!("content: {e}")))?,
            synthetic: r.synthetic,
            created_by: r.created_by,
            created_at: r.created_at,
            updated_at: r.updated_at,
            reviewed_by: r.reviewed_by,
            reviewed_at: r.reviewed_at,
            review_comment: r.review_comment,
            published_at: r.published_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct RequestRow {
    id: i64,
    practice_id: i64,
    practice_title: String,
    from_municipality: String,
    to_municipality: String,
    message: String,
    state: String,
    answer: Option<String>,
    created_by: String,
    created_at: DateTime<Utc>,
    answered_by: Option<String>,
    answered_at: Option<DateTime<Utc>>,
    closed_by: Option<String>,
    closed_at: Option<DateTime<Utc>>,
    notified_at: Option<DateTime<Utc>>,
}

impl TryFrom<RequestRow> for ExchangeRequest {
    type Error = StoreError;

    fn try_from(r: RequestRow) -> Result<Self, StoreError> {
        let id = r.id;
        let member = |key: &str, which: &str| {
            Ags::parse(key).map_err(|e| corrupt("request", id, format!("{which}: {e}")))
        };
        Ok(Self {
            id,
            practice_id: r.practice_id,
            practice_title: r.practice_title,
            from_municipality: member(&r.from_municipality, "from_municipality")?,
            to_municipality: member(&r.to_municipality, "to_municipality")?,
            message: r.message,
            state: RequestState::parse(&r.state)
                .ok_or_else(|| corrupt("request", id, format!("state {:?}", r.state)))?,
            answer: r.answer,
            created_by: r.created_by,
            created_at: r.created_at,
            answered_by: r.answered_by,
            answered_at: r.answered_at,
            closed_by: r.closed_by,
            closed_at: r.closed_at,
            notified_at: r.notified_at,
        })
    }
}
