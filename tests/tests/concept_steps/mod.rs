//! The Integrationskonzept in the browser (issue #13): Kaiserslautern's user starts a new
//! version from the 2022 concept, edits an ideal state, adds a goal with a target on the
//! naturalisation rate (baseline filled from the published value), updates two measures through
//! the XLSX round trip and publishes; a signed-out reader then sees the progress chart and the
//! diff page. Every page checked with axe and saved as a screenshot.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use fantoccini::Locator;
use vergleich_ingest::Limits;
use vergleich_ingest::plain::plain_rows;

use crate::chrome::Browser;
use crate::dashboard::Server;

const KL: &str = "07312000";
const IDEAL: &str = "So ideal wie vorstellbar: Wer in Kaiserslautern lebt, findet Bildung und Arbeit, die zu ihm passen.";

/// The downloaded measures table with the first two measures changed as in Excel: the first
/// completed at 100 %, the second at 65 %.
fn edited(bytes: &[u8]) -> (Vec<u8>, [String; 2]) {
    let rows = plain_rows(bytes, &Limits::default()).unwrap();
    let header = rows[0].cells.clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (status, progress) = (col("Status"), col("Fortschritt (%)"));
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.cells.iter().enumerate() {
            let text = match (r, c) {
                (1, c) if c == status => "abgeschlossen",
                (1, c) if c == progress => "100",
                (2, c) if c == progress => "65",
                _ => cell.as_str(),
            };
            sheet.write_string(r as u32, c as u16, text).unwrap();
        }
    }
    let titles = [rows[1].cells[2].clone(), rows[2].cells[2].clone()];
    (book.save_to_buffer().unwrap(), titles)
}

pub async fn a_municipality_updates_its_concept(browser: &mut Browser, server: &Server) {
    browser.sign_in(server, "kl", "de").await;
    browser
        .visit(
            &server.url(&format!("/konzept/{KL}")),
            "de-konzept-kaiserslautern",
        )
        .await;
    // A Fortschreibung of the newest version (the select's first choice).
    browser.click("details.workflow-form summary").await;
    let form = browser
        .client
        .form(Locator::Css("form[action$='/fassungen']"))
        .await
        .unwrap();
    form.set_by_name("label", "2026").await.unwrap();
    browser
        .navigate_by("form[action$='/fassungen'] button[type=submit]")
        .await;
    let url = browser.client.current_url().await.unwrap();
    assert!(url.as_str().contains("/bearbeiten?fassung=2026"), "{url}");
    browser.look("de-konzept-bearbeiten").await;

    // The first ideal state, edited.
    let ideal = browser.client.find(Locator::Css("#ideal_0")).await.unwrap();
    ideal.clear().await.unwrap();
    ideal.send_keys(IDEAL).await.unwrap();
    browser
        .navigate_by("form[action$='/bearbeiten'] button[type=submit]")
        .await;
    assert!(
        browser.text().await.contains(IDEAL),
        "the ideal state was not saved"
    );

    // A goal with a target: baseline left empty, filled from the published 2023 value 2,34.
    browser
        .client
        .goto(&server.url(&format!("/konzept/{KL}/bearbeiten?fassung=2026")))
        .await
        .unwrap();
    let goal = browser
        .client
        .form(Locator::Css("form[action$='/ziele']"))
        .await
        .unwrap();
    goal.set_by_name("title", "Mehr Einbürgerungen")
        .await
        .unwrap();
    goal.set_by_name("indicator", "einbuergerungsquote")
        .await
        .unwrap();
    goal.set_by_name("role", "monitoring").await.unwrap();
    goal.set_by_name("baseline_year", "2023").await.unwrap();
    goal.set_by_name("target_year", "2028").await.unwrap();
    goal.set_by_name("target", "3,0").await.unwrap();
    browser
        .navigate_by("form[action$='/ziele'] button[type=submit]")
        .await;
    let text = browser.text().await;
    assert!(text.contains("Mehr Einbürgerungen"), "no new goal:\n{text}");
    assert!(
        text.contains("2,34 % (2023)"),
        "the baseline was not filled in:\n{text}"
    );

    // Two measures through the XLSX round trip.
    browser
        .click("section.actions a[href*='measures.xlsx']")
        .await;
    let xlsx = std::fs::read(browser.downloaded("-2026.xlsx").await).unwrap();
    let (file, titles) = edited(&xlsx);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("massnahmen-bearbeitet.xlsx");
    std::fs::write(&path, file).unwrap();
    browser
        .client
        .find(Locator::Css("form[action$='/massnahmen'] input[type=file]"))
        .await
        .unwrap()
        .send_keys(&path.display().to_string())
        .await
        .unwrap();
    browser
        .navigate_by("form[action$='/massnahmen'] button[type=submit]")
        .await;
    let url = browser.client.current_url().await.unwrap();
    assert!(url.as_str().contains("aktualisiert="), "{url}");
    let row = |title: &str| {
        format!(
            "return [...document.querySelectorAll('#massnahmen ~ .table-wrap tbody tr')]
                 .find(r => r.cells[1].textContent.includes({title:?})).textContent"
        )
    };
    let first = browser
        .client
        .execute(&row(&titles[0]), vec![])
        .await
        .unwrap();
    assert!(first.as_str().unwrap().contains("abgeschlossen"), "{first}");
    let second = browser
        .client
        .execute(&row(&titles[1]), vec![])
        .await
        .unwrap();
    assert!(second.as_str().unwrap().contains("65 %"), "{second}");
    browser.look("de-konzept-entwurf-aktualisiert").await;

    browser
        .navigate_by("form[action$='/veroeffentlichen'] button")
        .await;
    browser.sign_out().await;

    // A reader: the new version with its progress chart, and what changed against 2022.
    browser
        .visit(&server.url(&format!("/konzept/{KL}")), "de-konzept-2026")
        .await;
    let text = browser.text().await;
    assert!(
        text.contains("Integrationskonzept Kaiserslautern") && text.contains("Mehr Einbürgerungen"),
        "{text}"
    );
    let chart = browser
        .client
        .find(Locator::Css("figure.chart svg title"))
        .await
        .unwrap()
        .html(true)
        .await
        .unwrap();
    assert!(chart.contains("Zielerreichung"), "{chart}");
    browser
        .visit(
            &server.url(&format!("/konzept/{KL}/vergleich?von=2022&bis=2026")),
            "de-konzept-vergleich",
        )
        .await;
    let diff = browser.text().await;
    assert!(
        diff.contains("neu: Mehr Einbürgerungen") && diff.contains("Idealzustand"),
        "{diff}"
    );
    browser
        .visit(
            &server.url(&format!("/konzept/{KL}?lang=en")),
            "en-konzept-2026",
        )
        .await;
    browser.visit(&server.url("/konzepte"), "de-konzepte").await;
    browser
        .visit(&server.url("/konzepte?lang=en&q=sprach"), "en-konzepte")
        .await;
}
