//! Uploads: the unit in which observations arrive. The review workflow moves an upload through
//! these states; observations carry the id of the upload they came from (provenance).

use serde::{Deserialize, Serialize};

use crate::catalogue::str_enum;

/// Database id of an upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UploadId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UploadState {
    /// Validated and stored, visible to the uploading member only.
    Draft,
    /// Handed in for review.
    Submitted,
    /// Approved by a manager: part of every comparison.
    Published,
    /// Sent back by a manager with a comment.
    Rejected,
}

str_enum!(UploadState { Draft => "draft", Submitted => "submitted", Published => "published", Rejected => "rejected" });
