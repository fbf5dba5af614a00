//! The pages, one folder per feature: `account`, `network` (people, cities,
//! themes), `matchmaking`, `events` (talks, C2C meetings), `admin`; shared
//! pieces live in `ui::components`.

mod account;
mod admin;
pub(crate) mod events;
mod home;
mod matchmaking;
pub(crate) mod network;
mod news;
mod not_found;
mod pairings;
pub(crate) mod social;

pub use account::*;
pub use admin::{AdminMembersPage, AdminThemesPage};
pub use events::{
    EventEditPage, EventPage, EventsPage, MeetingsOrganizePage, MeetingsPage, MyEventsPage,
    SpeakersPage,
};
pub use home::HomePage;
pub use matchmaking::{ConnectionsPage, MatchmakingPage};
pub use network::{CitiesPage, CityPage, ProfileEditPage, ProfilePage, SearchPage, ThemesPage};
pub(crate) use news::NewsCardView;
pub use news::{
    AboutPage, ArticleEditPage, ArticleView, ContactInboxPage, ContactPage, NewsAuthorsPage,
    NewsPage, ProgrammeEditPage, PublicationEditPage, PublicationPage, PublicationsPage,
    SubscribePage,
};
pub use not_found::NotFoundPage;
pub use pairings::{
    ActionEditPage, ApplicationPage, ApplicationStepPage, ApplyPage, CallEditPage, CallManagePage,
    CallPage, CallsPage, FormationPageView, JoinApplicationPage, PairingPage, PairingSpacePage,
    PlanPageView, ReviewPage, ReviewsPage,
};
pub use social::{
    ConversationView, FeedSection, InboxPage, ModerationPage, NetworkView, NetworksPage,
    NotificationSettingsPage, NotificationsPage, PostPageView, TopicPosts,
    UnsubscribeNotificationsPage,
};

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
