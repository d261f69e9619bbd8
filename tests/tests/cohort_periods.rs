//! Membership periods (issue #14 B.3), on SQLite and PostgreSQL: a member that joined in 2022
//! is not counted in a comparison of 2020 ("n von 20", listed as "noch nicht dabei (ab 2022)"),
//! is counted from 2022 on, and its own profile of 2020 says it was not yet in the cohort.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use axum::http::StatusCode;
use vergleich_api::testing::Harness;
use vergleich_store::testing::shipped_seed;

const KAUFBEUREN: &str = "09762000";

async fn a_member_that_joined_in_2022_is_not_yet_there_in_2020(h: &Harness) {
    // Kaufbeuren joins in 2022 (before any view is computed).
    let mut seed = shipped_seed(true);
    let m = seed
        .cohort
        .municipalities
        .iter_mut()
        .find(|m| m.key.as_str() == KAUFBEUREN)
        .unwrap();
    m.memberships[0].joined = Some(2022);
    h.store().seed(&seed).await.unwrap();

    let a = h
        .get("/api/v1/comparisons/einbuergerungsquote?year=2020", None)
        .await;
    assert_eq!(a.status, StatusCode::OK);
    let body = a.json();
    assert_eq!(
        body["comparison"]["group"]["size"], 20,
        "{}",
        body["comparison"]["group"]
    );
    assert!(
        body["comparison"]["members"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["key"] != KAUFBEUREN)
    );
    let outside = &body["outside"][0];
    assert_eq!(outside["key"], KAUFBEUREN);
    assert_eq!(outside["label_de"], "noch nicht dabei (ab 2022)");
    let csv = String::from_utf8(
        h.get(
            "/api/v1/comparisons/einbuergerungsquote.csv?year=2020",
            None,
        )
        .await
        .body,
    )
    .unwrap();
    assert!(
        csv.contains("noch nicht dabei (ab 2022)") || csv.contains("not yet a member (from 2022)"),
        "{csv}"
    );

    let a = h
        .get("/api/v1/comparisons/einbuergerungsquote?year=2023", None)
        .await;
    let body = a.json();
    assert_eq!(body["comparison"]["group"]["size"], 21);
    assert!(body["outside"].is_null(), "nobody is outside in 2023");

    let own = h
        .get(&format!("/api/v1/profiles/{KAUFBEUREN}?year=2020"), None)
        .await;
    assert_eq!(own.status, StatusCode::NOT_FOUND);
    assert!(
        own.json()["detail_de"]
            .as_str()
            .unwrap_or_default()
            .contains("noch nicht dabei"),
        "{:?}",
        own.json()
    );
    let own = h
        .get(&format!("/api/v1/profiles/{KAUFBEUREN}?year=2023"), None)
        .await;
    assert_eq!(own.status, StatusCode::OK);
}

vergleich_api::on_both_backends!(a_member_that_joined_in_2022_is_not_yet_there_in_2020);
