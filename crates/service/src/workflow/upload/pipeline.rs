//! The upload pipeline: the one path from uploaded bytes to a stored upload, used by the CLI,
//! the HTTP API and the upload page. It recognises repeats (Idempotency-Key, else the file's SHA-256), validates the
//! whole file off the async runtime, and stores the upload, its raw file and its observations in
//! one transaction, or nothing.

use std::collections::HashMap;

use chrono::Datelike;
use vergleich_domain::{
    Ags, Catalogue, Cohort, IndicatorId, Observation, Period, UploadState, stats,
};
use vergleich_ingest::{
    HistoryTable, IngestContext, Limits, SourceMappings, Spread, StoredValue, ValidationReport,
};
use vergleich_store::{
    Appended, NewUpload, ObservationQuery, Store, StoreError, UploadLookup, UploadRecord,
    Visibility, sha256_hex,
};

/// Who uploads: the municipality comes from the principal, never from the file.
#[derive(Debug, Clone)]
pub struct Uploader {
    /// A stable name for provenance and idempotency keys, e.g. `user:kl-statistik` or `cli`.
    pub name: String,
    /// The member the upload belongs to; `None` for an administrator's multi-member import.
    pub municipality: Option<Ags>,
}

#[derive(Debug, Clone)]
pub struct UploadRequest {
    pub bytes: Vec<u8>,
    pub file_name: Option<String>,
    pub uploader: Uploader,
    /// Validate and report only; store nothing.
    pub dry_run: bool,
    pub idempotency_key: Option<String>,
    /// The state a stored upload starts in (draft for the review workflow).
    pub state: UploadState,
    /// Rows of other members are left out instead of errors (one member's part of a split
    /// import; official tables always do this).
    pub skip_other_members: bool,
    /// Which variables of official tables feed which indicators; `None`: the built-in ones.
    pub mappings: Option<SourceMappings>,
}

/// What happened to an upload.
#[derive(Debug)]
// One value per upload, moved once or twice on its way to the answer: boxing the report would
// save nothing measurable.
#[allow(clippy::large_enum_variant)]
pub enum UploadOutcome {
    /// Accepted and stored. Observations identical to the published version they would replace
    /// are not written again (`unchanged`), so re-uploading an export is a no-op; a value equal
    /// only to an unpublished draft is written ([`Store::append_changes`] decides).
    Stored {
        upload: UploadRecord,
        report: ValidationReport,
        unchanged: usize,
    },
    /// The same file (or the same Idempotency-Key with the same file) was stored before; nothing
    /// new was written. `report` is the report stored with the original.
    Replayed { upload: UploadRecord },
    /// Dry run: the report, nothing stored.
    Checked { report: ValidationReport },
    /// Errors block the upload; nothing stored.
    Rejected { report: ValidationReport },
}

#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    /// This principal may not upload (401 or 403).
    #[error(transparent)]
    Refused(crate::error::Error),
    /// A parameter of the request is malformed (400), e.g. a mapping.
    #[error(transparent)]
    Invalid(crate::error::Error),
    #[error("the Idempotency-Key {key:?} was already used for another file (upload {upload})")]
    KeyReused { key: String, upload: i64 },
    #[error("a concurrent upload with the same Idempotency-Key is in progress or done")]
    Concurrent,
    #[error("validation stopped unexpectedly")]
    ValidationPanicked,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Validates and, unless rejected or a dry run, stores one upload.
pub async fn upload(
    store: &dyn Store,
    limits: &Limits,
    work: &crate::work::CpuWork,
    request: UploadRequest,
) -> Result<UploadOutcome, UploadError> {
    upload_with(store, limits, work, request, None).await
}

/// [`upload`] with the cohort's published spreads already read (an import reads them once for
/// all its members' parts instead of once per part: reading them costs a pass over every
/// published observation).
pub(super) async fn upload_with(
    store: &dyn Store,
    limits: &Limits,
    work: &crate::work::CpuWork,
    mut request: UploadRequest,
    spreads: Option<&Spreads>,
) -> Result<UploadOutcome, UploadError> {
    let sha256 = sha256_hex(&request.bytes);
    // With mappings of its own the same bytes may mean other values: the repeat is recognised
    // by bytes, member and mappings together, not by the bytes alone.
    if let Some(mappings) = &request.mappings
        && request.idempotency_key.is_none()
        && !request.dry_run
        && !mappings.user_specs().is_empty()
    {
        let member = request.uploader.municipality.as_ref().map(Ags::as_str);
        request.idempotency_key = Some(super::mapping::replay_key(&sha256, member, mappings));
    }
    if let Some(previous) = find_previous(store, &request, &sha256).await? {
        return Ok(UploadOutcome::Replayed { upload: previous });
    }
    let context = ContextData::load(store, request.uploader.municipality.as_ref(), spreads).await?;
    let limits = limits.clone();
    let principal = request.uploader.municipality.clone();
    let (bytes, file_name) = (request.bytes, request.file_name);
    let (skip, mappings) = (request.skip_other_members, request.mappings);
    // Parsing and validating a large file is CPU work; a panic there becomes an error.
    let (ingested, bytes, file_name) = work
        .run(move || {
            let mut ctx = context.context(principal);
            ctx.skip_other_members = skip;
            if let Some(mappings) = &mappings {
                ctx.mappings = mappings;
            }
            let ingested = vergleich_ingest::ingest(&bytes, file_name.as_deref(), &ctx, &limits);
            (ingested, bytes, file_name)
        })
        .await
        .map_err(|_| UploadError::ValidationPanicked)?;
    if !ingested.is_accepted() {
        return Ok(UploadOutcome::Rejected {
            report: ingested.report,
        });
    }
    if request.dry_run {
        return Ok(UploadOutcome::Checked {
            report: ingested.report,
        });
    }
    // Checked again inside the write transaction, after its locks: of concurrent identical
    // requests exactly one stores. Which rows are unchanged is decided there too.
    let lookup = match &request.idempotency_key {
        Some(key) => UploadLookup::IdempotencyKey {
            uploaded_by: request.uploader.name.clone(),
            key: key.clone(),
        },
        None => UploadLookup::Content {
            municipality: request.uploader.municipality.clone(),
            sha256: sha256.clone(),
        },
    };
    let new = NewUpload {
        municipality: request.uploader.municipality,
        uploaded_by: request.uploader.name,
        file_name,
        sha256: Some(sha256.clone()),
        state: request.state,
        synthetic: false,
        report: serde_json::to_string(&ingested.report).ok(),
        idempotency_key: request.idempotency_key,
        raw: Some(bytes),
    };
    match store
        .append_changes(&lookup, new, &ingested.observations)
        .await?
    {
        Appended::Stored { upload, unchanged } => Ok(UploadOutcome::Stored {
            upload,
            report: ingested.report,
            unchanged,
        }),
        // Stored by a concurrent request while this one was validated.
        Appended::Found(previous) => match lookup {
            UploadLookup::Content { .. } => Ok(UploadOutcome::Replayed { upload: previous }),
            UploadLookup::IdempotencyKey { .. } if previous.sha256.as_deref() == Some(&sha256) => {
                Err(UploadError::Concurrent)
            }
            UploadLookup::IdempotencyKey { key, .. } => Err(UploadError::KeyReused {
                key,
                upload: previous.id.0,
            }),
        },
    }
}

/// An earlier upload this request repeats: same key (and same bytes, else an error), or without
/// a key the same bytes for the same member.
async fn find_previous(
    store: &dyn Store,
    request: &UploadRequest,
    sha256: &str,
) -> Result<Option<UploadRecord>, UploadError> {
    if let Some(key) = &request.idempotency_key {
        let lookup = UploadLookup::IdempotencyKey {
            uploaded_by: request.uploader.name.clone(),
            key: key.clone(),
        };
        return match store.find_upload(&lookup).await? {
            Some(previous) if previous.sha256.as_deref() == Some(sha256) => Ok(Some(previous)),
            Some(previous) => Err(UploadError::KeyReused {
                key: key.clone(),
                upload: previous.id.0,
            }),
            None => Ok(None),
        };
    }
    if request.dry_run {
        return Ok(None);
    }
    let lookup = UploadLookup::Content {
        municipality: request.uploader.municipality.clone(),
        sha256: sha256.to_owned(),
    };
    Ok(store.find_upload(&lookup).await?)
}

/// What validation checks a file against, loaded once per upload.
struct ContextData {
    catalogue: Catalogue,
    cohort: Cohort,
    history: HistoryTable,
}

type ObservationKey = (Ags, IndicatorId, Period);

fn key(o: &Observation) -> ObservationKey {
    (o.municipality.clone(), o.indicator.clone(), o.period)
}

/// The published spread (quartiles) of every indicator and period, for the outlier warning.
pub(super) type Spreads = HashMap<(IndicatorId, Period), Spread>;

/// Reads every current published value once and keeps its quartiles per indicator and period.
pub(super) async fn published_spreads(store: &dyn Store) -> Result<Spreads, StoreError> {
    let mut values: HashMap<(IndicatorId, Period), Vec<f64>> = HashMap::new();
    for o in store.observations(&ObservationQuery::default()).await? {
        if let Some(v) = o.observation.value {
            values
                .entry((o.observation.indicator, o.observation.period))
                .or_default()
                .push(v);
        }
    }
    let mut spreads = Spreads::new();
    for (key, v) in values {
        if let (Some(q1), Some(median), Some(q3)) = (
            stats::quantile(&v, 0.25),
            stats::quantile(&v, 0.5),
            stats::quantile(&v, 0.75),
        ) {
            spreads.insert(key, Spread { q1, median, q3 });
        }
    }
    Ok(spreads)
}

impl ContextData {
    async fn load(
        store: &dyn Store,
        member: Option<&Ags>,
        spreads: Option<&Spreads>,
    ) -> Result<Self, StoreError> {
        let catalogue = Catalogue {
            fields: store.fields().await?,
            indicators: store.indicators().await?,
        };
        let cohort = Cohort {
            municipalities: store.municipalities().await?,
        };
        // The member's own current values at every stage, for the jump and provisional warnings.
        let own = ObservationQuery {
            municipalities: member.into_iter().cloned().collect(),
            visibility: member.map_or(Visibility::Everything, |m| {
                Visibility::PublishedOrOwn(m.clone())
            }),
            ..Default::default()
        };
        let mut history = HistoryTable::default();
        for o in store.observations(&own).await? {
            history.stored.insert(
                key(&o.observation),
                StoredValue {
                    value: o.observation.value,
                    status: o.observation.status,
                },
            );
        }
        // The cohort's published spread, for the outlier warning.
        history.spreads = match spreads {
            Some(kept) => kept.clone(),
            None => published_spreads(store).await?,
        };
        Ok(Self {
            catalogue,
            cohort,
            history,
        })
    }

    fn context(&self, principal: Option<Ags>) -> IngestContext<'_> {
        let mut ctx = IngestContext::new(&self.catalogue, &self.cohort, chrono::Utc::now().year());
        ctx.principal = principal;
        ctx.history = &self.history;
        ctx
    }
}
