//! A test harness over the real router on a fresh database: the shipped datasets with demo data,
//! one user of every role (two municipalities) with an API token each, and one call helper.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)] // each file uses a subset

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;
use vergleich_api::config::HttpArgs;
use vergleich_api::state::AppState;
use vergleich_domain::{Ags, Role};
use vergleich_store::testing::{TestDb, shipped_seed};
use vergleich_store::{NewUser, Store};

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

pub struct Harness {
    pub router: axum::Router,
    pub db: TestDb,
    tokens: Vec<(&'static str, String)>,
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&self.bytes).into()))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

impl Harness {
    pub async fn new(db: TestDb) -> Self {
        Self::with_http(db, HttpArgs::default()).await
    }

    pub async fn with_http(db: TestDb, http: HttpArgs) -> Self {
        db.store.seed(&shipped_seed(true)).await.unwrap();
        let mut tokens = Vec::new();
        for (name, role, member) in USERS {
            let user = db
                .store
                .create_user(&NewUser {
                    name: name.into(),
                    role,
                    municipality: member.map(|m| Ags::parse(m).unwrap()),
                })
                .await
                .unwrap();
            let token = vergleich_api::auth::new_token();
            db.store
                .create_token(user.id, &vergleich_api::auth::secret_hash(&token), "test")
                .await
                .unwrap();
            tokens.push((name, token));
        }
        let router = vergleich_api::router(AppState::new(db.store.clone(), http));
        Self { router, db, tokens }
    }

    pub fn store(&self) -> &dyn Store {
        &*self.db.store
    }

    pub fn token(&self, who: &str) -> &str {
        &self.tokens.iter().find(|(n, _)| *n == who).unwrap().1
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
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(who) = who {
            request = request.header(header::AUTHORIZATION, format!("Bearer {}", self.token(who)));
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = self
            .router
            .clone()
            .oneshot(request.body(Body::from(body)).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec();
        Answer {
            status,
            headers,
            bytes,
        }
    }

    pub async fn get(&self, uri: &str, who: Option<&str>) -> Answer {
        self.call(Method::GET, uri, who, &[], Vec::new()).await
    }

    pub async fn post(&self, uri: &str, who: Option<&str>, body: Vec<u8>) -> Answer {
        self.call(Method::POST, uri, who, &[], body).await
    }

    pub async fn close(self) {
        drop(self.router);
        self.db.close().await;
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

/// Runs each test body on SQLite always and on PostgreSQL when `TEST_DATABASE_URL` is set
/// (required in CI).
#[allow(unused_macros)] // not every test file runs on both backends
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let h = super::common::Harness::new(vergleich_store::testing::TestDb::sqlite().await).await;
                    super::$name(&h).await;
                    h.close().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let Some(db) = vergleich_store::testing::TestDb::postgres().await else { return };
                    let h = super::common::Harness::new(db).await;
                    super::$name(&h).await;
                    h.close().await;
                }
            )*
        }
    };
}
