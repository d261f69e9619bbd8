//! A Selbstcheck round as read: per field its score with coverage, per item the raters'
//! median, spread and consensus (the distribution only where the reader may see it), and the
//! reader's own answers and progress ("34 von 108 beantwortet, 5 übersprungen").

use serde::Serialize;
use utoipa::ToSchema;
use vergleich_domain::Field;
use vergleich_domain::selfcheck::scoring::DEFAULT_COVERAGE;
use vergleich_domain::selfcheck::{
    Answer, Consensus, FieldScore, MIN_CELL, Questionnaire, field_score, item_result,
};
use vergleich_store::selfcheck::{Rater, Round, StoredAnswer};

use super::selfcheck::distribution_shown;

/// The reader's own progress in a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct Progress {
    /// Items answered on the scale.
    pub answered: usize,
    pub skipped: usize,
    pub dont_know: usize,
    /// Items of the questionnaire.
    pub of: usize,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ItemShown {
    pub id: String,
    pub subtopic: String,
    pub text_de: String,
    pub text_en: String,
    pub help_de: String,
    pub help_en: String,
    pub weight: f64,
    /// Raters with an answer on the scale.
    pub answered: usize,
    pub skipped: usize,
    pub dont_know: usize,
    pub median: Option<f64>,
    pub iqr: Option<f64>,
    #[schema(value_type = String)]
    pub consensus: Consensus,
    /// Answers per level 0–3; `None` where fewer than three raters answered and the reader is
    /// outside the member (who answered what could be told).
    pub distribution: Option<[usize; 4]>,
    /// The reader's own answer and evidence.
    #[schema(value_type = Option<String>)]
    pub mine: Option<Answer>,
    pub my_evidence: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldResult {
    pub field: String,
    pub label_de: String,
    pub label_en: String,
    /// 0–100 with coverage; no number below the coverage threshold.
    #[schema(value_type = Object)]
    pub score: FieldScore,
    pub items: Vec<ItemShown>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RoundView {
    #[schema(value_type = Object)]
    pub round: Round,
    pub title_de: String,
    pub title_en: String,
    pub raters: usize,
    /// The reader's progress, when they are a rater of this round.
    pub mine: Option<Progress>,
    /// The reader's department as given before (prefilled in the form).
    pub my_department: Option<String>,
    pub fields: Vec<FieldResult>,
    /// Distributions over fewer raters than this are hidden outside the member.
    pub min_cell: usize,
}

pub(crate) fn view(
    round: Round,
    q: &Questionnaire,
    fields: &[Field],
    raters: &[Rater],
    answers: &[StoredAnswer],
    me: Option<i64>,
    insider: bool,
) -> RoundView {
    let mut mine = me.map(|_| Progress {
        answered: 0,
        skipped: 0,
        dont_know: 0,
        of: q.items.len(),
    });
    let mut results = Vec::new();
    for f in fields {
        let items: Vec<ItemShown> = q
            .items_of(&f.id)
            .map(|item| {
                let given: Vec<Answer> = answers
                    .iter()
                    .filter(|a| a.item == item.id)
                    .map(|a| a.answer)
                    .collect();
                let r = item_result(&given);
                let own = me.and_then(|me| {
                    answers
                        .iter()
                        .find(|a| a.rater_id == me && a.item == item.id)
                });
                if let (Some(p), Some(a)) = (mine.as_mut(), own) {
                    match a.answer {
                        Answer::Level(_) => p.answered += 1,
                        Answer::Skipped => p.skipped += 1,
                        Answer::DontKnow => p.dont_know += 1,
                    }
                }
                ItemShown {
                    id: item.id.to_string(),
                    subtopic: item.subtopic.clone(),
                    text_de: item.text_de.clone(),
                    text_en: item.text_en.clone(),
                    help_de: item.help_de.clone(),
                    help_en: item.help_en.clone(),
                    weight: item.weight,
                    answered: r.answered,
                    skipped: r.skipped,
                    dont_know: r.dont_know,
                    median: r.median,
                    iqr: r.iqr,
                    consensus: r.consensus,
                    distribution: distribution_shown(insider, r.answered).then_some(r.counts),
                    mine: own.map(|a| a.answer),
                    my_evidence: own.and_then(|a| a.evidence.clone()),
                }
            })
            .collect();
        if items.is_empty() {
            continue;
        }
        let scored: Vec<(f64, Option<f64>)> = items.iter().map(|i| (i.weight, i.median)).collect();
        results.push(FieldResult {
            field: f.id.to_string(),
            label_de: f.label_de.clone(),
            label_en: f.label_en.clone(),
            score: field_score(&scored, DEFAULT_COVERAGE),
            items,
        });
    }
    RoundView {
        round,
        title_de: q.title_de.clone(),
        title_en: q.title_en.clone(),
        raters: raters.len(),
        mine,
        my_department: me
            .and_then(|me| raters.iter().find(|r| r.id == me))
            .and_then(|r| r.department.clone()),
        fields: results,
        min_cell: MIN_CELL,
    }
}

impl super::Workflow<'_> {
    /// The member's rounds this reader may see: published ones for everyone, rounds in work for
    /// the member's users and managers and admins.
    pub async fn selfcheck_rounds(
        &self,
        principal: &super::Principal,
        member: &vergleich_domain::Ags,
    ) -> crate::error::Result<Vec<Round>> {
        let insider = Self::selfcheck_insider(principal, member);
        Ok(self
            .store
            .rounds(member)
            .await?
            .into_iter()
            .filter(|r| insider || r.state == vergleich_store::selfcheck::RoundState::Published)
            .collect())
    }
}
