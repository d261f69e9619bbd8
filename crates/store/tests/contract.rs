//! The store contract: every behaviour of the `Store` trait, run on SQLite always and on
//! PostgreSQL when `TEST_DATABASE_URL` is set (required in CI).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use chrono::Utc;
use vergleich_domain::{
    Ags, FieldId, IndicatorId, MembershipStatus, MissingReason, Observation, Period, Status,
    UploadState,
};
use vergleich_store::testing::{TestDb, shipped_seed};
use vergleich_store::{NewUpload, ObservationQuery, Store, StoreError, UploadLookup, Visibility};

fn ags(key: &str) -> Ags {
    Ags::parse(key).unwrap()
}

fn obs(member: &str, indicator: &str, year: i32, value: Option<f64>) -> Observation {
    Observation {
        municipality: ags(member),
        indicator: IndicatorId::parse(indicator).unwrap(),
        period: Period::new(year).unwrap(),
        value,
        status: if value.is_some() {
            Status::A
        } else {
            Status::M
        },
        missing_reason: value.is_none().then_some(MissingReason::Secret),
        note: None,
        source: None,
    }
}

fn upload(member: &str, state: UploadState) -> NewUpload {
    NewUpload {
        municipality: Some(ags(member)),
        uploaded_by: format!("user:{member}"),
        file_name: Some("werte.csv".into()),
        sha256: Some("ab".repeat(32)),
        state,
        synthetic: false,
        report: Some("{}".into()),
        idempotency_key: None,
        raw: None,
    }
}

const KL: &str = "07312000";
const ROSTOCK: &str = "13003000";

fn query_one(member: &str, indicator: &str) -> ObservationQuery {
    ObservationQuery {
        municipalities: vec![ags(member)],
        indicators: vec![IndicatorId::parse(indicator).unwrap()],
        visibility: Visibility::Everything,
        ..Default::default()
    }
}

async fn seed_loads_catalogue_cohort_and_demo_once(store: &dyn Store) {
    let seed = shipped_seed(true);
    let demo_len = seed.demo.as_ref().unwrap().1.len();
    let first = store.seed(&seed).await.unwrap();
    assert_eq!(
        (first.fields, first.municipalities, first.demo_observations),
        (7, 21, demo_len)
    );
    let again = store.seed(&seed).await.unwrap();
    assert_eq!(again.demo_observations, 0, "demo data is loaded once");

    let fields = store.fields().await.unwrap();
    assert_eq!(fields.len(), 7);
    assert_eq!(fields[0].id.as_str(), "steuerung");
    assert_eq!(
        store.indicators().await.unwrap().len(),
        seed.catalogue.indicators.len()
    );
    let members = store.municipalities().await.unwrap();
    assert_eq!(members.len(), 21);
    let dachau = members.iter().find(|m| m.key.as_str() == "09174").unwrap();
    assert_eq!(dachau.memberships[0].status, MembershipStatus::Confirmed);
    let demo = members
        .iter()
        .filter(|m| m.memberships[0].status == MembershipStatus::Demo)
        .count();
    assert_eq!(demo, 6);

    let all = store
        .observations(&ObservationQuery::default())
        .await
        .unwrap();
    assert_eq!(all.len(), demo_len);
    assert!(
        all.iter()
            .all(|o| o.synthetic && o.version == 1 && o.upload_state == UploadState::Published)
    );
    assert_eq!(store.audit_log(10).await.unwrap()[0].action, "demo.loaded");
    // The demo file is kept and found by its content, as a re-import of it would be.
    let (demo_upload, _) = seed.demo.as_ref().unwrap();
    let sha = demo_upload.sha256.clone().unwrap();
    let found = store
        .find_upload(&UploadLookup::Content {
            municipality: None,
            sha256: sha.clone(),
        })
        .await
        .unwrap();
    assert!(found.is_some_and(|u| u.synthetic && u.observation_count == demo_len as i64));
    assert_eq!(
        store.raw_file(&sha).await.unwrap().map(|r| r.len()),
        demo_upload.raw.as_ref().map(Vec::len)
    );
}

async fn a_new_field_in_the_datasets_appears_after_the_next_seed(store: &dyn Store) {
    let mut seed = shipped_seed(false);
    store.seed(&seed).await.unwrap();
    let mut field = seed.catalogue.fields[0].clone();
    field.id = FieldId::parse("gesundheit").unwrap();
    field.position = 8;
    field.label_de = "Gesundheit und Prävention".into();
    let mut indicator = seed.catalogue.indicators[0].clone();
    indicator.id = IndicatorId::parse("sc_gesundheit").unwrap();
    indicator.field = Some(field.id.clone());
    seed.catalogue.fields.push(field);
    seed.catalogue.indicators.push(indicator);
    store.seed(&seed).await.unwrap();
    let fields = store.fields().await.unwrap();
    assert_eq!(fields.len(), 8);
    assert_eq!(fields[7].label_de, "Gesundheit und Prävention");
    assert!(
        store
            .indicators()
            .await
            .unwrap()
            .iter()
            .any(|i| i.id.as_str() == "sc_gesundheit")
    );
}

async fn every_attribute_round_trips(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let mut full = obs(KL, "auslaenderanteil", 2023, Some(17.25));
    full.status = Status::P;
    full.note = Some("vorläufig, Stand März".into());
    full.source = Some("Statistisches Landesamt".into());
    let missing = obs(KL, "auslaenderanteil", 2022, None);
    let record = store
        .append(
            upload(KL, UploadState::Published),
            &[full.clone(), missing.clone()],
        )
        .await
        .unwrap();
    assert_eq!(record.observation_count, 2);
    let read = store
        .observations(&query_one(KL, "auslaenderanteil"))
        .await
        .unwrap();
    let read: Vec<_> = read.into_iter().map(|o| o.observation).collect();
    assert_eq!(read, vec![missing, full]);
    let back = store.upload(record.id).await.unwrap().unwrap();
    assert_eq!(back, record);
    assert_eq!(
        store
            .upload(vergleich_domain::UploadId(999_999))
            .await
            .unwrap(),
        None
    );
}

async fn a_correction_is_a_new_version_and_the_old_one_stays_readable(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    store
        .append(
            upload(KL, UploadState::Published),
            &[obs(KL, "einbuergerungsquote", 2021, Some(1.5))],
        )
        .await
        .unwrap();
    let between = Utc::now();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    store
        .append(
            upload(KL, UploadState::Published),
            &[obs(KL, "einbuergerungsquote", 2021, Some(1.7))],
        )
        .await
        .unwrap();

    let current = store
        .observations(&query_one(KL, "einbuergerungsquote"))
        .await
        .unwrap();
    assert_eq!(current.len(), 1);
    assert_eq!(
        (current[0].version, current[0].observation.value),
        (2, Some(1.7))
    );

    let history = store
        .observations(&ObservationQuery {
            history: true,
            ..query_one(KL, "einbuergerungsquote")
        })
        .await
        .unwrap();
    let versions: Vec<_> = history
        .iter()
        .map(|o| (o.version, o.observation.value))
        .collect();
    assert_eq!(versions, vec![(1, Some(1.5)), (2, Some(1.7))]);

    let then = store
        .observations(&ObservationQuery {
            as_of: Some(between),
            ..query_one(KL, "einbuergerungsquote")
        })
        .await
        .unwrap();
    assert_eq!((then[0].version, then[0].observation.value), (1, Some(1.5)));
}

async fn unpublished_data_is_visible_only_to_its_member_and_to_everything(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    store
        .append(
            upload(KL, UploadState::Published),
            &[obs(KL, "kita_u3_mh", 2022, Some(20.0))],
        )
        .await
        .unwrap();
    store
        .append(
            upload(KL, UploadState::Draft),
            &[obs(KL, "kita_u3_mh", 2022, Some(25.0))],
        )
        .await
        .unwrap();
    let value = |visibility| {
        let q = ObservationQuery {
            visibility,
            ..query_one(KL, "kita_u3_mh")
        };
        async move {
            store
                .observations(&q)
                .await
                .unwrap()
                .iter()
                .map(|o| o.observation.value)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        value(Visibility::Published).await,
        vec![Some(20.0)],
        "the draft must not shadow the published value"
    );
    assert_eq!(
        value(Visibility::PublishedOrOwn(ags(ROSTOCK))).await,
        vec![Some(20.0)]
    );
    assert_eq!(
        value(Visibility::PublishedOrOwn(ags(KL))).await,
        vec![Some(25.0)]
    );
    assert_eq!(value(Visibility::Everything).await, vec![Some(25.0)]);
}

async fn a_failing_upload_stores_nothing(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let good = obs(KL, "kita_u3_mh", 2022, Some(20.0));
    let unknown = obs(KL, "gibt_es_nicht", 2022, Some(1.0));
    let err = store
        .append(upload(KL, UploadState::Published), &[good.clone(), unknown])
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::UnknownReference { what: "indicator", key } if key == "gibt_es_nicht"),
        "{err:?}"
    );
    let stranger = obs("09999000", "kita_u3_mh", 2022, Some(1.0));
    let err = store
        .append(upload(KL, UploadState::Published), &[good, stranger])
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::UnknownReference { what: "municipality", key } if key == "09999000"),
        "{err:?}"
    );
    let q = ObservationQuery {
        visibility: Visibility::Everything,
        history: true,
        ..Default::default()
    };
    assert!(store.observations(&q).await.unwrap().is_empty());
    assert!(
        store
            .audit_log(10)
            .await
            .unwrap()
            .iter()
            .all(|a| a.action != "upload.created")
    );
    assert_eq!(
        store.upload(vergleich_domain::UploadId(1)).await.unwrap(),
        None
    );
}

async fn filters_select_by_member_indicator_field_and_years(store: &dyn Store) {
    store.seed(&shipped_seed(true)).await.unwrap();
    let q = ObservationQuery {
        municipalities: vec![ags(KL), ags(ROSTOCK)],
        field: Some(FieldId::parse("arbeit").unwrap()),
        from_year: Some(2020),
        to_year: Some(2021),
        ..Default::default()
    };
    let rows = store.observations(&q).await.unwrap();
    assert!(!rows.is_empty());
    let arbeit: Vec<_> = store
        .indicators()
        .await
        .unwrap()
        .into_iter()
        .filter(|i| i.field.as_ref().is_some_and(|f| f.as_str() == "arbeit"))
        .map(|i| i.id)
        .collect();
    for o in &rows {
        assert!([KL, ROSTOCK].contains(&o.observation.municipality.as_str()));
        assert!(arbeit.contains(&o.observation.indicator));
        assert!((2020..=2021).contains(&o.observation.period.year()));
    }
    let page = store
        .observations(&ObservationQuery {
            limit: Some(3),
            offset: Some(2),
            ..q.clone()
        })
        .await
        .unwrap();
    assert_eq!(page, rows[2..5].to_vec());
}

async fn bulk_inserts_beyond_the_bind_parameter_limit_are_complete(store: &dyn Store) {
    let seed = shipped_seed(false);
    store.seed(&seed).await.unwrap();
    // 21 members x 31 indicators x 11 years = 7,161 rows = 78,771 bind parameters (> 65,535).
    let mut rows = Vec::new();
    for m in &seed.cohort.municipalities {
        for i in &seed.catalogue.indicators {
            for year in 2000..=2010 {
                rows.push(obs(
                    m.key.as_str(),
                    i.id.as_str(),
                    year,
                    Some(f64::from(year - 2000)),
                ));
            }
        }
    }
    let record = store
        .append(upload(KL, UploadState::Published), &rows)
        .await
        .unwrap();
    assert_eq!(record.observation_count, rows.len() as i64);
    let stored = store
        .observations(&ObservationQuery::default())
        .await
        .unwrap();
    assert_eq!(stored.len(), rows.len());
}

async fn uploads_are_found_by_key_and_content_and_keep_their_raw_file(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let raw = b"municipality;indicator;year;value\n07312000;kita_u3_mh;2022;20,0\n".to_vec();
    let sha = vergleich_store::sha256_hex(&raw);
    let mut new = upload(KL, UploadState::Draft);
    new.sha256 = Some(sha.clone());
    new.raw = Some(raw.clone());
    new.idempotency_key = Some("key-1".into());
    let record = store
        .append(new.clone(), &[obs(KL, "kita_u3_mh", 2022, Some(20.0))])
        .await
        .unwrap();
    assert_eq!(record.idempotency_key.as_deref(), Some("key-1"));

    let by_key = UploadLookup::IdempotencyKey {
        uploaded_by: format!("user:{KL}"),
        key: "key-1".into(),
    };
    assert_eq!(
        store.find_upload(&by_key).await.unwrap(),
        Some(record.clone())
    );
    let other_principal = UploadLookup::IdempotencyKey {
        uploaded_by: "user:other".into(),
        key: "key-1".into(),
    };
    assert_eq!(store.find_upload(&other_principal).await.unwrap(), None);
    let by_content = UploadLookup::Content {
        municipality: Some(ags(KL)),
        sha256: sha.clone(),
    };
    assert_eq!(
        store.find_upload(&by_content).await.unwrap().map(|u| u.id),
        Some(record.id)
    );
    let elsewhere = UploadLookup::Content {
        municipality: Some(ags(ROSTOCK)),
        sha256: sha.clone(),
    };
    assert_eq!(store.find_upload(&elsewhere).await.unwrap(), None);
    let nobody = UploadLookup::Content {
        municipality: None,
        sha256: sha.clone(),
    };
    assert_eq!(store.find_upload(&nobody).await.unwrap(), None);
    assert_eq!(store.raw_file(&sha).await.unwrap(), Some(raw));
    assert_eq!(store.raw_file("00").await.unwrap(), None);

    // The same key again (a concurrent duplicate that missed the lookup) is a conflict and stores nothing.
    let err = store
        .append(new, &[obs(KL, "kita_u3_mh", 2023, Some(21.0))])
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    let q = ObservationQuery {
        history: true,
        ..query_one(KL, "kita_u3_mh")
    };
    assert_eq!(store.observations(&q).await.unwrap().len(), 1);
}

async fn the_same_observation_twice_in_one_upload_is_a_conflict(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let twice = [
        obs(KL, "kita_u3_mh", 2022, Some(20.0)),
        obs(KL, "kita_u3_mh", 2022, Some(21.0)),
    ];
    let err = store
        .append(upload(KL, UploadState::Draft), &twice)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    let q = ObservationQuery {
        history: true,
        ..query_one(KL, "kita_u3_mh")
    };
    assert!(store.observations(&q).await.unwrap().is_empty());
}

async fn every_finite_value_reads_back_bit_for_bit(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let values = [
        0.1,
        1.0 / 3.0,
        17.8,
        -0.0,
        123_456_789.123_456_79,
        2.225_073_858_507_201_4e-308,
        1.797_693_134_862_315_7e308,
        5e-324,
        0.300_000_000_000_000_04,
        -1234.5,
    ];
    let rows: Vec<_> = values
        .iter()
        .enumerate()
        .map(|(i, v)| obs(KL, "bevoelkerung", 2000 + i as i32, Some(*v)))
        .collect();
    store
        .append(upload(KL, UploadState::Published), &rows)
        .await
        .unwrap();
    let read = store
        .observations(&query_one(KL, "bevoelkerung"))
        .await
        .unwrap();
    let bits: Vec<u64> = read
        .iter()
        .map(|o| o.observation.value.unwrap().to_bits())
        .collect();
    // Negative zero is stored as zero on both backends; everything else exactly.
    let expected: Vec<u64> = values.iter().map(|v| (v + 0.0).to_bits()).collect();
    assert_eq!(bits, expected);
    assert_eq!(bits[3], 0.0f64.to_bits());
}

macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let db = vergleich_store::testing::TestDb::sqlite().await;
                    super::$name(&*db.store).await;
                    db.close().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let Some(db) = super::TestDb::postgres().await else { return };
                    super::$name(&*db.store).await;
                    db.close().await;
                }
            )*
        }
    };
}

contract!(
    seed_loads_catalogue_cohort_and_demo_once,
    a_new_field_in_the_datasets_appears_after_the_next_seed,
    every_attribute_round_trips,
    a_correction_is_a_new_version_and_the_old_one_stays_readable,
    unpublished_data_is_visible_only_to_its_member_and_to_everything,
    a_failing_upload_stores_nothing,
    filters_select_by_member_indicator_field_and_years,
    bulk_inserts_beyond_the_bind_parameter_limit_are_complete,
    uploads_are_found_by_key_and_content_and_keep_their_raw_file,
    the_same_observation_twice_in_one_upload_is_a_conflict,
    every_finite_value_reads_back_bit_for_bit,
);
