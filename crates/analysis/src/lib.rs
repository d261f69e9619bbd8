//! Analysis: comparisons of one indicator across a group (rank, percentile, z-score, min–max
//! score with polarity applied, distance to the peer median), field scores with coverage,
//! profiles and findings, trends, peer groups, sensitivity and coverage. Pure, synchronous
//! functions over polars frames returning serde types for the API; no I/O, no database, no HTTP.
//!
//! The data path: domain observations -> [`observations_frame`] (long layout) -> the functions
//! below, each filtering the frame with polars and returning a result that carries the indicator
//! ids, year, method parameters, group definition and "n of N reported".

pub mod compare;
pub mod coverage;
mod error;
pub mod frame;
pub mod frame_file;
pub mod group;
pub mod neighbours;
pub mod profile;
pub mod score;
pub mod sensitivity;
/// Quantiles (type 7), slopes and competition ranks: one definition shared with ingest.
pub use vergleich_domain::stats;
pub mod text;
pub mod trend;

#[cfg(test)]
mod testutil;

#[cfg(test)]
mod demo_check;

pub use compare::{Comparison, ComparisonMethod, GroupStats, MemberComparison, Missing, compare};
pub use coverage::coverage;
pub use error::AnalysisError;
pub use frame::{observations_frame, observations_frame_from};
pub use group::{GroupDefinition, GroupMember, GroupSummary, PeerGroup, SizeClass};
pub use neighbours::nearest_neighbours;
/// The frame type of the data path, so callers need no polars dependency of their own.
pub use polars::prelude::DataFrame;
pub use profile::profile;
pub use score::field_scores;
pub use sensitivity::sensitivity;
pub use trend::trend;
