//! Regional keys of official tables, kept as text: `DG` (Germany), 2 digits (Land), 3 digits
//! (Regierungsbezirk or statistical region), 5 digits (Kreis), 8 digits (AGS, also the special keys
//! inside Kreis tables such as `05334002` Aachen), 12 digits (ARS; AGS = ARS[0..5] + ARS[9..12]).
//! Which cohort member a key names: an 8-digit key itself; a 5-digit key the Landkreis with that
//! key, or the kreisfreie Stadt whose AGS is the key followed by `000` (`07312` -> `07312000`).

use std::collections::HashMap;

use vergleich_domain::{Cohort, MunicipalityKind};

/// A key that is well-formed, normalised to the form the cohort uses (12-digit ARS become AGS).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Region {
    Germany,
    /// Land, Regierungsbezirk or statistical region: never a cohort member.
    Upper(String),
    Kreis(String),
    Gemeinde(String),
}

/// Why a key is not one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyError {
    NotDigits,
    /// 1, 4, 7 or 11 digits: a spreadsheet dropped the leading zero of a 2, 5, 8 or 12-digit key.
    LeadingZeroLost(usize),
    Length(usize),
}

pub(crate) fn parse_key(raw: &str) -> Result<Region, KeyError> {
    let key = raw.trim();
    if key == "DG" {
        return Ok(Region::Germany);
    }
    if key.is_empty() || !key.bytes().all(|b| b.is_ascii_digit()) {
        return Err(KeyError::NotDigits);
    }
    match key.len() {
        2 | 3 => Ok(Region::Upper(key.to_owned())),
        5 => Ok(Region::Kreis(key.to_owned())),
        8 => Ok(Region::Gemeinde(key.to_owned())),
        12 => Ok(Region::Gemeinde(format!("{}{}", &key[..5], &key[9..]))),
        n @ (1 | 4 | 7 | 11) => Err(KeyError::LeadingZeroLost(n)),
        n => Err(KeyError::Length(n)),
    }
}

/// The German and English message for a key that is not one.
pub(crate) fn key_message(error: KeyError) -> (String, String) {
    match error {
        KeyError::NotDigits => (
            "Der Regionalschlüssel muss „DG“ oder eine Ziffernfolge sein.".to_owned(),
            "The regional key must be \"DG\" or digits.".to_owned(),
        ),
        KeyError::LeadingZeroLost(n) => (
            format!(
                "Der Regionalschlüssel hat {n} Ziffern: ihm fehlt die führende Null. Die Spalte als Text formatieren und die Datei erneut herunterladen."
            ),
            format!(
                "The regional key has {n} digits: it lost its leading zero. Format the column as text and download the file again."
            ),
        ),
        KeyError::Length(n) => (
            format!(
                "Ein Regionalschlüssel mit {n} Ziffern ist unbekannt. Erlaubt sind DG, 2 (Land), 3 (Bezirk), 5 (Kreis), 8 (Gemeinde) und 12 Ziffern (ARS)."
            ),
            format!(
                "A regional key of {n} digits is unknown. Allowed are DG, 2 (Land), 3 (district region), 5 (Kreis), 8 (municipality) and 12 digits (ARS)."
            ),
        ),
    }
}

/// Finds the cohort member a region names.
pub(crate) struct Resolver<'c> {
    keys: HashMap<&'c str, MunicipalityKind>,
}

impl<'c> Resolver<'c> {
    pub(crate) fn new(cohort: &'c Cohort) -> Self {
        Self {
            keys: cohort
                .municipalities
                .iter()
                .map(|m| (m.key.as_str(), m.kind))
                .collect(),
        }
    }

    /// The member's key, or `None` for a region outside the cohort.
    pub(crate) fn member(&self, region: &Region) -> Option<String> {
        match region {
            Region::Gemeinde(key) => self.keys.contains_key(key.as_str()).then(|| key.clone()),
            Region::Kreis(key) => {
                if self.keys.contains_key(key.as_str()) {
                    return Some(key.clone());
                }
                let city = format!("{key}000");
                (self.keys.get(city.as_str()) == Some(&MunicipalityKind::KreisfreieStadt))
                    .then_some(city)
            }
            Region::Germany | Region::Upper(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn cohort() -> Cohort {
        Cohort::from_csv(
            "key,name,state,kind,cohort,status,source,note\n\
             07312000,Kaiserslautern,RP,kreisfreie_stadt,c,confirmed,,\n\
             09174,Landkreis Dachau,BY,landkreis,c,confirmed,,\n\
             05334002,Aachen,NW,stadt,c,confirmed,,\n\
             03159016,Göttingen,NI,stadt,c,confirmed,,\n\
             09276130,Lindberg,BY,gemeinde,c,confirmed,,\n",
        )
        .unwrap()
    }

    #[test]
    fn every_key_length_is_read_at_its_length_and_refused_one_past() {
        assert_eq!(parse_key("DG"), Ok(Region::Germany));
        assert_eq!(parse_key("01"), Ok(Region::Upper("01".into())));
        assert_eq!(parse_key("031"), Ok(Region::Upper("031".into())));
        assert_eq!(parse_key(" 07312 "), Ok(Region::Kreis("07312".into())));
        assert_eq!(
            parse_key("05334002"),
            Ok(Region::Gemeinde("05334002".into()))
        );
        assert_eq!(
            parse_key("092760130130"),
            Ok(Region::Gemeinde("09276130".into()))
        );
        assert_eq!(parse_key("1"), Err(KeyError::LeadingZeroLost(1)));
        assert_eq!(parse_key("7312"), Err(KeyError::LeadingZeroLost(4)));
        assert_eq!(parse_key("073120"), Err(KeyError::Length(6)));
        assert_eq!(parse_key("7312000"), Err(KeyError::LeadingZeroLost(7)));
        assert_eq!(parse_key("073120001"), Err(KeyError::Length(9)));
        assert_eq!(parse_key("92760130130"), Err(KeyError::LeadingZeroLost(11)));
        assert_eq!(parse_key("0927601301301"), Err(KeyError::Length(13)));
        assert_eq!(parse_key("dg"), Err(KeyError::NotDigits));
        assert_eq!(parse_key(""), Err(KeyError::NotDigits));
    }

    #[test]
    fn kreis_keys_find_landkreise_and_kreisfreie_staedte_only() {
        let cohort = cohort();
        let r = Resolver::new(&cohort);
        let member = |k: &str| r.member(&parse_key(k).unwrap());
        assert_eq!(member("07312").as_deref(), Some("07312000"));
        assert_eq!(member("09174").as_deref(), Some("09174"));
        // Special 8-digit keys in Kreis tables stay themselves.
        assert_eq!(member("05334002").as_deref(), Some("05334002"));
        // The Landkreis Göttingen is not its town.
        assert_eq!(member("03159"), None);
        assert_eq!(member("05334"), None);
        assert_eq!(member("092760130130").as_deref(), Some("09276130"));
        assert_eq!(member("DG"), None);
        assert_eq!(member("07"), None);
    }
}
