//! The peer group of one member and why each member belongs.

use serde::Serialize;
use vergleich_analysis::{PeerGroup, group};
use vergleich_charts::{ChartSpec, Lang, ScatterPoint, ScatterSpec};
use vergleich_domain::{Ags, IndicatorId, IndicatorKind};

use super::{Render, View, to_json};
use crate::analyses;
use crate::data::ViewData;
use crate::error::{Error, Result};
use crate::groups::group_of;
use crate::present::{self, datum};
use crate::request::{GroupChoice, Look, ViewQuery};
use crate::table::{Cell, Column, Table};

/// Context indicators of the chart unless `x`/`y` say otherwise.
pub const DEFAULT_X: &str = "bevoelkerung";
pub const DEFAULT_Y: &str = "auslaenderanteil";

/// A member's comparison group.
pub struct PeersView {
    pub focus: Ags,
    pub year: i32,
    pub group: PeerGroup,
    /// The catalogue's context indicators (the table's columns).
    pub context: Vec<IndicatorId>,
    /// The chart's axes (`x`, `y`), when the catalogue has them.
    pub axes: Option<(IndicatorId, IndicatorId)>,
}

#[derive(Serialize)]
struct Body<'a> {
    focus: &'a Ags,
    year: i32,
    peer_group: &'a PeerGroup,
}

/// Computes the group of `key` (`q.group`; the API defaults to nearest neighbours) in `year`,
/// with `x` and `y` as the chart's axes (default population × share of foreign residents).
pub fn peers(
    data: &ViewData,
    key: &Ags,
    q: &ViewQuery,
    x: Option<IndicatorId>,
    y: Option<IndicatorId>,
) -> Result<PeersView> {
    data.member("municipality", key)?;
    let year = data.year_or_latest(q.year)?;
    let q = ViewQuery {
        members: vec![key.clone()],
        ..q.clone()
    };
    let group = group_of(data, &q, year)?;
    let context = data
        .catalogue
        .indicators
        .iter()
        .filter(|i| i.kind == IndicatorKind::Context)
        .map(|i| i.id.clone())
        .collect();
    // Given axes must exist; a default that the catalogue lacks only takes the chart away.
    if let Some(x) = &x {
        data.indicator("x", x)?;
    }
    if let Some(y) = &y {
        data.indicator("y", y)?;
    }
    let default = |raw: &str| {
        IndicatorId::parse(raw)
            .ok()
            .filter(|id| data.catalogue.indicator(id).is_some())
    };
    let x = x.or_else(|| default(DEFAULT_X));
    let y = y.or_else(|| default(DEFAULT_Y));
    Ok(PeersView {
        focus: key.clone(),
        year,
        group,
        context,
        axes: x.zip(y),
    })
}

/// `key` and its nearest neighbours, `key` first, for a link to the comparison of the member
/// with the most similar ones (never an error: without neighbours, the member alone).
pub fn similar_members(data: &ViewData, key: &Ags, year: i32) -> Vec<Ags> {
    let keys = crate::groups::build_group(
        data,
        None,
        GroupChoice::Neighbours,
        Some(key),
        year,
        crate::request::DEFAULT_NEIGHBOURS,
    )
    .map(|g| g.keys())
    .unwrap_or_default();
    let mut list = vec![key.clone()];
    list.extend(keys.into_iter().filter(|k| k != key));
    list
}

impl PeersView {
    pub fn into_view(self) -> View {
        View {
            name: "peer-group",
            file_stem: format!("vergleichsgruppe-{}-{}", self.focus, self.year),
            period: self.year.to_string(),
            group: Some(self.group.summary()),
            method:
                "nearest neighbours: context indicators as z-scores over the cohort, distance = \
                     root mean square difference over the indicators both members reported; other \
                     groups by kind, state, east/west or population size class"
                    .to_owned(),
            extra: Vec::new(),
            body: Box::new(self),
        }
    }
}

impl Render for PeersView {
    fn json(&self) -> Result<Vec<u8>> {
        to_json(&Body {
            focus: &self.focus,
            year: self.year,
            peer_group: &self.group,
        })
    }

    fn table(&self, lang: Lang) -> Table {
        let context = &self.context;
        let mut columns = vec![
            Column::new("Schlüssel", "key"),
            Column::new("Name", "name"),
            Column::new("Grund", "reason"),
            Column::new("Abstand", "distance"),
        ];
        columns.extend(context.iter().map(|c| Column::new(c.as_str(), c.as_str())));
        let rows = self
            .group
            .members
            .iter()
            .map(|m| {
                let mut row = vec![
                    Cell::text(m.key.as_str()),
                    Cell::text(&m.name),
                    Cell::text(lang.pick(&m.reason_de, &m.reason_en)),
                    Cell::number(m.distance),
                ];
                row.extend(context.iter().map(|c| {
                    Cell::number(
                        m.context
                            .iter()
                            .find(|v| &v.indicator == c)
                            .and_then(|v| v.value),
                    )
                }));
                row
            })
            .collect();
        Table::new(columns, rows)
    }

    /// Scatter of two context indicators over the whole cohort, the group's members highlighted
    /// (the cohort's values are compared here: only the chart needs them).
    fn chart(&self, data: &ViewData, look: &Look<'_>) -> Result<ChartSpec> {
        let Some((x_id, y_id)) = &self.axes else {
            return Err(Error::no_form(
                "chart",
                "Keine Kontextindikatoren für das Streudiagramm.",
                "No context indicators for the scatter chart.",
                "json, csv, xlsx",
            ));
        };
        let x = data.indicator("x", x_id)?;
        let y = data.indicator("y", y_id)?;
        let lang = look.lang;
        let cohort = group::whole_cohort(&data.cohort);
        let cx = analyses::compare(data, x, self.year, &cohort)?;
        let cy = analyses::compare(data, y, self.year, &cohort)?;
        let in_group = |key: &Ags| self.group.members.iter().any(|m| &m.key == key);
        let points = cx
            .members
            .iter()
            .zip(&cy.members)
            .map(|(a, b)| ScatterPoint {
                name: a.name.clone(),
                x: datum(a.value, a.status),
                y: datum(b.value, b.status),
                selected: in_group(&a.key),
            })
            .collect();
        let title = format!(
            "{}: {}",
            lang.pick(&self.group.label_de, &self.group.label_en),
            lang.pick("Mitglieder hervorgehoben", "members highlighted")
        );
        Ok(ChartSpec::Scatter(ScatterSpec {
            header: present::header(
                data,
                look,
                (
                    "alle Modellkommunen",
                    "all model municipalities",
                    cohort.members.len(),
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
