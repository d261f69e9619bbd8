//! The store contract for the review workflow and browser sessions: allowed and refused state
//! changes with their audit entries, what each visibility reads while an upload moves from draft
//! to published or rejected, and sessions found only by their hash while live. SQLite always,
//! PostgreSQL when `TEST_DATABASE_URL` is set (required in CI).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

#[macro_use]
mod common;

use chrono::{Duration, Utc};
use common::{KL, ROSTOCK, ags, obs, query_one, upload};
use vergleich_domain::{Role, UploadState};
use vergleich_store::testing::shipped_seed;
use vergleich_store::{
    NewSession, NewUser, ObservationQuery, Store, StoreError, Transition, UploadFilter, Visibility,
};

fn step(id: vergleich_domain::UploadId, from: &[UploadState], to: UploadState) -> Transition {
    Transition {
        upload: id,
        from: from.to_vec(),
        to,
        actor: "user:pl".into(),
        comment: None,
    }
}

fn current(store_rows: &[vergleich_store::StoredObservation]) -> Vec<Option<f64>> {
    store_rows.iter().map(|o| o.observation.value).collect()
}

async fn read(store: &dyn Store, visibility: Visibility) -> Vec<Option<f64>> {
    let q = ObservationQuery {
        visibility,
        ..query_one(KL, "auslaenderanteil")
    };
    current(&store.observations(&q).await.unwrap())
}

async fn an_upload_moves_from_draft_to_published_and_each_reader_sees_its_stage(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let first = store
        .append(
            upload(KL, UploadState::Published),
            &[obs(KL, "auslaenderanteil", 2023, Some(10.0))],
        )
        .await
        .unwrap();
    let draft = store
        .append(
            upload(KL, UploadState::Draft),
            &[obs(KL, "auslaenderanteil", 2023, Some(12.0))],
        )
        .await
        .unwrap();
    let own = Visibility::PublishedOrOwn(ags(KL));
    let other = Visibility::PublishedOrOwn(ags(ROSTOCK));
    assert_eq!(read(store, Visibility::Published).await, vec![Some(10.0)]);
    assert_eq!(read(store, other.clone()).await, vec![Some(10.0)]);
    assert_eq!(read(store, own.clone()).await, vec![Some(12.0)]);
    assert_eq!(read(store, Visibility::Everything).await, vec![Some(12.0)]);

    // A draft cannot be approved before it is submitted.
    let early = store
        .transition(&step(
            draft.id,
            &[UploadState::Submitted],
            UploadState::Published,
        ))
        .await
        .unwrap_err();
    assert!(
        matches!(early, StoreError::InvalidState { .. }),
        "{early:?}"
    );

    let version = store.data_version().await.unwrap();
    let submitted = store
        .transition(&step(
            draft.id,
            &[UploadState::Draft],
            UploadState::Submitted,
        ))
        .await
        .unwrap();
    assert!(
        store.data_version().await.unwrap() > version,
        "a state change is a new data version"
    );
    assert_eq!(submitted.state, UploadState::Submitted);
    assert!(submitted.submitted_at.is_some());
    let mut approve = step(draft.id, &[UploadState::Submitted], UploadState::Published);
    approve.comment = Some("plausibel".into());
    let published = store.transition(&approve).await.unwrap();
    assert_eq!(published.state, UploadState::Published);
    assert_eq!(published.reviewed_by.as_deref(), Some("user:pl"));
    assert_eq!(published.review_comment.as_deref(), Some("plausibel"));
    assert_eq!(read(store, Visibility::Published).await, vec![Some(12.0)]);
    assert_eq!(read(store, other).await, vec![Some(12.0)]);

    // The old version stays readable.
    let history = ObservationQuery {
        history: true,
        visibility: Visibility::Published,
        ..query_one(KL, "auslaenderanteil")
    };
    assert_eq!(
        current(&store.observations(&history).await.unwrap()),
        vec![Some(10.0), Some(12.0)]
    );
    // Published is final: approving twice is refused.
    let again = store.transition(&approve).await.unwrap_err();
    assert!(
        matches!(again, StoreError::InvalidState { .. }),
        "{again:?}"
    );

    let actions: Vec<_> = store
        .audit_log(20)
        .await
        .unwrap()
        .into_iter()
        .filter(|a| a.subject == format!("upload/{}", draft.id.0))
        .map(|a| (a.action, a.detail))
        .collect();
    assert_eq!(
        actions,
        vec![
            (
                "upload.published".to_owned(),
                "submitted -> published: plausibel".to_owned()
            ),
            (
                "upload.submitted".to_owned(),
                "draft -> submitted".to_owned()
            ),
            (
                "upload.created".to_owned(),
                "1 observations, state draft".to_owned()
            ),
        ]
    );
    assert_eq!(first.state, UploadState::Published);
}

async fn a_rejected_upload_never_counts_as_current_data(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    store
        .append(
            upload(KL, UploadState::Published),
            &[obs(KL, "auslaenderanteil", 2023, Some(10.0))],
        )
        .await
        .unwrap();
    let bad = store
        .append(
            upload(KL, UploadState::Submitted),
            &[obs(KL, "auslaenderanteil", 2023, Some(99.0))],
        )
        .await
        .unwrap();
    let mut reject = step(bad.id, &[UploadState::Submitted], UploadState::Rejected);
    reject.comment = Some("Wert unplausibel".into());
    let rejected = store.transition(&reject).await.unwrap();
    assert_eq!(rejected.review_comment.as_deref(), Some("Wert unplausibel"));
    for visibility in [
        Visibility::Published,
        Visibility::PublishedOrOwn(ags(KL)),
        Visibility::Everything,
    ] {
        assert_eq!(read(store, visibility).await, vec![Some(10.0)]);
    }
    // Its observations stay readable through the upload.
    let kept = store.upload_observations(bad.id).await.unwrap();
    assert_eq!(current(&kept), vec![Some(99.0)]);
    assert_eq!(kept[0].version, 2);
}

async fn uploads_are_listed_by_member_and_state_newest_first(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let a = store
        .append(upload(KL, UploadState::Draft), &[])
        .await
        .unwrap();
    let b = store
        .append(upload(KL, UploadState::Submitted), &[])
        .await
        .unwrap();
    let c = store
        .append(upload(ROSTOCK, UploadState::Submitted), &[])
        .await
        .unwrap();
    let ids = |list: Vec<vergleich_store::UploadRecord>| {
        list.into_iter().map(|u| u.id).collect::<Vec<_>>()
    };
    let queue = UploadFilter {
        states: vec![UploadState::Submitted],
        limit: 10,
        ..Default::default()
    };
    assert_eq!(ids(store.uploads(&queue).await.unwrap()), vec![c.id, b.id]);
    let own = UploadFilter {
        municipality: Some(ags(KL)),
        limit: 10,
        ..Default::default()
    };
    assert_eq!(ids(store.uploads(&own).await.unwrap()), vec![b.id, a.id]);
    let page = UploadFilter {
        limit: 1,
        offset: 1,
        ..Default::default()
    };
    assert_eq!(ids(store.uploads(&page).await.unwrap()), vec![b.id]);
    let missing = store
        .transition(&step(
            vergleich_domain::UploadId(9999),
            &[UploadState::Draft],
            UploadState::Submitted,
        ))
        .await
        .unwrap_err();
    assert!(matches!(missing, StoreError::NotFound(_)), "{missing:?}");
}

async fn a_session_is_found_by_its_hash_only_while_live(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let user = store
        .create_user(&NewUser {
            name: "kl".into(),
            role: Role::Municipality,
            municipality: Some(ags(KL)),
        })
        .await
        .unwrap();
    assert_eq!(
        store.password_hash("kl").await.unwrap(),
        Some((user.clone(), None))
    );
    store
        .set_password(user.id, "$argon2id$v=19$x", "cli")
        .await
        .unwrap();
    assert_eq!(
        store
            .password_hash("kl")
            .await
            .unwrap()
            .and_then(|(_, h)| h)
            .as_deref(),
        Some("$argon2id$v=19$x")
    );
    assert_eq!(store.password_hash("niemand").await.unwrap(), None);

    let live = NewSession {
        id_hash: "a".repeat(64),
        user_id: user.id,
        csrf_token: "csrf".into(),
        expires_at: Utc::now() + Duration::hours(1),
    };
    store.create_session(&live).await.unwrap();
    let found = store
        .session(&live.id_hash, Utc::now() - Duration::hours(1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (found.user, found.csrf_token.as_str()),
        (user.clone(), "csrf")
    );
    let expired = NewSession {
        id_hash: "b".repeat(64),
        expires_at: Utc::now() - Duration::seconds(1),
        ..live.clone()
    };
    store.create_session(&expired).await.unwrap();
    assert_eq!(
        store
            .session(&expired.id_hash, Utc::now() - Duration::hours(1))
            .await
            .unwrap(),
        None
    );
    store.end_session(&live.id_hash).await.unwrap();
    assert_eq!(
        store
            .session(&live.id_hash, Utc::now() - Duration::hours(1))
            .await
            .unwrap(),
        None
    );
    store.end_session(&live.id_hash).await.unwrap();
}

contract!(
    an_upload_moves_from_draft_to_published_and_each_reader_sees_its_stage,
    a_rejected_upload_never_counts_as_current_data,
    uploads_are_listed_by_member_and_state_newest_first,
    a_session_is_found_by_its_hash_only_while_live,
);
