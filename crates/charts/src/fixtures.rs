//! Test fixtures: the 21 demo cohort names (and 14 more for a 35-member cohort) with
//! deterministic synthetic values, and a header.

use crate::spec::{Header, Lang, SizePreset};

pub(crate) const COHORT_21: [&str; 21] = [
    "Potsdam",
    "Landkreis Dachau",
    "Rostock",
    "Konstanz",
    "Kaiserslautern",
    "Kaufbeuren",
    "Zwickau",
    "Dessau-Roßlau",
    "Wittenberge",
    "Lübeck",
    "Aachen",
    "Bochum",
    "Iserlohn",
    "Landkreis Teltow-Fläming",
    "Mannheim",
    "Frankfurt am Main",
    "Göttingen",
    "Oldenburg (Oldb)",
    "Saarbrücken",
    "Erfurt",
    "Bremerhaven",
];

pub(crate) const EXTRA_14: [&str; 14] = [
    "Landkreis Marburg-Biedenkopf",
    "Hansestadt Stralsund",
    "Freiburg im Breisgau",
    "Mülheim an der Ruhr",
    "Halle (Saale)",
    "Tübingen",
    "Würzburg",
    "Landkreis Göttingen",
    "Offenbach am Main",
    "Brandenburg an der Havel",
    "Landkreis Nordwestmecklenburg",
    "Ludwigshafen am Rhein",
    "Kempten (Allgäu)",
    "Weißenfels",
];

/// The first `n` names (21 or 35).
pub(crate) fn names(n: usize) -> Vec<&'static str> {
    COHORT_21.iter().chain(EXTRA_14.iter()).copied().take(n).collect()
}

/// A deterministic value in 5..95 for member `i` and variable `k`.
pub(crate) fn value(i: usize, k: usize) -> f64 {
    let x = ((i * 37 + k * 53 + 11) % 97) as f64;
    5.0 + x * 90.0 / 96.0
}

pub(crate) fn header(lang: Lang, title: &str, total: usize) -> Header {
    Header {
        lang,
        size: SizePreset::Web,
        title: title.to_owned(),
        period: "2023".to_owned(),
        group: match lang {
            Lang::De => "alle Modellkommunen".to_owned(),
            Lang::En => "all model municipalities".to_owned(),
        },
        members_total: total,
        source: "Statistisches Bundesamt, Selbstcheck Weltoffene Kommunen".to_owned(),
        demo_data: true,
    }
}
