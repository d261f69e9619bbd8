//! What keeps a concept alive ("Das Problem von Konzepten ist, dass sie eine kurze Haltbarkeit
//! haben"): warnings for a review date that has passed, measures under way not updated for
//! six months, goals past their deadline without result, and targets on an indicator whose
//! definition changed since the target was set. Shown on the concept page and in the managers'
//! overview; a superseded version gets none (it is history, not a to-do list).

use serde::Serialize;
use utoipa::ToSchema;
use vergleich_domain::Indicator;
use vergleich_domain::concept::progress::TargetState;
use vergleich_store::ConceptVersion;

use super::concept_view::{ConceptClock, ThemenfeldView, under_way};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ConceptWarning {
    /// `review_due`, `measure_stale`, `goal_overdue`, `definition_changed`.
    pub kind: String,
    /// `Konzept`, `Ziel 4`, `Maßnahme 12`.
    pub at: String,
    /// `Concept`, `Goal 4`, `Measure 12`.
    pub at_en: String,
    pub message_de: String,
    pub message_en: String,
}

fn warning(kind: &str, (at, at_en): (String, String), de: String, en: String) -> ConceptWarning {
    ConceptWarning {
        kind: kind.to_owned(),
        at,
        at_en,
        message_de: de,
        message_en: en,
    }
}

/// Every warning of `version` on `clock.today`.
pub fn warnings(
    version: &ConceptVersion,
    themenfelder: &[ThemenfeldView],
    indicators: &[Indicator],
    clock: ConceptClock,
) -> Vec<ConceptWarning> {
    let today = clock.today;
    let mut out = Vec::new();
    if let Some(review) = version.review_on.filter(|r| *r < today) {
        out.push(warning(
            "review_due",
            ("Konzept".to_owned(), "Concept".to_owned()),
            format!(
                "Die Überprüfung war zum {} vorgesehen; bitte eine Fortschreibung beginnen oder ein neues Datum setzen.",
                review.format("%d.%m.%Y")
            ),
            format!("The review was due on {review}; start an update or set a new date."),
        ));
    }
    for m in version
        .content
        .measures
        .iter()
        .filter(|m| under_way(m.status))
    {
        let stale = m.updated_on.is_none_or(|u| today - u > clock.stale_after);
        if stale {
            let since_de = m.updated_on.map_or_else(
                || "nie aktualisiert".to_owned(),
                |u| format!("zuletzt am {} aktualisiert", u.format("%d.%m.%Y")),
            );
            let since_en = m.updated_on.map_or_else(
                || "never updated".to_owned(),
                |u| format!("last updated on {u}"),
            );
            out.push(warning(
                "measure_stale",
                (format!("Maßnahme {}", m.id), format!("Measure {}", m.id)),
                format!(
                    "„{}“ ist {} und {since_de}; bitte Status und Fortschritt prüfen.",
                    m.title,
                    m.status.label_de()
                ),
                format!(
                    "\"{}\" is {} and {since_en}; check its status and progress.",
                    m.title,
                    m.status.label_en()
                ),
            ));
        }
    }
    for t in themenfelder {
        for g in &t.goals {
            let Some(deadline) = g.deadline.filter(|d| *d < today) else {
                continue;
            };
            let done = if g.targets.is_empty() {
                g.progress.value.is_some_and(|v| v >= 1.0 - 1e-9)
            } else {
                g.targets.iter().all(|t| t.state == TargetState::Reached)
            };
            if !done {
                out.push(warning(
                    "goal_overdue",
                    (format!("Ziel {}", g.id), format!("Goal {}", g.id)),
                    format!(
                        "„{}“ sollte bis {} erreicht sein und ist es nicht; bitte Frist oder Ziel fortschreiben.",
                        g.title,
                        deadline.format("%d.%m.%Y")
                    ),
                    format!(
                        "\"{}\" was due by {deadline} and is not reached; update the deadline or the goal.",
                        g.title
                    ),
                ));
            }
        }
    }
    for (_, g) in version.content.goals() {
        for target in &g.targets {
            let now = indicators
                .iter()
                .find(|i| i.id == target.indicator)
                .map(|i| i.definition_version);
            if let (Some(set), Some(now)) = (target.definition_version, now)
                && set != now
            {
                out.push(warning(
                    "definition_changed",
                    (
                        format!("Ziel {}, Indikator {}", g.id, target.indicator),
                        format!("Goal {}, indicator {}", g.id, target.indicator),
                    ),
                    format!(
                        "Die Definition von „{}“ hat sich geändert (Version {set} → {now}); Basis- und Zielwert sind mit neuen Werten nicht vergleichbar. Bitte das Ziel neu setzen.",
                        target.indicator
                    ),
                    format!(
                        "The definition of \"{}\" changed (version {set} → {now}); baseline and target do not compare with new values. Set the target anew.",
                        target.indicator
                    ),
                ));
            }
        }
    }
    out
}
