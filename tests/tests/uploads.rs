//! The upload path end to end (bytes -> validation -> one transaction), on SQLite and, with
//! `TEST_DATABASE_URL`, on PostgreSQL: repeats, idempotency keys, dry runs, rejections,
//! corrections as new versions, and export -> re-upload as a no-op.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use vergleich_domain::{Ags, IndicatorId, UploadState, demo};
use vergleich_ingest::Limits;
use vergleich_service::CpuWork;
use vergleich_service::workflow::upload::{
    UploadError, UploadOutcome, UploadRequest, Uploader, upload,
};
use vergleich_store::testing::{TestDb, shipped_seed};
use vergleich_store::{ObservationQuery, Store, Visibility};

const KL: &str = "07312000";

fn kl() -> Ags {
    Ags::parse(KL).unwrap()
}

/// A CSV as German Excel saves it: Windows-1252, `;`, decimal comma, CRLF, umlauts.
fn excel_csv(value: &str) -> Vec<u8> {
    let text = format!(
        "Kommune;Indikator;Jahr;Wert;Status;Anmerkung\r\n\
         07312000;auslaenderanteil;2017;{value};P;Schätzung für März, Straßenzählung\r\n\
         07312000;einbuergerungsquote;2017;2,1;A;\r\n"
    );
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable);
    bytes.into_owned()
}

fn request(bytes: Vec<u8>) -> UploadRequest {
    UploadRequest {
        bytes,
        file_name: Some("werte.csv".into()),
        uploader: Uploader {
            name: "user:kl".into(),
            municipality: Some(kl()),
        },
        dry_run: false,
        idempotency_key: None,
        state: UploadState::Draft,
        skip_other_members: false,
        mappings: None,
    }
}

/// The same request stored as published at once, as `vergleich import --publish` does.
fn published(bytes: Vec<u8>) -> UploadRequest {
    UploadRequest {
        state: UploadState::Published,
        ..request(bytes)
    }
}

async fn history(store: &dyn Store, indicator: &str) -> Vec<(i32, Option<f64>)> {
    let q = ObservationQuery {
        municipalities: vec![kl()],
        indicators: vec![IndicatorId::parse(indicator).unwrap()],
        from_year: Some(2017),
        to_year: Some(2017),
        history: true,
        visibility: Visibility::Everything,
        ..Default::default()
    };
    store
        .observations(&q)
        .await
        .unwrap()
        .into_iter()
        .map(|o| (o.version, o.observation.value))
        .collect()
}

async fn german_excel_csv_is_stored_with_its_umlauts(store: &dyn Store) {
    let outcome = upload(
        store,
        &Limits::default(),
        &CpuWork::new(0),
        request(excel_csv("17,8")),
    )
    .await
    .unwrap();
    let UploadOutcome::Stored {
        upload: record,
        report,
        ..
    } = outcome
    else {
        panic!("{outcome:?}")
    };
    assert_eq!(report.encoding, Some("windows-1252"));
    assert_eq!(report.separator, Some(';'));
    assert_eq!(record.observation_count, 2);
    assert_eq!(record.municipality, Some(kl()));
    let q = ObservationQuery {
        municipalities: vec![kl()],
        visibility: Visibility::Everything,
        from_year: Some(2017),
        ..Default::default()
    };
    let stored = store.observations(&q).await.unwrap();
    let share = stored
        .iter()
        .find(|o| o.observation.indicator.as_str() == "auslaenderanteil")
        .unwrap();
    assert_eq!(share.observation.value, Some(17.8));
    assert_eq!(
        share.observation.note.as_deref(),
        Some("Schätzung für März, Straßenzählung")
    );
    assert_eq!(share.upload_id, record.id);
    assert_eq!(
        store
            .raw_file(record.sha256.as_deref().unwrap())
            .await
            .unwrap(),
        Some(excel_csv("17,8"))
    );
}

async fn identical_bytes_again_answer_with_the_first_upload(store: &dyn Store) {
    let first = upload(
        store,
        &Limits::default(),
        &CpuWork::new(0),
        request(excel_csv("17,8")),
    )
    .await
    .unwrap();
    let UploadOutcome::Stored { upload: first, .. } = first else {
        panic!()
    };
    let again = upload(
        store,
        &Limits::default(),
        &CpuWork::new(0),
        request(excel_csv("17,8")),
    )
    .await
    .unwrap();
    let UploadOutcome::Replayed { upload: again } = again else {
        panic!("{again:?}")
    };
    assert_eq!(again.id, first.id);
    assert_eq!(
        history(store, "auslaenderanteil").await,
        vec![(1, Some(17.8))]
    );
}

async fn an_idempotency_key_replays_and_refuses_other_bytes(store: &dyn Store) {
    let keyed = |bytes| UploadRequest {
        idempotency_key: Some("k-2023-1".into()),
        ..request(bytes)
    };
    let UploadOutcome::Stored { upload: first, .. } = upload(
        store,
        &Limits::default(),
        &CpuWork::new(0),
        keyed(excel_csv("17,8")),
    )
    .await
    .unwrap() else {
        panic!()
    };
    let UploadOutcome::Replayed { upload: again } = upload(
        store,
        &Limits::default(),
        &CpuWork::new(0),
        keyed(excel_csv("17,8")),
    )
    .await
    .unwrap() else {
        panic!()
    };
    assert_eq!(again.id, first.id);
    let err = upload(
        store,
        &Limits::default(),
        &CpuWork::new(0),
        keyed(excel_csv("18,0")),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, UploadError::KeyReused { upload, .. } if upload == first.id.0),
        "{err:?}"
    );
    assert_eq!(
        history(store, "auslaenderanteil").await,
        vec![(1, Some(17.8))]
    );
}

async fn a_dry_run_reports_and_stores_nothing(store: &dyn Store) {
    let outcome = upload(
        store,
        &Limits::default(),
        &CpuWork::new(0),
        UploadRequest {
            dry_run: true,
            ..request(excel_csv("17,8"))
        },
    )
    .await
    .unwrap();
    assert!(
        matches!(outcome, UploadOutcome::Checked { ref report } if report.is_accepted()),
        "{outcome:?}"
    );
    assert!(history(store, "auslaenderanteil").await.is_empty());
    assert!(
        store
            .audit_log(100)
            .await
            .unwrap()
            .iter()
            .all(|a| a.action != "upload.created")
    );
    // A real upload of the same bytes afterwards is not mistaken for a repeat.
    let outcome = upload(
        store,
        &Limits::default(),
        &CpuWork::new(0),
        request(excel_csv("17,8")),
    )
    .await
    .unwrap();
    assert!(
        matches!(outcome, UploadOutcome::Stored { .. }),
        "{outcome:?}"
    );
}

async fn a_rejected_upload_stores_nothing(store: &dyn Store) {
    // One good row, one row for another member: the whole file is refused.
    let bytes = b"Kommune;Indikator;Jahr;Wert\n07312000;auslaenderanteil;2017;17,8\n13003000;auslaenderanteil;2017;9,1\n".to_vec();
    let outcome = upload(store, &Limits::default(), &CpuWork::new(0), request(bytes))
        .await
        .unwrap();
    let UploadOutcome::Rejected { report } = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(report.errors[0].row, Some(3));
    assert!(history(store, "auslaenderanteil").await.is_empty());
    assert!(
        store
            .audit_log(100)
            .await
            .unwrap()
            .iter()
            .all(|a| a.action != "upload.created")
    );
}

async fn a_correction_is_a_new_version_and_unchanged_rows_are_not_written_again(store: &dyn Store) {
    // "Unchanged" means equal to the published version (issue #16): against a draft, the row
    // would be written again.
    upload(
        store,
        &Limits::default(),
        &CpuWork::new(0),
        published(excel_csv("17,8")),
    )
    .await
    .unwrap();
    let outcome = upload(
        store,
        &Limits::default(),
        &CpuWork::new(0),
        request(excel_csv("17,9")),
    )
    .await
    .unwrap();
    let UploadOutcome::Stored {
        upload: record,
        unchanged,
        ..
    } = outcome
    else {
        panic!("{outcome:?}")
    };
    assert_eq!((record.observation_count, unchanged), (1, 1));
    assert_eq!(
        history(store, "auslaenderanteil").await,
        vec![(1, Some(17.8)), (2, Some(17.9))]
    );
    assert_eq!(
        history(store, "einbuergerungsquote").await,
        vec![(1, Some(2.1))]
    );
}

async fn export_and_reupload_is_a_no_op(store: &dyn Store) {
    // An export of published data (issue #16: a draft's values are no base for "unchanged").
    upload(
        store,
        &Limits::default(),
        &CpuWork::new(0),
        published(excel_csv("17,8")),
    )
    .await
    .unwrap();
    let q = ObservationQuery {
        municipalities: vec![kl()],
        visibility: Visibility::Everything,
        ..Default::default()
    };
    let current: Vec<_> = store
        .observations(&q)
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.observation)
        .collect();
    let export = demo::to_csv(&current).unwrap().into_bytes();
    let outcome = upload(store, &Limits::default(), &CpuWork::new(0), request(export))
        .await
        .unwrap();
    let UploadOutcome::Stored {
        upload: record,
        unchanged,
        ..
    } = outcome
    else {
        panic!("{outcome:?}")
    };
    assert_eq!(record.observation_count, 0);
    assert_eq!(unchanged, current.len());
    let after: Vec<_> = store
        .observations(&ObservationQuery { history: true, ..q })
        .await
        .unwrap();
    assert!(after.iter().all(|o| o.version == 1));
}

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let db = super::TestDb::sqlite().await;
                    db.store.seed(&super::shipped_seed(true)).await.unwrap();
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
                    db.store.seed(&super::shipped_seed(true)).await.unwrap();
                    super::$name(&*db.store).await;
                    db.close().await;
                }
            )*
        }
    };
}

on_both_backends!(
    german_excel_csv_is_stored_with_its_umlauts,
    identical_bytes_again_answer_with_the_first_upload,
    an_idempotency_key_replays_and_refuses_other_bytes,
    a_dry_run_reports_and_stores_nothing,
    a_rejected_upload_stores_nothing,
    a_correction_is_a_new_version_and_unchanged_rows_are_not_written_again,
    export_and_reupload_is_a_no_op,
);
