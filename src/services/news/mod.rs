//! News: articles in up to three languages, written by programme staff and
//! the members staff allow; drafts and scheduled articles stay invisible to
//! everyone else until their time. The list, an article's page, its editor
//! and the list of who may write. Publications, the programme page, the
//! contact form, the feeds and the e-mail digest are the submodules.

pub mod contact;
pub mod digest;
pub mod feeds;
pub mod library;
pub mod programme;

use super::Ctx;
use crate::domain::news::{ArticleForm, NewsCategory, Publish};
use crate::domain::{FieldError, Locale};
use crate::dto::{ArticleEditor, ArticlePage, Choice, Link, NewsCard, NewsFilters, NewsList};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::store::news::{NewsQuery, StoryRecord, StoryRow, StoryWrite, TextRecord, TextWrite};
use crate::store::UserRecord;
use chrono_tz::Tz;

/// Articles per page of `/news` (and per "Load more").
pub const PER_PAGE: i64 = 6;

fn is_staff(user: Option<&UserRecord>) -> bool {
    super::calls::is_staff(user)
}

/// Staff, or a member staff allowed to write.
pub async fn can_write(ctx: &Ctx, user: Option<&UserRecord>) -> Result<bool, AppError> {
    Ok(match user {
        None => false,
        Some(u) if u.role.can_run_programme() => true,
        Some(u) => ctx.store.is_news_author(u.id.0).await?,
    })
}

/// Staff edit every article; an author edits those they wrote or created.
async fn can_edit(ctx: &Ctx, user: Option<&UserRecord>, s: &StoryRecord) -> Result<bool, AppError> {
    if is_staff(user) {
        return Ok(true);
    }
    let Some(u) = user else { return Ok(false) };
    let own = s.author_id == Some(u.id.0) || s.created_by == Some(u.id.0);
    Ok(own && ctx.store.is_news_author(u.id.0).await?)
}

fn lang_name(code: &str, locale: Locale) -> String {
    match code {
        "en" => Msg::LanguageEn.text(locale).to_owned(),
        "fr" => Msg::LanguageFr.text(locale).to_owned(),
        "es" => Msg::LanguageEs.text(locale).to_owned(),
        other => other.to_owned(),
    }
}

fn category_label(code: &str, locale: Locale) -> String {
    NewsCategory::parse(code)
        .map(|c| c.label().text(locale).to_owned())
        .unwrap_or_default()
}

/// "By Ana Torres" or "The programme team".
fn byline(s: &StoryRecord, locale: Locale) -> String {
    match (&s.author_name, s.as_programme) {
        (Some(name), false) => Msg::NewsBy.fill(locale, &[("name", name)]),
        _ => Msg::NewsByProgramme.text(locale).to_owned(),
    }
}

/// When it appears, said the reader's way.
fn when(s: &StoryRecord, now: i64, locale: Locale, tz: Tz) -> String {
    match s.publish_at {
        None => Msg::NewsDraft.text(locale).to_owned(),
        Some(t) => {
            let date = super::time::date_in(locale, t, tz);
            if t > now {
                Msg::NewsScheduled.fill(locale, &[("date", &date)])
            } else {
                Msg::NewsPublished.fill(locale, &[("date", &date)])
            }
        }
    }
}

pub(crate) fn article_href(id: i64, lang: Option<&str>) -> String {
    match lang {
        Some(l) => format!("/news/{id}/{l}"),
        None => format!("/news/{id}"),
    }
}

fn card(row: &StoryRow, now: i64, locale: Locale, tz: Tz) -> NewsCard {
    let s = &row.story;
    let t = &row.text;
    let own_language = t.locale == locale.code();
    NewsCard {
        id: s.id,
        href: article_href(s.id, (!own_language).then_some(t.locale.as_str())),
        title: t.title.clone(),
        excerpt: t.excerpt.clone(),
        category: s.category.clone(),
        category_label: category_label(&s.category, locale),
        date: when(s, now, locale, tz),
        date_iso: s.publish_at.map(super::time::rfc3339).unwrap_or_default(),
        minutes: Msg::NewsReadTime.fill(locale, &[("n", &t.minutes.to_string())]),
        author: byline(s, locale),
        cover: s.cover.as_ref().map(|c| format!("/media/photos/{c}.jpg")),
        language: (!own_language).then(|| lang_name(&t.locale, locale)),
        lang: t.locale.clone(),
    }
}

/// The reader's zone, UTC when unknown.
pub fn zone_or_utc(zone: Option<&str>) -> Tz {
    zone.and_then(super::time::zone).unwrap_or(chrono_tz::UTC)
}

fn folded_words(q: &str) -> Vec<String> {
    crate::domain::text::fold(q)
        .split_whitespace()
        .filter(|w| !w.is_empty())
        .take(6)
        .map(|w| w.replace(['%', '_'], ""))
        .filter(|w| !w.is_empty())
        .collect()
}

/// The query string of a list's page `page` with its non-empty filters.
pub(crate) fn query_string(filters: &[(&str, &str)], page: i64) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in filters.iter().filter(|(_, v)| !v.is_empty()) {
        out.append_pair(k, v);
    }
    out.append_pair("page", &page.to_string());
    out.finish()
}

/// `/news`: newest first, with category, language and words; the page's
/// featured articles on the first page; the reader's drafts and scheduled
/// articles when they may write.
pub async fn list(
    ctx: &Ctx,
    user: Option<&UserRecord>,
    filters: NewsFilters,
    locale: Locale,
    zone: Option<&str>,
) -> Result<NewsList, AppError> {
    let now = ctx.now();
    let tz = zone_or_utc(zone);
    let category = NewsCategory::parse(&filters.category).ok();
    let language = Locale::from_code(filters.language.trim());
    let page = filters
        .page
        .trim()
        .parse::<i64>()
        .unwrap_or(1)
        .clamp(1, 10_000);
    let filters = NewsFilters {
        category: category.map(|c| c.as_str().to_owned()).unwrap_or_default(),
        language: language.map(|l| l.code().to_owned()).unwrap_or_default(),
        q: filters
            .q
            .chars()
            .take(100)
            .collect::<String>()
            .trim()
            .to_owned(),
        page: page.to_string(),
    };
    let base = NewsQuery {
        published_by: Some(now),
        category: category.map(|c| c.as_str().to_owned()),
        language: language.map(|l| l.code().to_owned()),
        words: folded_words(&filters.q),
        reader: locale.code().to_owned(),
        offset: (page - 1) * PER_PAGE,
        limit: PER_PAGE + 1,
        ..Default::default()
    };
    let plain_first =
        page == 1 && base.category.is_none() && base.language.is_none() && base.words.is_empty();
    let writer = can_write(ctx, user).await?;
    let mine_q = NewsQuery {
        published_by: None,
        unpublished_at: Some(now),
        by: if is_staff(user) {
            None
        } else {
            user.map(|u| u.id.0)
        },
        reader: locale.code().to_owned(),
        limit: 50,
        ..Default::default()
    };
    let featured_q = NewsQuery {
        published_by: Some(now),
        featured_only: true,
        reader: locale.code().to_owned(),
        limit: 3,
        ..Default::default()
    };
    let (rows, featured, mine) = tokio::try_join!(
        ctx.store.list_stories(&base),
        async {
            if plain_first {
                ctx.store.list_stories(&featured_q).await
            } else {
                Ok(Vec::new())
            }
        },
        async {
            if writer && page == 1 {
                ctx.store.list_stories(&mine_q).await
            } else {
                Ok(Vec::new())
            }
        },
    )?;
    let more = rows.len() as i64 > PER_PAGE;
    let items = rows
        .iter()
        .take(PER_PAGE as usize)
        .map(|r| card(r, now, locale, tz))
        .collect();
    let categories = NewsCategory::ALL
        .iter()
        .map(|c| Choice {
            value: c.as_str().to_owned(),
            label: c.label().text(locale).to_owned(),
        })
        .collect();
    let languages = Locale::ALL
        .iter()
        .map(|l| Choice {
            value: l.code().to_owned(),
            label: l.native_name().to_owned(),
        })
        .collect();
    let code = locale.code();
    Ok(NewsList {
        items,
        featured: featured.iter().map(|r| card(r, now, locale, tz)).collect(),
        next: more.then(|| {
            let f = &filters;
            let pairs = [
                ("category", f.category.as_str()),
                ("language", &f.language),
                ("q", &f.q),
            ];
            format!("/news?{}", query_string(&pairs, page + 1))
        }),
        page,
        filters,
        categories,
        languages,
        can_write: writer,
        mine: mine.iter().map(|r| card(r, now, locale, tz)).collect(),
        feeds: vec![
            Link {
                label: format!("RSS ({})", locale.native_name()),
                href: format!("/feeds/news-{code}.rss"),
            },
            Link {
                label: format!("Atom ({})", locale.native_name()),
                href: format!("/feeds/news-{code}.atom"),
            },
        ],
    })
}

/// Published articles about a city, theme, event or pairing, for its page.
pub async fn about(
    ctx: &Ctx,
    kind: &str,
    r: &str,
    locale: Locale,
    limit: i64,
) -> Result<Vec<NewsCard>, AppError> {
    let now = ctx.now();
    let rows = ctx
        .store
        .list_stories(&NewsQuery {
            published_by: Some(now),
            about: Some((kind.to_owned(), r.to_owned())),
            reader: locale.code().to_owned(),
            limit,
            ..Default::default()
        })
        .await?;
    Ok(rows
        .iter()
        .map(|r| card(r, now, locale, chrono_tz::UTC))
        .collect())
}

/// Published articles matching `words` (any translation, accents and case
/// folded), newest first: the people search shows them beside its results.
pub async fn matching(
    ctx: &Ctx,
    words: &str,
    locale: Locale,
    limit: i64,
) -> Result<Vec<NewsCard>, AppError> {
    let words = folded_words(words);
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let now = ctx.now();
    let rows = ctx
        .store
        .list_stories(&NewsQuery {
            published_by: Some(now),
            words,
            reader: locale.code().to_owned(),
            limit,
            ..Default::default()
        })
        .await?;
    Ok(rows
        .iter()
        .map(|r| card(r, now, locale, chrono_tz::UTC))
        .collect())
}

/// The newest published articles (featured first) for the home page.
pub async fn for_home(ctx: &Ctx, locale: Locale) -> Result<Vec<NewsCard>, AppError> {
    let now = ctx.now();
    let mut q = NewsQuery {
        published_by: Some(now),
        featured_only: true,
        reader: locale.code().to_owned(),
        limit: 3,
        ..Default::default()
    };
    let mut rows = ctx.store.list_stories(&q).await?;
    if rows.len() < 3 {
        q.featured_only = false;
        q.limit = 6;
        for r in ctx.store.list_stories(&q).await? {
            if rows.len() < 3 && !rows.iter().any(|x| x.story.id == r.story.id) {
                rows.push(r);
            }
        }
    }
    Ok(rows
        .iter()
        .map(|r| card(r, now, locale, chrono_tz::UTC))
        .collect())
}

/// The cities, themes, events and pairings an article is about, as links.
async fn about_links(
    ctx: &Ctx,
    links: &[(String, String)],
    locale: Locale,
) -> Result<Vec<Link>, AppError> {
    let themes = ctx.store.themes().await?;
    let mut out = Vec::new();
    for (kind, r) in links {
        let id = r.parse::<i64>().unwrap_or(0);
        let link = match kind.as_str() {
            "city" => ctx.store.city_by_id(id).await?.map(|c| Link {
                label: format!("{}, {}", c.city.name, c.country_name),
                href: format!("/cities/{id}"),
            }),
            "theme" => themes.iter().find(|t| t.id == *r).map(|t| Link {
                label: crate::services::labels::theme_name(t, locale),
                href: format!("/network?theme={}", crate::escape::url_component(&t.id)),
            }),
            "event" => ctx.store.event(id).await?.map(|e| Link {
                label: crate::services::events::texts_for(&e, locale).0,
                href: format!("/events/{id}"),
            }),
            "pairing" => ctx.store.pairing(id).await?.map(|p| Link {
                label: p.title(),
                href: format!("/pairing/{id}"),
            }),
            _ => None,
        };
        out.extend(link);
    }
    Ok(out)
}

/// An article's page in `lang` (its own address), or in the reader's
/// language when it has one, else in its original language with a note.
pub async fn article(
    ctx: &Ctx,
    user: Option<&UserRecord>,
    id: i64,
    lang: Option<&str>,
    locale: Locale,
    zone: Option<&str>,
) -> Result<ArticlePage, AppError> {
    let now = ctx.now();
    let tz = zone_or_utc(zone);
    let s = ctx.store.story(id).await?.ok_or(AppError::NotFound)?;
    let editable = can_edit(ctx, user, &s).await?;
    if !s.is_public(now) && !editable {
        return Err(AppError::NotFound);
    }
    let (texts, links) = tokio::try_join!(ctx.store.story_texts(id), ctx.store.story_links(id))?;
    let pick = |code: &str| texts.iter().find(|t| t.locale == code);
    let (text, note): (&TextRecord, Option<String>) = match lang {
        Some(l) => (pick(l).ok_or(AppError::NotFound)?, None),
        None => match pick(locale.code()) {
            Some(t) => (t, None),
            None => {
                let t = pick(&s.original)
                    .or(texts.first())
                    .ok_or(AppError::NotFound)?;
                let note = Msg::NewsInOriginal
                    .fill(locale, &[("language", &lang_name(&t.locale, locale))]);
                (t, Some(note))
            }
        },
    };
    let note = note.or_else(|| {
        (text.locale != s.original).then(|| {
            Msg::NewsTranslationOf.fill(locale, &[("language", &lang_name(&s.original, locale))])
        })
    });
    let about = about_links(ctx, &links, locale).await?;
    let related_q = NewsQuery {
        published_by: Some(now),
        about: links.first().cloned(),
        category: links.is_empty().then(|| s.category.clone()),
        reader: locale.code().to_owned(),
        limit: 4,
        ..Default::default()
    };
    let related = ctx
        .store
        .list_stories(&related_q)
        .await?
        .iter()
        .filter(|r| r.story.id != id)
        .take(3)
        .map(|r| card(r, now, locale, tz))
        .collect();
    let url = format!(
        "{}{}",
        ctx.config.base_url.trim_end_matches('/'),
        article_href(id, Some(&text.locale))
    );
    let cover = s.cover.as_ref().map(|c| format!("/media/photos/{c}.jpg"));
    let author = byline(&s, locale);
    let published = s.publish_at.unwrap_or(s.created_at);
    let json = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": text.title,
        "description": text.excerpt,
        "inLanguage": text.locale,
        "datePublished": super::time::rfc3339(published),
        "dateModified": super::time::rfc3339(s.updated_at.max(text.updated_at)),
        "mainEntityOfPage": url,
        "image": cover.as_ref().map(|c| format!("{}{c}", ctx.config.base_url.trim_end_matches('/'))),
        "author": match (&s.author_name, s.as_programme) {
            (Some(name), false) => serde_json::json!({"@type": "Person", "name": name}),
            _ => serde_json::json!({"@type": "Organization", "name": Msg::NewsByProgramme.text(locale)}),
        },
        "publisher": {"@type": "Organization", "name": Msg::SiteName.text(locale)},
        "articleSection": category_label(&s.category, locale),
        "keywords": s.tag_list().join(", "),
    });
    Ok(ArticlePage {
        id,
        lang: text.locale.clone(),
        title: text.title.clone(),
        excerpt: text.excerpt.clone(),
        body_html: super::markdown::to_safe_html(&text.body),
        cover,
        author,
        date: when(&s, now, locale, tz),
        date_iso: super::time::rfc3339(published),
        modified_iso: super::time::rfc3339(s.updated_at.max(text.updated_at)),
        minutes: Msg::NewsReadTime.fill(locale, &[("n", &text.minutes.to_string())]),
        category_label: category_label(&s.category, locale),
        tags: s.tag_list(),
        note,
        translations: texts
            .iter()
            .filter(|t| t.locale != text.locale)
            .map(|t| {
                (
                    t.locale.clone(),
                    Locale::from_code(&t.locale)
                        .map_or(t.locale.clone(), |l| l.native_name().to_owned()),
                    article_href(id, Some(&t.locale)),
                )
            })
            .collect(),
        about,
        related,
        can_edit: editable,
        status: (!s.is_public(now)).then(|| {
            format!(
                "{} {}",
                when(&s, now, locale, tz),
                Msg::NewsNotVisible.text(locale)
            )
        }),
        url,
        json_ld: crate::escape::json_in_script(&json.to_string()),
    })
}

/// `YYYY-MM-DDTHH:MM` of an instant in `tz`, as a form shows it.
fn local_input(ts: i64, tz: Tz) -> String {
    let t = super::time::to_local(ts, tz);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        t.year, t.month, t.day, t.hour, t.minute
    )
}

/// The editor of article `id` (0: a new one) in language `lang`.
pub async fn editor(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    lang: &str,
    locale: Locale,
    zone: Option<&str>,
) -> Result<ArticleEditor, AppError> {
    let tz = zone_or_utc(zone);
    let themes = ctx.store.themes().await?;
    let theme_choices = themes
        .iter()
        .map(|t| Choice {
            value: t.id.clone(),
            label: crate::services::labels::theme_name(t, locale),
        })
        .collect();
    let categories = NewsCategory::ALL
        .iter()
        .map(|c| Choice {
            value: c.as_str().to_owned(),
            label: c.label().text(locale).to_owned(),
        })
        .collect();
    let lang = Locale::from_code(lang).unwrap_or(locale).code().to_owned();
    if id == 0 {
        if !can_write(ctx, Some(user)).await? {
            return Err(AppError::Forbidden);
        }
        return Ok(ArticleEditor {
            id: 0,
            version: 0,
            locale: lang.clone(),
            title: String::new(),
            excerpt: String::new(),
            body: String::new(),
            category: "programme".into(),
            tags: String::new(),
            as_programme: false,
            featured: false,
            publish_at: String::new(),
            zone: tz.name().to_owned(),
            cities: String::new(),
            themes: Vec::new(),
            events: String::new(),
            pairings: String::new(),
            categories,
            theme_choices,
            texts: Vec::new(),
            cover: None,
            status: Msg::NewsDraft.text(locale).to_owned(),
            original: lang,
            view_href: String::new(),
        });
    }
    let s = ctx.store.story(id).await?.ok_or(AppError::NotFound)?;
    if !can_edit(ctx, Some(user), &s).await? {
        return Err(AppError::Forbidden);
    }
    let (texts, links) = tokio::try_join!(ctx.store.story_texts(id), ctx.store.story_links(id))?;
    let text = texts.iter().find(|t| t.locale == lang);
    let list = |kind: &str| {
        links
            .iter()
            .filter(|(k, _)| k == kind)
            .map(|(_, r)| r.clone())
            .collect::<Vec<_>>()
    };
    Ok(ArticleEditor {
        id,
        version: s.version,
        locale: lang.clone(),
        title: text.map(|t| t.title.clone()).unwrap_or_default(),
        excerpt: text.map(|t| t.excerpt.clone()).unwrap_or_default(),
        body: text.map(|t| t.body.clone()).unwrap_or_default(),
        category: s.category.clone(),
        tags: s.tag_list().join(", "),
        as_programme: s.as_programme,
        featured: s.featured,
        publish_at: s.publish_at.map(|t| local_input(t, tz)).unwrap_or_default(),
        zone: tz.name().to_owned(),
        cities: list("city").join(", "),
        themes: list("theme"),
        events: list("event").join(", "),
        pairings: list("pairing").join(", "),
        categories,
        theme_choices,
        texts: Locale::ALL
            .iter()
            .map(|l| {
                (
                    l.code().to_owned(),
                    l.native_name().to_owned(),
                    texts.iter().any(|t| t.locale == l.code()),
                    format!("/news/{id}/edit?lang={}", l.code()),
                )
            })
            .collect(),
        cover: s.cover.as_ref().map(|c| format!("/media/photos/{c}.jpg")),
        status: when(&s, ctx.now(), locale, tz),
        original: s.original.clone(),
        view_href: article_href(id, Some(&lang)),
    })
}

/// Checks that every linked city, event and pairing exists and every theme
/// is known; the links as the store keeps them.
async fn checked_links(
    ctx: &Ctx,
    d: &crate::domain::news::ArticleDraft,
) -> Result<Vec<(String, String)>, AppError> {
    let mut links = Vec::new();
    for &c in &d.cities {
        if ctx.store.city_by_id(c).await?.is_none() {
            return Err(FieldError::new("cities", Msg::ErrLinkedUnknown).into());
        }
        links.push(("city".to_owned(), c.to_string()));
    }
    let themes = ctx.store.themes().await?;
    for t in &d.themes {
        if !themes.iter().any(|x| x.id == *t) {
            return Err(FieldError::new("themes", Msg::ErrThemeUnknown).into());
        }
        links.push(("theme".to_owned(), t.clone()));
    }
    for &e in &d.events {
        if ctx.store.event(e).await?.is_none() {
            return Err(FieldError::new("events", Msg::ErrLinkedUnknown).into());
        }
        links.push(("event".to_owned(), e.to_string()));
    }
    for &p in &d.pairings {
        if ctx.store.pairing(p).await?.is_none() {
            return Err(FieldError::new("pairings", Msg::ErrLinkedUnknown).into());
        }
        links.push(("pairing".to_owned(), p.to_string()));
    }
    Ok(links)
}

/// Folded title, excerpt, tags and body: what news search matches.
fn search_text(title: &str, excerpt: &str, tags: &[String], body: &str) -> String {
    crate::domain::text::fold(&format!("{title} {excerpt} {} {body}", tags.join(" ")))
}

/// Saves one language of article `id` (0: a new article) with what its
/// translations share; the article's id comes back.
pub async fn save(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    version: i64,
    form: &ArticleForm,
) -> Result<i64, AppError> {
    let d = form.validate()?;
    let existing = if id == 0 {
        if !can_write(ctx, Some(user)).await? {
            return Err(AppError::Forbidden);
        }
        None
    } else {
        let s = ctx.store.story(id).await?.ok_or(AppError::NotFound)?;
        if !can_edit(ctx, Some(user), &s).await? {
            return Err(AppError::Forbidden);
        }
        Some(s)
    };
    super::network::limit_user_forms(ctx, user).await?;
    let links = checked_links(ctx, &d).await?;
    let publish_at = match d.publish {
        Publish::Draft => None,
        Publish::Now => Some(
            existing
                .as_ref()
                .and_then(|s| s.publish_at)
                .filter(|t| *t <= ctx.now())
                .unwrap_or_else(|| ctx.now()),
        ),
        Publish::At(local) => {
            let tz = super::time::zone(&form.zone)
                .ok_or(FieldError::new("publish_at", Msg::ErrTimeZone))?;
            Some(
                super::time::to_instant(local, tz)
                    .map_err(|m| AppError::from(FieldError::new("publish_at", m)))?,
            )
        }
    };
    // only staff feature an article
    let featured = d.featured && user.role.can_run_programme();
    let excerpt = if d.excerpt.is_empty() {
        crate::domain::news::excerpt_of(&d.body, 240)
    } else {
        d.excerpt.clone()
    };
    let w = StoryWrite {
        category: d.category.as_str().to_owned(),
        tags: d.tags.clone(),
        as_programme: d.as_programme,
        featured,
        publish_at,
        original: d.locale.code().to_owned(),
        links,
    };
    let text = TextWrite {
        locale: d.locale.code().to_owned(),
        minutes: i64::from(crate::domain::reading::read_minutes(
            &d.body,
            d.locale.code(),
        )),
        search: search_text(&d.title, &excerpt, &d.tags, &d.body),
        title: d.title,
        excerpt,
        body: d.body,
    };
    let now = ctx.now();
    match existing {
        None => Ok(ctx.store.create_story(&w, &text, user.id.0, now).await?),
        Some(_) => {
            if ctx.store.update_story(id, version, &w, &text, now).await? {
                Ok(id)
            } else {
                Err(AppError::Conflict)
            }
        }
    }
}

/// Removes one translation (never the original).
pub async fn delete_text(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    lang: &str,
) -> Result<(), AppError> {
    let s = ctx.store.story(id).await?.ok_or(AppError::NotFound)?;
    if !can_edit(ctx, Some(user), &s).await? {
        return Err(AppError::Forbidden);
    }
    if lang == s.original {
        return Err(AppError::Refused(Msg::ErrOriginalText));
    }
    ctx.store.delete_story_text(id, lang, ctx.now()).await?;
    Ok(())
}

/// Deletes an article (and its cover's file, by the caller).
pub async fn delete(ctx: &Ctx, user: &UserRecord, id: i64) -> Result<Option<String>, AppError> {
    let s = ctx.store.story(id).await?.ok_or(AppError::NotFound)?;
    if !can_edit(ctx, Some(user), &s).await? {
        return Err(AppError::Forbidden);
    }
    Ok(ctx.store.delete_story(id).await?)
}

/// For the cover upload: the article, when `user` may change it.
pub async fn require_editable(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
) -> Result<StoryRecord, AppError> {
    let s = ctx.store.story(id).await?.ok_or(AppError::NotFound)?;
    if !can_edit(ctx, Some(user), &s).await? {
        return Err(AppError::Forbidden);
    }
    Ok(s)
}

/// Who may write, for staff.
pub async fn authors(ctx: &Ctx, user: &UserRecord) -> Result<crate::dto::NewsAuthors, AppError> {
    super::calls::require_staff(user)?;
    Ok(crate::dto::NewsAuthors {
        authors: ctx.store.news_authors().await?,
    })
}

/// Staff allow (or stop) a member, by e-mail address, to write articles.
pub async fn set_author(
    ctx: &Ctx,
    user: &UserRecord,
    email: &str,
    on: bool,
) -> Result<(), AppError> {
    super::calls::require_staff(user)?;
    let email = crate::domain::Email::parse(email)?;
    let member = ctx
        .store
        .user_by_email(email.as_str())
        .await?
        .ok_or(FieldError::new("email", Msg::ErrMemberUnknown))?;
    ctx.store
        .set_news_author(member.id.0, on, user.id.0, ctx.now())
        .await?;
    Ok(())
}
