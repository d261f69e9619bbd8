//! A view as a table: column heads in both languages and typed cells. The edge writes it as
//! CSV or XLSX (with the view's metadata); the pages show the same numbers.

use vergleich_domain::format::Lang;

/// One cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl Cell {
    pub fn text(value: impl Into<String>) -> Self {
        Self::Text(value.into())
    }

    /// A number, or an empty cell for none (missing is never 0).
    pub fn number(value: Option<f64>) -> Self {
        value
            .filter(|v| v.is_finite())
            .map_or(Self::Empty, Self::Number)
    }

    pub fn int(value: Option<usize>) -> Self {
        value.map_or(Self::Empty, |v| Self::Number(v as f64))
    }
}

/// A column head in both languages.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub de: String,
    pub en: String,
}

impl Column {
    pub fn new(de: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            de: de.into(),
            en: en.into(),
        }
    }

    pub fn label(&self, lang: Lang) -> &str {
        lang.pick(&self.de, &self.en)
    }
}

/// A table and the metadata it was made with (filters, group, data state, method, time).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// (label, value) pairs already in the export's language.
    pub meta: Vec<(String, String)>,
}

impl Table {
    pub fn new(columns: Vec<Column>, rows: Vec<Vec<Cell>>) -> Self {
        Self {
            columns,
            rows,
            meta: Vec::new(),
        }
    }
}

/// A number as every table form gives it: rounded to six decimals, so float noise of the
/// computation (`0.3999999999999986`) never reaches a CSV or workbook cell.
pub fn table_number(value: f64) -> f64 {
    let rounded = (value * 1e6).round() / 1e6;
    if rounded == 0.0 { 0.0 } else { rounded }
}

/// A number as a CSV cell and metadata value: rounded to six decimals, no thousands separators,
/// decimal comma in German, so a spreadsheet reads it back as the same number.
pub fn csv_number(value: f64, lang: Lang) -> String {
    let mut text = format!("{:.6}", table_number(value));
    if text.contains('.') {
        let trimmed = text.trim_end_matches('0').trim_end_matches('.').len();
        text.truncate(trimmed);
    }
    if text == "-0" {
        text = "0".to_owned();
    }
    match lang {
        Lang::De => text.replace('.', ","),
        Lang::En => text,
    }
}
