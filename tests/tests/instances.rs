//! Two service instances behind one PostgreSQL (issue #17 point 5), each with its own pool,
//! caches, kept data states, data version and rate limiter, as two processes would have them:
//! a value published through one is in the views of the other within the stated time (the
//! data version is read from the database at most once a second, `cache::REFRESH`); a browser
//! session started on one works on the other and ends on both when signed out; the rate limit
//! counts per instance. PostgreSQL only (required in CI): SQLite is one machine's file. A third
//! instance reads through a second pool (`--read-database-url`, here the same database: a real
//! replica is not run here) and answers alike.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use vergleich_api::config::HttpArgs;
use vergleich_api::state::AppState;
use vergleich_api::testing::{Answer, KL, TestDb, csv, send, set_password, user_with_token};
use vergleich_domain::Role;

const PASSWORD: &str = "Kaiserslautern ist weltoffen";
const SHARE: &str = "/api/v1/comparisons/auslaenderanteil?year=2024&municipality=07312000";

async fn instance(url: &str, read_url: Option<&str>, http: HttpArgs) -> Router {
    let store = vergleich_store::connect_with_reads(url, read_url)
        .await
        .unwrap();
    vergleich_api::router(AppState::new(store, http))
}

async fn call(
    router: &Router,
    method: Method,
    uri: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> Answer {
    let mut request = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    send(router, request.body(Body::from(body)).unwrap()).await
}

fn kl_value(answer: &Answer) -> Option<f64> {
    let body = answer.json();
    body["comparison"]["members"]
        .as_array()?
        .iter()
        .find(|r| r["key"] == KL)
        .and_then(|r| r["value"].as_f64())
}

#[tokio::test]
async fn two_instances_share_data_sessions_and_releases_within_a_second() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    db.store
        .seed(&vergleich_store::testing::shipped_seed(true))
        .await
        .unwrap();
    let manager = user_with_token(&*db.store, "pl", Role::Manager, None).await;
    let member = user_with_token(&*db.store, "kl", Role::Municipality, Some(KL)).await;
    set_password(&*db.store, "kl", PASSWORD).await;
    let a = instance(&db.url, None, HttpArgs::default()).await;
    let b = instance(&db.url, None, HttpArgs::default()).await;
    let bearer = format!("Bearer {manager}");
    let auth = [("authorization", bearer.as_str())];

    // Both answer the same before (and B keeps its answer in its cache).
    let before_b = call(&b, Method::GET, SHARE, &[], Vec::new()).await;
    assert_eq!(before_b.status, StatusCode::OK);
    let before = kl_value(&before_b);

    // KL's upload through A, submitted, approved by the manager through A.
    let kl = format!("Bearer {member}");
    let upload = call(
        &a,
        Method::POST,
        "/api/v1/uploads?file_name=werte.csv",
        &[("authorization", &kl), ("content-type", "text/csv")],
        csv(KL, &[("auslaenderanteil", 2024, "41,5")]),
    )
    .await;
    assert_eq!(upload.status, StatusCode::CREATED, "{:?}", upload.json());
    let id = upload.json()["upload"]["id"].as_i64().unwrap();
    for (step, who) in [("submit", kl.as_str()), ("approve", bearer.as_str())] {
        let uri = format!("/api/v1/uploads/{id}/{step}");
        let answer = call(
            &a,
            Method::POST,
            &uri,
            &[("authorization", who)],
            Vec::new(),
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK, "{step}: {:?}", answer.json());
    }
    let published = Instant::now();
    // B sees it within the stated time (the data version is read at most once a second).
    let seen = loop {
        let answer = call(&b, Method::GET, SHARE, &[], Vec::new()).await;
        if kl_value(&answer) == Some(41.5) {
            break published.elapsed();
        }
        assert!(
            published.elapsed() < Duration::from_secs(5),
            "B still shows {before:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    eprintln!("instance B showed the value published through A after {seen:?}");
    assert!(seen < Duration::from_millis(2500), "B needed {seen:?}");

    // A browser session started on A works on B, and signing out on B ends it on A.
    let login = call(
        &a,
        Method::POST,
        "/api/v1/session",
        &[("content-type", "application/json")],
        serde_json::json!({"name": "kl", "password": PASSWORD})
            .to_string()
            .into_bytes(),
    )
    .await;
    assert_eq!(login.status, StatusCode::OK);
    let cookie = login
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let csrf = login.json()["csrf_token"].as_str().unwrap().to_owned();
    let me = call(
        &b,
        Method::GET,
        "/api/v1/session",
        &[("cookie", &cookie)],
        Vec::new(),
    )
    .await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["name"], "kl");
    let out = call(
        &b,
        Method::DELETE,
        "/api/v1/session",
        &[("cookie", &cookie), ("x-csrf-token", &csrf)],
        Vec::new(),
    )
    .await;
    assert!(out.status.is_success(), "{}", out.status);
    let gone = call(
        &a,
        Method::GET,
        "/api/v1/session",
        &[("cookie", &cookie)],
        Vec::new(),
    )
    .await;
    assert_eq!(gone.status, StatusCode::UNAUTHORIZED);

    // A release cut on A is listed on B.
    let cut = call(
        &a,
        Method::POST,
        "/api/v1/releases",
        &[auth[0], ("content-type", "application/json")],
        br#"{"name": "2025-1"}"#.to_vec(),
    )
    .await;
    assert_eq!(cut.status, StatusCode::CREATED);
    let listed = call(&b, Method::GET, "/api/v1/releases", &[], Vec::new()).await;
    assert_eq!(listed.json()["releases"][0]["name"], "2025-1");

    // A third instance reading through its own read pool answers alike.
    let c = instance(&db.url, Some(&db.url), HttpArgs::default()).await;
    let from_c = call(&c, Method::GET, SHARE, &[], Vec::new()).await;
    assert_eq!(kl_value(&from_c), Some(41.5));
    db.close().await;
}

#[tokio::test]
async fn the_rate_limit_counts_per_instance() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    db.store
        .seed(&vergleich_store::testing::shipped_seed(true))
        .await
        .unwrap();
    let http = || HttpArgs {
        rate_limit: 1,
        rate_limit_burst: 3,
        ..HttpArgs::default()
    };
    let token = user_with_token(&*db.store, "stiftung", Role::Staff, None).await;
    let bearer = format!("Bearer {token}");
    let auth = [("authorization", bearer.as_str())];
    let a = instance(&db.url, None, http()).await;
    let b = instance(&db.url, None, http()).await;
    let mut limited_a = false;
    for _ in 0..6 {
        let answer = call(&a, Method::GET, "/api/v1/fields", &auth, Vec::new()).await;
        limited_a |= answer.status == StatusCode::TOO_MANY_REQUESTS;
    }
    assert!(limited_a, "A limits after its burst");
    let on_b = call(&b, Method::GET, "/api/v1/fields", &auth, Vec::new()).await;
    assert_eq!(on_b.status, StatusCode::OK, "B counts its own requests");
    db.close().await;
}
