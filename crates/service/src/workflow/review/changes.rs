//! What an upload changes against the published data, per observation: what a reviewer reads
//! before approving, with the member's previous published year and the other members' range
//! beside each value ([`super::context`]).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use vergleich_domain::UploadId;
use vergleich_store::{ObservationQuery, StoredObservation, Visibility};

use super::context::{Context, EarlierValue, PeerRange};
use crate::error::Result;
use crate::workflow::upload::UploadView;
use crate::workflow::{Principal, Workflow};

/// One value as stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct ValueAt {
    pub value: Option<f64>,
    pub status: String,
    pub missing_reason: Option<String>,
    pub version: i32,
    pub upload_id: i64,
    pub recorded_at: DateTime<Utc>,
}

/// What an upload changes against the published data, for one observation.
#[derive(Debug, Serialize, ToSchema)]
pub struct Change {
    pub municipality: String,
    pub indicator: String,
    pub year: i32,
    /// The published value before this upload (none: a new observation).
    pub published: Option<ValueAt>,
    /// The value this upload brings.
    pub new: ValueAt,
    /// `new`, `value` (the number changes), `status` (only status or reason change).
    pub kind: &'static str,
    /// new − published, for a changed number.
    pub difference: Option<f64>,
    /// The member's published value of the latest earlier year (none: no earlier year).
    pub previous_year: Option<EarlierValue>,
    /// new − that earlier value, when both are numbers.
    pub change_from_previous_year: Option<f64>,
    /// The other members' published values of this indicator: of this year, or of the latest
    /// earlier year with at least three of them (none: fewer everywhere).
    pub peers: Option<PeerRange>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeList {
    pub upload: UploadView,
    pub count: usize,
    pub changes: Vec<Change>,
}

fn value_at(o: &StoredObservation) -> ValueAt {
    ValueAt {
        value: o.observation.value,
        status: o.observation.status.as_str().to_owned(),
        missing_reason: o.observation.missing_reason.map(|r| r.as_str().to_owned()),
        version: o.version,
        upload_id: o.upload_id.0,
        recorded_at: o.recorded_at,
    }
}

impl Workflow<'_> {
    /// What an upload the principal may see changes against the published data: every
    /// observation it brings with the published value it replaces (a value equal to the
    /// published one was not stored, unless another upload of that key was still in review).
    pub async fn changes(&self, principal: &Principal, id: i64) -> Result<ChangeList> {
        let upload = self.visible_upload(principal, id).await?;
        let brought = self.store.upload_observations(UploadId(id)).await?;
        let mut members: Vec<_> = brought
            .iter()
            .map(|o| o.observation.municipality.clone())
            .collect();
        members.sort();
        members.dedup();
        // Every published version of these members; per key the newest one older than this
        // upload's.
        let published = self
            .store
            .observations(&ObservationQuery {
                municipalities: members,
                history: true,
                visibility: Visibility::Published,
                ..Default::default()
            })
            .await?;
        let key = |o: &StoredObservation| {
            (
                o.observation.municipality.clone(),
                o.observation.indicator.clone(),
                o.observation.period,
            )
        };
        let mut by_key: HashMap<_, Vec<&StoredObservation>> = HashMap::new();
        for o in &published {
            by_key.entry(key(o)).or_default().push(o);
        }
        let observations: Vec<_> = brought.iter().map(|o| &o.observation).collect();
        let context = Context::load(self.store, &observations).await?;
        let changes: Vec<Change> = brought
            .iter()
            .map(|o| {
                let before = by_key
                    .get(&key(o))
                    .and_then(|vs| {
                        vs.iter()
                            .filter(|p| p.version < o.version)
                            .max_by_key(|p| p.version)
                    })
                    .copied();
                let kind = match before {
                    None => "new",
                    Some(p) if p.observation.value != o.observation.value => "value",
                    Some(_) => "status",
                };
                let difference = before
                    .and_then(|p| p.observation.value)
                    .zip(o.observation.value)
                    .map(|(a, b)| b - a);
                let previous_year = context.earlier(&o.observation);
                let change_from_previous_year = previous_year
                    .as_ref()
                    .and_then(|p| p.value)
                    .zip(o.observation.value)
                    .map(|(a, b)| b - a);
                Change {
                    municipality: o.observation.municipality.as_str().to_owned(),
                    indicator: o.observation.indicator.as_str().to_owned(),
                    year: o.observation.period.year(),
                    published: before.map(value_at),
                    new: value_at(o),
                    kind,
                    difference,
                    previous_year,
                    change_from_previous_year,
                    peers: context.peers(&o.observation),
                }
            })
            .collect();
        Ok(ChangeList {
            upload: upload.into(),
            count: changes.len(),
            changes,
        })
    }
}
