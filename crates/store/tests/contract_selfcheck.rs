//! The store contract for the Selbstcheck (issue #12): rounds per member with unique labels,
//! raters created on first use, answers replaced per (rater, item) in one transaction and
//! refused once the round is submitted, state changes only from the expected state, every round
//! write audited. SQLite always, PostgreSQL when `TEST_DATABASE_URL` is set (required in CI).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

#[macro_use]
mod common;

use common::{KL, ROSTOCK, ags};
use vergleich_domain::selfcheck::{Answer, ItemId};
use vergleich_store::selfcheck::{AnswerUpdate, NewRound, RaterKind, RoundState};
use vergleich_store::testing::shipped_seed;
use vergleich_store::{Store, StoreError};

fn round(member: &str, label: &str) -> NewRound {
    NewRound {
        municipality: ags(member),
        label: label.into(),
        questionnaire: "v1".into(),
    }
}

fn answer(item: &str, answer: Answer, evidence: Option<&str>) -> AnswerUpdate {
    AnswerUpdate {
        item: ItemId::parse(item).unwrap(),
        answer,
        evidence: evidence.map(str::to_owned),
    }
}

async fn rounds_take_answers_until_submitted(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let r2020 = store
        .create_round(&round(KL, "2020"), "user:kl")
        .await
        .unwrap();
    assert_eq!(
        (r2020.state, r2020.questionnaire.as_str()),
        (RoundState::Draft, "v1")
    );
    let twice = store
        .create_round(&round(KL, "2020"), "user:kl")
        .await
        .unwrap_err();
    assert!(matches!(twice, StoreError::Conflict(_)), "{twice:?}");
    // Labels are per member.
    let rostock = store
        .create_round(&round(ROSTOCK, "2020"), "user:rostock")
        .await
        .unwrap();

    // A rater per user, created once; a second call keeps the id and updates the department.
    let kl = store
        .user_rater(r2020.id, "kl", Some("Integrationsbüro"))
        .await
        .unwrap();
    assert_eq!((kl.kind, kl.user.as_deref()), (RaterKind::User, Some("kl")));
    let again = store
        .user_rater(r2020.id, "kl", Some("Sozialamt"))
        .await
        .unwrap();
    assert_eq!(
        (again.id, again.department.as_deref()),
        (kl.id, Some("Sozialamt"))
    );
    let kept = store.user_rater(r2020.id, "kl", None).await.unwrap();
    assert_eq!(kept.department.as_deref(), Some("Sozialamt"));
    let other = store.user_rater(r2020.id, "kl2", None).await.unwrap();
    assert_ne!(other.id, kl.id);
    assert_eq!(store.raters(r2020.id).await.unwrap().len(), 2);
    let missing = store.user_rater(9_999, "kl", None).await.unwrap_err();
    assert!(matches!(missing, StoreError::NotFound(_)), "{missing:?}");

    // Answers are stored and replaced per item; skipped and "weiß nicht" are kept as such.
    let first = [
        answer("ste-01", Answer::Level(2), Some("Ratsbeschluss 2019")),
        answer("ste-02", Answer::Skipped, None),
    ];
    assert_eq!(
        store.save_answers(r2020.id, kl.id, &first).await.unwrap(),
        2
    );
    let second = [
        answer("ste-01", Answer::Level(3), None),
        answer("zug-01", Answer::DontKnow, None),
    ];
    store.save_answers(r2020.id, kl.id, &second).await.unwrap();
    store
        .save_answers(
            r2020.id,
            other.id,
            &[answer("ste-01", Answer::Level(1), None)],
        )
        .await
        .unwrap();
    let stored = store.answers(r2020.id).await.unwrap();
    let mine: Vec<(&str, Answer, Option<&str>)> = stored
        .iter()
        .filter(|a| a.rater_id == kl.id)
        .map(|a| (a.item.as_str(), a.answer, a.evidence.as_deref()))
        .collect();
    assert_eq!(
        mine,
        [
            ("ste-01", Answer::Level(3), None),
            ("ste-02", Answer::Skipped, None),
            ("zug-01", Answer::DontKnow, None),
        ]
    );
    assert_eq!(stored.len(), 4);
    // A rater of another round does not answer here.
    let foreign = store.user_rater(rostock.id, "rostock", None).await.unwrap();
    let err = store
        .save_answers(r2020.id, foreign.id, &first)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");

    // Submitted: no more answers, nothing half-stored; states move only from the expected one.
    let submitted = store
        .set_round_state(
            r2020.id,
            RoundState::Draft,
            RoundState::Submitted,
            "user:kl",
        )
        .await
        .unwrap();
    assert_eq!(submitted.state, RoundState::Submitted);
    let late = store
        .save_answers(r2020.id, kl.id, &[answer("ste-03", Answer::Level(3), None)])
        .await
        .unwrap_err();
    assert!(matches!(late, StoreError::Conflict(_)), "{late:?}");
    assert_eq!(store.answers(r2020.id).await.unwrap().len(), 4);
    let wrong = store
        .set_round_state(
            r2020.id,
            RoundState::Draft,
            RoundState::Published,
            "user:pl",
        )
        .await
        .unwrap_err();
    assert!(matches!(wrong, StoreError::Conflict(_)), "{wrong:?}");
    let published = store
        .set_round_state(
            r2020.id,
            RoundState::Submitted,
            RoundState::Published,
            "user:pl",
        )
        .await
        .unwrap();
    assert!(published.published_at.is_some());
    assert_eq!(store.round(r2020.id).await.unwrap(), Some(published));
    let listed: Vec<String> = store
        .rounds(&ags(KL))
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.label)
        .collect();
    assert_eq!(listed, ["2020"]);
    // Only published rounds and their answers are read across members.
    let (published, answers) = store.published_answers().await.unwrap();
    assert_eq!(
        published.iter().map(|r| r.id).collect::<Vec<_>>(),
        [r2020.id]
    );
    assert!(!answers.is_empty());
    assert!(answers.iter().all(|a| a.round_id == r2020.id));
    let (count, latest) = store.published_version().await.unwrap();
    assert_eq!((count, latest), (1, published.last().unwrap().published_at));
    assert_eq!(answers.len(), store.answers(r2020.id).await.unwrap().len());
    let audit: Vec<String> = store
        .audit_log(50)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action.starts_with("selfcheck."))
        .map(|e| e.action)
        .collect();
    for action in [
        "selfcheck.round_created",
        "selfcheck.round_submitted",
        "selfcheck.round_published",
    ] {
        assert!(
            audit.iter().any(|a| a == action),
            "{action} missing: {audit:?}"
        );
    }
}

contract!(rounds_take_answers_until_submitted);
