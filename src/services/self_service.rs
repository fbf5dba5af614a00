//! Account self-service: change the password or the e-mail address, see and
//! end one's sessions, download everything held about oneself, delete the
//! account.
//!
//! Every use case that asks for the current password counts each check in
//! the account's own bucket (`reauth:<id>`, with the sign-in limits), before
//! the password is verified, so a stolen session gives no more guesses than
//! the sign-in form does.

use super::rate_limit::{self, Limit};
use super::tokens::{hash_token, new_token};
use super::Ctx;
use super::{internal, mail_member, passwords};
use crate::domain::self_service::{device_summary, new_email};
use crate::domain::{Locale, Password, UserId};
use crate::dto::{DeletionView, SignedInSession};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::store::{StoreError, UserRecord};
use std::net::IpAddr;

pub const EMAIL_CHANGE_TTL_SECS: i64 = 24 * 3600;

/// Checks the member's current password, within the sign-in limits.
async fn verify_current(ctx: &Ctx, user: &UserRecord, password: &str) -> Result<(), AppError> {
    if password.is_empty() {
        return Err(AppError::validation(
            "current_password",
            Msg::ErrPasswordRequired,
        ));
    }
    let store = &*ctx.store;
    let now = ctx.now();
    // someone holding the session (a borrowed laptop) must not guess faster
    // than at the sign-in form: each check is counted before the password
    // is verified, atomically, so parallel guesses all count
    let bucket = format!("reauth:{}", user.id.0);
    let limit = Limit {
        max: ctx.config.limits.signin_per_account,
        window_secs: ctx.config.limits.signin_window_secs,
    };
    rate_limit::take(store, &bucket, &limit, now).await?;
    if !passwords::verify(user.password_hash.clone(), password.to_owned()).await {
        tracing::info!(user = user.id.0, "current password refused");
        return Err(AppError::validation(
            "current_password",
            Msg::ErrCurrentPasswordWrong,
        ));
    }
    store.clear_attempts(&bucket).await?;
    Ok(())
}

fn to(user: &UserRecord) -> (&str, &str, Locale) {
    (&user.email, &user.name, user.locale)
}

/// Sets a new password (the same rule as at sign-up), ends every session but
/// `keep_session` and tells the member by e-mail.
#[tracing::instrument(skip_all, fields(user = user.id.0))]
pub async fn change_password(
    ctx: &Ctx,
    user: &UserRecord,
    keep_session: Option<&str>,
    current: &str,
    new: &str,
) -> Result<(), AppError> {
    let new = Password::parse(new).map_err(|e| AppError::validation("new_password", e.msg))?;
    verify_current(ctx, user, current).await?;
    let hash = passwords::hash(new.expose().to_owned()).await;
    ctx.store
        .change_password(user.id, &hash, keep_session)
        .await?;
    tracing::info!("password changed; other sessions ended");
    let link = format!("{}/account/forgot", ctx.config.base_url);
    mail_member(
        ctx,
        to(user),
        Msg::MailPasswordChangedSubject,
        Msg::MailPasswordChangedBody,
        &[("link", &link)],
        link.clone(),
    )
    .await;
    Ok(())
}

/// Mails a confirmation link to the new address and tells the old one. An
/// address that already has an account gets told so instead, and the answer
/// is the same: nobody learns from it whether an address is taken.
#[tracing::instrument(skip_all, fields(user = user.id.0, %ip))]
pub async fn request_email_change(
    ctx: &Ctx,
    ip: IpAddr,
    user: &UserRecord,
    new: &str,
    current: &str,
) -> Result<(), AppError> {
    let email = new_email(new, &user.email)?;
    rate_limit::take(
        &*ctx.store,
        &format!("forms:ip:{ip}"),
        &Limit {
            max: ctx.config.limits.forms_per_ip,
            window_secs: ctx.config.limits.forms_window_secs,
        },
        ctx.now(),
    )
    .await?;
    verify_current(ctx, user, current).await?;
    let base = &ctx.config.base_url;
    let existing = ctx.store.user_by_email(email.as_str()).await?;
    match existing {
        Some(owner) => {
            let link = format!("{base}/account/sign-in");
            mail_member(
                ctx,
                to(&owner),
                Msg::MailExistsSubject,
                Msg::MailEmailTakenBody,
                &[("link", &link)],
                link.clone(),
            )
            .await;
        }
        None => {
            let (token, token_hash) = new_token();
            let now = ctx.now();
            ctx.store
                .create_email_change(
                    &token_hash,
                    user.id,
                    email.as_str(),
                    now,
                    now + EMAIL_CHANGE_TTL_SECS,
                )
                .await?;
            let link = format!("{base}/account/email/confirm?token={token}");
            let sent = mail_member(
                ctx,
                (email.as_str(), &user.name, user.locale),
                Msg::MailEmailChangeSubject,
                Msg::MailEmailChangeBody,
                &[("link", &link)],
                link.clone(),
            )
            .await;
            if !sent {
                return Err(internal(&"the e-mail change link could not be sent"));
            }
        }
    }
    let link = format!("{base}/account/password");
    mail_member(
        ctx,
        to(user),
        Msg::MailEmailChangeNoticeSubject,
        Msg::MailEmailChangeNoticeBody,
        &[("new_email", email.as_str()), ("link", &link)],
        link.clone(),
    )
    .await;
    tracing::info!("e-mail change asked");
    Ok(())
}

/// Opens an e-mail change link: the account moves to the new address.
#[tracing::instrument(skip_all, fields(%ip))]
pub async fn confirm_email_change(ctx: &Ctx, ip: IpAddr, token: &str) -> Result<UserId, AppError> {
    rate_limit::take(
        &*ctx.store,
        &format!("forms:ip:{ip}"),
        &Limit {
            max: ctx.config.limits.forms_per_ip,
            window_secs: ctx.config.limits.forms_window_secs,
        },
        ctx.now(),
    )
    .await?;
    let hash = hash_token(token.trim());
    match ctx.store.confirm_email_change(&hash, ctx.now()).await {
        Ok(Some(changed)) => {
            tracing::info!(user = changed.user.0, "e-mail address changed");
            Ok(changed.user)
        }
        Ok(None) => Err(AppError::Refused(Msg::ErrTokenInvalid)),
        // someone took the address in the meantime
        Err(StoreError::Duplicate) => Err(AppError::Refused(Msg::ErrTokenInvalid)),
        Err(e) => Err(AppError::from(e)),
    }
}

/// Records which browser a new session is, from its `User-Agent`.
pub async fn note_device(ctx: &Ctx, token_hash: &str, user_agent: &str) {
    let device = device_summary(user_agent);
    if device.is_empty() {
        return;
    }
    if let Err(e) = ctx.store.set_session_device(token_hash, &device).await {
        tracing::warn!(error = %e, "could not note the session's browser");
    }
}

/// When, in the reader's zone (UTC when unknown).
fn when(locale: Locale, ts: i64, zone: Option<&str>) -> String {
    let tz = super::time::reader_zone(zone, chrono_tz::UTC);
    format!(
        "{}, {}",
        super::time::day_heading(locale, ts, tz).0,
        super::time::clock_with_zone(locale, ts, tz)
    )
}

pub async fn sessions(
    ctx: &Ctx,
    user: &UserRecord,
    current: Option<&str>,
    locale: Locale,
    zone: Option<&str>,
) -> Result<Vec<SignedInSession>, AppError> {
    let rows = ctx.store.sessions_of(user.id, current, ctx.now()).await?;
    Ok(rows
        .into_iter()
        .map(|s| SignedInSession {
            id: s.public_id,
            device: s.device,
            started: when(locale, s.created_at, zone),
            last_seen: s.last_seen_at.map(|t| when(locale, t, zone)),
            current: s.current,
        })
        .collect())
}

/// Ends one of the member's own sessions; true when it was `current`.
pub async fn end_session(
    ctx: &Ctx,
    user: &UserRecord,
    id: &str,
    current: Option<&str>,
) -> Result<bool, AppError> {
    let ended = ctx
        .store
        .end_session(user.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    tracing::info!(user = user.id.0, "one session ended by its member");
    Ok(current == Some(ended.as_str()))
}

/// Ends every session of the member but `keep` (None: all of them).
pub async fn end_sessions(
    ctx: &Ctx,
    user: &UserRecord,
    keep: Option<&str>,
) -> Result<u64, AppError> {
    let n = ctx.store.end_sessions(user.id, keep).await?;
    tracing::info!(
        user = user.id.0,
        ended = n,
        all = keep.is_none(),
        "sessions ended by their member"
    );
    Ok(n)
}

/// Everything Tandem holds about the member, as one JSON document.
pub async fn export(ctx: &Ctx, user: &UserRecord) -> Result<serde_json::Value, AppError> {
    let mut data = ctx.store.export_member(user.id).await?;
    // the pairing programme: applications the member takes part in (the
    // answers are the team's, written together), reviews the member wrote
    let mut applications = Vec::new();
    for a in ctx.store.applications_of_member(user.id.0).await? {
        let role = a.role_of(user.id.0).map(|r| r.as_str());
        let mine = role != Some("asking");
        applications.push(serde_json::json!({
            "reference": a.reference,
            "call_id": a.call_id,
            "city_id": a.city_id,
            "role": role,
            "status": a.status,
            "decision": a.decision,
            "language": a.language.code(),
            "answers": if mine { serde_json::to_value(&a.answers).unwrap_or_default() } else { serde_json::Value::Null },
            "created_at": a.created_at,
            "submitted_at": a.submitted_at,
        }));
    }
    let reviews: Vec<serde_json::Value> = ctx
        .store
        .reviews_by(user.id.0)
        .await?
        .into_iter()
        .map(|r| {
            serde_json::json!({
                "application_id": r.application_id,
                "status": r.status,
                "scores": r.scores,
                "comment": r.comment,
                "submitted_at": r.submitted_at,
            })
        })
        .collect();
    // pairings: the member's part in each team, the signatures they gave
    // and the notes and documents they added
    let mut pairings = Vec::new();
    for id in ctx.store.pairings_of_member(user.id).await? {
        let (team, signatures, notes, files) = tokio::try_join!(
            ctx.store.team(id),
            ctx.store.signatures(id),
            ctx.store.pairing_notes(id),
            ctx.store.pairing_files(id)
        )?;
        let me = team.iter().find(|m| m.user_id == user.id);
        pairings.push(serde_json::json!({
            "pairing_id": id,
            "city_id": me.map(|m| m.city_id),
            "coordinator": me.is_some_and(|m| m.coordinator),
            "signatory": me.is_some_and(|m| m.signatory),
            "signatures": signatures.iter().filter(|s| s.signer_id == Some(user.id)).map(|s| serde_json::json!({
                "city_id": s.city_id, "agreement_version": s.agreement_version, "name": s.name, "role": s.role, "signed_on": s.signed_on,
            })).collect::<Vec<_>>(),
            "notes": notes.iter().filter(|n| n.author_id == Some(user.id.0)).map(|n| serde_json::json!({"text": n.text, "created_at": n.created_at})).collect::<Vec<_>>(),
            "documents": files.iter().filter(|f| f.author_id == Some(user.id.0)).map(|f| serde_json::json!({"name": f.text, "size": f.size, "created_at": f.created_at})).collect::<Vec<_>>(),
        }));
    }
    if let Some(obj) = data.as_object_mut() {
        obj.insert("applications".into(), applications.into());
        obj.insert("reviews".into(), reviews.into());
        obj.insert("pairings".into(), pairings.into());
    }
    tracing::info!(user = user.id.0, "data exported");
    Ok(serde_json::json!({
        "format": "tandem-member-export/1",
        "generated_at": super::time::rfc3339(ctx.now()),
        "times": "Unix seconds (UTC)",
        "data": data,
    }))
}

/// What the delete page shows: the events that would stop the deletion.
pub async fn deletion_view(ctx: &Ctx, user: &UserRecord) -> Result<DeletionView, AppError> {
    let now = ctx.now();
    let events = ctx.store.events_to_hand_over(user.id).await?;
    let blocking = crate::domain::self_service::blocking_events(
        &events.iter().map(|(e, _)| *e).collect::<Vec<_>>(),
        now,
    );
    Ok(DeletionView {
        blocking: events
            .into_iter()
            .filter(|(e, _)| blocking.contains(&e.id))
            .map(|(e, title)| (e.id, title))
            .collect(),
    })
}

/// Deletes the account (see README, "Deleting an account"): refused while
/// the member organizes upcoming events alone.
#[tracing::instrument(skip_all, fields(user = user.id.0))]
pub async fn delete_account(
    ctx: &Ctx,
    user: &UserRecord,
    password: &str,
    confirmed: bool,
) -> Result<(), AppError> {
    if !confirmed {
        return Err(AppError::validation("confirm", Msg::ErrDeleteNotConfirmed));
    }
    verify_current(ctx, user, password).await?;
    let deleted = ctx
        .store
        .delete_account(user.id, ctx.now())
        .await?
        .map_err(|_| AppError::Refused(Msg::ErrDeleteOwnEvents))?;
    if let Some(photo) = deleted
        .photo
        .filter(|p| crate::domain::profile::valid_photo_name(p))
    {
        let file = ctx.config.photos_dir().join(format!("{photo}.jpg"));
        if let Err(e) = tokio::fs::remove_file(&file).await {
            tracing::warn!(error = %e, "could not remove a deleted member's photo");
        }
    }
    for (event, promoted) in &deleted.promoted {
        super::event_mail::seats_granted(ctx, *event, promoted).await;
    }
    tracing::info!("account deleted");
    let link = format!("{}/account/sign-up", ctx.config.base_url);
    mail_member(
        ctx,
        to(user),
        Msg::MailAccountDeletedSubject,
        Msg::MailAccountDeletedBody,
        &[("link", &link)],
        link.clone(),
    )
    .await;
    Ok(())
}
