//! The store contract for Praxisbeispiele and exchange requests (issue #14): practices listed by
//! member and state, edited only as drafts or rejected ones (a rejected one becomes a draft),
//! the review path with its fields, two reviewers racing (exactly one wins), unknown members and
//! practices refused with nothing stored, requests between the asking and the asked member with
//! answer and close, `exchange_version` growing with every write and not with reads, every write
//! audited. SQLite always, PostgreSQL when `TEST_DATABASE_URL` is set (required in CI).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

#[macro_use]
mod common;
#[path = "contract_practices/requests.rs"]
mod requests;

use common::{KL, ROSTOCK, ags};
use vergleich_domain::FieldId;
use vergleich_domain::exchange::{Link, PracticeContent, PracticeState};
use vergleich_store::testing::shipped_seed;
use vergleich_store::{
    NewPractice, Practice, PracticeFilter, PracticeTransition, Store, StoreError,
};

const POTSDAM: &str = "12054000";

fn content(title: &str) -> PracticeContent {
    let mut c = PracticeContent::empty(title, FieldId::parse("zugang").unwrap());
    c.fields.push(FieldId::parse("kommunikation").unwrap());
    c.period_from = Some(2021);
    c.ausgangslage = "Viele Gespräche scheiterten an der Sprache.".into();
    c.ziele = "Jedes Amt bekommt binnen zwei Tagen eine Sprachmittlung.".into();
    c.vorgehen = "Pool mit Migrantenorganisationen aufgebaut.".into();
    c.ergebnisse = "640 Einsätze im Jahr.".into();
    c.links = vec![Link {
        label: "Bericht".into(),
        url: "https://example.org/bericht.pdf".into(),
    }];
    c.contact = Some("Integrationsbeauftragte/r".into());
    c
}

async fn create(store: &dyn Store, member: &str, title: &str, state: PracticeState) -> Practice {
    store
        .create_practice(
            &NewPractice {
                municipality: ags(member),
                content: content(title),
                synthetic: false,
                state,
            },
            &format!("user:{member}"),
        )
        .await
        .unwrap()
}

fn step(
    id: i64,
    from: &[PracticeState],
    to: PracticeState,
    comment: Option<&str>,
) -> PracticeTransition {
    PracticeTransition {
        id,
        from: from.to_vec(),
        to,
        actor: "user:pl".into(),
        comment: comment.map(str::to_owned),
    }
}

fn ids(practices: &[Practice]) -> Vec<i64> {
    practices.iter().map(|p| p.id).collect()
}

/// The audit entries of one subject, oldest first, as `action detail`.
async fn audit_of(store: &dyn Store, subject: &str) -> Vec<String> {
    let mut entries: Vec<String> = store
        .audit_log(1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.subject == subject)
        .map(|e| format!("{} {}", e.action, e.detail))
        .collect();
    entries.reverse();
    entries
}

async fn practices_are_stored_read_and_listed_by_member_and_state(store: &dyn Store) {
    use PracticeState::{Draft, Published};
    store.seed(&shipped_seed(false)).await.unwrap();
    let a = create(store, KL, "Sprachmittlerpool", Draft).await;
    assert_eq!((a.state, a.municipality.clone()), (Draft, ags(KL)));
    assert_eq!(a.content, content("Sprachmittlerpool"));
    assert_eq!(
        (a.created_by.as_str(), a.published_at),
        ("user:07312000", None)
    );
    assert_eq!(a.created_at, a.updated_at);
    let b = create(store, KL, "Willkommenslotsen", Published).await;
    assert_eq!(b.published_at, Some(b.created_at));
    let c = create(store, ROSTOCK, "Begegnungscafé", Published).await;
    assert_eq!(store.practice(a.id).await.unwrap().unwrap(), a);
    assert!(store.practice(999_999).await.unwrap().is_none());

    let all = store.practices(&PracticeFilter::default()).await.unwrap();
    assert_eq!(ids(&all), vec![c.id, b.id, a.id], "newest change first");
    let kl = PracticeFilter {
        municipality: Some(ags(KL)),
        states: Vec::new(),
    };
    assert_eq!(ids(&store.practices(&kl).await.unwrap()), vec![b.id, a.id]);
    let published = PracticeFilter {
        municipality: None,
        states: vec![Published],
    };
    assert_eq!(
        ids(&store.practices(&published).await.unwrap()),
        vec![c.id, b.id]
    );
    let kl_drafts = PracticeFilter {
        municipality: Some(ags(KL)),
        states: vec![Draft, PracticeState::Rejected],
    };
    assert_eq!(ids(&store.practices(&kl_drafts).await.unwrap()), vec![a.id]);
    let none = PracticeFilter {
        municipality: Some(ags(POTSDAM)),
        states: Vec::new(),
    };
    assert!(store.practices(&none).await.unwrap().is_empty());
    // An edit moves a practice to the front.
    store
        .update_practice(a.id, &content("Sprachmittlerpool 2.0"), "user:kl")
        .await
        .unwrap();
    let all = store.practices(&PracticeFilter::default()).await.unwrap();
    assert_eq!(ids(&all), vec![a.id, c.id, b.id]);

    assert_eq!(
        audit_of(store, &format!("practice:{}", b.id)).await,
        vec!["practice.create 07312000 published: Willkommenslotsen"]
    );
}

async fn practices_are_edited_only_as_draft_or_rejected(store: &dyn Store) {
    use PracticeState::{Draft, Published, Rejected, Submitted};
    store.seed(&shipped_seed(false)).await.unwrap();
    let p = create(store, KL, "Sprachmittlerpool", Draft).await;
    let edited = store
        .update_practice(p.id, &content("Sprachmittler-Pool"), "user:kl")
        .await
        .unwrap();
    assert_eq!(
        (edited.state, edited.content.title.as_str()),
        (Draft, "Sprachmittler-Pool")
    );
    assert!(edited.updated_at > p.updated_at);
    assert_eq!(edited.created_at, p.created_at);

    // Submitted and published practices are not edited.
    store
        .transition_practice(&step(p.id, &[Draft], Submitted, None))
        .await
        .unwrap();
    for state in [Submitted, Published] {
        if state == Published {
            store
                .transition_practice(&step(p.id, &[Submitted], Published, None))
                .await
                .unwrap();
        }
        let refused = store
            .update_practice(p.id, &content("Heimlich geändert"), "user:kl")
            .await
            .unwrap_err();
        match refused {
            StoreError::InvalidState {
                upload,
                state: s,
                wanted,
            } => {
                assert_eq!(
                    (upload, s.as_str(), wanted),
                    (p.id, state.as_str(), "draft")
                );
            }
            other => panic!("{other:?}"),
        }
        let stored = store.practice(p.id).await.unwrap().unwrap();
        assert_eq!(
            (stored.state, stored.content.title.as_str()),
            (state, "Sprachmittler-Pool")
        );
    }

    // A rejected one becomes a draft again when edited; its review stays on record.
    let q = create(store, KL, "Lotsen", Draft).await;
    store
        .transition_practice(&step(q.id, &[Draft], Submitted, None))
        .await
        .unwrap();
    store
        .transition_practice(&step(
            q.id,
            &[Submitted],
            Rejected,
            Some("Ergebnisse fehlen"),
        ))
        .await
        .unwrap();
    let mut fixed = content("Lotsen");
    fixed.ergebnisse = "120 Familien begleitet.".into();
    let again = store
        .update_practice(q.id, &fixed, "user:kl")
        .await
        .unwrap();
    assert_eq!((again.state, again.content.clone()), (Draft, fixed));
    assert_eq!(again.review_comment.as_deref(), Some("Ergebnisse fehlen"));

    let missing = store
        .update_practice(999_999, &content("x"), "user:kl")
        .await
        .unwrap_err();
    assert!(matches!(missing, StoreError::NotFound(_)), "{missing:?}");
    assert_eq!(
        audit_of(store, &format!("practice:{}", p.id)).await,
        vec![
            "practice.create 07312000 draft: Sprachmittlerpool",
            "practice.update title: Sprachmittlerpool -> Sprachmittler-Pool",
            "practice.submitted draft -> submitted",
            "practice.published submitted -> published",
        ]
    );
    assert!(
        audit_of(store, &format!("practice:{}", q.id))
            .await
            .contains(&"practice.rejected submitted -> rejected: Ergebnisse fehlen".to_owned())
    );
}

async fn the_review_path_publishes_and_one_of_two_racing_reviewers_wins(store: &dyn Store) {
    use PracticeState::{Draft, Published, Rejected, Submitted};
    store.seed(&shipped_seed(false)).await.unwrap();
    let p = create(store, KL, "Sprachmittlerpool", Draft).await;
    // Not from a state outside `from`.
    let early = store
        .transition_practice(&step(p.id, &[Submitted], Published, None))
        .await
        .unwrap_err();
    assert!(
        matches!(early, StoreError::InvalidState { .. }),
        "{early:?}"
    );
    let submitted = store
        .transition_practice(&step(p.id, &[Draft], Submitted, None))
        .await
        .unwrap();
    assert_eq!(
        (
            submitted.state,
            submitted.reviewed_by.clone(),
            submitted.published_at
        ),
        (Submitted, None, None)
    );
    let published = store
        .transition_practice(&step(
            p.id,
            &[Submitted],
            Published,
            Some("Sehr gut übertragbar"),
        ))
        .await
        .unwrap();
    assert_eq!(published.state, Published);
    assert_eq!(published.reviewed_by.as_deref(), Some("user:pl"));
    assert_eq!(
        published.review_comment.as_deref(),
        Some("Sehr gut übertragbar")
    );
    assert!(published.published_at.is_some());
    assert_eq!(published.reviewed_at, published.published_at);
    assert_eq!(published.updated_at, published.published_at.unwrap());
    assert_eq!(
        audit_of(store, &format!("practice:{}", p.id))
            .await
            .last()
            .unwrap(),
        "practice.published submitted -> published: Sehr gut übertragbar"
    );
    let missing = store
        .transition_practice(&step(999_999, &[Draft], Submitted, None))
        .await
        .unwrap_err();
    assert!(matches!(missing, StoreError::NotFound(_)), "{missing:?}");

    // Two reviewers at once on a submitted practice: one publishes, the other is refused. The
    // pool is warmed first, so both get a connection at once and really overlap (SQLite lets
    // one writer in at a time: there the second waits and then finds the row changed).
    let _ = tokio::join!(
        store.exchange_version(),
        store.exchange_version(),
        store.exchange_version()
    );
    for title in ["Begegnungscafé", "Lotsen", "Sprachcafé"] {
        let q = create(store, ROSTOCK, title, Draft).await;
        store
            .transition_practice(&step(q.id, &[Draft], Submitted, None))
            .await
            .unwrap();
        let version = store.exchange_version().await.unwrap();
        let publish = step(q.id, &[Submitted], Published, None);
        let reject = step(q.id, &[Submitted], Rejected, Some("Kosten fehlen"));
        let (first, second) = tokio::join!(
            store.transition_practice(&publish),
            store.transition_practice(&reject)
        );
        let (won, lost) = match (first, second) {
            (Ok(won), Err(lost)) | (Err(lost), Ok(won)) => (won, lost),
            other => panic!("exactly one must win: {other:?}"),
        };
        assert!(matches!(lost, StoreError::InvalidState { .. }), "{lost:?}");
        let stored = store.practice(q.id).await.unwrap().unwrap();
        assert_eq!(stored, won);
        assert_eq!(store.exchange_version().await.unwrap(), version + 1);
        let reviews: Vec<String> = audit_of(store, &format!("practice:{}", q.id))
            .await
            .into_iter()
            .filter(|a| a.starts_with("practice.published") || a.starts_with("practice.rejected"))
            .collect();
        assert_eq!(reviews.len(), 1, "{reviews:?}");
    }
}

use requests::{
    an_unknown_member_or_practice_stores_nothing,
    requests_go_from_the_asker_to_the_practice_member,
    the_exchange_version_grows_with_every_write_and_not_with_reads,
};

contract!(
    practices_are_stored_read_and_listed_by_member_and_state,
    practices_are_edited_only_as_draft_or_rejected,
    the_review_path_publishes_and_one_of_two_racing_reviewers_wins,
    an_unknown_member_or_practice_stores_nothing,
    requests_go_from_the_asker_to_the_practice_member,
    the_exchange_version_grows_with_every_write_and_not_with_reads,
);
