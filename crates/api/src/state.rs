//! What every handler shares.

use std::sync::Arc;

use vergleich_ingest::Limits;
use vergleich_store::Store;

use crate::cache::{DataVersion, ResponseCache};
use crate::config::HttpArgs;
use crate::ops::{Metrics, RateLimiter};
use crate::snapshots::Snapshots;
use vergleich_service::CpuWork;
use vergleich_service::Principal;
use vergleich_service::Workflow;
use vergleich_service::workflow::SignInThrottle;
use vergleich_service::workflow::upload::{UploadError, UploadFile, UploadOutcome, outcome_label};

/// The service's shared state: one `Arc`, so that the per-request clones every layer makes
/// (axum clones the state into each `from_fn_with_state` call) are one reference count, not
/// eleven (issue #18: they showed in the profile of the cached chart).
#[derive(Debug, Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What [`AppState`] holds.
#[derive(Debug, Clone)]
pub struct Shared {
    pub store: Arc<dyn Store>,
    /// Sessions, limits, cross-origin settings of `vergleich serve`.
    pub http: Arc<HttpArgs>,
    /// Limits of one uploaded file (size, rows, columns, cells, archive guards).
    pub limits: Arc<Limits>,
    /// Prometheus metrics served at `/metrics`; see `crate::ops::metrics` for how to add one.
    pub metrics: Arc<Metrics>,
    /// Per-principal request quota (`None`: rate limiting off), built from `http`.
    pub rate_limiter: Option<Arc<RateLimiter>>,
    /// Computed reads by data version, reader, URI and format (`crate::cache`).
    pub cache: Arc<ResponseCache>,
    /// What the cache keys answers by (`crate::cache::DataVersion`).
    pub data_version: Arc<DataVersion>,
    /// The data states views are computed from, per data version and reader (`crate::snapshots`).
    pub snapshots: Arc<Snapshots>,
    /// The bound on concurrent CPU jobs (`--cpu-jobs`, `vergleich_service::work`).
    pub work: CpuWork,
    /// The bound on uploads parsed at once (`--concurrent-parses`): a parse can take much
    /// memory, so it has its own, smaller bound.
    pub parses: CpuWork,
    /// Wrong passwords per account name (`vergleich_service::workflow::throttle`), in memory.
    pub sign_ins: Arc<SignInThrottle>,
    /// Wrong workshop join codes per client address (`crate::routes::workshops::JOIN_*`).
    pub joins: Arc<SignInThrottle>,
    /// The published Selbstcheck rounds as the comparisons across members read them.
    pub selfcheck: Arc<vergleich_service::workflow::selfcheck_across::PublishedCache>,
    /// The exchange index (published practices and measures), kept until one of them changes.
    pub exchange: Arc<vergleich_service::workflow::exchange_index::ExchangeIndexCache>,
    /// What each release that is out holds and what changed in it, kept once computed.
    pub releases: Arc<vergleich_service::workflow::releases::ReleaseFactsCache>,
}

impl AppState {
    /// The state for a store with the given HTTP settings and the default upload limits.
    pub fn new(store: Arc<dyn Store>, http: HttpArgs) -> Self {
        let snapshots = Arc::new(
            Snapshots::with_capacity(http.kept_observations)
                .with_kept_state(http.kept_state_folder()),
        );
        Self(Arc::new(Shared {
            store,
            rate_limiter: RateLimiter::from_args(&http).map(Arc::new),
            work: CpuWork::new(http.cpu_jobs),
            parses: CpuWork::new(http.concurrent_parses.max(1)),
            http: Arc::new(http),
            limits: Arc::new(Limits::default()),
            metrics: Arc::new(Metrics::new()),
            cache: Arc::new(ResponseCache::default()),
            data_version: Arc::new(DataVersion::default()),
            snapshots,
            sign_ins: Arc::new(SignInThrottle::default()),
            joins: Arc::new(crate::routes::workshops::join_throttle()),
            selfcheck: Arc::default(),
            exchange: Arc::default(),
            releases: Arc::default(),
        }))
    }

    /// The same state with other HTTP settings (and the rate limiter and CPU bound they describe).
    #[must_use]
    pub fn with_http(self, http: HttpArgs) -> Self {
        let mut shared = Arc::unwrap_or_clone(self.0);
        shared.rate_limiter = RateLimiter::from_args(&http).map(Arc::new);
        shared.work = CpuWork::new(http.cpu_jobs);
        shared.parses = CpuWork::new(http.concurrent_parses.max(1));
        if http.kept_observations != shared.http.kept_observations
            || http.kept_state_folder() != shared.http.kept_state_folder()
        {
            shared.snapshots = Arc::new(
                Snapshots::with_capacity(http.kept_observations)
                    .with_kept_state(http.kept_state_folder()),
            );
        }
        shared.http = Arc::new(http);
        Self(Arc::new(shared))
    }
}

impl AppState {
    /// The workflow steps (upload, review, sign-in, accounts) over this state's store, limits
    /// and CPU bounds.
    pub fn workflow(&self) -> Workflow<'_> {
        Workflow {
            store: &*self.store,
            limits: &self.limits,
            work: &self.work,
            parses: &self.parses,
            session_minutes: self.http.session_minutes,
            session_max_minutes: self.http.session_max_minutes,
            sign_ins: &self.sign_ins,
        }
    }

    /// An upload of the signed-in municipality (API and upload page), counted by outcome in
    /// `/metrics`.
    pub async fn upload(
        &self,
        principal: &Principal,
        file: UploadFile,
    ) -> Result<UploadOutcome, UploadError> {
        let result = self.workflow().upload(principal, file).await;
        self.metrics
            .uploads_total
            .get_or_create(&crate::ops::metrics::UploadLabels::new(outcome_label(
                &result,
            )))
            .inc();
        result
    }
}
