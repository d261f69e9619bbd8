//! Konzept (`/konzept/{key}`): a member's Integrationskonzept. Its versions (with the diff to
//! the one before), the warnings that keep it alive, the progress chart of all targets, then
//! per Themenfeld the ideal state → goals with progress and targets (each actual with its year
//! and source, each indicator marked monitoring or controlling) → and the measures with status,
//! dates, progress and timeline. The member's own users also get the forms to work on it.

use axum::extract::Path;
use maud::{Markup, html};
use vergleich_charts::Lang;
use vergleich_domain::Ags;
use vergleich_domain::concept::Measure;
use vergleich_service::workflow::concept_view::{ConceptView, GoalView, ShownVersion};

use super::{date, opt_date, role_text, share, state_class, state_text, value, version_badges};
use crate::pages::reading::common::{Reading, not_found};
use crate::pages::workflow::{csrf_of, number};
use crate::pages::{Nav, PageError, href, t};

/// Konzept: versions, warnings, progress, Themenfelder with goals and targets, measures.
#[utoipa::path(get, path = "/konzept/{key}", tag = "pages",
    params(
        ("key" = String, Path, description = "Key of the member (AGS or Kreisschlüssel)"),
        ("fassung" = Option<String>, Query, description = "Version label; default: the newest published"),
        ("lang" = Option<String>, Query, description = "`de` (default) or `en`"),
    ),
    responses(
        (status = 200, description = "Concept page", content_type = "text/html"),
        (status = 404, description = "Unknown member or version", content_type = "text/html")))]
pub async fn concept_page(page: Reading, Path(raw): Path<String>) -> Result<Markup, PageError> {
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
    let label = q.get("fassung").map(str::to_owned);
    let view = state
        .workflow()
        .concept(
            &principal,
            &key,
            label.as_deref(),
            crate::routes::concepts::clock(),
        )
        .await
        .map_err(|e| PageError::from_service(e, lang))?;
    let editor = principal.member_user(&key);
    let signed_in = principal.user().is_some();
    let csrf = csrf_of(&method).to_owned();
    let done = q.get("aktualisiert").and_then(|n| n.parse::<usize>().ok());
    let title = match lang {
        Lang::De => format!("Integrationskonzept {}", view.name),
        Lang::En => format!("Integration concept of {}", view.name),
    };
    // Drawing the two charts is CPU work: off the async workers, within the CPU-job bound.
    let rendered = state
        .work
        .run(move || body(&view, lang, editor, signed_in, &csrf))
        .await
        .map_err(|e| {
            crate::pages::reading::common::internal(
                lang,
                anyhow::anyhow!("concept page stopped: {e}"),
            )
        })?;
    let body = html! {
        @if let Some(n) = done {
            p.confirmation role="status" {
                (n) (t(lang, " Zeilen der Maßnahmentabelle übernommen; Statusänderungen stehen im Verlauf der Maßnahmen.",
                    " rows of the measures table taken; status changes are in each measure's history."))
            }
        }
        (rendered)
    };
    let path = match &label {
        Some(l) => format!("/konzept/{raw}?fassung={l}"),
        None => format!("/konzept/{raw}"),
    };
    Ok(crate::pages::Page::new(lang, title, Nav::Concepts, &principal, &method, path).render(body))
}

fn body(view: &ConceptView, lang: Lang, editor: bool, signed_in: bool, csrf: &str) -> Markup {
    let key = view.municipality.to_string();
    html! {
        p.lead {
            (t(lang, "Leitbild je Themenfeld → Ziele mit Zielwerten auf Indikatoren → Maßnahmen; der Fortschritt wird aus den veröffentlichten Werten berechnet. ",
                "Ideal state per Themenfeld → goals with targets on indicators → measures; progress is computed from the published values. "))
            a href=(href(lang, &format!("/kommune/{key}"))) { (t(lang, "Profil der Kommune", "Member profile")) }
            " · "
            a href=(href(lang, "/konzepte")) { (t(lang, "alle Konzepte", "all concepts")) }
        }
        (versions(view, lang))
        @if editor {
            (super::actions::start_form(view, lang, csrf))
        }
        @match &view.shown {
            None => p { (t(lang, "Für diese Kommune ist noch kein Integrationskonzept veröffentlicht.", "No integration concept of this member is published yet.")) },
            Some(shown) => (shown_version(view, shown, lang, editor, signed_in, csrf)),
        }
        details.method {
            summary { (t(lang, "Wie der Fortschritt berechnet wird", "How progress is computed")) }
            p { (t(lang, view.method_de, view.method_en)) }
        }
        p.downloads {
            a href=(format!("/api/v1/concepts/{key}")) { "JSON" }
        }
    }
}

fn versions(view: &ConceptView, lang: Lang) -> Markup {
    let key = view.municipality.to_string();
    let shown = view.shown.as_ref().map(|s| s.version.id);
    html! {
        @if !view.versions.is_empty() {
            h2 { (t(lang, "Fassungen", "Versions")) }
            div.table-wrap tabindex="0" role="region" aria-label=(t(lang, "Fassungen", "Versions")) {
                table {
                    thead { tr {
                        th scope="col" { (t(lang, "Fassung", "Version")) }
                        th scope="col" { (t(lang, "Titel", "Title")) }
                        th scope="col" { (t(lang, "Beschlossen", "Adopted")) }
                        th scope="col" { (t(lang, "Überprüfung", "Review")) }
                        th scope="col" { (t(lang, "Stand", "State")) }
                        th scope="col" { (t(lang, "Änderungen", "Changes")) }
                    } }
                    tbody {
                        @for v in &view.versions {
                            tr {
                                td {
                                    @if Some(v.id) == shown { strong { (v.label) } }
                                    @else { a href=(href(lang, &format!("/konzept/{key}?fassung={}", v.label))) { (v.label) } }
                                }
                                td {
                                    (v.title)
                                    @if let Some(url) = &v.document_url { " (" a href=(url) rel="noopener" { (t(lang, "Dokument", "document")) } ")" }
                                }
                                td { (opt_date(lang, v.adopted_on)) }
                                td { (opt_date(lang, v.review_on)) }
                                td { (version_badges(lang, v)) }
                                td {
                                    @if let Some(base) = &v.based_on {
                                        a href=(href(lang, &format!("/konzept/{key}/vergleich?von={base}&bis={}", v.label))) {
                                            (t(lang, "gegenüber ", "against ")) (base)
                                        }
                                    } @else { "–" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn shown_version(
    view: &ConceptView,
    shown: &ShownVersion,
    lang: Lang,
    editor: bool,
    signed_in: bool,
    csrf: &str,
) -> Markup {
    let v = &shown.version;
    let c = &shown.targets;
    html! {
        h2 { (v.title) " " (version_badges(lang, v)) }
        p {
            (t(lang, "Zielwerte: ", "Targets: "))
            (c.reached) (t(lang, " erreicht, ", " reached, "))
            (c.on_track) (t(lang, " im Plan, ", " on track, "))
            (c.behind) (t(lang, " im Rückstand, ", " behind, "))
            (c.no_data) (t(lang, " ohne Daten", " without data"))
            (t(lang, " – Stand ", " – as of ")) (date(lang, shown.today))
        }
        @if !shown.warnings.is_empty() {
            div.notice role="status" {
                h3 { (t(lang, "Hinweise zur Aktualität", "Keeping it up to date")) }
                ul {
                    @for w in &shown.warnings {
                        li { strong { (t(lang, &w.at, &w.at_en)) ": " } (t(lang, &w.message_de, &w.message_en)) }
                    }
                }
            }
        }
        @if editor {
            (super::actions::draft_actions(view, shown, lang, csrf))
        }
        (super::measures::charts(view, shown, lang))
        @for tf in &shown.themenfelder {
            section.themenfeld {
                h2 { (tf.title) }
                p.hint {
                    (t(lang, "Handlungsfelder: ", "Fields of action: "))
                    @for (i, f) in tf.fields.iter().enumerate() {
                        @if i > 0 { ", " }
                        (t(lang, &f.label_de, &f.label_en))
                    }
                }
                blockquote.ideal {
                    strong { (t(lang, "Idealzustand: ", "Ideal state: ")) }
                    @match (lang, &tf.ideal_en) {
                        (Lang::En, Some(en)) => (en),
                        _ => (tf.ideal_de),
                    }
                }
                @for g in &tf.goals {
                    (goal(g, &shown.measures, lang))
                }
            }
        }
        (super::measures::table(shown, lang, signed_in))
    }
}

fn goal(g: &GoalView, measures: &[Measure], lang: Lang) -> Markup {
    let level = if g.depth == 0 {
        "goal"
    } else {
        "goal goal-sub"
    };
    html! {
        div class=(level) id=(format!("ziel-{}", g.id)) {
            h3 {
                (t(lang, "Ziel ", "Goal ")) (g.id) ": " (g.title)
            }
            p {
                (t(lang, "Fortschritt: ", "Progress: ")) strong { (share(lang, g.progress.value)) }
                @match g.progress.basis {
                    vergleich_domain::concept::progress::GoalBasis::Targets => {
                        " (" (t(lang, "aus ", "from ")) (g.progress.with_data) (t(lang, " von ", " of ")) (g.progress.of) (t(lang, " Zielwerten mit Daten)", " targets with data)"))
                    }
                    vergleich_domain::concept::progress::GoalBasis::Measures => {
                        " (" (t(lang, "aus dem Fortschritt von ", "from the progress of ")) (g.progress.with_data) (t(lang, " von ", " of ")) (g.progress.of) (t(lang, " Maßnahmen)", " measures)"))
                    }
                    vergleich_domain::concept::progress::GoalBasis::Nothing => {
                        " (" (t(lang, "weder Zielwerte noch Maßnahmen", "neither targets nor measures")) ")"
                    }
                }
                @if let Some(owner) = &g.owner { " · " (t(lang, "verantwortlich: ", "owner: ")) (owner) }
                @if let Some(d) = g.deadline { " · " (t(lang, "Frist: ", "deadline: ")) (date(lang, d)) }
            }
            @if !g.targets.is_empty() {
                div.table-wrap tabindex="0" role="region" aria-label=(format!("{} {}", t(lang, "Zielwerte von Ziel", "Targets of goal"), g.id)) {
                    table {
                        thead { tr {
                            th scope="col" { (t(lang, "Indikator", "Indicator")) }
                            th scope="col" { (t(lang, "Art", "Kind")) }
                            th scope="col" { (t(lang, "Basis", "Baseline")) }
                            th scope="col" { (t(lang, "Ist", "Actual")) }
                            th scope="col" { (t(lang, "Ziel", "Target")) }
                            th scope="col" { (t(lang, "Erreicht", "Attained")) }
                            th scope="col" { (t(lang, "Stand", "State")) }
                        } }
                        tbody {
                            @for tv in &g.targets {
                                @let (role, role_help) = role_text(lang, tv);
                                tr {
                                    td { a href=(href(lang, &format!("/indikator/{}", tv.indicator))) { (t(lang, &tv.label_de, &tv.label_en)) } }
                                    td { abbr title=(role_help) { (role) } }
                                    td.num { (value(lang, tv.baseline, &tv.unit)) " (" (tv.baseline_year) ")" }
                                    td.num {
                                        @match &tv.actual {
                                            Some(a) => {
                                                (value(lang, a.value, &tv.unit)) " (" (a.year) ")"
                                                br;
                                                span.hint {
                                                    @let source = a.source.clone().unwrap_or_default();
                                                    (source)
                                                    @if a.synthetic && !source.contains("synthetisch") { " – " (t(lang, "synthetisch", "synthetic")) }
                                                }
                                            }
                                            None => span.insufficient { (t(lang, "keine Daten", "no data")) },
                                        }
                                    }
                                    td.num { (value(lang, tv.target, &tv.unit)) " (" (tv.target_year) ")" }
                                    td.num {
                                        (share(lang, tv.attainment))
                                        @if let Some(e) = tv.expected_value {
                                            br; span.hint { (t(lang, "erwartet: ", "expected: ")) (super::rounded(lang, e, &[tv.baseline, tv.target], &tv.unit)) }
                                        }
                                    }
                                    td { span class=(state_class(tv.state)) { (state_text(lang, tv.state)) } }
                                }
                            }
                        }
                    }
                }
            }
            @let serving: Vec<&Measure> = measures.iter().filter(|m| g.measures.contains(&m.id)).collect();
            @if !serving.is_empty() {
                p.hint {
                    (t(lang, "Maßnahmen: ", "Measures: "))
                    @for (i, m) in serving.iter().enumerate() {
                        @if i > 0 { "; " }
                        a href=(format!("#massnahme-{}", m.id)) { (m.title) }
                        " (" (t(lang, m.status.label_de(), m.status.label_en()))
                        @if let Some(p) = m.progress { ", " (number(lang, p)) " %" }
                        ")"
                    }
                }
            }
        }
    }
}
