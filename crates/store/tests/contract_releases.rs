//! The store contract for releases (issue #17 point 3): a release is created with its audit
//! entry (which the data version counts), a taken name is refused, releases list by moment;
//! an upload approved under a scheduled release's embargo is hidden from the public and from
//! other members until the release's moment and visible to its own member and to managers at
//! once, then appears by itself; the release's `as_of` read holds it; a release that is out
//! takes no embargo. SQLite always, PostgreSQL when `TEST_DATABASE_URL` is set (required in CI).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

#[macro_use]
mod common;

use std::time::Duration;

use chrono::Utc;
use common::{KL, ROSTOCK, ags, obs, query_one, upload};
use vergleich_domain::UploadState;
use vergleich_store::testing::shipped_seed;
use vergleich_store::{NewRelease, ObservationQuery, Store, StoreError, Visibility};

fn release(name: &str, at: chrono::DateTime<Utc>) -> NewRelease {
    NewRelease {
        name: name.into(),
        title: format!("Datenstand {name}"),
        note: String::new(),
        at,
    }
}

async fn values(store: &dyn Store, visibility: Visibility) -> Vec<Option<f64>> {
    let q = ObservationQuery {
        visibility,
        ..query_one(KL, "kita_u3_mh")
    };
    let rows = store.observations(&q).await.unwrap();
    rows.into_iter().map(|o| o.observation.value).collect()
}

async fn a_release_is_created_once_audited_and_listed_by_moment(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let before = store.data_version().await.unwrap();
    let now = Utc::now();
    let later = store
        .create_release(
            &release("2025-2", now + chrono::Duration::days(30)),
            "user:pl",
        )
        .await
        .unwrap();
    assert_eq!(later.created_by, "user:pl");
    let after = store.data_version().await.unwrap();
    assert!(after > before, "a release changes the data version");
    store
        .create_release(&release("2025-1", now), "user:pl")
        .await
        .unwrap();
    let taken = store
        .create_release(&release("2025-1", now), "user:other")
        .await
        .unwrap_err();
    assert!(
        matches!(&taken, StoreError::Conflict(m) if m.contains("2025-1")),
        "{taken:?}"
    );
    let names: Vec<String> = store
        .releases()
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(names, ["2025-1", "2025-2"], "oldest moment first");
    let audit = store.audit_log(10).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "release.created" && e.subject == "release/2025-2"),
        "{audit:?}"
    );
}

async fn an_embargoed_upload_appears_at_the_release_moment_and_not_before(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    store
        .append(
            upload(KL, UploadState::Published),
            &[obs(KL, "kita_u3_mh", 2022, Some(2.19))],
        )
        .await
        .unwrap();
    let at = Utc::now() + chrono::Duration::milliseconds(1500);
    store
        .create_release(&release("2025-1", at), "user:pl")
        .await
        .unwrap();
    let submitted = store
        .append(
            upload(KL, UploadState::Submitted),
            &[obs(KL, "kita_u3_mh", 2022, Some(9.99))],
        )
        .await
        .unwrap();
    let published = store
        .publish_embargoed(
            submitted.id,
            "2025-1",
            "user:pl",
            Some("zum Datenstand".into()),
        )
        .await
        .unwrap();
    assert_eq!(published.state, UploadState::Published);
    // Before the moment: the public and other members see the old value ...
    assert_eq!(values(store, Visibility::Published).await, [Some(2.19)]);
    assert_eq!(
        values(store, Visibility::PublishedOrOwn(ags(ROSTOCK))).await,
        [Some(2.19)]
    );
    // ... the member itself and the managers the new one.
    assert_eq!(
        values(store, Visibility::PublishedOrOwn(ags(KL))).await,
        [Some(9.99)]
    );
    assert_eq!(values(store, Visibility::Everything).await, [Some(9.99)]);
    // The release's read (as of its moment, for managers) holds it; a public read as of the
    // moment ahead does not reveal it.
    let as_of = |visibility| ObservationQuery {
        as_of: Some(at),
        visibility,
        ..query_one(KL, "kita_u3_mh")
    };
    let pinned = |rows: Vec<vergleich_store::StoredObservation>| {
        rows.into_iter()
            .map(|o| o.observation.value)
            .collect::<Vec<_>>()
    };
    let manager = store.observations(&as_of(Visibility::Everything)).await;
    assert_eq!(pinned(manager.unwrap()), [Some(9.99)]);
    let public = store.observations(&as_of(Visibility::Published)).await;
    assert_eq!(pinned(public.unwrap()), [Some(2.19)]);
    // Twice is refused: it is published now.
    let again = store
        .publish_embargoed(submitted.id, "2025-1", "user:pl", None)
        .await
        .unwrap_err();
    assert!(
        matches!(again, StoreError::InvalidState { .. }),
        "{again:?}"
    );
    // From the moment on, everyone sees it, with no write in between.
    let wait = (at - Utc::now()).to_std().unwrap_or_default() + Duration::from_millis(50);
    tokio::time::sleep(wait).await;
    assert_eq!(values(store, Visibility::Published).await, [Some(9.99)]);
    assert_eq!(
        values(store, Visibility::PublishedOrOwn(ags(ROSTOCK))).await,
        [Some(9.99)]
    );
}

async fn a_release_that_is_out_takes_no_embargo_and_unknown_ones_are_not_found(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    store
        .create_release(&release("2024-1", Utc::now()), "user:pl")
        .await
        .unwrap();
    let submitted = store
        .append(
            upload(KL, UploadState::Submitted),
            &[obs(KL, "kita_u3_mh", 2022, Some(3.5))],
        )
        .await
        .unwrap();
    let out = store
        .publish_embargoed(submitted.id, "2024-1", "user:pl", None)
        .await
        .unwrap_err();
    assert!(
        matches!(&out, StoreError::Conflict(m) if m.contains("out already")),
        "{out:?}"
    );
    let unknown = store
        .publish_embargoed(submitted.id, "2099-9", "user:pl", None)
        .await
        .unwrap_err();
    assert!(matches!(unknown, StoreError::NotFound(_)), "{unknown:?}");
    // Neither attempt changed the upload.
    let record = store.upload(submitted.id).await.unwrap().unwrap();
    assert_eq!(record.state, UploadState::Submitted);
}

contract!(
    a_release_is_created_once_audited_and_listed_by_moment,
    an_embargoed_upload_appears_at_the_release_moment_and_not_before,
    a_release_that_is_out_takes_no_embargo_and_unknown_ones_are_not_found,
);
