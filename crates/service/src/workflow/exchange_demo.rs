//! The demo Praxisbeispiele (`datasets/demo/practices.json`, checked by
//! `scripts/demo-practices-check.py`): synthetic practices of the members, stored by
//! `system:demo` and flagged synthetic, so every page and answer labels them. Seeding is
//! idempotent: a practice whose title the member already has is left alone (a restart or a
//! killed start never duplicates, and a member's own edits are never overwritten). Each is
//! checked like a practice from the form: a broken demo file fails the start, naming it.

use serde::Deserialize;
use vergleich_domain::exchange::{PracticeContent, PracticeState};
use vergleich_domain::{Ags, Catalogue};
use vergleich_store::practices::{NewPractice, PracticeFilter};
use vergleich_store::{Store, StoreError};

use super::concept_view::DEMO_ACTOR;

/// The shipped demo practices.
pub const DEMO_PRACTICES: &str = include_str!("../../../../datasets/demo/practices.json");

#[derive(Debug, Deserialize)]
struct DemoFile {
    practices: Vec<DemoPractice>,
}

/// The file's `measure`: the concept by label and the measure's id.
#[derive(Debug, Deserialize)]
struct DemoMeasure {
    concept: String,
    id: i64,
}

#[derive(Debug, Deserialize)]
struct DemoPractice {
    municipality: String,
    state: String,
    #[serde(default)]
    measure: Option<DemoMeasure>,
    #[serde(flatten)]
    content: PracticeContent,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("datasets/demo/practices.json does not parse: {0}")]
    Parse(#[from] serde_json::Error),
    #[error("demo practice {member} {title:?}: {problem}")]
    Invalid {
        member: String,
        title: String,
        problem: String,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Stores the demo practices the store does not hold yet; returns how many it wrote.
pub async fn seed_demo_practices(store: &dyn Store, text: &str) -> Result<usize, DemoError> {
    let file: DemoFile = serde_json::from_str(text)?;
    let catalogue = Catalogue {
        fields: store.fields().await?,
        indicators: store.indicators().await?,
    };
    let cohort = store.municipalities().await?;
    let stored = store.practices(&PracticeFilter::default()).await?;
    let mut written = 0;
    for demo in file.practices {
        let mut content = demo.content;
        let invalid = |problem: String| DemoError::Invalid {
            member: demo.municipality.clone(),
            title: content.title.clone(),
            problem,
        };
        let member = Ags::parse(&demo.municipality)
            .ok()
            .filter(|m| cohort.iter().any(|c| &c.key == m))
            .ok_or_else(|| invalid("not a member of the cohort".into()))?;
        let state = PracticeState::parse(&demo.state)
            .ok_or_else(|| invalid(format!("unknown state {:?}", demo.state)))?;
        content.measure = demo
            .measure
            .map(|m| vergleich_domain::exchange::MeasureRef {
                concept: m.concept,
                measure: m.id,
            });
        content
            .check(&catalogue)
            .map_err(|p| invalid(p.to_string()))?;
        if state != PracticeState::Draft {
            content
                .check_complete()
                .map_err(|p| invalid(p.to_string()))?;
        }
        if stored
            .iter()
            .any(|p| p.municipality == member && p.content.title == content.title)
        {
            continue;
        }
        let new = NewPractice {
            municipality: member,
            content,
            synthetic: true,
            state,
        };
        store.create_practice(&new, DEMO_ACTOR).await?;
        written += 1;
    }
    Ok(written)
}
