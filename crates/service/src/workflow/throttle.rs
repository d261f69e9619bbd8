//! The sign-in throttle per account name: after [`FREE_FAILURES`] wrong passwords in a row for
//! one name, that name is locked for a time that doubles with every further failure (1 s, 2 s,
//! 4 s, … at most [`MAX_LOCK`]); while locked, a sign-in with that name is refused at once,
//! without checking the password (so guessing also costs the service nothing). A right password
//! after the lock ends resets the count; so does [`MAX_LOCK`] without a failure.
//!
//! Kept in memory, per process: a restart or a second instance starts from zero (the
//! per-address rate limit still applies). Names that do not exist are throttled the same way, so
//! the throttle does not tell which names exist. The table holds at most [`CAPACITY`] names
//! (each at most [`NAME_CHARS`] characters); when full, entries whose lock has run out go first,
//! then the oldest.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Wrong passwords in a row a name may have before it is locked.
pub const FREE_FAILURES: u32 = 5;
/// The first lock; each further failure doubles it.
pub const FIRST_LOCK: Duration = Duration::from_secs(1);
/// The longest lock, and how long a name's failures are remembered after its last one.
pub const MAX_LOCK: Duration = Duration::from_secs(15 * 60);
/// Names remembered at once.
pub const CAPACITY: usize = 10_000;
/// Characters of a name that count (longer names cannot be a user's anyway).
pub const NAME_CHARS: usize = 128;

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
    locked_until: Option<Instant>,
}

/// The failures per name; one per service.
#[derive(Debug)]
pub struct SignInThrottle {
    names: Mutex<HashMap<String, Failures>>,
    free: u32,
    first: Duration,
    max: Duration,
}

impl Default for SignInThrottle {
    fn default() -> Self {
        Self::new(FREE_FAILURES, FIRST_LOCK, MAX_LOCK)
    }
}

/// The key of a name: its first [`NAME_CHARS`] characters.
fn key(name: &str) -> String {
    name.chars().take(NAME_CHARS).collect()
}

impl SignInThrottle {
    /// A throttle with other numbers (tests use milliseconds).
    pub fn new(free: u32, first: Duration, max: Duration) -> Self {
        Self {
            names: Mutex::new(HashMap::new()),
            free,
            first,
            max: max.max(first),
        }
    }

    fn names(&self) -> std::sync::MutexGuard<'_, HashMap<String, Failures>> {
        self.names
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// `Err(wait)` while `name` is locked: how long until it may try again.
    pub fn check(&self, name: &str) -> Result<(), Duration> {
        let now = Instant::now();
        match self.names().get(&key(name)).and_then(|f| f.locked_until) {
            Some(until) if until > now => Err(until - now),
            _ => Ok(()),
        }
    }

    /// A wrong password for `name`; the lock it starts, if any.
    pub fn failed(&self, name: &str) -> Option<Duration> {
        let now = Instant::now();
        let mut names = self.names();
        let key = key(name);
        if !names.contains_key(&key) && names.len() >= CAPACITY {
            self.make_room(&mut names, now);
        }
        let entry = names.entry(key).or_insert(Failures {
            count: 0,
            last: now,
            locked_until: None,
        });
        if now.duration_since(entry.last) > self.max {
            entry.count = 0;
        }
        entry.count = entry.count.saturating_add(1);
        entry.last = now;
        let lock = (entry.count >= self.free).then(|| {
            let doublings = (entry.count - self.free).min(30);
            self.first.saturating_mul(1 << doublings).min(self.max)
        });
        entry.locked_until = lock.map(|d| now + d);
        lock
    }

    /// A right password for `name`: its failures are forgotten.
    pub fn succeeded(&self, name: &str) {
        self.names().remove(&key(name));
    }

    /// Names remembered now.
    pub fn len(&self) -> usize {
        self.names().len()
    }

    /// Whether no name is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn make_room(&self, names: &mut HashMap<String, Failures>, now: Instant) {
        names.retain(|_, f| now.duration_since(f.last) <= self.max);
        if names.len() >= CAPACITY
            && let Some(oldest) = names
                .iter()
                .min_by_key(|(_, f)| f.last)
                .map(|(k, _)| k.clone())
        {
            names.remove(&oldest);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_locked_after_the_free_failures_for_a_doubling_time() {
        let throttle = SignInThrottle::new(3, Duration::from_secs(1), Duration::from_secs(5));
        assert_eq!(throttle.failed("kl"), None);
        assert_eq!(throttle.failed("kl"), None);
        assert_eq!(throttle.failed("kl"), Some(Duration::from_secs(1)));
        assert!(throttle.check("kl").is_err());
        assert!(throttle.check("pl").is_ok(), "other names are not locked");
        assert_eq!(throttle.failed("kl"), Some(Duration::from_secs(2)));
        assert_eq!(throttle.failed("kl"), Some(Duration::from_secs(4)));
        assert_eq!(
            throttle.failed("kl"),
            Some(Duration::from_secs(5)),
            "capped"
        );
        throttle.succeeded("kl");
        assert!(throttle.check("kl").is_ok());
        assert_eq!(
            throttle.failed("kl"),
            None,
            "a success starts the count again"
        );
    }

    #[test]
    fn the_table_stays_bounded_however_many_names_are_tried() {
        let throttle = SignInThrottle::default();
        for n in 0..CAPACITY + 50 {
            throttle.failed(&format!("name{n}"));
        }
        assert_eq!(throttle.len(), CAPACITY);
        throttle.failed(&"x".repeat(10_000));
        assert!(
            throttle
                .names()
                .keys()
                .all(|k| k.chars().count() <= NAME_CHARS)
        );
    }
}
