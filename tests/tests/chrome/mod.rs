//! Headless Chromium for the browser test: finding Debian's `chromium` and `chromedriver` (or
//! skipping without them), the chromedriver child process, one WebDriver session with its own
//! profile and download folder, full-page screenshots and PDFs through the DevTools protocol, and
//! the axe-core check of a page.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use axum::http::Method;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use reqwest::Url;
use serde_json::{Value, json};
use tempfile::TempDir;

/// The browser Debian's `chromium` package installs (the chromedriver of `chromium-driver` expects
/// exactly this one).
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// axe-core, vendored from the npm registry (see `tests/assets/axe-core/README.md`).
const AXE: &str = include_str!("../../assets/axe-core/axe.min.js");

/// `chromedriver` on `PATH` and [`CHROMIUM`], or `None` with a note; with
/// `VERGLEICH_REQUIRE_BROWSER=1` (set by `.ci/run`) a missing browser fails the test instead.
pub fn installed() -> Option<PathBuf> {
    let driver = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|dir| dir.join("chromedriver"))
            .find(|p| p.is_file())
    });
    match driver {
        Some(driver) if Path::new(CHROMIUM).is_file() => Some(driver),
        _ if std::env::var("VERGLEICH_REQUIRE_BROWSER").is_ok_and(|v| v == "1") => panic!(
            "VERGLEICH_REQUIRE_BROWSER=1 but {CHROMIUM} or chromedriver is missing \
             (apt-get install chromium chromium-driver)"
        ),
        _ => {
            eprintln!(
                "note: {CHROMIUM} or chromedriver not installed, browser test skipped \
                 (apt-get install chromium chromium-driver)"
            );
            None
        }
    }
}

/// Where screenshots and PDFs go: `$VERGLEICH_SCREENSHOT_DIR`, else `screenshots/` in the cargo
/// target folder this test binary was built into.
pub fn screenshot_dir() -> PathBuf {
    let dir = match std::env::var_os("VERGLEICH_SCREENSHOT_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => {
            // target/debug/deps/browser-…: three levels up is the target folder.
            let exe = std::env::current_exe().unwrap();
            exe.ancestors()
                .nth(3)
                .map_or_else(|| PathBuf::from("target"), Path::to_path_buf)
                .join("screenshots")
        }
    };
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// chromedriver as a child process, killed when dropped.
struct Driver {
    child: Child,
    port: u16,
    /// The open session, ended before chromedriver is killed (else Chromium outlives it).
    session: Option<String>,
}

impl Driver {
    async fn start(binary: &Path, log: &Path) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(binary)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        let driver = Self {
            child,
            port,
            session: None,
        };
        let status = format!("http://127.0.0.1:{port}/status");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(answer) = reqwest::get(&status).await
                && let Ok(body) = answer.json::<Value>().await
                && body["value"]["ready"] == true
            {
                return driver;
            }
            assert!(Instant::now() < deadline, "chromedriver did not get ready");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // A test that panics never reaches `Browser::close`, and the async client cannot run
        // any more: end the session with a plain blocking request so Chromium quits.
        if let Some(session) = self.session.take() {
            let _ = end_session(self.port, &session);
        }
        // Only our own child, by its id.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `DELETE /session/{id}` over a plain socket, waiting for chromedriver's answer.
fn end_session(port: u16, session: &str) -> std::io::Result<()> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "DELETE /session/{session} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
         Content-Length: 0\r\nConnection: close\r\n\r\n"
    )?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    Ok(())
}

/// A chromedriver command outside the W3C set: a POST to `session/{id}/{path}` with a JSON body
/// (`goog/cdp/execute` for the DevTools protocol, `se/log` for the browser console).
#[derive(Debug)]
struct Extension {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for Extension {
    fn endpoint(&self, base: &Url, session: Option<&str>) -> Result<Url, UrlError> {
        base.join(&format!("session/{}/{}", session.unwrap_or(""), self.path))
    }

    fn method_and_body(&self, _: &Url) -> (Method, Option<String>) {
        (Method::POST, Some(self.body.to_string()))
    }
}

/// `url::ParseError`, named through reqwest's re-export of `Url`.
type UrlError = <Url as std::str::FromStr>::Err;

/// One browser session: chromedriver, Chromium with a fresh profile, a download folder, and the
/// accessibility findings of every page checked so far.
pub struct Browser {
    pub client: Client,
    pub downloads: PathBuf,
    pub shots: PathBuf,
    /// `page: rule (impact): help – targets`, one line per serious or critical violation.
    pub findings: Vec<String>,
    /// `page: LEVEL message` for every console error or warning of a checked page.
    pub console_errors: Vec<String>,
    /// axe rules passed, summed over the pages, for the summary.
    pub rules_passed: u64,
    /// Pages checked and screenshots taken, for the summary.
    pub checked: Vec<String>,
    driver: Driver,
    _work: TempDir,
}

impl Browser {
    pub async fn start(chromedriver: &Path) -> Self {
        let work = tempfile::tempdir().unwrap();
        let profile = work.path().join("profile");
        let downloads = work.path().join("downloads");
        std::fs::create_dir_all(&downloads).unwrap();
        let mut driver = Driver::start(chromedriver, &work.path().join("chromedriver.log")).await;
        let capabilities = json!({
            "browserName": "chrome",
            "goog:loggingPrefs": { "browser": "ALL" },
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    // This machine's network is closed: no connections to Google's services.
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    format!("--user-data-dir={}", profile.display()),
                    "--window-size=1280,1800",
                ],
                "prefs": {
                    "download.default_directory": downloads.display().to_string(),
                    "download.prompt_for_download": false,
                },
            },
        });
        let capabilities = match capabilities {
            Value::Object(map) => map,
            _ => unreachable!(),
        };
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
            .expect("cannot start a Chromium session through chromedriver");
        driver.session = client.session_id().await.unwrap();
        client
            .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
                Some(Duration::from_secs(60)),
                Some(Duration::from_secs(30)),
                Some(Duration::ZERO),
            ))
            .await
            .unwrap();
        Self {
            client,
            downloads,
            shots: screenshot_dir(),
            findings: Vec::new(),
            console_errors: Vec::new(),
            rules_passed: 0,
            checked: Vec::new(),
            driver,
            _work: work,
        }
    }

    /// Ends the session (Chromium quits), then chromedriver.
    pub async fn close(self) {
        let Self {
            client, mut driver, ..
        } = self;
        client.close().await.unwrap();
        driver.session = None;
        drop(driver);
    }

    pub async fn cdp(&self, cmd: &'static str, params: Value) -> Value {
        let body = json!({ "cmd": cmd, "params": params });
        self.client
            .issue_cmd(Extension {
                path: "goog/cdp/execute",
                body,
            })
            .await
            .unwrap_or_else(|e| panic!("{cmd}: {e}"))
    }

    /// Errors and warnings the browser console got since the last call (CSP violations, failed
    /// requests, script errors), as `page: LEVEL message`.
    async fn console(&self, page: &str) -> Vec<String> {
        let body = json!({ "type": "browser" });
        let entries = self
            .client
            .issue_cmd(Extension {
                path: "se/log",
                body,
            })
            .await
            .unwrap_or_else(|e| panic!("console log: {e}"));
        entries
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| matches!(e["level"].as_str(), Some("SEVERE" | "WARNING")))
            .map(|e| {
                format!(
                    "{page}: {} {}",
                    e["level"].as_str().unwrap_or(""),
                    e["message"].as_str().unwrap_or("")
                )
            })
            .collect()
    }

    /// The visible text of the whole page.
    pub async fn text(&self) -> String {
        self.client
            .find(Locator::Css("body"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// The whole page (not only the window) as `NAME.png` in the screenshot folder.
    pub async fn screenshot(&mut self, name: &str) {
        let metrics = self.cdp("Page.getLayoutMetrics", json!({})).await;
        let size = &metrics["cssContentSize"];
        // Captured beyond the viewport the page has no scrollbar and is laid out at the window's
        // inner width; the content size measured with the scrollbar would cut off its right edge.
        let viewport = self
            .client
            .execute("return window.innerWidth", vec![])
            .await
            .ok()
            .and_then(|w| w.as_f64())
            .unwrap_or(0.0);
        let width = size["width"]
            .as_f64()
            .unwrap_or(1280.0)
            .max(viewport)
            .ceil();
        // Long tables would make huge images; the top 8,000 pixels show the layout.
        let height = size["height"].as_f64().unwrap_or(1800.0).ceil().min(8000.0);
        let shot = self
            .cdp(
                "Page.captureScreenshot",
                json!({
                    "format": "png",
                    "captureBeyondViewport": true,
                    "clip": { "x": 0, "y": 0, "width": width, "height": height, "scale": 1 },
                }),
            )
            .await;
        let png = base64_decode(shot["data"].as_str().unwrap());
        assert!(png.starts_with(b"\x89PNG"), "{name}: not a PNG");
        std::fs::write(self.shots.join(format!("{name}.png")), png).unwrap();
        self.checked.push(name.to_owned());
    }

    /// The current page printed as `NAME.pdf` (print stylesheet, A4 from its `@page` rule).
    pub async fn pdf(&self, name: &str) -> Vec<u8> {
        let printed = self
            .cdp(
                "Page.printToPDF",
                json!({ "printBackground": true, "preferCSSPageSize": true }),
            )
            .await;
        let pdf = base64_decode(printed["data"].as_str().unwrap());
        assert!(pdf.starts_with(b"%PDF-"), "{name}: not a PDF");
        std::fs::write(self.shots.join(format!("{name}.pdf")), &pdf).unwrap();
        pdf
    }

    /// Runs axe-core on the current page and records every violation of impact `serious` or
    /// `critical` under `page` (the test fails on them at the end, after every screenshot); with
    /// `gate` false (third-party pages) they are only printed.
    pub async fn check_accessibility(&mut self, page: &str, gate: bool) {
        let loaded = self
            .client
            .execute("return typeof window.axe", vec![])
            .await
            .unwrap();
        if loaded != "object" {
            // The page's Content-Security-Policy does not apply to WebDriver scripts.
            self.client.execute(AXE, vec![]).await.unwrap();
        }
        let answer = self
            .client
            .execute_async(
                r"const done = arguments[arguments.length - 1];
                  axe.run(document, { resultTypes: ['violations'] })
                    .then(r => done({ passed: r.passes.length, violations: r.violations.map(v => ({
                        id: v.id, impact: v.impact, help: v.help,
                        targets: v.nodes.map(n => n.target.join(' ')) })) }))
                    .catch(e => done({ error: String(e) }));",
                vec![],
            )
            .await
            .unwrap();
        assert!(
            answer.get("error").is_none(),
            "{page}: axe failed: {answer}"
        );
        // A page that passes no rule was not really checked (axe found no document).
        let passed = answer["passed"].as_u64().unwrap_or(0);
        assert!(passed > 0, "{page}: axe passed no rule: {answer}");
        self.rules_passed += passed;
        for violation in answer["violations"].as_array().unwrap() {
            let impact = violation["impact"].as_str().unwrap_or("");
            let line = format!(
                "{page}: {} ({impact}): {} – {}",
                violation["id"].as_str().unwrap_or("?"),
                violation["help"].as_str().unwrap_or(""),
                violation["targets"]
                    .as_array()
                    .map(|t| {
                        t.iter()
                            .take(8)
                            .filter_map(Value::as_str)
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default()
            );
            if gate && matches!(impact, "serious" | "critical") {
                self.findings.push(line);
            } else {
                eprintln!("axe (not gating): {line}");
            }
        }
    }

    /// Opens `url`, checks the page has a title and no serious accessibility violation, and
    /// takes its screenshot as `name`.
    pub async fn visit(&mut self, url: &str, name: &str) {
        self.client.goto(url).await.unwrap();
        self.look(name).await;
    }

    /// Accessibility check, console check and screenshot of the page the browser is on now; a
    /// `name` starting with `de-` or `en-` also checks the document's language.
    pub async fn look(&mut self, name: &str) {
        let title = self.client.title().await.unwrap();
        assert!(!title.trim().is_empty(), "{name}: page without a title");
        if let Some(expected) = ["de", "en"]
            .into_iter()
            .find(|l| name.starts_with(&format!("{l}-")))
        {
            let lang = self
                .client
                .execute("return document.documentElement.lang", vec![])
                .await
                .unwrap();
            if lang != expected {
                self.findings
                    .push(format!("{name}: <html lang={lang}>, expected {expected}"));
            }
        }
        // The document's own status (422 for a rejected file) is the scenario's to check, and
        // a missing favicon is noted, not counted.
        let url = self.client.current_url().await.unwrap();
        for line in self.console(name).await {
            if line.contains(&format!("{url} - Failed to load resource")) {
                continue;
            }
            if line.contains("/favicon.ico - Failed to load resource") {
                eprintln!("console (not gating): {line}");
                continue;
            }
            self.console_errors.push(line);
        }
        self.check_accessibility(name, true).await;
        self.screenshot(name).await;
    }

    /// Like [`Self::visit`] for a page that is not ours (the vendored Swagger UI): its axe
    /// findings are printed, not counted.
    pub async fn visit_third_party(&mut self, url: &str, name: &str) {
        self.client.goto(url).await.unwrap();
        self.check_accessibility(name, false).await;
        for line in self.console(name).await {
            eprintln!("console (not gating): {line}");
        }
        self.screenshot(name).await;
    }

    /// Waits until a file ending in `suffix` has fully arrived in the download folder.
    pub async fn downloaded(&self, suffix: &str) -> PathBuf {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let found = std::fs::read_dir(&self.downloads)
                .unwrap()
                .filter_map(Result::ok)
                .map(|e| e.path())
                .find(|p| p.to_string_lossy().ends_with(suffix));
            if let Some(path) = found
                && std::fs::metadata(&path).is_ok_and(|m| m.len() > 0)
            {
                return path;
            }
            assert!(
                Instant::now() < deadline,
                "no *{suffix} arrived in {}",
                self.downloads.display()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// The DevTools protocol's encoding of binary results.
fn base64_decode(text: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap()
}
