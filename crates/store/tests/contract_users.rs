//! The store contract for users and API tokens: roles bound to members, unique names, tokens
//! found only by their hash and only while not revoked. SQLite always, PostgreSQL when
//! `TEST_DATABASE_URL` is set (required in CI).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

#[macro_use]
mod common;

use common::{KL, ags};
use vergleich_domain::Role;
use vergleich_store::testing::shipped_seed;
use vergleich_store::{NewUser, Store, StoreError};

fn new_user(name: &str, role: Role, member: Option<&str>) -> NewUser {
    NewUser {
        name: name.into(),
        role,
        municipality: member.map(ags),
    }
}

async fn a_municipality_user_is_bound_to_its_member_and_names_are_unique(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let user = store
        .create_user(&new_user("kl-statistik", Role::Municipality, Some(KL)))
        .await
        .unwrap();
    assert_eq!(
        (user.role, user.municipality.clone()),
        (Role::Municipality, Some(ags(KL)))
    );
    assert_eq!(
        store.user_by_name("kl-statistik").await.unwrap(),
        Some(user)
    );
    assert_eq!(store.user_by_name("niemand").await.unwrap(), None);

    let again = store
        .create_user(&new_user("kl-statistik", Role::Staff, None))
        .await
        .unwrap_err();
    assert!(matches!(again, StoreError::Conflict(_)), "{again:?}");
    // The database refuses a municipality user without a member and a manager bound to one.
    assert!(
        store
            .create_user(&new_user("ohne", Role::Municipality, None))
            .await
            .is_err()
    );
    assert!(
        store
            .create_user(&new_user("pl", Role::Manager, Some(KL)))
            .await
            .is_err()
    );
    assert!(
        store
            .create_user(&new_user("fremd", Role::Municipality, Some("09999000")))
            .await
            .is_err()
    );
    let actions: Vec<_> = store
        .audit_log(10)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert_eq!(actions.iter().filter(|a| *a == "user.created").count(), 1);
}

async fn a_token_finds_its_user_only_by_its_hash(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let user = store
        .create_user(&new_user("projektleitung", Role::Manager, None))
        .await
        .unwrap();
    let hash = vergleich_store::sha256_hex(b"geheimes-token");
    store.create_token(user.id, &hash, "laptop").await.unwrap();
    assert_eq!(
        store.user_by_token(&hash).await.unwrap().map(|u| u.name),
        Some("projektleitung".into())
    );
    assert_eq!(
        store.user_by_token("geheimes-token").await.unwrap(),
        None,
        "the token itself is not a key"
    );
    assert_eq!(
        store
            .user_by_token(&vergleich_store::sha256_hex(b"anderes"))
            .await
            .unwrap(),
        None
    );
    let twice = store
        .create_token(user.id, &hash, "again")
        .await
        .unwrap_err();
    assert!(matches!(twice, StoreError::Conflict(_)), "{twice:?}");
}

contract!(
    a_municipality_user_is_bound_to_its_member_and_names_are_unique,
    a_token_finds_its_user_only_by_its_hash,
);
