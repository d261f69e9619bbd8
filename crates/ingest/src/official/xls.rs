//! INKAR's legacy Excel export (`.xls`: BIFF8 in an OLE2 compound file), recognised from the
//! compound file's magic plus the INKAR header read through calamine, after the xls guard. Any
//! other `.xls` is refused as before (`detect::sniff`), so is one the guard or calamine rejects.

use std::io::Cursor;

use calamine::{Reader, Xls};

use crate::limits::Limits;
use crate::official::grid::{GridRow, from_range};
use crate::official::{inkar, xls_guard};

pub(crate) use xls_guard::MAGIC;

/// The cells of the first sheet that holds an INKAR export, if any.
pub(crate) fn inkar_sheet(bytes: &[u8], limits: &Limits) -> Option<Vec<GridRow>> {
    if !xls_guard::fits(bytes, limits) {
        return None;
    }
    // The guard covers what is known to break calamine's BIFF parser; a panic it did not foresee
    // still ends as "not an INKAR workbook", never as a crashed upload.
    let ranges = std::panic::catch_unwind(|| {
        let mut book = Xls::new(Cursor::new(bytes)).ok()?;
        Some(
            book.worksheets()
                .into_iter()
                .map(|(_, range)| range)
                .collect::<Vec<_>>(),
        )
    })
    .ok()
    .flatten()?;
    ranges
        .iter()
        .map(from_range)
        .find(|grid| grid.first().is_some_and(inkar::is_header))
}
