//! The vocabulary of vergleich: identifiers that cannot be invalid ([`Ags`], [`FieldId`],
//! [`IndicatorId`]), the indicator catalogue and the cohort (both loaded from the CSV files under
//! `datasets/`), observations with their SDMX-like attributes, uploads and user roles, and the
//! deterministic demo-data generator.
//!
//! This crate does no I/O: loaders take text, the generator returns values. Every other crate
//! depends on it; it depends on none of them.

pub mod catalogue;
pub mod catalogue_edit;
pub mod cohort;
pub mod cohort_periods;
pub mod concept;
pub mod demo;
mod error;
pub mod exchange;
pub mod format;
pub mod ids;
pub mod observation;
pub mod release;
pub mod role;
pub mod selfcheck;
pub mod stats;
pub mod upload;

pub use catalogue::{Catalogue, Field, Indicator, IndicatorKind, Level, Polarity};
pub use cohort::{Cohort, Membership, MembershipStatus, Municipality, MunicipalityKind, State};
pub use error::{DatasetError, DatasetIssue, IdError};
pub use ids::{Ags, FieldId, IndicatorId};
pub use observation::{MissingReason, Observation, Period, Status};
pub use release::Release;
pub use role::Role;
pub use upload::{UploadId, UploadState};

/// The label every value derived from the demo data carries, in data and in API responses.
pub const SYNTHETIC_LABEL_DE: &str = "Beispieldaten (synthetisch)";
/// English form of [`SYNTHETIC_LABEL_DE`].
pub const SYNTHETIC_LABEL_EN: &str = "Sample data (synthetic)";
