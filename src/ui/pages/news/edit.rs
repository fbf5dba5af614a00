//! Writing news: the editor of one language of an article (`/news/write`,
//! `/news/<id>/edit?lang=fr`) with what its translations share, its cover
//! and its translations; and who may write (`/news/authors`, staff).

use super::NewsNotice;
use crate::i18n::Msg;
use crate::server_fns::news::{
    get_article_editor, get_news_authors, DeleteArticle, DeleteTranslation, SaveArticle,
    SetNewsAuthor,
};
use crate::ui::components::form::{
    action_error, set_status, FieldError, FormAlert, TextArea, ThemeBoxes,
};
use crate::ui::i18n::{t, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn kept(key: &str, default: String) -> String {
    use_query_map().read_untracked().get(key).unwrap_or(default)
}

/// `/news/write` and `/news/<id>/edit`.
#[component]
pub fn ArticleEditPage() -> impl IntoView {
    let locale = use_locale();
    let id = crate::ui::pages::use_id_param();
    let q = use_query_map();
    let key = move || (id.get(), q.read().get("lang").unwrap_or_default());
    let data = Resource::new(key, |(id, lang)| get_article_editor(id, lang));
    let save = ServerAction::<SaveArticle>::new();
    let delete = ServerAction::<DeleteArticle>::new();
    let drop_text = ServerAction::<DeleteTranslation>::new();
    let error = action_error(save);
    let cover_error = move || {
        use_query_map()
            .read_untracked()
            .get("cover_error")
            .and_then(|k| serde_json::from_str::<Msg>(&format!("\"{k}\"")).ok())
    };
    view! {
        <section class="page news-edit">
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(e) => {
                            let title = if e.id == 0 { t(Msg::NewsWrite) } else { t(Msg::NewsEdit) };
                            let lang_name = crate::domain::Locale::from_code(&e.locale).map(|l| l.native_name()).unwrap_or("");
                            let cover_action = format!("/news/{}/cover", e.id);
                            let is_original = e.locale == e.original;
                            let has_text = e.texts.iter().any(|(c, _, has, _)| *c == e.locale && *has);
                            let id = e.id;
                            let locale_code = e.locale.clone();
                            view! {
                                <Title text=title />
                                <p><a href="/news">{t(Msg::NavNews)}</a>
                                    {(!e.view_href.is_empty()).then(|| view! { " · "<a href=e.view_href.clone()>{t(Msg::NewsPreviewLink)}</a> })}
                                </p>
                                <h1>{title}" · "{lang_name}</h1>
                                <NewsNotice />
                                <p><span class="badge">{e.status.clone()}</span></p>
                                {(!e.texts.is_empty()).then(|| view! {
                                    <nav aria-label=t(Msg::NewsTranslations)>
                                        <h2>{t(Msg::NewsTranslations)}</h2>
                                        <ul class="plain">
                                            {e.texts.iter().map(|(code, name, has, href)| {
                                                let current = *code == e.locale;
                                                view! {
                                                    <li>
                                                        <a href=href.clone() aria-current=current.then_some("page")>
                                                            {Msg::NewsAddTranslation.fill(locale, &[("language", name)])}
                                                        </a>
                                                        {has.then_some(" ✓")}
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                    </nav>
                                })}
                                <ActionForm action=save attr:class="stacked" attr:novalidate=true>
                                    <input type="hidden" name="id" value=e.id />
                                    <input type="hidden" name="version" value=e.version />
                                    <input type="hidden" name="form[locale]" value=e.locale.clone() />
                                    <input type="hidden" name="form[zone]" value=e.zone.clone() />
                                    <div class="field">
                                        <label for="f-title">{t(Msg::NewsFieldTitle)}</label>
                                        <input id="f-title" name="form[title]" value=kept("title", e.title.clone()) maxlength="200" required=true lang=e.locale.clone() />
                                        <FieldError name="title" error />
                                    </div>
                                    <div class="field">
                                        <label for="f-excerpt">{t(Msg::NewsFieldExcerpt)}</label>
                                        <p class="hint" id="f-excerpt-hint">{t(Msg::NewsFieldExcerptHint)}</p>
                                        <input id="f-excerpt" name="form[excerpt]" value=kept("excerpt", e.excerpt.clone()) maxlength="400" aria-describedby="f-excerpt-hint" lang=e.locale.clone() />
                                        <FieldError name="excerpt" error />
                                    </div>
                                    <div class="field">
                                        <label for="f-body">{t(Msg::NewsFieldBody)}</label>
                                        <TextArea value=kept("body", e.body.clone()) {..} id="f-body" name="form[body]" rows="16" lang=e.locale.clone() />
                                        <FieldError name="body" error />
                                    </div>
                                    <div class="field">
                                        <label for="f-category">{t(Msg::NewsFilterCategory)}</label>
                                        <select id="f-category" name="form[category]">
                                            {e.categories.clone().into_iter().map(|c| { let s = c.value == e.category; view! { <option value=c.value selected=s>{c.label}</option> } }).collect_view()}
                                        </select>
                                    </div>
                                    <div class="field">
                                        <label for="f-tags">{t(Msg::NewsFieldTags)}</label>
                                        <input id="f-tags" name="form[tags]" value=kept("tags", e.tags.clone()) />
                                        <FieldError name="tags" error />
                                    </div>
                                    <ThemeBoxes group="themes" legend=Msg::FilterTheme themes=e.theme_choices.clone() picked=e.themes.clone() error />
                                    <div class="field">
                                        <label for="f-cities">{t(Msg::NewsFieldCities)}</label>
                                        <input id="f-cities" name="form[cities]" value=kept("cities", e.cities.clone()) inputmode="numeric" />
                                        <FieldError name="cities" error />
                                    </div>
                                    <div class="field">
                                        <label for="f-events">{t(Msg::NewsFieldEvents)}</label>
                                        <input id="f-events" name="form[events]" value=kept("events", e.events.clone()) />
                                        <FieldError name="events" error />
                                    </div>
                                    <div class="field">
                                        <label for="f-pairings">{t(Msg::NewsFieldPairings)}</label>
                                        <input id="f-pairings" name="form[pairings]" value=kept("pairings", e.pairings.clone()) />
                                        <FieldError name="pairings" error />
                                    </div>
                                    <div class="field">
                                        <label class="check"><input type="checkbox" name="form[as_programme]" checked=e.as_programme />" "{t(Msg::NewsFieldAsProgramme)}</label>
                                    </div>
                                    <div class="field">
                                        <label class="check"><input type="checkbox" name="form[featured]" checked=e.featured />" "{t(Msg::NewsFieldFeatured)}</label>
                                    </div>
                                    <div class="field">
                                        <label for="f-publish_at">{t(Msg::NewsFieldPublishAt)}</label>
                                        <p class="hint" id="f-publish_at-hint">{Msg::NewsFieldPublishHint.fill(locale, &[("zone", &e.zone)])}</p>
                                        <input id="f-publish_at" type="datetime-local" name="form[publish_at]" value=kept("publish_at", e.publish_at.clone()) aria-describedby="f-publish_at-hint" />
                                        <FieldError name="publish_at" error />
                                    </div>
                                    <FormAlert error />
                                    <p class="actions">
                                        <button type="submit" name="form[intent]" value="publish" class="button">{t(Msg::NewsPublish)}</button>" "
                                        <button type="submit" name="form[intent]" value="draft" class="button secondary">{t(Msg::NewsSaveDraft)}</button>
                                    </p>
                                </ActionForm>
                                {(e.id != 0).then(|| view! {
                                    <section aria-labelledby="cover-title">
                                        <h2 id="cover-title">{t(Msg::NewsCover)}</h2>
                                        {e.cover.clone().map(|src| view! { <img src=src alt="" width="600" height="300" /> })}
                                        <form method="post" action=cover_action.clone() enctype="multipart/form-data" class="stacked">
                                            <div class="field" class:invalid=cover_error().is_some()>
                                                <label for="f-photo">{t(Msg::NewsCover)}</label>
                                                <p class="hint" id="f-photo-hint">{t(Msg::NewsCoverHint)}</p>
                                                <input id="f-photo" type="file" name="photo" accept="image/jpeg,image/png,image/webp" aria-describedby="f-photo-hint" />
                                                <p class="error" aria-live="polite">{cover_error().map(|m| m.text(locale))}</p>
                                            </div>
                                            <p class="actions">
                                                <button type="submit" class="button secondary">{t(Msg::NewsCoverUpload)}</button>" "
                                                {e.cover.is_some().then(|| view! { <button type="submit" name="remove" value="1" class="button secondary">{t(Msg::NewsCoverRemove)}</button> })}
                                            </p>
                                        </form>
                                    </section>
                                    {(!is_original && has_text).then(|| view! {
                                        <ActionForm action=drop_text attr:class="inline">
                                            <input type="hidden" name="id" value=id />
                                            <input type="hidden" name="lang" value=locale_code.clone() />
                                            <button type="submit" class="button secondary">{t(Msg::NewsAuthorRemove)}" ("{lang_name}")"</button>
                                        </ActionForm>
                                    })}
                                    <ActionForm action=delete attr:class="inline">
                                        <input type="hidden" name="id" value=id />
                                        <button type="submit" class="button danger">{t(Msg::NewsDelete)}</button>
                                    </ActionForm>
                                })}
                            }.into_any()
                        }
                        Err(e) => {
                            set_status(&e);
                            view! { <h1>{t(Msg::NewsWrite)}</h1><p class="error">{e.message(locale)}</p> }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

/// `/news/authors`: staff allow members to write.
#[component]
pub fn NewsAuthorsPage() -> impl IntoView {
    let locale = use_locale();
    let data = Resource::new(|| (), |_| get_news_authors());
    let set = ServerAction::<SetNewsAuthor>::new();
    let error = action_error(set);
    view! {
        <Title text=t(Msg::NewsAuthors) />
        <section class="page">
            <p><a href="/news">{t(Msg::NavNews)}</a></p>
            <h1>{t(Msg::NewsAuthors)}</h1>
            <p class="lead">{t(Msg::NewsAuthorsLead)}</p>
            <NewsNotice />
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(a) => view! {
                            <ul class="plain">
                                {a.authors.into_iter().map(|(_, name, email)| view! {
                                    <li>{name}" · "{email.clone()}" "
                                        <ActionForm action=set attr:class="inline">
                                            <input type="hidden" name="email" value=email.clone() />
                                            <input type="hidden" name="on" value="false" />
                                            <button type="submit" class="button secondary">{t(Msg::NewsAuthorRemove)}</button>
                                        </ActionForm>
                                    </li>
                                }).collect_view()}
                            </ul>
                            <ActionForm action=set attr:class="stacked" attr:novalidate=true>
                                <div class="field">
                                    <label for="f-email">{t(Msg::FieldEmail)}</label>
                                    <input id="f-email" type="email" name="email" value=kept("email", String::new()) autocomplete="off" />
                                    <FieldError name="email" error />
                                </div>
                                <input type="hidden" name="on" value="true" />
                                <button type="submit" class="button">{t(Msg::NewsAuthorAdd)}</button>
                            </ActionForm>
                        }.into_any(),
                        Err(e) => {
                            set_status(&e);
                            view! { <p class="error">{e.message(locale)}</p> }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
