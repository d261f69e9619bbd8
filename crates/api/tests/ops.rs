//! Operations: body limit, timeout, rate limit, security headers, CORS, ETags, readiness, metrics,
//! the documentation page, and graceful shutdown on a real socket (request logs: `logs.rs`).
//! Limits are tested at the limit and one past it, with tiny limits configured in code.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use serde_json::Value;
use vergleich_api::config::HttpArgs;
use vergleich_api::state::AppState;
use vergleich_api::testing::{self, TestApp, datasets_dir};

async fn app_with(http: HttpArgs) -> TestApp {
    TestApp::sqlite_with(&datasets_dir(), false, http).await
}

async fn app() -> TestApp {
    app_with(HttpArgs::default()).await
}

/// A router with test-only routes behind the same operations layers as the service.
fn probe_router(state: &AppState) -> Router {
    let routes = Router::new()
        .route(
            "/echo",
            axum::routing::post(|body: Bytes| async move { body.len().to_string() }),
        )
        .route(
            "/json",
            axum::routing::post(|axum::Json(v): axum::Json<Value>| async move { axum::Json(v) }),
        )
        .route(
            "/slow",
            axum::routing::get(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                "late"
            }),
        );
    vergleich_api::ops::apply(routes, state).with_state(state.clone())
}

async fn send(router: &Router, request: Request<Body>) -> (StatusCode, HeaderMap, Bytes) {
    let answer = testing::send(router, request).await;
    (answer.status, answer.headers, Bytes::from(answer.body))
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

fn problem_code(headers: &HeaderMap, body: &[u8]) -> String {
    assert_eq!(
        headers[header::CONTENT_TYPE],
        "application/problem+json",
        "{}",
        String::from_utf8_lossy(body)
    );
    let json: Value = serde_json::from_slice(body).unwrap();
    json["code"].as_str().unwrap().to_owned()
}

// ---------------------------------------------------------------- body limit, timeout, problems

#[tokio::test]
async fn a_body_at_the_limit_passes_and_one_byte_more_is_413_problem_json() {
    let app = app_with(HttpArgs {
        body_limit: 1000,
        ..HttpArgs::default()
    })
    .await;
    let router = probe_router(&app.state);
    let post = |len: usize, declared: bool| {
        let builder = Request::post("/echo");
        // Without Content-Length the limit must hold while the body is read.
        let builder = if declared {
            builder.header(header::CONTENT_LENGTH, len)
        } else {
            builder
        };
        builder.body(Body::from(vec![b'x'; len])).unwrap()
    };
    for declared in [true, false] {
        let (status, _, body) = send(&router, post(1000, declared)).await;
        assert_eq!(status, StatusCode::OK, "declared {declared}");
        assert_eq!(body, "1000");
        let (status, headers, body) = send(&router, post(1001, declared)).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "declared {declared}");
        assert_eq!(problem_code(&headers, &body), "payload-too-large");
    }
    // The service's own routes refuse a declared oversize body before routing.
    let request = Request::post("/api/v1/fields")
        .header(header::CONTENT_LENGTH, 1001)
        .body(Body::from(vec![0u8; 1001]))
        .unwrap();
    let (status, headers, body) = send(&app.router, request).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(problem_code(&headers, &body), "payload-too-large");
}

#[tokio::test]
async fn a_request_past_its_timeout_is_503_timeout_problem_json() {
    let app = app_with(HttpArgs {
        request_timeout: Duration::from_millis(200),
        ..HttpArgs::default()
    })
    .await;
    let router = probe_router(&app.state);
    let started = std::time::Instant::now();
    let (status, headers, body) = send(&router, get("/slow")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(problem_code(&headers, &body), "timeout");
    assert!(started.elapsed() < Duration::from_secs(4));
    // A quick request under the same settings is untouched.
    let (status, _, _) = send(&app.router, get("/api/v1/fields")).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn rejections_of_axum_extractors_come_as_problem_json() {
    let app = app().await;
    let router = probe_router(&app.state);
    let bad_json = Request::post("/json")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{nope"))
        .unwrap();
    let (status, headers, body) = send(&router, bad_json).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem_code(&headers, &body), "invalid-parameter");
    let wrong_method = Request::delete("/api/v1/fields")
        .body(Body::empty())
        .unwrap();
    let (status, headers, body) = send(&app.router, wrong_method).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(problem_code(&headers, &body), "method-not-allowed");
    assert!(headers[header::ALLOW].to_str().unwrap().contains("GET"));
    let no_type = Request::post("/json").body(Body::from("{}")).unwrap();
    let (status, headers, body) = send(&router, no_type).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(problem_code(&headers, &body), "unsupported-media-type");
}

// ---------------------------------------------------------------- rate limits

#[tokio::test]
async fn the_burst_passes_and_one_more_is_429_with_retry_after_per_principal() {
    let app = app_with(HttpArgs {
        rate_limit: 1,
        rate_limit_burst: 3,
        ..HttpArgs::default()
    })
    .await;
    let alice =
        testing::user_with_token(app.store(), "alice", vergleich_domain::Role::Staff, None).await;
    let bob =
        testing::user_with_token(app.store(), "bob", vergleich_domain::Role::Staff, None).await;
    let as_user = |token: &str| {
        Request::get("/static/vergleich.css")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap()
    };
    for _ in 0..3 {
        let (status, _, _) = send(&app.router, as_user(&alice)).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, headers, body) = send(&app.router, as_user(&alice)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(problem_code(&headers, &body), "rate-limited");
    assert_eq!(headers[header::RETRY_AFTER], "1");
    // A second token of the same user draws on the same quota.
    let alice_again = testing::new_token(app.store(), "alice").await;
    let (status, _, _) = send(&app.router, as_user(&alice_again)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    // Another principal has its own quota; probes are never limited.
    let (status, _, _) = send(&app.router, as_user(&bob)).await;
    assert_eq!(status, StatusCode::OK);
    for _ in 0..5 {
        let (status, _, _) = send(&app.router, get("/health")).await;
        assert_eq!(status, StatusCode::OK);
    }
}

#[tokio::test]
async fn a_new_made_up_token_per_request_does_not_escape_the_limit() {
    let app = app_with(HttpArgs {
        rate_limit: 1,
        rate_limit_burst: 3,
        ..HttpArgs::default()
    })
    .await;
    let mut statuses = Vec::new();
    for i in 0..4 {
        let request = Request::get("/static/vergleich.css")
            .header(header::AUTHORIZATION, format!("Bearer vgl_made_up_{i}"))
            .body(Body::empty())
            .unwrap();
        statuses.push(send(&app.router, request).await.0.as_u16());
    }
    assert_eq!(statuses, [200, 200, 200, 429]);
}

#[tokio::test]
async fn rate_limiting_can_be_switched_off() {
    let app = app_with(HttpArgs {
        rate_limit: 0,
        rate_limit_burst: 1,
        ..HttpArgs::default()
    })
    .await;
    for _ in 0..10 {
        let (status, _, _) = send(&app.router, get("/static/vergleich.css")).await;
        assert_eq!(status, StatusCode::OK);
    }
}

// ---------------------------------------------------------------- headers, CORS

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let app = app().await;
    for uri in ["/", "/api/v1/fields", "/api/v1/nichts", "/api/v1/docs"] {
        let (_, headers, _) = send(&app.router, get(uri)).await;
        assert_eq!(
            headers[header::CONTENT_SECURITY_POLICY],
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
            "{uri}"
        );
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY");
        assert_eq!(headers[header::REFERRER_POLICY], "no-referrer");
        assert_eq!(headers["cross-origin-opener-policy"], "same-origin");
        assert!(headers.contains_key("permissions-policy"));
    }
}

#[tokio::test]
async fn answers_to_authenticated_requests_are_not_stored() {
    let app = app().await;
    let token =
        testing::user_with_token(app.store(), "carla", vergleich_domain::Role::Staff, None).await;
    let request = Request::get("/api/v1/fields")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let (status, headers, _) = send(&app.router, request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    let with_cookie = Request::get("/api/v1/fields")
        .header(header::COOKIE, "vergleich_session=abc")
        .body(Body::empty())
        .unwrap();
    let (_, headers, _) = send(&app.router, with_cookie).await;
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    let (_, headers, _) = send(&app.router, get("/api/v1/fields")).await;
    assert_ne!(
        headers
            .get(header::CACHE_CONTROL)
            .map(|v| v.to_str().unwrap()),
        Some("no-store")
    );
}

#[tokio::test]
async fn the_page_links_its_stylesheet_instead_of_an_inline_style() {
    let app = app().await;
    let (status, _, body) = send(&app.router, get("/")).await;
    assert_eq!(status, StatusCode::OK);
    let html = String::from_utf8(body.to_vec()).unwrap();
    assert!(html.contains(r#"<link rel="stylesheet" href="/static/vergleich.css">"#));
    assert!(!html.contains("<style"), "no inline style: {html}");
    assert!(!html.contains("<script>"), "no inline script: {html}");
    assert!(!html.contains(" style=\""), "no style attribute: {html}");
    let (status, headers, css) = send(&app.router, get("/static/vergleich.css")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "text/css; charset=utf-8");
    assert!(String::from_utf8_lossy(&css).contains(".notice{"));
}

fn with_origin(method: Method, origin: &str) -> Request<Body> {
    let builder = Request::builder()
        .method(method.clone())
        .uri("/api/v1/fields")
        .header(header::ORIGIN, origin);
    let builder = if method == Method::OPTIONS {
        builder
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization")
    } else {
        builder
    };
    builder.body(Body::empty()).unwrap()
}

#[tokio::test]
async fn cors_is_off_unless_origins_are_configured() {
    let off = app().await;
    let (status, headers, _) =
        send(&off.router, with_origin(Method::GET, "https://a.example")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!headers.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN));
    let (_, headers, _) = send(
        &off.router,
        with_origin(Method::OPTIONS, "https://a.example"),
    )
    .await;
    assert!(!headers.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN));

    let on = app_with(HttpArgs {
        cors_origins: vec!["https://a.example".to_owned()],
        ..HttpArgs::default()
    })
    .await;
    let (_, headers, _) = send(&on.router, with_origin(Method::GET, "https://a.example")).await;
    assert_eq!(
        headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://a.example"
    );
    assert!(!headers.contains_key(header::ACCESS_CONTROL_ALLOW_CREDENTIALS));
    let (status, headers, _) = send(
        &on.router,
        with_origin(Method::OPTIONS, "https://a.example"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::ACCESS_CONTROL_ALLOW_HEADERS]
            .to_str()
            .unwrap()
            .contains("authorization")
    );
    let (_, headers, _) = send(&on.router, with_origin(Method::GET, "https://b.example")).await;
    assert!(!headers.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN));
}

// ---------------------------------------------------------------- ETags

#[tokio::test]
async fn reads_carry_an_etag_and_if_none_match_answers_304_without_body() {
    let app = app().await;
    let (status, headers, body) = send(&app.router, get("/api/v1/fields")).await;
    assert_eq!(status, StatusCode::OK);
    let etag = headers[header::ETAG].to_str().unwrap().to_owned();
    assert!(
        etag.starts_with('"') && etag.ends_with('"') && etag.len() == 34,
        "{etag}"
    );
    let vary: Vec<_> = headers
        .get_all(header::VARY)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    assert!(
        vary.join(",").contains("Accept, Authorization, Cookie"),
        "{vary:?}"
    );
    assert!(!body.is_empty());

    let conditional = |tag: &str| {
        Request::get("/api/v1/fields")
            .header(header::IF_NONE_MATCH, tag)
            .body(Body::empty())
            .unwrap()
    };
    let (status, headers, body) = send(&app.router, conditional(&etag)).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert_eq!(headers[header::ETAG], etag.as_str());
    assert!(body.is_empty());
    let (status, _, body) = send(&app.router, conditional("\"other\"")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!body.is_empty());

    // HEAD names the same representation.
    let head = Request::head("/api/v1/fields").body(Body::empty()).unwrap();
    let (status, headers, body) = send(&app.router, head).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::ETAG], etag.as_str());
    assert!(body.is_empty());

    // Errors and other methods get none.
    let (_, headers, _) = send(&app.router, get("/api/v1/nichts")).await;
    assert!(!headers.contains_key(header::ETAG));
}

// ---------------------------------------------------------------- ready, metrics, docs

#[tokio::test]
async fn ready_answers_200_on_a_loaded_database_and_503_on_an_empty_one() {
    let app = app().await;
    let (status, _, body) = send(&app.router, get("/ready")).await;
    assert_eq!(status, StatusCode::OK);
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["status"], "ready");

    // Migrated but never loaded: not ready; liveness still answers.
    let dir = tempfile::tempdir().unwrap();
    let store = vergleich_store::connect(&format!(
        "sqlite:{}",
        dir.path().join("empty.sqlite").display()
    ))
    .await
    .unwrap();
    let router = vergleich_api::router(AppState::new(store, HttpArgs::default()));
    let (status, headers, body) = send(&router, get("/ready")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(problem_code(&headers, &body), "database-unavailable");
    let (status, _, _) = send(&router, get("/health")).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn metrics_count_requests_by_matched_route_never_by_raw_path() {
    let app = app().await;
    send(&app.router, get("/api/v1/fields")).await;
    send(&app.router, get("/api/v1/fields")).await;
    send(&app.router, get("/api/v1/geheim-12345")).await;
    let (status, headers, body) = send(&app.router, get("/metrics")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text")
    );
    let text = String::from_utf8(body.to_vec()).unwrap();
    assert!(
        text.contains(
            r#"vergleich_http_requests_total{method="GET",path="/api/v1/fields",status="200"} 2"#
        ),
        "{text}"
    );
    assert!(
        text.contains(
            r#"vergleich_http_requests_total{method="GET",path="unmatched",status="404"} 1"#
        ),
        "{text}"
    );
    assert!(!text.contains("geheim-12345"), "{text}");
    assert!(text.contains(
        r#"vergleich_http_request_duration_seconds_count{method="GET",path="/api/v1/fields"} 2"#
    ));
    // The scrape itself is in flight while it is encoded.
    assert!(
        text.contains("vergleich_http_requests_in_flight 1"),
        "{text}"
    );
}

#[tokio::test]
async fn the_docs_page_loads_its_script_and_style_from_the_service() {
    let app = app().await;
    let (status, headers, body) = send(&app.router, get("/api/v1/docs")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "text/html; charset=utf-8");
    let html = String::from_utf8(body.to_vec()).unwrap();
    assert!(
        !html.contains("<script>") && !html.contains("<style"),
        "no inline code"
    );
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "nothing external"
    );
    for (path, content_type, min_size) in [
        ("/static/docs.js", "text/javascript; charset=utf-8", 100),
        (
            "/static/swagger-ui-5.35.0/swagger-ui-bundle.js",
            "text/javascript; charset=utf-8",
            1_000_000,
        ),
        (
            "/static/swagger-ui-5.35.0/swagger-ui.css",
            "text/css; charset=utf-8",
            100_000,
        ),
    ] {
        assert!(html.contains(&format!("\"{path}\"")), "{path} linked");
        let (status, headers, body) = send(&app.router, get(path)).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(headers[header::CONTENT_TYPE], content_type, "{path}");
        assert!(body.len() >= min_size, "{path}: {}", body.len());
        if path.contains("swagger-ui-5") {
            assert_eq!(
                headers[header::CACHE_CONTROL],
                "public, max-age=31536000, immutable"
            );
        }
    }
    let (_, _, script) = send(&app.router, get("/static/docs.js")).await;
    assert!(String::from_utf8_lossy(&script).contains("\"/api/v1/openapi.json\""));
}

#[tokio::test]
async fn the_openapi_document_lists_the_operations_routes() {
    let app = app().await;
    let (_, _, body) = send(&app.router, get("/api/v1/openapi.json")).await;
    let doc: Value = serde_json::from_slice(&body).unwrap();
    for path in ["/health", "/ready", "/metrics", "/api/v1/docs"] {
        assert!(doc["paths"][path]["get"].is_object(), "{path}");
    }
}

// ---------------------------------------------------------------- graceful shutdown

#[tokio::test]
async fn shutdown_lets_the_request_in_flight_finish() {
    let app = app().await;
    let started = Arc::new(tokio::sync::Notify::new());
    let notify = started.clone();
    // Holds requests marked `x-test-hold` open for a while, around the real router.
    let router = app.router.clone().layer(axum::middleware::from_fn(
        move |request: axum::extract::Request, next: axum::middleware::Next| {
            let notify = notify.clone();
            async move {
                if request.headers().contains_key("x-test-hold") {
                    notify.notify_one();
                    tokio::time::sleep(Duration::from_millis(800)).await;
                }
                next.run(request).await
            }
        },
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(vergleich_api::startup::serve_until(
        listener,
        router,
        async move {
            let _ = stopped.await;
        },
    ));

    let client = reqwest::Client::new();
    let slow = tokio::spawn(
        client
            .get(format!("http://{address}/api/v1/fields"))
            .header("x-test-hold", "1")
            .send(),
    );
    started.notified().await;
    stop.send(()).unwrap();
    let response = slow.await.unwrap().unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["count"], 7, "the whole answer arrived");
    tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .expect("the server stops once the request is done")
        .unwrap()
        .unwrap();
    assert!(
        reqwest::get(format!("http://{address}/health"))
            .await
            .is_err(),
        "no new connections after shutdown"
    );
}
