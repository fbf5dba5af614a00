//! The city directory and a page per city.

use crate::i18n::Msg;
use crate::server_fns::cities::search_cities;
use crate::server_fns::network::{city_page, SaveCityNote};
use crate::ui::components::form::{action_error, FormAlert, Notice, TextArea};
use crate::ui::components::people::PersonList;
use crate::ui::i18n::{t, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CitiesPage() -> impl IntoView {
    let locale = use_locale();
    let q = use_query_map();
    let query = Memo::new(move |_| q.read().get("q").unwrap_or_default());
    let results = Resource::new(move || query.get(), search_cities);
    view! {
        <Title text=t(Msg::CitiesTitle) />
        <section class="page">
            <h1>{t(Msg::CitiesTitle)}</h1>
            <p class="lead">{t(Msg::CitiesLead)}</p>
            <form method="get" action="/network/cities">
                <div class="field search-row">
                    <label for="city-q">{t(Msg::CitySearchLabel)}</label>
                    <div class="with-toggle">
                        <input id="city-q" type="search" name="q" autocomplete="off" prop:value=move || query.get() value=query.get_untracked() />
                        <button type="submit" class="button">{t(Msg::CitySearchSubmit)}</button>
                    </div>
                </div>
            </form>
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let q = query.get_untracked();
                    match results.await {
                        Ok(cities) if cities.is_empty() && !q.trim().is_empty() => {
                            view! { <p role="status">{Msg::CitySearchNone.fill(locale, &[("query", q.trim())])}</p> }.into_any()
                        }
                        Ok(cities) => {
                            view! {
                                <ul class="city-list">
                                    {cities
                                        .into_iter()
                                        .map(|c| {
                                            let href = format!("/cities/{}", c.id);
                                            view! {
                                                <li>
                                                    <A href=href>{c.name}</A>
                                                    <span class="meta">
                                                        " · "{c.country}" · "{locale.format_int(c.population)}
                                                    </span>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <p class="alert" role="alert">{e.message(locale)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn CityPage() -> impl IntoView {
    let locale = use_locale();
    let id = crate::ui::pages::use_id_param();
    let data = Resource::new(move || id.get(), city_page);
    let action = ServerAction::<SaveCityNote>::new();
    let error = action_error(action);
    let query = use_query_map();
    let saved = Memo::new(move |_| query.read().get("notice").is_some());
    view! {
        <section class="page">
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => {
                            let c = d.city.clone();
                            let (map, position) = (c.map_url.clone(), c.position.clone());
                            let members_line = Msg::CityMemberCount.fill(locale, &[("count", &locale.format_int(d.member_count))]);
                            let more = (d.member_count > d.members.len() as i64).then(|| format!("/network?country={}", c.country_code));
                            view! {
                                <Title text=c.name.clone() />
                                <h1>{c.name.clone()}</h1>
                                <dl class="facts">
                                    <dt>{t(Msg::CityCountry)}</dt>
                                    <dd>{c.country.clone()}</dd>
                                    <dt>{t(Msg::CityPopulation)}</dt>
                                    <dd>{locale.format_int(c.population)}</dd>
                                    <dt>{t(Msg::CityTimeZone)}</dt>
                                    <dd>{c.timezone.clone()}</dd>
                                    <dt>{t(Msg::CityPosition)}</dt>
                                    <dd>{position}" · "<a href=map rel="noopener">{t(Msg::CityOnMap)}</a></dd>
                                </dl>
                                <CityEvents city_id=c.id />
                                <h2>{t(Msg::CityPriorities)}</h2>
                                {move || saved.get().then(|| view! { <Notice msg=Msg::CityNoteSaved /> })}
                                {if d.themes.is_empty() && d.challenges.is_empty() {
                                    view! { <p class="hint">{t(Msg::CityNoPriorities)}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="tags">
                                            {d.themes.iter().map(|th| {
                                                let href = format!("/network?theme={}", th.value);
                                                view! { <li><a href=href>{th.label.clone()}</a></li> }
                                            }).collect_view()}
                                        </ul>
                                        <p class="pre">{d.challenges.clone()}</p>
                                    }.into_any()
                                }}
                                {d.updated.clone().map(|u| view! { <p class="meta">{u}</p> })}
                                {d.can_edit.then(|| {
                                    let picked: Vec<String> = d.themes.iter().map(|c| c.value.clone()).collect();
                                    let typed = query.read_untracked().get("challenges").unwrap_or_else(|| d.challenges.clone());
                                    view! {
                                        <details class="edit-note">
                                            <summary>{t(Msg::CityEditPriorities)}</summary>
                                            <ActionForm action attr:novalidate=true>
                                                <FormAlert error />
                                                <input type="hidden" name="city_id" value=c.id.to_string() />
                                                <fieldset class="choices">
                                                    <legend>{t(Msg::CityPriorityThemes)}</legend>
                                                    <div class="grid">
                                                        {d.all_themes.iter().enumerate().map(|(i, th)| {
                                                            let fid = format!("ct-{}", th.value);
                                                            view! {
                                                                <label for=fid.clone() class="check">
                                                                    <input type="checkbox" id=fid.clone() name=format!("themes[{i}]") value=th.value.clone() checked=picked.contains(&th.value) />
                                                                    {th.label.clone()}
                                                                </label>
                                                            }
                                                        }).collect_view()}
                                                    </div>
                                                </fieldset>
                                                <div class="field">
                                                    <label for="f-challenges">{t(Msg::CityChallenges)}</label>
                                                    <TextArea value={typed} {..} id="f-challenges" name="challenges" rows="5" maxlength="2000" aria-describedby="f-challenges-error" />
                                                    <p class="error" id="f-challenges-error" aria-live="polite">
                                                        {move || error.get().filter(|e| e.field() == Some("challenges")).map(|e| e.message(locale))}
                                                    </p>
                                                </div>
                                                <button type="submit" class="button" disabled=move || action.pending().get()>{t(Msg::SaveCityNote)}</button>
                                            </ActionForm>
                                        </details>
                                        {(!d.changes.is_empty()).then(|| view! {
                                            <details class="changes">
                                                <summary>{t(Msg::CityChangeLog)}</summary>
                                                <ol>
                                                    {d.changes.iter().map(|ch| view! {
                                                        <li>
                                                            <p class="meta">{ch.when.clone()}" · "{ch.who.clone()}</p>
                                                            <p>{ch.themes.join(", ")}</p>
                                                            <p class="pre">{ch.challenges.clone()}</p>
                                                        </li>
                                                    }).collect_view()}
                                                </ol>
                                            </details>
                                        })}
                                    }
                                })}
                                <crate::ui::pages::TopicPosts topic=format!("c:{}", c.id) base=format!("/cities/{}", c.id) />
                                <h2>{t(Msg::CityMembers)}</h2>
                                <p class="meta">{members_line}</p>
                                <PersonList people=d.members.clone() />
                                {more.map(|href| view! { <p><a href=href>{t(Msg::CityMoreMembers)}</a></p> })}
                                {(!d.news.is_empty()).then(|| view! {
                                    <section id="news" aria-labelledby="city-news">
                                        <h2 id="city-news">{t(Msg::NewsOnCity)}</h2>
                                        <ul class="cards">{d.news.clone().into_iter().map(|c| view! { <crate::ui::pages::NewsCardView card=c /> }).collect_view()}</ul>
                                    </section>
                                })}
                                {(!d.publications.is_empty()).then(|| view! {
                                    <section aria-labelledby="city-publications">
                                        <h2 id="city-publications">{t(Msg::PubRelated)}</h2>
                                        <ul class="plain">{d.publications.iter().map(|p| view! { <li><a href=p.href.clone()>{p.title.clone()}</a>" · "{p.kind_label.clone()}" · "{p.year}</li> }).collect_view()}</ul>
                                    </section>
                                })}
                                <section id="partners" class="partners">
                                    <h2>{t(Msg::PartnerCitiesTitle)}</h2>
                                    <p class="hint">{t(Msg::PartnerCitiesIntro)}</p>
                                    {d.partners.is_empty().then(|| view! { <p class="empty">{t(Msg::PartnerCitiesNone)}</p> })}
                                    <ul class="people partner-cities">
                                        {d.partners.iter().map(|c| view! {
                                            <li class="person partner-city" data-city=c.id>
                                                <div>
                                                    <a class="name" href=format!("/cities/{}", c.id)>{c.name.clone()}</a>
                                                    <p class="meta">{c.country.clone()}" · "{Msg::PartnerCityMembers.fill(locale, &[("count", &c.members.to_string())])}</p>
                                                    <p class="why-label">{t(Msg::SuggestionWhy)}</p>
                                                    <ul class="reasons">{c.reasons.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ul>
                                                </div>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                </section>
                                <p><A href="/network/cities">{t(Msg::CitiesTitle)}</A></p>
                            }
                                .into_any()
                        }
                        Err(e) => {
                            crate::ui::components::form::set_status(&e);
                            view! {
                                <Title text=t(Msg::NotFoundTitle) />
                                <h1>{t(Msg::NotFoundTitle)}</h1>
                                <p class="alert" role="alert">{e.message(locale)}</p>
                                <p><A href="/network/cities">{t(Msg::CitiesTitle)}</A></p>
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

/// The city's upcoming events.
#[component]
fn CityEvents(city_id: i64) -> impl IntoView {
    let data = Resource::new(move || city_id, crate::server_fns::events::city_events);
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                data.await.ok().filter(|l| !l.events.is_empty()).map(|l| view! {
                    <section class="city-events">
                        <h2>{t(Msg::CityEvents)}</h2>
                        <ul class="event-list">
                            {l.events.into_iter().map(|item| view! { <crate::ui::pages::events::EventItem item /> }).collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Transition>
    }
}
