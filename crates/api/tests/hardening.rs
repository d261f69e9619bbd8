//! What an outside probe found (issue #16), each tested at its limit: metric labels stay bounded
//! under odd methods and paths; signing out without a session leaves the response cache alone;
//! sign-in answers are not stored; `/health` is 503 when the database is gone; the JSON API
//! takes no form post from a signed-in browser without the CSRF token; a name is locked after
//! wrong passwords and each refusal is audited; a new password or a disabled user ends access at
//! once. The socket limits (header and idle timeout, connection cap) are in `connections.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use axum::http::{Method, StatusCode};
use vergleich_api::testing::{Harness, TestApp, TestDb, csv, set_password};

const PASSWORD: &str = "Kaiserslautern ist weltoffen";
const FORM: &str = "application/x-www-form-urlencoded";
const COMPARISON: &str = "/api/v1/comparisons/einbuergerungsquote?year=2022";

fn login_body(name: &str, password: &str) -> Vec<u8> {
    serde_json::json!({ "name": name, "password": password })
        .to_string()
        .into_bytes()
}

async fn login(h: &Harness, name: &str, password: &str) -> vergleich_api::testing::Answer {
    h.call(
        Method::POST,
        "/api/v1/session",
        None,
        &[("content-type", "application/json")],
        login_body(name, password),
    )
    .await
}

/// The cookie pair and the CSRF token of a new session of `name`.
async fn sign_in(h: &Harness, name: &str) -> (String, String) {
    let answer = login(h, name, PASSWORD).await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.json());
    let cookie = answer.header("set-cookie").unwrap();
    let pair = cookie.split(';').next().unwrap().to_owned();
    let csrf = answer.json()["csrf_token"].as_str().unwrap().to_owned();
    (pair, csrf)
}

async fn metrics_text(app: &TestApp) -> String {
    app.get("/metrics").await.text()
}

// ---------------------------------------------------------------- 1: bounded metric labels

#[tokio::test]
async fn odd_methods_and_paths_count_as_one_label_each_and_metrics_stay_small() {
    let app = TestApp::sqlite().await;
    app.get("/health").await;
    let before = metrics_text(&app).await.len();
    for n in 0..300 {
        let method = Method::from_bytes(format!("X{n:04}{}", "Y".repeat(995)).as_bytes()).unwrap();
        app.call(method.clone(), "/health", &[], Vec::new()).await;
        app.call(
            method,
            &format!("/nowhere/{n}/{}", "z".repeat(500)),
            &[],
            Vec::new(),
        )
        .await;
        app.call(Method::GET, &format!("/api/v1/x{n}"), &[], Vec::new())
            .await;
    }
    let text = metrics_text(&app).await;
    assert!(
        text.len() < before + 16 * 1024,
        "/metrics grew from {before} to {} bytes",
        text.len()
    );
    assert!(!text.contains("YYYY") && !text.contains("zzzz") && !text.contains("/x1"));
    assert!(text.contains(r#"method="other""#), "{text}");
    assert!(text.contains(r#"path="unmatched""#), "{text}");
}

// ---------------------------------------------------------------- 3: no anonymous cache flush

#[tokio::test]
async fn signing_out_or_failing_to_sign_in_leaves_the_cache_and_data_alone() {
    let h = Harness::new(TestDb::sqlite().await).await;
    let first = h.get(COMPARISON, None).await;
    assert_eq!(first.header("x-cache"), Some("miss"));
    let loads = |text: String| {
        text.lines()
            .find_map(|l| l.strip_prefix("vergleich_data_loads_total "))
            .unwrap()
            .trim()
            .to_owned()
    };
    let loaded = loads(metrics_text(&h.app).await);
    for _ in 0..5 {
        let out = h
            .call(Method::DELETE, "/api/v1/session", None, &[], Vec::new())
            .await;
        assert_eq!(out.status, StatusCode::NO_CONTENT);
        let out = h
            .call(
                Method::POST,
                "/abmelden",
                None,
                &[("content-type", FORM)],
                Vec::new(),
            )
            .await;
        assert_eq!(out.status, StatusCode::SEE_OTHER);
        assert_eq!(
            login(&h, "niemand", "falsch-falsch-falsch").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    // A real sign-in and sign-out change no data either.
    set_password(h.store(), "pl", PASSWORD).await;
    let (cookie, csrf) = sign_in(&h, "pl").await;
    let out = h
        .call(
            Method::DELETE,
            "/api/v1/session",
            None,
            &[("cookie", &cookie), ("x-csrf-token", &csrf)],
            Vec::new(),
        )
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    // Past the database part's refresh too.
    tokio::time::sleep(vergleich_api::cache::REFRESH * 2).await;
    let again = h.get(COMPARISON, None).await;
    assert_eq!(again.header("x-cache"), Some("hit"));
    assert_eq!(loads(metrics_text(&h.app).await), loaded);
    h.close().await;
}

#[test]
fn every_state_changing_route_says_whether_it_changes_data() {
    use vergleich_api::cache::{DATA_WRITES, OTHER_WRITES};
    let doc = serde_json::to_value(vergleich_api::openapi_document()).unwrap();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in ["post", "put", "patch", "delete"] {
            if item.get(method).is_some() {
                assert!(
                    DATA_WRITES.contains(&path.as_str()) || OTHER_WRITES.contains(&path.as_str()),
                    "{method} {path}: add it to cache::DATA_WRITES or cache::OTHER_WRITES"
                );
            }
        }
    }
}

// ---------------------------------------------------------------- 11: no-store, /health 503

#[tokio::test]
async fn sign_in_answers_are_never_stored() {
    let h = Harness::new(TestDb::sqlite().await).await;
    set_password(h.store(), "kl", PASSWORD).await;
    let ok = login(&h, "kl", PASSWORD).await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.header("cache-control"), Some("no-store"));
    let wrong = login(&h, "kl", "falsch-falsch-falsch").await;
    assert_eq!(wrong.header("cache-control"), Some("no-store"));
    let form = format!("name=kl&password={}", PASSWORD.replace(' ', "+"));
    let page = h
        .call(
            Method::POST,
            "/anmelden",
            None,
            &[("content-type", FORM)],
            form.into_bytes(),
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.header("cache-control"), Some("no-store"));
    h.close().await;
}

#[tokio::test]
async fn health_is_503_when_the_database_is_gone() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    let url = db.url.clone();
    let app = TestApp::on(db, vergleich_api::config::HttpArgs::default()).await;
    assert_eq!(app.get("/health").await.status, StatusCode::OK);
    let admin = vergleich_store::testing::postgres_url().unwrap();
    let name = url.rsplit('/').next().unwrap().to_owned();
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&admin)
        .await
        .unwrap();
    sqlx::query(&format!("DROP DATABASE \"{name}\" WITH (FORCE)"))
        .execute(&mut conn)
        .await
        .unwrap();
    let answer = app.get("/health").await;
    assert_eq!(
        answer.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{:?}",
        answer.json()
    );
    assert_eq!(answer.json()["code"], "database-unavailable");
    app.close().await;
}

// ---------------------------------------------------------------- 6: CSRF on the JSON API

#[tokio::test]
async fn the_api_takes_no_cookie_form_post_without_the_csrf_token() {
    let h = Harness::new(TestDb::sqlite().await).await;
    set_password(h.store(), "kl", PASSWORD).await;
    set_password(h.store(), "pl", PASSWORD).await;
    let draft = h
        .post(
            "/api/v1/uploads?file_name=werte.csv",
            Some("kl"),
            csv(
                vergleich_api::testing::KL,
                &[("einbuergerungsquote", 2022, "1,5")],
            ),
        )
        .await;
    assert_eq!(draft.status, StatusCode::CREATED, "{:?}", draft.json());
    let id = draft.json()["upload"]["id"].as_i64().unwrap();
    let (kl, _) = sign_in(&h, "kl").await;
    let (pl, _) = sign_in(&h, "pl").await;
    for (uri, cookie, body) in [
        (
            "/api/v1/uploads?file_name=x.csv".to_owned(),
            &kl,
            csv(
                vergleich_api::testing::KL,
                &[("einbuergerungsquote", 2022, "2,5")],
            ),
        ),
        (format!("/api/v1/uploads/{id}/submit"), &kl, Vec::new()),
        (format!("/api/v1/uploads/{id}/approve"), &pl, Vec::new()),
    ] {
        for content_type in [FORM, "multipart/form-data; boundary=x", "text/plain"] {
            let answer = h
                .call(
                    Method::POST,
                    &uri,
                    None,
                    &[
                        ("cookie", cookie),
                        ("content-type", content_type),
                        ("sec-fetch-site", "same-origin"),
                    ],
                    body.clone(),
                )
                .await;
            assert_eq!(
                answer.status,
                StatusCode::FORBIDDEN,
                "{uri} {content_type}: {:?}",
                answer.json()
            );
        }
    }
    let upload = h.get(&format!("/api/v1/uploads/{id}"), Some("kl")).await;
    let upload = upload.json();
    assert!(
        upload["state"] == "draft" || upload["upload"]["state"] == "draft",
        "{upload}"
    );
    h.close().await;
}

// ---------------------------------------------------------------- 4: sign-in throttle, audit

#[tokio::test]
async fn a_name_is_locked_after_wrong_passwords_and_every_refusal_is_audited() {
    let h = Harness::new(TestDb::sqlite().await).await;
    set_password(h.store(), "kl", PASSWORD).await;
    let free = vergleich_service::workflow::throttle::FREE_FAILURES;
    for _ in 0..free {
        assert_eq!(
            login(&h, "kl", "falsch-falsch-falsch").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    // Locked now: even the right password waits, and so does a form; other names do not.
    let locked = login(&h, "kl", PASSWORD).await;
    assert_eq!(
        locked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{:?}",
        locked.json()
    );
    assert_eq!(locked.json()["code"], "rate-limited");
    assert!(
        locked
            .header("retry-after")
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1
    );
    let form = format!("name=kl&password={}", PASSWORD.replace(' ', "+"));
    let page = h
        .call(
            Method::POST,
            "/anmelden",
            None,
            &[("content-type", FORM)],
            form.into_bytes(),
        )
        .await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    set_password(h.store(), "pl", PASSWORD).await;
    assert_eq!(login(&h, "pl", PASSWORD).await.status, StatusCode::OK);

    // Each checked refusal is in the audit log with the name tried and the address.
    let audit = h.get("/api/v1/audit?limit=50", Some("admin")).await;
    let entries = audit.json()["entries"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let refused: Vec<_> = entries
        .iter()
        .filter(|e| e["action"] == "session.refused")
        .collect();
    assert_eq!(refused.len(), free as usize, "{entries:?}");
    assert!(
        refused.iter().all(
            |e| e["subject"] == "user/kl" && e["detail"].as_str().unwrap().starts_with("from ")
        )
    );
    assert!(
        refused[0]["detail"].as_str().unwrap().contains("locked"),
        "{refused:?}"
    );
    h.close().await;
}

// ---------------------------------------------------------------- 5: ending access

#[tokio::test]
async fn a_new_password_or_a_disabled_user_ends_access_at_once() {
    let h = Harness::new(TestDb::sqlite().await).await;
    set_password(h.store(), "kl", PASSWORD).await;
    let (cookie, _) = sign_in(&h, "kl").await;
    let me = |cookie: String| {
        let h = &h;
        async move {
            h.call(
                Method::GET,
                "/api/v1/session",
                None,
                &[("cookie", &cookie)],
                Vec::new(),
            )
            .await
            .status
        }
    };
    assert_eq!(me(cookie.clone()).await, StatusCode::OK);
    h.app
        .state
        .workflow()
        .set_password("kl", "ein ganz neues Passwort".into(), "cli")
        .await
        .unwrap();
    assert_eq!(
        me(cookie).await,
        StatusCode::UNAUTHORIZED,
        "the old session ended"
    );

    set_password(h.store(), "pl", PASSWORD).await;
    let (cookie, _) = sign_in(&h, "pl").await;
    assert_eq!(
        h.get("/api/v1/session", Some("pl")).await.status,
        StatusCode::OK
    );
    h.app
        .state
        .workflow()
        .set_disabled("pl", true, "cli")
        .await
        .unwrap();
    assert_eq!(me(cookie).await, StatusCode::UNAUTHORIZED);
    assert_eq!(
        h.get("/api/v1/session", Some("pl")).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login(&h, "pl", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    h.app
        .state
        .workflow()
        .set_disabled("pl", false, "cli")
        .await
        .unwrap();
    assert_eq!(
        h.get("/api/v1/session", Some("pl")).await.status,
        StatusCode::OK
    );

    // A revoked token is refused at once.
    h.app
        .state
        .workflow()
        .revoke_tokens(
            "pl",
            &vergleich_store::TokenSelector::Label("test".into()),
            "cli",
        )
        .await
        .unwrap();
    assert_eq!(
        h.get("/api/v1/session", Some("pl")).await.status,
        StatusCode::UNAUTHORIZED
    );
    h.close().await;
}
