//! The store contract for ending access (issue #16): a new password ends the user's sessions, a
//! disabled user's tokens and sessions stop working at once (and work again, the tokens, once
//! enabled), tokens are revoked by id, label or all, a session ends after its idle time, and
//! sessions, accounts and refused sign-ins leave the data version alone. SQLite always,
//! PostgreSQL when `TEST_DATABASE_URL` is set (required in CI).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

#[macro_use]
mod common;

use chrono::{Duration, Utc};
use common::upload;
use vergleich_domain::{Role, UploadState};
use vergleich_store::testing::shipped_seed;
use vergleich_store::{NewSession, NewUser, Store, TokenSelector};

fn ago(minutes: i64) -> chrono::DateTime<Utc> {
    Utc::now() - Duration::minutes(minutes)
}

async fn session(store: &dyn Store, user_id: i64, id: &str) -> String {
    let hash = id.repeat(64);
    store
        .create_session(&NewSession {
            id_hash: hash.clone(),
            user_id,
            csrf_token: "csrf".into(),
            expires_at: Utc::now() + Duration::hours(8),
        })
        .await
        .unwrap();
    hash
}

async fn staff(store: &dyn Store, name: &str) -> i64 {
    let user = NewUser {
        name: name.into(),
        role: Role::Staff,
        municipality: None,
    };
    store.create_user(&user).await.unwrap().id
}

async fn a_new_password_ends_the_users_sessions_and_no_one_elses(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let pl = staff(store, "pl").await;
    let other = staff(store, "stiftung").await;
    let mine = session(store, pl, "a").await;
    let theirs = session(store, other, "b").await;
    assert!(store.session(&mine, ago(60)).await.unwrap().is_some());
    store
        .set_password(pl, "$argon2id$new", "cli")
        .await
        .unwrap();
    assert_eq!(store.session(&mine, ago(60)).await.unwrap(), None);
    assert!(store.session(&theirs, ago(60)).await.unwrap().is_some());
    let audit = store.audit_log(1).await.unwrap();
    assert_eq!(audit[0].action, "user.password_set");
    assert_eq!(audit[0].detail, "1 sessions ended");
}

async fn a_disabled_user_is_refused_at_once_and_enabled_again(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let pl = staff(store, "pl").await;
    store
        .create_token(pl, &"t".repeat(64), "laptop")
        .await
        .unwrap();
    store.set_password(pl, "$argon2id$x", "cli").await.unwrap();
    let live = session(store, pl, "a").await;

    assert_eq!(store.set_disabled(pl, true, "cli").await.unwrap(), 1);
    assert!(store.is_disabled(pl).await.unwrap());
    assert_eq!(store.user_by_token(&"t".repeat(64)).await.unwrap(), None);
    assert_eq!(store.session(&live, ago(60)).await.unwrap(), None);
    assert_eq!(store.password_hash("pl").await.unwrap(), None);
    // Still there for an administrator.
    assert!(store.user_by_name("pl").await.unwrap().is_some());

    assert_eq!(store.set_disabled(pl, false, "cli").await.unwrap(), 0);
    assert!(!store.is_disabled(pl).await.unwrap());
    assert!(
        store
            .user_by_token(&"t".repeat(64))
            .await
            .unwrap()
            .is_some()
    );
    assert!(store.password_hash("pl").await.unwrap().is_some());
    assert_eq!(
        store.session(&live, ago(60)).await.unwrap(),
        None,
        "an ended session stays ended"
    );
    let actions: Vec<String> = store
        .audit_log(2)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["user.enabled", "user.disabled"]);
}

async fn tokens_are_revoked_by_id_label_or_all(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let pl = staff(store, "pl").await;
    let other = staff(store, "stiftung").await;
    for (hash, label) in [
        ("1", "laptop"),
        ("2", "laptop"),
        ("3", "ci"),
        ("4", "server"),
    ] {
        store
            .create_token(pl, &hash.repeat(64), label)
            .await
            .unwrap();
    }
    store
        .create_token(other, &"5".repeat(64), "laptop")
        .await
        .unwrap();
    let listed = store.tokens(pl).await.unwrap();
    assert_eq!(listed.len(), 4);
    assert!(listed.iter().all(|t| t.revoked_at.is_none()));

    let by_label = TokenSelector::Label("laptop".into());
    assert_eq!(store.revoke_tokens(pl, &by_label, "cli").await.unwrap(), 2);
    assert_eq!(store.revoke_tokens(pl, &by_label, "cli").await.unwrap(), 0);
    assert_eq!(store.user_by_token(&"1".repeat(64)).await.unwrap(), None);
    assert!(
        store
            .user_by_token(&"5".repeat(64))
            .await
            .unwrap()
            .is_some(),
        "another user's token with the same label stays"
    );
    let ci = listed[2].id;
    assert_eq!(
        store
            .revoke_tokens(other, &TokenSelector::Id(ci), "cli")
            .await
            .unwrap(),
        0,
        "a token is revoked only through its own user"
    );
    assert_eq!(
        store
            .revoke_tokens(pl, &TokenSelector::Id(ci), "cli")
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .revoke_tokens(pl, &TokenSelector::All, "cli")
            .await
            .unwrap(),
        1
    );
    assert!(
        store
            .tokens(pl)
            .await
            .unwrap()
            .iter()
            .all(|t| t.revoked_at.is_some())
    );
    assert_eq!(store.audit_log(1).await.unwrap()[0].action, "token.revoked");
}

async fn a_session_ends_after_its_idle_time_and_activity_keeps_it(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let pl = staff(store, "pl").await;
    let id = session(store, pl, "a").await;
    // Idle since it was created, a minute ago at most: live for a 5-minute idle time, ended for
    // an idle time that began in the future.
    assert!(store.session(&id, ago(5)).await.unwrap().is_some());
    assert_eq!(
        store
            .session(&id, Utc::now() + Duration::seconds(1))
            .await
            .unwrap(),
        None
    );
}

async fn sessions_accounts_and_refusals_leave_the_data_version_alone(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let before = store.data_version().await.unwrap();
    let pl = staff(store, "pl").await;
    store.create_token(pl, &"t".repeat(64), "x").await.unwrap();
    let id = session(store, pl, "a").await;
    store.end_session(&id).await.unwrap();
    store
        .record(
            "address/127.0.0.1",
            "session.refused",
            "user/pl",
            "from 127.0.0.1",
        )
        .await
        .unwrap();
    store.set_disabled(pl, true, "cli").await.unwrap();
    assert_eq!(store.data_version().await.unwrap(), before);
    store
        .append(upload(common::KL, UploadState::Draft), &[])
        .await
        .unwrap();
    assert!(store.data_version().await.unwrap() > before);
}

contract!(
    a_new_password_ends_the_users_sessions_and_no_one_elses,
    a_disabled_user_is_refused_at_once_and_enabled_again,
    tokens_are_revoked_by_id_label_or_all,
    a_session_ends_after_its_idle_time_and_activity_keeps_it,
    sessions_accounts_and_refusals_leave_the_data_version_alone,
);
