//! The catalogue at runtime in the browser (issue #14 B): the admin adds the field "Gesundheit
//! und Prävention" and one indicator in it on `/verwaltung/katalog`; the overview names it as a
//! field without indicators until then; Kaiserslautern uploads a value for the new indicator,
//! a manager approves it, and the overview's heat map and the member's radar show the eighth
//! field — no restart. Every page checked with axe and saved as a screenshot.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use fantoccini::Locator;

use crate::chrome::Browser;
use crate::dashboard::Server;

const KL: &str = "07312000";

async fn fill(browser: &Browser, form: &str, values: &[(&str, &str)]) {
    let f = browser.client.form(Locator::Css(form)).await.unwrap();
    for (name, value) in values {
        f.set_by_name(name, value).await.unwrap();
    }
}

pub async fn an_admin_adds_an_eighth_field(browser: &mut Browser, server: &Server) {
    browser.client.delete_all_cookies().await.unwrap();
    browser.sign_in(server, "admin", "de").await;
    browser
        .client
        .goto(&server.url("/verwaltung/katalog"))
        .await
        .unwrap();
    browser.look("de-katalog").await;
    browser
        .click("details:has(input[value=field]) summary")
        .await;
    fill(
        browser,
        "form:has(input[name=form][value=field])",
        &[
            ("id", "gesundheit"),
            ("position", "8"),
            ("label_de", "Gesundheit und Prävention"),
            ("label_en", "Health and prevention"),
            ("short_de", "Gesundheit"),
            ("short_en", "Health"),
        ],
    )
    .await;
    browser
        .navigate_by("form:has(input[name=form][value=field]) button[type=submit]")
        .await;
    assert!(
        browser.text().await.contains("gesundheit"),
        "the field is listed"
    );
    // Without indicators the overview says so instead of leaving a blank column unexplained.
    browser
        .client
        .goto(&server.url("/?jahr=2024"))
        .await
        .unwrap();
    let text = browser.text().await;
    assert!(
        text.contains("Noch ohne Indikatoren") && text.contains("Gesundheit und Prävention"),
        "{text}"
    );
    assert!(
        text.contains("8 Handlungsfelder"),
        "the lead counts the fields"
    );
    browser.look("de-ueberblick-feld-ohne-indikatoren").await;

    browser
        .client
        .goto(&server.url("/verwaltung/katalog"))
        .await
        .unwrap();
    browser
        .click("details:has(input[value=indicator]) summary")
        .await;
    fill(
        browser,
        "form:has(input[name=form][value=indicator])",
        &[
            ("id", "gesundheitslotsen"),
            ("label_de", "Gesundheitslotsen je 10.000 Einwohner"),
            ("label_en", "Health guides per 10,000 residents"),
            (
                "definition_de",
                "Ausgebildete Gesundheitslotsinnen und -lotsen je 10.000 Einwohner am 31.12.",
            ),
            ("unit", "je 10.000 Einwohner"),
            ("min", "0"),
            ("source", "eigene Erhebung der Kommune"),
        ],
    )
    .await;
    for (select, value) in [
        ("i-field", "gesundheit"),
        ("i-kind", "statistic"),
        ("i-polarity", "higher_is_better"),
        ("i-level", "kommune"),
    ] {
        browser
            .client
            .find(Locator::Css(&format!("select#{select}")))
            .await
            .unwrap()
            .select_by_value(value)
            .await
            .unwrap();
    }
    browser
        .navigate_by("form:has(input[name=form][value=indicator]) button[type=submit]")
        .await;
    assert!(
        browser.text().await.contains("gesundheitslotsen"),
        "the indicator is listed"
    );
    browser.look("de-katalog-neu").await;
    browser.sign_out().await;

    // Kaiserslautern uploads a value for it, a manager approves.
    browser.sign_in(server, "kl", "de").await;
    let files = tempfile::tempdir().unwrap();
    let file = files.path().join("gesundheit.csv");
    std::fs::write(
        &file,
        format!("Kommune;Indikator;Jahr;Wert\r\n{KL};gesundheitslotsen;2024;3,5\r\n"),
    )
    .unwrap();
    browser
        .client
        .goto(&server.url("/hochladen"))
        .await
        .unwrap();
    browser.upload(&file).await;
    assert!(
        browser.issue_rows().await.is_empty(),
        "the new indicator is known to uploads at once"
    );
    browser
        .navigate_by("form[action*='/einreichen'] button")
        .await;
    browser.sign_out().await;
    browser.sign_in(server, "pl", "de").await;
    browser.client.goto(&server.url("/pruefung")).await.unwrap();
    // The upload of gesundheit.csv (other steps left other submissions in the list).
    let link = browser
        .client
        .find(Locator::XPath(
            "//main//tr[contains(., 'gesundheit.csv')]//a[starts-with(@href, '/pruefung/')]",
        ))
        .await
        .expect("the upload of gesundheit.csv in the review list");
    let href = link.attr("href").await.unwrap().unwrap();
    browser.client.goto(&server.url(&href)).await.unwrap();
    assert!(
        browser.text().await.contains("Gesundheitslotsen"),
        "the review shows the new indicator"
    );
    browser
        .navigate_by("form[action$='/freigeben'] button")
        .await;
    browser.sign_out().await;

    // The heat map and the radar show the eighth field.
    browser
        .client
        .goto(&server.url("/?jahr=2024"))
        .await
        .unwrap();
    let text = browser.text().await;
    assert!(!text.contains("Noch ohne Indikatoren"), "{text}");
    let heatmap: String = browser
        .client
        .find(Locator::Css("#h-heatmap ~ .overview-grid svg"))
        .await
        .unwrap()
        .html(false)
        .await
        .unwrap();
    assert!(
        heatmap.contains("Gesundheit"),
        "the heat map has the eighth column"
    );
    browser.look("de-ueberblick-acht-felder").await;
    browser
        .client
        .goto(&server.url(&format!("/kommune/{KL}?jahr=2024")))
        .await
        .unwrap();
    let radar = browser
        .client
        .find(Locator::Css(
            "#h-profile ~ figure svg, #h-profile + p + figure svg",
        ))
        .await
        .unwrap()
        .html(false)
        .await
        .unwrap();
    assert!(
        radar.contains("Gesundheit"),
        "the radar has the eighth axis"
    );
    browser.look("de-kommune-acht-felder").await;
}

/// The cohort at runtime (issue #14 B.3): the admin adds Trier, a member from 2022, on
/// `/verwaltung/kohorte`; the indicator page of 2020 names it as not yet in the cohort, that
/// of 2023 counts it; a second, overlapping period is refused with the form kept.
pub async fn an_admin_adds_a_member_from_2022(browser: &mut Browser, server: &Server) {
    browser.client.delete_all_cookies().await.unwrap();
    browser.sign_in(server, "admin", "de").await;
    browser
        .client
        .goto(&server.url("/verwaltung/kohorte"))
        .await
        .unwrap();
    browser.look("de-kohorte").await;
    browser
        .click("details:has(input[value=municipality]) summary")
        .await;
    let form = "form:has(input[name=form][value=municipality])";
    fill(
        browser,
        form,
        &[
            ("key", "07211000"),
            ("name", "Trier"),
            ("kind", "kreisfreie_stadt"),
            ("cohort", "weltoffene-kommunen-2020"),
            ("source", "Beschluss des Stadtrats vom 3. März 2022"),
            ("joined", "2022"),
        ],
    )
    .await;
    browser
        .navigate_by(&format!("{form} button[type=submit]"))
        .await;
    let text = browser.text().await;
    assert!(
        text.contains("Trier") && text.contains("seit 2022"),
        "{text}"
    );

    // The same cohort again from 2024 overlaps "seit 2022": refused, the form kept.
    browser
        .click("details:has(input[value=period]) summary")
        .await;
    let form = "form:has(input[name=form][value=period])";
    fill(
        browser,
        form,
        &[
            ("municipality", "07211000"),
            ("cohort", "weltoffene-kommunen-2020"),
            ("source", "Zweiter Eintrag"),
            ("joined", "2024"),
        ],
    )
    .await;
    browser
        .navigate_by(&format!("{form} button[type=submit]"))
        .await;
    let text = browser.text().await;
    assert!(text.contains("überschneidet"), "{text}");
    browser.look("de-kohorte-ueberschneidung").await;
    browser.client.set_window_size(390, 844).await.unwrap();
    browser
        .visit(&server.url("/verwaltung/kohorte"), "de-schmal-kohorte")
        .await;
    browser.client.set_window_size(1366, 1800).await.unwrap();

    browser
        .client
        .goto(&server.url("/indikator/einbuergerungsquote?jahr=2020"))
        .await
        .unwrap();
    let text = browser.text().await;
    assert!(
        text.contains("Trier: noch nicht dabei (ab 2022)"),
        "2020 names it as not yet a member: {text}"
    );
    browser.look("de-indikator-noch-nicht-dabei").await;
    browser
        .client
        .goto(&server.url("/indikator/einbuergerungsquote?jahr=2023"))
        .await
        .unwrap();
    let text = browser.text().await;
    assert!(!text.contains("noch nicht dabei"), "{text}");
}
