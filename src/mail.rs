//! Outgoing mail: SMTP when configured (lettre), otherwise an `.eml` file per
//! message under `<data_dir>/outbox`, with its link logged so that a local user
//! can follow it.

use crate::config::Config;
use lettre::message::{header::ContentType, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

pub struct Mail {
    pub to: String,
    pub to_name: String,
    pub subject: String,
    pub body: String,
    /// The one link the message exists for; logged in outbox mode only.
    pub link: Option<String>,
    /// one file sent with the message: (file name, content type, bytes)
    pub attachment: Option<(String, String, Vec<u8>)>,
    /// (name, address) answers go to (the contact form's sender)
    pub reply_to: Option<(String, String)>,
    /// the one-click unsubscribe address (RFC 8058): `List-Unsubscribe`
    /// and `List-Unsubscribe-Post` headers
    pub unsubscribe: Option<String>,
}

/// `List-Unsubscribe: <https://…>`.
#[derive(Clone)]
struct ListUnsubscribe(String);

impl lettre::message::header::Header for ListUnsubscribe {
    fn name() -> lettre::message::header::HeaderName {
        lettre::message::header::HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.to_owned()))
    }
    fn display(&self) -> lettre::message::header::HeaderValue {
        lettre::message::header::HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click`.
#[derive(Clone)]
struct ListUnsubscribePost;

impl lettre::message::header::Header for ListUnsubscribePost {
    fn name() -> lettre::message::header::HeaderName {
        lettre::message::header::HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }
    fn display(&self) -> lettre::message::header::HeaderValue {
        lettre::message::header::HeaderValue::new(
            Self::name(),
            "List-Unsubscribe=One-Click".to_owned(),
        )
    }
}

pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Outbox(PathBuf),
}

pub struct Mailer {
    from: Mailbox,
    transport: Transport,
    seq: AtomicU64,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid address: {0}")]
    Address(#[from] lettre::address::AddressError),
    #[error("cannot build message: {0}")]
    Build(#[from] lettre::error::Error),
    #[error("SMTP: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("outbox: {0}")]
    Io(#[from] std::io::Error),
}

impl Mailer {
    pub fn from_config(config: &Config) -> Result<Self, MailError> {
        let from: Mailbox = config.mail.from.parse()?;
        let transport = if config.mail.smtp_url.trim().is_empty() {
            Transport::Outbox(config.outbox_dir())
        } else {
            Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(&config.mail.smtp_url)?.build(),
            )
        };
        Ok(Self {
            from,
            transport,
            seq: AtomicU64::new(0),
        })
    }

    pub fn describe(&self) -> &'static str {
        match self.transport {
            Transport::Smtp(_) => "smtp",
            Transport::Outbox(_) => "outbox",
        }
    }

    #[tracing::instrument(skip_all, fields(transport = self.describe()))]
    pub async fn send(&self, mail: Mail) -> Result<(), MailError> {
        use crate::escape::header;
        let to = Mailbox::new(Some(header(&mail.to_name)), mail.to.parse()?);
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(header(&mail.subject));
        if let Some((name, address)) = &mail.reply_to {
            builder = builder.reply_to(Mailbox::new(Some(header(name)), address.parse()?));
        }
        if let Some(url) = &mail.unsubscribe {
            // a URL of ours; `header` drops any line break
            builder = builder
                .header(ListUnsubscribe(format!("<{}>", header(url))))
                .header(ListUnsubscribePost);
        }
        let message = match &mail.attachment {
            None => builder
                .header(ContentType::TEXT_PLAIN)
                .body(mail.body.clone())?,
            Some((name, kind, bytes)) => {
                use lettre::message::{Attachment, MultiPart, SinglePart};
                let kind = ContentType::parse(kind).unwrap_or(ContentType::TEXT_PLAIN);
                builder.multipart(
                    MultiPart::mixed()
                        .singlepart(SinglePart::plain(mail.body.clone()))
                        .singlepart(Attachment::new(header(name)).body(bytes.clone(), kind)),
                )?
            }
        };
        match &self.transport {
            Transport::Smtp(smtp) => {
                smtp.send(message).await?;
                tracing::info!("mail sent");
            }
            Transport::Outbox(dir) => {
                tokio::fs::create_dir_all(dir).await?;
                let n = self.seq.fetch_add(1, Ordering::Relaxed);
                let stamp = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_millis())
                    .unwrap_or(0);
                let name = format!("{stamp}-{}-{n}.eml", std::process::id());
                let tmp = dir.join(format!(".{name}.tmp"));
                tokio::fs::write(&tmp, message.formatted()).await?;
                tokio::fs::rename(&tmp, dir.join(&name)).await?;
                tracing::info!(file = %dir.join(&name).display(), link = mail.link.as_deref().unwrap_or(""), "mail written to the outbox");
            }
        }
        Ok(())
    }
}
