//! Sign-up, e-mail confirmation, sign-in and out, password reset, roles.
//!
//! No answer reveals whether an e-mail address has an account: sign-up and
//! reset requests answer the same either way and tell the mailbox owner.

use super::rate_limit::{self, Limit};
use super::tokens::new_token;
use super::Ctx;
use super::{internal, passwords};
use crate::domain::{DisplayName, Email, Locale, Password, Role, UserId};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::mail::Mail;
use crate::store::{NewEmailToken, NewUser, StoreError, TokenPurpose, UserRecord};
use std::net::IpAddr;

pub const CONFIRM_TTL_SECS: i64 = 48 * 3600;
pub const RESET_TTL_SECS: i64 = 3600;

fn forms_limit(ctx: &Ctx) -> Limit {
    Limit {
        max: ctx.config.limits.forms_per_ip,
        window_secs: ctx.config.limits.forms_window_secs,
    }
}

async fn limit_forms(ctx: &Ctx, ip: IpAddr) -> Result<(), AppError> {
    rate_limit::take(
        &*ctx.store,
        &format!("forms:ip:{ip}"),
        &forms_limit(ctx),
        ctx.now(),
    )
    .await
}

#[tracing::instrument(skip_all, fields(%ip))]
pub async fn sign_up(
    ctx: &Ctx,
    ip: IpAddr,
    locale: Locale,
    name: &str,
    email: &str,
    password: &str,
) -> Result<(), AppError> {
    let name = DisplayName::parse(name)?;
    let email = Email::parse(email)?;
    let password = Password::parse(password)?;
    limit_forms(ctx, ip).await?;
    let password_hash = passwords::hash(password.expose().to_owned()).await;
    let now = ctx.now();
    let new = NewUser {
        email: email.clone(),
        name,
        password_hash,
        role: Role::Member,
        locale,
        confirmed: false,
        now,
    };
    match ctx.store.create_user(&new).await {
        Ok(id) => send_confirmation(ctx, id, &email, new.name.as_str(), locale).await,
        Err(StoreError::Duplicate) => {
            let existing = ctx.store.user_by_email(email.as_str()).await?;
            let name = existing.map(|u| u.name).unwrap_or_default();
            let link = format!("{}/account/sign-in", ctx.config.base_url);
            send(
                ctx,
                locale,
                email.as_str(),
                &name,
                Msg::MailExistsSubject,
                Msg::MailExistsBody,
                link,
            )
            .await
        }
        Err(e) => Err(AppError::from(e)),
    }
}

async fn send_confirmation(
    ctx: &Ctx,
    user: UserId,
    email: &Email,
    name: &str,
    locale: Locale,
) -> Result<(), AppError> {
    let link = issue_link(ctx, user, TokenPurpose::Confirm).await?;
    send(
        ctx,
        locale,
        email.as_str(),
        name,
        Msg::MailConfirmSubject,
        Msg::MailConfirmBody,
        link,
    )
    .await
}

/// Stores a new single-use token for `user` and returns the link that carries it.
async fn issue_link(ctx: &Ctx, user: UserId, purpose: TokenPurpose) -> Result<String, AppError> {
    let (token, token_hash) = new_token();
    let now = ctx.now();
    let (path, ttl) = match purpose {
        TokenPurpose::Confirm => ("/account/confirm", CONFIRM_TTL_SECS),
        TokenPurpose::Reset => ("/account/reset", RESET_TTL_SECS),
    };
    let token_row = NewEmailToken {
        token_hash,
        user,
        purpose,
        now,
        expires_at: now + ttl,
    };
    ctx.store.create_email_token(&token_row).await?;
    Ok(format!("{}{path}?token={token}", ctx.config.base_url))
}

async fn send(
    ctx: &Ctx,
    locale: Locale,
    to: &str,
    name: &str,
    subject: Msg,
    body: Msg,
    link: String,
) -> Result<(), AppError> {
    let text = format!(
        "{}\n\n{}\n\n{}\n",
        Msg::MailGreeting.fill(locale, &[("name", name)]),
        body.fill(locale, &[("link", &link)]),
        Msg::MailSignature.text(locale)
    );
    let mail = Mail {
        to: to.to_owned(),
        to_name: name.to_owned(),
        subject: subject.text(locale).to_owned(),
        body: text,
        link: Some(link),
        reply_to: None,
        unsubscribe: None,
        attachment: None,
    };
    ctx.mailer.send(mail).await.map_err(|e| internal(&e))
}

#[tracing::instrument(skip_all, fields(%ip))]
pub async fn confirm_email(ctx: &Ctx, ip: IpAddr, token: &str) -> Result<UserId, AppError> {
    limit_forms(ctx, ip).await?;
    let hash = super::tokens::hash_token(token.trim());
    let now = ctx.now();
    let user = ctx
        .store
        .consume_email_token(&hash, TokenPurpose::Confirm, now)
        .await?
        .ok_or(AppError::Refused(Msg::ErrTokenInvalid))?;
    ctx.store.confirm_email(user, now).await?;
    // a confirmed member becomes findable (unless they hide their profile)
    super::network::reindex(&*ctx.store, user, now).await?;
    tracing::info!(user = user.0, "e-mail confirmed");
    Ok(user)
}

/// A new session: the token for the cookie and when it expires.
pub struct NewSession {
    pub user: UserRecord,
    pub token: String,
    pub max_age_secs: i64,
}

#[tracing::instrument(skip_all, fields(%ip))]
pub async fn sign_in(
    ctx: &Ctx,
    ip: IpAddr,
    locale: Locale,
    email: &str,
    password: &str,
    previous_session: Option<&str>,
) -> Result<NewSession, AppError> {
    let email = Email::parse(email)?;
    if password.is_empty() {
        return Err(AppError::validation("password", Msg::ErrPasswordRequired));
    }
    let limits = &ctx.config.limits;
    let now = ctx.now();
    // Every attempt from a source counts against it; failures on an account
    // count per (account, source), so guessing from one place is slow while
    // the owner, elsewhere, is never locked out by someone else's guesses.
    // Both are taken before the password is checked: parallel attempts are
    // all counted, and a right password does not skip the wait.
    let source = rate_limit::source(ip);
    let ip_bucket = format!("signin:ip:{source}");
    let account_bucket = format!("signin:account:{email}:{source}");
    let store = &*ctx.store;
    let window = limits.signin_window_secs;
    rate_limit::take(
        store,
        &ip_bucket,
        &Limit {
            max: limits.signin_per_ip,
            window_secs: window,
        },
        now,
    )
    .await?;
    rate_limit::take(
        store,
        &account_bucket,
        &Limit {
            max: limits.signin_per_account,
            window_secs: window,
        },
        now,
    )
    .await?;

    let user = store.user_by_email(email.as_str()).await?;
    let hash = user
        .as_ref()
        .map(|u| u.password_hash.clone())
        .unwrap_or_else(|| passwords::decoy_hash().to_owned());
    let valid = passwords::verify(hash, password.to_owned()).await;
    let user = match (user, valid) {
        (Some(user), true) => user,
        _ => {
            tracing::info!("sign-in refused: bad credentials");
            return Err(AppError::Refused(Msg::ErrBadCredentials));
        }
    };
    if store.is_suspended(user.id.0).await? {
        tracing::info!(user = user.id.0, "sign-in refused: suspended");
        return Err(AppError::Refused(Msg::ErrSuspended));
    }
    if user.email_confirmed_at.is_none() {
        send_confirmation(ctx, user.id, &email, &user.name, locale).await?;
        return Err(AppError::Refused(Msg::ErrEmailNotConfirmed));
    }
    store.clear_attempts(&account_bucket).await?;
    if let Some(old) = previous_session {
        store.delete_session(old).await?;
    }
    let (token, token_hash) = new_token();
    let max_age_secs = ctx.config.session_days * 24 * 3600;
    store
        .create_session(&token_hash, user.id, now, now + max_age_secs)
        .await?;
    tracing::info!(user = user.id.0, "signed in");
    Ok(NewSession {
        user,
        token,
        max_age_secs,
    })
}

pub async fn sign_out(ctx: &Ctx, session_hash: Option<&str>) -> Result<(), AppError> {
    if let Some(hash) = session_hash {
        ctx.store.delete_session(hash).await?;
    }
    Ok(())
}

#[tracing::instrument(skip_all, fields(%ip))]
pub async fn request_reset(
    ctx: &Ctx,
    ip: IpAddr,
    locale: Locale,
    email: &str,
) -> Result<(), AppError> {
    let email = Email::parse(email)?;
    limit_forms(ctx, ip).await?;
    let Some(user) = ctx.store.user_by_email(email.as_str()).await? else {
        tracing::info!("reset asked for an unknown address");
        return Ok(());
    };
    let link = issue_link(ctx, user.id, TokenPurpose::Reset).await?;
    send(
        ctx,
        locale,
        &user.email,
        &user.name,
        Msg::MailResetSubject,
        Msg::MailResetBody,
        link,
    )
    .await
}

#[tracing::instrument(skip_all, fields(%ip))]
pub async fn reset_password(
    ctx: &Ctx,
    ip: IpAddr,
    token: &str,
    password: &str,
) -> Result<UserId, AppError> {
    let password = Password::parse(password)?;
    limit_forms(ctx, ip).await?;
    let password_hash = passwords::hash(password.expose().to_owned()).await;
    let hash = super::tokens::hash_token(token.trim());
    let user = ctx
        .store
        .reset_password(&hash, &password_hash, ctx.now())
        .await?
        .ok_or(AppError::Refused(Msg::ErrTokenInvalid))?;
    tracing::info!(user = user.0, "password reset; sessions ended");
    Ok(user)
}

pub async fn set_role(
    ctx: &Ctx,
    actor: &UserRecord,
    target: UserId,
    role: &str,
) -> Result<(), AppError> {
    if !actor.role.can_manage_roles() {
        return Err(AppError::Forbidden);
    }
    let role = Role::parse(role)?;
    if actor.id == target {
        return Err(AppError::Refused(Msg::ErrCannotChangeOwnRole));
    }
    if !ctx.store.set_role(target, role).await? {
        return Err(AppError::NotFound);
    }
    tracing::info!(
        actor = actor.id.0,
        target = target.0,
        role = role.as_str(),
        "role changed"
    );
    Ok(())
}

pub const MEMBERS_PAGE_SIZE: i64 = 50;

pub async fn list_members(
    ctx: &Ctx,
    actor: &UserRecord,
    page: i64,
) -> Result<(Vec<UserRecord>, i64), AppError> {
    if !actor.role.can_manage_roles() {
        return Err(AppError::Forbidden);
    }
    let page = page.max(0);
    let users = ctx
        .store
        .list_users(MEMBERS_PAGE_SIZE, page * MEMBERS_PAGE_SIZE)
        .await?;
    let total = ctx.store.count_users().await?;
    Ok((users, total))
}

/// `tandem admin create`: a confirmed administrator. An existing account with
/// that address is promoted and given the new password.
pub async fn create_admin(
    ctx: &Ctx,
    name: &str,
    email: &str,
    password: &str,
) -> Result<(UserId, bool), AppError> {
    let name = DisplayName::parse(name)?;
    let email = Email::parse(email)?;
    let password = Password::parse(password)?;
    let password_hash = passwords::hash(password.expose().to_owned()).await;
    let now = ctx.now();
    let new = NewUser {
        email: email.clone(),
        name,
        password_hash: password_hash.clone(),
        role: Role::Admin,
        locale: Locale::En,
        confirmed: true,
        now,
    };
    match ctx.store.create_user(&new).await {
        Ok(id) => {
            super::network::reindex(&*ctx.store, id, now).await?;
            Ok((id, true))
        }
        Err(StoreError::Duplicate) => {
            let user = ctx
                .store
                .user_by_email(email.as_str())
                .await?
                .ok_or(AppError::NotFound)?;
            ctx.store.set_role(user.id, Role::Admin).await?;
            ctx.store.confirm_email(user.id, now).await?;
            ctx.store.set_password(user.id, &password_hash).await?;
            super::network::reindex(&*ctx.store, user.id, now).await?;
            Ok((user.id, false))
        }
        Err(e) => Err(AppError::from(e)),
    }
}
