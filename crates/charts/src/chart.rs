//! One enum over every chart kind, so a caller (the API, the CLI) can take any spec as JSON
//! (`{"kind": "ranking", ...}`) and render it.

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::output::{PngChart, SvgChart};
use crate::spec::PngScale;
use crate::{
    DotPlotSpec, GoalProgressSpec, HeatmapSpec, MeasureTimelineSpec, RadarSpec, RankingSpec,
    ScatterSpec, TimeSeriesSpec,
};

/// Any chart spec, tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChartSpec {
    Ranking(RankingSpec),
    Radar(RadarSpec),
    Heatmap(HeatmapSpec),
    TimeSeries(TimeSeriesSpec),
    DotPlot(DotPlotSpec),
    Scatter(ScatterSpec),
    GoalProgress(GoalProgressSpec),
    MeasureTimeline(MeasureTimelineSpec),
}

impl ChartSpec {
    /// Renders the chart as SVG with its text description.
    pub fn to_svg(&self) -> Result<SvgChart> {
        match self {
            Self::Ranking(s) => s.to_svg(),
            Self::Radar(s) => s.to_svg(),
            Self::Heatmap(s) => s.to_svg(),
            Self::TimeSeries(s) => s.to_svg(),
            Self::DotPlot(s) => s.to_svg(),
            Self::Scatter(s) => s.to_svg(),
            Self::GoalProgress(s) => s.to_svg(),
            Self::MeasureTimeline(s) => s.to_svg(),
        }
    }

    /// Renders the chart as PNG at 1× or 2× (drawn once as SVG, rasterised with resvg).
    pub fn to_png(&self, scale: PngScale) -> Result<PngChart> {
        self.to_svg()?.to_png(scale)
    }

    /// The header every kind carries (title, size, language, ...), to change in place.
    pub fn header_mut(&mut self) -> &mut crate::Header {
        match self {
            Self::Ranking(s) => &mut s.header,
            Self::Radar(s) => &mut s.header,
            Self::Heatmap(s) => &mut s.header,
            Self::TimeSeries(s) => &mut s.header,
            Self::DotPlot(s) => &mut s.header,
            Self::Scatter(s) => &mut s.header,
            Self::GoalProgress(s) => &mut s.header,
            Self::MeasureTimeline(s) => &mut s.header,
        }
    }

    /// Short name of the kind, as in file names: `ranking`, `radar`, ...
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Ranking(_) => "ranking",
            Self::Radar(_) => "radar",
            Self::Heatmap(_) => "heatmap",
            Self::TimeSeries(_) => "time_series",
            Self::DotPlot(_) => "dot_plot",
            Self::Scatter(_) => "scatter",
            Self::GoalProgress(_) => "goal_progress",
            Self::MeasureTimeline(_) => "measure_timeline",
        }
    }
}
