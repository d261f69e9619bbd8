//! What the service keeps between requests: computed answers (`vergleich_api::cache`) and the
//! data states views are computed from (`vergleich_api::snapshots`). Requests that miss together
//! wait for one computation; each reader and data version has its own data state; a write is
//! seen by the next request.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

mod common;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;
use vergleich_api::config::HttpArgs;
use vergleich_api::state::AppState;
use vergleich_domain::{Role, UploadState};

struct App {
    state: AppState,
    router: Router,
    _dir: tempfile::TempDir,
}

async fn app(no_view_cache: bool) -> App {
    let http = HttpArgs {
        no_view_cache,
        rate_limit: 0,
        ..HttpArgs::default()
    };
    let (state, dir) = common::sqlite_state(true, http).await;
    App {
        router: vergleich_api::router(state.clone()),
        state,
        _dir: dir,
    }
}

struct Answer {
    status: StatusCode,
    cache: Option<String>,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

async fn get(router: &Router, uri: &str, token: Option<&str>) -> Answer {
    let mut request = Request::get(uri);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let response = router
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let cache = response
        .headers()
        .get("x-cache")
        .map(|v| v.to_str().unwrap().to_owned());
    let body = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        cache,
        body: body.to_vec(),
    }
}

/// The number `/metrics` gives for `vergleich_data_loads_total`.
async fn data_loads(router: &Router) -> u64 {
    let text = String::from_utf8(get(router, "/metrics", None).await.body).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("vergleich_data_loads_total "))
        .unwrap_or_else(|| panic!("no data_loads counter in {text}"))
        .trim()
        .parse()
        .unwrap()
}

const COMPARISON: &str = "/api/v1/comparisons/einbuergerungsquote?year=2022";

fn kl_value(answer: &Answer) -> Value {
    answer.json()["comparison"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["key"] == "07312000")
        .unwrap()["value"]
        .clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_that_miss_together_compute_the_answer_once() {
    let app = app(false).await;
    let uri = "/api/v1/comparisons/einbuergerungsquote.png?year=2022&scale=2";
    let answers: Vec<Answer> = futures_join(
        (0..16)
            .map(|_| {
                let router = app.router.clone();
                tokio::spawn(async move { get(&router, uri, None).await })
            })
            .collect(),
    )
    .await;
    assert!(answers.iter().all(|a| a.status == StatusCode::OK));
    let misses = answers
        .iter()
        .filter(|a| a.cache.as_deref() == Some("miss"))
        .count();
    assert_eq!(misses, 1, "one request computes, fifteen wait for it");
    assert!(answers.iter().all(|a| a.body == answers[0].body));
    assert_eq!(data_loads(&app.router).await, 1);
}

async fn futures_join(handles: Vec<tokio::task::JoinHandle<Answer>>) -> Vec<Answer> {
    let mut out = Vec::with_capacity(handles.len());
    for handle in handles {
        out.push(handle.await.unwrap());
    }
    out
}

#[tokio::test]
async fn views_of_one_reader_share_one_data_load_until_the_data_changes() {
    // Without the response cache, every view is computed anew, from the kept data state.
    let app = app(true).await;
    // Users and tokens first: creating them is a data change too (an audit entry).
    let staff = common::token(&*app.state.store, "stiftung", Role::Staff, None).await;
    let manager = common::token(&*app.state.store, "pl", Role::Manager, None).await;
    let first = get(&app.router, COMPARISON, None).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.cache, None, "the response cache is off");
    for uri in [
        "/api/v1/field-scores",
        "/api/v1/profiles/07312000.svg",
        "/api/v1/trends/auslaenderanteil.csv",
        "/",
        "/kommune/07312000",
    ] {
        assert_eq!(
            get(&app.router, uri, None).await.status,
            StatusCode::OK,
            "{uri}"
        );
    }
    assert_eq!(
        data_loads(&app.router).await,
        1,
        "one data state for all of them"
    );

    // Foundation staff read the published data too; a manager's preview is another state.
    get(&app.router, COMPARISON, Some(&staff)).await;
    assert_eq!(data_loads(&app.router).await, 1);
    let preview = format!("{COMPARISON}&data=preview");
    get(&app.router, &preview, Some(&manager)).await;
    get(&app.router, &preview, Some(&manager)).await;
    assert_eq!(data_loads(&app.router).await, 2);

    // A write through this service (what `track_writes` does after every successful one): the
    // next request reads the new data.
    common::append_value(
        &*app.state.store,
        UploadState::Published,
        "07312000",
        "einbuergerungsquote",
        2022,
        9.75,
    )
    .await;
    app.state.data_version.bump();
    let after = get(&app.router, COMPARISON, None).await;
    assert_ne!(kl_value(&first), serde_json::json!(9.75));
    assert_eq!(kl_value(&after), serde_json::json!(9.75));
    assert_eq!(data_loads(&app.router).await, 3);
}

#[tokio::test]
async fn a_failed_view_keeps_nothing_and_the_next_request_tries_again() {
    let app = app(false).await;
    let unknown = "/api/v1/comparisons/gibt_es_nicht?year=2022";
    for _ in 0..2 {
        let answer = get(&app.router, unknown, None).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND);
        assert_eq!(answer.cache, None, "an error is not an answer to keep");
    }
    assert_eq!(app.state.cache.len(), 0);
    let ok = get(&app.router, COMPARISON, None).await;
    assert_eq!(ok.cache.as_deref(), Some("miss"));
    assert_eq!(app.state.cache.len(), 1);
}
