//! Changes of the catalogue at runtime (issue #14 B), by admins: add a field or an indicator,
//! edit labels and help texts, archive a field (deleting one that has indicators is refused),
//! and change an indicator's definition (a new definition version). Every change writes its
//! audit entry with before and after in the same transaction, under an action `catalogue.…`,
//! which [`crate::WorkflowStore::data_version`] counts: the view cache and the kept data states
//! follow at once. A field or indicator changed here is marked edited, and the seed from
//! `datasets/` at start-up no longer overwrites it (the files stay the seed of a new database).

use async_trait::async_trait;
use vergleich_domain::catalogue_edit::{DefinitionChange, DefinitionVersion};
use vergleich_domain::{Field, FieldId, Indicator, IndicatorId};

use crate::StoreError;

#[async_trait]
pub trait CatalogueStore: Send + Sync {
    /// Adds a field; `Conflict` when the id exists.
    async fn add_field(&self, field: &Field, actor: &str) -> Result<Field, StoreError>;

    /// Replaces a field's position, labels, short labels, descriptions and archived flag;
    /// `NotFound` without it.
    async fn update_field(&self, field: &Field, actor: &str) -> Result<Field, StoreError>;

    /// Deletes a field that no indicator names; `Conflict` otherwise (archive it instead),
    /// `NotFound` without it.
    async fn delete_field(&self, id: &FieldId, actor: &str) -> Result<(), StoreError>;

    /// Adds an indicator (definition version 1, recorded as the first version); `Conflict`
    /// when the id exists, `UnknownReference` for an unknown field.
    async fn add_indicator(
        &self,
        indicator: &Indicator,
        actor: &str,
    ) -> Result<Indicator, StoreError>;

    /// Replaces an indicator's labels, definition texts of its current version, unit, source,
    /// range, level, polarity, kind and field — no new version, its definition version stays;
    /// `NotFound` without it, `UnknownReference` for an unknown field.
    async fn update_indicator(
        &self,
        indicator: &Indicator,
        actor: &str,
    ) -> Result<Indicator, StoreError>;

    /// Records a new definition version (the current one + 1) valid from `change.valid_from`,
    /// with its texts and note, and makes it the indicator's current definition; `NotFound`
    /// without the indicator, `Conflict` when `valid_from` is not after the last version's.
    async fn change_definition(
        &self,
        id: &IndicatorId,
        change: &DefinitionChange,
        actor: &str,
    ) -> Result<Indicator, StoreError>;

    /// An indicator's definition versions, oldest first (version 1 first, with the texts the
    /// catalogue started with when no change was recorded).
    async fn definition_versions(
        &self,
        id: &IndicatorId,
    ) -> Result<Vec<DefinitionVersion>, StoreError>;
}
