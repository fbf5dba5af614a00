//! The social network's pages: the feed on a member's home, a post with its
//! comments (`post`), themed networks (`networks`), direct messages
//! (`messages`), notifications (`notifications`) and the moderation queue
//! (`moderation`); and the pieces other pages use: a post card, a list with
//! "Load more", the composer, the follow button, the report disclosure.
//!
//! Every form is a plain form post (it works before the WASM); the in-place
//! island sends the small ones (reactions, follows) without leaving the page.

mod messages;
mod moderation;
mod networks;
mod notifications;
mod post;

pub use messages::{ConversationView, InboxPage};
pub use moderation::ModerationPage;
pub use networks::{NetworkView, NetworksPage};
pub use notifications::{
    NotificationSettingsPage, NotificationsPage, UnsubscribeNotificationsPage,
};
pub use post::PostView as PostPageView;

use crate::dto::{Composer, FollowState, PostList, PostView};
use crate::i18n::Msg;
use crate::server_fns::social::{get_feed, get_topic_posts, CreatePost, Follow, React, Report};
use crate::ui::components::form::{action_error, query_notice, FieldError, FormAlert, TextArea};
use crate::ui::i18n::{t, use_locale};
use crate::ui::islands::InPlaceForms;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

pub(crate) fn kept(key: &str) -> String {
    use_query_map()
        .read_untracked()
        .get(key)
        .unwrap_or_default()
}

/// What a plain form post said it did (`?notice=`).
#[component]
pub(crate) fn SocialNotice() -> impl IntoView {
    query_notice()
        .and_then(|k| {
            Some(match k.as_str() {
                "saved" => Msg::SocialSaved,
                "deleted" => Msg::SocialDeleted,
                "reported" => Msg::SocialReported,
                "unsubscribed" => Msg::NotifUnsubscribed,
                "image" => Msg::SocialSaved,
                _ => return None,
            })
        })
        .map(|m| view! { <p class="notice" role="status">{t(m)}</p> })
}

/// A page that could not be shown: its status, the reason, and a way to
/// sign in when that is what it takes.
#[component]
pub(crate) fn ErrorView(e: crate::error::AppError) -> impl IntoView {
    let locale = use_locale();
    crate::ui::components::form::set_status(&e);
    let sign_in = matches!(e, crate::error::AppError::Unauthorized);
    view! {
        <p class="error">{e.message(locale)}</p>
        {sign_in.then(|| view! { <p><a class="button" href=format!("/account/sign-in?next={}", crate::escape::url_component(&here()))>{t(Msg::NavSignIn)}</a></p> })}
    }
}

/// The current page, to come back to after a form.
fn here() -> String {
    let l = leptos_router::hooks::use_location();
    let search = l.search.get_untracked();
    if search.is_empty() {
        l.pathname.get_untracked()
    } else {
        format!(
            "{}?{}",
            l.pathname.get_untracked(),
            search.trim_start_matches('?')
        )
    }
}

/// One post in a list or on its page.
#[component]
pub(crate) fn PostCard(post: PostView, #[prop(optional)] full: bool) -> impl IntoView {
    let react = ServerAction::<React>::new();
    let back = here();
    let region = format!("post-{}-reactions", post.id);
    let href = format!("/posts/{}", post.id);
    view! {
        <li class="card post" id=format!("post-{}", post.id)>
            <header class="post-head">
                {post.photo_url.clone().map(|src| view! { <img class="avatar" src=src alt="" width="40" height="40" loading="lazy" /> })}
                <div>
                {
                    // on its own page the post is the h1's first section
                    let who = view! { <a href=format!("/people/{}", post.author_id)>{post.author_name.clone()}</a> };
                    if full { view! { <h2>{who}</h2> }.into_any() } else { view! { <h3>{who}</h3> }.into_any() }
                }
                    <p class="hint">
                        <a href=href.clone()><time datetime=post.iso.clone()>{post.date.clone()}</time></a>
                        {post.edited.then(|| view! { " · "{t(Msg::PostEdited)} })}
                        {post.audience.clone().map(|a| view! { " · "<span class="badge">{a}</span> })}
                        {post.hidden.then(|| view! { " · "<span class="badge state-hidden">{t(Msg::PostHiddenBadge)}</span> })}
                    </p>
                </div>
            </header>
            <div class="prose" inner_html=post.body_html.clone()></div>
            {post.image_url.clone().map(|src| view! { <img class="post-image" src=src alt=t(Msg::PostImageAlt) loading="lazy" /> })}
            {(!post.about.is_empty()).then(|| view! {
                <p class="hint tags">{post.about.clone().into_iter().map(|l| view! { <a class="badge" href=l.href>{l.label}</a>" " }).collect_view()}</p>
            })}
            <div class="post-actions" id=region.clone()>
                {post.reactions.clone().into_iter().map(|r| {
                    let back = back.clone();
                    let on = if r.mine { "false" } else { "true" };
                    let label = if r.count > 0 { format!("{} {}", r.label, r.count) } else { r.label.clone() };
                    view! {
                        <ActionForm action=react attr:class="inline" attr:data-in-place=region.clone()>
                            <input type="hidden" name="post" value=post.id />
                            <input type="hidden" name="kind" value=r.kind.clone() />
                            <input type="hidden" name="on" value=on />
                            <input type="hidden" name="back" value=back />
                            <button type="submit" class="chip" aria-pressed=if r.mine { "true" } else { "false" } disabled=!post.member>{label}</button>
                        </ActionForm>
                    }
                }).collect_view()}
                {(!full).then(|| view! {
                    <a class="chip" href=format!("{href}#comments")>{Msg::PostComments.fill(use_locale(), &[("n", &post.comments.to_string())])}</a>
                })}
            </div>
        </li>
    }
}

/// A list of posts with "Load more" (a plain `?before=` link without the
/// WASM). `in_place`: reactions, follows and "Load more" without leaving the
/// page (the in-place island, so the WASM); content pages (profiles,
/// cities, pairings) do without: their forms are plain posts that come back.
#[component]
pub(crate) fn PostListView(
    list: PostList,
    base: String,
    #[prop(optional)] empty: Option<Msg>,
    #[prop(optional)] in_place: bool,
) -> impl IntoView {
    let locale = use_locale();
    let sep = if base.contains('?') { '&' } else { '?' };
    let next = list.next.map(|n| format!("{base}{sep}before={n}"));
    let live = in_place && !list.posts.is_empty();
    view! {
        {if list.posts.is_empty() {
            view! { <p>{t(empty.unwrap_or(Msg::PostsNone))}</p> }.into_any()
        } else {
            view! {
                <ul class="cards posts" id="post-list" data-append="" data-announce="posts-added" data-added=Msg::PostsAdded.text(locale)>
                    {list.posts.into_iter().map(|p| view! { <PostCard post=p /> }).collect_view()}
                </ul>
            }.into_any()
        }}
        <p class="visually-hidden" id="posts-added" role="status" aria-live="polite"></p>
        <div id="post-more" data-more="post-list">
            {next.map(|href| view! { <p><a class="button secondary" href=href rel="next">{t(Msg::PostsLoadMore)}</a></p> })}
        </div>
        {live.then(|| view! { <InPlaceForms /> })}
    }
}

/// Write a post: text (Markdown, `@[Name]` mentions), audience, city,
/// themes, network.
#[component]
pub(crate) fn ComposerForm(
    composer: Composer,
    #[prop(optional)] network: Option<i64>,
) -> impl IntoView {
    let create = ServerAction::<CreatePost>::new();
    let error = action_error(create);
    let back = here();
    view! {
        <ActionForm action=create attr:class="stacked composer" attr:novalidate=true>
            <input type="hidden" name="back" value=back />
            <div class="field">
                <label for="f-body">{t(Msg::PostWrite)}</label>
                <p class="hint" id="f-body-hint">{t(Msg::PostWriteHint)}</p>
                <TextArea value=kept("body") {..} id="f-body" name="form[body]" rows="4" maxlength="5000" aria-describedby="f-body-hint f-body-error" />
                <FieldError name="body" error />
            </div>
            <div class="row">
                <div class="field">
                    <label for="f-visibility">{t(Msg::PostAudience)}</label>
                    <select id="f-visibility" name="form[visibility]">
                        {composer.visibilities.into_iter().map(|c| view! { <option value=c.value>{c.label}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-city">{t(Msg::PostCity)}</label>
                    <select id="f-city" name="form[city]">
                        <option value="">{t(Msg::PostNoCity)}</option>
                        {composer.city.map(|c| view! { <option value=c.value selected=true>{c.label}</option> })}
                    </select>
                    <FieldError name="city" error />
                </div>
                {match network {
                    Some(n) => view! { <input type="hidden" name="form[network]" value=n /> }.into_any(),
                    None => (!composer.networks.is_empty()).then(|| view! {
                        <div class="field">
                            <label for="f-network">{t(Msg::PostNetwork)}</label>
                            <select id="f-network" name="form[network]">
                                <option value="">{t(Msg::PostNoNetwork)}</option>
                                {composer.networks.clone().into_iter().map(|c| view! { <option value=c.value>{c.label}</option> }).collect_view()}
                            </select>
                        </div>
                    }).into_any(),
                }}
            </div>
            <details class="themes-picker">
                <summary>{t(Msg::PostThemes)}</summary>
                <div class="grid">
                    {composer.themes.into_iter().enumerate().map(|(i, c)| {
                        let id = format!("f-theme-{}", c.value);
                        view! {
                            <label for=id.clone() class="check">
                                <input type="checkbox" id=id.clone() name=format!("form[themes][{i}]") value=c.value />
                                {c.label}
                            </label>
                        }
                    }).collect_view()}
                </div>
                <FieldError name="themes" error />
            </details>
            <FormAlert error />
            <p class="actions"><button type="submit" class="button">{t(Msg::PostPublish)}</button></p>
        </ActionForm>
    }
}

/// Follow or unfollow a member, city or pairing (a form, in place).
#[component]
pub(crate) fn FollowButton(state: FollowState) -> impl IntoView {
    let signed_in = state.signed_in;
    let follow = ServerAction::<Follow>::new();
    let locale = use_locale();
    let id = format!("follow-{}", state.topic.replace(':', "-"));
    let count = Msg::Followers.fill(locale, &[("n", &state.followers.to_string())]);
    view! {
        <div class="follow" id=id.clone()>
            {if signed_in {
                view! {
                    <ActionForm action=follow attr:class="inline" attr:data-in-place=id.clone()>
                        <input type="hidden" name="topic" value=state.topic.clone() />
                        <input type="hidden" name="on" value=if state.following { "false" } else { "true" } />
                        <input type="hidden" name="back" value=here() />
                        <button type="submit" class=if state.following { "button secondary small" } else { "button small" } aria-pressed=if state.following { "true" } else { "false" }>
                            {t(if state.following { Msg::Following } else { Msg::Follow })}
                        </button>
                    </ActionForm>
                }.into_any()
            } else {
                ().into_any()
            }}
            " "<span class="hint">{count}</span>
        </div>
    }
}

/// Report something: a reason and a note, behind a disclosure.
#[component]
pub(crate) fn ReportDisclosure(subject: String, reasons: Vec<crate::dto::Choice>) -> impl IntoView {
    let report = ServerAction::<Report>::new();
    let error = action_error(report);
    let id = subject.replace(':', "-");
    view! {
        <details class="report">
            <summary>{t(Msg::ReportThis)}</summary>
            <ActionForm action=report attr:class="stacked">
                <input type="hidden" name="subject" value=subject.clone() />
                <input type="hidden" name="back" value=here() />
                <div class="field">
                    <label for=format!("f-reason-{id}")>{t(Msg::ReportReasonLabel)}</label>
                    <select id=format!("f-reason-{id}") name="reason">
                        {reasons.into_iter().map(|c| view! { <option value=c.value>{c.label}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=format!("f-note-{id}")>{t(Msg::ReportNote)}</label>
                    <input id=format!("f-note-{id}") name="note" maxlength="1000" />
                </div>
                <FormAlert error />
                <p><button type="submit" class="button secondary small">{t(Msg::ReportSend)}</button></p>
            </ActionForm>
        </details>
    }
}

/// A topic's posts with its follow button: on profiles, cities, pairings.
#[component]
pub fn TopicPosts(topic: String, base: String) -> impl IntoView {
    let q = use_query_map();
    let before = q
        .read_untracked()
        .get("before")
        .and_then(|b| b.parse::<i64>().ok());
    let data = Resource::new(move || (), {
        let topic = topic.clone();
        move |_| get_topic_posts(topic.clone(), before)
    });
    view! {
        <section class="topic-posts" aria-labelledby="posts-title">
            <h2 id="posts-title">{t(Msg::PostsTitle)}</h2>
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || {
                    let base = base.clone();
                    Suspend::new(async move {
                        data.await.ok().map(|(list, follow)| view! {
                            <FollowButton state=follow />
                            <PostListView list base />
                        })
                    })
                }}
            </Transition>
        </section>
    }
}

/// A signed-in member's feed on the home page: the composer, "N new posts"
/// (live), the posts.
#[component]
pub fn FeedSection() -> impl IntoView {
    let locale = use_locale();
    let q = use_query_map();
    let before = q
        .read_untracked()
        .get("before")
        .and_then(|b| b.parse::<i64>().ok());
    let feed = Resource::new(|| (), move |_| get_feed(before));
    view! {
        <section class="feed" aria-labelledby="feed-title">
            <h1 id="feed-title">{t(Msg::FeedTitle)}</h1>
            <SocialNotice />
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    feed.await.ok().map(|f| {
                        let top = f.list.top.to_string();
                        view! {
                            <ComposerForm composer=f.composer />
                            <p class="feed-new" id="feed-new" hidden=true data-top=top data-text=Msg::FeedNewPosts.text(locale) role="status" aria-live="polite">
                                <a href="/" class="button secondary small"></a>
                            </p>
                            {(f.follows == 0).then(|| view! { <p class="hint">{t(Msg::FeedStarter)}</p> })}
                            <h2 class="visually-hidden">{t(Msg::PostsTitle)}</h2>
                            <PostListView list=f.list base="/".to_owned() empty=Msg::FeedEmpty in_place=true />
                        }
                    })
                })}
            </Transition>
        </section>
    }
}
