//! Issue #14 "Speed", without HTTP, on SQLite and (with `TEST_DATABASE_URL`) PostgreSQL:
//! - the kept exchange index is served again while nothing changed, and built again at the next
//!   call after a practice or a concept was written;
//! - the learning partners read the per-year scores the data state keeps, and say exactly what
//!   they said when computed afresh, for every member.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::sync::Arc;

use vergleich_domain::exchange::PracticeState;
use vergleich_ingest::Limits;
use vergleich_service::views::partners::learning_partners;
use vergleich_service::workflow::SignInThrottle;
use vergleich_service::workflow::concept_demo::{DEMO_CONCEPTS, seed_demo_concepts};
use vergleich_service::workflow::exchange_demo::{DEMO_PRACTICES, seed_demo_practices};
use vergleich_service::workflow::exchange_index::{EntryKind, ExchangeIndexCache};
use vergleich_service::{CpuWork, Workflow};
use vergleich_store::practices::{PracticeFilter, PracticeTransition};
use vergleich_store::testing::{TestDb, shipped_seed};
use vergleich_store::{Store, Visibility};

async fn index_follows_writes(store: &dyn Store) {
    store.seed(&shipped_seed(true)).await.unwrap();
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
    let cache = ExchangeIndexCache::default();
    let empty = flow.exchange_index_cached(&cache).await.unwrap();
    assert!(empty.entries.is_empty());
    // Nothing changed: the kept index.
    let again = flow.exchange_index_cached(&cache).await.unwrap();
    assert!(Arc::ptr_eq(&empty, &again));

    // Practices (the exchange version): in the index at the next call.
    seed_demo_practices(store, DEMO_PRACTICES).await.unwrap();
    let with_practices = flow.exchange_index_cached(&cache).await.unwrap();
    let practices = |index: &vergleich_service::workflow::exchange_index::ExchangeIndex| {
        index
            .entries
            .iter()
            .filter(|e| e.kind == EntryKind::Practice)
            .count()
    };
    assert!(practices(&with_practices) > 0);
    assert_eq!(
        practices(&with_practices),
        practices(&flow.exchange_index().await.unwrap())
    );

    // A published practice withdrawn: gone at the next call.
    let published = store
        .practices(&PracticeFilter {
            municipality: None,
            states: vec![PracticeState::Published],
        })
        .await
        .unwrap();
    let first = &published[0];
    store
        .transition_practice(&PracticeTransition {
            id: first.id,
            from: vec![PracticeState::Published],
            to: PracticeState::Draft,
            actor: "test".into(),
            comment: None,
        })
        .await
        .unwrap();
    let withdrawn = flow.exchange_index_cached(&cache).await.unwrap();
    assert_eq!(practices(&withdrawn), practices(&with_practices) - 1);
    assert!(
        withdrawn
            .entries
            .iter()
            .all(|e| e.kind != EntryKind::Practice || e.id != first.id)
    );

    // Concepts (no exchange version; their audit entries): their measures at the next call.
    assert!(
        withdrawn
            .entries
            .iter()
            .all(|e| e.kind != EntryKind::Measure)
    );
    seed_demo_concepts(store, DEMO_CONCEPTS).await.unwrap();
    let with_measures = flow.exchange_index_cached(&cache).await.unwrap();
    let measures = with_measures
        .entries
        .iter()
        .filter(|e| e.kind == EntryKind::Measure)
        .count();
    assert!(measures > 0);
    assert_eq!(
        with_measures.entries.len(),
        flow.exchange_index().await.unwrap().entries.len()
    );
    let kept = flow.exchange_index_cached(&cache).await.unwrap();
    assert!(Arc::ptr_eq(&with_measures, &kept));

    // Learning partners: the kept scores answer as a fresh computation does.
    let fresh = || async {
        vergleich_service::load(store, Visibility::Published)
            .await
            .unwrap()
            .into_data()
            .unwrap()
    };
    let warm = fresh().await;
    assert!(warm.partners.is_empty());
    for member in &warm.cohort.municipalities {
        let cold = fresh().await;
        let expected = learning_partners(&cold, &kept, &member.key, None).unwrap();
        let got = learning_partners(&warm, &kept, &member.key, None).unwrap();
        assert_eq!(
            serde_json::to_value(&got).unwrap(),
            serde_json::to_value(&expected).unwrap(),
            "{}",
            member.key
        );
    }
    assert_eq!(warm.partners.len(), 1, "one year kept");
    // A year without data is answered but not kept.
    let member = &warm.cohort.municipalities[0].key;
    let _ = learning_partners(&warm, &kept, member, Some(1990));
    assert_eq!(warm.partners.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_index_follows_writes() {
    let db = TestDb::sqlite().await;
    index_follows_writes(&*db.store).await;
    db.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_index_follows_writes() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    index_follows_writes(&*db.store).await;
    db.close().await;
}
