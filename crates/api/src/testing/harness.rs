//! The end-to-end harness: a [`TestApp`] on a [`TestDb`] with one user of every role (two
//! municipalities) and an API token each, requests made as one of them by name, and
//! [`on_both_backends!`](crate::on_both_backends) to run a test on SQLite and PostgreSQL.

use axum::http::{Method, header};
use vergleich_domain::Role;
use vergleich_store::Store;

use super::{Answer, TestApp, TestDb, add_token, add_user};
use crate::config::HttpArgs;

pub const KL: &str = "07312000";
pub const ROSTOCK: &str = "13003000";

/// The signed-in users of the harness, by name; `None` is an anonymous request.
pub const USERS: [(&str, Role, Option<&str>); 5] = [
    ("kl", Role::Municipality, Some(KL)),
    ("rostock", Role::Municipality, Some(ROSTOCK)),
    ("pl", Role::Manager, None),
    ("stiftung", Role::Staff, None),
    ("admin", Role::Admin, None),
];

/// The service on a test database with the demo data and [`USERS`], each with an API token.
pub struct Harness {
    pub app: TestApp,
    tokens: Vec<(&'static str, String)>,
}

impl Harness {
    pub async fn new(db: TestDb) -> Self {
        Self::with_http(db, HttpArgs::default()).await
    }

    pub async fn with_http(db: TestDb, http: HttpArgs) -> Self {
        let app = TestApp::on(db, http).await;
        let mut tokens = Vec::new();
        for (name, role, member) in USERS {
            let id = add_user(app.store(), name, role, member).await;
            tokens.push((name, add_token(app.store(), id).await));
        }
        Self { app, tokens }
    }

    pub fn store(&self) -> &dyn Store {
        self.app.store()
    }

    /// The API token of the harness user `who`.
    pub fn token(&self, who: &str) -> &str {
        match self.tokens.iter().find(|(name, _)| *name == who) {
            Some((_, token)) => token,
            None => panic!("no harness user {who}"),
        }
    }

    /// One request as `who` (a harness user name, or `None` for anonymous).
    pub async fn call(
        &self,
        method: Method,
        uri: &str,
        who: Option<&str>,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Answer {
        let bearer = who.map(|who| format!("Bearer {}", self.token(who)));
        let mut all: Vec<(&str, &str)> = bearer
            .as_deref()
            .map(|b| (header::AUTHORIZATION.as_str(), b))
            .into_iter()
            .collect();
        all.extend_from_slice(headers);
        self.app.call(method, uri, &all, body).await
    }

    pub async fn get(&self, uri: &str, who: Option<&str>) -> Answer {
        self.call(Method::GET, uri, who, &[], Vec::new()).await
    }

    pub async fn post(&self, uri: &str, who: Option<&str>, body: Vec<u8>) -> Answer {
        self.call(Method::POST, uri, who, &[], body).await
    }

    /// A CSV file uploaded as `who` through the API (`werte.csv`, as a member's office sends it).
    pub async fn upload_csv(&self, who: &str, body: Vec<u8>) -> Answer {
        self.call(
            Method::POST,
            "/api/v1/uploads?file_name=werte.csv",
            Some(who),
            &[("content-type", "text/csv")],
            body,
        )
        .await
    }

    /// A JSON request as `who`: the status and the JSON answer (`null` when empty). A `null`
    /// body sends none.
    pub async fn send_json(
        &self,
        method: Method,
        uri: &str,
        who: Option<&str>,
        body: serde_json::Value,
    ) -> (axum::http::StatusCode, serde_json::Value) {
        let body = if body.is_null() {
            Vec::new()
        } else {
            serde_json::to_vec(&body).unwrap_or_default()
        };
        let a = self
            .call(
                method,
                uri,
                who,
                &[("content-type", "application/json")],
                body,
            )
            .await;
        let json = if a.body.is_empty() {
            serde_json::Value::Null
        } else {
            a.json()
        };
        (a.status, json)
    }

    pub async fn close(self) {
        self.app.close().await;
    }
}

/// A long-layout CSV as German Excel saves it (`;`, decimal comma) for one member.
pub fn csv(member: &str, rows: &[(&str, i32, &str)]) -> Vec<u8> {
    let mut text = String::from("Kommune;Indikator;Jahr;Wert\r\n");
    for (indicator, year, value) in rows {
        text.push_str(&format!("{member};{indicator};{year};{value}\r\n"));
    }
    text.into_bytes()
}

/// Runs each `async fn name(h: &Harness)` of the calling module on SQLite always and on
/// PostgreSQL when `TEST_DATABASE_URL` is set (required in CI), as tests `sqlite::name` and
/// `postgres::name`. The calling crate needs `tokio` (with `macros`) for `#[tokio::test]`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let db = $crate::testing::TestDb::sqlite().await;
                    let h = $crate::testing::Harness::new(db).await;
                    super::$name(&h).await;
                    h.close().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let Some(db) = $crate::testing::TestDb::postgres().await else { return };
                    let h = $crate::testing::Harness::new(db).await;
                    super::$name(&h).await;
                    h.close().await;
                }
            )*
        }
    };
}
