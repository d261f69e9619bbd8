//! The vergleich service: configuration, start-up, the axum router with its handlers and HTML
//! pages, and the command line. This is the only crate that knows HTTP; it maps analysis results
//! to chart specs and store records to responses.

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
pub mod snapshots;
pub mod startup;
pub mod state;
pub mod telemetry;
#[cfg(feature = "testing")]
pub mod testing;
pub mod uploads;
pub mod views;
pub mod work;

pub use routes::{openapi_document, router};
