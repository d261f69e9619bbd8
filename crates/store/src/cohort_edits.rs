//! Changes of the cohort at runtime (issue #14 B.3/B.4), by admins: add a municipality with its
//! first period, rename it, add a period (it joined a cohort, or came back) and change one (it
//! left: set `left`). Every change writes its audit entry `catalogue.municipality.…` /
//! `catalogue.membership.…` with before and after in the same transaction, which
//! [`crate::WorkflowStore::data_version`] counts: the view cache and the kept data states follow
//! at once. A municipality or period changed here is marked edited, and the seed from
//! `datasets/cohort.csv` no longer overwrites it.
//!
//! The store refuses what only the database can decide: a taken key, an unknown municipality
//! or period, and a period that overlaps another of the same member and cohort (checked in the
//! writing transaction, so two admins cannot add overlapping periods at once).

use async_trait::async_trait;
use vergleich_domain::{Ags, Membership, Municipality};

use crate::StoreError;

#[async_trait]
pub trait CohortStore: Send + Sync {
    /// Adds a municipality with its periods; `Conflict` when the key exists or two of its
    /// periods overlap.
    async fn add_municipality(
        &self,
        municipality: &Municipality,
        actor: &str,
    ) -> Result<Municipality, StoreError>;

    /// Replaces a municipality's name, state and kind (its periods stay); `NotFound` without it.
    async fn update_municipality(
        &self,
        municipality: &Municipality,
        actor: &str,
    ) -> Result<Municipality, StoreError>;

    /// Adds a period of `key`; `NotFound` without the municipality, `Conflict` when the period
    /// overlaps another of the same cohort.
    async fn add_membership(
        &self,
        key: &Ags,
        membership: &Membership,
        actor: &str,
    ) -> Result<Municipality, StoreError>;

    /// Replaces the period `id` of `key` (cohort, status, source, note, years); `NotFound`
    /// without either, `Conflict` when it would overlap another period of the same cohort.
    async fn update_membership(
        &self,
        key: &Ags,
        id: i64,
        membership: &Membership,
        actor: &str,
    ) -> Result<Municipality, StoreError>;
}
