//! The themes of the network and the SDGs they serve.

use super::NetworkNav;
use crate::i18n::Msg;
use crate::server_fns::network::themes;
use crate::ui::i18n::{t, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;

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
