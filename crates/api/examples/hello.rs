//! The ceiling for `scripts/load-run`: an axum + tokio hello-world with no layers, built from the
//! same workspace (same axum, tokio, allocator and release profile), so the load run can print
//! vergleich's cached answers as a share of what this machine's HTTP stack can do at all.
//! `/` answers "Hello, World!"; `/bytes/{n}` answers `n` bytes (at most 1 MiB) from memory, the
//! ceiling for a body as large as a cached chart.
//!
//!   cargo build --release -p vergleich-api --example hello
//!   target/release/examples/hello 127.0.0.1:18081

use axum::Router;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::header;
use axum::routing::get;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

static BODY: [u8; 1 << 20] = [b'x'; 1 << 20];

fn main() -> std::io::Result<()> {
    let bind = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:18081".to_owned());
    tokio::runtime::Runtime::new()?.block_on(async {
        let app = Router::new()
            .route("/", get(|| async { "Hello, World!" }))
            .route(
                "/bytes/{n}",
                get(|Path(n): Path<usize>| async move {
                    let body = Bytes::from_static(&BODY[..n.min(BODY.len())]);
                    ([(header::CONTENT_TYPE, "application/octet-stream")], body)
                }),
            );
        let listener = tokio::net::TcpListener::bind(&bind).await?;
        axum::serve(listener, app).await
    })
}
