//! The SQL of the published quartiles (`crate::spreads`), shared by both backends:
//! `spreads_impl!` expands to the [`crate::SpreadStore`] implementation for one backend. The
//! current published version of each value is ranked per indicator and year, and only the
//! ranks around the quartiles leave the database; with a list of members, only theirs.

macro_rules! spreads_impl {
    ($store:ident, $db:ty, $ts:path) => {
        #[async_trait::async_trait]
        impl $crate::SpreadStore for $store {
            async fn published_quartiles(
                &self,
                indicators: &[vergleich_domain::IndicatorId],
                (first, last): (i32, i32),
                members: &[vergleich_domain::Ags],
            ) -> Result<Vec<$crate::spreads::Quartiles>, $crate::StoreError> {
                if indicators.is_empty() {
                    return Ok(Vec::new());
                }
                let mut qb = sqlx::QueryBuilder::<$db>::new(
                    "SELECT indicator, period, value, i, n FROM (\
                     SELECT indicator, period, value, \
                     ROW_NUMBER() OVER (PARTITION BY indicator, period ORDER BY value) - 1 AS i, \
                     COUNT(*) OVER (PARTITION BY indicator, period) AS n FROM (\
                     SELECT o.indicator, o.period, o.value, ROW_NUMBER() OVER \
                     (PARTITION BY o.municipality, o.indicator, o.period ORDER BY o.version DESC) AS rn \
                     FROM observations o JOIN uploads u ON u.id = o.upload_id \
                     WHERE u.state = 'published' AND u.published_at <= ",
                );
                qb.push_bind($ts($crate::sql::now()));
                qb.push(" AND o.period >= ").push_bind(first);
                qb.push(" AND o.period <= ").push_bind(last);
                qb.push(" AND o.indicator IN (");
                let mut list = qb.separated(", ");
                for i in indicators {
                    list.push_bind(i.as_str().to_owned());
                }
                qb.push(")");
                // A sample of members reads through the key's index (municipality first):
                // its values only, however many the table holds.
                if !members.is_empty() {
                    qb.push(" AND o.municipality IN (");
                    let mut list = qb.separated(", ");
                    for m in members {
                        list.push_bind(m.as_str().to_owned());
                    }
                    qb.push(")");
                }
                qb.push(
                    ") c WHERE rn = 1 AND value IS NOT NULL) r \
                     WHERE i IN ((n - 1) / 4, (n - 1) / 4 + 1, (n - 1) * 2 / 4, (n - 1) * 2 / 4 + 1, \
                     (n - 1) * 3 / 4, (n - 1) * 3 / 4 + 1)",
                );
                let rows: Vec<(String, i32, f64, i64, i64)> =
                    qb.build_query_as().fetch_all(self.reads()).await?;
                $crate::spreads::from_ranked(rows)
            }
        }
    };
}

pub(crate) use spreads_impl;
