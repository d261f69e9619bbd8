//! Request logs never show tokens, cookies or bodies.
//!
//! Alone in its own test binary on purpose: `tracing` caches per call site whether anyone listens,
//! process-wide. With other tests running on sibling threads, a call site first reached there (with
//! no subscriber) could stay switched off for this test's thread-local subscriber, and the capture
//! came back empty now and then (seen once in CI). One test per process has no such neighbour.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

mod common;

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, header};
use http_body_util::BodyExt;
use tower::ServiceExt;
use vergleich_api::config::DatabaseArgs;
use vergleich_store::testing::datasets_dir;

async fn send(router: &Router, request: Request<Body>) {
    let response = router.clone().oneshot(request).await.unwrap();
    response.into_body().collect().await.unwrap();
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn request_logs_never_show_tokens_cookies_or_bodies() {
    let dir = tempfile::tempdir().unwrap();
    let db = DatabaseArgs::new(
        format!("sqlite:{}", dir.path().join("db.sqlite").display()),
        datasets_dir(),
    );
    let state = vergleich_api::startup::build(&db, false).await.unwrap();
    let router = vergleich_api::router(state.clone());
    let token = common::token(&*state.store, "dora", vergleich_domain::Role::Staff, None).await;
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let secret_body = "geheimer-inhalt-4711";
    for uri in [
        "/api/v1/fields",
        "/api/v1/nichts",
        "/api/v1/observations?limit=0",
    ] {
        let request = Request::get(uri)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::COOKIE, "vergleich_session=sitzung-0815")
            .body(Body::from(secret_body))
            .unwrap();
        send(&router, request).await;
    }
    let bad = Request::get("/api/v1/fields")
        .header(header::AUTHORIZATION, "Bearer vgl_falsch_0000")
        .body(Body::empty())
        .unwrap();
    send(&router, bad).await;

    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(text.contains(r#"path="/api/v1/fields""#), "{text}");
    assert!(text.contains("status=200"), "{text}");
    for secret in [
        token.as_str(),
        &token[4..],
        "sitzung-0815",
        secret_body,
        "vgl_falsch_0000",
    ] {
        assert!(
            !text.contains(secret),
            "{secret} leaked into the log:\n{text}"
        );
    }
}
