//! Municipalities and their cohort memberships, loaded from `datasets/cohort.csv`. Members join
//! and leave: the list is data. Each membership keeps its status (confirmed, pilot, announced,
//! demo) so a demo never passes a placeholder off as a real participant.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::catalogue::{read_csv, str_enum};
use crate::error::{DatasetError, DatasetIssue};
use crate::ids::Ags;

/// The 16 federal states, by their usual two-letter code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum State {
    SH,
    HH,
    NI,
    HB,
    NW,
    HE,
    RP,
    BW,
    BY,
    SL,
    BE,
    BB,
    MV,
    SN,
    ST,
    TH,
}

impl State {
    /// The first two digits of every AGS in this state.
    pub fn key_prefix(self) -> &'static str {
        match self {
            Self::SH => "01",
            Self::HH => "02",
            Self::NI => "03",
            Self::HB => "04",
            Self::NW => "05",
            Self::HE => "06",
            Self::RP => "07",
            Self::BW => "08",
            Self::BY => "09",
            Self::SL => "10",
            Self::BE => "11",
            Self::BB => "12",
            Self::MV => "13",
            Self::SN => "14",
            Self::ST => "15",
            Self::TH => "16",
        }
    }

    /// East/west as used for peer groups: the five eastern states and Berlin count as east.
    pub fn is_east(self) -> bool {
        matches!(
            self,
            Self::BE | Self::BB | Self::MV | Self::SN | Self::ST | Self::TH
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::SH => "SH",
            Self::HH => "HH",
            Self::NI => "NI",
            Self::HB => "HB",
            Self::NW => "NW",
            Self::HE => "HE",
            Self::RP => "RP",
            Self::BW => "BW",
            Self::BY => "BY",
            Self::SL => "SL",
            Self::BE => "BE",
            Self::BB => "BB",
            Self::MV => "MV",
            Self::SN => "SN",
            Self::ST => "ST",
            Self::TH => "TH",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        ALL_STATES.into_iter().find(|s| s.as_str() == value)
    }

    /// The state a municipality key belongs to (its first two digits).
    pub fn of_key(key: &Ags) -> Option<Self> {
        ALL_STATES
            .into_iter()
            .find(|s| key.as_str().starts_with(s.key_prefix()))
    }
}

const ALL_STATES: [State; 16] = [
    State::SH,
    State::HH,
    State::NI,
    State::HB,
    State::NW,
    State::HE,
    State::RP,
    State::BW,
    State::BY,
    State::SL,
    State::BE,
    State::BB,
    State::MV,
    State::SN,
    State::ST,
    State::TH,
];

/// Administrative kind of a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MunicipalityKind {
    KreisfreieStadt,
    Stadt,
    Gemeinde,
    Landkreis,
}

str_enum!(MunicipalityKind {
    KreisfreieStadt => "kreisfreie_stadt",
    Stadt => "stadt",
    Gemeinde => "gemeinde",
    Landkreis => "landkreis",
});

impl MunicipalityKind {
    pub fn label_de(self) -> &'static str {
        match self {
            Self::KreisfreieStadt => "kreisfreie Stadt",
            Self::Stadt => "Stadt",
            Self::Gemeinde => "Gemeinde",
            Self::Landkreis => "Landkreis",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::KreisfreieStadt => "independent city",
            Self::Stadt => "town",
            Self::Gemeinde => "municipality",
            Self::Landkreis => "district",
        }
    }
}

/// How sure we are that a member belongs to the cohort; visible in data and UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MembershipStatus {
    /// Named in public reports as a participant.
    Confirmed,
    /// Took part in the 2018/19 pilot.
    Pilot,
    /// Announced, not confirmed.
    Announced,
    /// A placeholder so the demo shows a full cohort; no claim about the real project.
    Demo,
}

str_enum!(MembershipStatus { Confirmed => "confirmed", Pilot => "pilot", Announced => "announced", Demo => "demo" });

impl MembershipStatus {
    pub fn label_de(self) -> &'static str {
        match self {
            Self::Confirmed => "bestätigt",
            Self::Pilot => "Pilot 2018/19",
            Self::Announced => "angekündigt, nicht bestätigt",
            Self::Demo => "Demo-Mitglied (Platzhalter)",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Confirmed => "confirmed",
            Self::Pilot => "pilot 2018/19",
            Self::Announced => "announced, not confirmed",
            Self::Demo => "demo member (placeholder)",
        }
    }
}

/// A member of one cohort, from the year it joined to the year it left (both included; none:
/// open). See `cohort_periods` for what a year's comparison counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    /// The stored row (none before it is stored, e.g. read from `cohort.csv`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    pub cohort: String,
    pub status: MembershipStatus,
    pub source: String,
    pub note: String,
    #[serde(default)]
    pub joined: Option<i32>,
    #[serde(default)]
    pub left: Option<i32>,
}

/// A municipality or district, with its memberships.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Municipality {
    pub key: Ags,
    pub name: String,
    pub state: State,
    pub kind: MunicipalityKind,
    pub memberships: Vec<Membership>,
}

/// Every municipality named in `cohort.csv`, in file order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cohort {
    pub municipalities: Vec<Municipality>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CohortRow {
    key: Ags,
    name: String,
    state: State,
    kind: MunicipalityKind,
    cohort: String,
    status: MembershipStatus,
    source: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    joined: Option<i32>,
    #[serde(default)]
    left: Option<i32>,
}

impl Cohort {
    /// Parses `cohort.csv`: one row per membership, so a municipality in two cohorts has two rows
    /// that must agree on name, state and kind.
    pub fn from_csv(text: &str) -> Result<Self, DatasetError> {
        const FILE: &str = "cohort.csv";
        let rows = read_csv::<CohortRow>(FILE, text)?;
        let mut issues = Vec::new();
        let mut issue = |row: usize, column: &str, message: String| {
            issues.push(DatasetIssue {
                file: FILE.to_owned(),
                row: Some(row),
                column: Some(column.to_owned()),
                message,
            });
        };
        let mut by_key: BTreeMap<Ags, usize> = BTreeMap::new();
        let mut municipalities: Vec<Municipality> = Vec::new();
        for (row, r) in rows {
            for (column, message) in
                crate::cohort_periods::municipality_problems(&r.key, r.state, r.kind)
            {
                issue(row, column, message);
            }
            if r.name.is_empty() {
                issue(row, "name", "must not be empty".to_owned());
            }
            if let Err(message) = crate::cohort_periods::check_cohort_name(&r.cohort) {
                issue(row, "cohort", message);
            }
            if let Err((column, message)) = crate::cohort_periods::check_period(r.joined, r.left) {
                issue(row, column, message);
            }
            let membership = Membership {
                id: None,
                cohort: r.cohort,
                status: r.status,
                source: r.source,
                note: r.note,
                joined: r.joined,
                left: r.left,
            };
            match by_key.get(&r.key) {
                Some(&index) => {
                    let existing = &mut municipalities[index];
                    if existing.name != r.name
                        || existing.state != r.state
                        || existing.kind != r.kind
                    {
                        issue(
                            row,
                            "key",
                            format!("{} appears again with another name, state or kind", r.key),
                        );
                    }
                    if let Some(other) = existing
                        .memberships
                        .iter()
                        .find(|m| m.overlaps(&membership))
                    {
                        issue(
                            row,
                            "joined",
                            format!(
                                "{} is in cohort {} twice at once: this period overlaps {}",
                                r.key,
                                membership.cohort,
                                other.period_label()
                            ),
                        );
                    }
                    existing.memberships.push(membership);
                }
                None => {
                    by_key.insert(r.key.clone(), municipalities.len());
                    municipalities.push(Municipality {
                        key: r.key,
                        name: r.name,
                        state: r.state,
                        kind: r.kind,
                        memberships: vec![membership],
                    });
                }
            }
        }
        if issues.is_empty() {
            Ok(Self { municipalities })
        } else {
            Err(DatasetError { issues })
        }
    }

    pub fn get(&self, key: &Ags) -> Option<&Municipality> {
        self.municipalities.iter().find(|m| &m.key == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "key,name,state,kind,cohort,status,source,note\n";

    #[test]
    fn member_in_two_cohorts_keeps_both_memberships() {
        let text = format!(
            "{HEADER}07312000,Kaiserslautern,RP,kreisfreie_stadt,wk2020,confirmed,Bericht,\n\
             07312000,Kaiserslautern,RP,kreisfreie_stadt,wk2022,demo,,\n\
             09174,Landkreis Dachau,BY,landkreis,wk2020,confirmed,Bericht,\n"
        );
        let cohort = Cohort::from_csv(&text).unwrap();
        assert_eq!(cohort.municipalities.len(), 2);
        assert_eq!(cohort.municipalities[0].memberships.len(), 2);
        assert!(!cohort.municipalities[1].state.is_east());
    }

    #[test]
    fn wrong_state_prefix_and_kind_mismatch_are_reported() {
        let text = format!(
            "{HEADER}07312000,Kaiserslautern,BY,kreisfreie_stadt,wk,confirmed,,\n\
             09174000,Dachau,BY,landkreis,wk,confirmed,,\n"
        );
        let err = Cohort::from_csv(&text).unwrap_err();
        let at: Vec<_> = err
            .issues
            .iter()
            .map(|i| (i.row, i.column.clone()))
            .collect();
        assert_eq!(
            at,
            vec![
                (Some(2), Some("key".into())),
                (Some(3), Some("kind".into()))
            ]
        );
    }

    #[test]
    fn key_without_leading_zero_is_an_error_at_its_cell() {
        let text = format!("{HEADER}1003000,Lübeck,SH,kreisfreie_stadt,wk,confirmed,,\n");
        let err = Cohort::from_csv(&text).unwrap_err();
        assert_eq!(err.issues[0].row, Some(2));
        assert_eq!(err.issues[0].column.as_deref(), Some("key"));
        assert!(
            err.issues[0].message.contains("leading zero"),
            "{}",
            err.issues[0].message
        );
    }
}
