//! News by e-mail: a weekly digest of the new articles in the subscriber's
//! language. Double opt-in (nothing is sent before the link in the first
//! mail is followed), one-click unsubscribe (`List-Unsubscribe` with
//! `List-Unsubscribe-Post`, RFC 8058). Each subscription's week is claimed
//! in the database before its mail goes, so several instances never send
//! the same digest twice.

use super::super::rate_limit::{take, Limit};
use super::super::Ctx;
use crate::domain::{Email, Locale};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::mail::Mail;
use crate::store::news::NewsQuery;

/// A week, in seconds (a little less, so the weekly run does not drift).
pub const EVERY: i64 = 7 * 86_400 - 3_600;

fn link(ctx: &Ctx, path: &str, token: &str) -> String {
    format!(
        "{}{path}?token={}",
        ctx.config.base_url.trim_end_matches('/'),
        crate::escape::url_component(token)
    )
}

/// A subscription request. The answer is the same whether the address is
/// new, waiting for confirmation or already subscribed (no one learns who
/// reads the news); only the first and the waiting get a confirmation mail.
pub async fn subscribe(
    ctx: &Ctx,
    email: &str,
    locale: Locale,
    client: Option<&str>,
) -> Result<(), AppError> {
    let email = Email::parse(email)?;
    let now = ctx.now();
    if let Some(ip) = client {
        take(
            &*ctx.store,
            &format!("digest:ip:{ip}"),
            &Limit {
                max: 10,
                window_secs: 3600,
            },
            now,
        )
        .await?;
    }
    take(
        &*ctx.store,
        &format!("digest:email:{}", email.as_str()),
        &Limit {
            max: 3,
            window_secs: 86_400,
        },
        now,
    )
    .await?;
    let token = match ctx.store.subscription_by_email(email.as_str()).await? {
        Some(s) if s.confirmed_at.is_some() => return Ok(()),
        Some(s) => {
            ctx.store
                .set_subscription_locale(s.id, locale.code())
                .await?;
            s.token
        }
        None => {
            let token = format!("{:032x}", rand::random::<u128>());
            ctx.store
                .add_subscription(email.as_str(), locale.code(), &token, now)
                .await?;
            // a parallel request may have stored its own token first
            match ctx.store.subscription_by_email(email.as_str()).await? {
                Some(s) => s.token,
                None => token,
            }
        }
    };
    let confirm = link(ctx, "/news/subscribe/confirm", &token);
    let mail = Mail {
        to: email.as_str().to_owned(),
        to_name: String::new(),
        subject: Msg::MailDigestConfirmSubject.text(locale).to_owned(),
        body: format!(
            "{}\n\n{}",
            Msg::MailDigestConfirmBody.fill(locale, &[("link", &confirm)]),
            Msg::MailSignature.text(locale)
        ),
        link: Some(confirm),
        attachment: None,
        reply_to: None,
        unsubscribe: None,
    };
    if let Err(e) = ctx.mailer.send(mail).await {
        tracing::warn!(error = %e, "could not send a digest confirmation");
    }
    Ok(())
}

pub async fn confirm(ctx: &Ctx, token: &str) -> Result<(), AppError> {
    if token.len() != 32 || !ctx.store.confirm_subscription(token, ctx.now()).await? {
        return Err(AppError::Refused(Msg::DigestLinkInvalid));
    }
    Ok(())
}

/// Ends a subscription; `false` when the link was not (or no longer) good.
pub async fn unsubscribe(ctx: &Ctx, token: &str) -> Result<bool, AppError> {
    if token.len() != 32 {
        return Ok(false);
    }
    Ok(ctx.store.delete_subscription(token).await?)
}

/// Sends every digest that is due (a week since the last, and new articles
/// in the subscriber's language); how many went.
pub async fn send_due(ctx: &Ctx, now: i64) -> usize {
    match send_due_inner(ctx, now).await {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!(error = %e, "news digest run failed");
            0
        }
    }
}

async fn send_due_inner(ctx: &Ctx, now: i64) -> Result<usize, AppError> {
    let mut sent = 0;
    let due = ctx.store.due_subscriptions(now - EVERY, 500).await?;
    for s in due {
        let Some(locale) = Locale::from_code(&s.locale) else {
            continue;
        };
        let since = s.last_sent_at.or(s.confirmed_at).unwrap_or(s.created_at);
        let rows = ctx
            .store
            .list_stories(&NewsQuery {
                published_by: Some(now),
                published_after: Some(since),
                language: Some(s.locale.clone()),
                reader: s.locale.clone(),
                limit: 20,
                ..Default::default()
            })
            .await?;
        if rows.is_empty() || !ctx.store.claim_digest(s.id, s.last_sent_at, now).await? {
            continue;
        }
        let base = ctx.config.base_url.trim_end_matches('/');
        let mut body = String::new();
        for r in &rows {
            body.push_str(&format!(
                "{}\n{}\n{}{}\n\n",
                r.text.title,
                r.text.excerpt,
                base,
                super::article_href(r.story.id, Some(&r.text.locale))
            ));
        }
        let unsubscribe = link(ctx, "/news/unsubscribe", &s.token);
        body.push_str(&format!(
            "--\n{}\n",
            Msg::MailDigestFooter.fill(locale, &[("link", &unsubscribe)])
        ));
        let mail = Mail {
            to: s.email.clone(),
            to_name: String::new(),
            subject: Msg::MailDigestSubject.fill(locale, &[("n", &rows.len().to_string())]),
            body,
            link: Some(format!("{base}/news")),
            attachment: None,
            reply_to: None,
            unsubscribe: Some(link(ctx, "/news/unsubscribe/one-click", &s.token)),
        };
        match ctx.mailer.send(mail).await {
            Ok(()) => sent += 1,
            Err(e) => tracing::warn!(error = %e, "could not send a news digest"),
        }
    }
    Ok(sent)
}
