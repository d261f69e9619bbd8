//! Releases over HTTP (issue #17 points 3–4), on SQLite and PostgreSQL. A manager cuts a
//! release of the published data (others may not; a taken name is a 409); everyone lists it
//! and reads what it holds. A scheduled release hides itself and the values approved under its
//! embargo from the public and from other members until its moment, and then both appear with
//! no write in between. A release-pinned chart with its content hash is immutable and the same
//! bytes on a second service instance; a wrong hash is a 409 naming the right one. The open-data
//! package is a ZIP whose descriptor names typed fields, keys and the licence.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::io::Read;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{Value, json};
use vergleich_api::testing::{Harness, KL, csv};

const SHARE: &str =
    "/api/v1/observations?municipality=07312000&indicator=auslaenderanteil&from=2024&to=2024";

async fn share(h: &Harness, who: Option<&str>) -> Value {
    let a = h.get(SHARE, who).await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.json());
    a.json()["observations"][0]["value"].clone()
}

async fn names(h: &Harness, who: Option<&str>) -> Vec<String> {
    let a = h.get("/api/v1/releases", who).await;
    assert_eq!(a.status, StatusCode::OK);
    a.json()["releases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_owned())
        .collect()
}

async fn a_manager_cuts_a_release_that_everyone_reads(h: &Harness) {
    let body = json!({"name": "2025-1", "note": "Erster Datenstand"});
    for who in ["kl", "stiftung"] {
        let (status, _) = h
            .send_json(Method::POST, "/api/v1/releases", Some(who), body.clone())
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}");
    }
    let (status, _) = h
        .send_json(Method::POST, "/api/v1/releases", None, body.clone())
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    for (bad, named) in [
        (json!({"name": "Datenstand 2025"}), "name"),
        (json!({"name": "a".repeat(33)}), "name"),
        (json!({"name": "2025-x", "title": "T".repeat(201)}), "title"),
    ] {
        let (status, problem) = h
            .send_json(Method::POST, "/api/v1/releases", Some("pl"), bad)
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
        assert_eq!(problem["errors"][0]["parameter"], named, "{problem}");
    }
    let (status, cut) = h
        .send_json(Method::POST, "/api/v1/releases", Some("pl"), body.clone())
        .await;
    assert_eq!(status, StatusCode::CREATED, "{cut}");
    assert_eq!(cut["title"], "Datenstand 2025-1");
    assert_eq!(cut["status"], "out");
    assert_eq!(cut["digest"].as_str().unwrap().len(), 16);
    assert!(cut["observations"].as_u64().unwrap() > 3000, "{cut}");
    let (status, again) = h
        .send_json(Method::POST, "/api/v1/releases", Some("admin"), body)
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");
    assert!(again["detail"].as_str().unwrap().contains("2025-1"));
    assert_eq!(names(h, None).await, ["2025-1"]);
    // Repeats come from the response cache (each answer reads the whole release).
    let again = h.get("/api/v1/releases", None).await;
    assert_eq!(again.header("x-cache"), Some("hit"));
    // The first release: everything in it is new.
    let one = h.get("/api/v1/releases/2025-1", None).await;
    assert_eq!(one.status, StatusCode::OK);
    let changes = &one.json()["changes"];
    assert_eq!(changes["previous"], Value::Null);
    assert_eq!(changes["added"], cut["observations"]);
    assert_eq!(changes["listed"].as_array().unwrap().len(), 500);
    assert_eq!(
        h.get("/api/v1/releases/2099-1", None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        h.get("/api/v1/releases/A", None).await.status,
        StatusCode::BAD_REQUEST
    );
    // A view of the release says so in its data state.
    let view = h
        .get(
            "/api/v1/comparisons/einbuergerungsquote?release=2025-1",
            None,
        )
        .await;
    assert_eq!(view.status, StatusCode::OK, "{:?}", view.json());
    let state = &view.json()["meta"]["data_state"];
    assert_eq!(state["release"], "2025-1", "{state}");
    assert_eq!(state["digest"].as_str().unwrap()[..16], cut["digest"]);
    // Its charts name it in their source line.
    let svg = h
        .get(
            "/api/v1/comparisons/einbuergerungsquote.svg?release=2025-1&lang=de",
            None,
        )
        .await;
    assert!(svg.text().contains("Datenstand 2025-1"), "{}", svg.text());
    let page = h.get("/datenstaende", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Datenstand 2025-1") && page.text().contains("datapackage.zip"));
}

async fn embargoed_values_appear_with_their_release_and_not_before(h: &Harness) {
    let before = share(h, None).await;
    let at = chrono::Utc::now() + chrono::Duration::seconds(3);
    let (status, scheduled) = h
        .send_json(
            Method::POST,
            "/api/v1/releases",
            Some("pl"),
            json!({"name": "2025-2", "at": at.to_rfc3339()}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{scheduled}");
    assert_eq!(scheduled["status"], "scheduled");
    // Not announced to the public or to members.
    assert!(names(h, None).await.is_empty());
    assert!(names(h, Some("kl")).await.is_empty());
    assert_eq!(names(h, Some("pl")).await, ["2025-2"]);
    assert_eq!(
        h.get("/api/v1/releases/2025-2", None).await.status,
        StatusCode::NOT_FOUND
    );
    let pinned = "/api/v1/comparisons/auslaenderanteil?year=2024&release=2025-2";
    assert_eq!(h.get(pinned, None).await.status, StatusCode::NOT_FOUND);
    // KL's new value, approved under the embargo.
    let posted = h
        .upload_csv("kl", csv(KL, &[("auslaenderanteil", 2024, "31,5")]))
        .await;
    assert_eq!(posted.status, StatusCode::CREATED, "{:?}", posted.json());
    let id = posted.json()["upload"]["id"].as_i64().unwrap();
    let submit = h
        .post(
            &format!("/api/v1/uploads/{id}/submit"),
            Some("kl"),
            Vec::new(),
        )
        .await;
    assert_eq!(submit.status, StatusCode::OK);
    let approve = format!("/api/v1/uploads/{id}/approve");
    let (status, unknown) = h
        .send_json(
            Method::POST,
            &approve,
            Some("pl"),
            json!({"embargo": "2099-1"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{unknown}");
    let (status, approved) = h
        .send_json(
            Method::POST,
            &approve,
            Some("pl"),
            json!({"embargo": "2025-2"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{approved}");
    assert_eq!(approved["state"], "published");
    // Hidden from the public and from Rostock; KL and the managers see it.
    assert_eq!(share(h, None).await, before);
    assert_eq!(share(h, Some("rostock")).await, before);
    assert_eq!(share(h, Some("kl")).await, json!(31.5));
    assert_eq!(share(h, Some("pl")).await, json!(31.5));
    // The anonymous comparison (response cache included) does not show it either.
    let view = h
        .get("/api/v1/comparisons/auslaenderanteil?year=2024", None)
        .await;
    assert!(!view.text().contains("31.5"), "embargoed value leaked");
    // A manager previews the release with it.
    let preview = h.get(pinned, Some("pl")).await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(preview.text().contains("31.5"));
    // From the moment on: no write in between, the value and the release are out.
    let wait = (at - chrono::Utc::now()).to_std().unwrap_or_default();
    tokio::time::sleep(wait + Duration::from_millis(100)).await;
    assert_eq!(share(h, None).await, json!(31.5));
    let view = h
        .get("/api/v1/comparisons/auslaenderanteil?year=2024", None)
        .await;
    assert!(
        view.text().contains("31.5"),
        "the cached answer follows the release"
    );
    assert_eq!(names(h, None).await, ["2025-2"]);
    let changes = h.get("/api/v1/releases/2025-2", None).await.json()["changes"].clone();
    assert_eq!(changes["previous"], Value::Null);
    let (status, late) = h
        .send_json(
            Method::POST,
            &approve,
            Some("pl"),
            json!({"embargo": "2025-2"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{late}");
}

async fn get_on(router: &axum::Router, uri: &str) -> vergleich_api::testing::Answer {
    let request = Request::builder().uri(uri).body(Body::empty()).unwrap();
    vergleich_api::testing::send(router, request).await
}

async fn a_pinned_chart_is_immutable_and_the_same_bytes_on_another_instance(h: &Harness) {
    let (status, cut) = h
        .send_json(
            Method::POST,
            "/api/v1/releases",
            Some("pl"),
            json!({"name": "2025-1"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let digest = cut["digest"].as_str().unwrap();
    let png = format!(
        "/api/v1/comparisons/einbuergerungsquote.png?year=2023&municipality={KL}&release=2025-1&digest={digest}"
    );
    let first = h.get(&png, None).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(
        first.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    // Data published after the release does not change it.
    let posted = h
        .upload_csv("pl", csv(KL, &[("einbuergerungsquote", 2023, "9,9")]))
        .await;
    assert_eq!(posted.status, StatusCode::CREATED, "{:?}", posted.json());
    // A second instance of the service on the same database: its own caches and data states.
    let other_state = vergleich_api::state::AppState::new(
        h.app.state.store.clone(),
        vergleich_api::config::HttpArgs::default(),
    );
    let other = vergleich_api::router(other_state);
    let second = get_on(&other, &png).await;
    assert_eq!(second.status, StatusCode::OK);
    assert!(
        first.body == second.body,
        "the release's PNG differs between instances"
    );
    let again = h.get(&png, None).await;
    assert!(
        first.body == again.body,
        "the release's PNG changed after an upload"
    );
    // Without the hash: the same data, but not declared immutable.
    let loose = h
        .get(
            "/api/v1/comparisons/einbuergerungsquote.png?year=2023&release=2025-1",
            None,
        )
        .await;
    assert_eq!(loose.status, StatusCode::OK);
    assert_ne!(
        loose.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    let wrong = h
        .get(
            "/api/v1/comparisons/einbuergerungsquote?release=2025-1&digest=0000000000000000",
            None,
        )
        .await;
    assert_eq!(wrong.status, StatusCode::CONFLICT);
    assert!(wrong.json()["detail"].as_str().unwrap().contains(digest));
    for bad in [
        "digest=xyz",
        "digest=0000000000000000",
        "release=2025-1&data=preview",
    ] {
        let a = h
            .get(
                &format!("/api/v1/comparisons/einbuergerungsquote?{bad}"),
                None,
            )
            .await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{bad}");
    }
}

async fn a_release_is_an_open_data_package(h: &Harness) {
    let (status, _) = h
        .send_json(
            Method::POST,
            "/api/v1/releases",
            Some("pl"),
            json!({"name": "2025-1"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let zip = h.get("/api/v1/releases/2025-1/datapackage.zip", None).await;
    assert_eq!(zip.status, StatusCode::OK);
    assert_eq!(zip.content_type(), "application/zip");
    let again = h.get("/api/v1/releases/2025-1/datapackage.zip", None).await;
    assert!(zip.body == again.body, "the package is deterministic");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.body.to_vec())).unwrap();
    let mut files: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "datapackage.json",
            "fields.csv",
            "indicators.csv",
            "municipalities.csv",
            "observations.csv"
        ]
    );
    let mut descriptor = String::new();
    archive
        .by_name("datapackage.json")
        .unwrap()
        .read_to_string(&mut descriptor)
        .unwrap();
    let descriptor: Value = serde_json::from_str(&descriptor).unwrap();
    assert_eq!(descriptor["licenses"][0]["name"], "dl-de-by-2.0");
    let observations = descriptor["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "observations")
        .unwrap();
    assert!(
        observations["schema"]["foreignKeys"]
            .as_array()
            .unwrap()
            .len()
            >= 2
    );
    let mut rows = String::new();
    archive
        .by_name("observations.csv")
        .unwrap()
        .read_to_string(&mut rows)
        .unwrap();
    assert!(rows.contains("\n07312000,"), "AGS keeps its leading zero");
    let served = h
        .get("/api/v1/releases/2025-1/datapackage.json", None)
        .await;
    assert_eq!(served.json(), descriptor);
    let dcat = h.get("/api/v1/releases/2025-1/dcat.jsonld", None).await;
    assert_eq!(dcat.content_type(), "application/ld+json");
    let record = dcat.text();
    assert!(record.contains("politicalGeocodingLevelURI") && record.contains("07312000"));
    assert!(
        record.contains("Beispieldaten (synthetisch)"),
        "demo data says so"
    );
}

async fn the_review_page_publishes_under_a_scheduled_release(h: &Harness) {
    let posted = h
        .upload_csv("kl", csv(KL, &[("auslaenderanteil", 2024, "33,5")]))
        .await;
    let id = posted.json()["upload"]["id"].as_i64().unwrap();
    let submit = format!("/api/v1/uploads/{id}/submit");
    assert_eq!(
        h.post(&submit, Some("kl"), Vec::new()).await.status,
        StatusCode::OK
    );
    let page = format!("/pruefung/{id}");
    // Without a scheduled release there is nothing to choose.
    assert!(
        !h.get(&page, Some("pl"))
            .await
            .text()
            .contains("name=\"embargo\"")
    );
    let at = chrono::Utc::now() + chrono::Duration::hours(1);
    let body = json!({"name": "2025-3", "at": at.to_rfc3339()});
    let (status, _) = h
        .send_json(Method::POST, "/api/v1/releases", Some("pl"), body)
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let html = h.get(&page, Some("pl")).await.text();
    assert!(
        html.contains("name=\"embargo\"") && html.contains("mit dem Datenstand 2025-3"),
        "{html}"
    );
    let before = share(h, None).await;
    let approved = h
        .call(
            Method::POST,
            &format!("{page}/freigeben"),
            Some("pl"),
            &[("content-type", "application/x-www-form-urlencoded")],
            b"csrf_token=&comment=zum+Datenstand&embargo=2025-3".to_vec(),
        )
        .await;
    assert_eq!(
        approved.status,
        StatusCode::SEE_OTHER,
        "{}",
        approved.text()
    );
    assert_eq!(share(h, None).await, before, "embargoed until the release");
    assert_eq!(share(h, Some("kl")).await, json!(33.5));
    let audit = h.get("/api/v1/audit?limit=5", Some("admin")).await.json();
    assert!(
        audit.to_string().contains("embargoed until release 2025-3"),
        "{audit}"
    );
}

vergleich_api::on_both_backends!(
    the_review_page_publishes_under_a_scheduled_release,
    a_manager_cuts_a_release_that_everyone_reads,
    embargoed_values_appear_with_their_release_and_not_before,
    a_pinned_chart_is_immutable_and_the_same_bytes_on_another_instance,
    a_release_is_an_open_data_package,
);
