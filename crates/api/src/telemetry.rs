//! Logging set-up: `tracing` with an env filter, as text or JSON lines on stderr.
//!
//! Lines are written by a background thread (`tracing_appender::non_blocking`): a request never
//! waits for the terminal, a pipe or a disk that is busy writing back (a load run showed
//! sporadic stalls of a second when the async workers wrote their log lines themselves). Up to
//! 128,000 lines wait in memory; beyond that, writers wait rather than lose lines.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

use crate::config::{LogArgs, LogFormat};

/// Installs the global subscriber; a second call (in tests) is a no-op. Keep the returned guard
/// until the end of `main`: dropping it writes out the lines still waiting.
pub fn init(args: &LogArgs) -> tracing_appender::non_blocking::WorkerGuard {
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .lossy(false)
        .finish(std::io::stderr());
    let filter = EnvFilter::try_new(&args.log_filter).unwrap_or_else(|_| EnvFilter::new("info"));
    // Colour codes only on a terminal: in a file or a collector they are noise in every line.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(writer);
    let _ = match args.log_format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
    guard
}
