//! Everything about one member that its page and its printable report show: the profile in its
//! peer group, its most similar members, the trends of key indicators and its values with rank
//! and peer median. Both pages take this one computation, so they cannot disagree.

use vergleich_analysis::compare::MemberComparison;
use vergleich_domain::{Ags, Field, Indicator, IndicatorId, IndicatorKind};

use super::peers::similar_members;
use super::profile::{ProfileView, profile};
use super::trend::{TrendView, trend};
use crate::analyses;
use crate::data::ViewData;
use crate::error::Result;
use crate::request::ViewQuery;

/// Indicators whose time series the member page and the report show, when in the catalogue.
pub const KEY_INDICATORS: [&str; 4] = [
    "auslaenderanteil",
    "einbuergerungsquote",
    "beschaeftigungsquote_auslaender",
    "arbeitslosenquote_auslaender",
];

/// One member's profile, similar members and key trends.
pub struct MemberView {
    pub profile: ProfileView,
    /// The member and its nearest neighbours, the member first.
    pub similar: Vec<Ags>,
    /// The key indicators' time series of the member.
    pub trends: Vec<TrendView>,
}

/// Computes the member view of `key` in the group `q.group` in `q.year` (default the latest).
pub fn member(data: &ViewData, key: &Ags, q: &ViewQuery) -> Result<MemberView> {
    let profile = profile(data, key, q)?;
    let similar = similar_members(data, key, profile.year);
    let mut trends = Vec::new();
    for id in KEY_INDICATORS {
        let Ok(id) = IndicatorId::parse(id) else {
            continue;
        };
        if data.catalogue.indicator(&id).is_none() {
            continue;
        }
        let series = ViewQuery {
            members: vec![key.clone()],
            group: crate::request::GroupChoice::Cohort,
            year: None,
            ..q.clone()
        };
        trends.push(trend(data, &id, &series)?);
    }
    Ok(MemberView {
        profile,
        similar,
        trends,
    })
}

/// One of the member's values with its rank among the group and the group's median.
pub struct ValueRow<'a> {
    pub field: &'a Field,
    pub indicator: &'a Indicator,
    pub member: MemberComparison,
    /// Members of the group with a value.
    pub reported: usize,
    pub median: Option<f64>,
}

impl MemberView {
    /// Every compared indicator of the member in the profile's year, by field: one comparison
    /// per indicator in the member's peer group.
    pub fn values<'a>(&self, data: &'a ViewData) -> Result<Vec<ValueRow<'a>>> {
        let (key, year, group) = (&self.profile.key, self.profile.year, &self.profile.group);
        let mut fields: Vec<&Field> = data.catalogue.fields.iter().collect();
        fields.sort_by_key(|f| f.position);
        let mut rows = Vec::new();
        for field in fields {
            for indicator in
                data.catalogue.indicators.iter().filter(|i| {
                    i.field.as_ref() == Some(&field.id) && i.kind != IndicatorKind::Context
                })
            {
                let cmp = analyses::compare(data, indicator, year, group)?;
                let median = cmp.stats.as_ref().map(|s| s.median);
                let reported = cmp.reported;
                if let Some(member) = cmp.members.into_iter().find(|m| &m.key == key) {
                    rows.push(ValueRow {
                        field,
                        indicator,
                        member,
                        reported,
                        median,
                    });
                }
            }
        }
        Ok(rows)
    }
}
