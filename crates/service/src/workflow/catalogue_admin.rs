//! The catalogue at runtime (issue #14 B.1–2, B.4), for admins: add a field or an indicator,
//! edit labels and help texts, archive or delete a field, change an indicator's definition (a
//! new definition version with the day it applies from and a note). Every change is checked by
//! the domain's rules (`vergleich_domain::catalogue_edit`), audited with before and after by
//! the store, and counted in the data version, so every view, chart and page shows it with the
//! next request — no restart.

use serde::Deserialize;
use vergleich_domain::catalogue_edit::{
    DefinitionChange, DefinitionVersion, EditProblem, check_definition_change, check_field_texts,
    check_indicator_texts, check_new_field, check_new_indicator,
};
use vergleich_domain::{Catalogue, Field, FieldId, Indicator, IndicatorId, Role};
use vergleich_store::StoreError;

use super::{Principal, Workflow};
use crate::error::{Error, ErrorCode, ErrorDetail, Result};

/// A problem as the detail of one 400.
pub fn refuse(problem: EditProblem) -> Error {
    Error::invalid(vec![ErrorDetail {
        code: "invalid-catalogue-change".to_owned(),
        parameter: Some(problem.field),
        row: None,
        column: None,
        value: None,
        message_de: problem.de,
        message_en: problem.en,
    }])
}

/// What an edit of a field may change (each optional: what is not given stays).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldPatch {
    #[schema(minimum = 1, maximum = 99)]
    pub position: Option<i32>,
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub label_de: Option<String>,
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub label_en: Option<String>,
    #[schema(max_length = 40)]
    pub short_de: Option<String>,
    #[schema(max_length = 40)]
    pub short_en: Option<String>,
    #[schema(max_length = 4000)]
    pub description_de: Option<String>,
    #[schema(max_length = 4000)]
    pub description_en: Option<String>,
    /// Archived fields take no new indicators; their data stays.
    pub archived: Option<bool>,
}

/// What an edit of an indicator may change without a new definition version: labels, the
/// wording of its definition (help text) and its source. A change of meaning is a definition
/// change (`POST …/definitions`).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorPatch {
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub label_de: Option<String>,
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub label_en: Option<String>,
    #[schema(min_length = 1, max_length = 4000, pattern = "\\S")]
    pub definition_de: Option<String>,
    #[schema(max_length = 4000)]
    pub definition_en: Option<String>,
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub source: Option<String>,
}

fn taken(what_de: &str, what_en: &str, id: &str) -> Error {
    Error::new(
        ErrorCode::Conflict,
        format!("{what_de} {id} gibt es schon; eine andere ID wählen oder ihn bearbeiten."),
        format!("{what_en} {id} exists already; choose another id or edit it."),
    )
}

fn field_not_found(id: &str) -> Error {
    Error::not_found(&format!("Das Handlungsfeld {id}"), &format!("field {id}"))
}

fn indicator_not_found(id: &str) -> Error {
    Error::not_found(&format!("Der Indikator {id}"), &format!("indicator {id}"))
}

fn conflict(e: StoreError) -> Error {
    match e {
        StoreError::Conflict(message) => Error::new(
            ErrorCode::Conflict,
            format!("Die Änderung widerspricht dem gespeicherten Katalog: {message}"),
            format!("The change conflicts with the stored catalogue: {message}"),
        ),
        other => other.into(),
    }
}

impl Workflow<'_> {
    fn catalogue_admin(&self, principal: &Principal) -> Result<()> {
        principal.require(&[Role::Admin], "den Katalog ändern", "change the catalogue")?;
        Ok(())
    }

    async fn current_catalogue(&self) -> Result<Catalogue> {
        Ok(Catalogue {
            fields: self.store.fields().await?,
            indicators: self.store.indicators().await?,
        })
    }

    /// Adds a field (an eighth Handlungsfeld).
    pub async fn add_field(&self, principal: &Principal, field: Field) -> Result<Field> {
        self.catalogue_admin(principal)?;
        let catalogue = self.current_catalogue().await?;
        if catalogue.field(&field.id).is_some() {
            return Err(taken("Das Handlungsfeld", "Field", field.id.as_str()));
        }
        check_new_field(&field, &catalogue).map_err(refuse)?;
        self.store
            .add_field(&field, &principal.actor())
            .await
            .map_err(conflict)
    }

    /// Edits a field's texts, position or archived flag.
    pub async fn edit_field(
        &self,
        principal: &Principal,
        id: &FieldId,
        patch: FieldPatch,
    ) -> Result<Field> {
        self.catalogue_admin(principal)?;
        let catalogue = self.current_catalogue().await?;
        let mut field = catalogue
            .field(id)
            .cloned()
            .ok_or_else(|| field_not_found(id.as_str()))?;
        let set = |target: &mut String, value: Option<String>| {
            if let Some(v) = value {
                *target = v.trim().to_owned();
            }
        };
        set(&mut field.label_de, patch.label_de);
        set(&mut field.label_en, patch.label_en);
        set(&mut field.short_de, patch.short_de);
        set(&mut field.short_en, patch.short_en);
        set(&mut field.description_de, patch.description_de);
        set(&mut field.description_en, patch.description_en);
        if let Some(p) = patch.position {
            field.position = p;
        }
        if let Some(a) = patch.archived {
            field.archived = a;
        }
        check_field_texts(&field).map_err(refuse)?;
        match self.store.update_field(&field, &principal.actor()).await {
            Err(StoreError::NotFound(_)) => Err(field_not_found(id.as_str())),
            other => other.map_err(conflict),
        }
    }

    /// Deletes a field no indicator names (else 409: archive it).
    pub async fn delete_field(&self, principal: &Principal, id: &FieldId) -> Result<()> {
        self.catalogue_admin(principal)?;
        match self.store.delete_field(id, &principal.actor()).await {
            Err(StoreError::NotFound(_)) => Err(field_not_found(id.as_str())),
            Err(StoreError::Conflict(_)) => Err(Error::new(
                ErrorCode::Conflict,
                format!(
                    "Das Handlungsfeld {id} hat Indikatoren und wird nicht gelöscht; es kann archiviert werden (archived: true)."
                ),
                format!(
                    "Field {id} has indicators and is not deleted; it can be archived (archived: true)."
                ),
            )),
            other => Ok(other?),
        }
    }

    /// Adds an indicator (definition version 1).
    pub async fn add_indicator(
        &self,
        principal: &Principal,
        indicator: Indicator,
    ) -> Result<Indicator> {
        self.catalogue_admin(principal)?;
        let catalogue = self.current_catalogue().await?;
        if catalogue.indicator(&indicator.id).is_some() {
            return Err(taken("Den Indikator", "Indicator", indicator.id.as_str()));
        }
        match indicator.field.as_ref().map(|f| (f, catalogue.field(f))) {
            Some((f, None)) => return Err(Error::unknown_field("field", f.as_str())),
            Some((f, Some(x))) if x.archived => {
                return Err(Error::new(
                    ErrorCode::Conflict,
                    format!(
                        "Das Handlungsfeld {f} ist archiviert und nimmt keine neuen Indikatoren auf."
                    ),
                    format!("Field {f} is archived and takes no new indicators."),
                ));
            }
            _ => {}
        }
        check_new_indicator(&indicator, &catalogue).map_err(refuse)?;
        self.store
            .add_indicator(&indicator, &principal.actor())
            .await
            .map_err(conflict)
    }

    /// Edits an indicator's labels, definition wording and source (no new version).
    pub async fn edit_indicator(
        &self,
        principal: &Principal,
        id: &IndicatorId,
        patch: IndicatorPatch,
    ) -> Result<Indicator> {
        self.catalogue_admin(principal)?;
        let catalogue = self.current_catalogue().await?;
        let mut indicator = catalogue
            .indicator(id)
            .cloned()
            .ok_or_else(|| indicator_not_found(id.as_str()))?;
        for (target, value) in [
            (&mut indicator.label_de, patch.label_de),
            (&mut indicator.label_en, patch.label_en),
            (&mut indicator.definition_de, patch.definition_de),
            (&mut indicator.definition_en, patch.definition_en),
            (&mut indicator.source, patch.source),
        ] {
            if let Some(v) = value {
                *target = v.trim().to_owned();
            }
        }
        check_indicator_texts(&indicator).map_err(refuse)?;
        match self
            .store
            .update_indicator(&indicator, &principal.actor())
            .await
        {
            Err(StoreError::NotFound(_)) => Err(indicator_not_found(id.as_str())),
            other => other.map_err(conflict),
        }
    }

    /// A new definition version of an indicator, valid from a day after the last one.
    pub async fn change_definition(
        &self,
        principal: &Principal,
        id: &IndicatorId,
        change: DefinitionChange,
    ) -> Result<Indicator> {
        self.catalogue_admin(principal)?;
        let versions = self.definition_versions(id).await?;
        check_definition_change(&change, &versions).map_err(|p| {
            if p.field == "valid_from" {
                // A version dated on or before the last one conflicts with what is stored.
                Error::new(ErrorCode::Conflict, p.de, p.en)
            } else {
                refuse(p)
            }
        })?;
        match self
            .store
            .change_definition(id, &change, &principal.actor())
            .await
        {
            Err(StoreError::NotFound(_)) => Err(indicator_not_found(id.as_str())),
            other => other.map_err(conflict),
        }
    }

    /// An indicator's definition versions, oldest first (everyone may read them).
    pub async fn definition_versions(&self, id: &IndicatorId) -> Result<Vec<DefinitionVersion>> {
        match self.store.definition_versions(id).await {
            Err(StoreError::NotFound(_)) => Err(indicator_not_found(id.as_str())),
            other => Ok(other?),
        }
    }
}
