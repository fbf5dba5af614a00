//! Backups of a SQLite database and putting one back (`tandem backup`,
//! `tandem restore`). PostgreSQL has its own tools (`pg_dump -Fc`,
//! `pg_restore`); see README, Backups and restore.
//!
//! A backup is `VACUUM INTO`: one read transaction, so the copy is the
//! database as of one instant even while the server keeps writing, and it is
//! compact and carries no log. Every copy is checked (`integrity_check`, the
//! migrations table, versions this build knows) before it is reported written
//! or put in place.
//!
//! A running server holds a shared lock on `<database>.lock`; a restore takes
//! it exclusively, so it refuses while a server runs, and a server refuses to
//! start while a restore is swapping files.

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

/// Why a backup or restore did not happen.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The input or the situation is wrong (a corrupt or foreign file, a
    /// file in the way, a server running); nothing was changed.
    #[error("{0}")]
    Refused(String),
    /// Something failed while working (disk, permissions).
    #[error("{0}")]
    Failed(String),
}

/// A verified database copy.
#[derive(Debug, Clone)]
pub struct CopyReport {
    pub path: PathBuf,
    pub bytes: u64,
    /// migrations applied in it, and the last one's version
    pub migrations: i64,
    pub last_migration: i64,
    pub users: i64,
    pub events: i64,
}

impl std::fmt::Display for CopyReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({} bytes; integrity ok; {} migrations, last {}; {} members, {} events)",
            self.path.display(),
            self.bytes,
            self.migrations,
            self.last_migration,
            self.users,
            self.events
        )
    }
}

/// What a restore did.
#[derive(Debug, Clone)]
pub struct RestoreReport {
    pub restored: CopyReport,
    /// where the database that was there before now is
    pub previous: Option<PathBuf>,
}

/// The database file of a `sqlite:` URL; None for other databases.
pub fn sqlite_file(url: &str) -> Option<PathBuf> {
    if !url.starts_with("sqlite:") {
        return None;
    }
    SqliteConnectOptions::from_str(url)
        .ok()
        .map(|o| o.get_filename().to_path_buf())
}

/// The lock file beside a database.
pub fn lock_path(db: &Path) -> PathBuf {
    with_suffix(db, ".lock")
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Held by a serving process for its whole life (released by the kernel
/// when it exits, even on `kill -9`).
pub fn hold_serve_lock(db: &Path) -> Result<File, BackupError> {
    let path = lock_path(db);
    let file = open_lock(&path)?;
    match file.try_lock_shared() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(BackupError::Refused(format!(
            "a restore is replacing {}; start the server when it has finished",
            db.display()
        ))),
        Err(TryLockError::Error(e)) => Err(BackupError::Failed(format!(
            "cannot lock {}: {e}",
            path.display()
        ))),
    }
}

fn open_lock(path: &Path) -> Result<File, BackupError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| BackupError::Failed(format!("cannot create {}: {e}", dir.display())))?;
    }
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| BackupError::Failed(format!("cannot open {}: {e}", path.display())))
}

/// Copies the live database `db` to `out`, which must not exist, then
/// checks the copy. A copy that fails its check is removed.
pub async fn backup(db: &Path, out: &Path) -> Result<CopyReport, BackupError> {
    if !db.is_file() {
        return Err(BackupError::Refused(format!(
            "no database at {}",
            db.display()
        )));
    }
    // reserve the name: never overwrite, even if another backup races us
    match OpenOptions::new().write(true).create_new(true).open(out) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(BackupError::Refused(format!(
                "{} already exists; refusing to overwrite it",
                out.display()
            )))
        }
        Err(e) => {
            return Err(BackupError::Failed(format!(
                "cannot create {}: {e}",
                out.display()
            )))
        }
    }
    let result = async {
        let target = out
            .to_str()
            .ok_or_else(|| BackupError::Refused("the output path is not UTF-8".into()))?;
        let mut conn = SqliteConnectOptions::new()
            .filename(db)
            .busy_timeout(Duration::from_secs(30))
            .connect()
            .await
            .map_err(|e| refused_or_failed(db, e))?;
        // one read transaction: the database as of one instant, writers go on
        let copied = sqlx::query("VACUUM INTO $1")
            .bind(target)
            .execute(&mut conn)
            .await;
        let _ = conn.close().await;
        copied.map_err(|e| BackupError::Failed(format!("copy failed: {e}")))?;
        File::open(out)
            .and_then(|f| f.sync_all())
            .map_err(|e| BackupError::Failed(format!("cannot sync {}: {e}", out.display())))?;
        verify(out)
            .await
            .map_err(|e| BackupError::Failed(format!("the copy failed its check, removed: {e}")))
    }
    .await;
    if result.is_err() {
        let _ = std::fs::remove_file(out);
    }
    result
}

/// Checks that `path` is a sound Tandem SQLite database this build can
/// serve: `PRAGMA integrity_check`, the migrations table, and no migration
/// newer than this build's. Reads the file only (a log beside it is ignored:
/// what is checked is exactly what a restore copies).
pub async fn verify(path: &Path) -> Result<CopyReport, BackupError> {
    let meta = std::fs::metadata(path)
        .map_err(|e| BackupError::Refused(format!("cannot read {}: {e}", path.display())))?;
    if !meta.is_file() {
        return Err(BackupError::Refused(format!(
            "{} is not a file",
            path.display()
        )));
    }
    let mut conn = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .immutable(true)
        .connect()
        .await
        .map_err(|e| refused_or_failed(path, e))?;
    let report = check(&mut conn, path, meta.len()).await;
    let _ = conn.close().await;
    report
}

async fn check(
    conn: &mut SqliteConnection,
    path: &Path,
    bytes: u64,
) -> Result<CopyReport, BackupError> {
    let damaged = |e: sqlx::Error| {
        BackupError::Refused(format!(
            "{} is not a sound SQLite database: {e}",
            path.display()
        ))
    };
    let problems: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut *conn)
        .await
        .map_err(damaged)?;
    if problems != ["ok"] {
        let mut shown: Vec<String> = problems.into_iter().take(5).collect();
        shown.dedup();
        return Err(BackupError::Refused(format!(
            "{} is damaged: {}",
            path.display(),
            shown.join("; ")
        )));
    }
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('_sqlx_migrations', 'users', 'events')",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(damaged)?;
    for needed in ["_sqlx_migrations", "users", "events"] {
        if !tables.iter().any(|t| t == needed) {
            return Err(BackupError::Refused(format!(
                "{} is not a Tandem database (no {needed} table)",
                path.display()
            )));
        }
    }
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(&mut *conn)
            .await
            .map_err(damaged)?;
    let known: Vec<i64> = sqlx::migrate!("migrations/sqlite")
        .iter()
        .map(|m| m.version)
        .collect();
    if let Some(v) = applied.iter().find(|v| !known.contains(v)) {
        return Err(BackupError::Refused(format!(
            "{} was written by a newer Tandem (migration {v} is unknown to this one)",
            path.display()
        )));
    }
    let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&mut *conn)
        .await
        .map_err(damaged)?;
    let events: i64 = sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&mut *conn)
        .await
        .map_err(damaged)?;
    Ok(CopyReport {
        path: path.to_path_buf(),
        bytes,
        migrations: applied.len() as i64,
        last_migration: applied.last().copied().unwrap_or(0),
        users,
        events,
    })
}

/// A file SQLite cannot open as a database is refused; other failures
/// (permissions, a missing directory) are failures.
fn refused_or_failed(path: &Path, e: sqlx::Error) -> BackupError {
    if let sqlx::Error::Database(db) = &e {
        // SQLITE_CORRUPT (11), SQLITE_NOTADB (26) and their extended codes
        if let Some(code) = db.code().and_then(|c| c.parse::<i32>().ok()) {
            if code & 0xff == 11 || code & 0xff == 26 {
                return BackupError::Refused(format!(
                    "{} is not a sound SQLite database: {e}",
                    path.display()
                ));
            }
        }
    }
    BackupError::Failed(format!("cannot open {}: {e}", path.display()))
}

/// Puts the verified copy `input` in place of the database `db`. Refuses
/// (changing nothing) when the copy is not sound or a server holds the
/// database. The database that was there is kept beside it as
/// `<db>.before-restore-<UTC timestamp>` (with its log, if it had one); stale
/// `-wal`/`-shm` files do not stay next to the restored one.
pub async fn restore(input: &Path, db: &Path) -> Result<RestoreReport, BackupError> {
    let checked = verify(input).await?;
    let lock = open_lock(&lock_path(db))?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            return Err(BackupError::Refused(format!(
                "a Tandem server is running on {}; stop it, then restore",
                db.display()
            )))
        }
        Err(TryLockError::Error(e)) => {
            return Err(BackupError::Failed(format!(
                "cannot lock {}: {e}",
                lock_path(db).display()
            )))
        }
    }
    // copy beside the target first, so that the swap is a rename
    let staged = with_suffix(db, ".restore-tmp");
    let copy = || -> std::io::Result<()> {
        std::fs::copy(input, &staged)?;
        File::open(&staged)?.sync_all()
    };
    copy().map_err(|e| {
        let _ = std::fs::remove_file(&staged);
        BackupError::Failed(format!("cannot copy to {}: {e}", staged.display()))
    })?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let aside = with_suffix(db, &format!(".before-restore-{stamp}"));
    let previous = if db.exists() {
        let moves = || -> std::io::Result<()> {
            std::fs::rename(db, &aside)?;
            // the log belongs with its database: committed writes may be in it
            for side in ["-wal", "-journal"] {
                let from = with_suffix(db, side);
                if from.exists() {
                    std::fs::rename(&from, with_suffix(&aside, side))?;
                }
            }
            Ok(())
        };
        moves().map_err(|e| {
            BackupError::Failed(format!(
                "cannot move {} aside to {}: {e}",
                db.display(),
                aside.display()
            ))
        })?;
        Some(aside)
    } else {
        None
    };
    for stale in ["-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(with_suffix(db, stale));
    }
    std::fs::rename(&staged, db).map_err(|e| {
        BackupError::Failed(format!("cannot put {} in place: {e}", staged.display()))
    })?;
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = File::open(dir).and_then(|d| d.sync_all());
    }
    let restored = verify(db).await?;
    drop(lock);
    Ok(RestoreReport {
        restored: CopyReport {
            path: restored.path,
            ..checked
        },
        previous,
    })
}
