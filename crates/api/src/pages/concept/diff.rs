//! Vergleich zweier Fassungen (`/konzept/{key}/vergleich?von=2013&bis=2022`): Themenfelder,
//! goals (with their targets) and measures added, dropped or changed, each change with its
//! value before and after.

use axum::extract::Path;
use maud::{Markup, html};
use vergleich_charts::Lang;
use vergleich_domain::Ags;
use vergleich_domain::concept::diff::{ChangeKind, DiffKind, DiffValue};

use super::date;
use crate::pages::reading::common::{Reading, not_found};
use crate::pages::workflow::number;
use crate::pages::{Nav, PageError, href, t};

/// What changed between two versions of a member's concept.
#[utoipa::path(get, path = "/konzept/{key}/vergleich", tag = "pages",
    params(
        ("key" = String, Path, description = "Key of the member"),
        ("von" = String, Query, description = "The older version's label"),
        ("bis" = String, Query, description = "The newer version's label"),
        ("lang" = Option<String>, Query, description = "`de` (default) or `en`"),
    ),
    responses(
        (status = 200, description = "Diff page", content_type = "text/html"),
        (status = 404, description = "Unknown member or version", content_type = "text/html")))]
pub async fn diff_page(page: Reading, Path(raw): Path<String>) -> Result<Markup, PageError> {
    let Reading {
        state,
        principal,
        method,
        q,
    } = page;
    let lang = q.lang;
    let key = Ags::parse(&raw).map_err(|_| {
        not_found(
            lang,
            &format!("Die Kommune „{raw}“"),
            &format!("municipality \"{raw}\""),
        )
    })?;
    let (from, to) = (
        q.get("von").unwrap_or_default().to_owned(),
        q.get("bis").unwrap_or_default().to_owned(),
    );
    let diff = state
        .workflow()
        .concept_diff(&principal, &key, &from, &to)
        .await
        .map_err(|e| PageError::from_service(e, lang))?;
    let catalogue = Names {
        indicators: state
            .store
            .indicators()
            .await
            .map_err(|e| PageError::from_service(e.into(), lang))?,
        fields: state
            .store
            .fields()
            .await
            .map_err(|e| PageError::from_service(e.into(), lang))?,
        lang,
    };
    let title = match lang {
        Lang::De => format!(
            "Integrationskonzept: Fassung {} gegenüber {}",
            diff.to.label, diff.from.label
        ),
        Lang::En => format!(
            "Integration concept: version {} against {}",
            diff.to.label, diff.from.label
        ),
    };
    let count = |kind: ChangeKind| diff.entries.iter().filter(|e| e.change == kind).count();
    let body = html! {
        p.lead {
            a href=(href(lang, &format!("/konzept/{raw}?fassung={}", diff.to.label))) { (diff.to.title) }
            (t(lang, " gegenüber ", " against "))
            a href=(href(lang, &format!("/konzept/{raw}?fassung={}", diff.from.label))) { (diff.from.title) }
            @if diff.to.synthetic || diff.from.synthetic { " – " span.demo { (t(lang, "Beispieldaten (synthetisch)", "Demo data (synthetic)")) } }
        }
        p { (count(ChangeKind::Added)) (t(lang, " hinzugekommen, ", " added, ")) (count(ChangeKind::Changed)) (t(lang, " geändert, ", " changed, ")) (count(ChangeKind::Dropped)) (t(lang, " entfallen.", " dropped.")) }
        @for (kind, de, en) in [(DiffKind::Themenfeld, "Themenfelder", "Themenfelder"), (DiffKind::Goal, "Ziele", "Goals"), (DiffKind::Measure, "Maßnahmen", "Measures")] {
            @let entries: Vec<_> = diff.entries.iter().filter(|e| e.kind == kind).collect();
            h2 { (t(lang, de, en)) }
            @if entries.is_empty() {
                p { (t(lang, "Keine Änderungen.", "No changes.")) }
            } @else {
                ul.diff {
                    @for e in entries {
                        li class=(format!("diff-{}", change_class(e.change))) {
                            strong { (change_text(lang, e.change)) ": " }
                            (e.title) " (" (e.id) ")"
                            @if !e.details.is_empty() {
                                ul {
                                    @for d in &e.details {
                                        li { (catalogue.aspect(&d.aspect)) ": " (catalogue.shown(&d.aspect, d.before.as_ref())) " → " (catalogue.shown(&d.aspect, d.after.as_ref())) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        p.downloads { a href=(format!("/api/v1/concepts/{raw}/diff?from={from}&to={to}")) { "JSON" } }
    };
    Ok(crate::pages::Page::new(
        lang,
        title,
        Nav::Concepts,
        &principal,
        &method,
        format!("/konzept/{raw}/vergleich?von={from}&bis={to}"),
    )
    .render(body))
}

fn change_class(c: ChangeKind) -> &'static str {
    match c {
        ChangeKind::Added => "added",
        ChangeKind::Dropped => "dropped",
        ChangeKind::Changed => "changed",
    }
}

fn change_text(lang: Lang, c: ChangeKind) -> &'static str {
    match c {
        ChangeKind::Added => t(lang, "neu", "added"),
        ChangeKind::Dropped => t(lang, "entfallen", "dropped"),
        ChangeKind::Changed => t(lang, "geändert", "changed"),
    }
}

/// The catalogue's names, so the diff speaks of "Einbürgerungsquote", not of its id.
struct Names {
    indicators: Vec<vergleich_domain::Indicator>,
    fields: Vec<vergleich_domain::Field>,
    lang: Lang,
}

impl Names {
    fn aspect(&self, a: &str) -> String {
        let lang = self.lang;
        match a.strip_prefix("target:") {
            Some(id) => {
                let label = self
                    .indicators
                    .iter()
                    .find(|i| i.id.as_str() == id)
                    .map_or(id, |i| t(lang, &i.label_de, &i.label_en));
                format!("{} {label}", t(lang, "Zielwert", "target"))
            }
            None => aspect(lang, a),
        }
    }

    fn shown(&self, a: &str, v: Option<&DiffValue>) -> String {
        match v {
            Some(DiffValue::List(ids)) if a == "fields" => ids
                .iter()
                .map(|id| {
                    self.fields
                        .iter()
                        .find(|f| f.id.as_str() == id)
                        .map_or(id.clone(), |f| {
                            t(self.lang, &f.label_de, &f.label_en).to_owned()
                        })
                })
                .collect::<Vec<_>>()
                .join(", "),
            other => shown(self.lang, other),
        }
    }
}

fn aspect(lang: Lang, a: &str) -> String {
    let (de, en) = match a {
        "title" => ("Titel", "title"),
        "fields" => ("Handlungsfelder", "fields of action"),
        "ideal" => ("Idealzustand", "ideal state"),
        "themenfeld" => ("Themenfeld", "Themenfeld"),
        "parent" => ("übergeordnetes Ziel", "parent goal"),
        "owner" => ("verantwortlich", "owner"),
        "deadline" => ("Frist", "deadline"),
        "status" => ("Status", "status"),
        "progress" => ("Fortschritt (%)", "progress (%)"),
        "start" => ("Beginn", "start"),
        "end" => ("Ende", "end"),
        "goals" => ("Ziele", "goals"),
        "budget" => ("Budget (€)", "budget (€)"),
        "funding" => ("Finanzierung", "funding"),
        other => (other, other),
    };
    t(lang, de, en).to_owned()
}

fn shown(lang: Lang, v: Option<&DiffValue>) -> String {
    match v {
        None => "–".to_owned(),
        Some(DiffValue::Text(s)) => format!("„{s}“"),
        Some(DiffValue::Number(n)) => number(lang, *n),
        Some(DiffValue::Date(d)) => date(lang, *d),
        Some(DiffValue::Status(s)) => t(lang, s.label_de(), s.label_en()).to_owned(),
        Some(DiffValue::List(l)) => l.join(", "),
        Some(DiffValue::Target {
            baseline_year,
            baseline,
            target_year,
            target,
        }) => format!(
            "{} {} ({baseline_year}), {} {} ({target_year})",
            t(lang, "Basis", "baseline"),
            number(lang, *baseline),
            t(lang, "Ziel", "target"),
            number(lang, *target)
        ),
    }
}
