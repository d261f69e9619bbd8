//! Database rows (shared by both backends through sqlx's generic `FromRow`) and their
//! conversion into domain types. Stored text that no longer parses is reported as corrupt,
//! never guessed.

use chrono::{DateTime, Utc};
use vergleich_domain::{
    Ags, Field, FieldId, Indicator, IndicatorId, IndicatorKind, Level, Membership,
    MembershipStatus, MissingReason, Municipality, MunicipalityKind, Observation, Period, Polarity,
    State, Status, UploadId, UploadState,
};

use crate::error::StoreError;
use crate::types::{AuditEntry, StoredObservation, UploadRecord, User};

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} {value:?}"))
}

fn parse<T>(what: &str, value: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T, StoreError> {
    parse(value).ok_or_else(|| corrupt(what, value))
}

fn ags(value: &str) -> Result<Ags, StoreError> {
    Ags::parse(value).map_err(|_| corrupt("municipality key", value))
}

fn indicator_id(value: &str) -> Result<IndicatorId, StoreError> {
    IndicatorId::parse(value).map_err(|_| corrupt("indicator id", value))
}

fn field_id(value: &str) -> Result<FieldId, StoreError> {
    FieldId::parse(value).map_err(|_| corrupt("field id", value))
}

#[derive(sqlx::FromRow)]
pub(crate) struct FieldRow {
    id: String,
    position: i32,
    label_de: String,
    label_en: String,
    short_de: String,
    short_en: String,
    description_de: String,
    description_en: String,
    archived: bool,
}

impl TryFrom<FieldRow> for Field {
    type Error = StoreError;
    fn try_from(r: FieldRow) -> Result<Self, StoreError> {
        Ok(Field {
            id: field_id(&r.id)?,
            position: r.position,
            label_de: r.label_de,
            label_en: r.label_en,
            short_de: r.short_de,
            short_en: r.short_en,
            description_de: r.description_de,
            description_en: r.description_en,
            archived: r.archived,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct IndicatorRow {
    id: String,
    field: Option<String>,
    kind: String,
    label_de: String,
    label_en: String,
    definition_de: String,
    definition_en: String,
    unit: String,
    polarity: String,
    min_value: Option<f64>,
    max_value: Option<f64>,
    source: String,
    level: String,
    definition_version: i32,
}

impl TryFrom<IndicatorRow> for Indicator {
    type Error = StoreError;
    fn try_from(r: IndicatorRow) -> Result<Self, StoreError> {
        Ok(Indicator {
            id: indicator_id(&r.id)?,
            field: r.field.as_deref().map(field_id).transpose()?,
            kind: parse("indicator kind", &r.kind, IndicatorKind::parse)?,
            label_de: r.label_de,
            label_en: r.label_en,
            definition_de: r.definition_de,
            definition_en: r.definition_en,
            unit: r.unit,
            polarity: parse("polarity", &r.polarity, Polarity::parse)?,
            min: r.min_value,
            max: r.max_value,
            source: r.source,
            level: parse("level", &r.level, Level::parse)?,
            definition_version: r.definition_version,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct MunicipalityRow {
    pub(crate) key: String,
    name: String,
    state: String,
    kind: String,
}

impl MunicipalityRow {
    pub(crate) fn into_domain(
        self,
        memberships: Vec<Membership>,
    ) -> Result<Municipality, StoreError> {
        Ok(Municipality {
            key: ags(&self.key)?,
            name: self.name,
            state: parse("state", &self.state, State::parse)?,
            kind: parse("municipality kind", &self.kind, MunicipalityKind::parse)?,
            memberships,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct MembershipRow {
    id: i64,
    pub(crate) municipality: String,
    cohort: String,
    status: String,
    source: String,
    note: String,
    joined_year: Option<i32>,
    left_year: Option<i32>,
}

impl TryFrom<MembershipRow> for Membership {
    type Error = StoreError;
    fn try_from(r: MembershipRow) -> Result<Self, StoreError> {
        Ok(Membership {
            id: Some(r.id),
            cohort: r.cohort,
            status: parse("membership status", &r.status, MembershipStatus::parse)?,
            source: r.source,
            note: r.note,
            joined: r.joined_year,
            left: r.left_year,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ObservationRow {
    id: i64,
    municipality: String,
    indicator: String,
    period: i32,
    version: i32,
    value: Option<f64>,
    status: String,
    missing_reason: Option<String>,
    note: Option<String>,
    source: Option<String>,
    upload_id: i64,
    recorded_at: DateTime<Utc>,
    uploaded_by: String,
    upload_state: String,
    synthetic: bool,
}

impl TryFrom<ObservationRow> for StoredObservation {
    type Error = StoreError;
    fn try_from(r: ObservationRow) -> Result<Self, StoreError> {
        Ok(StoredObservation {
            id: r.id,
            observation: Observation {
                municipality: ags(&r.municipality)?,
                indicator: indicator_id(&r.indicator)?,
                period: Period::new(r.period)
                    .ok_or_else(|| corrupt("period", &r.period.to_string()))?,
                value: r.value,
                status: parse("status", &r.status, Status::parse)?,
                missing_reason: r
                    .missing_reason
                    .as_deref()
                    .map(|m| parse("missing reason", m, MissingReason::parse))
                    .transpose()?,
                note: r.note,
                source: r.source,
            },
            version: r.version,
            upload_id: UploadId(r.upload_id),
            recorded_at: r.recorded_at,
            recorded_by: r.uploaded_by,
            upload_state: parse("upload state", &r.upload_state, UploadState::parse)?,
            synthetic: r.synthetic,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct UploadRow {
    id: i64,
    municipality: Option<String>,
    uploaded_by: String,
    uploaded_at: DateTime<Utc>,
    file_name: Option<String>,
    sha256: Option<String>,
    state: String,
    synthetic: bool,
    observation_count: i64,
    idempotency_key: Option<String>,
    report: Option<String>,
    submitted_at: Option<DateTime<Utc>>,
    reviewed_by: Option<String>,
    reviewed_at: Option<DateTime<Utc>>,
    review_comment: Option<String>,
}

impl TryFrom<UploadRow> for UploadRecord {
    type Error = StoreError;
    fn try_from(r: UploadRow) -> Result<Self, StoreError> {
        Ok(UploadRecord {
            id: UploadId(r.id),
            municipality: r.municipality.as_deref().map(ags).transpose()?,
            uploaded_by: r.uploaded_by,
            uploaded_at: r.uploaded_at,
            file_name: r.file_name,
            sha256: r.sha256,
            state: parse("upload state", &r.state, UploadState::parse)?,
            synthetic: r.synthetic,
            observation_count: r.observation_count,
            idempotency_key: r.idempotency_key,
            report: r.report,
            submitted_at: r.submitted_at,
            reviewed_by: r.reviewed_by,
            reviewed_at: r.reviewed_at,
            review_comment: r.review_comment,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct AuditRow {
    id: i64,
    at: DateTime<Utc>,
    actor: String,
    action: String,
    subject: String,
    detail: String,
}

impl From<AuditRow> for AuditEntry {
    fn from(r: AuditRow) -> Self {
        AuditEntry {
            id: r.id,
            at: r.at,
            actor: r.actor,
            action: r.action,
            subject: r.subject,
            detail: r.detail,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: i64,
    name: String,
    role: String,
    municipality: Option<String>,
    created_at: DateTime<Utc>,
}

impl TryFrom<UserRow> for User {
    type Error = StoreError;
    fn try_from(r: UserRow) -> Result<Self, StoreError> {
        Ok(User {
            id: r.id,
            name: r.name,
            role: parse("role", &r.role, vergleich_domain::Role::parse)?,
            municipality: r.municipality.as_deref().map(ags).transpose()?,
            created_at: r.created_at,
        })
    }
}

/// An API token as its owner sees it listed.
#[derive(sqlx::FromRow)]
pub(crate) struct TokenRow {
    id: i64,
    label: String,
    created_at: DateTime<Utc>,
    revoked_at: Option<DateTime<Utc>>,
}

impl From<TokenRow> for crate::types::TokenInfo {
    fn from(r: TokenRow) -> Self {
        crate::types::TokenInfo {
            id: r.id,
            label: r.label,
            created_at: r.created_at,
            revoked_at: r.revoked_at,
        }
    }
}

/// A user and the argon2id hash of their password (if one is set).
#[derive(sqlx::FromRow)]
pub(crate) struct UserPasswordRow {
    #[sqlx(flatten)]
    user: UserRow,
    password_hash: Option<String>,
}

impl From<UserPasswordRow> for (UserRow, Option<String>) {
    fn from(r: UserPasswordRow) -> Self {
        (r.user, r.password_hash)
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct SessionRow {
    #[sqlx(flatten)]
    user: UserRow,
    csrf_token: String,
    expires_at: DateTime<Utc>,
    pub(crate) last_seen_at: DateTime<Utc>,
}

impl TryFrom<SessionRow> for crate::types::Session {
    type Error = StoreError;
    fn try_from(r: SessionRow) -> Result<Self, StoreError> {
        Ok(crate::types::Session {
            user: r.user.try_into()?,
            csrf_token: r.csrf_token,
            expires_at: r.expires_at,
        })
    }
}

/// A stored concept version; its content is the JSON document.
#[derive(sqlx::FromRow)]
pub(crate) struct ConceptRow {
    id: i64,
    municipality: String,
    label: String,
    title: String,
    state: String,
    adopted_on: Option<chrono::NaiveDate>,
    review_on: Option<chrono::NaiveDate>,
    document_url: Option<String>,
    based_on: Option<i64>,
    content: String,
    created_by: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    published_at: Option<DateTime<Utc>>,
}

impl TryFrom<ConceptRow> for crate::concepts::ConceptVersion {
    type Error = crate::StoreError;

    fn try_from(r: ConceptRow) -> Result<Self, Self::Error> {
        let corrupt =
            |what: &str| crate::StoreError::Corrupt(format!("concept version {}: {what}", r.id));
        let state = match r.state.as_str() {
            "draft" => crate::concepts::ConceptState::Draft,
            "published" => crate::concepts::ConceptState::Published,
            other => return Err(corrupt(&format!("state {other:?}"))),
        };
        let municipality = vergleich_domain::Ags::parse(&r.municipality)
            .map_err(|e| corrupt(&format!("municipality: {e}")))?;
        let content =
            serde_json::from_str(&r.content).map_err(|e| corrupt(&format!("content: {e}")))?;
        Ok(Self {
            id: r.id,
            municipality,
            label: r.label,
            title: r.title,
            state,
            adopted_on: r.adopted_on,
            review_on: r.review_on,
            document_url: r.document_url,
            based_on: r.based_on,
            content,
            created_by: r.created_by,
            created_at: r.created_at,
            updated_at: r.updated_at,
            published_at: r.published_at,
        })
    }
}
