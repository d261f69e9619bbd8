//! What the handlers' annotations leave loose in the OpenAPI document, made exact in one place:
//! the values each shared parameter accepts (enums, ranges, key patterns: the same rules
//! `compare::params` and the other parsers apply), and the `400` every operation with
//! parameters or a body answers when one of them cannot be read (a path id past `i64`, a JSON
//! body of the wrong shape). A client generating requests from the document (schemathesis in
//! `.ci/run`) then sends what the service takes, and every status it can get is declared.

use serde_json::{Map, Value, json};
use vergleich_domain::Period;

use super::compare::params::MAX_K;

/// An 8-digit AGS or a 5-digit Kreisschlüssel.
const KEY: &str = "[0-9]{5}(?:[0-9]{3})?";
/// A catalogue id (indicator or field).
const ID: &str = "[a-z][a-z0-9_]{0,63}";

/// The schema of a parameter by name, for the operation at `path`; `None`: left as annotated.
fn schema_of(name: &str, path: &str) -> Option<Value> {
    // Lists may be empty: an empty value counts as not given.
    let list =
        |item: &str| json!({"type": "string", "pattern": format!("^(?:{item}(?:,{item})*)?$")});
    let one = |item: &str| json!({"type": "string", "pattern": format!("^{item}$")});
    let weight = format!("{ID}:(?:1000(?:\\.0+)?|[0-9]{{1,3}}(?:\\.[0-9]+)?)");
    let years = json!({"type": "integer", "minimum": Period::MIN, "maximum": Period::MAX});
    Some(match name {
        // A concept diff's `from` and `to` are version labels, not years.
        "from" | "to" if path.ends_with("/diff") => return None,
        "year" | "from" | "to" | "base" => years,
        "status" if path == "/api/v1/concepts" => json!({"type": "string", "enum": [
            "", "idee", "in_planung", "in_umsetzung", "laufend", "abgeschlossen", "verworfen"]}),
        "q" if path == "/api/v1/concepts" => json!({"type": "string", "maxLength": 100}),
        "version" if path.starts_with("/api/v1/concepts/") => {
            json!({"type": "string", "minLength": 1, "maxLength": 40})
        }
        "k" => json!({"type": "integer", "minimum": 1, "maximum": MAX_K}),
        "scale" => json!({"type": "integer", "enum": [1, 2]}),
        "min_coverage" => json!({"type": "integer", "minimum": 0, "maximum": 100}),
        "offset" => json!({"type": "integer", "minimum": 0, "maximum": i64::MAX}),
        "limit" => {
            let max = match path {
                "/api/v1/uploads" => vergleich_service::workflow::review::MAX_PAGE,
                "/api/v1/audit" => vergleich_service::workflow::review::MAX_AUDIT,
                _ => super::observations::MAX_LIMIT,
            };
            json!({"type": "integer", "minimum": 1, "maximum": max})
        }
        "group" => {
            json!({"type": "string", "enum": ["cohort", "kind", "state", "east-west", "size", "neighbours"]})
        }
        "lang" => json!({"type": "string", "enum": ["de", "en"]}),
        "size" => json!({"type": "string", "enum": ["web", "column", "print"]}),
        "data" => json!({"type": "string", "enum": ["published", "preview"]}),
        "meta" => json!({"type": "string", "enum": ["lines", "none"]}),
        "state" if path.starts_with("/api/v1/uploads") => {
            json!({"type": "string", "enum": ["draft", "submitted", "published", "rejected"]})
        }
        "like_for_like" => json!({"type": "string", "enum": ["true", "false"]}),
        "normalisation" => json!({"type": "string", "enum": ["min-max", "z", "rank"]}),
        "aggregation" => json!({"type": "string", "enum": ["arithmetic", "geometric"]}),
        "chart" if path.starts_with("/api/v1/comparisons/") => {
            json!({"type": "string", "enum": ["ranking", "dot-plot"]})
        }
        "chart" if path.starts_with("/api/v1/field-scores/") => {
            json!({"type": "string", "enum": ["heatmap", "ranking"]})
        }
        "chart" if path.contains("workshops/") => {
            json!({"type": "string", "enum": ["workshop", "gap"]})
        }
        "questionnaire" if path.starts_with("/api/v1/selfcheck/items/") => {
            json!({"type": "string", "enum": ["v1", "v2"]})
        }
        "as_of" => json!({"type": "string", "format": "date-time"}),
        "weights" => list(&weight),
        // Catalogue ids in the paths of the admins' routes (issue #14 B).
        "id" if path.starts_with("/api/v1/fields/") || path.starts_with("/api/v1/indicators/") => {
            one(ID)
        }
        // Exchange search and the practices list: one member, field or state, or none.
        "municipality" if path == "/api/v1/exchange/search" || path == "/api/v1/practices" => {
            json!({"type": "string", "pattern": format!("^(?:{KEY})?$")})
        }
        "field" if path == "/api/v1/exchange/search" => {
            json!({"type": "string", "pattern": format!("^(?:{ID})?$")})
        }
        "kind" if path == "/api/v1/exchange/search" => {
            json!({"type": "string", "enum": ["", "practice", "measure"]})
        }
        "q" if path == "/api/v1/exchange/search" => json!({"type": "string", "maxLength": 100}),
        "state" if path == "/api/v1/practices" => {
            json!({"type": "string", "enum": ["", "draft", "submitted", "published", "rejected"]})
        }
        "municipality" if path.contains("{municipality}") => one(KEY),
        "municipality" => list(KEY),
        "indicator" if path.contains("{indicator}") => one(ID),
        "field" if path.contains("{field}") || path == "/api/v1/indicators" => one(ID),
        // One field, or none when empty (the search form sends `field=` for "all").
        "field" if path == "/api/v1/concepts" => {
            json!({"type": "string", "pattern": format!("^(?:{ID})?$")})
        }
        "x" | "y" if path == "/api/v1/scatter" => one(ID),
        "indicator" | "field" | "x" | "y" => list(ID),
        _ => return None,
    })
}

/// Tightens the parameters and adds the missing `400` answers (see the module documentation).
pub fn refine(doc: &mut Value) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for operation in item.values_mut().filter_map(Value::as_object_mut) {
            refine_operation(path, operation);
        }
    }
}

fn refine_operation(path: &str, operation: &mut Map<String, Value>) {
    let mut takes_input = operation.contains_key("requestBody");
    if let Some(parameters) = operation
        .get_mut("parameters")
        .and_then(Value::as_array_mut)
    {
        for parameter in parameters.iter_mut().filter_map(Value::as_object_mut) {
            takes_input = true;
            let Some(name) = parameter.get("name").and_then(Value::as_str) else {
                continue;
            };
            // Query and path parameters only; headers (Idempotency-Key) keep their own.
            let place = parameter.get("in").and_then(Value::as_str).unwrap_or("");
            if !matches!(place, "query" | "path") {
                continue;
            }
            // The scatter plot needs both axes.
            let required = path == "/api/v1/scatter" && matches!(name, "x" | "y");
            if let Some(schema) = schema_of(name, path) {
                parameter.insert("schema".to_owned(), schema);
            }
            if required {
                parameter.insert("required".to_owned(), Value::Bool(true));
            }
        }
    }
    let is_page = operation
        .get("tags")
        .and_then(Value::as_array)
        .is_some_and(|tags| tags.iter().any(|t| t == "pages"));
    if !takes_input || is_page {
        return;
    }
    if let Some(responses) = operation
        .get_mut("responses")
        .and_then(Value::as_object_mut)
    {
        responses.entry("400").or_insert_with(|| {
            json!({
                "description": "A parameter or the body cannot be read (problem+json `invalid-parameter`)",
                "content": {"application/problem+json": {}}
            })
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_patterns_take_keys_and_ids_and_nothing_empty() {
        let Some(Value::String(p)) =
            schema_of("municipality", "/api/v1/scatter").and_then(|s| s.get("pattern").cloned())
        else {
            panic!("a pattern");
        };
        assert_eq!(p, "^(?:[0-9]{5}(?:[0-9]{3})?(?:,[0-9]{5}(?:[0-9]{3})?)*)?$");
        assert_eq!(
            schema_of("limit", "/api/v1/audit").unwrap()["maximum"],
            json!(vergleich_service::workflow::review::MAX_AUDIT)
        );
        assert!(schema_of("comment", "/api/v1/uploads").is_none());
    }
}
