//! Values recorded under different definition versions (issue #14 B.2), on SQLite and
//! PostgreSQL: the demo values of 2023 were recorded before the admin creates version 2 of
//! `einbuergerungsquote` (valid from 2022), so they stay recorded under version 1; Rostock then
//! corrects its 2023 value, recorded under version 2. The comparison of 2023 says so and lists
//! who reported under which version (JSON `definitions` with the note in German and English, the
//! export's header, the indicator page); a year recorded under one version says nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use vergleich_api::testing::{Harness, KL, ROSTOCK, csv};

const COMPARISON: &str = "/api/v1/comparisons/einbuergerungsquote";

async fn comparison(h: &Harness, year: i32) -> Value {
    let a = h.get(&format!("{COMPARISON}?year={year}"), None).await;
    assert_eq!(a.status, StatusCode::OK, "{year}");
    a.json()
}

fn keys(group: &Value) -> Vec<&str> {
    group["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["key"].as_str().unwrap())
        .collect()
}

async fn a_comparison_of_a_year_recorded_under_two_versions_lists_who_reported_under_which(
    h: &Harness,
) {
    let before = comparison(h, 2023).await;
    assert!(before.get("definitions").is_none(), "one version: {before}");

    // Version 2, valid from 2022: the values already stored were recorded under version 1, so
    // 2023 is not mixed yet (the period rule only breaks the time series).
    let change = json!({"definition_de": "Einbürgerungen je 100 Ausländerinnen und Ausländer mit mindestens acht Jahren Aufenthalt",
        "valid_from": "2022-01-01", "note_de": "Bezugsgröße ab 2022: nur Ausländer mit mindestens acht Jahren Aufenthalt"});
    let changed = h
        .call(
            Method::POST,
            "/api/v1/indicators/einbuergerungsquote/definitions",
            Some("admin"),
            &[("content-type", "application/json")],
            serde_json::to_vec(&change).unwrap(),
        )
        .await;
    assert_eq!(changed.status, StatusCode::CREATED, "{:?}", changed.json());
    assert_eq!(changed.json()["definition_version"], 2);
    let versions = h
        .get("/api/v1/indicators/einbuergerungsquote/definitions", None)
        .await
        .json();
    assert!(
        versions["versions"][1]["created_at"].is_string(),
        "{versions}"
    );
    let unchanged = comparison(h, 2023).await;
    assert!(
        unchanged.get("definitions").is_none(),
        "all recorded under version 1: {unchanged}"
    );

    // Rostock corrects its 2023 value: recorded under version 2.
    let posted = h
        .call(
            Method::POST,
            "/api/v1/uploads",
            Some("rostock"),
            &[("content-type", "text/csv")],
            csv(ROSTOCK, &[("einbuergerungsquote", 2023, "1,35")]),
        )
        .await;
    assert_eq!(posted.status, StatusCode::CREATED, "{:?}", posted.json());
    let id = posted.json()["upload"]["id"].as_i64().unwrap();
    let submitted = h
        .post(
            &format!("/api/v1/uploads/{id}/submit"),
            Some("rostock"),
            Vec::new(),
        )
        .await;
    assert_eq!(submitted.status, StatusCode::OK, "{:?}", submitted.json());
    let approved = h
        .post(
            &format!("/api/v1/uploads/{id}/approve"),
            Some("pl"),
            Vec::new(),
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{:?}", approved.json());

    let mixed = comparison(h, 2023).await;
    let rostock = mixed["comparison"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["key"] == ROSTOCK)
        .cloned()
        .unwrap();
    assert_eq!(rostock["value"], 1.35, "the correction counts: {rostock}");
    let definitions = mixed["definitions"].as_array().expect("definitions");
    assert_eq!(definitions.len(), 2, "{definitions:?}");
    assert_eq!(definitions[0]["version"], 1);
    assert_eq!(definitions[1]["version"], 2);
    assert_eq!(
        definitions[1]["members"],
        json!([{"key": ROSTOCK, "name": "Rostock"}])
    );
    let under_one = keys(&definitions[0]);
    let reported = mixed["comparison"]["reported"].as_u64().unwrap() as usize;
    assert_eq!(
        under_one.len(),
        reported - 1,
        "every other member with a value"
    );
    assert!(under_one.contains(&KL) && !under_one.contains(&ROSTOCK));
    let note_de = mixed["definitions_note_de"].as_str().unwrap();
    assert!(
        note_de.starts_with(
            "Die Werte von 2023 wurden unter verschiedenen Definitionen erfasst: Version 1: "
        ) && note_de.ends_with("; Version 2: Rostock. Nicht direkt vergleichbar."),
        "{note_de}"
    );
    assert!(note_de.contains("Kaiserslautern"), "{note_de}");
    let note_en = mixed["definitions_note_en"].as_str().unwrap();
    assert!(
        note_en.starts_with("The values of 2023 were recorded under different definitions: ")
            && note_en.ends_with("version 2: Rostock. Not directly comparable."),
        "{note_en}"
    );

    // The export's header lists it.
    let export = h.get(&format!("{COMPARISON}.csv?year=2023"), None).await;
    assert_eq!(export.status, StatusCode::OK);
    let text = export.text();
    assert!(
        text.contains("Version 2: Rostock") || text.contains("version 2: Rostock"),
        "{text}"
    );

    // The indicator page shows the note.
    let page = h
        .get("/indikator/einbuergerungsquote?jahr=2023", None)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.html();
    assert!(
        html.contains("unter verschiedenen Definitionen erfasst")
            && html.contains("Version 2: Rostock"),
        "the page says so"
    );

    // Years recorded under one version say nothing; nor does the page.
    for year in [2022, 2024] {
        let single = comparison(h, year).await;
        assert!(single.get("definitions").is_none(), "{year}: {single}");
        assert!(single.get("definitions_note_de").is_none(), "{year}");
    }
    let page = h
        .get("/indikator/einbuergerungsquote?jahr=2024", None)
        .await
        .html();
    assert!(!page.contains("unter verschiedenen Definitionen erfasst"));
}

vergleich_api::on_both_backends!(
    a_comparison_of_a_year_recorded_under_two_versions_lists_who_reported_under_which,
);
