//! Properties: the same table as CSV (German dialect), XLSX, ODS and JSON yields identical
//! observations, also with the rates in percentage cells; no input, however broken, makes
//! ingestion panic.

use proptest::prelude::*;
use vergleich_domain::{MissingReason, Observation, Status};

use super::fixtures::{C, ods, s, xlsx};
use super::*;

/// One generated row: indices into cohort and catalogue, year, value or marker, status, note.
#[derive(Debug, Clone)]
struct Row {
    municipality: usize,
    indicator: usize,
    year: i32,
    /// `None`: a marker; `Some(fraction)` places the value inside the indicator's range.
    fraction: Option<u16>,
    marker: usize,
    status: usize,
    note: Option<String>,
}

fn rows() -> impl Strategy<Value = Vec<Row>> {
    let row = (
        0..COHORT.municipalities.len(),
        0..CATALOGUE.indicators.len(),
        1995..=2025i32,
        prop::option::weighted(0.8, 0..=1000u16),
        0..4usize,
        0..3usize,
        prop::option::of("[a-zäöüß;,\" ]{0,12}"),
    )
        .prop_map(
            |(municipality, indicator, year, fraction, marker, status, note)| Row {
                municipality,
                indicator,
                year,
                fraction,
                marker,
                status,
                note: note.filter(|n| !n.trim().is_empty()),
            },
        );
    prop::collection::vec(row, 1..40).prop_map(|mut rows| {
        let mut seen = std::collections::HashSet::new();
        rows.retain(|r| seen.insert((r.municipality, r.indicator, r.year)));
        rows
    })
}

fn value(row: &Row) -> Option<f64> {
    let ind = &CATALOGUE.indicators[row.indicator];
    let low = ind.min.unwrap_or(-500.0);
    let high = ind.max.unwrap_or(low + 50_000.0);
    // Two decimals, so every format writes the number exactly.
    row.fraction
        .map(|f| ((low + (high - low) * f64::from(f) / 1000.0) * 100.0).round() / 100.0)
        .map(|v| v.clamp(low, high))
}

const MARKERS: [&str; 4] = [".", "...", "x", "/"];
const STATUS: [&str; 3] = ["A", "P", "E"];
const HEADER: [&str; 6] = [
    "Kommune",
    "Indikator",
    "Jahr",
    "Wert",
    "Status",
    "Anmerkung",
];

/// `percent`: rates are written as percentage cells (stored 0.125, shown 12.5 %), as a
/// spreadsheet holds them when the column is formatted as percent.
fn cells(row: &Row, percent: bool) -> Vec<C> {
    let value = value(row);
    let indicator = &CATALOGUE.indicators[row.indicator];
    let number = |v: f64| {
        if percent && indicator.is_rate() {
            C::P(v / 100.0)
        } else {
            C::N(v)
        }
    };
    vec![
        s(COHORT.municipalities[row.municipality].key.as_str()),
        s(indicator.id.as_str()),
        C::N(f64::from(row.year)),
        value.map_or_else(|| s(MARKERS[row.marker]), number),
        if value.is_some() {
            s(STATUS[row.status])
        } else {
            C::Blank
        },
        row.note.as_deref().map_or(C::Blank, s),
    ]
}

fn table(rows: &[Row], percent: bool) -> Vec<Vec<C>> {
    let mut table = vec![HEADER.iter().map(|h| s(h)).collect()];
    table.extend(rows.iter().map(|row| cells(row, percent)));
    table
}

fn german_csv(rows: &[Row]) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    writer.write_record(HEADER).unwrap();
    for row in rows {
        let text: Vec<String> = cells(row, false)
            .into_iter()
            .map(|c| match c {
                C::S(t) => t,
                C::N(n) => n.to_string().replace('.', ","),
                C::P(_) => unreachable!("CSV rows are written without percentage cells"),
                C::Blank | C::Err(_) => String::new(),
            })
            .collect();
        writer.write_record(&text).unwrap();
    }
    writer.into_inner().unwrap()
}

fn json(rows: &[Row]) -> Vec<u8> {
    let observations: Vec<serde_json::Value> = rows
        .iter()
        .map(|row| {
            let value = value(row);
            serde_json::json!({
                "municipality": COHORT.municipalities[row.municipality].key.as_str(),
                "indicator": CATALOGUE.indicators[row.indicator].id.as_str(),
                "year": row.year,
                "value": value.map_or_else(|| serde_json::json!(MARKERS[row.marker]), |v| serde_json::json!(v)),
                "status": value.map(|_| STATUS[row.status]),
                "note": row.note,
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({ "observations": observations })).unwrap()
}

fn accepted(bytes: &[u8]) -> Vec<Observation> {
    let out = run(bytes);
    assert!(out.is_accepted(), "{}", out.report.to_text());
    out.observations
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn same_table_as_csv_xlsx_ods_and_json_yields_identical_observations(rows in rows()) {
        let from_csv = accepted(&german_csv(&rows));
        prop_assert_eq!(from_csv.len(), rows.len());
        for o in &from_csv {
            prop_assert!(o.check().is_ok());
            prop_assert!(o.status != Status::M || o.missing_reason.is_some_and(|r| r != MissingReason::Skipped));
        }
        for percent in [false, true] {
            prop_assert_eq!(&accepted(&xlsx(&[("Daten", table(&rows, percent))])), &from_csv);
            prop_assert_eq!(&accepted(&ods(&[("Daten", table(&rows, percent))])), &from_csv);
        }
        prop_assert_eq!(&accepted(&json(&rows)), &from_csv);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..1500), prefix in 0..5usize) {
        let heads: [&[u8]; 5] = [b"", b"PK\x03\x04", b"\xEF\xBB\xBF", b"{\"observations\":", b"Kommune;Indikator;Jahr;Wert\n"];
        let mut input = heads[prefix].to_vec();
        input.extend(&bytes);
        let out = run(&input);
        prop_assert!(out.observations.is_empty() || out.is_accepted());
    }

    #[test]
    fn damaged_workbooks_never_panic(flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8), ods_file in any::<bool>()) {
        let rows = vec![HEADER.iter().map(|h| s(h)).collect::<Vec<_>>()];
        let mut bytes = if ods_file { ods(&[("Daten", rows)]) } else { xlsx(&[("Daten", rows)]) };
        for (index, byte) in flips {
            let i = index.index(bytes.len());
            bytes[i] ^= byte;
        }
        let _ = run(&bytes);
    }
}
