//! Serving connections: the accept loop and one task per connection, with the limits a client
//! that connects and then sends nothing (or little) must not escape.
//!
//! - **Connection cap** (`--max-connections`): a connection holds one of that many permits;
//!   while none is free the loop accepts nothing, so a further client waits in the kernel's
//!   listen queue (using no file descriptor of ours) and is served once a connection closes.
//!   Requests on connections already open go on being answered.
//! - **Header timeout** (`--header-timeout`): a new connection must deliver a whole request
//!   head within this time, and so must a kept-alive one from the first byte of its next
//!   request; otherwise the connection is closed. A connection that sends nothing is closed
//!   after this time.
//! - **Idle timeout** (`--idle-timeout`): a kept-alive connection with no request in flight and
//!   no byte received for this long is closed.
//!
//! A request counts as in flight from its head to the last byte of its answer's body (the
//! request timeout bounds the handler; see `ops`). hyper's own `header_read_timeout` is not used:
//! in hyper 1.x it also runs while a kept-alive connection waits, so it cannot tell an idle
//! connection from a slow head. On shutdown the loop stops accepting, every connection finishes
//! its request in flight and closes, and [`serve`] returns when the last one has.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use http_body::{Frame, SizeHint};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore, mpsc, watch};
use tokio::time::Instant;
use tower::ServiceExt;

use crate::config::HttpArgs;

/// The limits of [`serve`], from `vergleich serve`'s flags.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    pub header_timeout: Duration,
    pub idle_timeout: Duration,
    pub max_connections: usize,
}

impl ConnectionLimits {
    pub fn from_args(http: &HttpArgs) -> Self {
        Self {
            header_timeout: http.header_timeout,
            idle_timeout: http.idle_timeout,
            max_connections: http.max_connections.max(1),
        }
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then finishes the requests in
/// flight and returns once every connection has closed.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let (stop, stopped) = watch::channel(false);
    // Every connection task holds a sender; `recv` answers `None` once all have ended.
    let (open, mut all_closed) = mpsc::channel::<()>(1);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of descriptors, or the client gave up during the handshake: retry
                    // shortly instead of spinning.
                    tracing::warn!(%err, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(connection(
            stream,
            peer,
            router.clone(),
            limits,
            (permit, open.clone()),
            stopped.clone(),
        ));
    }
    drop(listener);
    let _ = stop.send(true);
    drop(open);
    let _ = all_closed.recv().await;
}

/// What the watchdog of one connection knows.
#[derive(Debug)]
struct Activity {
    /// Requests in flight (head received, answer's body not yet sent).
    busy: usize,
    /// Waiting for a request head since `since` (a new connection, or bytes of a next request).
    reading: bool,
    since: Instant,
    /// What the connection's timer is set to (`None` before the loop first set it).
    armed: Option<Instant>,
}

#[derive(Debug)]
struct Clock {
    activity: Mutex<Activity>,
    changed: Notify,
    header_timeout: Duration,
}

enum Expired {
    Header,
    Idle,
}

impl Clock {
    fn new(limits: &ConnectionLimits) -> Self {
        Self {
            activity: Mutex::new(Activity {
                busy: 0,
                reading: true,
                since: Instant::now(),
                armed: None,
            }),
            changed: Notify::new(),
            header_timeout: limits.header_timeout,
        }
    }

    fn activity(&self) -> std::sync::MutexGuard<'_, Activity> {
        self.activity
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Bytes arrived: with no request in flight they start a new request head. The loop is
    /// woken only when the head's deadline comes before what its timer is set to; a timer set
    /// later than that fires early and re-arms. Waking it for every request on a kept-alive
    /// connection cost a poll and a timer reset per request (issue #18).
    fn bytes_in(&self) {
        let mut a = self.activity();
        if a.busy == 0 && !a.reading {
            a.reading = true;
            a.since = Instant::now();
            let sooner = a
                .armed
                .is_none_or(|armed| a.since + self.header_timeout < armed);
            drop(a);
            if sooner {
                self.changed.notify_one();
            }
        }
    }

    /// When the connection times out as things stand (`None`: a request is in flight).
    fn deadline(&self, limits: &ConnectionLimits) -> Option<(Instant, Expired)> {
        let a = self.activity();
        Self::due(&a, limits)
    }

    fn due(a: &Activity, limits: &ConnectionLimits) -> Option<(Instant, Expired)> {
        match (a.busy, a.reading) {
            (0, true) => Some((a.since + limits.header_timeout, Expired::Header)),
            (0, false) => Some((a.since + limits.idle_timeout, Expired::Idle)),
            _ => None,
        }
    }

    /// What the timer is to be set to now (the deadline, or an idle time from now while a
    /// request is in flight), recorded for [`Clock::bytes_in`].
    fn arm(&self, limits: &ConnectionLimits) -> Instant {
        let mut a = self.activity();
        let at = Self::due(&a, limits)
            .map_or_else(|| Instant::now() + limits.idle_timeout, |(at, _)| at);
        a.armed = Some(at);
        at
    }
}

/// One request in flight; dropped with the answer's body (or the request, if abandoned).
struct Busy(Arc<Clock>);

impl Busy {
    fn enter(clock: &Arc<Clock>) -> Self {
        let mut a = clock.activity();
        a.busy += 1;
        a.reading = false;
        drop(a);
        Self(clock.clone())
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        let mut a = self.0.activity();
        a.busy = a.busy.saturating_sub(1);
        if a.busy == 0 {
            a.reading = false;
            a.since = Instant::now();
        }
        // No wake-up: the connection's timer is armed no later than the idle deadline set here
        // (at the header deadline, or a whole idle time after the request began), and re-arms
        // when it fires early. Waking the connection after every answer cost a poll and a new
        // timer per request (issue #18).
    }
}

/// An answer's body that keeps its request in flight until it is sent.
struct Tracked {
    body: Body,
    _busy: Busy,
}

impl http_body::Body for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.get_mut().body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// The socket, telling the clock when bytes arrive.
struct Watched {
    stream: TcpStream,
    clock: Arc<Clock>,
}

impl AsyncRead for Watched {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let read = Pin::new(&mut this.stream).poll_read(cx, buf);
        if matches!(read, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            this.clock.bytes_in();
        }
        read
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

/// Serves one connection until it closes, times out, or (after shutdown began) finishes its
/// request in flight. The permit and the sender are held until then.
async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    limits: ConnectionLimits,
    _held: (OwnedSemaphorePermit, mpsc::Sender<()>),
    mut stop: watch::Receiver<bool>,
) {
    let clock = Arc::new(Clock::new(&limits));
    let io = TokioIo::new(Watched {
        stream,
        clock: clock.clone(),
    });
    let service = {
        let clock = clock.clone();
        hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
            let busy = Busy::enter(&clock);
            let mut request = request.map(Body::new);
            // The handlers and the rate limit read the client's address from here.
            request.extensions_mut().insert(ConnectInfo(peer));
            let router = router.clone();
            async move {
                let response = router.oneshot(request).await?;
                Ok::<_, std::convert::Infallible>(
                    response.map(|body| Tracked { body, _busy: busy }),
                )
            }
        })
    };
    let conn = hyper::server::conn::http1::Builder::new()
        // Ours instead (see the module documentation).
        .header_read_timeout(None)
        .serve_connection(io, service);
    tokio::pin!(conn);
    let mut stopping = false;
    if *stop.borrow() {
        conn.as_mut().graceful_shutdown();
        stopping = true;
    }
    // One timer for the connection's life, moved rather than made anew on every wake-up.
    let timer = tokio::time::sleep(limits.idle_timeout);
    tokio::pin!(timer);
    loop {
        let at = clock.arm(&limits);
        if timer.deadline() != at {
            timer.as_mut().reset(at);
        }
        tokio::select! {
            result = conn.as_mut() => {
                if let Err(err) = result {
                    tracing::debug!(%err, "connection ended with an error");
                }
                return;
            }
            () = &mut timer => {
                match clock.deadline(&limits) {
                    Some((at, why)) if at <= Instant::now() => {
                        let reason = match why {
                            Expired::Header => "no complete request head in time",
                            Expired::Idle => "idle",
                        };
                        tracing::debug!(%peer, reason, "closing the connection");
                        // Nothing is in flight: dropping the connection closes the socket.
                        return;
                    }
                    _ => {}
                }
            }
            () = clock.changed.notified() => {}
            _ = stop.changed(), if !stopping => {
                conn.as_mut().graceful_shutdown();
                stopping = true;
            }
        }
    }
}
