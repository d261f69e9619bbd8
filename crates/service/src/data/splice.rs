//! A data state's frame built from the previous state's frame and the rows of the members read
//! again: the unchanged members' rows are slices of the previous frame (polars shares their
//! buffers, nothing is copied), the changed members' rows come from the fresh frame, all in
//! the members' order, so the result equals a frame read whole.

use std::collections::{BTreeMap, BTreeSet};

use vergleich_analysis::DataFrame;
use vergleich_domain::Ags;

use super::members::MemberRows;
use crate::error::{Error, Result};

/// Chunks per column above which the spliced frame is copied into one: each splice adds a
/// chunk or two, and polars' kernels slow down over many small chunks.
pub const MAX_CHUNKS: usize = 32;

/// The frame and members of the next state: `base` (with `base_members`) for every member not
/// in `changed`, `fresh` (with `fresh_members`, ordered by member) for those in it.
pub fn splice(
    (base, base_members): (&DataFrame, &BTreeMap<Ags, MemberRows>),
    changed: &BTreeSet<Ags>,
    (fresh, fresh_members): (&DataFrame, &BTreeMap<Ags, MemberRows>),
) -> Result<(DataFrame, BTreeMap<Ags, MemberRows>)> {
    let offsets = |members: &BTreeMap<Ags, MemberRows>| {
        let mut at = 0usize;
        members
            .iter()
            .map(|(k, m)| {
                let start = at;
                at += m.rows;
                (k.clone(), (start, m.rows))
            })
            .collect::<BTreeMap<Ags, (usize, usize)>>()
    };
    let (base_at, fresh_at) = (offsets(base_members), offsets(fresh_members));
    let mut members = BTreeMap::new();
    // Pieces as (from the fresh frame, start, length), neighbours of one source merged.
    let mut pieces: Vec<(bool, usize, usize)> = Vec::new();
    let keys: BTreeSet<&Ags> = base_members.keys().chain(fresh_members.keys()).collect();
    for key in keys {
        let (from_fresh, rows, at) = if changed.contains(key) {
            (true, fresh_members.get(key), fresh_at.get(key))
        } else {
            (false, base_members.get(key), base_at.get(key))
        };
        let (Some(rows), Some(&(start, len))) = (rows, at) else {
            continue;
        };
        members.insert(key.clone(), rows.clone());
        match pieces.last_mut() {
            Some((fresh, s, l)) if *fresh == from_fresh && *s + *l == start => *l += len,
            _ => pieces.push((from_fresh, start, len)),
        }
    }
    let mut frame = base.clear();
    for (from_fresh, start, len) in pieces {
        let source = if from_fresh { fresh } else { base };
        let offset = i64::try_from(start).map_err(|_| Error::internal(anyhow::anyhow!("rows")))?;
        frame
            .vstack_mut_owned(source.slice(offset, len))
            .map_err(|err| Error::internal(anyhow::anyhow!("splicing the data state: {err}")))?;
    }
    if frame.max_n_chunks() > MAX_CHUNKS {
        frame.rechunk_mut_par();
    }
    Ok((frame, members))
}
