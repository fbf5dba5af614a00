//! "Apply for my city": pick the city (the member's home city, or search the
//! directory with a plain GET form), see at once whether it may apply and
//! why not, then start the application or ask to join the city's one.

use super::When;
use crate::i18n::Msg;
use crate::server_fns::calls::{apply_city_search, get_apply, StartApplication};
use crate::ui::components::form::{action_error, set_status, FieldError, FormAlert};
use crate::ui::i18n::{t, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ApplyPage() -> impl IntoView {
    let locale = use_locale();
    let id = crate::ui::pages::use_id_param();
    let q = use_query_map();
    let city = Memo::new(move |_| {
        q.read()
            .get("city")
            .and_then(|c| c.parse::<i64>().ok())
            .unwrap_or(0)
    });
    let search = Memo::new(move |_| q.read().get("q").unwrap_or_default());
    let data = Resource::new(
        move || (id.get(), city.get()),
        |(id, city)| get_apply(id, city),
    );
    let found = Resource::new(
        move || search.get(),
        |s| async move {
            if s.trim().is_empty() {
                Ok(Vec::new())
            } else {
                apply_city_search(s).await
            }
        },
    );
    let start = ServerAction::<StartApplication>::new();
    let error = action_error(start);
    view! {
        <section class="page">
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let p = match data.await {
                        Ok(p) => p,
                        Err(e) => {
                            set_status(&e);
                            return view! {
                                <Title text=t(Msg::ApplyForMyCity) />
                                <h1>{t(Msg::ApplyForMyCity)}</h1>
                                <p class="alert" role="alert">{e.message(locale)}</p>
                            }.into_any();
                        }
                    };
                    let found = found.await.unwrap_or_default();
                    let call_href = format!("/pairings/calls/{}", p.call_id);
                    let here = format!("/pairings/calls/{}/apply", p.call_id);
                    let sign_in = format!("/account/sign-in?next={}", crate::escape::url_component(&here));
                    view! {
                        <Title text=format!("{} — {}", t(Msg::ApplyForMyCity), p.call_title) />
                        <p><a href=call_href>{p.call_title.clone()}</a></p>
                        <h1>{t(Msg::ApplyForMyCity)}</h1>
                        <When label=Msg::CallDeadline moment=p.deadline.clone() />
                        {(!p.accepting).then(|| view! { <p class="alert" role="alert">{t(Msg::ErrCallNotAccepting)}</p> })}
                        {(!p.signed_in).then(|| view! {
                            <p class="notice">{t(Msg::ApplySignInFirst)}" "<a class="button small" href=sign_in.clone()>{t(Msg::NavSignIn)}</a></p>
                        })}
                        <h2>{t(Msg::ApplyWhichCity)}</h2>
                        {p.home_city.clone().map(|c| {
                            let href = format!("{here}?city={}", c.value);
                            view! { <p><a class="button secondary" href=href>{Msg::ApplyCheckHomeCity.fill(locale, &[("city", &c.label)])}</a></p> }
                        })}
                        <form method="get" action=here.clone() class="inline-search" role="search">
                            <label for="f-q">{t(Msg::ApplySearchCity)}</label>
                            <input id="f-q" name="q" value=search.get_untracked() autocomplete="off" />
                            <button type="submit" class="button small">{t(Msg::Search)}</button>
                        </form>
                        {(!found.is_empty()).then(|| view! {
                            <ul class="plain">
                                {found.into_iter().map(|c| {
                                    let href = format!("{here}?city={}", c.id);
                                    view! { <li><a href=href>{c.name.clone()}", "{c.country.clone()}</a></li> }
                                }).collect_view()}
                            </ul>
                        })}
                        {p.check.clone().map(|c| {
                            let pop = Msg::ApplyPopulation.fill(locale, &[("population", &c.population)]);
                            view! {
                                <section class="check" aria-live="polite">
                                    <h2>{c.city.clone()}</h2>
                                    <p>{pop}</p>
                                    {match (&c.existing, &c.refusal) {
                                        (Some(ex), _) if ex.mine => {
                                            let href = format!("/pairings/applications/{}", ex.id);
                                            view! { <p><a class="button" href=href>{t(Msg::ApplyOpenMine)}</a></p> }.into_any()
                                        }
                                        (Some(ex), _) => view! {
                                            <p>{Msg::ApplyCityHasOne.fill(locale, &[("name", &ex.lead)])}</p>
                                            {p.signed_in.then(|| view! {
                                                <ActionForm action=start>
                                                    <FormAlert error />
                                                    <input type="hidden" name="call_id" value=p.call_id />
                                                    <input type="hidden" name="city_id" value=c.city_id />
                                                    <input type="hidden" name="claimed_population" value="" />
                                                    <input type="hidden" name="population_source" value="" />
                                                    <button type="submit" class="button">{t(Msg::ApplyAskToJoin)}</button>
                                                </ActionForm>
                                            })}
                                        }.into_any(),
                                        (None, Some(why)) => view! {
                                            <p class="alert" role="alert">{why.clone()}</p>
                                            {(c.may_claim && p.signed_in && p.accepting).then(|| view! {
                                                <ActionForm action=start attr:class="claim-form">
                                                    <FormAlert error />
                                                    <p>{t(Msg::ApplyClaimLead)}</p>
                                                    <input type="hidden" name="call_id" value=p.call_id />
                                                    <input type="hidden" name="city_id" value=c.city_id />
                                                    <div class="field">
                                                        <label for="f-claimed_population">{t(Msg::FieldOfficialPopulation)}</label>
                                                        <input id="f-claimed_population" name="claimed_population" inputmode="numeric"
                                                            value=q.read_untracked().get("claimed_population").unwrap_or_default()
                                                            aria-describedby="f-claimed_population-error" />
                                                        <FieldError name="claimed_population" error />
                                                    </div>
                                                    <div class="field">
                                                        <label for="f-population_source">{t(Msg::FieldPopulationSource)}</label>
                                                        <input id="f-population_source" name="population_source"
                                                            value=q.read_untracked().get("population_source").unwrap_or_default()
                                                            aria-describedby="f-population_source-error" />
                                                        <FieldError name="population_source" error />
                                                    </div>
                                                    <button type="submit" class="button">{t(Msg::ApplyStart)}</button>
                                                </ActionForm>
                                            })}
                                        }.into_any(),
                                        (None, None) => view! {
                                            <p class="notice">{t(Msg::ApplyEligible)}</p>
                                            {(p.signed_in && p.accepting).then(|| view! {
                                                <ActionForm action=start>
                                                    <FormAlert error />
                                                    <input type="hidden" name="call_id" value=p.call_id />
                                                    <input type="hidden" name="city_id" value=c.city_id />
                                                    <input type="hidden" name="claimed_population" value="" />
                                                    <input type="hidden" name="population_source" value="" />
                                                    <button type="submit" class="button">{t(Msg::ApplyStart)}</button>
                                                </ActionForm>
                                            })}
                                        }.into_any(),
                                    }}
                                </section>
                            }
                        })}
                    }.into_any()
                })}
            </Transition>
        </section>
    }
}
