use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::TimeZone;
use serde_json::Value;
use vergleich_domain::{
    Ags, Catalogue, Cohort, IndicatorId, MissingReason, Observation, Period, Status,
};

use super::*;

const FIELDS: &str = "id,position,label_de,label_en,short_de,short_en,description_de,description_en\n\
    steuerung,1,Management und Steuerung,Governance and steering,Steuerung,Steering,\"Konzept, Budget\",d\n\
    oeffnung,2,Öffnung,Opening,,,\"Sagt \"\"offen\"\"\",e\n";
const INDICATORS: &str = "id,field,kind,label_de,label_en,definition_de,definition_en,unit,polarity,min,max,source,level,definition_version\n\
    sc_steuerung,steuerung,self_check,Score,Score,d,e,Punkte,higher_is_better,0,100,Selbstcheck,kommune,1\n\
    auslaenderanteil,oeffnung,statistic,Ausländeranteil,Foreign share,d,e,%,neutral,0,100,Destatis,gemeinde,2\n\
    bevoelkerung,,context,Bevölkerung,Population,d,e,Personen,neutral,0,,Destatis,gemeinde,1\n";
const COHORT: &str = "key,name,state,kind,cohort,status,source,note,joined,left\n\
    07312000,Kaiserslautern,RP,kreisfreie_stadt,wk2020,confirmed,Bericht,,2019,\n\
    07312000,Kaiserslautern,RP,kreisfreie_stadt,wk2022,demo,,,,2023\n\
    09174,Landkreis Dachau,BY,landkreis,wk2020,confirmed,Bericht,,,\n\
    12054000,Potsdam,BB,kreisfreie_stadt,wk2020,pilot,\"Bericht, 2019\",,,\n";

fn catalogue() -> Catalogue {
    Catalogue::from_csv(FIELDS, INDICATORS).unwrap()
}

fn cohort() -> Cohort {
    Cohort::from_csv(COHORT).unwrap()
}

fn meta() -> PackageMeta {
    PackageMeta {
        release: "2025-1".to_owned(),
        title_de: "Datenstand 2025-1".to_owned(),
        description_de: "Erster Datenstand.".to_owned(),
        moment: chrono::Utc.with_ymd_and_hms(2025, 3, 1, 12, 0, 0).unwrap(),
        publisher: "Weltoffene Kommunen (Bertelsmann Stiftung, PHINEO)".to_owned(),
        base_url: "https://vergleich.example.org/".to_owned(),
        synthetic: false,
    }
}

fn obs(key: &str, indicator: &str, year: i32, value: Option<f64>) -> Observation {
    Observation {
        municipality: Ags::parse(key).unwrap(),
        indicator: IndicatorId::parse(indicator).unwrap(),
        period: Period::new(year).unwrap(),
        value,
        status: value.map_or(Status::M, |_| Status::A),
        missing_reason: value.is_none().then_some(MissingReason::Secret),
        note: None,
        source: Some("Destatis".to_owned()),
    }
}

fn observations() -> Vec<Observation> {
    let mut noted = obs("12054000", "sc_steuerung", 2020, Some(42.5));
    noted.status = Status::P;
    noted.note = Some("vorläufig, \"geschätzt\"\nzweite Zeile".to_owned());
    vec![
        obs("07312000", "auslaenderanteil", 2020, Some(17.25)),
        obs("07312000", "auslaenderanteil", 2021, None),
        obs("07312000", "bevoelkerung", 2019, Some(99_845.0)),
        obs("09174", "auslaenderanteil", 2021, Some(0.000_000_1)),
        obs("09174", "bevoelkerung", 2021, Some(1e21)),
        noted,
    ]
}

/// The same content in another order: observations, indicators, fields, municipalities and
/// memberships reversed and rotated.
fn shuffled() -> (Catalogue, Cohort, Vec<Observation>) {
    let mut catalogue = catalogue();
    catalogue.indicators.reverse();
    catalogue.fields.reverse();
    let mut cohort = cohort();
    cohort.municipalities.rotate_left(1);
    for m in &mut cohort.municipalities {
        m.memberships.reverse();
    }
    let mut observations = observations();
    observations.reverse();
    observations.rotate_left(2);
    (catalogue, cohort, observations)
}

fn entries(zip_bytes: &[u8]) -> Vec<(String, String)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap();
            (file.name().unwrap().into_owned(), text)
        })
        .collect()
}

fn entry(zip_bytes: &[u8], name: &str) -> String {
    entries(zip_bytes)
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name} in the package"))
        .1
}

fn package() -> Vec<u8> {
    package_zip(&meta(), &catalogue(), &cohort(), &observations()).unwrap()
}

fn described() -> Value {
    descriptor(&meta(), &catalogue(), &cohort(), &observations())
}

#[test]
fn zip_bytes_are_identical_for_shuffled_input_and_differ_for_other_data() {
    let first = package();
    let (catalogue, cohort, observations) = shuffled();
    let second = package_zip(&meta(), &catalogue, &cohort, &observations).unwrap();
    assert!(first == second, "same content, other order, other bytes");
    let mut changed = observations.clone();
    changed[0].value = changed[0].value.map(|v| v + 1.0).or(Some(1.0));
    changed[0].status = Status::A;
    changed[0].missing_reason = None;
    let third = package_zip(&meta(), &catalogue, &cohort, &changed).unwrap();
    assert!(first != third, "a changed value must change the package");
}

#[test]
fn zip_has_fixed_entries_time_and_compression() {
    let bytes = package();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let mut names = String::new();
    for i in 0..archive.len() {
        let file = archive.by_index(i).unwrap();
        assert_eq!(file.compression(), zip::CompressionMethod::Deflated);
        assert_eq!(file.last_modified(), Some(zip::DateTime::DEFAULT));
        assert!(file.extra_data().as_deref().is_none_or(<[u8]>::is_empty));
        names = format!("{names} {}", file.name().unwrap());
    }
    let order = " datapackage.json observations.csv indicators.csv fields.csv municipalities.csv";
    assert_eq!(names, order);
    let inside: Value = serde_json::from_str(&entry(&bytes, "datapackage.json")).unwrap();
    assert_eq!(inside, described());
}

/// `observations.csv` of [`observations`]: sorted by key, indicator and year; keys as text;
/// numbers in shortest form without exponent; empty cells for none; RFC 4180 quoting; CRLF.
const OBSERVATIONS_CSV: &str = "municipality,indicator,year,value,status,missing_reason,note,source\r\n\
    07312000,auslaenderanteil,2020,17.25,A,,,Destatis\r\n\
    07312000,auslaenderanteil,2021,,M,secret,,Destatis\r\n\
    07312000,bevoelkerung,2019,99845,A,,,Destatis\r\n\
    09174,auslaenderanteil,2021,0.0000001,A,,,Destatis\r\n\
    09174,bevoelkerung,2021,1000000000000000000000,A,,,Destatis\r\n\
    12054000,sc_steuerung,2020,42.5,P,,\"vorläufig, \"\"geschätzt\"\"\nzweite Zeile\",Destatis\r\n";

#[test]
fn observations_csv_is_sorted_plain_and_quoted() {
    assert_eq!(entry(&package(), "observations.csv"), OBSERVATIONS_CSV);
    let quoted = quote_for_test(&["a,b", "x\"y", "", "plain", "cr\rlf"]);
    assert_eq!(quoted, "\"a,b\",\"x\"\"y\",,plain,\"cr\rlf\"\r\n");
    assert_eq!([number(100.0), number(-2.5)], ["100", "-2.5"]);
}

#[test]
fn ags_keeps_its_leading_zero_as_a_string() {
    let csv = entry(&package(), "observations.csv");
    assert!(
        csv.contains("\r\n07312000,auslaenderanteil,2020,17.25,"),
        "{csv}"
    );
    let municipalities = entry(&package(), "municipalities.csv");
    assert!(municipalities.contains("\r\n07312000,Kaiserslautern,RP,kreisfreie_stadt,"));
    assert!(municipalities.contains("\r\n09174,Landkreis Dachau,BY,landkreis,"));
    let d = described();
    for (resource, column) in [(0, 0), (3, 0)] {
        let field = &d["resources"][resource]["schema"]["fields"][column];
        assert_eq!(field["type"], "string", "{field}");
        assert_eq!(field["constraints"]["pattern"], "^[0-9]{5}([0-9]{3})?$");
    }
    let types = [2, 3].map(|i| d["resources"][0]["schema"]["fields"][i]["type"].clone());
    assert_eq!(types, ["integer", "number"]);
}

#[test]
fn missing_value_has_an_empty_cell_and_a_reason() {
    let csv = entry(&package(), "observations.csv");
    let row = "\r\n07312000,auslaenderanteil,2021,,M,secret,,Destatis\r\n";
    assert!(csv.contains(row), "{csv}");
}

#[test]
fn tables_read_back_with_the_domain_loaders() {
    let bytes = package();
    let mut expected = observations();
    expected.sort_by(observation_order);
    let read = vergleich_domain::demo::from_csv("o", &entry(&bytes, "observations.csv"));
    assert_eq!(read.unwrap(), expected);
    let [fields, indicators] = ["fields.csv", "indicators.csv"].map(|n| entry(&bytes, n));
    let catalogue_read = Catalogue::from_csv(&fields, &indicators).unwrap();
    let mut original = catalogue();
    original.indicators.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(catalogue_read, original);
    let municipalities = entry(&bytes, "municipalities.csv");
    assert!(
        municipalities.contains(",wk2020 confirmed 2019–; wk2022 demo –2023\r\n"),
        "{municipalities}"
    );
    assert!(municipalities.contains(",Potsdam,BB,kreisfreie_stadt,wk2020 pilot –\r\n"));
}

#[test]
fn descriptor_has_licence_keys_and_hashes() {
    let d = described();
    let expected = serde_json::json!({
        "/profile": "tabular-data-package",
        "/name": "vergleich-2025-1",
        "/version": "2025-1",
        "/created": "2025-03-01T12:00:00Z",
        "/licenses/0/name": LICENSE_ID,
        "/licenses/0/path": LICENSE_PATH,
        "/resources/0/name": "observations",
        "/resources/0/profile": "tabular-data-resource",
        "/resources/0/dialect/delimiter": ",",
        "/resources/0/schema/missingValues": [""],
        "/resources/0/schema/primaryKey": ["municipality", "indicator", "year"],
        "/resources/0/schema/foreignKeys": [
            {"fields": ["municipality"], "reference": {"resource": "municipalities", "fields": ["key"]}},
            {"fields": ["indicator"], "reference": {"resource": "indicators", "fields": ["id"]}},
        ],
        "/resources/1/schema/primaryKey": ["id"],
        "/resources/1/schema/foreignKeys/0/reference": {"resource": "fields", "fields": ["id"]},
        "/resources/3/schema/primaryKey": ["key"],
    });
    for (pointer, value) in expected.as_object().unwrap() {
        assert_eq!(d.pointer(pointer), Some(value), "{pointer}");
    }
    let bytes = package();
    for resource in d["resources"].as_array().unwrap() {
        let text = entry(&bytes, resource["path"].as_str().unwrap());
        assert_eq!(resource["bytes"], text.len());
        let hash = hex(&<sha2::Sha256 as sha2::Digest>::digest(text.as_bytes()));
        assert_eq!(resource["hash"], format!("sha256:{hash}"));
    }
}

#[test]
fn package_refuses_what_would_not_validate() {
    let mut twice = observations();
    twice.push(twice[0].clone());
    let err = package_zip(&meta(), &catalogue(), &cohort(), &twice).unwrap_err();
    assert!(err.to_string().contains("twice"), "{err}");
    let stranger = vec![obs("01003000", "bevoelkerung", 2020, Some(1.0))];
    let err = package_zip(&meta(), &catalogue(), &cohort(), &stranger).unwrap_err();
    assert!(err.to_string().contains("not in the cohort"), "{err}");
    let unknown = vec![obs("09174", "unbekannt", 2020, Some(1.0))];
    let err = package_zip(&meta(), &catalogue(), &cohort(), &unknown).unwrap_err();
    assert!(err.to_string().contains("not in the catalogue"), "{err}");
    let mut broken = observations();
    broken[0].status = Status::M;
    assert!(package_zip(&meta(), &catalogue(), &cohort(), &broken).is_err());
}

#[test]
fn digest_is_stable_under_reordering_and_changes_with_the_content() {
    let digest = content_digest(&observations());
    assert_eq!(digest.len(), 64);
    assert!(
        digest
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    );
    assert_eq!(digest, content_digest(&shuffled().2));
    let changes: [fn(&mut Observation); 4] = [
        |o| o.value = Some(17.26),
        |o| o.status = Status::E,
        |o| o.source = Some("Regionalstatistik".to_owned()),
        |o| o.note = Some("neu".to_owned()),
    ];
    for change in changes {
        let mut changed = observations();
        change(&mut changed[0]);
        assert_ne!(content_digest(&changed), digest);
    }
    let mut reason = observations();
    reason[1].missing_reason = Some(MissingReason::NotAvailable);
    assert_ne!(content_digest(&reason), digest);
    assert_ne!(content_digest(&[]), digest);
}

const GEO: &str = "http://dcat-ap.de/def/politicalGeocoding";

#[test]
fn dcat_record_names_places_time_licence_and_downloads() {
    let r = dcat_record(&meta(), &catalogue(), &cohort(), &observations());
    assert_eq!(r["@type"], "dcat:Dataset");
    assert_eq!(r["@context"]["dcatde"], "http://dcat-ap.de/def/dcatde/");
    let geo: Vec<&str> = r["dcatde:politicalGeocodingURI"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["@id"].as_str().unwrap())
        .collect();
    assert_eq!(
        geo,
        [
            format!("{GEO}/municipalityKey/07312000"),
            format!("{GEO}/districtKey/09174"),
            format!("{GEO}/municipalityKey/12054000"),
        ]
    );
    let eu = "http://publications.europa.eu/resource/authority";
    let at = "https://vergleich.example.org/api/v1/releases/2025-1";
    let licence = "http://dcat-ap.de/def/licenses/dl-by-de/2.0";
    let expected = serde_json::json!({
        "/dcatde:politicalGeocodingLevelURI/@id": format!("{GEO}/Level/municipality"),
        "/dct:temporal/dcat:startDate/@value": "2019-01-01",
        "/dct:temporal/dcat:endDate/@value": "2021-12-31",
        "/dct:issued/@value": "2025-03-01T12:00:00Z",
        "/dct:license/@id": licence,
        "/dcat:theme/@id": format!("{eu}/data-theme/SOCI"),
        "/dct:publisher/foaf:name": meta().publisher,
        "/dcat:distribution/0/dcat:downloadURL/@id": format!("{at}/datapackage.zip"),
        "/dcat:distribution/0/dcat:mediaType": "application/zip",
        "/dcat:distribution/0/dct:format/@id": format!("{eu}/file-type/ZIP"),
        "/dcat:distribution/0/dct:license/@id": licence,
        "/dcat:distribution/1/dcat:downloadURL/@id": format!("{at}/datapackage.json"),
        "/dcat:distribution/1/dct:format/@id": format!("{eu}/file-type/JSON"),
    });
    for (pointer, value) in expected.as_object().unwrap() {
        assert_eq!(r.pointer(pointer), Some(value), "{pointer}");
    }
    let relative = PackageMeta {
        base_url: String::new(),
        ..meta()
    };
    let r = dcat_record(&relative, &catalogue(), &cohort(), &observations());
    assert_eq!(
        r["dcat:distribution"][0]["dcat:downloadURL"]["@id"],
        "/api/v1/releases/2025-1/datapackage.zip"
    );
    assert!(r.get("dcat:landingPage").is_none());
}

#[test]
fn synthetic_release_says_so_in_title_and_description() {
    let label = vergleich_domain::SYNTHETIC_LABEL_DE;
    let plain = described();
    assert!(!plain["title"].as_str().unwrap().contains(label));
    let demo = PackageMeta {
        synthetic: true,
        ..meta()
    };
    let d = descriptor(&demo, &catalogue(), &cohort(), &observations());
    let r = dcat_record(&demo, &catalogue(), &cohort(), &observations());
    let texts = [
        &d["title"],
        &d["description"],
        &r["dct:title"],
        &r["dct:description"],
    ];
    for text in texts.map(|t| t.as_str().unwrap()) {
        assert!(text.contains(label), "{text}");
    }
    let description = d["description"].as_str().unwrap();
    assert!(description.starts_with(label) && description.ends_with("Erster Datenstand."));
    let already = PackageMeta {
        title_de: format!("Demo – {label}"),
        ..demo
    };
    let title = descriptor(&already, &catalogue(), &cohort(), &observations())["title"].clone();
    assert_eq!(title.as_str().unwrap().matches(label).count(), 1);
}

/// Writes and unpacks the package into `dir`; returns the folder.
fn unpack(bytes: &[u8], dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    for (name, text) in entries(bytes) {
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir.to_owned()
}

#[test]
fn package_unpacks_into_a_folder_as_described() {
    let dir = std::env::temp_dir().join(format!("vergleich-opendata-{}", std::process::id()));
    let folder = unpack(&package(), &dir);
    let written: Value =
        serde_json::from_slice(&std::fs::read(folder.join("datapackage.json")).unwrap()).unwrap();
    for resource in written["resources"].as_array().unwrap() {
        let path = folder.join(resource["path"].as_str().unwrap());
        assert_eq!(
            std::fs::metadata(&path).unwrap().len(),
            resource["bytes"].as_u64().unwrap()
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
