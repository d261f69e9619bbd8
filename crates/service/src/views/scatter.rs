//! Two indicators against each other in one year (scatter).

use serde::Serialize;
use vergleich_analysis::{Comparison, PeerGroup};
use vergleich_charts::{ChartSpec, Lang, ScatterPoint, ScatterSpec};
use vergleich_domain::{Ags, Indicator, IndicatorId, Status};

use super::{Render, View, n_of, to_json};
use crate::analyses;
use crate::data::ViewData;
use crate::error::Result;
use crate::groups::group_of;
use crate::present::{self, datum};
use crate::request::{Look, ViewQuery};
use crate::table::{Cell, Column, Table};

use super::comparison::status_text;

/// Two indicators against each other in one year: one point per member of the group.
pub struct ScatterView {
    pub x: Indicator,
    pub y: Indicator,
    pub year: i32,
    pub group: PeerGroup,
    pub x_values: Comparison,
    pub y_values: Comparison,
    highlighted: Vec<Ags>,
}

#[derive(Serialize)]
struct Point<'a> {
    key: &'a Ags,
    name: &'a str,
    x: Option<f64>,
    x_status: Option<Status>,
    y: Option<f64>,
    y_status: Option<Status>,
    highlighted: bool,
}

#[derive(Serialize)]
struct ScatterBody<'a> {
    x: &'a IndicatorId,
    y: &'a IndicatorId,
    year: i32,
    /// Members with both values, of the group's N.
    reported_both: usize,
    points: Vec<Point<'a>>,
}

/// Computes the scatter of `x` against `y` (parameters `x` and `y`).
pub fn scatter(
    data: &ViewData,
    x: &IndicatorId,
    y: &IndicatorId,
    q: &ViewQuery,
) -> Result<ScatterView> {
    let x = data.indicator("x", x)?.clone();
    let y = data.indicator("y", y)?.clone();
    let year = data.year_or_latest(q.year)?;
    let group = group_of(data, q, year)?;
    let x_values = analyses::compare(data, &x, year, &group)?;
    let y_values = analyses::compare(data, &y, year, &group)?;
    Ok(ScatterView {
        x,
        y,
        year,
        group,
        x_values,
        y_values,
        highlighted: q.members.clone(),
    })
}

impl ScatterView {
    fn points(&self) -> Vec<Point<'_>> {
        self.x_values
            .members
            .iter()
            .zip(&self.y_values.members)
            .map(|(a, b)| Point {
                key: &a.key,
                name: &a.name,
                x: a.value,
                x_status: a.status,
                y: b.value,
                y_status: b.status,
                highlighted: self.highlighted.contains(&a.key),
            })
            .collect()
    }

    fn reported_both(&self) -> usize {
        self.points()
            .iter()
            .filter(|p| p.x.is_some() && p.y.is_some())
            .count()
    }

    pub fn into_view(self, q: &ViewQuery) -> View {
        let lang = q.lang;
        let extra = vec![(
            "Mit beiden Werten",
            "Reported both",
            n_of(lang, self.reported_both(), self.group.members.len()),
        )];
        View {
            name: "scatter",
            file_stem: format!("streuung-{}-{}-{}", self.x.id, self.y.id, self.year),
            period: self.year.to_string(),
            group: Some(self.group.summary()),
            method: format!(
                "raw values of {} and {}",
                lang.pick(&self.x.label_de, &self.x.label_en),
                lang.pick(&self.y.label_de, &self.y.label_en)
            ),
            extra,
            body: Box::new(self),
        }
    }
}

impl Render for ScatterView {
    fn json(&self) -> Result<Vec<u8>> {
        to_json(&ScatterBody {
            x: &self.x.id,
            y: &self.y.id,
            year: self.year,
            reported_both: self.reported_both(),
            points: self.points(),
        })
    }

    fn table(&self, _lang: Lang) -> Table {
        let (x, y) = (&self.x, &self.y);
        let columns = vec![
            Column::new("Schlüssel", "key"),
            Column::new("Name", "name"),
            Column::new(format!("{} (x)", x.label_de), format!("{} (x)", x.id)),
            Column::new("Status x", "status_x"),
            Column::new(format!("{} (y)", y.label_de), format!("{} (y)", y.id)),
            Column::new("Status y", "status_y"),
        ];
        let rows = self
            .points()
            .iter()
            .map(|p| {
                vec![
                    Cell::text(p.key.as_str()),
                    Cell::text(p.name),
                    Cell::number(p.x),
                    Cell::text(status_text(p.x_status)),
                    Cell::number(p.y),
                    Cell::text(status_text(p.y_status)),
                ]
            })
            .collect();
        Table::new(columns, rows)
    }

    fn chart(&self, data: &ViewData, look: &Look<'_>) -> Result<ChartSpec> {
        let lang = look.lang;
        let (x, y) = (&self.x, &self.y);
        let points = self
            .points()
            .iter()
            .map(|p| ScatterPoint {
                name: p.name.to_owned(),
                x: datum(p.x, p.x_status),
                y: datum(p.y, p.y_status),
                selected: look.selected.contains(p.key),
            })
            .collect();
        let title = format!(
            "{} × {}",
            lang.pick(&x.label_de, &x.label_en),
            lang.pick(&y.label_de, &y.label_en)
        );
        Ok(ChartSpec::Scatter(ScatterSpec {
            header: present::header(
                data,
                look,
                (
                    &self.group.label_de,
                    &self.group.label_en,
                    self.group.members.len(),
                ),
                title,
                self.year.to_string(),
                present::sources(x, y),
            ),
            x: present::scatter_axis(x, lang),
            y: present::scatter_axis(y, lang),
            points,
        }))
    }
}
