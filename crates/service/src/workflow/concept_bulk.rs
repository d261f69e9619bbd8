//! The bulk update of a concept's measures (issue #13 item 7), because updating measures one by
//! one is what kills such tools in practice: the measures of a version as a table (CSV or XLSX)
//! to edit in a spreadsheet, and that table uploaded back. Status, progress, start, end and
//! owner are taken from it; every row names its concept (`Konzept` = `AGS/Fassung`), so a file
//! of another concept is refused. All or nothing: one bad cell and nothing is stored, with every
//! problem named by row, column and fix. Status changes land in each measure's timeline.
//!
//! A published version takes this update too: the council adopts the measures, and reporting
//! how far they are is not a change of that decision (goals, targets and texts of a published
//! version never change; the audit entry names the measures that did).

use chrono::NaiveDate;
use chrono::Utc;
use vergleich_domain::concept::MeasureStatus;
use vergleich_domain::format::Lang;
use vergleich_ingest::plain::{PlainRow, plain_rows};
use vergleich_store::{ConceptEdit, ConceptState, ConceptVersion};

use super::{Principal, Workflow};
use crate::error::{Error, ErrorDetail, Result};
use crate::table::{Cell, Column, Table};

/// The columns, German and English; the upload reads either.
const COLUMNS: [(&str, &str); 9] = [
    ("Konzept", "Concept"),
    ("ID", "ID"),
    ("Maßnahme", "Measure"),
    ("Status", "Status"),
    ("Fortschritt (%)", "Progress (%)"),
    ("Beginn", "Start"),
    ("Ende", "End"),
    ("Verantwortlich", "Owner"),
    ("Ziele", "Goals"),
];

/// What the `Konzept` column holds for a version.
pub fn concept_ref(version: &ConceptVersion) -> String {
    format!("{}/{}", version.municipality, version.label)
}

/// The measures of a version as the table to edit (`lang` names the columns and statuses).
pub fn measures_table(version: &ConceptVersion, lang: Lang) -> Table {
    let columns = COLUMNS
        .iter()
        .map(|(de, en)| Column::new(*de, *en))
        .collect();
    let reference = concept_ref(version);
    let date = |d: Option<NaiveDate>| d.map_or(Cell::Empty, |d| Cell::Text(d.to_string()));
    let rows = version
        .content
        .measures
        .iter()
        .map(|m| {
            vec![
                Cell::Text(reference.clone()),
                Cell::Number(m.id as f64),
                Cell::Text(m.title.clone()),
                Cell::Text(
                    lang.pick(m.status.label_de(), m.status.label_en())
                        .to_owned(),
                ),
                m.progress.map_or(Cell::Empty, Cell::Number),
                date(m.start),
                date(m.end),
                m.owner.clone().map_or(Cell::Empty, Cell::Text),
                Cell::Text(
                    m.goals
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            ]
        })
        .collect();
    let mut table = Table::new(columns, rows);
    table.meta = vec![
        (
            lang.pick("Konzept", "Concept").to_owned(),
            format!("{} – {}", reference, version.title),
        ),
        (
            lang.pick("Bearbeiten", "Editing").to_owned(),
            lang.pick(
                "Status, Fortschritt (0–100), Beginn, Ende (JJJJ-MM-TT oder TT.MM.JJJJ) und Verantwortlich ändern, dann die Datei auf der Konzeptseite hochladen. ID und Konzept nicht ändern.",
                "Change status, progress (0–100), start, end (YYYY-MM-DD or DD.MM.YYYY) and owner, then upload the file on the concept page. Do not change ID and concept.",
            )
            .to_owned(),
        ),
        (
            lang.pick("Status", "Statuses").to_owned(),
            MeasureStatus::ALL
                .iter()
                .map(|s| lang.pick(s.label_de(), s.label_en()))
                .collect::<Vec<_>>()
                .join(", "),
        ),
    ];
    table
}

fn problem(row: usize, column: &str, value: &str, de: String, en: String) -> ErrorDetail {
    ErrorDetail {
        code: "invalid-measure-row".to_owned(),
        parameter: None,
        row: Some(row),
        column: Some(column.to_owned()),
        value: Some(value.to_owned()),
        message_de: de,
        message_en: en,
    }
}

/// A date as people type it: `2024-03-01`, `01.03.2024`, or an Excel serial day number.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%d.%m.%Y"))
        .ok()
        .or_else(|| {
            let serial: i64 = t.parse().ok().filter(|n| (20_000..=80_000).contains(n))?;
            NaiveDate::from_ymd_opt(1899, 12, 30)?
                .checked_add_signed(chrono::Duration::days(serial))
        })
}

/// A percentage as typed: `40`, `40 %`, `40,5`.
fn parse_progress(text: &str) -> Option<f64> {
    let t = text.trim().trim_end_matches('%').trim().replace(',', ".");
    t.parse::<f64>().ok().filter(|p| p.is_finite())
}

/// Applies the rows to `version`'s measures; every problem, or the number of rows applied.
fn apply(
    version: &mut ConceptVersion,
    rows: &[PlainRow],
) -> std::result::Result<usize, Vec<ErrorDetail>> {
    let mut problems = Vec::new();
    // The CSV's metadata lines (`# Konzept;…`) come before the header.
    let start = rows
        .iter()
        .position(|r| !r.cells.first().is_some_and(|c| c.starts_with('#')))
        .unwrap_or(rows.len());
    let Some((header, body)) = rows[start..].split_first() else {
        return Err(vec![problem(
            1,
            "",
            "",
            "Die Datei ist leer; bitte die heruntergeladene Tabelle verwenden.".into(),
            "The file is empty; use the downloaded table.".into(),
        )]);
    };
    let find = |i: usize| {
        let (de, en) = COLUMNS[i];
        header.cells.iter().position(|c| {
            let c = c.trim().to_lowercase();
            c == de.to_lowercase() || c == en.to_lowercase()
        })
    };
    let (Some(concept_col), Some(id_col)) = (find(0), find(1)) else {
        return Err(vec![problem(header.row, "", "", "Die Kopfzeile braucht die Spalten „Konzept“ und „ID“; bitte die heruntergeladene Tabelle verwenden.".into(), "The header needs the columns \"Concept\" and \"ID\"; use the downloaded table.".into())]);
    };
    let [status_col, progress_col, start_col, end_col, owner_col] = [3, 4, 5, 6, 7].map(find);
    let reference = concept_ref(version);
    let mut seen = std::collections::HashSet::new();
    for r in body {
        let cell = |c: Option<usize>| c.and_then(|c| r.cells.get(c)).map(String::as_str);
        let name = |i: usize| COLUMNS[i].0;
        let concept = cell(Some(concept_col)).unwrap_or("");
        if concept != reference {
            problems.push(problem(r.row, name(0), concept, format!("Die Zeile gehört zum Konzept „{concept}“, hochgeladen wurde sie für „{reference}“. Bitte die Tabelle dieses Konzepts verwenden."), format!("The row belongs to concept \"{concept}\" but was uploaded for \"{reference}\". Use this concept's table.")));
            continue;
        }
        let raw_id = cell(Some(id_col)).unwrap_or("");
        let Some(m) = raw_id
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|id| version.content.measures.iter_mut().find(|m| m.id == id))
        else {
            problems.push(problem(r.row, name(1), raw_id, format!("Eine Maßnahme „{raw_id}“ gibt es in dieser Fassung nicht; neue Maßnahmen bitte im Formular anlegen."), format!("There is no measure \"{raw_id}\" in this version; add new measures in the form.")));
            continue;
        };
        if !seen.insert(m.id) {
            problems.push(problem(
                r.row,
                name(1),
                raw_id,
                format!(
                    "Die Maßnahme {raw_id} steht zweimal in der Datei; bitte eine Zeile löschen."
                ),
                format!("Measure {raw_id} appears twice in the file; delete one row."),
            ));
            continue;
        }
        if let Some(text) = cell(status_col) {
            match MeasureStatus::parse(text) {
                Ok(s) => m.status = s,
                Err(e) => problems.push(problem(
                    r.row,
                    name(3),
                    text,
                    e.message_de(),
                    e.message_en(),
                )),
            }
        }
        if let Some(text) = cell(progress_col) {
            if text.trim().is_empty() {
                m.progress = None;
            } else {
                match parse_progress(text).filter(|p| (0.0..=100.0).contains(p)) {
                    Some(p) => m.progress = Some(p),
                    None => problems.push(problem(
                        r.row,
                        name(4),
                        text,
                        format!("„{text}“ ist kein Fortschritt zwischen 0 und 100."),
                        format!("\"{text}\" is no progress between 0 and 100."),
                    )),
                }
            }
        }
        for (col, i, slot) in [(start_col, 5, &mut m.start), (end_col, 6, &mut m.end)] {
            if let Some(text) = cell(col) {
                if text.trim().is_empty() {
                    *slot = None;
                } else {
                    match parse_date(text) {
                        Some(d) => *slot = Some(d),
                        None => problems.push(problem(r.row, name(i), text, format!("„{text}“ ist kein Datum; bitte JJJJ-MM-TT oder TT.MM.JJJJ schreiben."), format!("\"{text}\" is no date; write YYYY-MM-DD or DD.MM.YYYY."))),
                    }
                }
            }
        }
        if let (Some(start), Some(end)) = (m.start, m.end)
            && end < start
        {
            problems.push(problem(
                r.row,
                name(6),
                &end.to_string(),
                format!("Das Ende {end} liegt vor dem Beginn {start}."),
                format!("The end {end} lies before the start {start}."),
            ));
        }
        if let Some(text) = cell(owner_col) {
            m.owner = (!text.trim().is_empty()).then(|| text.trim().to_owned());
        }
    }
    if problems.is_empty() {
        Ok(seen.len())
    } else {
        Err(problems)
    }
}

impl Workflow<'_> {
    /// Updates the measures of a draft from an edited table; all or nothing. Returns the
    /// version as stored and how many rows were applied.
    pub async fn bulk_update_measures(
        &self,
        principal: &Principal,
        id: i64,
        bytes: &[u8],
    ) -> Result<(ConceptVersion, usize)> {
        let (user, member) = self.concept_editor(principal)?;
        let mut version = self.own_version(&member, id).await?;
        let rows = plain_rows(bytes, self.limits).map_err(|issue| {
            Error::invalid(vec![ErrorDetail {
                code: "unreadable-file".to_owned(),
                parameter: Some("file".to_owned()),
                row: issue.row,
                column: None,
                value: issue.value.clone(),
                message_de: issue.message_de.clone(),
                message_en: issue.message_en.clone(),
            }])
        })?;
        let before = version.content.clone();
        let applied = apply(&mut version, &rows).map_err(Error::invalid)?;
        if version.state == ConceptState::Draft {
            let edit = ConceptEdit {
                title: version.title,
                adopted_on: version.adopted_on,
                review_on: version.review_on,
                document_url: version.document_url,
                content: version.content,
            };
            let stored = self.edit_concept_version(principal, id, edit).await?;
            return Ok((stored, applied));
        }
        // A published version takes the measures' tracking only (what `apply` touches).
        super::concepts::stamp(
            &mut version.content,
            &before,
            &user.name,
            Utc::now().date_naive(),
        );
        let changed: Vec<String> = version
            .content
            .measures
            .iter()
            .filter(|m| before.measures.iter().any(|b| b.id == m.id && b != *m))
            .map(|m| m.id.to_string())
            .collect();
        let detail = format!(
            "{} {}: Maßnahmen {}",
            version.municipality,
            version.label,
            changed.join(", ")
        );
        let stored = self
            .store
            .update_concept_tracking(id, &version.content, &detail, &principal.actor())
            .await?;
        Ok((stored, applied))
    }
}
