//! Integrationskonzepte (issue #13) on SQLite with the shipped demo data:
//! - `concept_view`: one member's concept with 40 goals, 120 measures and 60 targets, with
//!   progress from published observations and warnings (what `/konzept/{key}` computes);
//! - `across_21`: every member's current concept (21 concepts of that size) with progress,
//!   coverage, targets side by side and the measure search (what `/konzepte` computes);
//! - `bulk_2000`: a measures table of 2,000 rows read, validated and committed (all or nothing).
//!
//! `cargo bench -p vergleich-service --bench concepts`

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use vergleich_domain::concept::{
    ConceptContent, Goal, IndicatorRole, Measure, MeasureStatus, Target, Themenfeld,
};
use vergleich_domain::{Ags, FieldId, IndicatorId, Role};
use vergleich_ingest::Limits;
use vergleich_service::workflow::SignInThrottle;
use vergleich_service::workflow::concept_across::MeasureQuery;
use vergleich_service::workflow::concept_view::ConceptClock;
use vergleich_service::{CpuWork, Principal, Workflow};
use vergleich_store::testing::{TestDb, shipped_seed};
use vergleich_store::{ConceptEdit, NewConceptVersion, Store};

/// Indicators with a direction, and targets on them that the demo data keeps within range.
const UP: [&str; 3] = [
    "kita_u3_mh",
    "mehrsprachige_angebote_anteil",
    "beschaeftigungsquote_auslaender",
];

fn content(goals: usize, measures: usize, targets_per_goal: usize) -> ConceptContent {
    let fields = ["zugang", "arbeit", "zusammenhalt", "steuerung", "oeffnung"];
    let themenfelder = (0..5)
        .map(|t| Themenfeld {
            key: format!("tf-{t}"),
            title: format!("Themenfeld {t}"),
            fields: vec![FieldId::parse(fields[t]).unwrap()],
            ideal_de: "So ideal wie vorstellbar.".into(),
            ideal_en: None,
            goals: (0..goals / 5)
                .map(|g| {
                    let id = (t * (goals / 5) + g + 1) as i64;
                    Goal {
                        id,
                        parent: (g > 0).then(|| (t * (goals / 5) + 1) as i64),
                        title: format!("Ziel {id}"),
                        owner: Some("Amt".into()),
                        deadline: NaiveDate::from_ymd_opt(2027, 12, 31),
                        targets: (0..targets_per_goal)
                            .map(|k| Target {
                                indicator: IndicatorId::parse(UP[(id as usize + k) % 3]).unwrap(),
                                baseline_year: 2019,
                                baseline: 10.0,
                                target_year: 2027,
                                target: 40.0,
                                role: IndicatorRole::Controlling,
                                definition_version: None,
                            })
                            .collect(),
                    }
                })
                .collect(),
        })
        .collect();
    let measures = (0..measures)
        .map(|m| Measure {
            id: m as i64 + 1,
            title: format!("Maßnahme {m} Bürgerdienste"),
            goals: vec![(m % goals) as i64 + 1],
            status: MeasureStatus::ALL[m % 5],
            owner: Some("Träger".into()),
            start: NaiveDate::from_ymd_opt(2022, 1, 1),
            end: NaiveDate::from_ymd_opt(2027, 12, 31),
            budget: Some(10_000.0),
            funding: None,
            budget_approved: Some(true),
            progress: Some((m % 100) as f64),
            timeline: Vec::new(),
            updated_on: NaiveDate::from_ymd_opt(2026, 1, 1),
            outputs: Vec::new(),
        })
        .collect();
    ConceptContent {
        themenfelder,
        measures,
    }
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let db = rt.block_on(TestDb::sqlite());
    let store: &dyn Store = &*db.store;
    rt.block_on(store.seed(&shipped_seed(true))).unwrap();
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
    let members: Vec<Ags> = rt
        .block_on(store.municipalities())
        .unwrap()
        .into_iter()
        .map(|m| m.key)
        .collect();
    let big = content(40, 120, 2);
    for (i, member) in members.iter().enumerate() {
        let new = NewConceptVersion {
            municipality: member.clone(),
            label: "2024".into(),
            based_on: None,
            edit: ConceptEdit {
                title: format!("Konzept {i}"),
                adopted_on: None,
                review_on: NaiveDate::from_ymd_opt(2028, 1, 1),
                document_url: None,
                content: big.clone(),
            },
        };
        let v = rt
            .block_on(store.create_concept_version(&new, "bench"))
            .unwrap();
        rt.block_on(store.publish_concept_version(v.id, "bench"))
            .unwrap();
    }
    let clock = ConceptClock::at(NaiveDate::from_ymd_opt(2026, 12, 6).unwrap());
    let kl = Ags::parse("07312000").unwrap();
    let mut group = c.benchmark_group("concepts");
    group.sample_size(30);
    group.bench_function("concept_view", |b| {
        b.iter(|| {
            rt.block_on(flow.concept(&Principal::Anonymous, &kl, None, clock))
                .unwrap()
        });
    });
    // What the store part of it costs: every version's document read and parsed.
    group.bench_function("load_all_versions", |b| {
        b.iter(|| rt.block_on(store.all_concept_versions()).unwrap());
    });
    group.bench_function("observations_21x3", |b| {
        let query = vergleich_store::ObservationQuery {
            municipalities: members.clone(),
            indicators: UP.iter().map(|i| IndicatorId::parse(i).unwrap()).collect(),
            ..Default::default()
        };
        b.iter(|| rt.block_on(store.observations(&query)).unwrap());
    });
    // Progress alone: the 21 current versions and their published values read once, then
    // every target, goal and warning computed.
    group.bench_function("progress_21", |b| {
        use vergleich_service::workflow::concept_view::{published_values, shown};
        let versions = rt.block_on(store.all_concept_versions()).unwrap();
        let current: Vec<_> = versions.iter().filter(|v| v.label == "2024").collect();
        let contents: Vec<_> = current.iter().map(|v| &v.content).collect();
        let values = rt
            .block_on(published_values(&flow, members.clone(), &contents))
            .unwrap();
        let catalogue = vergleich_domain::Catalogue {
            fields: rt.block_on(store.fields()).unwrap(),
            indicators: rt.block_on(store.indicators()).unwrap(),
        };
        assert_eq!(current.len(), 21);
        b.iter(|| {
            current
                .iter()
                .map(|v| {
                    shown(v, &versions, &catalogue, &values, clock)
                        .targets
                        .on_track
                })
                .sum::<usize>()
        });
    });
    group.bench_function("across_21", |b| {
        let query = MeasureQuery {
            keyword: Some("buerger".into()),
            ..Default::default()
        };
        b.iter(|| {
            rt.block_on(flow.concepts_across(&Principal::Anonymous, &query, clock))
                .unwrap()
        });
    });

    // 2,000 measures in a draft of Kaiserslautern, updated from a CSV of 2,000 rows.
    let user = Principal::User(
        rt.block_on(flow.add_user("kl", Role::Municipality, Some(kl.clone())))
            .unwrap(),
    );
    let draft = rt
        .block_on(flow.start_concept_version(&user, "bulk", None))
        .unwrap();
    let mut many = content(40, 2_000, 0);
    many.measures.iter_mut().for_each(|m| m.budget = None);
    let edit = ConceptEdit {
        title: "Bulk".into(),
        adopted_on: None,
        review_on: None,
        document_url: None,
        content: many,
    };
    rt.block_on(flow.edit_concept_version(&user, draft.id, edit))
        .unwrap();
    let mut round = 0u32;
    group.sample_size(10);
    group.bench_function("bulk_2000", |b| {
        b.iter(|| {
            round += 1;
            let mut csv = String::from("Konzept;ID;Status;Fortschritt (%);Beginn;Ende\r\n");
            for m in 1..=2_000 {
                csv.push_str(&format!(
                    "07312000/bulk;{m};laufend;{};01.01.2023;31.12.2027\r\n",
                    (m + round) % 100
                ));
            }
            let (_, applied) = rt
                .block_on(flow.bulk_update_measures(&user, draft.id, csv.as_bytes()))
                .unwrap();
            assert_eq!(applied, 2_000);
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
