//! Operations: silent connections cannot take the site down, live streams
//! are capped and end, backups under write load hold every acknowledged
//! write and restore refuses damaged files, SQLite's log stays small, and
//! acknowledged writes survive `kill -9` of the real binary.

use crate::common::{Backend, TestApp};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tandem::domain::{DisplayName, Email, Locale, Role};
use tandem::store::backup::{self, BackupError};
use tandem::store::{DynStore, NewEvent, NewUser};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

on_both_backends!(
    live_streams_are_capped_per_address_and_in_total,
    a_live_stream_ends_after_its_lifetime,
);

fn temp_dir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tandem-{tag}-{:016x}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn new_user(email: &str) -> NewUser {
    NewUser {
        email: Email::parse(email).unwrap(),
        name: DisplayName::parse("Writer").unwrap(),
        password_hash: "not a real hash".into(),
        role: Role::Member,
        locale: Locale::En,
        confirmed: true,
        now: tandem::services::clock::unix_now(),
    }
}

/// Reads until the server closes the connection (whatever it says first);
/// false if it is still open after `limit`.
async fn closed_by_server(s: &mut tokio::net::TcpStream, limit: Duration) -> bool {
    let deadline = tokio::time::Instant::now() + limit;
    let mut buf = [0u8; 512];
    loop {
        match tokio::time::timeout_at(deadline, s.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => continue,
            Err(_) => return false,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silent_connections_are_closed_and_health_still_answers() {
    let limit = tandem::server::serve::raise_open_file_limit().map_or(1024, |(_, after)| after);
    // the incident: 1,100 silent connections against a limit of 1,024 (both
    // ends live in this process, hence the room asked for)
    let silent = if limit >= 4096 { 1100 } else { 300 };
    let app = TestApp::spawn_with(Backend::Sqlite, |c| c.header_read_timeout_secs = 1)
        .await
        .unwrap();
    let addr = app.base.trim_start_matches("http://").to_owned();
    let mut idle = Vec::with_capacity(silent);
    for _ in 0..silent {
        idle.push(tokio::net::TcpStream::connect(&addr).await.unwrap());
    }
    // a request line that stops half-way, and half an HTTP/2 preface
    let mut slow = tokio::net::TcpStream::connect(&addr).await.unwrap();
    slow.write_all(b"GET /healthz HT").await.unwrap();
    let mut h2 = tokio::net::TcpStream::connect(&addr).await.unwrap();
    h2.write_all(b"PRI * HTTP/2").await.unwrap();

    let health = app.client().get("/healthz").await;
    assert_eq!(health.status, 200, "{}", health.body);

    for s in idle.iter_mut().chain([&mut slow, &mut h2]) {
        assert!(
            closed_by_server(s, Duration::from_secs(20)).await,
            "a silent connection was left open"
        );
    }
    drop(idle);
    // and a connection that does speak still works
    assert_eq!(app.client().get("/healthz").await.status, 200);
    app.stop().await;
}

async fn an_event(store: &DynStore) -> i64 {
    let now = tandem::services::clock::unix_now();
    store
        .create_event(&NewEvent {
            kind: tandem::domain::event::EventKind::Talk,
            language: Locale::En,
            city_id: None,
            starts_at: now + 86_400,
            ends_at: now + 90_000,
            timezone: "UTC".into(),
            created_by: None,
            now,
            texts: vec![(Locale::En, "Live caps".into(), String::new())],
        })
        .await
        .unwrap()
}

/// Opens a live stream as client `from` (through the trusted proxy); the
/// status, and the response to keep the stream open.
async fn open_stream(base: &str, id: i64, from: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(format!("{base}/events/{id}/live"))
        .header("x-forwarded-for", from)
        .send()
        .await
        .unwrap()
}

async fn live_streams_are_capped_per_address_and_in_total(b: Backend) {
    let Some(app) = TestApp::spawn_with(b, |c| {
        c.live.max_per_ip = 3;
        c.live.max_total = 5;
        c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    })
    .await
    else {
        return;
    };
    let id = an_event(&app.state.store).await;
    let (a, b2, c) = ("203.0.113.1", "203.0.113.2", "203.0.113.3");

    // opened all at once: exactly three of one address get in
    let tries = futures::future::join_all((0..5).map(|_| open_stream(&app.base, id, a))).await;
    let (mut held, refused): (Vec<_>, Vec<_>) = tries.into_iter().partition(|r| r.status() == 200);
    assert_eq!(held.len(), 3);
    assert_eq!(refused.len(), 2);
    for r in &refused {
        assert_eq!(r.status(), 429);
        let wait: u64 = r.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(wait > 0);
    }

    // another address has its own places, until the total is reached
    for _ in 0..2 {
        let r = open_stream(&app.base, id, b2).await;
        assert_eq!(r.status(), 200);
        held.push(r);
    }
    assert_eq!(open_stream(&app.base, id, c).await.status(), 429);
    assert_eq!(app.state.live.caps.open(), 5);

    // a closed stream gives its place back
    drop(held.remove(0));
    let mut admitted = None;
    for _ in 0..100 {
        let r = open_stream(&app.base, id, c).await;
        if r.status() == 200 {
            admitted = Some(r);
            break;
        }
        assert_eq!(r.status(), 429);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        admitted.is_some(),
        "the closed stream's place never came back"
    );
    drop(admitted);
    drop(held);
    app.stop().await;
}

async fn a_live_stream_ends_after_its_lifetime(b: Backend) {
    let Some(app) = TestApp::spawn_with(b, |c| c.live.max_lifetime_secs = 1).await else {
        return;
    };
    let id = an_event(&app.state.store).await;
    let mut res = open_stream(&app.base, id, "ignored").await;
    assert_eq!(res.status(), 200);
    let ended = tokio::time::timeout(Duration::from_secs(15), async {
        while let Some(chunk) = res.chunk().await.expect("the stream ends cleanly") {
            let _ = chunk;
        }
    })
    .await;
    assert!(ended.is_ok(), "the stream outlived its lifetime");
    // its place is free again
    for _ in 0..100 {
        if app.state.live.caps.open() == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(app.state.live.caps.open(), 0);
    app.stop().await;
}

/// Writers that keep creating members until stopped, recording each one the
/// store acknowledged, in order.
struct Writers {
    acked: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Writers {
    fn start(store: &DynStore, n: usize, per_writer: usize) -> Self {
        let acked = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let tasks = (0..n)
            .map(|w| {
                let (store, acked, stop) = (store.clone(), acked.clone(), stop.clone());
                tokio::spawn(async move {
                    for i in 0..per_writer {
                        if stop.load(Ordering::Relaxed) {
                            return;
                        }
                        let email = format!("w{w}-{i}@example.org");
                        if store.create_user(&new_user(&email)).await.is_ok() {
                            acked.lock().unwrap().push(email);
                        }
                    }
                })
            })
            .collect();
        Self { acked, stop, tasks }
    }

    fn count(&self) -> usize {
        self.acked.lock().unwrap().len()
    }

    async fn wait_for(&self, n: usize) {
        for _ in 0..600 {
            if self.count() >= n {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("writers stalled at {} of {n}", self.count());
    }

    async fn stop(self) -> usize {
        self.stop.store(true, Ordering::Relaxed);
        for t in self.tasks {
            t.await.unwrap();
        }
        let n = self.acked.lock().unwrap().len();
        n
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_under_write_load_holds_every_write_acknowledged_before_it() {
    let dir = temp_dir("backup");
    let store = crate::common::fresh_store(Backend::Sqlite, &dir)
        .await
        .unwrap();
    let db = dir.join("tandem.db");
    let writers = Writers::start(&store, 4, 2_000);
    writers.wait_for(300).await;
    // everything acknowledged before the backup starts must be in it
    let before: Vec<String> = writers.acked.lock().unwrap().clone();
    let out = dir.join("copy.db");
    let report = backup::backup(&db, &out).await.unwrap();
    assert!(report.users >= before.len() as i64, "{report}");
    assert!(report.bytes > 0);
    // writes went on during and after the copy
    writers.wait_for(before.len() + 200).await;
    let total = writers.stop().await;
    assert!(total > before.len());

    // never overwrites
    match backup::backup(&db, &out).await {
        Err(BackupError::Refused(why)) => assert!(why.contains("exists"), "{why}"),
        other => panic!("overwrote a backup: {other:?}"),
    }

    // restored into a fresh directory: every acknowledged write is there
    let fresh = temp_dir("restored");
    let target = fresh.join("tandem.db");
    let r = backup::restore(&out, &target).await.unwrap();
    assert!(r.previous.is_none());
    let restored = tandem::store::connect(&format!("sqlite://{}", target.display()))
        .await
        .unwrap();
    restored.quick_check().await.unwrap();
    for email in &before {
        assert!(
            restored.user_by_email(email).await.unwrap().is_some(),
            "{email} was acknowledged before the backup but is missing"
        );
    }
    restored.close().await;
    backup::verify(&target).await.unwrap();

    // restoring again keeps the database that was there beside it
    let again = backup::restore(&out, &target).await.unwrap();
    let previous = again.previous.expect("the old database is kept");
    assert!(previous
        .file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with("tandem.db.before-restore-"));
    assert!(previous.is_file());
    assert!(!fresh.join("tandem.db-wal").exists());
    assert!(!fresh.join("tandem.db-shm").exists());

    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&fresh);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_refuses_damaged_and_foreign_files_and_a_running_server() {
    let dir = temp_dir("refuse");
    let store = crate::common::fresh_store(Backend::Sqlite, &dir)
        .await
        .unwrap();
    for i in 0..200 {
        store
            .create_user(&new_user(&format!("m{i}@example.org")))
            .await
            .unwrap();
    }
    let db = dir.join("tandem.db");
    let good = dir.join("good.db");
    backup::backup(&db, &good).await.unwrap();
    store.close().await;

    let target_dir = temp_dir("refuse-target");
    let target = target_dir.join("tandem.db");
    let refused = |r: Result<backup::RestoreReport, BackupError>| match r {
        Err(BackupError::Refused(why)) => why,
        other => panic!("expected a refusal, got {other:?}"),
    };

    // random bytes
    let noise = dir.join("noise.db");
    std::fs::write(
        &noise,
        (0..65_536)
            .map(|_| rand::random::<u8>())
            .collect::<Vec<u8>>(),
    )
    .unwrap();
    let why = refused(backup::restore(&noise, &target).await);
    assert!(why.contains("not a sound SQLite database"), "{why}");

    // a backup cut in half
    let bytes = std::fs::read(&good).unwrap();
    let cut = dir.join("cut.db");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let why = refused(backup::restore(&cut, &target).await);
    assert!(
        why.contains("damaged") || why.contains("not a sound"),
        "{why}"
    );

    // a page overwritten in the middle
    let mut bytes = bytes.clone();
    let mid = bytes.len() / 2 / 4096 * 4096;
    bytes[mid..mid + 4096].fill(0x5a);
    let scribbled = dir.join("scribbled.db");
    std::fs::write(&scribbled, &bytes).unwrap();
    refused(backup::restore(&scribbled, &target).await);

    // a sound SQLite database that is not Tandem's
    let foreign = dir.join("foreign.db");
    {
        use sqlx::{ConnectOptions, Connection};
        let mut c = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&foreign)
            .create_if_missing(true)
            .connect()
            .await
            .unwrap();
        sqlx::query("CREATE TABLE notes (body TEXT)")
            .execute(&mut c)
            .await
            .unwrap();
        c.close().await.unwrap();
    }
    let why = refused(backup::restore(&foreign, &target).await);
    assert!(why.contains("not a Tandem database"), "{why}");
    assert!(!target.exists(), "a refused restore changed something");

    // a server holding the database
    backup::restore(&good, &target).await.unwrap();
    let lock = backup::hold_serve_lock(&target).unwrap();
    let why = refused(backup::restore(&good, &target).await);
    assert!(why.contains("server is running"), "{why}");
    drop(lock);
    backup::restore(&good, &target).await.unwrap();

    // the command line: exit status 2 and one line saying why
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["--config", "/nonexistent/Leptos.toml", "restore", "--input"])
        .arg(&noise)
        .env("TANDEM_DATA_DIR", &target_dir)
        .env_remove("TANDEM_DATABASE_URL")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not a sound SQLite database"), "{stderr}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["--config", "/nonexistent/Leptos.toml", "backup", "--output"])
        .arg(&good)
        .env("TANDEM_DATA_DIR", &target_dir)
        .env_remove("TANDEM_DATABASE_URL")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to overwrite"));
    let fresh_copy = target_dir.join("fresh-copy.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["--config", "/nonexistent/Leptos.toml", "backup", "--output"])
        .arg(&fresh_copy)
        .env("TANDEM_DATA_DIR", &target_dir)
        .env_remove("TANDEM_DATABASE_URL")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("backup written") && stdout.contains("200 members"),
        "{stdout}"
    );

    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&target_dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_wal_stays_small_under_sustained_writes() {
    use tandem::store::{JOURNAL_SIZE_LIMIT_BYTES, WAL_AUTOCHECKPOINT_PAGES};
    let dir = temp_dir("wal");
    let store = crate::common::fresh_store(Backend::Sqlite, &dir)
        .await
        .unwrap();
    let wal = dir.join("tandem.db-wal");
    let size = || std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    // a log that is checkpointed as it goes stays near the autocheckpoint size
    let bound = (2 * WAL_AUTOCHECKPOINT_PAGES as u64 * 4096).min(JOURNAL_SIZE_LIMIT_BYTES);
    let mut largest = 0;
    for i in 0..5_000 {
        store
            .create_user(&new_user(&format!("wal{i}@example.org")))
            .await
            .unwrap();
        if i % 100 == 0 {
            largest = largest.max(size());
        }
    }
    largest = largest.max(size());
    assert!(largest > 0, "not in WAL mode?");
    assert!(
        largest <= bound,
        "the log grew to {largest} bytes (bound {bound})"
    );
    // the server's periodic checkpoint empties it
    let c = store
        .checkpoint()
        .await
        .unwrap()
        .expect("SQLite checkpoints");
    assert!(!c.busy, "{c:?}");
    assert_eq!(size(), 0);
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// The real binary, killed when dropped (a failing test leaves no server).
struct Server {
    child: std::process::Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const ORIGIN: &str = "http://tandem.test";

/// Starts `tandem serve` on `dir` and a free loopback port (read from its
/// JSON log), and waits until it answers.
async fn start_server(dir: &std::path::Path) -> Server {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["--config", "/nonexistent/Leptos.toml", "serve", "--no-demo"])
        .env("TANDEM_DATA_DIR", dir)
        .env("TANDEM_SITE_ADDR", "127.0.0.1:0")
        .env("TANDEM_BASE_URL", ORIGIN)
        .env("TANDEM_LOG_FORMAT", "json")
        .env("TANDEM_LIMITS_FORMS_PER_IP", "1000000")
        .env("RUST_LOG", "info")
        .env_remove("TANDEM_DATABASE_URL")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    // keep reading to the end, or the server would block on a full pipe
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { return };
            let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
                continue;
            };
            if v["fields"]["message"] == "Tandem is serving" {
                if let Some(a) = v["fields"]["address"].as_str() {
                    let _ = tx.send(a.to_owned());
                }
            }
        }
    });
    let addr = tokio::task::spawn_blocking(move || rx.recv_timeout(Duration::from_secs(120)))
        .await
        .unwrap();
    let server = Server {
        child,
        base: format!("http://{}", addr.expect("the server did not start")),
    };
    for _ in 0..100 {
        if let Ok(r) = reqwest::get(format!("{}/healthz", server.base)).await {
            if r.status() == 200 {
                return server;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server never answered /healthz");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_sign_ups_survive_kill_9() {
    let dir = temp_dir("crash");
    let acked = Arc::new(Mutex::new(Vec::<String>::new()));
    for cycle in 0..3 {
        let mut server = start_server(&dir).await;
        let stop = Arc::new(AtomicBool::new(false));
        let writers: Vec<_> = (0..4)
            .map(|w| {
                let (base, acked, stop) = (server.base.clone(), acked.clone(), stop.clone());
                tokio::spawn(async move {
                    let http = reqwest::Client::new();
                    for i in 0..500 {
                        if stop.load(Ordering::Relaxed) {
                            return;
                        }
                        let email = format!("c{cycle}w{w}n{i}@example.org");
                        let sent = http
                            .post(format!("{base}/api/sign_up"))
                            .header("origin", ORIGIN)
                            .header("accept", "application/json")
                            .form(&[
                                ("name", "Crash Writer"),
                                ("email", email.as_str()),
                                ("password", crate::common::PASSWORD),
                            ])
                            .send()
                            .await;
                        match sent {
                            Ok(r) if r.status().is_success() => acked.lock().unwrap().push(email),
                            Ok(r) => panic!("sign-up refused: {}", r.status()),
                            // killed mid-request: not acknowledged, may or may not be there
                            Err(_) => return,
                        }
                    }
                })
            })
            .collect();
        let target = (cycle + 1) * 25;
        for _ in 0..1_200 {
            if acked.lock().unwrap().len() >= target {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(acked.lock().unwrap().len() >= target, "sign-ups stalled");
        // SIGKILL while the writers are still writing
        server.child.kill().unwrap();
        server.child.wait().unwrap();
        stop.store(true, Ordering::Relaxed);
        for w in writers {
            w.await.unwrap();
        }
    }
    // the server starts again on what the kills left (its check passes)
    let server = start_server(&dir).await;
    drop(server);
    let store = tandem::store::connect(&format!("sqlite://{}/tandem.db", dir.display()))
        .await
        .unwrap();
    let acked = acked.lock().unwrap().clone();
    for email in &acked {
        assert!(
            store.user_by_email(email).await.unwrap().is_some(),
            "{email} was acknowledged but lost"
        );
    }
    let report: Vec<String> = {
        use sqlx::{ConnectOptions, Connection};
        let mut c = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(dir.join("tandem.db"))
            .connect()
            .await
            .unwrap();
        let r = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&mut c)
            .await
            .unwrap();
        c.close().await.unwrap();
        r
    };
    assert_eq!(report, ["ok"]);
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}
