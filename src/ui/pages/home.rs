use crate::i18n::Msg;
use crate::server_fns::home::home_overview;
use crate::ui::components::event_card::EventCardView;
use crate::ui::i18n::{t, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let locale = use_locale();
    let overview = Resource::new(|| (), |_| home_overview());
    let auth = crate::ui::auth::use_auth();
    view! {
        <Title text="" />
        // a member's home is their feed; visitors get the introduction
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                if matches!(auth.user.await, Ok(Some(_))) {
                    view! { <crate::ui::pages::FeedSection /> }.into_any()
                } else {
                    view! { <Introduction /> }.into_any()
                }
            })}
        </Transition>
        <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                overview.await.ok().map(|o| {
                    let figures = Msg::HomeFigures.fill(
                        locale,
                        &[("members", &locale.format_int(o.members)), ("cities", &locale.format_int(o.cities))],
                    );
                    view! {
                        <p class="figures">{figures}</p>
                        {o.programme.clone().map(|p| view! { <p class="figures"><a href="/pairings#pairings-title">{p}</a></p> })}
                        {(!o.news.is_empty()).then(|| view! {
                            <section class="home-news" aria-labelledby="home-news-title">
                                <h2 id="home-news-title">{t(Msg::NewsLatest)}</h2>
                                <ul class="cards">{o.news.clone().into_iter().map(|c| view! { <crate::ui::pages::NewsCardView card=c /> }).collect_view()}</ul>
                                <p><a href="/news">{t(Msg::NavNews)}</a>" · "<a href="/about">{t(Msg::ProgrammeTitle)}</a></p>
                            </section>
                        })}
                        <UpcomingEvents events=o.events />
                    }
                })
            })}
        </Transition>
    }
}

/// What the network is, for visitors.
#[component]
fn Introduction() -> impl IntoView {
    view! {
        <section class="hero">
            <p class="eyebrow">{t(Msg::SiteTagline)}</p>
            <h1>{t(Msg::HomeTitle)}</h1>
            <p class="lead">{t(Msg::HomeLead)}</p>
            <p class="actions">
                <a class="button" href="/account/sign-up">{t(Msg::HomeJoin)}</a>
                <a class="button secondary" href="/events">{t(Msg::HomeSeeEvents)}</a>
            </p>
        </section>
        <section class="pillars" aria-labelledby="pillars-title">
            <h2 id="pillars-title">{t(Msg::PillarsTitle)}</h2>
            <ul class="cards">
                <li class="card">
                    <h3><a href="/network">{t(Msg::PillarLeadersTitle)}</a></h3>
                    <p>{t(Msg::PillarLeadersText)}</p>
                </li>
                <li class="card">
                    <h3><a href="/events">{t(Msg::PillarTalksTitle)}</a></h3>
                    <p>{t(Msg::PillarTalksText)}</p>
                </li>
                <li class="card">
                    <h3><a href="/matchmaking">{t(Msg::PillarMatchTitle)}</a></h3>
                    <p>{t(Msg::PillarMatchText)}</p>
                </li>
            </ul>
        </section>
    }
}

#[component]
pub fn UpcomingEvents(events: Vec<crate::dto::EventCard>) -> impl IntoView {
    view! {
        <section class="upcoming" aria-labelledby="upcoming-title">
            <h2 id="upcoming-title">{t(Msg::UpcomingEvents)}</h2>
            {if events.is_empty() {
                view! { <p>{t(Msg::NoUpcomingEvents)}</p> }.into_any()
            } else {
                view! {
                    <div class="event-list">
                        {events.into_iter().map(|e| view! { <EventCardView event=e /> }).collect_view()}
                    </div>
                }
                    .into_any()
            }}
        </section>
    }
}
