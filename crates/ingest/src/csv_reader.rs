//! CSV as offices save it: the separator (`,` `;` tab, or Excel's `sep=` line) and decimal mark
//! are detected, RFC 4180 quoting is parsed by the `csv` crate's strict streaming reader (flexible
//! row lengths, so ragged rows reach the report), and an unterminated quote is found before it
//! swallows the rest of the file.

use crate::context::IngestContext;
use crate::detect::decode;
use crate::limits::Limits;
use crate::number::MarkVotes;
use crate::pipeline::Pipeline;
use crate::report::{Code, DecimalMark, Format, ValidationReport, issue};
use crate::table::Cell;

/// Reads CSV bytes into the pipeline's report and observations.
pub(crate) fn read(
    bytes: &[u8],
    ctx: &IngestContext<'_>,
    limits: &Limits,
    mut report: ValidationReport,
) -> (Vec<vergleich_domain::Observation>, ValidationReport) {
    report.format = Format::Csv;
    let (text, encoding) = match decode(bytes) {
        Ok(decoded) => decoded,
        Err(issue) => {
            report.push(issue);
            return (Vec::new(), report);
        }
    };
    report.encoding = Some(encoding);
    let (body, separator) = match explicit_separator(&text) {
        Some((sep, rest)) => (rest, sep),
        None => (&*text, sniff_separator(&text)),
    };
    report.separator = Some(separator as char);
    if let Some(row) = unterminated_quote(body.as_bytes(), separator) {
        report.push(issue(Code::FormatError).row(row).msg(
            "Ein Anführungszeichen wird geöffnet, aber nie geschlossen. Bitte das fehlende \" ergänzen.",
            "A quote is opened but never closed. Add the missing \".",
        ));
    }
    let mark = guess_mark(body, separator);
    report.decimal_mark = Some(mark);
    let mut pipeline = Pipeline::new(ctx, limits, mark, report);
    let mut reader = builder(separator).from_reader(body.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut index = 0usize;
    // The csv crate skips blank lines; a spreadsheet shows them as rows. Only files that have
    // blank lines pay for counting them.
    let has_blank_lines = body.starts_with(['\n', '\r'])
        || ["\n\n", "\r\r", "\n\r\n"].iter().any(|p| body.contains(p));
    let (mut row, mut previous_start) = (0usize, 0usize);
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(err) => {
                pipeline
                    .report
                    .push(issue(Code::FormatError).row(index + 1).msg(
                        format!("Die CSV-Zeile ist fehlerhaft: {err}"),
                        format!("The CSV row is malformed: {err}"),
                    ));
                break;
            }
        }
        index += 1;
        if has_blank_lines {
            // The reported position precedes the blank lines the reader skipped: step over them.
            let reported = record
                .position()
                .map_or(previous_start, |p| p.byte() as usize);
            let skipped = body.as_bytes().get(reported..).unwrap_or_default();
            let start = reported
                + skipped
                    .iter()
                    .take_while(|b| matches!(b, b'\n' | b'\r'))
                    .count();
            let between = body
                .as_bytes()
                .get(previous_start..start)
                .unwrap_or_default();
            row += line_breaks(between, separator).max(usize::from(index > 1));
            if index == 1 {
                row += 1;
            }
            previous_start = start;
        } else {
            row = index;
        }
        let cells: Vec<Cell<'_>> = record
            .iter()
            .map(|f| {
                if f.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(f)
                }
            })
            .collect();
        let go_on = if index == 1 {
            pipeline.header(row, &cells)
        } else {
            pipeline.row(row, &cells)
        };
        if !go_on {
            break;
        }
    }
    pipeline.finish()
}

fn builder(separator: u8) -> csv::ReaderBuilder {
    let mut builder = csv::ReaderBuilder::new();
    builder
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .quoting(true)
        .double_quote(true);
    builder
}

/// Excel's first line `sep=;` names the separator.
pub(crate) fn explicit_separator(text: &str) -> Option<(u8, &str)> {
    let rest = text.strip_prefix("sep=")?;
    let sep = *rest.as_bytes().first()?;
    let after = rest.get(1..)?;
    let after = after
        .strip_prefix("\r\n")
        .or_else(|| after.strip_prefix('\n'))
        .or_else(|| after.strip_prefix('\r'))?;
    matches!(sep, b';' | b',' | b'\t' | b'|').then_some((sep, after))
}

/// The candidate that splits the first line (outside quotes) most often; `;` wins ties, as German
/// Excel writes it.
pub(crate) fn sniff_separator(text: &str) -> u8 {
    let mut counts = [(b';', 0usize), (b'\t', 0), (b',', 0)];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if !quoted => {
                for (sep, count) in &mut counts {
                    if b == *sep {
                        *count += 1;
                    }
                }
            }
            _ => {}
        }
    }
    let best = counts
        .iter()
        .fold((b';', 0), |best, c| if c.1 > best.1 { *c } else { best });
    best.0
}

/// The 1-based record where a quoted field opens and never closes, following RFC 4180: a quote
/// opens a field only at its start; inside, `""` is a literal quote.
fn unterminated_quote(bytes: &[u8], separator: u8) -> Option<usize> {
    let mut record = 1usize;
    let mut at_field_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if at_field_start && b == b'"' {
            let opened = record;
            i += 1;
            loop {
                match bytes.get(i) {
                    None => return Some(opened),
                    Some(b'"') if bytes.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => break,
                    Some(_) => i += 1,
                }
            }
            at_field_start = false;
        } else if b == separator {
            at_field_start = true;
        } else if b == b'\n' || b == b'\r' {
            if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            record += 1;
            at_field_start = true;
        } else {
            at_field_start = false;
        }
        i += 1;
    }
    None
}

/// Record terminators outside quotes (`\r\n` counts once) in a slice that starts at a record.
fn line_breaks(bytes: &[u8], separator: u8) -> usize {
    let (mut breaks, mut quoted, mut at_field_start) = (0, false, true);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if quoted {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
        } else if b == b'"' && at_field_start {
            quoted = true;
        } else if b == b'\n' || b == b'\r' {
            if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            breaks += 1;
            at_field_start = true;
            i += 1;
            continue;
        }
        at_field_start = b == separator;
        i += 1;
    }
    breaks
}

/// Votes over the first rows' cells; with no evidence, `;` files use a comma and others a point.
fn guess_mark(body: &str, separator: u8) -> DecimalMark {
    let mut votes = MarkVotes::default();
    let mut reader = builder(separator).from_reader(body.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut seen = 0;
    while seen < 2_000 && reader.read_record(&mut record).unwrap_or(false) {
        seen += 1;
        for field in record.iter() {
            votes.observe(field);
        }
    }
    let fallback = if separator == b';' {
        DecimalMark::Comma
    } else {
        DecimalMark::Point
    };
    votes.decide(fallback)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separator_is_sniffed_outside_quotes_with_semicolon_winning_ties() {
        assert_eq!(sniff_separator("a;b;c\n1,5;2;3"), b';');
        assert_eq!(sniff_separator("a,b,c\n"), b',');
        assert_eq!(sniff_separator("a\tb\tc"), b'\t');
        assert_eq!(sniff_separator("\"a;b;c\",d,e"), b',');
        assert_eq!(sniff_separator("a"), b';');
    }

    #[test]
    fn excel_sep_line_names_the_separator() {
        assert_eq!(explicit_separator("sep=,\r\na,b"), Some((b',', "a,b")));
        assert_eq!(explicit_separator("a;b"), None);
    }

    #[test]
    fn unterminated_quote_is_found_with_its_record() {
        assert_eq!(unterminated_quote(b"a;b\n1;\"x\n2;3", b';'), Some(2));
        assert_eq!(unterminated_quote(b"a;b\n1;\"x\ny\";3\n", b';'), None);
        assert_eq!(unterminated_quote(b"a;b\n1;\"x\"\"y\"\n", b';'), None);
        assert_eq!(unterminated_quote(b"a;b\n1;x\"y\n", b';'), None);
    }
}
