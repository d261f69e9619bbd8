//! A Gemeinde table of the size of the Zensus 2022 and Regionalatlas Gemeinde tables: 13,500
//! regions × 3 attributes × 2 years (81,000 rows, about 14 MB as CSV) imports within the default
//! limits once zipped, as the Regionaldatenbank hands out large flat files; unzipped it is past
//! the 10 MiB upload limit and refused with the size and the fix.

use std::io::Write;

use super::*;

const REGIONS: usize = 13_500;

/// 13,500 eight-digit Gemeinde keys: the demo cohort's kreisfreie cities among them, the rest
/// synthetic and outside the cohort.
fn gemeinde_table() -> Vec<u8> {
    let mut keys: Vec<String> = ["07312000", "13003000", "12054000", "05911000"]
        .iter()
        .map(|k| (*k).to_owned())
        .collect();
    keys.extend((keys.len()..REGIONS).map(|i| format!("{:02}{:06}", 1 + i % 16, 500_000 + i)));
    let mut text = FLAT_HEADER.to_owned();
    for year in [2023, 2024] {
        for (n, key) in keys.iter().enumerate() {
            for (sex, share) in [("", 1.0), ("GESM", 0.49), ("GESW", 0.51)] {
                let value = ((10_000 + n * 7) as f64 * share).round();
                text.push_str(&format!(
                    "12411;Fortschreibung des Bevölkerungsstandes;STAG;Stichtag;{year}-12-31;GEMEIN;Gemeinden;{key};Gemeinde {n};GES;Geschlecht;{sex};x;{value};Anzahl;BEVSTD;Bevölkerungsstand;e\n"
                ));
            }
        }
    }
    text.into_bytes()
}

#[test]
fn a_gemeinde_table_of_13500_regions_imports_zipped_within_the_default_limits() {
    let csv = gemeinde_table();
    let limits = Limits::default();
    assert!(csv.len() > limits.max_bytes, "{} bytes", csv.len());

    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("12411-01-01-5_de_flat.csv", options)
        .unwrap();
    zip.write_all(&csv).unwrap();
    let zipped = zip.finish().unwrap().into_inner();
    assert!(
        zipped.len() < limits.max_bytes,
        "{} bytes zipped",
        zipped.len()
    );

    let ingested = run(&zipped, &[]);
    assert!(ingested.is_accepted(), "{}", ingested.report.to_text());
    assert_eq!(ingested.report.rows, 3 * 2 * REGIONS);
    let kl: Vec<_> = values(&ingested)
        .into_iter()
        .filter(|v| v.0 == "07312000")
        .collect();
    assert_eq!(
        kl,
        vec![
            (
                "07312000".into(),
                "bevoelkerung".into(),
                2023,
                Some(10_000.0)
            ),
            (
                "07312000".into(),
                "bevoelkerung".into(),
                2024,
                Some(10_000.0)
            ),
        ]
    );
    let source = ingested.report.source.as_ref().unwrap();
    assert_eq!(source.regions_outside_cohort, REGIONS - 4);

    // Unzipped it is past the upload limit: refused with the limit, nothing read.
    let raw = run(&csv, &[]);
    assert!(!raw.is_accepted());
    assert!(raw.observations.is_empty());
    let text = raw.report.to_text();
    assert!(
        text.contains(&format!("{} Bytes", csv.len())) && text.contains("ZIP"),
        "{text}"
    );
}
