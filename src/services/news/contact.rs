//! The contact form: stored, e-mailed to the contact address with the
//! sender as reply-to, a copy to the sender; rate-limited per address and
//! per client; a field people never see catches bots. Staff follow the
//! messages with a status.

use super::super::rate_limit::{take, Limit};
use super::super::Ctx;
use crate::domain::news::{ContactForm, ContactStatus, ContactSubject};
use crate::domain::Locale;
use crate::dto::{Choice, ContactInbox, ContactItem};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::mail::Mail;
use crate::store::UserRecord;

/// Messages per sender address per day, and per client address per hour.
const PER_ADDRESS_DAY: i64 = 3;
const PER_CLIENT_HOUR: i64 = 10;

/// Takes a message. A bot (the hidden field filled) gets the same answer
/// and nothing is stored or sent.
pub async fn send(
    ctx: &Ctx,
    form: &ContactForm,
    locale: Locale,
    client: Option<&str>,
) -> Result<(), AppError> {
    let d = form.validate()?;
    if form.is_bot() {
        tracing::info!("contact form: hidden field filled, ignored");
        return Ok(());
    }
    let now = ctx.now();
    if let Some(ip) = client {
        take(
            &*ctx.store,
            &format!("contact:ip:{ip}"),
            &Limit {
                max: PER_CLIENT_HOUR,
                window_secs: 3600,
            },
            now,
        )
        .await?;
    }
    take(
        &*ctx.store,
        &format!("contact:email:{}", d.email.as_str()),
        &Limit {
            max: PER_ADDRESS_DAY,
            window_secs: 86_400,
        },
        now,
    )
    .await?;
    let subject = d.subject.as_str();
    ctx.store
        .add_contact(
            &d.name,
            d.email.as_str(),
            subject,
            &d.message,
            locale.code(),
            now,
        )
        .await?;
    // staff read the programme's language: the mail to them is in English
    let staff = Locale::En;
    let subject_label = d.subject.label().text(staff);
    let link = format!(
        "{}/contact/messages",
        ctx.config.base_url.trim_end_matches('/')
    );
    let to_staff = Mail {
        to: ctx.config.mail.contact.clone(),
        to_name: Msg::SiteName.text(staff).to_owned(),
        subject: Msg::MailContactSubject
            .fill(staff, &[("subject", subject_label), ("name", &d.name)]),
        body: Msg::MailContactBody.fill(
            staff,
            &[
                ("name", &d.name),
                ("email", d.email.as_str()),
                ("subject", subject_label),
                ("language", locale.native_name()),
                ("message", &d.message),
                ("link", &link),
            ],
        ),
        link: Some(link.clone()),
        attachment: None,
        reply_to: Some((d.name.clone(), d.email.as_str().to_owned())),
        unsubscribe: None,
    };
    if let Err(e) = ctx.mailer.send(to_staff).await {
        tracing::warn!(error = %e, "could not e-mail a contact message (it is stored)");
    }
    let copy = Mail {
        to: d.email.as_str().to_owned(),
        to_name: d.name.clone(),
        subject: Msg::MailContactCopySubject.text(locale).to_owned(),
        body: format!(
            "{}\n\n{}",
            Msg::MailContactCopyBody.fill(locale, &[("message", &d.message)]),
            Msg::MailSignature.text(locale)
        ),
        link: None,
        attachment: None,
        reply_to: None,
        unsubscribe: None,
    };
    if let Err(e) = ctx.mailer.send(copy).await {
        tracing::warn!(error = %e, "could not send the contact form's copy");
    }
    Ok(())
}

/// The messages, newest first, for staff.
pub async fn inbox(
    ctx: &Ctx,
    user: &UserRecord,
    status: &str,
    locale: Locale,
) -> Result<ContactInbox, AppError> {
    super::super::calls::require_staff(user)?;
    let status = ContactStatus::parse(status).ok();
    let rows = ctx
        .store
        .contact_messages(status.map(|s| s.as_str()), 200)
        .await?;
    Ok(ContactInbox {
        items: rows
            .into_iter()
            .map(|m| {
                let subject = ContactSubject::parse(&m.subject)
                    .map(|s| s.label().text(locale).to_owned())
                    .unwrap_or_default();
                let reply = format!(
                    "mailto:{}?subject={}",
                    crate::escape::url_component(&m.email),
                    crate::escape::url_component(&format!("Re: {subject}"))
                );
                ContactItem {
                    id: m.id,
                    date: super::super::time::date_in(locale, m.created_at, chrono_tz::UTC),
                    status_label: ContactStatus::parse(&m.status)
                        .map(|s| s.label().text(locale).to_owned())
                        .unwrap_or_default(),
                    name: m.name,
                    email: m.email,
                    subject,
                    body: m.body,
                    status: m.status,
                    reply,
                }
            })
            .collect(),
        statuses: ContactStatus::ALL
            .iter()
            .map(|s| Choice {
                value: s.as_str().to_owned(),
                label: s.label().text(locale).to_owned(),
            })
            .collect(),
        status: status.map(|s| s.as_str().to_owned()).unwrap_or_default(),
    })
}

pub async fn set_status(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    status: &str,
) -> Result<(), AppError> {
    super::super::calls::require_staff(user)?;
    let status = ContactStatus::parse(status)?;
    if ctx
        .store
        .set_contact_status(id, status.as_str(), user.id.0, ctx.now())
        .await?
    {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
