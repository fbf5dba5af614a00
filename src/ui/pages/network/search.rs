//! Search people: the query, the facets and the results.

use super::NetworkNav;
use crate::domain::search::{SearchParams, PAGE_SIZE};
use crate::dto::{FacetValue, SearchResults};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::server_fns::network::search_people;
use crate::ui::components::people::PersonList;
use crate::ui::i18n::{t, use_locale};
use crate::ui::islands::SearchInput;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

pub(crate) fn href_for(p: &SearchParams) -> String {
    let mut out = String::from("/network");
    let mut first = true;
    let mut pairs = p.to_pairs();
    if p.page > 1 {
        pairs.push(("page", p.page.to_string()));
    }
    for (k, v) in pairs {
        out.push(if first { '?' } else { '&' });
        first = false;
        out.push_str(k);
        out.push('=');
        out.push_str(&encode(&v));
    }
    out
}

/// Percent-encoding for a query value (no URL crate in the browser bundle).
pub(crate) fn encode(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for b in v.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[component]
pub(crate) fn FacetGroup(
    key: &'static str,
    legend: Msg,
    values: Vec<FacetValue>,
    params: SearchParams,
) -> impl IntoView {
    let locale = use_locale();
    (!values.is_empty()).then(|| {
        view! {
            <div class="facet-group" role="group" aria-labelledby=format!("facet-{key}")>
                <h3 id=format!("facet-{key}")>{t(legend)}</h3>
                <ul>
                    {values
                        .into_iter()
                        .map(|v| {
                            let href = href_for(&params.toggled(key, &v.value));
                            let count = locale.format_int(v.count);
                            view! {
                                <li>
                                    <a href=href class="facet" class:selected=v.selected aria-current=v.selected.then_some("true")>
                                        <span class="check" aria-hidden="true">{if v.selected { "☑" } else { "☐" }}</span>
                                        {v.label.clone()}
                                        <span class="count">{count}</span>
                                        {v.selected.then(|| view! { <span class="visually-hidden">{t(Msg::FacetSelected)}</span> })}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        }
    })
}

/// One search page for people and cities. The address holds the query and
/// the filters: the server renders the same page from it, and typing updates
/// it (debounced) so results change without a reload.
#[component]
pub fn SearchPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let params = Memo::new(move |_| {
        let q = query.read();
        let pairs: Vec<(String, String)> =
            ["q", "theme", "sector", "country", "lang", "size", "page"]
                .iter()
                .flat_map(|k| {
                    q.get_all(k)
                        .unwrap_or_default()
                        .into_iter()
                        .map(move |v| (k.to_string(), v))
                })
                .collect();
        SearchParams::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    });
    let results = Resource::new(move || params.get(), search_people);
    let initial = params.get_untracked();
    view! {
        <Title text=t(Msg::NetworkSearchTitle) />
        <section class="page wide">
            <h1>{t(Msg::NetworkSearchTitle)}</h1>
            <NetworkNav current="/network" />
            <form method="get" action="/network" role="search" class="search-form">
                <label for="q">{t(Msg::NetworkSearchLabel)}</label>
                <div class="with-toggle">
                    // the results below follow the typing once the island runs
                    <SearchInput id="q".to_owned() name="q".to_owned() value=initial.q.clone()
                        placeholder=t(Msg::NetworkSearchPlaceholder).to_owned() region="results".to_owned() />
                    <button type="submit" class="button">{t(Msg::CitySearchSubmit)}</button>
                </div>
                {initial
                    .to_pairs()
                    .into_iter()
                    .filter(|(k, _)| *k != "q")
                    .map(|(k, v)| view! { <input type="hidden" name=k value=v /> })
                    .collect_view()}
            </form>
            <div id="results">
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let p = params.get();
                    match results.await {
                        Ok(r) => view! { <Results r p /> }.into_any(),
                        Err(AppError::Transport(_)) => view! { <p class="loading">{t(Msg::Loading)}</p> }.into_any(),
                        Err(e) => view! { <p class="alert" role="alert">{e.message(locale)}</p> }.into_any(),
                    }
                })}
            </Transition>
            </div>
        </section>
    }
}

#[component]
pub(crate) fn Results(r: SearchResults, p: SearchParams) -> impl IntoView {
    let locale = use_locale();
    let from = (r.page - 1) * PAGE_SIZE + 1;
    let to = from + r.people.len() as i64 - 1;
    let status = if r.total == 0 {
        t(Msg::SearchNoPeople).to_owned()
    } else {
        Msg::SearchShowing.fill(
            locale,
            &[
                ("from", &locale.format_int(from)),
                ("to", &locale.format_int(to)),
                ("total", &locale.format_int(r.total)),
            ],
        )
    };
    let selected: Vec<(&'static str, FacetValue)> = [
        ("theme", &r.facets.theme),
        ("sector", &r.facets.sector),
        ("country", &r.facets.country),
        ("lang", &r.facets.lang),
        ("size", &r.facets.size),
    ]
    .into_iter()
    .flat_map(|(k, vs)| {
        vs.iter()
            .filter(|v| v.selected)
            .map(move |v| (k, v.clone()))
    })
    .collect();
    let prev = (r.page > 1).then(|| {
        href_for(&SearchParams {
            page: r.page - 1,
            ..p.clone()
        })
    });
    let next = r.more.then(|| {
        href_for(&SearchParams {
            page: r.page + 1,
            ..p.clone()
        })
    });
    let clear = href_for(&SearchParams {
        q: p.q.clone(),
        ..Default::default()
    });
    view! {
        <div class="search-layout">
            <aside class="facets" aria-label=t(Msg::FiltersLabel)>
                <h2>{t(Msg::FiltersLabel)}</h2>
                <FacetGroup key="theme" legend=Msg::FacetTheme values=r.facets.theme.clone() params=p.clone() />
                <FacetGroup key="sector" legend=Msg::FacetSector values=r.facets.sector.clone() params=p.clone() />
                <FacetGroup key="country" legend=Msg::FacetCountry values=r.facets.country.clone() params=p.clone() />
                <FacetGroup key="lang" legend=Msg::FacetLanguage values=r.facets.lang.clone() params=p.clone() />
                <FacetGroup key="size" legend=Msg::FacetCitySize values=r.facets.size.clone() params=p.clone() />
            </aside>
            <div class="results">
                {(!r.cities.is_empty()).then(|| view! {
                    <h2>{t(Msg::SearchCities)}</h2>
                    <ul class="city-list">
                        {r.cities.iter().map(|c| {
                            let href = format!("/cities/{}", c.id);
                            view! {
                                <li><a href=href>{c.name.clone()}</a>
                                    <span class="meta">" · "{c.country.clone()}" · "{locale.format_int(c.population)}</span></li>
                            }
                        }).collect_view()}
                    </ul>
                })}
                {(!r.news.is_empty()).then(|| {
                    let all = format!("/news?q={}", crate::escape::url_component(&p.q));
                    view! {
                        <h2>{t(Msg::NavNews)}</h2>
                        <ul class="plain">
                            {r.news.iter().map(|c| view! { <li><a href=c.href.clone() lang=c.lang.clone()>{c.title.clone()}</a>" · "<span class="meta">{c.date.clone()}</span></li> }).collect_view()}
                        </ul>
                        <p><a href=all>{t(Msg::NewsSearchAll)}</a></p>
                    }
                })}
                <h2>{t(Msg::SearchPeople)}</h2>
                <p role="status" class="count-line">{status}</p>
                {(!r.signed_in).then(|| view! {
                    <p class="hint">{t(Msg::SearchVisitorNote)}" "<a href="/account/sign-in?next=/network">{t(Msg::NavSignIn)}</a></p>
                })}
                {(r.total == 0).then(|| {
                    let has = !selected.is_empty();
                    view! {
                        <div class="empty">
                            <p>{if has { t(Msg::SearchEmptyWithFilters) } else if p.q.trim().is_empty() { t(Msg::SearchEmptyNoQuery) } else { t(Msg::SearchEmptyNoFilters) }}</p>
                            {has.then(|| view! {
                                <ul class="chips">
                                    {selected.iter().map(|(k, v)| {
                                        let href = href_for(&p.toggled(k, &v.value));
                                        let label = Msg::SearchRemoveFilter.fill(locale, &[("filter", &v.label)]);
                                        view! { <li><a href=href>{label}</a></li> }
                                    }).collect_view()}
                                    <li><a href=clear.clone()>{t(Msg::SearchClearFilters)}</a></li>
                                </ul>
                            })}
                        </div>
                    }
                })}
                <PersonList people=r.people.clone() />
                {(prev.is_some() || next.is_some()).then(|| view! {
                    <nav class="pager" aria-label=t(Msg::PagerLabel)>
                        {prev.map(|h| view! { <a href=h rel="prev">{t(Msg::PagerPrevious)}</a> })}
                        {next.map(|h| view! { <a href=h rel="next" class="button">{t(Msg::PagerNext)}</a> })}
                    </nav>
                })}
            </div>
        </div>
    }
}
