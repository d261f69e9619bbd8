//! The dashboard in a real browser: headless Chromium (Debian's `chromium` through
//! `chromedriver`) against the real server on a fresh SQLite database. A municipality signs in,
//! downloads its template, uploads a file with an error, sees the error with its row, uploads the
//! fixed file and submits it; a manager approves it; a staff member sees the new value in the
//! ranking chart. Every page is checked with axe-core (no violation of impact serious or
//! critical) and saved as a screenshot, in German and English; the report also as a PDF.
//! Without the browser the test is skipped, unless `VERGLEICH_REQUIRE_BROWSER=1`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

mod catalogue_steps;
mod chrome;
mod concept_steps;
mod dashboard;
mod exchange_steps;
mod selfcheck_steps;
mod workshop_steps;

use chrome::Browser;
use dashboard::Server;

/// The member whose user uploads, and the indicator and year of the upload.
const KL: &str = "07312000";
const INDICATOR: &str = "verwaltung_mh_anteil";
const YEAR: i32 = 2024;
/// The uploaded value (staff with a migration background, %; the demo value is 14.3): no demo
/// member has it in that year, it makes Kaiserslautern the highest, and it is checked to be
/// absent from the ranking before the approval.
const VALUE_DE: &str = "23,5";

/// The downloaded CSV template filled in as a user would: its header and its rows of
/// `sc_oeffnung` and [`INDICATOR`] in [`YEAR`], the other rows deleted; row 3 (the header is
/// row 1) holds `value`.
fn filled_template(template: &str, value: &str) -> String {
    let lines: Vec<&str> = template.trim_start_matches('\u{feff}').lines().collect();
    let row = |indicator: &str, value: &str| {
        let line = lines
            .iter()
            .find(|l| l.contains(&format!(";{indicator};")) && l.contains(&format!(";{YEAR};")))
            .unwrap_or_else(|| panic!("no row of {indicator} {YEAR} in the template"));
        let mut cells: Vec<&str> = line.split(';').collect();
        assert_eq!(cells.len(), 11, "unexpected template row: {line}");
        cells[6] = value; // Wert
        cells.join(";")
    };
    format!(
        "\u{feff}{}\r\n{}\r\n{}\r\n",
        lines[0],
        row("sc_oeffnung", "61,2"),
        row(INDICATOR, value)
    )
}

fn ranking_path() -> String {
    format!("/indikator/{INDICATOR}?jahr={YEAR}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_works_in_a_browser_and_has_no_serious_accessibility_errors() {
    let Some(chromedriver) = chrome::installed() else {
        return;
    };
    let server = Server::start().await;
    let mut browser = Browser::start(&chromedriver).await;

    the_checker_catches_a_known_violation(&mut browser).await;
    reading_pages(&mut browser, &server).await;
    let before = browser.ranking_chart(&server, &ranking_path()).await;
    assert!(
        before.contains("Kaiserslautern") && !before.contains(VALUE_DE),
        "{VALUE_DE} is in the ranking before the upload: {before}"
    );
    municipality_uploads_fixes_and_submits(&mut browser, &server).await;
    manager_approves(&mut browser, &server).await;
    staff_sees_the_new_value_in_the_ranking(&mut browser, &server).await;
    manager_uploads_an_official_table(&mut browser, &server).await;
    concept_steps::a_municipality_updates_its_concept(&mut browser, &server).await;
    selfcheck_steps::a_municipality_fills_in_its_selfcheck(&mut browser, &server).await;
    workshop_steps::a_workshop_is_run(&mut browser, &server).await;
    exchange_steps::members_learn_from_each_other(&mut browser, &server).await;
    catalogue_steps::an_admin_adds_an_eighth_field(&mut browser, &server).await;
    catalogue_steps::an_admin_adds_a_member_from_2022(&mut browser, &server).await;

    let findings = std::mem::take(&mut browser.findings);
    let console = std::mem::take(&mut browser.console_errors);
    let shots = browser.shots.clone();
    let checked = browser.checked.len();
    let passed = browser.rules_passed;
    browser.close().await;
    eprintln!(
        "{checked} pages checked ({passed} axe rules passed in all), screenshots in {}",
        shots.display()
    );
    assert!(
        findings.is_empty() && console.is_empty(),
        "serious or critical accessibility violations (axe-core):\n{}\n\
         browser console errors and warnings:\n{}",
        findings.join("\n"),
        console.join("\n")
    );
}

/// A page with a known critical violation must be caught, or a clean result means nothing.
async fn the_checker_catches_a_known_violation(browser: &mut Browser) {
    browser
        .client
        .goto("data:text/html,<html><body><img src='x.png'></body></html>")
        .await
        .unwrap();
    browser.check_accessibility("selbsttest", true).await;
    let caught = std::mem::take(&mut browser.findings);
    assert!(
        caught.iter().any(|f| f.contains("image-alt (critical)")),
        "axe-core did not report an image without alt text: {caught:?}"
    );
}

/// Every reading page signed out, in both languages; a comparison chosen through its form; the
/// report as PDF; the API documentation.
async fn reading_pages(browser: &mut Browser, server: &Server) {
    for (lang, q, amp) in [("de", "", ""), ("en", "?lang=en", "&lang=en")] {
        for (path, name) in [
            (format!("/{q}"), "ueberblick"),
            (format!("/kommune/{KL}{q}"), "kommune"),
            (format!("{}{amp}", ranking_path()), "indikator"),
            (format!("/vergleich{q}"), "vergleich"),
            (format!("/datenqualitaet{q}"), "datenqualitaet"),
            (format!("/methodik{q}"), "methodik"),
            (format!("/bericht/{KL}{q}"), "bericht"),
            (format!("/anmelden{q}"), "anmelden"),
        ] {
            browser
                .visit(&server.url(&path), &format!("{lang}-{name}"))
                .await;
        }
    }

    // Three members and one indicator, ticked and chosen in the form.
    browser
        .client
        .goto(&server.url("/vergleich"))
        .await
        .unwrap();
    for key in [KL, "12054000", "13003000"] {
        browser
            .click(&format!("input[name=kommune][value='{key}']"))
            .await;
    }
    browser
        .client
        .find(fantoccini::Locator::Css("select#was"))
        .await
        .unwrap()
        .select_by_value(&format!("indikator:{INDICATOR}"))
        .await
        .unwrap();
    browser
        .navigate_by("form.compare button[type=submit]")
        .await;
    let chosen = browser.client.current_url().await.unwrap();
    assert!(
        chosen.as_str().contains(&format!("kommune={KL}")),
        "the comparison form did not send its choice: {chosen}"
    );
    browser.look("de-vergleich-auswahl").await;
    browser
        .visit(&format!("{chosen}&lang=en"), "en-vergleich-auswahl")
        .await;

    // A phone's width (WCAG reflow): screenshots, and a note when the page scrolls sideways.
    browser.client.set_window_size(390, 844).await.unwrap();
    for (path, name) in [
        ("/".to_owned(), "ueberblick"),
        (format!("/kommune/{KL}"), "kommune"),
        (ranking_path(), "indikator"),
    ] {
        browser
            .visit(&server.url(&path), &format!("de-schmal-{name}"))
            .await;
        // When the page scrolls sideways: the elements whose content spills out of them (a word
        // too long for the line, a wide child) where no scrolling box holds it.
        let wide = browser
            .client
            .execute(
                "const w = document.documentElement.clientWidth;
                 if (document.documentElement.scrollWidth <= w) return [];
                 const held = e => { for (let a = e; a; a = a.parentElement) {
                     if (getComputedStyle(a).overflowX !== 'visible') return true; } return false; };
                 const out = [...document.querySelectorAll('main *, header *, footer *')]
                     .filter(e => e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0
                         && !held(e) && e.getBoundingClientRect().left < w);
                 return [document.documentElement.scrollWidth + ' > ' + w + ' px'].concat(
                     out.slice(0, 5).map(e => e.tagName.toLowerCase()
                         + (typeof e.className === 'string' && e.className ? '.' + e.className : '')
                         + ' \"' + e.textContent.trim().slice(0, 40) + '\"'));",
                vec![],
            )
            .await
            .unwrap();
        if wide.as_array().is_some_and(|a| !a.is_empty()) {
            eprintln!("note: de-schmal-{name} scrolls sideways: {wide}");
        }
    }
    browser.client.set_window_size(1280, 1800).await.unwrap();

    let report = server.url(&format!("/bericht/{KL}"));
    browser.client.goto(&report).await.unwrap();
    browser.pdf("de-bericht").await;

    // Swagger UI is vendored, not ours: a screenshot and axe notes, no gate.
    browser
        .visit_third_party(&server.url("/api/v1/docs"), "api-docs")
        .await;
}

/// kl: the template of the year, a file with an error (shown with its row, in both languages),
/// the fixed file stored as a draft, submitted.
async fn municipality_uploads_fixes_and_submits(browser: &mut Browser, server: &Server) {
    browser.sign_in(server, "kl", "de").await;
    browser
        .visit(&server.url("/hochladen"), "de-hochladen")
        .await;
    for year_field in ["from", "to"] {
        let input = browser
            .client
            .find(fantoccini::Locator::Css(&format!(
                "form.template-form input[name={year_field}]"
            )))
            .await
            .unwrap();
        input.clear().await.unwrap();
        input.send_keys(&YEAR.to_string()).await.unwrap();
    }
    browser
        .click("form.template-form button[formaction$='.csv']")
        .await;
    let template = std::fs::read(browser.downloaded(".csv").await).unwrap();
    let template = String::from_utf8(template).unwrap();
    assert!(
        template.contains(&format!("{KL};")),
        "the template does not name the member:\n{template}"
    );
    browser
        .click("form.template-form button:not([formaction])")
        .await;
    let xlsx = std::fs::read(browser.downloaded(".xlsx").await).unwrap();
    assert!(xlsx.starts_with(b"PK"), "the XLSX template is no zip file");

    let files = tempfile::tempdir().unwrap();
    let wrong = files.path().join("werte.csv");
    std::fs::write(&wrong, filled_template(&template, "viel")).unwrap();
    for (lang, page) in [("de", "/hochladen"), ("en", "/hochladen?lang=en")] {
        browser.client.goto(&server.url(page)).await.unwrap();
        browser.upload(&wrong).await;
        let rows = browser.issue_rows().await;
        assert!(
            rows.iter().any(|r| r.iter().any(|c| c == "3")
                && r.iter().any(|c| c.contains("Wert") || c.contains("Value"))
                && r.iter().any(|c| c == "viel")),
            "{lang}: no error in row 3, column Wert, value `viel`: {rows:?}"
        );
        browser.look(&format!("{lang}-hochladen-fehler")).await;
    }

    let fixed = files.path().join("werte-korrigiert.csv");
    std::fs::write(&fixed, filled_template(&template, VALUE_DE)).unwrap();
    browser
        .client
        .goto(&server.url("/hochladen"))
        .await
        .unwrap();
    browser.upload(&fixed).await;
    let rows = browser.issue_rows().await;
    assert!(rows.is_empty(), "the fixed file still has issues: {rows:?}");
    browser.look("de-hochladen-entwurf").await;
    browser
        .navigate_by("form[action*='/einreichen'] button")
        .await;
    let text = browser.text().await;
    assert!(text.contains("ist eingereicht"), "not submitted:\n{text}");
    browser.look("de-hochladen-eingereicht").await;
    browser
        .visit(&server.url("/hochladen?lang=en"), "en-hochladen")
        .await;
    browser.sign_out().await;
}

/// pl: the queue, the upload with its changes against the published data, approve.
async fn manager_approves(browser: &mut Browser, server: &Server) {
    browser.sign_in(server, "pl", "de").await;
    browser
        .visit(&server.url("/pruefung?lang=en"), "en-pruefung")
        .await;
    browser.visit(&server.url("/pruefung"), "de-pruefung").await;
    browser.navigate_by("main a[href^='/pruefung/']").await;
    let detail = browser.client.current_url().await.unwrap();
    let text = browser.text().await;
    assert!(
        text.contains(VALUE_DE),
        "the review does not show {VALUE_DE}:\n{text}"
    );
    browser.look("de-pruefung-upload").await;
    browser
        .visit(&format!("{detail}?lang=en"), "en-pruefung-upload")
        .await;
    browser.client.goto(detail.as_str()).await.unwrap();
    browser
        .navigate_by("form[action$='/freigeben'] button")
        .await;
    let text = browser.text().await;
    assert!(
        text.contains("freigegeben und ist jetzt veröffentlicht"),
        "not approved:\n{text}"
    );
    browser.look("de-pruefung-freigegeben").await;
    browser.sign_out().await;
}

/// stiftung: the approved value in the ranking chart, Kaiserslautern now the highest.
async fn staff_sees_the_new_value_in_the_ranking(browser: &mut Browser, server: &Server) {
    browser.sign_in(server, "stiftung", "de").await;
    let after = browser.ranking_chart(server, &ranking_path()).await;
    assert!(
        after.contains(&format!("Kaiserslautern ({VALUE_DE}")),
        "Kaiserslautern with {VALUE_DE} is not the highest in the ranking chart:\n{after}"
    );
    browser.look("de-indikator-nach-freigabe").await;

    // The error pages: a page of another role (403) and an unknown indicator (404).
    browser
        .visit(&server.url("/hochladen"), "de-fehler-403")
        .await;
    let text = browser.text().await;
    assert!(
        text.contains("Ihre Rolle darf das nicht"),
        "no 403 page:\n{text}"
    );
    browser
        .visit(
            &server.url("/indikator/gibt_es_nicht?lang=en"),
            "en-fehler-404",
        )
        .await;
    // The error pages have no header, so sign out from the start page.
    browser.client.goto(&server.url("/")).await.unwrap();
    browser.sign_out().await;
}

/// pl: the classic Regionaldatenbank table 12411-01-01-4 (population of every Kreis, 31.12.2021)
/// uploaded once, stored as one upload per member it holds; Rostock's approved and its new
/// population shown on its member page (issue #15).
async fn manager_uploads_an_official_table(browser: &mut Browser, server: &Server) {
    const ROSTOCK: &str = "13003000";
    let table = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(
        "../crates/ingest/tests/fixtures/realdata/genesis_table/\
         regionalstatistik_12411-01-01-4_kreise_bevoelkerung_2021.csv",
    );
    // chromedriver takes canonical paths only.
    let table = table.canonicalize().unwrap();
    let member_page = server.url(&format!("/kommune/{ROSTOCK}?jahr=2021"));
    browser.client.goto(&member_page).await.unwrap();
    let before = browser.text().await;
    assert!(
        !before.contains("208.400"),
        "the official value is shown before the upload"
    );

    browser.sign_in(server, "pl", "de").await;
    browser
        .visit(&server.url("/hochladen"), "de-hochladen-kohorte")
        .await;
    browser.upload(&table).await;
    // One row per member in the table: its name, its upload (to review), one observation.
    let rows: Vec<Vec<String>> = {
        let mut rows = Vec::new();
        for row in browser
            .client
            .find_all(fantoccini::Locator::Css("table.cohort-uploads tbody tr"))
            .await
            .unwrap()
        {
            let mut cells = Vec::new();
            for cell in row.find_all(fantoccini::Locator::Css("td")).await.unwrap() {
                cells.push(cell.text().await.unwrap());
            }
            rows.push(cells);
        }
        rows
    };
    assert_eq!(
        rows.len(),
        16,
        "one upload per member of the table: {rows:?}"
    );
    assert!(
        rows.iter().all(|r| r[2] == "1" && r[3] == "eingereicht"),
        "each upload holds the member's one value and waits for review: {rows:?}"
    );
    let text = browser.text().await;
    assert!(
        text.contains("12411-01-01-4") && text.contains("10.07.2023"),
        "the result names the table and its Stand:\n{text}"
    );
    browser.look("de-hochladen-kohorte-ergebnis").await;
    browser.client.set_window_size(390, 844).await.unwrap();
    browser.look("de-schmal-hochladen-kohorte-ergebnis").await;
    browser.client.set_window_size(1280, 1800).await.unwrap();

    // Rostock's upload: the new population against the published one, then approved.
    let review = browser
        .client
        .execute(
            "return [...document.querySelectorAll('table.cohort-uploads tbody tr')]
                 .find(r => r.cells[0].textContent.includes('Rostock'))
                 .querySelector('a').getAttribute('href')",
            vec![],
        )
        .await
        .unwrap();
    let review = server.url(review.as_str().expect("a link to Rostock's upload"));
    browser.client.goto(&review).await.unwrap();
    let text = browser.text().await;
    assert!(
        text.contains("208.400"),
        "the review does not show Rostock's 208.400:\n{text}"
    );
    browser.look("de-pruefung-amtlich").await;
    browser
        .navigate_by("form[action$='/freigeben'] button")
        .await;
    browser.sign_out().await;

    browser.client.goto(&member_page).await.unwrap();
    let after = browser.text().await;
    assert!(
        after.contains("208.400"),
        "Rostock's member page does not show the approved 208.400:\n{after}"
    );
    browser.look("de-kommune-rostock-2021").await;
}
