//! The store contract, writing side: all-or-nothing uploads, unknown references, bulk inserts
//! beyond bind limits, idempotency and content lookups, conflicts, exact values. Every behaviour
//! runs on SQLite always and on PostgreSQL when `TEST_DATABASE_URL` is set (required in CI).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

#[macro_use]
mod common;

use common::{KL, ROSTOCK, ags, obs, query_one, upload};
use vergleich_domain::UploadState;
use vergleich_store::testing::shipped_seed;
use vergleich_store::{ObservationQuery, Store, StoreError, UploadLookup, Visibility};

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
    // An upload without a member may hold anyone's rows (a member's may not: ForeignRows);
    // an unknown member is refused all the same.
    let stranger = obs("09999000", "kita_u3_mh", 2022, Some(1.0));
    let mut without_member = upload(KL, UploadState::Published);
    without_member.municipality = None;
    let err = store
        .append(without_member, &[good, stranger])
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
    // Every member's rows: an upload without a member (as the demo seed).
    let mut whole = upload(KL, UploadState::Published);
    whole.municipality = None;
    let record = store.append(whole, &rows).await.unwrap();
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

contract!(
    a_failing_upload_stores_nothing,
    bulk_inserts_beyond_the_bind_parameter_limit_are_complete,
    uploads_are_found_by_key_and_content_and_keep_their_raw_file,
    the_same_observation_twice_in_one_upload_is_a_conflict,
    every_finite_value_reads_back_bit_for_bit,
);
