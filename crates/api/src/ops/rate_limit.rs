//! Per-principal rate limits: a GCRA quota (`governor`) per key, 429 `rate-limited` with
//! `Retry-After` past it.
//!
//! The key is the signed-in user when the request's API token or session cookie checks out (one
//! indexed lookup by the credential's SHA-256; a user with several tokens has one quota), else the
//! client's IP address (IPv6: its /64 network). A credential that does not check out counts
//! against the address: keying on the presented credential itself would let anyone escape the
//! limit by sending a new random token with every request to a route that does not need one.
//! Probes (`/health`, `/ready`, `/metrics`) are never limited.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::{ConnectInfo, Request};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

use crate::auth::session;
use crate::config::HttpArgs;
use crate::error::{AppError, ErrorCode};
use crate::state::AppState;

/// Paths an orchestrator or a scraper calls on a schedule; limiting them would make a busy
/// service look dead.
const UNLIMITED_PATHS: [&str; 3] = ["/health", "/ready", "/metrics"];

/// Forget idle keys every this many checks, so a stream of new clients cannot grow the map
/// without bound.
const CLEAN_EVERY: u64 = 4096;

/// Whose quota a request draws on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RateKey {
    /// A signed-in user, by id.
    User(i64),
    /// An anonymous client, or one whose credential did not check out.
    Ip(IpAddr),
    /// Neither (a test calling the router directly, without a peer address).
    Unknown,
}

impl RateKey {
    /// The key of a request: its user if the credential it presents is valid, else its address.
    /// A failing database lookup falls back to the address; the handler reports the failure.
    pub async fn of(state: &AppState, headers: &HeaderMap, peer: Option<IpAddr>) -> Self {
        let user = if let Some(token) = bearer(headers) {
            state
                .workflow()
                .token_user(token)
                .await
                .ok()
                .flatten()
                .map(|u| u.id)
        } else if let Some(id) = session::cookie_value(headers) {
            state
                .workflow()
                .session(&id)
                .await
                .ok()
                .flatten()
                .map(|s| s.user.id)
        } else {
            None
        };
        match (user, peer) {
            (Some(id), _) => Self::User(id),
            (None, Some(ip)) => Self::Ip(network_of(ip)),
            (None, None) => Self::Unknown,
        }
    }
}

/// An IPv4 address as it is; an IPv6 address as its /64 network, the smallest block a single
/// subscriber usually gets (so walking through one's own addresses does not escape the limit).
pub(crate) fn network_of(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6((u128::from(v6) & !u128::from(u64::MAX)).into()),
        },
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// The quota of every principal.
pub struct RateLimiter {
    limiter: DefaultKeyedRateLimiter<RateKey>,
    clock: DefaultClock,
    checks: AtomicU64,
}

impl std::fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimiter")
            .field("keys", &self.limiter.len())
            .finish()
    }
}

impl RateLimiter {
    /// The limiter the settings describe; `None` when `rate_limit` is 0 (off).
    pub fn from_args(args: &HttpArgs) -> Option<Self> {
        let per_second = NonZeroU32::new(args.rate_limit)?;
        let burst = NonZeroU32::new(args.rate_limit_burst).unwrap_or(per_second);
        Some(Self {
            limiter: DefaultKeyedRateLimiter::keyed(
                Quota::per_second(per_second).allow_burst(burst),
            ),
            clock: DefaultClock::default(),
            checks: AtomicU64::new(0),
        })
    }

    /// `Ok` while the key has quota left; otherwise the whole seconds until it has (at least 1).
    pub fn check(&self, key: &RateKey) -> Result<(), u64> {
        if self.checks.fetch_add(1, Ordering::Relaxed) % CLEAN_EVERY == CLEAN_EVERY - 1 {
            self.limiter.retain_recent();
            self.limiter.shrink_to_fit();
        }
        self.limiter.check_key(key).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.clock.now());
            // Round up: a client retrying after the advertised seconds must get through.
            (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
        })
    }
}

/// Refuses a request past its principal's quota with 429 and `Retry-After`.
pub(crate) fn refusal<'a>(
    state: &'a AppState,
    request: &'a Request,
) -> impl Future<Output = Option<Response>> + Send + 'a {
    // Probes are exempt only as probes are made: any other method on them is an ordinary request.
    let probe = matches!(*request.method(), Method::GET | Method::HEAD);
    let exempt = probe && UNLIMITED_PATHS.contains(&request.uri().path());
    let limiter = state.rate_limiter.as_ref().filter(|_| !exempt);
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    // Only the headers (`Sync`) are held across the lookup, not the request with its body.
    let headers: &HeaderMap = request.headers();
    async move {
        let limiter = limiter?;
        let key = RateKey::of(state, headers, peer).await;
        limiter
            .check(&key)
            .err()
            .map(|seconds| rate_limited(seconds).into_response())
    }
}

fn rate_limited(seconds: u64) -> AppError {
    AppError::new(
        ErrorCode::RateLimited,
        format!("Zu viele Anfragen. Bitte in {seconds} s erneut versuchen."),
        format!("Too many requests. Please retry in {seconds} s."),
    )
    .with_header(header::RETRY_AFTER, HeaderValue::from(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_burst_passes_and_the_next_request_waits_a_whole_second() {
        let args = HttpArgs {
            rate_limit: 1,
            rate_limit_burst: 3,
            ..HttpArgs::default()
        };
        let limiter = RateLimiter::from_args(&args).unwrap();
        let a = RateKey::Ip("192.0.2.1".parse().unwrap());
        let b = RateKey::Ip("192.0.2.2".parse().unwrap());
        for _ in 0..3 {
            assert_eq!(limiter.check(&a), Ok(()));
        }
        assert_eq!(limiter.check(&a), Err(1));
        assert_eq!(
            limiter.check(&b),
            Ok(()),
            "another principal has its own quota"
        );
    }

    #[test]
    fn ipv6_clients_share_the_quota_of_their_64_network() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        let other: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(network_of(a), network_of(b));
        assert_ne!(network_of(a), network_of(other));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(network_of(mapped), "192.0.2.7".parse::<IpAddr>().unwrap());
        let v4: IpAddr = "192.0.2.7".parse().unwrap();
        assert_eq!(network_of(v4), v4);
    }

    #[test]
    fn zero_switches_rate_limiting_off() {
        let args = HttpArgs {
            rate_limit: 0,
            ..HttpArgs::default()
        };
        assert!(RateLimiter::from_args(&args).is_none());
    }
}
