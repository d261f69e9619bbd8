//! The practice form's fields: read from a posted form into content (every value kept, so a
//! refused form comes back filled in) and written as HTML.

use maud::{Markup, html};
use vergleich_charts::Lang;
use vergleich_domain::exchange::practice::{MAX_CONTACT, MAX_TEXT, MAX_TITLE, SECTIONS};
use vergleich_domain::exchange::{Link, MeasureRef, PracticeContent};
use vergleich_domain::{Field, FieldId, Indicator, IndicatorId};

use crate::pages::concept::edit::Fields;
use crate::pages::t;

/// What the form holds, as typed (years and ids may still be wrong).
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub municipality: String,
    pub title: String,
    pub fields: Vec<String>,
    pub period_from: String,
    pub period_to: String,
    pub sections: Vec<(String, String)>,
    /// One link per line: `label | https://…` or just the address.
    pub links: String,
    pub indicators: Vec<String>,
    pub contact: String,
    /// `2022:3` (concept label and measure id) or empty.
    pub measure: String,
}

impl Draft {
    pub fn from_form(f: &Fields) -> Self {
        let all = |name: &str| -> Vec<String> {
            f.0.iter()
                .filter(|(n, v)| n == name && !v.trim().is_empty())
                .map(|(_, v)| v.trim().to_owned())
                .collect()
        };
        Self {
            municipality: f.get("municipality").unwrap_or_default(),
            title: f.get("title").unwrap_or_default(),
            fields: all("fields"),
            period_from: f.get("period_from").unwrap_or_default(),
            period_to: f.get("period_to").unwrap_or_default(),
            sections: SECTIONS
                .iter()
                .map(|(k, ..)| ((*k).to_owned(), f.get(k).unwrap_or_default()))
                .collect(),
            links: f.get("links").unwrap_or_default(),
            indicators: all("indicators"),
            contact: f.get("contact").unwrap_or_default(),
            measure: f.get("measure").unwrap_or_default(),
        }
    }

    pub fn of(c: &PracticeContent, municipality: &str) -> Self {
        Self {
            municipality: municipality.to_owned(),
            title: c.title.clone(),
            fields: c.fields.iter().map(ToString::to_string).collect(),
            period_from: c.period_from.map(|y| y.to_string()).unwrap_or_default(),
            period_to: c.period_to.map(|y| y.to_string()).unwrap_or_default(),
            sections: SECTIONS
                .iter()
                .map(|(k, ..)| ((*k).to_owned(), c.section(k).to_owned()))
                .collect(),
            links: c
                .links
                .iter()
                .map(|l| format!("{} | {}", l.label, l.url))
                .collect::<Vec<_>>()
                .join("\n"),
            indicators: c.indicators.iter().map(ToString::to_string).collect(),
            contact: c.contact.clone().unwrap_or_default(),
            measure: c
                .measure
                .as_ref()
                .map(|m| format!("{}:{}", m.concept, m.measure))
                .unwrap_or_default(),
        }
    }

    fn section(&self, key: &str) -> &str {
        self.sections
            .iter()
            .find(|(k, _)| k == key)
            .map_or("", |(_, v)| v.as_str())
    }

    /// The content, or what is wrong with the form's shape (field, German, English).
    pub fn content(&self) -> Result<PracticeContent, (String, String, String)> {
        let year = |name: &str, v: &str| -> Result<Option<i32>, (String, String, String)> {
            if v.is_empty() {
                return Ok(None);
            }
            v.parse::<i32>().map(Some).map_err(|_| {
                (
                    name.to_owned(),
                    format!("„{v}“ ist kein Jahr wie 2021"),
                    format!("“{v}” is not a year such as 2021"),
                )
            })
        };
        let fields = self
            .fields
            .iter()
            .map(|f| {
                FieldId::parse(f).map_err(|e| ("fields".to_owned(), e.to_string(), e.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let indicators = self
            .indicators
            .iter()
            .map(|i| {
                IndicatorId::parse(i)
                    .map_err(|e| ("indicators".to_owned(), e.to_string(), e.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let links = self
            .links
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|line| match line.rsplit_once('|') {
                Some((label, url)) => Link {
                    label: label.trim().to_owned(),
                    url: url.trim().to_owned(),
                },
                None => Link {
                    label: line.to_owned(),
                    url: line.to_owned(),
                },
            })
            .collect();
        let measure = match self.measure.rsplit_once(':') {
            None if self.measure.is_empty() => None,
            Some((concept, id)) if id.parse::<i64>().is_ok() => Some(MeasureRef {
                concept: concept.to_owned(),
                measure: id.parse().unwrap_or_default(),
            }),
            _ => {
                return Err((
                    "measure".into(),
                    "Maßnahme aus der Liste wählen".into(),
                    "Choose a measure from the list".into(),
                ));
            }
        };
        Ok(PracticeContent {
            title: self.title.clone(),
            fields,
            period_from: year("period_from", &self.period_from)?,
            period_to: year("period_to", &self.period_to)?,
            ausgangslage: self.section("ausgangslage").to_owned(),
            ziele: self.section("ziele").to_owned(),
            vorgehen: self.section("vorgehen").to_owned(),
            ergebnisse: self.section("ergebnisse").to_owned(),
            kosten: self.section("kosten").to_owned(),
            transfer: self.section("transfer").to_owned(),
            links,
            indicators,
            contact: Some(self.contact.clone()).filter(|c| !c.is_empty()),
            measure,
        })
    }

    /// The form's inputs (without the form element and the member choice).
    pub fn inputs(
        &self,
        fields: &[Field],
        indicators: &[Indicator],
        measures: &[(String, Vec<(i64, String)>)],
        lang: Lang,
    ) -> Markup {
        html! {
            label for="title" { (t(lang, "Titel", "Title")) }
            input type="text" id="title" name="title" value=(self.title) maxlength=(MAX_TITLE) required;
            fieldset {
                legend { (t(lang, "Handlungsfelder (das erste gewählte ist das Hauptfeld)", "Fields (the first chosen is the main one)")) }
                @for f in fields {
                    label.check {
                        input type="checkbox" name="fields" value=(f.id) checked[self.fields.iter().any(|x| x == f.id.as_str())];
                        " " (t(lang, &f.label_de, &f.label_en))
                    }
                }
            }
            label for="period_from" { (t(lang, "Seit (Jahr)", "Since (year)")) }
            input type="number" id="period_from" name="period_from" value=(self.period_from) min="1990" max="2100";
            label for="period_to" { (t(lang, "Bis (Jahr; leer: läuft noch)", "Until (year; empty: ongoing)")) }
            input type="number" id="period_to" name="period_to" value=(self.period_to) min="1990" max="2100";
            @for (key, de, en) in SECTIONS {
                label for=(key) { (t(lang, de, en)) }
                textarea id=(key) name=(key) rows="5" maxlength=(MAX_TEXT) { (self.section(key)) }
            }
            label for="links" { (t(lang, "Links, einer je Zeile: Bezeichnung | https://…", "Links, one per line: label | https://…")) }
            textarea id="links" name="links" rows="3" { (self.links) }
            label for="indicators" { (t(lang, "Zugehörige Indikatoren (Strg/Cmd für mehrere)", "Related indicators (Ctrl/Cmd for several)")) }
            select id="indicators" name="indicators" multiple size="6" {
                @for i in indicators {
                    option value=(i.id) selected[self.indicators.iter().any(|x| x == i.id.as_str())] { (t(lang, &i.label_de, &i.label_en)) }
                }
            }
            label for="contact" { (t(lang, "Kontakt (Funktionsadresse, z. B. Integrationsbeauftragte/r; nur für angemeldete Projektmitglieder sichtbar)", "Contact (a role address, e.g. integration officer; shown to signed-in project members only)")) }
            input type="text" id="contact" name="contact" value=(self.contact) maxlength=(MAX_CONTACT);
            label for="measure" { (t(lang, "Maßnahme im eigenen Integrationskonzept", "Measure of the own integration concept")) }
            select id="measure" name="measure" {
                option value="" { (t(lang, "keine", "none")) }
                @for (concept, list) in measures {
                    optgroup label=(format!("{} {concept}", t(lang, "Konzept", "Concept"))) {
                        @for (id, title) in list {
                            @let value = format!("{concept}:{id}");
                            option value=(value) selected[self.measure == value] { (title) }
                        }
                    }
                }
            }
        }
    }
}
