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
pub mod scores_memo;
pub mod scores_page;
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
    /// The JSON body (an object), without the metadata, serialised.
    fn json(&self) -> Result<Vec<u8>>;
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
/// Serialised straight from the view's structs: going through a `serde_json::Value` tree (a
/// map per object, every string copied, all of it dropped again) was a quarter of a national
/// field score's time (issue #17 point 2).
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(value).map_err(Error::internal)
}

/// A serialised JSON object with `"meta": <meta>` as its last member; anything but an object
/// is left as it is.
pub fn with_meta(mut body: Vec<u8>, meta: &[u8]) -> Vec<u8> {
    if body.first() != Some(&b'{') || body.last() != Some(&b'}') {
        return body;
    }
    body.pop();
    if body.len() > 1 {
        body.push(b',');
    }
    body.reserve(meta.len() + 9);
    body.extend_from_slice(b"\"meta\":");
    body.extend_from_slice(meta);
    body.push(b'}');
    body
}

/// "12 von 21" / "12 of 21".
pub(crate) fn n_of(lang: Lang, n: usize, total: usize) -> String {
    format!("{n} {} {total}", lang.pick("von", "of"))
}

#[cfg(test)]
mod tests {
    use super::with_meta;

    #[test]
    fn meta_becomes_the_last_member_of_the_object() {
        let meta = br#"{"view":"x"}"#;
        let joined = with_meta(br#"{"a":[1,{"b":"}"}]}"#.to_vec(), meta);
        assert_eq!(joined, br#"{"a":[1,{"b":"}"}],"meta":{"view":"x"}}"#);
        let parsed: serde_json::Value = serde_json::from_slice(&joined).unwrap_or_default();
        assert_eq!(parsed["meta"]["view"], "x");
        assert_eq!(with_meta(b"{}".to_vec(), meta), br#"{"meta":{"view":"x"}}"#);
        assert_eq!(with_meta(b"[1]".to_vec(), meta), b"[1]");
    }
}
