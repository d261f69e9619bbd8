//! The reading pages of the dashboard over HTTP: every page in German and English, charts inline
//! with their description, data tables and download links that answer, 404 pages, the member
//! count check of the comparison page and visibility of unpublished values, through
//! `router(state).oneshot(request)` on a fresh SQLite file with the demo data.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

mod common;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;
use vergleich_api::config::DatabaseArgs;
use vergleich_domain::{Role, UploadState};
use vergleich_store::Store;
use vergleich_store::testing::datasets_dir;

struct App {
    router: axum::Router,
    store: Arc<dyn Store>,
    _dir: tempfile::TempDir,
}

async fn app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let db = DatabaseArgs::new(
        format!("sqlite:{}", dir.path().join("db.sqlite").display()),
        datasets_dir(),
    );
    let state = vergleich_api::startup::build(&db, true).await.unwrap();
    App {
        store: state.store.clone(),
        router: vergleich_api::router(state),
        _dir: dir,
    }
}

struct Answer {
    status: StatusCode,
    content_type: String,
    body: Vec<u8>,
}

impl Answer {
    fn html(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
}

async fn get_as(app: &App, uri: &str, token: Option<&str>) -> Answer {
    let mut request = Request::get(uri);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let response = app
        .router
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map_or(String::new(), |v| v.to_str().unwrap().to_owned());
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Answer {
        status,
        content_type,
        body,
    }
}

async fn get(app: &App, uri: &str) -> Answer {
    get_as(app, uri, None).await
}

fn with_lang(uri: &str, lang: &str) -> String {
    match lang {
        "de" => uri.to_owned(),
        _ if uri.contains('?') => format!("{uri}&lang={lang}"),
        _ => format!("{uri}?lang={lang}"),
    }
}

/// Every `href` of a page that points at the API's downloads.
fn download_links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| href.starts_with("/api/v1/"))
        .filter(|href| {
            [".svg?", ".png?", ".csv?", ".xlsx?"]
                .iter()
                .any(|s| href.contains(s))
        })
        .map(|href| href.replace("&amp;", "&"))
        .collect()
}

const KL: &str = "07312000";
const LUEBECK: &str = "01003000";

/// (path, German title, English title, has charts)
const PAGES: &[(&str, &str, &str, bool)] = &[
    ("/", "Überblick", "Overview", true),
    ("/kommune/01003000", "Lübeck", "Lübeck", true),
    (
        "/indikator/einbuergerungsquote",
        "Einbürgerungsquote",
        "Naturalisation rate",
        true,
    ),
    (
        "/vergleich?kommune=01003000&kommune=07312000&was=indikator:auslaenderanteil",
        "Vergleich",
        "Compare",
        true,
    ),
    (
        "/vergleich?kommune=01003000,07312000,13003000&was=feld:arbeit",
        "Vergleich",
        "Compare",
        true,
    ),
    ("/datenqualitaet", "Datenqualität", "Data quality", true),
    ("/methodik", "Methodik", "Method", false),
    (
        "/bericht/01003000",
        "Bericht: Lübeck",
        "Report: Lübeck",
        true,
    ),
];

#[tokio::test]
async fn every_reading_page_answers_in_german_and_english() {
    let app = app().await;
    for (path, title_de, title_en, charts) in PAGES {
        for (lang, title) in [("de", title_de), ("en", title_en)] {
            let uri = with_lang(path, lang);
            let answer = get(&app, &uri).await;
            assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.html());
            assert!(answer.content_type.starts_with("text/html"), "{uri}");
            let html = answer.html();
            assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{uri}");
            assert!(
                html.contains(&format!("<title>{title} – vergleich</title>")),
                "{uri}: title"
            );
            assert!(html.contains(&format!("<h1>{title}</h1>")), "{uri}: h1");
            assert!(
                !html.contains("<script") && !html.contains(" style="),
                "{uri}: CSP"
            );
            if *charts {
                assert!(html.contains("Lübeck"), "{uri}: umlaut kept");
                assert!(!html.contains("&uuml;") && !html.contains("LÃ¼"), "{uri}");
                assert!(html.contains("role=\"img\""), "{uri}: inline SVG");
                assert!(html.contains("<desc>"), "{uri}: chart description");
                assert!(html.contains("<details>"), "{uri}: data table view");
                let links = download_links(&html);
                for suffix in [".svg?", ".png?", ".csv?", ".xlsx?"] {
                    assert!(links.iter().any(|l| l.contains(suffix)), "{uri}: {suffix}");
                }
                assert!(
                    links.iter().all(|l| l.contains(&format!("lang={lang}"))),
                    "{uri}: downloads in the page's language"
                );
            }
        }
    }
}

#[tokio::test]
async fn every_download_link_of_the_pages_answers() {
    let app = app().await;
    let mut checked = std::collections::BTreeSet::new();
    for (path, ..) in PAGES {
        let html = get(&app, path).await.html();
        for link in download_links(&html) {
            if !checked.insert(link.clone()) {
                continue;
            }
            let answer = get(&app, &link).await;
            assert_eq!(
                answer.status,
                StatusCode::OK,
                "{path} -> {link}: {}",
                answer.html()
            );
        }
    }
    assert!(checked.len() > 20, "{checked:?}");
}

#[tokio::test]
async fn numbers_follow_the_page_language() {
    let app = app().await;
    let de = get(&app, "/indikator/bevoelkerung?jahr=2024").await.html();
    let en = get(&app, "/indikator/bevoelkerung?jahr=2024&lang=en")
        .await
        .html();
    // Populations over 100,000 are grouped by thousands: a point in German, a comma in English.
    let grouped = |html: &str, sep: char| {
        html.split("<td class=\"num\">")
            .skip(1)
            .filter_map(|c| c.split([' ', '<']).next())
            .any(|c| {
                c.len() >= 7
                    && c.contains(sep)
                    && c.chars().all(|ch| ch.is_ascii_digit() || ch == sep)
            })
    };
    assert!(grouped(&de, '.'), "German thousands separator");
    assert!(grouped(&en, ','), "English thousands separator");
    assert!(de.contains("neutral (weder besser noch schlechter)"));
    assert!(en.contains("neutral (neither better nor worse)"));
    assert!(
        de.contains(" Personen<") && en.contains(" persons<"),
        "units in the page's language"
    );
}

#[tokio::test]
async fn unknown_member_or_indicator_is_a_404_page() {
    let app = app().await;
    for uri in [
        "/kommune/99999999",
        "/kommune/abc",
        "/bericht/99999",
        "/indikator/gibt_es_nicht",
        "/indikator/gibt_es_nicht?lang=en",
    ] {
        let answer = get(&app, uri).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(answer.content_type.starts_with("text/html"), "{uri}");
        assert!(answer.html().contains("<h1>404"), "{uri}");
    }
    assert!(
        get(&app, "/indikator/x?lang=en")
            .await
            .html()
            .contains("lang=\"en\"")
    );
}

#[tokio::test]
async fn the_comparison_page_wants_two_to_six_members() {
    let app = app().await;
    let seven = "01003000,07312000,13003000,12054000,09174,08335043,09762000";
    for (uri, chosen) in [
        (
            "/vergleich?kommune=01003000&was=indikator:auslaenderanteil",
            1,
        ),
        (
            &*format!("/vergleich?kommune={seven}&was=indikator:auslaenderanteil"),
            7,
        ),
    ] {
        let answer = get(&app, uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}");
        let html = answer.html();
        assert!(
            html.contains(&format!(
                "Bitte 2 bis 6 Kommunen auswählen (ausgewählt: {chosen})."
            )),
            "{uri}"
        );
        assert!(
            !html.contains("role=\"img\""),
            "{uri}: no charts without a valid choice"
        );
        let en = get(&app, &format!("{uri}&lang=en")).await.html();
        assert!(en.contains(&format!(
            "Please choose 2 to 6 municipalities (chosen: {chosen})."
        )));
    }
    // The first visit shows the form without a message; the chosen boxes stay ticked.
    let first = get(&app, "/vergleich").await.html();
    assert!(!first.contains("role=\"alert\""));
    let two = get(
        &app,
        "/vergleich?kommune=01003000&kommune=07312000&was=indikator:auslaenderanteil",
    )
    .await
    .html();
    assert!(two.contains("value=\"07312000\" checked"));
    assert!(two.contains("chart=dot-plot"));
}

#[tokio::test]
async fn the_member_page_explains_its_peer_group() {
    let app = app().await;
    let html = get(&app, &format!("/kommune/{KL}?gruppe=neighbours"))
        .await
        .html();
    assert!(html.contains("nächste Nachbarn") || html.contains("ähnlichste"));
    assert!(html.contains("Abstand (0 = gleich)"));
    assert!(
        html.contains("group=neighbours"),
        "downloads follow the group"
    );
    assert!(html.contains("option value=\"neighbours\" selected"));
    // Its links to the comparison page bring the most similar members along: no "choose 2 to 6".
    let link = html
        .split("href=\"")
        .filter_map(|rest| rest.split('"').next())
        .find(|href| href.starts_with("/vergleich?"))
        .unwrap()
        .replace("&amp;", "&");
    let compare = get(&app, &link).await.html();
    assert!(!compare.contains("role=\"alert\""), "{link}");
    assert!(compare.contains("role=\"img\""), "{link}");
    let report = get(&app, &format!("/bericht/{LUEBECK}")).await.html();
    for text in [
        "Beispieldaten (synthetisch)",
        "Erstellt",
        "Datenstand",
        "Uploads",
        "report-section",
    ] {
        assert!(report.contains(text), "report: {text}");
    }
}

#[tokio::test]
async fn a_draft_value_shows_only_to_who_may_see_it() {
    let app = app().await;
    common::append_value(
        &*app.store,
        UploadState::Draft,
        KL,
        "einbuergerungsquote",
        2022,
        87.65,
    )
    .await;
    let manager = common::token(&*app.store, "pl", Role::Manager, None).await;
    let own = common::token(&*app.store, "kl", Role::Municipality, Some(KL)).await;
    let other = common::token(&*app.store, "hro", Role::Municipality, Some("13003000")).await;
    let uri = "/indikator/einbuergerungsquote?jahr=2022";
    let preview = format!("{uri}&daten=vorschau");
    for page in [uri, preview.as_str()] {
        let anonymous = get(&app, page).await.html();
        assert!(
            !anonymous.contains("87,7"),
            "a draft is not on an anonymous page"
        );
        assert!(!anonymous.contains("nicht geprüft") && !anonymous.contains("Vorschau"));
        let others = get_as(&app, page, Some(&other)).await.html();
        assert!(!others.contains("87,7"), "nor on another member's");
    }
    for token in [&manager, &own] {
        // Pages read published data, as the comparisons do; the preview adds the draft.
        let html = get_as(&app, uri, Some(token)).await.html();
        assert!(!html.contains("87,7"));
        assert!(html.contains("daten=vorschau"), "a link to the preview");
        let html = get_as(&app, &preview, Some(token)).await.html();
        assert!(
            html.contains("87,7"),
            "who may see the draft sees it in the preview"
        );
        assert!(
            html.contains("noch nicht geprüft"),
            "and is told it is unreviewed"
        );
        let links = download_links(&html);
        assert!(!links.is_empty() && links.iter().all(|l| l.contains("data=preview")));
        let csv = get_as(&app, &links[2], Some(token)).await.html();
        assert!(
            csv.contains("87,65"),
            "the download shows what the page shows: {csv}"
        );
    }
    // The member page lists the draft in its data status, for its own member only.
    let page = get_as(&app, &format!("/kommune/{KL}"), Some(&own))
        .await
        .html();
    assert!(page.contains("Entwurf, ungeprüft"));
    let page = get(&app, &format!("/kommune/{KL}")).await.html();
    assert!(!page.contains("Entwurf, ungeprüft"));
}
