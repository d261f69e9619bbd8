//! Comparison views: analysis results mapped to chart specs. The one place that knows both the
//! analysis crate and the charts crate (charts never see polars). Used by `vergleich chart` and
//! by the HTTP API. Every chart says which indicator, year, group and data state it shows.

mod extra;
mod groups;
mod heatmap;
mod load;
mod request;

pub use extra::{
    ChartLook, coverage_heatmap, field_score_ranking, peer_scatter, sensitivity_heatmap,
};
pub use groups::{DEFAULT_NEIGHBOURS, build_group};
pub use load::{DataState, ViewInput, load};
pub use request::{ChartKind, GroupChoice, ViewRequest};

use vergleich_analysis::{
    DataFrame,
    compare::Comparison,
    score::{FieldScoreOptions, Score},
};
use vergleich_charts::{
    ChartSpec, Datum, DotPlotSpec, Header, Lang, Order, PeerBand, RadarAxis, RadarSpec,
    RankingItem, RankingSpec, ScatterAxis, ScatterPoint, ScatterSpec, Series, TimeSeriesSpec,
    ValueFormat, YearValue,
};
use vergleich_domain::{
    Ags, Catalogue, Cohort, Indicator, IndicatorId, Observation, Polarity, Status,
};

/// The data a view is computed from: one published data state.
pub struct ViewData {
    pub catalogue: Catalogue,
    pub cohort: Cohort,
    pub frame: DataFrame,
    /// Years with at least one observation, ascending.
    pub years: Vec<i32>,
    /// Any value is demo data: every chart then says "Beispieldaten (synthetisch)".
    pub synthetic: bool,
    /// Which data this view was computed from (visibility, newest record, uploads).
    pub state: DataState,
}

impl ViewData {
    pub fn new(
        catalogue: Catalogue,
        cohort: Cohort,
        observations: &[Observation],
        synthetic: bool,
        state: DataState,
    ) -> Result<Self, ViewError> {
        let mut years: Vec<i32> = observations.iter().map(|o| o.period.year()).collect();
        years.sort_unstable();
        years.dedup();
        let frame = vergleich_analysis::observations_frame(observations)?;
        Ok(Self {
            catalogue,
            cohort,
            frame,
            years,
            synthetic,
            state,
        })
    }

    pub fn indicator(&self, id: &IndicatorId) -> Result<&Indicator, ViewError> {
        self.catalogue
            .indicator(id)
            .ok_or_else(|| ViewError::Unknown(format!("indicator {id}")))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ViewError {
    #[error("{0} is not in the catalogue or cohort")]
    Unknown(String),
    #[error("this view needs {0}")]
    Missing(&'static str),
    #[error(transparent)]
    Analysis(#[from] vergleich_analysis::AnalysisError),
}

pub(crate) fn pick<'a>(lang: Lang, de: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::De => de,
        Lang::En => en,
    }
}

/// Decimals a unit is usually shown with.
pub(crate) fn format_for(indicator: &Indicator) -> ValueFormat {
    let decimals = match indicator.unit.as_str() {
        "Punkte" | "Personen" | "Jahre" => 0,
        "EUR" => 2,
        _ => 1,
    };
    ValueFormat {
        unit: indicator.unit.clone(),
        decimals,
    }
}

pub(crate) fn order_for(indicator: &Indicator) -> Order {
    match indicator.polarity {
        Polarity::LowerIsBetter => Order::LowFirst,
        Polarity::HigherIsBetter | Polarity::Neutral => Order::HighFirst,
    }
}

pub(crate) fn datum(value: Option<f64>, status: Option<Status>) -> Datum {
    match (value, status) {
        (Some(v), Some(Status::P)) => Datum::Provisional(v),
        (Some(v), _) => Datum::Value(v),
        (None, _) => Datum::Missing,
    }
}

pub(crate) fn score_datum(score: &Score) -> Datum {
    match score {
        Score::Value { value } => Datum::Value(*value),
        Score::Insufficient => Datum::Insufficient,
    }
}

/// A scatter axis: a word unit ("Personen") goes into the axis label, so tick labels stay short
/// enough to fit the canvas; symbols ("%") stay on the ticks.
pub(crate) fn scatter_axis(indicator: &Indicator, lang: Lang) -> ScatterAxis {
    let label = pick(lang, &indicator.label_de, &indicator.label_en);
    let mut format = format_for(indicator);
    if format.unit.chars().count() > 2 {
        let unit = std::mem::take(&mut format.unit);
        ScatterAxis {
            label: format!("{label} ({unit})"),
            format,
        }
    } else {
        ScatterAxis {
            label: label.to_owned(),
            format,
        }
    }
}

/// The source line of a chart of two indicators, each source once.
pub(crate) fn sources(x: &Indicator, y: &Indicator) -> String {
    if x.source == y.source {
        x.source.clone()
    } else {
        format!("{}; {}", x.source, y.source)
    }
}

/// The source line of a chart of field scores: which normalisation and mean.
pub(crate) fn method_line(lang: Lang, options: &FieldScoreOptions) -> String {
    use vergleich_analysis::score::{Aggregation, Normalisation};
    let norm = match options.normalisation {
        Normalisation::MinMax => "min–max",
        Normalisation::Z => "z",
        Normalisation::Rank => pick(lang, "Rang", "rank"),
    };
    let mean = match options.aggregation {
        Aggregation::Arithmetic => pick(lang, "arithmetisches Mittel", "arithmetic mean"),
        Aggregation::Geometric => pick(lang, "geometrisches Mittel", "geometric mean"),
    };
    let weights = if options.weights.is_empty() {
        pick(lang, "gleiche Gewichte", "equal weights")
    } else {
        pick(lang, "eigene Gewichte", "custom weights")
    };
    match lang {
        Lang::De => {
            format!("Selbstcheck und amtliche Statistik, normalisiert ({norm}, {mean}, {weights})")
        }
        Lang::En => {
            format!("Self-check and official statistics, normalised ({norm}, {mean}, {weights})")
        }
    }
}

/// Builds the chart spec of a view.
pub fn chart(data: &ViewData, req: &ViewRequest) -> Result<ChartSpec, ViewError> {
    let group = groups::peer_group(data, req)?;
    let lang = req.lang;
    let header = |title: String, period: String, source: String| Header {
        lang,
        size: req.size,
        title,
        period,
        group: pick(lang, &group.label_de, &group.label_en).to_owned(),
        members_total: group.members.len(),
        source,
        demo_data: data.synthetic,
    };
    let selected = |key: &Ags| req.members.contains(key);
    let year = req
        .year
        .or_else(|| data.years.last().copied())
        .ok_or(ViewError::Missing("data"))?;
    Ok(match req.kind {
        ChartKind::Ranking | ChartKind::DotPlot => {
            let ind = data.indicator(
                req.indicator
                    .as_ref()
                    .ok_or(ViewError::Missing("--indicator"))?,
            )?;
            let cmp = vergleich_analysis::compare(&data.frame, ind, year, &group)?;
            let items = ranking_items(&cmp, &selected);
            let head = header(
                pick(lang, &ind.label_de, &ind.label_en).to_owned(),
                year.to_string(),
                ind.source.clone(),
            );
            if req.kind == ChartKind::Ranking {
                ChartSpec::Ranking(RankingSpec {
                    header: head,
                    format: format_for(ind),
                    order: order_for(ind),
                    median: cmp.stats.as_ref().map(|s| s.median),
                    items,
                })
            } else {
                ChartSpec::DotPlot(DotPlotSpec {
                    header: head,
                    format: format_for(ind),
                    order: order_for(ind),
                    peer: cmp.stats.as_ref().map(|s| PeerBand {
                        q1: s.q1,
                        median: s.median,
                        q3: s.q3,
                    }),
                    items,
                })
            }
        }
        ChartKind::Radar => {
            let focus = req
                .members
                .first()
                .ok_or(ViewError::Missing("--municipality"))?;
            let profile = vergleich_analysis::profile(
                &data.frame,
                &data.catalogue,
                &group,
                focus,
                year,
                &req.options,
            )?;
            let axes = profile
                .fields
                .iter()
                .map(|f| RadarAxis {
                    label: pick(lang, &f.label_de, &f.label_en).to_owned(),
                    value: score_datum(&f.score),
                    peer: match (f.peer_q1, f.peer_median, f.peer_q3) {
                        (Some(q1), Some(median), Some(q3)) => Some(PeerBand { q1, median, q3 }),
                        _ => None,
                    },
                })
                .collect();
            let n_with_data = profile
                .fields
                .iter()
                .map(|f| f.peers_reported)
                .max()
                .unwrap_or(0);
            ChartSpec::Radar(RadarSpec {
                header: header(
                    pick(
                        lang,
                        "Profil der Handlungsfelder",
                        "Profile of the fields of action",
                    )
                    .to_owned(),
                    year.to_string(),
                    method_line(lang, &req.options),
                ),
                format: ValueFormat {
                    unit: String::new(),
                    decimals: 0,
                },
                member: profile.name.clone(),
                n_with_data,
                range: [0.0, 100.0],
                axes,
            })
        }
        ChartKind::Heatmap => heatmap::heatmap(data, req, &group, year, header)?,
        ChartKind::TimeSeries => {
            let ind = data.indicator(
                req.indicator
                    .as_ref()
                    .ok_or(ViewError::Missing("--indicator"))?,
            )?;
            let from = req
                .from
                .or_else(|| data.years.first().copied())
                .unwrap_or(year);
            let to = req.to.unwrap_or(year);
            let trend = vergleich_analysis::trend(
                &data.frame,
                ind,
                &group,
                from,
                to,
                from,
                req.like_for_like,
            )?;
            let series = trend
                .members
                .iter()
                .filter(|m| m.included && (req.members.is_empty() || selected(&m.key)))
                .map(|m| Series {
                    name: m.name.clone(),
                    selected: selected(&m.key),
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
                header: header(
                    pick(lang, &ind.label_de, &ind.label_en).to_owned(),
                    format!("{from}–{to}"),
                    ind.source.clone(),
                ),
                format: format_for(ind),
                series,
            })
        }
        ChartKind::Scatter => {
            let x = data.indicator(
                req.indicator
                    .as_ref()
                    .ok_or(ViewError::Missing("--indicator"))?,
            )?;
            let y = data.indicator(
                req.indicator_y
                    .as_ref()
                    .ok_or(ViewError::Missing("--indicator-y"))?,
            )?;
            let cx = vergleich_analysis::compare(&data.frame, x, year, &group)?;
            let cy = vergleich_analysis::compare(&data.frame, y, year, &group)?;
            let points = cx
                .members
                .iter()
                .zip(&cy.members)
                .map(|(a, b)| ScatterPoint {
                    name: a.name.clone(),
                    x: datum(a.value, a.status),
                    y: datum(b.value, b.status),
                    selected: selected(&a.key),
                })
                .collect();
            let title = format!(
                "{} × {}",
                pick(lang, &x.label_de, &x.label_en),
                pick(lang, &y.label_de, &y.label_en)
            );
            ChartSpec::Scatter(ScatterSpec {
                header: header(title, year.to_string(), sources(x, y)),
                x: scatter_axis(x, lang),
                y: scatter_axis(y, lang),
                points,
            })
        }
    })
}

pub(crate) fn ranking_items(cmp: &Comparison, selected: &dyn Fn(&Ags) -> bool) -> Vec<RankingItem> {
    cmp.members
        .iter()
        .map(|m| RankingItem {
            name: m.name.clone(),
            value: datum(m.value, m.status),
            selected: selected(&m.key),
        })
        .collect()
}
