//! Account self-service rules: which browser a session is, a new e-mail
//! address, and what deleting an account does to the events its member
//! organizes.

use super::event::EventStatus;
use super::{Email, FieldError};
use crate::i18n::Msg;

/// What a deleted member's name becomes wherever others still see their past
/// contributions (meeting history, city-page log, past events).
pub const FORMER_MEMBER: &str = "Former member";

/// "Firefox · Linux" from a `User-Agent` header: enough to recognise one's
/// own devices, nothing more (no version, no build).
pub fn device_summary(user_agent: &str) -> String {
    let ua = user_agent;
    let browser = if ua.contains("Edg/") || ua.contains("Edge/") {
        "Edge"
    } else if ua.contains("OPR/") || ua.contains("Opera") {
        "Opera"
    } else if ua.contains("Firefox/") || ua.contains("FxiOS/") {
        "Firefox"
    } else if ua.contains("Chrome/") || ua.contains("CriOS/") || ua.contains("Chromium/") {
        "Chrome"
    } else if ua.contains("Safari/") {
        "Safari"
    } else {
        ""
    };
    let os = if ua.contains("Android") {
        "Android"
    } else if ua.contains("iPhone") || ua.contains("iPad") || ua.contains("iPod") {
        "iOS"
    } else if ua.contains("Windows") {
        "Windows"
    } else if ua.contains("Mac OS X") || ua.contains("Macintosh") {
        "macOS"
    } else if ua.contains("CrOS") {
        "ChromeOS"
    } else if ua.contains("Linux") {
        "Linux"
    } else {
        ""
    };
    match (browser, os) {
        ("", "") => String::new(),
        (b, "") => b.to_owned(),
        ("", o) => o.to_owned(),
        (b, o) => format!("{b} · {o}"),
    }
}

/// The address a member moves their account to: a valid address that is not
/// the one they already have. The error names the form's `new_email` field.
pub fn new_email(raw: &str, current: &str) -> Result<Email, FieldError> {
    let email = Email::parse(raw).map_err(|e| FieldError::new("new_email", e.msg))?;
    if email.as_str() == current.trim().to_lowercase() {
        return Err(FieldError::new("new_email", Msg::ErrEmailUnchanged));
    }
    Ok(email)
}

/// An event its member organizes, as account deletion sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrganizedEvent {
    pub id: i64,
    pub is_owner: bool,
    /// how many other members organize it
    pub co_organizers: i64,
    pub status: EventStatus,
    pub ends_at: i64,
}

/// What deleting the account does to one organized event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventFate {
    /// Others organize it: the member steps down; if they owned it, the
    /// ownership passes to a co-organizer.
    StepDown { pass_ownership: bool },
    /// A draft only they could see: deleted with the account.
    DeleteDraft,
    /// Over or cancelled: kept as history, with no organizer named.
    KeepAsHistory,
    /// Upcoming, published (or postponed) and theirs alone: people may be
    /// counting on it, so the account cannot be deleted until the member
    /// hands it over (adds a co-organizer) or cancels it.
    Blocks,
}

/// The fate of one event when its organizer deletes their account at `now`.
pub fn event_fate(e: &OrganizedEvent, now: i64) -> EventFate {
    if e.co_organizers > 0 {
        EventFate::StepDown {
            pass_ownership: e.is_owner,
        }
    } else if e.status == EventStatus::Draft {
        EventFate::DeleteDraft
    } else if e.status == EventStatus::Cancelled || e.ends_at <= now {
        EventFate::KeepAsHistory
    } else {
        EventFate::Blocks
    }
}

/// The events that stop the deletion (see [`EventFate::Blocks`]).
pub fn blocking_events(events: &[OrganizedEvent], now: i64) -> Vec<i64> {
    events
        .iter()
        .filter(|e| event_fate(e, now) == EventFate::Blocks)
        .map(|e| e.id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_are_summarised_without_versions() {
        let cases = [
            ("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox · Linux"),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36", "Chrome · Windows"),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0", "Edge · Windows"),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "Safari · iOS"),
            ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15", "Safari · macOS"),
            ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36", "Chrome · Android"),
            ("curl/8.5.0", ""),
            ("", ""),
        ];
        for (ua, want) in cases {
            assert_eq!(device_summary(ua), want, "{ua}");
        }
    }

    #[test]
    fn a_new_address_must_be_valid_and_different() {
        assert_eq!(
            new_email("new@example.org", "old@example.org")
                .unwrap()
                .as_str(),
            "new@example.org"
        );
        let same = new_email(" OLD@example.org ", "old@example.org").unwrap_err();
        assert_eq!(
            (same.field, same.msg),
            ("new_email", Msg::ErrEmailUnchanged)
        );
        let bad = new_email("not an address", "old@example.org").unwrap_err();
        assert_eq!((bad.field, bad.msg), ("new_email", Msg::ErrEmailInvalid));
        let empty = new_email("", "old@example.org").unwrap_err();
        assert_eq!(empty.msg, Msg::ErrEmailRequired);
    }

    fn ev(is_owner: bool, co: i64, status: EventStatus, ends_at: i64) -> OrganizedEvent {
        OrganizedEvent {
            id: 7,
            is_owner,
            co_organizers: co,
            status,
            ends_at,
        }
    }

    #[test]
    fn deleting_an_organizer_decides_each_event() {
        use EventStatus::*;
        let now = 1_000;
        let table = [
            // others organize it: step down, passing ownership when owner
            (
                ev(true, 1, Published, 2_000),
                EventFate::StepDown {
                    pass_ownership: true,
                },
            ),
            (
                ev(false, 2, Published, 2_000),
                EventFate::StepDown {
                    pass_ownership: false,
                },
            ),
            (
                ev(true, 1, Draft, 2_000),
                EventFate::StepDown {
                    pass_ownership: true,
                },
            ),
            // alone
            (ev(true, 0, Draft, 2_000), EventFate::DeleteDraft),
            (ev(true, 0, Draft, 500), EventFate::DeleteDraft),
            (ev(true, 0, Cancelled, 2_000), EventFate::KeepAsHistory),
            (ev(true, 0, Published, 500), EventFate::KeepAsHistory),
            (ev(true, 0, Published, 1_000), EventFate::KeepAsHistory),
            (ev(true, 0, Published, 1_001), EventFate::Blocks),
            (ev(true, 0, Postponed, 2_000), EventFate::Blocks),
        ];
        for (e, want) in table {
            assert_eq!(event_fate(&e, now), want, "{e:?}");
        }
        let mut blocked = ev(true, 0, Published, 2_000);
        blocked.id = 9;
        assert_eq!(
            blocking_events(&[ev(true, 1, Published, 2_000), blocked], now),
            vec![9]
        );
    }
}
