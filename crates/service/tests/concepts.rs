//! The Integrationskonzept workflow without HTTP (issue #13), on SQLite and (with
//! `TEST_DATABASE_URL`) PostgreSQL: only a member's own users start, edit and publish its
//! versions; a Fortschreibung copies the old version; a bad concept is refused with every rule
//! named; a status change is dated in the measure's timeline; readers see published versions,
//! budgets only when signed in.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use chrono::NaiveDate;
use vergleich_domain::concept::{
    ConceptContent, Goal, IndicatorRole, Measure, MeasureStatus, Target, Themenfeld,
};
use vergleich_domain::{Ags, FieldId, IndicatorId, Role};
use vergleich_ingest::Limits;
use vergleich_service::workflow::SignInThrottle;
use vergleich_service::{CpuWork, ErrorCode, Principal, Workflow};
use vergleich_store::testing::{TestDb, shipped_seed};
use vergleich_store::{ConceptEdit, ConceptState, Store};

const KL: &str = "07312000";
const POTSDAM: &str = "12054000";

fn measure(status: MeasureStatus, progress: f64) -> Measure {
    Measure {
        id: 10,
        title: "Sprachcafé in jedem Stadtteil".into(),
        goals: vec![1],
        status,
        owner: Some("Träger A".into()),
        start: NaiveDate::from_ymd_opt(2023, 1, 1),
        end: NaiveDate::from_ymd_opt(2025, 12, 31),
        budget: Some(12_000.0),
        funding: Some("gefördert über das Integrationskonzept".into()),
        budget_approved: Some(true),
        progress: Some(progress),
        timeline: Vec::new(),
        updated_on: None,
        outputs: Vec::new(),
    }
}

fn content(target_year: i32, status: MeasureStatus) -> ConceptContent {
    ConceptContent {
        themenfelder: vec![Themenfeld {
            key: "sprachfoerderung".into(),
            title: "Sprachförderung".into(),
            fields: vec![FieldId::parse("zugang").unwrap()],
            ideal_de: "Alle können sich verständigen.".into(),
            ideal_en: None,
            goals: vec![Goal {
                id: 1,
                parent: None,
                title: "Mehr B1-Abschlüsse".into(),
                owner: None,
                deadline: None,
                targets: vec![Target {
                    indicator: IndicatorId::parse("sprachkurs_b1_quote").unwrap(),
                    baseline_year: 2021,
                    baseline: 50.0,
                    target_year,
                    target: 60.0,
                    role: IndicatorRole::Controlling,
                    definition_version: None,
                }],
            }],
        }],
        measures: vec![measure(status, 20.0)],
    }
}

fn edit(content: ConceptContent) -> ConceptEdit {
    ConceptEdit {
        title: "Integrationskonzept 2022".into(),
        adopted_on: NaiveDate::from_ymd_opt(2022, 2, 14),
        review_on: NaiveDate::from_ymd_opt(2025, 2, 14),
        document_url: None,
        content,
    }
}

async fn a_member_keeps_its_concept_and_readers_see_what_is_published(store: &dyn Store) {
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
    let potsdam = user("potsdam", Role::Municipality, Some(POTSDAM)).await;
    let manager = user("pl", Role::Manager, None).await;
    let code = |r: Result<_, vergleich_service::Error>| {
        r.map(|_: vergleich_store::ConceptVersion| ())
            .unwrap_err()
            .code
    };

    // Only a municipality user starts a version, for its own member.
    assert_eq!(
        code(
            flow.start_concept_version(&Principal::Anonymous, "2022", None)
                .await
        ),
        ErrorCode::Unauthenticated
    );
    assert_eq!(
        code(flow.start_concept_version(&manager, "2022", None).await),
        ErrorCode::Forbidden
    );
    assert_eq!(
        code(flow.start_concept_version(&kl, " 2022", None).await),
        ErrorCode::InvalidParameter
    );
    // The label at its limit and one past it (Potsdam's, so Kaiserslautern's list stays one).
    let longest = "x".repeat(vergleich_service::workflow::concepts::MAX_LABEL);
    flow.start_concept_version(&potsdam, &longest, None)
        .await
        .unwrap();
    let past = format!("{longest}x");
    assert_eq!(
        code(flow.start_concept_version(&potsdam, &past, None).await),
        ErrorCode::InvalidParameter
    );
    let v = flow.start_concept_version(&kl, "2022", None).await.unwrap();
    assert_eq!(
        code(flow.start_concept_version(&kl, "2022", None).await),
        ErrorCode::Conflict
    );

    // A target year before its baseline: refused with where, nothing stored.
    let err = flow
        .edit_concept_version(&kl, v.id, edit(content(2020, MeasureStatus::Laufend)))
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidParameter);
    assert_eq!(
        err.errors[0].parameter.as_deref(),
        Some("Ziel 1, Indikator sprachkurs_b1_quote")
    );
    assert!(
        store
            .concept_version(v.id)
            .await
            .unwrap()
            .unwrap()
            .content
            .measures
            .is_empty()
    );
    // Another member's version is not found, not forbidden.
    assert_eq!(
        code(
            flow.edit_concept_version(&potsdam, v.id, edit(content(2026, MeasureStatus::Laufend)))
                .await
        ),
        ErrorCode::NotFound
    );

    let first = flow
        .edit_concept_version(&kl, v.id, edit(content(2026, MeasureStatus::InPlanung)))
        .await
        .unwrap();
    assert_eq!(first.content.measures[0].timeline.len(), 1);
    // The same status again adds nothing; a new one is dated, with who.
    let same = flow
        .edit_concept_version(&kl, v.id, edit(content(2026, MeasureStatus::InPlanung)))
        .await
        .unwrap();
    assert_eq!(same.content.measures[0].timeline.len(), 1);
    let next = flow
        .edit_concept_version(&kl, v.id, edit(content(2026, MeasureStatus::Laufend)))
        .await
        .unwrap();
    let timeline = &next.content.measures[0].timeline;
    assert_eq!(timeline.len(), 2);
    assert_eq!(
        (timeline[1].status, timeline[1].by.as_str()),
        (MeasureStatus::Laufend, "kl")
    );

    // Drafts: the member and managers see them, anonymous readers and other members do not.
    assert_eq!(
        flow.concept_versions(&Principal::Anonymous, &Ags::parse(KL).unwrap())
            .await
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        flow.concept_versions(&potsdam, &Ags::parse(KL).unwrap())
            .await
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        flow.concept_versions(&manager, &Ags::parse(KL).unwrap())
            .await
            .unwrap()
            .len(),
        1
    );

    let published = flow.publish_concept_version(&kl, v.id).await.unwrap();
    assert_eq!(published.state, ConceptState::Published);
    assert_eq!(
        code(
            flow.edit_concept_version(&kl, v.id, edit(content(2026, MeasureStatus::Laufend)))
                .await
        ),
        ErrorCode::Conflict
    );
    let read = flow
        .concept_versions(&Principal::Anonymous, &Ags::parse(KL).unwrap())
        .await
        .unwrap();
    assert_eq!(read.len(), 1);
    assert_eq!(
        read[0].content.measures[0].budget, None,
        "budgets only for signed-in readers"
    );
    let signed_in = flow
        .concept_versions(&potsdam, &Ags::parse(KL).unwrap())
        .await
        .unwrap();
    assert_eq!(signed_in[0].content.measures[0].budget, Some(12_000.0));

    // A Fortschreibung copies the content, not the adoption.
    let next = flow
        .start_concept_version(&kl, "2026", Some(v.id))
        .await
        .unwrap();
    assert_eq!(
        (next.state, next.adopted_on, next.based_on),
        (ConceptState::Draft, None, Some(v.id))
    );
    assert_eq!(next.content, published.content);
    assert_eq!(
        code(
            flow.start_concept_version(&potsdam, "2026", Some(v.id))
                .await
        ),
        ErrorCode::NotFound
    );
}

#[tokio::test]
async fn concepts_sqlite() {
    let db = TestDb::sqlite().await;
    a_member_keeps_its_concept_and_readers_see_what_is_published(&*db.store).await;
}

#[tokio::test]
async fn concepts_postgres() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    a_member_keeps_its_concept_and_readers_see_what_is_published(&*db.store).await;
    db.close().await;
}
