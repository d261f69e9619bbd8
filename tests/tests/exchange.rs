//! Exchange between members over HTTP (issue #14 A), on SQLite and PostgreSQL: a member writes a
//! practice, bad input is refused naming the field with nothing stored, an incomplete one cannot
//! be handed in, a manager sends it back (only with a comment) and publishes it; anonymous
//! readers see it without the contact and never a draft; search finds it case-, umlaut- and
//! ending-insensitively with filters; the learning partners of a member name strong members
//! with why and what they published; requests go from one member to another and through their
//! states; the demo practices seed once and are labelled synthetic.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use vergleich_api::testing::{Harness, KL, ROSTOCK};
use vergleich_service::workflow::exchange_demo::{DEMO_PRACTICES, seed_demo_practices};

const JSON: (&str, &str) = ("content-type", "application/json");

async fn send(
    h: &Harness,
    method: Method,
    uri: &str,
    who: Option<&str>,
    body: Value,
) -> (StatusCode, Value) {
    let body = if body.is_null() {
        Vec::new()
    } else {
        serde_json::to_vec(&body).unwrap()
    };
    let a = h.call(method, uri, who, &[JSON], body).await;
    (a.status, a.json())
}

fn practice(title: &str) -> Value {
    json!({
        "title": title,
        "fields": ["kommunikation", "zugang"],
        "period_from": 2022,
        "ausgangslage": "Viele Gespräche in der Ausländerbehörde scheiterten an der Sprache.",
        "ziele": "Jede Beratung bekommt binnen zwei Tagen eine Sprachmittlung.",
        "vorgehen": "Ein Pool mit Migrantenorganisationen und der Volkshochschule.",
        "ergebnisse": "640 Einsätze im ersten Jahr.",
        "kosten": "ca. 30.000 € im Jahr",
        "transfer": "Eine halbe Stelle für die Koordination.",
        "links": [{"label": "Bericht", "url": "https://example.org/bericht.pdf"}],
        "indicators": [],
        "contact": "Integrationsbeauftragte/r"
    })
}

fn first_problem(body: &Value) -> String {
    body["errors"][0]["parameter"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn a_practice_goes_from_draft_to_published(h: &Harness) {
    // Bad input: the field named, nothing stored.
    let mut bad = practice("Dolmetschpool");
    bad["links"][0]["url"] = json!("javascript:alert(1)");
    let (status, body) = send(
        h,
        Method::POST,
        "/api/v1/practices",
        Some("kl"),
        json!({"municipality": KL, "practice": bad}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(first_problem(&body), "links[0].url", "{body}");
    let mut bad = practice("Dolmetschpool");
    bad["fields"] = json!(["mond"]);
    let (status, body) = send(
        h,
        Method::POST,
        "/api/v1/practices",
        Some("kl"),
        json!({"municipality": KL, "practice": bad}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(first_problem(&body), "fields[0]", "{body}");
    let mut bad = practice("x");
    bad["title"] = json!("T".repeat(201));
    let (status, body) = send(
        h,
        Method::POST,
        "/api/v1/practices",
        Some("kl"),
        json!({"municipality": KL, "practice": bad}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (_, list) = send(h, Method::GET, "/api/v1/practices", Some("kl"), Value::Null).await;
    assert_eq!(
        list["practices"].as_array().unwrap().len(),
        0,
        "nothing stored: {list}"
    );
    // Another member's practice: 403.
    let (status, _) = send(
        h,
        Method::POST,
        "/api/v1/practices",
        Some("kl"),
        json!({"municipality": ROSTOCK, "practice": practice("x")}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // An incomplete draft is stored but cannot be handed in.
    let (status, draft) = send(h, Method::POST, "/api/v1/practices", Some("kl"),
        json!({"municipality": KL, "practice": {"title": "Sprachmittlerpool", "fields": ["kommunikation"]}})).await;
    assert_eq!(status, StatusCode::CREATED, "{draft}");
    assert_eq!(draft["state"], "draft");
    let id = draft["id"].as_i64().unwrap();
    let (status, body) = send(
        h,
        Method::POST,
        &format!("/api/v1/practices/{id}/submit"),
        Some("kl"),
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(first_problem(&body), "period_from");
    // Drafts are the member's: 404 for anonymous readers and other members.
    for who in [None, Some("rostock"), Some("stiftung")] {
        let (status, _) = send(
            h,
            Method::GET,
            &format!("/api/v1/practices/{id}"),
            who,
            Value::Null,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{who:?}");
    }
    let (status, edited) = send(
        h,
        Method::PUT,
        &format!("/api/v1/practices/{id}"),
        Some("kl"),
        practice("Sprachmittlerpool"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    let (status, submitted) = send(
        h,
        Method::POST,
        &format!("/api/v1/practices/{id}/submit"),
        Some("kl"),
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{submitted}");
    assert_eq!(submitted["state"], "submitted");
    // Submitted: not editable; a municipality does not review.
    let (status, _) = send(
        h,
        Method::PUT,
        &format!("/api/v1/practices/{id}"),
        Some("kl"),
        practice("Neu"),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = send(
        h,
        Method::POST,
        &format!("/api/v1/practices/{id}/review"),
        Some("kl"),
        json!({"decision": "publish"}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Sending back needs a comment; then it is editable and handed in again.
    let (status, body) = send(
        h,
        Method::POST,
        &format!("/api/v1/practices/{id}/review"),
        Some("pl"),
        json!({"decision": "reject"}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, rejected) = send(
        h,
        Method::POST,
        &format!("/api/v1/practices/{id}/review"),
        Some("pl"),
        json!({"decision": "reject", "comment": "Bitte die Kosten nennen."}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{rejected}");
    assert_eq!(rejected["state"], "rejected");
    assert_eq!(rejected["review_comment"], "Bitte die Kosten nennen.");
    let (status, again) = send(
        h,
        Method::PUT,
        &format!("/api/v1/practices/{id}"),
        Some("kl"),
        practice("Sprachmittlerpool"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["state"], "draft");
    send(
        h,
        Method::POST,
        &format!("/api/v1/practices/{id}/submit"),
        Some("kl"),
        Value::Null,
    )
    .await;
    let (status, published) = send(
        h,
        Method::POST,
        &format!("/api/v1/practices/{id}/review"),
        Some("pl"),
        json!({"decision": "publish"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{published}");
    assert_eq!(published["state"], "published");
    assert!(published["published_at"].is_string());
    // Published: everyone reads it, the contact only signed-in users.
    let (status, anon) = send(
        h,
        Method::GET,
        &format!("/api/v1/practices/{id}"),
        None,
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(anon["content"]["contact"].is_null(), "{anon}");
    let (_, staff) = send(
        h,
        Method::GET,
        &format!("/api/v1/practices/{id}"),
        Some("stiftung"),
        Value::Null,
    )
    .await;
    assert_eq!(staff["content"]["contact"], "Integrationsbeauftragte/r");
    let page = h.get(&format!("/praxis/{id}"), None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        !page.html().contains("Integrationsbeauftragte/r"),
        "no contact for anonymous readers"
    );
    assert!(
        page.html()
            .contains("für angemeldete Projektmitglieder sichtbar")
    );

    // Search: case, umlauts and endings do not matter; every word must match; filters apply.
    for q in [
        "sprachmittler",
        "SPRACHMITTLERPOOLS",
        "Migrantenorganisation",
        "auslanderbehorde",
        "Ausländerbehörde",
    ] {
        let (_, found) = send(
            h,
            Method::GET,
            &format!("/api/v1/exchange/search?q={}", urlencode(q)),
            None,
            Value::Null,
        )
        .await;
        assert!(
            found["hits"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["id"] == id && e["kind"] == "practice"),
            "{q}: {found}"
        );
    }
    let (_, none) = send(
        h,
        Method::GET,
        "/api/v1/exchange/search?q=Sprachmittler+Sportverein",
        None,
        Value::Null,
    )
    .await;
    assert!(
        none["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["id"] != id)
    );
    let (_, other_field) = send(
        h,
        Method::GET,
        "/api/v1/exchange/search?q=sprachmittler&field=arbeit",
        None,
        Value::Null,
    )
    .await;
    assert!(
        other_field["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["id"] != id)
    );
    let (status, _) = send(
        h,
        Method::GET,
        "/api/v1/exchange/search?field=mond",
        None,
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = send(
        h,
        Method::GET,
        &format!("/api/v1/exchange/search?q={}", "a".repeat(101)),
        None,
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = send(
        h,
        Method::GET,
        &format!("/api/v1/exchange/search?q={}", "a".repeat(100)),
        None,
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    // Withdrawn: gone from search, a draft again.
    let (_, withdrawn) = send(
        h,
        Method::POST,
        &format!("/api/v1/practices/{id}/withdraw"),
        Some("kl"),
        Value::Null,
    )
    .await;
    assert_eq!(withdrawn["state"], "draft");
    let (_, gone) = send(
        h,
        Method::GET,
        "/api/v1/exchange/search?q=sprachmittlerpool",
        None,
        Value::Null,
    )
    .await;
    assert!(
        gone["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["id"] != id)
    );
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => char::from(b).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

async fn requests_go_between_two_members(h: &Harness) {
    seed_demo_practices(h.store(), DEMO_PRACTICES)
        .await
        .unwrap();
    // Seeding again writes nothing.
    assert_eq!(
        seed_demo_practices(h.store(), DEMO_PRACTICES)
            .await
            .unwrap(),
        0
    );
    let (_, list) = send(
        h,
        Method::GET,
        &format!("/api/v1/practices?municipality={ROSTOCK}&state=published"),
        None,
        Value::Null,
    )
    .await;
    let theirs = &list["practices"].as_array().unwrap()[0];
    assert_eq!(theirs["synthetic"], true);
    let id = theirs["id"].as_i64().unwrap();
    // Kaiserslautern asks Rostock.
    let (status, body) = send(
        h,
        Method::POST,
        &format!("/api/v1/practices/{id}/requests"),
        Some("kl"),
        json!({"message": " "}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, body) = send(
        h,
        Method::POST,
        &format!("/api/v1/practices/{id}/requests"),
        Some("kl"),
        json!({"message": "x".repeat(2001)}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, asked) = send(
        h,
        Method::POST,
        &format!("/api/v1/practices/{id}/requests"),
        Some("kl"),
        json!({"message": "Wie habt ihr die Übersetzungen organisiert?"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{asked}");
    assert_eq!(asked["state"], "offen");
    assert_eq!(asked["to_municipality"], ROSTOCK);
    let rid = asked["id"].as_i64().unwrap();
    // Asking about the own member's practice makes no sense.
    let (status, _) = send(
        h,
        Method::POST,
        &format!("/api/v1/practices/{id}/requests"),
        Some("rostock"),
        json!({"message": "?"}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    // Both inboxes show it; foundation staff have none.
    for who in ["kl", "rostock", "pl"] {
        let (_, inbox) = send(
            h,
            Method::GET,
            "/api/v1/exchange/requests",
            Some(who),
            Value::Null,
        )
        .await;
        assert!(
            inbox["requests"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["id"] == rid),
            "{who}: {inbox}"
        );
    }
    let (status, _) = send(
        h,
        Method::GET,
        "/api/v1/exchange/requests",
        Some("stiftung"),
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Only the asked member answers.
    let (status, _) = send(
        h,
        Method::POST,
        &format!("/api/v1/exchange/requests/{rid}/answer"),
        Some("kl"),
        json!({"answer": "Selbst?"}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, answered) = send(
        h,
        Method::POST,
        &format!("/api/v1/exchange/requests/{rid}/answer"),
        Some("rostock"),
        json!({"answer": "Mit einem Sprachmittlerpool; rufen Sie uns an."}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answered}");
    assert_eq!(answered["state"], "beantwortet");
    let (_, closed) = send(
        h,
        Method::POST,
        &format!("/api/v1/exchange/requests/{rid}/close"),
        Some("kl"),
        Value::Null,
    )
    .await;
    assert_eq!(closed["state"], "erledigt");
    let (status, _) = send(
        h,
        Method::POST,
        &format!("/api/v1/exchange/requests/{rid}/answer"),
        Some("rostock"),
        json!({"answer": "noch was"}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let page = h.get("/austausch", Some("rostock")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.html()
            .contains("Wie habt ihr die Übersetzungen organisiert?")
    );
}

async fn learning_partners_name_strong_members_and_their_practices(h: &Harness) {
    seed_demo_practices(h.store(), DEMO_PRACTICES)
        .await
        .unwrap();
    let mut found_partner_with_practice = false;
    let (_, members) = send(h, Method::GET, "/api/v1/municipalities", None, Value::Null).await;
    let keys: Vec<String> = members["municipalities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["key"].as_str().unwrap().to_owned())
        .collect();
    let mut members_with_needs = 0;
    for key in &keys {
        let (status, lp) = send(
            h,
            Method::GET,
            &format!("/api/v1/exchange/{key}"),
            None,
            Value::Null,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{lp}");
        for need in lp["needs"].as_array().unwrap() {
            let score = need["score"].as_f64().unwrap();
            assert!(score < need["peer_q1"].as_f64().unwrap(), "{need}");
            for p in need["partners"].as_array().unwrap() {
                assert_ne!(p["municipality"], key.as_str());
                assert!(
                    p["score"].as_f64().unwrap() >= need["peer_q3"].as_f64().unwrap(),
                    "{p}"
                );
                assert!(p["ahead"].as_f64().unwrap() > 0.0);
                assert!(p["reason_de"].as_str().unwrap().contains("Punkte vor"));
                for e in p["entries"].as_array().unwrap() {
                    assert_eq!(e["municipality"], p["municipality"]);
                    assert!(
                        e["fields"].as_array().unwrap().contains(&need["field"]),
                        "{e}"
                    );
                    found_partner_with_practice |= e["kind"] == "practice";
                }
            }
        }
        members_with_needs += usize::from(!lp["needs"].as_array().unwrap().is_empty());
    }
    assert!(
        members_with_needs >= 5,
        "demo members with needs: {members_with_needs}"
    );
    assert!(
        found_partner_with_practice,
        "some learning partner has a published demo practice"
    );
    let (status, _) = send(
        h,
        Method::GET,
        "/api/v1/exchange/99999999",
        None,
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let page = h.get(&format!("/kommune/{KL}"), None).await;
    assert!(
        page.html().contains("Lernpartner"),
        "the member page shows them"
    );
}

vergleich_api::on_both_backends!(
    a_practice_goes_from_draft_to_published,
    requests_go_between_two_members,
    learning_partners_name_strong_members_and_their_practices,
);
