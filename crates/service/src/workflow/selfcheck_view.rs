//! A Selbstcheck round as read: per field its score with coverage, per item the raters'
//! median, spread and consensus (the distribution only where the reader may see it), and the
//! reader's own answers and progress ("34 von 108 beantwortet, 5 übersprungen").

use serde::Serialize;
use utoipa::ToSchema;
use vergleich_domain::Field;
use vergleich_domain::selfcheck::scoring::DEFAULT_COVERAGE;
use vergleich_domain::selfcheck::{
    Answer, Consensus, FieldScore, MIN_CELL, Questionnaire, field_score, item_result,
};
use vergleich_store::selfcheck::{Rater, Round, StoredAnswer};

use super::selfcheck::distribution_shown;

/// The reader's own progress in a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct Progress {
    /// Items answered on the scale.
    pub answered: usize,
    pub skipped: usize,
    pub dont_know: usize,
    /// Items of the questionnaire.
    pub of: usize,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ItemShown {
    pub id: String,
    pub subtopic: String,
    pub text_de: String,
    pub text_en: String,
    pub help_de: String,
    pub help_en: String,
    pub weight: f64,
    /// Raters with an answer on the scale.
    pub answered: usize,
    pub skipped: usize,
    pub dont_know: usize,
    pub median: Option<f64>,
    pub iqr: Option<f64>,
    #[schema(value_type = String)]
    pub consensus: Consensus,
    /// Answers per level 0–3; `None` where fewer than three raters answered and the reader is
    /// outside the member (who answered what could be told).
    pub distribution: Option<[usize; 4]>,
    /// The reader's own answer and evidence.
    #[schema(value_type = Option<String>)]
    pub mine: Option<Answer>,
    pub my_evidence: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldResult {
    pub field: String,
    pub label_de: String,
    pub label_en: String,
    /// 0–100 with coverage; no number below the coverage threshold.
    #[schema(value_type = Object)]
    pub score: FieldScore,
    pub items: Vec<ItemShown>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RoundView {
    #[schema(value_type = Object)]
    pub round: Round,
    pub title_de: String,
    pub title_en: String,
    pub raters: usize,
    /// The reader's progress, when they are a rater of this round.
    pub mine: Option<Progress>,
    /// The reader's department as given before (prefilled in the form).
    pub my_department: Option<String>,
    pub fields: Vec<FieldResult>,
    /// Distributions over fewer raters than this are hidden outside the member.
    pub min_cell: usize,
}

pub(crate) fn view(
    round: Round,
    q: &Questionnaire,
    fields: &[Field],
    raters: &[Rater],
    answers: &[StoredAnswer],
    me: Option<i64>,
    insider: bool,
) -> RoundView {
    let mut mine = me.map(|_| Progress {
        answered: 0,
        skipped: 0,
        dont_know: 0,
        of: q.items.len(),
    });
    let mut results = Vec::new();
    for f in fields {
        let items: Vec<ItemShown> = q
            .items_of(&f.id)
            .map(|item| {
                let given: Vec<Answer> = answers
                    .iter()
                    .filter(|a| a.item == item.id)
                    .map(|a| a.answer)
                    .collect();
                let r = item_result(&given);
                let own = me.and_then(|me| {
                    answers
                        .iter()
                        .find(|a| a.rater_id == me && a.item == item.id)
                });
                if let (Some(p), Some(a)) = (mine.as_mut(), own) {
                    match a.answer {
                        Answer::Level(_) => p.answered += 1,
                        Answer::Skipped => p.skipped += 1,
                        Answer::DontKnow => p.dont_know += 1,
                    }
                }
                ItemShown {
                    id: item.id.to_string(),
                    subtopic: item.subtopic.clone(),
                    text_de: item.text_de.clone(),
                    text_en: item.text_en.clone(),
                    help_de: item.help_de.clone(),
                    help_en: item.help_en.clone(),
                    weight: item.weight,
                    answered: r.answered,
                    skipped: r.skipped,
                    dont_know: r.dont_know,
                    median: r.median,
                    iqr: r.iqr,
                    consensus: r.consensus,
                    distribution: distribution_shown(insider, r.answered).then_some(r.counts),
                    mine: own.map(|a| a.answer),
                    my_evidence: own.and_then(|a| a.evidence.clone()),
                }
            })
            .collect();
        if items.is_empty() {
            continue;
        }
        let scored: Vec<(f64, Option<f64>)> = items.iter().map(|i| (i.weight, i.median)).collect();
        results.push(FieldResult {
            field: f.id.to_string(),
            label_de: f.label_de.clone(),
            label_en: f.label_en.clone(),
            score: field_score(&scored, DEFAULT_COVERAGE),
            items,
        });
    }
    RoundView {
        round,
        title_de: q.title_de.clone(),
        title_en: q.title_en.clone(),
        raters: raters.len(),
        mine,
        my_department: me
            .and_then(|me| raters.iter().find(|r| r.id == me))
            .and_then(|r| r.department.clone()),
        fields: results,
        min_cell: MIN_CELL,
    }
}

impl super::Workflow<'_> {
    /// The member's rounds this reader may see: published ones for everyone, rounds in work for
    /// the member's users and managers and admins.
    pub async fn selfcheck_rounds(
        &self,
        principal: &super::Principal,
        member: &vergleich_domain::Ags,
    ) -> crate::error::Result<Vec<Round>> {
        let insider = principal.insider(member);
        Ok(self
            .store
            .rounds(member)
            .await?
            .into_iter()
            .filter(|r| insider || r.state == vergleich_store::selfcheck::RoundState::Published)
            .collect())
    }
}

/// The columns of the questionnaire template, German and English; the upload reads either.
const TEMPLATE: [(&str, &str); 6] = [
    ("ID", "ID"),
    ("Handlungsfeld", "Field"),
    ("Thema", "Topic"),
    ("Frage", "Item"),
    ("Antwort", "Answer"),
    ("Beleg", "Evidence"),
];

/// The questionnaire of a round as a table to fill in (XLSX or CSV), with the reader's answers
/// so far; the answer column takes 0–3, übersprungen or weiß nicht.
pub fn template(view: &RoundView, lang: vergleich_domain::format::Lang) -> crate::table::Table {
    use crate::table::{Cell, Column, Table};
    let columns = TEMPLATE
        .iter()
        .map(|(de, en)| Column::new(*de, *en))
        .collect();
    let rows = view
        .fields
        .iter()
        .flat_map(|f| {
            f.items.iter().map(move |i| {
                vec![
                    Cell::Text(i.id.clone()),
                    Cell::Text(lang.pick(&f.label_de, &f.label_en).to_owned()),
                    Cell::Text(i.subtopic.clone()),
                    Cell::Text(lang.pick(&i.text_de, &i.text_en).to_owned()),
                    i.mine.map_or(Cell::Empty, |a| match a {
                        Answer::Level(l) => Cell::Number(f64::from(l)),
                        other => {
                            Cell::Text(lang.pick(other.label_de(), other.label_en()).to_owned())
                        }
                    }),
                    i.my_evidence.clone().map_or(Cell::Empty, Cell::Text),
                ]
            })
        })
        .collect();
    let mut table = Table::new(columns, rows);
    table.meta = vec![
        (
            lang.pick("Runde", "Round").to_owned(),
            format!("{} – {}", view.round.label, lang.pick(&view.title_de, &view.title_en)),
        ),
        (
            lang.pick("Antworten", "Answers").to_owned(),
            lang.pick(
                "0 nicht vorhanden, 1 geplant, 2 teilweise umgesetzt, 3 umgesetzt und verankert, übersprungen, weiß nicht; leer lassen = nicht beantwortet. ID nicht ändern.",
                "0 not in place, 1 planned, 2 partly implemented, 3 implemented and embedded, skipped, don't know; leave empty = not answered. Do not change the ID.",
            )
            .to_owned(),
        ),
    ];
    table
}

/// The answers of a filled template: every row with an answer, with its spreadsheet row (the
/// CSV's `#` lines and the header skipped). `Err` names what is wrong with the header.
pub fn template_answers(
    rows: &[vergleich_ingest::plain::PlainRow],
) -> Result<Vec<(usize, super::selfcheck::AnswerInput)>, String> {
    let start = rows
        .iter()
        .position(|r| !r.cells.first().is_some_and(|c| c.starts_with('#')))
        .unwrap_or(rows.len());
    let Some((header, body)) = rows[start..].split_first() else {
        return Err("empty".to_owned());
    };
    let find = |i: usize| {
        let (de, en) = TEMPLATE[i];
        header
            .cells
            .iter()
            .position(|c| c.eq_ignore_ascii_case(de) || c.eq_ignore_ascii_case(en))
    };
    let (Some(id), Some(answer)) = (find(0), find(4)) else {
        return Err("header".to_owned());
    };
    let evidence = find(5);
    Ok(body
        .iter()
        .filter_map(|r| {
            let cell = |c: usize| {
                r.cells
                    .get(c)
                    .map(|s| s.trim().to_owned())
                    .unwrap_or_default()
            };
            let given = cell(answer);
            (!given.is_empty()).then(|| {
                (
                    r.row,
                    super::selfcheck::AnswerInput {
                        item: cell(id),
                        answer: given,
                        evidence: evidence.map(cell).filter(|e| !e.is_empty()),
                    },
                )
            })
        })
        .collect())
}

impl super::Workflow<'_> {
    /// Stores the answers of a filled template (XLSX, CSV or ODS) like the form does, all or
    /// nothing; every problem names the spreadsheet's row and column.
    pub async fn upload_selfcheck_template(
        &self,
        principal: &super::Principal,
        round: i64,
        department: Option<&str>,
        bytes: &[u8],
    ) -> crate::error::Result<usize> {
        use crate::error::{Error, ErrorDetail};
        // Who may answer this round is settled before the file is read.
        let (_, member) = self.selfcheck_member(principal)?;
        self.own_round(&member, round).await?;
        let rows = vergleich_ingest::plain::plain_rows(bytes, self.limits).map_err(|issue| {
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
        let answers = template_answers(&rows).map_err(|_| {
            Error::invalid(vec![ErrorDetail::parameter(
                "file",
                "",
                "Die Kopfzeile braucht die Spalten „ID“ und „Antwort“; bitte die heruntergeladene Vorlage verwenden.",
                "The header needs the columns \"ID\" and \"Answer\"; use the downloaded template.",
            )])
        })?;
        let (file_rows, input): (Vec<usize>, Vec<_>) = answers.into_iter().unzip();
        match self
            .answer_selfcheck(principal, round, department, &input)
            .await
        {
            // The answers' positions become the spreadsheet's rows, the columns its names.
            Err(mut e) if e.code == crate::error::ErrorCode::InvalidParameter => {
                for d in &mut e.errors {
                    if let Some(r) = d.row {
                        d.row = file_rows.get(r - 1).copied();
                    }
                    d.column = d.column.as_deref().map(|c| {
                        match c {
                            "item" => "ID",
                            "answer" => "Antwort",
                            "evidence" => "Beleg",
                            other => other,
                        }
                        .to_owned()
                    });
                }
                Err(e)
            }
            other => other,
        }
    }
}
