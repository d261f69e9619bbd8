//! Request logs never show tokens, cookies or bodies.
//!
//! Alone in its own test binary on purpose: `tracing` caches per call site whether anyone listens,
//! process-wide. With other tests running on sibling threads, a call site first reached there (with
//! no subscriber) could stay switched off for this test's thread-local subscriber, and the capture
//! came back empty now and then (seen once in CI). One test per process has no such neighbour.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Request, header};
use vergleich_api::config::HttpArgs;
use vergleich_api::testing::{self, TestApp, datasets_dir};

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
    let app = TestApp::sqlite_with(&datasets_dir(), false, HttpArgs::default()).await;
    let token =
        testing::user_with_token(app.store(), "dora", vergleich_domain::Role::Staff, None).await;
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
        app.send(request).await;
    }
    let bad = Request::get("/api/v1/fields")
        .header(header::AUTHORIZATION, "Bearer vgl_falsch_0000")
        .body(Body::empty())
        .unwrap();
    app.send(bad).await;

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
