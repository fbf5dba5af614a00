//! Events: kinds, formats, the status life cycle, local times as organizers
//! type them, the event and session forms, and the seat/waitlist rules.

use super::profile::{block, is_web_link, language_bit, one_line, themes};
use super::{FieldError, Locale};
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

pub const MAX_TITLE: usize = 160;
pub const MAX_SUMMARY: usize = 400;
pub const MAX_DESCRIPTION: usize = 10_000;
pub const MAX_CAPACITY: i64 = 100_000;
/// How long before the start the join link is shown to registered attendees.
pub const JOIN_LINK_LEAD_SECS: i64 = 30 * 60;

macro_rules! vocabulary {
    ($(#[$m:meta])* $name:ident, $field:literal { $($variant:ident => $code:literal, $label:ident);* $(;)? }) => {
        $(#[$m])*
        /// On the wire and in the database alike: its code (`"in_person"`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $code)] $variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),* }
            }

            pub fn parse(raw: &str) -> Result<Self, FieldError> {
                match raw.trim() {
                    $($code => Ok($name::$variant),)*
                    _ => Err(FieldError::new($field, Msg::ErrChoice)),
                }
            }

            pub fn label(self) -> Msg {
                match self { $($name::$variant => Msg::$label),* }
            }
        }
    };
}

vocabulary!(
    /// What kind of event this is.
    EventKind, "kind" {
        Talk => "talk", EventKindTalk;
        Panel => "panel", EventKindPanel;
        Webinar => "webinar", EventKindWebinar;
        Conference => "conference", EventKindConference;
        Matchmaking => "matchmaking", EventKindMatchmaking;
    }
);

vocabulary!(
    /// Where it happens.
    EventFormat, "format" {
        Online => "online", EventFormatOnline;
        InPerson => "in_person", EventFormatInPerson;
        Hybrid => "hybrid", EventFormatHybrid;
    }
);

vocabulary!(
    /// The life cycle: draft → published ⇄ postponed, and cancelled, which is
    /// final.
    EventStatus, "status" {
        Draft => "draft", EventStatusDraft;
        Published => "published", EventStatusPublished;
        Postponed => "postponed", EventStatusPostponed;
        Cancelled => "cancelled", EventStatusCancelled;
    }
);

impl EventFormat {
    pub fn has_venue(self) -> bool {
        !matches!(self, EventFormat::Online)
    }
}

impl EventStatus {
    /// Whether an organizer may move the event from `self` to `to`. Staying
    /// put is always allowed; a published event cannot go back to draft
    /// (people may have registered); a cancelled event stays cancelled.
    pub fn can_become(self, to: EventStatus) -> bool {
        use EventStatus::*;
        self == to
            || matches!(
                (self, to),
                (Draft, Published)
                    | (Draft, Cancelled)
                    | (Published, Postponed)
                    | (Published, Cancelled)
                    | (Postponed, Published)
                    | (Postponed, Cancelled)
            )
    }

    /// Visible to people who do not organize it.
    pub fn is_public(self) -> bool {
        self != EventStatus::Draft
    }
}

/// A wall-clock time as an organizer types it (`<input type=datetime-local>`:
/// `2027-03-15T10:00`), in the event's zone. Ordering is chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LocalTime {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
}

impl LocalTime {
    pub fn parse(field: &'static str, raw: &str) -> Result<Self, FieldError> {
        let bad = || FieldError::new(field, Msg::ErrDateTime);
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(FieldError::new(field, Msg::ErrRequired));
        }
        let (date, time) = raw.split_once(['T', ' ']).ok_or_else(bad)?;
        let mut d = date.splitn(3, '-');
        let num = |s: Option<&str>, len: usize| -> Option<u32> {
            let s = s?;
            (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        let year = num(d.next(), 4).ok_or_else(bad)? as i32;
        let month = num(d.next(), 2).ok_or_else(bad)?;
        let day = num(d.next(), 2).ok_or_else(bad)?;
        let mut t = time.splitn(3, ':');
        let hour = num(t.next(), 2).ok_or_else(bad)?;
        let minute = num(t.next(), 2).ok_or_else(bad)?;
        // seconds, if the browser sends them, must be zero-padded digits
        if let Some(sec) = t.next() {
            num(Some(sec.split('.').next().unwrap_or("")), 2).ok_or_else(bad)?;
        }
        if !(2000..=2200).contains(&year)
            || !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
        {
            return Err(bad());
        }
        Ok(Self {
            year,
            month,
            day,
            hour,
            minute,
        })
    }

    /// The `datetime-local` form value.
    pub fn input_value(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute
        )
    }
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// A start and an end in one zone, the start first. The zone's name is
/// checked against the time-zone database by the server, which also turns
/// the pair into instants (a time skipped by a clock change is refused there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventWindow {
    pub starts: LocalTime,
    pub ends: LocalTime,
    pub zone: String,
}

impl EventWindow {
    pub fn parse(starts: &str, ends: &str, zone: &str) -> Result<Self, FieldError> {
        let starts = LocalTime::parse("starts", starts)?;
        let ends = LocalTime::parse("ends", ends)?;
        if ends <= starts {
            return Err(FieldError::new("ends", Msg::ErrEndsBeforeStart));
        }
        let zone = zone.trim();
        if zone.is_empty() {
            return Err(FieldError::new("timezone", Msg::ErrRequired));
        }
        if zone.len() > 64
            || !zone
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-' | '+'))
        {
            return Err(FieldError::new("timezone", Msg::ErrTimeZone));
        }
        Ok(Self {
            starts,
            ends,
            zone: zone.to_owned(),
        })
    }
}

/// The event form as typed. Missing keys are empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventForm {
    /// 0 for a new event
    pub id: i64,
    /// the version the form was loaded from (0 for a new event)
    pub version: i64,
    pub kind: String,
    pub format: String,
    pub status: String,
    /// the main language of the event: en, fr or es
    pub language: String,
    /// every language it is held in (ISO codes), the main one included
    pub languages: Vec<String>,
    pub title_en: String,
    pub title_fr: String,
    pub title_es: String,
    pub summary_en: String,
    pub summary_fr: String,
    pub summary_es: String,
    pub description: String,
    pub themes: Vec<String>,
    pub starts: String,
    pub ends: String,
    pub timezone: String,
    pub city_id: String,
    pub city_name: String,
    pub venue: String,
    pub capacity: String,
    pub reg_opens: String,
    pub reg_closes: String,
    pub join_url: String,
}

/// An event form that passed every rule the browser can check too.
#[derive(Debug, Clone, PartialEq)]
pub struct EventDraft {
    pub kind: EventKind,
    pub format: EventFormat,
    pub status: EventStatus,
    pub language: Locale,
    pub langs_mask: i64,
    /// (locale, title, summary) for each language with a title
    pub texts: Vec<(Locale, String, String)>,
    pub description: String,
    pub themes: Vec<String>,
    pub window: EventWindow,
    pub city_id: Option<i64>,
    pub venue: String,
    pub capacity: Option<i64>,
    pub reg_opens: Option<LocalTime>,
    pub reg_closes: Option<LocalTime>,
    pub join_url: String,
}

impl EventForm {
    pub fn validate(&self) -> Result<EventDraft, FieldError> {
        let kind = EventKind::parse(&self.kind)?;
        let format = EventFormat::parse(&self.format)?;
        let status = if self.status.trim().is_empty() {
            EventStatus::Draft
        } else {
            EventStatus::parse(&self.status)?
        };
        let language = Locale::from_code(self.language.trim())
            .ok_or(FieldError::new("language", Msg::ErrChoice))?;
        let mut langs_mask = 1i64 << language_bit(language.code()).unwrap_or(0);
        for code in &self.languages {
            let bit =
                language_bit(code.trim()).ok_or(FieldError::new("languages", Msg::ErrChoice))?;
            langs_mask |= 1 << bit;
        }
        let mut texts = Vec::new();
        for (locale, title_field, title, summary_field, summary) in [
            (
                Locale::En,
                "title_en",
                &self.title_en,
                "summary_en",
                &self.summary_en,
            ),
            (
                Locale::Fr,
                "title_fr",
                &self.title_fr,
                "summary_fr",
                &self.summary_fr,
            ),
            (
                Locale::Es,
                "title_es",
                &self.title_es,
                "summary_es",
                &self.summary_es,
            ),
        ] {
            let title = one_line(title_field, title, MAX_TITLE)?;
            let summary = block(summary_field, summary, MAX_SUMMARY)?;
            if title.is_empty() {
                if locale == language {
                    return Err(FieldError::new(title_field, Msg::ErrTitleMainLanguage));
                }
                if !summary.is_empty() {
                    return Err(FieldError::new(title_field, Msg::ErrRequired));
                }
                continue;
            }
            texts.push((locale, title, summary));
        }
        let description = block("description", &self.description, MAX_DESCRIPTION)?;
        let window = EventWindow::parse(&self.starts, &self.ends, &self.timezone)?;
        let city_id = match self.city_id.trim() {
            "" => None,
            s => Some(
                s.parse::<i64>()
                    .map_err(|_| FieldError::new("city_id", Msg::ErrCityUnknown))?,
            ),
        };
        if format.has_venue() && city_id.is_none() && self.city_name.trim().is_empty() {
            return Err(FieldError::new("city_id", Msg::ErrVenueCity));
        }
        let venue = one_line("venue", &self.venue, 300)?;
        let capacity = match self.capacity.trim() {
            "" => None,
            s => match s.parse::<i64>() {
                Ok(n) if (1..=MAX_CAPACITY).contains(&n) => Some(n),
                _ => return Err(FieldError::new("capacity", Msg::ErrCapacity)),
            },
        };
        let optional_time = |field: &'static str, raw: &str| -> Result<Option<LocalTime>, _> {
            if raw.trim().is_empty() {
                Ok(None)
            } else {
                LocalTime::parse(field, raw).map(Some)
            }
        };
        let reg_opens = optional_time("reg_opens", &self.reg_opens)?;
        let reg_closes = optional_time("reg_closes", &self.reg_closes)?;
        if let (Some(o), Some(c)) = (reg_opens, reg_closes) {
            if c <= o {
                return Err(FieldError::new("reg_closes", Msg::ErrEndsBeforeStart));
            }
        }
        if reg_closes.is_some_and(|c| c > window.ends) {
            return Err(FieldError::new("reg_closes", Msg::ErrRegistrationAfterEnd));
        }
        let join_url = self.join_url.trim().to_owned();
        if !join_url.is_empty() && (join_url.len() > 500 || !is_web_link(&join_url)) {
            return Err(FieldError::new("join_url", Msg::ErrLink));
        }
        Ok(EventDraft {
            kind,
            format,
            status,
            language,
            langs_mask,
            texts,
            description,
            themes: themes(&self.themes),
            window,
            city_id,
            venue,
            capacity,
            reg_opens,
            reg_closes,
            join_url,
        })
    }
}

/// A session of the agenda as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionForm {
    pub event_id: i64,
    /// 0 for a new session
    pub session_id: i64,
    pub version: i64,
    pub title: String,
    pub starts: String,
    pub ends: String,
    pub room: String,
    pub description: String,
    /// speaker ids of this event
    pub speakers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SessionDraft {
    pub title: String,
    pub starts: LocalTime,
    pub ends: LocalTime,
    pub room: String,
    pub description: String,
    pub speakers: Vec<i64>,
}

impl SessionForm {
    pub fn validate(&self) -> Result<SessionDraft, FieldError> {
        let title = one_line("title", &self.title, MAX_TITLE)?;
        if title.is_empty() {
            return Err(FieldError::new("title", Msg::ErrRequired));
        }
        let starts = LocalTime::parse("starts", &self.starts)?;
        let ends = LocalTime::parse("ends", &self.ends)?;
        if ends <= starts {
            return Err(FieldError::new("ends", Msg::ErrEndsBeforeStart));
        }
        let mut speakers = Vec::new();
        for s in &self.speakers {
            let id = s
                .trim()
                .parse::<i64>()
                .map_err(|_| FieldError::new("speakers", Msg::ErrChoice))?;
            if !speakers.contains(&id) {
                speakers.push(id);
            }
        }
        Ok(SessionDraft {
            title,
            starts,
            ends,
            room: one_line("room", &self.room, 120)?,
            description: block("description", &self.description, 2000)?,
            speakers,
        })
    }
}

/// A speaker as typed: a member of the network (by profile id) or a guest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SpeakerForm {
    pub event_id: i64,
    /// a member's id, or empty for a guest
    pub member: String,
    pub name: String,
    pub title: String,
    pub bio: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SpeakerDraft {
    pub member: Option<i64>,
    pub name: String,
    pub title: String,
    pub bio: String,
}

impl SpeakerForm {
    pub fn validate(&self) -> Result<SpeakerDraft, FieldError> {
        let member = match self.member.trim() {
            "" => None,
            s => Some(
                s.trim_start_matches("/people/")
                    .parse::<i64>()
                    .map_err(|_| FieldError::new("member", Msg::ErrMemberUnknown))?,
            ),
        };
        let name = one_line("name", &self.name, 120)?;
        if member.is_none() && name.is_empty() {
            return Err(FieldError::new("name", Msg::ErrRequired));
        }
        Ok(SpeakerDraft {
            member,
            name,
            title: one_line("title", &self.title, 160)?,
            bio: block("bio", &self.bio, 3000)?,
        })
    }
}

/// Where a person stands for an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Seat {
    Registered,
    Waitlisted,
    Cancelled,
}

impl Seat {
    pub fn as_str(self) -> &'static str {
        match self {
            Seat::Registered => "registered",
            Seat::Waitlisted => "waitlisted",
            Seat::Cancelled => "cancelled",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "registered" => Some(Seat::Registered),
            "waitlisted" => Some(Seat::Waitlisted),
            "cancelled" => Some(Seat::Cancelled),
            _ => None,
        }
    }

    /// Holds a seat or a place in the queue.
    pub fn is_active(self) -> bool {
        self != Seat::Cancelled
    }
}

/// The seat a new registration gets: a seat while there is one, otherwise the
/// waitlist. Without a capacity there is always a seat.
pub fn seat_for_newcomer(taken: i64, capacity: Option<i64>) -> Seat {
    match capacity {
        Some(c) if taken >= c => Seat::Waitlisted,
        _ => Seat::Registered,
    }
}

/// How many people at the head of the waitlist move up when `taken` seats of
/// `capacity` are held (after a cancellation or a larger capacity).
pub fn promotions(taken: i64, capacity: Option<i64>, waiting: i64) -> i64 {
    match capacity {
        None => waiting,
        Some(c) => (c - taken).clamp(0, waiting),
    }
}

/// Whether registration is open at `now`: the event is published, has not
/// ended, and the organizer's window (if any) is open.
pub fn registration_open(
    now: i64,
    status: EventStatus,
    ends_at: i64,
    opens_at: Option<i64>,
    closes_at: Option<i64>,
) -> Result<(), Msg> {
    match status {
        EventStatus::Published => {}
        EventStatus::Cancelled => return Err(Msg::ErrEventCancelled),
        _ => return Err(Msg::ErrRegistrationClosed),
    }
    if now >= ends_at {
        return Err(Msg::ErrEventOver);
    }
    if opens_at.is_some_and(|o| now < o) {
        return Err(Msg::ErrRegistrationNotOpen);
    }
    if closes_at.is_some_and(|c| now >= c) {
        return Err(Msg::ErrRegistrationClosed);
    }
    Ok(())
}

/// The join link is for registered attendees, from a little before the start
/// until the end.
pub fn join_link_visible(now: i64, seat: Option<Seat>, starts_at: i64, ends_at: i64) -> bool {
    seat == Some(Seat::Registered) && now >= starts_at - JOIN_LINK_LEAD_SECS && now < ends_at
}

/// What an edit changed, for notices, catch-up and e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeKind {
    /// title, summary, description, themes, languages, capacity...
    Details,
    /// the event's start or end
    Time,
    /// the city, venue or format
    Place,
    /// published, postponed, cancelled
    Status,
    SessionAdded,
    SessionMoved,
    SessionEdited,
    SessionRemoved,
    Speakers,
    /// the C2C meeting schedule was (re)computed
    Meetings,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Details => "details",
            ChangeKind::Time => "time",
            ChangeKind::Place => "place",
            ChangeKind::Status => "status",
            ChangeKind::SessionAdded => "session_added",
            ChangeKind::SessionMoved => "session_moved",
            ChangeKind::SessionEdited => "session_edited",
            ChangeKind::SessionRemoved => "session_removed",
            ChangeKind::Speakers => "speakers",
            ChangeKind::Meetings => "meetings",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [
            ChangeKind::Details,
            ChangeKind::Time,
            ChangeKind::Place,
            ChangeKind::Status,
            ChangeKind::SessionAdded,
            ChangeKind::SessionMoved,
            ChangeKind::SessionEdited,
            ChangeKind::SessionRemoved,
            ChangeKind::Speakers,
            ChangeKind::Meetings,
        ]
        .into_iter()
        .find(|k| k.as_str() == raw)
    }

    /// Worth an e-mail to registered attendees who were not watching: time,
    /// place and status always; a session's change for those who marked it.
    pub fn matters(self) -> bool {
        matches!(
            self,
            ChangeKind::Time
                | ChangeKind::Place
                | ChangeKind::Status
                | ChangeKind::SessionMoved
                | ChangeKind::SessionRemoved
        )
    }

    /// Concerns one session only (mailed to those who marked it).
    pub fn is_session(self) -> bool {
        matches!(
            self,
            ChangeKind::SessionAdded
                | ChangeKind::SessionMoved
                | ChangeKind::SessionEdited
                | ChangeKind::SessionRemoved
        )
    }
}

/// The events list's filters, as its address carries them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventFilter {
    /// "past", or anything else for upcoming
    pub when: String,
    pub kind: String,
    pub theme: String,
    pub format: String,
    pub lang: String,
    /// "load more" cursor: `starts_at.id` of the last event shown
    pub after: String,
}

impl EventFilter {
    pub fn past(&self) -> bool {
        self.when == "past"
    }

    pub fn cursor(&self) -> Option<(i64, i64)> {
        let (a, b) = self.after.split_once('.')?;
        Some((a.parse().ok()?, b.parse().ok()?))
    }

    /// The non-empty filters, in a stable order (the cursor excluded).
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        [
            ("when", &self.when),
            ("kind", &self.kind),
            ("theme", &self.theme),
            ("format", &self.format),
            ("lang", &self.lang),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k, v.clone()))
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabularies_travel_as_their_codes() {
        for k in EventKind::ALL {
            let json = serde_json::to_string(k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.as_str()));
            assert_eq!(serde_json::from_str::<EventKind>(&json).unwrap(), *k);
        }
        assert_eq!(
            serde_json::to_string(&EventFormat::InPerson).unwrap(),
            "\"in_person\""
        );
        assert_eq!(
            serde_json::to_string(&EventStatus::Published).unwrap(),
            "\"published\""
        );
    }

    fn form() -> EventForm {
        EventForm {
            kind: "talk".into(),
            format: "online".into(),
            status: "published".into(),
            language: "es".into(),
            title_es: "Vivienda asequible".into(),
            starts: "2027-03-15T10:00".into(),
            ends: "2027-03-15T11:30".into(),
            timezone: "America/Mexico_City".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_minimal_event_is_valid() {
        let d = form().validate().unwrap();
        assert_eq!(d.kind, EventKind::Talk);
        assert_eq!(d.texts.len(), 1);
        assert_eq!(d.texts[0].0, Locale::Es);
        assert_eq!(d.langs_mask, 1 << 2);
        assert_eq!(d.window.starts.hour, 10);
    }

    #[test]
    fn bad_events_name_the_field() {
        type Case = (Box<dyn Fn(&mut EventForm)>, &'static str, Msg);
        let cases: Vec<Case> = vec![
            (
                Box::new(|f| f.kind = "party".into()),
                "kind",
                Msg::ErrChoice,
            ),
            (
                Box::new(|f| f.title_es = " ".into()),
                "title_es",
                Msg::ErrTitleMainLanguage,
            ),
            (
                Box::new(|f| f.summary_fr = "Résumé sans titre".into()),
                "title_fr",
                Msg::ErrRequired,
            ),
            (
                Box::new(|f| f.ends = "2027-03-15T09:00".into()),
                "ends",
                Msg::ErrEndsBeforeStart,
            ),
            (
                Box::new(|f| f.starts = "2027-02-30T10:00".into()),
                "starts",
                Msg::ErrDateTime,
            ),
            (
                Box::new(|f| f.starts = "15/03/2027 10:00".into()),
                "starts",
                Msg::ErrDateTime,
            ),
            (
                Box::new(|f| f.timezone = "Mars/Olympus Mons".into()),
                "timezone",
                Msg::ErrTimeZone,
            ),
            (
                Box::new(|f| f.capacity = "-3".into()),
                "capacity",
                Msg::ErrCapacity,
            ),
            (
                Box::new(|f| f.capacity = "lots".into()),
                "capacity",
                Msg::ErrCapacity,
            ),
            (
                Box::new(|f| f.join_url = "javascript:alert(1)".into()),
                "join_url",
                Msg::ErrLink,
            ),
            (
                Box::new(|f| f.format = "in_person".into()),
                "city_id",
                Msg::ErrVenueCity,
            ),
            (
                Box::new(|f| f.reg_closes = "2027-03-16T00:00".into()),
                "reg_closes",
                Msg::ErrRegistrationAfterEnd,
            ),
            (
                Box::new(|f| f.languages = vec!["xx".into()]),
                "languages",
                Msg::ErrChoice,
            ),
        ];
        for (change, field, msg) in cases {
            let mut f = form();
            change(&mut f);
            let e = f.validate().unwrap_err();
            assert_eq!((e.field, e.msg), (field, msg), "{f:?}");
        }
    }

    #[test]
    fn local_times_parse_strictly_and_order_chronologically() {
        let a = LocalTime::parse("starts", "2028-02-29T23:59").unwrap();
        let b = LocalTime::parse("starts", "2028-03-01 00:00").unwrap();
        assert!(a < b);
        assert_eq!(a.input_value(), "2028-02-29T23:59");
        assert!(LocalTime::parse("starts", "2027-03-15T10:00:00").is_ok());
        for bad in [
            "2027-02-29T10:00",
            "2027-13-01T10:00",
            "2027-1-01T10:00",
            "2027-01-01T24:00",
            "2027-01-01",
            "x",
        ] {
            assert_eq!(
                LocalTime::parse("starts", bad).unwrap_err().msg,
                Msg::ErrDateTime,
                "{bad}"
            );
        }
        assert_eq!(
            LocalTime::parse("starts", "").unwrap_err().msg,
            Msg::ErrRequired
        );
    }

    #[test]
    fn status_transitions() {
        use EventStatus::*;
        assert!(Draft.can_become(Published));
        assert!(Published.can_become(Postponed));
        assert!(Postponed.can_become(Published));
        assert!(Published.can_become(Cancelled));
        assert!(!Published.can_become(Draft));
        assert!(!Cancelled.can_become(Published));
        assert!(!Cancelled.can_become(Draft));
        assert!(Cancelled.can_become(Cancelled));
        assert!(!Draft.is_public());
        assert!(Cancelled.is_public());
    }

    #[test]
    fn seats_and_the_waitlist() {
        assert_eq!(seat_for_newcomer(0, Some(1)), Seat::Registered);
        assert_eq!(seat_for_newcomer(1, Some(1)), Seat::Waitlisted);
        assert_eq!(seat_for_newcomer(5000, None), Seat::Registered);
        // one seat frees: one person moves up
        assert_eq!(promotions(9, Some(10), 3), 1);
        // capacity raised by five with two waiting: both move up
        assert_eq!(promotions(10, Some(15), 2), 2);
        // capacity lowered below the registered count: nobody moves, nobody loses a seat
        assert_eq!(promotions(12, Some(10), 4), 0);
        assert_eq!(promotions(3, None, 4), 4);
    }

    #[test]
    fn registration_window() {
        use EventStatus::*;
        assert_eq!(registration_open(100, Published, 200, None, None), Ok(()));
        assert_eq!(
            registration_open(100, Draft, 200, None, None),
            Err(Msg::ErrRegistrationClosed)
        );
        assert_eq!(
            registration_open(100, Cancelled, 200, None, None),
            Err(Msg::ErrEventCancelled)
        );
        assert_eq!(
            registration_open(200, Published, 200, None, None),
            Err(Msg::ErrEventOver)
        );
        assert_eq!(
            registration_open(100, Published, 200, Some(150), None),
            Err(Msg::ErrRegistrationNotOpen)
        );
        assert_eq!(
            registration_open(100, Published, 200, None, Some(100)),
            Err(Msg::ErrRegistrationClosed)
        );
    }

    #[test]
    fn join_link_only_for_registered_near_the_start() {
        let (s, e) = (10_000, 13_600);
        assert!(!join_link_visible(s - 3600, Some(Seat::Registered), s, e));
        assert!(join_link_visible(s - 600, Some(Seat::Registered), s, e));
        assert!(!join_link_visible(s - 600, Some(Seat::Waitlisted), s, e));
        assert!(!join_link_visible(s, None, s, e));
        assert!(!join_link_visible(e, Some(Seat::Registered), s, e));
    }

    #[test]
    fn sessions_and_speakers() {
        let s = SessionForm {
            title: "Housing finance".into(),
            starts: "2027-03-15T15:30".into(),
            ends: "2027-03-15T16:00".into(),
            speakers: vec!["3".into(), "3".into(), "1".into()],
            ..Default::default()
        };
        assert_eq!(s.validate().unwrap().speakers, vec![3, 1]);
        let mut bad = s.clone();
        bad.ends = "2027-03-15T15:30".into();
        assert_eq!(bad.validate().unwrap_err().field, "ends");
        let g = SpeakerForm {
            name: "".into(),
            ..Default::default()
        };
        assert_eq!(g.validate().unwrap_err().field, "name");
        let m = SpeakerForm {
            member: "/people/42".into(),
            ..Default::default()
        };
        assert_eq!(m.validate().unwrap().member, Some(42));
    }

    #[test]
    fn change_kinds_round_trip_and_say_what_matters() {
        for k in [
            ChangeKind::Time,
            ChangeKind::SessionMoved,
            ChangeKind::Details,
        ] {
            assert_eq!(ChangeKind::parse(k.as_str()), Some(k));
        }
        assert!(ChangeKind::Status.matters());
        assert!(!ChangeKind::Details.matters());
        assert!(ChangeKind::SessionMoved.is_session());
    }
}
