//! Reading the shipped datasets (`fields.csv`, `indicators.csv`, `cohort.csv`,
//! `demo/observations.csv`) from a folder into a [`Seed`]. The catalogue and cohort are data: a
//! new field is a new row there, picked up at the next start.

use std::path::Path;

use vergleich_domain::{Catalogue, Cohort, UploadState, demo};

use crate::types::{NewUpload, Seed};

/// Why the datasets could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DatasetsError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Invalid(#[from] vergleich_domain::DatasetError),
}

/// The file the demo observations live in, relative to the datasets folder.
pub const DEMO_FILE: &str = "demo/observations.csv";

fn read(dir: &Path, name: &str) -> Result<String, DatasetsError> {
    let path = dir.join(name);
    std::fs::read_to_string(&path).map_err(|source| DatasetsError::Read {
        path: path.display().to_string(),
        source,
    })
}

/// Loads catalogue and cohort, and the demo observations when `with_demo` is set.
pub fn load_seed(dir: &Path, with_demo: bool) -> Result<Seed, DatasetsError> {
    let demo = if with_demo {
        Some(read(dir, DEMO_FILE)?)
    } else {
        None
    };
    seed_from(
        &read(dir, "fields.csv")?,
        &read(dir, "indicators.csv")?,
        &read(dir, "cohort.csv")?,
        demo,
    )
}

/// The datasets this binary was built with (the repository's `datasets/` folder at build
/// time), so a release binary runs from any directory without a copy of the folder.
pub fn embedded_seed(with_demo: bool) -> Result<Seed, DatasetsError> {
    seed_from(
        include_str!("../../../datasets/fields.csv"),
        include_str!("../../../datasets/indicators.csv"),
        include_str!("../../../datasets/cohort.csv"),
        with_demo.then(|| include_str!("../../../datasets/demo/observations.csv").to_owned()),
    )
}

fn seed_from(
    fields: &str,
    indicators: &str,
    cohort: &str,
    demo_text: Option<String>,
) -> Result<Seed, DatasetsError> {
    let catalogue = Catalogue::from_csv(fields, indicators)?;
    let cohort = Cohort::from_csv(cohort)?;
    let demo = match demo_text {
        Some(text) => {
            let observations = demo::from_csv(DEMO_FILE, &text)?;
            let upload = NewUpload {
                municipality: None,
                uploaded_by: "system:demo".to_owned(),
                file_name: Some(format!("datasets/{DEMO_FILE}")),
                sha256: Some(crate::sha256_hex(text.as_bytes())),
                state: UploadState::Published,
                synthetic: true,
                report: None,
                idempotency_key: None,
                raw: Some(text.into_bytes()),
            };
            Some((upload, observations))
        }
        None => None,
    };
    Ok(Seed {
        catalogue,
        cohort,
        demo,
    })
}
