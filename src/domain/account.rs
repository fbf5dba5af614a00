//! Accounts: e-mail addresses, display names, passwords and roles.

use super::FieldError;
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

/// A member's id in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct UserId(pub i64);

/// A syntactically valid e-mail address, trimmed and lower-cased so that one
/// mailbox maps to one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let err = |msg| FieldError::new("email", msg);
        let value = raw.trim().to_lowercase();
        if value.is_empty() {
            return Err(err(Msg::ErrEmailRequired));
        }
        if value.len() > Self::MAX_LEN {
            return Err(err(Msg::ErrEmailInvalid));
        }
        let Some((local, domain)) = value.rsplit_once('@') else {
            return Err(err(Msg::ErrEmailInvalid));
        };
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            })
            && labels.last().is_some_and(|tld| tld.len() >= 2);
        if local_ok && domain_ok {
            Ok(Self(value))
        } else {
            Err(err(Msg::ErrEmailInvalid))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name a member shows to others: 2 to 80 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayName(String);

impl DisplayName {
    pub const MIN_CHARS: usize = 2;
    pub const MAX_CHARS: usize = 80;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let err = |msg| FieldError::new("name", msg);
        let value = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        let chars = value.chars().count();
        if chars == 0 {
            Err(err(Msg::ErrNameRequired))
        } else if chars < Self::MIN_CHARS {
            Err(err(Msg::ErrNameTooShort))
        } else if chars > Self::MAX_CHARS {
            Err(err(Msg::ErrNameTooLong))
        } else if value.chars().any(|c| c.is_control() || "<>".contains(c)) {
            Err(err(Msg::ErrNameInvalid))
        } else {
            Ok(Self(value))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password as typed by its owner: 12 to 256 characters, not all one
/// character. Never serialized, never logged.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub const MIN_CHARS: usize = 12;
    pub const MAX_CHARS: usize = 256;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let err = |msg| FieldError::new("password", msg);
        let chars = raw.chars().count();
        if chars == 0 {
            return Err(err(Msg::ErrPasswordRequired));
        }
        if chars < Self::MIN_CHARS {
            return Err(err(Msg::ErrPasswordTooShort));
        }
        if chars > Self::MAX_CHARS {
            return Err(err(Msg::ErrPasswordTooLong));
        }
        let mut it = raw.chars();
        let first = it.next();
        if it.all(|c| Some(c) == first) {
            return Err(err(Msg::ErrPasswordWeak));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

/// What a member may do. Ordered: an admin can do all an organizer can.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    Member,
    Organizer,
    /// Programme staff: run calls for cities and decide on applications
    /// (and organize events).
    Staff,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Member, Role::Organizer, Role::Staff, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Organizer => "organizer",
            Role::Staff => "staff",
            Role::Admin => "admin",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        match raw.trim() {
            "member" => Ok(Role::Member),
            "organizer" => Ok(Role::Organizer),
            "staff" => Ok(Role::Staff),
            "admin" => Ok(Role::Admin),
            _ => Err(FieldError::new("role", Msg::ErrRoleInvalid)),
        }
    }

    pub fn label(self) -> Msg {
        match self {
            Role::Member => Msg::RoleMember,
            Role::Organizer => Msg::RoleOrganizer,
            Role::Staff => Msg::RoleStaff,
            Role::Admin => Msg::RoleAdmin,
        }
    }

    /// Whether someone with this role may change another member's role.
    pub fn can_manage_roles(self) -> bool {
        self == Role::Admin
    }

    /// Whether someone with this role runs the pairing programme: calls,
    /// reviewers, decisions.
    pub fn can_run_programme(self) -> bool {
        self >= Role::Staff
    }

    /// Whether someone with this role may create and run events.
    pub fn can_organize(self) -> bool {
        self >= Role::Organizer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised() {
        let e = Email::parse("  Ana.Lopez@Example.MX ").unwrap();
        assert_eq!(e.as_str(), "ana.lopez@example.mx");
        assert!(Email::parse("josé@correo.mx").is_ok());
        assert!(Email::parse("a+tag@sub.example.org").is_ok());
    }

    #[test]
    fn bad_emails_name_the_field() {
        for (raw, msg) in [
            ("", Msg::ErrEmailRequired),
            ("   ", Msg::ErrEmailRequired),
            ("no-at-sign", Msg::ErrEmailInvalid),
            ("@example.org", Msg::ErrEmailInvalid),
            ("a@", Msg::ErrEmailInvalid),
            ("a@localhost", Msg::ErrEmailInvalid),
            ("a@b.c", Msg::ErrEmailInvalid),
            ("a..b@example.org", Msg::ErrEmailInvalid),
            (".a@example.org", Msg::ErrEmailInvalid),
            ("a b@example.org", Msg::ErrEmailInvalid),
            ("a@-x.org", Msg::ErrEmailInvalid),
            ("a@x..org", Msg::ErrEmailInvalid),
        ] {
            let e = Email::parse(raw).unwrap_err();
            assert_eq!((e.field, e.msg), ("email", msg), "input {raw:?}");
        }
        let long = format!("{}@example.org", "a".repeat(250));
        assert!(Email::parse(&long).is_err());
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            DisplayName::parse("  Ana   López ").unwrap().as_str(),
            "Ana López"
        );
        assert_eq!(
            DisplayName::parse("").unwrap_err().msg,
            Msg::ErrNameRequired
        );
        assert_eq!(
            DisplayName::parse("A").unwrap_err().msg,
            Msg::ErrNameTooShort
        );
        assert_eq!(
            DisplayName::parse(&"x".repeat(81)).unwrap_err().msg,
            Msg::ErrNameTooLong
        );
        assert_eq!(
            DisplayName::parse("<script>").unwrap_err().msg,
            Msg::ErrNameInvalid
        );
        assert_eq!(
            DisplayName::parse("Ana\u{7}").unwrap_err().msg,
            Msg::ErrNameInvalid
        );
        assert!(DisplayName::parse(&"é".repeat(80)).is_ok());
    }

    #[test]
    fn passwords_need_twelve_characters() {
        assert_eq!(
            Password::parse("").unwrap_err().msg,
            Msg::ErrPasswordRequired
        );
        assert_eq!(
            Password::parse("short pass").unwrap_err().msg,
            Msg::ErrPasswordTooShort
        );
        assert_eq!(
            Password::parse("aaaaaaaaaaaaaaaa").unwrap_err().msg,
            Msg::ErrPasswordWeak
        );
        assert_eq!(
            Password::parse(&"ab".repeat(200)).unwrap_err().msg,
            Msg::ErrPasswordTooLong
        );
        assert!(Password::parse("correct horse battery").is_ok());
        // counted in characters, not bytes
        assert!(Password::parse("ñandúñandú").is_err());
        assert!(Password::parse("ñandúñandúñá").is_ok());
        assert_eq!(
            format!("{:?}", Password::parse("correct horse battery").unwrap()),
            "Password(***)"
        );
    }

    #[test]
    fn roles_round_trip_and_order() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()).unwrap(), r);
        }
        assert!(Role::parse("root").is_err());
        assert!(Role::Admin.can_manage_roles());
        assert!(!Role::Organizer.can_manage_roles());
        assert!(Role::Organizer.can_organize());
        assert!(!Role::Member.can_organize());
    }

    proptest::proptest! {
        #[test]
        fn any_password_of_valid_length_with_two_distinct_chars_parses(s in "[a-zA-Z0-9 ]{11,200}") {
            let candidate = format!("{s}!");
            proptest::prop_assert!(Password::parse(&candidate).is_ok());
        }

        #[test]
        fn email_parse_never_panics(s in ".{0,300}") {
            let _ = Email::parse(&s);
        }
    }
}
