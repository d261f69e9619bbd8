//! Named data releases (issue #17 point 3): "Datenstand 2025-1" is the published data as of one
//! moment, cited by reports and downloaded as an open-data package. A release whose moment lies
//! ahead is *scheduled*: values approved under its embargo stay hidden from the public until
//! then, and the release itself is visible only to managers until it is out.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// Longest release name.
pub const MAX_RELEASE_NAME: usize = 32;
/// Longest release title.
pub const MAX_RELEASE_TITLE: usize = 200;
/// Longest release note.
pub const MAX_RELEASE_NOTE: usize = 4000;

/// A release as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Release {
    /// The name in addresses and citations, e.g. `2025-1`; never reused.
    pub name: String,
    /// e.g. "Datenstand 2025-1".
    pub title: String,
    /// What is in it, for readers (may be empty).
    pub note: String,
    /// The data as published at this moment; when it lies ahead, the release is scheduled.
    pub at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

impl Release {
    /// Whether the release is out at `now` (its moment has come).
    pub fn is_out(&self, now: DateTime<Utc>) -> bool {
        self.at <= now
    }
}

/// A release name: 1 to [`MAX_RELEASE_NAME`] characters of `a-z`, `0-9`, `.` and `-`, starting
/// with a letter or digit, e.g. `2025-1` (it is part of addresses: `?release=2025-1`).
pub fn check_release_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("must not be empty".to_owned());
    }
    let n = name.chars().count();
    if n > MAX_RELEASE_NAME {
        return Err(format!(
            "{n} characters, at most {MAX_RELEASE_NAME} are allowed"
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-' || *c == '.'))
    {
        return Err(format!(
            "'{c}' is not allowed: use a-z, 0-9, '.' and '-', e.g. 2025-1"
        ));
    }
    if !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Err("must start with a letter or digit, e.g. 2025-1".to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_short_lowercase_and_safe_in_addresses() {
        assert!(check_release_name("2025-1").is_ok());
        assert!(check_release_name("v2.0").is_ok());
        assert!(check_release_name(&"a".repeat(MAX_RELEASE_NAME)).is_ok());
        let long = check_release_name(&"a".repeat(MAX_RELEASE_NAME + 1)).unwrap_err();
        assert!(long.contains("33 characters"), "{long}");
        assert!(check_release_name("").is_err());
        assert!(check_release_name("2025 1").unwrap_err().contains("' '"));
        assert!(
            check_release_name("Datenstand")
                .unwrap_err()
                .contains("'D'")
        );
        assert!(check_release_name("-1").unwrap_err().contains("start"));
        assert!(check_release_name("../x").is_err());
    }

    #[test]
    fn a_release_is_out_from_its_moment_on() {
        let at = "2025-03-01T10:00:00Z".parse().unwrap();
        let r = Release {
            name: "2025-1".into(),
            title: "Datenstand 2025-1".into(),
            note: String::new(),
            at,
            created_at: at,
            created_by: "user:manager".into(),
        };
        assert!(!r.is_out(at - chrono::Duration::seconds(1)));
        assert!(r.is_out(at));
    }
}
