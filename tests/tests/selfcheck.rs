//! The Selbstcheck over HTTP (issue #12), on SQLite and PostgreSQL: a municipality opens a round,
//! downloads the questionnaire as a template (CSV and XLSX), fills it in as Excel saves it and
//! uploads it; a file with broken rows is refused with the spreadsheet's rows and columns and
//! nothing stored.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use vergleich_api::testing::{Harness, KL};
use vergleich_ingest::Limits;
use vergleich_ingest::plain::plain_rows;

async fn send(
    h: &Harness,
    method: Method,
    uri: &str,
    body: Vec<u8>,
    json: bool,
) -> (StatusCode, Value) {
    let headers: &[(&str, &str)] = if json {
        &[("content-type", "application/json")]
    } else {
        &[]
    };
    let a = h.call(method, uri, Some("kl"), headers, body).await;
    (a.status, a.json())
}

/// The German CSV template with `answers` (id → answer) filled into the Antwort column.
fn filled(template: &str, answers: &[(&str, &str)]) -> Vec<u8> {
    let mut out = String::new();
    for line in template.lines() {
        let mut cells: Vec<String> = line.split(';').map(str::to_owned).collect();
        if let Some((_, a)) = answers
            .iter()
            .find(|(id, _)| cells.first().map(String::as_str) == Some(*id))
        {
            cells[4] = (*a).to_owned();
        }
        out.push_str(&cells.join(";"));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

async fn a_template_is_downloaded_filled_and_uploaded(h: &Harness) {
    let (status, round) = send(
        h,
        Method::POST,
        &format!("/api/v1/selfcheck/{KL}"),
        serde_json::to_vec(&json!({"label": "2024", "questionnaire": "v1"})).unwrap(),
        true,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{round}");
    let id = round["id"].as_i64().unwrap();

    // At most 500 answers per request: 501 are refused as too many before anything is read;
    // 500 pass that limit (and are then checked item by item: these repeat items).
    let answers = |n: usize| {
        let list: Vec<Value> = (0..n)
            .map(|_| json!({"item": "ste-01", "answer": "2"}))
            .collect();
        serde_json::to_vec(&json!({"answers": list})).unwrap()
    };
    let uri = format!("/api/v1/selfcheck/rounds/{id}/answers");
    let (status, past) = send(h, Method::PUT, &uri, answers(501), true).await;
    assert_eq!(
        (status, past["errors"][0]["parameter"].as_str()),
        (StatusCode::BAD_REQUEST, Some("answers")),
        "{past}"
    );
    let (status, at) = send(h, Method::PUT, &uri, answers(500), true).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(at["errors"][0]["column"], "item", "{at}");

    let xlsx = h
        .get(
            &format!("/api/v1/selfcheck/rounds/{id}/template.xlsx"),
            Some("kl"),
        )
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let rows = plain_rows(&xlsx.body, &Limits::default()).unwrap();
    assert_eq!(
        rows[0].cells[..5],
        ["ID", "Handlungsfeld", "Thema", "Frage", "Antwort"]
    );
    assert_eq!(rows.len(), 103, "header and 102 items");

    let csv = h
        .get(
            &format!("/api/v1/selfcheck/rounds/{id}/template.csv"),
            Some("kl"),
        )
        .await;
    let text = String::from_utf8(csv.body.clone()).unwrap();
    // Broken rows: an answer outside the scale and one that is no answer; nothing is stored.
    let bad = filled(
        &text,
        &[("ste-01", "3"), ("ste-02", "4"), ("zug-01", "vielleicht")],
    );
    let (status, problem) = send(
        h,
        Method::POST,
        &format!("/api/v1/selfcheck/rounds/{id}/template"),
        bad,
        false,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    let line_of = |id: &str| {
        text.lines()
            .position(|l| l.starts_with(&format!("{id};")))
            .unwrap()
            + 1
    };
    let at: Vec<(u64, &str)> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["row"].as_u64().unwrap_or(0),
                e["column"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        at,
        [
            (line_of("ste-02") as u64, "Antwort"),
            (line_of("zug-01") as u64, "Antwort")
        ]
    );
    let view = h
        .get(&format!("/api/v1/selfcheck/rounds/{id}"), Some("kl"))
        .await
        .json();
    assert!(
        view["mine"].is_null(),
        "something was stored: {}",
        view["mine"]
    );

    // Filled as people type: numbers, German labels.
    let good = filled(
        &text,
        &[
            ("ste-01", "3"),
            ("ste-02", "teilweise umgesetzt"),
            ("ste-03", "Weiß nicht"),
            ("zug-01", "übersprungen"),
        ],
    );
    let (status, stored) = send(
        h,
        Method::POST,
        &format!("/api/v1/selfcheck/rounds/{id}/template?department=Integrationsb%C3%BCro"),
        good,
        false,
    )
    .await;
    assert_eq!(
        (status, stored["stored"].as_u64()),
        (StatusCode::OK, Some(4)),
        "{stored}"
    );
    let view = h
        .get(&format!("/api/v1/selfcheck/rounds/{id}"), Some("kl"))
        .await
        .json();
    assert_eq!(
        view["mine"],
        json!({"answered": 2, "skipped": 1, "dont_know": 1, "of": 102})
    );
    assert_eq!(view["my_department"], "Integrationsbüro");
    // The next download carries the answers so far.
    let again = h
        .get(
            &format!("/api/v1/selfcheck/rounds/{id}/template.csv"),
            Some("kl"),
        )
        .await;
    let again = String::from_utf8(again.body).unwrap();
    assert!(
        again
            .lines()
            .any(|l| l.starts_with("ste-02;") && l.contains(";2;")),
        "{again}"
    );
    // Another member's user neither downloads nor uploads.
    let other = h
        .get(
            &format!("/api/v1/selfcheck/rounds/{id}/template.csv"),
            Some("rostock"),
        )
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
}

async fn get_json(h: &Harness, uri: &str) -> Value {
    h.get(uri, None).await.json()
}

/// The comparisons across members read published rounds only, and see a round as soon as it is
/// published (the cached read is keyed by the published rounds).
async fn a_published_round_enters_the_comparison_across_members(h: &Harness) {
    let before = get_json(h, "/api/v1/selfcheck/items/ste-01").await;
    assert_eq!(
        (before["members"].as_u64(), before["answered"].as_u64()),
        (Some(0), Some(0)),
        "{before}"
    );
    let (status, round) = send(
        h,
        Method::POST,
        &format!("/api/v1/selfcheck/{KL}"),
        serde_json::to_vec(&json!({"label": "2027", "questionnaire": "v1"})).unwrap(),
        true,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{round}");
    let id = round["id"].as_i64().unwrap();
    let body = json!({"answers": [{"item": "ste-01", "answer": "3"}]});
    let (status, _) = send(
        h,
        Method::PUT,
        &format!("/api/v1/selfcheck/rounds/{id}/answers"),
        serde_json::to_vec(&body).unwrap(),
        true,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = send(
        h,
        Method::POST,
        &format!("/api/v1/selfcheck/rounds/{id}/submit"),
        Vec::new(),
        false,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // Submitted is not published: still nobody.
    assert_eq!(
        get_json(h, "/api/v1/selfcheck/items/ste-01").await["members"],
        0
    );
    let a = h
        .call(
            Method::POST,
            &format!("/api/v1/selfcheck/rounds/{id}/publish"),
            Some("pl"),
            &[],
            Vec::new(),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.html());
    let after = get_json(h, "/api/v1/selfcheck/items/ste-01").await;
    assert_eq!(after["counts"], json!([0, 0, 0, 1]), "{after}");
    assert_eq!(
        after["summary_de"][0],
        "1 von 1 Kommunen: umgesetzt und verankert"
    );
    let csv = h.get("/api/v1/selfcheck/items/ste-01.csv", None).await;
    assert!(csv.text().contains("Kaiserslautern"), "{}", csv.text());
}

vergleich_api::on_both_backends!(
    a_template_is_downloaded_filled_and_uploaded,
    a_published_round_enters_the_comparison_across_members,
);
