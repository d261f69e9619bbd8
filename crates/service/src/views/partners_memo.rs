//! What the learning partners ([`super::partners`]) of every member share, kept in the data
//! state: per year, every field's scores over the whole cohort and its Selbstcheck comparison.
//! None of it depends on the focus member, and a [`ViewData`](crate::ViewData) never changes
//! (a new data state is a new value with an empty memo), so the scores are computed once per
//! data state and year instead of once per member page (issue #14: 39 ms a page before).
//!
//! Only years with data are kept (at most one entry per year of the data state); a request for
//! another year computes without keeping anything. Two requests missing at once may both compute;
//! the results are equal and the second one kept wins.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use vergleich_domain::{Ags, FieldId};

use crate::error::Result;

/// One score per member of the cohort: key, name, value (none: not reported or not scored).
pub type Scores = Vec<(Ags, String, Option<f64>)>;

/// One field in one year.
#[derive(Debug, Clone)]
pub struct FieldYear {
    pub field: FieldId,
    /// The field scores of every member of the year's cohort.
    pub scores: Scores,
    /// The Selbstcheck comparison of the field (`sc_{field}`), when the catalogue has one.
    pub selfcheck: Option<Scores>,
}

/// Every field of the catalogue in one year, in the fields' display order.
#[derive(Debug, Clone, Default)]
pub struct YearScores {
    pub fields: Vec<FieldYear>,
}

/// The kept [`YearScores`] of one data state, by year.
#[derive(Debug, Default)]
pub struct PartnersMemo {
    years: Mutex<HashMap<i32, Arc<YearScores>>>,
}

impl PartnersMemo {
    /// The scores of `year`: kept, or computed by `compute` (outside the lock) and kept when
    /// `keep` (an error is returned and nothing is kept).
    pub fn year(
        &self,
        year: i32,
        keep: bool,
        compute: impl FnOnce() -> Result<YearScores>,
    ) -> Result<Arc<YearScores>> {
        if let Some(kept) = self.lock().get(&year) {
            return Ok(Arc::clone(kept));
        }
        let computed = Arc::new(compute()?);
        if keep {
            self.lock().insert(year, Arc::clone(&computed));
        }
        Ok(computed)
    }

    /// How many years are kept.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i32, Arc<YearScores>>> {
        self.years.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_kept_year_is_computed_once_and_an_unkept_one_every_time() {
        let memo = PartnersMemo::default();
        let mut runs = 0;
        for _ in 0..3 {
            memo.year(2023, true, || {
                runs += 1;
                Ok(YearScores::default())
            })
            .unwrap();
        }
        assert_eq!(runs, 1);
        for _ in 0..2 {
            memo.year(1999, false, || {
                runs += 1;
                Ok(YearScores::default())
            })
            .unwrap();
        }
        assert_eq!(runs, 3);
        assert_eq!(memo.len(), 1);
    }

    #[test]
    fn an_error_is_not_kept() {
        let memo = PartnersMemo::default();
        let failed = memo.year(2023, true, || {
            Err(crate::error::Error::missing(
                "data: no observations are visible",
            ))
        });
        assert!(failed.is_err());
        assert!(memo.is_empty());
        assert!(memo.year(2023, true, || Ok(YearScores::default())).is_ok());
        assert_eq!(memo.len(), 1);
    }
}
