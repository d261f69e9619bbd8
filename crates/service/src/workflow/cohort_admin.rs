//! The cohort at runtime (issue #14 B.3–4), for admins: add a municipality with its first
//! membership period, rename it, add a period (it joined a named cohort, or came back) and
//! change one (it left: `left`). Each change is checked by the domain's rules (key, state and
//! kind agree; years in order; no overlap with another period of the same cohort), audited with
//! before and after by the store, and counted in the data version: every view counts the new
//! cohort with the next request.

use serde::{Deserialize, Deserializer};
use vergleich_domain::cohort_periods::{
    self, check_cohort_name, municipality_problems, overlapping,
};
use vergleich_domain::{
    Ags, Membership, MembershipStatus, Municipality, MunicipalityKind, Role, State,
};
use vergleich_store::StoreError;

use super::{Principal, Workflow};
use crate::error::{Error, ErrorCode, ErrorDetail, Result};

/// The longest name of a municipality.
pub const MAX_NAME: usize = 200;
/// The longest source or note of a period.
pub const MAX_TEXT: usize = 500;

/// A municipality to add, with its first membership period.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMunicipality {
    /// AGS (8 digits) or, for a Landkreis, the 5-digit district key.
    #[schema(pattern = "^([0-9]{5}|[0-9]{8})$")]
    pub key: String,
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub name: String,
    /// Default: the state of the key's first two digits.
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "RP", pattern = "^(SH|HH|NI|HB|NW|HE|RP|BW|BY|SL|BE|BB|MV|SN|ST|TH)$")]
    pub state: Option<State>,
    #[schema(value_type = String, example = "kreisfreie_stadt", pattern = "^(kreisfreie_stadt|stadt|gemeinde|landkreis)$")]
    pub kind: MunicipalityKind,
    /// Its first period.
    pub membership: PeriodBody,
}

/// A membership period: the named cohort, how sure its membership is, where that is stated,
/// and the years (both included; none: open).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PeriodBody {
    #[schema(pattern = "^[a-z0-9-]{1,64}$", example = "weltoffene-kommunen-2020")]
    pub cohort: String,
    #[schema(value_type = String, example = "confirmed", pattern = "^(confirmed|pilot|announced|demo)$")]
    pub status: MembershipStatus,
    #[schema(min_length = 1, max_length = 500, pattern = "\\S")]
    pub source: String,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub note: String,
    #[schema(minimum = 1990, maximum = 2100)]
    pub joined: Option<i32>,
    #[schema(minimum = 1990, maximum = 2100)]
    pub left: Option<i32>,
}

/// What a change of a municipality may change (what is not given stays).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MunicipalityPatch {
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub name: Option<String>,
    #[schema(value_type = Option<String>, pattern = "^(kreisfreie_stadt|stadt|gemeinde|landkreis)$")]
    pub kind: Option<MunicipalityKind>,
}

/// What a change of a period may change (what is not given stays; `left: null` opens it again).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PeriodPatch {
    #[schema(value_type = Option<String>, pattern = "^(confirmed|pilot|announced|demo)$")]
    pub status: Option<MembershipStatus>,
    #[schema(min_length = 1, max_length = 500, pattern = "\\S")]
    pub source: Option<String>,
    #[schema(max_length = 500)]
    pub note: Option<String>,
    #[serde(default, deserialize_with = "given")]
    #[schema(value_type = Option<i32>, minimum = 1990, maximum = 2100)]
    pub joined: Option<Option<i32>>,
    #[serde(default, deserialize_with = "given")]
    #[schema(value_type = Option<i32>, minimum = 1990, maximum = 2100)]
    pub left: Option<Option<i32>>,
}

/// A field that was sent (even as `null`) is `Some`.
fn given<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<Option<i32>>, D::Error> {
    Option::<i32>::deserialize(d).map(Some)
}

fn refuse(field: &str, de: String, en: String) -> Error {
    Error::invalid(vec![ErrorDetail {
        code: "invalid-cohort-change".to_owned(),
        parameter: Some(field.to_owned()),
        row: None,
        column: None,
        value: None,
        message_de: de,
        message_en: en,
    }])
}

/// A text that must be given (after trimming) and may be at most `max` characters.
fn text(field: &str, value: &str, max: usize, required: bool) -> Result<String> {
    let value = value.trim();
    if required && value.is_empty() {
        return Err(refuse(
            field,
            format!("{field} fehlt."),
            format!("{field} is missing."),
        ));
    }
    let n = value.chars().count();
    if n > max {
        return Err(refuse(
            field,
            format!("{field} hat {n} Zeichen, höchstens {max} sind erlaubt."),
            format!("{field} has {n} characters, at most {max} are allowed."),
        ));
    }
    Ok(value.to_owned())
}

fn membership_of(body: PeriodBody, prefix: &str) -> Result<Membership> {
    Ok(Membership {
        id: None,
        cohort: body.cohort.trim().to_owned(),
        status: body.status,
        source: text(&format!("{prefix}source"), &body.source, MAX_TEXT, true)?,
        note: text(&format!("{prefix}note"), &body.note, MAX_TEXT, false)?,
        joined: body.joined,
        left: body.left,
    })
}

/// The domain's checks of a period: its cohort name and years (400 naming the field), then
/// overlap with another period of the same cohort (409 naming that period).
fn check_period(m: &Membership, others: &[Membership], prefix: &str) -> Result<()> {
    check_cohort_name(&m.cohort).map_err(|e| refuse(&format!("{prefix}cohort"), e.clone(), e))?;
    cohort_periods::check_period(m.joined, m.left)
        .map_err(|(field, e)| refuse(&format!("{prefix}{field}"), e.clone(), e))?;
    if let Some(other) = overlapping(m, others) {
        let period = other.period_label();
        return Err(Error::new(
            ErrorCode::Conflict,
            format!(
                "Der Zeitraum überschneidet sich mit dem Zeitraum {period} derselben Kohorte {}: erst jenen beenden (left) oder spätere Jahre wählen.",
                m.cohort
            ),
            format!(
                "The period overlaps the period {period} of the same cohort {}: end that one first (left) or choose later years.",
                m.cohort
            ),
        ));
    }
    Ok(())
}

fn not_found(key: &str) -> Error {
    Error::unknown_member("key", key)
}

fn conflict(e: StoreError) -> Error {
    match e {
        StoreError::Conflict(message) => Error::new(
            ErrorCode::Conflict,
            format!("Die Änderung widerspricht der gespeicherten Kohorte: {message}"),
            format!("The change conflicts with the stored cohort: {message}"),
        ),
        other => other.into(),
    }
}

impl Workflow<'_> {
    fn cohort_admin(&self, principal: &Principal) -> Result<()> {
        principal.require(&[Role::Admin], "die Kohorte ändern", "change the cohort")?;
        Ok(())
    }

    async fn stored_member(&self, key: &Ags) -> Result<Municipality> {
        self.store
            .municipalities()
            .await?
            .into_iter()
            .find(|m| &m.key == key)
            .ok_or_else(|| not_found(key.as_str()))
    }

    /// Adds a municipality with its first period.
    pub async fn add_municipality(
        &self,
        principal: &Principal,
        new: NewMunicipality,
    ) -> Result<Municipality> {
        self.cohort_admin(principal)?;
        let key = Ags::parse(new.key.trim()).map_err(|e| {
            refuse(
                "key",
                format!("Kein Gemeindeschlüssel: {e}"),
                format!("Not a municipality key: {e}"),
            )
        })?;
        let state = new.state.or_else(|| State::of_key(&key)).ok_or_else(|| {
            refuse(
                "key",
                format!("{key}: die ersten zwei Ziffern nennen kein Land."),
                format!("{key}: the first two digits name no state."),
            )
        })?;
        if let Some((field, message)) = municipality_problems(&key, state, new.kind)
            .into_iter()
            .next()
        {
            return Err(refuse(field, message.clone(), message));
        }
        let name = text("name", &new.name, MAX_NAME, true)?;
        let membership = membership_of(new.membership, "membership.")?;
        check_period(&membership, &[], "membership.")?;
        let municipality = Municipality {
            key,
            name,
            state,
            kind: new.kind,
            memberships: vec![membership],
        };
        if self
            .store
            .municipalities()
            .await?
            .iter()
            .any(|m| m.key == municipality.key)
        {
            return Err(Error::new(
                ErrorCode::Conflict,
                format!(
                    "Die Kommune {} gibt es schon; sie bekommt einen weiteren Zeitraum (POST …/memberships).",
                    municipality.key
                ),
                format!(
                    "Municipality {} exists already; give it another period (POST …/memberships).",
                    municipality.key
                ),
            ));
        }
        self.store
            .add_municipality(&municipality, &principal.actor())
            .await
            .map_err(conflict)
    }

    /// Renames a municipality or corrects its kind (its key and state stay).
    pub async fn edit_municipality(
        &self,
        principal: &Principal,
        key: &Ags,
        patch: MunicipalityPatch,
    ) -> Result<Municipality> {
        self.cohort_admin(principal)?;
        let mut m = self.stored_member(key).await?;
        if let Some(name) = patch.name {
            m.name = text("name", &name, MAX_NAME, true)?;
        }
        if let Some(kind) = patch.kind {
            m.kind = kind;
        }
        if let Some((field, message)) = municipality_problems(&m.key, m.state, m.kind)
            .into_iter()
            .next()
        {
            return Err(refuse(field, message.clone(), message));
        }
        match self.store.update_municipality(&m, &principal.actor()).await {
            Err(StoreError::NotFound(_)) => Err(not_found(key.as_str())),
            other => other.map_err(conflict),
        }
    }

    /// Adds a membership period (joined a named cohort, or came back).
    pub async fn add_period(
        &self,
        principal: &Principal,
        key: &Ags,
        body: PeriodBody,
    ) -> Result<Municipality> {
        self.cohort_admin(principal)?;
        let m = self.stored_member(key).await?;
        let membership = membership_of(body, "")?;
        check_period(&membership, &m.memberships, "")?;
        match self
            .store
            .add_membership(key, &membership, &principal.actor())
            .await
        {
            Err(StoreError::NotFound(_)) => Err(not_found(key.as_str())),
            other => other.map_err(conflict),
        }
    }

    /// Changes a period: e.g. it left (`left`), or a corrected status or source.
    pub async fn edit_period(
        &self,
        principal: &Principal,
        key: &Ags,
        id: i64,
        patch: PeriodPatch,
    ) -> Result<Municipality> {
        self.cohort_admin(principal)?;
        let m = self.stored_member(key).await?;
        let mut period = m
            .memberships
            .iter()
            .find(|p| p.id == Some(id))
            .cloned()
            .ok_or_else(|| {
                Error::not_found(
                    &format!("Der Zeitraum {id} der Kommune {key}"),
                    &format!("Period {id} of municipality {key}"),
                )
            })?;
        if let Some(status) = patch.status {
            period.status = status;
        }
        if let Some(source) = patch.source {
            period.source = text("source", &source, MAX_TEXT, true)?;
        }
        if let Some(note) = patch.note {
            period.note = text("note", &note, MAX_TEXT, false)?;
        }
        if let Some(joined) = patch.joined {
            period.joined = joined;
        }
        if let Some(left) = patch.left {
            period.left = left;
        }
        check_period(&period, &m.memberships, "")?;
        match self
            .store
            .update_membership(key, id, &period, &principal.actor())
            .await
        {
            Err(StoreError::NotFound(_)) => Err(Error::not_found(
                &format!("Der Zeitraum {id} der Kommune {key}"),
                &format!("Period {id} of municipality {key}"),
            )),
            other => other.map_err(conflict),
        }
    }
}
