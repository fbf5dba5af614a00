//! One error type for the whole app. It crosses the wire from server functions
//! to the browser, so it carries message keys and a reference, never a cause.

use crate::domain::{FieldError, Locale};
use crate::i18n::Msg;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Bad input in one field; shown beside that field.
    #[error("invalid {field}")]
    Validation { field: String, msg: Msg },
    /// A rule of the use case that is not about one field (bad credentials...).
    #[error("refused: {0:?}")]
    Refused(Msg),
    #[error("not signed in")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("conflict")]
    Conflict,
    #[error("rate limited for {retry_after_secs}s")]
    RateLimited { retry_after_secs: u64 },
    /// Something broke on the server; the cause is in the log under `reference`.
    #[error("internal error {reference}")]
    Internal { reference: String },
    /// The request could not be read: arguments missing, of the wrong type,
    /// not UTF-8, or a body cut short. Answered 400 in the reader's language.
    #[error("malformed request")]
    Malformed,
    /// The request never reached the use case (network, decoding).
    #[error("transport: {0}")]
    Transport(String),
}

impl AppError {
    pub fn validation(field: &str, msg: Msg) -> Self {
        AppError::Validation {
            field: field.to_owned(),
            msg,
        }
    }

    /// The field this error belongs beside, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Validation { field, .. } => Some(field),
            _ => None,
        }
    }

    /// The translated text to show a person.
    pub fn message(&self, locale: Locale) -> String {
        match self {
            AppError::Validation { msg, .. } | AppError::Refused(msg) => {
                msg.text(locale).to_owned()
            }
            AppError::Unauthorized => Msg::ErrUnauthorized.text(locale).to_owned(),
            AppError::Forbidden => Msg::ErrForbidden.text(locale).to_owned(),
            AppError::NotFound => Msg::ErrNotFound.text(locale).to_owned(),
            AppError::Conflict => Msg::ErrConflict.text(locale).to_owned(),
            AppError::RateLimited { retry_after_secs } => {
                let minutes = retry_after_secs.div_ceil(60).max(1).to_string();
                Msg::ErrRateLimited.fill(locale, &[("minutes", &minutes)])
            }
            AppError::Internal { reference } => {
                // a reference is 8 hex digits; anything else came from a
                // crafted link (`__err`) and is not shown
                let reference =
                    if reference.len() == 8 && reference.bytes().all(|b| b.is_ascii_hexdigit()) {
                        reference.as_str()
                    } else {
                        "-"
                    };
                Msg::ErrInternal.fill(locale, &[("reference", reference)])
            }
            AppError::Malformed => Msg::ErrMalformed.text(locale).to_owned(),
            AppError::Transport(_) => Msg::ErrNetwork.text(locale).to_owned(),
        }
    }

    /// The HTTP status that goes with this error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Validation { .. } | AppError::Refused(_) | AppError::Malformed => 400,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Conflict => 409,
            AppError::RateLimited { .. } => 429,
            AppError::Internal { .. } => 500,
            AppError::Transport(_) => 502,
        }
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::validation(e.field, e.msg)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// On the server these are the request's own faults (arguments that do
    /// not decode, a missing field, a body that cannot be read, an unknown
    /// function): 4xx, never a 500 with the decoder's message. In the
    /// browser they are the network's.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        if cfg!(feature = "ssr") {
            match value {
                ServerFnErrorErr::Registration(_) => AppError::NotFound,
                _ => AppError::Malformed,
            }
        } else {
            AppError::Transport(value.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_become_validation_errors() {
        let e: AppError = FieldError::new("email", Msg::ErrEmailInvalid).into();
        assert_eq!(e.field(), Some("email"));
        assert_eq!(e.status(), 400);
        assert!(e.message(Locale::Fr).contains("adresse e-mail"));
    }

    #[test]
    fn rate_limit_message_rounds_up_to_minutes() {
        let e = AppError::RateLimited {
            retry_after_secs: 61,
        };
        assert_eq!(e.status(), 429);
        assert!(e.message(Locale::En).contains("2 minute"));
        let e = AppError::RateLimited {
            retry_after_secs: 0,
        };
        assert!(e.message(Locale::Es).contains("1 minuto"));
    }

    #[test]
    fn internal_errors_show_only_the_reference() {
        let e = AppError::Internal {
            reference: "ab12cd34".into(),
        };
        assert_eq!(e.status(), 500);
        assert!(e.message(Locale::En).contains("ab12cd34"));
    }

    #[test]
    fn a_crafted_reference_is_not_shown() {
        let e = AppError::Internal {
            reference: "call +1 555 0100 to fix your account".into(),
        };
        assert!(!e.message(Locale::En).contains("555"));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn decoding_failures_are_the_requests_fault() {
        let e = AppError::from_server_fn_error(ServerFnErrorErr::Args("id: invalid digit".into()));
        assert_eq!(e, AppError::Malformed);
        assert_eq!(e.status(), 400);
        assert!(!e.message(Locale::Fr).contains("digit"));
        let e = AppError::from_server_fn_error(ServerFnErrorErr::Registration("x".into()));
        assert_eq!(e.status(), 404);
    }

    #[test]
    fn errors_survive_the_wire() {
        for e in [
            AppError::validation("password", Msg::ErrPasswordTooShort),
            AppError::RateLimited {
                retry_after_secs: 30,
            },
            AppError::Refused(Msg::ErrBadCredentials),
        ] {
            let bytes = e.ser();
            assert_eq!(AppError::de(bytes), e);
        }
    }
}
