//! Reading a data state from the store: whole, or built from the previous state of the same
//! data and the rows of the members whose visible uploads changed since
//! ([`super::members`]). The frame is built later, off the async runtime, by
//! [`ViewInput::into_data`].

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{DateTime, Datelike, Utc};
use vergleich_domain::catalogue_edit::DefinitionVersion;
use vergleich_domain::{Ags, Catalogue, Cohort, IndicatorId, Observation};
use vergleich_store::{ObservationQuery, StoreError, StoredObservation, Visibility};

use super::members::{self, Provenance, ReadSummary};
use super::{DEFAULT_YEAR_SHARE, DataState, DefinitionBreak, ViewData};
use crate::error::Result;

/// Rows per chunk of a whole read.
const READ_CHUNK: usize = 100_000;
/// Members per read of changed members' rows (one bind each).
const MEMBERS_PER_READ: usize = 500;
/// Changed members from which the whole state is read instead (when they are also more than
/// half of the members): reading them by key costs about what reading every row does.
const WHOLE_FROM: usize = 1_000;

/// The data state as read from the store, before the frame is built.
pub struct ViewInput {
    pub catalogue: Catalogue,
    pub cohort: Cohort,
    /// Every current row, or with [`ViewInput::base`] the rows of the changed members only, in
    /// chunks as read (in member order across the chunks).
    pub observations: Vec<Vec<Observation>>,
    pub state: DataState,
    /// Share of the members a year needs to be the default one ([`DEFAULT_YEAR_SHARE`]).
    pub default_share: f64,
    pub breaks: BTreeMap<IndicatorId, Vec<DefinitionBreak>>,
    /// Per member, what the rows read add; the fingerprints they were read after.
    pub provenance: Provenance,
    /// The previous state and the members read again: every other member's rows come from it.
    pub base: Option<(Arc<ViewData>, BTreeSet<Ags>)>,
}

impl ViewInput {
    /// Builds the polars frame (or splices it from the previous state's): CPU work, so call it
    /// off the async runtime (`spawn_blocking`).
    pub fn into_data(self) -> Result<ViewData> {
        let fresh =
            vergleich_analysis::observations_frame_from(self.observations.iter().flatten())?;
        let mut provenance = self.provenance;
        let frame = match &self.base {
            None => fresh,
            Some((base, changed)) => {
                let (frame, members) = super::splice::splice(
                    (&base.frame, &base.provenance.members),
                    changed,
                    (&fresh, &provenance.members),
                )?;
                provenance.members = members;
                frame
            }
        };
        let mut state = self.state;
        // A release read whole is hashed here, off the async runtime (a national release sorts
        // and hashes 5.5 million records); one built upon its previous state keeps its hash.
        if state.release.is_some() && self.base.is_none() {
            state.digest = Some(crate::opendata::content_digest(
                self.observations.iter().flatten(),
            ));
        }
        let totals = members::totals(&provenance.members, &self.cohort, &mut state);
        Ok(ViewData {
            catalogue: self.catalogue,
            cohort: self.cohort,
            frame,
            years: totals.years,
            year_members: totals.year_members,
            default_share: self.default_share,
            synthetic: totals.synthetic,
            state,
            breaks: self.breaks,
            partners: Default::default(),
            scores: Default::default(),
            mixed: totals.mixed,
            provenance,
        })
    }
}

/// Reads the current observations `visibility` allows (the command line reads
/// [`Visibility::Published`]); the frame is built later by [`ViewInput::into_data`] off the
/// async runtime.
pub async fn load(
    store: &dyn vergleich_store::Store,
    visibility: Visibility,
) -> Result<ViewInput, StoreError> {
    load_from(store, visibility, None, None).await
}

/// Reads the data of a release: what was published as of its moment, whoever reads (the
/// caller decides whether the reader may see a scheduled release).
pub async fn load_release(
    store: &dyn vergleich_store::Store,
    release: &vergleich_domain::Release,
) -> Result<ViewInput, StoreError> {
    load_from(
        store,
        release_visibility(release, Utc::now()),
        Some(release),
        None,
    )
    .await
}

/// The visibility a release is read with (`as_of` its moment): published data, and for a
/// scheduled one also the uploads under its embargo, which the public reads leave out until
/// the moment (only managers reach a scheduled release).
pub fn release_visibility(release: &vergleich_domain::Release, now: DateTime<Utc>) -> Visibility {
    if release.is_out(now) {
        Visibility::Published
    } else {
        Visibility::Everything
    }
}

/// Reads the data state `visibility` allows (of `release`, when given). With a `base` (a
/// previous state, of any reader) only the members whose visible uploads differ from the
/// base's are read, and every other member's rows are taken from it; everything is read when
/// the catalogue or a definition changed, when uploads without a member changed, or when more
/// than half of the members (and over 1,000) did. A release's content hash covers every row,
/// so a release is built upon only while none of its members changed.
pub async fn load_from(
    store: &dyn vergleich_store::Store,
    visibility: Visibility,
    release: Option<&vergleich_domain::Release>,
    base: Option<Arc<ViewData>>,
) -> Result<ViewInput, StoreError> {
    let catalogue = Catalogue {
        fields: store.fields().await?,
        indicators: store.indicators().await?,
    };
    let cohort = Cohort {
        municipalities: store.municipalities().await?,
    };
    let label = match release {
        Some(r) => format!("release:{}", r.name),
        None => DataState::visibility_label(&visibility),
    };
    let as_of = release.map(|r| r.at);
    let (breaks, versions) = definitions(store, &catalogue).await?;
    // Before the rows: a write between the two reads then shows as a change next time.
    let fingerprints = members::by_member(store.upload_fingerprints(&visibility, as_of).await?);
    let changed = base
        .as_ref()
        .and_then(|b| builds_on(b, &catalogue, &versions, as_of, &fingerprints, release));
    let started = std::time::Instant::now();
    let mut query = ObservationQuery {
        visibility,
        as_of,
        ..Default::default()
    };
    // A whole read arrives in chunks and leaves each as observations (and per-member parts) at
    // once: 5.5 million rows were held as rows, as stored observations and as observations
    // together, 2.5 GiB at national scale.
    let mut members = BTreeMap::new();
    let mut observations: Vec<Vec<Observation>> = Vec::new();
    let rows = match &changed {
        None => {
            // The chunks are kept as read (in member order, each in a list of its own size,
            // `own_list`); the frame is built from them.
            let mut take = |chunk: Vec<StoredObservation>| {
                members::summarise_into(&mut members, &chunk, &versions);
                observations.push(own_list(chunk));
            };
            store
                .observations_each(&query, READ_CHUNK, &mut take)
                .await?
        }
        Some(changed) => {
            let keys: Vec<Ags> = changed.iter().cloned().collect();
            for chunk in keys.chunks(MEMBERS_PER_READ) {
                query.municipalities = chunk.to_vec();
                let rows = store.observations(&query).await?;
                members::summarise_into(&mut members, &rows, &versions);
                observations.push(own_list(rows));
            }
            observations.iter().map(Vec::len).sum()
        }
    };
    members::finish(&mut members);
    tracing::info!(
        rows,
        members_read = changed.as_ref().map(BTreeSet::len),
        query_ms = started.elapsed().as_millis() as u64,
        "data state: observations read"
    );
    let observations = by_member(observations);
    let provenance = Provenance {
        members,
        fingerprints: Some(fingerprints),
        as_of,
        versions,
        read: ReadSummary {
            rows,
            members_read: changed.as_ref().map(BTreeSet::len),
        },
    };
    // A release built upon its previous state changed no member (`builds_on`): its hash
    // stays; one read whole is hashed with the frame (`ViewInput::into_data`).
    let digest = match (release, &changed, &base) {
        (Some(_), Some(_), Some(b)) => b.state.digest.clone(),
        _ => None,
    };
    let state = DataState {
        visibility: label,
        newest_recorded_at: None,
        uploads: Vec::new(),
        unpublished_included: false,
        synthetic: false,
        release: release.map(|r| r.name.clone()),
        digest,
    };
    Ok(ViewInput {
        catalogue,
        cohort,
        observations,
        state,
        default_share: DEFAULT_YEAR_SHARE,
        breaks,
        provenance,
        base: base.zip(changed),
    })
}

/// The members to read again on top of `base`, or `None` when everything must be read.
fn builds_on(
    base: &ViewData,
    catalogue: &Catalogue,
    versions: &BTreeMap<IndicatorId, Vec<DefinitionVersion>>,
    as_of: Option<DateTime<Utc>>,
    fingerprints: &BTreeMap<Option<Ags>, vergleich_store::UploadFingerprint>,
    release: Option<&vergleich_domain::Release>,
) -> Option<BTreeSet<Ags>> {
    let p = &base.provenance;
    if &base.catalogue != catalogue || &p.versions != versions || p.as_of != as_of {
        return None;
    }
    let changed = members::changed(p.fingerprints.as_ref()?, fingerprints)?;
    let many = (fingerprints.len() / 2).max(WHOLE_FROM);
    let whole = changed.len() > many || (release.is_some() && !changed.is_empty());
    (!whole).then_some(changed)
}

/// The observations of stored rows in a list of their own size: collecting them in place
/// would keep the larger rows' allocation (twice the memory of a whole state's list).
fn own_list(rows: Vec<StoredObservation>) -> Vec<Observation> {
    let mut list = Vec::with_capacity(rows.len());
    list.extend(rows.into_iter().map(|o| o.observation));
    list
}

/// The chunks' rows in member order (the store hands them out so; when not, the rows are
/// sorted into one chunk, a stable sort keeping each member's rows in their order).
fn by_member(chunks: Vec<Vec<Observation>>) -> Vec<Vec<Observation>> {
    let sorted = {
        let mut rows = chunks.iter().flatten();
        let mut previous = rows.next();
        rows.all(|o| {
            let ordered = previous.is_none_or(|p| p.municipality <= o.municipality);
            previous = Some(o);
            ordered
        })
    };
    if sorted {
        return chunks;
    }
    let mut all: Vec<Observation> = chunks.into_iter().flatten().collect();
    all.sort_by(|a, b| a.municipality.cmp(&b.municipality));
    vec![all]
}

/// The breaks of every indicator whose definition changed, and its versions. Only those have
/// more than one version (one query each; most have none).
pub(super) async fn definitions(
    store: &dyn vergleich_store::Store,
    catalogue: &Catalogue,
) -> Result<
    (
        BTreeMap<IndicatorId, Vec<DefinitionBreak>>,
        BTreeMap<IndicatorId, Vec<DefinitionVersion>>,
    ),
    StoreError,
> {
    let mut breaks = BTreeMap::new();
    let mut changed = BTreeMap::new();
    for indicator in catalogue
        .indicators
        .iter()
        .filter(|i| i.definition_version > 1)
    {
        let versions = store.definition_versions(&indicator.id).await?;
        changed.insert(indicator.id.clone(), versions.clone());
        let list: Vec<DefinitionBreak> = versions
            .into_iter()
            .filter_map(|v| {
                v.valid_from.map(|day| DefinitionBreak {
                    year: day.year(),
                    version: v.version,
                    note_de: v.note_de,
                    note_en: v.note_en,
                })
            })
            .collect();
        if !list.is_empty() {
            breaks.insert(indicator.id.clone(), list);
        }
    }
    Ok((breaks, changed))
}
