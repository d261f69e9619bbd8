//! Start-up: connect and migrate, seed catalogue, cohort and demo data in one transaction, bind,
//! then serve until SIGTERM or ctrl-c, finishing in-flight requests.

use anyhow::Context;
use tokio::net::TcpListener;

use crate::config::{DatabaseArgs, ServeArgs};
use crate::ops::connections::ConnectionLimits;
use crate::state::AppState;

/// Connects, migrates and seeds (with the demo observations if asked); returns the state the
/// router needs.
pub async fn build(args: &DatabaseArgs, with_demo: bool) -> anyhow::Result<AppState> {
    let store =
        vergleich_store::connect_with_reads(&args.database_url, args.read_database_url.as_deref())
            .await?;
    let datasets = args.clone();
    // Parsing the datasets is CPU work: keep it off the async workers.
    let seed = tokio::task::spawn_blocking(move || datasets.load_seed(with_demo))
        .await
        .context("loading the datasets panicked")??;
    let outcome = store
        .seed(&seed)
        .await
        .context("cannot load the datasets into the database")?;
    let demo_concepts = if with_demo {
        use vergleich_service::workflow::concept_demo::{DEMO_CONCEPTS, seed_demo_concepts};
        seed_demo_concepts(&*store, DEMO_CONCEPTS)
            .await
            .context("cannot store the demo Integrationskonzepte")?
    } else {
        0
    };
    let demo_selfcheck_rounds = if with_demo {
        use vergleich_service::workflow::selfcheck_demo::{DEMO_SELFCHECK, seed_demo_selfcheck};
        seed_demo_selfcheck(&*store, DEMO_SELFCHECK)
            .await
            .context("cannot store the demo Selbstcheck rounds")?
    } else {
        0
    };
    let demo_practices = if with_demo {
        use vergleich_service::workflow::exchange_demo::{DEMO_PRACTICES, seed_demo_practices};
        seed_demo_practices(&*store, DEMO_PRACTICES)
            .await
            .context("cannot store the demo Praxisbeispiele")?
    } else {
        0
    };
    tracing::info!(
        backend = ?store.backend(),
        demo_concepts,
        demo_practices,
        demo_selfcheck_rounds,
        fields = outcome.fields,
        indicators = outcome.indicators,
        municipalities = outcome.municipalities,
        demo_observations = outcome.demo_observations,
        datasets = %args.datasets_label(),
        "database ready"
    );
    Ok(AppState::new(store, crate::config::HttpArgs::default()))
}

/// Builds the application and binds its address (bind first, serve later: a test binding
/// `127.0.0.1:0` learns its port from the listener before any request).
pub async fn bind(args: &ServeArgs) -> anyhow::Result<(TcpListener, axum::Router)> {
    let http = args
        .http
        .clone()
        .with_default_kept_state(&args.db.database_url);
    let state = build(&args.db, !args.no_demo).await?;
    // After the database (whose folder a default kept-state folder lies in) is ready.
    if let Some(dir) = http.kept_state_folder() {
        check_kept_state_folder(&dir)?;
    }
    let state = state.with_http(http);
    // The public state is made ready before the first visitor asks (read back from the kept
    // file, or read whole); requests meanwhile wait for the same load.
    let warm = state.clone();
    tokio::spawn(async move {
        let public = vergleich_store::Visibility::Published;
        if let Err(err) = crate::snapshots::view_data(&warm, public).await {
            tracing::warn!(err = %err.detail_en, "the public data state could not be read at start");
        }
    });
    let listener = TcpListener::bind(args.bind)
        .await
        .with_context(|| format!("cannot listen on {}", args.bind))?;
    tracing::info!(address = %listener.local_addr().context("no local address")?, "listening");
    Ok((listener, crate::router(state)))
}

/// The `--kept-state-dir` folder exists (made if missing) and takes files: a folder that
/// cannot is bad configuration, said at start, not a warning at every later write.
fn check_kept_state_folder(dir: &std::path::Path) -> anyhow::Result<()> {
    let shown = dir.display();
    std::fs::create_dir_all(dir).with_context(|| {
        format!("cannot create the kept-state folder {shown} (--kept-state-dir)")
    })?;
    let probe = dir.join(".write-check");
    std::fs::write(&probe, b"").with_context(|| {
        format!("cannot write to the kept-state folder {shown} (--kept-state-dir)")
    })?;
    std::fs::remove_file(&probe)
        .with_context(|| format!("cannot remove files in the kept-state folder {shown}"))?;
    Ok(())
}

/// Runs the service until a shutdown signal, finishing in-flight requests.
pub async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    tracing::info!(config = ?args, "starting");
    let limits = ConnectionLimits::from_args(&args.http);
    let (listener, router) = bind(&args).await?;
    serve_with(listener, router, limits, shutdown_signal()).await;
    tracing::info!("stopped");
    Ok(())
}

/// [`serve_with`] with the default connection limits.
pub async fn serve_until(
    listener: TcpListener,
    router: axum::Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let limits = ConnectionLimits::from_args(&crate::config::HttpArgs::default());
    serve_with(listener, router, limits, shutdown).await;
    Ok(())
}

/// Serves until `shutdown` completes, then stops accepting connections and waits for the
/// requests in flight to finish (each is still bounded by the request timeout). The peer address
/// is passed to the handlers (the rate limit of anonymous clients is per IP address); the
/// connection cap and the header and idle timeouts are `crate::ops::connections`'.
pub async fn serve_with(
    listener: TcpListener,
    router: axum::Router,
    limits: ConnectionLimits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) {
    crate::ops::connections::serve(listener, router, limits, shutdown).await;
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::warn!(%err, "cannot listen for ctrl-c");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::warn!(%err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received, finishing in-flight requests");
}
