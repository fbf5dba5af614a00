//! Matchmaking: suggestions of people to meet, and verdicts on them.

use crate::dto::Suggestions;
use crate::error::AppError;
use leptos::prelude::*;

/// None for visitors: the page asks them to sign in (and stays a 200).
#[server(endpoint = "get_suggestions")]
pub async fn get_suggestions() -> Result<Option<Suggestions>, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let Some(user) = ctx.user().await? else {
            return Ok(None);
        };
        crate::services::matchmaking::suggestions(&*ctx.state.store, &user, ctx.locale())
            .await
            .map(Some)
    })
    .await
}

/// `verdict`: "hide", "useful" or "undo".
#[server(endpoint = "suggestion_feedback")]
pub async fn suggestion_feedback(other_id: i64, verdict: String) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::network::limit_user_forms(&ctx.state, &user).await?;
        crate::services::matchmaking::feedback(
            &*ctx.state.store,
            &user,
            other_id,
            &verdict,
            crate::services::clock::unix_now(),
        )
        .await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect("/matchmaking");
        }
        Ok(())
    })
    .await
}

/// "sent", or "accepted" when the other had asked first.
#[server(endpoint = "connect_request")]
pub async fn connect_request(to: i64, note: String) -> Result<String, AppError> {
    use crate::server::request::with_ctx_keeping;
    let keep = vec![("note", note.clone())];
    with_ctx_keeping(keep, |ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::network::limit_user_forms(&ctx.state, &user).await?;
        let out = crate::services::matchmaking::connect(
            &ctx.state,
            &user,
            to,
            &note,
            crate::services::clock::unix_now(),
        )
        .await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!("/people/{to}#ties"));
        }
        Ok(out)
    })
    .await
}

/// `answer`: "accept" or "decline".
#[server(endpoint = "connect_answer")]
pub async fn connect_answer(id: i64, answer: String) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        let accept = match answer.as_str() {
            "accept" => true,
            "decline" => false,
            _ => return Err(AppError::validation("answer", crate::i18n::Msg::ErrChoice)),
        };
        crate::services::matchmaking::answer_connection(
            &*ctx.state.store,
            &user,
            id,
            accept,
            crate::services::clock::unix_now(),
        )
        .await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect("/account/connections");
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "connect_remove")]
pub async fn connect_remove(id: i64) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::matchmaking::remove_connection(&*ctx.state.store, &user, id).await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect("/account/connections");
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "get_connections")]
pub async fn get_connections() -> Result<crate::dto::ConnectionsPage, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::matchmaking::connections(&*ctx.state.store, &user, ctx.locale()).await
    })
    .await
}

#[server(endpoint = "get_profile_ties")]
pub async fn get_profile_ties(id: i64) -> Result<crate::dto::ProfileTies, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let viewer = ctx.user().await?;
        crate::services::matchmaking::profile_ties(
            &*ctx.state.store,
            viewer.as_ref(),
            id,
            ctx.locale(),
        )
        .await
    })
    .await
}
