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
            crate::server::unix_now(),
        )
        .await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect("/matchmaking");
        }
        Ok(())
    })
    .await
}
