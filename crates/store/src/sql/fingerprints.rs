//! The SQL of the upload fingerprints (`crate::fingerprints`) and the condition "visible to
//! this reader" that the observation reads share, for both backends: `fingerprints_impl!`.

macro_rules! fingerprints_impl {
    ($store:ident, $db:ty, $ts:path) => {
        impl $store {
            /// The SELECT of [`crate::Store::observations`]: the current version (or every
            /// version) of each value matching `q`, ordered by member, indicator, period and
            /// version.
            fn observation_sql(q: &$crate::ObservationQuery) -> sqlx::QueryBuilder<'static, $db> {
                let mut qb = sqlx::QueryBuilder::<'static, $db>::new("SELECT * FROM (SELECT ");
                qb.push($crate::sql::OBSERVATION_COLUMNS);
                qb.push(
                    ", ROW_NUMBER() OVER (PARTITION BY o.municipality, o.indicator, o.period ORDER BY o.version DESC) AS rn \
                     FROM observations o JOIN uploads u ON u.id = o.upload_id JOIN indicators i ON i.id = o.indicator \
                     WHERE 1 = 1",
                );
                if !q.municipalities.is_empty() {
                    qb.push(" AND o.municipality IN (");
                    let mut list = qb.separated(", ");
                    for m in &q.municipalities {
                        list.push_bind(m.as_str().to_owned());
                    }
                    qb.push(")");
                }
                if !q.indicators.is_empty() {
                    qb.push(" AND o.indicator IN (");
                    let mut list = qb.separated(", ");
                    for i in &q.indicators {
                        list.push_bind(i.as_str().to_owned());
                    }
                    qb.push(")");
                }
                if let Some(field) = &q.field {
                    qb.push(" AND i.field = ").push_bind(field.as_str().to_owned());
                }
                if let Some(from) = q.from_year {
                    qb.push(" AND o.period >= ").push_bind(from);
                }
                if let Some(to) = q.to_year {
                    qb.push(" AND o.period <= ").push_bind(to);
                }
                Self::push_visible(&mut qb, &q.visibility, q.as_of, false);
                qb.push(") t");
                if !q.history {
                    qb.push(" WHERE rn = 1");
                }
                qb.push(" ORDER BY municipality, indicator, period, version");
                if let Some(limit) = q.limit {
                    qb.push(" LIMIT ").push_bind(limit);
                    if let Some(offset) = q.offset {
                        // SQLite adds LIMIT and OFFSET: past i64 it would ignore the offset.
                        qb.push(" OFFSET ").push_bind(offset.min(i64::MAX - limit.max(0)));
                    }
                }
                qb
            }

            /// ` AND …`: the uploads (`u`) `visibility` lets a reader see, as of `as_of`.
            /// Published means published by now: an upload under the embargo of a scheduled
            /// release has that release's moment as `published_at` (`crate::releases`).
            fn push_visible(
                qb: &mut sqlx::QueryBuilder<'static, $db>,
                visibility: &$crate::Visibility,
                as_of: Option<chrono::DateTime<chrono::Utc>>,
                states_listed: bool,
            ) {
                if let Some(as_of) = as_of {
                    // The published state at that moment, whoever reads: a version counts from
                    // its upload's publication on, not from when it was recorded as a draft.
                    qb.push(" AND u.published_at <= ").push_bind($ts(as_of));
                }
                let now = $ts($crate::sql::now());
                match visibility {
                    $crate::Visibility::Published => {
                        qb.push(" AND u.state = 'published' AND u.published_at <= ").push_bind(now);
                    }
                    $crate::Visibility::PublishedOrOwn(own) => {
                        qb.push(" AND ((u.state = 'published' AND u.published_at <= ")
                            .push_bind(now)
                            .push(") OR (u.state <> 'rejected' AND u.municipality = ")
                            .push_bind(own.as_str().to_owned())
                            .push("))");
                    }
                    // The same states listed: over `uploads` alone SQLite then reads the covering
                    // index (0.5 s → 65 ms at 110,000 uploads); joined with the observations it
                    // would drive the read from the uploads and sort every row, so those keep `<>`.
                    $crate::Visibility::Everything if states_listed => {
                        qb.push(" AND u.state IN ('draft', 'submitted', 'published')");
                    }
                    $crate::Visibility::Everything => {
                        qb.push(" AND u.state <> 'rejected'");
                    }
                }
            }
        }

        #[async_trait::async_trait]
        impl $crate::FingerprintStore for $store {
            async fn observations_each(
                &self,
                q: &$crate::ObservationQuery,
                chunk: usize,
                each: &mut (dyn FnMut(Vec<$crate::StoredObservation>) + Send),
            ) -> Result<usize, $crate::StoreError> {
                let mut qb = Self::observation_sql(q);
                let mut rows = qb
                    .build_query_as::<$crate::rows::ObservationRow>()
                    .fetch(self.reads());
                let chunk = chunk.max(1);
                let (mut batch, mut total) = (Vec::with_capacity(chunk), 0usize);
                while let Some(row) =
                    std::future::poll_fn(|cx| rows.as_mut().poll_next(cx)).await
                {
                    batch.push($crate::StoredObservation::try_from(row?)?);
                    if batch.len() == chunk {
                        total += batch.len();
                        each(std::mem::replace(&mut batch, Vec::with_capacity(chunk)));
                    }
                }
                total += batch.len();
                if !batch.is_empty() {
                    each(batch);
                }
                Ok(total)
            }

            async fn upload_fingerprints(
                &self,
                visibility: &$crate::Visibility,
                as_of: Option<chrono::DateTime<chrono::Utc>>,
            ) -> Result<Vec<$crate::UploadFingerprint>, $crate::StoreError> {
                // The hash spreads ids over 32 bits (Knuth's multiplier modulo a prime), so
                // two sets with the same count and sum still differ in it; the products stay
                // inside 64 bits for ids below 3 billion.
                let mut qb = sqlx::QueryBuilder::<$db>::new(
                    "SELECT u.municipality, COUNT(*) AS uploads, CAST(SUM(u.id) AS BIGINT) AS id_sum, \
                     CAST(SUM((u.id * 2654435761) % 4294967291) AS BIGINT) AS id_hash, \
                     CAST(SUM(CASE WHEN u.state = 'published' THEN 0 ELSE 1 END) AS BIGINT) AS unpublished \
                     FROM uploads u WHERE 1 = 1",
                );
                Self::push_visible(&mut qb, visibility, as_of, true);
                qb.push(" GROUP BY u.municipality ORDER BY u.municipality NULLS FIRST");
                let rows: Vec<(Option<String>, i64, i64, i64, i64)> =
                    qb.build_query_as().fetch_all(self.reads()).await?;
                rows.into_iter()
                    .map(|(municipality, uploads, id_sum, id_hash, unpublished)| {
                        Ok($crate::UploadFingerprint {
                            municipality: municipality
                                .map(|m| {
                                    vergleich_domain::Ags::parse(&m).map_err(|_| {
                                        $crate::StoreError::Corrupt(format!("upload member {m:?}"))
                                    })
                                })
                                .transpose()?,
                            uploads,
                            id_sum,
                            id_hash,
                            unpublished,
                        })
                    })
                    .collect()
            }

            async fn store_identity(&self) -> Result<String, $crate::StoreError> {
                Ok(sqlx::query_scalar("SELECT id FROM store_identity")
                    .fetch_one(self.reads())
                    .await?)
            }
        }
    };
}

pub(crate) use fingerprints_impl;
