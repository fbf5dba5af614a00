//! "My events": what a member attends (with their seat) and organizes, and
//! their private calendar address.

use super::{EventItem, EventsNav};
use crate::i18n::Msg;
use crate::server_fns::events::{get_my_events, NewCalendarFeed, RevokeCalendarFeed};
use crate::ui::components::form::set_status;
use crate::ui::i18n::{t, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MyEventsPage() -> impl IntoView {
    let locale = use_locale();
    let feed = ServerAction::<NewCalendarFeed>::new();
    let revoke = ServerAction::<RevokeCalendarFeed>::new();
    let data = Resource::new(
        move || (feed.version().get(), revoke.version().get()),
        |_| get_my_events(),
    );
    view! {
        <Title text=t(Msg::MyEvents) />
        <section class="page my-events">
            <h1>{t(Msg::MyEvents)}</h1>
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let mine = match data.await {
                        Ok(m) => m,
                        Err(e) => {
                            set_status(&e);
                            return view! {
                                <p class="alert" role="alert">{e.message(locale)}</p>
                                <p><a class="button" href="/account/sign-in?next=/account/events">{t(Msg::NavSignIn)}</a></p>
                            }.into_any();
                        }
                    };
                    view! {
                        <EventsNav current="/account/events" can_create=mine.can_create />
                        <h2>{t(Msg::Attending)}</h2>
                                <p class="offline-note" data-offline-note hidden>{t(Msg::OfflineCopyPlain)}</p>
                        {mine.attending.is_empty().then(|| view! { <p class="empty">{t(Msg::NotAttending)}" "<a href="/events">{t(Msg::EventsUpcoming)}</a></p> })}
                        <ul class="event-list">
                            {mine.attending.into_iter().map(|item| view! { <EventItem item /> }).collect_view()}
                        </ul>
                        <section class="calendar-feed" id="calendar-feed">
                            <h2>{t(Msg::CalendarFeed)}</h2>
                            <p>{t(Msg::CalendarFeedIntro)}</p>
                            {let fresh = mine.fresh_feed.clone();
                            move || feed.value().get().and_then(|r| r.ok()).or_else(|| fresh.clone()).map(|url| view! {
                                <div class="field">
                                    <label for="feed-url">{t(Msg::CalendarFeedAddress)}</label>
                                    <input id="feed-url" readonly value=url.clone() />
                                    <p class="hint">{t(Msg::CalendarFeedOnce)}</p>
                                </div>
                            })}
                            {mine.has_feed.then(|| view! { <p class="hint">{t(Msg::CalendarFeedExists)}</p> })}
                            <ActionForm action=feed attr:class="inline">
                                <button type="submit" class="button">{if mine.has_feed { t(Msg::CalendarFeedRenew) } else { t(Msg::CalendarFeedCreate) }}</button>
                            </ActionForm>
                            {mine.has_feed.then(|| view! {
                                <ActionForm action=revoke attr:class="inline">
                                    <button type="submit" class="button secondary">{t(Msg::CalendarFeedRevoke)}</button>
                                </ActionForm>
                            })}
                        </section>
                        {(!mine.organizing.is_empty() || mine.can_create).then(|| view! {
                            <h2>{t(Msg::Organizing)}</h2>
                            {mine.can_create.then(|| view! { <p><a class="button" href="/events/new">{t(Msg::EventCreate)}</a></p> })}
                            <ul class="event-list organizing">
                                {mine.organizing.iter().cloned().map(|item| {
                                    let edit = format!("/events/{}/edit", item.id);
                                    view! { <EventItem item /><li class="edit-link"><a href=edit>{t(Msg::EventEdit)}</a></li> }
                                }).collect_view()}
                            </ul>
                        })}
                    }.into_any()
                })}
            </Transition>
        </section>
    }
}
