//! Helpers of the version lookups of a write: which members, indicators and years an upload
//! touches, so each lookup reads what the upload needs and no more (issue #17 point 1).

/// The years an upload's rows span (first, last): the lookups of its versions read no other
/// years, so their cost follows the upload, not the member's whole history.
pub(crate) fn year_span(observations: &[vergleich_domain::Observation]) -> (i32, i32) {
    let years = observations.iter().map(|o| o.period.year());
    (
        years.clone().min().unwrap_or(i32::MIN),
        years.max().unwrap_or(i32::MAX),
    )
}

/// Indicators listed in a version lookup at most; with more the lookup reads all of the
/// members' indicators in the upload's years.
pub(crate) const INDICATORS_PER_LOOKUP: usize = 200;

/// Appends ` AND <column> IN (…)` for the upload's indicators (when they are few enough), so
/// the lookup seeks (municipality, indicator, period) in the unique index instead of reading a
/// member's every indicator.
pub(crate) fn push_indicators<'a, DB: sqlx::Database>(
    qb: &mut sqlx::QueryBuilder<'a, DB>,
    column: &str,
    observations: &'a [vergleich_domain::Observation],
) where
    &'a str: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    let indicators = distinct(observations.iter().map(|o| o.indicator.as_str()));
    if indicators.is_empty() || indicators.len() > INDICATORS_PER_LOOKUP {
        return;
    }
    qb.push(format!(" AND {column} IN ("));
    let mut list = qb.separated(", ");
    for i in indicators {
        list.push_bind(i);
    }
    qb.push(")");
}

/// The distinct keys among `keys`, sorted. Rows of an upload come grouped (one municipality's
/// rows are neighbours), so a repeat of the previous key is skipped before sorting: collecting
/// the keys of 1,000,000 rows into `BTreeSet`s took about 250 ms of a commit.
pub(crate) fn distinct<'a>(keys: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&'a str> = Vec::new();
    for key in keys {
        if out.last() != Some(&key) {
            out.push(key);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}
