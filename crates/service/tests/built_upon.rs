//! Issue #17 point 2, without HTTP, on SQLite and (with `TEST_DATABASE_URL`) PostgreSQL: a data
//! state built upon the previous one — reading only the members whose visible uploads changed —
//! equals the state read whole, row for row and in everything it says about its data, through
//! a sequence of writes: first values of a member placed between others, corrections, drafts
//! (own and managers' views), a rejection, missing values, demo-flagged uploads, a changed
//! definition (read whole) and values recorded under it, uploads without a member (read
//! whole), a release (built upon while unchanged, its content hash kept).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::sync::Arc;

use chrono::{NaiveDate, Utc};
use vergleich_domain::catalogue_edit::DefinitionChange;
use vergleich_domain::{
    Ags, IndicatorId, MissingReason, Observation, Period, Release, Status, UploadState,
};
use vergleich_service::ViewData;
use vergleich_service::data::{load, load_from};
use vergleich_store::testing::{TestDb, shipped_seed};
use vergleich_store::{NewUpload, Store, Transition, Visibility};

const IND: &str = "kita_u3_mh";
const OTHER: &str = "einbuergerungsquote";

fn obs(member: &Ags, indicator: &str, year: i32, value: Option<f64>) -> Observation {
    Observation {
        municipality: member.clone(),
        indicator: IndicatorId::parse(indicator).unwrap(),
        period: Period::new(year).unwrap(),
        value,
        status: if value.is_some() {
            Status::A
        } else {
            Status::M
        },
        missing_reason: value.is_none().then_some(MissingReason::Secret),
        note: None,
        source: None,
    }
}

fn upload(member: Option<&Ags>, state: UploadState, synthetic: bool) -> NewUpload {
    NewUpload {
        municipality: member.cloned(),
        uploaded_by: "user:test".into(),
        file_name: Some("werte.csv".into()),
        sha256: None,
        state,
        synthetic,
        report: None,
        idempotency_key: None,
        raw: None,
    }
}

/// Asserts that `upon` (built upon a previous state) is `whole` (read whole).
fn same(upon: &ViewData, whole: &ViewData, step: &str) {
    assert!(
        upon.frame.equals_missing(&whole.frame),
        "{step}: the frames differ\n{:?}\n{:?}",
        upon.frame,
        whole.frame
    );
    assert_eq!(upon.years, whole.years, "{step}: years");
    assert_eq!(
        upon.year_members, whole.year_members,
        "{step}: year_members"
    );
    assert_eq!(upon.synthetic, whole.synthetic, "{step}: synthetic");
    assert_eq!(upon.state, whole.state, "{step}: state");
    assert_eq!(upon.mixed, whole.mixed, "{step}: mixed");
    assert_eq!(upon.breaks, whole.breaks, "{step}: breaks");
    assert_eq!(
        upon.provenance.members, whole.provenance.members,
        "{step}: members"
    );
}

/// A release of the data as it is now.
fn release_now() -> Release {
    Release {
        name: "2025-1".into(),
        title: "Datenstand 2025-1".into(),
        note: String::new(),
        at: Utc::now(),
        created_at: Utc::now(),
        created_by: "user:test".into(),
    }
}

/// `release`'s state, built upon `base` when given.
async fn release_state(
    store: &dyn Store,
    release: &Release,
    base: Option<Arc<ViewData>>,
) -> ViewData {
    load_from(store, Visibility::Published, Some(release), base)
        .await
        .unwrap()
        .into_data()
        .unwrap()
}

struct Check<'a> {
    store: &'a dyn Store,
}

impl Check<'_> {
    async fn whole(&self, visibility: Visibility) -> ViewData {
        load(self.store, visibility)
            .await
            .unwrap()
            .into_data()
            .unwrap()
    }

    /// Builds `visibility`'s state upon `base`, checks it against the whole read and that it
    /// read `members` members again (`None`: whole), and returns it.
    async fn upon(
        &self,
        visibility: Visibility,
        base: &Arc<ViewData>,
        members: Option<usize>,
        step: &str,
    ) -> Arc<ViewData> {
        let upon = load_from(self.store, visibility.clone(), None, Some(Arc::clone(base)))
            .await
            .unwrap()
            .into_data()
            .unwrap();
        same(&upon, &self.whole(visibility).await, step);
        assert_eq!(
            upon.provenance.read.members_read, members,
            "{step}: members read"
        );
        Arc::new(upon)
    }

    async fn append(&self, upload: NewUpload, rows: &[Observation]) -> vergleich_domain::UploadId {
        self.store.append(upload, rows).await.unwrap().id
    }
}

async fn built_upon_equals_read_whole(store: &dyn Store) {
    let seed = shipped_seed(false);
    store.seed(&seed).await.unwrap();
    let mut keys: Vec<Ags> = seed
        .cohort
        .municipalities
        .iter()
        .map(|m| m.key.clone())
        .collect();
    keys.sort();
    let (first, mid, last) = (&keys[0], &keys[keys.len() / 2], &keys[keys.len() - 1]);
    let c = Check { store };
    use UploadState::{Draft, Published};
    use Visibility::{Everything, PublishedOrOwn};
    let public = Visibility::Published;

    let empty = Arc::new(c.whole(public.clone()).await);
    assert_eq!(empty.provenance.read.members_read, None);
    assert_eq!(empty.frame.height(), 0);
    // The middle member's first values; then the first and last around it, a correction of
    // the middle one and a new year.
    c.append(
        upload(Some(mid), Published, false),
        &[
            obs(mid, IND, 2022, Some(1.0)),
            obs(mid, OTHER, 2022, Some(2.0)),
        ],
    )
    .await;
    let s1 = c
        .upon(public.clone(), &empty, Some(1), "first values")
        .await;
    assert_eq!(s1.provenance.read.rows, 2);
    c.append(
        upload(Some(first), Published, false),
        &[obs(first, IND, 2022, Some(3.0))],
    )
    .await;
    c.append(
        upload(Some(last), Published, false),
        &[
            obs(last, IND, 2022, Some(4.0)),
            obs(last, IND, 2023, Some(4.5)),
        ],
    )
    .await;
    c.append(
        upload(Some(mid), Published, false),
        &[obs(mid, IND, 2022, Some(1.5))],
    )
    .await;
    let s2 = c
        .upon(public.clone(), &s1, Some(3), "around and corrected")
        .await;
    assert_eq!(s2.provenance.read.rows, 5);
    let unchanged = c
        .upon(public.clone(), &s2, Some(0), "nothing changed")
        .await;
    assert_eq!(unchanged.provenance.read.rows, 0);
    let release = release_now();
    let released = |base: Option<Arc<ViewData>>| release_state(store, &release, base);
    let r1 = Arc::new(released(None).await);
    assert!(r1.state.digest.is_some());

    // A draft of the first member: its own and the managers' view, not the public one.
    let draft = c
        .append(
            upload(Some(first), Draft, false),
            &[
                obs(first, IND, 2022, Some(30.0)),
                obs(first, OTHER, 2021, None),
            ],
        )
        .await;
    c.upon(PublishedOrOwn(first.clone()), &s2, Some(1), "own draft")
        .await;
    c.upon(
        PublishedOrOwn(last.clone()),
        &s2,
        Some(0),
        "another's draft",
    )
    .await;
    let all = c.upon(Everything, &s2, Some(1), "managers").await;
    assert!(all.state.unpublished_included);
    c.upon(public.clone(), &s2, Some(0), "a draft is not public")
        .await;
    // Submitted, then rejected: the own view is the public one again.
    for (from, to) in [
        (Draft, UploadState::Submitted),
        (UploadState::Submitted, UploadState::Rejected),
    ] {
        store
            .transition(&Transition {
                upload: draft,
                from: vec![from],
                to,
                actor: "user:test".into(),
                comment: None,
            })
            .await
            .unwrap();
    }
    c.upon(PublishedOrOwn(first.clone()), &s2, Some(0), "rejected")
        .await;
    c.upon(Everything, &all, Some(1), "managers after the rejection")
        .await;
    // The release, built upon while none of its members changed: the same content hash.
    c.append(
        upload(Some(last), Published, true),
        &[
            obs(last, OTHER, 2023, None),
            obs(last, OTHER, 2024, Some(7.0)),
        ],
    )
    .await;
    let r2 = released(Some(Arc::clone(&r1))).await;
    assert_eq!(r2.provenance.read.members_read, Some(0));
    same(&r2, &released(None).await, "release");
    assert_eq!(r2.state.digest, r1.state.digest);
    // Missing values and demo-flagged values of the last member.
    let s3 = c
        .upon(public.clone(), &s2, Some(1), "missing and demo")
        .await;
    assert!(s3.synthetic);

    // A changed definition: read whole; then values recorded under it by one member mix the
    // definitions of 2022, which the state built upon says as the whole read does.
    store
        .change_definition(
            &IndicatorId::parse(IND).unwrap(),
            &DefinitionChange {
                definition_de: "neu".into(),
                definition_en: "new".into(),
                valid_from: NaiveDate::from_ymd_opt(2022, 1, 1).unwrap(),
                note_de: "neu".into(),
                note_en: "new".into(),
            },
            "user:test",
        )
        .await
        .unwrap();
    let s4 = c
        .upon(public.clone(), &s3, None, "definition changed")
        .await;
    assert!(s4.mixed.is_empty());
    c.append(
        upload(Some(mid), Published, false),
        &[obs(mid, IND, 2022, Some(9.0))],
    )
    .await;
    let s5 = c
        .upon(
            public.clone(),
            &s4,
            Some(1),
            "recorded under the new definition",
        )
        .await;
    assert!(!s5.mixed.is_empty(), "2022 mixes two definitions");

    // Uploads without a member (a manager's import of several): read whole.
    c.append(
        upload(None, Published, false),
        &[
            obs(first, OTHER, 2022, Some(5.0)),
            obs(last, OTHER, 2022, Some(6.0)),
        ],
    )
    .await;
    let s6 = c.upon(public.clone(), &s5, None, "without a member").await;
    c.append(
        upload(Some(first), Published, false),
        &[obs(first, OTHER, 2022, Some(5.5))],
    )
    .await;
    c.upon(public, &s6, Some(1), "after the one without a member")
        .await;
}

#[tokio::test]
async fn sqlite_built_upon_equals_read_whole() {
    let db = TestDb::sqlite().await;
    built_upon_equals_read_whole(&*db.store).await;
    db.close().await;
}

#[tokio::test]
async fn postgres_built_upon_equals_read_whole() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    built_upon_equals_read_whole(&*db.store).await;
    db.close().await;
}

/// The public state kept in files (`data::on_disk`) and read back after a start is a base like
/// the one kept in memory: built upon, it equals the whole read, reading only the members that
/// changed meanwhile. So is a release's, with its content hash. Another database's, another
/// release's, a torn or an unreadable file is not used.
async fn a_state_kept_on_disk_is_built_upon_after_a_start(store: &dyn Store, other: &dyn Store) {
    use vergleich_service::data::on_disk::{Expected, Kept, restore, save};
    let seed = shipped_seed(false);
    store.seed(&seed).await.unwrap();
    other.seed(&seed).await.unwrap();
    let keys: Vec<Ags> = seed
        .cohort
        .municipalities
        .iter()
        .map(|m| m.key.clone())
        .collect();
    let c = Check { store };
    let (a, b) = (&keys[0], &keys[1]);
    c.append(
        upload(Some(a), UploadState::Published, false),
        &[obs(a, IND, 2022, Some(1.0))],
    )
    .await;
    c.append(
        upload(Some(b), UploadState::Draft, false),
        &[obs(b, IND, 2022, Some(2.0))],
    )
    .await;
    let public = Visibility::Published;
    let whole = c.whole(public.clone()).await;
    let dir = tempfile::tempdir().unwrap();
    let identity = store.store_identity().await.unwrap();
    let saved = save(dir.path(), &Kept::Public, &whole, &identity).unwrap();
    assert_eq!(saved.rows, 1);
    assert!(saved.bytes > 0);
    let files = || {
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(files().len(), 2, "{:?}", files());
    // Only published data is written.
    let all = c.whole(Visibility::Everything).await;
    assert!(save(dir.path(), &Kept::Public, &all, &identity).is_err());
    let read_back = |kept_release: Option<Release>, dir: std::path::PathBuf| async move {
        let expected = Expected::read(store).await.unwrap();
        let kept = kept_release.map_or(Kept::Public, Kept::Release);
        restore(&dir, &kept, expected).unwrap()
    };

    // "After a start": read back, built upon without reading a row while nothing changed.
    let restored = Arc::new(read_back(None, dir.path().into()).await.expect("restored"));
    same(&restored, &whole, "restored");
    c.upon(public.clone(), &restored, Some(0), "restored, unchanged")
        .await;
    // A member's upload while the service was down: only that member is read.
    c.append(
        upload(Some(b), UploadState::Published, false),
        &[obs(b, IND, 2021, Some(3.0))],
    )
    .await;
    let next = c
        .upon(public.clone(), &restored, Some(1), "restored, one changed")
        .await;
    // A later save replaces the frame file.
    let before = files();
    save(dir.path(), &Kept::Public, &next, &identity).unwrap();
    assert_eq!(files().len(), 2);
    assert_ne!(files(), before);

    // A release's state is kept beside it under its name, read back with its content hash,
    // and built upon while none of its members changed.
    let release = release_now();
    let released = |base: Option<Arc<ViewData>>| release_state(store, &release, base);
    let r1 = released(None).await;
    assert!(save(dir.path(), &Kept::Public, &r1, &identity).is_err());
    save(dir.path(), &Kept::Release(release.clone()), &r1, &identity).unwrap();
    assert_eq!(files().len(), 4, "{:?}", files());
    let back = read_back(Some(release.clone()), dir.path().into())
        .await
        .expect("the release read back");
    same(&back, &r1, "release read back");
    assert_eq!(back.state.digest, r1.state.digest);
    let upon = released(Some(Arc::new(back))).await;
    assert_eq!(upon.provenance.read.members_read, Some(0));
    same(&upon, &r1, "release built upon what was read back");
    assert_eq!(upon.state.digest, r1.state.digest);
    // A release of the same name at another moment is not this one.
    let earlier = Release {
        at: release.at - chrono::Duration::days(1),
        ..release.clone()
    };
    assert!(read_back(Some(earlier), dir.path().into()).await.is_none());
    // A public save leaves the release's files alone.
    save(dir.path(), &Kept::Public, &next, &identity).unwrap();
    assert_eq!(files().len(), 4, "{:?}", files());

    // Another database (its upload ids may be the same) does not use it.
    let elsewhere = Expected::read(other).await.unwrap();
    assert!(
        restore(dir.path(), &Kept::Public, elsewhere)
            .unwrap()
            .is_none()
    );
    // A torn frame file, or a description that is not one, is skipped.
    let frame = files()
        .into_iter()
        .find(|n| n.starts_with("published-"))
        .unwrap();
    let path = dir.path().join(frame);
    let len = std::fs::metadata(&path).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(len / 2)
        .unwrap();
    assert!(read_back(None, dir.path().into()).await.is_none());
    std::fs::write(dir.path().join("published.json"), b"{\"format\": 1").unwrap();
    assert!(read_back(None, dir.path().into()).await.is_none());
    // No folder yet: nothing to restore.
    assert!(read_back(None, dir.path().join("missing")).await.is_none());
}

#[tokio::test]
async fn sqlite_a_state_kept_on_disk_is_built_upon_after_a_start() {
    let (db, other) = (TestDb::sqlite().await, TestDb::sqlite().await);
    a_state_kept_on_disk_is_built_upon_after_a_start(&*db.store, &*other.store).await;
    db.close().await;
    other.close().await;
}

#[tokio::test]
async fn postgres_a_state_kept_on_disk_is_built_upon_after_a_start() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    let other = TestDb::postgres().await.expect("a second test database");
    a_state_kept_on_disk_is_built_upon_after_a_start(&*db.store, &*other.store).await;
    db.close().await;
    other.close().await;
}
