//! Browser sign-in over HTTP: argon2id passwords, the session cookie (HttpOnly, SameSite=Lax,
//! Secure), CSRF protection of state-changing requests made with the cookie, sign-out.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use axum::http::{Method, StatusCode};
use vergleich_api::testing::{Harness, KL, csv, set_password};

const PASSWORD: &str = "Kaiserslautern ist weltoffen";

fn login_body(name: &str, password: &str) -> Vec<u8> {
    serde_json::json!({ "name": name, "password": password })
        .to_string()
        .into_bytes()
}

async fn sign_in(h: &Harness, name: &str) -> (String, String) {
    let answer = h
        .call(
            Method::POST,
            "/api/v1/session",
            None,
            &[("content-type", "application/json")],
            login_body(name, PASSWORD),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.json());
    let cookie = answer.header("set-cookie").unwrap().to_owned();
    for part in [
        "vergleich_session=",
        "HttpOnly",
        "SameSite=Lax",
        "Secure",
        "Path=/",
    ] {
        assert!(cookie.contains(part), "{cookie} lacks {part}");
    }
    let pair = cookie.split(';').next().unwrap().to_owned();
    let csrf = answer.json()["csrf_token"].as_str().unwrap().to_owned();
    (pair, csrf)
}

async fn a_user_signs_in_with_the_password_and_out_again(h: &Harness) {
    set_password(h.store(), "kl", PASSWORD).await;
    let (cookie, csrf) = sign_in(h, "kl").await;
    let me = h
        .call(
            Method::GET,
            "/api/v1/session",
            None,
            &[("cookie", &cookie)],
            Vec::new(),
        )
        .await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["name"], "kl");
    assert_eq!(me.json()["role"], "municipality");
    assert_eq!(me.json()["municipality"], KL);
    assert_eq!(me.json()["csrf_token"], csrf.as_str());

    // The session reads what its user may read: the member's own draft.
    let draft = h
        .call(
            Method::POST,
            "/api/v1/uploads",
            None,
            &[("cookie", &cookie), ("x-csrf-token", &csrf)],
            csv(KL, &[("auslaenderanteil", 2024, "23,0")]),
        )
        .await;
    assert_eq!(draft.status, StatusCode::CREATED, "{:?}", draft.json());

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
    assert!(out.header("set-cookie").unwrap().contains("Max-Age=0"));
    let after = h
        .call(
            Method::GET,
            "/api/v1/session",
            None,
            &[("cookie", &cookie)],
            Vec::new(),
        )
        .await;
    assert_eq!(
        after.status,
        StatusCode::UNAUTHORIZED,
        "the old cookie is dead"
    );
    let actions: Vec<String> = h
        .store()
        .audit_log(50)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert!(actions.contains(&"session.created".to_owned()));
    assert!(actions.contains(&"session.ended".to_owned()));
}

async fn a_state_change_with_the_cookie_needs_the_csrf_token(h: &Harness) {
    set_password(h.store(), "kl", PASSWORD).await;
    let (cookie, _) = sign_in(h, "kl").await;
    let body = csv(KL, &[("auslaenderanteil", 2024, "24,0")]);
    // A cross-site form post carries the cookie (SameSite=Lax allows top-level POSTs from
    // nowhere else, but older browsers and subdomains exist): without the token it is refused.
    let forged = h
        .call(
            Method::POST,
            "/api/v1/uploads",
            None,
            &[("cookie", &cookie), ("content-type", "text/csv")],
            body.clone(),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "{:?}", forged.json());
    let wrong = h
        .call(
            Method::POST,
            "/api/v1/uploads",
            None,
            &[("cookie", &cookie), ("x-csrf-token", "vgl_falsch")],
            body.clone(),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    let cross_site_form = h
        .call(
            Method::POST,
            "/api/v1/uploads",
            None,
            &[
                ("cookie", &cookie),
                ("content-type", "multipart/form-data; boundary=x"),
                ("sec-fetch-site", "cross-site"),
            ],
            body.clone(),
        )
        .await;
    assert_eq!(cross_site_form.status, StatusCode::FORBIDDEN);
    // Reads need no token; a Bearer token is not a cookie and needs none either.
    let read = h
        .call(
            Method::GET,
            "/api/v1/uploads",
            None,
            &[("cookie", &cookie)],
            Vec::new(),
        )
        .await;
    assert_eq!(read.status, StatusCode::OK);
    let with_token = h.post("/api/v1/uploads", Some("kl"), body).await;
    assert_eq!(
        with_token.status,
        StatusCode::CREATED,
        "{:?}",
        with_token.json()
    );
}

async fn wrong_credentials_get_one_answer_and_no_cookie(h: &Harness) {
    set_password(h.store(), "kl", PASSWORD).await;
    for (name, password) in [
        ("kl", "falsches passwort!"),
        ("niemand", PASSWORD),
        ("rostock", PASSWORD),
    ] {
        let answer = h
            .call(
                Method::POST,
                "/api/v1/session",
                None,
                &[("content-type", "application/json")],
                login_body(name, password),
            )
            .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{name}");
        assert_eq!(answer.json()["detail"], "Name or password is wrong.");
        assert!(answer.header("set-cookie").is_none());
    }
    let extra = h
        .call(
            Method::POST,
            "/api/v1/session",
            None,
            &[("content-type", "application/json")],
            br#"{"name": "kl", "password": "x", "remember": true}"#.to_vec(),
        )
        .await;
    assert_eq!(
        extra.status,
        StatusCode::BAD_REQUEST,
        "unknown fields are refused"
    );
    let not_json = h
        .call(
            Method::POST,
            "/api/v1/session",
            None,
            &[],
            login_body("kl", PASSWORD),
        )
        .await;
    assert_eq!(not_json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let forged_token = h
        .call(
            Method::GET,
            "/api/v1/session",
            None,
            &[("authorization", "Bearer vgl_00")],
            Vec::new(),
        )
        .await;
    assert_eq!(
        forged_token.status,
        StatusCode::UNAUTHORIZED,
        "a bad token is never anonymous"
    );
}

vergleich_api::on_both_backends!(
    a_user_signs_in_with_the_password_and_out_again,
    a_state_change_with_the_cookie_needs_the_csrf_token,
    wrong_credentials_get_one_answer_and_no_cookie,
);
