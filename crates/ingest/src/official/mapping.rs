//! Which value variable of an official table feeds which catalogue indicator: data, not code.
//! The built-in mappings come from `datasets/sources.csv`; a caller adds its own in the syntax
//! `CODE[:ATTR=VAL…]=INDICATOR[*FACTOR]` (e.g. `BEVSTD:GES==bevoelkerung*1`). A mapping matches a
//! variable when the code is equal and its filters name exactly the variable's attributes (an
//! empty value is "Insgesamt" in flat files; classic tables have unnamed attributes, `=Insgesamt`).
//! Caller mappings are tried before the built-in ones.

use std::sync::LazyLock;

use serde::Deserialize;
use vergleich_domain::IndicatorId;

use crate::error::IngestError;
use crate::official::section::SourceFormat;

/// Where a mapping comes from (the report and the errors name it).
#[derive(Debug, Clone, PartialEq)]
pub enum MappingOrigin {
    /// Row of `datasets/sources.csv` (header = row 1).
    Builtin { row: usize },
    /// Given by the caller, as written.
    User { spec: String },
}

/// One mapping of a value variable to an indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapping {
    /// `None`: any format (caller mappings).
    pub source: Option<SourceFormat>,
    /// Table id or statistic code the mapping is limited to.
    pub table: Option<String>,
    pub variable: String,
    /// (attribute variable, attribute value); empty value = Insgesamt.
    pub filters: Vec<(String, String)>,
    /// The source unit the factor converts from.
    pub unit: Option<String>,
    /// Multiplies the source value; declares the unit conversion.
    pub factor: Option<f64>,
    pub indicator: IndicatorId,
    pub origin: MappingOrigin,
}

impl Mapping {
    /// `BEVSTD:GES=` as the report shows it.
    pub(crate) fn spec(&self) -> String {
        match &self.origin {
            MappingOrigin::User { spec } => spec.clone(),
            MappingOrigin::Builtin { row } => {
                format!(
                    "datasets/sources.csv row {row} ({})",
                    spec_of(&self.variable, &self.filters)
                )
            }
        }
    }
}

/// `CODE[:ATTR=VAL…]`.
pub(crate) fn spec_of(code: &str, attributes: &[(String, String)]) -> String {
    let mut out = code.to_owned();
    for (attr, value) in attributes {
        out.push(':');
        out.push_str(attr);
        out.push('=');
        out.push_str(value);
    }
    out
}

/// The mappings in force for one ingest.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceMappings {
    builtin: Vec<Mapping>,
    user: Vec<Mapping>,
    /// Set when the built-in table could not be read: official files are then refused.
    pub(crate) broken: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceRow {
    source: String,
    table: String,
    variable: String,
    filters: String,
    unit: String,
    factor: String,
    indicator: String,
    verified: String,
    #[allow(dead_code)]
    comment: String,
}

static BUILTIN: LazyLock<SourceMappings> = LazyLock::new(|| {
    SourceMappings::from_csv(include_str!("../../../../datasets/sources.csv")).unwrap_or_else(
        |err| SourceMappings {
            broken: Some(err.to_string()),
            ..SourceMappings::default()
        },
    )
});

fn filters(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out: Vec<(String, String)> = Vec::new();
    for part in text.split(':').filter(|p| !p.trim().is_empty()) {
        let Some((attr, value)) = part.split_once('=') else {
            return Err(format!(
                "filter {part:?} needs the form ATTR=VALUE; an empty VALUE means Insgesamt, as in BEVSTD:GES==bevoelkerung"
            ));
        };
        let (attr, value) = (attr.trim().to_owned(), value.trim().to_owned());
        if out.iter().any(|(a, _)| *a == attr && !attr.is_empty()) {
            return Err(format!("attribute {attr:?} is filtered twice"));
        }
        out.push((attr, value));
    }
    Ok(out)
}

fn factor(text: &str) -> Result<Option<f64>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    match text.trim().parse::<f64>() {
        Ok(f) if f.is_finite() && f > 0.0 => Ok(Some(f)),
        _ => Err(format!(
            "factor {text:?} must be a positive number with a decimal point, e.g. 0.001"
        )),
    }
}

impl SourceMappings {
    /// The mappings of `datasets/sources.csv` as compiled in.
    pub fn builtin() -> &'static SourceMappings {
        &BUILTIN
    }

    /// Parses a `sources.csv`, listing every problem with its row and column.
    pub fn from_csv(text: &str) -> Result<Self, IngestError> {
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let mut problems = Vec::new();
        let mut builtin = Vec::new();
        for (index, record) in reader.deserialize::<SourceRow>().enumerate() {
            let row = index + 2;
            let r = match record {
                Ok(r) => r,
                Err(err) => {
                    problems.push(format!("row {row}: {err}"));
                    continue;
                }
            };
            let mut bad = |column: &str, reason: String| {
                problems.push(format!("row {row}, column {column}: {reason}"));
            };
            let source = SourceFormat::parse(&r.source);
            if source.is_none() {
                bad(
                    "source",
                    format!(
                        "{:?} is not genesis-table, genesis-flat, inkar or ba",
                        r.source
                    ),
                );
            }
            if r.variable.is_empty() {
                bad("variable", "must not be empty".to_owned());
            }
            let filters = filters(&r.filters).map_err(|e| bad("filters", e)).ok();
            let factor = factor(&r.factor).map_err(|e| bad("factor", e)).ok();
            if factor.flatten().is_some() && r.unit.is_empty() {
                bad(
                    "unit",
                    "a factor needs the source unit it converts from".to_owned(),
                );
            }
            let indicator = IndicatorId::parse(&r.indicator)
                .map_err(|e| bad("indicator", e.to_string()))
                .ok();
            if !matches!(r.verified.as_str(), "yes" | "no") {
                bad("verified", format!("{:?} must be yes or no", r.verified));
            }
            if let (Some(source), Some(filters), Some(factor), Some(indicator)) =
                (source, filters, factor, indicator)
            {
                builtin.push(Mapping {
                    source: Some(source),
                    table: (!r.table.is_empty()).then_some(r.table),
                    variable: r.variable,
                    filters,
                    unit: (!r.unit.is_empty()).then_some(r.unit),
                    factor,
                    indicator,
                    origin: MappingOrigin::Builtin { row },
                });
            }
        }
        if problems.is_empty() {
            Ok(Self {
                builtin,
                ..Self::default()
            })
        } else {
            Err(IngestError::SourcesCsv { problems })
        }
    }

    /// Adds a caller mapping `CODE[:ATTR=VAL…]=INDICATOR[*FACTOR]`; tried before the built-in ones.
    pub fn add_user(&mut self, spec: &str) -> Result<(), IngestError> {
        let fail = |reason: String| IngestError::Mapping {
            spec: spec.to_owned(),
            reason,
        };
        let (lhs, rhs) = spec.trim().rsplit_once('=').ok_or_else(|| {
            fail(
                "the form is CODE[:ATTR=VAL…]=INDICATOR[*FACTOR]: \"=INDICATOR\" is missing"
                    .to_owned(),
            )
        })?;
        let (indicator, factor_text) = rhs.split_once('*').unwrap_or((rhs, ""));
        let indicator = IndicatorId::parse(indicator)
            .map_err(|e| fail(format!("after the last \"=\": {e}")))?;
        let factor = factor(factor_text).map_err(fail)?;
        let (code, filter_text) = lhs.split_once(':').unwrap_or((lhs, ""));
        let code = code.trim();
        if code.is_empty() || code.contains('=') {
            return Err(fail(
                "the variable code before the first \":\" is missing, e.g. BEVSTD".to_owned(),
            ));
        }
        let filters = filters(filter_text).map_err(fail)?;
        let mut sorted = filters.clone();
        sorted.sort();
        if let Some(other) = self.user.iter().find(|m| {
            let mut f = m.filters.clone();
            f.sort();
            m.variable == code && f == sorted
        }) {
            return Err(fail(format!(
                "the variable is already mapped by {:?}",
                other.spec()
            )));
        }
        self.user.push(Mapping {
            source: None,
            table: None,
            variable: code.to_owned(),
            filters,
            unit: None,
            factor,
            indicator,
            origin: MappingOrigin::User {
                spec: spec.trim().to_owned(),
            },
        });
        Ok(())
    }

    /// The built-in mappings plus the caller's.
    pub fn with_user<'s>(specs: impl IntoIterator<Item = &'s str>) -> Result<Self, IngestError> {
        let mut out = Self::builtin().clone();
        for spec in specs {
            out.add_user(spec)?;
        }
        Ok(out)
    }

    /// The mapping of a variable: the caller's first, then the built-in one for this format and
    /// table (`tables` holds the table id and the statistic code the file states).
    pub(crate) fn find(
        &self,
        format: SourceFormat,
        tables: &[&str],
        code: &str,
        attributes: &[(String, String)],
    ) -> Option<&Mapping> {
        let mut wanted = attributes.to_vec();
        wanted.sort();
        let fits = |m: &&Mapping| {
            let mut f = m.filters.clone();
            f.sort();
            m.variable == code && f == wanted
        };
        self.user.iter().find(fits).or_else(|| {
            self.builtin.iter().filter(fits).find(|m| {
                m.source == Some(format) && m.table.as_deref().is_none_or(|t| tables.contains(&t))
            })
        })
    }

    /// The caller's mappings as given (`CODE[:ATTR=VAL…]=INDICATOR[*FACTOR]`), in order.
    pub fn user_specs(&self) -> Vec<String> {
        self.user.iter().map(Mapping::spec).collect()
    }

    /// Every built-in mapping, in file order.
    pub fn builtin_mappings(&self) -> &[Mapping] {
        &self.builtin
    }
}

#[cfg(test)]
mod tests;
