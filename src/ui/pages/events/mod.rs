//! Talks and events: the list, an event's live page, the organizers' page,
//! speakers, and "my events".

mod edit;
mod list;
pub(crate) mod live;
mod meetings;
mod mine;
mod page;
mod speakers;

pub use edit::EventEditPage;
pub use list::EventsPage;
pub use meetings::{MeetingsOrganizePage, MeetingsPage};
pub use mine::MyEventsPage;
pub use page::EventPage;
pub use speakers::SpeakersPage;

use crate::domain::event::EventStatus;
use crate::dto::{EventListItem, WhenView};
use crate::i18n::Msg;
use crate::ui::i18n::{t, use_locale};
use leptos::prelude::*;

pub(crate) fn status_label(status: &str) -> Msg {
    EventStatus::parse(status)
        .map(|s| s.label())
        .unwrap_or(Msg::EventStatusPublished)
}

/// The events section's own links.
#[component]
pub fn EventsNav(current: &'static str, #[prop(optional)] can_create: bool) -> impl IntoView {
    let link = move |href: &'static str, label: Msg| {
        view! {
            <li><a href=href aria-current=(current == href).then_some("page")>{t(label)}</a></li>
        }
    };
    view! {
        <nav class="subnav" aria-label=t(Msg::EventsNavLabel)>
            <ul>
                {link("/events", Msg::EventsUpcoming)}
                {link("/events?when=past", Msg::EventsPast)}
                {link("/account/events", Msg::MyEvents)}
                {can_create.then(|| link("/events/new", Msg::EventCreate))}
            </ul>
        </nav>
    }
}

/// A span in the reader's time, the event's own beside it, and a note when
/// the two clocks differ.
#[component]
pub fn When(when: WhenView) -> impl IntoView {
    view! {
        <div class="when-block">
            <p class="when">
                <time datetime=when.starts_utc.clone()>{when.main.clone()}</time>
                " "<span class="zone">"(" {when.main_zone.clone()} ")"</span>
            </p>
            {when.event.clone().map(|e| view! {
                <p class="event-zone">{t(Msg::EventLocalTime)}" "{e}" "<span class="zone">"(" {when.event_zone.clone()} ")"</span></p>
            })}
            {when.note.clone().map(|n| view! { <p class="zone-note">{n}</p> })}
        </div>
    }
}

#[component]
pub fn EventItem(item: EventListItem) -> impl IntoView {
    let locale = use_locale();
    let href = format!("/events/{}", item.id);
    let held_in = Msg::EventHeldIn.fill(
        locale,
        &[(
            "language",
            crate::ui::components::event_card::language_name(item.language).text(locale),
        )],
    );
    let status = (item.status != EventStatus::Published).then(|| {
        view! { <span class=format!("badge status-{}", item.status.as_str())>{t(item.status.label())}</span> }
    });
    let seat = item.seat.clone().map(|s| {
        let m = if s == "waitlisted" {
            Msg::SeatWaitlisted
        } else {
            Msg::SeatRegistered
        };
        view! { <span class="badge seat">{t(m)}</span> }
    });
    view! {
        <li class="event-item">
            <p class="kind">{t(item.kind.label())}" · "{t(item.format.label())}" "{status}" "{seat}</p>
            <h3><a href=href>{item.title.clone()}</a></h3>
            <When when=item.when.clone() />
            <p class="meta">
                {item.place.clone().map(|p| format!("{p} · "))}
                {held_in}
            </p>
            {(!item.summary.is_empty()).then(|| view! { <p>{item.summary.clone()}</p> })}
        </li>
    }
}

/// Seconds since the epoch, on the server and in the browser.
pub(crate) fn now_secs() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        (js_sys::Date::now() / 1000.0) as i64
    }
    #[cfg(not(feature = "hydrate"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)
    }
}
