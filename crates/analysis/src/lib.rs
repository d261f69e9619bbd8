//! Analysis: comparisons of one indicator across a group (rank, percentile, z-score, min–max
//! score with polarity applied, distance to the peer median), field scores with coverage,
//! profiles and findings, trends, peer groups and sensitivity. Pure, synchronous functions over
//! polars frames returning serde types for the API; no I/O, no database, no HTTP.
//!
//! Filled by the analysis issue; the foundation only fixes the crate's place in the workspace.
