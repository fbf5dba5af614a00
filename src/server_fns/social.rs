//! The social network: posts, comments, reactions, follows, networks,
//! messages, notifications and moderation. Context → service (which checks
//! who may) → for plain form posts, a redirect back to the page.

use crate::domain::social::PostForm;
use crate::dto::{
    ConversationPage, Counters, Feed, FollowState, Inbox, ModerationQueue, NetworkList,
    NetworkPage, NotificationList, NotificationSettings, PostList, PostPage,
};
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::HashMap;

/// A local page to go back to (never another site).
#[cfg(feature = "ssr")]
fn back_to(back: &str, fallback: &str) {
    let to = if back.trim().is_empty() {
        fallback
    } else {
        crate::escape::local_path(back)
    };
    leptos_axum::redirect(to);
}

#[server(endpoint = "get_feed")]
pub async fn get_feed(before: Option<i64>) -> Result<Feed, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        let zone = ctx.reader_zone();
        crate::services::social::feed(&ctx.state, &user, before, ctx.locale(), zone.as_deref())
            .await
    })
    .await
}

/// A topic's posts (`m:12`, `c:3117735`, `p:4`) and whether the reader follows it.
#[server(endpoint = "get_topic_posts")]
pub async fn get_topic_posts(
    topic: String,
    before: Option<i64>,
) -> Result<(PostList, FollowState), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.user().await?;
        let zone = ctx.reader_zone();
        let t = crate::domain::social::Topic::parse(&topic).ok_or(AppError::NotFound)?;
        let list = crate::services::social::topic_posts(
            &ctx.state,
            user.as_ref(),
            t,
            before,
            ctx.locale(),
            zone.as_deref(),
        )
        .await?;
        let follow = crate::services::social::follow_state(&ctx.state, user.as_ref(), t).await?;
        Ok((list, follow))
    })
    .await
}

#[server(endpoint = "create_post")]
pub async fn create_post(form: PostForm, back: String) -> Result<i64, AppError> {
    use crate::server::request::with_ctx_keeping;
    let keep = vec![("body", form.body.clone())];
    with_ctx_keeping(keep, |ctx| async move {
        let user = ctx.require_user().await?;
        let id = crate::services::social::create_post(&ctx.state, &user, &form).await?;
        if ctx.is_plain_form() {
            back_to(&back, "/");
        }
        Ok(id)
    })
    .await
}

#[server(endpoint = "update_post")]
pub async fn update_post(id: i64, form: PostForm) -> Result<(), AppError> {
    use crate::server::request::with_ctx_keeping;
    let keep = vec![("body", form.body.clone())];
    with_ctx_keeping(keep, |ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::social::update_post(&ctx.state, &user, id, &form).await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!("/posts/{id}?notice=saved"));
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "delete_post")]
pub async fn delete_post(id: i64) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::social::delete_post(&ctx.state, &user, id).await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect("/?notice=deleted");
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "react")]
pub async fn react(post: i64, kind: String, on: String, back: String) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::social::react(&ctx.state, &user, post, &kind, on == "true").await?;
        if ctx.is_plain_form() {
            back_to(&back, &format!("/posts/{post}"));
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "add_comment")]
pub async fn add_comment(post: i64, parent: Option<i64>, body: String) -> Result<i64, AppError> {
    use crate::server::request::with_ctx_keeping;
    let keep = vec![("comment", body.clone())];
    with_ctx_keeping(keep, |ctx| async move {
        let user = ctx.require_user().await?;
        let id = crate::services::social::comment(&ctx.state, &user, post, parent, &body).await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!("/posts/{post}#comment-{id}"));
        }
        Ok(id)
    })
    .await
}

#[server(endpoint = "delete_comment")]
pub async fn delete_comment(id: i64) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        let post = crate::services::social::delete_comment(&ctx.state, &user, id).await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!("/posts/{post}"));
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "follow")]
pub async fn follow(topic: String, on: String, back: String) -> Result<FollowState, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        let state =
            crate::services::social::follow(&ctx.state, &user, &topic, on == "true").await?;
        if ctx.is_plain_form() {
            back_to(&back, "/");
        }
        Ok(state)
    })
    .await
}

#[server(endpoint = "get_post")]
pub async fn get_post(id: i64) -> Result<PostPage, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.user().await?;
        let zone = ctx.reader_zone();
        crate::services::social::post_page(
            &ctx.state,
            user.as_ref(),
            id,
            ctx.locale(),
            zone.as_deref(),
        )
        .await
    })
    .await
}

#[server(endpoint = "get_networks")]
pub async fn get_networks() -> Result<NetworkList, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.user().await?;
        crate::services::social::networks::list(&ctx.state, user.as_ref(), ctx.locale()).await
    })
    .await
}

#[server(endpoint = "get_network")]
pub async fn get_network(id: i64, before: Option<i64>) -> Result<NetworkPage, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.user().await?;
        let zone = ctx.reader_zone();
        crate::services::social::networks::page(
            &ctx.state,
            user.as_ref(),
            id,
            before,
            ctx.locale(),
            zone.as_deref(),
        )
        .await
    })
    .await
}

/// `what`: join, leave.
#[server(endpoint = "join_network")]
pub async fn join_network(id: i64, what: String) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        match what.as_str() {
            "leave" => crate::services::social::networks::leave(&ctx.state, &user, id).await?,
            _ => crate::services::social::networks::join(&ctx.state, &user, id).await?,
        }
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!("/networks/{id}"));
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "manage_network")]
pub async fn manage_network(id: i64, member: i64, what: String) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::social::networks::manage(&ctx.state, &user, id, member, &what).await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!("/networks/{id}"));
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "create_network")]
pub async fn create_network(
    name: String,
    description: String,
    open: Option<String>,
) -> Result<i64, AppError> {
    use crate::server::request::with_ctx_keeping;
    let keep = vec![("name", name.clone()), ("description", description.clone())];
    with_ctx_keeping(keep, |ctx| async move {
        let user = ctx.require_user().await?;
        let id = crate::services::social::networks::create(
            &ctx.state,
            &user,
            &name,
            &description,
            open.is_some(),
        )
        .await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!("/networks/{id}"));
        }
        Ok(id)
    })
    .await
}

#[server(endpoint = "get_inbox")]
pub async fn get_inbox() -> Result<Inbox, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        let zone = ctx.reader_zone();
        crate::services::social::messages::inbox(&ctx.state, &user, ctx.locale(), zone.as_deref())
            .await
    })
    .await
}

#[server(endpoint = "get_conversation")]
pub async fn get_conversation(other: i64) -> Result<ConversationPage, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        let zone = ctx.reader_zone();
        crate::services::social::messages::conversation(
            &ctx.state,
            &user,
            other,
            ctx.locale(),
            zone.as_deref(),
        )
        .await
    })
    .await
}

#[server(endpoint = "send_message")]
pub async fn send_message(to: i64, body: String) -> Result<i64, AppError> {
    use crate::server::request::with_ctx_keeping;
    let keep = vec![("body", body.clone())];
    with_ctx_keeping(keep, |ctx| async move {
        let user = ctx.require_user().await?;
        let id = crate::services::social::messages::send(&ctx.state, &user, to, &body).await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!("/messages/{to}#message-{id}"));
        }
        Ok(id)
    })
    .await
}

#[server(endpoint = "block_member")]
pub async fn block_member(other: i64, on: String) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::social::messages::block(&ctx.state, &user, other, on == "true").await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!("/messages/{other}"));
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "get_notifications")]
pub async fn get_notifications() -> Result<NotificationList, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        let zone = ctx.reader_zone();
        crate::services::social::notifications::list(
            &ctx.state,
            &user,
            ctx.locale(),
            zone.as_deref(),
        )
        .await
    })
    .await
}

/// Marks one notification (or all, without `id`) read; with `go`, follows it.
#[server(endpoint = "read_notifications")]
pub async fn read_notifications(id: Option<i64>, go: Option<String>) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::social::notifications::mark_read(&ctx.state, &user, id).await?;
        if ctx.is_plain_form() {
            back_to(go.as_deref().unwrap_or(""), "/notifications");
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "get_counters")]
pub async fn get_counters() -> Result<Counters, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        match ctx.user().await? {
            Some(u) => crate::services::social::notifications::counters(&ctx.state, u.id.0).await,
            None => Ok(Counters::default()),
        }
    })
    .await
}

#[server(endpoint = "get_notification_settings")]
pub async fn get_notification_settings() -> Result<NotificationSettings, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::social::notifications::settings(&ctx.state, &user, ctx.locale()).await
    })
    .await
}

#[server(endpoint = "save_notification_settings")]
pub async fn save_notification_settings(prefs: HashMap<String, String>) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        let pairs: Vec<(String, String)> = prefs.into_iter().collect();
        crate::services::social::notifications::save_settings(&ctx.state, &user, &pairs).await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect("/notifications/settings?notice=saved");
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "unsubscribe_notifications")]
pub async fn unsubscribe_notifications(token: String) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        crate::services::social::notifications::unsubscribe(&ctx.state, &token).await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect("/notifications/unsubscribe?notice=unsubscribed");
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "report")]
pub async fn report(
    subject: String,
    reason: String,
    note: String,
    back: String,
) -> Result<(), AppError> {
    use crate::server::request::with_ctx_keeping;
    let keep = vec![("note", note.clone())];
    with_ctx_keeping(keep, |ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::social::moderation::report(&ctx.state, &user, &subject, &reason, &note)
            .await?;
        if ctx.is_plain_form() {
            let back = crate::escape::local_path(&back);
            let sep = if back.contains('?') { '&' } else { '?' };
            leptos_axum::redirect(&format!(
                "{}{sep}notice=reported",
                back.split('#').next().unwrap_or("/")
            ));
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "get_moderation")]
pub async fn get_moderation() -> Result<ModerationQueue, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        let zone = ctx.reader_zone();
        crate::services::social::moderation::queue(&ctx.state, &user, ctx.locale(), zone.as_deref())
            .await
    })
    .await
}

#[server(endpoint = "moderate")]
pub async fn moderate(subject: String, action: String, reason: String) -> Result<(), AppError> {
    use crate::server::request::with_ctx_keeping;
    let keep = vec![("reason", reason.clone())];
    with_ctx_keeping(keep, |ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::social::moderation::act(&ctx.state, &user, &subject, &action, &reason)
            .await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect("/moderation?notice=saved");
        }
        Ok(())
    })
    .await
}
