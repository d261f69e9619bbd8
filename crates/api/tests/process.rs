//! The real binary as a user runs it: bad configuration ends with one clear line, and a
//! SIGKILL during the first demo load never leaves a half-loaded database.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use vergleich_store::testing::datasets_dir;

fn vergleich() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vergleich"));
    cmd.env_remove("DATABASE_URL")
        .env_remove("RUST_LOG")
        .env("NO_COLOR", "1");
    cmd
}

fn serve_output(database_url: &str) -> Output {
    vergleich()
        .args([
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--database-url",
            database_url,
            "--datasets",
        ])
        .arg(datasets_dir())
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn assert_one_line_error(output: &Output, expected: &str) {
    assert_eq!(
        output.status.code(),
        Some(2),
        "bad configuration exits with 2"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    let errors: Vec<_> = stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(errors[0].contains(expected), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn unknown_database_scheme_ends_with_a_clear_message() {
    let output = serve_output("mysql://localhost/vergleich");
    assert_one_line_error(&output, "unsupported database URL");
}

#[test]
fn unreachable_database_ends_with_a_clear_message() {
    // Port 1 on loopback: nothing listens there.
    let output = serve_output("postgres://postgres:geheim@127.0.0.1:1/vergleich");
    assert_one_line_error(
        &output,
        "cannot open database postgres://postgres:***@127.0.0.1:1/vergleich",
    );
    assert!(
        !String::from_utf8_lossy(&output.stderr).contains("geheim"),
        "password leaked"
    );
}

#[test]
fn unwritable_data_directory_ends_with_a_clear_message() {
    let file = tempfile::NamedTempFile::new().unwrap();
    // A folder below a regular file cannot be created, even by root.
    let url = format!("sqlite:{}/data/vergleich.sqlite", file.path().display());
    let output = serve_output(&url);
    assert_one_line_error(&output, "cannot create the data directory");
}

#[test]
fn unusable_kept_state_folder_ends_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let file = tempfile::NamedTempFile::new().unwrap();
    // A folder below a regular file cannot be created, even by root.
    let output = vergleich()
        .args(["serve", "--bind", "127.0.0.1:0", "--kept-state-dir"])
        .arg(file.path().join("state"))
        .arg("--database-url")
        .arg(format!("sqlite:{}", dir.path().join("db.sqlite").display()))
        .output()
        .unwrap();
    assert_one_line_error(&output, "cannot create the kept-state folder");
}

#[test]
fn missing_datasets_folder_ends_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let output = vergleich()
        .args([
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--datasets",
            "/nonexistent/datasets",
            "--database-url",
        ])
        .arg(format!("sqlite:{}", dir.path().join("db.sqlite").display()))
        .output()
        .unwrap();
    assert_one_line_error(&output, "cannot load the datasets in /nonexistent/datasets");
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start(db: &Path, port: u16) -> Child {
    vergleich()
        .args([
            "serve",
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--database-url",
        ])
        .arg(format!("sqlite:{}", db.display()))
        .arg("--datasets")
        .arg(datasets_dir())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

async fn wait_ready(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(r) = reqwest::get(format!("http://127.0.0.1:{port}/health")).await
            && r.status().is_success()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("service on port {port} did not become ready");
}

/// Observations in the file right after a kill, opened read-only as any reader would.
async fn stored_observations(db: &Path) -> i64 {
    if !db.exists() {
        return 0;
    }
    let url = format!("sqlite:{}?mode=ro", db.display());
    let Ok(pool) = sqlx::SqlitePool::connect(&url).await else {
        return 0;
    };
    let count = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM observations")
        .fetch_one(&pool)
        .await
        .unwrap_or(0);
    pool.close().await;
    count
}

#[tokio::test]
async fn sigkill_during_the_first_demo_load_never_leaves_a_half_loaded_database() {
    let demo = std::fs::read_to_string(datasets_dir().join("demo/observations.csv")).unwrap();
    let csv = demo.lines().count() as i64 - 1;
    // Then the 42 demo Selbstcheck rounds are published one by one, each with its seven sc_*
    // observations in one upload: a kill between two rounds leaves whole rounds, and the
    // restart finishes the rest.
    let rounds = 42 * 7;
    let full = csv + rounds;
    let mut seen = Vec::new();
    for delay_ms in [0u64, 10, 25, 50, 100, 200, 400, 800] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("vergleich.sqlite");
        let port = free_port();
        let mut child = start(&db, port);
        tokio::time::sleep(Duration::from_millis(delay_ms)).await;
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        let after_kill = stored_observations(&db).await;
        seen.push((delay_ms, after_kill));
        let whole_rounds = (csv..=full).contains(&after_kill) && (after_kill - csv) % 7 == 0;
        assert!(
            after_kill == 0 || whole_rounds,
            "half-loaded after kill at {delay_ms} ms: {after_kill} of {full}"
        );

        let port = free_port();
        let mut child = start(&db, port);
        wait_ready(port).await;
        let body: serde_json::Value = reqwest::get(format!(
            "http://127.0.0.1:{port}/api/v1/observations?limit=10000"
        ))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
        child.kill().unwrap();
        child.wait().unwrap();
        assert_eq!(
            body["count"].as_i64(),
            Some(full),
            "after restart (kill at {delay_ms} ms)"
        );
    }
    // The early kills must have hit before the load committed, or the test proves nothing.
    assert!(
        seen.iter().any(|(_, n)| *n == 0),
        "no kill landed before the commit: {seen:?}"
    );
}

fn import(db: &Path, file: &Path, extra: &[&str]) -> Output {
    vergleich()
        .arg("import")
        .arg(file)
        .args(["--municipality", "07312000", "--datasets"])
        .arg(datasets_dir())
        .arg("--database-url")
        .arg(format!("sqlite:{}", db.display()))
        .args(extra)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn import_exits_0_when_accepted_1_when_rejected_and_2_for_io_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    let good = dir.path().join("gut.csv");
    std::fs::write(
        &good,
        "Kommune;Indikator;Jahr;Wert\n07312000;auslaenderanteil;2017;17,8\n",
    )
    .unwrap();
    let bad = dir.path().join("schlecht.csv");
    std::fs::write(
        &bad,
        "Kommune;Indikator;Jahr;Wert\n07312000;auslaenderanteil;2017;viel\n",
    )
    .unwrap();

    let dry = import(&db, &good, &["--dry-run", "--report", "json"]);
    assert_eq!(
        dry.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    let body: serde_json::Value = serde_json::from_slice(&dry.stdout).unwrap();
    assert_eq!(body["outcome"], "checked");
    assert_eq!(body["report"]["separator"], ";");

    let stored = import(&db, &good, &[]);
    assert_eq!(stored.status.code(), Some(0));
    // The import seeds catalogue and cohort only (no demo upload), so this is upload 1.
    assert!(String::from_utf8_lossy(&stored.stdout).contains("stored as upload 1: 1 new values"));

    let again = import(&db, &good, &[]);
    assert_eq!(again.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&again.stdout).contains("already stored as upload 1"));

    let rejected = import(&db, &bad, &[]);
    assert_eq!(rejected.status.code(), Some(1));
    let text = String::from_utf8_lossy(&rejected.stdout);
    assert!(text.contains("[type-error] D2"), "{text}");
    assert!(text.contains("rejected: nothing stored"), "{text}");

    let missing = import(&db, &dir.path().join("fehlt.csv"), &[]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("error: cannot open"));
}

#[test]
fn a_template_written_by_the_cli_uploads_once_filled() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("vorlage.csv");
    let written = vergleich()
        .args([
            "template", "07312000", "--format", "csv", "--from", "2017", "--to", "2017", "-o",
        ])
        .arg(&template)
        .arg("--datasets")
        .arg(datasets_dir())
        .output()
        .unwrap();
    assert!(
        written.status.success(),
        "{}",
        String::from_utf8_lossy(&written.stderr)
    );
    let text = String::from_utf8(std::fs::read(&template).unwrap()).unwrap();
    assert!(text.starts_with('\u{feff}'), "UTF-8 BOM for Excel");
    // Fill one value, as a person would in Excel: "Wert" is the 7th column.
    let filled: String = text
        .lines()
        .map(|line| {
            if line.contains(";auslaenderanteil;") {
                let mut cells: Vec<&str> = line.split(';').collect();
                cells[6] = "17,8";
                cells.join(";")
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\r\n");
    std::fs::write(&template, filled).unwrap();
    let output = import(
        &dir.path().join("db.sqlite"),
        &template,
        &["--report", "json"],
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let body: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(body["upload"]["observation_count"], 1);

    let wrong = vergleich()
        .args(["template", "1003000", "-o"])
        .arg(&template)
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("leading zero"));
}

#[test]
fn every_chart_kind_renders_from_the_database_as_svg_and_png() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("db.sqlite").display());
    let chart = |args: &[&str], file: &str| {
        vergleich()
            .arg("chart")
            .args(args)
            .arg("-o")
            .arg(dir.path().join(file))
            .args(["--database-url", &db, "--datasets"])
            .arg(datasets_dir())
            .output()
            .unwrap()
    };
    let cases: [(&[&str], &str); 6] = [
        (
            &[
                "ranking",
                "--indicator",
                "einbuergerungsquote",
                "--municipality",
                "07312000",
            ],
            "Kaiserslautern",
        ),
        (
            &["radar", "--municipality", "07312000", "--group", "kind"],
            "Kaiserslautern",
        ),
        (&["heatmap", "--municipality", "09174"], "Landkreis Dachau"),
        (
            &[
                "time-series",
                "--indicator",
                "auslaenderanteil",
                "--municipality",
                "07312000,13003000",
            ],
            "Rostock",
        ),
        (
            &[
                "dot-plot",
                "--indicator",
                "arbeitslosenquote_auslaender",
                "--lang",
                "en",
            ],
            "Unemployment",
        ),
        (
            &[
                "scatter",
                "--indicator",
                "auslaenderanteil",
                "--indicator-y",
                "einbuergerungsquote",
            ],
            "Saarbrücken",
        ),
    ];
    for (args, expected) in cases {
        for ext in ["svg", "png"] {
            let file = format!("{}.{ext}", args[0]);
            let output = chart(args, &file);
            assert!(
                output.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            let description = String::from_utf8_lossy(&output.stdout);
            assert!(description.contains(expected), "{args:?}: {description}");
            let bytes = std::fs::read(dir.path().join(&file)).unwrap();
            if ext == "png" {
                assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{file}");
            } else {
                let svg = String::from_utf8(bytes).unwrap();
                let demo = ["Beispieldaten (synthetisch)", "Sample data (synthetic)"];
                assert!(
                    svg.contains("<desc>") && demo.iter().any(|d| svg.contains(d)),
                    "{file}"
                );
            }
        }
    }
    let wrong = chart(&["ranking", "--indicator", "einbuergerungsquote"], "x.gif");
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains(".svg or .png"));
    let missing = chart(&["ranking"], "x.svg");
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("this view needs --indicator"));
}

#[test]
fn the_first_admin_and_a_token_are_created_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("db.sqlite").display());
    let run = |args: &[&str]| {
        vergleich()
            .args(args)
            .args(["--database-url", &db, "--datasets"])
            .arg(datasets_dir())
            .output()
            .unwrap()
    };
    assert!(
        run(&["user", "add", "admin", "--role", "admin"])
            .status
            .success()
    );
    let token = run(&["token", "create", "admin", "--label", "laptop"]);
    assert!(token.status.success());
    let token = String::from_utf8(token.stdout).unwrap();
    assert!(
        token.trim().starts_with("vgl_") && token.trim().len() == 68,
        "{token}"
    );

    let twice = run(&["user", "add", "admin", "--role", "staff"]);
    assert_eq!(twice.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&twice.stderr).contains("exists already"));
    let unbound = run(&["user", "add", "kl", "--role", "municipality"]);
    assert!(String::from_utf8_lossy(&unbound.stderr).contains("needs --municipality"));
    let bound = run(&[
        "user",
        "add",
        "kl",
        "--role",
        "municipality",
        "--municipality",
        "07312000",
    ]);
    assert!(
        bound.status.success(),
        "{}",
        String::from_utf8_lossy(&bound.stderr)
    );
    let nobody = run(&["token", "create", "niemand"]);
    assert!(String::from_utf8_lossy(&nobody.stderr).contains("no user named"));
}

/// The classic Regionaldatenbank table 12411-01-01-4 as an office downloads it.
fn classic_population_table() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(
        "../ingest/tests/fixtures/realdata/genesis_table/regionalstatistik_12411-01-01-4_kreise_bevoelkerung_2021.csv",
    )
}

#[test]
fn an_official_table_imports_as_one_draft_per_member_or_one_members_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    let run = |args: &[&str]| {
        vergleich()
            .arg("import")
            .arg(classic_population_table())
            .arg("--datasets")
            .arg(datasets_dir())
            .arg("--database-url")
            .arg(format!("sqlite:{}", db.display()))
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    // Bound to one member: its own row only, the other 15 members' rows left out.
    let one = run(&["--municipality", "07312000", "--report", "json"]);
    assert_eq!(
        one.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&one.stderr)
    );
    let body: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    assert_eq!(body["outcome"], "stored");
    assert_eq!(body["upload"]["observation_count"], 1);
    assert_eq!(body["report"]["other_member_rows"], 15);
    assert_eq!(body["report"]["source"]["format"], "genesis-table");
    assert_eq!(body["report"]["source"]["table"], "12411-01-01-4");

    // Without a member: one draft per member with values, Kaiserslautern's a repeat of the above.
    let all = run(&["--report", "json"]);
    assert_eq!(
        all.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&all.stderr)
    );
    let body: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    assert_eq!(body["outcome"], "per-member");
    let uploads = body["uploads"].as_array().unwrap();
    assert_eq!(uploads.len(), 16);
    for upload in uploads {
        let member = upload["municipality"].as_str().unwrap();
        if member == "07312000" {
            assert_eq!(upload["outcome"], "replayed", "{upload}");
        } else {
            assert_eq!(upload["outcome"], "stored", "{upload}");
            assert_eq!(upload["upload"]["municipality"], member);
            assert_eq!(upload["upload"]["observation_count"], 1);
            assert_eq!(upload["upload"]["state"], "draft");
        }
    }
    // Again: every member's part is a repeat, nothing new.
    let again = run(&[]);
    assert_eq!(again.status.code(), Some(0));
    let text = String::from_utf8_lossy(&again.stdout);
    assert!(text.contains("16 members, one upload each"), "{text}");
    assert_eq!(
        text.matches("already stored as upload").count(),
        16,
        "{text}"
    );

    // A mapping that does not parse is a usage error naming it.
    let bad = run(&["--map", "BEVSTD"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--map"));
}

#[tokio::test]
async fn the_binary_runs_from_any_directory_with_its_built_in_datasets() {
    // Outside a checkout: no ./datasets and no --datasets.
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut child = vergleich()
        .env_remove("VERGLEICH_DATASETS")
        .current_dir(dir.path())
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_ready(port).await;
    let body: serde_json::Value =
        reqwest::get(format!("http://127.0.0.1:{port}/api/v1/indicators"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    let demo = reqwest::get(format!(
        "http://127.0.0.1:{port}/api/v1/comparisons/einbuergerungsquote"
    ))
    .await
    .unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(body["count"], 31, "{body}");
    assert!(demo.status().is_success());
    // The default database lands in the working directory.
    assert!(dir.path().join("data/vergleich.sqlite").exists());
    // A template needs no datasets folder either.
    let template = dir.path().join("vorlage.csv");
    let written = vergleich()
        .env_remove("VERGLEICH_DATASETS")
        .current_dir(dir.path())
        .args(["template", "07312000", "--format", "csv", "-o"])
        .arg(&template)
        .output()
        .unwrap();
    assert!(
        written.status.success(),
        "{}",
        String::from_utf8_lossy(&written.stderr)
    );
}
