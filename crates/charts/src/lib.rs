//! Charts: plain chart specs (ranking bars, radar profile, heat map, time series, dot plot,
//! scatter; for the Integrationskonzept goal progress and the measures timeline; for the
//! Selbstcheck the answer distribution [`LikertSpec`], the workshop's ratings by perspective
//! [`WorkshopSpec`] and administration vs workshop [`SelfcheckGapSpec`]) rendered to SVG text
//! and PNG bytes in memory with plotters and a bundled font. This crate never sees polars or
//! the database: the API maps analysis results to specs.
//!
//! Every chart carries a title, a subtitle (period, comparison group, "n von N mit Daten"), a
//! source line, the demo-data badge when asked, numbers in the chart's language, a
//! colour-blind-safe palette and a generated text description (in the SVG's `<title>`/`<desc>`
//! and returned as alt text). Missing and insufficient values are shown as such, never as 0.
//!
//! ```no_run
//! # fn demo(spec: vergleich_charts::RankingSpec) -> Result<(), vergleich_charts::ChartError> {
//! use vergleich_charts::PngScale;
//! let svg = spec.to_svg()?; // svg.svg, svg.description
//! let png = svg.to_png(PngScale::X2)?; // png.png, png.width, png.height
//! # Ok(()) }
//! ```

mod canvas;
mod chart;
mod error;
mod font;
mod format;
mod frame;
mod highlight;
mod output;
mod rows;
mod scale;
mod spec;
mod style;

mod bullet;
mod bullet_text;
mod dotplot;
mod gantt;
mod gantt_draw;
mod heatmap;
mod likert;
mod likert_draw;
mod likert_text;
mod radar;
mod ranking;
mod scatter;
mod selfcheck_common;
mod selfcheck_gap;
mod selfcheck_gap_text;
mod timeseries;
mod workshop;
mod workshop_draw;
mod workshop_text;

#[doc(hidden)]
pub mod concept_fixtures;
#[cfg(test)]
mod concept_tests;
/// Deterministic synthetic specs of every kind (21 or 35 members), shared by the tests and the
/// benchmark; not part of the API.
#[doc(hidden)]
pub mod fixtures;
#[cfg(test)]
mod kinds_tests;
/// Deterministic synthetic specs of the Selbstcheck's charts, shared by the tests; not part of
/// the API.
#[doc(hidden)]
pub mod selfcheck_fixtures;
#[cfg(test)]
mod selfcheck_layout_tests;
#[cfg(test)]
mod selfcheck_tests;
#[cfg(test)]
mod series_tests;

pub use bullet::{BulletActual, BulletRow, GoalProgressSpec};
pub use chart::{ChartSpec, MAX_ROWS};
pub use dotplot::DotPlotSpec;
pub use error::{ChartError, Result};
pub use format::{format_number, format_value};
pub use gantt::{MeasureTimelineSpec, TimelineBar};
pub use heatmap::{HeatmapRow, HeatmapSpec};
pub use likert::{LikertRow, LikertSpec};
pub use output::{PngChart, SvgChart};
pub use radar::{RadarAxis, RadarSpec};
pub use ranking::RankingSpec;
pub use rows::RankingItem;
pub use scatter::{ScatterAxis, ScatterPoint, ScatterSpec};
pub use selfcheck_gap::{GapRow, SelfcheckGapSpec};
pub use spec::{Datum, Header, Lang, Order, PeerBand, PngScale, SizePreset, ValueFormat};
pub use timeseries::{Series, SeriesBreak, TimeSeriesSpec, YearValue};
pub use workshop::{WorkshopCell, WorkshopRow, WorkshopSpec};

#[cfg(test)]
mod tests {
    /// Decodes a PNG and returns its pixel size; panics on a broken PNG (tests only).
    pub(crate) fn decode_png_size(bytes: &[u8]) -> (u32, u32) {
        let pixmap = resvg::tiny_skia::Pixmap::decode_png(bytes);
        assert!(pixmap.is_ok(), "PNG does not decode");
        pixmap.map(|p| (p.width(), p.height())).unwrap_or((0, 0))
    }
}
