//! The city directory and a page per city.

use crate::i18n::Msg;
use crate::server_fns::cities::{city, search_cities};
use crate::ui::i18n::{t, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

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
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    });
    let data = Resource::new(move || id.get(), city);
    view! {
        <section class="page">
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(c) => {
                            let (map, position) = (c.map_url.clone(), c.position.clone());
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
                                <p>{t(Msg::CityMembersSoon)}</p>
                                <p><A href="/network/cities">{t(Msg::CitiesTitle)}</A></p>
                            }
                                .into_any()
                        }
                        Err(e) => {
                            #[cfg(feature = "ssr")]
                            if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
                                res.set_status(axum::http::StatusCode::from_u16(e.status()).unwrap_or(axum::http::StatusCode::NOT_FOUND));
                            }
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
