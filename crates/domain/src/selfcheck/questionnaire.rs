//! A questionnaire version as `datasets/selfcheck/` holds it: `questionnaires.csv` (one row per
//! version), `<version>/items.csv` (its items) and `mapping-<a>-<b>.csv` (which items of two
//! versions ask the same thing). Every problem is named with file, row and column.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalogue::read_csv;
use crate::{DatasetError, DatasetIssue, FieldId};

/// A stable item id such as `zug-23`: 1–32 characters of a–z, 0–9 and `-`, starting with a letter.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ItemId(String);

impl ItemId {
    pub fn parse(text: &str) -> Result<Self, String> {
        let ok = (1..=32).contains(&text.len())
            && text.starts_with(|c: char| c.is_ascii_lowercase())
            && text
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if ok {
            Ok(Self(text.to_owned()))
        } else {
            Err(format!(
                "item id {text:?} must be 1-32 characters of a-z, 0-9 and -, starting with a letter (e.g. zug-23)"
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ItemId {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Self::parse(&s)
    }
}

impl From<ItemId> for String {
    fn from(id: ItemId) -> Self {
        id.0
    }
}

impl std::fmt::Display for ItemId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One item of a questionnaire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub id: ItemId,
    pub field: FieldId,
    /// e.g. `wohnen` in the field `zugang`.
    pub subtopic: String,
    pub position: u32,
    pub text_de: String,
    pub text_en: String,
    pub help_de: String,
    pub help_en: String,
    /// Its weight in the field score (default 1).
    #[serde(default = "one")]
    pub weight: f64,
}

fn one() -> f64 {
    1.0
}

/// A version of the questionnaire with its items in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Questionnaire {
    pub version: String,
    pub title_de: String,
    pub title_en: String,
    pub valid_from: NaiveDate,
    pub note_de: String,
    pub note_en: String,
    #[serde(default)]
    pub items: Vec<Item>,
}

/// Longest item text.
pub const MAX_TEXT: usize = 300;

impl Questionnaire {
    /// Every version of `questionnaires.csv`, without items.
    pub fn versions(csv: &str) -> Result<Vec<Self>, DatasetError> {
        let rows = read_csv::<Self>("questionnaires.csv", csv)?;
        let mut seen = HashSet::new();
        let issues: Vec<DatasetIssue> = rows
            .iter()
            .filter(|(_, q)| !seen.insert(q.version.clone()))
            .map(|(row, q)| {
                issue(
                    "questionnaires.csv",
                    *row,
                    "version",
                    format!("version {} appears twice", q.version),
                )
            })
            .collect();
        if issues.is_empty() {
            Ok(rows.into_iter().map(|(_, q)| q).collect())
        } else {
            Err(DatasetError { issues })
        }
    }

    /// This version with the items of `items_csv`, checked against the catalogue's `fields`:
    /// unique ids, known fields, positions 1…n, positive weights, texts 1–300 characters.
    pub fn with_items(mut self, items_csv: &str, fields: &[FieldId]) -> Result<Self, DatasetError> {
        let file = format!("{}/items.csv", self.version);
        let rows = read_csv::<Item>(&file, items_csv)?;
        let mut issues = Vec::new();
        let mut ids = HashSet::new();
        for (row, item) in &rows {
            let mut push =
                |column: &str, message: String| issues.push(issue(&file, *row, column, message));
            if !ids.insert(item.id.clone()) {
                push("id", format!("item {} appears twice", item.id));
            }
            if !fields.contains(&item.field) {
                push(
                    "field",
                    format!("field {} is not in the catalogue", item.field),
                );
            }
            if !(item.weight.is_finite() && item.weight > 0.0 && item.weight <= 10.0) {
                push(
                    "weight",
                    format!("weight {} must lie above 0 and at most 10", item.weight),
                );
            }
            for (column, text) in [("text_de", &item.text_de), ("text_en", &item.text_en)] {
                let n = text.chars().count();
                if n == 0 || n > MAX_TEXT {
                    push(
                        column,
                        format!("the text has {n} characters; allowed are 1 to {MAX_TEXT}"),
                    );
                }
            }
        }
        let mut positions: Vec<(usize, u32)> = rows.iter().map(|(r, i)| (*r, i.position)).collect();
        positions.sort_by_key(|(_, p)| *p);
        for (expected, (row, p)) in (1..).zip(&positions) {
            if *p != expected {
                issues.push(issue(&file, *row, "position", format!("position {p} where {expected} was expected: positions run 1, 2, 3, … without gaps")));
                break;
            }
        }
        if !issues.is_empty() {
            return Err(DatasetError { issues });
        }
        self.items = rows.into_iter().map(|(_, i)| i).collect();
        self.items.sort_by_key(|i| i.position);
        Ok(self)
    }

    pub fn item(&self, id: &ItemId) -> Option<&Item> {
        self.items.iter().find(|i| &i.id == id)
    }

    /// The items of one field, in order.
    pub fn items_of<'a>(&'a self, field: &'a FieldId) -> impl Iterator<Item = &'a Item> + 'a {
        self.items.iter().filter(move |i| &i.field == field)
    }
}

fn issue(file: &str, row: usize, column: &str, message: String) -> DatasetIssue {
    DatasetIssue {
        file: file.to_owned(),
        row: Some(row),
        column: Some(column.to_owned()),
        message,
    }
}

#[derive(Debug, Clone, Deserialize)]
struct MappingRow {
    #[serde(default)]
    v1_item: Option<String>,
    #[serde(default)]
    v2_item: Option<String>,
    comparable: String,
}

/// Which items of an older and a newer version ask the same thing. Comparisons across the two
/// versions use only these pairs, and say so.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparability {
    pub older: String,
    pub newer: String,
    /// (older item, newer item), comparable.
    pub pairs: Vec<(ItemId, ItemId)>,
}

impl Comparability {
    /// Reads `mapping-<older>-<newer>.csv` (`v1_item,v2_item,comparable,…`): every item of the
    /// older version once, every item only in the newer one once, `comparable` yes or no.
    pub fn from_csv(
        csv: &str,
        older: &Questionnaire,
        newer: &Questionnaire,
    ) -> Result<Self, DatasetError> {
        let file = format!("mapping-{}-{}.csv", older.version, newer.version);
        let rows = read_csv::<MappingRow>(&file, csv)?;
        let mut issues = Vec::new();
        let mut pairs = Vec::new();
        let (mut seen_old, mut seen_new) = (HashSet::new(), HashSet::new());
        let parse =
            |text: &Option<String>| text.as_deref().filter(|t| !t.is_empty()).map(ItemId::parse);
        for (row, r) in &rows {
            let mut push =
                |column: &str, message: String| issues.push(issue(&file, *row, column, message));
            let old = match parse(&r.v1_item) {
                Some(Ok(id)) if older.item(&id).is_some() => Some(id),
                Some(Ok(id)) => {
                    push(
                        "v1_item",
                        format!("{id} is not an item of {}", older.version),
                    );
                    None
                }
                Some(Err(e)) => {
                    push("v1_item", e);
                    None
                }
                None => None,
            };
            let new = match parse(&r.v2_item) {
                Some(Ok(id)) if newer.item(&id).is_some() => Some(id),
                Some(Ok(id)) => {
                    push(
                        "v2_item",
                        format!("{id} is not an item of {}", newer.version),
                    );
                    None
                }
                Some(Err(e)) => {
                    push("v2_item", e);
                    None
                }
                None => None,
            };
            if let Some(o) = &old
                && !seen_old.insert(o.clone())
            {
                push("v1_item", format!("{o} is mapped twice"));
            }
            if let Some(n) = &new
                && !seen_new.insert(n.clone())
            {
                push("v2_item", format!("{n} is mapped twice"));
            }
            match (r.comparable.trim(), old, new) {
                ("yes", Some(o), Some(n)) => pairs.push((o, n)),
                ("yes", _, _) => push(
                    "comparable",
                    "comparable items need both an older and a newer item".to_owned(),
                ),
                ("no", _, _) => {}
                (other, _, _) => push("comparable", format!("{other:?}: comparable is yes or no")),
            }
        }
        for item in &older.items {
            if !seen_old.contains(&item.id) {
                issues.push(DatasetIssue {
                    file: file.clone(),
                    row: None,
                    column: Some("v1_item".to_owned()),
                    message: format!(
                        "{} of {} is missing from the mapping",
                        item.id, older.version
                    ),
                });
            }
        }
        if !issues.is_empty() {
            return Err(DatasetError { issues });
        }
        Ok(Self {
            older: older.version.clone(),
            newer: newer.version.clone(),
            pairs,
        })
    }

    /// The newer item comparable with `older`, if any.
    pub fn newer_of(&self, older: &ItemId) -> Option<&ItemId> {
        self.pairs.iter().find(|(o, _)| o == older).map(|(_, n)| n)
    }
}
