//! A project manager uploads an official table once for the whole cohort (issue #15 item 5):
//! one upload per member with only that member's rows, each submitted for review, approved one
//! by one; a municipality user's upload of the same table keeps only its own rows. SQLite and
//! PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use axum::http::{Method, StatusCode};
use serde_json::Value;
use vergleich_api::testing::{Harness, KL};

/// The classic Regionaldatenbank table 12411-01-01-4 (Kreise, population 31.12.2021).
fn classic_12411() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../crates/ingest/tests/fixtures/realdata/genesis_table/",
        "regionalstatistik_12411-01-01-4_kreise_bevoelkerung_2021.csv"
    );
    std::fs::read(path).unwrap()
}

async fn post(h: &Harness, who: &str, query: &str) -> (StatusCode, Value) {
    let answer = h
        .call(
            Method::POST,
            &format!("/api/v1/uploads?file_name=12411-01-01-4.csv{query}"),
            Some(who),
            &[("content-type", "text/csv")],
            classic_12411(),
        )
        .await;
    (answer.status, answer.json())
}

async fn population_2021(h: &Harness, member: &str, who: Option<&str>) -> Value {
    let uri = format!(
        "/api/v1/observations?municipality={member}&indicator=bevoelkerung&from=2021&to=2021"
    );
    h.get(&uri, who).await.json()["observations"][0]["value"].clone()
}

async fn a_manager_uploads_one_table_for_every_member(h: &Harness) {
    // A municipality's upload of the national table keeps only its own row.
    let (status, own) = post(h, "kl", "").await;
    assert_eq!(status, StatusCode::CREATED, "{own}");
    assert_eq!(own["upload"]["municipality"], KL);
    assert_eq!(own["upload"]["observation_count"], 1);
    assert!(
        own["report"]["other_member_rows"].as_u64().unwrap() > 0,
        "{own}"
    );

    // Staff may not upload at all.
    let (status, _) = post(h, "stiftung", "").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // A dry run checks the whole file and stores nothing.
    let (status, dry) = post(h, "pl", "&dry_run=true").await;
    assert_eq!(status, StatusCode::OK, "{dry}");
    assert_eq!(dry["dry_run"], true);
    assert!(dry["uploads"].as_array().unwrap().is_empty());
    assert_eq!(dry["report"]["source"]["format"], "genesis-table");

    let before = population_2021(h, "13003000", None).await;
    let (status, answer) = post(h, "pl", "").await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let uploads = answer["uploads"].as_array().unwrap();
    assert_eq!(uploads.len(), 16, "one upload per member in the table");
    for u in uploads {
        assert_eq!(u["upload"]["municipality"], u["municipality"]);
        // Kaiserslautern uploaded the same bytes itself: its part is that upload again.
        let (by, replayed) = if u["municipality"] == KL {
            ("user:kl", true)
        } else {
            ("user:pl", false)
        };
        assert_eq!(u["upload"]["uploaded_by"], by, "{u}");
        assert_eq!(u["replayed"], replayed, "{u}");
    }
    let rostock = uploads
        .iter()
        .find(|u| u["municipality"] == "13003000")
        .unwrap();
    assert_eq!(rostock["upload"]["state"], "submitted");
    assert_eq!(rostock["upload"]["observation_count"], 1);
    let id = rostock["upload"]["id"].as_i64().unwrap();
    let changes = h
        .get(&format!("/api/v1/uploads/{id}/changes"), Some("pl"))
        .await
        .json();
    assert_eq!(
        changes["changes"][0]["new"]["value"].as_f64(),
        Some(208_400.0)
    );
    // The member sees its part among its uploads; nobody else's value changed yet.
    let mine = h.get("/api/v1/uploads", Some("rostock")).await.json();
    assert!(
        mine["uploads"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["id"] == id)
    );
    assert_eq!(population_2021(h, "13003000", None).await, before);

    // Approved one by one: Rostock's value is published, the others wait.
    let approved = h
        .post(
            &format!("/api/v1/uploads/{id}/approve"),
            Some("pl"),
            Vec::new(),
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{:?}", approved.json());
    assert_eq!(
        population_2021(h, "13003000", None).await.as_f64(),
        Some(208_400.0)
    );
    let queue = h
        .get("/api/v1/uploads?state=submitted", Some("pl"))
        .await
        .json();
    // 15 parts submitted by the manager (Kaiserslautern's is its own draft), one approved.
    assert_eq!(queue["uploads"].as_array().unwrap().len(), 14);

    // The same table again: every member's part is a repeat, nothing new is stored.
    let (status, again) = post(h, "pl", "").await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert!(
        again["uploads"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["replayed"] == true)
    );
}

/// The real INKAR export of Bundestag turnout per Kreis: its variable `Wahlbeteiligung` is in
/// no mapping of `datasets/sources.csv`.
fn inkar_turnout() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../crates/ingest/tests/fixtures/realdata/inkar/",
        "inkar_export_wahlbeteiligung_kreise.csv"
    );
    std::fs::read(path).unwrap()
}

const BOUNDARY: &str = "----grenze";

/// The upload form as a browser sends it: mapping rows, then the file.
fn form(dry_run: bool, rows: &[(&str, &str, &str)], file: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    let mut field = |name: &str, value: &str| {
        body.extend(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .bytes(),
        );
    };
    if dry_run {
        field("dry_run", "true");
    }
    for (variable, indicator, factor) in rows {
        field("variable", variable);
        field("indicator", indicator);
        field("factor", factor);
    }
    body.extend(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; \
             filename=\"inkar.csv\"\r\nContent-Type: text/csv\r\n\r\n"
        )
        .bytes(),
    );
    body.extend_from_slice(file);
    body.extend(format!("\r\n--{BOUNDARY}--\r\n").bytes());
    body
}

async fn page_upload(h: &Harness, body: Vec<u8>) -> (StatusCode, String) {
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    let answer = h
        .call(
            Method::POST,
            "/hochladen",
            Some("pl"),
            &[("content-type", &content_type)],
            body,
        )
        .await;
    (answer.status, answer.html())
}

async fn a_variable_without_a_mapping_is_mapped_in_the_page_or_with_map(h: &Harness) {
    let api = |query: &'static str| async move {
        let answer = h
            .call(
                Method::POST,
                &format!("/api/v1/uploads?file_name=inkar.csv{query}"),
                Some("pl"),
                &[("content-type", "text/csv")],
                inkar_turnout(),
            )
            .await;
        (answer.status, answer.json())
    };
    // Checked without a mapping: refused (no value for the cohort), the variable named, mapped
    // to nothing, with the fix.
    let (status, dry) = api("&dry_run=true").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{dry}");
    assert_eq!(dry["errors"][0]["code"], "table-dimensions");
    let variable = &dry["report"]["source"]["variables"][0];
    assert_eq!(variable["code"], "Wahlbeteiligung");
    assert!(variable["mapped_to"].is_null());
    assert!(variable["cohort_rows"].as_u64().unwrap() > 0);
    assert_eq!(dry["report"]["warnings"][0]["code"], "unmapped-variable");

    // A malformed mapping is a 400 naming it; nothing is read or stored.
    let (status, bad) = api("&map=Wahlbeteiligung").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    assert_eq!(bad["errors"][0]["parameter"], "map");
    assert_eq!(bad["errors"][0]["value"], "Wahlbeteiligung");

    // The page's check shows a mapping row for the variable, with the catalogue to choose from.
    let (status, html) = page_upload(h, form(true, &[], &inkar_turnout())).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(
        html.contains(r#"name="variable" value="Wahlbeteiligung""#),
        "{html}"
    );
    assert!(html.contains(r#"<option value="beirat_wahlbeteiligung">"#));
    assert!(html.contains("nicht zugeordnet"));

    // Mapped in the form and stored: one upload per member with turnout values, each submitted.
    // (A stand-in: the catalogue has no Bundestag turnout; any percentage shows the mechanism.)
    let rows = [("Wahlbeteiligung", "beirat_wahlbeteiligung", "")];
    let (status, html) = page_upload(h, form(false, &rows, &inkar_turnout())).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("sind zur Prüfung eingereicht"), "{html}");
    assert!(
        html.contains("<code>beirat_wahlbeteiligung</code>"),
        "{html}"
    );
    assert!(
        html.contains(r#"<option value="beirat_wahlbeteiligung" selected>"#),
        "the choice stays selected"
    );
    let queue = h
        .get("/api/v1/uploads?state=submitted", Some("pl"))
        .await
        .json();
    let submitted = queue["uploads"].as_array().unwrap();
    assert!(!submitted.is_empty());
    assert!(
        submitted
            .iter()
            .all(|u| u["observation_count"].as_i64() > Some(0))
    );

    // The same file with the same mapping over the API: every part is a repeat. With another
    // mapping it is no repeat (the same bytes mean other values).
    let (status, again) = api("&map=Wahlbeteiligung%3Dbeirat_wahlbeteiligung").await;
    assert_eq!(status, StatusCode::OK, "{again}");
    let parts = again["uploads"].as_array().unwrap();
    assert_eq!(parts.len(), submitted.len());
    assert!(parts.iter().all(|u| u["replayed"] == true), "{again}");
    let (status, other) = api("&map=Wahlbeteiligung%3Dbeirat_wahlbeteiligung*1").await;
    assert_eq!(status, StatusCode::CREATED, "{other}");
    let parts = other["uploads"].as_array().unwrap();
    assert_eq!(parts.len(), submitted.len());
    assert!(parts.iter().all(|u| u["replayed"] == false), "{other}");
}

vergleich_api::on_both_backends!(
    a_manager_uploads_one_table_for_every_member,
    a_variable_without_a_mapping_is_mapped_in_the_page_or_with_map
);
