//! The store contract for catalogue changes at runtime (issue #14 B): fields added, read back in
//! position order with their archived flag, edited, archived, and deleted only without
//! indicators; indicators added with their first definition version and only to known fields,
//! edited without a new version; definition changes as new versions dated after the last one;
//! taken ids and refused changes storing nothing; `data_version` growing with every write and not
//! with reads; an audit entry with before and after per write; and the seed at start-up keeping
//! what an admin edited while still updating the rest. SQLite always, PostgreSQL when
//! `TEST_DATABASE_URL` is set (required in CI).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

#[macro_use]
mod common;
#[path = "contract_catalogue/definitions.rs"]
mod definitions;

use vergleich_domain::{Field, FieldId, Indicator, IndicatorId, IndicatorKind, Level, Polarity};
use vergleich_store::testing::shipped_seed;
use vergleich_store::{Store, StoreError};

fn field_id(id: &str) -> FieldId {
    FieldId::parse(id).unwrap()
}

fn indicator_id(id: &str) -> IndicatorId {
    IndicatorId::parse(id).unwrap()
}

fn new_field(id: &str, position: i32) -> Field {
    Field {
        id: field_id(id),
        position,
        label_de: format!("Feld {id}"),
        label_en: format!("Field {id}"),
        short_de: String::new(),
        short_en: String::new(),
        description_de: "Beschreibung".into(),
        description_en: "Description".into(),
        archived: false,
    }
}

fn new_indicator(id: &str, field: Option<&str>) -> Indicator {
    Indicator {
        id: indicator_id(id),
        field: field.map(field_id),
        kind: IndicatorKind::Statistic,
        label_de: format!("Indikator {id}"),
        label_en: format!("Indicator {id}"),
        definition_de: "Anteil an allen".into(),
        definition_en: "Share of all".into(),
        unit: "%".into(),
        polarity: Polarity::HigherIsBetter,
        min: Some(0.0),
        max: Some(100.0),
        source: "Eigene Erhebung".into(),
        level: Level::Kommune,
        definition_version: 1,
    }
}

async fn field_of(store: &dyn Store, id: &str) -> Option<Field> {
    store
        .fields()
        .await
        .unwrap()
        .into_iter()
        .find(|f| f.id.as_str() == id)
}

async fn indicator_of(store: &dyn Store, id: &str) -> Option<Indicator> {
    store
        .indicators()
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.id.as_str() == id)
}

/// The audit entries of one subject, oldest first, as (action, detail as JSON).
async fn audit_of(store: &dyn Store, subject: &str) -> Vec<(String, serde_json::Value)> {
    let mut entries: Vec<_> = store
        .audit_log(1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.subject == subject)
        .map(|e| (e.action, serde_json::from_str(&e.detail).unwrap()))
        .collect();
    entries.reverse();
    entries
}

fn json<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap()
}

async fn fields_are_added_read_back_in_order_and_a_taken_id_is_refused(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let added = store
        .add_field(&new_field("antidiskriminierung", 3), "user:admin")
        .await
        .unwrap();
    assert_eq!(added, new_field("antidiskriminierung", 3));
    let fields = store.fields().await.unwrap();
    let ids: Vec<&str> = fields.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(
        ids,
        vec![
            "steuerung",
            "oeffnung",
            "antidiskriminierung",
            "zugang",
            "arbeit",
            "engagement",
            "zusammenhalt",
            "kommunikation"
        ],
        "by position, then id"
    );
    assert_eq!(fields[2], added);
    assert!(fields.iter().all(|f| !f.archived));

    let audit = store.audit_log(1000).await.unwrap().len();
    let mut again = new_field("antidiskriminierung", 9);
    again.label_de = "Doppelt".into();
    let err = store.add_field(&again, "user:admin").await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    let err = store
        .add_field(&new_field("steuerung", 9), "user:admin")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    assert_eq!(store.fields().await.unwrap(), fields, "nothing changed");
    assert_eq!(store.audit_log(1000).await.unwrap().len(), audit);
}

async fn fields_are_edited_archived_and_deleted_only_without_indicators(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let mut zugang = field_of(store, "zugang").await.unwrap();
    zugang.label_de = "Zugang und Teilhabe".into();
    zugang.short_en = "Participation".into();
    zugang.archived = true;
    let stored = store.update_field(&zugang, "user:admin").await.unwrap();
    assert_eq!(stored, zugang);
    assert_eq!(field_of(store, "zugang").await.unwrap(), zugang);
    zugang.archived = false;
    store.update_field(&zugang, "user:admin").await.unwrap();
    assert!(!field_of(store, "zugang").await.unwrap().archived);

    let missing = store
        .update_field(&new_field("nirgends", 1), "user:admin")
        .await
        .unwrap_err();
    assert!(matches!(missing, StoreError::NotFound(_)), "{missing:?}");
    let missing = store
        .delete_field(&field_id("nirgends"), "user:admin")
        .await
        .unwrap_err();
    assert!(matches!(missing, StoreError::NotFound(_)), "{missing:?}");

    // steuerung has sc_steuerung and two statistics.
    let named = store
        .delete_field(&field_id("steuerung"), "user:admin")
        .await
        .unwrap_err();
    match &named {
        StoreError::Conflict(message) => assert_eq!(
            message,
            "field steuerung has 3 indicators; archive it instead"
        ),
        other => panic!("{other:?}"),
    }
    assert!(field_of(store, "steuerung").await.is_some());

    store
        .add_field(&new_field("probe", 8), "user:admin")
        .await
        .unwrap();
    store
        .delete_field(&field_id("probe"), "user:admin")
        .await
        .unwrap();
    assert!(field_of(store, "probe").await.is_none());
    let actions: Vec<String> = audit_of(store, "field/probe")
        .await
        .into_iter()
        .map(|(a, _)| a)
        .collect();
    assert_eq!(
        actions,
        vec!["catalogue.field.add", "catalogue.field.delete"]
    );
}

async fn indicators_are_added_with_their_first_version_to_known_fields_only(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let new = new_indicator("dolmetscheinsaetze", Some("zugang"));
    let added = store.add_indicator(&new, "user:admin").await.unwrap();
    assert_eq!(added, new);
    assert_eq!(
        indicator_of(store, "dolmetscheinsaetze").await.unwrap(),
        new
    );
    let versions = store.definition_versions(&new.id).await.unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(
        (
            versions[0].version,
            versions[0].valid_from,
            versions[0].note_de.as_str()
        ),
        (1, None, "")
    );
    assert_eq!(versions[0].definition_de, new.definition_de);

    let context = new_indicator("wohnflaeche", None);
    store.add_indicator(&context, "user:admin").await.unwrap();

    let indicators = store.indicators().await.unwrap();
    let unknown = store
        .add_indicator(&new_indicator("verirrt", Some("nirgends")), "user:admin")
        .await
        .unwrap_err();
    match unknown {
        StoreError::UnknownReference { what, key } => {
            assert_eq!((what, key.as_str()), ("field", "nirgends"))
        }
        other => panic!("{other:?}"),
    }
    let taken = store
        .add_indicator(&new_indicator("sc_zugang", Some("zugang")), "user:admin")
        .await
        .unwrap_err();
    assert!(matches!(taken, StoreError::Conflict(_)), "{taken:?}");
    assert_eq!(
        store.indicators().await.unwrap(),
        indicators,
        "nothing changed"
    );
    assert!(matches!(
        store.definition_versions(&indicator_id("verirrt")).await,
        Err(StoreError::NotFound(_))
    ));
}

async fn an_indicator_edit_keeps_its_definition_version(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let before = indicator_of(store, "einbuergerungsquote").await.unwrap();
    let mut edit = before.clone();
    edit.label_de = "Einbürgerungen je 100 Ausländer".into();
    edit.definition_de = "Klarer formuliert".into();
    edit.unit = "je 100".into();
    edit.max = None;
    edit.polarity = Polarity::Neutral;
    edit.field = Some(field_id("arbeit"));
    edit.definition_version = 7; // not the store's to change this way
    let stored = store.update_indicator(&edit, "user:admin").await.unwrap();
    assert_eq!(stored.definition_version, before.definition_version);
    assert_eq!(
        stored,
        Indicator {
            definition_version: before.definition_version,
            ..edit.clone()
        }
    );
    assert_eq!(
        indicator_of(store, "einbuergerungsquote").await.unwrap(),
        stored
    );
    let versions = store.definition_versions(&edit.id).await.unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(
        (versions[0].version, versions[0].definition_de.as_str()),
        (before.definition_version, "Klarer formuliert"),
        "the current version's texts follow the edit"
    );

    let mut lost = stored.clone();
    lost.field = Some(field_id("nirgends"));
    assert!(matches!(
        store.update_indicator(&lost, "user:admin").await,
        Err(StoreError::UnknownReference { what: "field", .. })
    ));
    let missing = new_indicator("gibt_es_nicht", Some("zugang"));
    assert!(matches!(
        store.update_indicator(&missing, "user:admin").await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(
        indicator_of(store, "einbuergerungsquote").await.unwrap(),
        stored
    );
}

async fn the_seed_keeps_what_an_admin_edited_and_updates_the_rest(store: &dyn Store) {
    store.seed(&shipped_seed(false)).await.unwrap();
    let mut steuerung = field_of(store, "steuerung").await.unwrap();
    steuerung.label_de = "Steuerung (vom Admin)".into();
    store.update_field(&steuerung, "user:admin").await.unwrap();
    let mut quote = indicator_of(store, "einbuergerungsquote").await.unwrap();
    quote.label_de = "Einbürgerungsquote (vom Admin)".into();
    store.update_indicator(&quote, "user:admin").await.unwrap();

    // The shipped seed again, as at every start-up: the edits stay.
    store.seed(&shipped_seed(false)).await.unwrap();
    assert_eq!(field_of(store, "steuerung").await.unwrap(), steuerung);
    assert_eq!(
        indicator_of(store, "einbuergerungsquote").await.unwrap(),
        quote
    );

    // A changed seed: unedited rows follow it, edited ones do not.
    let mut seed = shipped_seed(false);
    for f in &mut seed.catalogue.fields {
        f.label_de = format!("{} (neu)", f.label_de);
    }
    for i in &mut seed.catalogue.indicators {
        i.label_de = format!("{} (neu)", i.label_de);
    }
    store.seed(&seed).await.unwrap();
    assert_eq!(field_of(store, "steuerung").await.unwrap(), steuerung);
    assert_eq!(
        field_of(store, "oeffnung").await.unwrap().label_de,
        "Interkulturelle Öffnung und Antirassismus (neu)"
    );
    assert_eq!(
        indicator_of(store, "einbuergerungsquote").await.unwrap(),
        quote
    );
    assert!(
        indicator_of(store, "sc_zugang")
            .await
            .unwrap()
            .label_de
            .ends_with(" (neu)")
    );
}

use definitions::{
    a_definition_change_is_a_new_version_after_the_last,
    every_write_grows_the_data_version_and_is_audited_with_before_and_after,
};

contract!(
    fields_are_added_read_back_in_order_and_a_taken_id_is_refused,
    fields_are_edited_archived_and_deleted_only_without_indicators,
    indicators_are_added_with_their_first_version_to_known_fields_only,
    an_indicator_edit_keeps_its_definition_version,
    a_definition_change_is_a_new_version_after_the_last,
    every_write_grows_the_data_version_and_is_audited_with_before_and_after,
    the_seed_keeps_what_an_admin_edited_and_updates_the_rest,
);
