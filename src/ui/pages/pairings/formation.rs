//! `/pairings/calls/<id>/form`: staff form a cohort's pairs and trios from
//! Tandem's proposal. Each city has a group number: changing numbers swaps,
//! splits or merges groups; "Preview" shows the new arrangement with its
//! fit and reasons, "Confirm" creates the pairings.

use super::public::PairingCardView;
use super::{AnyError, PostNotice};
use crate::i18n::Msg;
use crate::server_fns::pairings::{get_formation, FormPairings};
use crate::ui::components::form::{action_error, set_status};
use crate::ui::i18n::{t, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn FormationPageView() -> impl IntoView {
    let locale = use_locale();
    let id = crate::ui::pages::use_id_param();
    let q = use_query_map();
    let key = move || {
        let q = q.read();
        (
            id.get(),
            q.get("g").unwrap_or_default(),
            q.get("add").unwrap_or_default(),
        )
    };
    let data = Resource::new(key, |(id, g, add)| get_formation(id, g, add));
    let form = ServerAction::<FormPairings>::new();
    let error = action_error(form);
    view! {
        <section class="page formation">
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(f) => {
                            let manage = format!("/pairings/calls/{}/manage", f.call_id);
                            let title = Msg::FormPairingsFor.fill(locale, &[("call", &f.title)]);
                            view! {
                                <Title text=title.clone() />
                                <p><a href="/pairings">{t(Msg::NavPairings)}</a>" · "<a href=manage>{t(Msg::CallManage)}</a></p>
                                <h1>{title}</h1>
                                <PostNotice />
                                <AnyError error />
                                <p class="lead">{t(Msg::FormIntro)}</p>
                                {f.cohort.is_empty().then(|| view! { <p>{t(Msg::FormNothingLeft)}</p> })}
                                {(!f.cohort.is_empty()).then(|| view! {
                                    <p class="notice">{f.quality.clone()}</p>
                                    {f.adjusted.then(|| view! { <p class="hint">{Msg::FormAdjusted.fill(locale, &[("total", &f.total.to_string())])}</p> })}
                                    <section>
                                        <h2>{t(Msg::FormGroups)}</h2>
                                        <ol class="groups">
                                            {f.groups.iter().map(|g| view! {
                                                <li class="card" class:invalid=g.problem.is_some()>
                                                    <h3>{Msg::FormGroupN.fill(locale, &[("n", &g.number.to_string())])}": "{g.cities.clone()}</h3>
                                                    <p class="hint">{Msg::FormFit.fill(locale, &[("fit", &g.value.to_string())])}</p>
                                                    {g.problem.clone().map(|p| view! { <p class="alert" role="alert">{p}</p> })}
                                                    <ul>{g.reasons.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ul>
                                                </li>
                                            }).collect_view()}
                                        </ol>
                                        {(!f.unplaced.is_empty()).then(|| view! {
                                            <p>{t(Msg::FormUnplaced)}": "{f.unplaced.join(", ")}</p>
                                        })}
                                    </section>
                                })}
                                <ActionForm action=form attr:class="stacked">
                                    <input type="hidden" name="call_id" value=f.call_id />
                                    {(!f.cohort.is_empty()).then(|| view! {
                                        <table class="cohort">
                                            <caption>{t(Msg::FormCohort)}</caption>
                                            <thead><tr>
                                                <th scope="col">{t(Msg::FormCity)}</th>
                                                <th scope="col">{t(Msg::FormSide)}</th>
                                                <th scope="col">{t(Msg::FormGroup)}</th>
                                            </tr></thead>
                                            <tbody>
                                                {f.cohort.iter().enumerate().map(|(i, c)| {
                                                    let fid = format!("f-group-{i}");
                                                    view! {
                                                        <tr>
                                                            <th scope="row"><label for=fid.clone()>{c.name.clone()}</label><br /><span class="hint">{c.country.clone()}" · "{c.applicant.clone()}</span></th>
                                                            <td>{c.side.clone()}</td>
                                                            <td><input id=fid type="number" min="0" max="99" inputmode="numeric" name=format!("groups[{i}]") value=c.group /></td>
                                                        </tr>
                                                    }
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                        <p class="hint">{t(Msg::FormGroupHint)}</p>
                                    })}
                                    <div class="field">
                                        <label for="f-added">{t(Msg::FormAddCities)}</label>
                                        <input id="f-added" name="added" value=f.added.clone() />
                                        <p class="hint">{t(Msg::FormAddCitiesHint)}</p>
                                    </div>
                                    <div class="actions">
                                        <button type="submit" name="intent" value="preview" class="button secondary">{t(Msg::FormPreview)}</button>
                                        {(!f.groups.is_empty()).then(|| view! {
                                            <button type="submit" name="intent" value="confirm" class="button">{t(Msg::FormConfirm)}</button>
                                        })}
                                    </div>
                                </ActionForm>
                                {(!f.formed.is_empty()).then(|| view! {
                                    <section>
                                        <h2>{t(Msg::FormFormed)}</h2>
                                        <ul class="cards">{f.formed.clone().into_iter().map(|c| view! { <PairingCardView card=c /> }).collect_view()}</ul>
                                    </section>
                                })}
                            }.into_any()
                        }
                        Err(e) => {
                            set_status(&e);
                            view! {
                                <Title text=t(Msg::FormPairingsTitle) />
                                <h1>{t(Msg::FormPairingsTitle)}</h1>
                                <p class="alert" role="alert">{e.message(locale)}</p>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
