//! One chart by kind, as `vergleich chart` asks for it: each kind is drawn from its view, the
//! same function the API and the pages use.

use vergleich_charts::ChartSpec;
use vergleich_domain::{FieldId, IndicatorId};

use super::comparison::{ComparisonChart, comparison, scatter};
use super::profile::profile;
use super::scores::{FieldChart, all_fields, one_field};
use super::trend::trend;
use crate::data::ViewData;
use crate::error::{Error, Result};
use crate::request::{ChartKind, ViewQuery};

/// What a chart of `kind` shows besides the shared choices.
#[derive(Debug, Clone)]
pub struct ChartRequest {
    pub kind: ChartKind,
    /// The indicator (ranking, dot plot, time series; x axis of a scatter).
    pub indicator: Option<IndicatorId>,
    /// The y-axis indicator of a scatter.
    pub indicator_y: Option<IndicatorId>,
    /// A heat map of one field's indicators instead of all fields.
    pub field: Option<FieldId>,
    pub query: ViewQuery,
}

/// Computes the view behind the chart and draws it.
pub fn chart(data: &ViewData, req: &ChartRequest) -> Result<ChartSpec> {
    let q = &req.query;
    let look = q.look();
    let indicator = || {
        req.indicator
            .as_ref()
            .ok_or_else(|| Error::missing("--indicator"))
    };
    Ok(match req.kind {
        ChartKind::Ranking => {
            comparison(data, indicator()?, q, ComparisonChart::Ranking)?.chart_spec(data, &look)
        }
        ChartKind::DotPlot => {
            comparison(data, indicator()?, q, ComparisonChart::DotPlot)?.chart_spec(data, &look)
        }
        ChartKind::Radar => {
            let focus = q
                .members
                .first()
                .ok_or_else(|| Error::missing("--municipality"))?;
            profile(data, focus, q)?.radar(data, &look)
        }
        ChartKind::Heatmap => match &req.field {
            None => all_fields(data, q)?.chart_spec(data, &look),
            Some(field) => {
                one_field(data, field, q, FieldChart::Heatmap)?.indicator_heatmap(data, &look)?
            }
        },
        ChartKind::TimeSeries => {
            // The window ends in the asked year unless `to` says otherwise.
            let q = ViewQuery {
                to: q.to.or(q.year),
                ..q.clone()
            };
            trend(data, indicator()?, &q)?.chart_spec(data, &look)
        }
        ChartKind::Scatter => {
            let y = req
                .indicator_y
                .as_ref()
                .ok_or_else(|| Error::missing("--indicator-y"))?;
            super::Render::chart(&scatter(data, indicator()?, y, q)?, data, &look)?
        }
    })
}
