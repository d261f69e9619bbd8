//! Authentication: API tokens (random, 256 bits, shown once, stored as SHA-256) and the principal
//! a request acts as. Authorization decisions are made in one place, from the principal.

use std::fmt::Write;

use rand::TryRngCore;

/// A new API token: `vgl_` and 64 hex digits from the operating system's random source.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    // The OS random source failing is not recoverable; an all-zero token must never be issued.
    if rand::rngs::OsRng.try_fill_bytes(&mut bytes).is_err() {
        std::process::abort();
    }
    let mut token = String::with_capacity(68);
    token.push_str("vgl_");
    for b in bytes {
        let _ = write!(token, "{b:02x}");
    }
    token
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_256_random_bits_and_differ() {
        let a = new_token();
        let b = new_token();
        assert_eq!(a.len(), 4 + 64);
        assert!(a.starts_with("vgl_") && a[4..].bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
