//! Commit of 1,000,000 observations in one upload (one transaction), on SQLite and, when
//! `TEST_DATABASE_URL` is set, on PostgreSQL: 1,000 municipalities × 100 indicators × 10 years.
//! Each sample starts from a fresh database; only the `append` call is timed.
//!
//! `TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test cargo bench -p vergleich-store`

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use vergleich_domain::{
    Ags, Catalogue, Cohort, Field, FieldId, Indicator, IndicatorId, IndicatorKind, Level,
    Membership, MembershipStatus, Municipality, MunicipalityKind, Observation, Period, Polarity,
    State, Status, UploadState,
};
use vergleich_store::testing::{TestDb, postgres_url};
use vergleich_store::{NewUpload, Seed};

const MEMBERS: usize = 1_000;
const INDICATORS: usize = 100;
const YEARS: i32 = 10;

fn population() -> (Seed, Vec<Observation>) {
    let field = Field {
        id: FieldId::parse("steuerung").unwrap(),
        position: 1,
        label_de: "Steuerung".into(),
        label_en: "Steering".into(),
        description_de: String::new(),
        description_en: String::new(),
        short_de: String::new(),
        short_en: String::new(),
        archived: false,
    };
    let indicators: Vec<Indicator> = (0..INDICATORS)
        .map(|i| Indicator {
            id: IndicatorId::parse(&format!("ind_{i:03}")).unwrap(),
            field: Some(field.id.clone()),
            kind: IndicatorKind::Statistic,
            label_de: format!("Indikator {i}"),
            label_en: format!("Indicator {i}"),
            definition_de: String::new(),
            definition_en: String::new(),
            unit: "%".into(),
            polarity: Polarity::HigherIsBetter,
            min: Some(0.0),
            max: Some(100.0),
            source: "bench".into(),
            level: Level::Kommune,
            definition_version: 1,
        })
        .collect();
    let municipalities: Vec<Municipality> = (0..MEMBERS)
        .map(|m| Municipality {
            key: Ags::parse(&format!("05{m:06}")).unwrap(),
            name: format!("Gemeinde {m}"),
            state: State::NW,
            kind: MunicipalityKind::Gemeinde,
            memberships: vec![Membership {
                id: None,
                cohort: "bench".into(),
                status: MembershipStatus::Demo,
                source: String::new(),
                note: String::new(),
                joined: None,
                left: None,
            }],
        })
        .collect();
    let mut rows = Vec::with_capacity(MEMBERS * INDICATORS * YEARS as usize);
    for m in &municipalities {
        for (n, i) in indicators.iter().enumerate() {
            for year in 2015..2015 + YEARS {
                rows.push(Observation {
                    municipality: m.key.clone(),
                    indicator: i.id.clone(),
                    period: Period::new(year).unwrap(),
                    value: Some((n as f64 * 0.37 + f64::from(year)) % 100.0),
                    status: Status::A,
                    missing_reason: None,
                    note: None,
                    source: None,
                });
            }
        }
    }
    let seed = Seed {
        catalogue: Catalogue {
            fields: vec![field],
            indicators,
        },
        cohort: Cohort { municipalities },
        demo: None,
    };
    (seed, rows)
}

fn upload() -> NewUpload {
    NewUpload {
        municipality: None,
        uploaded_by: "bench".into(),
        file_name: None,
        sha256: None,
        state: UploadState::Published,
        synthetic: true,
        report: None,
        idempotency_key: None,
        raw: None,
    }
}

fn commit(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (seed, rows) = population();
    let mut group = c.benchmark_group("commit_1m_observations");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(60))
        .throughput(Throughput::Elements(rows.len() as u64));
    let mut backends = vec!["sqlite"];
    if postgres_url().is_some() {
        backends.push("postgres");
    }
    for backend in backends {
        group.bench_function(backend, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    runtime.block_on(async {
                        let db = if backend == "sqlite" {
                            TestDb::sqlite().await
                        } else {
                            TestDb::postgres().await.unwrap()
                        };
                        db.store.seed(&seed).await.unwrap();
                        let start = Instant::now();
                        db.store.append(upload(), &rows).await.unwrap();
                        total += start.elapsed();
                        db.close().await;
                    });
                }
                total
            });
        });
    }
    group.finish();
}

criterion_group!(benches, commit);
criterion_main!(benches);
