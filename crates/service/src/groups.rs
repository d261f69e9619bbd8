//! Comparison groups of a view: the whole cohort, or a group relative to the focus member (same
//! kind, state, east/west, size class, nearest neighbours on the context indicators), each
//! saying why its members count as similar.

use std::borrow::Cow;

use vergleich_analysis::{PeerGroup, SizeClass, group};
use vergleich_domain::{Ags, Cohort, IndicatorId, IndicatorKind, MunicipalityKind};

use crate::analyses::{self, Analysis};
use crate::data::ViewData;
use crate::error::{Error, ErrorDetail, Result};
use crate::request::{GroupChoice, ViewQuery};

/// The group `choice` around `focus` (needed by every choice but the cohort) in `year`; `k`
/// nearest neighbours for [`GroupChoice::Neighbours`].
/// The cohort a view counts: the one named by `cohort=` (its municipalities with only their
/// periods in it), or every membership when none is named; 404 for a name no period has.
pub fn scoped_cohort<'a>(data: &'a ViewData, name: Option<&str>) -> Result<Cow<'a, Cohort>> {
    let Some(name) = name else {
        return Ok(Cow::Borrowed(&data.cohort));
    };
    let named = data.cohort.named(name);
    if named.municipalities.is_empty() {
        let known: Vec<String> = data.cohort.names().into_iter().map(|(n, _)| n).collect();
        return Err(
            Error::not_found(&format!("Die Kohorte {name}"), &format!("Cohort {name}"))
                .with_detail(ErrorDetail::unknown(
                    "cohort",
                    name,
                    format!(
                        "Bekannte Kohorten: {} (GET /api/v1/cohorts).",
                        known.join(", ")
                    ),
                    format!("Known cohorts: {} (GET /api/v1/cohorts).", known.join(", ")),
                )),
        );
    }
    Ok(Cow::Owned(named))
}

pub fn build_group(
    data: &ViewData,
    cohort: Option<&str>,
    choice: GroupChoice,
    focus: Option<&Ags>,
    year: i32,
    k: usize,
) -> Result<PeerGroup> {
    analyses::count(Analysis::PeerGroup);
    let scoped = scoped_cohort(data, cohort)?;
    if let Some(key) = focus
        && scoped.get(key).is_none()
        && let Some(name) = cohort
    {
        return Err(Error::new(
            crate::error::ErrorCode::NotFound,
            format!("Die Kommune {key} gehört nicht zur Kohorte {name}."),
            format!("Municipality {key} is not in cohort {name}."),
        ));
    }
    // Only the year's members count (issue #14 B.3): a member that joins later is not in a
    // group of an earlier year, whatever the choice.
    let year_cohort = scoped.in_year(year);
    let cohort = &year_cohort;
    if let Some(key) = focus
        && let Some(m) = scoped.get(key)
        && !m.member_in(year)
    {
        let standing = m.standing(year);
        return Err(Error::new(
            crate::error::ErrorCode::NotFound,
            format!(
                "{} ist {year} {}: in diesem Jahr nicht in der Kohorte.",
                m.name,
                standing.label_de()
            ),
            format!(
                "{} is {} in {year}: not in the cohort that year.",
                m.name,
                standing.label_en()
            ),
        ));
    }
    if choice == GroupChoice::Cohort {
        return Ok(group::whole_cohort(cohort));
    }
    let needs_focus = || {
        Error::invalid(vec![ErrorDetail::parameter(
            "group",
            choice.as_str(),
            "Eine relative Vergleichsgruppe braucht municipality=… (die Bezugskommune) und für size deren Einwohnerzahl.",
            "A relative comparison group needs municipality=… (the focus member) and, for size, its population.",
        )])
    };
    let focus_key = focus.ok_or_else(needs_focus)?;
    let focus = data.member("municipality", focus_key)?;
    Ok(match choice {
        GroupChoice::Cohort => group::whole_cohort(cohort),
        GroupChoice::Kind => group::by_kind(cohort, focus.kind == MunicipalityKind::Landkreis),
        GroupChoice::State => group::by_state(cohort, focus.state),
        GroupChoice::EastWest => group::east_west(cohort, focus.state.is_east()),
        GroupChoice::Size => {
            let id = IndicatorId::parse(group::POPULATION)
                .map_err(|_| Error::unknown_indicator("group", group::POPULATION))?;
            let population = analyses::compare(
                data,
                data.indicator("group", &id)?,
                year,
                &group::whole_cohort(cohort),
            )?
            .members
            .into_iter()
            .find(|m| &m.key == focus_key)
            .and_then(|m| m.value)
            .ok_or_else(needs_focus)?;
            group::by_size_class(cohort, &data.frame, year, SizeClass::of(population))?
        }
        GroupChoice::Neighbours => {
            let context: Vec<IndicatorId> = data
                .catalogue
                .indicators
                .iter()
                .filter(|i| i.kind == IndicatorKind::Context)
                .map(|i| i.id.clone())
                .collect();
            vergleich_analysis::nearest_neighbours(
                cohort,
                &data.frame,
                focus_key,
                k,
                year,
                &context,
            )?
        }
    })
}

/// The comparison group of a view in `year`, after checking that every highlighted member is in
/// the cohort (404 naming it).
pub fn group_of(data: &ViewData, q: &ViewQuery, year: i32) -> Result<PeerGroup> {
    for key in &q.members {
        data.member("municipality", key)?;
    }
    build_group(
        data,
        q.cohort.as_deref(),
        q.group,
        q.members.first(),
        year,
        q.k,
    )
}
