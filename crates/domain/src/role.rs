//! User roles (DOMAIN.md §2). What each role may see is decided in one place in the API; the
//! role itself is vocabulary.

use serde::{Deserialize, Serialize};

use crate::catalogue::str_enum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Uploads its own data; sees its own data at every stage and others' once published.
    Municipality,
    /// Compares, defines peer groups, reviews and publishes; sees everything.
    Manager,
    /// Reads comparative charts and reports of published data.
    Staff,
    /// Manages users, tokens, cohorts and the catalogue; sees everything.
    Admin,
}

str_enum!(Role { Municipality => "municipality", Manager => "manager", Staff => "staff", Admin => "admin" });

impl Role {
    /// Whether this role may read data that is not published yet, of any member.
    pub fn sees_unpublished(self) -> bool {
        matches!(self, Self::Manager | Self::Admin)
    }
}
