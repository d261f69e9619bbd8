//! The `vergleich` binary: parse the command line, set up logging, run the command. Errors end
//! the process with one clear line on stderr and exit code 2.

use std::process::ExitCode;

use clap::Parser;
use vergleich_api::config::Cli;

/// polars, serde_json, plotters and resvg allocate many small buffers per view: in a load run of
/// computed comparisons glibc's malloc and free took about a fifth of the time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let _log_writer = vergleich_api::telemetry::init(&cli.log);
    match vergleich_api::cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // One line, the whole chain: "cannot open database …: connection refused".
            let message = vergleich_api::error::one_line(&err);
            tracing::error!(error = %message, "vergleich stopped");
            eprintln!("error: {message}");
            // 2: usage or I/O (clap itself exits 2 for usage errors); 1 is an import rejected.
            ExitCode::from(2)
        }
    }
}
