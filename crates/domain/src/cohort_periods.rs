//! Membership periods (issue #14 B.3): a member belongs to a cohort from the year it joined to
//! the year it left. A comparison of a year counts only the members of that year ("n von 21" in
//! 2020, "n von 22" once another joined); a member not yet in the cohort is "noch nicht dabei",
//! one that left "nicht mehr dabei" — never "keine Daten".

use crate::{Ags, Cohort, Membership, Municipality, MunicipalityKind, State};

/// The years a period may name.
pub const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// A period's years: each in [`YEARS`], the end not before the start. The problem names the
/// column (`joined` or `left`).
pub fn check_period(joined: Option<i32>, left: Option<i32>) -> Result<(), (&'static str, String)> {
    for (column, year) in [("joined", joined), ("left", left)] {
        if let Some(y) = year.filter(|y| !YEARS.contains(y)) {
            return Err((column, format!("year {y} lies outside 1990–2100")));
        }
    }
    if let (Some(j), Some(l)) = (joined, left)
        && l < j
    {
        return Err(("left", format!("left in {l}, before it joined in {j}")));
    }
    Ok(())
}

/// What is wrong with a municipality's key, state and kind: the key must start with the
/// state's prefix, and a Landkreis has a 5-digit key, every other kind an 8-digit AGS. Each
/// problem names its column (`key`, `kind`).
pub fn municipality_problems(
    key: &Ags,
    state: State,
    kind: MunicipalityKind,
) -> Vec<(&'static str, String)> {
    let mut problems = Vec::new();
    if !key.as_str().starts_with(state.key_prefix()) {
        problems.push((
            "key",
            format!(
                "key {key} does not start with {}, the prefix of {}",
                state.key_prefix(),
                state.as_str()
            ),
        ));
    }
    if key.is_district() != (kind == MunicipalityKind::Landkreis) {
        problems.push((
            "kind",
            "a Landkreis has a 5-digit key, every other kind an 8-digit AGS".to_owned(),
        ));
    }
    problems
}

/// The longest cohort name.
pub const MAX_COHORT_NAME: usize = 64;

/// A cohort's name: 1 to [`MAX_COHORT_NAME`] characters of `a-z`, `0-9` and `-`, e.g.
/// `weltoffene-kommunen-2020` (it is part of addresses: `?cohort=…`).
pub fn check_cohort_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("must not be empty".to_owned());
    }
    if name.chars().count() > MAX_COHORT_NAME {
        return Err(format!(
            "{} characters, at most {MAX_COHORT_NAME} are allowed",
            name.chars().count()
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Err(format!(
            "'{c}' is not allowed: use a-z, 0-9 and '-', e.g. weltoffene-kommunen-2020"
        ));
    }
    Ok(())
}

impl Membership {
    /// Whether this membership includes `year`.
    pub fn covers(&self, year: i32) -> bool {
        self.joined.is_none_or(|j| j <= year) && self.left.is_none_or(|l| year <= l)
    }

    /// Whether both are periods of the same cohort that share a year (an open end overlaps
    /// everything on its side). The stored row itself (same id) never overlaps.
    pub fn overlaps(&self, other: &Membership) -> bool {
        if self.cohort != other.cohort || (self.id.is_some() && self.id == other.id) {
            return false;
        }
        let starts_before_other_ends = match (self.joined, other.left) {
            (Some(j), Some(l)) => j <= l,
            _ => true,
        };
        let other_starts_before_end = match (other.joined, self.left) {
            (Some(j), Some(l)) => j <= l,
            _ => true,
        };
        starts_before_other_ends && other_starts_before_end
    }

    /// "2019–2021", "seit 2022", "bis 2021" or "immer" (no year given).
    pub fn period_label(&self) -> String {
        match (self.joined, self.left) {
            (Some(j), Some(l)) => format!("{j}–{l}"),
            (Some(j), None) => format!("seit {j}"),
            (None, Some(l)) => format!("bis {l}"),
            (None, None) => "ohne Jahresgrenzen".to_owned(),
        }
    }
}

/// The first of `others` that `m` overlaps.
pub fn overlapping<'a>(m: &Membership, others: &'a [Membership]) -> Option<&'a Membership> {
    others.iter().find(|o| o.overlaps(m))
}

/// A period about to be stored beside a member's `others`: its years in order and within
/// [`YEARS`], its cohort named well, and no overlap with another period of the same cohort.
/// The problem names the field (`cohort`, `joined`, `left`).
pub fn check_membership(
    m: &Membership,
    others: &[Membership],
) -> Result<(), (&'static str, String)> {
    check_cohort_name(&m.cohort).map_err(|e| ("cohort", e))?;
    check_period(m.joined, m.left)?;
    if let Some(other) = overlapping(m, others) {
        return Err((
            "joined",
            format!(
                "overlaps its period {} in cohort {}: end that one first (left) or choose years after it",
                other.period_label(),
                m.cohort
            ),
        ));
    }
    Ok(())
}

/// Where a member stands in a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    Member,
    /// Joins later (the year it joins).
    NotYet(i32),
    /// Left before (the year it left).
    NoLonger(i32),
}

impl Standing {
    pub fn label_de(self) -> String {
        match self {
            Self::Member => "Mitglied".to_owned(),
            Self::NotYet(y) => format!("noch nicht dabei (ab {y})"),
            Self::NoLonger(y) => format!("nicht mehr dabei (bis {y})"),
        }
    }

    pub fn label_en(self) -> String {
        match self {
            Self::Member => "member".to_owned(),
            Self::NotYet(y) => format!("not yet a member (from {y})"),
            Self::NoLonger(y) => format!("no longer a member (until {y})"),
        }
    }
}

impl Municipality {
    /// Whether it is a member in `year`: one of its memberships covers the year (a municipality
    /// without memberships counts always, as the shipped cohort's open-ended ones do).
    pub fn member_in(&self, year: i32) -> bool {
        self.memberships.is_empty() || self.memberships.iter().any(|m| m.covers(year))
    }

    /// Its standing in `year`: a member, not yet (joins in a later year), or no longer.
    pub fn standing(&self, year: i32) -> Standing {
        if self.member_in(year) {
            return Standing::Member;
        }
        let later = self
            .memberships
            .iter()
            .filter_map(|m| m.joined)
            .filter(|j| *j > year)
            .min();
        match later {
            Some(j) => Standing::NotYet(j),
            None => Standing::NoLonger(
                self.memberships
                    .iter()
                    .filter_map(|m| m.left)
                    .max()
                    .unwrap_or(year),
            ),
        }
    }
}

impl Cohort {
    /// The named cohort: the municipalities with a period in it, each keeping only those
    /// periods (a municipality in no period of it is left out, not "noch nicht dabei").
    pub fn named(&self, name: &str) -> Cohort {
        Cohort {
            municipalities: self
                .municipalities
                .iter()
                .filter(|m| m.memberships.iter().any(|ms| ms.cohort == name))
                .map(|m| Municipality {
                    memberships: m
                        .memberships
                        .iter()
                        .filter(|ms| ms.cohort == name)
                        .cloned()
                        .collect(),
                    ..m.clone()
                })
                .collect(),
        }
    }

    /// The cohorts' names, sorted, each with how many municipalities have a period in it.
    pub fn names(&self) -> Vec<(String, usize)> {
        let mut counts = std::collections::BTreeMap::<&str, usize>::new();
        for m in &self.municipalities {
            let mut seen: Vec<&str> = m.memberships.iter().map(|ms| ms.cohort.as_str()).collect();
            seen.sort_unstable();
            seen.dedup();
            for name in seen {
                *counts.entry(name).or_default() += 1;
            }
        }
        counts.into_iter().map(|(n, c)| (n.to_owned(), c)).collect()
    }

    /// The members of `year`, in the cohort's order.
    pub fn in_year(&self, year: i32) -> Cohort {
        Cohort {
            municipalities: self
                .municipalities
                .iter()
                .filter(|m| m.member_in(year))
                .cloned()
                .collect(),
        }
    }

    /// The municipalities that are not members in `year`, with their standing.
    pub fn outside(&self, year: i32) -> Vec<(&Municipality, Standing)> {
        self.municipalities
            .iter()
            .map(|m| (m, m.standing(year)))
            .filter(|(_, s)| *s != Standing::Member)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "key,name,state,kind,cohort,status,source,note,joined,left\n";

    fn cohort() -> Cohort {
        Cohort::from_csv(&format!(
            "{HEADER}07312000,Kaiserslautern,RP,kreisfreie_stadt,weltoffene-kommunen-2020,confirmed,s,,,\n\
             09762000,Kaufbeuren,BY,kreisfreie_stadt,weltoffene-kommunen-2020,confirmed,s,,2022,\n\
             13003000,Rostock,MV,kreisfreie_stadt,weltoffene-kommunen-2020,confirmed,s,,2019,2021\n"
        ))
        .unwrap()
    }

    #[test]
    fn a_year_counts_only_its_members() {
        let c = cohort();
        assert_eq!(c.in_year(2020).municipalities.len(), 2);
        assert_eq!(c.in_year(2022).municipalities.len(), 2);
        assert_eq!(c.in_year(2021).municipalities.len(), 2);
        let kaufbeuren = &c.municipalities[1];
        assert_eq!(kaufbeuren.standing(2020), Standing::NotYet(2022));
        assert_eq!(
            kaufbeuren.standing(2020).label_de(),
            "noch nicht dabei (ab 2022)"
        );
        assert_eq!(kaufbeuren.standing(2022), Standing::Member);
        assert_eq!(c.municipalities[2].standing(2023), Standing::NoLonger(2021));
        assert_eq!(c.outside(2020).len(), 1);
    }

    fn period(cohort: &str, joined: Option<i32>, left: Option<i32>) -> Membership {
        Membership {
            id: None,
            cohort: cohort.to_owned(),
            status: crate::MembershipStatus::Confirmed,
            source: String::new(),
            note: String::new(),
            joined,
            left,
        }
    }

    #[test]
    fn periods_of_one_cohort_must_not_overlap() {
        let first = period("wk", Some(2019), Some(2021));
        // Touching years overlap (both ends are included); the next year does not.
        assert!(period("wk", Some(2021), None).overlaps(&first));
        assert!(!period("wk", Some(2022), None).overlaps(&first));
        assert!(!period("wk", None, Some(2018)).overlaps(&first));
        assert!(period("wk", None, Some(2019)).overlaps(&first));
        assert!(period("wk", None, None).overlaps(&first));
        // Another cohort never overlaps; nor does the stored row with itself.
        assert!(!period("other", Some(2020), None).overlaps(&first));
        let stored = Membership {
            id: Some(7),
            ..first.clone()
        };
        assert!(!stored.overlaps(&stored.clone()));
        let err = check_membership(
            &period("wk", Some(2020), None),
            std::slice::from_ref(&first),
        )
        .unwrap_err();
        assert_eq!(err.0, "joined");
        assert!(err.1.contains("2019–2021"), "{}", err.1);
        assert!(check_membership(&period("wk", Some(2023), None), &[first]).is_ok());
        assert_eq!(
            check_membership(&period("WK 2020", None, None), &[])
                .unwrap_err()
                .0,
            "cohort"
        );
    }

    #[test]
    fn a_cohort_name_is_checked_at_the_limit() {
        assert!(check_cohort_name(&"a".repeat(MAX_COHORT_NAME)).is_ok());
        assert!(check_cohort_name(&"a".repeat(MAX_COHORT_NAME + 1)).is_err());
        assert!(check_cohort_name("").is_err());
        assert!(check_cohort_name("weltoffene-kommunen-2020").is_ok());
        assert!(check_cohort_name("Weltoffene").is_err());
    }

    #[test]
    fn a_named_cohort_keeps_its_periods_only() {
        let c = Cohort::from_csv(&format!(
            "{HEADER}07312000,Kaiserslautern,RP,kreisfreie_stadt,wk-2020,confirmed,s,,2019,2020\n\
             07312000,Kaiserslautern,RP,kreisfreie_stadt,wk-2020,confirmed,s,,2023,\n\
             09762000,Kaufbeuren,BY,kreisfreie_stadt,wk-2022,confirmed,s,,2022,\n"
        ))
        .unwrap();
        assert_eq!(
            c.names(),
            vec![("wk-2020".into(), 1), ("wk-2022".into(), 1)]
        );
        let named = c.named("wk-2020");
        assert_eq!(named.municipalities.len(), 1);
        let kl = &named.municipalities[0];
        assert_eq!(kl.memberships.len(), 2);
        // Two periods: out in between, in again from 2023.
        assert_eq!(kl.standing(2021), Standing::NotYet(2023));
        assert_eq!(kl.standing(2023), Standing::Member);
        assert_eq!(named.in_year(2022).municipalities.len(), 0);
        assert!(c.named("none").municipalities.is_empty());
        let overlapping = Cohort::from_csv(&format!(
            "{HEADER}07312000,Kaiserslautern,RP,kreisfreie_stadt,wk,confirmed,s,,2019,2021\n\
             07312000,Kaiserslautern,RP,kreisfreie_stadt,wk,confirmed,s,,2021,\n"
        ))
        .unwrap_err();
        assert_eq!(overlapping.issues[0].row, Some(3));
        assert_eq!(overlapping.issues[0].column.as_deref(), Some("joined"));
    }

    #[test]
    fn a_period_must_be_in_order() {
        let err = Cohort::from_csv(&format!(
            "{HEADER}07312000,Kaiserslautern,RP,kreisfreie_stadt,c,confirmed,s,,2022,2020\n"
        ))
        .unwrap_err();
        assert_eq!(err.issues[0].column.as_deref(), Some("left"), "{err:?}");
        assert!(check_period(Some(1989), None).is_err());
        assert!(check_period(Some(2020), Some(2020)).is_ok());
    }
}
