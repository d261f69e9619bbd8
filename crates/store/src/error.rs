//! The store's one error type. Connection strings in messages are redacted. Causes are kept as
//! `source`, not repeated in the message: print errors with `{:#}` (anyhow) to see the chain.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "unsupported database URL {url:?}: use sqlite:PATH (the default) or postgres://USER@HOST/DB"
    )]
    UnknownScheme { url: String },
    #[error(
        "a read database URL needs a PostgreSQL primary, not {url:?}: SQLite is one file on one machine"
    )]
    ReadsWithoutPostgres { url: String },
    #[error("cannot create the data directory {path}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot open database {url}")]
    Connect { url: String, source: sqlx::Error },
    #[error("database {url} does not keep the durability settings vergleich needs: {detail}")]
    Durability { url: String, detail: String },
    #[error("database migration failed")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error")]
    Database(#[from] sqlx::Error),
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
    /// An observation names a municipality or indicator the database does not know.
    #[error("unknown {what} {key:?}")]
    UnknownReference { what: &'static str, key: String },
    /// A unique constraint refused the write: a concurrent duplicate (same Idempotency-Key) or
    /// the same observation twice in one upload.
    #[error("conflict with stored data: {0}")]
    Conflict(String),
    /// An upload of one member holds a value of another: each member's upload holds its own
    /// rows only (a data state is read again per member, [`crate::fingerprints`]).
    #[error(
        "an upload of member {member} holds a value of {found}: each member's upload holds its own rows only"
    )]
    ForeignRows { member: String, found: String },
    /// The thing to change does not exist.
    #[error("{0} does not exist")]
    NotFound(String),
    /// A review step that the upload's current state does not allow.
    #[error("upload {upload} is {state}; it cannot become {wanted}")]
    InvalidState {
        upload: i64,
        state: String,
        wanted: &'static str,
    },
}

/// Maps unique violations to [`StoreError::Conflict`], everything else to `Database`.
pub(crate) fn from_sqlx(err: sqlx::Error) -> StoreError {
    match &err {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            StoreError::Conflict(db.message().to_owned())
        }
        _ => StoreError::Database(err),
    }
}

impl StoreError {
    /// The database is not reachable right now (as opposed to a bug or bad data): worth a 503.
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            Self::Database(
                sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_)
            )
        )
    }
}

/// Hides the password of `scheme://user:password@host/...`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => match rest[..at].split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***{}", &rest[at..]),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact_url as redact;

    #[test]
    fn password_in_url_is_redacted_and_everything_else_kept() {
        assert_eq!(
            redact("postgres://app:s3cret@db:5432/vergleich"),
            "postgres://app:***@db:5432/vergleich"
        );
        assert_eq!(
            redact("postgres://postgres@127.0.0.1/test"),
            "postgres://postgres@127.0.0.1/test"
        );
        assert_eq!(
            redact("sqlite:data/vergleich.sqlite"),
            "sqlite:data/vergleich.sqlite"
        );
    }
}
