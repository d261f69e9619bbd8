//! The store contract for the members' parts of one import written together
//! (`append_changes_many`, issue #17 point 1): every part is stored with its own upload and
//! versions in one transaction; a part matching an earlier upload is found, not stored again;
//! a row equal to the published value is left out and counted;
//! a part that cannot be stored (an unknown indicator) stores none of the batch. SQLite always,
//! PostgreSQL when `TEST_DATABASE_URL` is set (required in CI).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

#[macro_use]
mod common;

use common::{KL, ROSTOCK, ags, obs, query_one, upload};
use vergleich_domain::UploadState;
use vergleich_store::testing::shipped_seed;
use vergleich_store::{Appended, NewPart, Store, UploadLookup};

fn part(member: &str, value: f64) -> NewPart {
    let mut new = upload(member, UploadState::Published);
    new.sha256 = Some("cd".repeat(32));
    NewPart {
        lookup: UploadLookup::Content {
            municipality: Some(ags(member)),
            sha256: "cd".repeat(32),
        },
        upload: new,
        observations: vec![obs(member, "kita_u3_mh", 2022, Some(value))],
    }
}

async fn values(store: &dyn Store, member: &str) -> Vec<Option<f64>> {
    let rows = store.observations(&query_one(member, "kita_u3_mh")).await;
    rows.unwrap()
        .into_iter()
        .map(|o| o.observation.value)
        .collect()
}

async fn parts_are_written_together_and_found_again(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let written = store
        .append_changes_many(&[part(KL, 2.5), part(ROSTOCK, 3.5)])
        .await
        .unwrap();
    assert!(written.iter().all(|w| matches!(w, Appended::Stored { .. })));
    assert_eq!(values(store, KL).await, [Some(2.5)]);
    assert_eq!(values(store, ROSTOCK).await, [Some(3.5)]);
    // The same parts again: each finds its upload.
    let again = store
        .append_changes_many(&[part(KL, 2.5), part(ROSTOCK, 3.5)])
        .await
        .unwrap();
    assert!(
        again.iter().all(|w| matches!(w, Appended::Found(_))),
        "{again:?}"
    );
    // Another file with Kaiserslautern's same value and Rostock's new one: KL's row is
    // unchanged (left out), Rostock's gets version 2.
    let mut kl = part(KL, 2.5);
    let mut rostock = part(ROSTOCK, 4.5);
    for p in [&mut kl, &mut rostock] {
        p.upload.sha256 = Some("ef".repeat(32));
        if let UploadLookup::Content { sha256, .. } = &mut p.lookup {
            *sha256 = "ef".repeat(32);
        }
    }
    let third = store.append_changes_many(&[kl, rostock]).await.unwrap();
    assert!(
        matches!(third[0], Appended::Stored { unchanged: 1, .. }),
        "{third:?}"
    );
    assert!(
        matches!(third[1], Appended::Stored { unchanged: 0, .. }),
        "{third:?}"
    );
    let rows = store
        .observations(&query_one(ROSTOCK, "kita_u3_mh"))
        .await
        .unwrap();
    assert_eq!((rows[0].version, rows[0].observation.value), (2, Some(4.5)));
}

async fn a_part_that_fails_stores_none_of_the_batch(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let mut bad = part(ROSTOCK, 3.5);
    bad.observations[0].indicator = vergleich_domain::IndicatorId::parse("gibt_es_nicht").unwrap();
    let failed = store.append_changes_many(&[part(KL, 2.5), bad]).await;
    assert!(failed.is_err(), "{failed:?}");
    assert!(
        values(store, KL).await.is_empty(),
        "the first part was rolled back"
    );
}

contract!(
    parts_are_written_together_and_found_again,
    a_part_that_fails_stores_none_of_the_batch,
);
