//! The dashboard under test for the browser suite: the real server with its users, and the
//! steps a person takes in its forms (sign in and out, upload a file, read the issue table and
//! the ranking chart), written once against the pages' markup.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::Locator;
use vergleich_api::testing::{spawn_server, users_with_password};
use vergleich_domain::Role;

use crate::chrome::Browser;

/// The password of every user of the test.
pub const PASSWORD: &str = "Weltoffen im Browser 2026";

/// The users: kl (municipality of Kaiserslautern), rostock (municipality of Rostock), pl
/// (manager), stiftung (staff), admin.
pub const USERS: [(&str, Role, Option<&str>); 5] = [
    ("kl", Role::Municipality, Some("07312000")),
    ("rostock", Role::Municipality, Some("13003000")),
    ("pl", Role::Manager, None),
    ("stiftung", Role::Staff, None),
    ("admin", Role::Admin, None),
];

/// The real server on `127.0.0.1:0` over a fresh SQLite file with the demo data, and
/// [`USERS`] with [`PASSWORD`].
pub struct Server {
    base: String,
    _dir: tempfile::TempDir,
}

impl Server {
    pub async fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite:{}", dir.path().join("db.sqlite").display());
        let base = spawn_server(&url).await;
        // The same database, opened a second time, as `vergleich user add` would.
        let store = vergleich_store::connect(&url).await.unwrap();
        users_with_password(&*store, &USERS, PASSWORD).await;
        Self { base, _dir: dir }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Browser {
    /// Clicks the first element matching `css`.
    pub async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css}: {e}"))
            .click()
            .await
            .unwrap();
    }

    /// Clicks the first element matching `css` and waits until the browser has loaded the next
    /// document (a form sent, a link followed).
    pub async fn navigate_by(&self, css: &str) {
        self.client
            .execute("window.vergleichOldPage = true", vec![])
            .await
            .unwrap();
        self.click(css).await;
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let loaded = self
                .client
                .execute(
                    "return window.vergleichOldPage === undefined \
                        && document.readyState === 'complete'",
                    vec![],
                )
                .await;
            // A script may meet the document while it is being replaced: ask again.
            if loaded.is_ok_and(|v| v == true) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{css} did not lead to a new page"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Signs `name` in through the form of `/anmelden` in `lang`.
    pub async fn sign_in(&mut self, server: &Server, name: &str, lang: &str) {
        let url = server.url(&format!("/anmelden?lang={lang}"));
        self.client.goto(&url).await.unwrap();
        let form = self
            .client
            .form(Locator::Css("main form[action='/anmelden']"))
            .await
            .unwrap();
        form.set_by_name("name", name).await.unwrap();
        form.set_by_name("password", PASSWORD).await.unwrap();
        self.navigate_by("main form[action='/anmelden'] button[type=submit]")
            .await;
        let signed_in = self
            .client
            .find(Locator::Css("form[action='/abmelden']"))
            .await;
        assert!(
            signed_in.is_ok(),
            "{name} is not signed in after the form:\n{}",
            self.text().await
        );
    }

    /// Signs out through the header's button.
    pub async fn sign_out(&mut self) {
        self.navigate_by("form[action='/abmelden'] button").await;
        assert!(
            self.client
                .find(Locator::Css("a[href^='/anmelden']"))
                .await
                .is_ok(),
            "still signed in after signing out"
        );
    }

    /// Picks `file` in the upload form of the page the browser is on and sends it.
    pub async fn upload(&mut self, file: &Path) {
        self.client
            .find(Locator::Css("#upload-form input[type=file]"))
            .await
            .unwrap()
            .send_keys(&file.display().to_string())
            .await
            .unwrap();
        self.navigate_by("#upload-form button[type=submit]").await;
    }

    /// The rows of the page's issue table (`table.report`), each as its cells' texts.
    pub async fn issue_rows(&self) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        for row in self
            .client
            .find_all(Locator::Css("table.report tbody tr"))
            .await
            .unwrap()
        {
            let mut cells = Vec::new();
            for cell in row.find_all(Locator::Css("td")).await.unwrap() {
                cells.push(cell.text().await.unwrap());
            }
            rows.push(cells);
        }
        rows
    }

    /// The text of the ranking chart of the Indikator page at `path`: the SVG's title,
    /// description (which names the highest member with its value) and labels.
    pub async fn ranking_chart(&self, server: &Server, path: &str) -> String {
        self.client.goto(&server.url(path)).await.unwrap();
        let svg = self
            .client
            .find(Locator::Css("section[aria-labelledby='h-ranking'] svg"))
            .await
            .unwrap();
        self.client
            .execute(
                "return arguments[0].textContent",
                vec![serde_json::to_value(&svg).unwrap()],
            )
            .await
            .unwrap()
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}
