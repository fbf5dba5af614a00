//! The `tandem` command line: one binary, a subcommand per job.

use crate::config::Config;
use crate::server::{self, AppState};
use clap::{Parser, Subcommand};
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};

#[derive(Parser)]
#[command(
    name = "tandem",
    version,
    about = "Tandem: an open platform where cities cooperate"
)]
pub struct Cli {
    /// Runtime configuration file (every key can be overridden by TANDEM_<KEY>).
    #[arg(
        long,
        global = true,
        env = "TANDEM_CONFIG",
        default_value = "Leptos.toml"
    )]
    pub config: PathBuf,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Serve the web app (the default): applies migrations, loads reference
    /// data, and demo data on first start unless turned off.
    Serve {
        /// Do not load demo data even into an empty database.
        #[arg(long)]
        no_demo: bool,
    },
    /// Apply database migrations and load reference data, then exit.
    Migrate,
    /// Manage administrators.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Insert deterministic synthetic data at scale, for benchmarks.
    Seed {
        /// How many members to create.
        #[arg(long, default_value_t = 1000)]
        members: usize,
        /// Random seed: the same seed gives the same data.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Also add a conference of 36 sessions and 37 speakers (the page
        /// benchmarks' large event); prints its id.
        #[arg(long)]
        conference: bool,
    },
    /// Place accepted one-to-one meeting requests into time slots and tables
    /// (the meeting-scheduling exchange format). Reads JSON from --input or
    /// standard input and writes JSON to --output or standard output; bad
    /// input exits with status 2 and one line on standard error, writing
    /// nothing. Needs no configuration or database.
    Schedule {
        /// Input file (default: standard input).
        #[arg(long)]
        input: Option<PathBuf>,
        /// Output file (default: standard output).
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Copy the live SQLite database to FILE, consistently even while the
    /// server writes (VACUUM INTO), then check the copy (integrity_check)
    /// and say what was written. Never overwrites FILE. For PostgreSQL, use
    /// pg_dump (README, Backups and restore). A refusal exits with status 2.
    Backup {
        /// Where to write the copy; must not exist.
        #[arg(long)]
        output: PathBuf,
    },
    /// Put a backup made by `tandem backup` in place of the SQLite database.
    /// The copy is checked first (integrity_check, a Tandem database this
    /// version can serve); the database there now is kept beside it as
    /// tandem.db.before-restore-<time>. Stop the server first: a restore
    /// refuses while one is running. A refusal exits with status 2 and
    /// changes nothing. For PostgreSQL, use pg_restore.
    Restore {
        /// The backup file to restore.
        #[arg(long)]
        input: PathBuf,
    },
    /// Measure the server side of a feature against the configured database.
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
    },
}

#[derive(Subcommand)]
pub enum BenchCommand {
    /// People-search latency per query class (common word, two words, name
    /// and word prefixes, rare word), each with and without a filter; prints
    /// a Markdown table. Seed the database first.
    Search {
        /// How many times each query runs.
        #[arg(long, default_value_t = 3)]
        rounds: usize,
        /// Let the database's full-text index find the hits (the path
        /// before the in-process index), for comparison.
        #[arg(long)]
        database: bool,
    },
    /// Suggestions of people to meet for members picked across the
    /// database (the whole use case: score every member, pick the best 12,
    /// load their rows, write the reasons), then candidate partner cities for
    /// 100 cities; prints p50/p95/max. Seed first.
    Recommend {
        /// How many members to ask for.
        #[arg(long, default_value_t = 300)]
        members: usize,
    },
    /// The application form's pages (call page, task list, every step,
    /// "check your answers") through the whole router with a signed-in
    /// applicant, with N applications in the database (seeded once, in a
    /// call of its own); prints p50/p95/max per page.
    Calls {
        /// Applications in the database.
        #[arg(long, default_value_t = 2000)]
        applications: usize,
        /// How many times each page is asked for.
        #[arg(long, default_value_t = 40)]
        rounds: usize,
    },
    /// The public pairings pages (the list with its map, a filtered list, a
    /// pairing's page, the open data) through the whole router with N
    /// pairings in the database (seeded once); then the proposal of pairs
    /// and trios on generated cohorts against the exact best and an upper
    /// bound. Prints Markdown tables.
    Pairings {
        /// Pairings in the database.
        #[arg(long, default_value_t = 500)]
        pairings: usize,
        /// How many times each page is asked for.
        #[arg(long, default_value_t = 40)]
        rounds: usize,
    },
    /// `/news`, an article and a feed through the router with N published
    /// articles (seeded once); prints a Markdown table.
    News {
        /// Articles in the database.
        #[arg(long, default_value_t = 10_000)]
        articles: usize,
        /// How many times each page is asked for.
        #[arg(long, default_value_t = 40)]
        rounds: usize,
    },
    /// The social network at scale: seeds N members (as `tandem seed`) and,
    /// once, their follows, networks and M posts in bulk; then, through the
    /// router, members' feeds (first page and "load more"), a city's posts,
    /// and messages between members with their pages open (live streams),
    /// timed until the other's stream hears of it. Prints a Markdown table.
    Social {
        /// Members in the database.
        #[arg(long, default_value_t = 100_000)]
        members: usize,
        /// Posts in the database (seeded when there are none).
        #[arg(long, default_value_t = 1_000_000)]
        posts: usize,
        /// Members whose feed is asked for (first page and load more), and
        /// cities whose posts are.
        #[arg(long, default_value_t = 200)]
        rounds: usize,
        /// Members with their page open (a live stream each), in pairs who
        /// write to each other.
        #[arg(long, default_value_t = 1000)]
        conversations: usize,
        /// Messages sent, one after another.
        #[arg(long, default_value_t = 500)]
        messages: usize,
    },
    /// The meeting scheduler on generated instances, from 60 people to 600
    /// with limited tables: scheduled weight against an upper bound, and
    /// running time; prints a Markdown table. Needs no database.
    Schedule,
    /// The in-process people index alone, built from generated profiles
    /// with a large vocabulary (the seeded members share a few hundred
    /// words; real text has hundreds of thousands): memory, build time and
    /// the word matching of short prefixes. Needs no database.
    Index {
        /// Members to index.
        #[arg(long, default_value_t = 1_000_000)]
        members: usize,
        /// Distinct words of the profiles' text (drawn with a Zipf-like law).
        #[arg(long, default_value_t = 500_000)]
        vocabulary: usize,
    },
}

#[derive(Subcommand)]
pub enum AdminCommand {
    /// Create an administrator (or promote an existing account). The password
    /// is read from TANDEM_ADMIN_PASSWORD or, failing that, from the first line
    /// of standard input.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
}

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

pub async fn run(cli: Cli) -> Result<(), BoxError> {
    // offline commands: no configuration, database or log set-up
    match &cli.command {
        Some(Command::Schedule { input, output }) => {
            return schedule(input.as_deref(), output.as_deref())
        }
        Some(Command::Bench {
            command: BenchCommand::Schedule,
        }) => return bench_schedule(),
        Some(Command::Bench {
            command:
                BenchCommand::Index {
                    members,
                    vocabulary,
                },
        }) => {
            let r = crate::services::bench::index_memory(*members, *vocabulary);
            println!(
                "in-process people index, generated: {} members, {} words, {} entries ({} sets as bitmaps), word sets {:.1} MiB, \
                 built in {:.1} s; process resident set {} MiB before, {} MiB after",
                r.stats.members,
                r.stats.words,
                r.stats.postings,
                r.stats.bitmaps,
                r.stats.set_bytes as f64 / 1048576.0,
                r.build_secs,
                r.rss_before_mib,
                r.rss_after_mib
            );
            println!("\n| query | runs | p50 ms | p95 ms | max ms | mean hits |");
            println!("|---|---:|---:|---:|---:|---:|");
            for c in r.classes {
                println!(
                    "| {} | {} | {:.2} | {:.2} | {:.2} | {:.0} |",
                    c.class, c.runs, c.p50_ms, c.p95_ms, c.max_ms, c.mean_hits
                );
            }
            return Ok(());
        }
        _ => {}
    }
    let mut config = Config::load(&cli.config, std::env::vars())?;
    match &cli.command {
        Some(Command::Backup { output }) => return backup(&config, output).await,
        Some(Command::Restore { input }) => return restore(&config, input).await,
        _ => {}
    }
    server::telemetry::init(&config.log_format);
    match cli.command.unwrap_or(Command::Serve { no_demo: false }) {
        Command::Serve { no_demo } => {
            if no_demo {
                config.demo_data = false;
            }
            server::serve::raise_open_file_limit();
            // held until the process ends: `tandem restore` refuses meanwhile
            let _serving = match crate::store::backup::sqlite_file(&config.database_url) {
                Some(db) => {
                    Some(crate::store::backup::hold_serve_lock(&db).map_err(|e| e.to_string())?)
                }
                None => None,
            };
            let state = open(config).await?;
            if state.config.demo_data
                && crate::services::demo::load_if_empty(&*state.store)
                    .await
                    .map_err(|e| format!("demo data: {e}"))?
            {
                crate::services::demo_news::load_with(&*state.store, &state.config)
                    .await
                    .map_err(|e| format!("demo news: {e}"))?;
                crate::services::demo_social::load_with(&*state.store)
                    .await
                    .map_err(|e| format!("demo social: {e}"))?;
            }
            spawn_cleanup(state.clone());
            // load the people-search facts before the first visitor asks
            let warm = state.store.clone();
            tokio::spawn(async move {
                let q = crate::store::PeopleQuery::default();
                if let Err(e) = warm.search_people(&q).await {
                    tracing::warn!(error = %e, "search warm-up failed");
                }
            });
            let listener = tokio::net::TcpListener::bind(state.config.site_addr).await?;
            tracing::info!(
                address = %listener.local_addr()?,
                base_url = %state.config.base_url,
                backend = state.store.backend(),
                mail = state.mailer.describe(),
                "Tandem is serving"
            );
            server::serve::serve(listener, state, server::serve::shutdown_signal()).await;
        }
        Command::Migrate => {
            let state = open(config).await?;
            println!("migrations applied ({})", state.store.backend());
            state.store.close().await;
        }
        Command::Admin {
            command: AdminCommand::Create { email, name },
        } => {
            let password = match std::env::var("TANDEM_ADMIN_PASSWORD") {
                Ok(p) => p,
                Err(_) => {
                    eprintln!("Password for {email} (at least 12 characters), then Enter:");
                    let mut line = String::new();
                    std::io::stdin().lock().read_line(&mut line)?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            let state = open(config).await?;
            match crate::services::accounts::create_admin(&state, &name, &email, &password).await {
                Ok((id, true)) => println!("administrator {email} created (id {})", id.0),
                Ok((id, false)) => println!(
                    "existing account {email} (id {}) is now an administrator",
                    id.0
                ),
                Err(e) => {
                    state.store.close().await;
                    return Err(match e.field() {
                        Some(field) => {
                            format!("{field}: {}", e.message(crate::domain::Locale::En)).into()
                        }
                        None => e.message(crate::domain::Locale::En).into(),
                    });
                }
            }
            state.store.close().await;
        }
        // (handled above, before the configuration is read or logs set up)
        Command::Schedule { input, output } => schedule(input.as_deref(), output.as_deref())?,
        Command::Backup { output } => backup(&config, &output).await?,
        Command::Restore { input } => restore(&config, &input).await?,
        Command::Bench {
            command: BenchCommand::Schedule | BenchCommand::Index { .. },
        } => bench_schedule()?,
        Command::Bench {
            command: BenchCommand::Recommend { members },
        } => {
            let state = open(config).await?;
            let total = state.store.count_users().await.map_err(|e| e.to_string())?;
            let r = crate::services::bench::recommend(&*state.store, members)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "suggestions, {} backend, {total} members: {} members asked, p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms, {:.1} suggestions each",
                state.store.backend(),
                r.runs,
                r.p50_ms,
                r.p95_ms,
                r.max_ms,
                r.mean_hits
            );
            let c = crate::services::bench::partners(&*state.store, 100)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "partner cities, {} backend, {total} members: {} cities asked, p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms, {:.1} candidates each",
                state.store.backend(),
                c.runs,
                c.p50_ms,
                c.p95_ms,
                c.max_ms,
                c.mean_hits
            );
            state.store.close().await;
        }
        Command::Bench {
            command: BenchCommand::News { articles, rounds },
        } => {
            let state = open(config).await?;
            let backend = state.store.backend();
            let rows = crate::server::bench_news::pages(state.clone(), articles, rounds).await?;
            println!("news pages, {backend} backend, {articles} articles, {rounds} rounds each\n");
            println!("| page | runs | p50 ms | p95 ms | max ms | bytes |");
            println!("|---|---:|---:|---:|---:|---:|");
            for r in rows {
                println!(
                    "| {} | {} | {:.2} | {:.2} | {:.2} | {} |",
                    r.page, r.runs, r.p50_ms, r.p95_ms, r.max_ms, r.bytes
                );
            }
            state.store.close().await;
        }
        Command::Bench {
            command:
                BenchCommand::Social {
                    members,
                    posts,
                    rounds,
                    conversations,
                    messages,
                },
        } => {
            crate::server::bench_social::tune(&mut config, conversations);
            let state = open(config.clone()).await?;
            let backend = state.store.backend();
            let seeded =
                crate::server::bench_social::seed(&state, members, posts, conversations).await?;
            state.live.close();
            state.store.close().await;
            // opened again: every connection plans with the new statistics
            let state = open(config).await?;
            let report = crate::server::bench_social::measure(
                state.clone(),
                &seeded,
                rounds,
                conversations,
                messages,
            )
            .await?;
            report.print(backend, &seeded);
            state.live.close();
            state.store.close().await;
        }
        Command::Bench {
            command: BenchCommand::Pairings { pairings, rounds },
        } => {
            let state = open(config).await?;
            let backend = state.store.backend();
            let rows =
                crate::server::bench_pairings::pages(state.clone(), pairings, rounds).await?;
            let total = state
                .store
                .pairings()
                .await
                .map_err(|e| e.to_string())?
                .len();
            println!("public pairings pages, {backend} backend, {total} pairings, {rounds} rounds each\n");
            println!("| page | runs | p50 ms | p95 ms | max ms | bytes |");
            println!("|---|---:|---:|---:|---:|---:|");
            for r in rows {
                println!(
                    "| {} | {} | {:.2} | {:.2} | {:.2} | {} |",
                    r.page, r.runs, r.p50_ms, r.p95_ms, r.max_ms, r.bytes
                );
            }
            println!("\nproposal of pairs and trios on generated cohorts\n");
            println!("| cities | cohorts | measured against | mean | worst | proposal ms (mean) |");
            println!("|---:|---:|---|---:|---:|---:|");
            for q in crate::server::bench_pairings::quality() {
                println!(
                    "| {} | {} | {} | {:.3} | {:.3} | {:.1} |",
                    q.cities, q.cohorts, q.against, q.mean, q.worst, q.proposal_ms
                );
            }
            state.store.close().await;
        }
        Command::Bench {
            command:
                BenchCommand::Calls {
                    applications,
                    rounds,
                },
        } => {
            let state = open(config).await?;
            let backend = state.store.backend();
            let rows = crate::server::bench::calls(state.clone(), applications, rounds).await?;
            let total = state.store.calls().await.map_err(|e| e.to_string())?;
            let apps: usize = {
                let mut n = 0;
                for c in &total {
                    n += state
                        .store
                        .applications_of_call(c.id)
                        .await
                        .map_err(|e| e.to_string())?
                        .len();
                }
                n
            };
            println!("application form pages, {backend} backend, {apps} applications, {rounds} rounds each\n");
            println!("| page | runs | p50 ms | p95 ms | max ms | HTML bytes |");
            println!("|---|---:|---:|---:|---:|---:|");
            for r in rows {
                println!(
                    "| {} | {} | {:.2} | {:.2} | {:.2} | {} |",
                    r.page, r.runs, r.p50_ms, r.p95_ms, r.max_ms, r.bytes
                );
            }
            state.store.close().await;
        }
        Command::Bench {
            command: BenchCommand::Search { rounds, database },
        } => {
            use crate::services::network::Matcher;
            let state = open(config).await?;
            let members = state.store.count_users().await.map_err(|e| e.to_string())?;
            let rss = crate::services::bench::resident_mib;
            let before = rss();
            let started = std::time::Instant::now();
            let stats = state
                .store
                .people_index_stats()
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "in-process people index: {} members, {} words, {} entries ({} sets as bitmaps), word sets {:.1} MiB, loaded in {:.1} s; \
                 process resident set {before} MiB before, {} MiB after",
                stats.members,
                stats.words,
                stats.postings,
                stats.bitmaps,
                stats.set_bytes as f64 / 1048576.0,
                started.elapsed().as_secs_f64(),
                rss()
            );
            let matcher = if database {
                Matcher::Database
            } else {
                Matcher::Index
            };
            let results = crate::services::bench::search(&*state.store, rounds, matcher)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "people search, {} backend, {members} members, {rounds} rounds, hits found by {}\n",
                state.store.backend(),
                if database {
                    "the database's full-text index"
                } else {
                    "the in-process index"
                }
            );
            println!("| class | filter | queries | runs | p50 ms | p95 ms | max ms | mean hits |");
            println!("|---|---|---:|---:|---:|---:|---:|---:|");
            for r in results {
                println!(
                    "| {} | {} | {} | {} | {:.2} | {:.2} | {:.2} | {:.0} |",
                    r.class,
                    if r.filtered { "yes" } else { "no" },
                    r.queries,
                    r.runs,
                    r.p50_ms,
                    r.p95_ms,
                    r.max_ms,
                    r.mean_hits
                );
            }
            state.store.close().await;
        }
        Command::Seed {
            members,
            seed,
            conference,
        } => {
            let state = open(config).await?;
            if conference {
                crate::services::reference::ensure_loaded(&*state.store)
                    .await
                    .map_err(|e| e.to_string())?;
                if crate::services::demo::load_if_empty(&*state.store)
                    .await
                    .map_err(|e| e.to_string())?
                {
                    crate::services::demo_news::load_with(&*state.store, &state.config)
                        .await
                        .map_err(|e| e.to_string())?;
                    crate::services::demo_social::load_with(&*state.store)
                        .await
                        .map_err(|e| e.to_string())?;
                }
                let id = crate::services::demo::load_conference(&*state.store, 36, 37)
                    .await
                    .map_err(|e| e.to_string())?;
                println!("conference: /events/{id}");
            }
            let started = std::time::Instant::now();
            let n = crate::services::seed::seed_members(&*state.store, members, seed)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "{n} members inserted in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            state.store.close().await;
        }
    }
    Ok(())
}

/// `tandem schedule`. Input that cannot be read or is not a valid instance
/// ends the process with status 2 and one line on standard error, before
/// anything is written.
fn schedule(input: Option<&Path>, output: Option<&Path>) -> Result<(), BoxError> {
    let text = match input {
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display())),
        None => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map(|_| text)
                .map_err(|e| format!("cannot read standard input: {e}"))
        }
    };
    let json = match text
        .and_then(|t| crate::domain::schedule::schedule_json(&t).map_err(|e| e.to_string()))
    {
        Ok(json) => json,
        Err(message) => {
            eprintln!("tandem schedule: {message}");
            std::process::exit(2);
        }
    };
    match output {
        Some(path) => std::fs::write(path, json)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(json.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(())
}

fn bench_schedule() -> Result<(), BoxError> {
    println!("meeting scheduler, generated instances (release build recommended)\n");
    println!(
        "| instance | people | requests | slots | tables | pinned | weight | upper bound | gap % | placed | all placed | idle gaps | ms |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|");
    for r in crate::services::bench::schedule()? {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {:.2} | {} | {} | {} | {:.0} |",
            r.name,
            r.people,
            r.requests,
            r.slots,
            r.tables,
            r.pinned,
            r.weight,
            r.bound,
            r.gap_percent,
            r.placed,
            if r.placed == r.requests { "yes" } else { "no" },
            r.idle_gaps,
            r.ms
        );
    }
    println!("\n{}", crate::services::bench::SCHEDULE_BOUND_NOTE);
    Ok(())
}

/// Deletes expired sessions, e-mail tokens and old sign-in attempts hourly.
fn spawn_cleanup(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            match state
                .store
                .delete_expired(crate::services::clock::unix_now())
                .await
            {
                Ok(n) if n > 0 => tracing::info!(rows = n, "expired sessions and tokens removed"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "cleanup failed"),
            }
        }
    });
}

/// `tandem backup`: a checked copy of the SQLite database.
async fn backup(config: &Config, output: &Path) -> Result<(), BoxError> {
    let Some(db) = crate::store::backup::sqlite_file(&config.database_url) else {
        refuse(
            "backup",
            "the database is PostgreSQL: back it up with pg_dump, e.g. \
             `pg_dump -Fc -f tandem.dump \"$DATABASE_URL\"` (README, Backups and restore)",
        )
    };
    match crate::store::backup::backup(&db, output).await {
        Ok(report) => {
            println!("backup written: {report}");
            Ok(())
        }
        Err(crate::store::backup::BackupError::Refused(why)) => refuse("backup", &why),
        Err(e) => Err(e.into()),
    }
}

/// `tandem restore`: a checked copy put in place of the SQLite database.
async fn restore(config: &Config, input: &Path) -> Result<(), BoxError> {
    let Some(db) = crate::store::backup::sqlite_file(&config.database_url) else {
        refuse(
            "restore",
            "the database is PostgreSQL: restore a pg_dump archive with pg_restore, e.g. \
             `pg_restore --clean --if-exists -d \"$DATABASE_URL\" tandem.dump` (README, Backups and restore)",
        )
    };
    match crate::store::backup::restore(input, &db).await {
        Ok(r) => {
            println!("restored: {}", r.restored);
            match r.previous {
                Some(p) => println!("the previous database is kept as {}", p.display()),
                None => println!("(there was no database before)"),
            }
            Ok(())
        }
        Err(crate::store::backup::BackupError::Refused(why)) => refuse("restore", &why),
        Err(e) => Err(e.into()),
    }
}

/// Ends the process with status 2 and one line saying why; nothing was changed.
fn refuse(command: &str, why: &str) -> ! {
    eprintln!("tandem {command}: {why}");
    std::process::exit(2);
}

/// Connects the store, checks a SQLite file for damage (a damaged one stops
/// the start), applies migrations (a failure stops the start), loads
/// reference data and sets up mail.
pub async fn open(config: Config) -> Result<AppState, BoxError> {
    let damaged = |e: &dyn std::fmt::Display| {
        format!(
            "database: {e}\nThe database is damaged; Tandem will not start on it. \
             Restore the last backup: stop every Tandem process, then \
             `tandem restore --input FILE` (README, Backups and restore)."
        )
    };
    let store = crate::store::connect(&config.database_url)
        .await
        .map_err(|e| match e {
            crate::store::StoreError::Corrupt(why)
                if config.database_url.starts_with("sqlite:") =>
            {
                damaged(&why)
            }
            e => format!("database: {e}"),
        })?;
    if let Err(e) = store.quick_check().await {
        store.close().await;
        return Err(match e {
            crate::store::StoreError::Corrupt(why) => damaged(&why),
            e => format!("database check: {e}"),
        }
        .into());
    }
    store
        .migrate()
        .await
        .map_err(|e| format!("migrations: {e}"))?;
    crate::services::reference::ensure_loaded(&*store)
        .await
        .map_err(|e| format!("reference data: {e}"))?;
    let mailer = crate::mail::Mailer::from_config(&config).map_err(|e| format!("mail: {e}"))?;
    Ok(AppState::new(store, config, mailer))
}
