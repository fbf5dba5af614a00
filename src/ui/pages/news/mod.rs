//! News and publications: `/news` (latest articles, filters, "Load more"),
//! an article's page in each of its languages, the editor; the library
//! (`library`), the programme page (`programme`), the contact form and the
//! digest's pages (`contact`).

mod contact;
mod edit;
mod library;
mod programme;

pub use contact::{ContactInboxPage, ContactPage, SubscribePage};
pub use edit::{ArticleEditPage, NewsAuthorsPage};
pub use library::{PublicationEditPage, PublicationPage, PublicationsPage};
pub use programme::{AboutPage, ProgrammeEditPage};

use crate::dto::NewsCard;
use crate::i18n::Msg;
use crate::server_fns::news::{get_article, get_news};
use crate::ui::components::form::filter_select;
use crate::ui::components::form::{query_notice, set_status};
use crate::ui::i18n::{t, use_locale};
use crate::ui::islands::InPlaceForms;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

/// What the last plain form post did, from `?notice=`.
#[component]
pub(crate) fn NewsNotice() -> impl IntoView {
    query_notice()
        .and_then(|k| {
            Some(match k.as_str() {
                "saved" => Msg::NewsSaved,
                "deleted" => Msg::NewsDeleted,
                "sent" => Msg::ContactSent,
                "subscribed" => Msg::DigestCheckMail,
                "confirmed" => Msg::DigestConfirmed,
                "unsubscribed" => Msg::DigestUnsubscribed,
                "cover" => Msg::NewsSaved,
                _ => return None,
            })
        })
        .map(|m| view! { <p class="notice" role="status">{t(m)}</p> })
}

/// One article in a list.
#[component]
pub(crate) fn NewsCardView(card: NewsCard) -> impl IntoView {
    view! {
        <li class="card news-card">
            {card.cover.clone().map(|src| view! { <img src=src alt="" width="600" height="300" loading="lazy" /> })}
            <p class="hint"><span class="badge">{card.category_label.clone()}</span></p>
            <h3 lang=card.lang.clone()><a href=card.href.clone()>{card.title.clone()}</a></h3>
            <p class="hint">
                {card.author.clone()}" · "<time datetime=card.date_iso.clone()>{card.date.clone()}</time>" · "{card.minutes.clone()}
                {card.language.clone().map(|l| view! { " · "<span class="badge">{l}</span> })}
            </p>
            {(!card.excerpt.is_empty()).then(|| view! { <p lang=card.lang.clone()>{card.excerpt.clone()}</p> })}
        </li>
    }
}

/// `/news`: the latest articles, newest first; filters; "Load more"; the
/// feeds and the digest; drafts and "Write an article" for those who may.
#[component]
pub fn NewsPage() -> impl IntoView {
    let locale = use_locale();
    let q = use_query_map();
    let filters = move || {
        let q = q.read();
        let get = |k: &str| q.get(k).unwrap_or_default();
        crate::dto::NewsFilters {
            category: get("category"),
            language: get("language"),
            q: get("q"),
            page: get("page"),
        }
    };
    let data = Resource::new(filters, get_news);
    view! {
        <Title text=t(Msg::NavNews) />
        <section class="page news">
            <h1>{t(Msg::NavNews)}</h1>
            <p class="lead">{t(Msg::NewsIntro)}</p>
            <NewsNotice />
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(l) => {
                            let f = l.filters.clone();
                            view! {
                                {l.feeds.iter().map(|f| view! {
                                    <Link rel="alternate" type_=if f.href.ends_with(".rss") { "application/rss+xml" } else { "application/atom+xml" } href=f.href.clone() title=f.label.clone() />
                                }).collect_view()}
                                {l.can_write.then(|| view! {
                                    <p><a class="button" href="/news/write">{t(Msg::NewsWrite)}</a></p>
                                })}
                                {(!l.mine.is_empty()).then(|| view! {
                                    <section aria-labelledby="news-mine">
                                        <h2 id="news-mine">{t(Msg::NewsMine)}</h2>
                                        <ul class="plain">
                                            {l.mine.clone().into_iter().map(|c| {
                                                let edit = format!("/news/{}/edit?lang={}", c.id, c.lang);
                                                view! { <li><a href=edit>{c.title.clone()}</a>" · "<span class="badge">{c.date.clone()}</span></li> }
                                            }).collect_view()}
                                        </ul>
                                    </section>
                                })}
                                {(!l.featured.is_empty()).then(|| view! {
                                    <section aria-labelledby="news-featured">
                                        <h2 id="news-featured">{t(Msg::NewsFeatured)}</h2>
                                        <ul class="cards">{l.featured.clone().into_iter().map(|c| view! { <NewsCardView card=c /> }).collect_view()}</ul>
                                    </section>
                                })}
                                <section aria-labelledby="news-latest">
                                    <h2 id="news-latest">{t(Msg::NewsLatest)}</h2>
                                    <form method="get" action="/news" class="filters" role="search">
                                        <div class="field">
                                            <label for="f-q">{t(Msg::NewsSearch)}</label>
                                            <input id="f-q" type="search" name="q" value=f.q.clone() />
                                        </div>
                                        {filter_select("category", Msg::NewsFilterCategory, l.categories.clone(), f.category.clone())}
                                        {filter_select("language", Msg::NewsFilterLanguage, l.languages.clone(), f.language.clone())}
                                        <button type="submit" class="button secondary">{t(Msg::FilterApply)}</button>
                                    </form>
                                    {if l.items.is_empty() {
                                        view! { <p>{t(Msg::NewsNone)}</p> }.into_any()
                                    } else {
                                        view! { <ul class="cards" id="news-list" data-append="" data-announce="news-added" data-added=Msg::NewsAdded.text(locale)>{l.items.clone().into_iter().map(|c| view! { <NewsCardView card=c /> }).collect_view()}</ul> }.into_any()
                                    }}
                                    <p class="visually-hidden" id="news-added" role="status" aria-live="polite"></p>
                                    <div id="news-more" data-more="news-list">
                                        {l.next.clone().map(|href| view! { <p><a class="button secondary" href=href rel="next">{t(Msg::NewsLoadMore)}</a></p> })}
                                    </div>
                                    {l.next.is_some().then(|| view! {
                                        <InPlaceForms />
                                    })}
                                </section>
                                <section aria-labelledby="news-follow">
                                    <h2 id="news-follow">{t(Msg::DigestTitle)}</h2>
                                    <p>{t(Msg::DigestLead)}" "<a href="/news/subscribe">{t(Msg::DigestSubscribe)}</a></p>
                                    <p>{t(Msg::NewsFeeds)}": "
                                        {l.feeds.iter().map(|f| view! { <a href=f.href.clone()>{f.label.clone()}</a>" " }).collect_view()}
                                    </p>
                                </section>
                                {l.can_write.then(|| view! { <p><a href="/news/authors">{t(Msg::NewsAuthors)}</a>" · "<a href="/publications">{t(Msg::PublicationsTitle)}</a></p> })}
                            }.into_any()
                        }
                        Err(e) => {
                            set_status(&e);
                            view! { <p class="error">{e.message(locale)}</p> }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

/// An article (`/news/<id>`, `/news/<id>/<lang>`).
#[component]
pub fn ArticleView() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let key = move || {
        let p = params.read();
        (
            p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0),
            p.get("lang").unwrap_or_default(),
        )
    };
    let data = Resource::new(key, |(id, lang)| get_article(id, lang));
    view! {
        <article class="page article">
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(a) => {
                            let edit = format!("/news/{}/edit?lang={}", a.id, a.lang);
                            let og_image = a.cover.clone().unwrap_or_default();
                            view! {
                                <Title text=a.title.clone() />
                                <Meta name="description" content=a.excerpt.clone() />
                                <Meta property="og:type" content="article" />
                                <Meta property="og:title" content=a.title.clone() />
                                <Meta property="og:description" content=a.excerpt.clone() />
                                <Meta property="og:url" content=a.url.clone() />
                                <Meta property="og:locale" content=a.lang.clone() />
                                {(!og_image.is_empty()).then(|| view! { <Meta property="og:image" content=og_image.clone() /> })}
                                <Meta property="article:published_time" content=a.date_iso.clone() />
                                <Link rel="canonical" href=a.url.clone() />
                                {a.translations.iter().map(|(code, _, href)| view! { <Link rel="alternate" hreflang=code.clone() href=href.clone() /> }).collect_view()}
                                <Link rel="alternate" hreflang=a.lang.clone() href=format!("/news/{}/{}", a.id, a.lang) />
                                <script type="application/ld+json" inner_html=a.json_ld.clone()></script>
                                <p><a href="/news">{t(Msg::NavNews)}</a>" · "<span class="badge">{a.category_label.clone()}</span></p>
                                <NewsNotice />
                                {a.status.clone().map(|s| view! { <p class="notice" role="status">{s}</p> })}
                                <div lang=a.lang.clone()>
                                    <h1>{a.title.clone()}</h1>
                                    {(!a.excerpt.is_empty()).then(|| view! { <p class="lead">{a.excerpt.clone()}</p> })}
                                </div>
                                <p class="hint">
                                    {a.author.clone()}" · "<time datetime=a.date_iso.clone()>{a.date.clone()}</time>" · "{a.minutes.clone()}
                                </p>
                                {a.note.clone().map(|n| view! { <p class="hint">{n}</p> })}
                                {(!a.translations.is_empty()).then(|| view! {
                                    <p>{t(Msg::NewsOtherLanguages)}": "
                                        {a.translations.iter().map(|(code, name, href)| view! { <a href=href.clone() hreflang=code.clone() lang=code.clone()>{name.clone()}</a>" " }).collect_view()}
                                    </p>
                                })}
                                {a.can_edit.then(|| view! { <p><a href=edit.clone()>{t(Msg::NewsEdit)}</a></p> })}
                                {a.cover.clone().map(|src| view! { <img class="cover" src=src alt="" width="1200" height="600" /> })}
                                <div class="prose" lang=a.lang.clone() inner_html=a.body_html.clone()></div>
                                {(!a.tags.is_empty()).then(|| view! {
                                    <p>{a.tags.iter().map(|tag| view! { <span class="badge">{tag.clone()}</span>" " }).collect_view()}</p>
                                })}
                                {(!a.about.is_empty()).then(|| view! {
                                    <section aria-labelledby="article-about">
                                        <h2 id="article-about">{t(Msg::NewsAbout)}</h2>
                                        <ul class="plain">{a.about.iter().map(|l| view! { <li><a href=l.href.clone()>{l.label.clone()}</a></li> }).collect_view()}</ul>
                                    </section>
                                })}
                                {(!a.related.is_empty()).then(|| view! {
                                    <section aria-labelledby="article-related">
                                        <h2 id="article-related">{t(Msg::NewsRelated)}</h2>
                                        <ul class="cards">{a.related.clone().into_iter().map(|c| view! { <NewsCardView card=c /> }).collect_view()}</ul>
                                    </section>
                                })}
                            }.into_any()
                        }
                        Err(e) => {
                            set_status(&e);
                            view! { <h1>{t(Msg::NavNews)}</h1><p class="error">{e.message(locale)}</p> }.into_any()
                        }
                    }
                })}
            </Transition>
        </article>
    }
}
