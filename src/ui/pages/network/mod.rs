//! The Urban Leaders Network: search people and cities, profiles, themes.

mod cities;
mod profile;
mod profile_edit;
mod search;
mod themes;

pub use cities::{CitiesPage, CityPage};
pub use profile::ProfilePage;
pub use profile_edit::ProfileEditPage;
pub use search::SearchPage;
pub use themes::ThemesPage;

use crate::i18n::Msg;
use crate::ui::i18n::t;
use leptos::prelude::*;

/// The network's own links, under the page title.
#[component]
pub fn NetworkNav(current: &'static str) -> impl IntoView {
    let link = move |href: &'static str, label: Msg| {
        view! {
            <li>
                <a href=href aria-current=(current == href).then_some("page")>{t(label)}</a>
            </li>
        }
    };
    view! {
        <nav class="subnav" aria-label=t(Msg::NetworkNavLabel)>
            <ul>
                {link("/network", Msg::NetworkSearchNav)}
                {link("/network/cities", Msg::CitiesTitle)}
                {link("/themes", Msg::ThemesTitle)}
                {link("/account/profile", Msg::MyProfile)}
            </ul>
        </nav>
    }
}
