//! Test support for HTTP tests of this crate and of the end-to-end suite (`tests/`), behind the
//! `testing` feature so that none of it is built into the service: a service on a fresh
//! database ([`TestApp`], or [`Harness`] with one signed-in user of every role), requests through
//! the router with the whole answer read ([`Answer`]), users with API tokens or passwords, one
//! stored value, and the real server on a socket ([`spawn_server`]).
//!
//! Like `vergleich_store::testing` it panics with the failed step instead of returning errors: a
//! set-up that fails is a failed test.

mod harness;

use std::fmt::Display;
use std::path::Path;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use serde_json::Value;
use tower::ServiceExt;
use vergleich_domain::{Ags, IndicatorId, Observation, Period, Role, Status, UploadState};
use vergleich_store::{NewUpload, NewUser, Store};

use crate::config::{DatabaseArgs, HttpArgs, ServeArgs};
use crate::state::AppState;

pub use harness::{Harness, KL, ROSTOCK, USERS, csv};
pub use vergleich_store::testing::{TestDb, datasets_dir};

/// The value of a set-up step, or a panic naming the step.
#[track_caller]
fn must<T, E: Display>(result: Result<T, E>, step: &str) -> T {
    match result {
        Ok(value) => value,
        Err(err) => panic!("{step}: {err}"),
    }
}

/// The service's state and router on a database that lives as long as the value.
pub struct TestApp {
    pub state: AppState,
    pub router: Router,
    db: Db,
}

enum Db {
    /// A SQLite file in a temporary folder.
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Test(TestDb),
}

impl TestApp {
    /// A fresh SQLite file with the shipped datasets and the demo observations, started as
    /// `vergleich serve` starts (`startup::build`), default HTTP settings.
    pub async fn sqlite() -> Self {
        Self::sqlite_with(&datasets_dir(), true, HttpArgs::default()).await
    }

    /// A fresh SQLite file started from `datasets` (with the demo observations when `demo`) and
    /// served with `http`.
    pub async fn sqlite_with(datasets: &Path, demo: bool, http: HttpArgs) -> Self {
        let dir = must(tempfile::tempdir(), "temporary folder");
        let url = format!("sqlite:{}", dir.path().join("db.sqlite").display());
        let state = must(
            crate::startup::build(&DatabaseArgs::new(url, datasets), demo).await,
            "start the service",
        )
        .with_http(http);
        Self {
            router: crate::router(state.clone()),
            state,
            db: Db::Sqlite(dir),
        }
    }

    /// The service on `db` (SQLite or PostgreSQL) with the shipped datasets and demo
    /// observations seeded through its store, served with `http`.
    pub async fn on(db: TestDb, http: HttpArgs) -> Self {
        must(
            db.store
                .seed(&vergleich_store::testing::shipped_seed(true))
                .await,
            "seed the shipped datasets",
        );
        let state = AppState::new(db.store.clone(), http);
        Self {
            router: crate::router(state.clone()),
            state,
            db: Db::Test(db),
        }
    }

    pub fn store(&self) -> &dyn Store {
        &*self.state.store
    }

    /// One request through the router, its answer read to the end.
    pub async fn send(&self, request: Request<Body>) -> Answer {
        send(&self.router, request).await
    }

    /// One request with these headers and body.
    pub async fn call(
        &self,
        method: Method,
        uri: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Answer {
        let mut request = Request::builder().method(method).uri(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(must(request.body(Body::from(body)), "build the request"))
            .await
    }

    /// An anonymous GET.
    pub async fn get(&self, uri: &str) -> Answer {
        self.get_as(uri, None).await
    }

    /// A GET with this API token (or none).
    pub async fn get_as(&self, uri: &str, token: Option<&str>) -> Answer {
        let bearer = token.map(|t| format!("Bearer {t}"));
        let headers: Vec<(&str, &str)> = bearer
            .as_deref()
            .map(|b| (header::AUTHORIZATION.as_str(), b))
            .into_iter()
            .collect();
        self.call(Method::GET, uri, &headers, Vec::new()).await
    }

    /// Drops a PostgreSQL test database (a SQLite folder goes with the value).
    pub async fn close(self) {
        drop(self.router);
        drop(self.state);
        if let Db::Test(db) = self.db {
            db.close().await;
        }
    }
}

/// A status, the headers and the whole body of one answer.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    /// The body as JSON; a body that is not JSON comes as a JSON string of its text, so that
    /// failure messages show it.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&self.body).into()))
    }

    /// The body as UTF-8 text; panics when it is not UTF-8.
    pub fn text(&self) -> String {
        must(String::from_utf8(self.body.clone()), "the body as UTF-8")
    }

    /// The body of a page (invalid UTF-8 replaced, for failure messages on any answer).
    pub fn html(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `content-type`, empty when there is none.
    pub fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or_default()
    }

    /// The `location` of a redirect, empty when there is none.
    pub fn location(&self) -> &str {
        self.header("location").unwrap_or_default()
    }
}

/// One request through `router` (the service's or one built around its layers), read to the end.
pub async fn send(router: &Router, request: Request<Body>) -> Answer {
    let response = must(router.clone().oneshot(request).await, "the router answers");
    let status = response.status();
    let headers = response.headers().clone();
    let body = must(
        axum::body::to_bytes(response.into_body(), usize::MAX).await,
        "read the body",
    );
    Answer {
        status,
        headers,
        body: body.to_vec(),
    }
}

async fn add_user(store: &dyn Store, name: &str, role: Role, member: Option<&str>) -> i64 {
    let municipality = member.map(|m| must(Ags::parse(m), "a municipality key"));
    let user = NewUser {
        name: name.to_owned(),
        role,
        municipality,
    };
    must(store.create_user(&user).await, "create the user").id
}

async fn add_token(store: &dyn Store, user_id: i64) -> String {
    let token = crate::auth::new_token();
    must(
        store
            .create_token(user_id, &crate::auth::secret_hash(&token), "test")
            .await,
        "create the token",
    );
    token
}

/// A new user with `role` (of `member` for a municipality) and a fresh API token of it.
pub async fn user_with_token(
    store: &dyn Store,
    name: &str,
    role: Role,
    member: Option<&str>,
) -> String {
    let id = add_user(store, name, role, member).await;
    add_token(store, id).await
}

/// Another API token of the existing user `name`.
pub async fn new_token(store: &dyn Store, name: &str) -> String {
    let Some(user) = must(store.user_by_name(name).await, "look up the user") else {
        panic!("no user {name}")
    };
    add_token(store, user.id).await
}

/// New users (name, role, municipality) signing in with `password` (hashed once: argon2 is slow).
pub async fn users_with_password(
    store: &dyn Store,
    users: &[(&str, Role, Option<&str>)],
    password: &str,
) {
    let hash = must(crate::auth::password::hash(password), "hash the password");
    for (name, role, member) in users {
        let id = add_user(store, name, *role, *member).await;
        must(
            store.set_password(id, &hash, "test").await,
            "set the password",
        );
    }
}

/// Gives the existing user `name` the password `password`.
pub async fn set_password(store: &dyn Store, name: &str, password: &str) {
    let Some(user) = must(store.user_by_name(name).await, "look up the user") else {
        panic!("no user {name}")
    };
    let hash = must(crate::auth::password::hash(password), "hash the password");
    must(
        store.set_password(user.id, &hash, "test").await,
        "set the password",
    );
}

/// Stores one value of `member` as an upload in `state`, straight through the store (no HTTP).
pub async fn append_value(
    store: &dyn Store,
    state: UploadState,
    member: &str,
    indicator: &str,
    year: i32,
    value: f64,
) {
    let key = must(Ags::parse(member), "a municipality key");
    let upload = NewUpload {
        municipality: Some(key.clone()),
        uploaded_by: format!("user:{member}"),
        file_name: None,
        sha256: None,
        state,
        synthetic: false,
        report: None,
        idempotency_key: None,
        raw: None,
    };
    let observation = Observation {
        municipality: key,
        indicator: must(IndicatorId::parse(indicator), "an indicator id"),
        period: must(Period::new(year).ok_or("out of range"), "a year"),
        value: Some(value),
        status: Status::A,
        missing_reason: None,
        note: None,
        source: None,
    };
    must(
        store.append(upload, &[observation]).await,
        "store the value",
    );
}

/// A copy of the shipped `datasets/` folder in a temporary folder, for a test that changes it.
pub fn datasets_copy() -> tempfile::TempDir {
    fn copy_dir(from: &Path, to: &Path) {
        must(std::fs::create_dir_all(to), "create a folder");
        for entry in must(std::fs::read_dir(from), "read a folder") {
            let entry = must(entry, "read a folder entry");
            let target = to.join(entry.file_name());
            if must(entry.file_type(), "a file type").is_dir() {
                copy_dir(&entry.path(), &target);
            } else {
                must(std::fs::copy(entry.path(), target), "copy a file");
            }
        }
    }
    let dir = must(tempfile::tempdir(), "temporary folder");
    copy_dir(&datasets_dir(), dir.path());
    dir
}

/// The real server on `127.0.0.1:0` over `database_url` with the shipped datasets and demo
/// observations, as `vergleich serve` starts it; its base URL (`http://127.0.0.1:PORT`).
pub async fn spawn_server(database_url: &str) -> String {
    let args = ServeArgs {
        bind: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        db: DatabaseArgs::new(database_url, datasets_dir()),
        no_demo: false,
        http: HttpArgs::default(),
    };
    let (listener, router) = must(crate::startup::bind(&args).await, "start the server");
    let address = must(listener.local_addr(), "the server's address");
    tokio::spawn(crate::startup::serve_until(
        listener,
        router,
        std::future::pending(),
    ));
    format!("http://{address}")
}
