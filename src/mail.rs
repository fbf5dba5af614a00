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
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(header(&mail.subject));
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
