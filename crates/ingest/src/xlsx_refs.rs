//! The cell references of an XLSX container, checked before calamine parses them (the zip guard
//! runs this over every entry it reads). calamine 0.38 adds up a reference's letters and digits
//! in unchecked `u32` arithmetic and subtracts a dimension's corners unchecked: a reference of
//! seven letters, or `B2:A1`, panics where overflow checks are on and, in a release build, puts
//! the cell somewhere the file never said (tafia/calamine#694). So `row r`, `c r` and
//! `dimension ref` are followed the way calamine reads them: one that would overflow is refused,
//! and a cell or row past row 1,048,576 or column XFD is refused as ODS cells there are.
//!
//! Every entry is read, not only the worksheets: calamine finds those through the workbook's
//! relationships, which a crafted file points anywhere. A part that is not XML ends its scan at
//! the first syntax error, where calamine's reading of it would end too.

use std::io::BufRead;

use quick_xml::events::{BytesStart, Event};

use crate::ods_content::{MAX_COLUMNS, MAX_ROWS, Outside};

/// Why a container is refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refused {
    /// A reference calamine cannot add up or subtract: the offending text.
    Invalid(String),
    /// A cell or row past the grid, 0-based.
    Outside(Outside),
    /// The entry cannot be read (a broken stream, a wrong checksum).
    Unreadable(String),
}

/// How calamine's `get_row_and_optional_column` ends on `text`: letters (base 26), then digits.
#[derive(Debug, PartialEq, Eq)]
enum Parsed {
    Overflow,
    /// calamine returns an error of its own: nothing to guard.
    Error,
    /// 1-based; `col` 0 when there are no letters.
    Cell {
        row: u64,
        col: u64,
    },
}

fn parse(text: &str) -> Parsed {
    let (mut col, mut row) = (0u32, 0u32);
    let letters = text.bytes().take_while(u8::is_ascii_alphabetic).count();
    for b in text.bytes().take(letters) {
        let digit = u32::from(b.to_ascii_uppercase() - b'A') + 1;
        match col.checked_mul(26).and_then(|c| c.checked_add(digit)) {
            Some(c) => col = c,
            None => return Parsed::Overflow,
        }
    }
    for b in text.bytes().skip(letters) {
        if !b.is_ascii_digit() {
            return Parsed::Error;
        }
        match row
            .checked_mul(10)
            .and_then(|r| r.checked_add(u32::from(b - b'0')))
        {
            Some(r) => row = r,
            None => return Parsed::Overflow,
        }
    }
    match row {
        0 => Parsed::Error,
        _ => Parsed::Cell {
            row: row.into(),
            col: col.into(),
        },
    }
}

fn invalid(text: &str) -> Refused {
    Refused::Invalid(text.chars().take(24).collect())
}

/// `cell`: a `c` element, whose column counts; else a `row`, whose letters calamine ignores.
fn check_position(text: &str, cell: bool) -> Result<(), Refused> {
    match parse(text) {
        Parsed::Overflow => Err(invalid(text)),
        Parsed::Cell { row, col } if row > MAX_ROWS || (cell && col > MAX_COLUMNS) => {
            let col = if cell { col.saturating_sub(1) } else { 0 };
            Err(Refused::Outside(Outside {
                sheet: None,
                row: row - 1,
                col,
            }))
        }
        _ => Ok(()),
    }
}

fn check_dimension(text: &str) -> Result<(), Refused> {
    let mut corners = Vec::new();
    for part in text.split(':') {
        match parse(part) {
            Parsed::Overflow => return Err(invalid(text)),
            Parsed::Cell { row, col } if col > 0 => corners.push((row, col)),
            // calamine stops at the first corner it cannot read.
            _ => return Ok(()),
        }
    }
    match corners[..] {
        [(r0, c0), (r1, c1)] if r1 < r0 || c1 < c0 => Err(invalid(text)),
        _ => Ok(()),
    }
}

fn check_element(e: &BytesStart<'_>) -> Result<(), Refused> {
    let name = e.local_name();
    let key = match name.as_ref() {
        "c" | "row" => "r",
        "dimension" => "ref",
        _ => return Ok(()),
    };
    // Every attribute of that name: calamine's own attribute reader may pick another duplicate.
    for attr in e.attributes().with_checks(false).flatten() {
        if attr.key.as_ref() == key {
            match name.as_ref() {
                "dimension" => check_dimension(&attr.value)?,
                cell_or_row => check_position(&attr.value, cell_or_row == "c")?,
            }
        }
    }
    Ok(())
}

/// Reads one entry to its end or its first syntax error.
pub(crate) fn check<R: BufRead>(input: R) -> Result<(), Refused> {
    let mut reader = quick_xml::Reader::from_reader(input);
    // As calamine configures its reader, so both see the same elements.
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => check_element(&e)?,
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(quick_xml::Error::Io(e)) => return Err(Refused::Unreadable(e.to_string())),
            Err(_) => return Ok(()),
        }
        buf.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(body: &str) -> Result<(), Refused> {
        check(format!("<worksheet>{body}</worksheet>").as_bytes())
    }

    #[test]
    fn references_are_added_up_as_calamine_does_without_overflowing() {
        assert_eq!(parse("A1"), Parsed::Cell { row: 1, col: 1 });
        assert_eq!(
            parse("xfd1048576"),
            Parsed::Cell {
                row: 1_048_576,
                col: 16_384
            }
        );
        assert_eq!(
            parse("ZZZZZZ1"),
            Parsed::Cell {
                row: 1,
                col: 321_272_406
            }
        );
        assert_eq!(parse("ZZZZZZZ1"), Parsed::Overflow);
        assert_eq!(parse("version="), Parsed::Overflow);
        assert_eq!(parse("A4294967296"), Parsed::Overflow);
        assert_eq!(parse("A0"), Parsed::Error);
        assert_eq!(parse("A1B"), Parsed::Error);
    }

    #[test]
    fn cells_and_rows_up_to_xfd1048576_pass_and_one_past_is_refused() {
        let edge = r#"<dimension ref="A1:XFD1048576"/><sheetData><row r="1048576"><c r="XFD1048576"/></row></sheetData>"#;
        assert_eq!(sheet(edge), Ok(()));
        let outside = |row, col| {
            Err(Refused::Outside(Outside {
                sheet: None,
                row,
                col,
            }))
        };
        assert_eq!(sheet(r#"<c r="XFE1"/>"#), outside(0, 16_384));
        assert_eq!(sheet(r#"<x:c r="A1048577"/>"#), outside(1_048_576, 0));
        assert_eq!(sheet(r#"<row r="1048577"/>"#), outside(1_048_576, 0));
        // calamine ignores a row's letters but still adds them up.
        assert_eq!(sheet(r#"<row r="XFE1"/>"#), Ok(()));
        assert_eq!(
            sheet(r#"<row r="version=1"/>"#),
            Err(Refused::Invalid("version=1".into()))
        );
    }

    #[test]
    fn dimensions_that_overflow_or_run_backwards_are_refused() {
        assert_eq!(sheet(r#"<dimension ref="A1:ZZZZ9"/>"#), Ok(()));
        assert_eq!(sheet(r#"<dimension ref="A:ZZZZZZZ1"/>"#), Ok(()));
        for bad in ["A1:ZZZZZZZ1", "B2:A3", "A2:B1"] {
            let xml = format!(r#"<dimension ref="{bad}"/>"#);
            assert_eq!(sheet(&xml), Err(Refused::Invalid(bad.into())), "{bad}");
        }
    }

    #[test]
    fn a_part_ends_its_scan_at_its_first_syntax_error_as_calamine_stops_there() {
        assert_eq!(
            check(&b"\x89PNG\r\n\x1a<!x><c r=\"ZZZZZZZZ1\"/>"[..]),
            Ok(())
        );
        // A mismatched end tag is no error to calamine's reader, so what follows still counts.
        assert_eq!(
            check(&b"<a></b><c r=\"ZZZZZZZZ1\"/>"[..]),
            Err(Refused::Invalid("ZZZZZZZZ1".into()))
        );
        assert_eq!(check(&b"</x><c r=\"ZZZZZZZZ1\"/>"[..]), Ok(()));
    }
}
