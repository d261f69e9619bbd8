//! The Selbstcheck across members and a workshop's results (issue #12), on SQLite with the
//! shipped demo data (21 members, a published round 2020 and 2024 each, 2–4 raters):
//! - `item_across_21`: one item across the members' latest published rounds, computed from
//!   rounds already read (the target: under 5 ms);
//! - `item_across_21_with_reads`: the same with the store's two reads (the first request after
//!   a round is published);
//! - `item_across_21_cached`: every later request (one version query);
//! - `published_answers_read`, `questionnaires_parse`: the parts of the reads;
//! - `peers_21`: one member's gaps against the strong members per field and its change;
//! - `workshop_results_60`: a workshop of 60 ballots over 7 fields turned into results.
//!
//! `cargo bench -p vergleich-service --bench selfcheck`

#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use vergleich_domain::selfcheck::ItemId;
use vergleich_domain::selfcheck::workshop::Perspective;
use vergleich_domain::{Ags, FieldId};
use vergleich_ingest::Limits;
use vergleich_service::workflow::SignInThrottle;
use vergleich_service::workflow::selfcheck_across::PublishedCache;
use vergleich_service::workflow::selfcheck_compare::{gaps, item_across, latest};
use vergleich_service::workflow::selfcheck_demo::{DEMO_SELFCHECK, seed_demo_selfcheck};
use vergleich_service::workflow::selfcheck_workshop_view::{WorkshopShown, build};
use vergleich_service::{CpuWork, Workflow};
use vergleich_store::Store;
use vergleich_store::testing::{TestDb, shipped_seed};
use vergleich_store::workshops::{StoredRating, WorkshopState};

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let db = rt.block_on(TestDb::sqlite());
    let store: &dyn Store = &*db.store;
    rt.block_on(store.seed(&shipped_seed(true))).unwrap();
    rt.block_on(seed_demo_selfcheck(store, DEMO_SELFCHECK))
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
    let published = rt.block_on(flow.selfcheck_published()).unwrap();
    let v1 = published
        .questionnaires
        .iter()
        .find(|q| q.version == "v1")
        .unwrap()
        .clone();
    let item = ItemId::parse("zug-03").unwrap();
    let kl = Ags::parse("07312000").unwrap();
    let mut group = c.benchmark_group("selfcheck");
    group.sample_size(30);
    group.bench_function("item_across_21", |b| {
        b.iter(|| {
            let last = latest(&published.rounds);
            item_across(&v1, &item, &last, &published.mappings).unwrap()
        });
    });
    group.bench_function("item_across_21_with_reads", |b| {
        // A fresh cache each time: the two reads and the reduction, as after a publication.
        b.iter(|| {
            let cache = PublishedCache::default();
            rt.block_on(flow.selfcheck_item(&cache, "zug-03", None))
                .unwrap()
        });
    });
    group.bench_function("item_across_21_cached", |b| {
        // What every request but the first after a publication costs: one version query.
        let cache = PublishedCache::default();
        b.iter(|| {
            rt.block_on(flow.selfcheck_item(&cache, "zug-03", None))
                .unwrap()
        });
    });
    // The parts of the route: the store's two reads, and the questionnaires parsed.
    group.bench_function("published_answers_read", |b| {
        b.iter(|| rt.block_on(store.published_answers()).unwrap());
    });
    group.bench_function("questionnaires_parse", |b| {
        let ids: Vec<FieldId> = published.fields.iter().map(|f| f.id.clone()).collect();
        b.iter(|| vergleich_service::workflow::selfcheck::questionnaires(&ids).unwrap());
    });
    group.bench_function("peers_21", |b| {
        let q_of = |v: &str| {
            published
                .questionnaires
                .iter()
                .find(|q| q.version == v)
                .cloned()
        };
        b.iter(|| {
            let last = latest(&published.rounds);
            gaps(&kl, &q_of, &published.fields, &last)
        });
    });
    group.bench_function("workshop_results_60", |b| {
        let fields = published.fields.clone();
        let ratings: Vec<StoredRating> = (0..60i64)
            .flat_map(|ballot| {
                let fields = &fields;
                (0..fields.len()).map(move |f| StoredRating {
                    ballot_id: ballot,
                    perspective: Perspective::ALL[(ballot as usize) % 7],
                    field: FieldId::clone(&fields[f].id),
                    answer: vergleich_domain::selfcheck::Answer::Level(
                        ((ballot as usize + f) % 4) as u8,
                    ),
                    comment: (ballot % 5 == 0).then(|| "Es fehlen Begegnungsorte.".to_owned()),
                    need: false,
                })
            })
            .collect();
        b.iter(|| {
            let shown = WorkshopShown {
                id: 1,
                title: "Workshop".into(),
                state: WorkshopState::Open,
                municipality: "07312000".into(),
                municipality_name: "Kaiserslautern".into(),
                round_id: 1,
                round_label: "2026".into(),
                code: None,
                join_path: None,
                ballots: 60,
                synthetic: false,
                created_at: chrono::Utc::now(),
                closed_at: None,
            };
            build(shown, &fields, &ratings, &[], &[], false)
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
