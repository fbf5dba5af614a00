//! Who applies with whom: members of the city asking to join (the lead
//! answers) and colleagues invited by e-mail (a single-use link for that
//! address).

use super::super::calls::{accepting, texts_for};
use super::super::Ctx;
use super::{applicant_only, load_for};
use crate::domain::Locale;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::store::calls::MemberRole;
use crate::store::UserRecord;

/// The lead accepts (as co-applicant) or declines a member who asked to join.
pub async fn answer_join(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    member: i64,
    accept: bool,
) -> Result<(), AppError> {
    let a = ctx.store.application(id).await?.ok_or(AppError::NotFound)?;
    if a.role_of(user.id.0) != Some(MemberRole::Lead) {
        return Err(AppError::Forbidden);
    }
    if a.role_of(member) != Some(MemberRole::Asking) {
        return Err(AppError::NotFound);
    }
    if accept {
        ctx.store
            .set_applicant(id, member, MemberRole::Co, ctx.now())
            .await?;
    } else {
        ctx.store.remove_applicant(id, member).await?;
    }
    Ok(())
}

/// How long an e-mailed invitation to co-apply stays valid.
pub const INVITE_DAYS: i64 = 14;

/// An applicant invites a colleague by e-mail to co-apply: a single-use
/// link for that address, valid for two weeks. The message is in the
/// invitee's language when they are a member, in the application's
/// otherwise. Nothing says whether the address belongs to a member.
pub async fn invite(ctx: &Ctx, user: &UserRecord, id: i64, email: &str) -> Result<(), AppError> {
    let (a, call) = load_for(ctx, user, id).await?;
    applicant_only(&a, user)?;
    let now = ctx.now();
    if !accepting(&call, now) {
        return Err(AppError::Refused(Msg::ErrCallNotAccepting));
    }
    let email =
        crate::domain::Email::parse(email).map_err(|e| AppError::validation(e.field, e.msg))?;
    let (token, hash) = super::super::tokens::new_token();
    ctx.store
        .create_invite(
            &hash,
            id,
            email.as_str(),
            user.id.0,
            now,
            now + INVITE_DAYS * 86_400,
        )
        .await?;
    let locale = match ctx.store.user_by_email(email.as_str()).await? {
        Some(u) => u.locale,
        None => a.language,
    };
    let city = ctx
        .store
        .city_by_id(a.city_id)
        .await?
        .map(|c| c.city.name)
        .unwrap_or_default();
    let link = format!("{}/pairings/join?token={token}", ctx.config.base_url);
    super::super::mail_member(
        ctx,
        (email.as_str(), "", locale),
        Msg::MailInviteSubject,
        Msg::MailInviteBody,
        &[
            ("name", &user.name),
            ("city", &city),
            ("call", &texts_for(&call, locale).0.title),
            ("link", &link),
        ],
        link.clone(),
    )
    .await;
    Ok(())
}

/// What an invitation link leads to, for the page that accepts it.
pub async fn invitation(
    ctx: &Ctx,
    token: &str,
    locale: Locale,
) -> Result<crate::dto::Invitation, AppError> {
    let inv = ctx
        .store
        .invite(&super::super::tokens::hash_token(token))
        .await?
        .filter(|i| i.used_at.is_none() && i.expires_at > ctx.now())
        .ok_or(AppError::Refused(Msg::ErrTokenInvalid))?;
    let a = ctx
        .store
        .application(inv.application_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let call = ctx.store.call(a.call_id).await?.ok_or(AppError::NotFound)?;
    let city = ctx
        .store
        .city_by_id(a.city_id)
        .await?
        .map(|c| format!("{}, {}", c.city.name, c.country_name))
        .unwrap_or_default();
    let by = match inv.invited_by {
        Some(u) => ctx
            .store
            .users_names(&[u])
            .await?
            .into_iter()
            .next()
            .map(|(_, n)| n)
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok(crate::dto::Invitation {
        city,
        call_title: texts_for(&call, locale).0.title,
        invited_by: by,
        email: inv.email,
    })
}

/// The signed-in member takes up an invitation sent to their address and
/// becomes a co-applicant. Returns the application.
pub async fn accept_invite(ctx: &Ctx, user: &UserRecord, token: &str) -> Result<i64, AppError> {
    let hash = super::super::tokens::hash_token(token);
    let now = ctx.now();
    let inv = ctx
        .store
        .invite(&hash)
        .await?
        .filter(|i| i.used_at.is_none() && i.expires_at > now)
        .ok_or(AppError::Refused(Msg::ErrTokenInvalid))?;
    if !inv.email.eq_ignore_ascii_case(&user.email) {
        return Err(AppError::Refused(Msg::ErrInviteOtherAddress));
    }
    if ctx.store.use_invite(&hash, user.id.0, now).await? {
        Ok(inv.application_id)
    } else {
        Err(AppError::Refused(Msg::ErrTokenInvalid))
    }
}
