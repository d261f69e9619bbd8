//! The definition half of the catalogue contract: definition changes as new versions dated after
//! the last one (a change dated on or before it stores nothing), the versions oldest first with
//! the moment each was recorded (`created_at`, kept by text edits), and
//! every catalogue write growing `data_version` (reads and refused writes do not) with its audit
//! entry of before and after.

use chrono::NaiveDate;
use vergleich_domain::catalogue_edit::{DefinitionChange, DefinitionVersion};
use vergleich_store::testing::shipped_seed;
use vergleich_store::{Store, StoreError};

use super::{
    audit_of, field_id, field_of, indicator_id, indicator_of, json, new_field, new_indicator,
};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn change(valid_from: &str, definition: &str, note: &str) -> DefinitionChange {
    DefinitionChange {
        definition_de: definition.into(),
        definition_en: format!("{definition} (en)"),
        valid_from: day(valid_from),
        note_de: note.into(),
        note_en: format!("{note} (en)"),
    }
}

pub(crate) async fn a_definition_change_is_a_new_version_after_the_last(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let id = indicator_id("sprachkurs_b1_quote");
    let start = indicator_of(store, id.as_str()).await.unwrap();
    assert_eq!(start.definition_version, 1);
    let first = DefinitionVersion {
        version: 1,
        valid_from: None,
        definition_de: start.definition_de.clone(),
        definition_en: start.definition_en.clone(),
        note_de: String::new(),
        note_en: String::new(),
        created_at: None,
    };
    assert_eq!(
        store.definition_versions(&id).await.unwrap(),
        vec![first.clone()],
        "without a change: the version it started with, never recorded (no created_at)"
    );

    let before_change = chrono::Utc::now();
    let changed = store
        .change_definition(
            &id,
            &change("2024-01-01", "Nur B1-Zertifikate", "Ohne A2"),
            "user:admin",
        )
        .await
        .unwrap();
    assert_eq!(changed.definition_version, 2);
    assert_eq!(changed.definition_de, "Nur B1-Zertifikate");
    assert_eq!(changed.definition_en, "Nur B1-Zertifikate (en)");
    assert_eq!(
        (changed.label_de.as_str(), changed.unit.as_str()),
        (start.label_de.as_str(), start.unit.as_str())
    );
    assert_eq!(indicator_of(store, id.as_str()).await.unwrap(), changed);
    // Both rows are written by the change (the starting version had none): each carries the
    // moment of the change, at the microsecond precision both backends keep.
    let recorded = store.definition_versions(&id).await.unwrap();
    let at = recorded[1]
        .created_at
        .expect("a recorded version has created_at");
    assert!(
        before_change.timestamp_micros() <= at.timestamp_micros() && at <= chrono::Utc::now(),
        "{before_change} <= {at}"
    );
    assert_eq!(at.timestamp_subsec_nanos() % 1000, 0, "{at}");
    assert_eq!(recorded[0].created_at, Some(at), "recorded with the change");
    let first = DefinitionVersion {
        created_at: Some(at),
        ..first
    };
    let second = DefinitionVersion {
        version: 2,
        valid_from: Some(day("2024-01-01")),
        definition_de: "Nur B1-Zertifikate".into(),
        definition_en: "Nur B1-Zertifikate (en)".into(),
        note_de: "Ohne A2".into(),
        note_en: "Ohne A2 (en)".into(),
        created_at: Some(at),
    };
    assert_eq!(recorded, vec![first.clone(), second.clone()]);

    let version = store.data_version().await.unwrap();
    for refused in ["2024-01-01", "2023-06-30"] {
        let err = store
            .change_definition(&id, &change(refused, "Rückwärts", "zurück"), "user:admin")
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{refused}: {err:?}");
    }
    assert_eq!(
        store.data_version().await.unwrap(),
        version,
        "nothing stored"
    );
    assert_eq!(indicator_of(store, id.as_str()).await.unwrap(), changed);
    assert_eq!(
        store.definition_versions(&id).await.unwrap(),
        vec![first.clone(), second.clone()]
    );

    let third = store
        .change_definition(
            &id,
            &change("2025-01-02", "B1 oder höher", "C1 zählt mit"),
            "user:admin",
        )
        .await
        .unwrap();
    assert_eq!(third.definition_version, 3);
    let versions: Vec<(i32, Option<NaiveDate>)> = store
        .definition_versions(&id)
        .await
        .unwrap()
        .into_iter()
        .map(|v| (v.version, v.valid_from))
        .collect();
    assert_eq!(
        versions,
        vec![
            (1, None),
            (2, Some(day("2024-01-01"))),
            (3, Some(day("2025-01-02")))
        ]
    );
    let third_at = store.definition_versions(&id).await.unwrap()[2].created_at;
    assert!(
        third_at.is_some_and(|t| t >= at),
        "append-only: a later version is created later ({third_at:?} after {at})"
    );
    // A text edit corrects the current version's texts and keeps its day and note.
    let mut edit = third.clone();
    edit.definition_de = "B1 oder höher (korrigiert)".into();
    store.update_indicator(&edit, "user:admin").await.unwrap();
    let last = store.definition_versions(&id).await.unwrap().pop().unwrap();
    assert_eq!(
        (
            last.version,
            last.valid_from,
            last.definition_de.as_str(),
            last.note_de.as_str(),
            last.created_at
        ),
        (
            3,
            Some(day("2025-01-02")),
            "B1 oder höher (korrigiert)",
            "C1 zählt mit",
            third_at
        ),
        "a text edit keeps when the version was created"
    );

    let missing = indicator_id("gibt_es_nicht");
    assert!(matches!(
        store
            .change_definition(&missing, &change("2030-01-01", "x", "y"), "user:admin")
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store.definition_versions(&missing).await,
        Err(StoreError::NotFound(_))
    ));
}

pub(crate) async fn every_write_grows_the_data_version_and_is_audited_with_before_and_after(
    store: &dyn Store,
) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let mut version = store.data_version().await.unwrap();
    let mut grew = async |what: &str| {
        let now = store.data_version().await.unwrap();
        assert!(now > version, "{what}: {now} after {version}");
        version = now;
    };

    let field = store
        .add_field(&new_field("probe", 8), "user:admin")
        .await
        .unwrap();
    grew("add_field").await;
    let mut edited = field.clone();
    edited.archived = true;
    store.update_field(&edited, "user:admin").await.unwrap();
    grew("update_field").await;
    let indicator = store
        .add_indicator(&new_indicator("probe_quote", Some("probe")), "user:admin")
        .await
        .unwrap();
    grew("add_indicator").await;
    let mut renamed = indicator.clone();
    renamed.label_de = "Probequote".into();
    store
        .update_indicator(&renamed, "user:admin")
        .await
        .unwrap();
    grew("update_indicator").await;
    let changed = store
        .change_definition(
            &indicator.id,
            &change("2024-07-01", "Neu gezählt", "Zählweise"),
            "user:admin",
        )
        .await
        .unwrap();
    grew("change_definition").await;
    store
        .add_field(&new_field("leer", 9), "user:admin")
        .await
        .unwrap();
    grew("add_field leer").await;
    let empty = field_of(store, "leer").await.unwrap();
    store
        .delete_field(&field_id("leer"), "user:admin")
        .await
        .unwrap();
    grew("delete_field").await;

    // Reads and refused writes leave it.
    store.fields().await.unwrap();
    store.indicators().await.unwrap();
    store.definition_versions(&indicator.id).await.unwrap();
    let _ = store
        .delete_field(&field_id("probe"), "user:admin")
        .await
        .unwrap_err();
    let _ = store
        .add_field(&new_field("probe", 1), "user:admin")
        .await
        .unwrap_err();
    assert_eq!(store.data_version().await.unwrap(), version);

    assert_eq!(
        audit_of(store, "field/probe").await,
        vec![
            (
                "catalogue.field.add".to_owned(),
                serde_json::json!({"before": null, "after": json(&field)})
            ),
            (
                "catalogue.field.update".to_owned(),
                serde_json::json!({"before": json(&field), "after": json(&edited)})
            ),
        ]
    );
    assert_eq!(
        audit_of(store, "field/leer").await[1],
        (
            "catalogue.field.delete".to_owned(),
            serde_json::json!({"before": json(&empty), "after": null})
        )
    );
    let entries = audit_of(store, "indicator/probe_quote").await;
    let actions: Vec<&str> = entries.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(
        actions,
        vec![
            "catalogue.indicator.add",
            "catalogue.indicator.update",
            "catalogue.indicator.definition"
        ]
    );
    assert_eq!(
        entries[0].1,
        serde_json::json!({"before": null, "after": json(&indicator)})
    );
    assert_eq!(
        entries[1].1,
        serde_json::json!({"before": json(&indicator), "after": json(&renamed)})
    );
    assert_eq!(entries[2].1["before"], json(&renamed));
    assert_eq!(entries[2].1["after"], json(&changed));
    assert_eq!(entries[2].1["version"]["note_de"], "Zählweise");
    let actors: Vec<String> = store
        .audit_log(1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action.starts_with("catalogue."))
        .map(|e| e.actor)
        .collect();
    assert_eq!(actors.len(), 7);
    assert!(actors.iter().all(|a| a == "user:admin"));
}
