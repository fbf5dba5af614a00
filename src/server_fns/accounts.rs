use crate::dto::{AccountView, SessionUser};
use crate::error::AppError;
use leptos::prelude::*;

/// Who is signed in, if anyone.
#[server(endpoint = "current_user")]
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let Some(u) = ctx.user().await? else {
            return Ok(None);
        };
        let counters = crate::services::social::notifications::counters(&ctx.state, u.id.0).await?;
        Ok(Some(SessionUser {
            id: u.id.0,
            name: u.name,
            role: u.role,
            counters,
        }))
    })
    .await
}

#[server(endpoint = "sign_up")]
pub async fn sign_up(name: String, email: String, password: String) -> Result<(), AppError> {
    use crate::server::request::with_ctx_keeping;
    let keep = vec![("name", name.clone()), ("email", email.clone())];
    with_ctx_keeping(keep, |ctx| async move {
        crate::services::accounts::sign_up(
            &ctx.state,
            ctx.client_ip(),
            ctx.locale(),
            &name,
            &email,
            &password,
        )
        .await?;
        leptos_axum::redirect("/account/check-email?reason=signup");
        Ok(())
    })
    .await
}

#[server(endpoint = "confirm_email")]
pub async fn confirm_email(token: String) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        crate::services::accounts::confirm_email(&ctx.state, ctx.client_ip(), &token).await?;
        leptos_axum::redirect("/account/sign-in?notice=confirmed");
        Ok(())
    })
    .await
}

#[server(endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    use crate::server::{cookies, request::with_ctx_keeping};
    with_ctx_keeping(vec![("email", email.clone())], |ctx| async move {
        let previous = ctx.session_hash();
        let session = crate::services::accounts::sign_in(
            &ctx.state,
            ctx.client_ip(),
            ctx.locale(),
            &email,
            &password,
            previous.as_deref(),
        )
        .await?;
        // which browser this is, for the member's list of sessions
        let agent = ctx
            .parts
            .headers
            .get(axum::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        crate::services::self_service::note_device(
            &ctx.state,
            &crate::services::tokens::hash_token(&session.token),
            agent,
        )
        .await;
        let secure = ctx.state.config.secure_cookies();
        ctx.set_cookie(&cookies::set(
            cookies::SESSION,
            &session.token,
            session.max_age_secs,
            secure,
        ));
        // the account's language wins from now on
        ctx.set_cookie(&cookies::set(
            cookies::LANG,
            session.user.locale.code(),
            365 * 24 * 3600,
            secure,
        ));
        leptos_axum::redirect(crate::escape::local_path(next.as_deref().unwrap_or("/")));
        Ok(())
    })
    .await
}

#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::server::{cookies, request::with_ctx};
    with_ctx(|ctx| async move {
        crate::services::accounts::sign_out(&ctx.state, ctx.session_hash().as_deref()).await?;
        ctx.clear_site_data();
        ctx.set_cookie(&cookies::clear(
            cookies::SESSION,
            ctx.state.config.secure_cookies(),
        ));
        leptos_axum::redirect("/");
        Ok(())
    })
    .await
}

#[server(endpoint = "request_reset")]
pub async fn request_reset(email: String) -> Result<(), AppError> {
    use crate::server::request::with_ctx_keeping;
    with_ctx_keeping(vec![("email", email.clone())], |ctx| async move {
        crate::services::accounts::request_reset(&ctx.state, ctx.client_ip(), ctx.locale(), &email)
            .await?;
        leptos_axum::redirect("/account/check-email?reason=reset");
        Ok(())
    })
    .await
}

#[server(endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    use crate::server::{cookies, request::with_ctx};
    with_ctx(|ctx| async move {
        crate::services::accounts::reset_password(&ctx.state, ctx.client_ip(), &token, &password)
            .await?;
        ctx.set_cookie(&cookies::clear(
            cookies::SESSION,
            ctx.state.config.secure_cookies(),
        ));
        leptos_axum::redirect("/account/sign-in?notice=reset");
        Ok(())
    })
    .await
}

#[server(endpoint = "my_account")]
pub async fn my_account() -> Result<AccountView, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        let locale = ctx.locale();
        let since =
            chrono::DateTime::<chrono::Utc>::from_timestamp(user.created_at, 0).unwrap_or_default();
        use chrono::Datelike;
        let member_since = crate::i18n::dates::date(
            locale,
            since.year(),
            since.month(),
            since.day(),
            since.weekday().num_days_from_monday(),
        );
        Ok(AccountView {
            name: user.name,
            email: user.email,
            role: user.role,
            member_since,
        })
    })
    .await
}
