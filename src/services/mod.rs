//! Use cases as plain async functions. Server functions, the command line and
//! the integration tests all go through these.

pub mod accounts;
pub mod applications;
pub mod bench;
pub mod calendar;
pub mod calls;
pub mod citation;
pub mod cities;
pub mod clock;
pub mod context;
pub mod demo;
pub mod demo_news;
mod demo_pairings;
pub mod demo_social;
pub mod event_edits;
pub mod event_mail;
pub mod events;
pub mod ics;
pub mod labels;
pub mod markdown;
pub mod matchmaking;
pub mod meetings;
pub mod network;
pub mod news;
pub mod numbers;
pub mod pairings;
pub mod partners;
pub mod passwords;
pub mod pdf_gen;
pub mod rate_limit;
pub mod reference;
pub mod registrations;
pub mod reviews;
pub mod seed;
pub mod self_service;
pub mod social;
pub mod syndication;
pub mod time;
pub mod tokens;

pub use context::Ctx;

use crate::error::AppError;
use crate::store::StoreError;

/// Logs an unexpected failure with a short reference and returns an error that
/// shows only that reference to the user.
pub fn internal(cause: &dyn std::fmt::Display) -> AppError {
    let reference = format!("{:08x}", rand::random::<u32>());
    tracing::error!(%reference, error = %cause, "internal error");
    AppError::Internal { reference }
}

/// A store failure as a person sees it: a repeated key is a conflict, a
/// missing reference is not found, anything else is logged (see
/// [`internal`]) and shown by its reference only. `?` converts.
impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Duplicate => AppError::Conflict,
            StoreError::MissingReference => AppError::NotFound,
            other => internal(&other),
        }
    }
}

/// E-mails one member a message of the catalogue (subject and body filled
/// with `args` in their language, the signature below) about `link`. A
/// failure is logged: what the mail says is also on the page.
pub(crate) async fn mail_member(
    ctx: &Ctx,
    to: (&str, &str, crate::domain::Locale),
    subject: crate::i18n::Msg,
    body: crate::i18n::Msg,
    args: &[(&str, &str)],
    link: String,
) -> bool {
    let (email, name, locale) = to;
    let mail = crate::mail::Mail {
        to: email.to_owned(),
        to_name: name.to_owned(),
        subject: subject.fill(locale, args),
        body: format!(
            "{}\n\n{}",
            body.fill(locale, args),
            crate::i18n::Msg::MailSignature.text(locale)
        ),
        link: Some(link),
        reply_to: None,
        unsubscribe: None,
        attachment: None,
    };
    match ctx.mailer.send(mail).await {
        Ok(()) => true,
        Err(e) => {
            tracing::warn!(error = %e, "could not send an e-mail");
            false
        }
    }
}
