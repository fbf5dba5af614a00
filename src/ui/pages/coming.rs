//! The sections that later work fills: each says what it will hold.

use crate::i18n::Msg;
use crate::ui::components::section::Section;
use crate::ui::i18n::t;
use leptos::prelude::*;

#[component]
pub fn NewsPage() -> impl IntoView {
    view! { <Section title=Msg::NavNews intro=Msg::NewsIntro><p>{t(Msg::ComingSoon)}</p></Section> }
}
