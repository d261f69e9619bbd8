//! Charts: plain chart specs (ranking bars, radar profile, heat map, time series, dot plot,
//! scatter) rendered to SVG text and PNG bytes in memory with plotters and a bundled font. This
//! crate never sees polars or the database: the API maps analysis results to specs.
//!
//! Filled by the charts issue; the foundation only fixes the crate's place in the workspace.
