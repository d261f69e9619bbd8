//! The workshop of a Selbstcheck round: 25–50 local experts, without accounts, join with a code
//! from a projected slide, say from which perspective they speak and rate each field on the
//! scale. The rules here: the join code (alphabet, length, how people type it), the
//! perspectives, the comment limit, and the results per field and perspective with the
//! hidden-aggregate rule ([`super::MIN_CELL`]): a distribution or a perspective's median over
//! fewer than three ballots is not shown, to anyone — the room would know who voted what.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Answer, ItemResult, MAX_LEVEL, disclosable, item_result};
use crate::FieldId;

/// Letters and digits of a join code: no 0/O, 1/I/L, so a code read off a slide is typed right.
pub const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Characters of a join code: 31⁸ ≈ 8.5 × 10¹¹ codes, with join attempts rate-limited per address.
pub const CODE_LEN: usize = 8;
/// Characters of a gap comment per field.
pub const MAX_COMMENT: usize = 1000;
/// Characters of a workshop title and of an agreed value's rationale.
pub const MAX_TITLE: usize = 200;
pub const MAX_RATIONALE: usize = 2000;
/// Ballots per workshop: the largest workshops have ~50 people; the cap bounds what an
/// anonymous client with the code can add.
pub const MAX_BALLOTS: usize = 500;

/// A workshop's join code, stored and compared in its canonical form (`KX4P7QMA`), shown as
/// `KX4P-7QMA`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct JoinCode(String);

impl JoinCode {
    /// Reads a code as people type it: any case, with spaces or dashes; `o`/`i`/`l`/`0`/`1` are
    /// read as the letters and digits they are mistaken for (`O`→`0` is not in the alphabet, so
    /// such a code is simply wrong).
    pub fn parse(text: &str) -> Result<Self, String> {
        let canonical: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let ok =
            canonical.len() == CODE_LEN && canonical.bytes().all(|b| CODE_ALPHABET.contains(&b));
        if ok {
            Ok(Self(canonical))
        } else {
            Err(format!(
                "{text:?} is no workshop code: a code has {CODE_LEN} letters and digits, e.g. KX4P-7QMA (no 0, O, 1, I or L)"
            ))
        }
    }

    /// A code from random bytes (one byte per character, rejection-free: the bias of
    /// `byte % 31` over 256 values is < 1 % per character and does not matter for a code that
    /// is also rate-limited).
    pub fn from_random(bytes: [u8; CODE_LEN]) -> Self {
        Self(
            bytes
                .iter()
                .map(|b| CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char)
                .collect(),
        )
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `KX4P-7QMA`, as on the slide.
    pub fn display(&self) -> String {
        format!("{}-{}", &self.0[..4], &self.0[4..])
    }
}

impl TryFrom<String> for JoinCode {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Self::parse(&s)
    }
}

impl From<JoinCode> for String {
    fn from(c: JoinCode) -> Self {
        c.0
    }
}

/// From where a participant speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Perspective {
    Verwaltung,
    Politik,
    Zivilgesellschaft,
    Migrantenorganisation,
    Wirtschaft,
    Jugend,
    Andere,
}

impl Perspective {
    pub const ALL: [Self; 7] = [
        Self::Verwaltung,
        Self::Politik,
        Self::Zivilgesellschaft,
        Self::Migrantenorganisation,
        Self::Wirtschaft,
        Self::Jugend,
        Self::Andere,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Verwaltung => "verwaltung",
            Self::Politik => "politik",
            Self::Zivilgesellschaft => "zivilgesellschaft",
            Self::Migrantenorganisation => "migrantenorganisation",
            Self::Wirtschaft => "wirtschaft",
            Self::Jugend => "jugend",
            Self::Andere => "andere",
        }
    }

    pub fn label_de(self) -> &'static str {
        match self {
            Self::Verwaltung => "Verwaltung",
            Self::Politik => "Politik",
            Self::Zivilgesellschaft => "Zivilgesellschaft",
            Self::Migrantenorganisation => "Migrantenorganisation",
            Self::Wirtschaft => "Wirtschaft",
            Self::Jugend => "Jugend",
            Self::Andere => "Andere",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Verwaltung => "Administration",
            Self::Politik => "Politics",
            Self::Zivilgesellschaft => "Civil society",
            Self::Migrantenorganisation => "Migrant organisation",
            Self::Wirtschaft => "Business",
            Self::Jugend => "Youth",
            Self::Andere => "Other",
        }
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        let t = text.trim().to_lowercase();
        Self::ALL
            .into_iter()
            .find(|p| {
                p.code() == t
                    || p.label_de().to_lowercase() == t
                    || p.label_en().to_lowercase() == t
            })
            .ok_or_else(|| {
                format!(
                    "{text:?} is no perspective: allowed are {}",
                    Self::ALL.map(Self::code).join(", ")
                )
            })
    }
}

/// One field rating of one ballot, as the results need it.
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    pub perspective: Perspective,
    pub field: FieldId,
    pub answer: Answer,
    pub comment: Option<String>,
}

/// An aggregate that may be hidden: below [`super::MIN_CELL`] ballots only its size is told.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// Ballots with a rating in this cell (skips and "weiß nicht" included).
    pub n: usize,
    /// `None` when hidden.
    pub result: Option<ItemResult>,
    /// Why it is hidden, when it is.
    pub hidden: Option<&'static str>,
}

/// Why a cell is hidden (German; the API also gives [`HIDDEN_EN`]).
pub const HIDDEN_DE: &str =
    "ausgeblendet: weniger als 3 Stimmen — sonst wäre erkennbar, wer wie abgestimmt hat";
pub const HIDDEN_EN: &str = "hidden: fewer than 3 ballots — otherwise who voted what could be told";

impl Cell {
    fn of(answers: &[Answer]) -> Self {
        let result = item_result(answers);
        let n = result.raters;
        if disclosable(result.answered) {
            Self {
                n,
                result: Some(result),
                hidden: None,
            }
        } else {
            Self {
                n,
                result: None,
                hidden: Some(HIDDEN_DE),
            }
        }
    }

    /// The median rescaled to 0–100 (level / 3 × 100), when shown.
    pub fn median_points(&self) -> Option<f64> {
        self.result
            .as_ref()
            .and_then(|r| r.median)
            .map(|m| m / f64::from(MAX_LEVEL) * 100.0)
    }
}

/// A field's workshop result: all ballots, and per perspective.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldResult {
    pub field: FieldId,
    pub all: Cell,
    pub by_perspective: BTreeMap<Perspective, Cell>,
    /// The gap comments, in the order given, without who wrote them.
    pub comments: Vec<String>,
}

/// Results per field of the given fields (in that order), from every rating of a workshop.
/// A field without ratings has an empty, hidden cell; perspectives without a rating are left out.
pub fn results(fields: &[FieldId], ratings: &[Rating]) -> Vec<FieldResult> {
    fields
        .iter()
        .map(|field| {
            let of_field: Vec<&Rating> = ratings.iter().filter(|r| &r.field == field).collect();
            let all: Vec<Answer> = of_field.iter().map(|r| r.answer).collect();
            let mut per: BTreeMap<Perspective, Vec<Answer>> = BTreeMap::new();
            for r in &of_field {
                per.entry(r.perspective).or_default().push(r.answer);
            }
            FieldResult {
                field: field.clone(),
                all: Cell::of(&all),
                by_perspective: per.into_iter().map(|(p, a)| (p, Cell::of(&a))).collect(),
                comments: of_field
                    .iter()
                    .filter_map(|r| r.comment.clone())
                    .filter(|c| !c.trim().is_empty())
                    .collect(),
            }
        })
        .collect()
}

/// A comment as stored: trimmed, `None` when empty, `Err` past [`MAX_COMMENT`] characters.
pub fn comment(text: &str) -> Result<Option<String>, String> {
    let t = text.trim();
    let chars = t.chars().count();
    if chars > MAX_COMMENT {
        return Err(format!(
            "the comment has {chars} characters; at most {MAX_COMMENT} are kept — shorten it"
        ));
    }
    Ok((!t.is_empty()).then(|| t.to_owned()))
}
