//! The workshop for participants, on their phones, without an account: `/workshop` (type the
//! code), `/workshop/{code}` (pick a perspective, rate the fields, comment on gaps; sent again it
//! changes the ballot), `/workshop/{code}/live` (the results for the projector, refreshing
//! itself). The ballot is the participant's by a random token in an HttpOnly, SameSite=Lax
//! cookie scoped to the workshop's path; a cross-site form cannot send it, so it cannot change
//! somebody's ballot. Wrong codes count against the address (`routes::workshops::join`).

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use maud::{Markup, html};
use vergleich_charts::Lang;
use vergleich_domain::selfcheck::Answer;
use vergleich_domain::selfcheck::workshop::{MAX_COMMENT, Perspective};
use vergleich_service::workflow::selfcheck_workshop::{BallotInput, RatingInput};
use vergleich_store::workshops::{Ballot, Workshop, WorkshopState};

use crate::auth::{AuthMethod, ClientAddress, Principal};
use crate::extract::ApiQuery;
use crate::pages::concept::edit::Fields;
use crate::pages::reading::common::Reading;
use crate::pages::workflow::{check_token, csrf_of, see_other};
use crate::pages::{LangParam, Nav, Page, PageError, href, t};
use crate::routes::workshops::join;
use crate::state::AppState;

/// The participant token's cookie (one per workshop path).
pub const BALLOT_COOKIE: &str = "vergleich_ballot";

const SCALE: [Answer; 5] = [
    Answer::Level(0),
    Answer::Level(1),
    Answer::Level(2),
    Answer::Level(3),
    Answer::DontKnow,
];

fn token_of(headers: &HeaderMap) -> Option<String> {
    CookieJar::from_headers(headers)
        .get(BALLOT_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| !v.is_empty())
}

fn set_token(w: &Workshop, token: &str, secure: bool) -> Option<HeaderValue> {
    let cookie = Cookie::build((BALLOT_COOKIE, token.to_owned()))
        .path(format!("/workshop/{}", w.code.as_str()))
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(cookie::time::Duration::days(30))
        .build();
    HeaderValue::from_str(&cookie.to_string()).ok()
}

/// Type the code from the slide; `?code=` goes on to the workshop.
#[utoipa::path(get, path = "/workshop", tag = "pages",
    params(("code" = Option<String>, Query, description = "The join code, e.g. KX4P-7QMA"), ("lang" = Option<String>, Query, description = "`en` for English")),
    responses(
        (status = 200, description = "The code form", content_type = "text/html"),
        (status = 303, description = "To the workshop of the code")))]
pub async fn join_page(page: Reading) -> Result<Response, PageError> {
    let lang = page.q.lang;
    if let Some(code) = page.q.get("code").filter(|c| !c.trim().is_empty()) {
        let canonical: String = code
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_uppercase())
            .take(32)
            .collect();
        return Ok(see_other(&href(lang, &format!("/workshop/{canonical}"))));
    }
    let body = html! {
        form.workflow-form method="get" action="/workshop" {
            @if lang == Lang::En { input type="hidden" name="lang" value="en"; }
            label for="code" { (t(lang, "Workshop-Code (steht auf der Folie)", "Workshop code (on the slide)")) }
            input type="text" id="code" name="code" required maxlength="16" autocomplete="off" autocapitalize="characters" spellcheck="false" placeholder="KX4P-7QMA";
            p { button type="submit" { (t(lang, "Teilnehmen", "Join")) } }
        }
        p.hint { (t(lang, "Ohne Anmeldung. Ihre Stimme ist anonym: gespeichert werden nur Perspektive, Bewertungen und Kommentare.",
            "No account needed. Your ballot is anonymous: only the perspective, ratings and comments are stored.")) }
    };
    Ok(Page::new(
        lang,
        t(lang, "Workshop beitreten", "Join a workshop"),
        Nav::Municipality,
        &page.principal,
        &page.method,
        "/workshop",
    )
    .render(body)
    .into_response())
}

fn ballot_form(
    w: &Workshop,
    fields: &[vergleich_domain::Field],
    mine: Option<&Ballot>,
    sent: Option<&Fields>,
    csrf: &str,
    lang: Lang,
) -> Markup {
    let code = w.code.as_str();
    let chosen_perspective = sent
        .and_then(|f| f.get("perspective"))
        .or_else(|| mine.map(|b| b.perspective.code().to_owned()));
    html! {
        form.selfcheck-form.ballot method="post" action=(href(lang, &format!("/workshop/{code}"))) {
            @if !csrf.is_empty() { input type="hidden" name="csrf_token" value=(csrf); }
            fieldset.item {
                legend { (t(lang, "Aus welcher Perspektive sprechen Sie?", "From which perspective do you speak?")) }
                div.choices {
                    @for p in Perspective::ALL {
                        @let id = format!("p-{}", p.code());
                        label for=(id) {
                            input type="radio" id=(id) name="perspective" value=(p.code()) required checked[chosen_perspective.as_deref() == Some(p.code())];
                            " " (t(lang, p.label_de(), p.label_en()))
                        }
                    }
                }
            }
            @for f in fields {
                @let mine_rating = mine.and_then(|b| b.ratings.iter().find(|r| r.field == f.id));
                @let chosen = sent.and_then(|s| s.get(&format!("r_{}", f.id))).or_else(|| mine_rating.map(|r| r.answer.code()));
                @let comment = sent.and_then(|s| s.get(&format!("c_{}", f.id))).or_else(|| mine_rating.and_then(|r| r.comment.clone()));
                fieldset.item {
                    legend { (t(lang, &f.label_de, &f.label_en)) }
                    p.hint { (t(lang, "Wo steht die Kommune in diesem Handlungsfeld?", "Where does the municipality stand in this field?")) }
                    div.choices {
                        @for a in SCALE {
                            @let id = format!("r-{}-{}", f.id, a.code());
                            label for=(id) {
                                input type="radio" id=(id) name=(format!("r_{}", f.id)) value=(a.code()) checked[chosen.as_deref() == Some(a.code().as_str())];
                                " " (t(lang, a.label_de(), a.label_en()))
                            }
                        }
                    }
                    label for=(format!("c-{}", f.id)) { (t(lang, "Was fehlt? (optional, anonym)", "What is missing? (optional, anonymous)")) }
                    textarea id=(format!("c-{}", f.id)) name=(format!("c_{}", f.id)) maxlength=(MAX_COMMENT) rows="2" { (comment.unwrap_or_default()) }
                }
            }
            p { button type="submit" { (if mine.is_some() { t(lang, "Stimme ändern", "Change my ballot") } else { t(lang, "Stimme abgeben", "Cast my ballot") }) } }
        }
    }
}

fn workshop_page(
    state_principal: (&Principal, &AuthMethod),
    w: &Workshop,
    body: Markup,
    lang: Lang,
) -> Markup {
    Page::new(
        lang,
        w.title.clone(),
        Nav::Municipality,
        state_principal.0,
        state_principal.1,
        format!("/workshop/{}", w.code.as_str()),
    )
    .render(body)
}

/// The ballot form of a workshop, prefilled with the participant's ballot.
#[utoipa::path(get, path = "/workshop/{code}", tag = "pages",
    params(("code" = String, Path, description = "Join code"), ("lang" = Option<String>, Query, description = "`en` for English")),
    responses(
        (status = 200, description = "The ballot form", content_type = "text/html"),
        (status = 303, description = "To the code's canonical spelling"),
        (status = 404, description = "No workshop with this code", content_type = "text/html"),
        (status = 429, description = "Too many wrong codes from this address", content_type = "text/html")))]
pub async fn ballot_page(
    page: Reading,
    address: ClientAddress,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let lang = page.q.lang;
    let w = join(&page.state, address, &code)
        .await
        .map_err(|e| PageError::from_app(e, lang))?;
    if w.code.as_str() != code {
        return Ok(see_other(&href(
            lang,
            &format!("/workshop/{}", w.code.as_str()),
        )));
    }
    let flow = page.state.workflow();
    let mine = match token_of(&headers) {
        Some(token) => flow
            .my_ballot(&w, &token)
            .await
            .map_err(|e| PageError::from_service(e, lang))?,
        None => None,
    };
    let fields = flow
        .workshop_fields()
        .await
        .map_err(|e| PageError::from_service(e, lang))?;
    let live = href(lang, &format!("/workshop/{}/live", w.code.as_str()));
    let body = html! {
        p.lead { (t(lang, "Code ", "Code ")) strong { (w.code.display()) } " · " a href=(live) { (t(lang, "Ergebnisse live", "Live results")) } }
        @if page.q.get("gespeichert").is_some() && mine.is_some() {
            p.confirmation role="status" { (t(lang, "Danke, Ihre Stimme ist gespeichert. Sie können sie ändern, bis die Moderation den Workshop schließt.",
                "Thank you, your ballot is stored. You can change it until the facilitator closes the workshop.")) }
        }
        @if w.state == WorkshopState::Closed {
            p.notice role="status" { (t(lang, "Der Workshop ist geschlossen; Stimmen können nicht mehr abgegeben oder geändert werden.",
                "The workshop is closed; ballots can no longer be cast or changed.")) }
        } @else {
            p.hint { (t(lang, "Skala: 0 nicht vorhanden · 1 geplant · 2 teilweise umgesetzt · 3 umgesetzt und verankert. Ein Feld ohne Bewertung zählt nicht (nicht als 0). Ihre Stimme ist anonym.",
                "Scale: 0 not in place · 1 planned · 2 partly implemented · 3 implemented and embedded. A field left unrated does not count (not as 0). Your ballot is anonymous.")) }
            (ballot_form(&w, &fields, mine.as_ref(), None, csrf_of(&page.method), lang))
        }
    };
    Ok(workshop_page((&page.principal, &page.method), &w, body, lang).into_response())
}

/// Casts or changes the participant's ballot; back to the form, or its problems (422).
#[utoipa::path(post, path = "/workshop/{code}", tag = "pages",
    params(("code" = String, Path, description = "Join code"), ("lang" = Option<String>, Query, description = "`en` for English")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "perspective, r_<field> = 0–3 | dont_know, c_<field> = comment"),
    responses(
        (status = 303, description = "Stored: back to the form (the cookie carries the token)"),
        (status = 404, description = "No workshop with this code", content_type = "text/html"),
        (status = 409, description = "Closed, or the ballot cap reached", content_type = "text/html"),
        (status = 422, description = "Problems by field; nothing stored", content_type = "text/html"),
        (status = 429, description = "Too many wrong codes from this address", content_type = "text/html")))]
#[allow(clippy::too_many_arguments)]
pub async fn save_ballot(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    address: ClientAddress,
    headers: HeaderMap,
    Path(code): Path<String>,
    ApiQuery(query): ApiQuery<LangParam>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let lang = query.lang();
    let w = join(&state, address, &code)
        .await
        .map_err(|e| PageError::from_app(e, lang))?;
    let fields = state
        .workflow()
        .workshop_fields()
        .await
        .map_err(|e| PageError::from_service(e, lang))?;
    let sent = Fields(form);
    check_token(&method, &sent.get("csrf_token").unwrap_or_default(), lang)?;
    let input = BallotInput {
        perspective: sent.get("perspective").unwrap_or_default(),
        ratings: fields
            .iter()
            .filter_map(|f| {
                let answer = sent.get(&format!("r_{}", f.id)).filter(|a| !a.is_empty());
                let comment = sent
                    .get(&format!("c_{}", f.id))
                    .filter(|c| !c.trim().is_empty());
                (answer.is_some() || comment.is_some()).then(|| RatingInput {
                    field: f.id.to_string(),
                    // A comment without a rating is kept as "skipped": the gap is named, no level.
                    answer: answer.unwrap_or_else(|| "skipped".to_owned()),
                    comment,
                })
            })
            .collect(),
    };
    let token = token_of(&headers);
    match state
        .workflow()
        .cast_ballot(&w, token.as_deref(), &input)
        .await
    {
        Ok((_, token, _)) => {
            let mut response = see_other(&href(
                lang,
                &format!("/workshop/{}?gespeichert=1", w.code.as_str()),
            ));
            if let Some(cookie) = set_token(&w, &token, !state.http.insecure_cookies) {
                response.headers_mut().insert(header::SET_COOKIE, cookie);
            }
            Ok(response)
        }
        Err(e) if e.code == vergleich_service::ErrorCode::InvalidParameter => {
            let mine = match &token {
                Some(t) => state
                    .workflow()
                    .my_ballot(&w, t)
                    .await
                    .map_err(|e| PageError::from_service(e, lang))?,
                None => None,
            };
            let body = html! {
                div.errors role="alert" {
                    p { strong { (t(lang, "Die Stimme wurde nicht gespeichert:", "The ballot was not stored:")) } }
                    ul { @for d in &e.errors { li { (t(lang, &d.message_de, &d.message_en)) } } }
                }
                (ballot_form(&w, &fields, mine.as_ref(), Some(&sent), csrf_of(&method), lang))
            };
            let mut response = workshop_page((&principal, &method), &w, body, lang).into_response();
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(e) => Err(PageError::from_service(e, lang)),
    }
}

/// The live results for the projector: reloads itself every 5 s, every 2 s with scripts on.
#[utoipa::path(get, path = "/workshop/{code}/live", tag = "pages",
    params(("code" = String, Path, description = "Join code"), ("lang" = Option<String>, Query, description = "`en` for English")),
    responses(
        (status = 200, description = "The live results", content_type = "text/html"),
        (status = 404, description = "No workshop with this code", content_type = "text/html"),
        (status = 429, description = "Too many wrong codes from this address", content_type = "text/html")))]
pub async fn live_page(
    page: Reading,
    address: ClientAddress,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let lang = page.q.lang;
    let w = join(&page.state, address, &code)
        .await
        .map_err(|e| PageError::from_app(e, lang))?;
    let view = page
        .state
        .workflow()
        .workshop_view(&page.principal, &w, true)
        .await
        .map_err(|e| PageError::from_service(e, lang))?;
    let charts = super::charts::draw_workshop(&page.state, &view, lang).await;
    let join_path = format!("/workshop/{}", w.code.as_str());
    let body = html! {
        p.lead.live-code {
            (t(lang, "Mitmachen: ", "Join: ")) strong { (join_path) } " · " (t(lang, "Code ", "code ")) strong { (w.code.display()) }
        }
        div id="live" aria-live="polite" {
            (super::workshop_results::results(&view, lang, false, &format!("/api/v1/workshops/{}/results", w.code.as_str()), charts))
        }
    };
    let title = match lang {
        Lang::De => format!("Live: {}", w.title),
        Lang::En => format!("Live: {}", w.title),
    };
    Ok(Page::new(
        lang,
        title,
        Nav::Municipality,
        &page.principal,
        &page.method,
        format!("{join_path}/live"),
    )
    .live(5, "/static/live.js")
    .render(body)
    .into_response())
}
