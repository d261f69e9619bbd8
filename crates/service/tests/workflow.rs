//! The workflow rules without HTTP, on SQLite and (with `TEST_DATABASE_URL`) PostgreSQL: who
//! may upload, submit, see, approve and reject an upload, what each refusal is (401, 403, 404,
//! 409, 400), what an approval publishes, sign-in and tokens, and the account rules. The JSON API
//! and the pages call these same functions (`crates/api/tests` checks the HTTP side).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use vergleich_domain::{Ags, Role, UploadState};
use vergleich_ingest::Limits;
use vergleich_service::workflow::SignInThrottle;
use vergleich_service::workflow::upload::{UploadFile, UploadOutcome};
use vergleich_service::{CpuWork, ErrorCode, Principal, Workflow};
use vergleich_store::testing::{TestDb, shipped_seed};
use vergleich_store::{Store, User};

const KL: &str = "07312000";
const POTSDAM: &str = "12054000";

fn csv(member: &str, value: &str) -> Vec<u8> {
    format!("Kommune;Indikator;Jahr;Wert\n{member};auslaenderanteil;2017;{value}\n").into_bytes()
}

struct Setup {
    limits: Limits,
    work: CpuWork,
    sign_ins: SignInThrottle,
}

impl Setup {
    fn new() -> Self {
        Self {
            limits: Limits::default(),
            work: CpuWork::new(2),
            sign_ins: SignInThrottle::default(),
        }
    }

    fn workflow<'a>(&'a self, store: &'a dyn Store) -> Workflow<'a> {
        Workflow {
            store,
            limits: &self.limits,
            work: &self.work,
            parses: &self.work,
            session_minutes: 30,
            session_max_minutes: 600,
            sign_ins: &self.sign_ins,
        }
    }
}

async fn user(flow: &Workflow<'_>, name: &str, role: Role, member: Option<&str>) -> Principal {
    let member = member.map(|m| Ags::parse(m).unwrap());
    Principal::User(flow.add_user(name, role, member).await.unwrap())
}

fn code<T: std::fmt::Debug>(result: Result<T, vergleich_service::Error>) -> ErrorCode {
    result.expect_err("refused").code
}

async fn the_review_rules_hold_for_every_role(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let setup = Setup::new();
    let flow = setup.workflow(store);
    let kl = user(&flow, "kl", Role::Municipality, Some(KL)).await;
    let potsdam = user(&flow, "potsdam", Role::Municipality, Some(POTSDAM)).await;
    let manager = user(&flow, "pl", Role::Manager, None).await;
    let staff = user(&flow, "stiftung", Role::Staff, None).await;
    let anonymous = Principal::Anonymous;

    // Only a municipality uploads, and only for itself.
    let file = |value: &str| UploadFile {
        bytes: csv(KL, value),
        file_name: Some("werte.csv".into()),
        ..UploadFile::default()
    };
    for (who, expected) in [
        (&anonymous, ErrorCode::Unauthenticated),
        (&manager, ErrorCode::Forbidden),
        (&staff, ErrorCode::Forbidden),
    ] {
        let refused = flow.upload(who, file("17,8")).await.map_err(Into::into);
        assert_eq!(code(refused), expected);
    }
    let foreign = flow
        .upload(&potsdam, file("17,8"))
        .await
        .expect("an answer");
    assert!(
        matches!(foreign, UploadOutcome::Rejected { .. }),
        "rows of another member are errors: {foreign:?}"
    );
    let UploadOutcome::Stored { upload, .. } = flow.upload(&kl, file("17,8")).await.unwrap() else {
        panic!("stored")
    };
    let id = upload.id.0;
    assert_eq!(upload.state, UploadState::Draft);

    // Seeing it: its member and reviewers; another member gets 404 (not revealed), staff 403.
    assert!(flow.visible_upload(&kl, id).await.is_ok());
    assert!(flow.visible_upload(&manager, id).await.is_ok());
    assert_eq!(
        code(flow.visible_upload(&potsdam, id).await),
        ErrorCode::NotFound
    );
    assert_eq!(
        code(flow.visible_upload(&staff, id).await),
        ErrorCode::Forbidden
    );
    assert_eq!(
        code(flow.visible_upload(&anonymous, id).await),
        ErrorCode::Unauthenticated
    );
    assert_eq!(
        code(flow.visible_upload(&kl, id + 999).await),
        ErrorCode::NotFound
    );

    // Approving a draft is a state error; only its member submits.
    assert_eq!(
        code(flow.approve(&manager, id, None).await),
        ErrorCode::InvalidTransition
    );
    assert_eq!(code(flow.submit(&potsdam, id).await), ErrorCode::NotFound);
    assert_eq!(code(flow.submit(&manager, id).await), ErrorCode::Forbidden);
    let submitted = flow.submit(&kl, id).await.unwrap();
    assert_eq!(submitted.state, UploadState::Submitted);
    assert_eq!(
        code(flow.submit(&kl, id).await),
        ErrorCode::InvalidTransition
    );

    // Reviewing: managers only; a rejection needs a comment, at most 2,000 characters.
    assert_eq!(
        code(flow.approve(&kl, id, None).await),
        ErrorCode::Forbidden
    );
    assert_eq!(
        code(flow.approve(&staff, id, None).await),
        ErrorCode::Forbidden
    );
    for blank in [None, Some("  ".to_owned())] {
        assert_eq!(
            code(flow.reject(&manager, id, blank).await),
            ErrorCode::InvalidParameter
        );
    }
    assert_eq!(
        code(flow.reject(&manager, id, Some("x".repeat(2_001))).await),
        ErrorCode::InvalidParameter
    );
    let changes = flow.changes(&manager, id).await.unwrap();
    assert_eq!(changes.count, 1);
    assert_eq!(changes.changes[0].kind, "new");
    let published = flow
        .approve(&manager, id, Some("Danke".into()))
        .await
        .unwrap();
    assert_eq!(published.state, UploadState::Published);
    assert_eq!(published.review_comment.as_deref(), Some("Danke"));

    // A correction shows what it changes against the published value.
    let UploadOutcome::Stored { upload: fix, .. } = flow.upload(&kl, file("18,3")).await.unwrap()
    else {
        panic!("stored")
    };
    let changes = flow.changes(&kl, fix.id.0).await.unwrap();
    assert_eq!(changes.changes[0].kind, "value");
    let difference = changes.changes[0].difference.unwrap();
    assert!((difference - 0.5).abs() < 1e-9, "{difference}");
    flow.submit(&kl, fix.id.0).await.unwrap();
    let rejected = flow
        .reject(&manager, fix.id.0, Some("Quelle fehlt".into()))
        .await
        .unwrap();
    assert_eq!(rejected.state, UploadState::Rejected);

    // Lists: a member sees its own, reviewers all; the audit log is the reviewers'.
    let own = flow.uploads(&kl, None, None, None).await.unwrap();
    assert_eq!(own.uploads.len(), 2);
    let none = flow.uploads(&potsdam, None, None, None).await.unwrap();
    assert!(none.uploads.is_empty());
    let one = flow.uploads(&manager, None, Some(1), None).await.unwrap();
    assert_eq!((one.uploads.len(), one.next_offset), (1, Some(1)));
    for (limit, offset) in [(0, 0), (201, 0), (1, -1)] {
        assert_eq!(
            code(
                flow.uploads(&manager, None, Some(limit), Some(offset))
                    .await
            ),
            ErrorCode::InvalidParameter
        );
    }
    assert!(flow.uploads(&manager, None, Some(200), None).await.is_ok());
    assert_eq!(code(flow.audit(&kl, None).await), ErrorCode::Forbidden);
    assert!(flow.audit(&manager, Some(1_000)).await.is_ok());
    assert_eq!(
        code(flow.audit(&manager, Some(1_001)).await),
        ErrorCode::InvalidParameter
    );
    let entries = flow.audit(&manager, Some(1)).await.unwrap();
    assert_eq!(entries.len(), 1);
}

async fn signing_in_tokens_and_accounts_follow_their_rules(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let setup = Setup::new();
    let flow = setup.workflow(store);

    // Accounts: a municipality user needs a member, others must not have one, names are unique.
    assert_eq!(
        code(flow.add_user("kl", Role::Municipality, None).await),
        ErrorCode::InvalidParameter
    );
    let kl = Some(Ags::parse(KL).unwrap());
    assert_eq!(
        code(flow.add_user("pl", Role::Manager, kl.clone()).await),
        ErrorCode::InvalidParameter
    );
    flow.add_user("kl", Role::Municipality, kl.clone())
        .await
        .unwrap();
    assert_eq!(
        code(flow.add_user("kl", Role::Staff, None).await),
        ErrorCode::Conflict
    );

    // Passwords: 12 characters at least; sign-in with the right one only.
    assert_eq!(
        code(flow.set_password("kl", "a".repeat(11), "test").await),
        ErrorCode::InvalidParameter
    );
    flow.set_password("kl", "a".repeat(12), "test")
        .await
        .unwrap();
    assert_eq!(
        code(flow.set_password("niemand", "a".repeat(12), "test").await),
        ErrorCode::NotFound
    );
    assert!(
        flow.sign_in("kl", "b".repeat(12), None)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        flow.sign_in("niemand", "a".repeat(12), None)
            .await
            .unwrap()
            .is_none()
    );
    let session = flow
        .sign_in("kl", "a".repeat(12), None)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(session.session_id, session.csrf_token);
    let live = flow.session(&session.session_id).await.unwrap().unwrap();
    assert_eq!(live.user.name, "kl");
    assert_eq!(live.csrf_token, session.csrf_token);
    flow.sign_out(&session.session_id).await.unwrap();
    assert!(flow.session(&session.session_id).await.unwrap().is_none());

    // Tokens: shown once, found by their hash, unknown ones are nobody.
    let token = flow.create_token("kl", "laptop").await.unwrap();
    let found: Option<User> = flow.token_user(&token).await.unwrap();
    assert_eq!(found.map(|u| u.name).as_deref(), Some("kl"));
    assert!(flow.token_user("vgl_0000").await.unwrap().is_none());
    assert_eq!(
        code(flow.create_token("niemand", "x").await),
        ErrorCode::NotFound
    );
}

#[tokio::test]
async fn review_rules_sqlite() {
    let db = TestDb::sqlite().await;
    the_review_rules_hold_for_every_role(&*db.store).await;
}

#[tokio::test]
async fn review_rules_postgres() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    the_review_rules_hold_for_every_role(&*db.store).await;
    db.close().await;
}

#[tokio::test]
async fn sessions_tokens_accounts_sqlite() {
    let db = TestDb::sqlite().await;
    signing_in_tokens_and_accounts_follow_their_rules(&*db.store).await;
}

#[tokio::test]
async fn sessions_tokens_accounts_postgres() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    signing_in_tokens_and_accounts_follow_their_rules(&*db.store).await;
    db.close().await;
}
