//! The public data state kept in files between starts (issue #17 point 2): after a start the
//! first state was read whole from the database, 5.5 million rows at national scale, 40–70 s
//! through the SQLite driver and 17 s from PostgreSQL, while every view answered 503. Now the
//! public state's frame is written as an Arrow IPC file ([`vergleich_analysis::frame_file`])
//! with its per-member parts and upload fingerprints beside it, and after a start it is read
//! back and used as the base the first state is built upon ([`super::load_from`]): only the
//! members whose uploads changed while the service was down are read from the database.
//!
//! The file is only a starting point, never the truth: it is used only for the database it was
//! read from ([`vergleich_store::FingerprintStore::store_identity`]), with the same catalogue and
//! definitions, by the same version of vergleich, and the fingerprints decide what is read again.
//! A file that is missing, torn or of another layout is skipped with a log line; the state is
//! then read whole as before. Only published data is written (what anyone may see): the public
//! state and the states of releases that are out ([`Kept`]), each under a name of its own.

use std::collections::BTreeMap;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use vergleich_domain::catalogue_edit::DefinitionVersion;
use vergleich_domain::{Ags, Catalogue, Cohort, IndicatorId};
use vergleich_store::{StoreError, UploadFingerprint, Visibility};

use super::members::{self, MemberRows, Provenance, ReadSummary};
use super::{DEFAULT_YEAR_SHARE, DataState, DefinitionBreak, ViewData};
use crate::error::{Error, Result};

/// The layout of the files; another number is not read.
const FORMAT: u32 = 1;
const FRAME_SUFFIX: &str = ".arrow";

/// Which data state a pair of files holds.
#[derive(Debug, Clone)]
pub enum Kept {
    /// The current published data (`published.json`).
    Public,
    /// A release that is out: the published data as of its moment (`release-<name>.json`).
    Release(vergleich_domain::Release),
}

impl Kept {
    /// The files' common start: `published`, `release-2025-1`.
    fn stem(&self) -> Result<String> {
        match self {
            Kept::Public => Ok("published".to_owned()),
            Kept::Release(r) => {
                // Release names are a-z, 0-9, `.` and `-`, starting with a letter or digit:
                // safe in a file name; anything else is refused, never joined to a path.
                vergleich_domain::release::check_release_name(&r.name).map_err(|e| {
                    Error::internal(anyhow::anyhow!("release name {:?}: {e}", r.name))
                })?;
                Ok(format!("release-{}", r.name))
            }
        }
    }

    /// The description beside the frame; it names the frame file, so it is replaced last.
    fn meta(&self) -> Result<String> {
        Ok(format!("{}.json", self.stem()?))
    }

    /// The state's reader label (`published`, `release:2025-1`).
    pub fn label(&self) -> String {
        match self {
            Kept::Public => DataState::visibility_label(&Visibility::Published),
            Kept::Release(r) => format!("release:{}", r.name),
        }
    }

    fn release(&self) -> Option<(String, DateTime<Utc>)> {
        match self {
            Kept::Public => None,
            Kept::Release(r) => Some((r.name.clone(), r.at)),
        }
    }
}

/// What is written beside the frame.
#[derive(Serialize, Deserialize)]
struct Meta {
    format: u32,
    /// The vergleich version that wrote it.
    version: String,
    /// The database the rows were read from.
    store: String,
    /// The catalogue and definition versions the rows were read with (SHA-256 of their JSON).
    catalogue: String,
    /// The release (its name and moment) and its content hash, for a release's state.
    release: Option<(String, DateTime<Utc>)>,
    digest: Option<String>,
    /// The frame file (in the same folder) and its rows.
    frame: String,
    rows: usize,
    saved_at: DateTime<Utc>,
    fingerprints: Vec<UploadFingerprint>,
    members: Vec<(Ags, MemberRows)>,
}

/// What the database says now, against which a kept state is checked.
pub struct Expected {
    store: String,
    catalogue: Catalogue,
    cohort: Cohort,
    versions: BTreeMap<IndicatorId, Vec<DefinitionVersion>>,
    breaks: BTreeMap<IndicatorId, Vec<DefinitionBreak>>,
}

impl Expected {
    /// Reads the database's identity, catalogue, cohort and definitions (a few small queries).
    pub async fn read(store: &dyn vergleich_store::Store) -> Result<Self, StoreError> {
        let catalogue = Catalogue {
            fields: store.fields().await?,
            indicators: store.indicators().await?,
        };
        let (breaks, versions) = super::load::definitions(store, &catalogue).await?;
        Ok(Self {
            store: store.store_identity().await?,
            cohort: Cohort {
                municipalities: store.municipalities().await?,
            },
            catalogue,
            versions,
            breaks,
        })
    }
}

/// What a save wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    pub rows: usize,
    pub bytes: u64,
    pub fingerprints: BTreeMap<Option<Ags>, UploadFingerprint>,
}

/// Writes the state `data` of `kept` (read from the database `store`) into `dir`: the frame
/// file first under a new name, then the description naming it, each written whole and renamed
/// into place, so a reader finds the previous pair or the new one, never half of one. Older
/// frame files of the same state are removed. Only the public state and a release's that is
/// out (the caller checks that its moment has come) are written. Blocking file work: call it
/// off the async runtime.
pub fn save(dir: &Path, kept: &Kept, data: &ViewData, store: &str) -> Result<Saved> {
    let p = &data.provenance;
    let release = kept.release();
    let fits = data.state.visibility == kept.label()
        && data.state.release == release.as_ref().map(|(name, _)| name.clone())
        && p.as_of == release.as_ref().map(|(_, at)| *at)
        && !data.state.unpublished_included
        && (release.is_none() || data.state.digest.is_some());
    let fingerprints = match &p.fingerprints {
        Some(f) if fits => f.clone(),
        _ => {
            return Err(Error::internal(anyhow::anyhow!(
                "only the public state and a release's are kept on disk, not {}",
                data.state.visibility
            )));
        }
    };
    let (stem, meta_name) = (kept.stem()?, kept.meta()?);
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let now = Utc::now();
    let frame_name = format!(
        "{stem}-{}{FRAME_SUFFIX}",
        now.timestamp_nanos_opt().unwrap_or_default()
    );
    let bytes = write_whole(&dir.join(&frame_name), |out| {
        vergleich_analysis::frame_file::write_frame(&data.frame, out)
            .map_err(|e| Error::internal(anyhow::anyhow!("writing the frame: {e}")))
    })?;
    let meta = Meta {
        format: FORMAT,
        version: env!("CARGO_PKG_VERSION").to_owned(),
        store: store.to_owned(),
        catalogue: catalogue_digest(&data.catalogue, &p.versions)?,
        release,
        digest: data.state.digest.clone(),
        frame: frame_name.clone(),
        rows: data.frame.height(),
        saved_at: now,
        fingerprints: fingerprints.values().cloned().collect(),
        members: p
            .members
            .iter()
            .map(|(k, m)| (k.clone(), m.clone()))
            .collect(),
    };
    write_whole(&dir.join(&meta_name), |out| {
        serde_json::to_writer(out, &meta)
            .map_err(|e| Error::internal(anyhow::anyhow!("writing {meta_name}: {e}")))
    })?;
    remove_other_frames(dir, &stem, &frame_name);
    Ok(Saved {
        rows: meta.rows,
        bytes,
        fingerprints,
    })
}

/// The state of `kept` in `dir`, if there is one written from the database and catalogue
/// `expected` describes, as a base to build the current state upon; `Ok(None)` (with the
/// reason in the log) when there is none or it does not fit. Blocking: off the async runtime.
pub fn restore(dir: &Path, kept: &Kept, expected: Expected) -> Result<Option<ViewData>> {
    let (stem, meta_path) = (kept.stem()?, dir.join(kept.meta()?));
    let meta: Meta = match std::fs::File::open(&meta_path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(&meta_path, e)),
        Ok(file) => match serde_json::from_reader(BufReader::new(file)) {
            Ok(meta) => meta,
            Err(e) => return skip(&meta_path, &format!("unreadable: {e}")),
        },
    };
    let digest = catalogue_digest(&expected.catalogue, &expected.versions)?;
    let why = if meta.format != FORMAT || meta.version != env!("CARGO_PKG_VERSION") {
        Some("written by another version")
    } else if meta.store != expected.store {
        Some("written from another database")
    } else if meta.catalogue != digest {
        Some("the catalogue or a definition changed since")
    } else if meta.release != kept.release() || (meta.release.is_some() && meta.digest.is_none()) {
        Some("written for another release")
    } else if meta.members.iter().map(|(_, m)| m.rows).sum::<usize>() != meta.rows
        || !is_frame_name(&stem, &meta.frame)
    {
        Some("its parts do not add up")
    } else {
        None
    };
    if let Some(why) = why {
        return skip(&meta_path, why);
    }
    let frame_path = dir.join(&meta.frame);
    let frame = match std::fs::File::open(&frame_path)
        .map_err(|e| e.to_string())
        .and_then(|f| {
            vergleich_analysis::frame_file::read_frame(BufReader::new(f)).map_err(|e| e.to_string())
        }) {
        Ok(frame) if frame.height() == meta.rows => frame,
        Ok(frame) => {
            return skip(
                &frame_path,
                &format!("{} rows, not {}", frame.height(), meta.rows),
            );
        }
        Err(e) => return skip(&frame_path, &e),
    };
    let provenance = Provenance {
        members: meta.members.into_iter().collect(),
        fingerprints: Some(members::by_member(meta.fingerprints)),
        as_of: meta.release.as_ref().map(|(_, at)| *at),
        versions: expected.versions,
        read: ReadSummary {
            rows: 0,
            members_read: Some(0),
        },
    };
    let mut state = DataState {
        visibility: kept.label(),
        newest_recorded_at: None,
        uploads: Vec::new(),
        unpublished_included: false,
        synthetic: false,
        release: meta.release.map(|(name, _)| name),
        digest: meta.digest,
    };
    let totals = members::totals(&provenance.members, &expected.cohort, &mut state);
    Ok(Some(ViewData {
        catalogue: expected.catalogue,
        cohort: expected.cohort,
        frame,
        years: totals.years,
        year_members: totals.year_members,
        default_share: DEFAULT_YEAR_SHARE,
        synthetic: totals.synthetic,
        state,
        breaks: expected.breaks,
        partners: Default::default(),
        scores: Default::default(),
        mixed: totals.mixed,
        provenance,
    }))
}

fn skip(path: &Path, why: &str) -> Result<Option<ViewData>> {
    tracing::info!(path = %path.display(), why, "the kept data state is not used");
    Ok(None)
}

fn catalogue_digest(
    catalogue: &Catalogue,
    versions: &BTreeMap<IndicatorId, Vec<DefinitionVersion>>,
) -> Result<String> {
    let json = serde_json::to_vec(&(catalogue, versions))
        .map_err(|e| Error::internal(anyhow::anyhow!("catalogue as JSON: {e}")))?;
    Ok(Sha256::digest(&json)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// `<stem>-<digits>.arrow`.
fn is_frame_name(stem: &str, name: &str) -> bool {
    name.strip_prefix(stem)
        .and_then(|n| n.strip_prefix('-'))
        .and_then(|n| n.strip_suffix(FRAME_SUFFIX))
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// Writes `path` through a temporary file beside it, flushed to disk and renamed into place.
fn write_whole(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<std::fs::File>) -> Result<()>,
) -> Result<u64> {
    let tmp = PathBuf::from(format!("{}.tmp", path.display()));
    let result = (|| {
        let mut out = BufWriter::new(std::fs::File::create(&tmp).map_err(|e| io(&tmp, e))?);
        write(&mut out)?;
        out.flush().map_err(|e| io(&tmp, e))?;
        let file = out.into_inner().map_err(|e| io(&tmp, e.into_error()))?;
        file.sync_all().map_err(|e| io(&tmp, e))?;
        let bytes = file.metadata().map_err(|e| io(&tmp, e))?.len();
        std::fs::rename(&tmp, path).map_err(|e| io(path, e))?;
        Ok(bytes)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Removes the frame files of `stem` other than `keep` (of earlier saves, or left by a crash).
fn remove_other_frames(dir: &Path, stem: &str, keep: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let frame_or_tmp = is_frame_name(stem, name.trim_end_matches(".tmp"));
        if frame_or_tmp
            && name != keep
            && let Err(err) = std::fs::remove_file(entry.path())
        {
            tracing::warn!(file = %entry.path().display(), %err, "cannot remove an old data-state file");
        }
    }
}

fn io(path: &Path, err: std::io::Error) -> Error {
    Error::internal(anyhow::anyhow!("{}: {err}", path.display()))
}
