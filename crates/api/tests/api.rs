//! API tests through `router(state).oneshot(request)`, on a fresh SQLite file per test.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use axum::http::StatusCode;
use serde_json::Value;
use vergleich_api::config::HttpArgs;
use vergleich_api::testing::{TestApp, datasets_copy, datasets_dir};

/// Status, content type and body as JSON (other text as a JSON string) of an anonymous GET.
async fn get(app: &TestApp, uri: &str) -> (StatusCode, String, Value) {
    let answer = app.get(uri).await;
    (
        answer.status,
        answer.content_type().to_owned(),
        answer.json(),
    )
}

#[tokio::test]
async fn health_reports_the_backend() {
    let app = TestApp::sqlite().await;
    let (status, _, body) = get(&app, "/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["database"], "sqlite");
}

#[tokio::test]
async fn the_cohort_has_21_members_with_their_status() {
    let app = TestApp::sqlite().await;
    let (status, _, body) = get(&app, "/api/v1/municipalities").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["count"], 21);
    let members = body["municipalities"].as_array().unwrap();
    let luebeck = members.iter().find(|m| m["key"] == "01003000").unwrap();
    assert_eq!(luebeck["name"], "Lübeck");
    assert_eq!(luebeck["memberships"][0]["status"], "confirmed");
    let erfurt = members.iter().find(|m| m["name"] == "Erfurt").unwrap();
    assert_eq!(erfurt["memberships"][0]["status"], "demo");
    assert_eq!(
        erfurt["memberships"][0]["status_label_de"],
        "Demo-Mitglied (Platzhalter)"
    );
    assert_eq!(erfurt["east"], true);
}

#[tokio::test]
async fn seven_fields_and_the_indicators_of_one_field() {
    let app = TestApp::sqlite().await;
    let (_, _, fields) = get(&app, "/api/v1/fields").await;
    assert_eq!(fields["count"], 7);
    assert_eq!(fields["fields"][6]["id"], "kommunikation");
    assert_eq!(fields["fields"][1]["short_de"], "Öffnung");
    assert_eq!(fields["fields"][1]["short_en"], "Opening");
    let (_, _, all) = get(&app, "/api/v1/indicators").await;
    assert!(all["count"].as_u64().unwrap() >= 30);
    let (_, _, arbeit) = get(&app, "/api/v1/indicators?field=arbeit").await;
    let ids: Vec<_> = arbeit["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"sc_arbeit") && ids.contains(&"arbeitslosenquote_auslaender"),
        "{ids:?}"
    );
    assert!(
        arbeit["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["field"] == "arbeit")
    );
}

#[tokio::test]
async fn observations_are_filtered_and_labelled_as_synthetic() {
    let app = TestApp::sqlite().await;
    let (status, _, body) = get(
        &app,
        "/api/v1/observations?municipality=07312000&indicator=auslaenderanteil&from=2018&to=2020",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["notice"]["de"], "Beispieldaten (synthetisch)");
    let rows = body["observations"].as_array().unwrap();
    let years: Vec<_> = rows.iter().map(|o| o["period"].as_i64().unwrap()).collect();
    assert_eq!(years, vec![2018, 2019, 2020]);
    for o in rows {
        assert_eq!(o["municipality"], "07312000");
        assert_eq!(o["synthetic"], true);
        assert_eq!(o["version"], 1);
    }
    let v2018 = rows[0]["value"].as_f64().unwrap();
    assert!(
        (16.0..=18.0).contains(&v2018),
        "Kaiserslautern's foreign share 2018: {v2018}"
    );
}

#[tokio::test]
async fn observations_by_field_and_pagination() {
    let app = TestApp::sqlite().await;
    let (_, _, page1) = get(&app, "/api/v1/observations?field=zusammenhalt&limit=5").await;
    assert_eq!(page1["count"], 5);
    assert_eq!(page1["next_offset"], 5);
    let (_, _, page2) = get(
        &app,
        "/api/v1/observations?field=zusammenhalt&limit=5&offset=5",
    )
    .await;
    assert_ne!(page1["observations"][0], page2["observations"][0]);
    let (_, _, all) = get(&app, "/api/v1/observations?field=zusammenhalt&limit=10000").await;
    assert_eq!(all["next_offset"], Value::Null);
    let (status, _, _) = get(&app, "/api/v1/observations?limit=10000").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn bad_parameters_get_problem_json_naming_each_parameter() {
    let app = TestApp::sqlite().await;
    let (status, content_type, body) = get(
        &app,
        "/api/v1/observations?municipality=7312000&from=1800&limit=10001&as_of=gestern",
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(content_type, "application/problem+json");
    assert_eq!(body["code"], "invalid-parameter");
    let params: Vec<_> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["parameter"].as_str().unwrap())
        .collect();
    assert_eq!(params, vec!["municipality", "from", "limit", "as_of"]);
    assert!(
        body["errors"][0]["message_de"]
            .as_str()
            .unwrap()
            .contains("führende Null")
            || body["errors"][0]["message_en"]
                .as_str()
                .unwrap()
                .contains("leading zero")
    );
}

#[tokio::test]
async fn limits_are_accepted_at_the_bound_and_rejected_one_past_it() {
    let app = TestApp::sqlite().await;
    for (query, ok) in [
        ("limit=1", true),
        ("limit=0", false),
        ("limit=10000", true),
        ("limit=10001", false),
        ("from=1990", true),
        ("from=1989", false),
        ("to=2100", true),
        ("to=2101", false),
    ] {
        let (status, _, body) = get(&app, &format!("/api/v1/observations?{query}")).await;
        assert_eq!(status == StatusCode::OK, ok, "{query}: {body}");
    }
}

#[tokio::test]
async fn unknown_query_parameters_and_paths_are_rejected_in_our_shape() {
    let app = TestApp::sqlite().await;
    let (status, content_type, body) = get(&app, "/api/v1/observations?jahr=2020").await;
    assert_eq!(
        (status, content_type.as_str()),
        (StatusCode::BAD_REQUEST, "application/problem+json")
    );
    assert_eq!(body["code"], "invalid-parameter");
    let (status, _, body) = get(&app, "/api/v1/gibt-es-nicht").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["code"], "not-found");
}

#[tokio::test]
async fn start_page_lists_cohort_with_status_and_fields() {
    let app = TestApp::sqlite().await;
    let (status, content_type, body) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/html"));
    let html = body.as_str().unwrap();
    for text in [
        "Landkreis Teltow-Fläming",
        "Dessau-Roßlau",
        "Demo-Mitglied (Platzhalter)",
        "Pilot 2018/19",
        "Zusammenhalt und Begegnung",
        "Beispieldaten (synthetisch)",
        "Kohorte: 21 Kommunen",
    ] {
        assert!(html.contains(text), "missing {text}");
    }
}

#[tokio::test]
async fn an_eighth_field_needs_only_a_change_under_datasets() {
    let tmp = datasets_copy();
    let append = |name: &str, line: &str| {
        let path = tmp.path().join(name);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(line);
        std::fs::write(path, text).unwrap();
    };
    append(
        "fields.csv",
        "gesundheit,8,Gesundheit und Prävention,Health and prevention,Gesundheit,Health,Gesundheitsförderung,Health promotion\n",
    );
    append(
        "indicators.csv",
        "sc_gesundheit,gesundheit,self_check,Selbstcheck: Gesundheit und Prävention,Self-check: health and prevention,\
         Mittelwert,Mean,Punkte,higher_is_better,0,100,Selbstcheck Weltoffene Kommune,kommune,1\n",
    );
    let app = TestApp::sqlite_with(tmp.path(), false, HttpArgs::default()).await;
    let (_, _, fields) = get(&app, "/api/v1/fields").await;
    assert_eq!(fields["count"], 8);
    assert_eq!(fields["fields"][7]["label_de"], "Gesundheit und Prävention");
    let (_, _, indicators) = get(&app, "/api/v1/indicators?field=gesundheit").await;
    assert_eq!(indicators["count"], 1);
    assert_eq!(indicators["indicators"][0]["id"], "sc_gesundheit");
}

#[tokio::test]
async fn no_demo_loads_catalogue_and_cohort_but_no_observations() {
    let app = TestApp::sqlite_with(&datasets_dir(), false, HttpArgs::default()).await;
    let (_, _, members) = get(&app, "/api/v1/municipalities").await;
    assert_eq!(members["count"], 21);
    let (_, _, obs) = get(&app, "/api/v1/observations").await;
    assert_eq!(obs["count"], 0);
    assert_eq!(obs["notice"], Value::Null);
}
