//! The SQL of the upload fingerprints (`crate::fingerprints`) and the condition "visible to
//! this reader" that the observation reads share, for both backends: `fingerprints_impl!`.

macro_rules! fingerprints_impl {
    ($store:ident, $db:ty, $ts:path) => {
        impl $store {
            /// ` AND …`: the uploads (`u`) `visibility` lets a reader see, as of `as_of`.
            /// Published means published by now: an upload under the embargo of a scheduled
            /// release has that release's moment as `published_at` (`crate::releases`).
            fn push_visible(
                qb: &mut sqlx::QueryBuilder<'_, $db>,
                visibility: &$crate::Visibility,
                as_of: Option<chrono::DateTime<chrono::Utc>>,
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
                    $crate::Visibility::Everything => {
                        qb.push(" AND u.state <> 'rejected'");
                    }
                }
            }
        }

        #[async_trait::async_trait]
        impl $crate::FingerprintStore for $store {
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
                Self::push_visible(&mut qb, visibility, as_of);
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
        }
    };
}

pub(crate) use fingerprints_impl;
