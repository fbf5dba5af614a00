//! `/networks` (every themed network; staff create more) and
//! `/networks/:id` (members, moderators, posts, events; join, leave, ask).

use super::{kept, ComposerForm, ErrorView, PostListView, SocialNotice};
use crate::dto::NetworkPage;
use crate::i18n::Msg;
use crate::server_fns::social::{
    get_network, get_networks, CreateNetwork, JoinNetwork, ManageNetwork,
};
use crate::ui::components::form::{action_error, FieldError, FormAlert, TextArea};
use crate::ui::i18n::{t, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn NetworksPage() -> impl IntoView {
    let locale = use_locale();
    let data = Resource::new(|| (), |_| get_networks());
    view! {
        <Title text=t(Msg::NetworksTitle) />
        <section class="page networks">
            <h1>{t(Msg::NetworksTitle)}</h1>
            <p class="lead">{t(Msg::NetworksLead)}</p>
            <SocialNotice />
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(list) => view! {
                            <ul class="cards">
                                {list.items.into_iter().map(|n| view! {
                                    <li class="card">
                                        <h2><a href=format!("/networks/{}", n.id)>{n.name.clone()}</a></h2>
                                        <p>{n.description.clone()}</p>
                                        <p class="hint">
                                            {Msg::NetworkMembers.fill(locale, &[("n", &n.members.to_string())])}
                                            {(!n.open).then(|| view! { " · "<span class="badge">{t(Msg::NetworkByRequest)}</span> })}
                                            {n.mine.clone().map(|m| view! { " · "<span class="badge">{t(if m == "active" { Msg::NetworkJoined } else { Msg::NetworkPending })}</span> })}
                                        </p>
                                    </li>
                                }).collect_view()}
                            </ul>
                            {list.may_create.then(|| view! { <CreateNetworkForm /> })}
                        }.into_any(),
                        Err(e) => view! { <ErrorView e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn CreateNetworkForm() -> impl IntoView {
    let create = ServerAction::<CreateNetwork>::new();
    let error = action_error(create);
    view! {
        <section aria-labelledby="new-network">
            <h2 id="new-network">{t(Msg::NetworkCreate)}</h2>
            <ActionForm action=create attr:class="stacked" attr:novalidate=true>
                <div class="field">
                    <label for="f-net-name">{t(Msg::NetworkName)}</label>
                    <input id="f-net-name" name="name" maxlength="80" value=kept("name") />
                    <FieldError name="name" error />
                </div>
                <div class="field">
                    <label for="f-net-description">{t(Msg::NetworkDescription)}</label>
                    <TextArea value=kept("description") {..} id="f-net-description" name="description" rows="3" maxlength="1000" />
                    <FieldError name="description" error />
                </div>
                <label class="check" for="f-net-open"><input type="checkbox" id="f-net-open" name="open" value="on" checked=true />{t(Msg::NetworkOpen)}</label>
                <FormAlert error />
                <p><button type="submit" class="button">{t(Msg::NetworkCreate)}</button></p>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn NetworkView() -> impl IntoView {
    let params = use_params_map();
    let q = use_query_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let before = q
        .read_untracked()
        .get("before")
        .and_then(|b| b.parse::<i64>().ok());
    let data = Resource::new(id, move |id| get_network(id, before));
    view! {
        <section class="page network">
            <SocialNotice />
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(p) => view! { <NetworkBody page=p /> }.into_any(),
                        Err(e) => view! { <ErrorView e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn NetworkBody(page: NetworkPage) -> impl IntoView {
    let locale = use_locale();
    let join = ServerAction::<JoinNetwork>::new();
    let manage = ServerAction::<ManageNetwork>::new();
    let id = page.card.id;
    let mine = page.card.mine.clone();
    let base = format!("/networks/{id}");
    view! {
        <Title text=page.card.name.clone() />
        <h1>{page.card.name.clone()}</h1>
        <p class="lead">{page.card.description.clone()}</p>
        <p class="hint">
            {Msg::NetworkMembers.fill(locale, &[("n", &page.card.members.to_string())])}
            {(!page.card.open).then(|| view! { " · "<span class="badge">{t(Msg::NetworkByRequest)}</span> })}
        </p>
        {if page.signed_in {
            let (what, label) = match mine.as_deref() {
                Some("active") => ("leave", Msg::NetworkLeave),
                Some(_) => ("leave", Msg::NetworkCancelRequest),
                None if page.card.open => ("join", Msg::NetworkJoin),
                None => ("join", Msg::NetworkAsk),
            };
            view! {
                <ActionForm action=join attr:class="inline">
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="what" value=what />
                    <button type="submit" class=if what == "join" { "button" } else { "button secondary" }>{t(label)}</button>
                </ActionForm>
                {(mine.as_deref() == Some("pending")).then(|| view! { <p class="notice">{t(Msg::NetworkPending)}</p> })}
            }.into_any()
        } else {
            view! { <p><a class="button" href=format!("/account/sign-in?next=/networks/{id}")>{t(Msg::NetworkJoin)}</a></p> }.into_any()
        }}
        <div class="columns">
            <section class="network-posts" aria-labelledby="posts-title">
                <h2 id="posts-title">{t(Msg::PostsTitle)}</h2>
                {page.composer.clone().map(|c| view! { <ComposerForm composer=c network=id /> })}
                <PostListView list=page.posts.clone() base in_place=true />
            </section>
            <aside>
                {(!page.events.is_empty()).then(|| view! {
                    <section aria-labelledby="net-events">
                        <h2 id="net-events">{t(Msg::UpcomingEvents)}</h2>
                        <ul>{page.events.clone().into_iter().map(|l| view! { <li><a href=l.href>{l.label}</a></li> }).collect_view()}</ul>
                    </section>
                })}
                <section aria-labelledby="net-mods">
                    <h2 id="net-mods">{t(Msg::NetworkModerators)}</h2>
                    {if page.moderators.is_empty() {
                        view! { <p class="hint">{t(Msg::NetworkStaffModerates)}</p> }.into_any()
                    } else {
                        view! { <ul>{page.moderators.clone().into_iter().map(|m| view! { <li><a href=format!("/people/{}", m.id)>{m.name}</a></li> }).collect_view()}</ul> }.into_any()
                    }}
                </section>
                {(!page.members.is_empty()).then(|| view! {
                    <section aria-labelledby="net-members">
                        <h2 id="net-members">{t(Msg::NetworkMembersTitle)}</h2>
                        <ul class="chips">{page.members.clone().into_iter().map(|m| {
                            let may = page.may_manage;
                            view! {
                                <li>
                                    <a href=format!("/people/{}", m.id)>{m.name}</a>
                                    {may.then(|| view! {
                                        <ActionForm action=manage attr:class="inline">
                                            <input type="hidden" name="id" value=id />
                                            <input type="hidden" name="member" value=m.id />
                                            <input type="hidden" name="what" value="moderator" />
                                            <button type="submit" class="link small">{t(Msg::NetworkMakeModerator)}</button>
                                        </ActionForm>
                                    })}
                                </li>
                            }
                        }).collect_view()}</ul>
                    </section>
                })}
                {(!page.pending.is_empty()).then(|| view! {
                    <section aria-labelledby="net-pending">
                        <h2 id="net-pending">{t(Msg::NetworkRequests)}</h2>
                        <ul>{page.pending.clone().into_iter().map(|m| view! {
                            <li>
                                <a href=format!("/people/{}", m.id)>{m.name}</a>" "
                                {["accept", "decline"].into_iter().map(|what| view! {
                                    <ActionForm action=manage attr:class="inline">
                                        <input type="hidden" name="id" value=id />
                                        <input type="hidden" name="member" value=m.id />
                                        <input type="hidden" name="what" value=what />
                                        <button type="submit" class="button small secondary">{t(if what == "accept" { Msg::NetworkAccept } else { Msg::NetworkDecline })}</button>
                                    </ActionForm>
                                }).collect_view()}
                            </li>
                        }).collect_view()}</ul>
                    </section>
                })}
            </aside>
        </div>
    }
}
