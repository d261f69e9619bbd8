//! The Selbstcheck workflow (issue #12): a municipality's users open a round of a questionnaire
//! version, answer its items (each user as a rater with a department, in as many visits as they
//! like, skipping allowed), submit it; a manager publishes it. Answers are checked as a whole:
//! unknown item, answer outside the scale, an item twice, evidence too long — every problem named
//! by its row (the answer's position) and nothing stored.
//!
//! Who sees what: a round in work (draft, submitted) only the member's users and managers and
//! admins; a published one everyone, but outside the member only aggregates: an item's
//! distribution over fewer than three raters is hidden (`MIN_CELL`), never an individual answer.

use vergleich_domain::selfcheck::{Answer, ItemId, Questionnaire, disclosable};
use vergleich_domain::{Ags, FieldId, Role};
use vergleich_store::StoreError;
use vergleich_store::selfcheck::{AnswerUpdate, NewRound, Round, RoundState};

use super::{Principal, Workflow};
use crate::error::{Error, ErrorCode, ErrorDetail, Result};

pub use super::selfcheck_view::{FieldResult, ItemShown, Progress, RoundView};

/// Longest evidence text (or link) of one answer.
pub const MAX_EVIDENCE: usize = 1_000;
/// Longest department name.
pub const MAX_DEPARTMENT: usize = 100;
/// Longest round label (`2024`).
pub const MAX_ROUND_LABEL: usize = 40;

const VERSIONS: &str = include_str!("../../../../datasets/selfcheck/questionnaires.csv");
const ITEMS: [(&str, &str); 2] = [
    (
        "v1",
        include_str!("../../../../datasets/selfcheck/v1/items.csv"),
    ),
    (
        "v2",
        include_str!("../../../../datasets/selfcheck/v2/items.csv"),
    ),
];

/// The shipped questionnaire versions with their items, checked against the catalogue's fields.
pub fn questionnaires(fields: &[FieldId]) -> Result<Vec<Questionnaire>> {
    let broken = |e: vergleich_domain::DatasetError| {
        let mut err = Error::new(
            ErrorCode::Internal,
            "Der Fragebogen konnte nicht gelesen werden.",
            "The questionnaire could not be read.",
        );
        err.source = Some(e.into());
        err
    };
    Questionnaire::versions(VERSIONS)
        .map_err(broken)?
        .into_iter()
        .map(|q| {
            let items = ITEMS
                .iter()
                .find(|(v, _)| *v == q.version)
                .map_or("", |(_, csv)| csv);
            q.with_items(items, fields).map_err(broken)
        })
        .collect()
}

/// One answer as sent (by the form, the API or a filled template).
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerInput {
    pub item: String,
    pub answer: String,
    pub evidence: Option<String>,
}

fn detail(row: usize, column: &str, value: &str, de: String, en: String) -> ErrorDetail {
    ErrorDetail {
        code: "invalid-answer".to_owned(),
        parameter: None,
        row: Some(row),
        column: Some(column.to_owned()),
        value: Some(value.chars().take(80).collect()),
        message_de: de,
        message_en: en,
    }
}

/// The answers checked against the questionnaire, or every problem (row = 1-based position).
pub fn checked(
    q: &Questionnaire,
    input: &[AnswerInput],
) -> std::result::Result<Vec<AnswerUpdate>, Vec<ErrorDetail>> {
    let mut problems = Vec::new();
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, a) in input.iter().enumerate() {
        let row = i + 1;
        let item = match ItemId::parse(a.item.trim())
            .ok()
            .filter(|id| q.item(id).is_some())
        {
            Some(id) => id,
            None => {
                problems.push(detail(row, "item", &a.item, format!("Die Frage „{}“ gibt es im Fragebogen {} nicht; bitte die Kennung aus der Vorlage verwenden (z. B. zug-03).", a.item, q.version), format!("There is no item \"{}\" in questionnaire {}; use the id from the template (e.g. zug-03).", a.item, q.version)));
                continue;
            }
        };
        if !seen.insert(item.clone()) {
            problems.push(detail(
                row,
                "item",
                &a.item,
                format!("Die Frage {item} ist zweimal beantwortet; bitte eine Antwort löschen."),
                format!("Item {item} is answered twice; delete one answer."),
            ));
        }
        let answer = match Answer::parse(&a.answer) {
            Ok(answer) => answer,
            Err(e) => {
                problems.push(detail(
                    row,
                    "answer",
                    &a.answer,
                    e.message_de(),
                    e.to_string(),
                ));
                continue;
            }
        };
        let evidence = a
            .evidence
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty());
        if let Some(e) = evidence
            && e.chars().count() > MAX_EVIDENCE
        {
            problems.push(detail(row, "evidence", e, format!("Der Beleg hat {} Zeichen; erlaubt sind {MAX_EVIDENCE}. Bitte kürzen oder einen Link angeben.", e.chars().count()), format!("The evidence has {} characters; {MAX_EVIDENCE} are allowed. Shorten it or give a link.", e.chars().count())));
        }
        out.push(AnswerUpdate {
            item,
            answer,
            evidence: evidence.map(str::to_owned),
        });
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

fn short_text(parameter: &str, value: &str, max: usize, allow_empty: bool) -> Result<()> {
    let n = value.chars().count();
    if (n == 0 && !allow_empty) || n > max || value.chars().any(char::is_control) {
        return Err(Error::invalid(vec![ErrorDetail::parameter(
            parameter,
            value,
            format!("„{parameter}“ hat 1 bis {max} Zeichen ohne Steuerzeichen."),
            format!("\"{parameter}\" has 1 to {max} characters without control characters."),
        )]));
    }
    Ok(())
}

fn round_missing(id: i64) -> Error {
    Error::not_found(
        &format!("Die Selbstcheck-Runde {id}"),
        &format!("self-check round {id}"),
    )
}

impl Workflow<'_> {
    /// The signed-in municipality user and their member.
    pub(crate) fn selfcheck_member<'p>(
        &self,
        principal: &'p Principal,
    ) -> Result<(&'p vergleich_store::User, Ags)> {
        let user = principal.require(
            &[Role::Municipality],
            "den Selbstcheck ausfüllen (nur die eigene Kommune)",
            "fill in the self-check (own municipality only)",
        )?;
        let member = user.municipality.clone().ok_or_else(|| {
            Error::forbidden(
                "den Selbstcheck ohne Kommune ausfüllen",
                "fill in a self-check without a member",
            )
        })?;
        Ok((user, member))
    }

    /// A round of the user's own member (another member's is "not found").
    pub(crate) async fn own_round(&self, member: &Ags, id: i64) -> Result<Round> {
        match self.store.round(id).await? {
            Some(r) if &r.municipality == member => Ok(r),
            _ => Err(round_missing(id)),
        }
    }

    /// The questionnaire version `version`, or 404 naming it.
    pub async fn questionnaire(&self, version: &str) -> Result<Questionnaire> {
        let fields: Vec<FieldId> = self
            .store
            .fields()
            .await?
            .into_iter()
            .map(|f| f.id)
            .collect();
        questionnaires(&fields)?
            .into_iter()
            .find(|q| q.version == version)
            .ok_or_else(|| {
                Error::not_found(
                    &format!("Der Fragebogen „{version}“"),
                    &format!("questionnaire \"{version}\""),
                )
            })
    }

    /// Opens a round of the user's own member for a questionnaire version.
    pub async fn open_selfcheck_round(
        &self,
        principal: &Principal,
        label: &str,
        version: &str,
    ) -> Result<Round> {
        let (_, member) = self.selfcheck_member(principal)?;
        short_text("label", label, MAX_ROUND_LABEL, false)?;
        let q = self.questionnaire(version).await?;
        let new = NewRound {
            municipality: member,
            label: label.trim().to_owned(),
            questionnaire: q.version,
        };
        match self.store.create_round(&new, &principal.actor()).await {
            Err(StoreError::Conflict(_)) => Err(Error::new(
                ErrorCode::Conflict,
                format!(
                    "Es gibt schon eine Runde „{label}“; bitte eine andere Bezeichnung wählen."
                ),
                format!("A round \"{label}\" exists already; choose another label."),
            )),
            other => Ok(other?),
        }
    }

    /// Stores the user's answers in a draft round of their member, all or nothing.
    pub async fn answer_selfcheck(
        &self,
        principal: &Principal,
        round: i64,
        department: Option<&str>,
        input: &[AnswerInput],
    ) -> Result<usize> {
        let (user, member) = self.selfcheck_member(principal)?;
        let department = department.map(str::trim).filter(|d| !d.is_empty());
        if let Some(d) = department {
            short_text("department", d, MAX_DEPARTMENT, false)?;
        }
        let r = self.own_round(&member, round).await?;
        let q = self.questionnaire(&r.questionnaire).await?;
        let answers = checked(&q, input).map_err(Error::invalid)?;
        if r.state != RoundState::Draft {
            return Err(not_open(&r));
        }
        let rater = self.store.user_rater(round, &user.name, department).await?;
        match self.store.save_answers(round, rater.id, &answers).await {
            Err(StoreError::Conflict(_)) => Err(not_open(&r)),
            other => Ok(other?),
        }
    }

    /// Hands the user's own draft round in for review.
    pub async fn submit_selfcheck_round(&self, principal: &Principal, round: i64) -> Result<Round> {
        let (_, member) = self.selfcheck_member(principal)?;
        let r = self.own_round(&member, round).await?;
        self.move_round(&r, RoundState::Draft, RoundState::Submitted, principal)
            .await
    }

    /// Publishes a submitted round (managers and admins): everyone sees its aggregates.
    pub async fn publish_selfcheck_round(
        &self,
        principal: &Principal,
        round: i64,
    ) -> Result<Round> {
        principal.require(
            &[Role::Manager, Role::Admin],
            "eine Selbstcheck-Runde veröffentlichen",
            "publish a self-check round",
        )?;
        let r = self
            .store
            .round(round)
            .await?
            .ok_or_else(|| round_missing(round))?;
        if r.state == RoundState::Submitted {
            // The scores are stored first (once per round, found again by their key on a
            // retry), so a published round always has its sc_* observations.
            let view = self.selfcheck_round(principal, round).await?;
            self.record_round(&view).await?;
        }
        self.move_round(&r, RoundState::Submitted, RoundState::Published, principal)
            .await
    }

    async fn move_round(
        &self,
        r: &Round,
        from: RoundState,
        to: RoundState,
        principal: &Principal,
    ) -> Result<Round> {
        match self
            .store
            .set_round_state(r.id, from, to, &principal.actor())
            .await
        {
            Err(StoreError::Conflict(_)) => Err(Error::new(
                ErrorCode::InvalidTransition,
                format!(
                    "Die Runde „{}“ ist {} und kann nicht {} werden.",
                    r.label,
                    state_de(r.state),
                    state_de(to)
                ),
                format!(
                    "Round \"{}\" is {} and cannot become {}.",
                    r.label,
                    r.state.as_str(),
                    to.as_str()
                ),
            )),
            other => Ok(other?),
        }
    }

    /// A round as `principal` may read it (404 for a round in work of another member).
    pub async fn selfcheck_round(&self, principal: &Principal, round: i64) -> Result<RoundView> {
        let r = self
            .store
            .round(round)
            .await?
            .ok_or_else(|| round_missing(round))?;
        let insider = principal.insider(&r.municipality);
        if !insider && r.state != RoundState::Published {
            return Err(round_missing(round));
        }
        let q = self.questionnaire(&r.questionnaire).await?;
        let fields = self.store.fields().await?;
        let raters = self.store.raters(round).await?;
        let answers = self.store.answers(round).await?;
        let me = principal
            .user()
            .and_then(|u| {
                raters
                    .iter()
                    .find(|r| r.user.as_deref() == Some(u.name.as_str()))
            })
            .map(|r| r.id);
        Ok(super::selfcheck_view::view(
            r, &q, &fields, &raters, &answers, me, insider,
        ))
    }
}

fn not_open(r: &Round) -> Error {
    Error::new(
        ErrorCode::Conflict,
        format!(
            "Die Runde „{}“ ist {} und nimmt keine Antworten mehr an.",
            r.label,
            state_de(r.state)
        ),
        format!(
            "Round \"{}\" is {} and takes no more answers.",
            r.label,
            r.state.as_str()
        ),
    )
}

fn state_de(s: RoundState) -> &'static str {
    match s {
        RoundState::Draft => "ein Entwurf",
        RoundState::Submitted => "eingereicht",
        RoundState::Published => "veröffentlicht",
    }
}

/// Whether an item's distribution over `answered` raters may be shown to this reader.
pub fn distribution_shown(insider: bool, answered: usize) -> bool {
    insider || disclosable(answered)
}
