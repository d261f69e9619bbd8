//! One indicator over a window of years.

use serde::Serialize;
use vergleich_analysis::PeerGroup;
use vergleich_analysis::trend::{MemberTrend, Trend};
use vergleich_charts::{ChartSpec, Datum, Lang, Series, SeriesBreak, TimeSeriesSpec, YearValue};
use vergleich_domain::{Ags, Indicator, IndicatorId};

use super::comparison::status_text;
use super::{Render, View, to_json};
use crate::analyses;
use crate::data::ViewData;
use crate::error::Result;
use crate::groups::group_of;
use crate::present::{self, datum, format_for};
use crate::request::{Look, ViewQuery};
use crate::table::{Cell, Column, Table};

/// The series of the group's members (the listed members only, when members are listed; the
/// chart draws every member and highlights the listed ones).
pub struct TrendView {
    pub indicator: Indicator,
    pub group: PeerGroup,
    pub trend: Trend,
    /// Every member's series, also when members are listed: the chart's grey context lines.
    pub all: Vec<MemberTrend>,
    /// The listed members (highlighted in the chart).
    pub listed: Vec<Ags>,
}

#[derive(Serialize)]
struct Body<'a> {
    trend: &'a Trend,
}

/// Computes the trend of `id` (parameter `indicator`) from `from` (default the first year with
/// data) to `to` (default `year`, else the latest), changes against `base` (default `from`).
pub fn trend(data: &ViewData, id: &IndicatorId, q: &ViewQuery) -> Result<TrendView> {
    let indicator = data.indicator("indicator", id)?.clone();
    let last = data.year_or_latest(q.year)?;
    let to = q.to.unwrap_or(last);
    let from = q
        .from
        .or_else(|| data.years.first().copied())
        .unwrap_or(to)
        .min(to);
    let base = q.base.unwrap_or(from);
    let group = group_of(data, q, to)?;
    let mut trend = analyses::trend(data, &indicator, &group, from, to, base, q.like_for_like)?;
    let all = trend.members.clone();
    if !q.members.is_empty() {
        trend.members.retain(|m| q.members.contains(&m.key));
    }
    Ok(TrendView {
        indicator,
        group,
        trend,
        all,
        listed: q.members.clone(),
    })
}

impl TrendView {
    pub fn into_view(self) -> View {
        let t = &self.trend;
        View {
            name: "trend",
            file_stem: format!("verlauf-{}-{}-{}", self.indicator.id, t.from, t.to),
            period: format!("{}–{}", t.from, t.to),
            group: Some(t.group.clone()),
            method: format!(
                "change against the previous year and against {} in {}; least-squares slope per year; \
                 medians type 7{}{}",
                t.base_year,
                t.change_unit,
                if t.like_for_like {
                    "; like-for-like: only members with a value in every year"
                } else {
                    ""
                },
                if t.breaks.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; the definition changed from {}: no change and no slope across a break",
                        t.breaks
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            ),
            extra: {
                let mut extra = vec![(
                    "Einbezogen",
                    "Included",
                    format!("{} / {}", t.included, t.group.size),
                )];
                if !t.breaks.is_empty() {
                    extra.push((
                        "Neue Definition ab",
                        "New definition from",
                        t.breaks
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(", "),
                    ));
                }
                extra
            },
            body: Box::new(self),
        }
    }

    /// The time series of every included member of the group, the listed and the `look`'s
    /// selected members highlighted, with the group's median per year.
    pub fn chart_spec(&self, data: &ViewData, look: &Look<'_>) -> ChartSpec {
        let ind = &self.indicator;
        let t = &self.trend;
        let series = self
            .all
            .iter()
            .filter(|m| m.included)
            .map(|m| Series {
                name: m.name.clone(),
                selected: look.selected.contains(&m.key) || self.listed.contains(&m.key),
                points: m
                    .series
                    .iter()
                    .map(|p| YearValue {
                        year: p.year,
                        value: datum(p.value, p.status),
                    })
                    .collect(),
            })
            .collect();
        ChartSpec::TimeSeries(TimeSeriesSpec {
            header: present::header(
                data,
                look,
                (
                    &self.group.label_de,
                    &self.group.label_en,
                    self.group.members.len(),
                ),
                look.lang.pick(&ind.label_de, &ind.label_en).to_owned(),
                format!("{}–{}", t.from, t.to),
                ind.source.clone(),
            ),
            format: format_for(ind),
            series,
            median: t
                .medians
                .iter()
                // a median of one member is that member's value, not the group's
                .filter(|m| m.reported >= vergleich_analysis::score::MIN_REPORTING)
                .filter_map(|m| {
                    m.median.map(|v| YearValue {
                        year: m.year,
                        value: Datum::Value(v),
                    })
                })
                .collect(),
            breaks: data
                .breaks
                .get(&ind.id)
                .map(|list| {
                    list.iter()
                        .map(|b| SeriesBreak {
                            year: b.year,
                            // An English note is optional: the German one stands in.
                            note: if b.note_en.is_empty() {
                                b.note_de.clone()
                            } else {
                                look.lang.pick(&b.note_de, &b.note_en).to_owned()
                            },
                        })
                        .collect()
                })
                .unwrap_or_default(),
        })
    }
}

impl Render for TrendView {
    fn json(&self) -> Result<Vec<u8>> {
        to_json(&Body { trend: &self.trend })
    }

    fn table(&self, lang: Lang) -> Table {
        let trend = &self.trend;
        let years: Vec<i32> = (trend.from..=trend.to).collect();
        let mut columns = vec![
            Column::new("Schlüssel", "key"),
            Column::new("Name", "name"),
            Column::new("Einbezogen", "included"),
            Column::new("Änderung zum Vorjahr", "change_previous_year"),
            Column::new(
                format!("Änderung seit {}", trend.base_year),
                format!("change_since_{}", trend.base_year),
            ),
            Column::new("Steigung je Jahr", "slope_per_year"),
        ];
        for y in &years {
            columns.push(Column::new(y.to_string(), y.to_string()));
            columns.push(Column::new(format!("Status {y}"), format!("status {y}")));
        }
        let yes_no = |b: bool| {
            if b {
                lang.pick("ja", "yes")
            } else {
                lang.pick("nein", "no")
            }
        };
        let rows = trend
            .members
            .iter()
            .map(|m| {
                let mut row = vec![
                    Cell::text(m.key.as_str()),
                    Cell::text(&m.name),
                    Cell::text(yes_no(m.included)),
                    Cell::number(m.change_previous_year),
                    Cell::number(m.change_since_base),
                    Cell::number(m.slope_per_year),
                ];
                for y in &years {
                    let point = m.series.iter().find(|p| p.year == *y);
                    row.push(Cell::number(point.and_then(|p| p.value)));
                    row.push(Cell::text(status_text(point.and_then(|p| p.status))));
                }
                row
            })
            .collect();
        Table::new(columns, rows)
    }

    fn chart(&self, data: &ViewData, look: &Look<'_>) -> Result<ChartSpec> {
        Ok(self.chart_spec(data, look))
    }
}
