//! One function per view. Each computes its analysis once and returns a value from which the
//! JSON body, the table (CSV/XLSX) and the chart spec are all rendered, so the JSON API, the
//! HTML pages and `vergleich chart` show the same numbers from one computation.
//!
//! Every view function takes the data state ([`ViewData`]) and the shared choices
//! ([`ViewQuery`]); the concrete result (e.g. [`comparison::ComparisonView`]) is what pages use,
//! and [`View`] (via `into_view`) is what the API renders in the asked form with the view's
//! metadata (name, period, group, method, extra lines).

pub mod chart;
pub mod comparison;
pub mod coverage;
pub mod member;
pub mod partners;
pub mod partners_memo;
pub mod peers;
pub mod profile;
pub mod scatter;
pub mod scores;
pub mod sensitivity;
pub mod trend;

use vergleich_analysis::GroupSummary;
use vergleich_charts::{ChartSpec, Lang};

use crate::data::ViewData;
use crate::error::{Error, Result};
use crate::request::Look;
use crate::table::Table;

/// A computed view in all its forms.
pub trait Render: Send {
    /// The JSON body, without the metadata.
    fn json(&self) -> Result<serde_json::Value>;
    /// The rows of the CSV and XLSX forms, in `lang`.
    fn table(&self, lang: Lang) -> Table;
    /// The chart, drawn from the computed value; a 406 where the view has no chart.
    fn chart(&self, data: &ViewData, look: &Look<'_>) -> Result<ChartSpec>;
}

/// A computed view and what its metadata says.
pub struct View {
    /// Machine name of the view (`comparison`, `profile`, …).
    pub name: &'static str,
    /// File name without suffix for downloads.
    pub file_stem: String,
    /// The year or the window the view shows.
    pub period: String,
    pub group: Option<GroupSummary>,
    pub method: String,
    /// View-specific metadata lines: (German label, English label, value).
    pub extra: Vec<(&'static str, &'static str, String)>,
    /// The computed result.
    pub body: Box<dyn Render>,
}

/// Serialises a JSON body.
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Result<serde_json::Value> {
    serde_json::to_value(value).map_err(Error::internal)
}

/// "12 von 21" / "12 of 21".
pub(crate) fn n_of(lang: Lang, n: usize, total: usize) -> String {
    format!("{n} {} {total}", lang.pick("von", "of"))
}
