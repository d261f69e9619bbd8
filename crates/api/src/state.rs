//! What every handler shares.

use std::sync::Arc;

use vergleich_ingest::Limits;
use vergleich_store::Store;

use crate::config::HttpArgs;

#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    /// Sessions, limits, cross-origin settings of `vergleich serve`.
    pub http: Arc<HttpArgs>,
    /// Limits of one uploaded file (size, rows, columns, cells, archive guards).
    pub limits: Arc<Limits>,
}

impl AppState {
    /// The state for a store with the given HTTP settings and the default upload limits.
    pub fn new(store: Arc<dyn Store>, http: HttpArgs) -> Self {
        Self {
            store,
            http: Arc::new(http),
            limits: Arc::new(Limits::default()),
        }
    }
}
