//! The plain chart specs: serde structs the API fills from analysis results. Shared pieces (the
//! header every chart carries, language, size, a datum with its status) live here; each chart
//! kind's own spec lives beside it.

use serde::{Deserialize, Serialize};

/// Language of every text on the chart, including number format (shared with the domain).
pub use vergleich_domain::format::Lang;

/// Canvas size preset. The width is fixed by the preset; the height follows the content (rows
/// of a ranking or heat map) so that 21 or 35 members never overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SizePreset {
    /// 800 px wide, for web pages.
    #[default]
    Web,
    /// 1123 px wide (A4 landscape at 96 dpi), for reports.
    Print,
    /// 560 px wide, for half-width page columns: drawn at the size it is shown, so its text is
    /// not shrunk (an 800 px chart in a 560 px column has 7.7 px axis labels).
    Column,
}

impl SizePreset {
    /// Canvas width in CSS pixels.
    pub fn width(self) -> u32 {
        match self {
            Self::Web => 800,
            Self::Print => 1123,
            Self::Column => 560,
        }
    }
}

/// PNG pixel density: 1× or 2× the SVG's CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum PngScale {
    /// One PNG pixel per CSS pixel.
    #[default]
    #[serde(rename = "1x")]
    X1,
    /// Two PNG pixels per CSS pixel (high-density screens, print).
    #[serde(rename = "2x")]
    X2,
}

impl PngScale {
    /// The factor as a number.
    pub fn factor(self) -> u32 {
        match self {
            Self::X1 => 1,
            Self::X2 => 2,
        }
    }
}

/// What every chart carries: title, subtitle parts, source, demo flag, language and size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub lang: Lang,
    #[serde(default)]
    pub size: SizePreset,
    /// Main title, for example the indicator's label.
    pub title: String,
    /// Year or period shown in the subtitle, for example "2023" or "2019–2023".
    pub period: String,
    /// The comparison group, for example "alle Modellkommunen" or "kreisfreie Städte".
    pub group: String,
    /// Members of the cohort or group (the N of "n von N mit Daten").
    pub members_total: usize,
    /// Source line, for example "Statistisches Bundesamt; Selbstcheck 2020".
    pub source: String,
    /// Demo data: the chart says "Beispieldaten (synthetisch)".
    #[serde(default)]
    pub demo_data: bool,
}

/// One value with its status. Missing and insufficient are never drawn as 0.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", content = "value", rename_all = "snake_case")]
pub enum Datum {
    /// A normal (or estimated) value.
    Value(f64),
    /// A provisional value: drawn, but marked.
    Provisional(f64),
    /// Too few answers or observations (coverage below threshold): marked, not drawn.
    Insufficient,
    /// No value.
    Missing,
}

impl Datum {
    /// The number, if the datum has one.
    pub fn value(self) -> Option<f64> {
        match self {
            Self::Value(v) | Self::Provisional(v) if v.is_finite() => Some(v),
            _ => None,
        }
    }

    /// Whether the value is provisional.
    pub fn is_provisional(self) -> bool {
        matches!(self, Self::Provisional(_))
    }
}

impl From<Option<f64>> for Datum {
    fn from(value: Option<f64>) -> Self {
        value.map_or(Self::Missing, Self::Value)
    }
}

/// Which end of the value range comes first in a ranking (the API maps the indicator's
/// polarity to this).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    /// Highest value first (higher is better, or neutral).
    #[default]
    HighFirst,
    /// Lowest value first (lower is better).
    LowFirst,
}

/// How values of one indicator are shown: unit and decimals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueFormat {
    /// Unit after the number, for example "%" or "Punkte"; empty for none.
    #[serde(default)]
    pub unit: String,
    /// Decimals shown.
    #[serde(default = "one")]
    pub decimals: u8,
}

fn one() -> u8 {
    1
}

impl Default for ValueFormat {
    fn default() -> Self {
        Self {
            unit: String::new(),
            decimals: 1,
        }
    }
}

/// The comparison group's quartiles: the interquartile band and the median.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PeerBand {
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
}
