//! What a reviewer sees beside each new value (issue #16 item 16): the member's previous
//! published year and the other members' range, of the same year or, for a year nobody else
//! has published yet, of the latest year that enough members have; and warnings that name
//! their indicator instead of only a row. SQLite and PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use axum::http::StatusCode;
use serde_json::Value;
use vergleich_api::testing::{Harness, KL, csv};

/// KL uploads and submits; the manager's view of what it changes.
async fn submitted_changes(h: &Harness, rows: &[(&str, i32, &str)]) -> (i64, Value) {
    let posted = h.upload_csv("kl", csv(KL, rows)).await;
    assert_eq!(posted.status, StatusCode::CREATED, "{:?}", posted.json());
    let id = posted.json()["upload"]["id"].as_i64().unwrap();
    let submitted = h
        .post(
            &format!("/api/v1/uploads/{id}/submit"),
            Some("kl"),
            Vec::new(),
        )
        .await;
    assert_eq!(submitted.status, StatusCode::OK);
    let changes = h
        .get(&format!("/api/v1/uploads/{id}/changes"), Some("pl"))
        .await;
    assert_eq!(changes.status, StatusCode::OK);
    (id, changes.json())
}

/// The published values of an indicator in a year, by member.
async fn published(h: &Harness, indicator: &str, year: i32) -> Vec<(String, f64)> {
    let answer = h
        .get(
            &format!("/api/v1/observations?indicator={indicator}&from={year}&to={year}&limit=1000"),
            None,
        )
        .await
        .json();
    answer["observations"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| Some((o["municipality"].as_str()?.to_owned(), o["value"].as_f64()?)))
        .collect()
}

async fn a_new_year_is_shown_beside_the_previous_year_and_the_others_range(h: &Harness) {
    let before = published(h, "auslaenderanteil", 2024).await;
    let own_2024 = before.iter().find(|(m, _)| m == KL).expect("KL 2024").1;
    let others: Vec<f64> = before
        .iter()
        .filter(|(m, _)| m != KL)
        .map(|(_, v)| *v)
        .collect();
    assert!(others.len() >= 3, "the demo data has 2024 values");
    assert!(published(h, "auslaenderanteil", 2025).await.is_empty());
    let max = others.iter().copied().fold(f64::MIN, f64::max);
    let min = others.iter().copied().fold(f64::MAX, f64::min);

    let (id, changes) = submitted_changes(h, &[("auslaenderanteil", 2025, "99")]).await;
    let change = &changes["changes"][0];
    assert!(
        change["published"].is_null(),
        "a new year: nothing published"
    );
    assert_eq!(change["previous_year"]["year"], 2024);
    assert_eq!(change["previous_year"]["value"].as_f64(), Some(own_2024));
    let moved = change["change_from_previous_year"].as_f64().unwrap();
    assert!((moved - (99.0 - own_2024)).abs() < 1e-9);
    // Nobody else has 2025: the range is of 2024, without KL itself.
    let peers = &change["peers"];
    assert_eq!(peers["year"], 2024);
    assert_eq!(peers["n"].as_u64(), Some(others.len() as u64));
    assert_eq!(peers["max"].as_f64(), Some(max));
    assert_eq!(peers["min"].as_f64(), Some(min));
    assert_eq!(peers["position"], "above");

    // The warning says which value it is about.
    let upload = h
        .get(&format!("/api/v1/uploads/{id}"), Some("pl"))
        .await
        .json();
    let warnings = upload["report"]["warnings"].as_array().unwrap();
    let jump = warnings
        .iter()
        .find(|w| w["code"] == "value-jump")
        .expect("a jump warning");
    assert_eq!(jump["observation"]["indicator"], "auslaenderanteil");
    assert_eq!(jump["observation"]["year"], 2025);
    assert!(
        jump["message_de"]
            .as_str()
            .unwrap()
            .starts_with("Ausländeranteil 2025: ")
    );

    // The review page shows both, in German and English.
    let page = h.get(&format!("/pruefung/{id}"), Some("pl")).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = String::from_utf8_lossy(&page.body).into_owned();
    assert!(
        html.contains("Früheres Jahr") && html.contains("Andere Mitglieder"),
        "{html}"
    );
    assert!(html.contains("über der Spanne"), "{html}");
    assert!(html.contains("Werte 2024"), "{html}");
    assert!(
        html.contains("Ausländeranteil 2025: Der Wert weicht"),
        "{html}"
    );
    let en = h.get(&format!("/pruefung/{id}?lang=en"), Some("pl")).await;
    let html = String::from_utf8_lossy(&en.body).into_owned();
    assert!(
        html.contains("Earlier year") && html.contains("above the range"),
        "{html}"
    );
}

async fn a_correction_is_placed_in_its_own_years_range(h: &Harness) {
    let before = published(h, "auslaenderanteil", 2024).await;
    let others: Vec<f64> = before
        .iter()
        .filter(|(m, _)| m != KL)
        .map(|(_, v)| *v)
        .collect();
    let (_, changes) = submitted_changes(h, &[("auslaenderanteil", 2024, "12,5")]).await;
    let change = &changes["changes"][0];
    assert_eq!(change["peers"]["year"], 2024);
    assert_eq!(change["peers"]["n"].as_u64(), Some(others.len() as u64));
    assert_eq!(change["previous_year"]["year"], 2023);
    let position = change["peers"]["position"].as_str().unwrap();
    let min = others.iter().copied().fold(f64::MAX, f64::min);
    let max = others.iter().copied().fold(f64::MIN, f64::max);
    let expected = if 12.5 < min {
        "below"
    } else if 12.5 > max {
        "above"
    } else {
        "within"
    };
    assert_eq!(position, expected);
}

vergleich_api::on_both_backends!(
    a_new_year_is_shown_beside_the_previous_year_and_the_others_range,
    a_correction_is_placed_in_its_own_years_range,
);
