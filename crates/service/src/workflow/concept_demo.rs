//! The demo Integrationskonzepte (`datasets/demo/concepts.json`, written by
//! `scripts/demo-concepts.py`): synthetic versions for Kaiserslautern (2013 and 2022) and other
//! members, stored by `system:demo` so every page labels them synthetic. Seeding is idempotent:
//! a version whose label the member already has is left alone, so a restart never duplicates
//! and a member's own edits are never overwritten.

use chrono::NaiveDate;
use serde::Deserialize;
use vergleich_domain::Ags;
use vergleich_domain::concept::ConceptContent;
use vergleich_store::{ConceptEdit, NewConceptVersion, Store, StoreError};

use super::concept_view::DEMO_ACTOR;

/// The shipped demo concepts.
pub const DEMO_CONCEPTS: &str = include_str!("../../../../datasets/demo/concepts.json");

#[derive(Debug, Deserialize)]
struct DemoFile {
    concepts: Vec<DemoConcept>,
}

#[derive(Debug, Deserialize)]
struct DemoConcept {
    municipality: String,
    label: String,
    title: String,
    adopted_on: Option<NaiveDate>,
    review_on: Option<NaiveDate>,
    document_url: Option<String>,
    /// The label of the member's version it continues.
    based_on: Option<String>,
    published: bool,
    content: ConceptContent,
}

/// Why the demo concepts could not be stored.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("datasets/demo/concepts.json does not parse: {0}")]
    Parse(#[from] serde_json::Error),
    #[error("demo concept {member} {label}: {problems}")]
    Invalid {
        member: String,
        label: String,
        problems: String,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Stores the demo concepts the store does not hold yet; returns how many versions it wrote.
pub async fn seed_demo_concepts(store: &dyn Store, text: &str) -> Result<usize, DemoError> {
    let file: DemoFile = serde_json::from_str(text)?;
    let indicators = store.indicators().await?;
    let cohort = store.municipalities().await?;
    let mut written = 0;
    for mut demo in file.concepts {
        let invalid = |problems: String| DemoError::Invalid {
            member: demo.municipality.clone(),
            label: demo.label.clone(),
            problems,
        };
        let member = Ags::parse(&demo.municipality)
            .ok()
            .filter(|m| cohort.iter().any(|c| &c.key == m))
            .ok_or_else(|| invalid("not a member of the cohort".to_owned()))?;
        let problems = demo.content.problems(&indicators);
        if !problems.is_empty() {
            let text: Vec<String> = problems
                .iter()
                .map(|p| format!("{}: {}", p.at, p.error))
                .collect();
            return Err(invalid(text.join("; ")));
        }
        for t in demo
            .content
            .themenfelder
            .iter_mut()
            .flat_map(|t| t.goals.iter_mut())
            .flat_map(|g| g.targets.iter_mut())
        {
            t.definition_version = indicators
                .iter()
                .find(|i| i.id == t.indicator)
                .map(|i| i.definition_version);
        }
        let existing = store.concept_versions(&member).await?;
        if existing.iter().any(|v| v.label == demo.label) {
            continue;
        }
        let based_on = match &demo.based_on {
            None => None,
            Some(label) => Some(
                existing
                    .iter()
                    .find(|v| &v.label == label)
                    .map(|v| v.id)
                    .ok_or_else(|| invalid(format!("based on unknown version {label}")))?,
            ),
        };
        let new = NewConceptVersion {
            municipality: member,
            label: demo.label,
            based_on,
            edit: ConceptEdit {
                title: demo.title,
                adopted_on: demo.adopted_on,
                review_on: demo.review_on,
                document_url: demo.document_url,
                content: demo.content,
            },
        };
        let stored = store.create_concept_version(&new, DEMO_ACTOR).await?;
        if demo.published {
            store.publish_concept_version(stored.id, DEMO_ACTOR).await?;
        }
        written += 1;
    }
    Ok(written)
}
