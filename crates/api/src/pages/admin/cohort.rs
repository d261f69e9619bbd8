//! The admins' cohort page (`/verwaltung/kohorte`, issue #14 B.3–4): the named cohorts, every
//! municipality with its membership periods, and forms to add a municipality, add a period (it
//! joined another cohort or came back) and end one (it left). Plain HTML forms; every POST
//! checks the role and the CSRF token; the rules are the workflow's
//! (`vergleich_service::workflow::cohort_admin`), and a refused form comes back filled in with
//! what is wrong.

use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use vergleich_charts::Lang;
use vergleich_domain::{Ags, Cohort, MembershipStatus, MunicipalityKind, Role};
use vergleich_service::workflow::cohort_admin::{NewMunicipality, PeriodBody, PeriodPatch};

use super::forms::{Refused, input, typed_or, value};
use super::{AdminPage, post_outcome, problem_notice};
use crate::auth::{AuthMethod, Principal};
use crate::extract::ApiQuery;
use crate::pages::concept::edit::Fields;
use crate::pages::workflow::{Denied, check_token, csrf_of, form_user, page_user};
use crate::pages::{LangParam, PageError, href, t};
use crate::state::AppState;

const PATH: &str = "/verwaltung/kohorte";
const WHAT: (&str, &str) = ("die Kohorte ändern", "change the cohort");

/// The cohort with the admins' forms.
#[utoipa::path(get, path = "/verwaltung/kohorte", tag = "pages",
    params(("lang" = Option<String>, Query, description = "`en` for English")),
    responses(
        (status = 200, description = "The page", content_type = "text/html"),
        (status = 303, description = "Signed out: to the sign-in form"),
        (status = 403, description = "Admins only", content_type = "text/html")))]
pub async fn cohort_page(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    ApiQuery(query): ApiQuery<LangParam>,
) -> Result<Response, Response> {
    let lang = query.lang();
    page_user(&principal, &[Role::Admin], lang, PATH, WHAT).map_err(Denied::into_response)?;
    let page = render(&state, &principal, &method, &Fields(Vec::new()), None, lang)
        .await
        .map_err(IntoResponse::into_response)?;
    Ok(page.into_response())
}

async fn render(
    state: &AppState,
    principal: &Principal,
    method: &AuthMethod,
    typed: &Fields,
    problem: Option<(String, String, String)>,
    lang: Lang,
) -> Result<Markup, PageError> {
    let cohort = Cohort {
        municipalities: state
            .store
            .municipalities()
            .await
            .map_err(|e| PageError::from_service(e.into(), lang))?,
    };
    let csrf = csrf_of(method);
    let body = html! {
        p { (t(lang,
            "Wer in einem Jahr Mitglied ist, zählt in den Vergleichen dieses Jahres („n von 21“); wer erst später beitritt, heißt dort „noch nicht dabei“. Änderungen gelten sofort in jeder Ansicht und stehen mit vorher und nachher im Prüfprotokoll; datasets/cohort.csv überschreibt sie beim Neustart nicht.",
            "Who is a member in a year counts in that year's comparisons (\"n of 21\"); who joins later is \"not yet a member\" there. Changes apply at once to every view and are in the audit log with before and after; datasets/cohort.csv does not overwrite them on a restart.")) }
        (problem_notice(problem.as_ref(), lang))
        h2 { (t(lang, "Kohorten", "Cohorts")) }
        ul id="kohorten" {
            @for (name, n) in cohort.names() {
                li { code { (name) } " · " (n) " " (t(lang, "Kommunen", "municipalities")) " · "
                    a href=(href(lang, &format!("/?kohorte={name}"))) { (t(lang, "Überblick dieser Kohorte", "Overview of this cohort")) } }
            }
        }
        h2 { (t(lang, "Mitglieder und Zeiträume", "Members and periods")) }
        (period_table(&cohort, csrf, lang))
        (add_municipality(&cohort, typed, csrf, lang))
        (add_period(&cohort, typed, csrf, lang))
    };
    Ok(AdminPage::new(
        lang,
        t(lang, "Kohorte verwalten", "Manage the cohort"),
        principal,
        method,
        PATH,
    )
    .render(body))
}

/// One of the page's forms: `form` = `municipality`, `period` or `end`.
#[utoipa::path(post, path = "/verwaltung/kohorte", tag = "pages",
    params(("lang" = Option<String>, Query, description = "`en` for English")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "csrf_token, form (municipality, period, end) and its fields"),
    responses(
        (status = 303, description = "Stored: back to the page"),
        (status = 400, description = "The page again, with what is wrong", content_type = "text/html"),
        (status = 401, description = "Not signed in", content_type = "text/html"),
        (status = 403, description = "Admins only, or CSRF token wrong", content_type = "text/html"),
        (status = 404, description = "No such municipality or period", content_type = "text/html"),
        (status = 409, description = "Overlaps a stored period, or the key exists", content_type = "text/html")))]
pub async fn cohort_post(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    ApiQuery(query): ApiQuery<LangParam>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let lang = query.lang();
    form_user(&principal, &[Role::Admin], lang, WHAT)?;
    let typed = Fields(fields);
    check_token(&method, &typed.get("csrf_token").unwrap_or_default(), lang)?;
    let done = apply(&state, &principal, &typed).await;
    let again = |problem| render(&state, &principal, &method, &typed, Some(problem), lang);
    post_outcome(done, PATH, lang, again).await
}

fn year(f: &Fields, name: &str) -> Result<Option<i32>, Refused> {
    let raw = value(f, name);
    if raw.trim().is_empty() {
        return Ok(None);
    }
    raw.trim()
        .parse::<i32>()
        .map(Some)
        .map_err(|_| input(name, "ein Jahr wie 2022", "a year such as 2022"))
}

fn status(f: &Fields) -> Result<MembershipStatus, Refused> {
    MembershipStatus::parse(&value(f, "status")).ok_or_else(|| {
        input(
            "status",
            "confirmed, pilot, announced oder demo",
            "confirmed, pilot, announced or demo",
        )
    })
}

fn key(f: &Fields, name: &str) -> Result<Ags, Refused> {
    Ags::parse(value(f, name).trim()).map_err(|e| {
        Refused::Input(
            name.into(),
            format!("Kein Gemeindeschlüssel (8 Ziffern, Landkreis 5): {e}"),
            format!("Not a municipality key (8 digits, a Landkreis 5): {e}"),
        )
    })
}

fn period_body(f: &Fields) -> Result<PeriodBody, Refused> {
    Ok(PeriodBody {
        cohort: value(f, "cohort"),
        status: status(f)?,
        source: value(f, "source"),
        note: value(f, "note"),
        joined: year(f, "joined")?,
        left: year(f, "left")?,
    })
}

/// Applies the posted form; the anchor to go back to.
async fn apply(
    state: &AppState,
    principal: &Principal,
    f: &Fields,
) -> Result<&'static str, Refused> {
    let workflow = state.workflow();
    match value(f, "form").as_str() {
        "municipality" => {
            let kind = MunicipalityKind::parse(&value(f, "kind"))
                .ok_or_else(|| input("kind", "eine Art wählen", "choose a kind"))?;
            let new = NewMunicipality {
                key: value(f, "key"),
                name: value(f, "name"),
                state: None,
                kind,
                membership: period_body(f)?,
            };
            workflow.add_municipality(principal, new).await?;
            Ok("mitglieder")
        }
        "period" => {
            let key = key(f, "municipality")?;
            workflow
                .add_period(principal, &key, period_body(f)?)
                .await?;
            Ok("mitglieder")
        }
        "end" => {
            let key = key(f, "municipality")?;
            let id = value(f, "id")
                .parse::<i64>()
                .map_err(|_| input("id", "kein Zeitraum", "no period"))?;
            let patch = PeriodPatch {
                left: Some(year(f, "left")?),
                ..PeriodPatch::default()
            };
            workflow.edit_period(principal, &key, id, patch).await?;
            Ok("mitglieder")
        }
        other => Err(input(
            "form",
            &format!("unbekanntes Formular „{other}“"),
            &format!("unknown form \"{other}\""),
        )),
    }
}

fn period_table(cohort: &Cohort, csrf: &str, lang: Lang) -> Markup {
    html! {
        div.table-wrap id="mitglieder" tabindex="0" role="region" aria-label=(t(lang, "Mitglieder und Zeiträume", "Members and periods")) {
            table {
                thead { tr {
                    th { (t(lang, "Kommune", "Municipality")) } th { (t(lang, "Kohorte", "Cohort")) }
                    th { (t(lang, "Zeitraum", "Period")) } th { (t(lang, "Status", "Status")) }
                    th { (t(lang, "Austritt (letztes Jahr)", "Left (last year)")) }
                } }
                tbody {
                    @for m in &cohort.municipalities {
                        @for p in &m.memberships {
                            tr {
                                td { (m.name) " " small { code { (m.key) } } }
                                td { code { (p.cohort) } }
                                td { (period_text(p.joined, p.left, lang)) }
                                td { (t(lang, p.status.label_de(), p.status.label_en())) }
                                td {
                                    @if let Some(id) = p.id {
                                        form.inline method="post" action=(href(lang, PATH)) {
                                            input type="hidden" name="csrf_token" value=(csrf);
                                            input type="hidden" name="form" value="end";
                                            input type="hidden" name="municipality" value=(m.key);
                                            input type="hidden" name="id" value=(id);
                                            input type="number" name="left" min="1990" max="2100" value=[p.left]
                                                aria-label=(format!("{} {}", t(lang, "Austrittsjahr", "Year left"), m.name));
                                            button type="submit" { (t(lang, "Speichern", "Save")) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn period_text(joined: Option<i32>, left: Option<i32>, lang: Lang) -> String {
    match (joined, left) {
        (Some(j), Some(l)) => format!("{j}–{l}"),
        (Some(j), None) => format!("{} {j}", t(lang, "seit", "since")),
        (None, Some(l)) => format!("{} {l}", t(lang, "bis", "until")),
        (None, None) => t(lang, "von Anfang an", "from the start").to_owned(),
    }
}

/// Cohort, status, source, note and years: the fields every period form has.
fn period_fields(cohort: &Cohort, v: &dyn Fn(&str) -> String, id: &str, lang: Lang) -> Markup {
    let list = format!("{id}-cohorts");
    html! {
        label for=(format!("{id}-cohort")) { (t(lang, "Kohorte (a–z, 0–9, -)", "Cohort (a–z, 0–9, -)")) }
        input type="text" id=(format!("{id}-cohort")) name="cohort" list=(list) value=(v("cohort")) maxlength="64" required pattern="[a-z0-9\\-]+";
        datalist id=(list) { @for (name, _) in cohort.names() { option value=(name) {} } }
        label for=(format!("{id}-status")) { (t(lang, "Status", "Status")) }
        select id=(format!("{id}-status")) name="status" {
            @for s in [MembershipStatus::Confirmed, MembershipStatus::Announced, MembershipStatus::Pilot, MembershipStatus::Demo] {
                option value=(s.as_str()) selected[v("status") == s.as_str()] { (t(lang, s.label_de(), s.label_en())) }
            }
        }
        label for=(format!("{id}-source")) { (t(lang, "Quelle (z. B. Ratsbeschluss, Projektbericht)", "Source (e.g. council decision, project report)")) }
        input type="text" id=(format!("{id}-source")) name="source" value=(v("source")) maxlength="500" required;
        label for=(format!("{id}-note")) { (t(lang, "Anmerkung", "Note")) }
        input type="text" id=(format!("{id}-note")) name="note" value=(v("note")) maxlength="500";
        label for=(format!("{id}-joined")) { (t(lang, "Beitritt (Jahr, leer: von Anfang an)", "Joined (year; empty: from the start)")) }
        input type="number" id=(format!("{id}-joined")) name="joined" value=(v("joined")) min="1990" max="2100";
        label for=(format!("{id}-left")) { (t(lang, "Austritt (letztes Jahr, leer: offen)", "Left (last year; empty: open)")) }
        input type="number" id=(format!("{id}-left")) name="left" value=(v("left")) min="1990" max="2100";
    }
}

fn add_municipality(cohort: &Cohort, f: &Fields, csrf: &str, lang: Lang) -> Markup {
    let v = |n: &str| typed_or(f, "municipality", n);
    html! {
        details open[f.get("form").as_deref() == Some("municipality")] {
            summary { (t(lang, "Kommune aufnehmen", "Add a municipality")) }
            form.stacked method="post" action=(href(lang, PATH)) {
                input type="hidden" name="csrf_token" value=(csrf);
                input type="hidden" name="form" value="municipality";
                label for="m-key" { (t(lang, "Gemeindeschlüssel (AGS, 8 Ziffern; Landkreis 5) – das Land folgt aus den ersten zwei", "Municipality key (AGS, 8 digits; a Landkreis 5) – the state follows from the first two")) }
                input type="text" id="m-key" name="key" value=(v("key")) required pattern="[0-9]{5}|[0-9]{8}" inputmode="numeric";
                label for="m-name" { (t(lang, "Name", "Name")) }
                input type="text" id="m-name" name="name" value=(v("name")) maxlength="200" required;
                label for="m-kind" { (t(lang, "Art", "Kind")) }
                select id="m-kind" name="kind" {
                    @for k in [MunicipalityKind::KreisfreieStadt, MunicipalityKind::Stadt, MunicipalityKind::Gemeinde, MunicipalityKind::Landkreis] {
                        option value=(k.as_str()) selected[v("kind") == k.as_str()] { (t(lang, k.label_de(), k.label_en())) }
                    }
                }
                (period_fields(cohort, &v, "m", lang))
                p.actions { button type="submit" { (t(lang, "Aufnehmen", "Add")) } }
            }
        }
    }
}

fn add_period(cohort: &Cohort, f: &Fields, csrf: &str, lang: Lang) -> Markup {
    let v = |n: &str| typed_or(f, "period", n);
    html! {
        details open[f.get("form").as_deref() == Some("period")] {
            summary { (t(lang, "Weiteren Zeitraum eintragen (Beitritt zu einer Kohorte, Rückkehr)", "Add a period (joined a cohort, came back)")) }
            form.stacked method="post" action=(href(lang, PATH)) {
                input type="hidden" name="csrf_token" value=(csrf);
                input type="hidden" name="form" value="period";
                label for="p-municipality" { (t(lang, "Kommune", "Municipality")) }
                select id="p-municipality" name="municipality" {
                    @for m in &cohort.municipalities {
                        option value=(m.key) selected[v("municipality") == m.key.as_str()] { (m.name) " (" (m.key) ")" }
                    }
                }
                (period_fields(cohort, &v, "p", lang))
                p.actions { button type="submit" { (t(lang, "Eintragen", "Add")) } }
            }
        }
    }
}
