//! Paging at the edge of the integer range, on SQLite and PostgreSQL: an offset of i64::MAX
//! (what schemathesis sent) answers an empty page, not a dropped connection (it panicked on
//! `offset + limit` and SQLite ignored an offset whose sum with the limit overflows).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use axum::http::StatusCode;
use vergleich_api::testing::Harness;

async fn the_largest_offset_is_an_empty_page(h: &Harness) {
    let max = i64::MAX;
    for uri in [
        format!("/api/v1/observations?history=true&limit=1&offset={max}"),
        format!("/api/v1/observations?limit=1&offset={}", max - 1),
    ] {
        let a = h.get(&uri, None).await;
        assert_eq!(a.status, StatusCode::OK, "{uri}: {}", a.html());
        let body = a.json();
        assert_eq!(
            (body["count"].as_u64(), body["next_offset"].is_null()),
            (Some(0), true),
            "{uri}: {body}"
        );
    }
    let a = h
        .get(&format!("/api/v1/uploads?limit=1&offset={max}"), Some("pl"))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.html());
    assert_eq!(a.json()["count"], 0);
}

vergleich_api::on_both_backends!(the_largest_offset_is_an_empty_page);
