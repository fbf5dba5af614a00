//! An event in a list: its time in the event's zone with the zone named, and
//! the reader's own time beside it when the two differ.

use crate::domain::Locale;
use crate::dto::EventCard;
use crate::i18n::Msg;
use crate::ui::i18n::{t, use_locale};
use leptos::prelude::*;

fn kind_label(kind: &str) -> Msg {
    match kind {
        "panel" => Msg::EventKindPanel,
        "webinar" => Msg::EventKindWebinar,
        "conference" => Msg::EventKindConference,
        "matchmaking" => Msg::EventKindMatchmaking,
        _ => Msg::EventKindTalk,
    }
}

pub(crate) fn language_name(l: Locale) -> Msg {
    match l {
        Locale::En => Msg::LanguageEn,
        Locale::Fr => Msg::LanguageFr,
        Locale::Es => Msg::LanguageEs,
    }
}

#[component]
pub fn EventCardView(event: EventCard) -> impl IntoView {
    let locale = use_locale();
    let place = event
        .place
        .clone()
        .unwrap_or_else(|| t(Msg::EventOnline).to_owned());
    let held_in = Msg::EventHeldIn.fill(
        locale,
        &[("language", language_name(event.language).text(locale))],
    );
    view! {
        <article class="event-card">
            <p class="kind">{t(kind_label(&event.kind))}</p>
            <h3>{event.title.clone()}</h3>
            <p class="when">
                <time datetime=event.starts_utc.clone()>{event.when_local.clone()}</time>
                " "
                <span class="zone">"(" {event.zone.clone()} ")"</span>
            </p>
            <ReaderTime starts_utc=event.starts_utc.clone() zone=event.zone.clone() />
            <p class="meta">{place}" · "{held_in}</p>
            <p>{event.summary.clone()}</p>
        </article>
    }
}

/// Filled in the browser after hydration: the server cannot know the
/// reader's time zone.
#[component]
fn ReaderTime(starts_utc: String, zone: String) -> impl IntoView {
    let text: RwSignal<Option<String>> = RwSignal::new(None);
    let locale = use_locale();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(local) = reader_time(&starts_utc, &zone, locale) {
            text.set(Some(Msg::EventYourTime.fill(locale, &[("time", &local)])));
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (starts_utc, zone, locale);
    move || text.get().map(|s| view! { <p class="reader-time">{s}</p> })
}

#[cfg(feature = "hydrate")]
fn reader_time(starts_utc: &str, event_zone: &str, locale: Locale) -> Option<String> {
    use js_sys::{Array, Date, Intl, Object, Reflect};
    use wasm_bindgen::JsValue;
    let formatter = Intl::DateTimeFormat::new(&Array::new(), &Object::new());
    let reader_zone = Reflect::get(
        &formatter.resolved_options(),
        &JsValue::from_str("timeZone"),
    )
    .ok()?
    .as_string()?;
    if reader_zone == event_zone {
        return None;
    }
    let date = Date::new(&JsValue::from_str(starts_utc));
    let options = Object::new();
    for (k, v) in [
        ("weekday", "short"),
        ("day", "numeric"),
        ("month", "short"),
        ("hour", "numeric"),
        ("minute", "2-digit"),
        ("timeZoneName", "short"),
    ] {
        Reflect::set(&options, &JsValue::from_str(k), &JsValue::from_str(v)).ok()?;
    }
    let text = date.to_locale_string(locale.code(), &options).as_string()?;
    Some(format!("{text} ({reader_zone})"))
}
