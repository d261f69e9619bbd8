//! What a view is asked for: the choices every view shares (year, comparison group and its
//! focus, field-score method, time window) and how its chart should look.

use vergleich_analysis::score::FieldScoreOptions;
use vergleich_charts::{Lang, SizePreset};
use vergleich_domain::Ags;

/// How many nearest neighbours a relative group has unless asked otherwise.
pub const DEFAULT_NEIGHBOURS: usize = 5;

/// Which members a view compares with, and why they count as similar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GroupChoice {
    /// All members of the cohort.
    #[default]
    Cohort,
    /// Same kind as the focus member (Landkreis vs cities).
    Kind,
    /// Same federal state as the focus member.
    State,
    /// East or west, as the focus member.
    EastWest,
    /// The focus member and its 5 nearest neighbours on the context indicators.
    Neighbours,
    /// The same population size class as the focus member.
    Size,
}

impl GroupChoice {
    /// The name in URLs (`?group=`, `?gruppe=`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cohort => "cohort",
            Self::Kind => "kind",
            Self::State => "state",
            Self::EastWest => "east-west",
            Self::Neighbours => "neighbours",
            Self::Size => "size",
        }
    }
}

/// The chart kinds of `vergleich chart`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChartKind {
    Ranking,
    Radar,
    Heatmap,
    TimeSeries,
    DotPlot,
    Scatter,
}

/// The choices every view shares; each view reads the ones it knows.
#[derive(Debug, Clone)]
pub struct ViewQuery {
    /// Default: the latest year with data.
    pub year: Option<i32>,
    pub group: GroupChoice,
    /// Highlighted members; the first is the focus of profiles and relative peer groups.
    pub members: Vec<Ags>,
    /// Nearest neighbours in a `neighbours` group.
    pub k: usize,
    /// Normalisation, aggregation, weights and coverage threshold of field scores.
    pub options: FieldScoreOptions,
    /// Time window; default: every year with data.
    pub from: Option<i32>,
    pub to: Option<i32>,
    /// Base year of changes (trends); default `from`.
    pub base: Option<i32>,
    /// Trends: keep only members with a value in every year of the window.
    pub like_for_like: bool,
    /// Language of tables' texts, extra metadata and charts.
    pub lang: Lang,
    /// Chart width.
    pub size: SizePreset,
    /// The named cohort to count (`cohort=weltoffene-kommunen-2020`); default: every member.
    pub cohort: Option<String>,
}

impl Default for ViewQuery {
    fn default() -> Self {
        Self {
            year: None,
            group: GroupChoice::Cohort,
            members: Vec::new(),
            k: DEFAULT_NEIGHBOURS,
            options: FieldScoreOptions::default(),
            from: None,
            to: None,
            base: None,
            like_for_like: false,
            lang: Lang::De,
            size: SizePreset::Web,
            cohort: None,
        }
    }
}

impl ViewQuery {
    /// The query of a view about one member in one year (pages).
    pub fn about(member: &Ags, year: i32, group: GroupChoice, lang: Lang) -> Self {
        Self {
            year: Some(year),
            group,
            members: vec![member.clone()],
            lang,
            ..Self::default()
        }
    }

    /// How its charts look.
    pub fn look(&self) -> Look<'_> {
        Look {
            lang: self.lang,
            size: self.size,
            selected: &self.members,
        }
    }
}

/// Language, size and the highlighted members of a chart.
#[derive(Debug, Clone, Copy)]
pub struct Look<'a> {
    pub lang: Lang,
    pub size: SizePreset,
    pub selected: &'a [Ags],
}
