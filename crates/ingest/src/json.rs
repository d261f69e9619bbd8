//! The JSON upload format:
//!
//! ```json
//! {"observations": [
//!   {"municipality": "07312000", "indicator": "auslaenderanteil", "year": 2023,
//!    "value": 12.5, "status": "A", "missing_reason": null, "note": null, "source": null}
//! ]}
//! ```
//!
//! `municipality`, `indicator` and `year` are required; `value` is a number, or `null`/a marker
//! (`"."`, `"..."`, `"x"`, `"/"`) with `status` `"M"` and a `missing_reason`. Unknown fields are
//! errors. In the report, `row` is the 1-based position in `observations` and `column` the field.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::context::IngestContext;
use crate::limits::Limits;
use crate::pipeline::Pipeline;
use crate::report::{Code, ColumnRef, DecimalMark, ValidationReport, issue};
use crate::table::{Cell, OwnedCell};

/// The documented schema of a JSON upload (also what [`JsonUpload::from_observations`] writes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonUpload {
    pub observations: Vec<JsonObservation>,
}

/// One observation of a JSON upload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonObservation {
    pub municipality: String,
    pub indicator: String,
    pub year: i32,
    #[serde(default)]
    pub value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl JsonUpload {
    /// The JSON form of observations, e.g. for an export that can be uploaded again.
    pub fn from_observations(observations: &[vergleich_domain::Observation]) -> Self {
        Self {
            observations: observations
                .iter()
                .map(|o| JsonObservation {
                    municipality: o.municipality.to_string(),
                    indicator: o.indicator.to_string(),
                    year: o.period.year(),
                    value: o.value,
                    status: Some(o.status.as_str().to_owned()),
                    missing_reason: o.missing_reason.map(|r| r.as_str().to_owned()),
                    note: o.note.clone(),
                    source: o.source.clone(),
                })
                .collect(),
        }
    }
}

/// Read loosely first, so each observation's problems are reported with its position.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUpload {
    observations: Vec<Map<String, Value>>,
}

const FIELDS: [&str; 8] = [
    "municipality",
    "indicator",
    "year",
    "value",
    "status",
    "missing_reason",
    "note",
    "source",
];

fn cell(value: Option<&Value>) -> OwnedCell {
    match value {
        None | Some(Value::Null) => OwnedCell::Empty,
        Some(Value::String(s)) => OwnedCell::Text(s.clone()),
        Some(Value::Number(n)) => n
            .as_f64()
            .map_or(OwnedCell::Error(n.to_string()), OwnedCell::Number),
        Some(Value::Bool(b)) => OwnedCell::Bool(*b),
        Some(other) => OwnedCell::Error(other.to_string()),
    }
}

pub(crate) fn read(
    bytes: &[u8],
    ctx: &IngestContext<'_>,
    limits: &Limits,
    mut report: ValidationReport,
) -> (Vec<vergleich_domain::Observation>, ValidationReport) {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    report.encoding = Some("utf-8");
    report.decimal_mark = Some(DecimalMark::Point);
    let raw: RawUpload = match serde_json::from_slice(body) {
        Ok(raw) => raw,
        Err(err) => {
            let row = err.line();
            report.push(issue(Code::FormatError).value(format!("line {row}, column {}", err.column())).msg(
                format!("Die JSON-Datei entspricht nicht dem Schema {{\"observations\": [...]}}: {err}"),
                format!("The JSON file does not follow the schema {{\"observations\": [...]}}: {err}"),
            ));
            return (Vec::new(), report);
        }
    };
    let mut pipeline = Pipeline::new(ctx, limits, DecimalMark::Point, report).json();
    let header: Vec<Cell<'_>> = FIELDS.iter().map(|f| Cell::Text(f)).collect();
    pipeline.header(0, &header);
    let mut cells: Vec<OwnedCell> = Vec::with_capacity(FIELDS.len());
    for (index, object) in raw.observations.iter().enumerate() {
        let row = index + 1;
        if let Some(unknown) = object.keys().find(|k| !FIELDS.contains(&k.as_str())) {
            pipeline.report.push(
                issue(Code::ExtraLabel)
                    .row(row)
                    .at(Some(ColumnRef::field(unknown)))
                    .msg(
                        "Unbekanntes Feld. Erlaubt: municipality, indicator, year, value, status, missing_reason, note, source.",
                        "Unknown field. Allowed: municipality, indicator, year, value, status, missing_reason, note, source.",
                    ),
            );
            continue;
        }
        cells.clear();
        cells.extend(FIELDS.iter().map(|f| cell(object.get(*f))));
        let borrowed: Vec<Cell<'_>> = cells.iter().map(OwnedCell::as_cell).collect();
        if !pipeline.row(row, &borrowed) {
            break;
        }
    }
    pipeline.finish()
}
