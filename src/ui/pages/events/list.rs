//! Upcoming and past events with filters; "load more" appends without a
//! reload, and is a plain link before the WASM arrives.

use super::{EventItem, EventsNav};
use crate::domain::event::{EventFilter, EventFormat, EventKind};
use crate::domain::profile::LANGUAGES;
use crate::i18n::Msg;
use crate::server_fns::events::list_events;
use crate::ui::i18n::{t, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn filter_from_query(q: &leptos_router::params::ParamsMap) -> EventFilter {
    let get = |k: &str| q.get(k).unwrap_or_default();
    EventFilter {
        when: get("when"),
        kind: get("kind"),
        theme: get("theme"),
        format: get("format"),
        lang: get("lang"),
        after: get("after"),
    }
}

fn href(f: &EventFilter, after: &str) -> String {
    let mut pairs = f.to_pairs();
    if !after.is_empty() {
        pairs.push(("after", after.to_owned()));
    }
    let q: Vec<String> = pairs
        .into_iter()
        .map(|(k, v)| format!("{k}={}", v.replace(' ', "+").replace('&', "%26")))
        .collect();
    if q.is_empty() {
        "/events".into()
    } else {
        format!("/events?{}", q.join("&"))
    }
}

#[component]
pub fn EventsPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let filter = Memo::new(move |_| filter_from_query(&query.read()));
    let data = Resource::new(move || filter.get(), list_events);
    let title = move || {
        if filter.get().past() {
            t(Msg::EventsPast)
        } else {
            t(Msg::NavEvents)
        }
    };
    let page_title = if filter.get_untracked().past() {
        t(Msg::EventsPast)
    } else {
        t(Msg::NavEvents)
    };
    view! {
        <Title text=page_title />
        <section class="page events">
            <h1>{title}</h1>
            <p class="lead">{t(Msg::EventsIntro)}</p>
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let list = match data.await {
                        Ok(l) => l,
                        Err(e) => return view! { <p class="alert" role="alert">{e.message(locale)}</p> }.into_any(),
                    };
                    let f = filter.get_untracked();
                    let current = if f.past() { "/events?when=past" } else { "/events" };
                    // "load more" is a plain link to the next page of the list
                    let upcoming = list.next.clone();
                    let first = list.events.clone();
                    let empty = first.is_empty();
                    view! {
                        <EventsNav current can_create=list.can_create />
                        <form class="filters" method="get" action="/events">
                            {f.past().then(|| view! { <input type="hidden" name="when" value="past" /> })}
                            <div class="field">
                                <label for="f-kind">{t(Msg::EventFieldKind)}</label>
                                <select id="f-kind" name="kind">
                                    <option value="">{t(Msg::FilterAll)}</option>
                                    {EventKind::ALL.iter().map(|k| view! {
                                        <option value=k.as_str() selected=f.kind == k.as_str()>{t(k.label())}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="f-theme">{t(Msg::FilterTheme)}</label>
                                <select id="f-theme" name="theme">
                                    <option value="">{t(Msg::FilterAll)}</option>
                                    {list.themes.iter().map(|c| view! {
                                        <option value=c.value.clone() selected=f.theme == c.value>{c.label.clone()}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="f-format">{t(Msg::EventFieldFormat)}</label>
                                <select id="f-format" name="format">
                                    <option value="">{t(Msg::FilterAll)}</option>
                                    {EventFormat::ALL.iter().map(|k| view! {
                                        <option value=k.as_str() selected=f.format == k.as_str()>{t(k.label())}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="f-lang">{t(Msg::FilterLanguage)}</label>
                                <select id="f-lang" name="lang">
                                    <option value="">{t(Msg::FilterAll)}</option>
                                    {LANGUAGES.iter().map(|(code, m)| view! {
                                        <option value=*code selected=f.lang == *code>{t(*m)}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                            <button type="submit" class="button">{t(Msg::FilterApply)}</button>
                        </form>
                        {empty.then(|| view! { <p class="empty">{t(Msg::NoEventsFound)}</p> })}
                        // the items' headings are h3, as under My events' h2s
                        <h2 class="visually-hidden">{if f.past() { t(Msg::EventsPast) } else { t(Msg::EventsUpcoming) }}</h2>
                        <ul class="event-list" data-ready="true">
                            {first.into_iter().map(|item| view! { <EventItem item /> }).collect_view()}
                        </ul>
                        {upcoming.map(|after| {
                            let f = filter.get_untracked();
                            view! {
                                <p class="more">
                                    <a class="button secondary" href=href(&f, &after)>
                                        {t(Msg::LoadMore)}
                                    </a>
                                </p>
                            }
                        })}
                    }.into_any()
                })}
            </Transition>
        </section>
    }
}
