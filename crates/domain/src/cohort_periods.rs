//! Membership periods (issue #14 B.3): a member belongs to a cohort from the year it joined to
//! the year it left. A comparison of a year counts only the members of that year ("n von 21" in
//! 2020, "n von 22" once another joined); a member not yet in the cohort is "noch nicht dabei",
//! one that left "nicht mehr dabei" — never "keine Daten".

use crate::{Cohort, Membership, Municipality};

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

impl Membership {
    /// Whether this membership includes `year`.
    pub fn covers(&self, year: i32) -> bool {
        self.joined.is_none_or(|j| j <= year) && self.left.is_none_or(|l| year <= l)
    }
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
