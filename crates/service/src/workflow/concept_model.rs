//! What reading a concept answers (issue #13): its versions as listed, and the shown version
//! with Themenfelder, goals with progress, targets with their actuals and sources, measures and
//! warnings, serialised as the API's JSON and rendered by the pages.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;
use vergleich_domain::Ags;
use vergleich_domain::IndicatorId;
use vergleich_domain::concept::progress::{GoalProgress, TargetState};
use vergleich_domain::concept::{Direction, IndicatorRole, Measure};
use vergleich_store::ConceptVersion;

use super::concept_warnings::ConceptWarning;

/// A version as listed: what it is, not what it holds.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VersionSummary {
    pub id: i64,
    pub label: String,
    pub title: String,
    /// `draft` or `published`.
    pub state: String,
    pub adopted_on: Option<NaiveDate>,
    pub review_on: Option<NaiveDate>,
    pub document_url: Option<String>,
    /// The label of the version it was started from.
    pub based_on: Option<String>,
    pub published_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Demo content (written by the demo seed): synthetic, not a real council decision.
    pub synthetic: bool,
}

/// Who writes the demo concepts; their versions are labelled synthetic everywhere.
pub const DEMO_ACTOR: &str = "system:demo";

impl VersionSummary {
    pub fn of(v: &ConceptVersion, all: &[ConceptVersion]) -> Self {
        Self {
            id: v.id,
            label: v.label.clone(),
            title: v.title.clone(),
            state: v.state.as_str().to_owned(),
            adopted_on: v.adopted_on,
            review_on: v.review_on,
            document_url: v.document_url.clone(),
            based_on: v
                .based_on
                .and_then(|b| all.iter().find(|o| o.id == b).map(|o| o.label.clone())),
            published_at: v.published_at,
            synthetic: v.created_by == DEMO_ACTOR,
        }
    }
}

/// The actual value a target's progress was computed from, with where it comes from.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActualView {
    pub year: i32,
    pub value: f64,
    pub source: Option<String>,
    pub synthetic: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TargetView {
    #[schema(value_type = String)]
    pub indicator: IndicatorId,
    pub label_de: String,
    pub label_en: String,
    pub unit: String,
    /// `monitoring` (a condition many forces influence: never proof that a measure worked) or
    /// `controlling` (an output within the city's reach).
    #[schema(value_type = String)]
    pub role: IndicatorRole,
    #[schema(value_type = String)]
    pub direction: Direction,
    pub baseline_year: i32,
    pub baseline: f64,
    pub target_year: i32,
    pub target: f64,
    pub actual: Option<ActualView>,
    /// Share of the way from baseline to target reached, 0–1; none without data.
    pub attainment: Option<f64>,
    /// Share of the way the straight path expects by the actual's year, 0–1.
    pub expected: Option<f64>,
    /// The value the straight path expects by the actual's year.
    pub expected_value: Option<f64>,
    /// `reached`, `on_track`, `behind` or `no_data`.
    #[schema(value_type = String)]
    pub state: TargetState,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GoalView {
    pub id: i64,
    pub parent: Option<i64>,
    /// 0 for a strategic goal, 1 for a goal under it, …
    pub depth: usize,
    pub title: String,
    pub owner: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub targets: Vec<TargetView>,
    #[schema(value_type = Object)]
    pub progress: GoalProgress,
    /// The measures serving it.
    pub measures: Vec<i64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldRef {
    pub id: String,
    pub label_de: String,
    pub label_en: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ThemenfeldView {
    pub key: String,
    pub title: String,
    pub fields: Vec<FieldRef>,
    pub ideal_de: String,
    pub ideal_en: Option<String>,
    pub goals: Vec<GoalView>,
}

/// How many targets stand where.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct TargetCounts {
    pub reached: usize,
    pub on_track: usize,
    pub behind: usize,
    pub no_data: usize,
}

/// One version as read, with progress and warnings.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ShownVersion {
    pub version: VersionSummary,
    pub themenfelder: Vec<ThemenfeldView>,
    /// Budgets only for signed-in project members.
    #[schema(value_type = Vec<Object>)]
    pub measures: Vec<Measure>,
    pub targets: TargetCounts,
    pub warnings: Vec<ConceptWarning>,
    /// The day progress and warnings were computed for.
    pub today: NaiveDate,
}

/// A member's concept: its versions and the one shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConceptView {
    #[schema(value_type = String)]
    pub municipality: Ags,
    pub name: String,
    pub versions: Vec<VersionSummary>,
    /// None when the member has no version this reader may see.
    pub shown: Option<ShownVersion>,
    pub method_de: &'static str,
    pub method_en: &'static str,
}

pub const METHOD_DE: &str = "Zielerreichung = (Ist − Basis) / (Ziel − Basis), auf 0–100 % begrenzt; \
    „im Plan“, wenn sie mindestens dem Anteil des Weges entspricht, den die gerade Linie von Basisjahr \
    zu Zieljahr im Jahr des Ist-Werts erwartet. Ist-Werte sind die neuesten veröffentlichten Werte ab dem \
    Basisjahr; fehlen sie, heißt es „keine Daten“, nie 0. Ein Ziel ohne Zielwerte nimmt den gewichteten \
    Fortschritt seiner Maßnahmen (verworfene zählen nicht).";
pub const METHOD_EN: &str = "Attainment = (actual − baseline) / (target − baseline), clamped to 0–100 %; \
    \"on track\" when it is at least the share of the way the straight line from baseline year to target \
    year expects by the actual's year. Actuals are the newest published values from the baseline year \
    on; without one it says \"no data\", never 0. A goal without target values takes the weighted \
    progress of its measures (dropped ones do not count).";

impl ConceptView {
    /// Every target of the shown version as a table (CSV and XLSX): Themenfeld, goal,
    /// indicator, kind, baseline, actual with its year and source, target, attainment, expected
    /// value and state, with the version, method and demo notice as metadata.
    pub fn targets_table(&self, lang: vergleich_domain::format::Lang) -> crate::table::Table {
        use crate::table::{Cell, Column, Table};
        let c = |de: &str, en: &str| Column::new(de, en);
        let columns = vec![
            c("Themenfeld", "Themenfeld"),
            c("Ziel", "Goal"),
            c("Indikator", "Indicator"),
            c("Einheit", "Unit"),
            c("Art", "Kind"),
            c("Basisjahr", "Baseline year"),
            c("Basiswert", "Baseline"),
            c("Ist-Jahr", "Actual year"),
            c("Ist-Wert", "Actual"),
            c("Quelle des Ist-Werts", "Source of the actual"),
            c("Zieljahr", "Target year"),
            c("Zielwert", "Target"),
            c("Zielerreichung (%)", "Attainment (%)"),
            c("Erwartet im Ist-Jahr", "Expected in the actual's year"),
            c("Stand", "State"),
        ];
        let text = |s: &str| Cell::Text(s.to_owned());
        let num = |v: Option<f64>| v.map_or(Cell::Empty, Cell::Number);
        let mut rows = Vec::new();
        let mut meta = Vec::new();
        if let Some(shown) = &self.shown {
            for tf in &shown.themenfelder {
                for g in &tf.goals {
                    for t in &g.targets {
                        rows.push(vec![
                            text(&tf.title),
                            text(&format!("{}: {}", g.id, g.title)),
                            text(lang.pick(&t.label_de, &t.label_en)),
                            text(&t.unit),
                            text(match t.role {
                                IndicatorRole::Monitoring => "monitoring",
                                IndicatorRole::Controlling => "controlling",
                            }),
                            Cell::Number(f64::from(t.baseline_year)),
                            Cell::Number(t.baseline),
                            num(t.actual.as_ref().map(|a| f64::from(a.year))),
                            num(t.actual.as_ref().map(|a| a.value)),
                            t.actual
                                .as_ref()
                                .and_then(|a| a.source.clone())
                                .map_or(Cell::Empty, Cell::Text),
                            Cell::Number(f64::from(t.target_year)),
                            Cell::Number(t.target),
                            num(t.attainment.map(|a| a * 100.0)),
                            num(t.expected_value),
                            text(lang.pick(t.state.label_de(), t.state.label_en())),
                        ]);
                    }
                }
            }
            let v = &shown.version;
            meta.push((
                lang.pick("Konzept", "Concept").to_owned(),
                format!("{} {} – {}", self.name, v.label, v.title),
            ));
            meta.push((
                lang.pick("Stand", "As of").to_owned(),
                shown.today.to_string(),
            ));
            if v.synthetic {
                meta.push((
                    lang.pick("Hinweis", "Notice").to_owned(),
                    vergleich_domain::SYNTHETIC_LABEL_DE.to_owned(),
                ));
            }
        }
        meta.push((
            lang.pick("Methode", "Method").to_owned(),
            lang.pick(METHOD_DE, METHOD_EN).to_owned(),
        ));
        let mut table = Table::new(columns, rows);
        table.meta = meta;
        table
    }
}
