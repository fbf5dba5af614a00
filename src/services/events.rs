//! Reading events: lists, the event page as each reader sees it, what changed
//! since an attendee last looked, and the live messages.

use super::clock::unix_now;
use super::{markdown, time};
use crate::domain::event::{
    join_link_visible, registration_open, ChangeKind, EventFilter, EventFormat, EventKind,
    EventStatus, Seat,
};
use crate::domain::profile::{language_bit, LANGUAGES};
use crate::domain::{Locale, Role, UserId};
use crate::dto::{
    AgendaDay, ChangeNotice, EventCard, EventList, EventListItem, EventPublic, EventView,
    EventViewer, LiveUpdate, MyEvents, Overview, SessionView, SpeakerRef, SpeakerView, WhenView,
};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::store::events::{ChangeRecord, EventListRow, EventQuery, EventRecord, SessionRecord};
use crate::store::{EventSummary, Store, UserRecord};
use chrono_tz::Tz;

pub const PAGE: i64 = 12;

pub async fn home_overview(store: &dyn Store, locale: Locale) -> Result<Overview, AppError> {
    let members = store.count_users().await?;
    let cities = store.count_cities().await?;
    let events = store.upcoming_events(unix_now(), locale, 6).await?;
    Ok(Overview {
        members,
        cities,
        events: events.into_iter().map(|e| card(e, locale)).collect(),
        programme: None,
        news: Vec::new(),
    })
}

pub fn card(e: EventSummary, locale: Locale) -> EventCard {
    EventCard {
        when_local: when_local(locale, e.starts_at, e.ends_at, &e.timezone),
        starts_utc: time::rfc3339(e.starts_at),
        ends_utc: time::rfc3339(e.ends_at),
        id: e.id,
        kind: e.kind,
        title: e.title,
        summary: e.summary,
        language: e.language,
        place: e.city_name,
        zone: e.timezone,
    }
}

/// "Thu 14 Jan 2027, 10:00 AM – 11:30 AM CST" in the event's zone.
pub fn when_local(locale: Locale, starts_at: i64, ends_at: i64, zone: &str) -> String {
    time::span(
        locale,
        starts_at,
        ends_at,
        time::zone(zone).unwrap_or(Tz::UTC),
    )
}

fn event_tz(zone: &str) -> Tz {
    time::zone(zone).unwrap_or(Tz::UTC)
}

pub fn when(
    locale: Locale,
    starts_at: i64,
    ends_at: i64,
    zone: &str,
    reader: Option<&str>,
) -> WhenView {
    let tz = event_tz(zone);
    let r = time::reading(locale, starts_at, ends_at, tz, reader);
    WhenView {
        main: r.main,
        main_zone: r.main_zone,
        event: r.event,
        event_zone: tz.name().to_owned(),
        note: r.note,
        starts_utc: time::rfc3339(starts_at),
        ends_utc: time::rfc3339(ends_at),
    }
}

/// Who may see an event: anyone once it is public; its organizers and admins
/// while it is a draft. Returns the event and whether `viewer` organizes it.
pub async fn load_visible(
    store: &dyn Store,
    id: i64,
    viewer: Option<&UserRecord>,
) -> Result<(EventRecord, bool), AppError> {
    let e = store.event(id).await?.ok_or(AppError::NotFound)?;
    let organizes = match viewer {
        Some(u) if u.role == Role::Admin => true,
        Some(u) => store.is_organizer(id, u.id).await?,
        None => false,
    };
    if !e.w.status.is_public() && !organizes {
        return Err(AppError::NotFound);
    }
    Ok((e, organizes))
}

/// The title and summary in the reader's language, else the event's own.
pub fn texts_for(e: &EventRecord, locale: Locale) -> (String, String, bool) {
    let pick = |l: Locale| e.w.texts.iter().find(|(tl, _, _)| *tl == l);
    match pick(locale) {
        Some((_, t, s)) => (t.clone(), s.clone(), true),
        None => pick(e.w.language)
            .or(e.w.texts.first())
            .map(|(_, t, s)| (t.clone(), s.clone(), false))
            .unwrap_or_default(),
    }
}

pub fn language_names(mask: i64, locale: Locale) -> Vec<String> {
    LANGUAGES
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, (_, m))| m.text(locale).to_owned())
        .collect()
}

fn session_view(
    s: &SessionRecord,
    locale: Locale,
    event_zone: Tz,
    reader: Tz,
    speakers: &[crate::store::events::SpeakerRecord],
) -> SessionView {
    SessionView {
        id: s.id,
        version: s.version,
        title: s.w.title.clone(),
        time: time::clock_span(locale, s.w.starts_at, s.w.ends_at, reader),
        starts_utc: time::rfc3339(s.w.starts_at),
        ends_utc: time::rfc3339(s.w.ends_at),
        starts_at: s.w.starts_at,
        ends_at: s.w.ends_at,
        starts_local: time::to_local(s.w.starts_at, event_zone).input_value(),
        ends_local: time::to_local(s.w.ends_at, event_zone).input_value(),
        room: s.w.room.clone(),
        description: s.w.description.clone(),
        speakers: s
            .w
            .speakers
            .iter()
            .filter_map(|id| speakers.iter().find(|sp| sp.id == *id))
            .map(|sp| SpeakerRef {
                id: sp.id,
                name: sp.w.name.clone(),
            })
            .collect(),
    }
}

/// The agenda by day, in the reader's zone.
pub fn agenda(
    sessions: &[SessionRecord],
    locale: Locale,
    event_zone: Tz,
    reader: Tz,
    speakers: &[crate::store::events::SpeakerRecord],
) -> Vec<AgendaDay> {
    let mut days: Vec<AgendaDay> = Vec::new();
    for s in sessions {
        let (heading, key) = time::day_heading(locale, s.w.starts_at, reader);
        let view = session_view(s, locale, event_zone, reader, speakers);
        match days.last_mut() {
            Some(d) if d.key == key => d.sessions.push(view),
            _ => days.push(AgendaDay {
                heading,
                key,
                sessions: vec![view],
            }),
        }
    }
    days
}

/// The page as every reader in this language and zone sees it.
pub async fn public_view(
    store: &dyn Store,
    e: &EventRecord,
    locale: Locale,
    reader: Option<&str>,
    now: i64,
) -> Result<EventPublic, AppError> {
    let (sessions, speakers, organizers, themes, last_change) = tokio::try_join!(
        store.sessions(e.id),
        store.speakers(e.id),
        store.organizers(e.id),
        store.themes(),
        store.last_change(e.id),
    )?;
    let tz = event_tz(&e.w.timezone);
    let rz = time::reader_zone(reader, tz);
    let (title, summary, translated) = texts_for(e, locale);
    let speaker_views = speakers
        .iter()
        .map(|sp| SpeakerView {
            id: sp.id,
            name: sp.w.name.clone(),
            title: sp.w.title.clone(),
            bio_html: markdown::to_safe_html(&sp.w.bio),
            photo_url: super::network::photo_url(&sp.photo),
            member_id: sp.w.user_id,
            sessions: sessions
                .iter()
                .filter(|s| s.w.speakers.contains(&sp.id))
                .map(|s| s.w.title.clone())
                .collect(),
        })
        .collect();
    let registration_closed = registration_open(
        now,
        e.w.status,
        e.w.ends_at,
        e.w.reg_opens_at,
        e.w.reg_closes_at,
    )
    .err()
    .map(|m| m.text(locale).to_owned());
    Ok(EventPublic {
        id: e.id,
        kind: e.w.kind,
        format: e.w.format,
        status: e.w.status,
        title,
        summary,
        translated,
        language: e.w.language,
        languages: language_names(e.w.langs_mask, locale),
        description_html: markdown::to_safe_html(&e.w.description),
        when: when(locale, e.w.starts_at, e.w.ends_at, &e.w.timezone, reader),
        place: e.city_name.as_ref().map(|c| match &e.country_name {
            Some(k) => format!("{c}, {k}"),
            None => c.clone(),
        }),
        city_id: e.w.city_id,
        venue: e.w.venue.clone(),
        themes: super::network::themes_in(e.w.themes_mask, &themes)
            .into_iter()
            .map(|t| super::network::theme_name(t, locale))
            .collect(),
        capacity: e.w.capacity,
        registered: e.registered,
        waitlisted: e.waitlisted,
        cover_url: e.cover.as_ref().map(|c| format!("/media/photos/{c}.jpg")),
        days: agenda(&sessions, locale, tz, rz, &speakers),
        speakers: speaker_views,
        organizers: organizers.into_iter().map(|o| o.name).collect(),
        version: e.version,
        last_change,
        registration_closed,
        rendered_at: time::clock_with_zone(locale, now, rz),
    })
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct Detail {
    title: String,
    starts_at: i64,
    ends_at: i64,
    status: String,
    place: String,
}

/// One change, said in the reader's language and zone.
pub fn notice(c: &ChangeRecord, locale: Locale, reader: Tz) -> ChangeNotice {
    let d: Detail = serde_json::from_str(&c.detail).unwrap_or_default();
    let at_time = |ts: i64| time::clock_with_zone(locale, ts, reader);
    let day_time = |ts: i64| {
        format!(
            "{}, {}",
            time::day_heading(locale, ts, reader).0,
            at_time(ts)
        )
    };
    let text = match c.kind {
        ChangeKind::Details => Msg::ChangeDetails.text(locale).to_owned(),
        ChangeKind::Time => Msg::ChangeTime.fill(locale, &[("time", &day_time(d.starts_at))]),
        ChangeKind::Place => Msg::ChangePlace.fill(locale, &[("place", &d.place)]),
        ChangeKind::Status => {
            let status = EventStatus::parse(&d.status)
                .map(|s| s.label().text(locale).to_lowercase())
                .unwrap_or_default();
            Msg::ChangeStatus.fill(locale, &[("status", &status)])
        }
        ChangeKind::SessionAdded => Msg::ChangeSessionAdded.fill(
            locale,
            &[("title", &d.title), ("time", &day_time(d.starts_at))],
        ),
        ChangeKind::SessionMoved => {
            let _ = d.ends_at;
            Msg::ChangeSessionMoved.fill(
                locale,
                &[("title", &d.title), ("time", &at_time(d.starts_at))],
            )
        }
        ChangeKind::SessionEdited => Msg::ChangeSessionEdited.fill(locale, &[("title", &d.title)]),
        ChangeKind::SessionRemoved => {
            Msg::ChangeSessionRemoved.fill(locale, &[("title", &d.title)])
        }
        ChangeKind::Speakers => Msg::ChangeSpeakers.text(locale).to_owned(),
        ChangeKind::Meetings => Msg::ChangeMeetings.text(locale).to_owned(),
    };
    ChangeNotice {
        id: c.id,
        text,
        at: time::clock_with_zone(locale, c.at, reader),
    }
}

/// The event page for one reader. A registered attendee's "seen" marker moves
/// to the latest change once the page shows them what changed.
pub async fn view(
    store: &dyn Store,
    viewer: Option<&UserRecord>,
    id: i64,
    locale: Locale,
    reader: Option<&str>,
) -> Result<EventView, AppError> {
    let now = unix_now();
    let (e, organizes) = load_visible(store, id, viewer).await?;
    let public = public_view(store, &e, locale, reader, now).await?;
    let rz = time::reader_zone(reader, event_tz(&e.w.timezone));
    let mut v = EventViewer {
        signed_in: viewer.is_some(),
        seat: None,
        is_organizer: organizes,
        join_url: None,
        marked: Vec::new(),
        unseen: Vec::new(),
    };
    if let Some(u) = viewer {
        if let Some((seat, seen)) = store.registration(id, u.id).await? {
            v.seat = Some(seat.as_str().to_owned());
            v.marked = store.marked_sessions(id, u.id).await?;
            if join_link_visible(now, Some(seat), e.w.starts_at, e.w.ends_at)
                && !e.w.join_url.is_empty()
                && e.w.status == EventStatus::Published
            {
                v.join_url = Some(e.w.join_url.clone());
            }
            // a first look is not a change seen: start from now
            if seen > 0 && public.last_change > seen {
                let changes = store.changes_since(id, seen, 50).await?;
                v.unseen = changes.iter().map(|c| notice(c, locale, rz)).collect();
            }
            if public.last_change > seen {
                store.set_seen(id, u.id, public.last_change).await?;
            }
        }
    }
    let _ = Seat::Registered;
    Ok(EventView { public, viewer: v })
}

/// A live message for readers in one language and zone: the changes after
/// `after` and the page as it now is. None if the event is gone or hidden.
pub async fn live_update(
    store: &dyn Store,
    id: i64,
    after: i64,
    locale: Locale,
    reader: Option<&str>,
) -> Result<Option<LiveUpdate>, AppError> {
    let Some(e) = store.event(id).await? else {
        return Ok(None);
    };
    let rz = time::reader_zone(reader, event_tz(&e.w.timezone));
    let changes = store.changes_since(id, after, 20).await?;
    let public = public_view(store, &e, locale, reader, unix_now()).await?;
    Ok(Some(LiveUpdate {
        change_id: changes.last().map(|c| c.id).unwrap_or(public.last_change),
        notices: changes.iter().map(|c| notice(c, locale, rz)).collect(),
        public,
    }))
}

fn list_item(
    r: EventListRow,
    locale: Locale,
    reader: Option<&str>,
    seat: Option<Seat>,
) -> EventListItem {
    EventListItem {
        when: when(locale, r.starts_at, r.ends_at, &r.timezone, reader),
        id: r.id,
        kind: r.kind,
        format: r.format,
        status: r.status,
        title: r.title,
        summary: r.summary,
        translated: r.translated,
        language: r.language,
        place: r.city_name,
        seat: seat.map(|s| s.as_str().to_owned()),
        starts_at: r.starts_at,
    }
}

pub fn may_create(user: Option<&UserRecord>) -> bool {
    user.is_some_and(|u| u.role.can_organize())
}

/// Public events, upcoming or past, filtered; `PAGE` at a time.
pub async fn list(
    store: &dyn Store,
    viewer: Option<&UserRecord>,
    f: &EventFilter,
    city_id: Option<i64>,
    locale: Locale,
    reader: Option<&str>,
) -> Result<EventList, AppError> {
    let themes = store.themes().await?;
    let theme_bit = match f.theme.as_str() {
        "" => None,
        id => Some(
            themes
                .iter()
                .find(|t| t.id == id)
                .map(|t| t.bit)
                .ok_or_else(|| AppError::validation("theme", Msg::ErrThemeUnknown))?,
        ),
    };
    fn choice<T>(s: &str, parsed: Option<T>, field: &str) -> Result<Option<T>, AppError> {
        match (s, parsed) {
            ("", _) => Ok(None),
            (_, Some(v)) => Ok(Some(v)),
            _ => Err(AppError::validation(field, Msg::ErrChoice)),
        }
    }
    let q = EventQuery {
        now: unix_now(),
        past: f.past(),
        kind: choice(&f.kind, EventKind::parse(&f.kind).ok(), "kind")?,
        format: choice(&f.format, EventFormat::parse(&f.format).ok(), "format")?,
        theme_bit,
        lang_bit: match f.lang.as_str() {
            "" => None,
            l => {
                Some(i64::from(language_bit(l).ok_or_else(|| {
                    AppError::validation("lang", Msg::ErrChoice)
                })?))
            }
        },
        city_id,
        after: f.cursor(),
        limit: PAGE + 1,
    };
    let mut rows = store.list_events(&q, locale).await?;
    let more = rows.len() as i64 > PAGE;
    rows.truncate(PAGE as usize);
    let next = more
        .then(|| rows.last().map(|r| format!("{}.{}", r.starts_at, r.id)))
        .flatten();
    Ok(EventList {
        events: rows
            .into_iter()
            .map(|r| list_item(r, locale, reader, None))
            .collect(),
        next,
        can_create: may_create(viewer),
        themes: super::network::choices(!0, &themes, locale),
    })
}

/// What a member attends and organizes.
pub async fn my_events(
    store: &dyn Store,
    user: &UserRecord,
    locale: Locale,
    reader: Option<&str>,
) -> Result<MyEvents, AppError> {
    let now = unix_now();
    let (mine, organizing, has_feed) = tokio::try_join!(
        store.my_registrations(user.id, locale),
        store.organized_events(user.id, locale),
        store.has_calendar_feed(user.id),
    )?;
    Ok(MyEvents {
        attending: mine
            .into_iter()
            .filter(|(r, _)| r.ends_at > now)
            .map(|(r, s)| list_item(r, locale, reader, Some(s)))
            .collect(),
        organizing: organizing
            .into_iter()
            .map(|r| list_item(r, locale, reader, None))
            .collect(),
        has_feed,
        can_create: may_create(Some(user)),
        fresh_feed: None,
    })
}

/// Whether `user` may edit event `id`: its organizers, and admins.
pub async fn require_organizer(
    store: &dyn Store,
    id: i64,
    user: &UserRecord,
) -> Result<EventRecord, AppError> {
    let e = store.event(id).await?.ok_or(AppError::NotFound)?;
    if user.role == Role::Admin || store.is_organizer(id, user.id).await? {
        Ok(e)
    } else if e.w.status.is_public() {
        Err(AppError::Forbidden)
    } else {
        // a draft does not exist for others
        Err(AppError::NotFound)
    }
}

pub fn user_id(u: &UserRecord) -> UserId {
    u.id
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn change(kind: ChangeKind, detail: serde_json::Value) -> ChangeRecord {
        ChangeRecord {
            id: 7,
            event_id: 1,
            at: 0,
            actor_name: None,
            kind,
            session_id: Some(3),
            detail: detail.to_string(),
        }
    }

    #[test]
    fn notices_say_what_changed_in_the_readers_time() {
        let t = chrono::Utc
            .with_ymd_and_hms(2027, 3, 15, 21, 30, 0)
            .unwrap()
            .timestamp();
        let mx: Tz = "America/Mexico_City".parse().unwrap();
        let c = change(
            ChangeKind::SessionMoved,
            serde_json::json!({"title": "Housing finance", "starts_at": t, "ends_at": t + 1800}),
        );
        assert_eq!(
            notice(&c, Locale::En, mx).text,
            "Session \u{201c}Housing finance\u{201d} moved to 3:30 PM CST"
        );
        let madrid: Tz = "Europe/Madrid".parse().unwrap();
        assert!(notice(&c, Locale::Es, madrid).text.contains("22:30 CET"));
        let c = change(
            ChangeKind::Status,
            serde_json::json!({"status": "cancelled"}),
        );
        assert!(notice(&c, Locale::Fr, mx).text.contains("annulé"));
    }
}
