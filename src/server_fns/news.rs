//! News, publications, the programme page, the contact form and the news
//! digest. Context → service (which checks who may) → a redirect for plain
//! form posts to the page that says what happened.

use crate::domain::news::{ArticleForm, ContactForm};
use crate::dto::{
    ArticleEditor, ArticlePage, ContactInbox, NewsAuthors, NewsFilters, NewsList, ProgrammeEditor,
    ProgrammePage, PublicationEditor, PublicationFilters, PublicationList, PublicationPage,
};
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "get_news")]
pub async fn get_news(filters: NewsFilters) -> Result<NewsList, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.user().await?;
        let zone = ctx.reader_zone();
        crate::services::news::list(
            &ctx.state,
            user.as_ref(),
            filters,
            ctx.locale(),
            zone.as_deref(),
        )
        .await
    })
    .await
}

#[server(endpoint = "get_article")]
pub async fn get_article(id: i64, lang: String) -> Result<ArticlePage, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.user().await?;
        let zone = ctx.reader_zone();
        let lang = (!lang.is_empty()).then_some(lang.as_str());
        crate::services::news::article(
            &ctx.state,
            user.as_ref(),
            id,
            lang,
            ctx.locale(),
            zone.as_deref(),
        )
        .await
    })
    .await
}

#[server(endpoint = "get_article_editor")]
pub async fn get_article_editor(id: i64, lang: String) -> Result<ArticleEditor, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        let zone = ctx.reader_zone();
        crate::services::news::editor(&ctx.state, &user, id, &lang, ctx.locale(), zone.as_deref())
            .await
    })
    .await
}

/// Saves one language of an article; a plain post goes to its editor.
#[server(endpoint = "save_article")]
pub async fn save_article(id: i64, version: i64, form: ArticleForm) -> Result<i64, AppError> {
    use crate::server::request::with_ctx_keeping;
    let keep = vec![
        ("title", form.title.clone()),
        ("excerpt", form.excerpt.clone()),
        ("body", form.body.clone()),
        ("tags", form.tags.clone()),
        ("publish_at", form.publish_at.clone()),
        ("cities", form.cities.clone()),
        ("events", form.events.clone()),
        ("pairings", form.pairings.clone()),
    ];
    with_ctx_keeping(keep, |ctx| async move {
        let user = ctx.require_user().await?;
        let saved = crate::services::news::save(&ctx.state, &user, id, version, &form).await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!(
                "/news/{saved}/edit?lang={}&notice=saved",
                crate::escape::url_component(form.locale.trim())
            ));
        }
        Ok(saved)
    })
    .await
}

#[server(endpoint = "delete_article")]
pub async fn delete_article(id: i64) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        if let Some(cover) = crate::services::news::delete(&ctx.state, &user, id).await? {
            if crate::domain::profile::valid_photo_name(&cover) {
                let _ = tokio::fs::remove_file(
                    ctx.state.config.photos_dir().join(format!("{cover}.jpg")),
                )
                .await;
            }
        }
        if ctx.is_plain_form() {
            leptos_axum::redirect("/news?notice=deleted");
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "delete_translation")]
pub async fn delete_translation(id: i64, lang: String) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::news::delete_text(&ctx.state, &user, id, &lang).await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!("/news/{id}/edit?notice=saved"));
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "get_news_authors")]
pub async fn get_news_authors() -> Result<NewsAuthors, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::news::authors(&ctx.state, &user).await
    })
    .await
}

#[server(endpoint = "set_news_author")]
pub async fn set_news_author(email: String, on: bool) -> Result<(), AppError> {
    use crate::server::request::with_ctx_keeping;
    with_ctx_keeping(vec![("email", email.clone())], |ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::news::set_author(&ctx.state, &user, &email, on).await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect("/news/authors?notice=saved");
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "get_publications")]
pub async fn get_publications(filters: PublicationFilters) -> Result<PublicationList, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.user().await?;
        crate::services::news::library::list(&ctx.state, user.as_ref(), filters, ctx.locale()).await
    })
    .await
}

#[server(endpoint = "get_publication")]
pub async fn get_publication(id: i64) -> Result<PublicationPage, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.user().await?;
        crate::services::news::library::page(&ctx.state, user.as_ref(), id, ctx.locale()).await
    })
    .await
}

#[server(endpoint = "get_publication_editor")]
pub async fn get_publication_editor(id: i64) -> Result<PublicationEditor, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::news::library::editor(&ctx.state, &user, id, ctx.locale()).await
    })
    .await
}

#[server(endpoint = "delete_publication")]
pub async fn delete_publication(id: i64) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        if let Some(f) = crate::services::news::library::delete(&ctx.state, &user, id).await? {
            crate::server::documents::delete_stored(&ctx.state.config, &f.stored_as).await;
        }
        if ctx.is_plain_form() {
            leptos_axum::redirect("/publications?notice=deleted");
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "get_programme")]
pub async fn get_programme() -> Result<ProgrammePage, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.user().await?;
        crate::services::news::programme::page(&ctx.state, user.as_ref(), ctx.locale()).await
    })
    .await
}

#[server(endpoint = "get_programme_editor")]
pub async fn get_programme_editor() -> Result<ProgrammeEditor, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::news::programme::editor(&ctx.state, &user).await
    })
    .await
}

#[server(endpoint = "save_programme")]
pub async fn save_programme(
    body_en: String,
    body_fr: String,
    body_es: String,
) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::news::programme::save(&ctx.state, &user, &[body_en, body_fr, body_es])
            .await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect("/about?notice=saved");
        }
        Ok(())
    })
    .await
}

/// The contact form; a plain post comes back to `/contact?notice=sent`.
#[server(endpoint = "send_contact")]
pub async fn send_contact(form: ContactForm) -> Result<(), AppError> {
    use crate::server::request::with_ctx_keeping;
    let keep = vec![
        ("name", form.name.clone()),
        ("email", form.email.clone()),
        ("subject", form.subject.clone()),
        ("message", form.message.clone()),
    ];
    with_ctx_keeping(keep, |ctx| async move {
        let client = crate::services::rate_limit::source(ctx.client_ip());
        crate::services::news::contact::send(&ctx.state, &form, ctx.locale(), Some(&client))
            .await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect("/contact?notice=sent");
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "get_contact_inbox")]
pub async fn get_contact_inbox(status: String) -> Result<ContactInbox, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::news::contact::inbox(&ctx.state, &user, &status, ctx.locale()).await
    })
    .await
}

#[server(endpoint = "set_contact_status")]
pub async fn set_contact_status(id: i64, status: String) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::news::contact::set_status(&ctx.state, &user, id, &status).await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!("/contact/messages?notice=saved#message-{id}"));
        }
        Ok(())
    })
    .await
}

/// Asks for the weekly digest; the same answer whatever the address.
#[server(endpoint = "subscribe_news")]
pub async fn subscribe_news(email: String) -> Result<(), AppError> {
    use crate::server::request::with_ctx_keeping;
    with_ctx_keeping(vec![("email", email.clone())], |ctx| async move {
        let client = crate::services::rate_limit::source(ctx.client_ip());
        crate::services::news::digest::subscribe(&ctx.state, &email, ctx.locale(), Some(&client))
            .await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect("/news/subscribe?notice=subscribed");
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "confirm_news")]
pub async fn confirm_news(token: String) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        crate::services::news::digest::confirm(&ctx.state, &token).await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect("/news/subscribe?notice=confirmed");
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "unsubscribe_news")]
pub async fn unsubscribe_news(token: String) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        if !crate::services::news::digest::unsubscribe(&ctx.state, &token).await? {
            return Err(AppError::Refused(crate::i18n::Msg::DigestLinkInvalid));
        }
        if ctx.is_plain_form() {
            leptos_axum::redirect("/news/subscribe?notice=unsubscribed");
        }
        Ok(())
    })
    .await
}
