//! The Selbstcheck in the store (issue #12): a member's rounds of one questionnaire version, the
//! raters of a round and each rater's answers (one per item, replaced when it changes). A round
//! moves draft → submitted → published; only a draft takes answers.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Serialize;
use vergleich_domain::Ags;
use vergleich_domain::selfcheck::{Answer, ItemId};

use crate::StoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundState {
    Draft,
    Submitted,
    Published,
}

impl RoundState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Published => "published",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Self> {
        [Self::Draft, Self::Submitted, Self::Published]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// One round of a member's Selbstcheck.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Round {
    pub id: i64,
    pub municipality: Ags,
    /// e.g. `2024`; unique per member.
    pub label: String,
    /// The questionnaire version answered (`v1`).
    pub questionnaire: String,
    pub state: RoundState,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewRound {
    pub municipality: Ags,
    pub label: String,
    pub questionnaire: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RaterKind {
    /// A signed-in user of the member (with a department).
    User,
    /// A workshop participant without an account.
    Participant,
}

/// Who answered in a round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rater {
    pub id: i64,
    pub round_id: i64,
    pub kind: RaterKind,
    /// The user's name (kind `user`).
    pub user: Option<String>,
    pub department: Option<String>,
    /// A workshop participant's perspective (Verwaltung, Politik, …).
    pub perspective: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// An answer as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredAnswer {
    pub rater_id: i64,
    pub item: ItemId,
    pub answer: Answer,
    pub evidence: Option<String>,
    pub answered_at: DateTime<Utc>,
}

/// An answer of a published round, as the comparisons read it.
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedAnswer {
    pub round_id: i64,
    pub item: ItemId,
    pub answer: Answer,
}

/// An answer to store (or replace).
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerUpdate {
    pub item: ItemId,
    pub answer: Answer,
    pub evidence: Option<String>,
}

#[async_trait]
pub trait SelfcheckStore: Send + Sync {
    /// A new draft round; `Conflict` when the member has a round of that label. Audited.
    async fn create_round(&self, new: &NewRound, actor: &str) -> Result<Round, StoreError>;

    /// The member's rounds, oldest first.
    async fn rounds(&self, municipality: &Ags) -> Result<Vec<Round>, StoreError>;

    async fn round(&self, id: i64) -> Result<Option<Round>, StoreError>;

    /// The rater of `user` in a round, created on first use (with `department`; a later call
    /// with another department updates it). `NotFound` without the round.
    async fn user_rater(
        &self,
        round: i64,
        user: &str,
        department: Option<&str>,
    ) -> Result<Rater, StoreError>;

    async fn raters(&self, round: i64) -> Result<Vec<Rater>, StoreError>;

    /// Stores or replaces a rater's answers in one transaction; `Conflict` when the round is no
    /// longer a draft (nothing stored), `NotFound` without the rater in that round.
    async fn save_answers(
        &self,
        round: i64,
        rater: i64,
        answers: &[AnswerUpdate],
    ) -> Result<usize, StoreError>;

    /// Every answer of a round, by rater and item.
    async fn answers(&self, round: i64) -> Result<Vec<StoredAnswer>, StoreError>;

    /// Every published round, by member and id, and every answer of them (round, item,
    /// answer only): what the comparisons across members read (two queries).
    async fn published_answers(&self) -> Result<(Vec<Round>, Vec<PublishedAnswer>), StoreError>;

    /// Which published rounds there are, as `(count, latest publication)`: published rounds
    /// never change, so this names the data [`Self::published_answers`] returns.
    async fn published_version(&self) -> Result<(i64, Option<DateTime<Utc>>), StoreError>;

    /// Moves a round from `from` to `to`; `Conflict` when it is not in `from`. Audited.
    async fn set_round_state(
        &self,
        id: i64,
        from: RoundState,
        to: RoundState,
        actor: &str,
    ) -> Result<Round, StoreError>;
}
