//! An event in a list: its time in the event's zone with the zone named, and
//! the reader's own time beside it when the two differ.

use crate::domain::Locale;
use crate::dto::EventCard;
use crate::i18n::Msg;
use crate::ui::i18n::{t, use_locale};
use leptos::prelude::*;

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
            <p class="kind">{t(event.kind.label())}</p>
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

/// The reader's own time, filled in the browser (an island): the server
/// cannot know the reader's zone on a first visit. `label` is the sentence
/// around it in the reader's language, with `{time}` where the time goes.
#[component]
fn ReaderTime(starts_utc: String, zone: String) -> impl IntoView {
    let locale = use_locale();
    let label = Msg::EventYourTime.fill(locale, &[("time", "{time}")]);
    view! { <crate::ui::islands::ReaderTime starts_utc zone lang=locale.code().to_owned() label /> }
}
