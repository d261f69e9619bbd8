//! The integrity findings of issue #16 through the upload pipeline, on SQLite and, with
//! `TEST_DATABASE_URL`, on PostgreSQL: a value equal to one in an unpublished draft is still
//! stored (and published on approval); identical bytes sent at once are stored once and the
//! others answered with that upload; different files of two users of one member sent at once are
//! all stored, none refused as a key conflict.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::sync::Arc;

use vergleich_domain::{Ags, IndicatorId, UploadState};
use vergleich_ingest::Limits;
use vergleich_service::CpuWork;
use vergleich_service::workflow::upload::{UploadOutcome, UploadRequest, Uploader, upload};
use vergleich_store::testing::{TestDb, shipped_seed};
use vergleich_store::{ObservationQuery, Store, Transition, UploadRecord, Visibility};

const KL: &str = "07312000";

fn kl() -> Ags {
    Ags::parse(KL).unwrap()
}

/// KL's `auslaenderanteil` 2017 (decimal comma) and, when given, `einbuergerungsquote` 2017.
fn csv(share: &str, naturalisations: Option<&str>) -> Vec<u8> {
    let mut text = format!("Kommune;Indikator;Jahr;Wert\n{KL};auslaenderanteil;2017;{share}\n");
    if let Some(rate) = naturalisations {
        text.push_str(&format!("{KL};einbuergerungsquote;2017;{rate}\n"));
    }
    text.into_bytes()
}

fn member(name: &str, bytes: Vec<u8>) -> UploadRequest {
    UploadRequest {
        bytes,
        file_name: Some("werte.csv".into()),
        uploader: Uploader {
            name: format!("user:{name}"),
            municipality: Some(kl()),
        },
        dry_run: false,
        idempotency_key: None,
        state: UploadState::Draft,
        skip_other_members: false,
        mappings: None,
    }
}

/// `vergleich import FILE --publish` by an administrator (no single member).
fn import_published(bytes: Vec<u8>) -> UploadRequest {
    UploadRequest {
        uploader: Uploader {
            name: "cli".into(),
            municipality: None,
        },
        state: UploadState::Published,
        ..member("unused", bytes)
    }
}

async fn stored(store: &dyn Store, request: UploadRequest) -> UploadRecord {
    let outcome = upload(store, &Limits::default(), &CpuWork::new(0), request)
        .await
        .unwrap();
    let UploadOutcome::Stored { upload, .. } = outcome else {
        panic!("{outcome:?}")
    };
    upload
}

async fn publish(store: &dyn Store, upload: &UploadRecord) {
    store
        .transition(&Transition {
            upload: upload.id,
            from: vec![UploadState::Draft, UploadState::Submitted],
            to: UploadState::Published,
            actor: "user:pl".into(),
            comment: None,
        })
        .await
        .unwrap();
}

/// The published `auslaenderanteil` 2017 of KL, as everyone reads it.
async fn published_share(store: &dyn Store) -> Option<f64> {
    let q = ObservationQuery {
        municipalities: vec![kl()],
        indicators: vec![IndicatorId::parse("auslaenderanteil").unwrap()],
        from_year: Some(2017),
        to_year: Some(2017),
        ..Default::default()
    };
    let rows = store.observations(&q).await.unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    rows[0].observation.value
}

/// Every version of KL's `auslaenderanteil` 2017, whatever its upload's state.
async fn share_versions(store: &dyn Store) -> Vec<(i32, Option<f64>)> {
    let q = ObservationQuery {
        municipalities: vec![kl()],
        indicators: vec![IndicatorId::parse("auslaenderanteil").unwrap()],
        from_year: Some(2017),
        to_year: Some(2017),
        history: true,
        visibility: Visibility::Everything,
        ..Default::default()
    };
    let rows = store.observations(&q).await.unwrap();
    rows.into_iter()
        .map(|o| (o.version, o.observation.value))
        .collect()
}

async fn a_value_equal_to_the_members_unpublished_draft_is_stored_and_published_on_approval(
    store: Arc<dyn Store>,
) {
    let store = &*store;
    stored(store, import_published(csv("2,19", None))).await;
    // A draft with the correction, never approved ...
    stored(store, member("kl", csv("9,99", None))).await;
    // ... and a second file with the same correction and one more value, approved.
    let second = stored(store, member("kl", csv("9,99", Some("2,1")))).await;
    assert_eq!(second.observation_count, 2, "the correction is not dropped");
    publish(store, &second).await;
    assert_eq!(published_share(store).await, Some(9.99));
}

async fn an_import_with_publish_is_not_swallowed_by_a_members_draft(store: Arc<dyn Store>) {
    let store = &*store;
    stored(store, import_published(csv("2,19", None))).await;
    stored(store, member("kl", csv("9,99", None))).await;
    let import = stored(store, import_published(csv("9,99", Some("2,1")))).await;
    assert_eq!(import.observation_count, 2, "the correction is not dropped");
    assert_eq!(published_share(store).await, Some(9.99));
}

async fn identical_files_sent_at_once_are_stored_once(store: Arc<dyn Store>) {
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let store = Arc::clone(&store);
            tokio::spawn(async move {
                let request = member("kl", csv("17,8", Some("2,1")));
                upload(&*store, &Limits::default(), &CpuWork::new(0), request).await
            })
        })
        .collect();
    let mut stored = Vec::new();
    let mut replayed = Vec::new();
    for task in tasks {
        match task.await.unwrap() {
            Ok(UploadOutcome::Stored { upload, .. }) => stored.push(upload.id),
            Ok(UploadOutcome::Replayed { upload }) => replayed.push(upload.id),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(stored.len(), 1, "stored {stored:?}, replayed {replayed:?}");
    assert_eq!(replayed.len(), 19);
    assert!(replayed.iter().all(|id| *id == stored[0]), "{replayed:?}");
    assert_eq!(share_versions(&*store).await, vec![(1, Some(17.8))]);
}

async fn different_files_of_two_users_of_one_member_sent_at_once_are_all_stored(
    store: Arc<dyn Store>,
) {
    const UPLOADS: usize = 30;
    let tasks: Vec<_> = (0..UPLOADS)
        .map(|n| {
            let store = Arc::clone(&store);
            tokio::spawn(async move {
                let share = format!("{},5", 10 + n);
                let request = member(&format!("kl-{}", n % 2), csv(&share, None));
                upload(&*store, &Limits::default(), &CpuWork::new(0), request).await
            })
        })
        .collect();
    for task in tasks {
        let outcome = task.await.unwrap();
        assert!(
            matches!(outcome, Ok(UploadOutcome::Stored { .. })),
            "{outcome:?}"
        );
    }
    let versions: Vec<i32> = share_versions(&*store)
        .await
        .into_iter()
        .map(|(v, _)| v)
        .collect();
    assert_eq!(versions, (1..=UPLOADS as i32).collect::<Vec<_>>());
}

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    let db = super::TestDb::sqlite().await;
                    db.store.seed(&super::shipped_seed(false)).await.unwrap();
                    super::$name(std::sync::Arc::clone(&db.store)).await;
                    db.close().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    let Some(db) = super::TestDb::postgres().await else { return };
                    db.store.seed(&super::shipped_seed(false)).await.unwrap();
                    super::$name(std::sync::Arc::clone(&db.store)).await;
                    db.close().await;
                }
            )*
        }
    };
}

on_both_backends!(
    a_value_equal_to_the_members_unpublished_draft_is_stored_and_published_on_approval,
    an_import_with_publish_is_not_swallowed_by_a_members_draft,
    identical_files_sent_at_once_are_stored_once,
    different_files_of_two_users_of_one_member_sent_at_once_are_all_stored,
);
