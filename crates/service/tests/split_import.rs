//! An import of several members' rows (issue #17 point 1): the file is checked once, against
//! the stored values it touches (the previous year of each value), and each member's part keeps
//! its own warnings only; importing it again answers every part as a repeat. SQLite and (with
//! `TEST_DATABASE_URL`) PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use vergleich_domain::UploadState;
use vergleich_ingest::Limits;
use vergleich_service::CpuWork;
use vergleich_service::workflow::upload::{
    ImportOutcome, UploadOutcome, UploadRequest, Uploader, import,
};
use vergleich_store::testing::{TestDb, shipped_seed};
use vergleich_store::{Store, Visibility};

const KL: &str = "07312000";
const POTSDAM: &str = "12054000";

fn request(bytes: Vec<u8>) -> UploadRequest {
    UploadRequest {
        bytes,
        file_name: Some("import.csv".into()),
        uploader: Uploader {
            name: "cli".into(),
            municipality: None,
        },
        dry_run: false,
        idempotency_key: None,
        state: UploadState::Published,
        skip_other_members: false,
        mappings: None,
    }
}

fn codes(outcome: &UploadOutcome) -> Vec<String> {
    let UploadOutcome::Stored { report, .. } = outcome else {
        panic!("not stored: {outcome:?}");
    };
    report
        .warnings
        .iter()
        .map(|w| {
            serde_json::to_value(w).unwrap()["code"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

async fn check_once_and_split(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let (limits, work) = (Limits::default(), CpuWork::new(2));
    let first = "municipality,indicator,year,value\n07312000,auslaenderanteil,2014,10\n12054000,auslaenderanteil,2014,10\n";
    let outcome = import(store, &limits, &work, request(first.as_bytes().to_vec()))
        .await
        .unwrap();
    assert!(matches!(outcome, ImportOutcome::PerMember { .. }));
    // The next year: Kaiserslautern's value jumps (factor 3 by default), Potsdam's does not.
    let next = "municipality,indicator,year,value\n07312000,auslaenderanteil,2015,45\n12054000,auslaenderanteil,2015,11\n";
    let ImportOutcome::PerMember { report, members } =
        import(store, &limits, &work, request(next.as_bytes().to_vec()))
            .await
            .unwrap()
    else {
        panic!("not split");
    };
    assert_eq!(report.observations, 2);
    assert_eq!(members.len(), 2);
    let kl = &members.iter().find(|(m, _)| m.as_str() == KL).unwrap().1;
    let potsdam = &members
        .iter()
        .find(|(m, _)| m.as_str() == POTSDAM)
        .unwrap()
        .1;
    assert!(
        codes(kl).contains(&"value-jump".to_owned()),
        "{:?}",
        codes(kl)
    );
    assert!(
        !codes(potsdam).contains(&"value-jump".to_owned()),
        "{:?}",
        codes(potsdam)
    );
    let UploadOutcome::Stored {
        report: part,
        upload,
        ..
    } = kl
    else {
        unreachable!()
    };
    assert_eq!(part.observations, 1);
    assert_eq!(part.other_member_rows, 1);
    assert_eq!(upload.municipality.as_ref().unwrap().as_str(), KL);
    // Both values are stored, published, one upload each.
    let q = vergleich_store::ObservationQuery {
        from_year: Some(2015),
        visibility: Visibility::Published,
        ..Default::default()
    };
    assert_eq!(store.observations(&q).await.unwrap().len(), 2);
    // The same file again: every part is a repeat, nothing new is stored.
    let ImportOutcome::PerMember { members, .. } =
        import(store, &limits, &work, request(next.as_bytes().to_vec()))
            .await
            .unwrap()
    else {
        panic!("not split");
    };
    assert!(
        members
            .iter()
            .all(|(_, o)| matches!(o, UploadOutcome::Replayed { .. })),
        "{members:?}"
    );
}

/// A member's value far outside the cohort's published spread of that indicator-year is
/// flagged (the spread is ranked by the database, `SpreadStore`).
async fn an_outlier_against_the_published_spread_is_flagged(store: &dyn Store) {
    store.seed(&shipped_seed(true)).await.unwrap();
    let (limits, work) = (Limits::default(), CpuWork::new(2));
    let mut bound =
        request(b"municipality,indicator,year,value\n07312000,auslaenderanteil,2023,95\n".to_vec());
    bound.uploader.municipality = Some(vergleich_domain::Ags::parse(KL).unwrap());
    bound.dry_run = true;
    let outcome = vergleich_service::workflow::upload::upload(store, &limits, &work, bound)
        .await
        .unwrap();
    let UploadOutcome::Checked { report } = outcome else {
        panic!("{outcome:?}");
    };
    let codes: Vec<String> = report
        .warnings
        .iter()
        .map(|w| {
            serde_json::to_value(w).unwrap()["code"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert!(codes.contains(&"cohort-outlier".to_owned()), "{codes:?}");

    // A file with an error besides is checked against every indicator-year's spread (its
    // coverage is unknown): the outlier is still flagged, from the same ranked spread.
    let mut broken = request(
        b"municipality,indicator,year,value\n07312000,auslaenderanteil,2023,95\n07312000,auslaenderanteil,2022,viel\n"
            .to_vec(),
    );
    broken.uploader.municipality = Some(vergleich_domain::Ags::parse(KL).unwrap());
    broken.dry_run = true;
    let outcome = vergleich_service::workflow::upload::upload(store, &limits, &work, broken)
        .await
        .unwrap();
    let (UploadOutcome::Rejected { report } | UploadOutcome::Checked { report }) = outcome else {
        panic!("{outcome:?}");
    };
    assert!(!report.errors.is_empty(), "{report:?}");
    let codes: Vec<String> = report
        .warnings
        .iter()
        .map(|w| {
            serde_json::to_value(w).unwrap()["code"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert!(codes.contains(&"cohort-outlier".to_owned()), "{codes:?}");
}

#[tokio::test]
async fn sqlite_an_outlier_against_the_published_spread_is_flagged() {
    let db = TestDb::sqlite().await;
    an_outlier_against_the_published_spread_is_flagged(&*db.store).await;
    db.close().await;
}

#[tokio::test]
async fn postgres_an_outlier_against_the_published_spread_is_flagged() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    an_outlier_against_the_published_spread_is_flagged(&*db.store).await;
    db.close().await;
}

#[tokio::test]
async fn sqlite_an_import_is_checked_once_and_split_by_member() {
    let db = TestDb::sqlite().await;
    check_once_and_split(&*db.store).await;
    db.close().await;
}

#[tokio::test]
async fn postgres_an_import_is_checked_once_and_split_by_member() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    check_once_and_split(&*db.store).await;
    db.close().await;
}
