//! The sections that later work fills: each says what it will hold.

use crate::i18n::Msg;
use crate::ui::i18n::t;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
fn Section(title: Msg, intro: Msg, children: Children) -> impl IntoView {
    view! {
        <Title text=t(title) />
        <section class="page">
            <h1>{t(title)}</h1>
            <p class="lead">{t(intro)}</p>
            {children()}
        </section>
    }
}

#[component]
pub fn MatchmakingPage() -> impl IntoView {
    view! { <Section title=Msg::NavMatchmaking intro=Msg::MatchmakingIntro><p>{t(Msg::ComingSoon)}</p></Section> }
}

#[component]
pub fn PairingsPage() -> impl IntoView {
    view! { <Section title=Msg::NavPairings intro=Msg::PairingsIntro><p>{t(Msg::ComingSoon)}</p></Section> }
}

#[component]
pub fn NewsPage() -> impl IntoView {
    view! { <Section title=Msg::NavNews intro=Msg::NewsIntro><p>{t(Msg::ComingSoon)}</p></Section> }
}
