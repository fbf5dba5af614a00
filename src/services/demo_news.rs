//! Demo news and publications in three languages (`demo_news.json`): a
//! dozen articles over the past year (one draft, one scheduled), eight
//! publications with small generated PDFs, and the programme page. Loaded
//! with the other demo data, into an empty database.

use crate::domain::news::DocumentType;
use crate::error::AppError;
use crate::store::news::{PublicationWrite, StoredFile, StoryWrite, TextWrite};
use crate::store::Store;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct Demo {
    programme: BTreeMap<String, String>,
    articles: Vec<Article>,
    publications: Vec<Publication>,
}

#[derive(Deserialize)]
struct Text {
    title: String,
    excerpt: String,
    body: String,
}

#[derive(Deserialize)]
struct Article {
    days_ago: i64,
    #[serde(default)]
    draft: bool,
    category: String,
    tags: Vec<String>,
    featured: bool,
    author: Option<String>,
    cities: Vec<i64>,
    themes: Vec<String>,
    pairing: Option<i64>,
    original: String,
    translations: BTreeMap<String, Text>,
}

#[derive(Deserialize)]
struct Publication {
    kind: String,
    titles: BTreeMap<String, String>,
    authors: String,
    institution: String,
    year: i64,
    language: String,
    #[serde(rename = "abstract")]
    abstract_text: String,
    themes: Vec<String>,
    cities: Vec<i64>,
    pairing: Option<i64>,
    pages: usize,
    body: Vec<String>,
}

fn text(locale: &str, t: &Text, tags: &[String]) -> TextWrite {
    TextWrite {
        locale: locale.to_owned(),
        title: t.title.clone(),
        excerpt: t.excerpt.clone(),
        body: t.body.clone(),
        minutes: i64::from(crate::domain::reading::read_minutes(&t.body, locale)),
        search: crate::domain::text::fold(&format!(
            "{} {} {} {}",
            t.title,
            t.excerpt,
            tags.join(" "),
            t.body
        )),
    }
}

/// Loads the demo's news, publications and programme page; `documents` is
/// where publication files live.
pub async fn load(
    store: &dyn Store,
    documents: &std::path::Path,
    staff: i64,
    now: i64,
) -> Result<(), AppError> {
    let demo: Demo =
        serde_json::from_str(include_str!("demo_news.json")).map_err(|e| super::internal(&e))?;
    for (locale, body) in &demo.programme {
        store
            .set_site_page(super::news::programme::KEY, locale, body, Some(staff), now)
            .await?;
    }
    let pairings: Vec<i64> = store.pairings().await?.iter().map(|p| p.id).collect();
    let known_city = |id: i64| async move { store.city_by_id(id).await.ok().flatten().is_some() };
    for a in &demo.articles {
        let author = match &a.author {
            Some(email) => store.user_by_email(email).await?.map(|u| u.id.0),
            None => None,
        };
        let mut links = Vec::new();
        for &c in &a.cities {
            if known_city(c).await {
                links.push(("city".to_owned(), c.to_string()));
            }
        }
        links.extend(a.themes.iter().map(|t| ("theme".to_owned(), t.clone())));
        if let Some(p) = a.pairing.filter(|p| pairings.contains(p)) {
            links.push(("pairing".to_owned(), p.to_string()));
        }
        let at = now - a.days_ago * 86_400;
        let w = StoryWrite {
            category: a.category.clone(),
            tags: a.tags.clone(),
            as_programme: author.is_none(),
            featured: a.featured,
            publish_at: (!a.draft).then_some(at),
            original: a.original.clone(),
            links,
        };
        let Some(first) = a.translations.get(&a.original) else {
            continue;
        };
        let id = store
            .create_story(
                &w,
                &text(&a.original, first, &a.tags),
                author.unwrap_or(staff),
                at.min(now),
            )
            .await?;
        for (locale, t) in a.translations.iter().filter(|(l, _)| **l != a.original) {
            let version = store.story(id).await?.map_or(1, |s| s.version);
            store
                .update_story(id, version, &w, &text(locale, t, &a.tags), at.min(now))
                .await?;
        }
    }
    tokio::fs::create_dir_all(documents)
        .await
        .map_err(|e| super::internal(&e))?;
    for p in &demo.publications {
        let title = p
            .titles
            .get(&p.language)
            .or(p.titles.values().next())
            .cloned()
            .unwrap_or_default();
        let pdf = super::pdf_gen::simple_pdf(&title, &p.body, p.pages);
        let stored_as = format!(
            "{:032x}.{}",
            rand::random::<u128>(),
            DocumentType::Pdf.extension()
        );
        tokio::fs::write(documents.join(&stored_as), &pdf)
            .await
            .map_err(|e| super::internal(&e))?;
        let mut links = Vec::new();
        for &c in &p.cities {
            if known_city(c).await {
                links.push(("city".to_owned(), c.to_string()));
            }
        }
        if let Some(x) = p.pairing.filter(|x| pairings.contains(x)) {
            links.push(("pairing".to_owned(), x.to_string()));
        }
        let w = PublicationWrite {
            kind: p.kind.clone(),
            titles: serde_json::to_string(&p.titles).map_err(|e| super::internal(&e))?,
            authors: p.authors.clone(),
            institution: p.institution.clone(),
            year: p.year,
            language: p.language.clone(),
            pages: Some(p.pages as i64),
            abstract_text: p.abstract_text.clone(),
            themes: p.themes.join(","),
            search: crate::domain::text::fold(&format!(
                "{} {} {} {}",
                p.titles.values().cloned().collect::<Vec<_>>().join(" "),
                p.authors,
                p.institution,
                p.abstract_text
            )),
            links,
        };
        let file = StoredFile {
            stored_as,
            file_name: format!(
                "{}.pdf",
                crate::domain::text::fold(&title).replace(' ', "-")
            ),
            media_type: DocumentType::Pdf.media_type().to_owned(),
            bytes: pdf.len() as i64,
        };
        store.create_publication(&w, &file, staff, now).await?;
    }
    Ok(())
}

/// After the rest of the demo: the staff member the demo names runs the
/// newsroom and the library.
pub async fn load_with(store: &dyn Store, config: &crate::config::Config) -> Result<(), AppError> {
    let staff = store
        .user_by_email("marc-andre.tremblay@demo.tandem.example")
        .await?
        .map(|u| u.id.0)
        .ok_or(AppError::NotFound)?;
    load(
        store,
        &config.data_dir.join("documents"),
        staff,
        super::clock::unix_now(),
    )
    .await
}
