//! Helpers the API test binaries share: a service on a fresh SQLite file, users with API tokens,
//! and one stored value. Each binary uses some of them.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use vergleich_api::config::{DatabaseArgs, HttpArgs};
use vergleich_api::state::AppState;
use vergleich_domain::{Ags, IndicatorId, Observation, Period, Role, Status, UploadState};
use vergleich_store::testing::datasets_dir;
use vergleich_store::{NewUpload, NewUser, Store};

/// The service's state on a fresh SQLite file with the shipped catalogue and cohort (and the
/// demo observations with `demo`); the folder lives as long as the returned guard.
pub async fn sqlite_state(demo: bool, http: HttpArgs) -> (AppState, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let db = DatabaseArgs::new(
        format!("sqlite:{}", dir.path().join("db.sqlite").display()),
        datasets_dir(),
    );
    let state = vergleich_api::startup::build(&db, demo)
        .await
        .unwrap()
        .with_http(http);
    (state, dir)
}

/// A new user with `role` (bound to `member` for a municipality) and a fresh API token of it.
pub async fn token(store: &dyn Store, name: &str, role: Role, member: Option<&str>) -> String {
    let user = store
        .create_user(&NewUser {
            name: name.to_owned(),
            role,
            municipality: member.map(|m| Ags::parse(m).unwrap()),
        })
        .await
        .unwrap();
    let token = vergleich_api::auth::new_token();
    store
        .create_token(user.id, &vergleich_api::auth::secret_hash(&token), "test")
        .await
        .unwrap();
    token
}

/// Stores one value of `member` as an upload in `state`, straight through the store (no HTTP).
pub async fn append_value(
    store: &dyn Store,
    state: UploadState,
    member: &str,
    indicator: &str,
    year: i32,
    value: f64,
) {
    let key = Ags::parse(member).unwrap();
    store
        .append(
            NewUpload {
                municipality: Some(key.clone()),
                uploaded_by: format!("user:{member}"),
                file_name: None,
                sha256: None,
                state,
                synthetic: false,
                report: None,
                idempotency_key: None,
                raw: None,
            },
            &[Observation {
                municipality: key,
                indicator: IndicatorId::parse(indicator).unwrap(),
                period: Period::new(year).unwrap(),
                value: Some(value),
                status: Status::A,
                missing_reason: None,
                note: None,
                source: None,
            }],
        )
        .await
        .unwrap();
}
