//! The indicator catalogue: fields of action and indicators, loaded from `datasets/fields.csv`
//! and `datasets/indicators.csv`. The catalogue is data: a new field or indicator is a new row,
//! not a code change.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::error::{DatasetError, DatasetIssue};
use crate::ids::{FieldId, IndicatorId};

/// A field of action (Handlungsfeld) of the self-check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub id: FieldId,
    /// Display order, 1-based.
    pub position: i32,
    pub label_de: String,
    pub label_en: String,
    /// One word for narrow places (heat-map columns): "Öffnung"; empty means use the label.
    #[serde(default)]
    pub short_de: String,
    #[serde(default)]
    pub short_en: String,
    pub description_de: String,
    pub description_en: String,
    /// Archived by an admin: kept for the data already recorded, closed to new indicators.
    #[serde(default)]
    pub archived: bool,
}

/// Which direction is good. Fixed before any normalisation (DOMAIN.md §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    HigherIsBetter,
    LowerIsBetter,
    Neutral,
}

/// Self-check scores and outcome statistics are compared; context indicators form peer groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    SelfCheck,
    Statistic,
    Context,
}

/// The territorial level an indicator is published for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Published per municipality (Gemeinde); a district reports its own figure.
    Gemeinde,
    /// Published per district or kreisfreie Stadt (Kreis); a kreisangehörige Stadt reports its Kreis.
    Kreis,
    /// Reported by the member itself, whatever its kind (self-check, own surveys).
    Kommune,
}

macro_rules! str_enum {
    ($name:ident { $($variant:ident => $text:literal),* $(,)? }) => {
        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),* }
            }
            pub fn parse(value: &str) -> Option<Self> {
                match value { $($text => Some(Self::$variant),)* _ => None }
            }
        }
    };
}
pub(crate) use str_enum;

str_enum!(Polarity { HigherIsBetter => "higher_is_better", LowerIsBetter => "lower_is_better", Neutral => "neutral" });
str_enum!(IndicatorKind { SelfCheck => "self_check", Statistic => "statistic", Context => "context" });
str_enum!(Level { Gemeinde => "gemeinde", Kreis => "kreis", Kommune => "kommune" });

/// One indicator of the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub id: IndicatorId,
    /// The field it belongs to; context indicators belong to none.
    pub field: Option<FieldId>,
    pub kind: IndicatorKind,
    pub label_de: String,
    pub label_en: String,
    pub definition_de: String,
    pub definition_en: String,
    pub unit: String,
    pub polarity: Polarity,
    /// Smallest allowed value, if bounded.
    pub min: Option<f64>,
    /// Largest allowed value, if bounded (a percentage has 100).
    pub max: Option<f64>,
    pub source: String,
    pub level: Level,
    /// Increases when the definition changes; a time series breaks there.
    pub definition_version: i32,
}

impl Indicator {
    /// Whether a value lies in the allowed range.
    pub fn allows(&self, value: f64) -> bool {
        value.is_finite()
            && self.min.is_none_or(|min| value >= min)
            && self.max.is_none_or(|max| value <= max)
    }

    /// A rate in percent: differences are percentage points, not percent of percent.
    pub fn is_rate(&self) -> bool {
        self.unit == "%"
    }
}

/// Fields and indicators, validated together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Catalogue {
    pub fields: Vec<Field>,
    pub indicators: Vec<Indicator>,
}

/// Reads a dataset CSV into typed rows with their 1-based row numbers (header = row 1), or every
/// problem with row and column.
pub(crate) fn read_csv<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
) -> Result<Vec<(usize, T)>, DatasetError> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|err| DatasetError::single(file, Some(1), None, err.to_string()))?
        .clone();
    let mut rows = Vec::new();
    let mut issues = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let row = index + 2;
        let result = record
            .map_err(|e| (None, e.to_string()))
            .and_then(|record| {
                record
                    .deserialize::<T>(Some(&headers))
                    .map_err(|err| (failing_column(&headers, &record, &err), err.to_string()))
            });
        match result {
            Ok(value) => rows.push((row, value)),
            Err((column, message)) => {
                issues.push(DatasetIssue {
                    file: file.to_owned(),
                    row: Some(row),
                    column,
                    message,
                });
            }
        }
    }
    if issues.is_empty() {
        Ok(rows)
    } else {
        Err(DatasetError { issues })
    }
}

/// The column of a deserialisation error. csv knows it for its own conversions; for errors raised
/// by our types and enums (which quote the bad value) the column is the one holding that value.
fn failing_column(
    headers: &csv::StringRecord,
    record: &csv::StringRecord,
    err: &csv::Error,
) -> Option<String> {
    if let csv::ErrorKind::Deserialize { err, .. } = err.kind() {
        if let Some(index) = err.field() {
            return headers.get(index as usize).map(str::to_owned);
        }
        let message = err.to_string();
        return headers
            .iter()
            .zip(record.iter())
            .find_map(|(header, cell)| {
                let quoted = [format!("`{cell}`"), format!("{cell:?}")];
                (!cell.is_empty() && quoted.iter().any(|q| message.contains(q.as_str())))
                    .then(|| header.to_owned())
            });
    }
    None
}

impl Catalogue {
    /// Parses and cross-checks `fields.csv` and `indicators.csv`, reporting every problem.
    pub fn from_csv(fields_csv: &str, indicators_csv: &str) -> Result<Self, DatasetError> {
        let fields = read_csv::<Field>("fields.csv", fields_csv);
        let indicators = read_csv::<Indicator>("indicators.csv", indicators_csv);
        let (fields, indicators) = match (fields, indicators) {
            (Ok(f), Ok(i)) => (f, i),
            (f, i) => {
                let mut issues = f.err().map(|e| e.issues).unwrap_or_default();
                issues.extend(i.err().map(|e| e.issues).unwrap_or_default());
                return Err(DatasetError { issues });
            }
        };
        let mut issues = Vec::new();
        let issue = |file: &str, row: usize, column: &str, message: String| DatasetIssue {
            file: file.to_owned(),
            row: Some(row),
            column: Some(column.to_owned()),
            message,
        };
        let mut field_ids = HashSet::new();
        for (row, field) in &fields {
            if !field_ids.insert(field.id.clone()) {
                issues.push(issue(
                    "fields.csv",
                    *row,
                    "id",
                    format!("field id {} appears twice", field.id),
                ));
            }
        }
        let mut indicator_ids = HashSet::new();
        for (row, ind) in &indicators {
            if !indicator_ids.insert(ind.id.clone()) {
                issues.push(issue(
                    "indicators.csv",
                    *row,
                    "id",
                    format!("indicator id {} appears twice", ind.id),
                ));
            }
            match (&ind.field, ind.kind) {
                (Some(field), _) if !field_ids.contains(field) => issues.push(issue(
                    "indicators.csv",
                    *row,
                    "field",
                    format!("field {field} is not in fields.csv"),
                )),
                (None, IndicatorKind::SelfCheck | IndicatorKind::Statistic) => issues.push(issue(
                    "indicators.csv",
                    *row,
                    "field",
                    "only context indicators may have no field".to_owned(),
                )),
                _ => {}
            }
            if let (Some(min), Some(max)) = (ind.min, ind.max)
                && !(min.is_finite() && max.is_finite() && min <= max)
            {
                issues.push(issue(
                    "indicators.csv",
                    *row,
                    "max",
                    format!("range {min}..{max} is empty"),
                ));
            }
            if ind.definition_version < 1 {
                issues.push(issue(
                    "indicators.csv",
                    *row,
                    "definition_version",
                    "must be 1 or more".to_owned(),
                ));
            }
        }
        if !issues.is_empty() {
            return Err(DatasetError { issues });
        }
        let mut fields: Vec<Field> = fields.into_iter().map(|(_, f)| f).collect();
        fields.sort_by_key(|f| f.position);
        Ok(Self {
            fields,
            indicators: indicators.into_iter().map(|(_, i)| i).collect(),
        })
    }

    pub fn field(&self, id: &FieldId) -> Option<&Field> {
        self.fields.iter().find(|f| &f.id == id)
    }

    pub fn indicator(&self, id: &IndicatorId) -> Option<&Indicator> {
        self.indicators.iter().find(|i| &i.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: &str = "id,position,label_de,label_en,short_de,short_en,description_de,description_en\n\
        steuerung,1,Management und Steuerung,Governance and steering,Steuerung,Steering,d,e\n";
    const HEADER: &str = "id,field,kind,label_de,label_en,definition_de,definition_en,unit,polarity,min,max,source,level,definition_version\n";

    #[test]
    fn valid_catalogue_loads_with_optional_field_and_range() {
        let indicators = format!(
            "{HEADER}sc_steuerung,steuerung,self_check,Score,Score,d,e,Punkte,higher_is_better,0,100,Selbstcheck,kommune,1\n\
             bevoelkerung,,context,Bevölkerung,Population,d,e,Personen,neutral,0,,Destatis,gemeinde,1\n"
        );
        let catalogue = Catalogue::from_csv(FIELDS, &indicators).unwrap();
        assert_eq!(catalogue.indicators.len(), 2);
        assert_eq!(catalogue.indicators[1].field, None);
        assert_eq!(catalogue.indicators[1].max, None);
        assert!(catalogue.indicators[0].allows(100.0));
        assert!(!catalogue.indicators[0].allows(100.5));
        assert!(!catalogue.indicators[0].allows(f64::NAN));
    }

    #[test]
    fn unknown_field_and_bad_polarity_are_reported_with_row_and_column() {
        let indicators = format!(
            "{HEADER}a,nirgends,self_check,A,A,d,e,%,higher_is_better,0,100,s,kommune,1\n\
             b,steuerung,statistic,B,B,d,e,%,upward,0,100,s,kreis,1\n"
        );
        let err = Catalogue::from_csv(FIELDS, &indicators).unwrap_err();
        assert_eq!(
            err.issues.len(),
            1,
            "deserialisation errors come first: {err:?}"
        );
        assert_eq!(err.issues[0].row, Some(3));
        assert_eq!(err.issues[0].column.as_deref(), Some("polarity"));

        let indicators =
            format!("{HEADER}a,nirgends,self_check,A,A,d,e,%,higher_is_better,0,100,s,kommune,1\n");
        let err = Catalogue::from_csv(FIELDS, &indicators).unwrap_err();
        assert_eq!(
            (err.issues[0].row, err.issues[0].column.as_deref()),
            (Some(2), Some("field"))
        );
    }

    #[test]
    fn duplicate_ids_and_empty_ranges_are_all_reported() {
        let indicators = format!(
            "{HEADER}a,steuerung,statistic,A,A,d,e,%,neutral,5,1,s,kreis,1\n\
             a,steuerung,statistic,A,A,d,e,%,neutral,0,1,s,kreis,0\n"
        );
        let err = Catalogue::from_csv(FIELDS, &indicators).unwrap_err();
        let columns: Vec<_> = err
            .issues
            .iter()
            .map(|i| (i.row, i.column.clone().unwrap_or_default()))
            .collect();
        assert_eq!(
            columns,
            vec![
                (Some(2), "max".into()),
                (Some(3), "id".into()),
                (Some(3), "definition_version".into())
            ]
        );
    }
}
