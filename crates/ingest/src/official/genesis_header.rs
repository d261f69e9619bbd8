//! The header block of a classic GENESIS table: which line holds the time (every value cell a
//! year or `31.12.yyyy`), which line names the time (`Stichtag`), and per value column its
//! variable, attributes and unit. With a `Label (Unit)` line in the title block, that label is the
//! variable and every other header line an attribute; without one, the first remaining header
//! line is the variable, the last the unit and those between attributes.

use crate::official::Series;
use crate::report::{Code, ColumnRef, Issue, issue};

/// Words GENESIS writes above the time line.
const TIME_WORDS: [&str; 6] = [
    "Stichtag",
    "Jahr",
    "Jahre",
    "Zeit",
    "Berichtsjahr",
    "Stichtage",
];

/// A cell as a time: `Some(Ok(year))`, `Some(Err(()))` for a date that is not 31 December.
pub(crate) fn parse_time(cell: &str) -> Option<Result<i32, ()>> {
    let cell = cell.trim();
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if cell.len() == 4 && all_digits(cell) {
        return cell.parse().ok().map(Ok);
    }
    let (day_month, year) = cell.split_at_checked(6)?;
    let bytes = day_month.as_bytes();
    let date_like = bytes.len() == 6
        && all_digits(&day_month[..2])
        && bytes[2] == b'.'
        && all_digits(&day_month[3..5])
        && bytes[5] == b'.'
        && year.len() == 4
        && all_digits(year);
    if !date_like {
        return None;
    }
    Some(if day_month == "31.12." {
        year.parse().map_err(|_| ())
    } else {
        Err(())
    })
}

pub(crate) fn time_error(row: usize, col: usize, text: &str) -> Issue {
    issue(Code::TypeError)
        .row(row)
        .at(Some(ColumnRef::new(col, "")))
        .value(text)
        .msg(
            "Gelesen werden Jahreswerte: ein Jahr (2023) oder der Stichtag 31.12. (31.12.2023). Bitte die Tabelle mit Jahreswerten herunterladen.",
            "Annual values are read: a year (2023) or the reference date 31 December (31.12.2023). Download the table with annual values.",
        )
}

/// `Label (Unit)`.
pub(crate) fn unit_line(text: &str) -> Option<(String, String)> {
    let inner = text.trim().strip_suffix(')')?;
    let (label, unit) = inner.rsplit_once(" (")?;
    (!label.trim().is_empty() && !unit.trim().is_empty())
        .then(|| (label.trim().to_owned(), unit.trim().to_owned()))
}

/// What the value columns mean, from the title block and the header block.
pub(crate) struct Columns {
    /// Per value column: the year from a header time line.
    pub(crate) years: Option<Vec<i32>>,
    pub(crate) series: Vec<Series>,
}

pub(crate) fn columns(
    header: &[(usize, csv::StringRecord)],
    lead: usize,
    unit: Option<&(String, String)>,
    unit_row: usize,
    statistic: &str,
    issues: &mut Vec<Issue>,
) -> Option<Columns> {
    let cells = |line: &csv::StringRecord| -> Vec<String> {
        line.iter()
            .skip(lead)
            .map(|c| c.trim().to_owned())
            .collect()
    };
    let time_line = header
        .iter()
        .position(|(_, line)| cells(line).iter().all(|c| parse_time(c).is_some()));
    let mut years = None;
    if let Some(t) = time_line {
        let (row, line) = &header[t];
        let mut out = Vec::new();
        for (j, c) in cells(line).iter().enumerate() {
            match parse_time(c) {
                Some(Ok(year)) => out.push(year),
                _ => {
                    issues.push(time_error(*row, lead + j, c));
                    return None;
                }
            }
        }
        years = Some(out);
    }
    let skip = |i: usize| {
        Some(i) == time_line
            || time_line == Some(i + 1)
                && cells(&header[i].1)
                    .iter()
                    .all(|c| TIME_WORDS.contains(&c.as_str()))
    };
    let rest: Vec<(usize, Vec<String>)> = header
        .iter()
        .enumerate()
        .filter(|(i, _)| !skip(*i))
        .map(|(_, (row, line))| (*row, cells(line)))
        .collect();
    let width = header
        .first()
        .map_or(0, |(_, l)| l.len().saturating_sub(lead));
    let mut series = Vec::with_capacity(width);
    for j in 0..width {
        let at = |k: usize| rest[k].1[j].clone();
        let (code, labels, unit, unit_at) = match unit {
            Some((label, unit)) => {
                let labels = (0..rest.len()).map(at).collect::<Vec<_>>();
                (label.clone(), labels, Some(unit.clone()), (unit_row, 0))
            }
            None if rest.len() >= 2 => {
                let last = rest.len() - 1;
                let labels = (1..last).map(at).collect();
                (at(0), labels, Some(at(last)), (rest[last].0, lead + j))
            }
            None if rest.len() == 1 => (at(0), Vec::new(), None, (rest[0].0, lead + j)),
            None => (statistic.to_owned(), Vec::new(), None, (unit_row, 0)),
        };
        let attributes: Vec<(String, String)> = labels
            .into_iter()
            .filter(|l| !l.is_empty())
            .map(|l| (String::new(), l))
            .collect();
        let label = std::iter::once(code.clone())
            .chain(attributes.iter().map(|(_, l)| l.clone()))
            .collect::<Vec<_>>()
            .join(", ");
        series.push(Series {
            code,
            attributes,
            label,
            unit,
            unit_at,
        });
    }
    Some(Columns { years, series })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn times_are_years_or_the_31st_of_december() {
        assert_eq!(parse_time("31.12.2021"), Some(Ok(2021)));
        assert_eq!(parse_time(" 2018 "), Some(Ok(2018)));
        assert_eq!(parse_time("30.06.2021"), Some(Err(())));
        assert_eq!(parse_time("Insgesamt"), None);
        assert_eq!(parse_time("31.12.21"), None);
        assert_eq!(parse_time("Stichtag"), None);
    }

    #[test]
    fn value_lines_give_label_and_unit() {
        assert_eq!(
            unit_line("Bevölkerungsstand (Anzahl)"),
            Some(("Bevölkerungsstand".into(), "Anzahl".into()))
        );
        assert_eq!(unit_line("Fortschreibung des Bevölkerungsstandes"), None);
        assert_eq!(unit_line("(Anzahl)"), None);
    }
}
