//! Integrationskonzepte over HTTP (issue #13), on SQLite and PostgreSQL, with the demo concepts:
//! progress and warnings as every reader sees them (budgets only signed in), the diff, the
//! concepts across members with an umlaut-insensitive search, a Fortschreibung started, edited
//! (a bad target refused with where), its measures downloaded as XLSX, changed as in Excel and
//! uploaded back (and a file with broken rows refused by row and column, nothing stored),
//! published, and the charts as PNG and SVG.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use vergleich_api::testing::{Harness, KL};
use vergleich_ingest::Limits;
use vergleich_ingest::plain::plain_rows;
use vergleich_service::workflow::concept_demo::{DEMO_CONCEPTS, seed_demo_concepts};

async fn seeded(h: &Harness) {
    let n = seed_demo_concepts(h.store(), DEMO_CONCEPTS).await.unwrap();
    assert!(n >= 8, "{n} demo versions");
    // A second seed (a restart) adds nothing.
    assert_eq!(
        seed_demo_concepts(h.store(), DEMO_CONCEPTS).await.unwrap(),
        0
    );
}

async fn send(
    h: &Harness,
    method: Method,
    uri: &str,
    who: &str,
    body: Value,
) -> (StatusCode, Value) {
    let a = h
        .call(
            method,
            uri,
            Some(who),
            &[("content-type", "application/json")],
            serde_json::to_vec(&body).unwrap(),
        )
        .await;
    (a.status, a.json())
}

/// The measures table as a person edits it: every cell as text, `changes` applied by (measure
/// id, column name), written as a new workbook.
fn edited_xlsx(bytes: &[u8], changes: &[(&str, &str, &str)]) -> Vec<u8> {
    let rows = plain_rows(bytes, &Limits::default()).unwrap();
    let header = rows[0].cells.clone();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.cells.iter().enumerate() {
            let mut text = cell.clone();
            if r > 0 {
                for (id, column, value) in changes {
                    if row.cells[1] == *id && header[c] == *column {
                        text = (*value).to_owned();
                    }
                }
            }
            sheet.write_string(r as u32, c as u16, &text).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

async fn progress_warnings_and_budgets_as_each_reader_sees_them(h: &Harness) {
    seeded(h).await;
    let anonymous = h.get(&format!("/api/v1/concepts/{KL}"), None).await;
    assert_eq!(anonymous.status, StatusCode::OK);
    let v = anonymous.json();
    assert!(
        v["meta"]["notice"]
            .as_str()
            .unwrap()
            .contains("synthetisch")
    );
    let shown = &v["concept"]["shown"];
    assert_eq!(shown["version"]["label"], "2022");
    assert_eq!(shown["version"]["based_on"], "2013");
    assert_eq!(shown["themenfelder"].as_array().unwrap().len(), 5);
    // Every target has a state; actuals carry year and source; budgets are hidden.
    let targets: Vec<&Value> = shown["themenfelder"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["goals"].as_array().unwrap())
        .flat_map(|g| g["targets"].as_array().unwrap())
        .collect();
    assert!(targets.len() >= 10);
    for t in &targets {
        assert!(
            ["reached", "on_track", "behind", "no_data"].contains(&t["state"].as_str().unwrap())
        );
        if !t["actual"].is_null() {
            assert!(t["actual"]["year"].as_i64().unwrap() >= t["baseline_year"].as_i64().unwrap());
            assert!(t["actual"]["source"].is_string(), "{t}");
        }
    }
    assert!(
        shown["measures"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["budget"].is_null())
    );
    let kinds: Vec<&str> = shown["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"review_due"), "{kinds:?}");
    assert!(kinds.contains(&"measure_stale"), "{kinds:?}");
    // Signed in: budgets. The superseded 2013 version: no warnings.
    let signed = h
        .get(&format!("/api/v1/concepts/{KL}"), Some("stiftung"))
        .await
        .json();
    assert!(
        signed["concept"]["shown"]["measures"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["budget"].is_number())
    );
    let old = h
        .get(&format!("/api/v1/concepts/{KL}?version=2013"), None)
        .await
        .json();
    assert_eq!(old["concept"]["shown"]["warnings"], json!([]));
    assert_eq!(
        h.get(&format!("/api/v1/concepts/{KL}?version=1999"), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        h.get("/api/v1/concepts/123", None).await.status,
        StatusCode::BAD_REQUEST
    );
    // Konstanz's draft: for its own users and managers, not for anonymous readers.
    let across = h.get("/api/v1/concepts", None).await.json();
    let konstanz = across["concepts"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "Konstanz")
        .unwrap();
    assert_eq!(konstanz["current"]["version"]["state"], "published");
    assert_eq!(konstanz["drafts"], json!([]));
    let managers = h.get("/api/v1/concepts", Some("pl")).await.json();
    let konstanz = managers["concepts"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "Konstanz")
        .unwrap();
    assert_eq!(konstanz["drafts"], json!(["2026"]));

    // The diff names added, dropped and changed goals and measures.
    let diff = h
        .get(
            &format!("/api/v1/concepts/{KL}/diff?from=2013&to=2022"),
            None,
        )
        .await
        .json();
    let changes: Vec<&str> = diff["diff"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["change"].as_str().unwrap())
        .collect();
    for kind in ["added", "dropped", "changed"] {
        assert!(changes.contains(&kind), "{changes:?}");
    }
    // The search ignores case and umlauts; a bad status is a 400 naming it.
    let found = h
        .get("/api/v1/concepts?q=BUERGERDIENSTE", None)
        .await
        .json();
    assert!(
        found["concepts"]["measures"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["title"].as_str().unwrap().contains("Bürgerdienste"))
    );
    assert_eq!(
        h.get("/api/v1/concepts?status=fertig", None).await.status,
        StatusCode::BAD_REQUEST
    );
    // The keyword: 100 characters at most, tested at the limit and one past it.
    let at = h
        .get(
            &format!("/api/v1/concepts?q={}", "%C3%A4".repeat(100)),
            None,
        )
        .await;
    assert_eq!(at.status, StatusCode::OK);
    let past = h
        .get(
            &format!("/api/v1/concepts?q={}", "%C3%A4".repeat(101)),
            None,
        )
        .await;
    assert_eq!(past.status, StatusCode::BAD_REQUEST);
    // The targets as a table for Excel: one row per target, the method among the metadata.
    let csv = h.get(&format!("/api/v1/concepts/{KL}.csv"), None).await;
    assert_eq!(csv.status, StatusCode::OK);
    let text = csv.text();
    assert!(
        text.contains("Zielerreichung (%)") && text.contains("# Methode"),
        "{text}"
    );
    let rows = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("\u{feff}#"))
        .count();
    assert_eq!(rows, targets.len() + 1, "{text}");
    // Charts.
    let png = h
        .get(&format!("/api/v1/concepts/{KL}/progress.png"), None)
        .await;
    assert_eq!(
        (png.status, png.header("content-type")),
        (StatusCode::OK, Some("image/png"))
    );
    let svg = h
        .get(&format!("/api/v1/concepts/{KL}/timeline.svg?lang=en"), None)
        .await;
    assert!(svg.text().contains("today"), "{}", svg.text().len());
}

async fn a_fortschreibung_is_edited_updated_in_bulk_and_published(h: &Harness) {
    seeded(h).await;
    let current = h
        .get(&format!("/api/v1/concepts/{KL}"), Some("kl"))
        .await
        .json();
    let base = current["concept"]["shown"]["version"]["id"]
        .as_i64()
        .unwrap();
    // Only the member's own users start versions.
    let (status, _) = send(
        h,
        Method::POST,
        "/api/v1/concepts/13003000/versions",
        "kl",
        json!({"label": "2027"}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = send(
        h,
        Method::POST,
        &format!("/api/v1/concepts/{KL}/versions"),
        "pl",
        json!({"label": "2027"}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, v) = send(
        h,
        Method::POST,
        &format!("/api/v1/concepts/{KL}/versions"),
        "kl",
        json!({"label": "2027", "based_on": base}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    let id = v["id"].as_i64().unwrap();
    assert_eq!(v["state"], "draft");

    // A target on a neutral indicator is refused with where; nothing stored.
    let mut content = v["content"].clone();
    content["themenfelder"][0]["goals"][0]["targets"] = json!([{
        "indicator": "antidiskriminierungsberatungen_je_10000", "baseline_year": 2022, "baseline": 1.0,
        "target_year": 2027, "target": 2.0, "role": "controlling"}]);
    let edit = json!({"title": v["title"], "adopted_on": null, "review_on": "2030-06-30", "document_url": null, "content": content});
    let (status, problem) = send(
        h,
        Method::PUT,
        &format!("/api/v1/concept-versions/{id}"),
        "kl",
        edit,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert!(
        problem["errors"][0]["parameter"]
            .as_str()
            .unwrap()
            .contains("antidiskriminierungsberatungen_je_10000"),
        "{problem}"
    );
    // The link must be a web address (a javascript: link would run for every reader); the
    // title has 1 to 200 characters, tested at the limit and one past it.
    let meta = |title: String, url: &str| json!({"title": title, "document_url": url, "content": v["content"].clone()});
    let put = format!("/api/v1/concept-versions/{id}");
    let (status, problem) = send(
        h,
        Method::PUT,
        &put,
        "kl",
        meta("Konzept".into(), "javascript:alert(1)"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        problem["errors"][0]["parameter"], "document_url",
        "{problem}"
    );
    let (status, _) = send(
        h,
        Method::PUT,
        &put,
        "kl",
        meta("ä".repeat(200), "https://example.org/k.pdf"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, problem) = send(
        h,
        Method::PUT,
        &put,
        "kl",
        meta("ä".repeat(201), "https://example.org/k.pdf"),
    )
    .await;
    assert_eq!(problem["errors"][0]["parameter"], "title", "{problem}");
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Output figures of a measure, planned against achieved, are kept (and shown on the page).
    let mut with_outputs = v["content"].clone();
    with_outputs["measures"][0]["outputs"] =
        json!([{"label": "Teilnehmende", "planned": 150, "achieved": 120}]);
    let body = json!({"title": "Konzept 2027", "content": with_outputs});
    let (status, stored) = send(h, Method::PUT, &put, "kl", body).await;
    assert_eq!(status, StatusCode::OK, "{stored}");
    assert_eq!(
        stored["content"]["measures"][0]["outputs"][0]["achieved"],
        120.0
    );
    let page = h
        .get(&format!("/konzept/{KL}?fassung=2027"), Some("kl"))
        .await
        .text();
    assert!(
        page.contains("Teilnehmende: 120 von 150 geplant"),
        "no output figure on the page"
    );
    // Another member's user does not find the draft.
    let (status, _) = send(
        h,
        Method::POST,
        &format!("/api/v1/concept-versions/{id}/publish"),
        "rostock",
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The measures as XLSX, two changed as in Excel, uploaded back.
    let xlsx = h
        .get(
            &format!("/api/v1/concept-versions/{id}/measures.xlsx"),
            Some("kl"),
        )
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let before = h
        .get(&format!("/api/v1/concepts/{KL}?version=2027"), Some("kl"))
        .await
        .json();
    let measures = before["concept"]["shown"]["measures"]
        .as_array()
        .unwrap()
        .clone();
    let (a, b) = (measures[1]["id"].to_string(), measures[2]["id"].to_string());
    let bad = edited_xlsx(
        &xlsx.body,
        &[
            (&a, "Status", "fertig"),
            (&b, "Fortschritt (%)", "101"),
            (&b, "Ende", "01.01.2000"),
        ],
    );
    let refused = h
        .call(
            Method::POST,
            &format!("/api/v1/concept-versions/{id}/measures"),
            Some("kl"),
            &[],
            bad,
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::BAD_REQUEST,
        "{}",
        refused.text()
    );
    let errors = refused.json()["errors"].as_array().unwrap().clone();
    let columns: Vec<&str> = errors
        .iter()
        .map(|e| e["column"].as_str().unwrap())
        .collect();
    assert_eq!(columns, ["Status", "Fortschritt (%)", "Ende"], "{errors:?}");
    assert!(errors.iter().all(|e| e["row"].as_u64().unwrap() >= 2));
    let unchanged = h
        .get(&format!("/api/v1/concepts/{KL}?version=2027"), Some("kl"))
        .await
        .json();
    assert_eq!(
        unchanged["concept"]["shown"]["measures"],
        before["concept"]["shown"]["measures"]
    );

    let good = edited_xlsx(
        &xlsx.body,
        &[
            (&a, "Status", "abgeschlossen"),
            (&a, "Fortschritt (%)", "100"),
            (&b, "Fortschritt (%)", "75,5"),
        ],
    );
    let stored = h
        .call(
            Method::POST,
            &format!("/api/v1/concept-versions/{id}/measures"),
            Some("kl"),
            &[],
            good,
        )
        .await;
    assert_eq!(stored.status, StatusCode::OK, "{}", stored.text());
    assert_eq!(stored.json()["applied"], measures.len());
    let after = stored.json()["version"]["content"]["measures"]
        .as_array()
        .unwrap()
        .clone();
    let ma = after.iter().find(|m| m["id"] == measures[1]["id"]).unwrap();
    assert_eq!(ma["status"], "abgeschlossen");
    assert_eq!(
        ma["timeline"].as_array().unwrap().last().unwrap()["by"],
        "kl"
    );
    let mb = after.iter().find(|m| m["id"] == measures[2]["id"]).unwrap();
    assert_eq!(mb["progress"], 75.5);

    // A file of another concept is refused by row.
    let other = h
        .get(
            &format!("/api/v1/concept-versions/{base}/measures.csv"),
            Some("kl"),
        )
        .await;
    let foreign = h
        .call(
            Method::POST,
            &format!("/api/v1/concept-versions/{id}/measures"),
            Some("kl"),
            &[],
            other.body,
        )
        .await;
    assert_eq!(foreign.status, StatusCode::BAD_REQUEST);
    assert_eq!(foreign.json()["errors"][0]["column"], "Konzept");

    // Published: everyone sees it; editing it is a conflict, its measures' tracking is not.
    let (status, published) = send(
        h,
        Method::POST,
        &format!("/api/v1/concept-versions/{id}/publish"),
        "kl",
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{published}");
    let now = h.get(&format!("/api/v1/concepts/{KL}"), None).await.json();
    assert_eq!(now["concept"]["shown"]["version"]["label"], "2027");
    let edit = json!({"title": "x", "adopted_on": null, "review_on": null, "document_url": null, "content": {}});
    let (status, _) = send(
        h,
        Method::PUT,
        &format!("/api/v1/concept-versions/{id}"),
        "kl",
        edit,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let csv = h
        .get(
            &format!("/api/v1/concept-versions/{id}/measures.csv"),
            Some("kl"),
        )
        .await;
    let text = String::from_utf8(csv.body.clone()).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains(&format!(";{b};")))
        .unwrap()
        .to_owned();
    let changed = text.replace(&line, &line.replace("75,5", "80"));
    let tracked = h
        .call(
            Method::POST,
            &format!("/api/v1/concept-versions/{id}/measures"),
            Some("kl"),
            &[],
            changed.into_bytes(),
        )
        .await;
    assert_eq!(tracked.status, StatusCode::OK, "{}", tracked.text());
    let audit = h.get("/api/v1/audit?limit=20", Some("admin")).await.json();
    assert!(
        audit.to_string().contains("concept.measures_updated"),
        "{audit}"
    );
}

vergleich_api::on_both_backends!(
    progress_warnings_and_budgets_as_each_reader_sees_them,
    a_fortschreibung_is_edited_updated_in_bulk_and_published,
);
