//! The web dashboard: server-rendered HTML (maud), German by default and English with
//! `?lang=en` on every page, inline SVG charts, no JavaScript framework (reading works without
//! JavaScript; the only script enhances the upload form). Everything is escaped by maud; the
//! Content-Security-Policy forbids inline script and style, so styles live in
//! `/static/vergleich.css` and scripts in `/static/*.js`.
//!
//! `reading` holds the pages everyone reads (overview, member, indicator, comparison, data
//! quality, method, printable report); `workflow` the pages of signing in, uploading and
//! reviewing. Both build on [`Page`], the one layout with navigation, language switch and the
//! signed-in user.

pub mod admin;
pub mod concept;
pub mod exchange;
pub mod reading;
pub mod selfcheck;
pub mod workflow;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, PreEscaped, html};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use vergleich_charts::Lang;
use vergleich_domain::Role;

use crate::auth::{AuthMethod, Principal};
use crate::error::AppError;
use crate::state::AppState;

/// Every page of the dashboard.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(reading::routes())
        .merge(workflow::routes())
        .merge(concept::routes())
        .merge(exchange::routes())
        .merge(admin::routes())
        .merge(selfcheck::routes())
}

/// `?lang=en` on any page; German otherwise.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct LangParam {
    #[serde(default)]
    pub lang: Option<String>,
}

impl LangParam {
    pub fn lang(&self) -> Lang {
        lang_of(self.lang.as_deref())
    }
}

pub fn lang_of(raw: Option<&str>) -> Lang {
    match raw {
        Some("en") => Lang::En,
        _ => Lang::De,
    }
}

/// The German or the English text.
pub fn t<'a>(lang: Lang, de: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::De => de,
        Lang::En => en,
    }
}

/// `path` with `lang=en` appended for English pages (links keep the language).
pub fn href(lang: Lang, path: &str) -> String {
    match lang {
        Lang::De => path.to_owned(),
        Lang::En if path.contains('?') => format!("{path}&lang=en"),
        Lang::En => format!("{path}?lang=en"),
    }
}

/// Which navigation entry is the current page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Overview,
    Municipality,
    Indicator,
    Compare,
    Concepts,
    Exchange,
    Inbox,
    Admin,
    Upload,
    Review,
    Quality,
    Method,
    Report,
    Login,
}

/// One page: its title, language, current navigation entry and who is looking.
pub struct Page<'a> {
    pub lang: Lang,
    pub title: String,
    pub nav: Nav,
    pub principal: &'a Principal,
    /// The session's CSRF token, for the sign-out form (and any other form of the page).
    pub csrf: Option<&'a str>,
    /// The path of this page without `lang`, for the language switch.
    pub path: String,
    /// Reload every this many seconds when scripts are off (`<noscript><meta refresh>`).
    pub refresh: Option<u32>,
    /// A script of ours (`/static/…`), loaded deferred.
    pub script: Option<&'static str>,
}

impl<'a> Page<'a> {
    pub fn new(
        lang: Lang,
        title: impl Into<String>,
        nav: Nav,
        principal: &'a Principal,
        method: &'a AuthMethod,
        path: impl Into<String>,
    ) -> Self {
        let csrf = match method {
            AuthMethod::Session { csrf_token } => Some(csrf_token.as_str()),
            AuthMethod::Token | AuthMethod::Anonymous => None,
        };
        Self {
            lang,
            title: title.into(),
            nav,
            principal,
            csrf,
            path: path.into(),
            refresh: None,
            script: None,
        }
    }

    /// A page that reloads itself: every `seconds` without scripts, faster with `script`.
    #[must_use]
    pub fn live(mut self, seconds: u32, script: &'static str) -> Self {
        self.refresh = Some(seconds);
        self.script = Some(script);
        self
    }

    /// The whole HTML document around `body`.
    pub fn render(&self, body: Markup) -> Markup {
        let lang = self.lang;
        let role = self.principal.role();
        let entries: Vec<(Nav, &str, &str)> = {
            let mut e = vec![
                (Nav::Overview, "/", t(lang, "Überblick", "Overview")),
                (Nav::Compare, "/vergleich", t(lang, "Vergleich", "Compare")),
                (Nav::Concepts, "/konzepte", t(lang, "Konzepte", "Concepts")),
                (
                    Nav::Exchange,
                    "/praxis",
                    t(lang, "Praxisbeispiele", "Practices"),
                ),
                (
                    Nav::Quality,
                    "/datenqualitaet",
                    t(lang, "Datenqualität", "Data quality"),
                ),
                (Nav::Method, "/methodik", t(lang, "Methodik", "Method")),
            ];
            if role.is_some_and(|r| matches!(r, Role::Municipality | Role::Manager | Role::Admin)) {
                e.push((Nav::Upload, "/hochladen", t(lang, "Hochladen", "Upload")));
            }
            if role.is_some_and(|r| matches!(r, Role::Municipality | Role::Manager | Role::Admin)) {
                e.push((Nav::Inbox, "/austausch", t(lang, "Austausch", "Exchange")));
            }
            if role == Some(Role::Admin) {
                e.push((
                    Nav::Admin,
                    "/verwaltung/katalog",
                    t(lang, "Katalog", "Catalogue"),
                ));
            }
            if role.is_some_and(Role::sees_unpublished) {
                e.push((Nav::Review, "/pruefung", t(lang, "Prüfung", "Review")));
            }
            e
        };
        let other_lang = match lang {
            Lang::De => (href(Lang::En, &self.path), "English", "en"),
            Lang::En => (self.path.clone(), "Deutsch", "de"),
        };
        html! {
            (DOCTYPE)
            html lang=(t(lang, "de", "en")) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (self.title) " – vergleich" }
                    link rel="stylesheet" href="/static/vergleich.css";
                    // No favicon request (and no 404 in every browser console).
                    link rel="icon" href="data:,";
                    @if let Some(seconds) = self.refresh {
                        noscript { meta http-equiv="refresh" content=(seconds); }
                    }
                    @if let Some(script) = self.script {
                        script src=(script) defer {}
                    }
                }
                body {
                    a.skip href="#inhalt" { (t(lang, "Zum Inhalt springen", "Skip to content")) }
                    header.site {
                        a.brand href=(href(lang, "/")) { "vergleich" }
                        span.tagline { (t(lang, "Weltoffene Kommunen", "Welcoming municipalities")) }
                        nav aria-label=(t(lang, "Hauptnavigation", "Main navigation")) {
                            ul {
                                @for (nav, path, label) in &entries {
                                    li {
                                        a href=(href(lang, path)) aria-current=[(*nav == self.nav).then_some("page")] { (label) }
                                    }
                                }
                            }
                        }
                        div.account {
                            a href=(other_lang.0) lang=(other_lang.2) hreflang=(other_lang.2) { (other_lang.1) }
                            @match self.principal.user() {
                                Some(user) => {
                                    span.user { (user.name) " (" (role_label(lang, user.role)) ")" }
                                    @if let Some(csrf) = self.csrf {
                                        form.inline method="post" action="/abmelden" {
                                            input type="hidden" name="csrf_token" value=(csrf);
                                            input type="hidden" name="lang" value=(t(lang, "de", "en"));
                                            button type="submit" { (t(lang, "Abmelden", "Sign out")) }
                                        }
                                    }
                                }
                                None => {
                                    a href=(href(lang, "/anmelden")) { (t(lang, "Anmelden", "Sign in")) }
                                }
                            }
                        }
                    }
                    main id="inhalt" tabindex="-1" {
                        h1 { (self.title) }
                        (body)
                    }
                    footer.site {
                        p {
                            (t(lang, "Die mitgelieferten Werte sind ", "The shipped values are "))
                            strong { (t(lang, vergleich_domain::SYNTHETIC_LABEL_DE, vergleich_domain::SYNTHETIC_LABEL_EN)) }
                            (t(lang, ": erzeugt, nicht echt. Mitglieder mit Status „Demo“ sind Platzhalter.",
                                ": generated, not real. Members with status “demo” are placeholders."))
                        }
                        p { a href="/api/v1/docs" { (t(lang, "API-Dokumentation", "API documentation")) } }
                    }
                }
            }
        }
    }
}

pub fn role_label(lang: Lang, role: Role) -> &'static str {
    match (role, lang) {
        (Role::Municipality, Lang::De) => "Kommune",
        (Role::Municipality, Lang::En) => "municipality",
        (Role::Manager, Lang::De) => "Projektleitung",
        (Role::Manager, Lang::En) => "project manager",
        (Role::Staff, Lang::De) => "Stiftung",
        (Role::Staff, Lang::En) => "foundation staff",
        (Role::Admin, Lang::De) => "Administration",
        (Role::Admin, Lang::En) => "admin",
    }
}

/// An error shown as a page (not problem+json): a person reads it.
pub struct PageError {
    pub status: StatusCode,
    pub lang: Lang,
    pub message_de: String,
    pub message_en: String,
}

impl PageError {
    pub fn new(
        status: StatusCode,
        lang: Lang,
        de: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Self {
            status,
            lang,
            message_de: de.into(),
            message_en: en.into(),
        }
    }

    /// An API error as a page in `lang` (server errors keep their cause in the log).
    pub fn from_app(err: AppError, lang: Lang) -> Self {
        let status = crate::error::status_of(err.code);
        if status.is_server_error() {
            // Logs the cause with the whole chain; the reader sees a plain message.
            drop(err.into_response());
            return Self::new(
                status,
                lang,
                "Die Seite konnte nicht erstellt werden. Bitte später erneut versuchen.",
                "The page could not be made. Please try again later.",
            );
        }
        Self::new(status, lang, err.error.detail_de, err.error.detail_en)
    }

    /// A view or workflow error as a page: the same status as the API answers it with.
    pub fn from_service(err: vergleich_service::Error, lang: Lang) -> Self {
        Self::from_app(err.into(), lang)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let lang = self.lang;
        let body = html! {
            (DOCTYPE)
            html lang=(t(lang, "de", "en")) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (self.status.as_u16()) " " (reason(self.status, lang)) " – vergleich" }
                    link rel="stylesheet" href="/static/vergleich.css";
                    // No favicon request (and no 404 in every browser console).
                    link rel="icon" href="data:,";
                }
                body {
                    header.site {
                        a.brand href=(href(lang, "/")) { "vergleich" }
                        span.tagline { (t(lang, "Weltoffene Kommunen", "Welcoming municipalities")) }
                    }
                    main id="inhalt" {
                        h1 { (self.status.as_u16()) " " (reason(self.status, lang)) }
                        p { (t(lang, &self.message_de, &self.message_en)) }
                        p { a href=(href(lang, "/")) { (t(lang, "Zur Startseite", "To the start page")) } }
                    }
                }
            }
        };
        (self.status, body).into_response()
    }
}

/// The status in the page's language.
fn reason(status: StatusCode, lang: Lang) -> &'static str {
    let (de, en) = match status.as_u16() {
        400 => ("Ungültige Anfrage", "Bad request"),
        401 => ("Anmeldung erforderlich", "Sign-in required"),
        403 => ("Keine Berechtigung", "Forbidden"),
        404 => ("Nicht gefunden", "Not found"),
        409 => ("Konflikt", "Conflict"),
        413 => ("Zu groß", "Too large"),
        422 => ("Nicht übernommen", "Not accepted"),
        429 => ("Zu viele Anfragen", "Too many requests"),
        _ => ("Fehler", "Error"),
    };
    t(lang, de, en)
}

/// Inline SVG from the chart renderer. The renderer escapes every text it draws; the SVG
/// carries `role="img"`, `<title>` and `<desc>` (its text description, also the alt text).
pub fn inline_svg(svg: &str) -> Markup {
    PreEscaped(svg.to_owned())
}
