//! Passwords: argon2id with the library's recommended parameters and a random salt per
//! password. Hashing and checking are deliberately slow CPU work: run them in `spawn_blocking`.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use std::sync::OnceLock;

use argon2::Argon2;

/// Shortest password accepted; longer is better, no composition rules (NIST SP 800-63B).
pub const MIN_LENGTH: usize = 12;
/// Longest password accepted (bounds the hashing work an attacker can ask for).
pub const MAX_LENGTH: usize = 256;

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("the password must have at least {MIN_LENGTH} characters")]
    TooShort,
    #[error("the password must have at most {MAX_LENGTH} characters")]
    TooLong,
    #[error("cannot hash the password: {0}")]
    Hash(String),
}

/// The PHC string (`$argon2id$v=19$m=…`) of a new password.
pub fn hash(password: &str) -> Result<String, PasswordError> {
    let chars = password.chars().count();
    if chars < MIN_LENGTH {
        return Err(PasswordError::TooShort);
    }
    if chars > MAX_LENGTH {
        return Err(PasswordError::TooLong);
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Hash(e.to_string()))
}

/// Whether `password` matches the stored hash. A missing or malformed hash never matches, and
/// still costs one verification, so an unknown user name takes as long as a wrong password.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    // A hash of a random password nobody knows, checked when there is nothing to check.
    static DECOY: OnceLock<Option<String>> = OnceLock::new();
    if password.chars().count() > MAX_LENGTH {
        return false;
    }
    let decoy = DECOY.get_or_init(|| hash(&super::principal::new_token()).ok());
    let parsed_stored = stored.map(PasswordHash::new).and_then(Result::ok);
    let real = parsed_stored.is_some();
    let candidate = match parsed_stored {
        Some(parsed) => parsed,
        None => match decoy.as_deref().map(PasswordHash::new) {
            Some(Ok(parsed)) => parsed,
            _ => return false,
        },
    };
    let ok = Argon2::default()
        .verify_password(password.as_bytes(), &candidate)
        .is_ok();
    ok && real
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_own_argon2id_hash_only() {
        let h = hash("korrekt pferd batterie").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("korrekt pferd batterie", Some(&h)));
        assert!(!verify("korrekt pferd batteriE", Some(&h)));
        assert!(!verify("korrekt pferd batterie", None));
        assert!(!verify("korrekt pferd batterie", Some("kein hash")));
        assert_ne!(h, hash("korrekt pferd batterie").unwrap(), "salted");
    }

    #[test]
    fn password_length_is_checked_at_the_limits() {
        assert!(matches!(
            hash(&"a".repeat(MIN_LENGTH - 1)),
            Err(PasswordError::TooShort)
        ));
        assert!(hash(&"a".repeat(MIN_LENGTH)).is_ok());
        assert!(hash(&"ä".repeat(MAX_LENGTH)).is_ok());
        assert!(matches!(
            hash(&"a".repeat(MAX_LENGTH + 1)),
            Err(PasswordError::TooLong)
        ));
    }
}
