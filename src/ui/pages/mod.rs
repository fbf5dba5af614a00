mod about;
mod account;
mod admin_members;
mod cities;
pub(crate) mod events;
mod home;
pub(crate) mod network;
mod not_found;
mod sections;
mod self_service;

pub use about::AboutPage;
pub use account::*;
pub use admin_members::AdminMembersPage;
pub use cities::{CitiesPage, CityPage};
pub use events::{
    EventEditPage, EventPage, EventsPage, MeetingsOrganizePage, MeetingsPage, MyEventsPage,
    SpeakersPage,
};
pub use home::HomePage;
pub use network::{AdminThemesPage, ProfileEditPage, ProfilePage, SearchPage, ThemesPage};
pub use not_found::NotFoundPage;
pub use sections::*;
pub use self_service::*;

/// The `:id` of the current route as a number (0 when missing or not one).
pub(crate) fn use_id_param() -> leptos::prelude::Memo<i64> {
    use leptos::prelude::*;
    let params = leptos_router::hooks::use_params_map();
    Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    })
}
