//! The demo Selbstcheck (`datasets/demo/selfcheck.json`, written by `scripts/demo-selfcheck.py`):
//! a published round 2020 and 2024 for every member with two to four synthetic raters, whose
//! field scores are the members' `sc_*` values of those years (labelled synthetic in source and
//! upload), and Kaiserslautern's August 2020 workshop with 30 synthetic ballots, comments on
//! the gaps the real workshop named, and the agreed values. Stored by `system:demo`; idempotent:
//! a round whose label the member has already is left alone.

use serde::Deserialize;
use vergleich_domain::selfcheck::workshop::{JoinCode, MAX_BALLOTS, Perspective};
use vergleich_domain::selfcheck::{Answer, ItemId};
use vergleich_domain::{Ags, FieldId};
use vergleich_store::selfcheck::{AnswerUpdate, NewRound, RoundState};
use vergleich_store::workshops::{BallotRating, NewWorkshop};
use vergleich_store::{Store, StoreError};

use super::concept_view::DEMO_ACTOR;

/// The shipped demo Selbstcheck.
pub const DEMO_SELFCHECK: &str = include_str!("../../../../datasets/demo/selfcheck.json");

#[derive(Debug, Deserialize)]
struct DemoFile {
    rounds: Vec<DemoRound>,
    workshops: Vec<DemoWorkshop>,
}

#[derive(Debug, Deserialize)]
struct DemoRound {
    municipality: String,
    label: String,
    questionnaire: String,
    raters: Vec<DemoRater>,
}

#[derive(Debug, Deserialize)]
struct DemoRater {
    user: String,
    department: String,
    answers: Vec<DemoAnswer>,
}

#[derive(Debug, Deserialize)]
struct DemoAnswer {
    item: String,
    answer: String,
    evidence: Option<String>,
}

#[derive(Debug, Deserialize)]
struct DemoWorkshop {
    municipality: String,
    round: String,
    title: String,
    code: String,
    ballots: Vec<DemoBallot>,
    outcomes: Vec<DemoOutcome>,
}

#[derive(Debug, Deserialize)]
struct DemoBallot {
    perspective: String,
    ratings: Vec<DemoRating>,
}

#[derive(Debug, Deserialize)]
struct DemoRating {
    field: String,
    answer: String,
    comment: Option<String>,
}

#[derive(Debug, Deserialize)]
struct DemoOutcome {
    field: String,
    agreed: String,
    rationale: String,
}

/// Why the demo Selbstcheck could not be stored.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("datasets/demo/selfcheck.json does not parse: {0}")]
    Parse(#[from] serde_json::Error),
    #[error("datasets/demo/selfcheck.json: {0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn invalid(what: impl std::fmt::Display) -> DemoError {
    DemoError::Invalid(what.to_string())
}

/// Stores the demo rounds and workshops the store does not hold yet; returns the rounds written.
pub async fn seed_demo_selfcheck(store: &dyn Store, text: &str) -> Result<usize, DemoError> {
    let file: DemoFile = serde_json::from_str(text)?;
    let fields = store.fields().await?;
    let field_ids: Vec<FieldId> = fields.iter().map(|f| f.id.clone()).collect();
    let questionnaires =
        super::selfcheck::questionnaires(&field_ids).map_err(|e| invalid(e.detail_en))?;
    let mut written = 0;
    for demo in &file.rounds {
        let member = Ags::parse(&demo.municipality).map_err(invalid)?;
        let existing = store
            .rounds(&member)
            .await?
            .into_iter()
            .find(|r| r.label == demo.label);
        let q = questionnaires
            .iter()
            .find(|q| q.version == demo.questionnaire)
            .ok_or_else(|| invalid(format!("questionnaire {}", demo.questionnaire)))?;
        // A round of the member's own with that label is left alone; a demo round that a
        // stop interrupted is finished (every step below is idempotent).
        let round = match existing {
            Some(r) if r.created_by != DEMO_ACTOR || r.state == RoundState::Published => continue,
            Some(r) => r,
            None => {
                let new = NewRound {
                    municipality: member.clone(),
                    label: demo.label.clone(),
                    questionnaire: q.version.clone(),
                };
                store.create_round(&new, DEMO_ACTOR).await?
            }
        };
        if round.state == RoundState::Draft {
            for rater in &demo.raters {
                let answers = rater
                    .answers
                    .iter()
                    .map(|a| {
                        Ok(AnswerUpdate {
                            item: ItemId::parse(&a.item).map_err(invalid)?,
                            answer: Answer::parse(&a.answer).map_err(invalid)?,
                            evidence: a.evidence.clone(),
                        })
                    })
                    .collect::<Result<Vec<_>, DemoError>>()?;
                let r = store
                    .user_rater(round.id, &rater.user, Some(&rater.department))
                    .await?;
                store.save_answers(round.id, r.id, &answers).await?;
            }
            for w in file
                .workshops
                .iter()
                .filter(|w| w.municipality == demo.municipality && w.round == demo.label)
            {
                seed_workshop(store, round.id, w).await?;
            }
            store
                .set_round_state(
                    round.id,
                    RoundState::Draft,
                    RoundState::Submitted,
                    DEMO_ACTOR,
                )
                .await?;
        }
        let raters = store.raters(round.id).await?;
        let answers = store.answers(round.id).await?;
        let view =
            super::selfcheck_view::view(round.clone(), q, &fields, &raters, &answers, None, true);
        super::selfcheck_publish::store_round_scores(store, &view, true).await?;
        store
            .set_round_state(
                round.id,
                RoundState::Submitted,
                RoundState::Published,
                DEMO_ACTOR,
            )
            .await?;
        written += 1;
    }
    Ok(written)
}

async fn seed_workshop(store: &dyn Store, round: i64, w: &DemoWorkshop) -> Result<(), DemoError> {
    let new = NewWorkshop {
        round_id: round,
        code: JoinCode::parse(&w.code).map_err(invalid)?,
        title: w.title.clone(),
    };
    let stored = match store.workshop_by_code(&new.code).await? {
        Some(w) => w,
        None => store.create_workshop(&new, DEMO_ACTOR).await?,
    };
    if stored.state == vergleich_store::workshops::WorkshopState::Closed {
        return Ok(());
    }
    for (i, b) in w.ballots.iter().enumerate() {
        let ratings = b
            .ratings
            .iter()
            .map(|r| {
                Ok(BallotRating {
                    field: FieldId::parse(&r.field).map_err(invalid)?,
                    answer: Answer::parse(&r.answer).map_err(invalid)?,
                    comment: r.comment.clone(),
                })
            })
            .collect::<Result<Vec<_>, DemoError>>()?;
        let perspective = Perspective::parse(&b.perspective).map_err(invalid)?;
        // A token nobody holds: the demo ballots cannot be changed.
        let hash = super::secret_hash(&format!("demo:{}:{i}", w.code));
        store
            .save_ballot(stored.id, &hash, perspective, &ratings, MAX_BALLOTS)
            .await?;
    }
    let outcomes = w
        .outcomes
        .iter()
        .map(|o| {
            Ok((
                FieldId::parse(&o.field).map_err(invalid)?,
                Answer::parse(&o.agreed).map_err(invalid)?,
                o.rationale.clone(),
            ))
        })
        .collect::<Result<Vec<_>, DemoError>>()?;
    store
        .save_outcomes(stored.id, &outcomes, DEMO_ACTOR)
        .await?;
    // Closed last: a closed workshop is a finished one when a restart resumes.
    store.close_workshop(stored.id, DEMO_ACTOR).await?;
    Ok(())
}
