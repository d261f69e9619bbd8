//! The store contract for Integrationskonzepte (issue #13): versions per member with unique
//! labels, a Fortschreibung started from the member's own version only, drafts edited, published
//! versions never changed, every write audited. SQLite always, PostgreSQL when
//! `TEST_DATABASE_URL` is set (required in CI).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

#[macro_use]
mod common;

use chrono::NaiveDate;
use common::{KL, ROSTOCK, ags};
use vergleich_domain::FieldId;
use vergleich_domain::concept::{ConceptContent, Goal, Themenfeld};
use vergleich_store::testing::shipped_seed;
use vergleich_store::{ConceptEdit, ConceptState, NewConceptVersion, Store, StoreError};

fn content(ideal: &str) -> ConceptContent {
    ConceptContent {
        themenfelder: vec![Themenfeld {
            key: "sprachfoerderung".into(),
            title: "Sprachförderung".into(),
            fields: vec![FieldId::parse("zugang").unwrap()],
            ideal_de: ideal.into(),
            ideal_en: None,
            goals: vec![Goal {
                id: 1,
                parent: None,
                title: "Mehr Kurse mit B1-Abschluss".into(),
                owner: Some("Referat Integration".into()),
                deadline: NaiveDate::from_ymd_opt(2026, 12, 31),
                targets: Vec::new(),
            }],
        }],
        measures: Vec::new(),
    }
}

fn new_version(member: &str, label: &str, based_on: Option<i64>) -> NewConceptVersion {
    NewConceptVersion {
        municipality: ags(member),
        label: label.into(),
        based_on,
        edit: ConceptEdit {
            title: format!("Integrationskonzept {label}"),
            adopted_on: NaiveDate::from_ymd_opt(2022, 2, 14),
            review_on: NaiveDate::from_ymd_opt(2025, 2, 14),
            document_url: Some("https://example.org/konzept.pdf".into()),
            content: content("Alle sprechen miteinander."),
        },
    }
}

async fn versions_are_drafts_until_published_and_then_never_change(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let old = store
        .create_concept_version(&new_version(KL, "2013", None), "user:kl")
        .await
        .unwrap();
    assert_eq!(old.state, ConceptState::Draft);
    assert_eq!(old.adopted_on, NaiveDate::from_ymd_opt(2022, 2, 14));
    assert_eq!(old.content, content("Alle sprechen miteinander."));
    assert_eq!(
        store.concept_version(old.id).await.unwrap().as_ref(),
        Some(&old)
    );

    // The label is unique per member, not across members.
    let twice = store
        .create_concept_version(&new_version(KL, "2013", None), "user:kl")
        .await
        .unwrap_err();
    assert!(matches!(twice, StoreError::Conflict(_)), "{twice:?}");
    let rostock = store
        .create_concept_version(&new_version(ROSTOCK, "2013", None), "user:rostock")
        .await
        .unwrap();

    // A draft is edited as a whole; the edit is read back exactly.
    let mut edit = new_version(KL, "2013", None).edit;
    edit.content = content("Niemand bleibt sprachlos.");
    edit.review_on = None;
    let edited = store
        .edit_concept_draft(old.id, &edit, "user:kl")
        .await
        .unwrap();
    assert_eq!(edited.content, edit.content);
    assert_eq!(edited.review_on, None);
    assert!(edited.updated_at >= old.updated_at);

    let published = store
        .publish_concept_version(old.id, "user:pl")
        .await
        .unwrap();
    assert_eq!(published.state, ConceptState::Published);
    assert!(published.published_at.is_some());
    // Published: neither edited nor published again; nothing changed.
    let refused = store
        .edit_concept_draft(old.id, &edit, "user:kl")
        .await
        .unwrap_err();
    assert!(matches!(refused, StoreError::Conflict(_)), "{refused:?}");
    let again = store
        .publish_concept_version(old.id, "user:pl")
        .await
        .unwrap_err();
    assert!(matches!(again, StoreError::Conflict(_)), "{again:?}");
    assert_eq!(
        store.concept_version(old.id).await.unwrap(),
        Some(published.clone())
    );
    let missing = store
        .publish_concept_version(9_999, "user:pl")
        .await
        .unwrap_err();
    assert!(matches!(missing, StoreError::NotFound(_)), "{missing:?}");

    // A Fortschreibung starts from the member's own version only.
    let next = store
        .create_concept_version(&new_version(KL, "2022", Some(old.id)), "user:kl")
        .await
        .unwrap();
    assert_eq!(next.based_on, Some(old.id));
    let foreign = store
        .create_concept_version(&new_version(KL, "2023", Some(rostock.id)), "user:kl")
        .await
        .unwrap_err();
    assert!(
        matches!(foreign, StoreError::UnknownReference { .. }),
        "{foreign:?}"
    );

    let listed: Vec<String> = store
        .concept_versions(&ags(KL))
        .await
        .unwrap()
        .into_iter()
        .map(|v| v.label)
        .collect();
    assert_eq!(listed, ["2013", "2022"]);
    // All members at once, grouped by member (Kaiserslautern 07312000 before Rostock 13003000).
    let all: Vec<(String, String)> = store
        .all_concept_versions()
        .await
        .unwrap()
        .into_iter()
        .map(|v| (v.municipality.to_string(), v.label))
        .collect();
    assert_eq!(
        all[..2],
        [
            (KL.to_owned(), "2013".to_owned()),
            (KL.to_owned(), "2022".to_owned())
        ]
    );
    assert_eq!(all.len(), 3, "{all:?}");
    assert_eq!(all[2].0, ROSTOCK);
    // A published version takes the measures' tracking, audited.
    let mut tracked = published.content.clone();
    tracked.themenfelder[0].goals[0].owner = Some("Amt 50".into());
    let after = store
        .update_concept_tracking(old.id, &tracked, "Maßnahmen 1", "user:kl")
        .await
        .unwrap();
    assert_eq!(
        (after.content, after.state),
        (tracked, ConceptState::Published)
    );
    let missing = store
        .update_concept_tracking(9_999, &content("x"), "", "user:kl")
        .await
        .unwrap_err();
    assert!(matches!(missing, StoreError::NotFound(_)), "{missing:?}");
    let audit: Vec<String> = store
        .audit_log(50)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action.starts_with("concept."))
        .map(|e| e.action)
        .collect();
    for action in [
        "concept.created",
        "concept.edited",
        "concept.published",
        "concept.measures_updated",
    ] {
        assert!(
            audit.iter().any(|a| a == action),
            "{action} missing: {audit:?}"
        );
    }
}

contract!(versions_are_drafts_until_published_and_then_never_change);
