//! "About the programme" (`/about`): the page staff write in each language,
//! the featured news, then what Tandem is and whose data it shows; and its
//! editor (`/about/edit`, staff).

use super::{NewsCardView, NewsNotice};
use crate::i18n::Msg;
use crate::server_fns::news::{get_programme, get_programme_editor, SaveProgramme};
use crate::ui::components::form::{action_error, set_status, FieldError, TextArea};
use crate::ui::i18n::{t, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AboutPage() -> impl IntoView {
    let locale = use_locale();
    let data = Resource::new(|| (), |_| get_programme());
    view! {
        <Title text=t(Msg::ProgrammeTitle) />
        <section class="page about">
            <h1>{t(Msg::ProgrammeTitle)}</h1>
            <NewsNotice />
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(p) => view! {
                            {p.missing.then(|| view! { <p class="hint">{t(Msg::ProgrammeEmpty)}</p> })}
                            <div class="prose" inner_html=p.html.clone()></div>
                            {p.can_edit.then(|| view! { <p><a href="/about/edit">{t(Msg::ProgrammeEdit)}</a></p> })}
                            {(!p.featured.is_empty()).then(|| view! {
                                <section aria-labelledby="about-news">
                                    <h2 id="about-news">{t(Msg::NewsLatest)}</h2>
                                    <ul class="cards">{p.featured.clone().into_iter().map(|c| view! { <NewsCardView card=c /> }).collect_view()}</ul>
                                    <p><a href="/news">{t(Msg::NavNews)}</a>" · "<a href="/publications">{t(Msg::PublicationsTitle)}</a>" · "<a href="/contact">{t(Msg::ContactTitle)}</a></p>
                                </section>
                            })}
                        }.into_any(),
                        Err(e) => {
                            set_status(&e);
                            view! { <p class="error">{e.message(locale)}</p> }.into_any()
                        }
                    }
                })}
            </Transition>
            <section aria-labelledby="about-software">
                <h2 id="about-software">{t(Msg::ProgrammeSoftware)}</h2>
                <p>{t(Msg::FooterAbout)}</p>
                <h3>{t(Msg::AboutDataTitle)}</h3>
                <p>
                    {t(Msg::AboutGeoNames)}" "
                    <a href="https://www.geonames.org/" rel="noopener">"GeoNames"</a>" · "
                    <a href="https://creativecommons.org/licenses/by/4.0/" rel="noopener">"CC BY 4.0"</a>
                </p>
                <p>{t(Msg::AboutSdgs)}</p>
                <h3>{t(Msg::AboutLicenceTitle)}</h3>
                <p>{t(Msg::AboutLicence)}</p>
            </section>
        </section>
    }
}

/// `/about/edit`: staff write the page in each language (Markdown).
#[component]
pub fn ProgrammeEditPage() -> impl IntoView {
    let locale = use_locale();
    let data = Resource::new(|| (), |_| get_programme_editor());
    let save = ServerAction::<SaveProgramme>::new();
    let error = action_error(save);
    view! {
        <Title text=t(Msg::ProgrammeEditTitle) />
        <section class="page">
            <p><a href="/about">{t(Msg::ProgrammeTitle)}</a></p>
            <h1>{t(Msg::ProgrammeEditTitle)}</h1>
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(ed) => view! {
                            <ActionForm action=save attr:class="stacked" attr:novalidate=true>
                                {ed.bodies.into_iter().map(|(code, name, body)| {
                                    let field: &'static str = match code.as_str() { "fr" => "body_fr", "es" => "body_es", _ => "body_en" };
                                    let id = format!("f-{field}");
                                    view! {
                                        <div class="field">
                                            <label for=id.clone()>{Msg::ProgrammeBody.fill(locale, &[("language", &name)])}</label>
                                            <TextArea value=body.clone() {..} id=id.clone() name=field rows="18" lang=code.clone() />
                                            <FieldError name=field error />
                                        </div>
                                    }
                                }).collect_view()}
                                <button type="submit" class="button">{t(Msg::SaveChanges)}</button>
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
