//! The DCAT-AP.de record of a release, as JSON-LD: one `dcat:Dataset` with its two
//! distributions (the package ZIP and its `datapackage.json`), for harvesting by open-data
//! portals (GovData). IRIs are written as `{"@id": …}`, typed literals as `{"@value", "@type"}`.

use std::collections::BTreeSet;

use serde_json::{Value, json};
use vergleich_domain::{Ags, Catalogue, Cohort, Observation};

use super::{
    LICENSE_DCAT_URI, PackageMeta, description, keywords, package_name, release_url, title,
};

const GEOCODING: &str = "http://dcat-ap.de/def/politicalGeocoding/";
const THEME_SOCI: &str = "http://publications.europa.eu/resource/authority/data-theme/SOCI";
const FILE_TYPE: &str = "http://publications.europa.eu/resource/authority/file-type/";
const LANGUAGE_DEU: &str = "http://publications.europa.eu/resource/authority/language/DEU";

/// DCAT-AP.de record, JSON-LD.
pub fn dcat_record(
    meta: &PackageMeta,
    catalogue: &Catalogue,
    // The record describes the data (observations), not every member; kept for symmetry with
    // the package functions and for later use (e.g. naming the cohort).
    _cohort: &Cohort,
    observations: &[Observation],
) -> Value {
    let issued = json!({
        "@value": meta.moment.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "@type": "xsd:dateTime",
    });
    let distribution = |file: &str, title_de: &str, format: &str, media_type: &str| {
        let url = release_url(meta, file);
        json!({
            "@id": url,
            "@type": "dcat:Distribution",
            "dct:title": title_de,
            "dcat:accessURL": {"@id": url},
            "dcat:downloadURL": {"@id": url},
            "dct:format": {"@id": format!("{FILE_TYPE}{format}")},
            "dcat:mediaType": media_type,
            "dct:license": {"@id": LICENSE_DCAT_URI},
            "dcatde:licenseAttributionByText": meta.publisher,
            "dct:issued": issued,
        })
    };
    let mut record = json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "dcatde": "http://dcat-ap.de/def/dcatde/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
            "owl": "http://www.w3.org/2002/07/owl#",
        },
        "@id": release_url(meta, ""),
        "@type": "dcat:Dataset",
        "dct:title": title(meta),
        "dct:description": description(meta),
        "dct:identifier": package_name(meta),
        "owl:versionInfo": meta.release,
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": meta.publisher},
        "dcat:contactPoint": {"@type": "vcard:Organization", "vcard:fn": meta.publisher},
        "dct:license": {"@id": LICENSE_DCAT_URI},
        "dct:issued": issued,
        "dct:modified": issued,
        "dct:language": {"@id": LANGUAGE_DEU},
        "dcat:keyword": keywords(meta, catalogue),
        "dcat:theme": {"@id": THEME_SOCI},
        "dcatde:politicalGeocodingLevelURI": {"@id": format!("{GEOCODING}Level/municipality")},
        "dcatde:politicalGeocodingURI": geocoding(observations),
        "dcat:distribution": [
            distribution("datapackage.zip", "Data Package (ZIP mit CSV-Dateien)", "ZIP", "application/zip"),
            distribution("datapackage.json", "Data-Package-Beschreibung (datapackage.json)", "JSON", "application/json"),
        ],
    });
    if let Some(temporal) = temporal(observations) {
        record["dct:temporal"] = temporal;
    }
    let base = meta.base_url.trim_end_matches('/');
    if !base.is_empty() {
        record["dcat:landingPage"] = json!({"@id": format!("{base}/")});
        record["dcat:contactPoint"]["vcard:hasURL"] = json!({"@id": format!("{base}/")});
    }
    record
}

/// One URI per key the observations cover: `municipalityKey/` for an 8-digit AGS,
/// `districtKey/` for a 5-digit Kreisschlüssel; sorted.
fn geocoding(observations: &[Observation]) -> Vec<Value> {
    let keys: BTreeSet<&Ags> = observations.iter().map(|o| &o.municipality).collect();
    keys.into_iter()
        .map(|key| {
            let kind = if key.is_district() {
                "districtKey"
            } else {
                "municipalityKey"
            };
            json!({"@id": format!("{GEOCODING}{kind}/{key}")})
        })
        .collect()
}

/// First to last year of the observations, as whole years; none without observations.
fn temporal(observations: &[Observation]) -> Option<Value> {
    let first = observations.iter().map(|o| o.period.year()).min()?;
    let last = observations.iter().map(|o| o.period.year()).max()?;
    Some(json!({
        "@type": "dct:PeriodOfTime",
        "dcat:startDate": {"@value": format!("{first:04}-01-01"), "@type": "xsd:date"},
        "dcat:endDate": {"@value": format!("{last:04}-12-31"), "@type": "xsd:date"},
    }))
}
