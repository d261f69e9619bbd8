//! The store contract for Selbstcheck workshops (issue #12): unique join codes, one ballot per
//! token hash (replaced on change, refused for another workshop's hash), the ballot cap at the
//! limit and one past it, no ballots once closed or once the round is published, outcomes
//! replaced per field, needs for action only on comments, facilitator writes audited.
//! SQLite always, PostgreSQL when `TEST_DATABASE_URL` is set (required in CI).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

#[macro_use]
mod common;

use common::{KL, ags};
use vergleich_domain::FieldId;
use vergleich_domain::selfcheck::Answer;
use vergleich_domain::selfcheck::workshop::{JoinCode, Perspective};
use vergleich_store::selfcheck::{NewRound, RoundState};
use vergleich_store::testing::shipped_seed;
use vergleich_store::workshops::{BallotRating, NewWorkshop, WorkshopState};
use vergleich_store::{Store, StoreError};

fn field(id: &str) -> FieldId {
    FieldId::parse(id).unwrap()
}

fn rating(f: &str, a: Answer, comment: Option<&str>) -> BallotRating {
    BallotRating {
        field: field(f),
        answer: a,
        comment: comment.map(str::to_owned),
    }
}

async fn workshops_take_one_ballot_per_token_until_closed(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let round = store
        .create_round(
            &NewRound {
                municipality: ags(KL),
                label: "2020".into(),
                questionnaire: "v1".into(),
            },
            "user:kl",
        )
        .await
        .unwrap();
    let code = JoinCode::parse("TSTW-2345").unwrap();
    let new = NewWorkshop {
        round_id: round.id,
        code: code.clone(),
        title: "Workshop August 2020".into(),
    };
    let w = store.create_workshop(&new, "user:kl").await.unwrap();
    assert_eq!(
        (w.state, w.ballots, w.municipality.clone()),
        (WorkshopState::Open, 0, ags(KL))
    );
    let taken = store.create_workshop(&new, "user:kl").await.unwrap_err();
    assert!(matches!(taken, StoreError::Conflict(_)), "{taken:?}");
    let other = store
        .create_workshop(
            &NewWorkshop {
                round_id: round.id,
                code: JoinCode::parse("ABCD-EFGH").unwrap(),
                title: "Zweiter Termin".into(),
            },
            "user:kl",
        )
        .await
        .unwrap();
    assert_eq!(
        store.workshop_by_code(&code).await.unwrap().unwrap().id,
        w.id
    );
    assert_eq!(store.workshops(round.id).await.unwrap().len(), 2);
    let no_round = store
        .create_workshop(
            &NewWorkshop {
                round_id: 999_999,
                ..new.clone()
            },
            "user:kl",
        )
        .await
        .unwrap_err();
    assert!(matches!(no_round, StoreError::NotFound(_)), "{no_round:?}");

    // A ballot, then the same token changes it: still one ballot, ratings replaced.
    let first = [
        rating("steuerung", Answer::Level(1), None),
        rating(
            "zusammenhalt",
            Answer::Level(0),
            Some("Es fehlen Begegnungsorte."),
        ),
    ];
    let (b, created) = store
        .save_ballot(w.id, "hash-a", Perspective::Jugend, &first, 3)
        .await
        .unwrap();
    assert!(created);
    assert_eq!((b.perspective, b.ratings.len()), (Perspective::Jugend, 2));
    let (b2, created) = store
        .save_ballot(
            w.id,
            "hash-a",
            Perspective::Politik,
            &[rating("steuerung", Answer::Level(2), None)],
            3,
        )
        .await
        .unwrap();
    assert!(!created);
    assert_eq!(
        (b2.id, b2.perspective, b2.ratings.len()),
        (b.id, Perspective::Politik, 1)
    );
    // Another workshop's hash is refused, nothing stored there.
    let reused = store
        .save_ballot(other.id, "hash-a", Perspective::Jugend, &first, 3)
        .await
        .unwrap_err();
    assert!(matches!(reused, StoreError::Conflict(_)), "{reused:?}");
    assert_eq!(store.workshop(other.id).await.unwrap().unwrap().ballots, 0);

    // The cap: the 3rd ballot is taken, the 4th refused; changing an existing one still works.
    for hash in ["hash-b", "hash-c"] {
        store
            .save_ballot(w.id, hash, Perspective::Verwaltung, &first, 3)
            .await
            .unwrap();
    }
    let past = store
        .save_ballot(w.id, "hash-d", Perspective::Verwaltung, &first, 3)
        .await
        .unwrap_err();
    assert!(matches!(past, StoreError::Conflict(_)), "{past:?}");
    store
        .save_ballot(w.id, "hash-c", Perspective::Wirtschaft, &first, 3)
        .await
        .unwrap();
    let ratings = store.ratings(w.id).await.unwrap();
    assert_eq!(ratings.len(), 1 + 2 + 2);
    assert_eq!(store.workshop(w.id).await.unwrap().unwrap().ballots, 3);
    assert!(store.ballot(w.id, "hash-d").await.unwrap().is_none());
    assert!(store.ballot(other.id, "hash-a").await.unwrap().is_none());

    // A need for action only on a comment.
    let commented = ratings.iter().find(|r| r.comment.is_some()).unwrap();
    store
        .set_need(
            w.id,
            commented.ballot_id,
            &field("zusammenhalt"),
            true,
            "user:kl",
        )
        .await
        .unwrap();
    assert!(store.ratings(w.id).await.unwrap().iter().any(|r| r.need));
    let no_comment = store
        .set_need(w.id, b.id, &field("steuerung"), true, "user:kl")
        .await
        .unwrap_err();
    assert!(
        matches!(no_comment, StoreError::NotFound(_)),
        "{no_comment:?}"
    );

    // Closed: no ballots, not even a change; closing twice is a conflict.
    let closed = store.close_workshop(w.id, "user:kl").await.unwrap();
    assert_eq!(closed.state, WorkshopState::Closed);
    assert!(closed.closed_at.is_some());
    let late = store
        .save_ballot(w.id, "hash-a", Perspective::Jugend, &first, 3)
        .await
        .unwrap_err();
    assert!(matches!(late, StoreError::Conflict(_)), "{late:?}");
    assert_eq!(
        store
            .ballot(w.id, "hash-a")
            .await
            .unwrap()
            .unwrap()
            .perspective,
        Perspective::Politik
    );
    assert!(matches!(
        store.close_workshop(w.id, "user:kl").await,
        Err(StoreError::Conflict(_))
    ));

    // Outcomes replaced per field.
    let outcomes = vec![
        (
            field("steuerung"),
            Answer::Level(2),
            "Leitbild beschlossen, aber kaum bekannt.".to_owned(),
        ),
        (
            field("zusammenhalt"),
            Answer::Level(1),
            "Begegnungsorte fehlen.".to_owned(),
        ),
    ];
    assert_eq!(
        store
            .save_outcomes(w.id, &outcomes, "user:kl")
            .await
            .unwrap(),
        2
    );
    store
        .save_outcomes(
            w.id,
            &[(field("steuerung"), Answer::Level(1), "Neu bewertet.".into())],
            "user:kl",
        )
        .await
        .unwrap();
    let stored = store.outcomes(w.id).await.unwrap();
    assert_eq!(stored.len(), 2);
    let steuerung = stored
        .iter()
        .find(|o| o.field == field("steuerung"))
        .unwrap();
    assert_eq!(
        (steuerung.agreed, steuerung.rationale.as_str()),
        (Answer::Level(1), "Neu bewertet.")
    );

    // A published round's open workshop takes no ballots.
    for (from, to) in [
        (RoundState::Draft, RoundState::Submitted),
        (RoundState::Submitted, RoundState::Published),
    ] {
        store
            .set_round_state(round.id, from, to, "user:pl")
            .await
            .unwrap();
    }
    let published = store
        .save_ballot(other.id, "hash-z", Perspective::Jugend, &first, 3)
        .await
        .unwrap_err();
    assert!(
        matches!(published, StoreError::Conflict(_)),
        "{published:?}"
    );

    let audit: Vec<String> = store
        .audit_log(50)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for action in [
        "selfcheck.workshop_opened",
        "selfcheck.workshop_closed",
        "selfcheck.workshop_outcomes",
        "selfcheck.workshop_need",
    ] {
        assert!(
            audit.iter().any(|a| a == action),
            "{action} missing: {audit:?}"
        );
    }
}

contract!(workshops_take_one_ballot_per_token_until_closed);
