//! Open data per release (issue #17 point 4): every named data release is also published as a
//! file others can reuse without our application — a Frictionless Tabular Data Package
//! ([`package_zip`], its descriptor [`descriptor`]) and a DCAT-AP.de record for open-data
//! portals such as GovData ([`dcat_record`]), under the Datenlizenz Deutschland – Namensnennung
//! – Version 2.0 ([`LICENSE_ID`]).
//!
//! The package holds four CSV files (UTF-8, `,`, RFC 4180 quoting, decimal point, empty cell for
//! "no value") with typed schemas, primary and foreign keys, so a generic tool (`frictionless
//! validate`, pandas, R, a spreadsheet) reads the keys as text with their leading zero and the
//! values as numbers:
//!
//! - `observations.csv`: the canonical long layout of the application
//!   (`municipality,indicator,year,value,status,missing_reason,note,source`, the same columns
//!   and spellings as `datasets/demo/observations.csv` and the upload template), so the file can
//!   be uploaded again as it is.
//! - `indicators.csv` and `fields.csv`: the catalogue in the layout of `datasets/`.
//! - `municipalities.csv`: the cohort, one row per municipality (see [`package`] for the
//!   memberships column).
//!
//! Everything is deterministic: rows are sorted, the ZIP has fixed entry order, timestamps,
//! permissions and compression, so the same data gives the same bytes in any process and in any
//! input order; [`content_digest`] names that content in URLs.
//!
//! Nothing here does I/O or knows HTTP: the edge serves the bytes and values returned here.

mod dcat;
mod package;
#[cfg(test)]
mod tests;

use std::collections::{BTreeSet, HashSet};

use anyhow::bail;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use vergleich_domain::{Catalogue, Cohort, Observation};

pub use dcat::dcat_record;
pub use package::{descriptor, package_zip};

/// What the package describes.
#[derive(Debug, Clone, PartialEq)]
pub struct PackageMeta {
    /// The release's name, e.g. "2025-1" (lowercase, `[a-z0-9.-]`).
    pub release: String,
    /// e.g. "Datenstand 2025-1".
    pub title_de: String,
    /// Free text, may be empty.
    pub description_de: String,
    /// The data as of this moment (the release time).
    pub moment: DateTime<Utc>,
    /// e.g. "Weltoffene Kommunen (Bertelsmann Stiftung, PHINEO)".
    pub publisher: String,
    /// Absolute base like "https://vergleich.example.org", or "" for relative URLs.
    pub base_url: String,
    /// Demo data: title and description say "Beispieldaten (synthetisch)".
    pub synthetic: bool,
}

/// SPDX id of the Datenlizenz Deutschland – Namensnennung – Version 2.0.
pub const LICENSE_ID: &str = "dl-de-by-2.0";
/// The licence's title.
pub const LICENSE_TITLE: &str = "Datenlizenz Deutschland – Namensnennung – Version 2.0";
/// The licence text (GovData).
pub const LICENSE_PATH: &str = "https://www.govdata.de/dl-de/by-2-0";
/// The licence as DCAT-AP.de names it.
pub const LICENSE_DCAT_URI: &str = "http://dcat-ap.de/def/licenses/dl-by-de/2.0";

/// Hex SHA-256 over the release's content: the observations sorted by municipality, indicator
/// and year, each with value, status, missing reason, source and note. Stable across processes
/// and input order (the encoding is fixed: length-prefixed UTF-8, values in Rust's shortest
/// round-trip decimal form); the first 16 hex characters are used in URLs.
pub fn content_digest<'a>(observations: impl IntoIterator<Item = &'a Observation>) -> String {
    let mut records: Vec<(&Observation, Vec<u8>)> = observations
        .into_iter()
        .map(|o| (o, digest_record(o)))
        .collect();
    // The key first; the whole record breaks ties, so even duplicates have one order.
    records.sort_by(|(a, ra), (b, rb)| observation_order(a, b).then_with(|| ra.cmp(rb)));
    let mut hasher = Sha256::new();
    hasher.update(b"vergleich-opendata-digest-v1\n");
    hasher.update((records.len() as u64).to_le_bytes());
    for (_, record) in &records {
        hasher.update(record);
    }
    hex(&hasher.finalize())
}

fn digest_record(o: &Observation) -> Vec<u8> {
    let mut out = Vec::new();
    let mut put = |part: Option<&str>| match part {
        None => out.push(0),
        Some(text) => {
            out.push(1);
            out.extend_from_slice(&(text.len() as u64).to_le_bytes());
            out.extend_from_slice(text.as_bytes());
        }
    };
    put(Some(o.municipality.as_str()));
    put(Some(o.indicator.as_str()));
    put(Some(&o.period.year().to_string()));
    put(o.value.map(number).as_deref());
    put(Some(o.status.as_str()));
    put(o.missing_reason.map(|r| r.as_str()));
    put(o.source.as_deref());
    put(o.note.as_deref());
    out
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The order of rows in `observations.csv` and in the digest: municipality key, indicator id,
/// year.
pub(crate) fn observation_order(a: &Observation, b: &Observation) -> std::cmp::Ordering {
    (a.municipality.as_str(), a.indicator.as_str(), a.period).cmp(&(
        b.municipality.as_str(),
        b.indicator.as_str(),
        b.period,
    ))
}

/// A number as written everywhere in the package: Rust's shortest round-trip decimal form
/// (`Display` of `f64` never uses an exponent: 1e21 is "1000000000000000000000").
pub(crate) fn number(value: f64) -> String {
    format!("{value}")
}

/// The package's name: "vergleich-" and the release, lowercase, anything outside `[a-z0-9.-]`
/// as `-` (Data Package names are `^[-a-z0-9._/]+$`).
pub(crate) fn package_name(meta: &PackageMeta) -> String {
    let release: String = meta
        .release
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'a'..='z' | '0'..='9' | '.' | '-' => c,
            _ => '-',
        })
        .collect();
    format!("vergleich-{release}")
}

/// Title with the synthetic label when the data are a demo.
pub(crate) fn title(meta: &PackageMeta) -> String {
    let label = vergleich_domain::SYNTHETIC_LABEL_DE;
    if meta.synthetic && !meta.title_de.contains(label) {
        format!("{} – {label}", meta.title_de)
    } else {
        meta.title_de.clone()
    }
}

/// Description, opened by the synthetic label when the data are a demo.
pub(crate) fn description(meta: &PackageMeta) -> String {
    let mut text = String::new();
    if meta.synthetic {
        text.push_str(vergleich_domain::SYNTHETIC_LABEL_DE);
        text.push_str(
            ": Alle Werte dieses Pakets sind erfunden und beschreiben keine reale Kommune. ",
        );
    }
    text.push_str(
        "Indikatoren zur Integration und Vielfalt der Kommunen des Programms Weltoffene \
         Kommunen: Werte je Kommune, Indikator und Jahr mit Status (A normal, P vorläufig, \
         E geschätzt, M fehlend) und Grund für fehlende Werte, dazu Indikatorkatalog, \
         Handlungsfelder und Kommunen.",
    );
    let own = meta.description_de.trim();
    if !own.is_empty() {
        text.push(' ');
        text.push_str(own);
    }
    text
}

/// An address under the release: `{base_url}/api/v1/releases/{release}/{file}` (without
/// `/{file}` when `file` is empty: the release itself), relative when there is no base.
pub(crate) fn release_url(meta: &PackageMeta, file: &str) -> String {
    let mut url = format!(
        "{}/api/v1/releases/{}",
        meta.base_url.trim_end_matches('/'),
        meta.release
    );
    if !file.is_empty() {
        url.push('/');
        url.push_str(file);
    }
    url
}

/// The keywords of package and record: fixed ones, the fields' German labels (by id), and the
/// synthetic label for a demo.
pub(crate) fn keywords(meta: &PackageMeta, catalogue: &Catalogue) -> Vec<String> {
    let mut words: Vec<String> = ["Weltoffene Kommunen", "Integration", "Vielfalt", "Kommunen"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    let mut fields: Vec<_> = catalogue.fields.iter().collect();
    fields.sort_by(|a, b| a.id.cmp(&b.id));
    for f in fields {
        if !words.contains(&f.label_de) {
            words.push(f.label_de.clone());
        }
    }
    if meta.synthetic {
        words.push(vergleich_domain::SYNTHETIC_LABEL_DE.to_owned());
    }
    words
}

/// What makes observations packageable: each keeps its invariants, names a municipality of
/// the cohort and an indicator of the catalogue (the foreign keys), and no (municipality,
/// indicator, year) repeats (the primary key).
pub(crate) fn check(
    catalogue: &Catalogue,
    cohort: &Cohort,
    observations: &[Observation],
) -> anyhow::Result<()> {
    let municipalities: HashSet<&str> = cohort
        .municipalities
        .iter()
        .map(|m| m.key.as_str())
        .collect();
    let indicators: HashSet<&str> = catalogue.indicators.iter().map(|i| i.id.as_str()).collect();
    let mut keys = HashSet::new();
    for o in observations {
        let key = (
            o.municipality.as_str(),
            o.indicator.as_str(),
            o.period.year(),
        );
        if let Err(err) = o.check() {
            bail!("observation {key:?}: {err}");
        }
        if !municipalities.contains(key.0) {
            bail!(
                "observation {key:?}: municipality {} is not in the cohort",
                key.0
            );
        }
        if !indicators.contains(key.1) {
            bail!(
                "observation {key:?}: indicator {} is not in the catalogue",
                key.1
            );
        }
        if !keys.insert(key) {
            bail!("observation {key:?} appears twice");
        }
    }
    Ok(())
}

/// The sources named by the observations; without any, those of the catalogue's indicators
/// (never for a demo, whose values come from no real statistic).
pub(crate) fn sources(
    meta: &PackageMeta,
    catalogue: &Catalogue,
    observations: &[Observation],
) -> Value {
    let mut titles: BTreeSet<&str> = observations
        .iter()
        .filter_map(|o| o.source.as_deref())
        .filter(|s| !s.trim().is_empty())
        .collect();
    if meta.synthetic {
        titles.insert(vergleich_domain::SYNTHETIC_LABEL_DE);
    } else if titles.is_empty() {
        titles.extend(
            catalogue
                .indicators
                .iter()
                .map(|i| i.source.as_str())
                .filter(|s| !s.trim().is_empty()),
        );
    }
    titles.into_iter().map(|t| json!({"title": t})).collect()
}

/// The line end of every CSV table (RFC 4180).
pub(crate) const LINE_END: &str = "\r\n";

/// RFC 4180 CSV: CRLF line ends, a cell quoted when it holds `,`, `"`, CR or LF, quotes doubled.
pub(crate) struct Csv {
    out: String,
}

impl Csv {
    /// A table whose header row is the names of the schema's fields, in order.
    pub(crate) fn new(schema: &Value) -> Self {
        let mut csv = Self { out: String::new() };
        let names = schema["fields"].as_array().into_iter().flatten();
        csv.row(
            names
                .map(|f| f["name"].as_str().unwrap_or_default().to_owned())
                .collect(),
        );
        csv
    }

    pub(crate) fn row(&mut self, cells: Vec<String>) {
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            if cell.contains([',', '"', '\r', '\n']) {
                self.out.push('"');
                self.out.push_str(&cell.replace('"', "\"\""));
                self.out.push('"');
            } else {
                self.out.push_str(cell);
            }
        }
        self.out.push_str(LINE_END);
    }

    pub(crate) fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
pub(crate) fn quote_for_test(cells: &[&str]) -> String {
    let mut csv = Csv { out: String::new() };
    csv.row(cells.iter().map(|c| (*c).to_owned()).collect());
    csv.finish()
}
