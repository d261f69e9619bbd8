//! The Frictionless Tabular Data Package: four CSV tables, their descriptor and the ZIP.
//!
//! Decisions:
//! - A [`vergleich_domain::Period`] is a whole year (1990..=2100, nothing finer), so
//!   `observations.csv` has an integer `year` column and the primary key (municipality,
//!   indicator, year) is exactly the domain's key of an observation; [`package_zip`] refuses
//!   input that would repeat it.
//! - `municipalities.csv` has one row per municipality (key, name, state, kind) and its
//!   memberships in one text column: a municipality can be in several cohorts and leave and come
//!   back, so two `member_from`/`member_to` columns would not hold them. The text is
//!   `{cohort} {status} {joined}–{left}` per period (empty year: open end), periods joined by
//!   `"; "`, sorted, e.g. `weltoffene-kommunen-2020 confirmed 2019–`.

use std::io::Write;

use anyhow::Context;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use vergleich_domain::{
    Catalogue, Cohort, IndicatorKind, Level, MissingReason, MunicipalityKind, Observation,
    Polarity, State, Status,
};

use super::{
    Csv, LICENSE_ID, LICENSE_PATH, LICENSE_TITLE, LINE_END, PackageMeta, check, description, hex,
    keywords, number, observation_order, package_name, sources, title,
};

/// A 5-digit Kreisschlüssel or an 8-digit AGS, leading zeros kept.
const AGS_PATTERN: &str = "^[0-9]{5}([0-9]{3})?$";
/// Field and indicator ids.
const ID_PATTERN: &str = "^[a-z][a-z0-9_]{0,63}$";
/// The federal states (the domain keeps its list private).
#[rustfmt::skip]
const STATES: [State; 16] = [
    State::SH, State::HH, State::NI, State::HB, State::NW, State::HE, State::RP, State::BW,
    State::BY, State::SL, State::BE, State::BB, State::MV, State::SN, State::ST, State::TH,
];

/// One CSV table of the package with its schema.
struct Table {
    name: &'static str,
    title: &'static str,
    csv: String,
    schema: Value,
}

/// The datapackage.json descriptor (also served on its own).
pub fn descriptor(
    meta: &PackageMeta,
    catalogue: &Catalogue,
    cohort: &Cohort,
    observations: &[Observation],
) -> Value {
    describe(
        meta,
        catalogue,
        observations,
        &tables(catalogue, cohort, observations),
    )
}

/// Deterministic ZIP bytes: `datapackage.json`, then `observations.csv`, `indicators.csv`,
/// `fields.csv` and `municipalities.csv`. Fails when an observation breaks its invariants,
/// names a municipality or indicator the package does not contain, or repeats a (municipality,
/// indicator, year): the package would not be valid.
pub fn package_zip(
    meta: &PackageMeta,
    catalogue: &Catalogue,
    cohort: &Cohort,
    observations: &[Observation],
) -> anyhow::Result<Vec<u8>> {
    check(catalogue, cohort, observations)?;
    let tables = tables(catalogue, cohort, observations);
    let descriptor = describe(meta, catalogue, observations, &tables);
    let mut json = serde_json::to_vec_pretty(&descriptor)?;
    json.push(b'\n');

    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(zip::DateTime::DEFAULT)
        .unix_permissions(0o644)
        .system(zip::System::Unix)
        .large_file(false);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let entries = std::iter::once(("datapackage.json".to_owned(), json)).chain(
        tables
            .into_iter()
            .map(|t| (format!("{}.csv", t.name), t.csv.into_bytes())),
    );
    for (name, bytes) in entries {
        zip.start_file(name.as_str(), options)
            .with_context(|| format!("zip entry {name}"))?;
        zip.write_all(&bytes)
            .with_context(|| format!("zip entry {name}"))?;
    }
    Ok(zip.finish()?.into_inner())
}

fn describe(
    meta: &PackageMeta,
    catalogue: &Catalogue,
    observations: &[Observation],
    tables: &[Table],
) -> Value {
    let resources: Vec<Value> = tables
        .iter()
        .map(|t| {
            json!({
                "name": t.name,
                "title": t.title,
                "path": format!("{}.csv", t.name),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": t.csv.len(),
                "hash": format!("sha256:{}", hex(&Sha256::digest(t.csv.as_bytes()))),
                "dialect": {
                    "delimiter": ",",
                    "lineTerminator": LINE_END,
                    "quoteChar": "\"",
                    "doubleQuote": true,
                    "header": true,
                },
                "schema": t.schema,
            })
        })
        .collect();
    let mut package = json!({
        "profile": "tabular-data-package",
        "name": package_name(meta),
        "title": title(meta),
        "description": description(meta),
        "version": meta.release,
        "created": meta.moment.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "licenses": [{"name": LICENSE_ID, "path": LICENSE_PATH, "title": LICENSE_TITLE}],
        "contributors": [{"title": meta.publisher, "role": "publisher"}],
        "sources": sources(meta, catalogue, observations),
        "keywords": keywords(meta, catalogue),
        "resources": resources,
    });
    let base = meta.base_url.trim_end_matches('/');
    if !base.is_empty() {
        package["homepage"] = Value::String(base.to_owned());
    }
    package
}

fn tables(catalogue: &Catalogue, cohort: &Cohort, observations: &[Observation]) -> Vec<Table> {
    vec![
        observations_table(observations),
        indicators_table(catalogue),
        fields_table(catalogue),
        municipalities_table(cohort),
    ]
}

fn observations_table(observations: &[Observation]) -> Table {
    let mut rows: Vec<&Observation> = observations.iter().collect();
    // Ties (only in input `package_zip` refuses) fall back on the digest's full order.
    rows.sort_by(|a, b| observation_order(a, b).then_with(|| row_of(a).cmp(&row_of(b))));
    let schema = json!({
        "fields": [
            text("municipality", "Amtlicher Gemeindeschlüssel (8 Stellen) oder Kreisschlüssel (5 Stellen), als Text mit führender Null", json!({"required": true, "pattern": AGS_PATTERN})),
            text("indicator", "Indikator (indicators.id)", json!({"required": true, "pattern": ID_PATTERN})),
            typed("year", "integer", "Berichtsjahr", json!({"required": true, "minimum": vergleich_domain::Period::MIN, "maximum": vergleich_domain::Period::MAX})),
            typed("value", "number", "Wert; leer, wenn er fehlt (Status M)", json!({})),
            text("status", "Status wie SDMX OBS_STATUS: A normal, P vorläufig, E geschätzt, M fehlend", json!({"required": true, "enum": ([Status::A, Status::P, Status::E, Status::M].map(Status::as_str))})),
            text("missing_reason", "Grund für einen fehlenden Wert, nur bei Status M", json!({"enum": ([MissingReason::Skipped, MissingReason::Secret, MissingReason::NotAvailable, MissingReason::NotMeaningful, MissingReason::Unreliable].map(MissingReason::as_str))})),
            text("note", "Anmerkung", json!({})),
            text("source", "Quelle des Werts", json!({})),
        ],
        "missingValues": [""],
        "primaryKey": ["municipality", "indicator", "year"],
        "foreignKeys": [
            {"fields": ["municipality"], "reference": {"resource": "municipalities", "fields": ["key"]}},
            {"fields": ["indicator"], "reference": {"resource": "indicators", "fields": ["id"]}},
        ],
    });
    let mut csv = Csv::new(&schema);
    for o in rows {
        csv.row(row_of(o));
    }
    Table {
        name: "observations",
        title: "Werte je Kommune, Indikator und Jahr",
        csv: csv.finish(),
        schema,
    }
}

fn row_of(o: &Observation) -> Vec<String> {
    vec![
        o.municipality.as_str().to_owned(),
        o.indicator.as_str().to_owned(),
        o.period.year().to_string(),
        o.value.map(number).unwrap_or_default(),
        o.status.as_str().to_owned(),
        o.missing_reason
            .map(|r| r.as_str().to_owned())
            .unwrap_or_default(),
        o.note.clone().unwrap_or_default(),
        o.source.clone().unwrap_or_default(),
    ]
}

/// The catalogue's indicators in the layout of `datasets/indicators.csv`.
fn indicators_table(catalogue: &Catalogue) -> Table {
    let mut indicators: Vec<_> = catalogue.indicators.iter().collect();
    indicators.sort_by(|a, b| a.id.cmp(&b.id));
    let schema = json!({
        "fields": [
            text("id", "Indikator", json!({"required": true, "unique": true, "pattern": ID_PATTERN})),
            text("field", "Handlungsfeld (fields.id); leer bei Kontextindikatoren", json!({"pattern": ID_PATTERN})),
            text("kind", "self_check, statistic oder context", json!({"required": true, "enum": ([IndicatorKind::SelfCheck, IndicatorKind::Statistic, IndicatorKind::Context].map(IndicatorKind::as_str))})),
            text("label_de", "Bezeichnung", json!({})),
            text("label_en", "Label (English)", json!({})),
            text("definition_de", "Definition", json!({})),
            text("definition_en", "Definition (English)", json!({})),
            text("unit", "Einheit", json!({})),
            text("polarity", "Welche Richtung gut ist", json!({"required": true, "enum": ([Polarity::HigherIsBetter, Polarity::LowerIsBetter, Polarity::Neutral].map(Polarity::as_str))})),
            typed("min", "number", "Kleinster zulässiger Wert; leer: unbeschränkt", json!({})),
            typed("max", "number", "Größter zulässiger Wert; leer: unbeschränkt", json!({})),
            text("source", "Quelle", json!({})),
            text("level", "Gebietsebene der Veröffentlichung", json!({"required": true, "enum": ([Level::Gemeinde, Level::Kreis, Level::Kommune].map(Level::as_str))})),
            typed("definition_version", "integer", "Version der Definition; ändert sie sich, bricht die Zeitreihe", json!({"required": true, "minimum": 1})),
        ],
        "missingValues": [""],
        "primaryKey": ["id"],
        "foreignKeys": [
            {"fields": ["field"], "reference": {"resource": "fields", "fields": ["id"]}},
        ],
    });
    let mut csv = Csv::new(&schema);
    for i in indicators {
        csv.row(vec![
            i.id.as_str().to_owned(),
            i.field
                .as_ref()
                .map(|f| f.as_str().to_owned())
                .unwrap_or_default(),
            i.kind.as_str().to_owned(),
            i.label_de.clone(),
            i.label_en.clone(),
            i.definition_de.clone(),
            i.definition_en.clone(),
            i.unit.clone(),
            i.polarity.as_str().to_owned(),
            i.min.map(number).unwrap_or_default(),
            i.max.map(number).unwrap_or_default(),
            i.source.clone(),
            i.level.as_str().to_owned(),
            i.definition_version.to_string(),
        ]);
    }
    Table {
        name: "indicators",
        title: "Indikatorkatalog",
        csv: csv.finish(),
        schema,
    }
}

/// The fields of action in the layout of `datasets/fields.csv`, with `archived`.
fn fields_table(catalogue: &Catalogue) -> Table {
    let mut fields: Vec<_> = catalogue.fields.iter().collect();
    fields.sort_by(|a, b| a.id.cmp(&b.id));
    let schema = json!({
        "fields": [
            text("id", "Handlungsfeld", json!({"required": true, "unique": true, "pattern": ID_PATTERN})),
            typed("position", "integer", "Reihenfolge der Anzeige", json!({"required": true})),
            text("label_de", "Bezeichnung", json!({})),
            text("label_en", "Label (English)", json!({})),
            text("short_de", "Kurzform; leer: Bezeichnung", json!({})),
            text("short_en", "Short form (English)", json!({})),
            text("description_de", "Beschreibung", json!({})),
            text("description_en", "Description (English)", json!({})),
            {"name": "archived", "type": "boolean", "description": "Archiviert: nimmt keine neuen Indikatoren auf", "trueValues": ["true"], "falseValues": ["false"], "constraints": {"required": true}},
        ],
        "missingValues": [""],
        "primaryKey": ["id"],
    });
    let mut csv = Csv::new(&schema);
    for f in fields {
        csv.row(vec![
            f.id.as_str().to_owned(),
            f.position.to_string(),
            f.label_de.clone(),
            f.label_en.clone(),
            f.short_de.clone(),
            f.short_en.clone(),
            f.description_de.clone(),
            f.description_en.clone(),
            f.archived.to_string(),
        ]);
    }
    Table {
        name: "fields",
        title: "Handlungsfelder",
        csv: csv.finish(),
        schema,
    }
}

fn municipalities_table(cohort: &Cohort) -> Table {
    let mut municipalities: Vec<_> = cohort.municipalities.iter().collect();
    municipalities.sort_by(|a, b| a.key.cmp(&b.key));
    let schema = json!({
        "fields": [
            text("key", "Amtlicher Gemeindeschlüssel (8 Stellen) oder Kreisschlüssel (5 Stellen), als Text mit führender Null", json!({"required": true, "unique": true, "pattern": AGS_PATTERN})),
            text("name", "Name", json!({"required": true})),
            text("state", "Land (Kürzel)", json!({"required": true, "enum": STATES.map(State::as_str)})),
            text("kind", "Art der Gebietskörperschaft", json!({"required": true, "enum": ([MunicipalityKind::KreisfreieStadt, MunicipalityKind::Stadt, MunicipalityKind::Gemeinde, MunicipalityKind::Landkreis].map(MunicipalityKind::as_str))})),
            text("memberships", "Mitgliedschaften: je Zeitraum 'Kohorte Status Beitritt–Austritt' (leeres Jahr: offen), getrennt durch '; '; Status confirmed, pilot, announced oder demo (Platzhalter, keine Aussage über das reale Programm)", json!({})),
        ],
        "missingValues": [""],
        "primaryKey": ["key"],
    });
    let mut csv = Csv::new(&schema);
    for m in municipalities {
        let mut periods: Vec<_> = m.memberships.iter().collect();
        periods.sort_by(|a, b| {
            (&a.cohort, a.joined, a.left, a.status.as_str()).cmp(&(
                &b.cohort,
                b.joined,
                b.left,
                b.status.as_str(),
            ))
        });
        let year = |y: Option<i32>| y.map(|y| y.to_string()).unwrap_or_default();
        let memberships: Vec<String> = periods
            .iter()
            .map(|p| {
                format!(
                    "{} {} {}–{}",
                    p.cohort,
                    p.status.as_str(),
                    year(p.joined),
                    year(p.left)
                )
            })
            .collect();
        csv.row(vec![
            m.key.as_str().to_owned(),
            m.name.clone(),
            m.state.as_str().to_owned(),
            m.kind.as_str().to_owned(),
            memberships.join("; "),
        ]);
    }
    Table {
        name: "municipalities",
        title: "Kommunen und Mitgliedschaften",
        csv: csv.finish(),
        schema,
    }
}

fn text(name: &str, description: &str, constraints: Value) -> Value {
    typed(name, "string", description, constraints)
}

fn typed(name: &str, kind: &str, description: &str, constraints: Value) -> Value {
    let mut field = json!({"name": name, "type": kind, "description": description});
    if constraints.as_object().is_some_and(|c| !c.is_empty()) {
        field["constraints"] = constraints;
    }
    field
}
