//! `tandem bench social`: the social network at the issue's scale (100,000
//! members, 1,000,000 posts by default). Seeds once: the members as `tandem
//! seed` makes them (a city and themes each), then, in bulk on a connection
//! of its own (multi-row INSERTs in large transactions on SQLite, COPY on
//! PostgreSQL), who follows whom (about 20 members and 2 cities each), the
//! members of each theme's network, the posts (skewed towards a few prolific
//! authors) with their topics (`m:` author, `c:` city, `n:` theme network),
//! a few blocks and suspended members, and an accepted connection for every
//! pair of members who will write to each other; then statistics (ANALYZE;
//! VACUUM ANALYZE on PostgreSQL, for index-only scans).
//!
//! Measures through the whole router (`tower::ServiceExt::oneshot`: the
//! session, the server function, the JSON; no network), as the browser's
//! calls arrive: a member's feed (first page, then "load more" from its
//! cursor), a city's posts, and direct messages between members whose pages
//! are open: N `/live/me` streams, then messages sent with
//! `/api/send_message`, timed from just before the request to the moment
//! the recipient's stream yields its event.

use super::AppState;
use crate::config::Config;
use crate::services::bench::percentile;
use rand::{rngs::StdRng, Rng, SeedableRng};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

type R<T> = Result<T, String>;

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// A seeded member, in seeding order (the first ones write the most).
#[derive(Clone, Debug)]
pub struct Member {
    pub id: i64,
    pub city: Option<i64>,
    /// interests | offer | seek
    pub mask: i64,
    pub interests: i64,
    pub suspended: bool,
}

pub struct Seeded {
    pub members: Vec<Member>,
    /// rows in the database after seeding
    pub counts: Vec<(&'static str, i64)>,
    /// (stage, seconds); empty when the data was there already
    pub stages: Vec<(String, f64)>,
    pub db_bytes: Option<u64>,
    /// a post half-way down all of them: a cursor far back
    pub posts_mid: i64,
}

pub struct Row {
    pub what: String,
    pub runs: usize,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
    pub note: String,
}

pub struct Report {
    pub rows: Vec<Row>,
    pub lost: usize,
    /// /proc/loadavg before and after measuring (other work on the machine)
    pub load: (String, String),
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// The bench's own limits: all the open pages come from one address, and a
/// sender writes far more than a person's hourly allowance.
pub fn tune(config: &mut Config, conversations: usize) {
    let need = conversations + 64;
    config.live.max_per_ip = config.live.max_per_ip.max(need);
    config.live.max_total = config.live.max_total.max(need);
    config.social.messages_per_hour = config.social.messages_per_hour.max(1_000_000_000);
    config.social.posts_per_hour = config.social.posts_per_hour.max(1_000_000_000);
}

// ---------------------------------------------------------------- seeding

/// A connection of the bench's own for bulk writes and statistics.
enum Bulk {
    Lite(sqlx::SqlitePool),
    Pg(sqlx::PgPool),
}

enum V {
    I(i64),
    S(String),
    N,
}

impl Bulk {
    async fn open(url: &str) -> R<Self> {
        if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let pool = sqlx::postgres::PgPoolOptions::new()
                .max_connections(1)
                .connect(url)
                .await
                .map_err(err)?;
            Ok(Bulk::Pg(pool))
        } else {
            use sqlx::sqlite::{
                SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
            };
            use std::str::FromStr;
            // rows are consistent by construction: no foreign-key checks;
            // a large cache, so that the random inserts into the topic
            // indexes stay in memory
            let options = SqliteConnectOptions::from_str(url)
                .map_err(err)?
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Off)
                .foreign_keys(false)
                .busy_timeout(Duration::from_secs(60))
                .pragma("cache_size", "-1000000")
                .pragma("temp_store", "memory");
            let pool = SqlitePoolOptions::new()
                .max_connections(1)
                .connect_with(options)
                .await
                .map_err(err)?;
            Ok(Bulk::Lite(pool))
        }
    }

    fn pg(&self) -> bool {
        matches!(self, Bulk::Pg(_))
    }

    async fn exec(&self, sql: &str) -> R<()> {
        match self {
            Bulk::Lite(p) => sqlx::raw_sql(sql).execute(p).await.map(|_| ()),
            Bulk::Pg(p) => sqlx::raw_sql(sql).execute(p).await.map(|_| ()),
        }
        .map_err(|e| format!("{e}: {}", &sql[..sql.len().min(200)]))
    }

    async fn scalar(&self, sql: &str) -> R<i64> {
        match self {
            Bulk::Lite(p) => sqlx::query_scalar::<_, i64>(sql).fetch_one(p).await,
            Bulk::Pg(p) => sqlx::query_scalar::<_, i64>(sql).fetch_one(p).await,
        }
        .map_err(|e| format!("{e}: {sql}"))
    }

    /// Rows of `n` integer (or NULL) columns.
    async fn ints(&self, sql: &str, n: usize) -> R<Vec<Vec<Option<i64>>>> {
        use sqlx::Row;
        Ok(match self {
            Bulk::Lite(p) => sqlx::query(sql)
                .fetch_all(p)
                .await
                .map_err(|e| format!("{e}: {sql}"))?
                .iter()
                .map(|r| {
                    (0..n)
                        .map(|i| r.try_get::<Option<i64>, _>(i).ok().flatten())
                        .collect()
                })
                .collect(),
            Bulk::Pg(p) => sqlx::query(sql)
                .fetch_all(p)
                .await
                .map_err(|e| format!("{e}: {sql}"))?
                .iter()
                .map(|r| {
                    (0..n)
                        .map(|i| r.try_get::<Option<i64>, _>(i).ok().flatten())
                        .collect()
                })
                .collect(),
        })
    }

    /// Writes `rows` into `table (cols)`: multi-row INSERTs in one
    /// transaction on SQLite, one COPY on PostgreSQL.
    async fn insert(&self, table: &str, cols: &str, rows: &[Vec<V>]) -> R<()> {
        if rows.is_empty() {
            return Ok(());
        }
        match self {
            Bulk::Lite(p) => {
                let mut tx = p.begin().await.map_err(err)?;
                for chunk in rows.chunks(1000) {
                    let mut sql = format!("INSERT INTO {table} ({cols}) VALUES ");
                    for (i, r) in chunk.iter().enumerate() {
                        sql.push_str(if i == 0 { "(" } else { ",(" });
                        for (j, v) in r.iter().enumerate() {
                            if j > 0 {
                                sql.push(',');
                            }
                            match v {
                                V::I(n) => {
                                    let _ = write!(sql, "{n}");
                                }
                                V::S(s) => {
                                    sql.push('\'');
                                    sql.push_str(&s.replace('\'', "''"));
                                    sql.push('\'');
                                }
                                V::N => sql.push_str("NULL"),
                            }
                        }
                        sql.push(')');
                    }
                    sqlx::raw_sql(&sql)
                        .execute(&mut *tx)
                        .await
                        .map_err(|e| format!("{table}: {e}"))?;
                }
                tx.commit().await.map_err(err)?;
            }
            Bulk::Pg(p) => {
                use sqlx::postgres::PgPoolCopyExt;
                let mut buf = String::with_capacity(rows.len() * 64);
                for r in rows {
                    for (j, v) in r.iter().enumerate() {
                        if j > 0 {
                            buf.push('\t');
                        }
                        match v {
                            V::I(n) => {
                                let _ = write!(buf, "{n}");
                            }
                            V::S(s) => {
                                for c in s.chars() {
                                    match c {
                                        '\\' => buf.push_str("\\\\"),
                                        '\t' => buf.push_str("\\t"),
                                        '\n' => buf.push_str("\\n"),
                                        '\r' => buf.push_str("\\r"),
                                        c => buf.push(c),
                                    }
                                }
                            }
                            V::N => buf.push_str("\\N"),
                        }
                    }
                    buf.push('\n');
                }
                let mut copy = p
                    .copy_in_raw(&format!("COPY {table} ({cols}) FROM STDIN"))
                    .await
                    .map_err(|e| format!("{table}: {e}"))?;
                for piece in buf.as_bytes().chunks(4 << 20) {
                    copy.send(piece)
                        .await
                        .map_err(|e| format!("{table}: {e}"))?;
                }
                copy.finish().await.map_err(|e| format!("{table}: {e}"))?;
            }
        }
        Ok(())
    }

    async fn close(self) {
        match self {
            Bulk::Lite(p) => p.close().await,
            Bulk::Pg(p) => p.close().await,
        }
    }
}

const PHRASES: &[&str] = &[
    "Our city council approved the new bus lanes on the main avenue this week.",
    "We are looking for partners who have piloted **superblocks** in dense neighbourhoods.",
    "Notes from the housing roundtable: rent stabilisation, land trusts and modular building.",
    "The heat action plan is out: cooling centres, tree canopy targets and early warnings.",
    "Anyone with experience of participatory budgeting at the district level?",
    "Photos from the river clean-up, three hundred volunteers and forty tonnes of waste.",
    "Circular procurement guide for municipalities, now in three languages.",
    "Sharing our lessons from five years of bike-share: what worked and what did not.",
    "The energy retrofit programme reached two thousand homes, halfway to the goal.",
    "Call for cities: a peer review of flood resilience plans starts in March.",
    "How do you keep local shops alive when rents double? Ideas welcome.",
    "Our open data portal now publishes air quality every fifteen minutes.",
    "A short thread on green roofs, stormwater fees and the incentives that worked.",
    "We visited the tram depot and the new charging hub; a report will follow.",
    "Culture nights brought fifty thousand people downtown, with free transit after ten.",
    "Draft mobility plan open for comments until the end of the month.",
    "Job fair for the green economy: apprenticeships in solar, insulation and repair.",
    "Learning exchange with our partner city: three days of site visits and workshops.",
];

fn body_of(rng: &mut StdRng, i: usize) -> String {
    let n = rng.gen_range(1..=3);
    let mut s = String::new();
    for k in 0..n {
        if k > 0 {
            s.push(' ');
        }
        s.push_str(PHRASES[rng.gen_range(0..PHRASES.len())]);
    }
    let _ = write!(s, " (#{i})");
    s
}

/// An index skewed towards the start: the first tenth is picked about a
/// third of the time (prolific authors, popular people to follow).
fn skewed(rng: &mut StdRng, n: usize) -> usize {
    let u: f64 = rng.gen();
    ((u * u * n as f64) as usize).min(n - 1)
}

/// Members, then the social network's rows unless there are posts already.
pub async fn seed(
    state: &AppState,
    members: usize,
    posts: usize,
    conversations: usize,
) -> R<Seeded> {
    let url = state.config.database_url.clone();
    let mut stages = Vec::new();
    let started = Instant::now();
    crate::services::seed::seed_members(&*state.store, members, 42)
        .await
        .map_err(|e| e.to_string())?;
    let db = Bulk::open(&url).await?;
    let have_posts = db.scalar("SELECT COUNT(*) FROM posts").await?;
    if have_posts == 0 {
        stages.push((
            "members and profiles (tandem seed)".to_owned(),
            started.elapsed().as_secs_f64(),
        ));
    }
    let rows = db
        .ints(
            &format!(
                "SELECT u.id, p.city_id, p.interests_mask, p.offer_mask, p.seek_mask \
                 FROM users u JOIN profiles p ON p.user_id = u.id \
                 WHERE u.email LIKE 'member%@seed.tandem.example' ORDER BY u.id LIMIT {members}"
            ),
            5,
        )
        .await?;
    if rows.len() < 2 {
        return Err("no seeded members".into());
    }
    let conversations = conversations.min(rows.len()) & !1;
    let list: Vec<Member> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| Member {
            id: r[0].unwrap_or(0),
            city: r[1],
            interests: r[2].unwrap_or(0),
            mask: r[2].unwrap_or(0) | r[3].unwrap_or(0) | r[4].unwrap_or(0),
            // one in a thousand, never one of those whose pages are open
            suspended: i >= conversations && i % 1000 == 999,
        })
        .collect();
    if have_posts == 0 {
        seed_social(&db, &list, posts, conversations, &mut stages).await?;
    }
    let mut counts = Vec::new();
    for t in [
        "users",
        "posts",
        "post_topics",
        "follows",
        "network_members",
        "connections",
        "blocks",
    ] {
        counts.push((t, db.scalar(&format!("SELECT COUNT(*) FROM {t}")).await?));
    }
    let db_bytes = if db.pg() {
        db.scalar("SELECT pg_database_size(current_database())")
            .await
            .ok()
            .map(|n| n as u64)
    } else {
        crate::store::backup::sqlite_file(&url)
            .and_then(|f| std::fs::metadata(f).ok())
            .map(|m| m.len())
    };
    let posts_mid = db
        .scalar("SELECT COALESCE((MIN(id) + MAX(id)) / 2, 0) FROM posts")
        .await?;
    db.close().await;
    Ok(Seeded {
        members: list,
        counts,
        stages,
        db_bytes,
        posts_mid,
    })
}

const THEME_NETS: &str =
    "SELECT t.bit, t.id, n.id FROM themes t JOIN networks n ON n.theme_id = t.id ORDER BY t.bit";

async fn seed_social(
    db: &Bulk,
    members: &[Member],
    posts: usize,
    conversations: usize,
    stages: &mut Vec<(String, f64)>,
) -> R<()> {
    let mut rng = StdRng::seed_from_u64(0x5ec1a1);
    let now = crate::services::clock::unix_now();
    let n = members.len();
    // (theme bit, theme id, its network)
    let nets: Vec<(i64, String, i64)> = match db {
        Bulk::Lite(p) => sqlx::query_as(THEME_NETS).fetch_all(p).await,
        Bulk::Pg(p) => sqlx::query_as(THEME_NETS).fetch_all(p).await,
    }
    .map_err(err)?;
    if nets.is_empty() {
        return Err("no theme networks (migration 0013 not applied?)".into());
    }
    let bits_of = |mask: i64| -> Vec<usize> {
        (0..nets.len())
            .filter(|&k| mask & (1 << nets[k].0) != 0)
            .collect()
    };

    // who follows whom: ~20 members (popular ones more often) and 2 cities
    let t = Instant::now();
    let mut rows = Vec::with_capacity(200_000);
    for (i, m) in members.iter().enumerate() {
        let mut seen = HashSet::new();
        let want = 20.min(n - 1);
        let mut tries = 0;
        while seen.len() < want && tries < want * 10 {
            tries += 1;
            let j = skewed(&mut rng, n);
            if j != i && seen.insert(format!("m:{}", members[j].id)) {}
        }
        let mut cities = 0;
        let mut tries = 0;
        while cities < 2 && tries < 20 {
            tries += 1;
            // a city where members live, the big ones more often
            if let Some(c) = members[rng.gen_range(0..n)].city {
                if Some(c) != m.city && seen.insert(format!("c:{c}")) {
                    cities += 1;
                }
            }
        }
        for topic in seen {
            rows.push(vec![
                V::I(m.id),
                V::S(topic),
                V::I(now - rng.gen_range(0..365 * 86_400)),
            ]);
        }
        if rows.len() >= 100_000 {
            db.insert("follows", "user_id, topic, created_at", &rows)
                .await?;
            rows.clear();
        }
    }
    db.insert("follows", "user_id, topic, created_at", &rows)
        .await?;
    stages.push(("follows".into(), t.elapsed().as_secs_f64()));

    // every member is in the networks of the themes they are interested in
    let t = Instant::now();
    let mut rows = Vec::with_capacity(100_000);
    for m in members {
        for k in bits_of(m.interests) {
            rows.push(vec![
                V::I(nets[k].2),
                V::I(m.id),
                V::S("member".into()),
                V::S("active".into()),
                V::I(now - rng.gen_range(0..365 * 86_400)),
            ]);
        }
        if rows.len() >= 100_000 {
            db.insert(
                "network_members",
                "network_id, user_id, role, status, joined_at",
                &rows,
            )
            .await?;
            rows.clear();
        }
    }
    db.insert(
        "network_members",
        "network_id, user_id, role, status, joined_at",
        &rows,
    )
    .await?;
    // the pairs who will write to each other are connected
    let mut rows = Vec::new();
    for k in 0..conversations / 2 {
        let (a, b) = (members[2 * k].id, members[2 * k + 1].id);
        rows.push(vec![
            V::I(a),
            V::I(b),
            V::I(a.min(b)),
            V::I(b.max(a)),
            V::S(String::new()),
            V::S("accepted".into()),
            V::I(now - 86_400),
            V::I(now - 86_400),
        ]);
    }
    db.insert(
        "connections",
        "from_id, to_id, lo, hi, note, status, created_at, answered_at",
        &rows,
    )
    .await?;
    // one member in a hundred (none of those) has blocked someone
    let mut rows = Vec::new();
    for i in (conversations..n).step_by(100) {
        let j = rng.gen_range(0..n);
        if j != i {
            rows.push(vec![V::I(members[i].id), V::I(members[j].id), V::I(now)]);
        }
    }
    db.insert("blocks", "user_id, blocked_id, created_at", &rows)
        .await?;
    let suspended: Vec<String> = members
        .iter()
        .filter(|m| m.suspended)
        .map(|m| m.id.to_string())
        .collect();
    for chunk in suspended.chunks(500) {
        db.exec(&format!(
            "UPDATE users SET suspended_at = {now} WHERE id IN ({})",
            chunk.join(",")
        ))
        .await?;
    }
    stages.push((
        "networks, connections, blocks, suspensions".into(),
        t.elapsed().as_secs_f64(),
    ));

    // the posts, oldest first (the feed's order is the id's), one every
    // 30 s; each filed under its author, its city (70%) and its themes
    let t = Instant::now();
    let first = db.scalar("SELECT COALESCE(MAX(id), 0) FROM posts").await? + 1;
    let batch = 50_000;
    let mut done = 0;
    while done < posts {
        let end = (done + batch).min(posts);
        let mut prow = Vec::with_capacity(end - done);
        let mut trow = Vec::with_capacity((end - done) * 4);
        for i in done..end {
            let id = first + i as i64;
            let a = &members[skewed(&mut rng, n)];
            let city = if rng.gen_bool(0.7) { a.city } else { None };
            let mut themes: Vec<usize> = Vec::new();
            let mine = bits_of(a.mask);
            if !mine.is_empty() && rng.gen_bool(0.8) {
                themes.push(mine[rng.gen_range(0..mine.len())]);
            }
            if rng.gen_bool(0.15) {
                let k = rng.gen_range(0..nets.len());
                if !themes.contains(&k) {
                    themes.push(k);
                }
            }
            prow.push(vec![
                V::I(id),
                V::I(a.id),
                V::S(body_of(&mut rng, i)),
                city.map_or(V::N, V::I),
                V::S(
                    themes
                        .iter()
                        .map(|&k| nets[k].1.as_str())
                        .collect::<Vec<_>>()
                        .join(","),
                ),
                V::S(
                    if rng.gen_bool(0.2) {
                        "members"
                    } else {
                        "public"
                    }
                    .into(),
                ),
                V::I(if rng.gen_ratio(1, 1000) { 2 } else { 0 }),
                V::I(now - (posts - i) as i64 * 30),
            ]);
            trow.push(vec![V::S(format!("m:{}", a.id)), V::I(id)]);
            if let Some(c) = city {
                trow.push(vec![V::S(format!("c:{c}")), V::I(id)]);
            }
            for k in themes {
                trow.push(vec![V::S(format!("n:{}", nets[k].2)), V::I(id)]);
            }
        }
        db.insert(
            "posts",
            "id, author_id, body, city_id, themes, visibility, hidden, created_at",
            &prow,
        )
        .await?;
        db.insert("post_topics", "topic, post_id", &trow).await?;
        done = end;
        if done % 200_000 == 0 || done == posts {
            eprintln!("  {done} posts ({:.0} s)", t.elapsed().as_secs_f64());
        }
    }
    if db.pg() {
        db.exec(
            "SELECT setval(pg_get_serial_sequence('posts', 'id'), (SELECT MAX(id) FROM posts))",
        )
        .await?;
    }
    stages.push(("posts and their topics".into(), t.elapsed().as_secs_f64()));

    let t = Instant::now();
    if db.pg() {
        // (the shared catalogs are the superuser's: no notice for each)
        db.exec("SET client_min_messages = error").await?;
        db.exec("VACUUM ANALYZE").await?;
        stages.push(("VACUUM ANALYZE".into(), t.elapsed().as_secs_f64()));
    } else {
        db.exec("ANALYZE").await?;
        db.exec("PRAGMA wal_checkpoint(TRUNCATE)").await?;
        stages.push(("ANALYZE".into(), t.elapsed().as_secs_f64()));
    }
    Ok(())
}

// -------------------------------------------------------------- measuring

/// A server function as the page's script calls it; (ms to the last byte,
/// status, body).
async fn call(
    router: axum::Router,
    name: &str,
    form: String,
    token: &str,
) -> R<(f64, u16, axum::body::Bytes)> {
    use tower::ServiceExt;
    let req = axum::http::Request::builder()
        .method("POST")
        .uri(format!("/api/{name}"))
        .header("host", "127.0.0.1")
        .header("sec-fetch-site", "same-origin")
        .header("accept", "application/json")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", format!("{}={token}", super::cookies::SESSION))
        .body(axum::body::Body::from(form))
        .map_err(err)?;
    let started = Instant::now();
    let res = router.oneshot(req).await.map_err(err)?;
    let status = res.status().as_u16();
    let body = axum::body::to_bytes(res.into_body(), 64 * 1024 * 1024)
        .await
        .map_err(err)?;
    Ok((started.elapsed().as_secs_f64() * 1000.0, status, body))
}

fn row(what: impl Into<String>, mut times: Vec<f64>, note: String) -> Row {
    times.sort_by(|a, b| a.total_cmp(b));
    Row {
        what: what.into(),
        runs: times.len(),
        p50: percentile(&times, 50.0),
        p95: percentile(&times, 95.0),
        p99: percentile(&times, 99.0),
        max: times.last().copied().unwrap_or(0.0),
        note,
    }
}

fn json(name: &str, status: u16, body: &[u8]) -> R<serde_json::Value> {
    if status >= 400 {
        return Err(format!(
            "{name}: {status} {}",
            String::from_utf8_lossy(body)
        ));
    }
    serde_json::from_slice(body).map_err(|e| format!("{name}: {e}"))
}

/// (posts shown, the cursor of "load more")
fn page_of(list: &serde_json::Value) -> (usize, Option<i64>) {
    (
        list["posts"].as_array().map_or(0, |a| a.len()),
        list["next"].as_i64(),
    )
}

async fn session(state: &AppState, user: i64) -> R<String> {
    let (token, hash) = crate::services::tokens::new_token();
    let now = crate::services::clock::unix_now();
    state
        .store
        .create_session(&hash, crate::domain::UserId(user), now, now + 86_400)
        .await
        .map_err(err)?;
    Ok(token)
}

pub async fn measure(
    state: AppState,
    seeded: &Seeded,
    rounds: usize,
    conversations: usize,
    messages: usize,
) -> R<Report> {
    let load_before = loadavg();
    let router = super::router::build(state.clone());
    let members = &seeded.members;
    let n = members.len();
    let rounds = rounds.max(1);
    let mut rows = Vec::new();

    // members spread over the whole list (prolific and quiet ones)
    let mut sample = Vec::new();
    for k in 0..rounds {
        let mut i = (k * n / rounds + 7) % n;
        while members[i].suspended {
            i = (i + 1) % n;
        }
        sample.push((members[i].id, session(&state, members[i].id).await?));
    }
    // warm-up (not counted): the first requests fill caches and pools
    for (_, token) in sample.iter().take(5) {
        call(router.clone(), "get_feed", String::new(), token).await?;
    }

    // the feed: first page, then "load more" from its cursor
    let (mut first, mut more, mut shown, mut shown_more, mut bytes) =
        (Vec::new(), Vec::new(), 0, 0, 0);
    let mut cursors = Vec::new();
    for (_, token) in &sample {
        let (ms, status, body) = call(router.clone(), "get_feed", String::new(), token).await?;
        let v = json("get_feed", status, &body)?;
        let (count, next) = page_of(&v["list"]);
        first.push(ms);
        shown += count;
        bytes += body.len();
        cursors.push(next);
    }
    for ((_, token), next) in sample.iter().zip(&cursors) {
        let Some(next) = next else { continue };
        let (ms, status, body) =
            call(router.clone(), "get_feed", format!("before={next}"), token).await?;
        let v = json("get_feed", status, &body)?;
        shown_more += page_of(&v["list"]).0;
        more.push(ms);
    }
    // a cursor far back: a member who scrolled a long way, or a quiet feed
    let (mut deep, mut shown_deep) = (Vec::new(), 0);
    for (_, token) in &sample {
        let before = seeded.posts_mid;
        let (ms, status, body) = call(
            router.clone(),
            "get_feed",
            format!("before={before}"),
            token,
        )
        .await?;
        let v = json("get_feed", status, &body)?;
        shown_deep += page_of(&v["list"]).0;
        deep.push(ms);
    }
    let runs_more = more.len().max(1);
    rows.push(row(
        "feed, first page (`get_feed`)",
        first,
        format!(
            "{:.1} posts a page, {} bytes of JSON a page",
            shown as f64 / rounds as f64,
            bytes / rounds
        ),
    ));
    rows.push(row(
        "feed, load more (`get_feed` with `before`)",
        more,
        format!("{:.1} posts a page", shown_more as f64 / runs_more as f64),
    ));
    rows.push(row(
        "feed, load more far back (`before` = a post half-way down all posts)",
        deep,
        format!("{:.1} posts a page", shown_deep as f64 / rounds as f64),
    ));

    // the same members' feeds without the router: the topics (follows,
    // profile, networks) and the posts query alone
    let (mut topics_ms, mut query_ms, mut topic_count) = (Vec::new(), Vec::new(), 0);
    for ((id, _), next) in sample.iter().zip(&cursors) {
        let t = Instant::now();
        let topics = crate::services::social::feed_topics(&state, *id)
            .await
            .map_err(err)?;
        topics_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        topic_count += topics.len();
        for before in [None, *next, Some(seeded.posts_mid)] {
            let q = crate::store::social::PostQuery {
                topics: topics.clone(),
                before,
                limit: crate::services::social::PER_PAGE + 1,
                viewer: Some(*id),
            };
            let t = Instant::now();
            state.store.posts(&q).await.map_err(err)?;
            query_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    rows.push(row(
        "of which: the feed's topics (`feed_topics`)",
        topics_ms,
        format!("{:.1} topics a member", topic_count as f64 / rounds as f64),
    ));
    rows.push(row(
        "of which: the posts query (`store.posts`: first page, load more, far back)",
        query_ms,
        String::new(),
    ));
    // the composer under the feed (themes, networks, the member's city)
    let (mut composer_ms, mut networks_ms) = (Vec::new(), Vec::new());
    for (id, _) in &sample {
        let user = state
            .store
            .user_by_id(crate::domain::UserId(*id))
            .await
            .map_err(err)?
            .ok_or("no member")?;
        let t = Instant::now();
        crate::services::social::composer(&state, &user, crate::domain::Locale::En)
            .await
            .map_err(err)?;
        composer_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        state.store.networks().await.map_err(err)?;
        networks_ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    rows.push(row(
        "of which: the composer (`composer`)",
        composer_ms,
        String::new(),
    ));
    rows.push(row(
        "of which, in the composer: every network with its member count (`store.networks`)",
        networks_ms,
        String::new(),
    ));

    // a city's posts, cities picked as members live (big ones more often)
    let mut rng = StdRng::seed_from_u64(7);
    let (mut city_first, mut city_more, mut city_shown) = (Vec::new(), Vec::new(), 0);
    for k in 0..rounds {
        let city = loop {
            if let Some(c) = members[rng.gen_range(0..n)].city {
                break c;
            }
        };
        let token = &sample[k % sample.len()].1;
        let (ms, status, body) = call(
            router.clone(),
            "get_topic_posts",
            format!("topic=c%3A{city}"),
            token,
        )
        .await?;
        let v = json("get_topic_posts", status, &body)?;
        let (count, next) = page_of(&v[0]);
        city_first.push(ms);
        city_shown += count;
        if let Some(next) = next {
            let (ms, status, body) = call(
                router.clone(),
                "get_topic_posts",
                format!("topic=c%3A{city}&before={next}"),
                token,
            )
            .await?;
            json("get_topic_posts", status, &body)?;
            city_more.push(ms);
        }
    }
    rows.push(row(
        "a city's posts, first page (`get_topic_posts`)",
        city_first,
        format!("{:.1} posts a page", city_shown as f64 / rounds as f64),
    ));
    rows.push(row("a city's posts, load more", city_more, String::new()));

    // direct messages between members whose pages are open
    let (lost, latency_row, send_row, open_row) =
        messages_bench(&state, &router, members, conversations, messages).await?;
    rows.push(open_row);
    rows.push(send_row);
    rows.push(latency_row);
    Ok(Report {
        rows,
        lost,
        load: (load_before, loadavg()),
    })
}

struct Heard {
    page: usize,
    at: Instant,
    kind: String,
}

async fn messages_bench(
    state: &AppState,
    router: &axum::Router,
    members: &[Member],
    conversations: usize,
    messages: usize,
) -> R<(usize, Row, Row, Row)> {
    use futures::StreamExt;
    use tower::ServiceExt;
    let pages = conversations.min(members.len()) & !1;
    if pages < 2 {
        return Err("--conversations must be at least 2".into());
    }
    let mut tokens = Vec::with_capacity(pages);
    for m in &members[..pages] {
        tokens.push(session(state, m.id).await?);
    }
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Heard>();
    let mut readers = Vec::with_capacity(pages);
    let mut open_ms = Vec::with_capacity(pages);
    for (page, token) in tokens.iter().enumerate() {
        let req = axum::http::Request::builder()
            .uri("/live/me")
            .header("host", "127.0.0.1")
            .header("accept", "text/event-stream")
            .header("cookie", format!("{}={token}", super::cookies::SESSION))
            .body(axum::body::Body::empty())
            .map_err(err)?;
        let t = Instant::now();
        let res = router.clone().oneshot(req).await.map_err(err)?;
        open_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        if !res.status().is_success() {
            let status = res.status();
            let body = axum::body::to_bytes(res.into_body(), 1 << 20)
                .await
                .unwrap_or_default();
            return Err(format!(
                "/live/me: {status} {}",
                String::from_utf8_lossy(&body)
            ));
        }
        let tx = tx.clone();
        let mut body = res.into_body().into_data_stream();
        readers.push(tokio::spawn(async move {
            while let Some(Ok(chunk)) = body.next().await {
                let at = Instant::now();
                let text = String::from_utf8_lossy(&chunk);
                for part in text.split("\"kind\":\"").skip(1) {
                    let kind = part.split('"').next().unwrap_or("").to_owned();
                    if tx.send(Heard { page, at, kind }).is_err() {
                        return;
                    }
                }
            }
        }));
    }
    // every page has said hello: all are listening
    let mut hello = 0;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    while hello < pages {
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Some(h)) if h.kind == "hello" => hello += 1,
            Ok(Some(_)) => {}
            _ => return Err(format!("only {hello} of {pages} pages opened their stream")),
        }
    }
    let open_row = row(
        format!("opening a member's live stream (`/live/me`), {pages} pages"),
        open_ms,
        String::new(),
    );

    let pairs = pages / 2;
    let (mut latency, mut send_ms, mut lost) = (Vec::new(), Vec::new(), 0);
    for m in 0..messages {
        let k = m % pairs;
        let (s, r) = if (m / pairs).is_multiple_of(2) {
            (2 * k, 2 * k + 1)
        } else {
            (2 * k + 1, 2 * k)
        };
        let form = format!(
            "to={}&body=Hello+from+the+benchmark%2C+message+{m}",
            members[r].id
        );
        let t0 = Instant::now();
        let (to, token) = (router.clone(), tokens[s].clone());
        let post = tokio::spawn(async move { call(to, "send_message", form, &token).await });
        let deadline = tokio::time::Instant::from_std(t0 + Duration::from_secs(5));
        let mut got = None;
        while let Ok(Some(h)) = tokio::time::timeout_at(deadline, rx.recv()).await {
            if h.page == r && h.at >= t0 && h.kind == "member" {
                got = Some(h.at.duration_since(t0).as_secs_f64() * 1000.0);
                break;
            }
        }
        let (ms, status, body) = post.await.map_err(err)??;
        if status >= 400 {
            return Err(format!(
                "send_message: {status} {}",
                String::from_utf8_lossy(&body)
            ));
        }
        send_ms.push(ms);
        match got {
            Some(l) => latency.push(l),
            None => lost += 1,
        }
    }
    // the pages close; their streams are gone before the pool closes
    for r in &readers {
        r.abort();
    }
    for r in readers {
        let _ = r.await;
    }
    let heard = latency.len();
    Ok((
        lost,
        row(
            format!("a message reaches the other's open page ({pages} pages open)"),
            latency,
            format!("{heard} of {messages} heard within 5 s"),
        ),
        row("sending a message (`send_message`)", send_ms, String::new()),
        open_row,
    ))
}

impl Report {
    pub fn print(&self, backend: &str, seeded: &Seeded) {
        let count = |t: &str| {
            seeded
                .counts
                .iter()
                .find(|(n, _)| *n == t)
                .map_or(0, |c| c.1)
        };
        println!(
            "social network, {backend} backend: {} members, {} posts ({} topic rows), {} follows, {} network memberships",
            count("users"),
            count("posts"),
            count("post_topics"),
            count("follows"),
            count("network_members")
        );
        if let Some(b) = seeded.db_bytes {
            println!("database size: {:.0} MiB", b as f64 / (1024.0 * 1024.0));
        }
        if seeded.stages.is_empty() {
            println!("(seeded before: the data was reused)");
        } else {
            let total: f64 = seeded.stages.iter().map(|s| s.1).sum();
            println!("seeding: {total:.1} s");
            for (stage, s) in &seeded.stages {
                println!("  {stage}: {s:.1} s");
            }
        }
        println!();
        println!("| measured | runs | p50 ms | p95 ms | p99 ms | max ms | note |");
        println!("|---|---:|---:|---:|---:|---:|---|");
        for r in &self.rows {
            println!(
                "| {} | {} | {:.2} | {:.2} | {:.2} | {:.2} | {} |",
                r.what, r.runs, r.p50, r.p95, r.p99, r.max, r.note
            );
        }
        println!(
            "\nload average (1, 5, 15 min) before measuring: {}; after: {}",
            self.load.0, self.load.1
        );
        if self.lost > 0 {
            println!(
                "\n{} messages never reached the other's page within 5 s",
                self.lost
            );
        }
    }
}
