//! `tandem bench news`: `/news` (first page, a later page, a category, a
//! language, a search), an article's page and a feed through the whole
//! router with N published articles in the database (seeded once, each in
//! English, every third also in French and Spanish, with links).

use super::bench::{time_page, PageRow};
use super::AppState;
use crate::store::news::{StoryWrite, TextWrite};

const CATEGORIES: [&str; 4] = ["programme", "cities", "events", "calls"];

async fn seed(state: &AppState, n: usize, author: i64) -> Result<i64, String> {
    let store = &state.store;
    let e = |e: crate::store::StoreError| e.to_string();
    let have = store.count_stories(i64::MAX).await.map_err(e)? as usize;
    let now = crate::services::clock::unix_now();
    let body =
        "Cities across the Atlantic compare **notes** on housing, heat and transport. ".repeat(40);
    for i in have..n {
        let at = now - (i as i64) * 3_600;
        let w = StoryWrite {
            category: CATEGORIES[i % 4].to_owned(),
            tags: vec!["bench".into(), format!("tag{}", i % 50)],
            as_programme: true,
            featured: i % 500 == 0,
            publish_at: Some(at),
            original: "en".into(),
            links: vec![("city".into(), "6077243".into())],
        };
        let text = |locale: &str, title: String| TextWrite {
            locale: locale.to_owned(),
            search: crate::domain::text::fold(&format!("{title} {body}")),
            title,
            excerpt: "A short excerpt for the list.".into(),
            body: body.clone(),
            minutes: 3,
        };
        let id = store
            .create_story(
                &w,
                &text("en", format!("Article {i} about Montréal")),
                author,
                at,
            )
            .await
            .map_err(e)?;
        if i % 3 == 0 {
            for l in ["fr", "es"] {
                let v = store.story(id).await.map_err(e)?.map_or(1, |s| s.version);
                store
                    .update_story(id, v, &w, &text(l, format!("Article {i} ({l})")), at)
                    .await
                    .map_err(e)?;
            }
        }
    }
    let rows = store
        .list_stories(&crate::store::news::NewsQuery {
            published_by: Some(now),
            reader: "en".into(),
            limit: 1,
            offset: (n / 2) as i64,
            ..Default::default()
        })
        .await
        .map_err(e)?;
    rows.first()
        .map(|r| r.story.id)
        .ok_or_else(|| "no article".into())
}

pub async fn pages(
    state: AppState,
    articles: usize,
    rounds: usize,
) -> Result<Vec<PageRow>, String> {
    crate::services::reference::ensure_loaded(&*state.store)
        .await
        .map_err(|e| e.to_string())?;
    let author = match state
        .store
        .user_by_email("bench.news@bench.tandem.example")
        .await
        .map_err(|e| e.to_string())?
    {
        Some(u) => u.id.0,
        None => {
            state
                .store
                .create_user(&crate::store::NewUser {
                    email: crate::domain::Email::parse("bench.news@bench.tandem.example")
                        .map_err(|e| e.to_string())?,
                    name: crate::domain::DisplayName::parse("Bench News")
                        .map_err(|e| e.to_string())?,
                    password_hash: "-".into(),
                    role: crate::domain::Role::Staff,
                    locale: crate::domain::Locale::En,
                    confirmed: true,
                    now: crate::services::clock::unix_now(),
                })
                .await
                .map_err(|e| e.to_string())?
                .0
        }
    };
    let one = seed(&state, articles, author).await?;
    let router = super::router::build(state.clone());
    let pages = [
        ("/news (first page)".to_owned(), "/news".to_owned()),
        ("/news?page=50".to_owned(), "/news?page=50".to_owned()),
        (
            "/news?category=cities".to_owned(),
            "/news?category=cities".to_owned(),
        ),
        (
            "/news?language=es".to_owned(),
            "/news?language=es".to_owned(),
        ),
        (
            "/news?q=montreal (search, many hits)".to_owned(),
            "/news?q=montreal".to_owned(),
        ),
        (
            "/news?q=article 9999 (search, one hit)".to_owned(),
            "/news?q=article+9999".to_owned(),
        ),
        (
            "/news?q=zzqx (search, no hit: reads every text)".to_owned(),
            "/news?q=zzqx".to_owned(),
        ),
        ("an article's page".to_owned(), format!("/news/{one}")),
        (
            "/feeds/news-en.rss".to_owned(),
            "/feeds/news-en.rss".to_owned(),
        ),
    ];
    let mut rows = Vec::new();
    for (label, path) in pages {
        rows.push(time_page(&router, label, &path, None, rounds).await?);
    }
    Ok(rows)
}
