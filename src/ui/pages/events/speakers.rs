//! An event's speakers: members of the network link to their profiles.

use crate::i18n::Msg;
use crate::server_fns::events::get_event;
use crate::ui::components::form::set_status;
use crate::ui::components::people::Avatar;
use crate::ui::i18n::{t, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SpeakersPage() -> impl IntoView {
    let locale = use_locale();
    let id = crate::ui::pages::use_id_param();
    let data = Resource::new(move || id.get(), get_event);
    view! {
        <section class="page speakers-page">
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(v) => {
                            let back = format!("/events/{}", v.public.id);
                            let title = format!("{} · {}", t(Msg::SpeakersTitle), v.public.title);
                            view! {
                                <Title text=title.clone() />
                                <h1>{t(Msg::SpeakersTitle)}</h1>
                                <p><a href=back>{v.public.title.clone()}</a></p>
                                <p class="offline-note" data-offline-note hidden>{t(Msg::OfflineCopyPlain)}</p>
                                {v.public.speakers.is_empty().then(|| view! { <p class="empty">{t(Msg::NoSpeakers)}</p> })}
                                <ul class="speakers-list">
                                    {v.public.speakers.into_iter().map(|sp| view! {
                                        <li class="speaker" id=format!("speaker-{}", sp.id)>
                                            <Avatar name=sp.name.clone() url=sp.photo_url.clone() />
                                            <div>
                                                <h2>{match sp.member_id {
                                                    Some(m) => view! { <a href=format!("/people/{m}")>{sp.name.clone()}</a> }.into_any(),
                                                    None => view! { {sp.name.clone()} }.into_any(),
                                                }}</h2>
                                                {(!sp.title.is_empty()).then(|| view! { <p class="meta">{sp.title.clone()}</p> })}
                                                {(!sp.sessions.is_empty()).then(|| view! { <p class="meta">{sp.sessions.join(" · ")}</p> })}
                                                <div class="prose" inner_html=sp.bio_html.clone()></div>
                                            </div>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                        Err(e) => {
                            set_status(&e);
                            view! { <p class="alert" role="alert">{e.message(locale)}</p> }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
