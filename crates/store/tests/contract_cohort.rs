//! The store contract for cohort changes at runtime (issue #14 B.3–4): a municipality added
//! with its periods and read back; a taken key refused; several periods per member and cohort,
//! never overlapping (refused, nothing stored); a period changed (it left) by its id; the
//! data version grows with each write and each write is audited with before and after; the seed
//! at start-up keeps what an admin changed and still updates the rest. SQLite always,
//! PostgreSQL when `TEST_DATABASE_URL` is set (required in CI).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

#[macro_use]
mod common;

use vergleich_domain::{Ags, Membership, MembershipStatus, Municipality, MunicipalityKind, State};
use vergleich_store::testing::shipped_seed;
use vergleich_store::{Store, StoreError};

fn period(cohort: &str, joined: Option<i32>, left: Option<i32>) -> Membership {
    Membership {
        id: None,
        cohort: cohort.into(),
        status: MembershipStatus::Confirmed,
        source: "Beschluss des Stadtrats".into(),
        note: String::new(),
        joined,
        left,
    }
}

fn trier() -> Municipality {
    Municipality {
        key: Ags::parse("07211000").unwrap(),
        name: "Trier".into(),
        state: State::parse("RP").unwrap(),
        kind: MunicipalityKind::KreisfreieStadt,
        memberships: vec![period("weltoffene-kommunen-2020", Some(2022), None)],
    }
}

async fn member(store: &dyn Store, key: &str) -> Option<Municipality> {
    store
        .municipalities()
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.key.as_str() == key)
}

/// Without ids, to compare with what was written.
fn periods(m: &Municipality) -> Vec<Membership> {
    m.memberships
        .iter()
        .map(|p| Membership {
            id: None,
            ..p.clone()
        })
        .collect()
}

async fn a_municipality_is_added_with_its_period_and_a_taken_key_refused(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let before = store.data_version().await.unwrap();
    let added = store
        .add_municipality(&trier(), "user:admin")
        .await
        .unwrap();
    assert_eq!(added.name, "Trier");
    assert_eq!(periods(&added), trier().memberships);
    assert!(
        added.memberships[0].id.is_some(),
        "a stored period has its id"
    );
    assert_eq!(member(store, "07211000").await.unwrap(), added);
    assert!(store.data_version().await.unwrap() > before);

    let again = store.add_municipality(&trier(), "user:admin").await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    // Two overlapping periods in one new municipality: refused, nothing stored.
    let mut twice = trier();
    twice.key = Ags::parse("07111000").unwrap();
    twice.name = "Koblenz".into();
    twice
        .memberships
        .push(period("weltoffene-kommunen-2020", Some(2023), None));
    let refused = store.add_municipality(&twice, "user:admin").await;
    assert!(
        matches!(refused, Err(StoreError::Conflict(_))),
        "{refused:?}"
    );
    assert!(member(store, "07111000").await.is_none());
}

async fn periods_of_one_cohort_never_overlap_and_change_by_id(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let key = Ags::parse("07211000").unwrap();
    let mut first = trier();
    first.memberships = vec![period("weltoffene-kommunen-2020", Some(2019), Some(2020))];
    store.add_municipality(&first, "user:admin").await.unwrap();

    // Came back in 2023: a second period of the same cohort.
    let back = store
        .add_membership(
            &key,
            &period("weltoffene-kommunen-2020", Some(2023), None),
            "user:admin",
        )
        .await
        .unwrap();
    assert_eq!(back.memberships.len(), 2);
    assert_eq!(back.memberships[1].joined, Some(2023));

    // Overlapping either: refused, nothing stored.
    for (joined, left) in [(Some(2020), Some(2021)), (Some(2024), None), (None, None)] {
        let refused = store
            .add_membership(
                &key,
                &period("weltoffene-kommunen-2020", joined, left),
                "user:admin",
            )
            .await;
        assert!(
            matches!(refused, Err(StoreError::Conflict(_))),
            "{joined:?}–{left:?}: {refused:?}"
        );
    }
    assert_eq!(member(store, "07211000").await.unwrap(), back);
    // Another cohort may overlap.
    let other = store
        .add_membership(
            &key,
            &period("netzwerk-sued", Some(2020), None),
            "user:admin",
        )
        .await
        .unwrap();
    assert_eq!(other.memberships.len(), 3);

    // It left again in 2025: the period changes by its id.
    let id = back.memberships[1].id.unwrap();
    let mut ended = back.memberships[1].clone();
    ended.left = Some(2025);
    let changed = store
        .update_membership(&key, id, &ended, "user:admin")
        .await
        .unwrap();
    let stored = changed
        .memberships
        .iter()
        .find(|p| p.id == Some(id))
        .unwrap();
    assert_eq!(stored.left, Some(2025));
    // Moved back onto the first period: refused, the stored one stays.
    let mut onto = ended.clone();
    onto.joined = Some(2020);
    let refused = store.update_membership(&key, id, &onto, "user:admin").await;
    assert!(
        matches!(refused, Err(StoreError::Conflict(_))),
        "{refused:?}"
    );
    assert_eq!(member(store, "07211000").await.unwrap(), changed);
    // Unknown period or municipality.
    let missing = store
        .update_membership(&key, 999_999, &ended, "user:admin")
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );
    let nobody = Ags::parse("07315000").unwrap();
    let missing = store
        .add_membership(
            &nobody,
            &period("weltoffene-kommunen-2020", None, None),
            "user:admin",
        )
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );
}

async fn every_write_grows_the_data_version_and_is_audited(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let key = Ags::parse("07211000").unwrap();
    let mut versions = vec![store.data_version().await.unwrap()];
    let added = store
        .add_municipality(&trier(), "user:admin")
        .await
        .unwrap();
    versions.push(store.data_version().await.unwrap());
    let mut renamed = added.clone();
    renamed.name = "Trier (Stadt)".into();
    store
        .update_municipality(&renamed, "user:admin")
        .await
        .unwrap();
    versions.push(store.data_version().await.unwrap());
    let id = added.memberships[0].id.unwrap();
    let mut left = added.memberships[0].clone();
    left.left = Some(2024);
    store
        .update_membership(&key, id, &left, "user:admin")
        .await
        .unwrap();
    versions.push(store.data_version().await.unwrap());
    store.municipalities().await.unwrap();
    versions.push(store.data_version().await.unwrap());
    assert!(
        versions[0] < versions[1] && versions[1] < versions[2] && versions[2] < versions[3],
        "{versions:?}"
    );
    assert_eq!(versions[3], versions[4], "a read is no change");

    let mut entries: Vec<_> = store
        .audit_log(100)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.subject == "municipality/07211000")
        .collect();
    entries.reverse();
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "catalogue.municipality.add",
            "catalogue.municipality.update",
            "catalogue.membership.update"
        ]
    );
    let detail: serde_json::Value = serde_json::from_str(&entries[2].detail).unwrap();
    assert_eq!(
        detail["before"]["memberships"][0]["left"],
        serde_json::Value::Null
    );
    assert_eq!(detail["after"]["memberships"][0]["left"], 2024);
    assert_eq!(detail["after"]["name"], "Trier (Stadt)");
}

async fn the_seed_keeps_what_an_admin_changed_and_updates_the_rest(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let rostock = member(store, "13003000").await.unwrap();
    let id = rostock.memberships[0].id.unwrap();
    let mut ended = rostock.memberships[0].clone();
    ended.left = Some(2024);
    store
        .update_membership(&rostock.key, id, &ended, "user:admin")
        .await
        .unwrap();
    store
        .add_municipality(&trier(), "user:admin")
        .await
        .unwrap();
    let changed = member(store, "13003000").await.unwrap();

    // The shipped seed again, as at every start-up: nothing changes, not even the ids of
    // the periods nobody edited (the admin routes name them).
    let before_restart = store.municipalities().await.unwrap();
    store.seed(&shipped_seed(false)).await.unwrap();
    assert_eq!(store.municipalities().await.unwrap(), before_restart);
    // Then a changed one.
    let mut seed = shipped_seed(false);
    for m in &mut seed.cohort.municipalities {
        m.name = format!("{} (neu)", m.name);
        for p in &mut m.memberships {
            p.note = "aus der Datei".into();
        }
    }
    store.seed(&seed).await.unwrap();
    assert_eq!(
        member(store, "13003000").await.unwrap(),
        changed,
        "the admin's change stays"
    );
    assert_eq!(
        member(store, "07211000").await.unwrap().name,
        "Trier",
        "added at runtime, kept"
    );
    let potsdam = member(store, "12054000").await.unwrap();
    assert_eq!(
        potsdam.name, "Potsdam (neu)",
        "unchanged rows follow the file"
    );
    assert_eq!(
        potsdam.memberships.len(),
        1,
        "the file's periods replace the seeded ones"
    );
    assert_eq!(potsdam.memberships[0].note, "aus der Datei");
}

contract!(
    a_municipality_is_added_with_its_period_and_a_taken_key_refused,
    periods_of_one_cohort_never_overlap_and_change_by_id,
    every_write_grows_the_data_version_and_is_audited,
    the_seed_keeps_what_an_admin_changed_and_updates_the_rest,
);
