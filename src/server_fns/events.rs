//! Talks and events: lists, the event page, organizers' edits, registration,
//! calendar feeds.

use crate::domain::event::{EventFilter, EventForm, SessionForm, SpeakerForm};
use crate::dto::{EventEditor, EventList, EventView, MyEvents};
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "list_events")]
pub async fn list_events(filter: EventFilter) -> Result<EventList, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let viewer = ctx.user().await?;
        crate::services::events::list(
            &*ctx.state.store,
            viewer.as_ref(),
            &filter,
            None,
            ctx.locale(),
            ctx.reader_zone().as_deref(),
        )
        .await
    })
    .await
}

/// Upcoming events in one city (its page shows them).
#[server(endpoint = "city_events")]
pub async fn city_events(city_id: i64) -> Result<EventList, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        crate::services::events::list(
            &*ctx.state.store,
            None,
            &EventFilter::default(),
            Some(city_id),
            ctx.locale(),
            ctx.reader_zone().as_deref(),
        )
        .await
    })
    .await
}

#[server(endpoint = "get_event")]
pub async fn get_event(id: i64) -> Result<EventView, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let viewer = ctx.user().await?;
        crate::services::events::view(
            &*ctx.state.store,
            viewer.as_ref(),
            id,
            ctx.locale(),
            ctx.reader_zone().as_deref(),
        )
        .await
    })
    .await
}

/// The organizers' page; id 0 is a new event.
#[server(endpoint = "get_event_editor")]
pub async fn get_event_editor(id: i64) -> Result<EventEditor, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        if id == 0 {
            if !crate::services::events::may_create(Some(&user)) {
                return Err(AppError::Forbidden);
            }
            let themes = crate::services::network::themes(&*ctx.state.store).await?;
            return Ok(EventEditor {
                id: 0,
                form: crate::services::event_edits::new_form(
                    ctx.locale(),
                    ctx.reader_zone().as_deref(),
                    crate::services::clock::unix_now(),
                ),
                version: 0,
                status: "draft".into(),
                title: String::new(),
                sessions: Vec::new(),
                speakers: Vec::new(),
                organizers: Vec::new(),
                attendees: Vec::new(),
                is_owner: true,
                themes: crate::services::network::choices(!0, &themes, ctx.locale()),
                last_change: 0,
                cover_url: None,
            });
        }
        crate::services::event_edits::editor(&ctx.state, &user, id, ctx.locale()).await
    })
    .await
}

/// Creates (id 0) or saves an event's details; a stale version is refused.
#[server(endpoint = "save_event")]
pub async fn save_event(form: EventForm) -> Result<i64, AppError> {
    use crate::server::request::with_ctx_keeping;
    let keep = vec![
        ("title_en", form.title_en.clone()),
        ("title_fr", form.title_fr.clone()),
        ("title_es", form.title_es.clone()),
        ("venue", form.venue.clone()),
        ("capacity", form.capacity.clone()),
        ("join_url", form.join_url.clone()),
    ];
    with_ctx_keeping(keep, |ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::network::limit_user_forms(&ctx.state, &user).await?;
        let now = crate::services::clock::unix_now();
        let id = if form.id == 0 {
            let id = crate::services::event_edits::create(&ctx.state, &user, &form, now).await?;
            leptos_axum::redirect(&format!("/events/{id}/edit?notice=created"));
            id
        } else {
            crate::services::event_edits::update(&ctx.state, &user, &form, ctx.locale(), now)
                .await?;
            if ctx.is_plain_form() {
                leptos_axum::redirect(&format!("/events/{}/edit?notice=saved", form.id));
            }
            form.id
        };
        Ok(id)
    })
    .await
}

#[server(endpoint = "save_session")]
pub async fn save_session(form: SessionForm) -> Result<crate::dto::SavedItem, AppError> {
    use crate::server::request::with_ctx_keeping;
    // which editor the error belongs to, and what was typed in it
    let keep = vec![
        ("session", form.session_id.to_string()),
        ("title", form.title.clone()),
        ("starts", form.starts.clone()),
        ("ends", form.ends.clone()),
        ("room", form.room.clone()),
        ("description", form.description.clone()),
    ];
    with_ctx_keeping(keep, |ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::network::limit_user_forms(&ctx.state, &user).await?;
        let saved = crate::services::event_edits::save_session(
            &ctx.state,
            &user,
            &form,
            crate::services::clock::unix_now(),
        )
        .await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!(
                "/events/{}/edit?notice=saved&session={}#session-{}",
                form.event_id, saved.id, saved.id
            ));
        }
        Ok(saved)
    })
    .await
}

#[server(endpoint = "delete_session")]
pub async fn delete_session(event_id: i64, session_id: i64, version: i64) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::event_edits::delete_session(
            &ctx.state,
            &user,
            event_id,
            session_id,
            version,
            crate::services::clock::unix_now(),
        )
        .await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!("/events/{event_id}/edit?notice=saved#agenda"));
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "add_speaker")]
pub async fn add_speaker(form: SpeakerForm) -> Result<i64, AppError> {
    use crate::server::request::with_ctx_keeping;
    let keep = vec![("name", form.name.clone()), ("title", form.title.clone())];
    with_ctx_keeping(keep, |ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::network::limit_user_forms(&ctx.state, &user).await?;
        let id = crate::services::event_edits::add_speaker(
            &ctx.state,
            &user,
            &form,
            crate::services::clock::unix_now(),
        )
        .await?;
        leptos_axum::redirect(&format!(
            "/events/{}/edit?notice=saved#speakers",
            form.event_id
        ));
        Ok(id)
    })
    .await
}

#[server(endpoint = "delete_speaker")]
pub async fn delete_speaker(event_id: i64, speaker_id: i64) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::event_edits::delete_speaker(
            &ctx.state,
            &user,
            event_id,
            speaker_id,
            crate::services::clock::unix_now(),
        )
        .await?;
        leptos_axum::redirect(&format!("/events/{event_id}/edit?notice=saved#speakers"));
        Ok(())
    })
    .await
}

#[server(endpoint = "add_organizer")]
pub async fn add_organizer(event_id: i64, email: String) -> Result<(), AppError> {
    use crate::server::request::with_ctx_keeping;
    let keep = vec![("email", email.clone())];
    with_ctx_keeping(keep, |ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::event_edits::add_organizer(&ctx.state, &user, event_id, &email).await?;
        leptos_axum::redirect(&format!("/events/{event_id}/edit?notice=saved#organizers"));
        Ok(())
    })
    .await
}

#[server(endpoint = "remove_organizer")]
pub async fn remove_organizer(event_id: i64, user_id: i64) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::event_edits::remove_organizer(&ctx.state, &user, event_id, user_id)
            .await?;
        leptos_axum::redirect(&format!("/events/{event_id}/edit?notice=saved#organizers"));
        Ok(())
    })
    .await
}

/// Takes a seat or a waitlist place: "registered" or "waitlisted".
#[server(endpoint = "register")]
pub async fn register(event_id: i64) -> Result<String, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        let seat = crate::services::registrations::register(
            &ctx.state,
            &user,
            event_id,
            crate::services::clock::unix_now(),
        )
        .await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!("/events/{event_id}"));
        }
        Ok(seat.as_str().to_owned())
    })
    .await
}

#[server(endpoint = "cancel_registration")]
pub async fn cancel_registration(event_id: i64) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::registrations::cancel(
            &ctx.state,
            &user,
            event_id,
            crate::services::clock::unix_now(),
        )
        .await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!("/events/{event_id}"));
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "mark_session")]
pub async fn mark_session(event_id: i64, session_id: i64, on: bool) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::registrations::mark_session(&ctx.state, &user, event_id, session_id, on)
            .await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!("/events/{event_id}#agenda"));
        }
        Ok(())
    })
    .await
}

/// The live page has shown the attendee every change up to `change_id`.
#[server(endpoint = "event_seen")]
pub async fn event_seen(event_id: i64, change_id: i64) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::registrations::seen(&ctx.state, &user, event_id, change_id).await
    })
    .await
}

#[server(endpoint = "message_attendees")]
pub async fn message_attendees(
    event_id: i64,
    subject: String,
    body: String,
) -> Result<usize, AppError> {
    use crate::server::request::with_ctx_keeping;
    let keep = vec![
        ("subject", subject.clone()),
        ("body", body.chars().take(1500).collect()),
    ];
    with_ctx_keeping(keep, |ctx| async move {
        let user = ctx.require_user().await?;
        let n = crate::services::registrations::message_attendees(
            &ctx.state,
            &user,
            event_id,
            &subject,
            &body,
            ctx.locale(),
        )
        .await?;
        leptos_axum::redirect(&format!("/events/{event_id}/edit?notice=sent#attendees"));
        Ok(n)
    })
    .await
}

#[server(endpoint = "get_my_events")]
pub async fn get_my_events() -> Result<MyEvents, AppError> {
    use crate::server::cookies;
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        let mut mine = crate::services::events::my_events(
            &*ctx.state.store,
            &user,
            ctx.locale(),
            ctx.reader_zone().as_deref(),
        )
        .await?;
        // only an address of this site's feeds, and only once
        let ours = format!("{}/calendar/", ctx.state.config.base_url);
        if let Some(url) = cookies::read(&ctx.parts.headers, cookies::FEED_ONCE) {
            mine.fresh_feed =
                Some(url.to_owned()).filter(|u| u.starts_with(&ours) && mine.has_feed);
            ctx.set_cookie(&cookies::clear(
                cookies::FEED_ONCE,
                ctx.state.config.secure_cookies(),
            ));
        }
        Ok(mine)
    })
    .await
}

/// A new private calendar address (the previous one stops working).
#[server(endpoint = "new_calendar_feed")]
pub async fn new_calendar_feed() -> Result<String, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::network::limit_user_forms(&ctx.state, &user).await?;
        let url = crate::services::calendar::new_feed(
            &ctx.state,
            &user,
            crate::services::clock::unix_now(),
        )
        .await?;
        if ctx.is_plain_form() {
            use crate::server::cookies;
            let secure = ctx.state.config.secure_cookies();
            ctx.set_cookie(&cookies::set(cookies::FEED_ONCE, &url, 300, secure));
            leptos_axum::redirect("/account/events#calendar-feed");
        }
        Ok(url)
    })
    .await
}

#[server(endpoint = "revoke_calendar_feed")]
pub async fn revoke_calendar_feed() -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::calendar::revoke_feed(&ctx.state, &user).await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect("/account/events");
        }
        Ok(())
    })
    .await
}
