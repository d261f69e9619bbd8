//! The catalogue at runtime over HTTP (issue #14 B), on SQLite and PostgreSQL: an admin adds an
//! eighth field and an indicator in it; the field shows at once in the field list, the
//! overview's heat map and the member radar (saying it has no indicators yet, not breaking);
//! a member uploads a value for the new indicator, a manager approves, and the field score and
//! profile use it — no restart. Bad changes are refused naming the field with nothing stored;
//! non-admins get 403; every change is in the audit log with before and after.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use vergleich_api::testing::{Harness, KL, csv};

async fn send(
    h: &Harness,
    method: Method,
    uri: &str,
    who: Option<&str>,
    body: Value,
) -> (StatusCode, Value) {
    h.send_json(method, uri, who, body).await
}

fn field() -> Value {
    json!({"id": "gesundheit", "position": 8, "label_de": "Gesundheit und Prävention",
           "label_en": "Health and prevention", "short_de": "Gesundheit", "short_en": "Health"})
}

fn indicator() -> Value {
    json!({"id": "gesundheitslotsen_je_10000", "field": "gesundheit", "kind": "statistic",
           "label_de": "Gesundheitslotsen je 10.000 Einwohner", "label_en": "Health guides per 10,000 residents",
           "definition_de": "Ausgebildete Gesundheitslotsinnen und -lotsen je 10.000 Einwohner am 31.12.",
           "unit": "je 10.000 Einwohner", "polarity": "higher_is_better", "min": 0, "max": 1000,
           "source": "eigene Erhebung der Kommune", "level": "kommune"})
}

fn problem(body: &Value) -> &str {
    body["errors"][0]["parameter"].as_str().unwrap_or_default()
}

async fn an_admin_adds_a_field_and_an_indicator_that_every_view_shows(h: &Harness) {
    // Not an admin: 403 / 401, nothing stored.
    for who in [Some("pl"), Some("kl"), Some("stiftung")] {
        let (status, _) = send(h, Method::POST, "/api/v1/fields", who, field()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who:?}");
    }
    let (status, _) = send(h, Method::POST, "/api/v1/fields", None, field()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Bad ids and texts, each named.
    for (patch, parameter) in [
        (json!({"id": "Gesundheit"}), "id"),
        (json!({"id": "g".repeat(41)}), "id"),
        (json!({"label_de": " "}), "label_de"),
        (json!({"position": 100}), "position"),
        (json!({"short_de": "x".repeat(41)}), "short_de"),
    ] {
        let mut body = field();
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        let (status, answer) = send(h, Method::POST, "/api/v1/fields", Some("admin"), body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{patch}: {answer}");
        assert_eq!(problem(&answer), parameter, "{answer}");
    }
    // A taken id conflicts with what is stored: 409.
    let mut taken = field();
    taken["id"] = json!("steuerung");
    let (status, _) = send(h, Method::POST, "/api/v1/fields", Some("admin"), taken).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, fields) = send(h, Method::GET, "/api/v1/fields", None, Value::Null).await;
    assert_eq!(fields["count"], 7, "nothing stored");
    // At the limit it is stored; the next request sees it.
    let mut body = field();
    body["short_de"] = json!("x".repeat(40));
    let (status, added) = send(h, Method::POST, "/api/v1/fields", Some("admin"), body).await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    let (status, _) = send(
        h,
        Method::PATCH,
        "/api/v1/fields/gesundheit",
        Some("admin"),
        json!({"short_de": "Gesundheit"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, fields) = send(h, Method::GET, "/api/v1/fields", None, Value::Null).await;
    assert_eq!(fields["count"], 8);
    assert_eq!(fields["fields"][7]["id"], "gesundheit");
    // A field without indicators says so and breaks nothing.
    let overview = h.get("/", None).await;
    assert_eq!(overview.status, StatusCode::OK);
    assert!(
        overview.html().contains("Gesundheit"),
        "the overview names the new field"
    );
    for path in [
        format!("/kommune/{KL}"),
        format!("/api/v1/profiles/{KL}"),
        format!("/api/v1/profiles/{KL}.svg"),
        "/api/v1/field-scores/gesundheit".to_owned(),
        "/api/v1/field-scores".to_owned(),
    ] {
        let a = h.get(&path, None).await;
        assert_eq!(
            a.status,
            StatusCode::OK,
            "{path}: {}",
            String::from_utf8_lossy(&a.body)
        );
    }

    // Indicators: bad input named, then stored.
    for (patch, parameter) in [
        (json!({"unit": ""}), "unit"),
        (json!({"min": 5, "max": 5}), "max"),
        (json!({"min": 10, "max": 5}), "max"),
        (json!({"polarity": "besser"}), "polarity"),
        (json!({"id": "Gesundheit-Lotsen"}), "id"),
    ] {
        let mut body = indicator();
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        let (status, answer) =
            send(h, Method::POST, "/api/v1/indicators", Some("admin"), body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{patch}: {answer}");
        assert_eq!(problem(&answer), parameter, "{answer}");
    }
    let (status, added) = send(
        h,
        Method::POST,
        "/api/v1/indicators",
        Some("admin"),
        indicator(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    assert_eq!(added["definition_version"], 1);
    // An unknown field is 404, a taken id 409.
    let mut unknown = indicator();
    unknown["field"] = json!("mond");
    unknown["id"] = json!("mondlotsen");
    let (status, _) = send(
        h,
        Method::POST,
        "/api/v1/indicators",
        Some("admin"),
        unknown,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let mut taken = indicator();
    taken["id"] = json!("auslaenderanteil");
    let (status, _) = send(h, Method::POST, "/api/v1/indicators", Some("admin"), taken).await;
    assert_eq!(status, StatusCode::CONFLICT);
    // A field with indicators is not deleted (archiving is allowed).
    let (status, _) = send(
        h,
        Method::DELETE,
        "/api/v1/fields/gesundheit",
        Some("admin"),
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // A member uploads a value for it, a manager approves: the field score uses it.
    let posted = h
        .call(
            Method::POST,
            "/api/v1/uploads",
            Some("kl"),
            &[("content-type", "text/csv")],
            csv(KL, &[("gesundheitslotsen_je_10000", 2024, "3,5")]),
        )
        .await;
    assert_eq!(posted.status, StatusCode::CREATED, "{:?}", posted.json());
    let id = posted.json()["upload"]["id"].as_i64().unwrap();
    h.post(
        &format!("/api/v1/uploads/{id}/submit"),
        Some("kl"),
        Vec::new(),
    )
    .await;
    let approved = h
        .post(
            &format!("/api/v1/uploads/{id}/approve"),
            Some("pl"),
            Vec::new(),
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{:?}", approved.json());
    let (_, scores) = send(
        h,
        Method::GET,
        "/api/v1/field-scores/gesundheit?year=2024",
        None,
        Value::Null,
    )
    .await;
    let kl = scores["field_scores"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["key"] == KL)
        .cloned()
        .unwrap();
    // One member reported: its value is there, the score needs others to normalise against.
    assert_eq!(
        kl["components"][0]["indicator"], "gesundheitslotsen_je_10000",
        "{kl}"
    );
    assert_eq!(kl["components"][0]["value"], 3.5, "{kl}");
    assert_eq!(kl["coverage"].to_string(), "0.0", "no negative zero: {kl}");

    // The audit log has before and after.
    let (_, audit) = send(
        h,
        Method::GET,
        "/api/v1/audit?limit=50",
        Some("admin"),
        Value::Null,
    )
    .await;
    let text = audit.to_string();
    assert!(
        text.contains("catalogue.field.add") && text.contains("catalogue.indicator.add"),
        "{text}"
    );
    assert!(text.contains("catalogue.field.update"), "{text}");
}

async fn a_definition_change_is_a_new_version_that_never_goes_back(h: &Harness) {
    let uri = "/api/v1/indicators/einbuergerungsquote/definitions";
    let change = json!({"definition_de": "Einbürgerungen je 100 Ausländerinnen und Ausländer mit mindestens acht Jahren Aufenthalt",
        "valid_from": "2022-01-01", "note_de": "Bezugsgröße ab 2022: nur Ausländer mit mindestens acht Jahren Aufenthalt"});
    let (status, _) = send(h, Method::POST, uri, Some("pl"), change.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let mut empty = change.clone();
    empty["note_de"] = json!("");
    let (status, answer) = send(h, Method::POST, uri, Some("admin"), empty).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem(&answer), "note_de");
    let (status, changed) = send(h, Method::POST, uri, Some("admin"), change.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{changed}");
    let version = changed["definition_version"].as_i64().unwrap();
    assert!(version >= 2, "{changed}");
    // The same day or earlier again: refused, nothing stored.
    for day in ["2022-01-01", "2021-06-30"] {
        let mut again = change.clone();
        again["valid_from"] = json!(day);
        let (status, answer) = send(h, Method::POST, uri, Some("admin"), again).await;
        assert_eq!(status, StatusCode::CONFLICT, "{day}: {answer}");
        assert!(
            answer["detail_de"]
                .as_str()
                .unwrap()
                .contains("geht nicht zurück"),
            "{answer}"
        );
    }
    let (_, versions) = send(h, Method::GET, uri, None, Value::Null).await;
    let list = versions["versions"].as_array().unwrap();
    assert_eq!(list.last().unwrap()["version"].as_i64().unwrap(), version);
    assert_eq!(list.last().unwrap()["valid_from"], "2022-01-01");
    assert_eq!(list.len() as i64, 2, "{versions}");
    // The demo series breaks there: no change and no slope cross 2022, the chart marks it.
    let (status, t) = send(
        h,
        Method::GET,
        "/api/v1/trends/einbuergerungsquote?from=2019&to=2024",
        None,
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{t}");
    assert_eq!(
        t["trend"]["breaks"],
        json!([2022]),
        "{}",
        t["trend"]["breaks"]
    );
    let members = t["trend"]["members"].as_array().unwrap();
    assert!(
        members.iter().all(|m| m["change_since_base"].is_null()),
        "2019 lies before the break"
    );
    assert!(
        members
            .iter()
            .any(|m| m["change_previous_year"].is_number()),
        "2023 to 2024 is like for like"
    );
    assert!(
        t["meta"]["method"]
            .as_str()
            .unwrap()
            .contains("no change and no slope across a break")
    );
    let (_, after) = send(
        h,
        Method::GET,
        "/api/v1/trends/einbuergerungsquote?from=2022&to=2024",
        None,
        Value::Null,
    )
    .await;
    assert!(
        after["trend"]["members"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["change_since_base"].is_number())
    );
    let svg = h
        .get(
            "/api/v1/trends/einbuergerungsquote.svg?from=2019&to=2024",
            None,
        )
        .await;
    assert_eq!(svg.status, StatusCode::OK);
    let svg = String::from_utf8(svg.body).unwrap();
    assert!(
        svg.contains("New definition from 2022"),
        "the chart marks the break (the API's charts are English by default)"
    );
    assert!(
        svg.contains("nur Ausländer mit mindestens acht Jahren Aufenthalt"),
        "with its note"
    );
    // Labels and help texts change without a new version.
    let (_, edited) = send(
        h,
        Method::PATCH,
        "/api/v1/indicators/einbuergerungsquote",
        Some("admin"),
        json!({"label_en": "Naturalisation rate (per 100)"}),
    )
    .await;
    assert_eq!(edited["definition_version"].as_i64().unwrap(), version);
    let (status, _) = send(
        h,
        Method::PATCH,
        "/api/v1/indicators/einbuergerungsquote",
        Some("admin"),
        json!({"polarity": "lower_is_better"}),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a change of meaning is not a label edit"
    );
}

vergleich_api::on_both_backends!(
    an_admin_adds_a_field_and_an_indicator_that_every_view_shows,
    a_definition_change_is_a_new_version_that_never_goes_back,
);
