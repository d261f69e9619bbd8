//! The application layer of vergleich, between the libraries (domain, ingest, store, analysis,
//! charts) and the edge (`crates/api`: HTTP, HTML, the command line).
//!
//! - [`data`]: the data state a view is computed from, read once per data version.
//! - [`definition_mix`]: the definition version each value was recorded under, and the years
//!   whose values mix versions.
//! - [`views`]: one function per view; each computes once and returns one value from which the
//!   JSON body, the table and the chart are rendered.
//! - [`analyses`]: every analysis run, counted (`/metrics`, and the test that no request
//!   computes anything twice).
//! - [`workflow`]: upload, submit, approve, reject, sign-in and token rules as plain functions
//!   over the store.
//! - [`work`]: the bound on CPU work off the async runtime (views, charts, parses, passwords).
//! - [`error`]: the one error of views and workflow and the one table of error codes.
//!
//! Nothing here knows axum or HTML.

pub mod analyses;
pub mod data;
pub mod definition_mix;
pub mod error;
pub mod groups;
pub mod opendata;
pub mod present;
pub mod request;
pub mod table;
pub mod views;
pub mod work;
pub mod workflow;

pub use data::{DEFAULT_YEAR_SHARE, DataState, DefaultYear, ViewData, ViewInput, load};
pub use error::{Error, ErrorCode, ErrorDetail, Result};
pub use request::{ChartKind, DEFAULT_NEIGHBOURS, GroupChoice, Look, ViewQuery};
pub use views::{Render, View};
pub use work::CpuWork;
pub use workflow::{Principal, Workflow};

/// Analysis types the edge shows (re-exported so the edge needs no analysis dependency).
pub mod model {
    pub use vergleich_analysis::compare::{Comparison, Missing};
    pub use vergleich_analysis::coverage::{CellState, CoverageMatrix};
    pub use vergleich_analysis::group::{GroupDefinition, GroupMember};
    pub use vergleich_analysis::profile::{Finding, FindingKind, MIN_PEERS_FOR_FINDINGS, Profile};
    pub use vergleich_analysis::score::{
        Aggregation, FieldScoreOptions, FieldScores, Normalisation, Score,
    };
    pub use vergleich_analysis::{GroupSummary, PeerGroup};
}
