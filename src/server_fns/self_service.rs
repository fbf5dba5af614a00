//! Account self-service: password, e-mail address, sessions, deletion.
//! Every function but the e-mail link's needs the member signed in; the data
//! export is the plain route `GET /account/export.json` (a file download).

use crate::dto::{DeletionView, SignedInSession};
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::self_service::change_password(
            &ctx.state,
            &user,
            ctx.session_hash().as_deref(),
            &current_password,
            &new_password,
        )
        .await?;
        leptos_axum::redirect("/account/password?notice=changed");
        Ok(())
    })
    .await
}

#[server(endpoint = "request_email_change")]
pub async fn request_email_change(
    new_email: String,
    current_password: String,
) -> Result<(), AppError> {
    use crate::server::request::with_ctx_keeping;
    with_ctx_keeping(vec![("new_email", new_email.clone())], |ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::self_service::request_email_change(
            &ctx.state,
            ctx.client_ip(),
            &user,
            &new_email,
            &current_password,
        )
        .await?;
        leptos_axum::redirect("/account/email?notice=sent");
        Ok(())
    })
    .await
}

/// The link mailed to the new address: the token is the permission.
#[server(endpoint = "confirm_email_change")]
pub async fn confirm_email_change(token: String) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        crate::services::self_service::confirm_email_change(&ctx.state, ctx.client_ip(), &token)
            .await?;
        leptos_axum::redirect("/account/email/confirm?notice=done");
        Ok(())
    })
    .await
}

#[server(endpoint = "my_sessions")]
pub async fn my_sessions() -> Result<Vec<SignedInSession>, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::self_service::sessions(
            &ctx.state,
            &user,
            ctx.session_hash().as_deref(),
            ctx.locale(),
            ctx.reader_zone().as_deref(),
        )
        .await
    })
    .await
}

#[server(endpoint = "end_session")]
pub async fn end_session(id: String) -> Result<(), AppError> {
    use crate::server::{cookies, request::with_ctx};
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        let was_current = crate::services::self_service::end_session(
            &ctx.state,
            &user,
            &id,
            ctx.session_hash().as_deref(),
        )
        .await?;
        if was_current {
            ctx.clear_site_data();
            ctx.set_cookie(&cookies::clear(
                cookies::SESSION,
                ctx.state.config.secure_cookies(),
            ));
            leptos_axum::redirect("/account/sign-in");
        } else {
            leptos_axum::redirect("/account/sessions?notice=ended");
        }
        Ok(())
    })
    .await
}

/// Signs out every session but this one (`everywhere` absent), or every
/// session including this one (`everywhere=1`).
#[server(endpoint = "end_sessions")]
pub async fn end_sessions(everywhere: Option<String>) -> Result<(), AppError> {
    use crate::server::{cookies, request::with_ctx};
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        let everywhere = everywhere.is_some_and(|v| !v.is_empty() && v != "0");
        let current = ctx.session_hash();
        let keep = if everywhere { None } else { current.as_deref() };
        crate::services::self_service::end_sessions(&ctx.state, &user, keep).await?;
        if everywhere {
            ctx.clear_site_data();
            ctx.set_cookie(&cookies::clear(
                cookies::SESSION,
                ctx.state.config.secure_cookies(),
            ));
            leptos_axum::redirect("/account/sign-in");
        } else {
            leptos_axum::redirect("/account/sessions?notice=ended");
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "deletion_info")]
pub async fn deletion_info() -> Result<DeletionView, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::self_service::deletion_view(&ctx.state, &user).await
    })
    .await
}

/// Deletes the account: the current password and the ticked box `confirm`.
#[server(endpoint = "delete_account")]
pub async fn delete_account(
    current_password: String,
    confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::server::{cookies, request::with_ctx};
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        let confirmed = confirm.is_some_and(|v| !v.is_empty());
        crate::services::self_service::delete_account(
            &ctx.state,
            &user,
            &current_password,
            confirmed,
        )
        .await?;
        ctx.clear_site_data();
        ctx.set_cookie(&cookies::clear(
            cookies::SESSION,
            ctx.state.config.secure_cookies(),
        ));
        leptos_axum::redirect("/account/delete?notice=deleted");
        Ok(())
    })
    .await
}
