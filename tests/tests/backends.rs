//! The whole service on a real socket, once on SQLite and once on PostgreSQL: every read route
//! must answer identically on both backends (up to the recording timestamps).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use serde_json::Value;
use vergleich_api::testing::{TestDb, spawn_server};
use vergleich_store::testing::{postgres_url, with_database};

const ROUTES: &[&str] = &[
    "/api/v1/fields",
    "/api/v1/indicators",
    "/api/v1/indicators?field=zugang",
    "/api/v1/municipalities",
    "/api/v1/observations?limit=10000",
    "/api/v1/observations?municipality=07312000,09174&field=arbeit&from=2019&to=2023",
    "/api/v1/observations?indicator=sc_zusammenhalt&history=true",
    "/api/v1/observations?limit=7&offset=3500",
    "/api/v1/observations?municipality=1003000",
    "/api/v1/nichts",
];

fn strip_timestamps(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("recorded_at");
            map.values_mut().for_each(strip_timestamps);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_timestamps),
        _ => {}
    }
}

async fn answers(base: &str) -> Vec<(u16, Value)> {
    let mut out = Vec::new();
    for route in ROUTES {
        let response = reqwest::get(format!("{base}{route}")).await.unwrap();
        let status = response.status().as_u16();
        let mut body: Value = response.json().await.unwrap();
        strip_timestamps(&mut body);
        out.push((status, body));
    }
    out
}

#[tokio::test]
async fn sqlite_and_postgres_answer_every_read_route_identically() {
    let sqlite_dir = tempfile::tempdir().unwrap();
    let sqlite = spawn_server(&format!(
        "sqlite:{}",
        sqlite_dir.path().join("db.sqlite").display()
    ))
    .await;
    let on_sqlite = answers(&sqlite).await;
    assert_eq!(on_sqlite[0].1["count"], 7);
    assert_eq!(on_sqlite[3].1["count"], 21);
    assert!(on_sqlite[4].1["count"].as_u64().unwrap() > 3_000);
    assert_eq!(on_sqlite[8].0, 400);
    assert_eq!(on_sqlite[9].0, 404);

    let Some(db) = TestDb::postgres().await else {
        return;
    };
    // The service itself connects by URL, exactly as `--database-url` would.
    let postgres = spawn_server(&db.url).await;
    let on_postgres = answers(&postgres).await;
    for ((route, a), b) in ROUTES.iter().zip(&on_sqlite).zip(&on_postgres) {
        assert_eq!(a, b, "{route} differs between SQLite and PostgreSQL");
    }
    db.close().await;
    // Keep the helpers honest: the URL helper names the fresh database, not the admin one.
    let admin = postgres_url().unwrap();
    assert_ne!(with_database(&admin, "x"), admin);
}
