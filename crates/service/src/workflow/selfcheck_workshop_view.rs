//! A workshop's results as readers get them: per field the distribution of all ratings (median,
//! spread, consensus), the split by perspective, the anonymous gap comments, the agreed value
//! with its rationale and — where the administration's score of the round is readable — the gap
//! between the administration's self-assessment and the workshop (median rescaled to 0–100).
//!
//! The hidden-aggregate rule holds for every reader (see `selfcheck_workshop`): cells over
//! fewer than three answers carry only their size and why they are hidden.

use serde::Serialize;
use vergleich_domain::selfcheck::workshop::{self, Cell, HIDDEN_EN, Perspective, Rating};
use vergleich_domain::selfcheck::{Answer, MIN_CELL};
use vergleich_domain::{Field, FieldId};
use vergleich_store::selfcheck::RoundState;
use vergleich_store::workshops::{Workshop, WorkshopState};

use super::{Principal, Workflow};
use crate::error::{Error, Result};

#[derive(Debug, Clone, Serialize)]
pub struct WorkshopShown {
    pub id: i64,
    pub title: String,
    pub state: WorkshopState,
    pub municipality: String,
    pub municipality_name: String,
    pub round_id: i64,
    pub round_label: String,
    /// Only for the facilitator: the code and the join path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub join_path: Option<String>,
    pub ballots: i64,
    /// Demo data ("Beispieldaten (synthetisch)"): the shipped workshop.
    pub synthetic: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub closed_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PerspectiveCell {
    pub perspective: Perspective,
    pub label_de: &'static str,
    pub label_en: &'static str,
    #[serde(flatten)]
    pub cell: Cell,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hidden_en: Option<&'static str>,
    /// This perspective's median (0–100) minus the administration's score, when both are shown.
    pub gap: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CommentShown {
    pub text: String,
    /// Taken over as a need for action.
    pub need: bool,
    /// Which ballot's comment (facilitator only, to mark it): no name, no time, no perspective.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ballot: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutcomeShown {
    pub agreed: Answer,
    pub agreed_label_de: &'static str,
    pub agreed_label_en: &'static str,
    pub rationale: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct WorkshopFieldView {
    pub field: String,
    pub label_de: String,
    pub label_en: String,
    pub all: Cell,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hidden_en: Option<&'static str>,
    pub by_perspective: Vec<PerspectiveCell>,
    pub comments: Vec<CommentShown>,
    pub outcome: Option<OutcomeShown>,
    /// The administration's field score of the round (0–100), when readable and sufficient.
    pub administration: Option<f64>,
    /// The workshop's median rescaled to 0–100 (level / 3 × 100).
    pub workshop: Option<f64>,
    /// `workshop − administration` in points: negative where the room sees the city weaker.
    pub gap: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PerspectiveCount {
    pub perspective: Perspective,
    pub label_de: &'static str,
    pub label_en: &'static str,
    pub ballots: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct WorkshopView {
    pub workshop: WorkshopShown,
    pub fields: Vec<WorkshopFieldView>,
    pub perspectives: Vec<PerspectiveCount>,
    /// Whether the reader runs this workshop (sees the code, marks needs, records outcomes).
    pub facilitator: bool,
    /// Cells over fewer answers than this are hidden.
    pub min_cell: usize,
}

fn difference(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    Some(a? - b?)
}

/// Builds the view from the stored parts (no I/O: the benchmark and tests call it directly).
pub fn build(
    shown: WorkshopShown,
    fields: &[Field],
    ratings: &[vergleich_store::workshops::StoredRating],
    outcomes: &[vergleich_store::workshops::Outcome],
    administration: &[(FieldId, Option<f64>)],
    facilitator: bool,
) -> WorkshopView {
    let ids: Vec<FieldId> = fields.iter().map(|f| f.id.clone()).collect();
    let domain: Vec<Rating> = ratings
        .iter()
        .map(|r| Rating {
            perspective: r.perspective,
            field: r.field.clone(),
            answer: r.answer,
            comment: r.comment.clone(),
        })
        .collect();
    let results = workshop::results(&ids, &domain);
    let mut ballots_per: std::collections::BTreeMap<Perspective, std::collections::BTreeSet<i64>> =
        std::collections::BTreeMap::new();
    for r in ratings {
        ballots_per
            .entry(r.perspective)
            .or_default()
            .insert(r.ballot_id);
    }
    let fields_view = fields
        .iter()
        .zip(results)
        .map(|(f, res)| {
            let admin = administration
                .iter()
                .find(|(id, _)| id == &f.id)
                .and_then(|(_, s)| *s);
            let points = res.all.median_points();
            WorkshopFieldView {
                field: f.id.to_string(),
                label_de: f.label_de.clone(),
                label_en: f.label_en.clone(),
                hidden_en: res.all.hidden.map(|_| HIDDEN_EN),
                by_perspective: res
                    .by_perspective
                    .into_iter()
                    .map(|(p, cell)| PerspectiveCell {
                        perspective: p,
                        label_de: p.label_de(),
                        label_en: p.label_en(),
                        hidden_en: cell.hidden.map(|_| HIDDEN_EN),
                        gap: difference(cell.median_points(), admin),
                        cell,
                    })
                    .collect(),
                all: res.all,
                comments: ratings
                    .iter()
                    .filter(|r| r.field == f.id)
                    .filter_map(|r| {
                        let text = r.comment.as_deref()?.trim();
                        (!text.is_empty()).then(|| CommentShown {
                            text: text.to_owned(),
                            need: r.need,
                            ballot: facilitator.then_some(r.ballot_id),
                        })
                    })
                    .collect(),
                outcome: outcomes
                    .iter()
                    .find(|o| o.field == f.id)
                    .map(|o| OutcomeShown {
                        agreed: o.agreed,
                        agreed_label_de: o.agreed.label_de(),
                        agreed_label_en: o.agreed.label_en(),
                        rationale: o.rationale.clone(),
                    }),
                administration: admin,
                workshop: points,
                gap: difference(points, admin),
            }
        })
        .collect();
    WorkshopView {
        workshop: shown,
        fields: fields_view,
        perspectives: ballots_per
            .into_iter()
            .map(|(p, b)| PerspectiveCount {
                perspective: p,
                label_de: p.label_de(),
                label_en: p.label_en(),
                ballots: b.len(),
            })
            .collect(),
        facilitator,
        min_cell: MIN_CELL,
    }
}

impl Workflow<'_> {
    /// The results of a workshop. `by_code`: the reader came with the join code (the live page),
    /// which grants the results of that workshop; otherwise the round must be readable (the
    /// member's insiders, or everyone once the round is published).
    pub async fn workshop_view(
        &self,
        principal: &Principal,
        w: &Workshop,
        by_code: bool,
    ) -> Result<WorkshopView> {
        let round = self.store.round(w.round_id).await?.ok_or_else(|| {
            Error::not_found(
                &format!("Der Workshop {}", w.id),
                &format!("workshop {}", w.id),
            )
        })?;
        let insider = principal.insider(&round.municipality);
        if !by_code && !insider && round.state != RoundState::Published {
            return Err(Error::not_found(
                &format!("Der Workshop {}", w.id),
                &format!("workshop {}", w.id),
            ));
        }
        let facilitator = self.facilitated_workshop(principal, w.id).await.is_ok();
        let fields = self.store.fields().await?;
        let ratings = self.store.ratings(w.id).await?;
        let outcomes = self.store.outcomes(w.id).await?;
        // The administration's scores where this reader may read the round.
        let administration: Vec<(FieldId, Option<f64>)> =
            if insider || round.state == RoundState::Published {
                self.selfcheck_round(principal, round.id)
                    .await?
                    .fields
                    .iter()
                    .filter_map(|f| Some((FieldId::parse(&f.field).ok()?, f.score.score)))
                    .collect()
            } else {
                Vec::new()
            };
        let shown = WorkshopShown {
            id: w.id,
            title: w.title.clone(),
            state: w.state,
            municipality: w.municipality.to_string(),
            municipality_name: self
                .store
                .municipalities()
                .await?
                .into_iter()
                .find(|m| m.key == w.municipality)
                .map_or_else(|| w.municipality.to_string(), |m| m.name),
            round_id: round.id,
            round_label: round.label.clone(),
            code: facilitator.then(|| w.code.display()),
            join_path: facilitator.then(|| format!("/workshop/{}", w.code.as_str())),
            ballots: w.ballots,
            synthetic: w.created_by == super::concept_view::DEMO_ACTOR,
            created_at: w.created_at,
            closed_at: w.closed_at,
        };
        Ok(build(
            shown,
            &fields,
            &ratings,
            &outcomes,
            &administration,
            facilitator,
        ))
    }

    /// The workshops of a round the reader may read, each with its results.
    pub async fn round_workshops(
        &self,
        principal: &Principal,
        round: i64,
    ) -> Result<Vec<WorkshopView>> {
        let mut out = Vec::new();
        for w in self.store.workshops(round).await? {
            out.push(self.workshop_view(principal, &w, false).await?);
        }
        Ok(out)
    }
}
