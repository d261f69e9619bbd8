//! Ingestion: turns uploaded bytes (CSV in the dialects German offices produce, XLSX, ODS and
//! JSON) into validated observations, or into a validation report that lists every problem with
//! row, column, a stable code and a message in German and English. Nothing here touches the
//! database: the store commits what this crate accepted.
//!
//! Filled by the ingestion issue; the foundation only fixes the crate's place in the workspace.
