//! A Selbstcheck round (`/selbstcheck/runde/{id}?feld=zugang`): the field scores with coverage,
//! and one field's items — as a form for the member's users while the round is a draft (six
//! choices per item, an evidence field, saved on submit), as results otherwise.

use axum::extract::Path;
use maud::{Markup, html};
use vergleich_charts::Lang;
use vergleich_domain::selfcheck::Answer;
use vergleich_service::workflow::selfcheck::{FieldResult, RoundView};
use vergleich_store::selfcheck::RoundState;

use super::state_text;
use crate::pages::reading::common::Reading;
use crate::pages::workflow::{csrf_of, number};
use crate::pages::{Nav, Page, PageError, href, t};

const CHOICES: [Answer; 6] = [
    Answer::Level(0),
    Answer::Level(1),
    Answer::Level(2),
    Answer::Level(3),
    Answer::Skipped,
    Answer::DontKnow,
];

/// A Selbstcheck round: field scores, and one field's items as form or results.
#[utoipa::path(get, path = "/selbstcheck/runde/{id}", tag = "pages",
    params(
        ("id" = i64, Path, description = "Round id"),
        ("feld" = Option<String>, Query, description = "Field shown (default: the first)"),
        ("lang" = Option<String>, Query, description = "`de` (default) or `en`"),
    ),
    responses(
        (status = 200, description = "Round page", content_type = "text/html"),
        (status = 404, description = "No such round, or one in work of another member", content_type = "text/html")))]
pub async fn round_page(page: Reading, Path(id): Path<i64>) -> Result<Markup, PageError> {
    let Reading {
        state,
        principal,
        method,
        q,
    } = page;
    let lang = q.lang;
    let view = state
        .workflow()
        .selfcheck_round(&principal, id)
        .await
        .map_err(|e| PageError::from_service(e, lang))?;
    let editor =
        principal.member_user(&view.round.municipality) && view.round.state == RoundState::Draft;
    let manager = principal
        .role()
        .is_some_and(vergleich_domain::Role::sees_unpublished);
    let field = q.feld.clone().unwrap_or_else(|| {
        view.fields
            .first()
            .map(|f| f.field.clone())
            .unwrap_or_default()
    });
    let workshops = state
        .workflow()
        .round_workshops(&principal, id)
        .await
        .map_err(|e| PageError::from_service(e, lang))?;
    let facilitator = principal.member_user(&view.round.municipality) || manager;
    let mut drawn = Vec::with_capacity(workshops.len());
    for w in workshops {
        let charts = super::charts::draw_workshop(&state, &w, lang).await;
        drawn.push((w, charts));
    }
    let workshops =
        super::facilitate::round_section(&view.round, drawn, lang, facilitator, csrf_of(&method));
    let name = state
        .store
        .municipalities()
        .await
        .map_err(|e| PageError::from_service(e.into(), lang))?
        .into_iter()
        .find(|m| m.key == view.round.municipality)
        .map_or_else(|| view.round.municipality.to_string(), |m| m.name);
    // The shown field's items as a chart, for readers of the results (not the form).
    let likert = match view
        .fields
        .iter()
        .find(|f| f.field == field)
        .or(view.fields.first())
    {
        Some(f) if !editor => {
            let (v, f, name) = (view.clone(), f.clone(), name.clone());
            let demo = v.round.created_by == "system:demo";
            Some(
                super::charts::draw(&state, move || {
                    super::charts::likert_spec(&v, &f, &name, lang, demo).to_svg()
                })
                .await,
            )
        }
        _ => None,
    };
    let body = body(
        &view,
        likert,
        &field,
        lang,
        editor,
        manager,
        csrf_of(&method),
        q.get("gespeichert").is_some(),
    );
    let body = maud::html! { (body) (workshops) };
    let title = match lang {
        Lang::De => format!("Selbstcheck, Runde {}", view.round.label),
        Lang::En => format!("Self-check, round {}", view.round.label),
    };
    Ok(Page::new(
        lang,
        title,
        Nav::Municipality,
        &principal,
        &method,
        format!("/selbstcheck/runde/{id}?feld={field}"),
    )
    .render(body))
}

fn score_text(lang: Lang, f: &FieldResult) -> String {
    match f.score.score {
        Some(s) => format!(
            "{} ({} {} %)",
            number(lang, (s * 10.0).round() / 10.0),
            t(lang, "Abdeckung", "coverage"),
            number(lang, (f.score.coverage * 100.0).round())
        ),
        None if f.score.answered == 0 => {
            t(lang, "noch keine Antworten", "no answers yet").to_owned()
        }
        None => format!(
            "{} ({} {} %)",
            t(lang, "Datenlage unzureichend", "insufficient data"),
            t(lang, "Abdeckung", "coverage"),
            number(lang, (f.score.coverage * 100.0).round())
        ),
    }
}

#[allow(clippy::too_many_arguments)] // the page's parts, each read once
fn body(
    v: &RoundView,
    likert: Option<Result<vergleich_charts::SvgChart, vergleich_charts::ChartError>>,
    field: &str,
    lang: Lang,
    editor: bool,
    manager: bool,
    csrf: &str,
    saved: bool,
) -> Markup {
    let id = v.round.id;
    let shown = v
        .fields
        .iter()
        .find(|f| f.field == field)
        .or(v.fields.first());
    let next = v.fields.iter().skip_while(|f| f.field != field).nth(1);
    let demo = v.round.created_by == "system:demo";
    html! {
        @if demo { p.demo { (t(lang, vergleich_domain::SYNTHETIC_LABEL_DE, vergleich_domain::SYNTHETIC_LABEL_EN)) ": " (t(lang, "erfundene Ausfüllende und Antworten.", "invented raters and answers.")) } }
        p.lead {
            (t(lang, &v.title_de, &v.title_en)) " · "
            span class=(format!("state state-{}", v.round.state.as_str())) { (state_text(lang, v.round.state)) }
            " · " (v.raters) (t(lang, " Ausfüllende", " raters"))
            " · " a href=(href(lang, &format!("/selbstcheck/{}", v.round.municipality))) { (t(lang, "alle Runden", "all rounds")) }
        }
        @if saved { p.confirmation role="status" { (t(lang, "Gespeichert.", "Saved.")) } }
        @if let Some(p) = v.mine {
            p { strong {
                (p.answered) (t(lang, " von ", " of ")) (p.of) (t(lang, " beantwortet, ", " answered, "))
                (p.skipped) (t(lang, " übersprungen, ", " skipped, ")) (p.dont_know) (t(lang, " „weiß nicht“", " \"don't know\""))
            } }
        }
        h2 { (t(lang, "Werte je Handlungsfeld", "Score per field")) }
        div.table-wrap tabindex="0" role="region" aria-label=(t(lang, "Werte je Handlungsfeld", "Score per field")) {
            table {
                thead { tr {
                    th scope="col" { (t(lang, "Handlungsfeld", "Field")) }
                    th scope="col" { (t(lang, "Wert (0–100)", "Score (0–100)")) }
                    th scope="col" { (t(lang, "Beantwortet", "Answered")) }
                } }
                tbody {
                    @for f in &v.fields {
                        tr {
                            td { a href=(href(lang, &format!("/selbstcheck/runde/{id}?feld={}", f.field))) aria-current=[shown.is_some_and(|s| s.field == f.field).then_some("page")] { (t(lang, &f.label_de, &f.label_en)) } }
                            td { (score_text(lang, f)) }
                            td.num { (f.score.answered) " / " (f.score.items) }
                        }
                    }
                }
            }
        }
        p.hint { (t(lang, "Übersprungene Fragen und „weiß nicht“ zählen nicht als 0, sondern als nicht beantwortet; unter 60 % beantworteter Fragen gibt es keinen Wert.",
            "Skipped questions and \"don't know\" do not count as 0 but as not answered; below 60 % of the questions answered there is no score.")) }
        @if let Some(f) = shown {
            h2 id="fragen" { (t(lang, &f.label_de, &f.label_en)) }
            @if editor {
                form.selfcheck-form method="post" action=(href(lang, &format!("/selbstcheck/runde/{id}"))) {
                    input type="hidden" name="csrf_token" value=(csrf);
                    input type="hidden" name="feld" value=(f.field);
                    label for="department" { (t(lang, "Ihr Amt oder Fachbereich (optional)", "Your department (optional)")) }
                    input type="text" id="department" name="department" maxlength="100" value=(v.my_department.clone().unwrap_or_default());
                    @for item in &f.items {
                        fieldset.item {
                            legend { span.item-id { (item.id) } " " (t(lang, &item.text_de, &item.text_en)) }
                            p.hint { (t(lang, &item.help_de, &item.help_en)) }
                            div.choices {
                                @for c in CHOICES {
                                    @let input_id = format!("{}-{}", item.id, c.code());
                                    label for=(input_id) {
                                        input type="radio" id=(input_id) name=(format!("a_{}", item.id)) value=(c.code()) checked[item.mine == Some(c)];
                                        " " (t(lang, c.label_de(), c.label_en()))
                                    }
                                }
                            }
                            label for=(format!("e_{}", item.id)) { (t(lang, "Beleg oder Link (optional)", "Evidence or link (optional)")) }
                            input type="text" id=(format!("e_{}", item.id)) name=(format!("e_{}", item.id)) maxlength="1000" value=(item.my_evidence.clone().unwrap_or_default());
                        }
                    }
                    p {
                        button type="submit" name="weiter" value="" { (t(lang, "Speichern", "Save")) }
                        @if let Some(n) = next {
                            " " button type="submit" name="weiter" value=(n.field) { (t(lang, "Speichern und weiter: ", "Save and next: ")) (t(lang, &n.label_de, &n.label_en)) }
                        }
                    }
                }
                form.inline method="post" action=(href(lang, &format!("/selbstcheck/runde/{id}/einreichen"))) {
                    input type="hidden" name="csrf_token" value=(csrf);
                    button type="submit" { (t(lang, "Runde zur Prüfung einreichen", "Submit the round for review")) }
                }
            } @else {
                @let query = format!("?field={}{}", f.field, t(lang, "", "&lang=en"));
                @let links = html! { p.downloads {
                    a href=(format!("/api/v1/selfcheck/rounds/{id}.png{query}")) { "PNG" }
                    a href=(format!("/api/v1/selfcheck/rounds/{id}.svg{query}")) { "SVG" }
                } };
                @if let Some(chart) = likert {
                    (crate::pages::concept::charts::figure(chart, links, lang))
                }
                (results(f, lang, v.min_cell))
            }
        }
        @if manager && v.round.state == RoundState::Submitted {
            form.inline method="post" action=(href(lang, &format!("/selbstcheck/runde/{id}/veroeffentlichen"))) {
                input type="hidden" name="csrf_token" value=(csrf);
                button type="submit" { (t(lang, "Runde veröffentlichen", "Publish the round")) }
            }
        }
        p.downloads { a href=(format!("/api/v1/selfcheck/rounds/{id}")) { "JSON" } }
    }
}

fn results(f: &FieldResult, lang: Lang, min_cell: usize) -> Markup {
    html! {
        div.table-wrap tabindex="0" role="region" aria-label=(t(lang, &f.label_de, &f.label_en)) {
            table {
                thead { tr {
                    th scope="col" { (t(lang, "Frage", "Item")) }
                    th scope="col" { (t(lang, "Median", "Median")) }
                    th scope="col" { (t(lang, "Verteilung 0/1/2/3", "Distribution 0/1/2/3")) }
                    th scope="col" { (t(lang, "Einigkeit", "Consensus")) }
                } }
                tbody {
                    @for item in &f.items {
                        tr {
                            td { a.item-id href=(href(lang, &format!("/selbstcheck/frage/{}", item.id))) { (item.id) } " " (t(lang, &item.text_de, &item.text_en)) }
                            td.num { (item.median.map_or_else(|| "–".to_owned(), |m| number(lang, m))) }
                            td {
                                @match item.distribution {
                                    Some(d) => { (d[0]) " / " (d[1]) " / " (d[2]) " / " (d[3]) }
                                    None => span.insufficient title=(format!("{} {min_cell}", t(lang, "verborgen: weniger Antworten als", "hidden: fewer answers than"))) {
                                        (t(lang, "verborgen (weniger als 3 Antworten)", "hidden (fewer than 3 answers)"))
                                    },
                                }
                                @if item.skipped + item.dont_know > 0 {
                                    br; span.hint { (item.skipped) (t(lang, " übersprungen, ", " skipped, ")) (item.dont_know) (t(lang, " weiß nicht", " don't know")) }
                                }
                            }
                            td { (t(lang, item.consensus.label_de(), item.consensus.label_en())) }
                        }
                    }
                }
            }
        }
    }
}
