//! The dashboard in a real browser: headless Chromium (Debian's `chromium` through
//! `chromedriver`) against the real server on a fresh SQLite database. Every page is checked with
//! axe-core (no violation of impact serious or critical) and saved as a screenshot, in German and
//! English. Without the browser the test is skipped, unless `VERGLEICH_REQUIRE_BROWSER=1`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

mod chrome;

use chrome::Browser;
use vergleich_api::config::{DatabaseArgs, HttpArgs, ServeArgs};
use vergleich_domain::{Ags, Role};
use vergleich_store::NewUser;
use vergleich_store::testing::datasets_dir;

/// The password of every user of the test.
const PASSWORD: &str = "Weltoffen im Browser 2026";

/// The real server on `127.0.0.1:0` over a fresh SQLite file with the demo data, and the users
/// kl (municipality of Kaiserslautern), pl (manager) and stiftung (staff) with [`PASSWORD`].
struct Server {
    base: String,
    _dir: tempfile::TempDir,
}

impl Server {
    async fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite:{}", dir.path().join("db.sqlite").display());
        let args = ServeArgs {
            bind: "127.0.0.1:0".parse().unwrap(),
            db: DatabaseArgs::new(url.clone(), datasets_dir()),
            no_demo: false,
            http: HttpArgs::default(),
        };
        let (listener, router) = vergleich_api::startup::bind(&args).await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(vergleich_api::startup::serve_until(
            listener,
            router,
            std::future::pending(),
        ));
        let store = vergleich_store::connect(&url).await.unwrap();
        let hash = vergleich_api::auth::password::hash(PASSWORD).unwrap();
        for (name, role, member) in [
            ("kl", Role::Municipality, Some("07312000")),
            ("pl", Role::Manager, None),
            ("stiftung", Role::Staff, None),
        ] {
            let user = store
                .create_user(&NewUser {
                    name: name.into(),
                    role,
                    municipality: member.map(|m| Ags::parse(m).unwrap()),
                })
                .await
                .unwrap();
            store.set_password(user.id, &hash, "test").await.unwrap();
        }
        Self {
            base: format!("http://{address}"),
            _dir: dir,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_works_in_a_browser_and_has_no_serious_accessibility_errors() {
    let Some(chromedriver) = chrome::installed() else {
        return;
    };
    let server = Server::start().await;
    let mut browser = Browser::start(&chromedriver).await;

    // The start page and the API documentation, in both languages.
    for (lang, query) in [("de", ""), ("en", "?lang=en")] {
        browser
            .visit(
                &server.url(&format!("/{query}")),
                &format!("{lang}-ueberblick"),
            )
            .await;
    }
    // Swagger UI is vendored, not ours: a screenshot and axe notes, no gate.
    browser
        .visit_third_party(&server.url("/api/v1/docs"), "api-docs")
        .await;

    let findings = std::mem::take(&mut browser.findings);
    let shots = browser.shots.clone();
    let checked = browser.checked.len();
    browser.close().await;
    eprintln!(
        "{checked} pages checked, screenshots in {}",
        shots.display()
    );
    assert!(
        findings.is_empty(),
        "serious or critical accessibility violations (axe-core):\n{}",
        findings.join("\n")
    );
}
