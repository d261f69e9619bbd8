//! The learning partners on the member page: each need for action with why, and the members
//! strong there with why and what they published in the field.

use maud::{Markup, html};
use vergleich_charts::Lang;
use vergleich_service::views::partners::{LearningPartners, NeedSource};

use super::{demo_badge, entries};
use crate::pages::{href, t};

/// At most this many practices and measures per partner on the page (all in the API).
const SHOWN: usize = 3;

pub fn section(lp: &LearningPartners, fields: &[vergleich_domain::Field], lang: Lang) -> Markup {
    html! {
        section.partners aria-labelledby="h-partners" {
            h2 id="h-partners" { (t(lang, "Lernpartner", "Learning partners")) " " (lp.year) }
            p { small { (t(lang, &lp.method_de, &lp.method_en)) } }
            @if lp.needs.is_empty() {
                p { (t(lang,
                    "Kein Handlungsfeld liegt unter dem unteren Quartil der anderen Kommunen: kein Handlungsbedarf, für den Lernpartner gesucht werden.",
                    "No field lies below the other members' lower quartile: no need for action to find learning partners for.")) }
            }
            @for need in &lp.needs {
                h3 {
                    a href=(href(lang, &format!("/praxis?field={}", need.field))) { (t(lang, &need.label_de, &need.label_en)) }
                    @if need.source == NeedSource::Selfcheck { " " span.state { (t(lang, "Selbstcheck", "self-check")) } }
                }
                p { (t(lang, &need.reason_de, &need.reason_en)) "." }
                @if need.partners.is_empty() {
                    p { (t(lang, "Keine Kommune liegt hier auf oder über dem oberen Quartil.", "No member lies at or above the upper quartile here.")) }
                }
                ol {
                    @for p in &need.partners {
                        li {
                            a href=(href(lang, &format!("/kommune/{}", p.municipality))) { strong { (p.name) } }
                            ": " (t(lang, &p.reason_de, &p.reason_en))
                            @if p.entries.is_empty() {
                                br; small { (t(lang, "Noch keine veröffentlichten Praxisbeispiele oder Maßnahmen in diesem Feld.", "No published practices or measures in this field yet.")) }
                            } @else {
                                (entries(&p.entries.iter().take(SHOWN).collect::<Vec<_>>(), fields, lang))
                                @if p.entries.len() > SHOWN {
                                    a href=(href(lang, &format!("/praxis?municipality={}&field={}", p.municipality, need.field))) {
                                        (t(lang, "Alle ", "All ")) (p.entries.len()) (t(lang, " Einträge in diesem Feld", " entries in this field")) }
                                }
                            }
                        }
                    }
                }
            }
            @if lp.synthetic { p { (demo_badge(lang)) } }
        }
    }
}
