//! The workflow rules as plain functions over the store: uploading, the review of an upload
//! (submit, approve, reject, what it changes), signing in and out, and accounts and tokens.
//! The JSON API, the HTML pages and the command line call the same functions, so a rule is
//! written once: who may do what, in which state, with which audit entry.
//!
//! - [`Principal`]: who acts; every authorization decision starts from it.
//! - [`upload`]: the upload pipeline and what an upload looks like to its reader.
//! - [`review`]: submit, approve, reject, the change list, the audit log.
//! - [`session`]: sign-in with name and password, sign-out, who a token or session id is.
//! - [`throttle`]: the per-name lock after wrong passwords.
//! - [`accounts`]: users, passwords and API tokens (the command line).
//! - [`password`]: argon2id hashing and checking.

pub mod accounts;
pub mod catalogue_admin;
pub mod cohort_admin;
pub mod concept_across;
pub mod concept_bulk;
pub mod concept_demo;
pub mod concept_model;
pub mod concept_view;
pub mod concept_warnings;
pub mod concepts;
pub mod exchange_demo;
pub mod exchange_index;
pub mod exchange_requests;
pub mod password;
pub mod practices;
pub mod principal;
pub mod release_content;
pub mod releases;
pub mod review;
pub mod selfcheck;
pub mod selfcheck_across;
pub mod selfcheck_compare;
#[cfg(test)]
mod selfcheck_compare_tests;
pub mod selfcheck_demo;
pub mod selfcheck_publish;
pub mod selfcheck_view;
pub mod selfcheck_workshop;
pub mod selfcheck_workshop_input;
pub mod selfcheck_workshop_view;
pub mod session;
pub mod throttle;
pub mod upload;

use vergleich_ingest::Limits;
use vergleich_store::Store;

pub use principal::{Principal, new_token, secret_hash, unauthenticated};
pub use throttle::SignInThrottle;

use crate::work::CpuWork;

/// What a workflow step runs with: the store, the upload limits and the bounds on CPU work.
/// Cheap to build (borrows only); the edge builds one per request from its shared state.
#[derive(Debug, Clone, Copy)]
pub struct Workflow<'a> {
    pub store: &'a dyn Store,
    /// Limits of one uploaded file.
    pub limits: &'a Limits,
    /// Password checks (argon2id is deliberately slow CPU work).
    pub work: &'a CpuWork,
    /// Parsing uploads, on its own smaller bound (a parse can take much memory).
    pub parses: &'a CpuWork,
    /// How long a browser session lasts without a request.
    pub session_minutes: u32,
    /// How long a browser session lasts at most, however active.
    pub session_max_minutes: u32,
    /// Wrong passwords per name (one per service, shared by every request).
    pub sign_ins: &'a SignInThrottle,
}
