//! Fixtures of the Selbstcheck's charts: the answers to eight items of one field (one hidden,
//! one without answers on the scale, one highlighted), a workshop's ratings of the seven fields
//! by seven perspectives (one hidden everywhere, one in two fields, one without ballots in one
//! field) and administration vs workshop per field (one of each value missing); deterministic
//! and synthetic.

use crate::fixtures::{FIELDS_DE, FIELDS_EN, header};
use crate::spec::{Datum, Header, Lang};
use crate::{
    GapRow, LikertRow, LikertSpec, SelfcheckGapSpec, WorkshopCell, WorkshopRow, WorkshopSpec,
};

fn selfcheck_header(lang: Lang, title_de: &str, title_en: &str, group_de: &str) -> Header {
    Header {
        period: lang.pick("Runde 2024", "Round 2024").to_owned(),
        group: lang.pick(group_de, "Kaiserslautern").to_owned(),
        source: lang
            .pick(
                "Selbstcheck Weltoffene Kommunen, eigene Erhebung",
                "Selbstcheck Weltoffene Kommunen, own survey",
            )
            .to_owned(),
        ..header(lang, lang.pick(title_de, title_en), 1)
    }
}

fn fields(lang: Lang) -> [&'static str; 7] {
    if lang.is_de() { FIELDS_DE } else { FIELDS_EN }
}

/// The reason a distribution over fewer than three answers is hidden.
pub fn hidden_reason(lang: Lang) -> String {
    lang.pick(
        "ausgeblendet: weniger als 3 Antworten",
        "hidden: fewer than 3 answers",
    )
    .to_owned()
}

/// Eight items of "Management und Steuerung" answered by 14 people of the administration.
pub fn likert(lang: Lang) -> LikertSpec {
    let row =
        |de: &str, en: &str, counts: [usize; 4], dont_know: usize, skipped: usize| LikertRow {
            label: lang.pick(de, en).to_owned(),
            counts,
            dont_know,
            skipped,
            hidden: None,
            selected: false,
        };
    LikertSpec {
        header: selfcheck_header(
            lang,
            "Selbstcheck: Management und Steuerung",
            "Self-check: governance and steering",
            "Kaiserslautern, Verwaltung",
        ),
        respondents: Some(14),
        rows: vec![
            row(
                "Integration ist als Querschnittsaufgabe in der Verwaltungsspitze verankert.",
                "Integration is anchored as a cross-cutting task at the top of the administration.",
                [1, 2, 6, 4],
                1,
                0,
            ),
            LikertRow {
                selected: true,
                ..row(
                    "Es gibt ein vom Rat beschlossenes Integrationskonzept mit überprüfbaren Zielen.",
                    "The council has adopted an integration concept with verifiable goals.",
                    [0, 3, 5, 5],
                    0,
                    1,
                )
            },
            row(
                "Eine zentrale Stelle koordiniert die Integrationsarbeit zwischen den Fachbereichen und mit freien Trägern.",
                "A central office coordinates integration work between departments and with independent providers.",
                [2, 4, 5, 2],
                1,
                0,
            ),
            row(
                "Daten zu Vielfalt und Teilhabe werden regelmäßig ausgewertet.",
                "Data on diversity and participation are analysed regularly.",
                [5, 4, 3, 0],
                2,
                0,
            ),
            LikertRow {
                hidden: Some(hidden_reason(lang)),
                ..row(
                    "Migrantenorganisationen sind an der Steuerung beteiligt.",
                    "Migrant organisations take part in steering.",
                    [0, 1, 1, 0],
                    0,
                    0,
                )
            },
            row(
                "Für die Integrationsarbeit stehen dauerhaft Haushaltsmittel bereit.",
                "Permanent budget funds are available for integration work.",
                [4, 6, 2, 1],
                0,
                1,
            ),
            row(
                "Die Wirkung der Maßnahmen wird mit Indikatoren überprüft.",
                "The effect of the measures is checked with indicators.",
                [0, 0, 0, 0],
                9,
                3,
            ),
            row(
                "Führungskräfte werden interkulturell fortgebildet.",
                "Managers receive intercultural training.",
                [0, 0, 3, 10],
                1,
                0,
            ),
        ],
    }
}

/// The seven perspectives of a workshop.
pub fn perspectives(lang: Lang) -> Vec<String> {
    let de = [
        "Verwaltung",
        "Politik",
        "Zivilgesellschaft",
        "Migrantenorganisation",
        "Wirtschaft",
        "Jugend",
        "Andere",
    ];
    let en = [
        "Administration",
        "Politics",
        "Civil society",
        "Migrant organisation",
        "Business",
        "Youth",
        "Other",
    ];
    de.iter()
        .zip(en)
        .map(|(d, e)| lang.pick(d, e).to_owned())
        .collect()
}

/// A workshop of 26 ballots rating the seven fields: "Jugend" hidden everywhere (two ballots),
/// "Wirtschaft" hidden in two fields, "Andere" without ballots in one.
pub fn workshop(lang: Lang) -> WorkshopSpec {
    const H: f64 = -1.0; // hidden
    const N: f64 = -2.0; // no ballots
    #[rustfmt::skip]
    let table: [(usize, f64, f64, f64, [f64; 7]); 7] = [
        (24, 1.0, 2.0, 2.0, [2.5, 2.0, 1.5, 1.0, 2.0, H, 2.0]),
        (25, 1.0, 1.5, 2.0, [2.0, 1.5, 1.0, 0.5, H, H, 1.5]),
        (26, 1.5, 2.0, 2.0, [2.0, 2.0, 2.0, 1.5, 2.0, H, 2.5]),
        (22, 1.0, 1.0, 1.75, [1.5, 1.0, 1.0, 0.5, 1.0, H, N]),
        (26, 2.0, 2.5, 3.0, [3.0, 2.5, 2.0, 2.0, H, H, 3.0]),
        (25, 2.0, 2.0, 2.5, [2.0, 2.5, 2.0, 2.0, 1.5, H, 2.0]),
        (23, 0.5, 1.0, 2.0, [1.0, 2.0, 1.0, 0.0, 1.0, H, 1.0]),
    ];
    let reason = lang.pick("weniger als 3 Stimmzettel", "fewer than 3 ballots");
    let rows = fields(lang)
        .iter()
        .zip(table)
        .enumerate()
        .map(|(i, (label, (n, q1, median, q3, cells)))| WorkshopRow {
            label: (*label).to_owned(),
            n,
            median: Some(median),
            q1: Some(q1),
            q3: Some(q3),
            hidden: None,
            cells: cells
                .iter()
                .enumerate()
                .map(|(k, m)| WorkshopCell {
                    median: (*m >= 0.0).then_some(*m),
                    n: if *m == N {
                        0
                    } else if *m == H {
                        2
                    } else {
                        3 + (i * 3 + k * 5) % 5
                    },
                    hidden: (*m == H).then(|| reason.to_owned()),
                })
                .collect(),
        })
        .collect();
    WorkshopSpec {
        header: selfcheck_header(
            lang,
            "Selbstcheck-Workshop: Einschätzung je Handlungsfeld",
            "Self-check workshop: rating per field",
            "Kaiserslautern",
        ),
        ballots: Some(26),
        perspectives: perspectives(lang),
        rows,
    }
}

/// Administration vs workshop in the seven fields: equal, above, below, at the top of the
/// scale, the administration's score insufficient, the workshop missing.
pub fn selfcheck_gap(lang: Lang) -> SelfcheckGapSpec {
    let values = [
        (Datum::Value(66.7), Datum::Value(2.0)),
        (Datum::Value(58.3), Datum::Value(1.5)),
        (Datum::Value(72.2), Datum::Value(2.0)),
        (Datum::Value(25.0), Datum::Value(1.0)),
        (Datum::Value(100.0), Datum::Value(2.5)),
        (Datum::Insufficient, Datum::Value(2.0)),
        (Datum::Value(16.7), Datum::Missing),
    ];
    SelfcheckGapSpec {
        header: selfcheck_header(
            lang,
            "Verwaltung und Workshop im Vergleich",
            "Administration and workshop compared",
            "Kaiserslautern",
        ),
        rows: fields(lang)
            .iter()
            .zip(values)
            .map(|(label, (administration, workshop_level))| GapRow {
                label: (*label).to_owned(),
                administration,
                workshop_level,
            })
            .collect(),
    }
}
