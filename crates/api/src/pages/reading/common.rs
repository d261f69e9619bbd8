//! What the reading pages share: the query of a page, reading the data the signed-in reader
//! may see and computing off the async runtime, numbers and statuses in the page's language,
//! the data-state note, and errors as pages.

use axum::http::StatusCode;
use maud::{Markup, html};
use vergleich_charts::Lang;
use vergleich_domain::Ags;

use crate::error::{AppError, ErrorCode};
use crate::pages::{PageError, t};
use crate::snapshots;
use crate::state::AppState;

pub use super::year::{year, year_note};
use vergleich_service::{GroupChoice, ViewData};

pub use super::text::{
    datum_text, group_reason, label, num, polarity_text, reason_text, status_text, unit, value_text,
};

/// The query of a reading page, parsed leniently: a person typed or clicked it, so an unknown
/// value falls back to the default instead of an error page. `kommune` may repeat (checkboxes).
#[derive(Debug, Clone, Default)]
pub struct PageQuery {
    pub lang: Lang,
    pub kommune: Vec<String>,
    pub jahr: Option<i32>,
    pub gruppe: Option<String>,
    pub feld: Option<String>,
    pub indikator: Option<String>,
    pub was: Option<String>,
    /// `daten=vorschau`: include the unpublished values this reader may see (its own member's
    /// drafts and submissions; everything unreviewed for managers and admins), as the API's
    /// `data=preview`. Pages read published data by default, as the comparisons do.
    pub preview: bool,
    /// Every other pair, for pages with parameters of their own (`fassung`, `von`, `bis`, `q`).
    pub other: Vec<(String, String)>,
}

/// Read from the request's query, leniently (an unreadable query is the default page).
impl<S: Send + Sync> axum::extract::FromRequestParts<S> for PageQuery {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        let pairs = axum::extract::Query::<Vec<(String, String)>>::from_request_parts(parts, state)
            .await
            .map(|q| q.0)
            .unwrap_or_default();
        Ok(Self::from_pairs(pairs))
    }
}

/// What a reading page about one thing (a member, an indicator) takes from its request: the
/// shared state, who reads (401 for a bad token), how they signed in (for the layout's forms)
/// and the lenient query.
pub struct Reading {
    pub state: AppState,
    pub principal: crate::auth::Principal,
    pub method: crate::auth::AuthMethod,
    pub q: PageQuery,
}

impl axum::extract::FromRequestParts<AppState> for Reading {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, AppError> {
        let principal = crate::auth::Principal::from_request_parts(parts, state).await?;
        let method = crate::auth::AuthMethod::from_request_parts(parts, state).await?;
        let Ok(q) = PageQuery::from_request_parts(parts, state).await;
        Ok(Self {
            state: state.clone(),
            principal,
            method,
            q,
        })
    }
}

/// The query parameters of the member pages (Kommune, Bericht); documentation only, the page
/// reads them leniently through [`PageQuery`].
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // the fields describe the OpenAPI parameters; nothing reads them
pub struct MemberPageParams {
    /// Peer group: `cohort` (default), `kind`, `state`, `east-west`, `neighbours`.
    gruppe: Option<String>,
    /// Year; default: the latest year in which at least half the members report.
    jahr: Option<i32>,
    /// `de` (default) or `en`.
    lang: Option<String>,
    /// `vorschau`: also the unpublished values this reader may see.
    daten: Option<String>,
}

/// `base` (`/kommune/KEY`, `/bericht/KEY`) with the page's peer group and year.
pub fn member_path(base: &str, choice: GroupChoice, year: Option<i32>) -> String {
    let mut query = Vec::new();
    if choice != GroupChoice::Cohort {
        query.push(format!("gruppe={}", group_param(choice)));
    }
    if let Some(y) = year {
        query.push(format!("jahr={y}"));
    }
    if query.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", query.join("&"))
    }
}

impl PageQuery {
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut q = Self::default();
        for (name, value) in pairs {
            let value = value.trim().to_owned();
            match name.as_str() {
                "lang" => q.lang = crate::pages::lang_of(Some(&value)),
                // One field may also carry a comma-separated list.
                "kommune" => q.kommune.extend(
                    value
                        .split(',')
                        .map(str::trim)
                        .filter(|v| !v.is_empty())
                        .map(str::to_owned),
                ),
                "jahr" => q.jahr = value.parse().ok(),
                "gruppe" if !value.is_empty() => q.gruppe = Some(value),
                "feld" if !value.is_empty() => q.feld = Some(value),
                "indikator" if !value.is_empty() => q.indikator = Some(value),
                "was" if !value.is_empty() => q.was = Some(value),
                "daten" => q.preview = value == "vorschau",
                _ if !value.is_empty() && q.other.len() < 16 => q.other.push((name, value)),
                _ => {}
            }
        }
        q
    }

    /// A page's own parameter, if given and not empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.other
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The comparison group asked for (`?gruppe=`), the whole cohort otherwise.
    pub fn group(&self) -> GroupChoice {
        match self.gruppe.as_deref() {
            Some("kind") => GroupChoice::Kind,
            Some("state") => GroupChoice::State,
            Some("east-west") => GroupChoice::EastWest,
            Some("neighbours") => GroupChoice::Neighbours,
            _ => GroupChoice::Cohort,
        }
    }
}

/// The `?gruppe=` values a page offers, with their labels.
pub const GROUPS: [(GroupChoice, &str, &str, &str); 5] = [
    (
        GroupChoice::Cohort,
        "cohort",
        "alle Modellkommunen",
        "all model municipalities",
    ),
    (
        GroupChoice::Kind,
        "kind",
        "gleiche Art (Stadt oder Landkreis)",
        "same kind (city or district)",
    ),
    (
        GroupChoice::State,
        "state",
        "gleiches Bundesland",
        "same federal state",
    ),
    (
        GroupChoice::EastWest,
        "east-west",
        "Ost bzw. West",
        "east or west",
    ),
    (
        GroupChoice::Neighbours,
        "neighbours",
        "ähnlichste Kommunen (5 nächste Nachbarn)",
        "most similar members (5 nearest neighbours)",
    ),
];

/// The API's name of a group choice.
pub fn group_param(choice: GroupChoice) -> &'static str {
    GROUPS
        .iter()
        .find(|g| g.0 == choice)
        .map_or("cohort", |g| g.1)
}

/// Takes the data the page's reader sees (published, or with `daten=vorschau` what
/// `principal` may see unpublished too; kept per data version, `crate::snapshots`), then runs
/// `compute` on it as a CPU job (`crate::work`: polars and plotters are CPU work).
pub async fn with_data<T, F>(
    state: &AppState,
    principal: &crate::auth::Principal,
    q: &PageQuery,
    compute: F,
) -> Result<T, PageError>
where
    T: Send + 'static,
    F: FnOnce(&ViewData) -> Result<T, PageError> + Send + 'static,
{
    let lang = q.lang;
    let data = snapshots::view_data(state, principal.reading(q.preview))
        .await
        .map_err(|err| view_error(err, lang))?;
    state
        .work
        .run(move || compute(&data))
        .await
        .map_err(|err| internal(lang, anyhow::anyhow!("page computation stopped: {err}")))?
}

/// A server error as a page; the cause goes to the log.
pub fn internal(lang: Lang, cause: anyhow::Error) -> PageError {
    let mut err = AppError::new(
        ErrorCode::Internal,
        "Die Seite konnte nicht erstellt werden.",
        "The page could not be made.",
    );
    err.source = Some(cause);
    PageError::from_app(err, lang)
}

/// A view error as a page, with the status the API answers it with (unknown ids are 404).
pub fn view_error(err: vergleich_service::Error, lang: Lang) -> PageError {
    PageError::from_service(err, lang)
}

pub fn chart_error(err: vergleich_charts::ChartError, lang: Lang) -> PageError {
    internal(lang, err.into())
}

/// 404 as a page, naming what was not found.
pub fn not_found(lang: Lang, what_de: &str, what_en: &str) -> PageError {
    PageError::new(
        StatusCode::NOT_FOUND,
        lang,
        format!("{what_de} gibt es nicht. Die Übersicht listet alle Kommunen und Indikatoren."),
        format!("There is no {what_en}. The overview lists every member and indicator."),
    )
}

/// The member `raw` names, or a 404 page.
pub fn member<'a>(
    data: &'a ViewData,
    raw: &str,
    lang: Lang,
) -> Result<&'a vergleich_domain::Municipality, PageError> {
    Ags::parse(raw)
        .ok()
        .and_then(|key| data.cohort.get(&key))
        .ok_or_else(|| {
            not_found(
                lang,
                &format!("Die Kommune „{raw}“"),
                &format!("municipality \"{raw}\""),
            )
        })
}

/// Which data the page shows, and a warning when it includes unreviewed values.
pub fn data_state(data: &ViewData, lang: Lang) -> Markup {
    let state = &data.state;
    let what = match state.visibility.as_str() {
        "published" => t(lang, "veröffentlichte Daten", "published data").to_owned(),
        "all incl. unreviewed" => t(
            lang,
            "alle Daten einschließlich ungeprüfter Entwürfe und Einreichungen",
            "all data including unreviewed drafts and submissions",
        )
        .to_owned(),
        other => {
            let key = other.rsplit(':').next().unwrap_or("");
            let name = Ags::parse(key)
                .ok()
                .and_then(|k| data.cohort.get(&k).map(|m| m.name.clone()))
                .unwrap_or_else(|| key.to_owned());
            match lang {
                Lang::De => format!(
                    "veröffentlichte Daten und die noch nicht veröffentlichten Werte von {name}"
                ),
                Lang::En => format!("published data and the not yet published values of {name}"),
            }
        }
    };
    let newest = state.newest_recorded_at.map_or_else(
        || "–".to_owned(),
        |t| t.format("%Y-%m-%d %H:%M UTC").to_string(),
    );
    html! {
        p.datastate {
            strong { (t(lang, "Datenstand: ", "Data state: ")) }
            (what) "; " (t(lang, "neueste Erfassung ", "newest record ")) (newest)
            @if data.synthetic { "; " strong.demo-badge { (t(lang, vergleich_domain::SYNTHETIC_LABEL_DE, vergleich_domain::SYNTHETIC_LABEL_EN)) } }
            "."
        }
        @if state.unpublished_included {
            p.notice role="note" {
                (t(lang, "Diese Seite enthält Werte, die noch nicht geprüft und veröffentlicht sind. Andere Leserinnen und Leser sehen sie nicht.",
                    "This page includes values that are not yet reviewed and published. Other readers do not see them."))
            }
        }
    }
}

/// `path` with `daten=vorschau` when the page shows the preview.
pub fn with_preview(path: &str, preview: bool) -> String {
    match (preview, path.contains('?')) {
        (false, _) => path.to_owned(),
        (true, true) => format!("{path}&daten=vorschau"),
        (true, false) => format!("{path}?daten=vorschau"),
    }
}

/// For readers who may see unpublished values: a link between the published data (what
/// everyone sees) and the preview that includes them. `path` is the page without `daten`.
pub fn preview_switch(
    principal: &crate::auth::Principal,
    path: &str,
    preview: bool,
    lang: Lang,
) -> Markup {
    if principal.visibility() == vergleich_store::Visibility::Published {
        return html! {};
    }
    let target = crate::pages::href(lang, &with_preview(path, !preview));
    html! {
        p.preview-switch {
            @if preview {
                strong { (t(lang, "Vorschau mit ungeprüften Werten. ", "Preview with unreviewed values. ")) }
                a href=(target) { (t(lang, "Nur veröffentlichte Daten zeigen", "Show published data only")) }
            } @else {
                (t(lang, "Veröffentlichte Daten, wie alle sie sehen. ", "Published data, as everyone sees it. "))
                a href=(target) { (t(lang, "Vorschau mit meinen ungeprüften Werten", "Preview with my unreviewed values")) }
            }
        }
    }
}

/// The page in the one layout, with the preview switch for readers who may see unpublished
/// values; `path` is the page without `lang` and `daten`.
pub fn page(
    q: &PageQuery,
    title: impl Into<String>,
    nav: crate::pages::Nav,
    principal: &crate::auth::Principal,
    method: &crate::auth::AuthMethod,
    path: &str,
    body: Markup,
) -> Markup {
    crate::pages::Page::new(
        q.lang,
        title,
        nav,
        principal,
        method,
        with_preview(path, q.preview),
    )
    .render(html! { (preview_switch(principal, path, q.preview, q.lang)) (body) })
}
