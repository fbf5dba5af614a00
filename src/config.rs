//! The server's runtime configuration: `Leptos.toml`, then `TANDEM_*`
//! environment variables on top (e.g. `TANDEM_DATABASE_URL`,
//! `TANDEM_MAIL_SMTP_URL`, `TANDEM_LIMITS_SIGNIN_PER_ACCOUNT`).

use serde::{Deserialize, Serialize};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Address the server listens on.
    pub site_addr: SocketAddr,
    /// The public address of the site, used in e-mailed links and to check
    /// the Origin of state-changing requests.
    pub base_url: String,
    /// Where the SQLite database, the mail outbox and uploads live.
    pub data_dir: PathBuf,
    /// `sqlite://...` or `postgres://...`; empty means `sqlite://<data_dir>/tandem.db`.
    pub database_url: String,
    /// The compiled site (WASM, JS, CSS, public files) built by cargo-leptos.
    pub site_root: PathBuf,
    /// Load demo members and events on first start (an empty database).
    pub demo_data: bool,
    /// `text` or `json`.
    pub log_format: String,
    /// Proxies whose `X-Forwarded-For` is believed. Empty: the header is ignored.
    pub trusted_proxies: Vec<IpAddr>,
    pub body_limit_bytes: usize,
    pub request_timeout_secs: u64,
    pub header_read_timeout_secs: u64,
    pub session_days: i64,
    /// Largest profile photo accepted, in bytes.
    pub photo_max_bytes: usize,
    pub mail: MailConfig,
    pub limits: LimitsConfig,
    pub events: EventsConfig,
    pub live: LiveConfig,
    pub social: SocialConfig,
}

/// The social network's moderation and pace (`[social]`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SocialConfig {
    /// Content reported by this many distinct members is hidden until a
    /// moderator looks.
    pub report_threshold: i64,
    /// Posts and comments per member per hour.
    pub posts_per_hour: i64,
    /// Direct messages per member per hour.
    pub messages_per_hour: i64,
    /// An unread message is announced by e-mail after this long (one mail
    /// per conversation, however many messages).
    pub message_notice_secs: i64,
    /// Notification e-mails go at most this often to one member.
    pub notification_mail_secs: i64,
}

impl Default for SocialConfig {
    fn default() -> Self {
        Self {
            report_threshold: 3,
            posts_per_hour: 30,
            messages_per_hour: 120,
            message_notice_secs: 15 * 60,
            notification_mail_secs: 24 * 60 * 60,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LiveConfig {
    /// Live-update streams (server-sent events) open at once from one client
    /// address; one more gets HTTP 429.
    pub max_per_ip: usize,
    /// Live-update streams open at once in this process.
    pub max_total: usize,
    /// A stream ends after this long; the browser reconnects at once and
    /// receives what it missed (`Last-Event-ID`).
    pub max_lifetime_secs: u64,
}

impl Default for LiveConfig {
    fn default() -> Self {
        Self {
            max_per_ip: 20,
            max_total: 10_000,
            max_lifetime_secs: 3600,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EventsConfig {
    /// Changes that matter are e-mailed to attendees once an event has had no
    /// such change for this long, so that ten quick edits send one message.
    pub digest_quiet_secs: i64,
    /// How often the server looks for such batches.
    pub digest_poll_secs: u64,
    /// Messages an event's organizers may send to all attendees per day.
    pub messages_per_event_day: i64,
}

impl Default for EventsConfig {
    fn default() -> Self {
        Self {
            digest_quiet_secs: 120,
            digest_poll_secs: 30,
            messages_per_event_day: 5,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MailConfig {
    /// Sender of every message.
    pub from: String,
    /// `smtps://user:pass@host:465` or `smtp://host:587?tls=required`; empty
    /// writes each message to `<data_dir>/outbox` instead.
    pub smtp_url: String,
    /// Shown in the footer as the contact address.
    pub contact: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LimitsConfig {
    /// Failed sign-ins per account within the window before 429.
    pub signin_per_account: i64,
    /// Sign-in attempts per client address within the window before 429.
    pub signin_per_ip: i64,
    pub signin_window_secs: i64,
    /// Sign-up, reset and confirmation requests per client address per window.
    pub forms_per_ip: i64,
    pub forms_window_secs: i64,
    /// Profile, photo and city edits per member per hour.
    pub edits_per_user_hour: i64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            site_addr: "127.0.0.1:3000".parse().expect("valid default address"),
            base_url: "http://127.0.0.1:3000".into(),
            data_dir: "data".into(),
            database_url: String::new(),
            site_root: "target/site".into(),
            demo_data: true,
            log_format: "text".into(),
            trusted_proxies: Vec::new(),
            body_limit_bytes: 2 * 1024 * 1024,
            request_timeout_secs: 30,
            header_read_timeout_secs: 10,
            session_days: 30,
            photo_max_bytes: 5 * 1024 * 1024,
            mail: MailConfig::default(),
            limits: LimitsConfig::default(),
            events: EventsConfig::default(),
            live: LiveConfig::default(),
            social: SocialConfig::default(),
        }
    }
}

impl Default for MailConfig {
    fn default() -> Self {
        Self {
            from: "Tandem <no-reply@tandem.localhost>".into(),
            smtp_url: String::new(),
            contact: "hello@tandem.localhost".into(),
        }
    }
}

impl Default for LimitsConfig {
    fn default() -> Self {
        Self {
            signin_per_account: 5,
            signin_per_ip: 30,
            signin_window_secs: 15 * 60,
            forms_per_ip: 20,
            forms_window_secs: 60 * 60,
            edits_per_user_hour: 120,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("invalid configuration in {origin}: {message}")]
    Invalid { origin: String, message: String },
}

const SECTIONS: [&str; 5] = ["mail", "limits", "events", "live", "social"];

impl Config {
    /// Reads `path` (a missing file means defaults) and applies `TANDEM_*`
    /// variables from `env`.
    pub fn load(
        path: &Path,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, ConfigError> {
        let mut table = match std::fs::read_to_string(path) {
            Ok(text) => text
                .parse::<toml::Table>()
                .map_err(|e| ConfigError::Invalid {
                    origin: path.display().to_string(),
                    message: e.to_string(),
                })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => toml::Table::new(),
            Err(source) => {
                return Err(ConfigError::Read {
                    path: path.display().to_string(),
                    source,
                })
            }
        };
        // the keys a variable may set are those of the defaults; other TANDEM_*
        // variables (TANDEM_CONFIG, TANDEM_ADMIN_PASSWORD, test settings) are not ours
        let known = toml::Table::try_from(Config::default()).unwrap_or_default();
        for (key, raw) in env {
            let Some(name) = key.strip_prefix("TANDEM_") else {
                continue;
            };
            let name = name.to_ascii_lowercase();
            let value = env_value(&raw);
            match SECTIONS.iter().find(|s| name.starts_with(&format!("{s}_"))) {
                Some(section) => {
                    let field = &name[section.len() + 1..];
                    let is_known = known
                        .get(*section)
                        .and_then(|t| t.as_table())
                        .is_some_and(|t| t.contains_key(field));
                    if !is_known {
                        continue;
                    }
                    let sub = table
                        .entry(section.to_string())
                        .or_insert_with(|| toml::Value::Table(toml::Table::new()));
                    if let toml::Value::Table(sub) = sub {
                        sub.insert(field.to_owned(), value);
                    }
                }
                None if known.contains_key(&name) => {
                    table.insert(name, value);
                }
                None => {}
            }
        }
        let mut config: Config =
            toml::Value::Table(table)
                .try_into()
                .map_err(|e: toml::de::Error| ConfigError::Invalid {
                    origin: format!("{} and TANDEM_* variables", path.display()),
                    message: e.message().to_owned(),
                })?;
        if config.database_url.is_empty() {
            config.database_url = format!("sqlite://{}/tandem.db", config.data_dir.display());
        }
        config.base_url = config.base_url.trim_end_matches('/').to_owned();
        Ok(config)
    }

    /// Cookies get `Secure` when the site is served over https.
    pub fn secure_cookies(&self) -> bool {
        self.base_url.starts_with("https://")
    }

    /// `scheme://host[:port]` of the base URL, compared with a request's Origin.
    pub fn origin(&self) -> &str {
        let after_scheme = self.base_url.find("://").map(|i| i + 3).unwrap_or(0);
        match self.base_url[after_scheme..].find('/') {
            Some(i) => &self.base_url[..after_scheme + i],
            None => &self.base_url,
        }
    }

    pub fn photos_dir(&self) -> PathBuf {
        self.data_dir.join("photos")
    }

    pub fn outbox_dir(&self) -> PathBuf {
        self.data_dir.join("outbox")
    }
}

/// Environment values are TOML literals when they parse as one (numbers,
/// booleans, arrays), plain strings otherwise.
fn env_value(raw: &str) -> toml::Value {
    format!("v = {raw}")
        .parse::<toml::Table>()
        .ok()
        .and_then(|mut t| t.remove("v"))
        .unwrap_or_else(|| toml::Value::String(raw.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(text: &str) -> tempfile_path::TempPath {
        tempfile_path::TempPath::with(text)
    }

    mod tempfile_path {
        pub struct TempPath(pub std::path::PathBuf);
        impl TempPath {
            pub fn with(text: &str) -> Self {
                let p = std::env::temp_dir().join(format!(
                    "tandem-config-{}-{}.toml",
                    std::process::id(),
                    rand::random::<u64>()
                ));
                std::fs::write(&p, text).unwrap();
                Self(p)
            }
        }
        impl Drop for TempPath {
            fn drop(&mut self) {
                let _ = std::fs::remove_file(&self.0);
            }
        }
    }

    #[test]
    fn file_then_environment() {
        let f = write("site_addr = \"0.0.0.0:8080\"\ndata_dir = \"/srv/tandem\"\n[limits]\nsignin_per_ip = 7\n");
        let env = vec![
            ("TANDEM_DEMO_DATA".to_string(), "false".to_string()),
            (
                "TANDEM_MAIL_SMTP_URL".to_string(),
                "smtps://u:p@mail.example.org".to_string(),
            ),
            (
                "TANDEM_LIMITS_SIGNIN_PER_ACCOUNT".to_string(),
                "3".to_string(),
            ),
            (
                "TANDEM_TRUSTED_PROXIES".to_string(),
                "[\"10.0.0.1\"]".to_string(),
            ),
            (
                "TANDEM_BASE_URL".to_string(),
                "https://tandem.example.org/".to_string(),
            ),
            ("TANDEM_LIVE_MAX_PER_IP".to_string(), "4".to_string()),
            ("OTHER".to_string(), "ignored".to_string()),
            (
                "TANDEM_ADMIN_PASSWORD".to_string(),
                "not a setting".to_string(),
            ),
            (
                "TANDEM_TEST_DATABASE_URL".to_string(),
                "postgres://x/y".to_string(),
            ),
        ];
        let c = Config::load(&f.0, env).unwrap();
        assert_eq!(c.site_addr.port(), 8080);
        assert_eq!(c.database_url, "sqlite:///srv/tandem/tandem.db");
        assert!(!c.demo_data);
        assert_eq!(c.mail.smtp_url, "smtps://u:p@mail.example.org");
        assert_eq!(c.limits.signin_per_ip, 7);
        assert_eq!(c.limits.signin_per_account, 3);
        assert_eq!(c.live.max_per_ip, 4);
        assert_eq!(c.live.max_total, 10_000);
        assert_eq!(
            c.trusted_proxies,
            vec!["10.0.0.1".parse::<IpAddr>().unwrap()]
        );
        assert!(c.secure_cookies());
        assert_eq!(c.origin(), "https://tandem.example.org");
    }

    #[test]
    fn unknown_keys_and_bad_values_are_reported() {
        let f = write("site_adress = \"x\"\n");
        let e = Config::load(&f.0, vec![]).unwrap_err().to_string();
        assert!(e.contains("site_adress"), "{e}");
        let f = write("");
        let e =
            Config::load(&f.0, vec![("TANDEM_SITE_ADDR".into(), "nonsense".into())]).unwrap_err();
        assert!(e.to_string().contains("invalid"), "{e}");
    }

    #[test]
    fn missing_file_means_defaults() {
        let c = Config::load(Path::new("/nonexistent/Leptos.toml"), vec![]).unwrap();
        assert_eq!(c.site_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.origin(), "http://127.0.0.1:3000");
        assert!(!c.secure_cookies());
    }
}
