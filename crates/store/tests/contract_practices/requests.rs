//! The request half of the practice contract: unknown members and practices refused with
//! nothing stored, requests between the asking and the asked member with answer and close, and
//! `exchange_version` growing with every write and not with reads.

use vergleich_domain::exchange::{PracticeState, RequestState};
use vergleich_store::testing::shipped_seed;
use vergleich_store::{
    NewPractice, NewRequest, PracticeFilter, RequestTransition, Store, StoreError,
};

use super::{POTSDAM, audit_of, content, create, step};
use crate::common::{KL, ROSTOCK, ags};

pub(crate) async fn an_unknown_member_or_practice_stores_nothing(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let version = store.exchange_version().await.unwrap();
    let audit = store.audit_log(1000).await.unwrap().len();
    let unknown = store
        .create_practice(
            &NewPractice {
                municipality: ags("01001000"),
                content: content("Geisterpraxis"),
                synthetic: true,
                state: PracticeState::Draft,
            },
            "user:x",
        )
        .await
        .unwrap_err();
    match unknown {
        StoreError::UnknownReference { what, key } => {
            assert_eq!((what, key.as_str()), ("municipality", "01001000"))
        }
        other => panic!("{other:?}"),
    }
    let no_practice = store
        .create_request(
            &NewRequest {
                practice_id: 999_999,
                from_municipality: ags(KL),
                message: "Wie habt ihr das finanziert?".into(),
            },
            "user:kl",
        )
        .await
        .unwrap_err();
    assert!(
        matches!(no_practice, StoreError::NotFound(_)),
        "{no_practice:?}"
    );
    let no_request = store
        .transition_request(&RequestTransition {
            id: 999_999,
            from: vec![RequestState::Offen],
            to: RequestState::Erledigt,
            actor: "user:kl".into(),
            answer: None,
        })
        .await
        .unwrap_err();
    assert!(
        matches!(no_request, StoreError::NotFound(_)),
        "{no_request:?}"
    );
    assert!(
        store
            .practices(&PracticeFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.requests(None).await.unwrap().is_empty());
    assert_eq!(store.exchange_version().await.unwrap(), version);
    assert_eq!(store.audit_log(1000).await.unwrap().len(), audit);
}

pub(crate) async fn requests_go_from_the_asker_to_the_practice_member(store: &dyn Store) {
    use RequestState::{Beantwortet, Erledigt, Offen};
    store.seed(&shipped_seed(false)).await.unwrap();
    let p = create(store, ROSTOCK, "Begegnungscafé", PracticeState::Published).await;
    let ask = |message: &str| NewRequest {
        practice_id: p.id,
        from_municipality: ags(KL),
        message: message.into(),
    };
    let r = store
        .create_request(&ask("Wie habt ihr das finanziert?"), "user:kl")
        .await
        .unwrap();
    assert_eq!(
        (r.from_municipality.clone(), r.to_municipality.clone()),
        (ags(KL), ags(ROSTOCK))
    );
    assert_eq!(
        (r.practice_id, r.practice_title.as_str(), r.state),
        (p.id, "Begegnungscafé", Offen)
    );
    assert_eq!(
        (r.answer.clone(), r.answered_at, r.closed_at, r.notified_at),
        (None, None, None, None)
    );
    assert_eq!(store.request(r.id).await.unwrap().unwrap(), r);
    assert!(store.request(999_999).await.unwrap().is_none());
    let second = store
        .create_request(&ask("Gibt es ein Konzept?"), "user:kl")
        .await
        .unwrap();

    // Sender and receiver see both, newest first; a third member none; `None` every one.
    for member in [KL, ROSTOCK] {
        let listed: Vec<i64> = store
            .requests(Some(&ags(member)))
            .await
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(listed, vec![second.id, r.id], "{member}");
    }
    assert!(
        store
            .requests(Some(&ags(POTSDAM)))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.requests(None).await.unwrap().len(), 2);

    let answer = RequestTransition {
        id: r.id,
        from: vec![Offen],
        to: Beantwortet,
        actor: "user:rostock".into(),
        answer: Some("Aus dem Integrationsfonds.".into()),
    };
    let answered = store.transition_request(&answer).await.unwrap();
    assert_eq!(
        (answered.state, answered.answer.as_deref()),
        (Beantwortet, Some("Aus dem Integrationsfonds."))
    );
    assert_eq!(answered.answered_by.as_deref(), Some("user:rostock"));
    assert!(answered.answered_at.is_some());
    let close = RequestTransition {
        id: r.id,
        from: vec![Offen, Beantwortet],
        to: Erledigt,
        actor: "user:kl".into(),
        answer: None,
    };
    let closed = store.transition_request(&close).await.unwrap();
    assert_eq!(
        (closed.state, closed.closed_by.as_deref()),
        (Erledigt, Some("user:kl"))
    );
    assert!(closed.closed_at.is_some());
    assert_eq!(closed.answer.as_deref(), Some("Aus dem Integrationsfonds."));
    let late = store.transition_request(&answer).await.unwrap_err();
    match late {
        StoreError::InvalidState {
            upload,
            state,
            wanted,
        } => {
            assert_eq!(
                (upload, state.as_str(), wanted),
                (r.id, "erledigt", "beantwortet")
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(store.request(r.id).await.unwrap().unwrap(), closed);

    // A later edit of the practice leaves the request's title as it was asked about.
    store
        .transition_practice(&step(
            p.id,
            &[PracticeState::Published],
            PracticeState::Rejected,
            None,
        ))
        .await
        .unwrap();
    store
        .update_practice(p.id, &content("Café International"), "user:rostock")
        .await
        .unwrap();
    assert_eq!(
        store.request(r.id).await.unwrap().unwrap().practice_title,
        "Begegnungscafé"
    );

    assert_eq!(
        audit_of(store, &format!("request:{}", r.id)).await,
        vec![
            format!(
                "request.create 07312000 -> 13003000 about practice {}",
                p.id
            ),
            "request.beantwortet offen -> beantwortet: Aus dem Integrationsfonds.".to_owned(),
            "request.erledigt beantwortet -> erledigt".to_owned(),
        ]
    );
}

pub(crate) async fn the_exchange_version_grows_with_every_write_and_not_with_reads(
    store: &dyn Store,
) {
    use PracticeState::{Draft, Submitted};
    store.seed(&shipped_seed(false)).await.unwrap();
    let mut version = store.exchange_version().await.unwrap();
    assert_eq!(version, 0);
    let mut grew = async |what: &str| {
        let now = store.exchange_version().await.unwrap();
        assert_eq!(now, version + 1, "{what}");
        version = now;
    };
    let p = create(store, KL, "Sprachmittlerpool", Draft).await;
    grew("create").await;
    store
        .update_practice(p.id, &content("Pool"), "user:kl")
        .await
        .unwrap();
    grew("update").await;
    store
        .transition_practice(&step(p.id, &[Draft], Submitted, None))
        .await
        .unwrap();
    grew("transition").await;
    let r = store
        .create_request(
            &NewRequest {
                practice_id: p.id,
                from_municipality: ags(ROSTOCK),
                message: "Habt ihr Material?".into(),
            },
            "user:rostock",
        )
        .await
        .unwrap();
    grew("request").await;
    store
        .transition_request(&RequestTransition {
            id: r.id,
            from: vec![RequestState::Offen],
            to: RequestState::Erledigt,
            actor: "user:rostock".into(),
            answer: None,
        })
        .await
        .unwrap();
    grew("request closed").await;

    // Reads and refused writes change nothing.
    let before = store.exchange_version().await.unwrap();
    store.practice(p.id).await.unwrap();
    store.practices(&PracticeFilter::default()).await.unwrap();
    store.request(r.id).await.unwrap();
    store.requests(Some(&ags(KL))).await.unwrap();
    store
        .update_practice(p.id, &content("Nein"), "user:kl")
        .await
        .unwrap_err();
    store
        .transition_practice(&step(p.id, &[Draft], Submitted, None))
        .await
        .unwrap_err();
    assert_eq!(store.exchange_version().await.unwrap(), before);
}
