//! The Selbstcheck workflow without HTTP (issue #12), on SQLite and (with `TEST_DATABASE_URL`)
//! PostgreSQL: a municipality opens a round, two of its users answer over several visits (skips
//! and "weiß nicht" allowed), bad answers are refused by row with nothing stored, the round is
//! submitted and published; readers outside the member see published rounds only and no
//! distribution over fewer than three raters; a skipped item lowers coverage, never the score.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use vergleich_domain::{Ags, Role};
use vergleich_ingest::Limits;
use vergleich_service::workflow::SignInThrottle;
use vergleich_service::workflow::selfcheck::{AnswerInput, MAX_EVIDENCE};
use vergleich_service::{CpuWork, ErrorCode, Principal, Workflow};
use vergleich_store::Store;
use vergleich_store::selfcheck::RoundState;
use vergleich_store::testing::{TestDb, shipped_seed};

const KL: &str = "07312000";
const POTSDAM: &str = "12054000";

fn a(item: &str, answer: &str) -> AnswerInput {
    AnswerInput {
        item: item.into(),
        answer: answer.into(),
        evidence: None,
    }
}

fn code<T: std::fmt::Debug>(r: Result<T, vergleich_service::Error>) -> ErrorCode {
    r.unwrap_err().code
}

async fn a_round_is_answered_submitted_and_published(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let (limits, work, sign_ins) = (
        Limits::default(),
        CpuWork::new(2),
        SignInThrottle::default(),
    );
    let flow = Workflow {
        store,
        limits: &limits,
        work: &work,
        parses: &work,
        session_minutes: 30,
        session_max_minutes: 600,
        sign_ins: &sign_ins,
    };
    let user = |name: &'static str, role, member: Option<&str>| {
        let member = member.map(|m| Ags::parse(m).unwrap());
        let flow = &flow;
        async move { Principal::User(flow.add_user(name, role, member).await.unwrap()) }
    };
    let kl = user("kl", Role::Municipality, Some(KL)).await;
    let kl2 = user("kl-sozialamt", Role::Municipality, Some(KL)).await;
    let potsdam = user("potsdam", Role::Municipality, Some(POTSDAM)).await;
    let manager = user("pl", Role::Manager, None).await;

    // Only a municipality opens a round, of a questionnaire that exists.
    assert_eq!(
        code(flow.open_selfcheck_round(&manager, "2024", "v1").await),
        ErrorCode::Forbidden
    );
    assert_eq!(
        code(flow.open_selfcheck_round(&kl, "2024", "v9").await),
        ErrorCode::NotFound
    );
    assert_eq!(
        code(flow.open_selfcheck_round(&kl, "", "v1").await),
        ErrorCode::InvalidParameter
    );
    let round = flow.open_selfcheck_round(&kl, "2024", "v1").await.unwrap();
    assert_eq!(
        code(flow.open_selfcheck_round(&kl, "2024", "v1").await),
        ErrorCode::Conflict
    );

    // The label's limit of 40 characters and one past it; the department's of 100.
    assert!(
        flow.open_selfcheck_round(&kl, &"x".repeat(40), "v1")
            .await
            .is_ok()
    );
    assert_eq!(
        code(flow.open_selfcheck_round(&kl, &"y".repeat(41), "v1").await),
        ErrorCode::InvalidParameter
    );
    assert!(
        flow.answer_selfcheck(&kl2, round.id, Some(&"d".repeat(100)), &[])
            .await
            .is_ok()
    );
    assert_eq!(
        code(
            flow.answer_selfcheck(&kl2, round.id, Some(&"d".repeat(101)), &[])
                .await
        ),
        ErrorCode::InvalidParameter
    );
    // Bad answers: every problem by row, nothing stored.
    let mut long = a("ste-04", "2");
    long.evidence = Some("x".repeat(MAX_EVIDENCE + 1));
    let err = flow
        .answer_selfcheck(
            &kl,
            round.id,
            Some("Integrationsbüro"),
            &[
                a("ste-01", "3"),
                a("xyz-99", "2"),
                a("ste-02", "4"),
                a("ste-01", "1"),
                long,
            ],
        )
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidParameter);
    let rows: Vec<(Option<usize>, Option<&str>)> = err
        .errors
        .iter()
        .map(|d| (d.row, d.column.as_deref()))
        .collect();
    assert_eq!(
        rows,
        [
            (Some(2), Some("item")),
            (Some(3), Some("answer")),
            (Some(4), Some("item")),
            (Some(5), Some("evidence"))
        ]
    );
    assert!(
        flow.selfcheck_round(&kl, round.id)
            .await
            .unwrap()
            .mine
            .is_none()
    );
    // Evidence at its limit is fine.
    let mut at_limit = a("ste-04", "2");
    at_limit.evidence = Some("x".repeat(MAX_EVIDENCE));

    // First visit, then a second one that changes an answer and adds more.
    let steuerung = [
        "ste-01", "ste-02", "ste-03", "ste-04", "ste-05", "ste-06", "ste-07", "ste-08", "ste-09",
        "ste-10",
    ];
    flow.answer_selfcheck(
        &kl,
        round.id,
        Some("Integrationsbüro"),
        &[a("ste-01", "3"), a("ste-02", "übersprungen"), at_limit],
    )
    .await
    .unwrap();
    let visit2: Vec<AnswerInput> = steuerung[2..]
        .iter()
        .map(|i| a(i, "2"))
        .chain([a("ste-01", "2"), a("zug-01", "weiß nicht")])
        .collect();
    flow.answer_selfcheck(&kl, round.id, None, &visit2)
        .await
        .unwrap();
    let view = flow.selfcheck_round(&kl, round.id).await.unwrap();
    // The department given on the first visit is kept (and prefilled in the form).
    assert_eq!(view.my_department.as_deref(), Some("Integrationsbüro"));
    let mine = view.mine.unwrap();
    assert_eq!((mine.answered, mine.skipped, mine.dont_know), (9, 1, 1));
    assert!(mine.of >= 80);
    // Steuerung: 9 of its items answered at level 2 by one rater, one skipped: the skip does
    // not count as 0 (score 66.7 = 2/3), coverage 9 of the field's items.
    let st = view.fields.iter().find(|f| f.field == "steuerung").unwrap();
    let n = st.items.len() as f64;
    assert!((st.score.coverage - 9.0 / n).abs() < 1e-9, "{:?}", st.score);
    if 9.0 / n >= 0.6 {
        assert!(
            (st.score.score.unwrap() - 200.0 / 3.0).abs() < 1e-9,
            "{:?}",
            st.score
        );
    }
    let zugang = view.fields.iter().find(|f| f.field == "zugang").unwrap();
    assert_eq!(zugang.score.score, None, "one 'weiß nicht' is no score");

    // A second rater of the member; another member's user does not find the round.
    flow.answer_selfcheck(&kl2, round.id, Some("Sozialamt"), &[a("ste-01", "3")])
        .await
        .unwrap();
    assert_eq!(
        code(
            flow.answer_selfcheck(&potsdam, round.id, None, &[a("ste-01", "1")])
                .await
        ),
        ErrorCode::NotFound
    );
    assert_eq!(
        code(flow.selfcheck_round(&potsdam, round.id).await),
        ErrorCode::NotFound
    );
    assert_eq!(
        code(flow.selfcheck_round(&Principal::Anonymous, round.id).await),
        ErrorCode::NotFound
    );

    // Submitted: no more answers; only a manager publishes; then outsiders read aggregates.
    assert_eq!(
        code(flow.publish_selfcheck_round(&manager, round.id).await),
        ErrorCode::InvalidTransition
    );
    let submitted = flow.submit_selfcheck_round(&kl, round.id).await.unwrap();
    assert_eq!(submitted.state, RoundState::Submitted);
    assert_eq!(
        code(
            flow.answer_selfcheck(&kl, round.id, None, &[a("ste-02", "1")])
                .await
        ),
        ErrorCode::Conflict
    );
    assert_eq!(
        code(flow.publish_selfcheck_round(&kl, round.id).await),
        ErrorCode::Forbidden
    );
    flow.publish_selfcheck_round(&manager, round.id)
        .await
        .unwrap();
    // The field scores are now the member's sc_* observations of 2024, with provenance; a
    // field with only "weiß nicht" is missing (skipped), never 0.
    let stored = store
        .observations(&vergleich_store::ObservationQuery {
            municipalities: vec![Ags::parse(KL).unwrap()],
            from_year: Some(2024),
            to_year: Some(2024),
            visibility: vergleich_store::Visibility::Published,
            ..Default::default()
        })
        .await
        .unwrap();
    let sc = |id: &str| {
        stored
            .iter()
            .find(|o| o.observation.indicator.as_str() == id)
            .unwrap()
    };
    let st = &sc("sc_steuerung").observation;
    // The same number as the round's field score (rounded to one decimal), weights included.
    let shown = flow.selfcheck_round(&manager, round.id).await.unwrap();
    let score = shown
        .fields
        .iter()
        .find(|f| f.field == "steuerung")
        .unwrap()
        .score
        .score
        .unwrap();
    assert!(
        (st.value.unwrap() - (score * 10.0).round() / 10.0).abs() < 1e-9,
        "{st:?} vs {score}"
    );
    assert!(
        st.source
            .as_deref()
            .unwrap()
            .contains("Selbstcheck-Runde 2024 (Fragebogen v1, 2 Ausfüllende)")
    );
    assert!(st.note.as_deref().unwrap().contains("Abdeckung"));
    let zu = &sc("sc_zugang").observation;
    assert_eq!(
        (zu.value, zu.missing_reason),
        (None, Some(vergleich_domain::MissingReason::Skipped))
    );
    // Publishing again is refused.
    assert_eq!(
        code(flow.publish_selfcheck_round(&manager, round.id).await),
        ErrorCode::InvalidTransition
    );
    let outside = flow
        .selfcheck_round(&Principal::Anonymous, round.id)
        .await
        .unwrap();
    let ste01 = outside.fields[0]
        .items
        .iter()
        .find(|i| i.id == "ste-01")
        .unwrap();
    // Two raters (2 and 3): median 2.5 shown, their distribution hidden; inside it is shown.
    assert_eq!((ste01.answered, ste01.distribution), (2, None));
    assert!((ste01.median.unwrap() - 2.5).abs() < 1e-9);
    assert!(ste01.mine.is_none() && outside.mine.is_none());
    let inside = flow.selfcheck_round(&kl, round.id).await.unwrap();
    let ste01 = inside.fields[0]
        .items
        .iter()
        .find(|i| i.id == "ste-01")
        .unwrap();
    assert_eq!(ste01.distribution, Some([0, 0, 1, 1]));
}

#[tokio::test]
async fn selfcheck_sqlite() {
    let db = TestDb::sqlite().await;
    a_round_is_answered_submitted_and_published(&*db.store).await;
}

#[tokio::test]
async fn selfcheck_postgres() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    a_round_is_answered_submitted_and_published(&*db.store).await;
    db.close().await;
}
