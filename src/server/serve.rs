//! The server loop: hyper with a header-read timeout (slow clients cannot hold
//! a connection open), the peer address on every request, and graceful
//! shutdown that lets requests in flight finish before the database closes.
//!
//! Silent connections: hyper's HTTP/1 header timeout starts only once the
//! connection is handed to HTTP/1, after the version detection has read its
//! first bytes, and that detection waits forever. So each connection must
//! show its first bytes within the same header timeout, or it is closed
//! before hyper sees it. Running out of file descriptors backs off the accept
//! loop (doubling up to a second) and is logged once per burst, not per try.

use super::client_ip::PeerAddr;
use super::AppState;
use axum::body::Body;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use std::future::Future;
use std::time::Duration;
use tokio::net::TcpListener;
use tower::ServiceExt;

pub async fn serve(listener: TcpListener, state: AppState, shutdown: impl Future<Output = ()>) {
    let router = super::router::build(state.clone());
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(state.config.header_read_timeout_secs))
        .keep_alive(true);
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(Duration::from_secs(30));
    let header_timeout = Duration::from_secs(state.config.header_read_timeout_secs.max(1));
    let graceful = GracefulShutdown::new();
    let digests = tokio::spawn(crate::services::event_mail::digest_loop(state.ctx.clone()));
    let checkpoints = tokio::spawn(checkpoint_loop(state.store.clone()));
    let mut backoff = AcceptBackoff::default();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => {
                    backoff.succeeded();
                    pair
                }
                Err(e) => {
                    // out of file descriptors and the like: back off, keep serving
                    let pause = backoff.failed(&e);
                    tokio::select! {
                        () = tokio::time::sleep(pause) => {}
                        () = &mut shutdown => break,
                    }
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(PeerAddr(peer));
            router.clone().oneshot(req.map(Body::new))
        });
        let builder = builder.clone();
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            // a connection that says nothing is closed here, before hyper holds it
            if !first_bytes(&stream, header_timeout).await {
                return;
            }
            let conn = builder
                .serve_connection_with_upgrades(TokioIo::new(stream), service)
                .into_owned();
            if let Err(e) = watcher.watch(conn).await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
    }
    drop(listener);
    tracing::info!("shutting down: finishing requests in flight");
    digests.abort();
    checkpoints.abort();
    // live streams never finish by themselves
    state.live.close();
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(Duration::from_secs(30)) => tracing::warn!("requests still running after 30 s; closing"),
    }
    // a connection still held elsewhere must not keep the process alive
    if tokio::time::timeout(Duration::from_secs(10), state.store.close())
        .await
        .is_err()
    {
        tracing::warn!("database connections still busy after 10 s; exiting anyway");
    }
    tracing::info!("database closed");
}

/// The HTTP/2 connection preface; HTTP/1 is anything that departs from it.
const H2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// Waits, at most `limit`, until the client has sent enough for hyper to
/// tell HTTP/1 from HTTP/2 at once (hyper's version detection has no timeout
/// of its own). False: silent, closed, or stuck inside the HTTP/2 preface.
async fn first_bytes(stream: &tokio::net::TcpStream, limit: Duration) -> bool {
    let deadline = tokio::time::Instant::now() + limit;
    let mut buf = [0u8; 24];
    loop {
        let n = match tokio::time::timeout_at(deadline, stream.peek(&mut buf)).await {
            Ok(Ok(n)) => n,
            Ok(Err(_)) | Err(_) => return false,
        };
        if n == 0 {
            return false;
        }
        if n == H2_PREFACE.len() || buf[..n] != H2_PREFACE[..n] {
            return true;
        }
        // part of the HTTP/2 preface: peeking again returns at once, so wait a little
        if tokio::time::Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// How long the accept loop pauses after a failure (`EMFILE`: out of file
/// descriptors), and when to say so: the first failure of a burst is
/// logged, then a count at most every ten seconds.
#[derive(Default)]
struct AcceptBackoff {
    pause: Duration,
    failures: u64,
    last_log: Option<tokio::time::Instant>,
}

impl AcceptBackoff {
    const FIRST: Duration = Duration::from_millis(10);
    const MAX: Duration = Duration::from_secs(1);
    const LOG_EVERY: Duration = Duration::from_secs(10);

    fn failed(&mut self, e: &std::io::Error) -> Duration {
        self.pause = (self.pause * 2).clamp(Self::FIRST, Self::MAX);
        self.failures += 1;
        let now = tokio::time::Instant::now();
        if self
            .last_log
            .is_none_or(|at| now.duration_since(at) >= Self::LOG_EVERY)
        {
            tracing::warn!(
                error = %e,
                failures = self.failures,
                pause_ms = self.pause.as_millis() as u64,
                "accept failed; backing off"
            );
            self.last_log = Some(now);
        }
        self.pause
    }

    fn succeeded(&mut self) {
        if self.failures > 0 {
            tracing::info!(failures = self.failures, "accepting connections again");
        }
        *self = Self::default();
    }
}

/// How often SQLite's write-ahead log is folded back into the database and
/// truncated (PostgreSQL: nothing to do).
pub const CHECKPOINT_EVERY: Duration = Duration::from_secs(60);

/// Keeps SQLite's WAL file small under sustained writes: SQLite's own
/// automatic checkpoints never shrink the file and can be starved by
/// readers; a periodic `wal_checkpoint(TRUNCATE)` resets it to zero.
async fn checkpoint_loop(store: crate::store::DynStore) {
    let mut tick = tokio::time::interval(CHECKPOINT_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tick.tick().await;
    loop {
        tick.tick().await;
        match store.checkpoint().await {
            Ok(Some(c)) if c.busy => {
                tracing::debug!(
                    wal_pages = c.wal_pages,
                    "checkpoint could not finish; readers busy"
                )
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "checkpoint failed"),
        }
    }
}

/// Raises this process's open-file soft limit to its hard limit, so that
/// many idle clients do not exhaust it (a limit of 1,024 is common). Returns
/// (before, after); logs what it did.
#[cfg(unix)]
#[allow(clippy::unnecessary_cast)] // rlim_t is u64 on Linux, not everywhere
pub fn raise_open_file_limit() -> Option<(u64, u64)> {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit only read and write the struct passed in.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) } != 0 {
        tracing::warn!(error = %std::io::Error::last_os_error(), "cannot read the open-file limit");
        return None;
    }
    let before = lim.rlim_cur as u64;
    if lim.rlim_cur >= lim.rlim_max {
        tracing::info!(limit = before, "open-file limit already at its maximum");
        return Some((before, before));
    }
    // macOS refuses more than OPEN_MAX for the soft limit
    #[cfg(target_os = "macos")]
    let target = lim.rlim_max.min(libc::OPEN_MAX as libc::rlim_t);
    #[cfg(not(target_os = "macos"))]
    let target = lim.rlim_max;
    let raised = libc::rlimit {
        rlim_cur: target,
        rlim_max: lim.rlim_max,
    };
    // SAFETY: as above.
    if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } != 0 {
        tracing::warn!(
            error = %std::io::Error::last_os_error(),
            limit = before,
            "cannot raise the open-file limit"
        );
        return Some((before, before));
    }
    let after = raised.rlim_cur as u64;
    tracing::info!(from = before, to = after, "open-file limit raised");
    Some((before, after))
}

#[cfg(not(unix))]
pub fn raise_open_file_limit() -> Option<(u64, u64)> {
    None
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
