//! One indicator in one year across the comparison group, and two indicators against each
//! other (scatter).

use serde::Serialize;
use vergleich_analysis::compare::Missing;
use vergleich_analysis::{Comparison, PeerGroup};
use vergleich_charts::{ChartSpec, DotPlotSpec, Lang, PeerBand, RankingSpec};
use vergleich_domain::{Indicator, IndicatorId, Status};

use super::{Render, View, n_of, to_json};
use crate::analyses;
use crate::data::ViewData;
use crate::definition_mix::{self, VersionGroup};
use crate::error::Result;
use crate::groups::group_of;
use crate::present::{self, format_for, order_for, ranking_items};
use crate::request::{Look, ViewQuery};
use crate::table::{Cell, Column, Table, csv_number};

/// The chart of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ComparisonChart {
    /// Bars, best first.
    #[default]
    Ranking,
    /// Every member on one axis with the group's interquartile band.
    DotPlot,
}

/// One indicator in one year across the comparison group.
pub struct ComparisonView {
    pub indicator: Indicator,
    pub year: i32,
    pub group: PeerGroup,
    pub comparison: Comparison,
    pub chart: ComparisonChart,
    /// Members of the cohort that are not members in the year (not counted in N).
    pub outside: Vec<OutsideMember>,
    /// Who reported under which definition version, when the group's values mix versions.
    pub definitions: Vec<VersionGroup>,
}

/// A member of the cohort that is not one in the year of a view: not yet, or no longer.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct OutsideMember {
    #[schema(value_type = String)]
    pub key: vergleich_domain::Ags,
    pub name: String,
    #[schema(value_type = Object)]
    pub standing: vergleich_domain::cohort_periods::Standing,
    pub label_de: String,
    pub label_en: String,
}

/// The members of the view's cohort (`cohort=`, default every membership) outside `year`.
pub fn outside(data: &ViewData, q: &ViewQuery, year: i32) -> Result<Vec<OutsideMember>> {
    Ok(crate::groups::scoped_cohort(data, q.cohort.as_deref())?
        .outside(year)
        .into_iter()
        .map(|(m, standing)| OutsideMember {
            key: m.key.clone(),
            name: m.name.clone(),
            standing,
            label_de: standing.label_de(),
            label_en: standing.label_en(),
        })
        .collect())
}

/// Computes the comparison of `id` (named by parameter `indicator`).
pub fn comparison(
    data: &ViewData,
    id: &IndicatorId,
    q: &ViewQuery,
    chart: ComparisonChart,
) -> Result<ComparisonView> {
    let indicator = data.indicator("indicator", id)?.clone();
    let year = data.year_or_latest(q.year)?;
    let group = group_of(data, q, year)?;
    let comparison = analyses::compare(data, &indicator, year, &group)?;
    let definitions = definition_mix::among(&data.mixed, id, year, |key| {
        comparison.members.iter().any(|m| &m.key == key)
    });
    Ok(ComparisonView {
        indicator,
        year,
        group,
        comparison,
        chart,
        outside: outside(data, q, year)?,
        definitions,
    })
}

/// The status code of an observation (`A`, `P`, `E`, `M`), empty when there is none.
pub fn status_text(status: Option<Status>) -> &'static str {
    status.map_or("", Status::as_str)
}

/// Why a member has no value, in `lang`.
pub fn missing_text(missing: Option<&Missing>, lang: Lang) -> String {
    match missing {
        None => String::new(),
        Some(Missing::NotReported) => lang.pick("nicht gemeldet", "not reported").to_owned(),
        Some(Missing::Missing { reason }) => format!(
            "{}: {}",
            lang.pick("fehlt", "missing"),
            reason.map_or("", |r| r.as_str())
        ),
    }
}

#[derive(Serialize)]
struct ComparisonBody<'a> {
    comparison: &'a Comparison,
    /// Cohort members that are not members in the year ("noch nicht dabei"), not counted.
    #[serde(skip_serializing_if = "<[OutsideMember]>::is_empty")]
    outside: &'a [OutsideMember],
    #[serde(flatten)]
    definitions: definition_mix::Body<'a>,
}

impl ComparisonView {
    /// The ranking bar chart or the dot plot.
    pub fn chart_spec(&self, data: &ViewData, look: &Look<'_>) -> ChartSpec {
        let ind = &self.indicator;
        let cmp = &self.comparison;
        let header = present::header(
            data,
            look,
            (
                &self.group.label_de,
                &self.group.label_en,
                self.group.members.len(),
            ),
            look.lang.pick(&ind.label_de, &ind.label_en).to_owned(),
            self.year.to_string(),
            ind.source.clone(),
        );
        let items = ranking_items(cmp, look.selected);
        match self.chart {
            ComparisonChart::Ranking => ChartSpec::Ranking(RankingSpec {
                header,
                format: format_for(ind),
                order: order_for(ind),
                median: cmp.stats.as_ref().map(|s| s.median),
                items,
            }),
            ComparisonChart::DotPlot => ChartSpec::DotPlot(DotPlotSpec {
                header,
                format: format_for(ind),
                order: order_for(ind),
                peer: cmp.stats.as_ref().map(|s| PeerBand {
                    q1: s.q1,
                    median: s.median,
                    q3: s.q3,
                }),
                items,
            }),
        }
    }

    pub fn into_view(self, q: &ViewQuery) -> View {
        let cmp = &self.comparison;
        let lang = q.lang;
        let mut extra = vec![
            (
                "Mit Wert",
                "Reported",
                n_of(lang, cmp.reported, cmp.group.size),
            ),
            ("Einheit", "Unit", cmp.unit.clone()),
            (
                "Einheit des Abstands",
                "Unit of distance",
                cmp.distance_unit.clone(),
            ),
        ];
        if let Some(stats) = &cmp.stats {
            let n = |v: f64| csv_number(v, lang);
            extra.push((
                "Q1 / Median / Q3",
                "Q1 / median / Q3",
                format!("{} / {} / {}", n(stats.q1), n(stats.median), n(stats.q3)),
            ));
        }
        if !self.outside.is_empty() {
            let names: Vec<String> = self
                .outside
                .iter()
                .map(|o| format!("{} ({})", o.name, lang.pick(&o.label_de, &o.label_en)))
                .collect();
            extra.push(("Nicht gezählt", "Not counted", names.join(", ")));
        }
        if !self.definitions.is_empty() {
            let note = definition_mix::note(&self.definitions, self.year, lang);
            extra.push(("Definitionen", "Definitions", note));
        }
        let m = &cmp.method;
        View {
            name: "comparison",
            file_stem: format!("vergleich-{}-{}", self.indicator.id, self.year),
            period: self.year.to_string(),
            method: format!(
                "polarity {}: {}; {}; {}; {}; quartiles {}",
                m.polarity.as_str(),
                m.rank_ties,
                m.percentile,
                m.z_score,
                m.min_max,
                m.quantile
            ),
            group: Some(cmp.group.clone()),
            extra,
            body: Box::new(self),
        }
    }
}

impl Render for ComparisonView {
    fn json(&self) -> Result<Vec<u8>> {
        to_json(&ComparisonBody {
            comparison: &self.comparison,
            outside: &self.outside,
            definitions: definition_mix::body(&self.definitions, self.year),
        })
    }

    fn table(&self, lang: Lang) -> Table {
        let columns = vec![
            Column::new("Schlüssel", "key"),
            Column::new("Name", "name"),
            Column::new("Wert", "value"),
            Column::new("Status", "status"),
            Column::new("Fehlt", "missing"),
            Column::new("Rang", "rank"),
            Column::new("Perzentil", "percentile"),
            Column::new("z-Wert", "z_score"),
            Column::new("Min-Max (0–100)", "min_max"),
            Column::new("Abstand zum Median", "distance_to_median"),
            Column::new("Quartil", "quartile"),
        ];
        let rows = self
            .comparison
            .members
            .iter()
            .map(|m| {
                vec![
                    Cell::text(m.key.as_str()),
                    Cell::text(&m.name),
                    Cell::number(m.value),
                    Cell::text(status_text(m.status)),
                    Cell::text(missing_text(m.missing.as_ref(), lang)),
                    Cell::int(m.rank),
                    Cell::number(m.percentile),
                    Cell::number(m.z_score),
                    Cell::number(m.min_max),
                    Cell::number(m.distance_to_median),
                    Cell::int(m.quartile.map(usize::from)),
                ]
            })
            .collect();
        Table::new(columns, rows)
    }

    fn chart(&self, data: &ViewData, look: &Look<'_>) -> Result<ChartSpec> {
        Ok(self.chart_spec(data, look))
    }
}

pub use super::scatter::{ScatterView, scatter};
