//! What a chart view is asked for: the kind, the indicators, members, years, comparison group,
//! field-score options, language and size.

use vergleich_analysis::score::FieldScoreOptions;
use vergleich_charts::{Lang, SizePreset};
use vergleich_domain::{Ags, FieldId, IndicatorId};

use super::groups;

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

/// Everything a chart view needs besides the data.
#[derive(Debug, Clone)]
pub struct ViewRequest {
    pub kind: ChartKind,
    pub indicator: Option<IndicatorId>,
    /// Second indicator (scatter: y axis).
    pub indicator_y: Option<IndicatorId>,
    pub field: Option<FieldId>,
    /// Highlighted members; the first is the focus of profiles and relative peer groups.
    pub members: Vec<Ags>,
    /// Default: the latest year with data.
    pub year: Option<i32>,
    /// Time series window; default: every year with data.
    pub from: Option<i32>,
    pub to: Option<i32>,
    pub group: GroupChoice,
    pub lang: Lang,
    pub size: SizePreset,
    /// Normalisation, aggregation, weights and coverage threshold of field scores (radar,
    /// heat map).
    pub options: FieldScoreOptions,
    /// Nearest neighbours in a `neighbours` group.
    pub k: usize,
    /// Time series: keep only members with a value in every year of the window.
    pub like_for_like: bool,
}

impl ViewRequest {
    /// A request of `kind` with every other choice at its default: no indicator or member, the
    /// latest year, the whole cohort, German, web size, default field-score options.
    pub fn new(kind: ChartKind) -> Self {
        Self {
            kind,
            indicator: None,
            indicator_y: None,
            field: None,
            members: Vec::new(),
            year: None,
            from: None,
            to: None,
            group: GroupChoice::Cohort,
            lang: Lang::De,
            size: SizePreset::Web,
            options: FieldScoreOptions::default(),
            k: groups::DEFAULT_NEIGHBOURS,
            like_for_like: false,
        }
    }
}
