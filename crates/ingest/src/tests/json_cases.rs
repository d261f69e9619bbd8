//! JSON cases.
