//! The facilitator's side of a workshop: open one from the round page, the workshop page
//! (`/selbstcheck/workshop/{id}`: code and join path for the slide, the live results, close,
//! the agreed value and rationale per field, comments taken over as needs for action), and the
//! workshops section of the round page. Each POST checks role and CSRF token.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use vergleich_charts::Lang;
use vergleich_domain::Role;
use vergleich_domain::selfcheck::Answer;
use vergleich_service::workflow::selfcheck_workshop::OutcomeInput;
use vergleich_service::workflow::selfcheck_workshop_view::WorkshopView;
use vergleich_store::selfcheck::{Round, RoundState};
use vergleich_store::workshops::WorkshopState;

use crate::auth::{AuthMethod, Principal};
use crate::extract::ApiQuery;
use crate::pages::concept::edit::Fields;
use crate::pages::reading::common::Reading;
use crate::pages::workflow::{check_token, csrf_of, form_user, page_user, see_other};
use crate::pages::{LangParam, Nav, Page, PageError, href, t};
use crate::state::AppState;

const ROLES: [Role; 3] = [Role::Municipality, Role::Manager, Role::Admin];
const WHAT: (&str, &str) = ("einen Workshop leiten", "facilitate a workshop");

/// A facilitator's form: the role (401/403) and the CSRF token (403) checked, its fields.
fn checked_form(
    principal: &Principal,
    method: &AuthMethod,
    fields: Vec<(String, String)>,
    lang: Lang,
) -> Result<Fields, PageError> {
    form_user(principal, &ROLES, lang, WHAT)?;
    let fields = Fields(fields);
    check_token(method, &fields.get("csrf_token").unwrap_or_default(), lang)?;
    Ok(fields)
}

/// The workshops of a round on its page; for facilitators the form that opens one.
pub fn round_section(
    round: &Round,
    views: Vec<(WorkshopView, super::charts::WorkshopCharts)>,
    lang: Lang,
    facilitator: bool,
    csrf: &str,
) -> Markup {
    html! {
        h2 id="workshops" { (t(lang, "Workshops", "Workshops")) }
        @if views.is_empty() {
            p { (t(lang, "Zu dieser Runde gibt es noch keinen Workshop.", "This round has no workshop yet.")) }
        }
        @for (v, charts) in views {
            h3 {
                @if v.facilitator {
                    a href=(href(lang, &format!("/selbstcheck/workshop/{}", v.workshop.id))) { (v.workshop.title) }
                } @else { (v.workshop.title) }
            }
            (super::workshop_results::results(&v, lang, true, &format!("/api/v1/selfcheck/workshops/{}", v.workshop.id), charts))
        }
        @if facilitator && round.state != RoundState::Published {
            form.workflow-form method="post" action=(href(lang, &format!("/selbstcheck/runde/{}/workshops", round.id))) {
                h3 { (t(lang, "Workshop eröffnen", "Open a workshop")) }
                input type="hidden" name="csrf_token" value=(csrf);
                label for="title" { (t(lang, "Titel (z. B. Workshop Weltoffene Kommune, 27. August)", "Title (e.g. Welcoming municipality workshop, 27 August)")) }
                input type="text" id="title" name="title" required maxlength="200";
                p { button type="submit" { (t(lang, "Workshop eröffnen und Code erzeugen", "Open the workshop and make a code")) } }
            }
        }
    }
}

/// Opens a workshop for a round; to its page with the code.
#[utoipa::path(post, path = "/selbstcheck/runde/{id}/workshops", tag = "pages",
    params(("id" = i64, Path, description = "Round id"), ("lang" = Option<String>, Query, description = "`en` for English")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "csrf_token, title"),
    responses(
        (status = 303, description = "Opened: to the workshop page"),
        (status = 400, description = "Bad title", content_type = "text/html"),
        (status = 401, description = "Not signed in", content_type = "text/html"),
        (status = 403, description = "Not a facilitator role, or CSRF token wrong", content_type = "text/html"),
        (status = 404, description = "No such round of the user's member", content_type = "text/html"),
        (status = 409, description = "The round is published", content_type = "text/html")))]
pub async fn open(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    Path(id): Path<i64>,
    ApiQuery(query): ApiQuery<LangParam>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let lang = query.lang();
    let fields = checked_form(&principal, &method, fields, lang)?;
    let w = state
        .workflow()
        .open_workshop(&principal, id, &fields.get("title").unwrap_or_default())
        .await
        .map_err(|e| PageError::from_service(e, lang))?;
    Ok(see_other(&href(
        lang,
        &format!("/selbstcheck/workshop/{}", w.id),
    )))
}

/// The facilitator's workshop page.
#[utoipa::path(get, path = "/selbstcheck/workshop/{id}", tag = "pages",
    params(("id" = i64, Path, description = "Workshop id"), ("lang" = Option<String>, Query, description = "`en` for English")),
    responses(
        (status = 200, description = "The workshop", content_type = "text/html"),
        (status = 303, description = "Signed out: to the sign-in form"),
        (status = 403, description = "Not a facilitator role", content_type = "text/html"),
        (status = 404, description = "No such workshop of the user's member", content_type = "text/html")))]
pub async fn page(page: Reading, Path(id): Path<i64>) -> Result<Response, PageError> {
    let lang = page.q.lang;
    let path = format!("/selbstcheck/workshop/{id}");
    if let Err(denied) = page_user(&page.principal, &ROLES, lang, &path, WHAT) {
        return Ok(denied.into_response());
    }
    let flow = page.state.workflow();
    let (w, round) = flow
        .facilitated_workshop(&page.principal, id)
        .await
        .map_err(|e| PageError::from_service(e, lang))?;
    let view = flow
        .workshop_view(&page.principal, &w, false)
        .await
        .map_err(|e| PageError::from_service(e, lang))?;
    let charts = super::charts::draw_workshop(&page.state, &view, lang).await;
    let csrf = csrf_of(&page.method);
    let join = format!("/workshop/{}", w.code.as_str());
    let open = w.state == WorkshopState::Open;
    let body = html! {
        p.lead {
            (t(lang, "Runde ", "Round ")) a href=(href(lang, &format!("/selbstcheck/runde/{}#workshops", round.id))) { (round.label) }
            " · " (view.workshop.ballots) (t(lang, " Stimmen", " ballots"))
        }
        div.slide {
            p { (t(lang, "Für die Folie: Teilnehmende öffnen", "For the slide: participants open")) }
            p.code-big { strong { (join) } }
            p { (t(lang, "oder geben auf /workshop den Code ein: ", "or type the code at /workshop: ")) strong.code-big { (w.code.display()) } }
            p { a href=(href(lang, &format!("{join}/live"))) { (t(lang, "Live-Ergebnisse für den Beamer öffnen", "Open the live results for the projector")) } }
        }
        @if open {
            form.inline method="post" action=(href(lang, &format!("/selbstcheck/workshop/{id}/schliessen"))) {
                input type="hidden" name="csrf_token" value=(csrf);
                button type="submit" { (t(lang, "Workshop schließen (Stimmen werden endgültig)", "Close the workshop (ballots become final)")) }
            }
        }
        (super::workshop_results::results(&view, lang, true, &format!("/api/v1/selfcheck/workshops/{id}"), charts))
        (needs(&view, lang, csrf))
        (outcome_form(&view, lang, csrf))
    };
    Ok(Page::new(
        lang,
        w.title.clone(),
        Nav::Municipality,
        &page.principal,
        &page.method,
        path,
    )
    .render(body)
    .into_response())
}

fn needs(v: &WorkshopView, lang: Lang, csrf: &str) -> Markup {
    let id = v.workshop.id;
    html! {
        @if v.fields.iter().any(|f| !f.comments.is_empty()) {
            h2 { (t(lang, "Kommentare als Handlungsbedarf übernehmen", "Take comments over as needs for action")) }
            @for f in v.fields.iter().filter(|f| !f.comments.is_empty()) {
                h3 { (t(lang, &f.label_de, &f.label_en)) }
                ul.comments {
                    @for c in &f.comments {
                        li {
                            (c.text) " "
                            @if let Some(ballot) = c.ballot {
                                form.inline method="post" action=(href(lang, &format!("/selbstcheck/workshop/{id}/handlungsbedarf"))) {
                                    input type="hidden" name="csrf_token" value=(csrf);
                                    input type="hidden" name="ballot" value=(ballot);
                                    input type="hidden" name="field" value=(f.field);
                                    input type="hidden" name="need" value=(if c.need { "false" } else { "true" });
                                    button type="submit" { (if c.need { t(lang, "Handlungsbedarf zurücknehmen", "Take back") } else { t(lang, "Als Handlungsbedarf übernehmen", "Take over as need for action") }) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn outcome_form(v: &WorkshopView, lang: Lang, csrf: &str) -> Markup {
    html! {
        form.workflow-form method="post" action=(href(lang, &format!("/selbstcheck/workshop/{}/ergebnis", v.workshop.id))) {
            h2 { (t(lang, "Vereinbarte Einschätzung festhalten", "Record the agreed assessment")) }
            p.hint { (t(lang, "Am Ende des Workshops je Handlungsfeld die gemeinsam vereinbarte Stufe und eine kurze Begründung. Felder ohne Stufe bleiben offen.",
                "At the end of the workshop, per field the level agreed together and a short rationale. Fields without a level stay open.")) }
            input type="hidden" name="csrf_token" value=(csrf);
            @for f in &v.fields {
                @let current = f.outcome.as_ref().map(|o| o.agreed.code());
                fieldset.item {
                    legend { (t(lang, &f.label_de, &f.label_en)) }
                    label for=(format!("o-{}", f.field)) { (t(lang, "Vereinbarte Stufe", "Agreed level")) }
                    select id=(format!("o-{}", f.field)) name=(format!("o_{}", f.field)) {
                        option value="" { "–" }
                        @for l in 0..=3u8 {
                            @let a = Answer::Level(l);
                            option value=(a.code()) selected[current.as_deref() == Some(a.code().as_str())] { (l) " – " (t(lang, a.label_de(), a.label_en())) }
                        }
                    }
                    label for=(format!("g-{}", f.field)) { (t(lang, "Begründung", "Rationale")) }
                    textarea id=(format!("g-{}", f.field)) name=(format!("g_{}", f.field)) maxlength="2000" rows="2" { (f.outcome.as_ref().map(|o| o.rationale.clone()).unwrap_or_default()) }
                }
            }
            p { button type="submit" { (t(lang, "Festhalten", "Record")) } }
        }
    }
}

/// Closes the workshop.
#[utoipa::path(post, path = "/selbstcheck/workshop/{id}/schliessen", tag = "pages",
    params(("id" = i64, Path, description = "Workshop id"), ("lang" = Option<String>, Query, description = "`en` for English")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "csrf_token"),
    responses(
        (status = 303, description = "Closed: back to the workshop page"),
        (status = 401, description = "Not signed in", content_type = "text/html"),
        (status = 403, description = "Not a facilitator role, or CSRF token wrong", content_type = "text/html"),
        (status = 404, description = "No such workshop of the user's member", content_type = "text/html"),
        (status = 409, description = "Closed already", content_type = "text/html")))]
pub async fn close(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    Path(id): Path<i64>,
    ApiQuery(query): ApiQuery<LangParam>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let lang = query.lang();
    checked_form(&principal, &method, fields, lang)?;
    state
        .workflow()
        .close_workshop(&principal, id)
        .await
        .map_err(|e| PageError::from_service(e, lang))?;
    Ok(see_other(&href(
        lang,
        &format!("/selbstcheck/workshop/{id}"),
    )))
}

/// Records the agreed values and rationales (fields with a level), all or nothing.
#[utoipa::path(post, path = "/selbstcheck/workshop/{id}/ergebnis", tag = "pages",
    params(("id" = i64, Path, description = "Workshop id"), ("lang" = Option<String>, Query, description = "`en` for English")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "csrf_token, o_<field> = 0–3, g_<field> = rationale"),
    responses(
        (status = 303, description = "Recorded: back to the workshop page"),
        (status = 400, description = "Problems by field; nothing stored", content_type = "text/html"),
        (status = 401, description = "Not signed in", content_type = "text/html"),
        (status = 403, description = "Not a facilitator role, or CSRF token wrong", content_type = "text/html"),
        (status = 404, description = "No such workshop of the user's member", content_type = "text/html")))]
pub async fn record(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    Path(id): Path<i64>,
    ApiQuery(query): ApiQuery<LangParam>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let lang = query.lang();
    let fields = checked_form(&principal, &method, fields, lang)?;
    let input: Vec<OutcomeInput> = fields
        .0
        .iter()
        .filter_map(|(k, v)| {
            let field = k.strip_prefix("o_")?;
            (!v.is_empty()).then(|| OutcomeInput {
                field: field.to_owned(),
                agreed: v.clone(),
                rationale: fields.get(&format!("g_{field}")).unwrap_or_default(),
            })
        })
        .collect();
    state
        .workflow()
        .record_outcomes(&principal, id, &input)
        .await
        .map_err(|e| PageError::from_service(e, lang))?;
    Ok(see_other(&href(
        lang,
        &format!("/selbstcheck/workshop/{id}"),
    )))
}

/// Takes a comment over as a need for action (or back).
#[utoipa::path(post, path = "/selbstcheck/workshop/{id}/handlungsbedarf", tag = "pages",
    params(("id" = i64, Path, description = "Workshop id"), ("lang" = Option<String>, Query, description = "`en` for English")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "csrf_token, ballot, field, need = true | false"),
    responses(
        (status = 303, description = "Stored: back to the workshop page"),
        (status = 401, description = "Not signed in", content_type = "text/html"),
        (status = 403, description = "Not a facilitator role, or CSRF token wrong", content_type = "text/html"),
        (status = 404, description = "No such workshop or comment", content_type = "text/html")))]
pub async fn need(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    Path(id): Path<i64>,
    ApiQuery(query): ApiQuery<LangParam>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let lang = query.lang();
    let fields = checked_form(&principal, &method, fields, lang)?;
    let ballot = fields
        .get("ballot")
        .and_then(|b| b.parse::<i64>().ok())
        .unwrap_or(-1);
    state
        .workflow()
        .mark_need(
            &principal,
            id,
            ballot,
            &fields.get("field").unwrap_or_default(),
            fields.get("need").as_deref() == Some("true"),
        )
        .await
        .map_err(|e| PageError::from_service(e, lang))?;
    Ok(see_other(&href(
        lang,
        &format!("/selbstcheck/workshop/{id}"),
    )))
}
