//! The publications library: `/publications` (filters, "Load more"), a
//! publication's page (download with its size and language, citations,
//! `citation_*` meta tags) and the staff's form (`/publications/new`,
//! `/publications/<id>/edit`: a multipart post with the file).

use super::NewsNotice;
use crate::dto::PublicationCard;
use crate::i18n::Msg;
use crate::server_fns::news::{
    get_publication, get_publication_editor, get_publications, DeletePublication,
};
use crate::ui::components::form::filter_select;
use crate::ui::components::form::{set_status, TextArea};
use crate::ui::i18n::{t, use_locale};
use crate::ui::islands::InPlaceForms;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

#[component]
fn PublicationCardView(card: PublicationCard) -> impl IntoView {
    view! {
        <li class="card">
            <p class="hint"><span class="badge">{card.kind_label.clone()}</span>" "{card.year}</p>
            <h3 lang=card.lang.clone()><a href=card.href.clone()>{card.title.clone()}</a></h3>
            {(!card.authors.is_empty()).then(|| view! { <p class="hint">{card.authors.clone()}</p> })}
            <p class="hint">{card.language.clone()}" · "{card.file.clone()}</p>
        </li>
    }
}

/// `/publications`.
#[component]
pub fn PublicationsPage() -> impl IntoView {
    let locale = use_locale();
    let q = use_query_map();
    let filters = move || {
        let q = q.read();
        let get = |k: &str| q.get(k).unwrap_or_default();
        crate::dto::PublicationFilters {
            kind: get("kind"),
            theme: get("theme"),
            language: get("language"),
            year: get("year"),
            q: get("q"),
            page: get("page"),
        }
    };
    let data = Resource::new(filters, get_publications);
    let delete_notice = move || {
        (use_query_map().read_untracked().get("notice").as_deref() == Some("deleted"))
            .then(|| view! { <p class="notice" role="status">{t(Msg::PubDeleted)}</p> })
    };
    view! {
        <Title text=t(Msg::PublicationsTitle) />
        <section class="page publications">
            <h1>{t(Msg::PublicationsTitle)}</h1>
            <p class="lead">{t(Msg::PublicationsIntro)}</p>
            {delete_notice}
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(l) => {
                            let f = l.filters.clone();
                            view! {
                                {l.can_edit.then(|| view! { <p><a class="button" href="/publications/new">{t(Msg::PubAdd)}</a></p> })}
                                <form method="get" action="/publications" class="filters" role="search">
                                    <div class="field">
                                        <label for="f-q">{t(Msg::NewsSearch)}</label>
                                        <input id="f-q" type="search" name="q" value=f.q.clone() />
                                    </div>
                                    {filter_select("kind", Msg::PubFilterType, l.kinds.clone(), f.kind.clone())}
                                    {filter_select("theme", Msg::FilterTheme, l.themes.clone(), f.theme.clone())}
                                    {filter_select("language", Msg::PubFilterLanguage, l.languages.clone(), f.language.clone())}
                                    {filter_select("year", Msg::PubFilterYear, l.years.clone(), f.year.clone())}
                                    <button type="submit" class="button secondary">{t(Msg::FilterApply)}</button>
                                </form>
                                {if l.items.is_empty() {
                                    view! { <p>{t(Msg::PubNone)}</p> }.into_any()
                                } else {
                                    view! { <ul class="cards" id="pub-list" data-append="" data-announce="pub-added" data-added=Msg::PubAdded.text(locale)>{l.items.clone().into_iter().map(|c| view! { <PublicationCardView card=c /> }).collect_view()}</ul> }.into_any()
                                }}
                                <p class="visually-hidden" id="pub-added" role="status" aria-live="polite"></p>
                                <div id="pub-more" data-more="pub-list">
                                    {l.next.clone().map(|href| view! { <p><a class="button secondary" href=href rel="next">{t(Msg::NewsLoadMore)}</a></p> })}
                                </div>
                                {l.next.is_some().then(|| view! {
                                    <InPlaceForms />
                                })}
                            }.into_any()
                        }
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

/// `/publications/<id>`.
#[component]
pub fn PublicationPage() -> impl IntoView {
    let locale = use_locale();
    let id = crate::ui::pages::use_id_param();
    let data = Resource::new(move || id.get(), get_publication);
    let delete = ServerAction::<DeletePublication>::new();
    view! {
        <article class="page publication">
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(p) => {
                            let edit = format!("/publications/{}/edit", p.id);
                            let description: String = p.abstract_text.chars().take(300).collect();
                            view! {
                                <Title text=p.title.clone() />
                                {p.citation_meta.iter().map(|(name, content)| view! { <Meta name=name.clone() content=content.clone() /> }).collect_view()}
                                <Meta name="description" content=description />
                                <p><a href="/publications">{t(Msg::PublicationsTitle)}</a>" · "<span class="badge">{p.kind_label.clone()}</span></p>
                                <NewsNotice />
                                <h1 lang=p.lang.clone()>{p.title.clone()}</h1>
                                <dl class="facts">
                                    {(!p.authors.is_empty()).then(|| view! { <dt>{t(Msg::PubAuthors)}</dt><dd>{p.authors.join(" · ")}</dd> })}
                                    {(!p.institution.is_empty()).then(|| view! { <dt>{t(Msg::PubInstitution)}</dt><dd>{p.institution.clone()}</dd> })}
                                    <dt>{t(Msg::PubFilterYear)}</dt><dd>{p.year}</dd>
                                    <dt>{t(Msg::PubFilterLanguage)}</dt><dd>{p.language.clone()}</dd>
                                    {p.pages.clone().map(|n| view! { <dt>{t(Msg::PubFieldPages)}</dt><dd>{n}</dd> })}
                                    {(!p.themes.is_empty()).then(|| view! { <dt>{t(Msg::FilterTheme)}</dt><dd>{p.themes.join(" · ")}</dd> })}
                                </dl>
                                <p><a class="button" href=p.download_href.clone() download="">{p.download_label.clone()}</a></p>
                                {(!p.abstract_text.is_empty()).then(|| view! {
                                    <section aria-labelledby="pub-abstract">
                                        <h2 id="pub-abstract">{t(Msg::PubFieldAbstract)}</h2>
                                        <p>{p.abstract_text.clone()}</p>
                                    </section>
                                })}
                                {(!p.about.is_empty()).then(|| view! {
                                    <section aria-labelledby="pub-about">
                                        <h2 id="pub-about">{t(Msg::NewsAbout)}</h2>
                                        <ul class="plain">{p.about.iter().map(|l| view! { <li><a href=l.href.clone()>{l.label.clone()}</a></li> }).collect_view()}</ul>
                                    </section>
                                })}
                                <section aria-labelledby="pub-cite">
                                    <h2 id="pub-cite">{t(Msg::PubCite)}</h2>
                                    <p><a href=p.bibtex_href.clone()>"BibTeX"</a>" · "<a href=p.csl_href.clone()>"CSL-JSON"</a></p>
                                </section>
                                {p.can_edit.then(|| view! {
                                    <section aria-labelledby="pub-staff">
                                        <h2 id="pub-staff">{t(Msg::PubDownloads)}</h2>
                                        <p>{p.downloads.clone()}</p>
                                        <ul class="plain">{p.by_month.iter().map(|(m, n)| view! { <li>{m.clone()}": "{*n}</li> }).collect_view()}</ul>
                                        <p><a href=edit.clone()>{t(Msg::PubEdit)}</a></p>
                                        <ActionForm action=delete attr:class="inline">
                                            <input type="hidden" name="id" value=p.id />
                                            <button type="submit" class="button danger">{t(Msg::PubDelete)}</button>
                                        </ActionForm>
                                    </section>
                                })}
                            }.into_any()
                        }
                        Err(e) => {
                            set_status(&e);
                            view! { <h1>{t(Msg::PublicationsTitle)}</h1><p class="error">{e.message(locale)}</p> }.into_any()
                        }
                    }
                })}
            </Transition>
        </article>
    }
}

/// `/publications/new` and `/publications/<id>/edit`: details and the file
/// in one plain multipart form (works without scripts); an error comes back
/// as `?error=<message>&field=<field>` with what was typed.
#[component]
pub fn PublicationEditPage() -> impl IntoView {
    let locale = use_locale();
    let id = crate::ui::pages::use_id_param();
    let data = Resource::new(move || id.get(), get_publication_editor);
    view! {
        <section class="page">
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(e) => {
                            let q = use_query_map().read_untracked().clone();
                            let kept = move |k: &str, d: &str| q.get(k).unwrap_or_else(|| d.to_owned());
                            let q2 = use_query_map().read_untracked().clone();
                            let (err_field, err_msg) = (
                                q2.get("field").unwrap_or_default(),
                                q2.get("error").and_then(|k| serde_json::from_str::<Msg>(&format!("\"{k}\"")).ok()),
                            );
                            let err = move |field: &str| {
                                let show = err_msg.filter(|_| err_field == field || (field.is_empty() && err_field.is_empty()));
                                view! { <p class="error" aria-live="polite">{show.map(|m| m.text(locale))}</p> }
                            };
                            let f = e.form.clone();
                            let title = if e.id == 0 { t(Msg::PubAdd) } else { t(Msg::PubEdit) };
                            let picked = f.themes.clone();
                            view! {
                                <Title text=title />
                                <p><a href="/publications">{t(Msg::PublicationsTitle)}</a></p>
                                <h1>{title}</h1>
                                <form method="post" action="/publications/upload" enctype="multipart/form-data" class="stacked" novalidate>
                                    <input type="hidden" name="id" value=e.id />
                                    <input type="hidden" name="version" value=e.version />
                                    {err("")}
                                    <div class="field">
                                        <label for="f-kind">{t(Msg::PubFilterType)}</label>
                                        <select id="f-kind" name="kind">
                                            {e.kinds.clone().into_iter().map(|c| { let s = c.value == kept("kind", &f.kind); view! { <option value=c.value selected=s>{c.label}</option> } }).collect_view()}
                                        </select>
                                    </div>
                                    {[("title_en", "English", f.title_en.clone()), ("title_fr", "français", f.title_fr.clone()), ("title_es", "español", f.title_es.clone())].into_iter().map(|(name, lang, v)| {
                                        let id = format!("f-{name}");
                                        view! {
                                            <div class="field">
                                                <label for=id.clone()>{Msg::PubFieldTitle.fill(locale, &[("language", lang)])}</label>
                                                <input id=id name=name value=kept(name, &v) maxlength="200" />
                                                {err(name)}
                                            </div>
                                        }
                                    }).collect_view()}
                                    <div class="field">
                                        <label for="f-authors">{t(Msg::PubFieldAuthors)}</label>
                                        <input id="f-authors" name="authors" value=kept("authors", &f.authors) />
                                        {err("authors")}
                                    </div>
                                    <div class="field">
                                        <label for="f-institution">{t(Msg::PubInstitution)}</label>
                                        <input id="f-institution" name="institution" value=kept("institution", &f.institution) />
                                        {err("institution")}
                                    </div>
                                    <div class="field">
                                        <label for="f-year">{t(Msg::PubFilterYear)}</label>
                                        <input id="f-year" name="year" inputmode="numeric" value=kept("year", &f.year) />
                                        {err("year")}
                                    </div>
                                    <div class="field">
                                        <label for="f-language">{t(Msg::PubFieldLanguage)}</label>
                                        <input id="f-language" name="language" maxlength="2" value=kept("language", &f.language) />
                                        {err("language")}
                                    </div>
                                    <div class="field">
                                        <label for="f-pages">{t(Msg::PubFieldPages)}</label>
                                        <input id="f-pages" name="pages" inputmode="numeric" value=kept("pages", &f.pages) />
                                        {err("pages")}
                                    </div>
                                    <div class="field">
                                        <label for="f-abstract">{t(Msg::PubFieldAbstract)}</label>
                                        <TextArea value=kept("abstract_text", &f.abstract_text) {..} id="f-abstract" name="abstract_text" rows="6" />
                                        {err("abstract_text")}
                                    </div>
                                    <fieldset class="choices">
                                        <legend>{t(Msg::FilterTheme)}</legend>
                                        <div class="grid">
                                            {e.theme_choices.clone().into_iter().map(|c| {
                                                let id = format!("f-theme-{}", c.value);
                                                let checked = picked.contains(&c.value);
                                                view! { <label for=id.clone() class="check"><input type="checkbox" id=id.clone() name="themes" value=c.value checked=checked />{c.label}</label> }
                                            }).collect_view()}
                                        </div>
                                        {err("themes")}
                                    </fieldset>
                                    <div class="field">
                                        <label for="f-cities">{t(Msg::NewsFieldCities)}</label>
                                        <input id="f-cities" name="cities" value=kept("cities", &f.cities) />
                                        {err("cities")}
                                    </div>
                                    <div class="field">
                                        <label for="f-pairings">{t(Msg::NewsFieldPairings)}</label>
                                        <input id="f-pairings" name="pairings" value=kept("pairings", &f.pairings) />
                                        {err("pairings")}
                                    </div>
                                    <div class="field">
                                        <label for="f-file">{t(Msg::PubFieldFile)}</label>
                                        {(!e.file.is_empty()).then(|| view! { <p class="hint">{e.file.clone()}" — "{t(Msg::PubFieldFileKeep)}</p> })}
                                        <input id="f-file" type="file" name="file" accept=".pdf,.odt,.docx,application/pdf" />
                                        {err("file")}
                                    </div>
                                    <p class="actions"><button type="submit" class="button">{t(Msg::PubSave)}</button></p>
                                </form>
                            }.into_any()
                        }
                        Err(e) => {
                            set_status(&e);
                            view! { <h1>{t(Msg::PubAdd)}</h1><p class="error">{e.message(locale)}</p> }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
