//! A page section with its title and introduction.

use crate::i18n::Msg;
use crate::ui::i18n::t;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub(crate) fn Section(title: Msg, intro: Msg, children: Children) -> impl IntoView {
    view! {
        <Title text=t(title) />
        <section class="page">
            <h1>{t(title)}</h1>
            <p class="lead">{t(intro)}</p>
            {children()}
        </section>
    }
}
