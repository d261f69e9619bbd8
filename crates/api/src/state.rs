//! What every handler shares.

use std::sync::Arc;

use vergleich_store::Store;

#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
}
