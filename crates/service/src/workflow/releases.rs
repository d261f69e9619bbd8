//! Named data releases (issue #17 point 3), for managers: cut a release of the published data
//! now or scheduled for a moment ahead (values approved under its embargo appear then), list
//! them, find one by name, and say what changed against the previous release. A scheduled
//! release is visible to managers and admins only until its moment: to everyone else it does
//! not exist yet (404), as its embargoed values do not.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use vergleich_domain::release::{MAX_RELEASE_NOTE, MAX_RELEASE_TITLE, check_release_name};
use vergleich_domain::{Release, Role, Status};
use vergleich_store::{NewRelease, ObservationQuery, StoreError};

use super::{Principal, Workflow};
use crate::error::{Error, ErrorCode, ErrorDetail, Result};

/// How many changed values a release's page lists (the counts are always complete).
pub const MAX_LISTED_CHANGES: usize = 500;

/// A release to cut.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReleaseBody {
    /// Its name in addresses and citations, never reused.
    #[schema(pattern = "^[a-z0-9][a-z0-9.-]{0,31}$", example = "2025-1")]
    pub name: String,
    /// Default: "Datenstand {name}".
    #[serde(default)]
    #[schema(max_length = 200)]
    pub title: Option<String>,
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub note: Option<String>,
    /// The moment of the data (RFC 3339). Default: now. A moment ahead schedules the release:
    /// uploads can then be approved under its embargo.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub at: Option<DateTime<Utc>>,
}

/// A release as listed, with whether it is out.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReleaseListed {
    pub name: String,
    pub title: String,
    pub note: String,
    #[schema(value_type = String, format = DateTime)]
    pub at: DateTime<Utc>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: DateTime<Utc>,
    /// `out` or `scheduled` (only managers and admins see scheduled ones).
    #[schema(pattern = "^(out|scheduled)$")]
    pub status: String,
}

impl ReleaseListed {
    pub fn new(r: &Release, now: DateTime<Utc>) -> Self {
        Self {
            name: r.name.clone(),
            title: r.title.clone(),
            note: r.note.clone(),
            at: r.at,
            created_at: r.created_at,
            status: if r.is_out(now) { "out" } else { "scheduled" }.to_owned(),
        }
    }
}

/// One value that differs between two releases.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ValueChange {
    pub municipality: String,
    pub indicator: String,
    pub year: i32,
    /// `added`, `changed` or `removed`.
    pub change: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
    #[schema(value_type = Option<String>)]
    pub status_before: Option<Status>,
    #[schema(value_type = Option<String>)]
    pub status_after: Option<Status>,
}

/// What changed against the previous release (all of it, for the first release).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReleaseChanges {
    /// The previous release (by moment), if any.
    pub previous: Option<String>,
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
    /// The first [`MAX_LISTED_CHANGES`] changes, by municipality, indicator and year.
    pub listed: Vec<ValueChange>,
}

/// What a release holds and what changed in it ([`Workflow::release_facts`]).
#[derive(Debug, Clone)]
pub struct ReleaseFacts {
    /// SHA-256 of the content ([`crate::opendata::content_digest`]).
    pub digest: String,
    /// Values in the release.
    pub observations: usize,
    /// Any of them is demo data.
    pub synthetic: bool,
    pub changes: ReleaseChanges,
}

impl ReleaseFacts {
    /// The first 16 hex digits of the hash: `digest=` of immutable addresses.
    pub fn short_digest(&self) -> &str {
        &self.digest[..self.digest.len().min(16)]
    }
}

/// The facts of releases that are out, by (release, previous release). Entries are added only
/// for releases, which only managers cut: no request can grow it otherwise.
#[derive(Debug, Default)]
pub struct ReleaseFactsCache(Mutex<HashMap<FactsKey, Arc<ReleaseFacts>>>);

/// A release and the release before it.
type FactsKey = (String, Option<String>);

impl ReleaseFactsCache {
    fn get(&self, key: &FactsKey) -> Option<Arc<ReleaseFacts>> {
        let kept = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.get(key).cloned()
    }

    fn put(&self, key: FactsKey, facts: Arc<ReleaseFacts>) {
        let mut kept = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.insert(key, facts);
    }
}

fn refuse(field: &str, de: String, en: String) -> Error {
    Error::invalid(vec![ErrorDetail {
        code: "invalid-release".to_owned(),
        parameter: Some(field.to_owned()),
        row: None,
        column: None,
        value: None,
        message_de: de,
        message_en: en,
    }])
}

fn managers(principal: &Principal) -> Result<()> {
    principal
        .require(
            &[Role::Manager, Role::Admin],
            "Datenstände veröffentlichen (Projektleitung)",
            "cut data releases (project managers)",
        )
        .map(|_| ())
}

/// Whether the principal sees scheduled releases.
fn sees_scheduled(principal: &Principal) -> bool {
    principal.role().is_some_and(Role::sees_unpublished)
}

impl Workflow<'_> {
    /// Cuts a release (managers and admins): checked name, title and note; `Conflict` when
    /// the name is taken.
    pub async fn cut_release(&self, principal: &Principal, body: ReleaseBody) -> Result<Release> {
        managers(principal)?;
        let name = body.name.trim().to_owned();
        check_release_name(&name).map_err(|why| {
            refuse(
                "name",
                format!("Der Name „{name}“ geht nicht: {why}"),
                format!("The name '{name}' is not allowed: {why}"),
            )
        })?;
        let title = body
            .title
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| format!("Datenstand {name}"));
        let note = body.note.unwrap_or_default().trim().to_owned();
        for (field, text, max) in [
            ("title", &title, MAX_RELEASE_TITLE),
            ("note", &note, MAX_RELEASE_NOTE),
        ] {
            let n = text.chars().count();
            if n > max {
                return Err(refuse(
                    field,
                    format!("{field}: {n} Zeichen, höchstens {max} sind erlaubt."),
                    format!("{field}: {n} characters, at most {max} are allowed."),
                ));
            }
        }
        let release = NewRelease {
            name,
            title,
            note,
            at: body.at.unwrap_or_else(Utc::now),
        };
        self.store
            .create_release(&release, &principal.actor())
            .await
            .map_err(|e| match e {
                StoreError::Conflict(_) => Error::new(
                    ErrorCode::Conflict,
                    format!(
                        "Den Datenstand {} gibt es schon; Namen werden nie wiederverwendet: einen neuen wählen (z. B. {}-2).",
                        release.name, release.name
                    ),
                    format!(
                        "Release {} exists; names are never reused: choose a new one (e.g. {}-2).",
                        release.name, release.name
                    ),
                ),
                other => other.into(),
            })
    }

    /// The releases the principal may see, oldest first: those that are out, and for managers
    /// and admins the scheduled ones too.
    pub async fn releases(
        &self,
        principal: &Principal,
        now: DateTime<Utc>,
    ) -> Result<Vec<Release>> {
        let all = self.store.releases().await?;
        Ok(all
            .into_iter()
            .filter(|r| r.is_out(now) || sees_scheduled(principal))
            .collect())
    }

    /// The release `name` if the principal may see it, else 404 naming it (a scheduled one is
    /// not revealed to the public).
    pub async fn release(
        &self,
        principal: &Principal,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<Release> {
        self.releases(principal, now)
            .await?
            .into_iter()
            .find(|r| r.name == name)
            .ok_or_else(|| {
                Error::not_found(
                    &format!("Der Datenstand {name}"),
                    &format!("Release {name}"),
                )
            })
    }

    /// What `release` holds (content hash, number of values) and what changed in it against
    /// the release before it (by moment): one read of each. A release that is out never
    /// changes, so `kept` answers it again without reading (keyed by release and previous
    /// release; as many entries as releases, which only managers cut).
    pub async fn release_facts(
        &self,
        kept: &ReleaseFactsCache,
        release: &Release,
    ) -> Result<Arc<ReleaseFacts>> {
        let now = Utc::now();
        let all = self.store.releases().await?;
        let previous = all.iter().rfind(|r| r.at < release.at).cloned();
        let key = (
            release.name.clone(),
            previous.as_ref().map(|p| p.name.clone()),
        );
        let out = release.is_out(now);
        if out && let Some(facts) = kept.get(&key) {
            return Ok(facts);
        }
        let read = |r: &Release| ObservationQuery {
            as_of: Some(r.at),
            visibility: crate::data::release_visibility(r, now),
            ..Default::default()
        };
        let after = self.store.observations(&read(release)).await?;
        let before = match &previous {
            Some(p) => self.store.observations(&read(p)).await?,
            None => Vec::new(),
        };
        let observations: Vec<vergleich_domain::Observation> =
            after.iter().map(|o| o.observation.clone()).collect();
        let facts = Arc::new(ReleaseFacts {
            digest: crate::opendata::content_digest(&observations),
            observations: observations.len(),
            synthetic: after.iter().any(|o| o.synthetic),
            changes: changes(previous.map(|p| p.name), &before, &after),
        });
        if out {
            kept.put(key, Arc::clone(&facts));
        }
        Ok(facts)
    }

    /// Publishes a submitted upload under the embargo of the scheduled release `release`
    /// (managers and admins): its values appear with the release.
    pub async fn approve_embargoed(
        &self,
        principal: &Principal,
        id: i64,
        release: &str,
        comment: Option<String>,
    ) -> Result<vergleich_store::UploadRecord> {
        super::review::reviewer(principal)?;
        let comment = super::review::checked_comment(comment)?;
        self.store
            .publish_embargoed(vergleich_domain::UploadId(id), release, &principal.actor(), comment)
            .await
            .map_err(|e| match e {
                StoreError::Conflict(_) => Error::new(
                    ErrorCode::Conflict,
                    format!(
                        "Der Datenstand {release} ist schon veröffentlicht: ohne Sperrfrist freigeben oder einen geplanten Datenstand wählen."
                    ),
                    format!(
                        "Release {release} is out already: approve without an embargo or choose a scheduled release."
                    ),
                ),
                StoreError::NotFound(what) if what.starts_with("release") => Error::not_found(
                    &format!("Der Datenstand {release}"),
                    &format!("Release {release}"),
                ),
                other => other.into(),
            })
    }
}

/// The values added, changed and removed from `before` to `after` (current versions each).
fn changes(
    previous: Option<String>,
    before: &[vergleich_store::StoredObservation],
    after: &[vergleich_store::StoredObservation],
) -> ReleaseChanges {
    let key = |o: &vergleich_store::StoredObservation| {
        (
            o.observation.municipality.as_str().to_owned(),
            o.observation.indicator.as_str().to_owned(),
            o.observation.period.year(),
        )
    };
    let mut pairs: BTreeMap<(String, String, i32), (Option<&_>, Option<&_>)> = BTreeMap::new();
    for o in before {
        pairs.entry(key(o)).or_default().0 = Some(&o.observation);
    }
    for o in after {
        pairs.entry(key(o)).or_default().1 = Some(&o.observation);
    }
    let mut out = ReleaseChanges {
        previous,
        added: 0,
        changed: 0,
        removed: 0,
        listed: Vec::new(),
    };
    for ((municipality, indicator, year), (b, a)) in pairs {
        let b: Option<&vergleich_domain::Observation> = b;
        let change = match (b, a) {
            (None, Some(_)) => {
                out.added += 1;
                "added"
            }
            (Some(_), None) => {
                out.removed += 1;
                "removed"
            }
            (Some(b), Some(a)) if b.value != a.value || b.status != a.status => {
                out.changed += 1;
                "changed"
            }
            _ => continue,
        };
        if out.listed.len() < MAX_LISTED_CHANGES {
            out.listed.push(ValueChange {
                municipality,
                indicator,
                year,
                change: change.to_owned(),
                before: b.and_then(|o| o.value),
                after: a.and_then(|o| o.value),
                status_before: b.map(|o| o.status),
                status_after: a.map(|o| o.status),
            });
        }
    }
    out
}
