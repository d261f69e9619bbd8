//! A Praxisbeispiel: what a member did in one or more fields, how, with whom, what came of it,
//! what it cost and what another member needs to copy it. Drafts may be incomplete; a practice
//! handed in for review must be complete ([`PracticeContent::check_complete`]).

use serde::{Deserialize, Serialize};

use crate::{Catalogue, FieldId, IndicatorId};

/// Longest title, in characters.
pub const MAX_TITLE: usize = 200;
/// Longest text section (Ausgangslage, Ziele, …), in characters.
pub const MAX_TEXT: usize = 4000;
/// Longest contact (a role address such as "Integrationsbeauftragte/r").
pub const MAX_CONTACT: usize = 200;
/// Most links, related indicators and fields.
pub const MAX_LINKS: usize = 10;
pub const MAX_INDICATORS: usize = 10;
pub const MAX_FIELDS: usize = 7;
/// Longest link address and link label.
pub const MAX_URL: usize = 500;
/// The years a period may name.
pub const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// Where a practice stands in review: the same steps as an upload's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PracticeState {
    /// Being written; visible to its member and to managers.
    Draft,
    /// Handed in for review.
    Submitted,
    /// Approved by a manager: visible to everyone (the contact to signed-in users only).
    Published,
    /// Sent back with a comment; editing makes it a draft again.
    Rejected,
}

crate::catalogue::str_enum!(PracticeState { Draft => "draft", Submitted => "submitted", Published => "published", Rejected => "rejected" });

impl PracticeState {
    pub const ALL: [Self; 4] = [
        Self::Draft,
        Self::Submitted,
        Self::Published,
        Self::Rejected,
    ];

    pub fn label_de(self) -> &'static str {
        match self {
            Self::Draft => "Entwurf",
            Self::Submitted => "zur Prüfung",
            Self::Published => "veröffentlicht",
            Self::Rejected => "zurückgegeben",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "in review",
            Self::Published => "published",
            Self::Rejected => "sent back",
        }
    }

    /// Whether the member may still edit it.
    pub fn editable(self) -> bool {
        matches!(self, Self::Draft | Self::Rejected)
    }
}

/// A link to a report, a flyer or the project's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub label: String,
    pub url: String,
}

/// The measure of the member's Integrationskonzept the practice belongs to: the concept by its
/// label (`2022`) and the measure by its id, which stays the same across versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureRef {
    pub concept: String,
    pub measure: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PracticeContent {
    pub title: String,
    /// The Handlungsfelder, the first being the main one.
    pub fields: Vec<FieldId>,
    pub period_from: Option<i32>,
    /// `None`: ongoing.
    #[serde(default)]
    pub period_to: Option<i32>,
    /// Ausgangslage: the starting situation.
    #[serde(default)]
    pub ausgangslage: String,
    #[serde(default)]
    pub ziele: String,
    /// Vorgehen: the approach and who took part.
    #[serde(default)]
    pub vorgehen: String,
    #[serde(default)]
    pub ergebnisse: String,
    /// What it cost and how it was funded.
    #[serde(default)]
    pub kosten: String,
    /// What another member needs to copy it.
    #[serde(default)]
    pub transfer: String,
    #[serde(default)]
    pub links: Vec<Link>,
    #[serde(default)]
    pub indicators: Vec<IndicatorId>,
    /// A role address; shown to signed-in users only.
    #[serde(default)]
    pub contact: Option<String>,
    #[serde(default)]
    pub measure: Option<MeasureRef>,
}

/// What is wrong with a practice, where (the form field) and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{field}: {en}")]
pub struct PracticeProblem {
    /// The form field or JSON key, e.g. `title`, `links[2].url`.
    pub field: String,
    pub de: String,
    pub en: String,
}

fn problem(
    field: impl Into<String>,
    de: impl Into<String>,
    en: impl Into<String>,
) -> PracticeProblem {
    PracticeProblem {
        field: field.into(),
        de: de.into(),
        en: en.into(),
    }
}

fn too_long(field: &str, text: &str, max: usize) -> Result<(), PracticeProblem> {
    let n = text.chars().count();
    if n > max {
        return Err(problem(
            field,
            format!("{n} Zeichen, höchstens {max} erlaubt: bitte kürzen"),
            format!("{n} characters, at most {max} allowed: please shorten it"),
        ));
    }
    Ok(())
}

/// The text sections with their keys and German labels, in the order a page shows them.
pub const SECTIONS: [(&str, &str, &str); 6] = [
    ("ausgangslage", "Ausgangslage", "Starting situation"),
    ("ziele", "Ziele", "Goals"),
    (
        "vorgehen",
        "Vorgehen und Beteiligte",
        "Approach and who took part",
    ),
    ("ergebnisse", "Ergebnisse", "Results"),
    ("kosten", "Kosten und Finanzierung", "Cost and funding"),
    (
        "transfer",
        "Was andere zum Übertragen brauchen",
        "What others need to copy it",
    ),
];

impl PracticeContent {
    /// An empty draft in one field.
    pub fn empty(title: &str, field: FieldId) -> Self {
        Self {
            title: title.to_owned(),
            fields: vec![field],
            period_from: None,
            period_to: None,
            ausgangslage: String::new(),
            ziele: String::new(),
            vorgehen: String::new(),
            ergebnisse: String::new(),
            kosten: String::new(),
            transfer: String::new(),
            links: Vec::new(),
            indicators: Vec::new(),
            contact: None,
            measure: None,
        }
    }

    /// The text of a section by its key in [`SECTIONS`].
    pub fn section(&self, key: &str) -> &str {
        match key {
            "ausgangslage" => &self.ausgangslage,
            "ziele" => &self.ziele,
            "vorgehen" => &self.vorgehen,
            "ergebnisse" => &self.ergebnisse,
            "kosten" => &self.kosten,
            "transfer" => &self.transfer,
            _ => "",
        }
    }

    /// The main field.
    pub fn main_field(&self) -> Option<&FieldId> {
        self.fields.first()
    }

    /// The rules every stored practice keeps, drafts included: a title, known fields and
    /// indicators without repeats, a period in order, lengths, and links that are web addresses.
    pub fn check(&self, catalogue: &Catalogue) -> Result<(), PracticeProblem> {
        if self.title.trim().is_empty() {
            return Err(problem("title", "Der Titel fehlt", "The title is missing"));
        }
        too_long("title", &self.title, MAX_TITLE)?;
        if self.fields.is_empty() {
            return Err(problem(
                "fields",
                "Mindestens ein Handlungsfeld angeben",
                "Name at least one field of action",
            ));
        }
        if self.fields.len() > MAX_FIELDS {
            return Err(problem(
                "fields",
                format!("Höchstens {MAX_FIELDS} Handlungsfelder"),
                format!("At most {MAX_FIELDS} fields of action"),
            ));
        }
        for (i, field) in self.fields.iter().enumerate() {
            if catalogue.field(field).is_none() {
                return Err(problem(
                    format!("fields[{i}]"),
                    format!("Unbekanntes Handlungsfeld {field:?}"),
                    format!("Unknown field of action {field:?}"),
                ));
            }
            if self.fields[..i].contains(field) {
                return Err(problem(
                    format!("fields[{i}]"),
                    format!("Handlungsfeld {field:?} doppelt angegeben"),
                    format!("Field of action {field:?} named twice"),
                ));
            }
        }
        for (key, year) in [
            ("period_from", self.period_from),
            ("period_to", self.period_to),
        ] {
            if let Some(year) = year.filter(|y| !YEARS.contains(y)) {
                return Err(problem(
                    key,
                    format!(
                        "Jahr {year} liegt außerhalb von {}–{}",
                        YEARS.start(),
                        YEARS.end()
                    ),
                    format!("year {year} lies outside {}–{}", YEARS.start(), YEARS.end()),
                ));
            }
        }
        if let (Some(from), Some(to)) = (self.period_from, self.period_to)
            && to < from
        {
            return Err(problem(
                "period_to",
                format!("Das Ende {to} liegt vor dem Beginn {from}"),
                format!("The end {to} lies before the start {from}"),
            ));
        }
        for (key, ..) in SECTIONS {
            too_long(key, self.section(key), MAX_TEXT)?;
        }
        if let Some(contact) = &self.contact {
            too_long("contact", contact, MAX_CONTACT)?;
        }
        self.check_links()?;
        if self.indicators.len() > MAX_INDICATORS {
            return Err(problem(
                "indicators",
                format!("Höchstens {MAX_INDICATORS} Indikatoren"),
                format!("At most {MAX_INDICATORS} indicators"),
            ));
        }
        for (i, indicator) in self.indicators.iter().enumerate() {
            if catalogue.indicator(indicator).is_none() {
                return Err(problem(
                    format!("indicators[{i}]"),
                    format!("Unbekannter Indikator {indicator:?}"),
                    format!("Unknown indicator {indicator:?}"),
                ));
            }
            if self.indicators[..i].contains(indicator) {
                return Err(problem(
                    format!("indicators[{i}]"),
                    format!("Indikator {indicator:?} doppelt angegeben"),
                    format!("Indicator {indicator:?} named twice"),
                ));
            }
        }
        if let Some(measure) = &self.measure
            && (measure.concept.trim().is_empty() || measure.measure < 1)
        {
            return Err(problem(
                "measure",
                "Maßnahme als Konzept-Fassung und Nummer angeben (z. B. 2022 und 3)",
                "Name the measure by concept version and number (e.g. 2022 and 3)",
            ));
        }
        Ok(())
    }

    fn check_links(&self) -> Result<(), PracticeProblem> {
        if self.links.len() > MAX_LINKS {
            return Err(problem(
                "links",
                format!("Höchstens {MAX_LINKS} Links"),
                format!("At most {MAX_LINKS} links"),
            ));
        }
        for (i, link) in self.links.iter().enumerate() {
            too_long(&format!("links[{i}].label"), &link.label, MAX_TITLE)?;
            too_long(&format!("links[{i}].url"), &link.url, MAX_URL)?;
            let url = link.url.trim();
            let web = url.split_once("://").is_some_and(|(scheme, rest)| {
                matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https")
                    && !rest.is_empty()
                    && !rest.contains(char::is_whitespace)
            });
            if !web {
                return Err(problem(
                    format!("links[{i}].url"),
                    format!("{url:?} ist keine Webadresse: mit https:// beginnen"),
                    format!("{url:?} is not a web address: start it with https://"),
                ));
            }
        }
        Ok(())
    }

    /// What a practice handed in for review must have besides [`Self::check`]: a start year and
    /// the four core sections.
    pub fn check_complete(&self) -> Result<(), PracticeProblem> {
        if self.period_from.is_none() {
            return Err(problem(
                "period_from",
                "Das Startjahr fehlt",
                "The start year is missing",
            ));
        }
        for (key, de, en) in &SECTIONS[..4] {
            if self.section(key).trim().is_empty() {
                return Err(problem(
                    *key,
                    format!("„{de}“ fehlt: vor dem Einreichen ausfüllen"),
                    format!("“{en}” is missing: fill it in before handing in"),
                ));
            }
        }
        Ok(())
    }

    /// The period as people write it: `2021–2024`, `seit 2021` / `since 2021`.
    pub fn period(&self, english: bool) -> String {
        match (self.period_from, self.period_to) {
            (Some(from), Some(to)) if from == to => from.to_string(),
            (Some(from), Some(to)) => format!("{from}–{to}"),
            (Some(from), None) if english => format!("since {from}"),
            (Some(from), None) => format!("seit {from}"),
            (None, Some(to)) => format!("–{to}"),
            (None, None) => String::new(),
        }
    }
}
