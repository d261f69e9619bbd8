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

/// Most rows a ranking or heat map draws (one per member) and most lines a time series
/// draws: each row takes its own height, so 11,000 members made charts hundreds of thousands
/// of pixels tall, and a heat map of them broke the rasteriser's limit after 23 s of drawing.
pub const MAX_ROWS: usize = 500;

impl ChartSpec {
    /// How many rows (or lines) the chart draws, for the kinds whose height grows with them.
    pub fn rows(&self) -> Option<usize> {
        match self {
            Self::Ranking(s) => Some(s.items.len()),
            Self::Heatmap(s) => Some(s.rows.len()),
            Self::TimeSeries(s) => Some(s.series.len()),
            _ => None,
        }
    }

    /// [`ChartError::TooLarge`] for a chart of more than [`MAX_ROWS`] rows, before any drawing.
    pub fn check_size(&self) -> Result<()> {
        match self.rows() {
            Some(rows) if rows > MAX_ROWS => Err(crate::ChartError::TooLarge {
                rows,
                max: MAX_ROWS,
            }),
            _ => Ok(()),
        }
    }

    /// Renders the chart as SVG with its text description.
    pub fn to_svg(&self) -> Result<SvgChart> {
        self.check_size()?;
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

#[cfg(test)]
mod size_tests {
    use super::*;
    use crate::fixtures;
    use crate::spec::Lang;

    /// The fixture ranking and heat map with their rows repeated to `n`.
    fn grown(n: usize) -> [ChartSpec; 2] {
        let mut ranking = fixtures::ranking(Lang::De, 21);
        ranking.items = ranking.items.iter().cycle().take(n).cloned().collect();
        let mut heatmap = fixtures::heatmap(Lang::De, 21);
        heatmap.rows = heatmap.rows.iter().cycle().take(n).cloned().collect();
        [ChartSpec::Ranking(ranking), ChartSpec::Heatmap(heatmap)]
    }

    #[test]
    fn a_chart_of_at_most_max_rows_is_drawn_and_one_more_is_refused_before_drawing() {
        for spec in grown(MAX_ROWS) {
            assert_eq!(spec.rows(), Some(MAX_ROWS));
            assert!(spec.to_svg().is_ok());
        }
        for spec in grown(MAX_ROWS + 1) {
            match spec.to_svg() {
                Err(crate::ChartError::TooLarge { rows, max }) => {
                    assert_eq!((rows, max), (MAX_ROWS + 1, MAX_ROWS));
                }
                other => panic!("expected TooLarge, got {:?}", other.map(|s| s.width)),
            }
        }
        // Kinds whose size does not grow with the group are not limited.
        assert_eq!(ChartSpec::Radar(fixtures::radar(Lang::De)).rows(), None);
    }
}
