//! The edge of vergleich: configuration, start-up, the axum router with its handlers and HTML
//! pages, operations layers, and the command line. The only crate that knows HTTP and HTML; what
//! a view computes and what a workflow step may do lives in `vergleich_service`.

pub mod auth;
pub mod cache;
pub mod cli;
pub mod config;
pub mod error;
pub mod export;
mod extract;
pub mod negotiate;
pub mod ops;
pub mod pages;
mod routes;
pub use routes::workshops::JOIN_FREE;
pub mod snapshots;
pub mod startup;
pub mod state;
pub mod telemetry;
#[cfg(feature = "testing")]
pub mod testing;
mod writes;

pub use routes::{openapi_document, openapi_json, router};
