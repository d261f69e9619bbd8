//! Identifiers parsed at the edge into types that cannot be invalid.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::IdError;

/// Amtlicher Gemeindeschlüssel (8 digits) or Kreisschlüssel (5 digits), always kept as text so
/// the leading zero survives ("01003000" is Lübeck, not 1003000).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ags(String);

impl Ags {
    pub fn parse(value: &str) -> Result<Self, IdError> {
        let value = value.trim();
        if !value.bytes().all(|b| b.is_ascii_digit()) || value.is_empty() {
            return Err(IdError::AgsNotDigits {
                value: value.to_owned(),
            });
        }
        match value.len() {
            5 | 8 => Ok(Self(value.to_owned())),
            // A spreadsheet that treated the key as a number dropped the leading zero.
            4 | 7 => Err(IdError::AgsLeadingZeroLost {
                value: value.to_owned(),
                len: value.len(),
            }),
            _ => Err(IdError::AgsLength {
                value: value.to_owned(),
            }),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A 5-digit key names a district (Landkreis); an 8-digit key a municipality.
    pub fn is_district(&self) -> bool {
        self.0.len() == 5
    }

    /// The first two digits: the federal state (01 Schleswig-Holstein … 16 Thüringen).
    pub fn state_code(&self) -> &str {
        &self.0[..2]
    }
}

fn is_slug(value: &str) -> bool {
    let mut bytes = value.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z'))
        && value.len() <= 64
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_'))
}

macro_rules! slug_id {
    ($(#[$doc:meta])* $name:ident, $kind:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            pub fn parse(value: &str) -> Result<Self, IdError> {
                let value = value.trim();
                if is_slug(value) {
                    Ok(Self(value.to_owned()))
                } else {
                    Err(IdError::Slug { kind: $kind, value: value.to_owned() })
                }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
    };
}

slug_id!(
    /// Stable id of a field of action (`steuerung`, `oeffnung`, …), used in files and URLs.
    FieldId,
    "field"
);
slug_id!(
    /// Stable id of an indicator (`sc_steuerung`, `einbuergerungsquote`, …).
    IndicatorId,
    "indicator"
);

macro_rules! text_id_impls {
    ($($name:ident),*) => {$(
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = String::deserialize(deserializer)?;
                Self::parse(&raw).map_err(serde::de::Error::custom)
            }
        }
    )*};
}

text_id_impls!(Ags, FieldId, IndicatorId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_and_five_digit_keys_are_accepted_with_leading_zero() {
        assert_eq!(Ags::parse("01003000").unwrap().as_str(), "01003000");
        assert!(Ags::parse("09174").unwrap().is_district());
        assert_eq!(Ags::parse(" 07312000 ").unwrap().state_code(), "07");
    }

    #[test]
    fn key_that_lost_its_leading_zero_gets_a_hint() {
        assert_eq!(
            Ags::parse("1003000"),
            Err(IdError::AgsLeadingZeroLost {
                value: "1003000".into(),
                len: 7
            })
        );
        assert!(matches!(
            Ags::parse("9174"),
            Err(IdError::AgsLeadingZeroLost { .. })
        ));
    }

    #[test]
    fn keys_with_letters_or_wrong_length_are_rejected() {
        assert!(matches!(
            Ags::parse("0731200A"),
            Err(IdError::AgsNotDigits { .. })
        ));
        assert!(matches!(Ags::parse(""), Err(IdError::AgsNotDigits { .. })));
        assert!(matches!(
            Ags::parse("073120001"),
            Err(IdError::AgsLength { .. })
        ));
        assert!(matches!(Ags::parse("073"), Err(IdError::AgsLength { .. })));
    }

    #[test]
    fn slugs_are_lowercase_ascii_starting_with_a_letter() {
        assert!(FieldId::parse("gesundheit").is_ok());
        assert!(IndicatorId::parse("sc_zugang").is_ok());
        assert!(FieldId::parse("Gesundheit").is_err());
        assert!(IndicatorId::parse("1abc").is_err());
        assert!(IndicatorId::parse("a-b").is_err());
        assert!(IndicatorId::parse(&"a".repeat(64)).is_ok());
        assert!(IndicatorId::parse(&"a".repeat(65)).is_err());
    }

    #[test]
    fn ids_round_trip_through_json_and_reject_bad_values() {
        let ags: Ags = serde_json::from_str("\"05334002\"").unwrap();
        assert_eq!(serde_json::to_string(&ags).unwrap(), "\"05334002\"");
        assert!(serde_json::from_str::<Ags>("\"5334002\"").is_err());
    }
}
