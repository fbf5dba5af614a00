//! RSS 2.0 and Atom feeds of the published articles, one per language.

use super::super::syndication::{atom, rss, Channel, FeedItem};
use super::super::Ctx;
use crate::domain::Locale;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::store::news::NewsQuery;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Rss,
    Atom,
}

/// `news-fr.rss` → (French, RSS).
pub fn parse_name(file: &str) -> Option<(Locale, Format)> {
    let rest = file.strip_prefix("news-")?;
    let (code, ext) = rest.split_once('.')?;
    let format = match ext {
        "rss" => Format::Rss,
        "atom" => Format::Atom,
        _ => return None,
    };
    Some((Locale::from_code(code)?, format))
}

/// The 20 newest published articles written in `locale`.
pub async fn feed(ctx: &Ctx, locale: Locale, format: Format) -> Result<String, AppError> {
    let now = ctx.now();
    let base = ctx.config.base_url.trim_end_matches('/').to_owned();
    let rows = ctx
        .store
        .list_stories(&NewsQuery {
            published_by: Some(now),
            language: Some(locale.code().to_owned()),
            reader: locale.code().to_owned(),
            limit: 20,
            ..Default::default()
        })
        .await?;
    let mut items = Vec::with_capacity(rows.len());
    for r in &rows {
        let body = ctx
            .store
            .story_texts(r.story.id)
            .await?
            .into_iter()
            .find(|t| t.locale == r.text.locale)
            .map(|t| super::super::markdown::to_safe_html(&t.body));
        let href = format!(
            "{base}{}",
            super::article_href(r.story.id, Some(&r.text.locale))
        );
        items.push(FeedItem {
            title: r.text.title.clone(),
            link: href.clone(),
            id: href,
            summary: r.text.excerpt.clone(),
            content_html: body,
            author: match (&r.story.author_name, r.story.as_programme) {
                (Some(n), false) => n.clone(),
                _ => Msg::NewsByProgramme.text(locale).to_owned(),
            },
            published: r.story.publish_at.unwrap_or(r.story.created_at),
            updated: r.story.updated_at.max(r.text.updated_at),
            categories: std::iter::once(super::category_label(&r.story.category, locale))
                .chain(r.story.tag_list())
                .collect(),
            language: r.text.locale.clone(),
        });
    }
    let ext = match format {
        Format::Rss => "rss",
        Format::Atom => "atom",
    };
    let channel = Channel {
        title: format!(
            "{} · {}",
            Msg::SiteName.text(locale),
            Msg::NavNews.text(locale)
        ),
        link: format!("{base}/news"),
        self_link: format!("{base}/feeds/news-{}.{ext}", locale.code()),
        description: Msg::NewsIntro.text(locale).to_owned(),
        language: locale.code().to_owned(),
        updated: items.iter().map(|i| i.updated).max().unwrap_or(now),
    };
    Ok(match format {
        Format::Rss => rss(&channel, &items),
        Format::Atom => atom(&channel, &items),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_names() {
        assert_eq!(parse_name("news-fr.rss"), Some((Locale::Fr, Format::Rss)));
        assert_eq!(parse_name("news-es.atom"), Some((Locale::Es, Format::Atom)));
        assert_eq!(parse_name("news-de.rss"), None);
        assert_eq!(parse_name("news-en.xml"), None);
        assert_eq!(parse_name("../etc"), None);
    }
}
