//! Adding a goal (optionally under another one) with an optional target on a catalogue
//! indicator to a draft. An empty baseline is filled from the member's published value of the
//! baseline year; the workflow checks the target against the indicator (known, not neutral,
//! direction by polarity, years in order) and names every broken rule.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use vergleich_charts::Lang;
use vergleich_domain::concept::{Goal, IndicatorRole, Target};
use vergleich_domain::{Indicator, IndicatorId, Polarity};
use vergleich_service::workflow::concept_bulk::parse_date;
use vergleich_store::{ConceptEdit, ObservationQuery, Visibility};

use super::edit::{Fields, after_edit, form_version};
use crate::auth::{AuthMethod, Principal};
use crate::extract::ApiQuery;
use crate::pages::{LangParam, PageError, href, t};
use crate::state::AppState;

pub(super) fn goal_form(
    raw: &str,
    v: &vergleich_store::ConceptVersion,
    indicators: &[Indicator],
    lang: Lang,
    csrf: &str,
) -> Markup {
    html! {
        h2 id="ziel" { (t(lang, "Ziel hinzufügen", "Add a goal")) }
        @if v.content.themenfelder.is_empty() {
            p { (t(lang, "Diese Fassung hat noch keine Themenfelder; bitte über die API oder eine Fortschreibung anlegen.", "This version has no Themenfelder yet; add them through the API or start from an earlier version.")) }
        } @else {
            form.workflow-form method="post" action=(href(lang, &format!("/konzept/{raw}/ziele"))) {
                input type="hidden" name="csrf_token" value=(csrf);
                input type="hidden" name="version" value=(v.id);
                label for="themenfeld" { (t(lang, "Themenfeld", "Themenfeld")) }
                select id="themenfeld" name="themenfeld" {
                    @for tf in &v.content.themenfelder { option value=(tf.key) { (tf.title) } }
                }
                label for="goal_title" { (t(lang, "Ziel", "Goal")) }
                input type="text" id="goal_title" name="title" required maxlength="300";
                label for="parent" { (t(lang, "Übergeordnetes Ziel (optional)", "Parent goal (optional)")) }
                select id="parent" name="parent" {
                    option value="" { "–" }
                    @for (_, g) in v.content.goals() { option value=(g.id) { (g.id) ": " (g.title) } }
                }
                label for="owner" { (t(lang, "Verantwortlich", "Owner")) }
                input type="text" id="owner" name="owner" maxlength="200";
                label for="deadline" { (t(lang, "Frist", "Deadline")) }
                input type="date" id="deadline" name="deadline";
                fieldset {
                    legend { (t(lang, "Zielwert auf einem Indikator (optional)", "Target on an indicator (optional)")) }
                    label for="indicator" { (t(lang, "Indikator", "Indicator")) }
                    select id="indicator" name="indicator" {
                        option value="" { "–" }
                        @for i in indicators.iter().filter(|i| i.polarity != Polarity::Neutral) {
                            option value=(i.id) { (t(lang, &i.label_de, &i.label_en)) " (" (i.unit) ")" }
                        }
                    }
                    label for="role" { (t(lang, "Art", "Kind")) }
                    select id="role" name="role" {
                        option value="controlling" { (t(lang, "Controlling: Ergebnis in der Hand der Stadt", "Controlling: an output within the city's reach")) }
                        option value="monitoring" { (t(lang, "Monitoring: Kontextgröße, kein Wirkungsbeleg", "Monitoring: a context figure, no proof of effect")) }
                    }
                    label for="baseline_year" { (t(lang, "Basisjahr", "Baseline year")) }
                    input type="number" id="baseline_year" name="baseline_year" min="1990" max="2100";
                    label for="baseline" { (t(lang, "Basiswert (leer: veröffentlichter Wert des Basisjahres)", "Baseline (empty: the published value of the baseline year)")) }
                    input type="text" id="baseline" name="baseline" inputmode="decimal";
                    label for="target_year" { (t(lang, "Zieljahr", "Target year")) }
                    input type="number" id="target_year" name="target_year" min="1990" max="2100";
                    label for="target" { (t(lang, "Zielwert", "Target value")) }
                    input type="text" id="target" name="target" inputmode="decimal";
                }
                p { button type="submit" { (t(lang, "Ziel hinzufügen", "Add goal")) } }
            }
        }
    }
}

fn number(text: &str) -> Option<f64> {
    text.trim().replace(',', ".").parse::<f64>().ok()
}

/// Adds the goal (and its target) to the draft; back to the concept page, or the form with
/// every problem (422).
#[utoipa::path(post, path = "/konzept/{key}/ziele", tag = "pages",
    params(("key" = String, Path, description = "The user's own member"), ("lang" = Option<String>, Query, description = "`en` for English")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "csrf_token, version, themenfeld, title, parent, owner, deadline, indicator, role, baseline_year, baseline, target_year, target"),
    responses(
        (status = 303, description = "Added: to the concept page"),
        (status = 401, description = "Not signed in", content_type = "text/html"),
        (status = 403, description = "Not this member's user, or CSRF token wrong", content_type = "text/html"),
        (status = 409, description = "Published", content_type = "text/html"),
        (status = 422, description = "Rules broken: the form again with each problem", content_type = "text/html")))]
pub async fn add_goal(
    State(state): State<AppState>,
    principal: Principal,
    method: AuthMethod,
    Path(raw): Path<String>,
    ApiQuery(query): ApiQuery<LangParam>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let lang = query.lang();
    let fields = Fields(fields);
    let original = form_version(&state, &principal, &method, &raw, &fields, lang).await?;
    let get = |name: &str| fields.get(name);
    let mut content = original.content.clone();
    let goal_id = content.goals().map(|(_, g)| g.id).max().unwrap_or(0) + 1;
    let mut targets = Vec::new();
    if let Some(indicator) = get("indicator").and_then(|i| IndicatorId::parse(&i).ok()) {
        let baseline_year: i32 = get("baseline_year")
            .and_then(|y| y.parse().ok())
            .unwrap_or(0);
        let baseline = match get("baseline").and_then(|b| number(&b)) {
            Some(b) => Some(b),
            None => published(&state, &original.municipality, &indicator, baseline_year).await,
        };
        targets.push(Target {
            indicator,
            baseline_year,
            // No value and none published: NaN, refused by the check with its message.
            baseline: baseline.unwrap_or(f64::NAN),
            target_year: get("target_year").and_then(|y| y.parse().ok()).unwrap_or(0),
            target: get("target").and_then(|b| number(&b)).unwrap_or(f64::NAN),
            role: if get("role").as_deref() == Some("monitoring") {
                IndicatorRole::Monitoring
            } else {
                IndicatorRole::Controlling
            },
            definition_version: None,
        });
    }
    let theme = get("themenfeld").unwrap_or_default();
    let Some(tf) = content.themenfelder.iter_mut().find(|t| t.key == theme) else {
        return Err(PageError::new(
            StatusCode::BAD_REQUEST,
            lang,
            "Das Themenfeld fehlt oder ist unbekannt.",
            "The Themenfeld is missing or unknown.",
        ));
    };
    tf.goals.push(Goal {
        id: goal_id,
        parent: get("parent").and_then(|p| p.parse().ok()),
        title: get("title").unwrap_or_else(|| format!("Ziel {goal_id}")),
        owner: get("owner"),
        deadline: get("deadline").and_then(|d| parse_date(&d)),
        targets,
    });
    let edit = ConceptEdit {
        title: original.title.clone(),
        adopted_on: original.adopted_on,
        review_on: original.review_on,
        document_url: original.document_url.clone(),
        content,
    };
    let result = state
        .workflow()
        .edit_concept_version(&principal, original.id, edit)
        .await;
    let anchor = format!("#ziel-{goal_id}");
    after_edit(
        &state, &principal, &method, &raw, &original, lang, result, &anchor,
    )
    .await
}

/// The member's published value of `indicator` in `year`, if any.
async fn published(
    state: &AppState,
    key: &vergleich_domain::Ags,
    indicator: &IndicatorId,
    year: i32,
) -> Option<f64> {
    state
        .store
        .observations(&ObservationQuery {
            municipalities: vec![key.clone()],
            indicators: vec![indicator.clone()],
            from_year: Some(year),
            to_year: Some(year),
            visibility: Visibility::Published,
            ..Default::default()
        })
        .await
        .ok()?
        .into_iter()
        .find_map(|o| o.observation.value)
}
