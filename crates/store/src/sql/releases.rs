//! The SQL of releases (issue #17 point 3), shared by both backends: `releases_impl!` expands to
//! the [`crate::ReleaseStore`] implementation for one backend. Every write records its audit
//! entry in the same transaction.

macro_rules! releases_impl {
    ($store:ident, $db:ty, $ts:path) => {
        #[async_trait::async_trait]
        impl $crate::ReleaseStore for $store {
            async fn create_release(
                &self,
                r: &$crate::releases::NewRelease,
                actor: &str,
            ) -> Result<vergleich_domain::Release, $crate::StoreError> {
                let at = $crate::sql::now();
                let mut tx = self.begin_write().await?;
                let taken: Option<String> = sqlx::query_scalar("SELECT name FROM releases WHERE name = $1")
                    .bind(&r.name)
                    .fetch_optional(&mut *tx)
                    .await?;
                if taken.is_some() {
                    return Err($crate::StoreError::Conflict(format!(
                        "release {} exists; names are never reused",
                        r.name
                    )));
                }
                sqlx::query(
                    "INSERT INTO releases (name, title, note, at, created_at, created_by) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(&r.name)
                .bind(&r.title)
                .bind(&r.note)
                .bind($ts(r.at))
                .bind($ts(at))
                .bind(actor)
                .execute(&mut *tx)
                .await
                .map_err($crate::error::from_sqlx)?;
                let detail = format!("at {}", r.at.to_rfc3339());
                Self::insert_audit(&mut tx, at, actor, "release.created", &format!("release/{}", r.name), &detail)
                    .await?;
                tx.commit().await?;
                Ok(vergleich_domain::Release {
                    name: r.name.clone(),
                    title: r.title.clone(),
                    note: r.note.clone(),
                    at: r.at,
                    created_at: at,
                    created_by: actor.to_owned(),
                })
            }

            async fn releases(&self) -> Result<Vec<vergleich_domain::Release>, $crate::StoreError> {
                let rows = sqlx::query_as::<_, $crate::releases::ReleaseRow>(
                    "SELECT name, title, note, at, created_at, created_by FROM releases ORDER BY at, name",
                )
                .fetch_all(self.reads())
                .await?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn publish_embargoed(
                &self,
                upload: vergleich_domain::UploadId,
                release: &str,
                actor: &str,
                comment: Option<String>,
            ) -> Result<$crate::UploadRecord, $crate::StoreError> {
                let at = $crate::sql::now();
                let mut tx = self.begin_write().await?;
                let moment = sqlx::query_as::<_, $crate::releases::ReleaseRow>(
                    "SELECT name, title, note, at, created_at, created_by FROM releases WHERE name = $1",
                )
                .bind(release)
                .fetch_optional(&mut *tx)
                .await?
                .map(vergleich_domain::Release::from)
                .ok_or_else(|| $crate::StoreError::NotFound(format!("release {release}")))?
                .at;
                if moment <= at {
                    return Err($crate::StoreError::Conflict(format!(
                        "release {release} is out already: approve without an embargo"
                    )));
                }
                let current: Option<String> = sqlx::query_scalar("SELECT state FROM uploads WHERE id = $1")
                    .bind(upload.0)
                    .fetch_optional(&mut *tx)
                    .await?;
                let Some(current) = current else {
                    return Err($crate::StoreError::NotFound(format!("upload {}", upload.0)));
                };
                let changed = sqlx::query(
                    "UPDATE uploads SET state = 'published', published_at = $1, reviewed_by = $2, \
                     reviewed_at = $3, review_comment = $4 WHERE id = $5 AND state = 'submitted'",
                )
                .bind($ts(moment))
                .bind(actor)
                .bind($ts(at))
                .bind(comment.clone())
                .bind(upload.0)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if changed != 1 {
                    return Err($crate::StoreError::InvalidState {
                        upload: upload.0,
                        state: current,
                        wanted: "published",
                    });
                }
                let mut detail = format!("submitted -> published, embargoed until release {release}");
                if let Some(c) = &comment {
                    detail.push_str(": ");
                    detail.push_str(c);
                }
                Self::insert_audit(&mut tx, at, actor, "upload.published", &format!("upload/{}", upload.0), &detail)
                    .await?;
                tx.commit().await?;
                $crate::Store::upload(self, upload)
                    .await?
                    .ok_or_else(|| $crate::StoreError::NotFound(format!("upload {}", upload.0)))
            }
        }
    };
}

pub(crate) use releases_impl;
