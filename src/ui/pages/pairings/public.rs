//! The pairings and trios as everyone sees them: the list with filters and
//! the map on `/pairings`, and a pairing's page (`/pairing/<id>`).

use super::PostNotice;
use crate::dto::{PairingCard, PairingFilters};
use crate::i18n::Msg;
use crate::server_fns::pairings::{get_pairing, get_pairings};
use crate::ui::components::form::filter_select;
use crate::ui::components::form::set_status;
use crate::ui::i18n::{t, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub(crate) fn PairingCardView(card: PairingCard) -> impl IntoView {
    let href = format!("/pairing/{}", card.id);
    let cities = card
        .cities
        .iter()
        .map(|c| format!("{} ({})", c.name, c.country))
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <li class="card pairing-card">
            <h3><a href=href>{card.title.clone()}</a></h3>
            <p class="hint">{cities}</p>
            <p>
                <span class="badge">{card.kind.clone()}</span>" "
                <span class=format!("badge state-{}", card.state)>{card.state_label.clone()}</span>" "
                {Msg::CohortYear.fill(use_locale(), &[("year", &card.cohort_year.to_string())])}
            </p>
            {(!card.since.is_empty()).then(|| view! { <p>{card.since.clone()}</p> })}
            {(!card.areas.is_empty()).then(|| view! { <p class="hint">{card.areas.clone()}</p> })}
            {card.progress.map(|p| view! {
                <p><label>{t(Msg::PlanProgress)}" "<progress max="100" value=p>{format!("{p} %")}</progress>" "{format!("{p} %")}</label></p>
            })}
            {(!card.attention.is_empty()).then(|| view! {
                <ul class="attention">{card.attention.iter().map(|a| view! { <li>{a.clone()}</li> }).collect_view()}</ul>
            })}
        </li>
    }
}

/// On `/pairings`, below the calls: the reader's pairings, staff's
/// attention list and cohorts to form, the filters, the map and the list.
#[component]
pub fn PairingsSection() -> impl IntoView {
    let locale = use_locale();
    let q = use_query_map();
    let filters = move || {
        let q = q.read();
        let get = |k: &str| q.get(k).unwrap_or_default();
        PairingFilters {
            country: get("country"),
            theme: get("theme"),
            sdg: get("sdg"),
            year: get("year"),
            state: get("state"),
            page: get("page"),
        }
    };
    let data = Resource::new(filters, get_pairings);
    view! {
        <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(l) => {
                        let f = l.filters.clone();
                        view! {
                            {(!l.mine.is_empty()).then(|| view! {
                                <section>
                                    <h2>{t(Msg::MyPairings)}</h2>
                                    <ul class="plain">
                                        {l.mine.iter().map(|c| {
                                            let space = format!("/pairing/{}/space", c.id);
                                            let plan = format!("/pairing/{}/plan", c.id);
                                            view! {
                                                <li><a href=space>{c.title.clone()}</a>" · "<span class="badge">{c.state_label.clone()}</span>" · "<a href=plan>{t(Msg::PlanTitle)}</a></li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })}
                            {l.staff.then(|| view! {
                                <section>
                                    <h2>{t(Msg::FormPairingsTitle)}</h2>
                                    {if l.cohorts.is_empty() {
                                        view! { <p class="hint">{t(Msg::FormNoCohort)}</p> }.into_any()
                                    } else {
                                        view! {
                                            <ul class="plain">
                                                {l.cohorts.iter().map(|c| {
                                                    let href = format!("/pairings/calls/{}/form", c.value);
                                                    view! { <li><a href=href>{Msg::FormPairingsFor.fill(locale, &[("call", &c.label)])}</a></li> }
                                                }).collect_view()}
                                            </ul>
                                        }.into_any()
                                    }}
                                    {(!l.attention.is_empty()).then(|| view! {
                                        <h3>{t(Msg::NeedsAttention)}</h3>
                                        <ul class="cards">{l.attention.clone().into_iter().map(|c| view! { <PairingCardView card=c /> }).collect_view()}</ul>
                                    })}
                                </section>
                            })}
                            <section class="pairings" aria-labelledby="pairings-title">
                                <h2 id="pairings-title">{t(Msg::PairingsListTitle)}</h2>
                                <form method="get" action="/pairings" class="filters">
                                    {filter_select("country", Msg::FilterCountry, l.countries.clone(), f.country.clone())}
                                    {filter_select("theme", Msg::FilterTheme, l.themes.clone(), f.theme.clone())}
                                    {filter_select("sdg", Msg::SdgsLabel, l.sdgs.clone(), f.sdg.clone())}
                                    {filter_select("year", Msg::FilterCohort, l.years.clone(), f.year.clone())}
                                    {filter_select("state", Msg::FilterState, l.states.clone(), f.state.clone())}
                                    <button type="submit" class="button secondary">{t(Msg::FilterApply)}</button>
                                </form>
                                <figure class="map" inner_html=l.map.clone()></figure>
                                <p class="hint">
                                    {Msg::PairingsCount.fill(locale, &[("n", &l.total.to_string())])}" · "
                                    <a href="/pairings.json">"JSON"</a>" · "<a href="/pairings.csv">"CSV"</a>" ("{t(Msg::OpenData)}")"
                                </p>
                                {if l.items.is_empty() {
                                    view! { <p>{t(Msg::NoPairings)}</p> }.into_any()
                                } else {
                                    view! { <ul class="cards">{l.items.clone().into_iter().map(|c| view! { <PairingCardView card=c /> }).collect_view()}</ul> }.into_any()
                                }}
                                {(l.pages > 1).then(|| {
                                    let href = |page: usize| {
                                        let mut q: Vec<String> = [("country", &f.country), ("theme", &f.theme), ("sdg", &f.sdg), ("year", &f.year), ("state", &f.state)]
                                            .iter()
                                            .filter(|(_, v)| !v.is_empty())
                                            .map(|(k, v)| format!("{k}={}", crate::escape::url_component(v)))
                                            .collect();
                                        q.push(format!("page={page}"));
                                        format!("/pairings?{}#pairings-title", q.join("&"))
                                    };
                                    view! {
                                        <nav class="pager" aria-label=t(Msg::PagerLabel)>
                                            {(l.page > 1).then(|| view! { <a href=href(l.page - 1) rel="prev">{t(Msg::PagerPrevious)}</a> })}
                                            " "{Msg::PageOfPages.fill(locale, &[("page", &l.page.to_string()), ("pages", &l.pages.to_string())])}" "
                                            {(l.page < l.pages).then(|| view! { <a href=href(l.page + 1) rel="next" class="button">{t(Msg::PagerNext)}</a> })}
                                        </nav>
                                    }
                                })}
                            </section>
                        }.into_any()
                    }
                    Err(e) => view! { <p class="alert" role="alert">{e.message(locale)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// `/pairing/<id>`: the cities, since when, the agreed areas, the plan's
/// objectives and progress, public actions, pilot projects and activities.
#[component]
pub fn PairingPage() -> impl IntoView {
    let locale = use_locale();
    let id = crate::ui::pages::use_id_param();
    let data = Resource::new(move || id.get(), get_pairing);
    view! {
        <section class="page pairing-page">
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(p) => {
                            let c = p.card.clone();
                            let space = format!("/pairing/{}/space", c.id);
                            view! {
                                <Title text=c.title.clone() />
                                <script type="application/ld+json" inner_html=p.json_ld.clone()></script>
                                <p><a href="/pairings">{t(Msg::NavPairings)}</a></p>
                                <h1>{c.title.clone()}</h1>
                                <PostNotice />
                                <p>
                                    <span class="badge">{c.kind.clone()}</span>" "
                                    <span class=format!("badge state-{}", c.state)>{c.state_label.clone()}</span>" "
                                    {Msg::CohortYear.fill(locale, &[("year", &c.cohort_year.to_string())])}
                                </p>
                                {(!c.since.is_empty()).then(|| view! { <p>{c.since.clone()}</p> })}
                                {p.can_enter.then(|| view! { <p><a class="button" href=space>{t(Msg::PairingSpace)}</a></p> })}
                                <ul class="plain">
                                    {c.cities.iter().map(|x| {
                                        let href = format!("/cities/{}", x.id);
                                        view! { <li><a href=href>{x.name.clone()}</a>", "{x.country.clone()}</li> }
                                    }).collect_view()}
                                </ul>
                                <figure class="map small" inner_html=p.map.clone()></figure>
                                <crate::ui::pages::TopicPosts topic=format!("p:{}", c.id) base=format!("/pairing/{}", c.id) />
                                {(!p.areas.is_empty()).then(|| view! {
                                    <section>
                                        <h2>{t(Msg::AgreedAreas)}</h2>
                                        <ul class="tags">{p.areas.iter().map(|a| view! { <li>{a.clone()}</li> }).collect_view()}</ul>
                                    </section>
                                })}
                                <section>
                                    <h2>{t(Msg::PlanTitle)}</h2>
                                    {p.plan_progress.map(|v| view! {
                                        <p><label>{t(Msg::PlanProgress)}" "<progress max="100" value=v>{format!("{v} %")}</progress>" "{format!("{v} %")}</label></p>
                                    })}
                                    {if p.objectives.is_empty() {
                                        view! { <p class="hint">{t(Msg::PlanNotYet)}</p> }.into_any()
                                    } else {
                                        view! {
                                            {p.objectives.iter().map(|o| view! {
                                                <article class="objective">
                                                    <h3>{o.title.clone()}</h3>
                                                    {o.progress.map(|v| view! { <p class="hint">{Msg::ObjectiveProgress.fill(locale, &[("progress", &v.to_string()), ("weight", &o.weight.to_string())])}</p> })}
                                                    <ul class="actions-list">
                                                        {o.actions.iter().map(|a| view! {
                                                            <li>
                                                                <strong>{a.pilot.then(|| format!("{} · ", t(Msg::PilotProject)))}{a.title.clone()}</strong>
                                                                " — "{a.status.clone()}", "{format!("{} %", a.progress)}
                                                                <div class="prose" inner_html=a.description.clone()></div>
                                                                {(!a.sdgs.is_empty()).then(|| view! { <p class="hint">{a.sdgs.join(" · ")}</p> })}
                                                            </li>
                                                        }).collect_view()}
                                                    </ul>
                                                </article>
                                            }).collect_view()}
                                        }.into_any()
                                    }}
                                </section>
                                {(!p.news.is_empty()).then(|| view! {
                                    <section aria-labelledby="pairing-news">
                                        <h2 id="pairing-news">{t(Msg::NavNews)}</h2>
                                        <ul class="plain">{p.news.iter().map(|c| view! { <li><a href=c.href.clone() lang=c.lang.clone()>{c.title.clone()}</a>" · "<time datetime=c.date_iso.clone()>{c.date.clone()}</time></li> }).collect_view()}</ul>
                                    </section>
                                })}
                                {(!p.publications.is_empty()).then(|| view! {
                                    <section aria-labelledby="pairing-publications">
                                        <h2 id="pairing-publications">{t(Msg::PubRelated)}</h2>
                                        <ul class="plain">{p.publications.iter().map(|c| view! { <li><a href=c.href.clone() lang=c.lang.clone()>{c.title.clone()}</a>" · "{c.kind_label.clone()}" · "{c.year}</li> }).collect_view()}</ul>
                                    </section>
                                })}
                                {(!p.activities.is_empty()).then(|| view! {
                                    <section>
                                        <h2>{t(Msg::PairingActivities)}</h2>
                                        <ul class="plain">
                                            {p.activities.iter().map(|a| view! {
                                                <li>
                                                    <strong>{a.title.clone()}</strong>" · "{a.kind.clone()}" · "{a.date.clone()}
                                                    {a.event.map(|e| view! { " · "<a href=format!("/events/{e}")>{t(Msg::SeeEvent)}</a> })}
                                                    <div class="prose" inner_html=a.report.clone()></div>
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    </section>
                                })}
                            }.into_any()
                        }
                        Err(e) => {
                            set_status(&e);
                            view! {
                                <Title text=t(Msg::ErrNotFound) />
                                <h1>{t(Msg::NavPairings)}</h1>
                                <p class="alert" role="alert">{e.message(locale)}</p>
                                <p><a href="/pairings">{t(Msg::NavPairings)}</a></p>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
