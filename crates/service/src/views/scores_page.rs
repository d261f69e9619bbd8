//! The members of a field-score answer, page by page. At 11,000 members one field's JSON with
//! every member's components was 48 MB (issue #17 point 2): larger than any cache keeps and
//! longer to write than to compute. The JSON answers `limit` members from `offset` (default
//! 1,000 from 0, as the coverage matrix) and says where the next page starts; CSV and XLSX
//! are downloads of the whole table, and charts and pages show the whole group.

use serde::Serialize;
use vergleich_analysis::GroupSummary;
use vergleich_analysis::score::{FieldScoreOptions, FieldScores, MemberFieldScore, NotScored};
use vergleich_domain::{FieldId, IndicatorId};

/// Which members an answer lists: `limit` from `offset`, in the group's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub offset: usize,
    pub limit: usize,
}

impl Page {
    /// Every member (pages and charts; the API always names a page).
    pub const ALL: Page = Page {
        offset: 0,
        limit: usize::MAX,
    };

    /// The asked part of `members` (empty past the end).
    pub fn of<'a, T>(&self, members: &'a [T]) -> &'a [T] {
        let start = self.offset.min(members.len());
        let end = start.saturating_add(self.limit).min(members.len());
        &members[start..end]
    }

    /// What the answer says about the page: how many members in all, how many listed, and
    /// where the next page starts while there is one.
    pub fn info(&self, total: usize) -> PageInfo {
        let start = self.offset.min(total);
        let end = start.saturating_add(self.limit).min(total);
        PageInfo {
            total_members: total,
            count: end - start,
            // Every member (no page asked): the whole group.
            limit: if self.limit == usize::MAX {
                total
            } else {
                self.limit
            },
            offset: self.offset,
            next_offset: (end < total).then_some(end),
        }
    }
}

impl Default for Page {
    fn default() -> Self {
        Self::ALL
    }
}

/// The paging members of an answer's JSON, beside its scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PageInfo {
    /// Members of the group in all.
    pub total_members: usize,
    /// Members listed on this page.
    pub count: usize,
    pub limit: usize,
    pub offset: usize,
    /// The `offset` of the next page; none on the last.
    pub next_offset: Option<usize>,
}

/// [`FieldScores`] with the asked page of its members: the same members in the same order, so
/// a client reading every page gets what one answer held before.
#[derive(Serialize)]
pub struct PagedScores<'a> {
    pub field: &'a FieldId,
    pub year: i32,
    pub group: &'a GroupSummary,
    pub options: &'a FieldScoreOptions,
    pub scored: &'a [IndicatorId],
    pub not_scored: &'a [NotScored],
    pub reported: usize,
    pub members: &'a [MemberFieldScore],
}

impl<'a> PagedScores<'a> {
    pub fn of(scores: &'a FieldScores, page: Page) -> Self {
        Self {
            field: &scores.field,
            year: scores.year,
            group: &scores.group,
            options: &scores.options,
            scored: &scores.scored,
            not_scored: &scores.not_scored,
            reported: scores.reported,
            members: page.of(&scores.members),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_cut_at_the_end_and_says_where_the_next_starts() {
        let members: Vec<usize> = (0..5).collect();
        let page = Page {
            offset: 2,
            limit: 2,
        };
        assert_eq!(page.of(&members), &[2, 3]);
        assert_eq!(page.info(5).next_offset, Some(4));
        let last = Page {
            offset: 4,
            limit: 2,
        };
        assert_eq!(last.of(&members), &[4]);
        let info = last.info(5);
        assert_eq!((info.count, info.next_offset), (1, None));
        let past = Page {
            offset: 9,
            limit: 2,
        };
        assert!(past.of(&members).is_empty());
        assert_eq!(past.info(5).count, 0);
        assert_eq!(Page::ALL.of(&members).len(), 5);
        assert_eq!(Page::ALL.info(5).next_offset, None);
    }
}
