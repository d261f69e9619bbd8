//! How stable the ranks of a field score are under other methods.

use serde::Serialize;
use vergleich_analysis::score::Normalisation;
use vergleich_analysis::sensitivity::{Scenario, Sensitivity};
use vergleich_charts::{ChartSpec, Datum, HeatmapRow, HeatmapSpec, Lang};
use vergleich_domain::{Field, FieldId};

use super::{Render, View, to_json};
use crate::analyses;
use crate::data::ViewData;
use crate::error::Result;
use crate::groups::group_of;
use crate::present::{self, points, scores_method};
use crate::request::{Look, ViewQuery};
use crate::table::{Cell, Column, Table};

/// Each member's rank of one field under each scenario.
pub struct SensitivityView {
    pub field: Field,
    pub result: Sensitivity,
    /// Labels of the scenarios, in the query's language.
    pub labels: Vec<String>,
    options: vergleich_analysis::score::FieldScoreOptions,
}

#[derive(Serialize)]
struct Body<'a> {
    sensitivity: &'a Sensitivity,
    scenario_labels: &'a [String],
}

fn scenario_label(s: &Scenario, lang: Lang) -> String {
    match &s.left_out {
        Some(ind) => format!("{} {ind}", lang.pick("ohne", "without")),
        None => format!(
            "{} ({})",
            match s.normalisation {
                Normalisation::MinMax => "min-max",
                Normalisation::Z => "z",
                Normalisation::Rank => lang.pick("Rang", "rank"),
            },
            format!("{:?}", s.aggregation).to_lowercase()
        ),
    }
}

/// Computes the sensitivity of field `id` (parameter `field`).
pub fn sensitivity(data: &ViewData, id: &FieldId, q: &ViewQuery) -> Result<SensitivityView> {
    let field = data.field("field", id)?.clone();
    let year = data.year_or_latest(q.year)?;
    let group = group_of(data, q, year)?;
    let result = analyses::sensitivity(data, id, year, &group, &q.options)?;
    let labels = result
        .scenarios
        .iter()
        .map(|s| scenario_label(s, q.lang))
        .collect();
    Ok(SensitivityView {
        field,
        result,
        labels,
        options: q.options.clone(),
    })
}

impl SensitivityView {
    pub fn into_view(self) -> View {
        View {
            name: "sensitivity",
            file_stem: format!("sensitivitaet-{}-{}", self.field.id, self.result.year),
            period: self.result.year.to_string(),
            group: Some(self.result.group.clone()),
            method: format!(
                "ranks of the field score under each scenario; base: {}",
                scores_method(&self.options)
            ),
            extra: Vec::new(),
            body: Box::new(self),
        }
    }
}

impl Render for SensitivityView {
    fn json(&self) -> Result<Vec<u8>> {
        to_json(&Body {
            sensitivity: &self.result,
            scenario_labels: &self.labels,
        })
    }

    fn table(&self, _lang: Lang) -> Table {
        let mut columns = vec![
            Column::new("Schlüssel", "key"),
            Column::new("Name", "name"),
            Column::new("Bester Rang", "best_rank"),
            Column::new("Schlechtester Rang", "worst_rank"),
        ];
        columns.extend(
            self.labels
                .iter()
                .map(|l| Column::new(format!("Rang {l}"), format!("rank {l}"))),
        );
        let rows = self
            .result
            .members
            .iter()
            .map(|m| {
                let mut row = vec![
                    Cell::text(m.key.as_str()),
                    Cell::text(&m.name),
                    Cell::int(m.best_rank),
                    Cell::int(m.worst_rank),
                ];
                row.extend(m.ranks.iter().map(|r| Cell::int(*r)));
                row
            })
            .collect();
        Table::new(columns, rows)
    }

    /// Heat map of members × scenarios, each cell the member's rank under that scenario.
    fn chart(&self, data: &ViewData, look: &Look<'_>) -> Result<ChartSpec> {
        let lang = look.lang;
        let result = &self.result;
        let rows = result
            .members
            .iter()
            .map(|m| HeatmapRow {
                name: m.name.clone(),
                selected: look.selected.contains(&m.key),
                cells: m
                    .ranks
                    .iter()
                    .map(|r| r.map_or(Datum::Missing, |r| Datum::Value(r as f64)))
                    .collect(),
            })
            .collect();
        let g = &result.group;
        Ok(ChartSpec::Heatmap(HeatmapSpec {
            header: present::header(
                data,
                look,
                (&g.label_de, &g.label_en, g.size),
                format!(
                    "{}: {}",
                    lang.pick(&self.field.label_de, &self.field.label_en),
                    lang.pick("Rang je Szenario (1 = bester)", "rank per scenario (1 = best)")
                ),
                result.year.to_string(),
                lang.pick(
                    "Rang des Punktwerts unter anderer Normalisierung und ohne je einen Indikator",
                    "Rank of the field score under other normalisations and leaving out each indicator",
                )
                .to_owned(),
            ),
            format: points(),
            columns: self.labels.clone(),
            short_columns: Vec::new(),
            rows,
            domain: Some([1.0, g.size.max(2) as f64]),
        }))
    }
}
