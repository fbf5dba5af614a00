//! `/posts/:id`: a post, its comments (one level of replies), and for its
//! author the edit form, the image and deletion.

use super::{kept, PostCard, ReportDisclosure, SocialNotice};
use crate::dto::{CommentView, PostPage};
use crate::i18n::Msg;
use crate::server_fns::social::{get_post, AddComment, DeleteComment, DeletePost, UpdatePost};
use crate::ui::components::form::{action_error, FieldError, FormAlert, TextArea};
use crate::ui::i18n::t;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PostView() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let data = Resource::new(id, get_post);
    view! {
        <Title text=t(Msg::PostTitle) />
        <section class="page post-page">
            <SocialNotice />
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(p) => view! { <PostBody page=p /> }.into_any(),
                        Err(e) => view! { <super::ErrorView e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn PostBody(page: PostPage) -> impl IntoView {
    let id = page.post.id;
    let mine = page.post.mine;
    let member = page.post.member;
    let reasons = page.reasons.clone();
    let comments = page.comments.clone();
    let count = page.post.comments;
    view! {
        <h1 class="visually-hidden">{t(Msg::PostTitle)}</h1>
        <ul class="cards posts single"><PostCard post=page.post.clone() full=true /></ul>
        {mine.then(|| view! { <AuthorTools page=page.clone() /> })}
        {(member && !mine).then(|| view! { <ReportDisclosure subject=format!("post:{id}") reasons=reasons.clone() /> })}
        <section class="comments" id="comments" aria-labelledby="comments-title">
            <h2 id="comments-title">{t(Msg::CommentsTitle)}" ("{count}")"</h2>
            {if comments.is_empty() {
                view! { <p>{t(Msg::CommentsNone)}</p> }.into_any()
            } else {
                view! {
                    <ol class="comment-list">
                        {comments.into_iter().map(|c| comment_item(c, id, member, reasons.clone(), true)).collect_view()}
                    </ol>
                }.into_any()
            }}
            {if member {
                view! { <CommentForm post=id parent=None /> }.into_any()
            } else {
                view! { <p><a href=format!("/account/sign-in?next=/posts/{id}")>{t(Msg::CommentSignIn)}</a></p> }.into_any()
            }}
        </section>
    }
}

/// A comment with its tools; a top-level one also with its reply form and
/// its replies (one level).
fn comment_item(
    c: CommentView,
    post: i64,
    member: bool,
    reasons: Vec<crate::dto::Choice>,
    top: bool,
) -> AnyView {
    let delete = ServerAction::<DeleteComment>::new();
    let cid = c.id;
    let replies = c.replies.clone();
    view! {
        <li class="comment" id=format!("comment-{cid}")>
            <p class="hint">
                <a href=format!("/people/{}", c.author_id)>{c.author_name.clone()}</a>" · "{c.date.clone()}
                {c.hidden.then(|| view! { " · "<span class="badge state-hidden">{t(Msg::PostHiddenBadge)}</span> })}
            </p>
            <div class="prose" inner_html=c.body_html.clone()></div>
            <div class="comment-tools">
                {c.mine.then(|| view! {
                    <ActionForm action=delete attr:class="inline">
                        <input type="hidden" name="id" value=cid />
                        <button type="submit" class="link">{t(Msg::CommentDelete)}</button>
                    </ActionForm>
                })}
                {(member && !c.mine).then(|| view! { <ReportDisclosure subject=format!("comment:{cid}") reasons=reasons.clone() /> })}
                {(member && top).then(|| view! {
                    <details class="reply">
                        <summary>{t(Msg::CommentReply)}</summary>
                        <CommentForm post parent=Some(cid) />
                    </details>
                })}
            </div>
            {(!replies.is_empty()).then(|| view! {
                <ol class="comment-list replies">
                    {replies.into_iter().map(|r| comment_item(r, post, member, reasons.clone(), false)).collect_view()}
                </ol>
            })}
        </li>
    }
    .into_any()
}

#[component]
fn CommentForm(post: i64, parent: Option<i64>) -> impl IntoView {
    let add = ServerAction::<AddComment>::new();
    let error = action_error(add);
    let fid = format!("f-comment-{}", parent.unwrap_or(0));
    view! {
        <ActionForm action=add attr:class="stacked" attr:novalidate=true>
            <input type="hidden" name="post" value=post />
            {parent.map(|p| view! { <input type="hidden" name="parent" value=p /> })}
            <div class="field">
                <label for=fid.clone()>{t(if parent.is_some() { Msg::CommentReply } else { Msg::CommentWrite })}</label>
                <TextArea value=if parent.is_none() { kept("comment") } else { String::new() } {..} id=fid.clone() name="body" rows="3" maxlength="2000" />
                <FieldError name="body" error />
            </div>
            <FormAlert error />
            <p><button type="submit" class="button small">{t(Msg::CommentSend)}</button></p>
        </ActionForm>
    }
}

/// The author edits the text and choices, adds an image, or deletes.
#[component]
fn AuthorTools(page: PostPage) -> impl IntoView {
    let update = ServerAction::<UpdatePost>::new();
    let delete = ServerAction::<DeletePost>::new();
    let error = action_error(update);
    let id = page.post.id;
    let composer = page.composer.clone();
    let text = {
        let k = kept("body");
        if k.is_empty() {
            page.body.clone()
        } else {
            k
        }
    };
    view! {
        <details class="author-tools">
            <summary>{t(Msg::PostEdit)}</summary>
            <ActionForm action=update attr:class="stacked" attr:novalidate=true>
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="form[city]" value=page.city.clone() />
                <input type="hidden" name="form[network]" value=page.network.clone() />
                {page.themes.clone().into_iter().enumerate().map(|(i, th)| view! { <input type="hidden" name=format!("form[themes][{i}]") value=th /> }).collect_view()}
                <div class="field">
                    <label for="f-edit-body">{t(Msg::PostWrite)}</label>
                    <TextArea value=text.clone() {..} id="f-edit-body" name="form[body]" rows="6" maxlength="5000" />
                    <FieldError name="body" error />
                </div>
                <div class="field">
                    <label for="f-edit-visibility">{t(Msg::PostAudience)}</label>
                    <select id="f-edit-visibility" name="form[visibility]">
                        {composer.map(|c| c.visibilities.into_iter().map(|v| {
                            let sel = v.value == page.visibility;
                            view! { <option value=v.value selected=sel>{v.label}</option> }
                        }).collect_view())}
                    </select>
                </div>
                <FormAlert error />
                <p><button type="submit" class="button">{t(Msg::PostSave)}</button></p>
            </ActionForm>
            <form class="stacked" method="post" action=format!("/posts/{id}/image") enctype="multipart/form-data">
                <div class="field">
                    <label for="f-image">{t(Msg::PostImage)}</label>
                    <p class="hint">{t(Msg::PostImageHint)}</p>
                    <input id="f-image" type="file" name="photo" accept="image/jpeg,image/png,image/webp" />
                    {kept("image_error").is_empty().then_some(()).map_or_else(
                        || view! { <p class="error">{t(Msg::ErrPhotoUnreadable)}</p> }.into_any(),
                        |_| ().into_any(),
                    )}
                </div>
                <p><button type="submit" class="button secondary">{t(Msg::PostImageSend)}</button></p>
            </form>
            <ActionForm action=delete attr:class="inline">
                <input type="hidden" name="id" value=id />
                <button type="submit" class="button danger">{t(Msg::PostDelete)}</button>
            </ActionForm>
        </details>
    }
}
