//! Coverage of the data: member × indicator × year reported, missing (with reason) or not
//! reported, paged by matrix row.

use serde::Serialize;
use vergleich_analysis::coverage::{CellState, CoverageCell, CoverageMatrix, CoverageTotal};
use vergleich_charts::{ChartSpec, Datum, HeatmapRow, HeatmapSpec, Lang, ValueFormat};
use vergleich_domain::{Ags, FieldId, IndicatorId};

use super::comparison::status_text;
use super::{Render, View, to_json};
use crate::analyses;
use crate::data::ViewData;
use crate::error::Result;
use crate::groups::group_of;
use crate::present;
use crate::request::{Look, ViewQuery};
use crate::table::{Cell, Column, Table};

/// Which indicators and which page of rows.
#[derive(Debug, Clone, Default)]
pub struct CoverageFilter {
    /// Only these indicators (none: all).
    pub indicators: Vec<IndicatorId>,
    /// Only the indicators of this field.
    pub field: Option<FieldId>,
    pub limit: usize,
    pub offset: usize,
}

/// The coverage matrix and the page of its rows asked for.
pub struct CoverageView {
    pub matrix: CoverageMatrix,
    /// Member names by key, for the rows.
    names: Vec<(Ags, String)>,
    total_rows: usize,
    start: usize,
    end: usize,
    limit: usize,
    offset: usize,
}

#[derive(Serialize)]
struct Row<'a> {
    municipality: &'a Ags,
    name: &'a str,
    indicator: &'a IndicatorId,
    /// Years with a reported value, of `years.len()`.
    reported: usize,
    cells: Vec<YearCell<'a>>,
}

#[derive(Serialize)]
struct YearCell<'a> {
    year: i32,
    #[serde(flatten)]
    state: &'a CellState,
}

#[derive(Serialize)]
struct Body<'a> {
    indicators: &'a [IndicatorId],
    years: &'a [i32],
    /// n of N reported per indicator and year.
    totals: &'a [CoverageTotal],
    /// Matrix rows (member × indicator) in all.
    total_rows: usize,
    count: usize,
    limit: usize,
    offset: usize,
    next_offset: Option<usize>,
    rows: Vec<Row<'a>>,
}

/// A cell's state as a short text: the status, `M reason`, or "not reported".
pub fn state_text(state: &CellState, lang: Lang) -> String {
    match state {
        CellState::Reported { status } => status_text(Some(*status)).to_owned(),
        CellState::Missing { reason } => format!("M {}", reason.map_or("", |r| r.as_str()))
            .trim_end()
            .to_owned(),
        CellState::NotReported => lang.pick("nicht gemeldet", "not reported").to_owned(),
    }
}

fn reported(cells: &[CoverageCell]) -> usize {
    cells
        .iter()
        .filter(|c| matches!(c.state, CellState::Reported { .. }))
        .count()
}

/// Computes the coverage of the filtered indicators from `from` (default the first year with
/// data) to `to` (default the latest).
pub fn coverage(data: &ViewData, q: &ViewQuery, filter: &CoverageFilter) -> Result<CoverageView> {
    for id in &filter.indicators {
        data.indicator("indicator", id)?;
    }
    if let Some(field) = &filter.field {
        data.field("field", field)?;
    }
    let indicators: Vec<IndicatorId> = data
        .catalogue
        .indicators
        .iter()
        .filter(|i| filter.indicators.is_empty() || filter.indicators.contains(&i.id))
        .filter(|i| filter.field.is_none() || i.field == filter.field)
        .map(|i| i.id.clone())
        .collect();
    let last = data.year_or_latest(q.year)?;
    let to = q.to.unwrap_or(last);
    let from = q.from.or_else(|| data.years.first().copied()).unwrap_or(to);
    let years: Vec<i32> = (from..=to).collect();
    let group = group_of(data, q, to)?;
    let matrix = analyses::coverage(data, &group, &indicators, &years)?;
    let total_rows = matrix.cells.chunks(years.len().max(1)).count();
    let start = filter.offset.min(total_rows);
    let end = start.saturating_add(filter.limit).min(total_rows);
    let names = group
        .members
        .iter()
        .map(|m| (m.key.clone(), m.name.clone()))
        .collect();
    Ok(CoverageView {
        matrix,
        names,
        total_rows,
        start,
        end,
        limit: filter.limit,
        offset: filter.offset,
    })
}

impl CoverageView {
    /// The rows of the asked page: member-major runs of `years.len()` cells.
    fn page(&self) -> Vec<&[CoverageCell]> {
        let chunk = self.matrix.years.len().max(1);
        self.matrix
            .cells
            .chunks(chunk)
            .skip(self.start)
            .take(self.end - self.start)
            .collect()
    }

    fn name_of(&self, key: &Ags) -> &str {
        self.names
            .iter()
            .find(|(k, _)| k == key)
            .map_or("", |(_, n)| n.as_str())
    }

    pub fn into_view(self) -> View {
        let m = &self.matrix;
        let (from, to) = (
            m.years.first().copied().unwrap_or_default(),
            m.years.last().copied().unwrap_or_default(),
        );
        let reported_total: usize = m.totals.iter().map(|t| t.reported).sum();
        let extra = vec![
            (
                "Zeilen (Seite)",
                "Rows (page)",
                format!(
                    "{}–{} / {}",
                    self.start + usize::from(self.end > self.start),
                    self.end,
                    self.total_rows
                ),
            ),
            (
                "Gemeldet (alle Indikatoren und Jahre)",
                "Reported (all indicators and years)",
                format!(
                    "{reported_total} / {}",
                    m.group.size * m.indicators.len() * m.years.len()
                ),
            ),
        ];
        View {
            name: "coverage",
            file_stem: format!("datenlage-{from}-{to}"),
            period: format!("{from}–{to}"),
            group: Some(m.group.clone()),
            method:
                "reported = an observation with a value (status A, P or E); missing = status M \
                     with its reason; not reported = no observation"
                    .to_owned(),
            extra,
            body: Box::new(self),
        }
    }

    /// Heat map of members × years: the share (%) of the matrix's indicators reported.
    pub fn heatmap(&self, data: &ViewData, look: &Look<'_>) -> ChartSpec {
        let matrix = &self.matrix;
        let lang = look.lang;
        let per_member_year = matrix.indicators.len().max(1) as f64;
        let rows = matrix
            .group
            .members
            .iter()
            .map(|key| {
                let cells = matrix
                    .years
                    .iter()
                    .map(|&year| {
                        let reported = matrix
                            .cells
                            .iter()
                            .filter(|c| &c.municipality == key && c.year == year)
                            .filter(|c| matches!(c.state, CellState::Reported { .. }))
                            .count();
                        Datum::Value(100.0 * reported as f64 / per_member_year)
                    })
                    .collect();
                HeatmapRow {
                    name: data
                        .cohort
                        .get(key)
                        .map_or_else(|| key.to_string(), |m| m.name.clone()),
                    selected: look.selected.contains(key),
                    cells,
                }
            })
            .collect();
        let g = &matrix.group;
        let period = match (matrix.years.first(), matrix.years.last()) {
            (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
            (Some(a), _) => a.to_string(),
            _ => String::new(),
        };
        ChartSpec::Heatmap(HeatmapSpec {
            header: present::header(
                data,
                look,
                (&g.label_de, &g.label_en, g.size),
                format!(
                    "{} ({} {})",
                    lang.pick(
                        "Datenlage: gemeldete Indikatoren in %",
                        "Coverage: indicators reported in %"
                    ),
                    matrix.indicators.len(),
                    lang.pick("Indikatoren", "indicators")
                ),
                period,
                lang.pick("Gemeldete Beobachtungen", "Reported observations")
                    .to_owned(),
            ),
            format: ValueFormat {
                unit: "%".to_owned(),
                decimals: 0,
            },
            columns: matrix.years.iter().map(i32::to_string).collect(),
            short_columns: Vec::new(),
            rows,
            domain: Some([0.0, 100.0]),
        })
    }
}

impl Render for CoverageView {
    fn json(&self) -> Result<Vec<u8>> {
        let m = &self.matrix;
        let page = self.page();
        to_json(&Body {
            indicators: &m.indicators,
            years: &m.years,
            totals: &m.totals,
            total_rows: self.total_rows,
            count: page.len(),
            limit: self.limit,
            offset: self.offset,
            next_offset: (self.end < self.total_rows).then_some(self.end),
            rows: page
                .iter()
                .filter_map(|cells| {
                    let first = cells.first()?;
                    Some(Row {
                        municipality: &first.municipality,
                        name: self.name_of(&first.municipality),
                        indicator: &first.indicator,
                        reported: reported(cells),
                        cells: cells
                            .iter()
                            .map(|c| YearCell {
                                year: c.year,
                                state: &c.state,
                            })
                            .collect(),
                    })
                })
                .collect(),
        })
    }

    fn table(&self, lang: Lang) -> Table {
        let mut columns = vec![
            Column::new("Schlüssel", "key"),
            Column::new("Name", "name"),
            Column::new("Indikator", "indicator"),
            Column::new("Jahre gemeldet", "years_reported"),
        ];
        columns.extend(
            self.matrix
                .years
                .iter()
                .map(|y| Column::new(y.to_string(), y.to_string())),
        );
        let rows = self
            .page()
            .iter()
            .filter_map(|cells| {
                let first = cells.first()?;
                let mut row = vec![
                    Cell::text(first.municipality.as_str()),
                    Cell::text(self.name_of(&first.municipality)),
                    Cell::text(first.indicator.as_str()),
                    Cell::int(Some(reported(cells))),
                ];
                row.extend(cells.iter().map(|c| Cell::text(state_text(&c.state, lang))));
                Some(row)
            })
            .collect();
        Table::new(columns, rows)
    }

    fn chart(&self, data: &ViewData, look: &Look<'_>) -> Result<ChartSpec> {
        Ok(self.heatmap(data, look))
    }
}
