//! No request computes an analysis twice, and an unknown indicator, field or member is a 404
//! on the API and on every page that takes one.
//!
//! The analysis counts are process-wide (`vergleich_service::analyses`), so this binary holds
//! one test that makes its requests one after another.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use axum::body::Body;
use axum::http::{Request, StatusCode};
use tower::ServiceExt;
use vergleich_api::config::DatabaseArgs;
use vergleich_service::analyses::{Analysis, counts};
use vergleich_store::testing::datasets_dir;

async fn get(router: &axum::Router, uri: &str) -> (StatusCode, String) {
    let response = router
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, String::from_utf8_lossy(&body).into_owned())
}

fn count(analysis: Analysis) -> u64 {
    counts()
        .iter()
        .find(|(a, _)| *a == analysis)
        .map_or(0, |(_, n)| *n)
}

#[tokio::test]
async fn every_view_computes_once_and_unknown_things_are_404_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = DatabaseArgs::new(
        format!("sqlite:{}", dir.path().join("db.sqlite").display()),
        datasets_dir(),
    );
    let state = vergleich_api::startup::build(&db, true).await.unwrap();
    let fields = state.store.fields().await.unwrap().len() as u64;
    let router = vergleich_api::router(state);
    // The data state is read once and kept.
    assert_eq!(get(&router, "/api/v1/fields").await.0, StatusCode::OK);
    let (status, _) = get(&router, "/api/v1/comparisons/einbuergerungsquote?year=2023").await;
    assert_eq!(status, StatusCode::OK);

    use Analysis::*;
    // (request, the analyses it must run exactly this often); chart forms used to run theirs twice.
    let cases: Vec<(&str, Vec<(Analysis, u64)>)> = vec![
        (
            "/api/v1/comparisons/einbuergerungsquote.png?year=2022",
            vec![(Comparison, 1), (PeerGroup, 1)],
        ),
        (
            "/api/v1/comparisons/einbuergerungsquote.svg?year=2022&chart=dot-plot",
            vec![(Comparison, 1), (PeerGroup, 1)],
        ),
        (
            "/api/v1/scatter.png?x=bevoelkerung&y=auslaenderanteil&year=2022",
            vec![(Comparison, 2), (PeerGroup, 1)],
        ),
        (
            "/api/v1/field-scores.svg?year=2022",
            vec![(FieldScores, fields), (Comparison, 0)],
        ),
        // Kept in the data state by the request before (the same group and options).
        (
            "/api/v1/field-scores/arbeit.svg?year=2022&chart=ranking",
            vec![(FieldScores, 0), (Comparison, 0)],
        ),
        (
            "/api/v1/field-scores/arbeit.svg?year=2022&chart=ranking&weights=sc_arbeit:2",
            vec![(FieldScores, 1), (Comparison, 0)],
        ),
        (
            "/api/v1/profiles/07312000.png?year=2022",
            vec![(Profile, 1), (PeerGroup, 1)],
        ),
        (
            "/api/v1/trends/einbuergerungsquote.svg?municipality=07312000",
            vec![(Trend, 1), (PeerGroup, 1)],
        ),
        (
            "/api/v1/sensitivity/arbeit.svg?year=2022",
            vec![(Sensitivity, 1)],
        ),
        ("/api/v1/coverage.svg", vec![(Coverage, 1)]),
        (
            "/api/v1/peer-groups/07312000.svg?year=2022",
            vec![(PeerGroup, 1), (Comparison, 2)],
        ),
        ("/?jahr=2022", vec![(FieldScores, 0), (Coverage, 1)]),
        ("/kommune/07312000?jahr=2022", vec![(Profile, 1)]),
        ("/bericht/07312000?jahr=2022", vec![(Profile, 1)]),
        (
            "/indikator/einbuergerungsquote?jahr=2022",
            vec![(Comparison, 1), (Trend, 1)],
        ),
        ("/datenqualitaet?jahr=2022", vec![(Coverage, 1)]),
        (
            "/vergleich?kommune=01003000&kommune=07312000&was=indikator:auslaenderanteil&jahr=2022",
            vec![(Comparison, 1), (Trend, 1)],
        ),
        (
            "/vergleich?kommune=01003000&kommune=07312000&was=feld:arbeit&jahr=2022",
            // The whole cohort's scores of 2022, kept since the first field-score request.
            vec![(FieldScores, 0), (Profile, 0)],
        ),
    ];
    for (uri, expected) in cases {
        let before = counts();
        let (status, body) = get(&router, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {body}");
        for (analysis, n) in expected {
            let was = before
                .iter()
                .find(|(a, _)| *a == analysis)
                .map_or(0, |(_, n)| *n);
            assert_eq!(
                count(analysis) - was,
                n,
                "{uri} ran {} {n} times expected",
                analysis.as_str()
            );
        }
        assert_eq!(count(DataState), 1, "{uri} read the data state again");
    }
    let (_, metrics) = get(&router, "/metrics").await;
    assert!(
        metrics.contains("vergleich_analyses_total{analysis=\"comparison\"}"),
        "{metrics}"
    );

    // Unknown things: the same 404 from the API and from every page that takes one.
    for uri in [
        "/api/v1/comparisons/gibt_es_nicht",
        "/api/v1/comparisons/gibt_es_nicht.png",
        "/api/v1/trends/gibt_es_nicht",
        "/api/v1/field-scores/nirgends",
        "/api/v1/sensitivity/nirgends",
        "/api/v1/profiles/09999999",
        "/api/v1/peer-groups/09999999",
        "/api/v1/comparisons/einbuergerungsquote?municipality=09999999",
        "/api/v1/scatter?x=gibt_es_nicht&y=auslaenderanteil",
        "/api/v1/coverage?field=nirgends",
        "/indikator/gibt_es_nicht",
        "/kommune/09999999",
        "/kommune/kein-schluessel",
        "/bericht/09999999",
    ] {
        let (status, body) = get(&router, uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}: {body}");
    }
}
