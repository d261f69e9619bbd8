//! Helpers shared by the store contract tests: observation and upload builders, and the macro
//! that runs each behaviour on SQLite always and on PostgreSQL when `TEST_DATABASE_URL` is set.

#![allow(dead_code, clippy::unwrap_used)] // each test file uses a subset; tests fail loudly

use vergleich_domain::{Ags, IndicatorId, MissingReason, Observation, Period, Status, UploadState};
use vergleich_store::{NewUpload, ObservationQuery, Visibility};

pub fn ags(key: &str) -> Ags {
    Ags::parse(key).unwrap()
}

pub fn obs(member: &str, indicator: &str, year: i32, value: Option<f64>) -> Observation {
    Observation {
        municipality: ags(member),
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

pub fn upload(member: &str, state: UploadState) -> NewUpload {
    NewUpload {
        municipality: Some(ags(member)),
        uploaded_by: format!("user:{member}"),
        file_name: Some("werte.csv".into()),
        sha256: Some("ab".repeat(32)),
        state,
        synthetic: false,
        report: Some("{}".into()),
        idempotency_key: None,
        raw: None,
    }
}

pub const KL: &str = "07312000";
pub const ROSTOCK: &str = "13003000";

pub fn query_one(member: &str, indicator: &str) -> ObservationQuery {
    ObservationQuery {
        municipalities: vec![ags(member)],
        indicators: vec![IndicatorId::parse(indicator).unwrap()],
        visibility: Visibility::Everything,
        ..Default::default()
    }
}

macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let db = vergleich_store::testing::TestDb::sqlite().await;
                    super::$name(&*db.store).await;
                    db.close().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let Some(db) = vergleich_store::testing::TestDb::postgres().await else { return };
                    super::$name(&*db.store).await;
                    db.close().await;
                }
            )*
        }
    };
}
