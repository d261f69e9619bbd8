//! A published Selbstcheck round becomes data (issue #12 item 5): each field's score is the
//! member's `sc_<field>` observation of the round's year, so every comparison, profile and
//! chart uses it. Provenance: the source names the round, questionnaire version and number of
//! raters; the note the coverage. A field answered below the coverage threshold is stored as
//! missing ("/": too uncertain to publish), a field without any answer as skipped — never as 0.
//! Stored once per round (idempotency key `round:<id>` of `system:selfcheck`), published with
//! the round.

use vergleich_domain::{MissingReason, Observation, Period, Status, UploadState};
use vergleich_store::selfcheck::Round;
use vergleich_store::{NewUpload, UploadLookup};

use super::selfcheck_view::RoundView;
use crate::error::Result;

/// Who records the observations of published rounds.
pub const SELFCHECK_ACTOR: &str = "system:selfcheck";

/// The year a round's scores belong to: its label when that is a year (`2024`), else the year it
/// was published.
pub fn round_year(round: &Round) -> Option<Period> {
    round
        .label
        .trim()
        .parse::<i32>()
        .ok()
        .and_then(Period::new)
        .or_else(|| {
            use chrono::Datelike;
            Period::new(round.published_at.unwrap_or(round.updated_at).year())
        })
}

/// The `sc_*` observations of a round's view (fields without an `sc_` indicator left out).
pub fn observations(
    view: &RoundView,
    indicators: &[vergleich_domain::Indicator],
) -> Vec<Observation> {
    let Some(period) = round_year(&view.round) else {
        return Vec::new();
    };
    let source = format!(
        "Selbstcheck-Runde {} (Fragebogen {}, {} Ausfüllende)",
        view.round.label, view.round.questionnaire, view.raters
    );
    view.fields
        .iter()
        .filter_map(|f| {
            let id = indicators
                .iter()
                .find(|i| i.id.as_str() == format!("sc_{}", f.field))?
                .id
                .clone();
            let coverage = format!(
                "Abdeckung {:.0} % ({} von {} Fragen beantwortet)",
                f.score.coverage * 100.0,
                f.score.answered,
                f.score.items
            );
            let (value, status, reason) = match f.score.score {
                Some(v) => (Some((v * 10.0).round() / 10.0), Status::A, None),
                None if f.score.answered > 0 => (None, Status::M, Some(MissingReason::Unreliable)),
                None => (None, Status::M, Some(MissingReason::Skipped)),
            };
            Some(Observation {
                municipality: view.round.municipality.clone(),
                indicator: id,
                period,
                value,
                status,
                missing_reason: reason,
                note: Some(coverage),
                source: Some(source.clone()),
            })
        })
        .collect()
}

impl super::Workflow<'_> {
    /// Stores a round's `sc_*` observations as a published upload (once per round).
    pub(crate) async fn record_round(&self, view: &RoundView) -> Result<()> {
        Ok(store_round_scores(self.store, view, false).await?)
    }
}

/// Stores a round's `sc_*` observations as a published upload, found again by the round's key
/// on a retry. `synthetic`: the demo's rounds, labelled as such in the source and the upload.
pub(crate) async fn store_round_scores(
    store: &dyn vergleich_store::Store,
    view: &RoundView,
    synthetic: bool,
) -> std::result::Result<(), vergleich_store::StoreError> {
    {
        let indicators = store.indicators().await?;
        let mut observations = observations(view, &indicators);
        if synthetic {
            for o in &mut observations {
                o.source = o
                    .source
                    .take()
                    .map(|s| format!("{}: {s}", vergleich_domain::SYNTHETIC_LABEL_DE));
            }
        }
        if observations.is_empty() {
            return Ok(());
        }
        let key = format!("round:{}", view.round.id);
        let upload = NewUpload {
            municipality: Some(view.round.municipality.clone()),
            uploaded_by: SELFCHECK_ACTOR.to_owned(),
            file_name: Some(format!("selbstcheck-{}", view.round.label)),
            sha256: None,
            state: UploadState::Published,
            synthetic,
            report: None,
            idempotency_key: Some(key.clone()),
            raw: None,
        };
        let lookup = UploadLookup::IdempotencyKey {
            uploaded_by: SELFCHECK_ACTOR.to_owned(),
            key,
        };
        store.append_changes(&lookup, upload, &observations).await?;
        Ok(())
    }
}
