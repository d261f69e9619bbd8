//! The socket limits on the real server (`ops::connections`), each at its limit: a connection
//! that sends nothing is closed after the header timeout; a kept-alive one may wait longer than
//! that for its next request but not longer than the idle timeout; with every connection slot
//! taken, a further client waits while requests on the open connections are still answered.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use vergleich_api::config::HttpArgs;
use vergleich_api::ops::connections::ConnectionLimits;
use vergleich_api::testing::TestApp;

async fn server(limits: ConnectionLimits) -> (std::net::SocketAddr, TestApp) {
    let app = TestApp::sqlite_with(
        &vergleich_api::testing::datasets_dir(),
        false,
        HttpArgs::default(),
    )
    .await;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(vergleich_api::startup::serve_with(
        listener,
        app.router.clone(),
        limits,
        std::future::pending(),
    ));
    (address, app)
}

const HEALTH: &[u8] = b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n";

/// Sends one request on `stream` and reads its answer's head and body (a short JSON).
async fn ask(stream: &mut TcpStream) -> Option<String> {
    stream.write_all(HEALTH).await.ok()?;
    read_answer(stream).await
}

async fn read_answer(stream: &mut TcpStream) -> Option<String> {
    let mut buf = vec![0; 4096];
    let mut text = String::new();
    while !text.contains("\"status\"") {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        text.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    Some(text)
}

/// Whether the server closed `stream` (EOF or reset) within `within`.
async fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    let mut buf = [0; 64];
    match tokio::time::timeout(within, stream.read(&mut buf)).await {
        Ok(Ok(0) | Err(_)) => true,
        Ok(Ok(_)) | Err(_) => false,
    }
}

#[tokio::test]
async fn a_silent_connection_is_closed_after_the_header_timeout() {
    let (address, _app) = server(ConnectionLimits {
        header_timeout: Duration::from_millis(300),
        idle_timeout: Duration::from_secs(30),
        max_connections: 16,
    })
    .await;
    let started = Instant::now();
    let mut silent = TcpStream::connect(address).await.unwrap();
    assert!(closed_within(&mut silent, Duration::from_secs(3)).await);
    assert!(
        started.elapsed() >= Duration::from_millis(250),
        "{:?}",
        started.elapsed()
    );

    // A head that trickles in is cut off as well.
    let mut slow = TcpStream::connect(address).await.unwrap();
    slow.write_all(b"GET /health HTTP/1.1\r\n").await.unwrap();
    assert!(closed_within(&mut slow, Duration::from_secs(3)).await);

    // A client that asks in time is answered.
    let mut quick = TcpStream::connect(address).await.unwrap();
    assert!(ask(&mut quick).await.unwrap().starts_with("HTTP/1.1 200"));
}

#[tokio::test]
async fn a_kept_alive_connection_waits_up_to_the_idle_timeout() {
    let (address, _app) = server(ConnectionLimits {
        header_timeout: Duration::from_millis(300),
        idle_timeout: Duration::from_millis(1500),
        max_connections: 16,
    })
    .await;
    let mut client = TcpStream::connect(address).await.unwrap();
    assert!(ask(&mut client).await.is_some());
    // Longer than the header timeout between requests is fine ...
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(
        ask(&mut client).await.is_some(),
        "closed before the idle timeout"
    );
    // ... longer than the idle timeout is not.
    let started = Instant::now();
    assert!(closed_within(&mut client, Duration::from_secs(5)).await);
    assert!(
        started.elapsed() >= Duration::from_millis(1300),
        "{:?}",
        started.elapsed()
    );
}

/// The loop of a connection is not woken for every request (issue #18); a head that trickles in
/// on a kept-alive connection must still be cut off after the header timeout, not the idle one,
/// whether it starts right after an answer or after the connection idled.
#[tokio::test]
async fn a_kept_alive_connection_gets_the_header_timeout_for_its_next_head() {
    let (address, _app) = server(ConnectionLimits {
        header_timeout: Duration::from_millis(300),
        idle_timeout: Duration::from_secs(20),
        max_connections: 16,
    })
    .await;
    for pause in [Duration::ZERO, Duration::from_millis(700)] {
        let mut client = TcpStream::connect(address).await.unwrap();
        assert!(ask(&mut client).await.is_some());
        tokio::time::sleep(pause).await;
        let started = Instant::now();
        client.write_all(b"GET /health HTTP/1.1\r\n").await.unwrap();
        assert!(
            closed_within(&mut client, Duration::from_secs(3)).await,
            "a trickling head after {pause:?} was not cut off"
        );
        assert!(
            started.elapsed() >= Duration::from_millis(250),
            "{:?}",
            started.elapsed()
        );
    }
}

#[tokio::test]
async fn with_every_slot_taken_a_new_client_waits_and_open_ones_are_answered() {
    let (address, _app) = server(ConnectionLimits {
        header_timeout: Duration::from_secs(20),
        idle_timeout: Duration::from_secs(20),
        max_connections: 2,
    })
    .await;
    let mut open = TcpStream::connect(address).await.unwrap();
    assert!(ask(&mut open).await.is_some());
    let silent = TcpStream::connect(address).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;

    // The third connection is accepted by the kernel but not served ...
    let mut waiting = TcpStream::connect(address).await.unwrap();
    waiting.write_all(HEALTH).await.unwrap();
    let early = tokio::time::timeout(Duration::from_millis(700), read_answer(&mut waiting)).await;
    assert!(
        early.is_err(),
        "answered past the connection cap: {early:?}"
    );
    // ... while the open connection still is.
    assert!(ask(&mut open).await.unwrap().starts_with("HTTP/1.1 200"));

    // A slot frees up: the waiting client is served.
    drop(silent);
    let late = tokio::time::timeout(Duration::from_secs(5), read_answer(&mut waiting))
        .await
        .expect("served once a slot is free");
    assert!(late.unwrap().starts_with("HTTP/1.1 200"));
}
