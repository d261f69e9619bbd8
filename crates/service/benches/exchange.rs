//! Exchange (issue #14 A), on SQLite with the shipped demo data (21 members, 33 demo practices,
//! the demo concepts' measures):
//! - `learning_partners_21_cold`: one member's needs for action with their learning partners on
//!   a fresh data state (the first member page after the data changed: every field's scores of
//!   the year are computed and kept in the data state);
//! - `learning_partners_21_warm`: the same once another member's page has filled the data
//!   state's memo (every later member page; the target: under 10 ms);
//! - `exchange_index`: reading published practices and concepts and folding their words (what
//!   every search and member page did first);
//! - `exchange_index_cached`: what they do now while nothing changed (the key's two one-row
//!   queries, then the kept index);
//! - `search_21`: one search over the index.
//!
//! `cargo bench -p vergleich-service --bench exchange`

#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use vergleich_domain::Ags;
use vergleich_ingest::Limits;
use vergleich_service::views::partners::learning_partners;
use vergleich_service::workflow::SignInThrottle;
use vergleich_service::workflow::concept_demo::{DEMO_CONCEPTS, seed_demo_concepts};
use vergleich_service::workflow::exchange_demo::{DEMO_PRACTICES, seed_demo_practices};
use vergleich_service::workflow::exchange_index::{ExchangeIndexCache, SearchQuery};
use vergleich_service::{CpuWork, Workflow};
use vergleich_store::testing::{TestDb, shipped_seed};
use vergleich_store::{Store, Visibility};

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let db = rt.block_on(TestDb::sqlite());
    let store: &dyn Store = &*db.store;
    rt.block_on(store.seed(&shipped_seed(true))).unwrap();
    rt.block_on(seed_demo_concepts(store, DEMO_CONCEPTS))
        .unwrap();
    rt.block_on(seed_demo_practices(store, DEMO_PRACTICES))
        .unwrap();
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
    let fresh = || {
        rt.block_on(vergleich_service::load(store, Visibility::Published))
            .unwrap()
            .into_data()
            .unwrap()
    };
    let data = fresh();
    let index = rt.block_on(flow.exchange_index()).unwrap();
    // Aachen has needs for action in three fields in the demo data.
    let aachen = Ags::parse("05334002").unwrap();
    // Another member's page fills the memo of the default year.
    let other = data
        .cohort
        .municipalities
        .iter()
        .map(|m| m.key.clone())
        .find(|k| k != &aachen)
        .unwrap();
    learning_partners(&data, &index, &other, None).unwrap();
    let mut group = c.benchmark_group("exchange");
    group.sample_size(30);
    group.bench_function("learning_partners_21_cold", |b| {
        b.iter_batched_ref(
            fresh,
            |data| learning_partners(data, &index, &aachen, None).unwrap(),
            BatchSize::PerIteration,
        );
    });
    group.bench_function("learning_partners_21_warm", |b| {
        b.iter(|| learning_partners(&data, &index, &aachen, None).unwrap());
    });
    group.bench_function("exchange_index", |b| {
        b.iter(|| rt.block_on(flow.exchange_index()).unwrap());
    });
    let cache = ExchangeIndexCache::default();
    rt.block_on(flow.exchange_index_cached(&cache)).unwrap();
    group.bench_function("exchange_index_cached", |b| {
        b.iter(|| rt.block_on(flow.exchange_index_cached(&cache)).unwrap());
    });
    let query = SearchQuery {
        text: "Sprachmittler Migrantenorganisationen".into(),
        ..SearchQuery::default()
    };
    group.bench_function("search_21", |b| {
        b.iter(|| index.search(&query).len());
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
