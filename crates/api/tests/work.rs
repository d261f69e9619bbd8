//! The bound on uploads parsed at once (`--concurrent-parses`) over HTTP: at the limit an upload
//! waits for a free slot instead of adding another parse, and goes through once one is free.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;
use vergleich_api::config::HttpArgs;
use vergleich_api::testing::{self, TestApp, datasets_dir};
use vergleich_domain::Role;

fn upload(token: &str) -> Request<Body> {
    Request::post("/api/v1/uploads?dry_run=true")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "text/csv")
        .body(Body::from(
            "Kommune;Indikator;Jahr;Wert\r\n07312000;auslaenderanteil;2024;19,0\r\n",
        ))
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_past_the_parse_limit_waits_for_a_free_slot() {
    let http = HttpArgs {
        concurrent_parses: 1,
        rate_limit: 0,
        ..HttpArgs::default()
    };
    let app = TestApp::sqlite_with(&datasets_dir(), false, http).await;
    let (state, router) = (&app.state, &app.router);
    let kl =
        testing::user_with_token(app.store(), "kl", Role::Municipality, Some("07312000")).await;

    // At the limit: one parse slot, one upload goes through.
    let first = router.clone().oneshot(upload(&kl)).await.unwrap();
    assert_eq!(first.status(), StatusCode::OK, "a dry run answers 200");
    assert_eq!(state.parses.jobs(), 1);

    // The slot taken by another parse: the next upload waits.
    let (release, gate) = std::sync::mpsc::channel::<()>();
    let holder = {
        let parses = state.parses.clone();
        tokio::spawn(async move { parses.run(move || gate.recv().unwrap()).await.unwrap() })
    };
    while state.parses.idle() > 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let waiting = tokio::spawn(router.clone().oneshot(upload(&kl)));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!waiting.is_finished(), "one past the limit waits");

    // The slot is free again: the waiting upload is parsed and answered.
    release.send(()).unwrap();
    holder.await.unwrap();
    let answered = tokio::time::timeout(Duration::from_secs(10), waiting)
        .await
        .expect("answered once the slot is free")
        .unwrap()
        .unwrap();
    assert_eq!(answered.status(), StatusCode::OK);
}
