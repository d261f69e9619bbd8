//! Which rows of a client's upload are "unchanged" (issue #16): equal to the version they would
//! replace once published. That is the newest version of their key that is not rejected, and only
//! when it is published: a draft or submitted version may still be rejected (a row left out
//! because of it would be lost), and while one is pending nobody knows which value publication
//! leaves, so a row of such a key is always written; its version is newer, so it wins once
//! published. Decided inside the write transaction after its locks, so an upload written
//! meanwhile cannot make the decision stale. `unchanged_helpers!` expands for one backend.

use std::collections::HashMap;

use vergleich_domain::Observation;

/// The newest not-rejected version of each key, with whether its upload is published.
pub(crate) type Newest = HashMap<(String, String, i32), (Observation, bool)>;

/// `observations` without the rows equal to the published version they would replace, and how
/// many were left out.
pub(crate) fn changed(observations: &[Observation], newest: &Newest) -> (Vec<Observation>, usize) {
    let mut kept = Vec::with_capacity(observations.len());
    for o in observations {
        let key = (
            o.municipality.as_str().to_owned(),
            o.indicator.as_str().to_owned(),
            o.period.year(),
        );
        match newest.get(&key) {
            Some((stored, true)) if stored == o => {}
            _ => kept.push(o.clone()),
        }
    }
    let unchanged = observations.len() - kept.len();
    (kept, unchanged)
}

macro_rules! unchanged_helpers {
    ($store:ident, $db:ty, $conn:ty) => {
        impl $store {
            /// The newest not-rejected version of every key of the members `observations`
            /// name, read on `conn` (inside the write transaction, after its locks).
            async fn newest_versions(
                conn: &mut $conn,
                observations: &[vergleich_domain::Observation],
            ) -> Result<$crate::sql::unchanged::Newest, $crate::StoreError> {
                let members = $crate::sql::distinct(observations.iter().map(|o| o.municipality.as_str()));
                let (first, last) = $crate::sql::year_span(observations);
                let mut newest = $crate::sql::unchanged::Newest::new();
                for chunk in members.chunks($crate::sql::MEMBERS_PER_LOOKUP) {
                    let mut qb = sqlx::QueryBuilder::<$db>::new("SELECT * FROM (SELECT ");
                    qb.push($crate::sql::OBSERVATION_COLUMNS);
                    qb.push(
                        ", ROW_NUMBER() OVER (PARTITION BY o.municipality, o.indicator, o.period ORDER BY o.version DESC) AS rn \
                         FROM observations o JOIN uploads u ON u.id = o.upload_id \
                         WHERE u.state <> 'rejected' AND o.municipality IN (",
                    );
                    let mut list = qb.separated(", ");
                    for m in chunk {
                        list.push_bind(*m);
                    }
                    qb.push(") AND o.period >= ").push_bind(first);
                    qb.push(" AND o.period <= ").push_bind(last);
                    $crate::sql::push_indicators(&mut qb, "o.indicator", observations);
                    qb.push(") t WHERE rn = 1");
                    let rows = qb.build_query_as::<$crate::rows::ObservationRow>().fetch_all(&mut *conn).await?;
                    for row in rows {
                        let stored = $crate::StoredObservation::try_from(row)?;
                        let o = stored.observation;
                        let key = (o.municipality.as_str().to_owned(), o.indicator.as_str().to_owned(), o.period.year());
                        let published = stored.upload_state == vergleich_domain::UploadState::Published;
                        newest.insert(key, (o, published));
                    }
                }
                Ok(newest)
            }
        }
    };
}

pub(crate) use unchanged_helpers;
