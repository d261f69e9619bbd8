//! The store contract under concurrency and over time (issue #16): uploads of one member written
//! at once all get their own consecutive versions, identical uploads written at once are stored
//! once (the others find that one), a client's rows are "unchanged" only against the published
//! value they would replace, and `as_of` answers what was published at that moment, not what was
//! merely recorded. SQLite always, PostgreSQL when `TEST_DATABASE_URL` is set (required in CI).
//! The concurrent tests run their writers as tokio tasks on a multi-threaded runtime, each with
//! its own pool connection.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

#[allow(unused_macros)] // `contract!` passes a borrowed store; these tests need it shared
mod common;

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use common::{KL, obs, query_one, upload};
use vergleich_domain::UploadState;
use vergleich_store::testing::shipped_seed;
use vergleich_store::{Appended, ObservationQuery, Store, Transition, UploadLookup, Visibility};

/// Writers at once; the probe of issue #16 saw conflicts with 2 users x 30 uploads.
const WRITERS: usize = 16;

/// Every version of KL's `kita_u3_mh` 2022, whatever its upload's state.
async fn versions(store: &dyn Store) -> Vec<(i32, Option<f64>)> {
    let q = ObservationQuery {
        history: true,
        ..query_one(KL, "kita_u3_mh")
    };
    store
        .observations(&q)
        .await
        .unwrap()
        .into_iter()
        .map(|o| (o.version, o.observation.value))
        .collect()
}

async fn uploads_of_one_member_written_at_once_get_consecutive_versions(store: Arc<dyn Store>) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let tasks: Vec<_> = (0..WRITERS)
        .map(|n| {
            let store = Arc::clone(&store);
            tokio::spawn(async move {
                let mut new = upload(KL, UploadState::Draft);
                // Different files by two users of the same member.
                new.uploaded_by = format!("user:kl-{}", n % 2);
                new.sha256 = Some(format!("{n:064x}"));
                let value = 20.0 + n as f64;
                store
                    .append(new, &[obs(KL, "kita_u3_mh", 2022, Some(value))])
                    .await
            })
        })
        .collect();
    for task in tasks {
        let outcome = task.await.unwrap();
        assert!(outcome.is_ok(), "{outcome:?}");
    }
    let stored = versions(&*store).await;
    let numbers: Vec<i32> = stored.iter().map(|(v, _)| *v).collect();
    assert_eq!(numbers, (1..=WRITERS as i32).collect::<Vec<_>>());
    let mut values: Vec<f64> = stored.iter().filter_map(|(_, v)| *v).collect();
    values.sort_by(f64::total_cmp);
    let written: Vec<f64> = (0..WRITERS).map(|n| 20.0 + n as f64).collect();
    assert_eq!(values, written);
}

async fn an_import_of_many_members_and_member_uploads_at_once_get_consecutive_versions(
    store: Arc<dyn Store>,
) {
    // More members than PostgreSQL locks one by one (it locks them all at once then).
    let mut seed = shipped_seed(false);
    let template = seed.cohort.municipalities[0].clone();
    let extra: Vec<String> = (0..80).map(|n| format!("079{n:05}")).collect();
    for key in &extra {
        let mut m = template.clone();
        m.key = common::ags(key);
        m.name = format!("Testgemeinde {key}");
        seed.cohort.municipalities.push(m);
    }
    store.seed(&seed).await.unwrap();
    let tasks: Vec<_> = (0..WRITERS)
        .map(|n| {
            let (store, extra) = (Arc::clone(&store), extra.clone());
            tokio::spawn(async move {
                let mut new = upload(KL, UploadState::Draft);
                new.sha256 = Some(format!("{n:064x}"));
                let value = 20.0 + n as f64;
                let mut rows = vec![obs(KL, "kita_u3_mh", 2022, Some(value))];
                if n % 4 == 0 {
                    // An administrator's import for every member.
                    new.municipality = None;
                    rows.extend(
                        extra
                            .iter()
                            .map(|m| obs(m, "kita_u3_mh", 2022, Some(value))),
                    );
                }
                store.append(new, &rows).await
            })
        })
        .collect();
    for task in tasks {
        let outcome = task.await.unwrap();
        assert!(outcome.is_ok(), "{outcome:?}");
    }
    let numbers: Vec<i32> = versions(&*store).await.iter().map(|(v, _)| *v).collect();
    assert_eq!(numbers, (1..=WRITERS as i32).collect::<Vec<_>>());
}

async fn identical_uploads_written_at_once_are_stored_once(store: Arc<dyn Store>) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let same = upload(KL, UploadState::Draft);
    let lookup = UploadLookup::Content {
        municipality: same.municipality.clone(),
        sha256: same.sha256.clone().unwrap(),
    };
    let tasks: Vec<_> = (0..WRITERS)
        .map(|_| {
            let (store, same, lookup) = (Arc::clone(&store), same.clone(), lookup.clone());
            tokio::spawn(async move {
                let rows = [obs(KL, "kita_u3_mh", 2022, Some(20.0))];
                store.append_changes(&lookup, same, &rows).await
            })
        })
        .collect();
    let (mut stored, mut found) = (Vec::new(), Vec::new());
    for task in tasks {
        match task.await.unwrap().unwrap() {
            Appended::Stored { upload, .. } => stored.push(upload.id),
            Appended::Found(record) => found.push(record.id),
        }
    }
    assert_eq!(stored.len(), 1, "stored {stored:?}");
    assert!(found.iter().all(|id| *id == stored[0]), "{found:?}");
    assert_eq!(versions(&*store).await, vec![(1, Some(20.0))]);
    // Another member's identical bytes are their own upload.
    let mut other = upload(common::ROSTOCK, UploadState::Draft);
    other.sha256 = same.sha256.clone();
    let lookup = UploadLookup::Content {
        municipality: other.municipality.clone(),
        sha256: other.sha256.clone().unwrap(),
    };
    let outcome = store.append_changes(&lookup, other, &[]).await.unwrap();
    assert!(matches!(outcome, Appended::Stored { .. }), "{outcome:?}");
}

/// `append_changes` of KL's `kita_u3_mh` rows (year, value) as a draft of a new file.
async fn changes(store: &dyn Store, file: u32, rows: &[(i32, f64)]) -> (i64, usize) {
    let mut new = upload(KL, UploadState::Draft);
    new.sha256 = Some(format!("{file:064x}"));
    let lookup = UploadLookup::Content {
        municipality: new.municipality.clone(),
        sha256: new.sha256.clone().unwrap(),
    };
    let rows: Vec<_> = rows
        .iter()
        .map(|&(year, value)| obs(KL, "kita_u3_mh", year, Some(value)))
        .collect();
    match store.append_changes(&lookup, new, &rows).await.unwrap() {
        Appended::Stored { upload, unchanged } => (upload.observation_count, unchanged),
        found => panic!("{found:?}"),
    }
}

async fn unchanged_rows_are_those_equal_to_the_published_value_they_would_replace(
    store: Arc<dyn Store>,
) {
    let store = &*store;
    store.seed(&shipped_seed(false)).await.unwrap();
    let rows = |rows: &[(i32, f64)]| -> Vec<_> {
        rows.iter()
            .map(|&(year, value)| obs(KL, "kita_u3_mh", year, Some(value)))
            .collect()
    };
    let step = |upload, to| Transition {
        upload,
        from: vec![UploadState::Draft],
        to,
        actor: "user:pl".into(),
        comment: None,
    };
    store
        .append(
            upload(KL, UploadState::Published),
            &rows(&[(2021, 5.0), (2022, 2.19)]),
        )
        .await
        .unwrap();
    store
        .append(upload(KL, UploadState::Draft), &rows(&[(2022, 9.99)]))
        .await
        .unwrap();
    // Equal to the draft: stored; equal to the published newest version: left out; new: stored.
    assert_eq!(
        changes(store, 1, &[(2022, 9.99), (2021, 5.0), (2020, 1.0)]).await,
        (2, 1)
    );
    // A rejected newer version does not count.
    let rejected = store
        .append(upload(KL, UploadState::Draft), &rows(&[(2021, 7.0)]))
        .await
        .unwrap();
    store
        .transition(&step(rejected.id, UploadState::Rejected))
        .await
        .unwrap();
    assert_eq!(changes(store, 2, &[(2021, 5.0)]).await, (0, 1));
    // While another version is in review, even the published value is stored: it must win
    // over the pending one if both are approved.
    store
        .append(upload(KL, UploadState::Draft), &rows(&[(2021, 8.0)]))
        .await
        .unwrap();
    assert_eq!(changes(store, 3, &[(2021, 5.0)]).await, (1, 0));
}

async fn as_of_answers_what_was_published_at_that_moment(store: Arc<dyn Store>) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let pause = || tokio::time::sleep(Duration::from_millis(5));
    store
        .append(
            upload(KL, UploadState::Published),
            &[obs(KL, "kita_u3_mh", 2022, Some(2.19))],
        )
        .await
        .unwrap();
    pause().await;
    // t1: the correction is recorded as a draft ...
    let draft = store
        .append(
            upload(KL, UploadState::Draft),
            &[obs(KL, "kita_u3_mh", 2022, Some(9.99))],
        )
        .await
        .unwrap();
    pause().await;
    let t2 = Utc::now();
    pause().await;
    // ... t3: and published.
    store
        .transition(&Transition {
            upload: draft.id,
            from: vec![UploadState::Draft],
            to: UploadState::Published,
            actor: "user:pl".into(),
            comment: None,
        })
        .await
        .unwrap();
    pause().await;
    let t4 = Utc::now();
    for visibility in [
        Visibility::Published,
        Visibility::PublishedOrOwn(common::ags(KL)),
        Visibility::Everything,
    ] {
        let at = |as_of, history| ObservationQuery {
            as_of: Some(as_of),
            history,
            visibility: visibility.clone(),
            ..query_one(KL, "kita_u3_mh")
        };
        let values = |rows: Vec<vergleich_store::StoredObservation>| {
            rows.into_iter()
                .map(|o| (o.version, o.observation.value))
                .collect::<Vec<_>>()
        };
        let before = values(store.observations(&at(t2, false)).await.unwrap());
        assert_eq!(before, vec![(1, Some(2.19))], "{visibility:?} as of t2");
        let history = values(store.observations(&at(t2, true)).await.unwrap());
        assert_eq!(history, vec![(1, Some(2.19))], "{visibility:?} history t2");
        let after = values(store.observations(&at(t4, false)).await.unwrap());
        assert_eq!(after, vec![(2, Some(9.99))], "{visibility:?} as of t4");
    }
}

/// Like `contract!`, but the behaviour gets the shared store itself (to hand it to tasks) and runs
/// on a multi-threaded runtime, so the writers really overlap.
macro_rules! concurrent_contract {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    let db = vergleich_store::testing::TestDb::sqlite().await;
                    super::$name(std::sync::Arc::clone(&db.store)).await;
                    db.close().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    let Some(db) = vergleich_store::testing::TestDb::postgres().await else { return };
                    super::$name(std::sync::Arc::clone(&db.store)).await;
                    db.close().await;
                }
            )*
        }
    };
}

concurrent_contract!(
    uploads_of_one_member_written_at_once_get_consecutive_versions,
    an_import_of_many_members_and_member_uploads_at_once_get_consecutive_versions,
    identical_uploads_written_at_once_are_stored_once,
    unchanged_rows_are_those_equal_to_the_published_value_they_would_replace,
    as_of_answers_what_was_published_at_that_moment,
);
