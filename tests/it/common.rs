//! Test harness: the real router on a loopback port over a fresh database,
//! SQLite in a temporary directory or a fresh PostgreSQL schema.

use std::path::PathBuf;

/// One test function per name, run once on SQLite and once on PostgreSQL:
/// `on_both_backends!(a, b)` calls `a(Backend)`; `on_both_backends!(with
/// run: a, b)` calls `run(Backend, a)`, for tests that take a store (or
/// two) that `run` opens.
#[allow(unused_macros)]
macro_rules! on_both_backends {
    (with $run:ident: $($name:ident),* $(,)?) => {
        mod sqlite {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $name() { super::$run(super::Backend::Sqlite, super::$name).await } )*
        }
        mod postgres {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $name() { super::$run(super::Backend::Postgres, super::$name).await } )*
        }
    };
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $name() { super::$name(super::Backend::Sqlite).await } )*
        }
        mod postgres {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $name() { super::$name(super::Backend::Postgres).await } )*
        }
    };
}
use std::sync::Arc;
use tandem::config::Config;
use tandem::mail::Mailer;
use tandem::server::AppState;
use tandem::store::DynStore;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A fresh, migrated store, or None when PostgreSQL is not configured
/// (outside CI; in CI a missing PostgreSQL fails the test).
pub async fn fresh_store(backend: Backend, dir: &std::path::Path) -> Option<DynStore> {
    fresh_store_url(backend, dir).await.map(|(store, _)| store)
}

/// Like [`fresh_store`], with the URL, so that a test can open a second
/// store on the same database (a second app instance).
pub async fn fresh_store_url(
    backend: Backend,
    dir: &std::path::Path,
) -> Option<(DynStore, String)> {
    let url = match backend {
        Backend::Sqlite => format!("sqlite://{}/tandem.db", dir.display()),
        Backend::Postgres => {
            let Ok(base) = std::env::var("TANDEM_TEST_DATABASE_URL") else {
                if std::env::var("CI").is_ok_and(|v| v == "true") {
                    panic!("CI=true but TANDEM_TEST_DATABASE_URL is not set: PostgreSQL tests are required");
                }
                eprintln!("skipping PostgreSQL: TANDEM_TEST_DATABASE_URL not set");
                return None;
            };
            let schema = format!("t_{:016x}", rand::random::<u64>());
            let admin = sqlx::PgPool::connect(&base)
                .await
                .expect("connect to the test PostgreSQL");
            sqlx::query(&format!("CREATE SCHEMA {schema}"))
                .execute(&admin)
                .await
                .expect("create schema");
            admin.close().await;
            let sep = if base.contains('?') { '&' } else { '?' };
            format!("{base}{sep}options=-c%20search_path%3D{schema}")
        }
    };
    let store = tandem::store::connect(&url).await.expect("connect store");
    store.migrate().await.expect("migrate");
    Some((store, url))
}

pub struct TestApp {
    pub base: String,
    /// the database, for a second instance on it
    pub url: String,
    pub state: AppState,
    pub outbox: PathBuf,
    pub dir: PathBuf,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    done: Option<tokio::task::JoinHandle<()>>,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> Option<Self> {
        Self::spawn_with(backend, |_| {}).await
    }

    pub async fn spawn_with(backend: Backend, tweak: impl FnOnce(&mut Config)) -> Option<Self> {
        tandem::server::telemetry::init_for_tests();
        let dir = std::env::temp_dir().join(format!("tandem-test-{}", rand::random::<u64>()));
        std::fs::create_dir_all(&dir).unwrap();
        let (store, url) = fresh_store_url(backend, &dir).await?;
        Some(Self::start(store, url, dir, tweak).await)
    }

    /// A second app instance on this one's database (several instances
    /// behind one address).
    pub async fn sibling(&self) -> Self {
        let store = tandem::store::connect(&self.url)
            .await
            .expect("connect store");
        let dir = std::env::temp_dir().join(format!("tandem-test-{}", rand::random::<u64>()));
        std::fs::create_dir_all(&dir).unwrap();
        Self::start(store, self.url.clone(), dir, |_| {}).await
    }

    async fn start(
        store: DynStore,
        url: String,
        dir: PathBuf,
        tweak: impl FnOnce(&mut Config),
    ) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut config = Config::load(std::path::Path::new("/nonexistent"), Vec::new()).unwrap();
        config.site_addr = addr;
        config.base_url = format!("http://{addr}");
        config.data_dir = dir.clone();
        config.demo_data = false;
        config.limits.forms_per_ip = 10_000;
        config.limits.signin_per_ip = 10_000;
        tweak(&mut config);
        let mailer = Mailer::from_config(&config).unwrap();
        let outbox = config.outbox_dir();
        let state = AppState::new(store, config, mailer);
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let serve_state = state.clone();
        let done = tokio::spawn(async move {
            tandem::server::serve::serve(listener, serve_state, async {
                let _ = rx.await;
            })
            .await
        });
        Self {
            url,
            base: format!("http://{addr}"),
            state,
            outbox,
            dir,
            shutdown: Some(tx),
            done: Some(done),
        }
    }

    /// A browser-like client: keeps cookies, does not follow redirects, and
    /// sends the site's Origin like a same-origin page would.
    pub fn client(&self) -> Client {
        Client {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            base: self.base.clone(),
        }
    }

    /// Every message in the outbox, oldest first: (raw text).
    pub fn mails(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(&self.outbox) else {
            return Vec::new();
        };
        let mut files: Vec<_> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|p| decode_quoted_printable(&std::fs::read_to_string(p).unwrap()))
            .collect()
    }

    /// The messages sent to `to`, oldest first.
    pub fn mails_to(&self, to: &str) -> Vec<String> {
        self.mails()
            .into_iter()
            .filter(|m| m.lines().any(|l| l.starts_with("To:") && l.contains(to)))
            .collect()
    }

    /// The token of the last link to `path` mailed to `to`.
    pub fn last_token(&self, to: &str, path: &str) -> Option<String> {
        let needle = format!("{path}?token=");
        self.mails_to(to).iter().rev().find_map(|m| {
            m.split_whitespace()
                .find_map(|w| w.split_once(&needle).map(|(_, t)| t.trim().to_owned()))
        })
    }

    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(done) = self.done.take() {
            let _ = done.await;
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[derive(Clone)]
pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
}

pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|_| panic!("not JSON ({}): {}", self.status, self.body))
    }

    /// The AppError in the body, as JSON.
    pub fn error(&self) -> serde_json::Value {
        assert!(
            self.status >= 400,
            "expected an error, got {}: {}",
            self.status,
            self.body
        );
        self.json()
    }

    pub fn ok(&self) -> &Self {
        assert!(
            self.status < 400,
            "expected success, got {}: {}",
            self.status,
            self.body
        );
        self
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

impl Client {
    /// Calls a server function as the WASM client does.
    pub async fn call(&self, name: &str, form: &[(&str, &str)]) -> Reply {
        let res = self
            .http
            .post(format!("{}/api/{name}", self.base))
            .header("origin", &self.base)
            .header("accept", "application/json")
            .form(form)
            .send()
            .await
            .unwrap();
        Self::reply(res).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        let res = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        Self::reply(res).await
    }

    /// A page as a browser asks for it (`Accept: text/html`).
    pub async fn page(&self, path: &str) -> Reply {
        let res = self
            .http
            .get(format!("{}{path}", self.base))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        Self::reply(res).await
    }

    pub async fn reply(res: reqwest::Response) -> Reply {
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let body = res.text().await.unwrap();
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn sign_up(&self, name: &str, email: &str, password: &str) -> Reply {
        self.call(
            "sign_up",
            &[("name", name), ("email", email), ("password", password)],
        )
        .await
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> Reply {
        self.call("sign_in", &[("email", email), ("password", password)])
            .await
    }

    pub async fn whoami(&self) -> serde_json::Value {
        self.call("current_user", &[]).await.ok().json()
    }
}

pub const PASSWORD: &str = "a long enough passphrase";

/// Signs up, confirms through the e-mailed link and signs in.
pub async fn member(app: &TestApp, name: &str, email: &str) -> Client {
    let c = app.client();
    c.sign_up(name, email, PASSWORD).await.ok();
    let token = app
        .last_token(email, "/account/confirm")
        .expect("confirmation mail");
    c.call("confirm_email", &[("token", &token)]).await.ok();
    c.sign_in(email, PASSWORD).await.ok();
    c
}

/// A signed-in member with the given role (set in the store directly).
pub async fn with_role(
    app: &TestApp,
    name: &str,
    email: &str,
    role: tandem::domain::Role,
) -> Client {
    let c = member(app, name, email).await;
    let user = app.state.store.user_by_email(email).await.unwrap().unwrap();
    app.state.store.set_role(user.id, role).await.unwrap();
    c
}

pub fn arc<T>(t: T) -> Arc<T> {
    Arc::new(t)
}

/// Undoes quoted-printable (soft line breaks and =XX bytes), which lettre
/// picks for bodies with long lines or non-ASCII text.
pub fn decode_quoted_printable(raw: &str) -> String {
    let joined = raw.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
        {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).replace("\r\n", "\n")
}
