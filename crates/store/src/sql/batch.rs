//! Several uploads of one import in one transaction (issue #17 point 1): each part is decided
//! like a client's upload (its lookup after its locks, its unchanged rows left out), but the
//! lookups that do not depend on the part — the newest versions, the references, the next
//! versions — run once for the batch. Each part still gets its own upload record, observations
//! and audit entry. On SQLite every statement is a round trip to the database thread; a
//! 2,000-member file spent a third of its time waking threads. `batch_helpers!` expands for
//! one backend inside `store_helpers!`.

macro_rules! batch_helpers {
    ($store:ident, $conn:ty, $ts:path, $insert_observations:path, $lock:path) => {
        impl $store {
            /// Several parts in one transaction, committed when at least one was stored.
            async fn write_many(
                &self,
                parts: &[$crate::NewPart],
            ) -> Result<Vec<$crate::Appended>, $crate::StoreError> {
                let at = $crate::sql::now();
                let mut tx = self.begin_write().await?;
                let written = Self::write_batch(&mut tx, parts, at).await?;
                if written
                    .iter()
                    .any(|w| matches!(w, $crate::Appended::Stored { .. }))
                {
                    tx.commit().await?;
                }
                Ok(written)
            }

            async fn write_batch(
                conn: &mut $conn,
                parts: &[$crate::NewPart],
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<Vec<$crate::Appended>, $crate::StoreError> {
                // Locks and lookups first, part by part, as a single upload takes them.
                let mut found = Vec::with_capacity(parts.len());
                for p in parts {
                    $crate::sql::own_rows_only(&p.upload, &p.observations)?;
                    $lock(&mut *conn, &p.observations, Some(&p.lookup)).await?;
                    found.push(Self::find_in(&mut *conn, &p.lookup).await?);
                }
                let pending: Vec<vergleich_domain::Observation> = parts
                    .iter()
                    .zip(&found)
                    .filter(|(_, f)| f.is_none())
                    .flat_map(|(p, _)| p.observations.iter().cloned())
                    .collect();
                let newest = Self::newest_versions(&mut *conn, &pending).await?;
                let kept: Vec<(Vec<vergleich_domain::Observation>, usize)> = parts
                    .iter()
                    .zip(&found)
                    .map(|(p, f)| match f {
                        Some(_) => (Vec::new(), 0),
                        None => $crate::sql::unchanged::changed(&p.observations, &newest),
                    })
                    .collect();
                let all: Vec<vergleich_domain::Observation> =
                    kept.iter().flat_map(|(k, _)| k.iter().cloned()).collect();
                Self::check_references(&mut *conn, &all).await?;
                let versions = Self::next_versions(&mut *conn, &all).await?;
                let mut next = 0;
                let mut written = Vec::with_capacity(parts.len());
                for ((p, f), (observations, unchanged)) in parts.iter().zip(found).zip(kept) {
                    if let Some(previous) = f {
                        written.push($crate::Appended::Found(previous));
                        continue;
                    }
                    let own = versions
                        .get(next..next + observations.len())
                        .unwrap_or_default();
                    next += observations.len();
                    let id = Self::insert_upload(&mut *conn, &p.upload, at).await?;
                    if let (Some(sha), Some(raw)) = (&p.upload.sha256, &p.upload.raw) {
                        Self::insert_raw_file(&mut *conn, sha, raw, at).await?;
                    }
                    $insert_observations(&mut *conn, id, at, &observations, own).await?;
                    let detail = format!(
                        "{} observations, state {}",
                        observations.len(),
                        p.upload.state.as_str()
                    );
                    Self::insert_audit(
                        &mut *conn,
                        at,
                        &p.upload.uploaded_by,
                        "upload.created",
                        &format!("upload/{id}"),
                        &detail,
                    )
                    .await?;
                    written.push($crate::Appended::Stored {
                        upload: $crate::sql::stored_record(id, &p.upload, &observations, at),
                        unchanged,
                    });
                }
                Ok(written)
            }
        }
    };
}

pub(crate) use batch_helpers;
