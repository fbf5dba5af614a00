//! Pages loaded on demand: with `cargo leptos build --split` their code sits
//! in separate WASM chunks that the browser fetches when the route is
//! visited, so the first load carries only the frame and the public pages.

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

macro_rules! lazy_page {
    ($($route:ident => $page:ident),* $(,)?) => {
        $(
            #[derive(Clone, Copy)]
            pub struct $route;

            #[lazy_route]
            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                fn view(this: Self) -> AnyView {
                    let _ = this;
                    view! { <super::$page /> }.into_any()
                }
            }
        )*
    };
}

lazy_page!(
    AccountRoute => AccountPage,
    SignUpRoute => SignUpPage,
    SignInRoute => SignInPage,
    CheckEmailRoute => CheckEmailPage,
    ConfirmRoute => ConfirmPage,
    ForgotRoute => ForgotPage,
    ResetRoute => ResetPage,
    AdminMembersRoute => AdminMembersPage,
    CitiesRoute => CitiesPage,
    CityRoute => CityPage,
    SearchRoute => SearchPage,
    AboutRoute => AboutPage,
    ProfileRoute => ProfilePage,
    ProfileEditRoute => ProfileEditPage,
    ThemesRoute => ThemesPage,
    AdminThemesRoute => AdminThemesPage,
    EventsRoute => EventsPage,
    EventRoute => EventPage,
    EventEditRoute => EventEditPage,
    SpeakersRoute => SpeakersPage,
    MyEventsRoute => MyEventsPage,
    MeetingsRoute => MeetingsPage,
    MatchmakingRoute => MatchmakingPage,
    ConnectionsRoute => ConnectionsPage,
    MeetingsOrganizeRoute => MeetingsOrganizePage,
    PasswordRoute => PasswordPage,
    EmailRoute => EmailPage,
    EmailConfirmRoute => EmailConfirmPage,
    SessionsRoute => SessionsPage,
    DeleteAccountRoute => DeleteAccountPage,
);
