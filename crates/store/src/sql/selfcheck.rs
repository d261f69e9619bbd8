//! The SQL of the Selbstcheck, shared by both backends: `selfcheck_impl!` expands to the
//! [`crate::SelfcheckStore`] implementation for one backend. Round writes have their audit entry
//! in the same transaction; answers are upserted per (rater, item) in one transaction, after the
//! round's state is checked inside it.

use chrono::{DateTime, Utc};
use vergleich_domain::Ags;
use vergleich_domain::selfcheck::{Answer, ItemId};

use crate::StoreError;
use crate::selfcheck::{Rater, RaterKind, Round, RoundState, StoredAnswer};

pub(crate) const ROUND_COLUMNS: &str = "id, municipality, label, questionnaire, state, created_by, created_at, updated_at, published_at";
pub(crate) const RATER_COLUMNS: &str =
    "id, round_id, kind, user_name, department, perspective, created_at";

#[derive(sqlx::FromRow)]
pub(crate) struct RoundRow {
    id: i64,
    municipality: String,
    label: String,
    questionnaire: String,
    state: String,
    created_by: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    published_at: Option<DateTime<Utc>>,
}

impl TryFrom<RoundRow> for Round {
    type Error = StoreError;

    fn try_from(r: RoundRow) -> Result<Self, StoreError> {
        let corrupt =
            |what: String| StoreError::Corrupt(format!("selfcheck round {}: {what}", r.id));
        Ok(Self {
            id: r.id,
            municipality: Ags::parse(&r.municipality).map_err(|e| corrupt(e.to_string()))?,
            label: r.label,
            questionnaire: r.questionnaire,
            state: RoundState::parse(&r.state)
                .ok_or_else(|| corrupt(format!("state {:?}", r.state)))?,
            created_by: r.created_by,
            created_at: r.created_at,
            updated_at: r.updated_at,
            published_at: r.published_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct RaterRow {
    id: i64,
    round_id: i64,
    kind: String,
    user_name: Option<String>,
    department: Option<String>,
    perspective: Option<String>,
    created_at: DateTime<Utc>,
}

impl TryFrom<RaterRow> for Rater {
    type Error = StoreError;

    fn try_from(r: RaterRow) -> Result<Self, StoreError> {
        let kind = match r.kind.as_str() {
            "user" => RaterKind::User,
            "participant" => RaterKind::Participant,
            other => {
                return Err(StoreError::Corrupt(format!(
                    "selfcheck rater {}: kind {other:?}",
                    r.id
                )));
            }
        };
        Ok(Self {
            id: r.id,
            round_id: r.round_id,
            kind,
            user: r.user_name,
            department: r.department,
            perspective: r.perspective,
            created_at: r.created_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct AnswerRow {
    rater_id: i64,
    item: String,
    answer: String,
    evidence: Option<String>,
    answered_at: DateTime<Utc>,
}

impl TryFrom<AnswerRow> for StoredAnswer {
    type Error = StoreError;

    fn try_from(r: AnswerRow) -> Result<Self, StoreError> {
        let corrupt = |what: String| {
            StoreError::Corrupt(format!(
                "selfcheck answer of rater {} to {}: {what}",
                r.rater_id, r.item
            ))
        };
        Ok(Self {
            rater_id: r.rater_id,
            item: ItemId::parse(&r.item).map_err(corrupt)?,
            answer: Answer::parse(&r.answer).map_err(|e| corrupt(e.to_string()))?,
            evidence: r.evidence,
            answered_at: r.answered_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct PublishedAnswerRow {
    round_id: i64,
    item: String,
    answer: String,
}

impl TryFrom<PublishedAnswerRow> for crate::selfcheck::PublishedAnswer {
    type Error = StoreError;

    fn try_from(r: PublishedAnswerRow) -> Result<Self, StoreError> {
        let corrupt = |what: String| {
            StoreError::Corrupt(format!(
                "selfcheck answer of round {} to {}: {what}",
                r.round_id, r.item
            ))
        };
        Ok(Self {
            round_id: r.round_id,
            item: ItemId::parse(&r.item).map_err(corrupt)?,
            answer: Answer::parse(&r.answer).map_err(|e| corrupt(e.to_string()))?,
        })
    }
}

macro_rules! selfcheck_impl {
    ($store:ident, $db:ty, $ts:path) => {
        impl $store {
            async fn round_in<'c, E>(executor: E, id: i64) -> Result<Option<$crate::selfcheck::Round>, $crate::StoreError>
            where
                E: sqlx::Executor<'c, Database = $db>,
            {
                let sql = format!(
                    "SELECT {} FROM selfcheck_rounds WHERE id = $1",
                    $crate::sql::selfcheck::ROUND_COLUMNS
                );
                sqlx::query_as::<_, $crate::sql::selfcheck::RoundRow>(&sql)
                    .bind(id)
                    .fetch_optional(executor)
                    .await?
                    .map(TryInto::try_into)
                    .transpose()
            }
        }

        #[async_trait::async_trait]
        impl $crate::SelfcheckStore for $store {
            async fn create_round(
                &self,
                new: &$crate::selfcheck::NewRound,
                actor: &str,
            ) -> Result<$crate::selfcheck::Round, $crate::StoreError> {
                let at = $crate::sql::now();
                let mut tx = self.begin_write().await?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO selfcheck_rounds (municipality, label, questionnaire, state, created_by, \
                     created_at, updated_at) VALUES ($1, $2, $3, 'draft', $4, $5, $5) RETURNING id",
                )
                .bind(new.municipality.as_str())
                .bind(&new.label)
                .bind(&new.questionnaire)
                .bind(actor)
                .bind($ts(at))
                .fetch_one(&mut *tx)
                .await
                .map_err($crate::error::from_sqlx)?;
                let detail = format!("{} {} ({})", new.municipality, new.label, new.questionnaire);
                Self::insert_audit(&mut tx, at, actor, "selfcheck.round_created", &format!("selfcheck_round/{id}"), &detail).await?;
                let round = Self::round_in(&mut *tx, id).await?;
                tx.commit().await?;
                round.ok_or_else(|| $crate::StoreError::NotFound(format!("selfcheck round {id}")))
            }

            async fn rounds(
                &self,
                municipality: &vergleich_domain::Ags,
            ) -> Result<Vec<$crate::selfcheck::Round>, $crate::StoreError> {
                let sql = format!(
                    "SELECT {} FROM selfcheck_rounds WHERE municipality = $1 ORDER BY id",
                    $crate::sql::selfcheck::ROUND_COLUMNS
                );
                sqlx::query_as::<_, $crate::sql::selfcheck::RoundRow>(&sql)
                    .bind(municipality.as_str())
                    .fetch_all(&self.pool)
                    .await?
                    .into_iter()
                    .map(TryInto::try_into)
                    .collect()
            }

            async fn round(&self, id: i64) -> Result<Option<$crate::selfcheck::Round>, $crate::StoreError> {
                Self::round_in(&self.pool, id).await
            }

            async fn user_rater(
                &self,
                round: i64,
                user: &str,
                department: Option<&str>,
            ) -> Result<$crate::selfcheck::Rater, $crate::StoreError> {
                let at = $crate::sql::now();
                let mut tx = self.begin_write().await?;
                if Self::round_in(&mut *tx, round).await?.is_none() {
                    return Err($crate::StoreError::NotFound(format!("selfcheck round {round}")));
                }
                sqlx::query(
                    "INSERT INTO selfcheck_raters (round_id, kind, user_name, department, created_at) \
                     VALUES ($1, 'user', $2, $3, $4) \
                     ON CONFLICT (round_id, user_name) DO UPDATE SET department = \
                     COALESCE(excluded.department, selfcheck_raters.department)",
                )
                .bind(round)
                .bind(user)
                .bind(department)
                .bind($ts(at))
                .execute(&mut *tx)
                .await?;
                let sql = format!(
                    "SELECT {} FROM selfcheck_raters WHERE round_id = $1 AND user_name = $2",
                    $crate::sql::selfcheck::RATER_COLUMNS
                );
                let rater = sqlx::query_as::<_, $crate::sql::selfcheck::RaterRow>(&sql)
                    .bind(round)
                    .bind(user)
                    .fetch_one(&mut *tx)
                    .await?
                    .try_into()?;
                tx.commit().await?;
                Ok(rater)
            }

            async fn raters(&self, round: i64) -> Result<Vec<$crate::selfcheck::Rater>, $crate::StoreError> {
                let sql = format!(
                    "SELECT {} FROM selfcheck_raters WHERE round_id = $1 ORDER BY id",
                    $crate::sql::selfcheck::RATER_COLUMNS
                );
                sqlx::query_as::<_, $crate::sql::selfcheck::RaterRow>(&sql)
                    .bind(round)
                    .fetch_all(&self.pool)
                    .await?
                    .into_iter()
                    .map(TryInto::try_into)
                    .collect()
            }

            async fn save_answers(
                &self,
                round: i64,
                rater: i64,
                answers: &[$crate::selfcheck::AnswerUpdate],
            ) -> Result<usize, $crate::StoreError> {
                let at = $crate::sql::now();
                let mut tx = self.begin_write().await?;
                match Self::round_in(&mut *tx, round).await? {
                    None => return Err($crate::StoreError::NotFound(format!("selfcheck round {round}"))),
                    Some(r) if r.state != $crate::selfcheck::RoundState::Draft => {
                        return Err($crate::StoreError::Conflict(format!(
                            "selfcheck round {round} is {}: it takes no answers",
                            r.state.as_str()
                        )));
                    }
                    Some(_) => {}
                }
                let owner: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM selfcheck_raters WHERE id = $1 AND round_id = $2")
                        .bind(rater)
                        .bind(round)
                        .fetch_optional(&mut *tx)
                        .await?;
                if owner.is_none() {
                    return Err($crate::StoreError::NotFound(format!(
                        "rater {rater} of selfcheck round {round}"
                    )));
                }
                // One statement per 200 answers (a questionnaire is ~100 items); an item sent
                // twice keeps its last answer (one statement may not touch a row twice).
                let mut last = std::collections::HashMap::new();
                for (i, a) in answers.iter().enumerate() {
                    last.insert(a.item.as_str(), i);
                }
                let unique: Vec<&$crate::selfcheck::AnswerUpdate> = answers
                    .iter()
                    .enumerate()
                    .filter(|(i, a)| last.get(a.item.as_str()) == Some(i))
                    .map(|(_, a)| a)
                    .collect();
                for chunk in unique.chunks(200) {
                    let mut insert = sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO selfcheck_answers (rater_id, item, answer, evidence, answered_at) ",
                    );
                    insert.push_values(chunk, |mut row, a| {
                        row.push_bind(rater)
                            .push_bind(a.item.as_str().to_owned())
                            .push_bind(a.answer.code())
                            .push_bind(a.evidence.clone())
                            .push_bind($ts(at));
                    });
                    insert.push(
                        " ON CONFLICT (rater_id, item) DO UPDATE SET answer = excluded.answer, \
                         evidence = excluded.evidence, answered_at = excluded.answered_at",
                    );
                    insert.build().execute(&mut *tx).await?;
                }
                sqlx::query("UPDATE selfcheck_rounds SET updated_at = $1 WHERE id = $2")
                    .bind($ts(at))
                    .bind(round)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(answers.len())
            }

            async fn answers(&self, round: i64) -> Result<Vec<$crate::selfcheck::StoredAnswer>, $crate::StoreError> {
                sqlx::query_as::<_, $crate::sql::selfcheck::AnswerRow>(
                    "SELECT a.rater_id, a.item, a.answer, a.evidence, a.answered_at FROM selfcheck_answers a \
                     JOIN selfcheck_raters r ON r.id = a.rater_id WHERE r.round_id = $1 ORDER BY a.rater_id, a.item",
                )
                .bind(round)
                .fetch_all(&self.pool)
                .await?
                .into_iter()
                .map(TryInto::try_into)
                .collect()
            }

            async fn published_answers(
                &self,
            ) -> Result<(Vec<$crate::selfcheck::Round>, Vec<$crate::selfcheck::PublishedAnswer>), $crate::StoreError> {
                let sql = format!(
                    "SELECT {} FROM selfcheck_rounds WHERE state = 'published' ORDER BY municipality, id",
                    $crate::sql::selfcheck::ROUND_COLUMNS
                );
                let rounds = sqlx::query_as::<_, $crate::sql::selfcheck::RoundRow>(&sql)
                    .fetch_all(&self.pool)
                    .await?
                    .into_iter()
                    .map(TryInto::try_into)
                    .collect::<Result<Vec<_>, _>>()?;
                let answers = sqlx::query_as::<_, $crate::sql::selfcheck::PublishedAnswerRow>(
                    "SELECT r.round_id, a.item, a.answer \
                     FROM selfcheck_answers a JOIN selfcheck_raters r ON r.id = a.rater_id \
                     JOIN selfcheck_rounds s ON s.id = r.round_id WHERE s.state = 'published'",
                )
                .fetch_all(&self.pool)
                .await?
                .into_iter()
                .map(TryInto::try_into)
                .collect::<Result<Vec<_>, _>>()?;
                Ok((rounds, answers))
            }

            async fn published_version(
                &self,
            ) -> Result<(i64, Option<chrono::DateTime<chrono::Utc>>), $crate::StoreError> {
                let row: (i64, Option<chrono::DateTime<chrono::Utc>>) = sqlx::query_as(
                    "SELECT COUNT(*), MAX(published_at) FROM selfcheck_rounds WHERE state = 'published'",
                )
                .fetch_one(&self.pool)
                .await?;
                Ok(row)
            }

            async fn set_round_state(
                &self,
                id: i64,
                from: $crate::selfcheck::RoundState,
                to: $crate::selfcheck::RoundState,
                actor: &str,
            ) -> Result<$crate::selfcheck::Round, $crate::StoreError> {
                let at = $crate::sql::now();
                let mut tx = self.begin_write().await?;
                let published = (to == $crate::selfcheck::RoundState::Published).then(|| $ts(at));
                let changed = sqlx::query(
                    "UPDATE selfcheck_rounds SET state = $1, updated_at = $2, \
                     published_at = COALESCE($3, published_at) WHERE id = $4 AND state = $5",
                )
                .bind(to.as_str())
                .bind($ts(at))
                .bind(published)
                .bind(id)
                .bind(from.as_str())
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if changed == 0 {
                    return Err(match Self::round_in(&mut *tx, id).await? {
                        None => $crate::StoreError::NotFound(format!("selfcheck round {id}")),
                        Some(r) => $crate::StoreError::Conflict(format!(
                            "selfcheck round {id} is {}, not {}",
                            r.state.as_str(),
                            from.as_str()
                        )),
                    });
                }
                let action = format!("selfcheck.round_{}", to.as_str());
                Self::insert_audit(&mut tx, at, actor, &action, &format!("selfcheck_round/{id}"), from.as_str()).await?;
                let round = Self::round_in(&mut *tx, id).await?;
                tx.commit().await?;
                round.ok_or_else(|| $crate::StoreError::NotFound(format!("selfcheck round {id}")))
            }
        }
    };
}

pub(crate) use selfcheck_impl;
