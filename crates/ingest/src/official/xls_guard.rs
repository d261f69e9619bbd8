//! The check an `.xls` passes before calamine parses it, as the zip guard is for XLSX and ODS.
//! calamine builds every sheet densely over its used area, reserves what a DIMENSIONS record
//! declares, follows sector chains without a loop check and indexes with positions taken from
//! the file: a few crafted bytes could ask for gigabytes, loop for ever or panic. The guard walks
//! the compound file (OLE2) as calamine will (header, DIFAT, FAT, directory, mini stream) and the
//! BIFF records it will read (the globals, then each sheet from its BOUNDSHEET offset), and
//! refuses a chain that loops or leaves the file, an offset outside the stream, and a declared or
//! used area of more than `max_sheet_cells` cells.

use crate::limits::Limits;

pub(crate) const MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const RESERVED: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
/// calamine reads streams shorter than this from the mini stream.
const MINI_CUTOFF: usize = 4096;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn words(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

/// Sectors of `size` bytes after a header of `size` bytes (calamine's `Sectors`).
struct Sectors<'b> {
    data: &'b [u8],
    size: usize,
    max_id: usize,
    /// calamine fills a mini sector past its stream's end from elsewhere: only whole ones pass.
    whole: bool,
}

impl<'b> Sectors<'b> {
    fn get(&self, id: u32) -> Option<&'b [u8]> {
        let id = id as usize;
        let start = id.checked_mul(self.size)?;
        // calamine slices `start..` of what it read: a sector at or past the end would panic.
        let end = self.data.len().min(start.checked_add(self.size)?);
        let inside = start < self.data.len() && (!self.whole || end - start == self.size);
        (id <= self.max_id && inside).then(|| &self.data[start..end])
    }

    /// The bytes of a chain, at most `len`; `None` for a chain that loops, leaves the table or
    /// the data.
    fn chain(&self, mut id: u32, table: &[u32], len: usize) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut steps = 0;
        while id != END_OF_CHAIN {
            steps += 1;
            if steps > table.len() + 1 {
                return None;
            }
            let sector = self.get(id)?;
            out.extend_from_slice(&sector[..sector.len().min(len - out.len())]);
            if out.len() >= len {
                break;
            }
            id = *table.get(id as usize)?;
        }
        Some(out)
    }
}

/// The workbook stream calamine will read, or `None` where calamine would fail, loop or panic.
fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    if !bytes.starts_with(&MAGIC) || bytes.len() < 512 {
        return None;
    }
    let size = match u16_at(bytes, 30)? {
        9 => 512,
        12 => 4096,
        _ => return None,
    };
    if u16_at(bytes, 32)? != 6 || bytes.len() < size {
        return None;
    }
    let sectors = Sectors {
        data: &bytes[size..],
        size,
        max_id: bytes.len() / size,
        whole: false,
    };
    let mut difat: Vec<u32> = words(&bytes[76..512]).collect();
    let mut id = u32_at(bytes, 68)?;
    let mut difat_sectors = 0;
    while id < RESERVED {
        difat_sectors += 1;
        if difat_sectors > sectors.max_id + 1 {
            return None;
        }
        difat.extend(words(sectors.get(id)?));
        id = difat.pop()?;
    }
    let mut fat = Vec::new();
    for id in difat.into_iter().filter(|id| *id < DIFSECT) {
        fat.extend(words(sectors.get(id)?));
    }
    let directory = sectors.chain(u32_at(bytes, 48)?, &fat, usize::MAX)?;
    let entries: Vec<&[u8]> = directory.chunks_exact(128).collect();
    let root = entries.first()?;
    let entry_len = |e: &[u8]| -> Option<usize> {
        if size == 512 {
            Some(u32_at(e, 120)? as usize)
        } else {
            usize::try_from(u64::from_le_bytes(e.get(120..128)?.try_into().ok()?)).ok()
        }
    };
    let mini_fat_len = u32_at(bytes, 64)? as usize;
    let (mini_fat, mini_stream) = if mini_fat_len > 0 {
        let stream = sectors.chain(u32_at(root, 116)?, &fat, entry_len(root)?)?;
        let table = sectors.chain(u32_at(bytes, 60)?, &fat, mini_fat_len.checked_mul(size)?)?;
        (words(&table).collect::<Vec<_>>(), stream)
    } else {
        (Vec::new(), Vec::new())
    };
    let name = |e: &[u8]| -> String {
        let units: Vec<u16> = e[..64]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .take_while(|u| *u != 0)
            .collect();
        String::from_utf16_lossy(&units)
    };
    let find = |wanted: &str| {
        entries
            .iter()
            .find(|e| name(e).eq_ignore_ascii_case(wanted))
    };
    let entry = find("Workbook").or_else(|| find("Book"))?;
    let (start, len) = (u32_at(entry, 116)?, entry_len(entry)?);
    if len < MINI_CUTOFF {
        let mini = Sectors {
            data: &mini_stream,
            size: 64,
            max_id: sectors.max_id * 8,
            whole: true,
        };
        mini.chain(start, &mini_fat, len)
    } else {
        sectors.chain(start, &fat, len)
    }
}

/// The BIFF records from `at`: (type, data), as calamine's record iterator splits them.
fn records(stream: &[u8], mut at: usize) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let typ = u16_at(stream, at)?;
        let len = u16_at(stream, at + 2)? as usize;
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        Some((typ, data))
    })
}

/// Whether one sheet's records keep calamine's allocations within `max_cells`.
fn sheet_fits(stream: &[u8], at: usize, max_cells: i64) -> bool {
    let (mut seen_bof, mut depth) = (false, 0usize);
    let mut area: Option<(i64, i64, i64, i64)> = None;
    let mut cell = |row: u16, first: u16, last: u16| {
        let (r, c0, c1) = (i64::from(row), i64::from(first), i64::from(last));
        let a = area.get_or_insert((r, r, c0, c1));
        *a = (a.0.min(r), a.1.max(r), a.2.min(c0), a.3.max(c1));
    };
    for (typ, data) in records(stream, at) {
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let row = u16_at(data, 0).unwrap_or(0);
        let col = u16_at(data, 2).unwrap_or(0);
        match typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x000A => break,
            0x0200 => {
                let (rf, rl, cf, cl) = match data.len() {
                    10 => (
                        Some(u32::from(row)),
                        Some(u32::from(col)),
                        u16_at(data, 4),
                        u16_at(data, 6),
                    ),
                    14 | 16 => (
                        u32_at(data, 0),
                        u32_at(data, 4),
                        u16_at(data, 8),
                        u16_at(data, 10),
                    ),
                    _ => continue,
                };
                let (Some(rf), Some(rl), Some(cf), Some(cl)) = (rf, rl, cf, cl) else {
                    continue;
                };
                let (rf, rl, cl): (i64, i64, i64) = (i64::from(rf), i64::from(rl), cl.into());
                let cf = if cf > 0xFF || cl < i64::from(cf) {
                    0
                } else {
                    cf.into()
                };
                if rl >= 1 && cl >= 1 {
                    let (rows, cols) = (rl - rf, cl - cf);
                    if rows < 1 || cols < 1 || rows.saturating_mul(cols) > max_cells {
                        return false;
                    }
                }
            }
            0x00BD if data.len() >= 6 => {
                let last = u16_at(data, data.len() - 2).unwrap_or(0);
                if last < col {
                    return false;
                }
                cell(row, col, last);
            }
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 if data.len() >= 4 => {
                cell(row, col, col);
            }
            _ => {}
        }
    }
    area.is_none_or(|(r0, r1, c0, c1)| (r1 - r0 + 1).saturating_mul(c1 - c0 + 1) <= max_cells)
}

/// True when calamine may parse the workbook within the limits.
pub(crate) fn fits(bytes: &[u8], limits: &Limits) -> bool {
    let Some(stream) = workbook_stream(bytes) else {
        return false;
    };
    let max_cells = i64::try_from(limits.max_sheet_cells).unwrap_or(i64::MAX);
    let mut sheets = Vec::new();
    for (typ, data) in records(&stream, 0) {
        match typ {
            0x0085 => match u32_at(data, 0) {
                Some(at) if (at as usize) <= stream.len() => sheets.push(at as usize),
                _ => return false,
            },
            0x000A => break,
            _ => {}
        }
    }
    sheets.iter().all(|at| sheet_fits(&stream, *at, max_cells))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn inkar() -> Vec<u8> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/generated/inkar_export_wahlbeteiligung_kreise_subset.xls"
        );
        std::fs::read(path).unwrap()
    }

    #[test]
    fn a_chain_that_loops_or_leaves_the_table_is_refused() {
        let data = vec![0u8; 1024];
        let sectors = Sectors {
            data: &data,
            size: 512,
            max_id: 2,
            whole: false,
        };
        assert_eq!(
            sectors
                .chain(0, &[1, END_OF_CHAIN], usize::MAX)
                .unwrap()
                .len(),
            1024
        );
        assert_eq!(sectors.chain(0, &[1, 0], usize::MAX), None);
        assert_eq!(sectors.chain(0, &[7], usize::MAX), None);
        assert_eq!(sectors.chain(5, &[END_OF_CHAIN; 6], usize::MAX), None);
    }

    #[test]
    fn a_declared_dimension_past_the_cell_limit_is_refused() {
        let mut bytes = inkar();
        assert!(fits(&bytes, &Limits::default()));
        // The sheet's DIMENSIONS record (type 0x0200, 14 bytes): declare 16 million rows.
        let at = bytes
            .windows(4)
            .position(|w| w == [0x00, 0x02, 0x0E, 0x00])
            .expect("DIMENSIONS record");
        bytes[at + 8..at + 12].copy_from_slice(&0x00FF_FFFFu32.to_le_bytes());
        assert!(!fits(&bytes, &Limits::default()));
        // First row after the last: calamine would underflow.
        bytes[at + 8..at + 12].copy_from_slice(&3u32.to_le_bytes());
        bytes[at + 4..at + 8].copy_from_slice(&5u32.to_le_bytes());
        assert!(!fits(&bytes, &Limits::default()));
    }
}
