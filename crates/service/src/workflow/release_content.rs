//! What a release's open-data package is made of (issue #17 point 4): the catalogue, the cohort
//! and the observations published as of the release's moment, with the package's description.
//! The edge turns it into the ZIP, the descriptor and the DCAT record
//! ([`crate::opendata`]), off the async runtime.

use vergleich_domain::{Catalogue, Cohort, Observation, Release};
use vergleich_store::ObservationQuery;

use super::Workflow;
use crate::error::Result;
use crate::opendata::PackageMeta;

/// Who publishes the packages.
pub const PUBLISHER: &str = "Weltoffene Kommunen (Bertelsmann Stiftung, PHINEO)";

/// A release's content, read once.
pub struct ReleaseContent {
    pub meta: PackageMeta,
    pub catalogue: Catalogue,
    pub cohort: Cohort,
    pub observations: Vec<Observation>,
}

impl Workflow<'_> {
    /// The content of `release` (the caller checked that the reader may see it); `base_url`
    /// makes the DCAT record's download addresses absolute ("" leaves them relative).
    pub async fn release_content(
        &self,
        release: &Release,
        base_url: &str,
    ) -> Result<ReleaseContent> {
        let catalogue = Catalogue {
            fields: self.store.fields().await?,
            indicators: self.store.indicators().await?,
        };
        let cohort = Cohort {
            municipalities: self.store.municipalities().await?,
        };
        let stored = self
            .store
            .observations(&ObservationQuery {
                as_of: Some(release.at),
                visibility: crate::data::release_visibility(release, chrono::Utc::now()),
                ..Default::default()
            })
            .await?;
        let synthetic = stored.iter().any(|o| o.synthetic);
        let observations = stored.into_iter().map(|o| o.observation).collect();
        Ok(ReleaseContent {
            meta: PackageMeta {
                release: release.name.clone(),
                title_de: release.title.clone(),
                description_de: release.note.clone(),
                moment: release.at,
                publisher: PUBLISHER.to_owned(),
                base_url: base_url.trim_end_matches('/').to_owned(),
                synthetic,
            },
            catalogue,
            cohort,
            observations,
        })
    }
}
