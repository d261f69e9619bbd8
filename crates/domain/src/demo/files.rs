//! The demo's CSV files: the anchors the generator starts from (`datasets/demo/anchors.csv`)
//! and the observations in the canonical long layout, written and read back.

use serde::{Deserialize, Serialize};

use crate::catalogue::read_csv;
use crate::error::{DatasetError, DatasetIssue};
use crate::ids::{Ags, IndicatorId};
use crate::observation::{MissingReason, Observation, Period, Status};

/// Real-world anchors of one member (approximate public figures, rounded): the generator starts
/// its context series here so Kaiserslautern's foreign share is about 17 % and so on.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anchor {
    pub key: Ags,
    pub population: f64,
    pub area_km2: f64,
    /// Ausländeranteil in % on 31.12.2018.
    pub foreign_share: f64,
}

/// Parses `datasets/demo/anchors.csv`.
pub fn anchors_from_csv(text: &str) -> Result<Vec<Anchor>, DatasetError> {
    Ok(read_csv::<Anchor>("demo/anchors.csv", text)?
        .into_iter()
        .map(|(_, a)| a)
        .collect())
}

/// One row of the canonical long layout: `municipality,indicator,year,value,status,missing_reason,note,source`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    municipality: Ags,
    indicator: IndicatorId,
    year: i32,
    value: Option<f64>,
    status: Status,
    missing_reason: Option<MissingReason>,
    note: Option<String>,
    source: Option<String>,
}

/// Writes observations in the canonical long layout (UTF-8, `,`, decimal point).
pub fn to_csv(observations: &[Observation]) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for o in observations {
        writer.serialize(Row {
            municipality: o.municipality.clone(),
            indicator: o.indicator.clone(),
            year: o.period.year(),
            value: o.value,
            status: o.status,
            missing_reason: o.missing_reason,
            note: o.note.clone(),
            source: o.source.clone(),
        })?;
    }
    let bytes = writer.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Reads the canonical long layout back, checking every observation's invariants.
pub fn from_csv(file: &str, text: &str) -> Result<Vec<Observation>, DatasetError> {
    let rows = read_csv::<Row>(file, text)?;
    let mut issues = Vec::new();
    let mut out = Vec::with_capacity(rows.len());
    for (row, r) in rows {
        let issue = |column: &str, message: String| DatasetIssue {
            file: file.to_owned(),
            row: Some(row),
            column: Some(column.to_owned()),
            message,
        };
        let Some(period) = Period::new(r.year) else {
            issues.push(issue("year", format!("year {} is out of range", r.year)));
            continue;
        };
        let o = Observation {
            municipality: r.municipality,
            indicator: r.indicator,
            period,
            value: r.value,
            status: r.status,
            missing_reason: r.missing_reason,
            note: r.note.filter(|n| !n.is_empty()),
            source: r.source.filter(|s| !s.is_empty()),
        };
        match o.check() {
            Ok(()) => out.push(o),
            Err(err) => issues.push(issue("value", err.to_string())),
        }
    }
    if issues.is_empty() {
        Ok(out)
    } else {
        Err(DatasetError { issues })
    }
}
