//! Field scores: every field × every member, and one field with its components and weights.

use std::sync::Arc;

use serde::Serialize;
use vergleich_analysis::PeerGroup;
use vergleich_analysis::score::{FieldScores, Score};
use vergleich_charts::{ChartSpec, Datum, Lang, Order, RankingItem, RankingSpec};
use vergleich_domain::{Field, FieldId, IndicatorKind};

use super::scores_page::{Page, PageInfo, PagedScores};
use super::{Render, View, to_json};
use crate::analyses;
use crate::data::ViewData;
use crate::error::Result;
use crate::groups::group_of;
use crate::present::{self, heatmap, method_line, points, score_datum, scores_method};
use crate::request::{Look, ViewQuery};
use crate::table::{Cell, Column, Table};

/// The score, its state and the coverage as three cells.
pub(crate) fn score_cells(score: &Score, coverage: f64, lang: Lang) -> [Cell; 3] {
    let state = match score {
        Score::Value { .. } => lang.pick("Wert", "value"),
        Score::Insufficient => lang.pick("unzureichend", "insufficient"),
    };
    [
        Cell::number(score.value()),
        Cell::text(state),
        Cell::Number(coverage),
    ]
}

/// Every field's scores for every member of the group.
pub struct AllFieldsView {
    pub year: i32,
    pub group: PeerGroup,
    /// The fields in their order, each with its scores.
    pub fields: Vec<(Field, Arc<FieldScores>)>,
    pub options: vergleich_analysis::score::FieldScoreOptions,
    /// The members the JSON lists (the table and the chart hold all).
    pub page: Page,
}

#[derive(Serialize)]
struct AllFieldsBody<'a> {
    year: i32,
    fields: Vec<PagedScores<'a>>,
    #[serde(flatten)]
    page: PageInfo,
}

/// Computes the scores of every field.
pub fn all_fields(data: &ViewData, q: &ViewQuery) -> Result<AllFieldsView> {
    let year = data.year_or_latest(q.year)?;
    let group = group_of(data, q, year)?;
    let mut fields: Vec<Field> = data.catalogue.fields.clone();
    fields.sort_by_key(|f| f.position);
    let fields = fields
        .into_iter()
        .map(|f| {
            let scores = analyses::field_scores(data, &f.id, year, &group, &q.options)?;
            Ok((f, scores))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(AllFieldsView {
        year,
        group,
        fields,
        options: q.options.clone(),
        page: Page::ALL,
    })
}

impl AllFieldsView {
    pub fn into_view(self) -> View {
        View {
            name: "field-scores",
            file_stem: format!("punktwerte-{}", self.year),
            period: self.year.to_string(),
            group: Some(self.group.summary()),
            method: scores_method(&self.options),
            extra: Vec::new(),
            body: Box::new(self),
        }
    }

    /// The heat map members × fields.
    pub fn chart_spec(&self, data: &ViewData, look: &Look<'_>) -> ChartSpec {
        let lang = look.lang;
        let mut columns = Vec::new();
        let mut short_columns = Vec::new();
        let mut cells: Vec<Vec<Datum>> = vec![Vec::new(); self.group.members.len()];
        for (field, scores) in &self.fields {
            let label = lang.pick(&field.label_de, &field.label_en).to_owned();
            let short = lang.pick(&field.short_de, &field.short_en);
            short_columns.push(if short.is_empty() {
                label.clone()
            } else {
                short.to_owned()
            });
            columns.push(label);
            for (row, m) in self.group.members.iter().enumerate() {
                let score = scores.members.iter().find(|s| s.key == m.key);
                cells[row].push(score.map_or(Datum::Missing, |s| score_datum(&s.score)));
            }
        }
        heatmap(
            data,
            look,
            &self.group,
            cells,
            (columns, short_columns),
            (
                lang.pick(
                    "Punktwerte je Handlungsfeld (0–100)",
                    "Scores per field of action (0–100)",
                )
                .to_owned(),
                self.year,
                method_line(lang, &self.options),
            ),
        )
    }
}

impl Render for AllFieldsView {
    fn json(&self) -> Result<Vec<u8>> {
        to_json(&AllFieldsBody {
            year: self.year,
            fields: self
                .fields
                .iter()
                .map(|(_, s)| PagedScores::of(s, self.page))
                .collect(),
            page: self.page.info(self.group.members.len()),
        })
    }

    fn table(&self, lang: Lang) -> Table {
        let mut rows = Vec::new();
        for (f, fs) in &self.fields {
            // Every member: a download is the whole table (only the JSON is paged).
            for m in &fs.members {
                let mut row = vec![
                    Cell::text(m.key.as_str()),
                    Cell::text(&m.name),
                    Cell::text(f.id.as_str()),
                    Cell::text(lang.pick(&f.label_de, &f.label_en)),
                ];
                row.extend(score_cells(&m.score, m.coverage, lang));
                rows.push(row);
            }
        }
        Table::new(
            vec![
                Column::new("Schlüssel", "key"),
                Column::new("Name", "name"),
                Column::new("Handlungsfeld", "field"),
                Column::new("Bezeichnung", "label"),
                Column::new("Punktwert", "score"),
                Column::new("Zustand", "state"),
                Column::new("Abdeckung (0–1)", "coverage"),
            ],
            rows,
        )
    }

    fn chart(&self, data: &ViewData, look: &Look<'_>) -> Result<ChartSpec> {
        Ok(self.chart_spec(data, look))
    }
}

/// The chart of one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FieldChart {
    /// Members × the field's indicators, min–max 0–100.
    #[default]
    Heatmap,
    /// The field score per member.
    Ranking,
}

/// One field's scores with their components.
pub struct OneFieldView {
    pub field: Field,
    pub year: i32,
    pub group: PeerGroup,
    pub scores: Arc<FieldScores>,
    pub chart: FieldChart,
    /// The members the JSON lists (the table and the chart hold all).
    pub page: Page,
}

#[derive(Serialize)]
struct OneFieldBody<'a> {
    field_scores: PagedScores<'a>,
    #[serde(flatten)]
    page: PageInfo,
}

/// Computes the scores of field `id` (named by parameter `field`).
pub fn one_field(
    data: &ViewData,
    id: &FieldId,
    q: &ViewQuery,
    chart: FieldChart,
) -> Result<OneFieldView> {
    let field = data.field("field", id)?.clone();
    let year = data.year_or_latest(q.year)?;
    let group = group_of(data, q, year)?;
    let scores = analyses::field_scores(data, id, year, &group, &q.options)?;
    Ok(OneFieldView {
        field,
        year,
        group,
        scores,
        chart,
        page: Page::ALL,
    })
}

impl OneFieldView {
    pub fn into_view(self, q: &ViewQuery) -> View {
        let weights: Vec<String> = self
            .scores
            .scored
            .iter()
            .map(|i| format!("{i}:{}", q.options.weight(i)))
            .collect();
        View {
            name: "field-scores",
            file_stem: format!("punktwerte-{}-{}", self.field.id, self.year),
            period: self.year.to_string(),
            group: Some(self.scores.group.clone()),
            method: scores_method(&q.options),
            extra: vec![
                ("Gewichte", "Weights", weights.join(", ")),
                (
                    "Mit Punktwert",
                    "Scored",
                    format!("{} / {}", self.scores.reported, self.scores.group.size),
                ),
            ],
            body: Box::new(self),
        }
    }

    /// The ranking of the field score (insufficient coverage listed, never drawn as 0).
    pub fn ranking(&self, data: &ViewData, look: &Look<'_>) -> ChartSpec {
        let scores = &self.scores;
        let items = scores
            .members
            .iter()
            .map(|m| RankingItem {
                name: m.name.clone(),
                value: score_datum(&m.score),
                selected: look.selected.contains(&m.key),
            })
            .collect();
        let values: Vec<f64> = scores
            .members
            .iter()
            .filter_map(|m| m.score.value())
            .collect();
        let median = vergleich_domain::stats::quantile(&values, 0.5);
        let g = &scores.group;
        let lang = look.lang;
        ChartSpec::Ranking(RankingSpec {
            header: present::header(
                data,
                look,
                (&g.label_de, &g.label_en, g.size),
                format!(
                    "{} ({})",
                    lang.pick(&self.field.label_de, &self.field.label_en),
                    lang.pick("Punktwert 0–100", "score 0–100")
                ),
                scores.year.to_string(),
                method_line(lang, &scores.options),
            ),
            format: points(),
            order: Order::HighFirst,
            median,
            items,
        })
    }

    /// Members × the field's indicators (context left out), each cell the indicator's min–max
    /// score: one comparison per indicator, computed here because only this chart needs them.
    pub fn indicator_heatmap(&self, data: &ViewData, look: &Look<'_>) -> Result<ChartSpec> {
        // Refused before its comparisons are computed (45 of 11,000 members took 7.7 s only
        // to be refused by the chart afterwards).
        let rows = self.group.members.len();
        if rows > vergleich_charts::MAX_ROWS {
            return Err(vergleich_charts::ChartError::TooLarge {
                rows,
                max: vergleich_charts::MAX_ROWS,
            }
            .into());
        }
        let lang = look.lang;
        let mut columns = Vec::new();
        let mut cells: Vec<Vec<Datum>> = vec![Vec::new(); self.group.members.len()];
        let indicators = data.catalogue.indicators.iter().filter(|i| {
            i.field.as_ref() == Some(&self.field.id) && i.kind != IndicatorKind::Context
        });
        for ind in indicators {
            let cmp = analyses::compare(data, ind, self.year, &self.group)?;
            columns.push(lang.pick(&ind.label_de, &ind.label_en).to_owned());
            for (row, m) in self.group.members.iter().enumerate() {
                let member = cmp.members.iter().find(|c| c.key == m.key);
                cells[row].push(
                    member
                        .and_then(|c| c.min_max)
                        .map_or(Datum::Missing, Datum::Value),
                );
            }
        }
        Ok(heatmap(
            data,
            look,
            &self.group,
            cells,
            // Indicator columns have no short labels: the chart numbers them with a key.
            (columns, Vec::new()),
            (
                format!(
                    "{} (min–max 0–100)",
                    lang.pick(&self.field.label_de, &self.field.label_en)
                ),
                self.year,
                lang.pick(
                    "Selbstcheck und amtliche Statistik",
                    "Self-check and official statistics",
                )
                .to_owned(),
            ),
        ))
    }
}

impl Render for OneFieldView {
    fn json(&self) -> Result<Vec<u8>> {
        to_json(&OneFieldBody {
            field_scores: PagedScores::of(&self.scores, self.page),
            page: self.page.info(self.scores.members.len()),
        })
    }

    fn table(&self, lang: Lang) -> Table {
        let scores = &self.scores;
        let mut columns = vec![
            Column::new("Schlüssel", "key"),
            Column::new("Name", "name"),
            Column::new("Punktwert", "score"),
            Column::new("Zustand", "state"),
            Column::new("Abdeckung (0–1)", "coverage"),
        ];
        for ind in &scores.scored {
            columns.push(Column::new(
                format!("{ind} (normalisiert)"),
                format!("{ind} (normalised)"),
            ));
        }
        // Every member: a download is the whole table (only the JSON is paged).
        let rows = scores
            .members
            .iter()
            .map(|m| {
                let mut row = vec![Cell::text(m.key.as_str()), Cell::text(&m.name)];
                row.extend(score_cells(&m.score, m.coverage, lang));
                for ind in &scores.scored {
                    let c = m.components.iter().find(|c| &c.indicator == ind);
                    row.push(Cell::number(c.and_then(|c| c.normalised)));
                }
                row
            })
            .collect();
        Table::new(columns, rows)
    }

    fn chart(&self, data: &ViewData, look: &Look<'_>) -> Result<ChartSpec> {
        match self.chart {
            FieldChart::Ranking => Ok(self.ranking(data, look)),
            FieldChart::Heatmap => self.indicator_heatmap(data, look),
        }
    }
}
