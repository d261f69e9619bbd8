//! The store contract, reading side: seeding, catalogue, round trips, versions and `as_of`,
//! visibility, filters. Every behaviour runs on SQLite always and on PostgreSQL when
//! `TEST_DATABASE_URL` is set (required in CI).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

#[macro_use]
mod common;

use chrono::Utc;
use common::{KL, ROSTOCK, ags, obs, query_one, upload};
use vergleich_domain::{FieldId, IndicatorId, MembershipStatus, Status, UploadState};
use vergleich_store::testing::shipped_seed;
use vergleich_store::{ObservationQuery, Store, UploadLookup, Visibility};

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

contract!(
    seed_loads_catalogue_cohort_and_demo_once,
    a_new_field_in_the_datasets_appears_after_the_next_seed,
    every_attribute_round_trips,
    a_correction_is_a_new_version_and_the_old_one_stays_readable,
    unpublished_data_is_visible_only_to_its_member_and_to_everything,
    filters_select_by_member_indicator_field_and_years,
);
