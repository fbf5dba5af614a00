//! What organizers do: create and edit events, the agenda, speakers and
//! co-organizers. Every edit is versioned (a stale save is refused, never
//! silently applied) and recorded as a change that viewers hear about live.

use super::events::{require_organizer, texts_for};
use super::time;
use super::Ctx;
use crate::domain::event::{
    ChangeKind, EventDraft, EventForm, EventStatus, LocalTime, SessionForm, SpeakerForm,
};
use crate::domain::{Email, Locale, Role};
use crate::dto::{AttendeeView, EventEditor, OrganizerView, SavedItem};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::store::events::{
    ChangeWrite, EventRecord, EventWrite, Saved, SessionWrite, SpeakerWrite,
};
use crate::store::{Store, UserRecord};
use chrono_tz::Tz;

fn instant(local: LocalTime, tz: Tz, field: &str) -> Result<i64, AppError> {
    time::to_instant(local, tz).map_err(|m| AppError::validation(field, m))
}

/// A checked form becomes the columns to store: the zone must exist, times
/// must exist in it, the city and themes must be known.
async fn to_write(
    store: &dyn Store,
    d: EventDraft,
    form: &EventForm,
) -> Result<EventWrite, AppError> {
    let tz = time::zone(&d.window.zone)
        .ok_or_else(|| AppError::validation("timezone", Msg::ErrTimeZone))?;
    let starts_at = instant(d.window.starts, tz, "starts")?;
    let ends_at = instant(d.window.ends, tz, "ends")?;
    if ends_at <= starts_at {
        return Err(AppError::validation("ends", Msg::ErrEndsBeforeStart));
    }
    let city = if d.format.has_venue() || !form.city_name.trim().is_empty() {
        super::network::resolve_city(store, d.city_id, &form.city_name).await?
    } else {
        None
    };
    let themes = store.themes().await?;
    let themes_mask = super::network::mask_of(&d.themes, &themes, "themes")?;
    let reg_opens_at = d
        .reg_opens
        .map(|l| instant(l, tz, "reg_opens"))
        .transpose()?;
    let reg_closes_at = d
        .reg_closes
        .map(|l| instant(l, tz, "reg_closes"))
        .transpose()?;
    Ok(EventWrite {
        kind: d.kind,
        format: d.format,
        status: d.status,
        language: d.language,
        langs_mask: d.langs_mask,
        texts: d.texts,
        description: d.description,
        themes_mask,
        starts_at,
        ends_at,
        timezone: tz.name().to_owned(),
        city_id: city.map(|c| c.city.id),
        venue: d.venue,
        capacity: d.capacity,
        reg_opens_at,
        reg_closes_at,
        join_url: d.join_url,
    })
}

fn detail(v: serde_json::Value) -> String {
    v.to_string()
}

/// What an edit of the details changed, most important first.
pub fn changes_between(old: &EventWrite, new: &EventWrite, place: &str) -> Vec<ChangeWrite> {
    let mut out = Vec::new();
    if old.status != new.status {
        out.push(ChangeWrite {
            kind: ChangeKind::Status,
            session_id: None,
            detail: detail(serde_json::json!({ "status": new.status.as_str() })),
        });
    }
    if old.starts_at != new.starts_at || old.ends_at != new.ends_at || old.timezone != new.timezone
    {
        out.push(ChangeWrite {
            kind: ChangeKind::Time,
            session_id: None,
            detail: detail(
                serde_json::json!({ "starts_at": new.starts_at, "ends_at": new.ends_at }),
            ),
        });
    }
    if old.format != new.format || old.city_id != new.city_id || old.venue != new.venue {
        out.push(ChangeWrite {
            kind: ChangeKind::Place,
            session_id: None,
            detail: detail(serde_json::json!({ "place": place })),
        });
    }
    let rest = |w: &EventWrite| {
        (
            w.kind,
            w.language,
            w.langs_mask,
            w.texts.clone(),
            w.description.clone(),
            w.themes_mask,
            w.capacity,
            w.reg_opens_at,
            w.reg_closes_at,
            w.join_url.clone(),
        )
    };
    if rest(old) != rest(new) {
        out.push(ChangeWrite {
            kind: ChangeKind::Details,
            session_id: None,
            detail: "{}".into(),
        });
    }
    out
}

fn place_label(w: &EventWrite, city: Option<&str>, locale: Locale) -> String {
    let format = w.format.label().text(locale).to_owned();
    [Some(format), city.map(str::to_owned), Some(w.venue.clone())]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

pub async fn create(
    ctx: &Ctx,
    user: &UserRecord,
    form: &EventForm,
    now: i64,
) -> Result<i64, AppError> {
    if !super::events::may_create(Some(user)) {
        return Err(AppError::Forbidden);
    }
    let store = &*ctx.store;
    let draft = form.validate()?;
    let w = to_write(store, draft, form).await?;
    store
        .insert_event(&w, user.id, now)
        .await
        .map_err(AppError::from)
}

/// Saves the details if nobody saved since the form was loaded.
pub async fn update(
    ctx: &Ctx,
    user: &UserRecord,
    form: &EventForm,
    locale: Locale,
    now: i64,
) -> Result<i64, AppError> {
    let store = &*ctx.store;
    let old = require_organizer(store, form.id, user).await?;
    let draft = form.validate()?;
    let w = to_write(store, draft, form).await?;
    if !old.w.status.can_become(w.status) {
        return Err(AppError::validation("status", Msg::ErrStatusChange));
    }
    let city_name = match w.city_id {
        Some(id) => store.city_by_id(id).await?.map(|c| c.city.name),
        None => None,
    };
    let changes = changes_between(&old.w, &w, &place_label(&w, city_name.as_deref(), locale));
    match store
        .update_event(form.id, form.version, &w, user.id, &changes, now)
        .await?
    {
        Saved::Done {
            version,
            change_id,
            promoted,
            ..
        } => {
            if let Some(c) = change_id {
                ctx.changes.committed(form.id, c);
            }
            super::event_mail::seats_granted(ctx, form.id, &promoted).await;
            Ok(version)
        }
        Saved::Stale => Err(AppError::Conflict),
        Saved::NotFound => Err(AppError::NotFound),
    }
}

/// Adds (`session_id` 0) or edits a session of the agenda.
pub async fn save_session(
    ctx: &Ctx,
    user: &UserRecord,
    form: &SessionForm,
    now: i64,
) -> Result<SavedItem, AppError> {
    let store = &*ctx.store;
    let e = require_organizer(store, form.event_id, user).await?;
    let d = form.validate()?;
    let tz = time::zone(&e.w.timezone).unwrap_or(Tz::UTC);
    let starts_at = instant(d.starts, tz, "starts")?;
    let ends_at = instant(d.ends, tz, "ends")?;
    if starts_at < e.w.starts_at || ends_at > e.w.ends_at {
        return Err(AppError::validation("starts", Msg::ErrSessionOutside));
    }
    let speakers = store.speakers(e.id).await?;
    if d.speakers
        .iter()
        .any(|s| !speakers.iter().any(|sp| sp.id == *s))
    {
        return Err(AppError::validation("speakers", Msg::ErrChoice));
    }
    let kind = if form.session_id == 0 {
        ChangeKind::SessionAdded
    } else {
        let sessions = store.sessions(e.id).await?;
        match sessions.iter().find(|s| s.id == form.session_id) {
            Some(old) if old.w.starts_at != starts_at || old.w.ends_at != ends_at => {
                ChangeKind::SessionMoved
            }
            Some(_) => ChangeKind::SessionEdited,
            None => return Err(AppError::NotFound),
        }
    };
    let w = SessionWrite {
        starts_at,
        ends_at,
        title: d.title.clone(),
        room: d.room,
        description: d.description,
        speakers: d.speakers,
    };
    let change = ChangeWrite {
        kind,
        session_id: None,
        detail: detail(serde_json::json!({
            "title": d.title, "starts_at": starts_at, "ends_at": ends_at,
        })),
    };
    match store
        .save_session(
            e.id,
            form.session_id,
            form.version,
            &w,
            user.id,
            &change,
            now,
        )
        .await?
    {
        Saved::Done {
            id,
            version,
            change_id,
            ..
        } => {
            if let Some(c) = change_id {
                ctx.changes.committed(e.id, c);
            }
            Ok(SavedItem { id, version })
        }
        Saved::Stale => Err(AppError::Conflict),
        Saved::NotFound => Err(AppError::NotFound),
    }
}

pub async fn delete_session(
    ctx: &Ctx,
    user: &UserRecord,
    event: i64,
    session: i64,
    version: i64,
    now: i64,
) -> Result<(), AppError> {
    let store = &*ctx.store;
    let e = require_organizer(store, event, user).await?;
    let sessions = store.sessions(e.id).await?;
    let old = sessions
        .iter()
        .find(|s| s.id == session)
        .ok_or(AppError::NotFound)?;
    let change = ChangeWrite {
        kind: ChangeKind::SessionRemoved,
        session_id: Some(session),
        detail: detail(serde_json::json!({
            "title": old.w.title, "starts_at": old.w.starts_at, "ends_at": old.w.ends_at,
        })),
    };
    match store
        .delete_agenda_session(e.id, session, version, user.id, &change, now)
        .await?
    {
        Saved::Done { change_id, .. } => {
            if let Some(c) = change_id {
                ctx.changes.committed(e.id, c);
            }
            Ok(())
        }
        Saved::Stale => Err(AppError::Conflict),
        Saved::NotFound => Err(AppError::NotFound),
    }
}

pub async fn add_speaker(
    ctx: &Ctx,
    user: &UserRecord,
    form: &SpeakerForm,
    now: i64,
) -> Result<i64, AppError> {
    let store = &*ctx.store;
    let e = require_organizer(store, form.event_id, user).await?;
    let d = form.validate()?;
    let mut name = d.name;
    if let Some(member) = d.member {
        let m = store
            .user_by_id(crate::domain::UserId(member))
            .await?
            .filter(|m| m.email_confirmed_at.is_some())
            .ok_or_else(|| AppError::validation("member", Msg::ErrMemberUnknown))?;
        if name.is_empty() {
            name = m.name;
        }
    }
    let (id, change) = store
        .add_speaker(
            e.id,
            &SpeakerWrite {
                user_id: d.member,
                name,
                title: d.title,
                bio: d.bio,
            },
            user.id,
            now,
        )
        .await?;
    ctx.changes.committed(e.id, change);
    Ok(id)
}

pub async fn delete_speaker(
    ctx: &Ctx,
    user: &UserRecord,
    event: i64,
    speaker: i64,
    now: i64,
) -> Result<(), AppError> {
    let store = &*ctx.store;
    let e = require_organizer(store, event, user).await?;
    let change = store
        .delete_speaker(e.id, speaker, user.id, now)
        .await?
        .ok_or(AppError::NotFound)?;
    ctx.changes.committed(e.id, change);
    Ok(())
}

async fn require_owner(
    store: &dyn Store,
    event: i64,
    user: &UserRecord,
) -> Result<EventRecord, AppError> {
    let e = require_organizer(store, event, user).await?;
    let owner = store
        .organizers(event)
        .await?
        .iter()
        .any(|o| o.is_owner && o.user_id == user.id.0);
    if owner || user.role == Role::Admin {
        Ok(e)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The owner adds a co-organizer by e-mail address.
pub async fn add_organizer(
    ctx: &Ctx,
    user: &UserRecord,
    event: i64,
    email: &str,
) -> Result<(), AppError> {
    let store = &*ctx.store;
    require_owner(store, event, user).await?;
    let email = Email::parse(email).map_err(AppError::from)?;
    let who = store
        .user_by_email(email.as_str())
        .await?
        .filter(|u| u.email_confirmed_at.is_some())
        .ok_or_else(|| AppError::validation("email", Msg::ErrNotAMember))?;
    store
        .add_organizer(event, who.id)
        .await
        .map_err(AppError::from)
}

pub async fn remove_organizer(
    ctx: &Ctx,
    user: &UserRecord,
    event: i64,
    who: i64,
) -> Result<(), AppError> {
    let store = &*ctx.store;
    require_owner(store, event, user).await?;
    store
        .remove_organizer(event, crate::domain::UserId(who))
        .await?;
    Ok(())
}

/// The form as stored, for editing.
pub fn form_of(
    e: &EventRecord,
    city_label: Option<String>,
    themes: &[crate::store::ThemeRow],
) -> EventForm {
    let tz = time::zone(&e.w.timezone).unwrap_or(Tz::UTC);
    let text = |l: Locale| {
        e.w.texts
            .iter()
            .find(|(tl, _, _)| *tl == l)
            .map(|(_, t, s)| (t.clone(), s.clone()))
            .unwrap_or_default()
    };
    let (title_en, summary_en) = text(Locale::En);
    let (title_fr, summary_fr) = text(Locale::Fr);
    let (title_es, summary_es) = text(Locale::Es);
    let local = |ts: Option<i64>| {
        ts.map(|t| time::to_local(t, tz).input_value())
            .unwrap_or_default()
    };
    EventForm {
        id: e.id,
        version: e.version,
        kind: e.w.kind.as_str().to_owned(),
        format: e.w.format.as_str().to_owned(),
        status: e.w.status.as_str().to_owned(),
        language: e.w.language.code().to_owned(),
        languages: crate::domain::profile::languages_in(e.w.langs_mask)
            .into_iter()
            .map(str::to_owned)
            .collect(),
        title_en,
        title_fr,
        title_es,
        summary_en,
        summary_fr,
        summary_es,
        description: e.w.description.clone(),
        themes: super::network::theme_ids(e.w.themes_mask, themes),
        starts: local(Some(e.w.starts_at)),
        ends: local(Some(e.w.ends_at)),
        timezone: e.w.timezone.clone(),
        city_id: e.w.city_id.map(|c| c.to_string()).unwrap_or_default(),
        city_name: city_label.unwrap_or_default(),
        venue: e.w.venue.clone(),
        capacity: e.w.capacity.map(|c| c.to_string()).unwrap_or_default(),
        reg_opens: local(e.w.reg_opens_at),
        reg_closes: local(e.w.reg_closes_at),
        join_url: e.w.join_url.clone(),
    }
}

/// The organizers' page.
pub async fn editor(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    locale: Locale,
) -> Result<EventEditor, AppError> {
    let store = &*ctx.store;
    let e = require_organizer(store, id, user).await?;
    let tz = time::zone(&e.w.timezone).unwrap_or(Tz::UTC);
    let (sessions, speakers, organizers, attendees, themes, last_change) = tokio::try_join!(
        store.sessions(id),
        store.speakers(id),
        store.organizers(id),
        store.attendees(id),
        store.themes(),
        store.last_change(id),
    )?;
    let city_label = match (&e.city_name, &e.country_name) {
        (Some(c), Some(k)) => Some(format!("{c}, {k}")),
        (Some(c), None) => Some(c.clone()),
        _ => None,
    };
    let is_owner = user.role == Role::Admin
        || organizers
            .iter()
            .any(|o| o.is_owner && o.user_id == user.id.0);
    let days = super::events::agenda(&sessions, locale, tz, tz, &speakers);
    let public = super::events::public_view(store, &e, locale, Some(tz.name()), ctx.now()).await?;
    Ok(EventEditor {
        id,
        form: form_of(&e, city_label, &themes),
        version: e.version,
        status: e.w.status.as_str().to_owned(),
        title: texts_for(&e, locale).0,
        sessions: days.into_iter().flat_map(|d| d.sessions).collect(),
        speakers: public.speakers,
        organizers: organizers
            .into_iter()
            .map(|o| OrganizerView {
                id: o.user_id,
                name: o.name,
                is_owner: o.is_owner,
            })
            .collect(),
        attendees: attendees
            .into_iter()
            .map(|a| AttendeeView {
                name: a.name,
                email: a.email,
                seat: a.seat.as_str().to_owned(),
                organisation: a.organisation,
                city: a.city_name,
            })
            .collect(),
        is_owner,
        themes: super::network::choices(!0, &themes, locale),
        last_change,
        cover_url: e.cover.as_ref().map(|c| format!("/media/photos/{c}.jpg")),
    })
}

/// An empty form for a new event: an hour-long online talk in a week, in the
/// organizer's language and zone.
pub fn new_form(locale: Locale, zone: Option<&str>, now: i64) -> EventForm {
    let tz = zone.and_then(time::zone).unwrap_or(Tz::UTC);
    let start = (now / 3600 + 24 * 7) * 3600;
    EventForm {
        kind: "talk".into(),
        format: "online".into(),
        status: EventStatus::Draft.as_str().into(),
        language: locale.code().into(),
        starts: time::to_local(start, tz).input_value(),
        ends: time::to_local(start + 3600, tz).input_value(),
        timezone: tz.name().to_owned(),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::{EventFormat, EventKind};

    fn w() -> EventWrite {
        EventWrite {
            kind: EventKind::Talk,
            format: EventFormat::Online,
            status: EventStatus::Published,
            language: Locale::En,
            langs_mask: 1,
            texts: vec![(Locale::En, "A".into(), "".into())],
            description: String::new(),
            themes_mask: 0,
            starts_at: 1000,
            ends_at: 2000,
            timezone: "UTC".into(),
            city_id: None,
            venue: String::new(),
            capacity: None,
            reg_opens_at: None,
            reg_closes_at: None,
            join_url: String::new(),
        }
    }

    #[test]
    fn an_edit_names_what_it_changed() {
        let old = w();
        assert!(changes_between(&old, &old, "").is_empty());
        let mut new = w();
        new.starts_at = 1500;
        new.status = EventStatus::Postponed;
        let kinds: Vec<_> = changes_between(&old, &new, "")
            .into_iter()
            .map(|c| c.kind)
            .collect();
        assert_eq!(kinds, vec![ChangeKind::Status, ChangeKind::Time]);
        let mut new = w();
        new.texts[0].1 = "B".into();
        new.venue = "Hall".into();
        let kinds: Vec<_> = changes_between(&old, &new, "")
            .into_iter()
            .map(|c| c.kind)
            .collect();
        assert_eq!(kinds, vec![ChangeKind::Place, ChangeKind::Details]);
    }
}
