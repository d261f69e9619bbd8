//! The OpenAPI document and the router agree: every documented operation reaches a handler (not
//! the fallback), the served document is the generated one, and no route is added around
//! `utoipa_axum::routes!` (the only way a route could exist without being documented).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::path::Path;

use axum::http::{Method, StatusCode};
use serde_json::Value;
use vergleich_api::testing::TestApp;

fn operations(doc: &Value) -> Vec<(String, String)> {
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            ops.push((method.to_uppercase(), path.clone()));
        }
    }
    ops
}

#[tokio::test]
async fn every_documented_operation_reaches_a_handler_and_the_served_document_is_the_generated_one()
{
    // One request per operation from one address: more than the rate limit's burst.
    let http = vergleich_api::config::HttpArgs {
        rate_limit: 0,
        ..Default::default()
    };
    let app = TestApp::sqlite_with(&vergleich_api::testing::datasets_dir(), true, http).await;
    let doc = vergleich_api::openapi_json();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    let ops = operations(&doc);
    assert!(ops.len() >= 30, "{ops:?}");
    for (method, path) in &ops {
        let op = &doc["paths"][path][method.to_lowercase()];
        assert!(
            op["responses"].as_object().is_some_and(|r| !r.is_empty()),
            "{method} {path} documents no response"
        );
        assert!(
            op["tags"].as_array().is_some_and(|t| !t.is_empty()),
            "{method} {path} has no tag"
        );
        let uri = path
            .replace("{indicator}", "auslaenderanteil")
            .replace("{field}", "arbeit")
            .replace("{municipality}", "07312000")
            .replace("{id}", "1");
        let method_of = Method::from_bytes(method.as_bytes()).unwrap();
        let answer = app.call(method_of, &uri, &[], Vec::new()).await;
        let status = answer.status;
        let json: Value = serde_json::from_slice(&answer.body).unwrap_or(Value::Null);
        let fallback =
            status == StatusCode::NOT_FOUND && json["detail"] == "This address does not exist.";
        assert!(
            !fallback && status != StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path} is documented but not routed ({status})"
        );
    }
    let served = app.get("/api/v1/openapi.json").await;
    let served: Value = serde_json::from_slice(&served.body).unwrap();
    assert_eq!(served, doc);
    // An undocumented address falls through to the fallback.
    let nothing = app.get("/api/v1/nichts").await;
    assert_eq!(nothing.status, StatusCode::NOT_FOUND);
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_route_is_added_around_the_documented_declarations() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(files.len() > 10);
    let forbidden = [
        ".route(",
        ".nest(",
        ".route_service(",
        ".nest_service(",
        "routing::get(",
        "routing::post(",
    ];
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for f in forbidden {
                if line.contains(f) {
                    found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "routes outside `routes!` are undocumented:\n{}",
        found.join("\n")
    );
}

#[test]
fn every_view_and_member_page_documents_which_data_it_reads() {
    // Every comparison view accepts `data=preview` and the member pages `daten=vorschau`; a
    // client generated from the document must be able to send them (issue #16, item 11).
    let doc = serde_json::to_value(vergleich_api::openapi_document()).unwrap();
    let names = |path: &str| -> Vec<String> {
        doc["paths"][path]["get"]["parameters"]
            .as_array()
            .unwrap_or_else(|| panic!("{path} has parameters"))
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let views: Vec<String> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .filter(|p| doc["paths"][p.as_str()]["get"]["tags"][0] == "comparisons")
        .cloned()
        .collect();
    assert_eq!(views.len(), 9, "{views:?}");
    for path in &views {
        assert!(names(path).contains(&"data".to_owned()), "{path}");
    }
    for path in ["/kommune/{key}", "/bericht/{key}"] {
        assert!(names(path).contains(&"daten".to_owned()), "{path}");
    }
}

#[test]
fn the_served_document_says_which_values_each_parameter_takes_and_every_400() {
    // What schemathesis (scripts/schemathesis, in .ci/run) generates from: a request the
    // document allows is one the service takes, and every status it can answer is declared
    // (issue #16, item 11).
    let doc = vergleich_api::openapi_json();
    let parameter = |path: &str, name: &str| -> serde_json::Value {
        doc["paths"][path]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{path} has no {name}"))
            .clone()
    };
    let k = parameter("/api/v1/comparisons/{indicator}", "k");
    assert_eq!(
        (
            k["schema"]["minimum"].as_i64(),
            k["schema"]["maximum"].as_i64()
        ),
        (Some(1), Some(34))
    );
    let group = parameter("/api/v1/field-scores", "group");
    assert_eq!(group["schema"]["enum"].as_array().unwrap().len(), 6);
    let year = parameter("/api/v1/comparisons/{indicator}", "year");
    assert_eq!(year["schema"]["minimum"], 1990);
    let x = parameter("/api/v1/scatter", "x");
    assert_eq!(x["required"], true);
    let limit = parameter("/api/v1/uploads", "limit");
    assert_eq!(limit["schema"]["maximum"], 200);
    // A path id past i64 or an unreadable body is 400, declared on every such operation.
    for (path, method) in [
        ("/api/v1/uploads/{id}", "get"),
        ("/api/v1/uploads/{id}/submit", "post"),
        ("/api/v1/uploads/{id}/approve", "post"),
        ("/api/v1/audit", "get"),
        ("/api/v1/session", "post"),
    ] {
        assert!(
            doc["paths"][path][method]["responses"]["400"].is_object(),
            "{method} {path} does not declare 400"
        );
    }
}
