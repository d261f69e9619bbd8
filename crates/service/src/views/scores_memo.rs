//! Field scores kept in the data state, by field, year, group and options.
//!
//! A field score normalises each of the field's indicators over the whole group, so the score
//! of one member costs as much as the scores of all: at 11,000 members × 50 indicators a field
//! score view took 350–740 ms and a profile (all seven fields) 390–470 ms, every request
//! (issue #17 point 2). A [`ViewData`](crate::ViewData) never changes (new data is a new value
//! with an empty memo), so what one request computed is right for the next: the field-score
//! views, the profiles of every member of the same group and the learning partners share it.
//!
//! Bounded two ways, so no request (an anonymous one with ever new weights or years included)
//! can grow it without limit: at most [`MAX_ENTRIES`] entries, and at most [`MAX_WEIGHT`]
//! member scores and components together; the least recently used entry goes first. An entry
//! larger than the whole budget is computed and not kept. Two requests missing at once may both
//! compute; the results are equal and the later one is kept.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex, PoisonError};

use vergleich_analysis::PeerGroup;
use vergleich_analysis::score::{FieldScoreOptions, FieldScores};
use vergleich_domain::FieldId;

use crate::error::Result;

/// Most entries kept per data state.
pub const MAX_ENTRIES: usize = 256;
/// Most member scores plus components kept per data state (about 100 bytes each, so about
/// 200 MB): every field of two years of 11,000 members × 50 indicators.
pub const MAX_WEIGHT: usize = 2_000_000;

/// What identifies one computation: the field, the year, the group (its id and a hash of its
/// members in order: the same id names other members in another cohort or year) and the
/// options (as JSON: the weights are a sorted map, so equal options give equal text).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    field: FieldId,
    year: i32,
    group: String,
    members: u64,
    options: String,
}

impl Key {
    fn of(field: &FieldId, year: i32, group: &PeerGroup, options: &FieldScoreOptions) -> Self {
        let mut hasher = DefaultHasher::new();
        group.members.len().hash(&mut hasher);
        for m in &group.members {
            m.key.as_str().hash(&mut hasher);
        }
        Self {
            field: field.clone(),
            year,
            group: group.id.clone(),
            members: hasher.finish(),
            options: serde_json::to_string(options).unwrap_or_default(),
        }
    }
}

struct Entry {
    scores: Arc<FieldScores>,
    weight: usize,
    used: u64,
}

#[derive(Default)]
struct Inner {
    entries: HashMap<Key, Entry>,
    weight: usize,
    clock: u64,
}

/// The kept field scores of one data state.
#[derive(Default)]
pub struct ScoresMemo {
    inner: Mutex<Inner>,
}

impl std::fmt::Debug for ScoresMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let inner = self.lock();
        f.debug_struct("ScoresMemo")
            .field("entries", &inner.entries.len())
            .field("weight", &inner.weight)
            .finish()
    }
}

/// Member scores plus components: what an entry holds, roughly in proportion to its bytes.
fn weight_of(scores: &FieldScores) -> usize {
    scores
        .members
        .iter()
        .map(|m| 1 + m.components.len())
        .sum::<usize>()
        .max(1)
}

impl ScoresMemo {
    /// The scores of `field` in `year` over `group` with `options`: kept, or computed by
    /// `compute` (outside the lock) and kept when they fit (an error is returned, not kept).
    pub fn get_or_compute(
        &self,
        (field, year, group, options): (&FieldId, i32, &PeerGroup, &FieldScoreOptions),
        compute: impl FnOnce() -> Result<FieldScores>,
    ) -> Result<Arc<FieldScores>> {
        let key = Key::of(field, year, group, options);
        {
            let mut inner = self.lock();
            inner.clock += 1;
            let now = inner.clock;
            if let Some(entry) = inner.entries.get_mut(&key) {
                entry.used = now;
                return Ok(Arc::clone(&entry.scores));
            }
        }
        let scores = Arc::new(compute()?);
        let weight = weight_of(&scores);
        if weight <= MAX_WEIGHT {
            let mut inner = self.lock();
            if let Some(old) = inner.entries.remove(&key) {
                inner.weight -= old.weight;
            }
            while !inner.entries.is_empty()
                && (inner.entries.len() >= MAX_ENTRIES || inner.weight + weight > MAX_WEIGHT)
            {
                inner.evict_oldest();
            }
            inner.clock += 1;
            let used = inner.clock;
            inner.weight += weight;
            inner.entries.insert(
                key,
                Entry {
                    scores: Arc::clone(&scores),
                    weight,
                    used,
                },
            );
        }
        Ok(scores)
    }

    /// How many entries are kept.
    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Member scores plus components kept.
    pub fn weight(&self) -> usize {
        self.lock().weight
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Inner {
    fn evict_oldest(&mut self) {
        let oldest = self
            .entries
            .iter()
            .min_by_key(|(_, e)| e.used)
            .map(|(k, _)| k.clone());
        if let Some(key) = oldest
            && let Some(old) = self.entries.remove(&key)
        {
            self.weight -= old.weight;
        }
    }
}

#[cfg(test)]
#[path = "scores_memo_tests.rs"]
mod tests;
