//! The comparison views over HTTP: every view in every form, CSV dialects with hand-checked
//! numbers, metadata, export safety and visibility of unpublished data, through
//! `router(state).oneshot(request)` on a fresh SQLite file with the demo data.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::io::Read;

use axum::http::{Method, StatusCode, header};
use serde_json::Value;
use vergleich_api::config::HttpArgs;
use vergleich_api::testing::{self, Answer, TestApp, datasets_copy};
use vergleich_domain::{Role, UploadState};

/// A GET with this `accept` header and API token (either may be absent).
async fn send(app: &TestApp, uri: &str, accept: Option<&str>, token: Option<&str>) -> Answer {
    let bearer = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = [("accept", accept), ("authorization", bearer.as_deref())]
        .into_iter()
        .filter_map(|(name, value)| Some((name, value?)))
        .collect();
    app.call(Method::GET, uri, &headers, Vec::new()).await
}

/// `path?query` with `.suffix` put on the path.
fn with_suffix(uri: &str, suffix: &str) -> String {
    match uri.split_once('?') {
        Some((path, query)) => format!("{path}.{suffix}?{query}"),
        None => format!("{uri}.{suffix}"),
    }
}

fn unzip(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

const VIEWS: [&str; 10] = [
    "/api/v1/comparisons/einbuergerungsquote?municipality=07312000",
    "/api/v1/field-scores",
    "/api/v1/field-scores/arbeit",
    "/api/v1/field-scores/arbeit?chart=ranking&normalisation=rank",
    "/api/v1/profiles/07312000?group=kind",
    "/api/v1/trends/auslaenderanteil?municipality=07312000,13003000",
    "/api/v1/peer-groups/07312000",
    "/api/v1/coverage?field=arbeit",
    "/api/v1/sensitivity/arbeit",
    "/api/v1/scatter?x=auslaenderanteil&y=einbuergerungsquote",
];

fn check_form(uri: &str, suffix: &str, answer: &Answer) {
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "{uri} .{suffix}: {}",
        String::from_utf8_lossy(&answer.body)
    );
    let ct = answer.content_type();
    match suffix {
        "json" => {
            assert_eq!(ct, "application/json", "{uri}");
            assert!(answer.json()["meta"]["generated_at"].is_string(), "{uri}");
        }
        "csv" => {
            assert_eq!(ct, "text/csv; charset=utf-8", "{uri}");
            let text = answer.text();
            let header = text.lines().find(|l| !l.starts_with('#')).unwrap();
            assert!(
                header.starts_with("key,name,") || header.starts_with("field,"),
                "{uri}: {header}"
            );
        }
        "xlsx" => {
            assert!(ct.starts_with("application/vnd.openxmlformats"), "{uri}");
            assert!(answer.body.starts_with(b"PK\x03\x04"), "{uri}");
        }
        "svg" => {
            assert_eq!(ct, "image/svg+xml", "{uri}");
            let text = answer.text();
            assert!(text.contains("<svg") && text.contains("<desc"), "{uri}");
        }
        "png" => {
            assert_eq!(ct, "image/png", "{uri}");
            assert!(answer.body.starts_with(b"\x89PNG\r\n\x1a\n"), "{uri}");
            assert!(answer.body.len() > 5_000, "{uri}");
        }
        _ => unreachable!(),
    }
    if suffix != "json" {
        let disposition = answer.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap();
        assert!(
            disposition.starts_with("attachment; filename=\"")
                && disposition.contains(&format!(".{suffix}\"; filename*=UTF-8''")),
            "{disposition}"
        );
    }
}

#[tokio::test]
async fn every_view_answers_in_every_form_by_suffix() {
    let app = TestApp::sqlite().await;
    for uri in VIEWS {
        for suffix in ["json", "csv", "xlsx", "svg", "png"] {
            let answer = app.get(&with_suffix(uri, suffix)).await;
            check_form(uri, suffix, &answer);
        }
    }
}

#[tokio::test]
async fn size_sets_the_chart_width_and_names_its_choices() {
    let app = TestApp::sqlite().await;
    for (size, width) in [("web", 800), ("column", 560), ("print", 1123)] {
        let svg = app
            .get(&format!(
                "/api/v1/comparisons/einbuergerungsquote.svg?size={size}"
            ))
            .await
            .text();
        assert!(
            svg.starts_with(&format!("<svg width=\"{width}\"")),
            "{size}: {}",
            &svg[..80.min(svg.len())]
        );
    }
    let bad = app
        .get("/api/v1/comparisons/einbuergerungsquote.svg?size=a4")
        .await;
    assert_eq!(bad.status, axum::http::StatusCode::BAD_REQUEST);
    assert!(bad.text().contains("column"), "{}", bad.text());
}

#[tokio::test]
async fn meta_none_gives_every_view_a_plain_csv_table() {
    // pandas and frictionless read the first line as the header: no `#` lines before it.
    let app = TestApp::sqlite().await;
    for uri in VIEWS {
        let plain = with_suffix(uri, "csv");
        let sep = if plain.contains('?') { '&' } else { '?' };
        let answer = app.get(&format!("{plain}{sep}meta=none")).await;
        assert_eq!(answer.status, axum::http::StatusCode::OK, "{uri}");
        let text = answer.text();
        assert!(
            !text.contains("\n# ") && !text.starts_with('#'),
            "{uri}: {text}"
        );
        let with_meta = app.get(&plain).await.text();
        assert!(
            with_meta.starts_with("# "),
            "{uri}: the default keeps the metadata"
        );
        assert!(
            with_meta.ends_with(&text),
            "{uri}: the same table after the metadata"
        );
    }
    let bad = app
        .get("/api/v1/comparisons/einbuergerungsquote.csv?meta=kurz")
        .await;
    assert_eq!(bad.status, axum::http::StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn accept_picks_the_form_and_json_is_the_default() {
    let app = TestApp::sqlite().await;
    let uri = "/api/v1/comparisons/einbuergerungsquote";
    check_form(uri, "json", &app.get(uri).await);
    check_form(uri, "json", &send(&app, uri, Some("*/*"), None).await);
    for (accept, suffix) in [
        ("text/csv", "csv"),
        (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        ("image/svg+xml", "svg"),
        ("image/png", "png"),
    ] {
        check_form(uri, suffix, &send(&app, uri, Some(accept), None).await);
    }
}

#[tokio::test]
async fn unknown_forms_are_406_in_our_error_shape() {
    let app = TestApp::sqlite().await;
    for (uri, accept) in [
        ("/api/v1/comparisons/einbuergerungsquote.pdf", None),
        (
            "/api/v1/comparisons/einbuergerungsquote",
            Some("application/pdf"),
        ),
        // A route that answers JSON only does not pretend to have a CSV form.
        ("/api/v1/observations.csv", None),
    ] {
        let answer = send(&app, uri, accept, None).await;
        assert_eq!(answer.status, StatusCode::NOT_ACCEPTABLE, "{uri}");
        assert_eq!(answer.content_type(), "application/problem+json");
        let body = answer.json();
        assert_eq!(body["code"], "not-acceptable");
        assert!(
            body["detail"]
                .as_str()
                .unwrap()
                .contains("csv, xlsx, svg, png"),
            "{body}"
        );
    }
    // The OpenAPI document keeps its name, and a JSON-only route takes `.json`.
    assert_eq!(app.get("/api/v1/openapi.json").await.status, StatusCode::OK);
    assert_eq!(app.get("/api/v1/fields.json").await.status, StatusCode::OK);
}

#[tokio::test]
async fn bad_parameters_name_themselves() {
    let app = TestApp::sqlite().await;
    let answer = app.get("/api/v1/comparisons/no_such_indicator").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.json()["errors"][0]["parameter"], "indicator");
    let answer = app
        .get("/api/v1/comparisons/einbuergerungsquote?group=friends")
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.json()["errors"][0]["parameter"], "group");
    let answer = app
        .get("/api/v1/comparisons/einbuergerungsquote?weights=x:1")
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.json()["errors"][0]["parameter"], "weights");
    let answer = app
        .get("/api/v1/comparisons/einbuergerungsquote?colour=red")
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let answer = app
        .get("/api/v1/comparisons/einbuergerungsquote?group=kind")
        .await;
    assert_eq!(
        answer.status,
        StatusCode::BAD_REQUEST,
        "a relative group needs a focus"
    );
    for uri in ["/api/v1/coverage?field=nope", "/api/v1/sensitivity/nope"] {
        let answer = app.get(uri).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(answer.json()["errors"][0]["parameter"], "field", "{uri}");
    }
    let answer = app.get("/api/v1/profiles/99999999").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    let answer = app
        .get("/api/v1/field-scores/arbeit?aggregation=geometric&normalisation=z")
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let answer = app.get("/api/v1/scatter?x=auslaenderanteil").await;
    assert_eq!(answer.json()["errors"][0]["parameter"], "y");
}

/// The fields of `member`'s line in a CSV.
fn csv_row(text: &str, separator: char, member: &str) -> Vec<String> {
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("{member}{separator}")))
        .unwrap_or_else(|| panic!("no row for {member}:\n{text}"));
    line.split(separator).map(str::to_owned).collect()
}

#[tokio::test]
async fn german_and_english_csv_carry_the_numbers_of_the_json_form() {
    let app = TestApp::sqlite().await;
    let uri = "/api/v1/comparisons/einbuergerungsquote?year=2022";
    let json = app.get(uri).await.json();
    let cmp = &json["comparison"];
    assert_eq!(cmp["method"]["polarity"], "higher_is_better");
    let members = cmp["members"].as_array().unwrap();
    let kl = members.iter().find(|m| m["key"] == "07312000").unwrap();
    let value = kl["value"].as_f64().unwrap();
    // Competition rank by hand: one more than the members with a strictly higher value.
    let higher = members
        .iter()
        .filter_map(|m| m["value"].as_f64())
        .filter(|v| *v > value)
        .count();
    assert_eq!(kl["rank"].as_u64().unwrap() as usize, higher + 1);
    let pct = kl["percentile"].as_f64().unwrap();

    let en = app.get(&with_suffix(uri, "csv")).await.text();
    assert!(!en.starts_with('\u{feff}'));
    let row = csv_row(&en, ',', "07312000");
    assert_eq!(row[1], "Kaiserslautern");
    assert_eq!(
        row[2],
        vergleich_api::export::csv_number(value, vergleich_domain::format::Lang::En)
    );
    assert_eq!(row[2].parse::<f64>().unwrap(), (value * 1e6).round() / 1e6);
    assert_eq!(row[3], "A");
    assert_eq!(row[5], (higher + 1).to_string());
    assert_eq!(row[6].parse::<f64>().unwrap(), (pct * 1e6).round() / 1e6);
    assert!(en.contains("\r\nkey,name,value,status,missing,rank,percentile,z_score,min_max,"));

    let de_bytes = app
        .get(&format!("{uri}&lang=de").replace("?", ".csv?"))
        .await
        .body;
    assert!(
        de_bytes.starts_with(b"\xEF\xBB\xBF"),
        "German CSV starts with a BOM"
    );
    let de = String::from_utf8(de_bytes[3..].to_vec()).unwrap();
    assert!(de.contains("\r\nSchlüssel;Name;Wert;Status;Fehlt;Rang;Perzentil;"));
    let row = csv_row(&de, ';', "07312000");
    assert_eq!(row[2], row_en_to_de(&csv_row(&en, ',', "07312000")[2]));
    assert!(row[2].contains(',') || value.fract() == 0.0, "{}", row[2]);
    assert!(!row[2].contains('.'), "no thousands separator: {}", row[2]);
    assert_eq!(row[5], (higher + 1).to_string());
    // Every metadata line is a comment line.
    assert!(de.starts_with("# Ansicht;comparison\r\n"), "{de}");
}

fn row_en_to_de(en: &str) -> String {
    en.replace('.', ",")
}

#[tokio::test]
async fn metadata_says_filters_group_data_state_and_time_in_every_form() {
    let app = TestApp::sqlite().await;
    let uri = "/api/v1/comparisons/einbuergerungsquote?year=2022&group=kind&municipality=07312000";
    let json = app.get(uri).await.json();
    let meta = &json["meta"];
    assert_eq!(meta["view"], "comparison");
    assert_eq!(meta["parameters"]["year"], "2022");
    assert_eq!(meta["parameters"]["group"], "kind");
    assert_eq!(meta["period"], "2022");
    assert_eq!(meta["group"]["definition"]["type"], "kind");
    assert_eq!(meta["data_state"]["visibility"], "published");
    assert!(meta["data_state"]["newest_recorded_at"].is_string());
    // The demo observations and the 42 published demo Selbstcheck rounds (one upload each).
    assert_eq!(
        meta["data_state"]["uploads"].as_array().unwrap().len(),
        1 + 42
    );
    assert_eq!(meta["notice"]["de"], "Beispieldaten (synthetisch)");
    assert!(meta["generated_at"].as_str().unwrap().ends_with('Z'));
    assert!(
        meta["method"]
            .as_str()
            .unwrap()
            .contains("competition ranking")
    );

    let csv = app.get(&with_suffix(uri, "csv")).await.text();
    for line in [
        "# View,comparison",
        "# Parameters,\"group=kind, municipality=07312000, year=2022\"",
        "# Period,2022",
        "# Data state,published",
        "# Notice,Sample data (synthetic) – Beispieldaten (synthetisch)",
    ] {
        assert!(csv.contains(&format!("{line}\r\n")), "{line}\n{csv}");
    }
    assert!(csv.contains("# Comparison group,"));
    assert!(csv.contains("# Generated (UTC),20"));

    let xlsx = app
        .get(&format!("{}&lang=de", with_suffix(uri, "xlsx")))
        .await
        .body;
    let book = unzip(&xlsx, "xl/workbook.xml");
    assert!(
        book.contains("name=\"Daten\"") && book.contains("name=\"Info\""),
        "{book}"
    );
    let strings = unzip(&xlsx, "xl/sharedStrings.xml");
    for text in [
        "Datenstand",
        "published",
        "Beispieldaten (synthetisch)",
        "Vergleichsgruppe",
    ] {
        assert!(strings.contains(text), "{text}");
    }
}

#[tokio::test]
async fn a_name_that_looks_like_a_formula_is_text_in_csv_and_xlsx() {
    let dir = datasets_copy();
    let cohort = dir.path().join("cohort.csv");
    let text = std::fs::read_to_string(&cohort).unwrap().replace(
        "04012000,Bremerhaven,",
        "04012000,\"=HYPERLINK(\"\"http://x.example\"\",\"\"y\"\")\",",
    );
    std::fs::write(&cohort, text).unwrap();
    let app = TestApp::sqlite_with(dir.path(), true, HttpArgs::default()).await;
    let uri = "/api/v1/comparisons/einbuergerungsquote.csv";
    let csv = app.get(uri).await.text();
    let line = csv.lines().find(|l| l.starts_with("04012000,")).unwrap();
    assert!(
        line.starts_with("04012000,\"'=HYPERLINK(\"\"http://x.example\"\",\"\"y\"\")\","),
        "{line}"
    );
    let xlsx = app
        .get("/api/v1/comparisons/einbuergerungsquote.xlsx")
        .await
        .body;
    let sheet = unzip(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(!sheet.contains("<f>"), "no formula cells");
    let strings = unzip(&xlsx, "xl/sharedStrings.xml");
    assert!(
        strings.contains("=HYPERLINK("),
        "the name is kept as a string"
    );
}

#[tokio::test]
async fn an_unpublished_draft_enters_a_comparison_only_as_a_preview_for_who_may_see_it() {
    let app = TestApp::sqlite().await;
    testing::append_value(
        app.store(),
        UploadState::Draft,
        "07312000",
        "einbuergerungsquote",
        2022,
        99.5,
    )
    .await;
    let manager = testing::user_with_token(app.store(), "pl", Role::Manager, None).await;
    let own =
        testing::user_with_token(app.store(), "kl", Role::Municipality, Some("07312000")).await;
    let other =
        testing::user_with_token(app.store(), "hro", Role::Municipality, Some("13003000")).await;
    let uri = "/api/v1/comparisons/einbuergerungsquote?year=2022&data=preview";
    let kl_line = |body: &Value| {
        body["comparison"]["members"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["key"] == "07312000")
            .unwrap()
            .clone()
    };
    let anonymous = app.get(uri).await.json();
    assert_ne!(kl_line(&anonymous)["value"], 99.5);
    assert_eq!(anonymous["meta"]["data_state"]["visibility"], "published");
    let others = send(&app, uri, None, Some(&other)).await.json();
    assert_eq!(kl_line(&others), kl_line(&anonymous));
    assert_eq!(
        others["meta"]["data_state"]["visibility"],
        "published+own:13003000"
    );
    for (token, visibility) in [
        (&manager, "all incl. unreviewed"),
        (&own, "published+own:07312000"),
    ] {
        let body = send(&app, uri, None, Some(token)).await.json();
        assert_eq!(kl_line(&body)["value"], 99.5);
        assert_eq!(kl_line(&body)["rank"], 1);
        assert_eq!(body["meta"]["data_state"]["visibility"], visibility);
        // The demo observations, the 42 demo Selbstcheck rounds and the draft.
        assert_eq!(
            body["meta"]["data_state"]["uploads"]
                .as_array()
                .unwrap()
                .len(),
            2 + 42
        );
    }
    // Without `data=preview` every reader, the manager too, compares the published data.
    let published = "/api/v1/comparisons/einbuergerungsquote?year=2022";
    for token in [&manager, &own] {
        let body = send(&app, published, None, Some(token)).await.json();
        assert_eq!(kl_line(&body), kl_line(&anonymous));
        assert_eq!(body["meta"]["data_state"]["visibility"], "published");
    }
    let bad = send(
        &app,
        "/api/v1/comparisons/einbuergerungsquote?data=alles",
        None,
        None,
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    // Exports follow the same rule.
    let csv = app.get(&with_suffix(uri, "csv")).await.text();
    assert!(!csv_row(&csv, ',', "07312000")[2].starts_with("99.5"));
    let csv = send(&app, &with_suffix(uri, "csv"), None, Some(&manager))
        .await
        .text();
    assert_eq!(csv_row(&csv, ',', "07312000")[2], "99.5");
    assert!(csv.contains("# Data state,all incl. unreviewed (unpublished data included)\r\n"));
}

#[tokio::test]
async fn coverage_rows_are_paged_within_bounds() {
    let app = TestApp::sqlite().await;
    let page = app
        .get("/api/v1/coverage?field=arbeit&limit=5&offset=5")
        .await
        .json();
    assert_eq!(page["count"], 5);
    assert_eq!(page["offset"], 5);
    assert_eq!(page["next_offset"], 10);
    let total = page["total_rows"].as_u64().unwrap();
    assert_eq!(total % 21, 0, "every member × indicator");
    let last = app
        .get(&format!(
            "/api/v1/coverage?field=arbeit&offset={}",
            total - 2
        ))
        .await
        .json();
    assert_eq!(last["count"], 2);
    assert!(last["next_offset"].is_null());
    assert!(
        page["totals"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["group_size"] == 21)
    );
    assert_eq!(
        app.get("/api/v1/coverage?limit=10000").await.status,
        StatusCode::OK
    );
    let over = app.get("/api/v1/coverage?limit=10001").await;
    assert_eq!(over.status, StatusCode::BAD_REQUEST);
    assert_eq!(over.json()["errors"][0]["parameter"], "limit");
    let csv = app
        .get("/api/v1/coverage.csv?field=arbeit&limit=3")
        .await
        .text();
    let data_lines = csv.lines().filter(|l| !l.starts_with('#')).count();
    assert_eq!(data_lines, 4, "header and three rows:\n{csv}");
}

#[tokio::test]
async fn peer_groups_give_the_reason_for_each_member() {
    let app = TestApp::sqlite().await;
    let body = app.get("/api/v1/peer-groups/07312000?k=3").await.json();
    let members = body["peer_group"]["members"].as_array().unwrap();
    assert_eq!(members.len(), 4, "the focus and its 3 nearest neighbours");
    assert!(
        members
            .iter()
            .all(|m| !m["reason_en"].as_str().unwrap().is_empty())
    );
    let by_state = app
        .get("/api/v1/peer-groups/05911000?group=state")
        .await
        .json();
    let keys: Vec<&str> = by_state["peer_group"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["key"].as_str().unwrap())
        .collect();
    assert!(keys.iter().all(|k| k.starts_with("05")), "{keys:?}");
}

#[tokio::test]
async fn field_score_options_reach_the_analysis_and_findings_carry_their_observations() {
    let app = TestApp::sqlite().await;
    let body = app
        .get("/api/v1/field-scores/arbeit?weights=sc_arbeit:0&normalisation=rank&min_coverage=50")
        .await
        .json();
    let scores = &body["field_scores"];
    assert!(
        !scores["scored"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i == "sc_arbeit"),
        "weight 0 leaves the indicator out"
    );
    assert_eq!(scores["options"]["normalisation"], "rank");
    assert_eq!(scores["options"]["coverage_threshold"], 0.5);
    assert_eq!(body["meta"]["parameters"]["weights"], "sc_arbeit:0");

    let profile = app.get("/api/v1/profiles/07312000?group=kind").await.json();
    let findings = profile["profile"]["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for finding in findings {
        assert!(
            finding["text_de"]
                .as_str()
                .unwrap()
                .starts_with("Kaiserslautern")
        );
        assert!(!finding["text_en"].as_str().unwrap().is_empty());
        let observations = finding["observations"].as_array().unwrap();
        assert!(observations.iter().all(|o| o["municipality"] == "07312000"));
    }
    // The German table has the finding sentence next to its field.
    let csv = app
        .get("/api/v1/profiles/07312000.csv?group=kind&lang=de")
        .await
        .text();
    let first = findings[0]["text_de"].as_str().unwrap();
    assert!(csv.contains(first), "{csv}");
}

#[tokio::test]
async fn field_scores_are_listed_page_by_page_and_the_pages_add_up_to_the_whole() {
    let app = TestApp::sqlite().await;
    let whole = app.get("/api/v1/field-scores/arbeit").await.json();
    let keys = |body: &serde_json::Value| -> Vec<String> {
        body["field_scores"]["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["key"].as_str().unwrap().to_owned())
            .collect()
    };
    let all = keys(&whole);
    let total = all.len();
    assert!(total > 5, "the demo cohort has more than one page of 5");
    assert_eq!(whole["total_members"], total);
    assert_eq!(whole["count"], total);
    assert_eq!(whole["limit"], 1_000, "the default page");
    assert_eq!(whole["next_offset"], serde_json::Value::Null);

    // Pages of 5, followed by next_offset, give the same members in the same order.
    let mut paged = Vec::new();
    let mut offset = Some(0);
    while let Some(at) = offset {
        let page = app
            .get(&format!("/api/v1/field-scores/arbeit?limit=5&offset={at}"))
            .await
            .json();
        assert_eq!(page["total_members"], total);
        assert_eq!(page["count"].as_u64().unwrap() as usize, keys(&page).len());
        paged.extend(keys(&page));
        offset = page["next_offset"].as_u64();
    }
    assert_eq!(paged, all);

    // Past the end: no members, no next page.
    let past = app
        .get(&format!("/api/v1/field-scores/arbeit?offset={total}"))
        .await
        .json();
    assert_eq!(past["count"], 0);
    assert_eq!(past["next_offset"], serde_json::Value::Null);

    // The limit at its maximum and one past it, and zero.
    let res = app.get("/api/v1/field-scores/arbeit?limit=10000").await;
    assert_eq!(res.status, StatusCode::OK);
    for bad in ["10001", "0", "-1", "viele"] {
        let res = app
            .get(&format!("/api/v1/field-scores/arbeit?limit={bad}"))
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "limit={bad}");
        assert!(
            res.text().contains("limit"),
            "the error names the parameter"
        );
    }

    // A CSV download is the whole table, whatever page the JSON was on.
    let csv = app
        .get("/api/v1/field-scores/arbeit.csv?limit=5&offset=5&meta=none&lang=en")
        .await
        .text();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), total, "{csv}");
    assert!(rows[0].starts_with(&all[0]), "{csv}");
    let every = app.get("/api/v1/field-scores.json?limit=3").await.json();
    for field in every["fields"].as_array().unwrap() {
        assert_eq!(field["members"].as_array().unwrap().len(), 3);
    }
    assert_eq!(every["next_offset"], 3);
}
