//! The reading pages of the dashboard over HTTP: every page in German and English, charts inline
//! with their description, data tables and download links that answer, 404 pages, the member
//! count check of the comparison page and visibility of unpublished values, through
//! `router(state).oneshot(request)` on a fresh SQLite file with the demo data.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use axum::http::StatusCode;
use vergleich_api::testing::{self, TestApp};
use vergleich_domain::{Role, UploadState};

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
    let app = TestApp::sqlite().await;
    for (path, title_de, title_en, charts) in PAGES {
        for (lang, title) in [("de", title_de), ("en", title_en)] {
            let uri = with_lang(path, lang);
            let answer = app.get(&uri).await;
            assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.html());
            assert!(answer.content_type().starts_with("text/html"), "{uri}");
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
    let app = TestApp::sqlite().await;
    let mut checked = std::collections::BTreeSet::new();
    for (path, ..) in PAGES {
        let html = app.get(path).await.html();
        for link in download_links(&html) {
            if !checked.insert(link.clone()) {
                continue;
            }
            let answer = app.get(&link).await;
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

/// The `<desc>` of every SVG in `text`.
fn descriptions(text: &str) -> Vec<String> {
    text.split("<desc>")
        .skip(1)
        .filter_map(|rest| rest.split("</desc>").next())
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn every_chart_download_draws_what_the_page_shows() {
    let app = TestApp::sqlite().await;
    let mut checked = 0;
    for (path, ..) in PAGES {
        for lang in ["de", "en"] {
            let html = app.get(&with_lang(path, lang)).await.html();
            let shown = descriptions(&html);
            for link in download_links(&html).iter().filter(|l| l.contains(".svg?")) {
                let svg = app.get(link).await.html();
                let drawn = descriptions(&svg);
                assert!(
                    drawn.len() == 1 && shown.contains(&drawn[0]),
                    "{path} ({lang}) -> {link} draws a chart the page does not show:\n{drawn:?}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 10, "only {checked} SVG links");
}

#[tokio::test]
async fn numbers_follow_the_page_language() {
    let app = TestApp::sqlite().await;
    let de = app.get("/indikator/bevoelkerung?jahr=2024").await.html();
    let en = app
        .get("/indikator/bevoelkerung?jahr=2024&lang=en")
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
    let app = TestApp::sqlite().await;
    for uri in [
        "/kommune/99999999",
        "/kommune/abc",
        "/bericht/99999",
        "/indikator/gibt_es_nicht",
        "/indikator/gibt_es_nicht?lang=en",
    ] {
        let answer = app.get(uri).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(answer.content_type().starts_with("text/html"), "{uri}");
        assert!(answer.html().contains("<h1>404"), "{uri}");
    }
    assert!(
        app.get("/indikator/x?lang=en")
            .await
            .html()
            .contains("lang=\"en\"")
    );
}

#[tokio::test]
async fn the_comparison_page_wants_two_to_six_members() {
    let app = TestApp::sqlite().await;
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
        let answer = app.get(uri).await;
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
        let en = app.get(&format!("{uri}&lang=en")).await.html();
        assert!(en.contains(&format!(
            "Please choose 2 to 6 municipalities (chosen: {chosen})."
        )));
    }
    // The first visit shows the form without a message; the chosen boxes stay ticked.
    let first = app.get("/vergleich").await.html();
    assert!(!first.contains("role=\"alert\""));
    let two = app
        .get("/vergleich?kommune=01003000&kommune=07312000&was=indikator:auslaenderanteil")
        .await
        .html();
    assert!(two.contains("value=\"07312000\" checked"));
    assert!(two.contains("chart=dot-plot"));
}

#[tokio::test]
async fn the_member_page_explains_its_peer_group() {
    let app = TestApp::sqlite().await;
    let html = app
        .get(&format!("/kommune/{KL}?gruppe=neighbours"))
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
    let compare = app.get(&link).await.html();
    assert!(!compare.contains("role=\"alert\""), "{link}");
    assert!(compare.contains("role=\"img\""), "{link}");
    let report = app.get(&format!("/bericht/{LUEBECK}")).await.html();
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
    let app = TestApp::sqlite().await;
    testing::append_value(
        app.store(),
        UploadState::Draft,
        KL,
        "einbuergerungsquote",
        2022,
        87.65,
    )
    .await;
    let manager = testing::user_with_token(app.store(), "pl", Role::Manager, None).await;
    let own = testing::user_with_token(app.store(), "kl", Role::Municipality, Some(KL)).await;
    let other =
        testing::user_with_token(app.store(), "hro", Role::Municipality, Some("13003000")).await;
    let uri = "/indikator/einbuergerungsquote?jahr=2022";
    let preview = format!("{uri}&daten=vorschau");
    for page in [uri, preview.as_str()] {
        let anonymous = app.get(page).await.html();
        assert!(
            !anonymous.contains("87,7"),
            "a draft is not on an anonymous page"
        );
        assert!(!anonymous.contains("nicht geprüft") && !anonymous.contains("Vorschau"));
        let others = app.get_as(page, Some(&other)).await.html();
        assert!(!others.contains("87,7"), "nor on another member's");
    }
    for token in [&manager, &own] {
        // Pages read published data, as the comparisons do; the preview adds the draft.
        let html = app.get_as(uri, Some(token)).await.html();
        assert!(!html.contains("87,7"));
        assert!(html.contains("daten=vorschau"), "a link to the preview");
        let html = app.get_as(&preview, Some(token)).await.html();
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
        let csv = app.get_as(&links[2], Some(token)).await.html();
        assert!(
            csv.contains("87,65"),
            "the download shows what the page shows: {csv}"
        );
    }
    // The member page lists the draft in its data status, for its own member only.
    let page = app
        .get_as(&format!("/kommune/{KL}"), Some(&own))
        .await
        .html();
    assert!(page.contains("Entwurf, ungeprüft"));
    let page = app.get(&format!("/kommune/{KL}")).await.html();
    assert!(!page.contains("Entwurf, ungeprüft"));
}

#[tokio::test]
async fn one_members_early_year_does_not_move_the_pages_and_is_offered_with_its_count() {
    let app = TestApp::sqlite().await;
    // Kaiserslautern publishes 2025 before anyone else (the demo data ends in 2024).
    testing::append_value(
        app.store(),
        UploadState::Published,
        KL,
        "auslaenderanteil",
        2025,
        23.5,
    )
    .await;
    for (uri, text) in [
        (
            "/",
            "Gezeigt wird 2024, das neueste Jahr, in dem mindestens 11 von 21 Mitgliedern Werte gemeldet haben (21 von 21).",
        ),
        ("/", "2025 (erst 1 von 21)"),
        (&*format!("/kommune/{KL}"), "2025 (erst 1 von 21)"),
        ("/indikator/auslaenderanteil", "2025 (erst 1 von 21)"),
        (&*format!("/bericht/{KL}"), "2025 (erst 1 von 21)"),
        ("/?jahr=2025", "2025: erst 1 von 21 Mitgliedern mit Werten."),
    ] {
        let answer = app.get(uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}");
        assert!(answer.html().contains(text), "{uri}: {text}");
    }
    let en = app.get("/?lang=en").await.html();
    assert!(en.contains("2025 (only 1 of 21)"), "{en}");
    // The heat map is of 2024, and the API's default year is the same.
    let scores = app.get("/api/v1/field-scores").await;
    assert_eq!(scores.status, StatusCode::OK);
    assert_eq!(scores.json()["meta"]["period"], "2024");
}
