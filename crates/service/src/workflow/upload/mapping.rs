//! The caller's own mappings of official-table variables to catalogue indicators
//! (`CODE[:ATTR=VAL…]=INDICATOR[*FACTOR]`, the `map` parameter of an upload, the select boxes of
//! the upload page), on top of `datasets/sources.csv`.

use vergleich_ingest::{IngestError, SourceMappings};
use vergleich_store::sha256_hex;

use crate::error::{Error, ErrorDetail, Result};

/// Most mappings one upload may name (an official table has a few dozen variables at most).
pub const MAX_MAPPINGS: usize = 100;

/// The built-in mappings plus the caller's; `None` when the caller names none. A malformed
/// mapping, or more than [`MAX_MAPPINGS`], is a 400 naming it and the form it must have.
pub fn user_mappings(specs: &[String]) -> Result<Option<SourceMappings>> {
    let specs: Vec<&str> = specs
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    if specs.is_empty() {
        return Ok(None);
    }
    if specs.len() > MAX_MAPPINGS {
        return Err(Error::invalid(vec![ErrorDetail::parameter(
            "map",
            &specs.len().to_string(),
            format!("Höchstens {MAX_MAPPINGS} Zuordnungen je Upload."),
            format!("At most {MAX_MAPPINGS} mappings per upload."),
        )]));
    }
    SourceMappings::with_user(specs.iter().copied())
        .map(Some)
        .map_err(|e| {
            let (spec, reason) = match e {
                IngestError::Mapping { spec, reason } => (spec, reason),
                other => (String::new(), other.to_string()),
            };
            Error::invalid(vec![ErrorDetail::parameter(
                "map",
                &spec,
                format!(
                    "Die Zuordnung hat nicht die Form CODE[:ATTR=WERT…]=INDIKATOR[*FAKTOR], z. B. \
                     BEVSTD:GES==bevoelkerung: {reason}"
                ),
                format!(
                    "The mapping does not have the form CODE[:ATTR=VAL…]=INDICATOR[*FACTOR], e.g. \
                     BEVSTD:GES==bevoelkerung: {reason}"
                ),
            )])
        })
}

/// The key that makes a repeat of the same file with the same own mappings for the same member
/// a replay, while the same file with other mappings is checked and stored anew (its content
/// alone would replay the first upload and ignore the new mappings).
pub(super) fn replay_key(sha256: &str, member: Option<&str>, mappings: &SourceMappings) -> String {
    let mut text = format!("{sha256}\n{}", member.unwrap_or(""));
    for spec in mappings.user_specs() {
        text.push('\n');
        text.push_str(&spec);
    }
    format!("map:{}", sha256_hex(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("V{i}=bevoelkerung")).collect()
    }

    #[test]
    fn mappings_are_checked_at_their_limit() {
        assert!(user_mappings(&[]).unwrap().is_none());
        assert!(user_mappings(&[" ".to_owned()]).unwrap().is_none());
        assert_eq!(
            user_mappings(&specs(MAX_MAPPINGS))
                .unwrap()
                .unwrap()
                .user_specs()
                .len(),
            MAX_MAPPINGS
        );
        let err = user_mappings(&specs(MAX_MAPPINGS + 1)).unwrap_err();
        assert_eq!(err.errors[0].parameter.as_deref(), Some("map"));
    }

    #[test]
    fn a_malformed_mapping_is_named_with_the_form_it_needs() {
        let err = user_mappings(&["BEVSTD".to_owned()]).unwrap_err();
        assert_eq!(err.errors[0].value.as_deref(), Some("BEVSTD"));
        assert!(err.errors[0].message_en.contains("CODE[:ATTR=VAL…]"));
    }

    #[test]
    fn the_replay_key_differs_by_member_and_mappings() {
        let a = user_mappings(&specs(1)).unwrap().unwrap();
        let b = user_mappings(&specs(2)).unwrap().unwrap();
        let key = replay_key("abc", Some("07312000"), &a);
        assert_eq!(key, replay_key("abc", Some("07312000"), &a));
        assert_ne!(key, replay_key("abc", Some("13003000"), &a));
        assert_ne!(key, replay_key("abc", Some("07312000"), &b));
        assert!(key.len() <= super::super::MAX_KEY_LENGTH);
    }
}
