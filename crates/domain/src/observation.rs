//! Observations with SDMX-like attributes (DOMAIN.md §6): a value or a reason why there is none,
//! a status, a note and a source. Missing is never 0.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::catalogue::str_enum;
use crate::ids::{Ags, IndicatorId};

/// A reporting year. Bounded so a typo like 20224 is caught at the edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i32", into = "i32")]
pub struct Period(i32);

impl Period {
    pub const MIN: i32 = 1990;
    pub const MAX: i32 = 2100;

    pub fn new(year: i32) -> Option<Self> {
        (Self::MIN..=Self::MAX)
            .contains(&year)
            .then_some(Self(year))
    }

    pub fn year(self) -> i32 {
        self.0
    }
}

impl TryFrom<i32> for Period {
    type Error = String;
    fn try_from(year: i32) -> Result<Self, Self::Error> {
        Self::new(year)
            .ok_or_else(|| format!("year {year} is outside {}..={}", Self::MIN, Self::MAX))
    }
}

impl From<Period> for i32 {
    fn from(period: Period) -> Self {
        period.0
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Observation status, as in SDMX `OBS_STATUS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    /// Normal value.
    A,
    /// Provisional.
    P,
    /// Estimated.
    E,
    /// Missing; the reason says why.
    M,
}

str_enum!(Status { A => "A", P => "P", E => "E", M => "M" });

/// Why a value is missing. Official statistics mark these cells with `.`, `...`, `x` and `/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingReason {
    /// The member skipped the question.
    Skipped,
    /// Secret or unknown (`.`).
    Secret,
    /// Not yet available (`...`).
    NotAvailable,
    /// Not meaningful (`x`).
    NotMeaningful,
    /// Too uncertain to publish (`/`).
    Unreliable,
}

str_enum!(MissingReason {
    Skipped => "skipped",
    Secret => "secret",
    NotAvailable => "not_available",
    NotMeaningful => "not_meaningful",
    Unreliable => "unreliable",
});

/// One observation as it arrives, before storage adds version and provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    pub municipality: Ags,
    pub indicator: IndicatorId,
    pub period: Period,
    /// `None` exactly when `status` is [`Status::M`].
    pub value: Option<f64>,
    pub status: Status,
    pub missing_reason: Option<MissingReason>,
    pub note: Option<String>,
    pub source: Option<String>,
}

/// An observation that breaks the rules linking value, status and reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ObservationError {
    #[error("a value must be a finite number")]
    NotFinite,
    #[error("status M (missing) needs a reason and no value")]
    MissingWithValue,
    #[error("a missing value needs status M and a reason")]
    ValueWithoutStatusM,
    #[error("a reason for missing is only allowed with status M")]
    ReasonWithoutStatusM,
}

impl Observation {
    /// Checks the invariants: missing ⇔ status M with a reason; every value finite.
    pub fn check(&self) -> Result<(), ObservationError> {
        match (self.value, self.status, self.missing_reason) {
            (Some(v), _, _) if !v.is_finite() => Err(ObservationError::NotFinite),
            (Some(_), Status::M, _) | (None, Status::M, None) => {
                Err(ObservationError::MissingWithValue)
            }
            (None, _, _) if self.status != Status::M => Err(ObservationError::ValueWithoutStatusM),
            (Some(_), _, Some(_)) => Err(ObservationError::ReasonWithoutStatusM),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(value: Option<f64>, status: Status, reason: Option<MissingReason>) -> Observation {
        Observation {
            municipality: Ags::parse("07312000").unwrap(),
            indicator: IndicatorId::parse("auslaenderanteil").unwrap(),
            period: Period::new(2020).unwrap(),
            value,
            status,
            missing_reason: reason,
            note: None,
            source: None,
        }
    }

    #[test]
    fn missing_needs_status_m_and_a_reason_never_a_zero() {
        assert_eq!(obs(Some(17.0), Status::A, None).check(), Ok(()));
        assert_eq!(
            obs(None, Status::M, Some(MissingReason::Secret)).check(),
            Ok(())
        );
        assert_eq!(
            obs(None, Status::M, None).check(),
            Err(ObservationError::MissingWithValue)
        );
        assert_eq!(
            obs(Some(0.0), Status::M, Some(MissingReason::Secret)).check(),
            Err(ObservationError::MissingWithValue)
        );
        assert_eq!(
            obs(None, Status::P, None).check(),
            Err(ObservationError::ValueWithoutStatusM)
        );
        assert_eq!(
            obs(Some(1.0), Status::E, Some(MissingReason::Skipped)).check(),
            Err(ObservationError::ReasonWithoutStatusM)
        );
        assert_eq!(
            obs(Some(f64::INFINITY), Status::A, None).check(),
            Err(ObservationError::NotFinite)
        );
    }

    #[test]
    fn period_is_bounded_at_both_ends() {
        assert!(Period::new(1990).is_some());
        assert!(Period::new(1989).is_none());
        assert!(Period::new(2100).is_some());
        assert!(Period::new(2101).is_none());
        assert!(serde_json::from_str::<Period>("20224").is_err());
    }
}
