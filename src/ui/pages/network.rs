//! The Urban Leaders Network: search people and cities, profiles, themes.

use crate::domain::profile::{Sector, Visibility, LANGUAGES};
use crate::domain::search::{SearchParams, PAGE_SIZE};
use crate::dto::{Choice, FacetValue, PersonCard, SearchResults};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::server_fns::network::{
    my_profile, profile, sdgs, search_people, themes, SaveProfile, SetThemeSdgs,
};
use crate::ui::components::form::{action_error, FormAlert, Notice, TextArea};
use crate::ui::i18n::{t, use_locale};
use crate::ui::islands::{CityPicker, CityPickerTexts, SearchInput};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The network's own links, under the page title.
#[component]
pub fn NetworkNav(current: &'static str) -> impl IntoView {
    let link = move |href: &'static str, label: Msg| {
        view! {
            <li>
                <a href=href aria-current=(current == href).then_some("page")>{t(label)}</a>
            </li>
        }
    };
    view! {
        <nav class="subnav" aria-label=t(Msg::NetworkNavLabel)>
            <ul>
                {link("/network", Msg::NetworkSearchNav)}
                {link("/network/cities", Msg::CitiesTitle)}
                {link("/themes", Msg::ThemesTitle)}
                {link("/account/profile", Msg::MyProfile)}
            </ul>
        </nav>
    }
}

fn href_for(p: &SearchParams) -> String {
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
fn encode(v: &str) -> String {
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

fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .collect()
}

#[component]
pub(crate) fn Avatar(
    name: String,
    url: Option<String>,
    #[prop(default = "avatar")] class: &'static str,
) -> impl IntoView {
    match url {
        Some(src) => view! { <img class=class src=src alt="" width="64" height="64" loading="lazy" /> }.into_any(),
        None => view! { <span class=format!("{class} initials") aria-hidden="true">{initials(&name)}</span> }.into_any(),
    }
}

/// A member's name (linking to their profile), anything shown beside it
/// (badges), and their headline and place: the top of every person card.
#[component]
pub(crate) fn PersonHead(
    person: PersonCard,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let href = format!("/people/{}", person.id);
    view! {
        <a class="name" href=href>{person.name.clone()}</a>
        {children.map(|c| view! { " "{c()} })}
        {(!person.headline.is_empty()).then(|| view! { <p class="meta">{person.headline.clone()}</p> })}
        {person.place.clone().map(|place| view! { <p class="meta">{place}</p> })}
    }
}

#[component]
pub fn PersonList(people: Vec<PersonCard>) -> impl IntoView {
    view! {
        <ul class="people">
            {people
                .into_iter()
                .map(|p| {
                    view! {
                        <li class="person">
                            <Avatar name=p.name.clone() url=p.photo_url.clone() />
                            <div>
                                <PersonHead person=p.clone() />
                                {(!p.themes.is_empty()).then(|| view! {
                                    <ul class="tags">
                                        {p.themes.iter().map(|th| view! { <li>{th.clone()}</li> }).collect_view()}
                                    </ul>
                                })}
                            </div>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[component]
fn FacetGroup(
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
fn Results(r: SearchResults, p: SearchParams) -> impl IntoView {
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

#[component]
fn ThemeTags(items: Vec<Choice>) -> impl IntoView {
    view! {
        <ul class="tags">
            {items
                .into_iter()
                .map(|c| {
                    let href = format!("/network?theme={}", c.value);
                    view! { <li><a href=href>{c.label}</a></li> }
                })
                .collect_view()}
        </ul>
    }
}

/// The page's HTTP status follows the error it shows (404, 401...).
pub(crate) fn set_status(e: &AppError) {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(
            axum::http::StatusCode::from_u16(e.status())
                .unwrap_or(axum::http::StatusCode::NOT_FOUND),
        );
    }
    #[cfg(not(feature = "ssr"))]
    let _ = e;
}

/// A member's profile. The e-mail address is never shown.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let locale = use_locale();
    let id = crate::ui::pages::use_id_param();
    let data = Resource::new(move || id.get(), profile);
    view! {
        <section class="page">
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(p) => view! {
                            <Title text=p.name.clone() />
                            <header class="profile-head">
                                <Avatar name=p.name.clone() url=p.photo_url.clone() class="avatar large" />
                                <div>
                                    <h1>{p.name.clone()}</h1>
                                    {(!p.job_title.is_empty()).then(|| view! { <p class="lead">{p.job_title.clone()}</p> })}
                                    {(!p.organisation.is_empty()).then(|| view! { <p>{p.organisation.clone()}</p> })}
                                    {p.is_owner.then(|| view! { <p><a class="button small" href="/account/profile">{t(Msg::EditProfile)}</a></p> })}
                                </div>
                            </header>
                            <dl class="facts">
                                {p.sector.clone().map(|s| view! { <dt>{t(Msg::FieldSector)}</dt><dd>{s}</dd> })}
                                {p.city.clone().map(|c| {
                                    let href = format!("/cities/{}", c.value);
                                    let country = p.country.clone().unwrap_or_default();
                                    view! { <dt>{t(Msg::FieldCity)}</dt><dd><a href=href>{c.label}</a>", "{country}</dd> }
                                })}
                                {(!p.languages.is_empty()).then(|| view! { <dt>{t(Msg::FieldLanguages)}</dt><dd>{p.languages.join(", ")}</dd> })}
                            </dl>
                            {(!p.interests.is_empty()).then(|| view! { <h2>{t(Msg::FieldInterests)}</h2><ThemeTags items=p.interests.clone() /> })}
                            {(!p.bio_html.is_empty()).then(|| view! { <h2>{t(Msg::FieldBio)}</h2><div class="prose" inner_html=p.bio_html.clone()></div> })}
                            {(!p.offer.is_empty() || !p.offer_themes.is_empty()).then(|| view! {
                                <h2>{t(Msg::FieldOffer)}</h2>
                                <ThemeTags items=p.offer_themes.clone() />
                                <p class="pre">{p.offer.clone()}</p>
                            })}
                            {(!p.seek.is_empty() || !p.seek_themes.is_empty()).then(|| view! {
                                <h2>{t(Msg::FieldSeek)}</h2>
                                <ThemeTags items=p.seek_themes.clone() />
                                <p class="pre">{p.seek.clone()}</p>
                            })}
                            {(!p.links.is_empty()).then(|| view! {
                                <h2>{t(Msg::FieldLinks)}</h2>
                                <ul>{p.links.iter().map(|l| view! { <li><a href=l.clone() rel="nofollow ugc noopener">{l.clone()}</a></li> }).collect_view()}</ul>
                            })}
                            <Ties id=p.id />
                            {(!p.is_owner).then(|| view! { <MetBefore id=p.id /> })}
                        }.into_any(),
                        Err(e) => {
                            set_status(&e);
                            let signin = matches!(e, AppError::Unauthorized);
                            view! {
                                <Title text=t(Msg::NotFoundTitle) />
                                <h1>{t(Msg::ProfileUnavailable)}</h1>
                                <p class="alert" role="alert">{e.message(locale)}</p>
                                {signin.then(|| view! { <p><a class="button" href="/account/sign-in?next=/network">{t(Msg::NavSignIn)}</a></p> })}
                                <p><a href="/network">{t(Msg::NetworkSearchTitle)}</a></p>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

fn field_label(field: &str) -> Msg {
    match field {
        "photo" => Msg::FieldPhoto,
        "job_title" => Msg::FieldJobTitle,
        "organisation" => Msg::FieldOrganisation,
        "sector" => Msg::FieldSector,
        "city_id" => Msg::FieldCity,
        "languages" => Msg::FieldLanguages,
        "interests" => Msg::FieldInterests,
        "bio" => Msg::FieldBio,
        _ => Msg::FieldOffer,
    }
}

/// The reader's tie with this member (connect with a note, answer, remove)
/// and the member's connections.
#[component]
fn Ties(id: i64) -> impl IntoView {
    use crate::server_fns::matchmaking::{
        get_profile_ties, ConnectAnswer, ConnectRemove, ConnectRequest,
    };
    let locale = use_locale();
    let ask = ServerAction::<ConnectRequest>::new();
    let answer = ServerAction::<ConnectAnswer>::new();
    let remove = ServerAction::<ConnectRemove>::new();
    let data = Resource::new(
        move || {
            (
                id,
                ask.version().get(),
                answer.version().get(),
                remove.version().get(),
            )
        },
        |(id, ..)| get_profile_ties(id),
    );
    let error = action_error(ask);
    let answer_error = action_error(answer);
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let ties = data.await.ok()?;
                let between = ties.between.clone();
                let tie = match between {
                    None if ties.can_connect => view! {
                        <details class="connect-form" open=error.get_untracked().is_some()>
                            <summary>{t(Msg::Connect)}</summary>
                            <ActionForm action=ask attr:novalidate=true>
                                <FormAlert error />
                                <input type="hidden" name="to" value=id />
                                <div class="field">
                                    <label for="f-connect-note">{t(Msg::ConnectNote)}</label>
                                    <TextArea {..} id="f-connect-note" name="note" rows="2" maxlength="500" />
                                    <FieldError name="note" error />
                                </div>
                                <button type="submit" class="button small">{t(Msg::ConnectSend)}</button>
                            </ActionForm>
                        </details>
                    }.into_any(),
                    None => ().into_any(),
                    Some(c) if c.status == "accepted" => view! {
                        <p><span class="badge seat">{t(Msg::Connected)}</span></p>
                        <ActionForm action=remove attr:class="inline">
                            <input type="hidden" name="id" value=c.id />
                            <button type="submit" class="button small secondary">{t(Msg::ConnectionRemove)}</button>
                        </ActionForm>
                    }.into_any(),
                    Some(c) if c.incoming && c.status == "pending" => view! {
                        <p>{c.person.name.clone()}" "{t(Msg::ConnectAskedYou)}</p>
                        {(!c.note.is_empty()).then(|| view! { <blockquote class="note">{c.note.clone()}</blockquote> })}
                        <ActionForm action=answer attr:class="inline">
                            <input type="hidden" name="id" value=c.id />
                            <input type="hidden" name="answer" value="accept" />
                            <button type="submit" class="button small">{t(Msg::MeetingAccept)}</button>
                        </ActionForm>
                        <ActionForm action=answer attr:class="inline">
                            <input type="hidden" name="id" value=c.id />
                            <input type="hidden" name="answer" value="decline" />
                            <button type="submit" class="button small secondary">{t(Msg::MeetingDecline)}</button>
                        </ActionForm>
                        <p class="error" aria-live="polite">{move || answer_error.get().map(|e| e.message(locale))}</p>
                    }.into_any(),
                    Some(c) if c.incoming => view! { <p class="meta">{t(Msg::ConnectionDeclined)}</p> }.into_any(),
                    Some(_) => view! { <p class="notice" role="status">{t(Msg::ConnectSent)}</p> }.into_any(),
                };
                Some(view! {
                    <section id="ties" class="ties">
                        {tie}
                        {(!ties.connections.is_empty()).then(|| view! {
                            <h2>{t(Msg::ConnectionsOnProfile)}" ("{ties.connections.len()}")"</h2>
                            <ul class="plain connections">
                                {ties.connections.iter().map(|p| view! {
                                    <li><a href=format!("/people/{}", p.id)>{p.name.clone()}</a>{p.place.clone().map(|pl| format!(" · {pl}"))}</li>
                                }).collect_view()}
                            </ul>
                        })}
                    </section>
                })
            })}
        </Transition>
    }
}

/// "You met before": the reader's meetings with this member, with both
/// sides' notes (only the two of them get these).
#[component]
fn MetBefore(id: i64) -> impl IntoView {
    let data = Resource::new(move || id, crate::server_fns::meetings::get_met_before);
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let met = data.await.unwrap_or_default();
                (!met.is_empty()).then(|| view! {
                    <section class="met-before">
                        <h2>{t(Msg::MetBeforeTitle)}</h2>
                        <ul class="plain">
                            {met.into_iter().map(|m| view! {
                                <li>
                                    <p><a href=format!("/events/{}/meetings", m.event_id)>{m.event_title.clone()}</a>" · "{m.day.clone()}</p>
                                    {m.notes.into_iter().map(|n| view! {
                                        <p class="meta">{n.author}": "{n.outcome}{(!n.next_steps.is_empty()).then(|| format!(" — {}: {}", t(Msg::MeetingNextSteps), n.next_steps))}</p>
                                    }).collect_view()}
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Transition>
    }
}

/// The text, textarea or choice error beside a field.
#[component]
pub(crate) fn FieldError(name: &'static str, error: Signal<Option<AppError>>) -> impl IntoView {
    let locale = use_locale();
    let id = format!("f-{name}-error");
    view! {
        <p class="error" id=id.clone() aria-live="polite">
            {move || error.get().filter(|e| e.field() == Some(name)).map(|e| e.message(locale))}
        </p>
    }
}

#[component]
pub(crate) fn ThemeBoxes(
    group: &'static str,
    legend: Msg,
    themes: Vec<Choice>,
    picked: Vec<String>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    view! {
        <fieldset class="choices" id=format!("f-{group}")>
            <legend>{t(legend)}</legend>
            <div class="grid">
                {themes
                    .into_iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let id = format!("f-{group}-{}", c.value);
                        let checked = picked.contains(&c.value);
                        view! {
                            <label for=id.clone() class="check">
                                <input type="checkbox" id=id.clone() name=format!("form[{group}][{i}]") value=c.value checked=checked />
                                {c.label}
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            <FieldError name=group error />
        </fieldset>
    }
}

/// Edit one's own profile: photo, facts, themes, bio, visibility; the
/// completeness bar says what would make the member easier to find.
#[component]
pub fn ProfileEditPage() -> impl IntoView {
    let locale = use_locale();
    let data = Resource::new(|| (), |_| my_profile());
    let action = ServerAction::<SaveProfile>::new();
    let error = action_error(action);
    let query = use_query_map();
    let notice = Memo::new(move |_| query.read().get("notice"));
    let photo_error = Memo::new(move |_| {
        query.read().get("photo_error").and_then(|key| {
            [
                Msg::ErrPhotoType,
                Msg::ErrPhotoTooLarge,
                Msg::ErrPhotoUnreadable,
                Msg::ErrPhotoDimensions,
                Msg::ErrPhotoMissing,
                Msg::ErrRateLimited,
            ]
            .into_iter()
            .find(|m| format!("{m:?}") == key)
        })
    });
    view! {
        <Title text=t(Msg::MyProfile) />
        <section class="page">
            <h1>{t(Msg::MyProfile)}</h1>
            <NetworkNav current="/account/profile" />
            {move || match notice.get().as_deref() {
                Some("saved") => Some(view! { <Notice msg=Msg::ProfileSaved /> }.into_any()),
                Some("photo") => Some(view! { <Notice msg=Msg::PhotoSaved /> }.into_any()),
                _ => None,
            }}
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let ed = match data.await {
                        Ok(ed) => ed,
                        Err(e) => {
                            return view! {
                                <p class="alert" role="alert">{e.message(locale)}</p>
                                <p><a class="button" href="/account/sign-in?next=/account/profile">{t(Msg::NavSignIn)}</a></p>
                            }.into_any();
                        }
                    };
                    let f = ed.form.clone();
                    let typed = move |k: &str, stored: &str| query.read_untracked().get(k).unwrap_or_else(|| stored.to_owned());
                    let max_mb = 5;
                    let photo_msg = move || photo_error.get().map(|m| {
                        if m == Msg::ErrPhotoTooLarge { m.fill(locale, &[("megabytes", &max_mb.to_string())]) } else { m.text(locale).to_owned() }
                    });
                    let profile_href = format!("/people/{}", ed.id);
                    view! {
                        <div class="completeness">
                            <label for="completeness">{Msg::ProfileCompleteness.fill(locale, &[("percent", &ed.completeness.to_string())])}</label>
                            <progress id="completeness" max="100" value=ed.completeness.to_string()>{ed.completeness}"%"</progress>
                            {(!ed.missing.is_empty()).then(|| view! {
                                <p class="hint">{t(Msg::ProfileMissing)}" "
                                    {ed.missing.iter().map(|m| t(field_label(m))).collect::<Vec<_>>().join(", ")}
                                </p>
                            })}
                            <p><a href=profile_href>{t(Msg::ViewMyProfile)}</a></p>
                        </div>

                        <form class="photo-form" method="post" action="/account/photo" enctype="multipart/form-data">
                            <h2>{t(Msg::FieldPhoto)}</h2>
                            <div class="photo-row">
                                <Avatar name=ed.name.clone() url=ed.photo_url.clone() class="avatar large" />
                                <div class="field" class:invalid=move || photo_error.get().is_some()>
                                    <label for="f-photo">{t(Msg::PhotoChoose)}</label>
                                    <p class="hint" id="f-photo-hint">{t(Msg::PhotoHint)}</p>
                                    <input id="f-photo" type="file" name="photo" accept="image/jpeg,image/png,image/webp"
                                        aria-describedby="f-photo-hint f-photo-error" aria-invalid=move || photo_error.get().map(|_| "true") />
                                    <p class="error" id="f-photo-error" aria-live="polite">{photo_msg}</p>
                                    <div class="actions">
                                        <button type="submit" class="button">{t(Msg::PhotoUpload)}</button>
                                        {ed.photo_url.is_some().then(|| view! {
                                            <button type="submit" class="button secondary" name="remove" value="1">{t(Msg::PhotoRemove)}</button>
                                        })}
                                    </div>
                                </div>
                            </div>
                        </form>

                        <ActionForm action attr:novalidate=true attr:class="profile-form">
                            <FormAlert error />
                            <div class="field">
                                <label for="f-job_title">{t(Msg::FieldJobTitle)}</label>
                                <input id="f-job_title" name="form[job_title]" maxlength="120" value=typed("job_title", &f.job_title) aria-describedby="f-job_title-error" />
                                <FieldError name="job_title" error />
                            </div>
                            <div class="field">
                                <label for="f-organisation">{t(Msg::FieldOrganisation)}</label>
                                <input id="f-organisation" name="form[organisation]" maxlength="160" value=typed("organisation", &f.organisation) aria-describedby="f-organisation-error" />
                                <FieldError name="organisation" error />
                            </div>
                            <div class="field">
                                <label for="f-sector">{t(Msg::FieldSector)}</label>
                                <select id="f-sector" name="form[sector]">
                                    <option value="" selected=f.sector.is_empty()>{t(Msg::ChooseNone)}</option>
                                    {Sector::ALL.iter().map(|s| view! {
                                        <option value=s.as_str() selected=f.sector == s.as_str()>{t(s.label())}</option>
                                    }).collect_view()}
                                </select>
                                <FieldError name="sector" error />
                            </div>
                            <CityField city_id=f.city_id.clone() label=ed.city_label.clone() error />
                            <fieldset class="choices" id="f-languages">
                                <legend>{t(Msg::FieldLanguages)}</legend>
                                <div class="grid">
                                    {LANGUAGES.iter().enumerate().map(|(i, (code, m))| {
                                        let id = format!("f-lang-{code}");
                                        let checked = f.languages.iter().any(|l| l == code);
                                        view! {
                                            <label for=id.clone() class="check">
                                                <input type="checkbox" id=id.clone() name=format!("form[languages][{i}]") value=*code checked=checked />
                                                {t(*m)}
                                            </label>
                                        }
                                    }).collect_view()}
                                </div>
                                <FieldError name="languages" error />
                            </fieldset>
                            <ThemeBoxes group="interests" legend=Msg::FieldInterests themes=ed.themes.clone() picked=f.interests.clone() error />
                            <div class="field">
                                <label for="f-bio">{t(Msg::FieldBio)}</label>
                                <p class="hint" id="f-bio-hint">{t(Msg::BioHint)}</p>
                                <TextArea value={typed("bio", &f.bio)} {..} id="f-bio" name="form[bio]" rows="6" maxlength="4000" aria-describedby="f-bio-hint f-bio-error" />
                                <FieldError name="bio" error />
                            </div>
                            <ThemeBoxes group="offer_themes" legend=Msg::FieldOfferThemes themes=ed.themes.clone() picked=f.offer_themes.clone() error />
                            <div class="field">
                                <label for="f-offer">{t(Msg::FieldOffer)}</label>
                                <TextArea value={f.offer.clone()} {..} id="f-offer" name="form[offer]" rows="3" maxlength="1000" aria-describedby="f-offer-error" />
                                <FieldError name="offer" error />
                            </div>
                            <ThemeBoxes group="seek_themes" legend=Msg::FieldSeekThemes themes=ed.themes.clone() picked=f.seek_themes.clone() error />
                            <div class="field">
                                <label for="f-seek">{t(Msg::FieldSeek)}</label>
                                <TextArea value={f.seek.clone()} {..} id="f-seek" name="form[seek]" rows="3" maxlength="1000" aria-describedby="f-seek-error" />
                                <FieldError name="seek" error />
                            </div>
                            <div class="field">
                                <label for="f-links">{t(Msg::FieldLinks)}</label>
                                <p class="hint" id="f-links-hint">{t(Msg::LinksHint)}</p>
                                <TextArea value={typed("links", &f.links)} {..} id="f-links" name="form[links]" rows="3" aria-describedby="f-links-hint f-links-error" />
                                <FieldError name="links" error />
                            </div>
                            <fieldset class="choices" id="f-visibility">
                                <legend>{t(Msg::FieldVisibility)}</legend>
                                {Visibility::ALL.iter().map(|v| {
                                    let id = format!("f-vis-{}", v.as_str());
                                    view! {
                                        <label for=id.clone() class="check">
                                            <input type="radio" id=id.clone() name="form[visibility]" value=v.as_str() checked=f.visibility == v.as_str() />
                                            {t(v.label())}
                                        </label>
                                    }
                                }).collect_view()}
                                <p class="hint">{t(Msg::EmailNeverShown)}</p>
                                <FieldError name="visibility" error />
                            </fieldset>
                            <button type="submit" class="button" disabled=move || action.pending().get()>{t(Msg::SaveProfile)}</button>
                        </ActionForm>
                    }.into_any()
                })}
            </Transition>
        </section>
    }
}

/// The home-city field: the picker island (suggestions as one types) and
/// the error beside it.
#[component]
pub(crate) fn CityField(
    city_id: String,
    label: String,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let texts = CityPickerTexts {
        label: t(Msg::FieldCity).to_owned(),
        hint: t(Msg::CityPickerHint).to_owned(),
        suggestions: t(Msg::CitySuggestions).to_owned(),
    }
    .list();
    view! {
        <div class="field city-picker">
            <CityPicker city_id city_label=label texts />
            <FieldError name="city_id" error />
        </div>
    }
}

/// The taxonomy: every theme with the SDGs it serves and its members.
#[component]
pub fn ThemesPage() -> impl IntoView {
    let locale = use_locale();
    let data = Resource::new(|| (), |_| themes());
    view! {
        <Title text=t(Msg::ThemesTitle) />
        <section class="page">
            <h1>{t(Msg::ThemesTitle)}</h1>
            <NetworkNav current="/themes" />
            <p class="lead">{t(Msg::ThemesLead)}</p>
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(list) => view! {
                            <ul class="themes">
                                {list.into_iter().map(|th| {
                                    let href = format!("/network?theme={}", th.id);
                                    let events = format!("/events?theme={}", th.id);
                                    let members = Msg::ThemeMembers.fill(locale, &[("count", &locale.format_int(th.members))]);
                                    view! {
                                        <li>
                                            <h2><a href=href>{th.name}</a></h2>
                                            <p class="meta">{members}" · "<a href=events>{t(Msg::ThemeEvents)}</a></p>
                                            <ul class="sdgs" aria-label=t(Msg::SdgsLabel)>
                                                {th.sdgs.into_iter().map(|s| view! {
                                                    <li class=format!("sdg sdg-{}", s.number)>
                                                        <span class="num">{Msg::SdgNumber.fill(locale, &[("n", &s.number.to_string())])}</span>" "{s.name}
                                                    </li>
                                                }).collect_view()}
                                            </ul>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <p class="alert" role="alert">{e.message(locale)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// Admins decide which SDGs each theme serves.
#[component]
pub fn AdminThemesPage() -> impl IntoView {
    let locale = use_locale();
    let data = Resource::new(
        || (),
        |_| async { Ok::<_, AppError>((themes().await?, sdgs().await?)) },
    );
    let action = ServerAction::<SetThemeSdgs>::new();
    let error = action_error(action);
    let query = use_query_map();
    let saved = Memo::new(move |_| query.read().get("notice").is_some());
    view! {
        <Title text=t(Msg::AdminThemesTitle) />
        <section class="page">
            <h1>{t(Msg::AdminThemesTitle)}</h1>
            <p class="lead">{t(Msg::AdminThemesLead)}</p>
            {move || saved.get().then(|| view! { <Notice msg=Msg::ThemeSaved /> })}
            <FormAlert error />
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok((list, goals)) => view! {
                            {list.into_iter().map(|th| {
                                let picked: Vec<i64> = th.sdgs.iter().map(|s| s.number).collect();
                                let goals = goals.clone();
                                let theme_id = th.id.clone();
                                view! {
                                    <ActionForm action attr:class="theme-sdgs">
                                        <fieldset class="choices">
                                            <legend>{th.name.clone()}</legend>
                                            <input type="hidden" name="theme" value=theme_id.clone() />
                                            <div class="grid">
                                                {goals.iter().enumerate().map(|(i, g)| {
                                                    let id = format!("sdg-{}-{}", theme_id, g.number);
                                                    view! {
                                                        <label for=id.clone() class="check">
                                                            <input type="checkbox" id=id.clone() name=format!("sdgs[{i}]") value=g.number.to_string() checked=picked.contains(&g.number) />
                                                            {format!("{} · {}", g.number, g.name)}
                                                        </label>
                                                    }
                                                }).collect_view()}
                                            </div>
                                        </fieldset>
                                        <button type="submit" class="button small">{t(Msg::SaveTheme)}</button>
                                    </ActionForm>
                                }
                            }).collect_view()}
                        }.into_any(),
                        Err(e) => view! { <p class="alert" role="alert">{e.message(locale)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
