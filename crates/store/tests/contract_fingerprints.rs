//! The store contract for upload fingerprints (`FingerprintStore`, issue #17 point 2): per
//! member, they change exactly when the uploads a reader may see of it change (a new upload, a
//! publication, a rejection), and not for other members or other readers; uploads without a
//! member are a group of their own; an upload of a member holding another member's value is
//! refused, so a member's rows depend on its own uploads only. SQLite always, PostgreSQL when
//! `TEST_DATABASE_URL` is set (required in CI). Rows read in chunks are the rows read at once.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

#[macro_use]
mod common;

use std::collections::BTreeMap;

use common::{KL, ROSTOCK, ags, obs, upload};
use vergleich_domain::{Ags, UploadState};
use vergleich_store::testing::shipped_seed;
use vergleich_store::{NewPart, Store, StoreError, Transition, UploadFingerprint, Visibility};

async fn prints(
    store: &dyn Store,
    visibility: Visibility,
) -> BTreeMap<Option<Ags>, UploadFingerprint> {
    store
        .upload_fingerprints(&visibility, None)
        .await
        .unwrap()
        .into_iter()
        .map(|f| (f.municipality.clone(), f))
        .collect()
}

async fn fingerprints_change_with_the_visible_uploads_of_one_member(store: &dyn Store) {
    store.seed(&shipped_seed(true)).await.unwrap();
    let (kl, rostock) = (Some(ags(KL)), Some(ags(ROSTOCK)));
    let before = prints(store, Visibility::Published).await;
    // The demo seed is one upload without a member.
    assert_eq!(before.get(&None).map(|f| f.uploads), Some(1));
    assert_eq!(
        before.keys().next(),
        Some(&None),
        "uploads without a member come first"
    );
    store
        .append(
            upload(KL, UploadState::Published),
            &[obs(KL, "kita_u3_mh", 2022, Some(20.0))],
        )
        .await
        .unwrap();
    let published = prints(store, Visibility::Published).await;
    assert_eq!(
        published.get(&kl).map(|f| (f.uploads, f.unpublished)),
        Some((1, 0))
    );
    assert_eq!(published.get(&None), before.get(&None));
    assert_eq!(published.get(&rostock), None);
    // A draft changes the member's own and the managers' view, not the public one.
    let draft = store
        .append(
            upload(KL, UploadState::Draft),
            &[obs(KL, "kita_u3_mh", 2022, Some(25.0))],
        )
        .await
        .unwrap();
    assert_eq!(prints(store, Visibility::Published).await, published);
    let own = prints(store, Visibility::PublishedOrOwn(ags(KL))).await;
    assert_eq!(
        own.get(&kl).map(|f| (f.uploads, f.unpublished)),
        Some((2, 1))
    );
    assert_eq!(
        prints(store, Visibility::PublishedOrOwn(ags(ROSTOCK))).await,
        published,
        "another member's draft is not in Rostock's view"
    );
    let everything = prints(store, Visibility::Everything).await;
    assert_eq!(everything.get(&kl), own.get(&kl));
    // Submitting it changes nothing a reader sees of the rows; publishing it changes the
    // public fingerprint; so does a rejection of it for the member's own view.
    let to = |to: UploadState| Transition {
        upload: draft.id,
        from: vec![UploadState::Draft, UploadState::Submitted],
        to,
        actor: "user:test".into(),
        comment: None,
    };
    store.transition(&to(UploadState::Submitted)).await.unwrap();
    assert_eq!(prints(store, Visibility::Everything).await, everything);
    store.transition(&to(UploadState::Rejected)).await.unwrap();
    assert_eq!(
        prints(store, Visibility::PublishedOrOwn(ags(KL))).await,
        published,
        "a rejected upload leaves the member's view"
    );
    let other = store
        .append(
            upload(KL, UploadState::Published),
            &[obs(KL, "kita_u3_mh", 2023, Some(21.0))],
        )
        .await
        .unwrap();
    let after = prints(store, Visibility::Published).await;
    assert_ne!(after.get(&kl), published.get(&kl));
    let f = after.get(&kl).unwrap();
    assert_eq!(f.uploads, 2);
    assert_eq!(f.id_sum, published.get(&kl).unwrap().id_sum + other.id.0);
    // Read as of a moment before the second publication, the member has one upload again.
    let then = store
        .upload_fingerprints(
            &Visibility::Published,
            Some(other.uploaded_at - chrono::Duration::microseconds(1)),
        )
        .await
        .unwrap();
    let kl_then = then.iter().find(|f| f.municipality == kl).unwrap();
    assert_eq!(kl_then.uploads, 1);
}

async fn an_upload_of_a_member_holds_its_own_rows_only(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let rows = [
        obs(KL, "kita_u3_mh", 2022, Some(20.0)),
        obs(ROSTOCK, "kita_u3_mh", 2022, Some(30.0)),
    ];
    let err = store
        .append(upload(KL, UploadState::Published), &rows)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::ForeignRows { member, found } if member == KL && found == ROSTOCK),
        "{err:?}"
    );
    let part = NewPart {
        lookup: vergleich_store::UploadLookup::Content {
            municipality: Some(ags(KL)),
            sha256: "cd".repeat(32),
        },
        upload: upload(KL, UploadState::Published),
        observations: rows.to_vec(),
    };
    let err = store.append_changes_many(&[part]).await.unwrap_err();
    assert!(matches!(err, StoreError::ForeignRows { .. }), "{err:?}");
    // Nothing was written.
    assert!(prints(store, Visibility::Everything).await.is_empty());
    // Without a member (the demo seed, an import of a manager) any member's rows may be in it.
    let mut whole = upload(KL, UploadState::Published);
    whole.municipality = None;
    store.append(whole, &rows).await.unwrap();
}

async fn rows_read_in_chunks_are_the_rows_read_at_once(store: &dyn Store) {
    store.seed(&shipped_seed(true)).await.unwrap();
    store
        .append(
            upload(KL, UploadState::Published),
            &[obs(KL, "kita_u3_mh", 2022, Some(20.0))],
        )
        .await
        .unwrap();
    for query in [
        vergleich_store::ObservationQuery::default(),
        vergleich_store::ObservationQuery {
            municipalities: vec![ags(KL), ags(ROSTOCK)],
            ..Default::default()
        },
    ] {
        let whole = store.observations(&query).await.unwrap();
        assert!(whole.len() > 7);
        let mut chunks: Vec<Vec<vergleich_store::StoredObservation>> = Vec::new();
        let mut take = |chunk| chunks.push(chunk);
        let n = store.observations_each(&query, 7, &mut take).await.unwrap();
        assert_eq!(n, whole.len());
        let (last, full) = chunks.split_last().unwrap();
        assert!(full.iter().all(|c| c.len() == 7) && !last.is_empty() && last.len() <= 7);
        assert_eq!(chunks.concat(), whole);
    }
}

/// A database's identity is made once, stays through writes, and differs from another
/// database's (whose upload ids may be the same).
async fn a_database_has_an_identity_of_its_own(store: &dyn Store) {
    let id = store.store_identity().await.unwrap();
    assert_eq!(id.len(), 32, "{id}");
    assert!(id.chars().all(|c| c.is_ascii_hexdigit()), "{id}");
    store.seed(&shipped_seed(true)).await.unwrap();
    assert_eq!(store.store_identity().await.unwrap(), id);
    let other = match store.backend() {
        vergleich_store::Backend::Sqlite => vergleich_store::testing::TestDb::sqlite().await,
        vergleich_store::Backend::Postgres => vergleich_store::testing::TestDb::postgres()
            .await
            .expect("a second PostgreSQL test database"),
    };
    assert_ne!(other.store.store_identity().await.unwrap(), id);
    other.close().await;
}

contract!(
    a_database_has_an_identity_of_its_own,
    fingerprints_change_with_the_visible_uploads_of_one_member,
    an_upload_of_a_member_holds_its_own_rows_only,
    rows_read_in_chunks_are_the_rows_read_at_once,
);
