//! The interface: app shell, site frame, pages.

pub mod auth;
pub mod autosave;
pub mod components;
pub mod i18n;
pub mod islands;
pub mod layout;
pub mod pages;

use crate::i18n::Msg;
use i18n::t;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};
use pages::*;

/// The HTML document around the app; rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = i18n::detect();
    // the page's Content-Security-Policy names this request's nonce, which
    // leptos_axum generates and puts on its own scripts
    let nonce = leptos::nonce::use_nonce();
    #[cfg(feature = "ssr")]
    if let (Some(n), Some(res)) = (&nonce, use_context::<leptos_axum::ResponseOptions>()) {
        if let Ok(v) = axum::http::HeaderValue::from_str(&crate::server::headers::page_policy(n)) {
            res.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, v);
        }
    }
    view! {
        <!DOCTYPE html>
        <html lang=locale.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="description" content=Msg::HomeLead.text(locale) />
                <meta name="theme-color" content="#0b5d4b" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                // islands: only the #[island] components hydrate; links are page loads
                <IslandScripts options=options.clone() nonce=nonce.clone() />
                <MetaTags />
                // the reader's time zone, so that pages show their own time; and the
                // service worker that keeps opened agendas readable offline
                <script nonce=nonce>{TZ_AND_SW}</script>
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Brings the page's islands to life, and loads nothing on a page without
/// any: the script looks for `<leptos-island>` elements before it fetches
/// the WASM (Leptos's own `HydrationScripts` preloads and fetches it on every
/// page). It calls the exported function of each island with its element,
/// as Leptos's island protocol does. On the server it also tells the render
/// that this is an islands page (nothing outside islands is hydrated, so
/// nothing outside them is serialized).
#[component]
fn IslandScripts(options: LeptosOptions, nonce: Option<leptos::nonce::Nonce>) -> impl IntoView {
    if let Some(sc) = Owner::current_shared_context() {
        sc.set_is_hydrating(false);
    }
    let pkg = format!("/{}/{}", options.site_pkg_dir, options.output_name);
    let script = format!(
        "const i=[...document.querySelectorAll('leptos-island')].filter(e=>!e.parentElement.closest('leptos-island'));\
         if(i.length){{const go=async()=>{{const m=await import('{pkg}.js');await m.default({{module_or_path:'{pkg}.wasm'}});m.hydrate();\
         for(const e of i){{const f=m[e.dataset.component];if(f)await f(e);}}}};\
         if('requestIdleCallback'in window)requestIdleCallback(go);else go();}}"
    );
    view! { <script type="module" nonce=nonce>{script}</script> }
}

const TZ_AND_SW: &str = "try{var z=Intl.DateTimeFormat().resolvedOptions().timeZone;if(z&&document.cookie.indexOf('tz='+z)<0)document.cookie='tz='+z+';path=/;max-age=31536000;samesite=lax'}catch(e){}if('serviceWorker'in navigator)navigator.serviceWorker.register('/sw.js').catch(function(){});";

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    i18n::provide_locale();
    view! {
        <Stylesheet id="leptos" href="/pkg/tandem.css" />
        // every page's title passes here: Leptos writes the title unescaped.
        // The empty text underneath keeps "Tandem" in the tab while a page's
        // own title is swapped (a Transition re-rendering), never a blank one.
        <Title text="" formatter=|text: String| crate::escape::raw_text(if text.is_empty() { "Tandem".to_owned() } else { format!("{text} · Tandem") }) />
        <Router>
            <Frame />
        </Router>
    }
}

/// Everything inside the router, so that actions created here see a plain
/// form post's error in the URL (`__err`) when JavaScript is off.
#[component]
fn Frame() -> impl IntoView {
    auth::provide_auth();
    view! {
            <a class="skip-link" href="#main">{t(Msg::SkipToContent)}</a>
            <layout::Header />
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFoundPage /> }>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/network") view=SearchPage ssr=SsrMode::Async />
                    <Route path=path!("/people/:id") view=ProfilePage ssr=SsrMode::Async />
                    <Route path=path!("/about") view=AboutPage ssr=SsrMode::Async />
                    <Route path=path!("/themes") view=ThemesPage ssr=SsrMode::Async />
                    <Route path=path!("/account/profile") view=ProfileEditPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/themes") view=AdminThemesPage ssr=SsrMode::Async />
                    <Route path=path!("/network/cities") view=CitiesPage ssr=SsrMode::Async />
                    <Route path=path!("/cities/:id") view=CityPage ssr=SsrMode::Async />
                    <Route path=path!("/events") view=EventsPage ssr=SsrMode::Async />
                    <Route path=path!("/events/new") view=EventEditPage ssr=SsrMode::Async />
                    <Route path=path!("/events/:id") view=EventPage ssr=SsrMode::Async />
                    <Route path=path!("/events/:id/edit") view=EventEditPage ssr=SsrMode::Async />
                    <Route path=path!("/events/:id/speakers") view=SpeakersPage ssr=SsrMode::Async />
                    <Route path=path!("/events/:id/meetings") view=MeetingsPage ssr=SsrMode::Async />
                    <Route path=path!("/events/:id/meetings/organize") view=MeetingsOrganizePage ssr=SsrMode::Async />
                    <Route path=path!("/account/events") view=MyEventsPage ssr=SsrMode::Async />
                    <Route path=path!("/matchmaking") view=MatchmakingPage ssr=SsrMode::Async />
                    <Route path=path!("/account/connections") view=ConnectionsPage ssr=SsrMode::Async />
                    <Route path=path!("/pairings") view=CallsPage ssr=SsrMode::Async />
                    <Route path=path!("/pairings/calls/new") view=CallEditPage ssr=SsrMode::Async />
                    <Route path=path!("/pairings/calls/:id") view=CallPage ssr=SsrMode::Async />
                    <Route path=path!("/pairings/calls/:id/edit") view=CallEditPage ssr=SsrMode::Async />
                    <Route path=path!("/pairings/calls/:id/manage") view=CallManagePage ssr=SsrMode::Async />
                    <Route path=path!("/pairings/calls/:id/apply") view=ApplyPage ssr=SsrMode::Async />
                    <Route path=path!("/pairings/applications/:id") view=ApplicationPage ssr=SsrMode::Async />
                    <Route path=path!("/pairings/applications/:id/:step") view=ApplicationStepPage ssr=SsrMode::Async />
                    <Route path=path!("/pairings/reviews") view=ReviewsPage ssr=SsrMode::Async />
                    <Route path=path!("/pairings/join") view=JoinApplicationPage ssr=SsrMode::Async />
                    <Route path=path!("/pairings/reviews/:id") view=ReviewPage ssr=SsrMode::Async />
                    <Route path=path!("/pairings/calls/:id/form") view=FormationPageView ssr=SsrMode::Async />
                    <Route path=path!("/pairing/:id") view=PairingPage ssr=SsrMode::Async />
                    <Route path=path!("/pairing/:id/space") view=PairingSpacePage ssr=SsrMode::Async />
                    <Route path=path!("/pairing/:id/plan") view=PlanPageView ssr=SsrMode::Async />
                    <Route path=path!("/pairing/:id/plan/actions/:action") view=ActionEditPage ssr=SsrMode::Async />
                    <Route path=path!("/news") view=NewsPage ssr=SsrMode::Async />
                    <Route path=path!("/news/write") view=ArticleEditPage ssr=SsrMode::Async />
                    <Route path=path!("/news/authors") view=NewsAuthorsPage ssr=SsrMode::Async />
                    <Route path=path!("/news/subscribe") view=|| view! { <SubscribePage mode="subscribe" /> } ssr=SsrMode::Async />
                    <Route path=path!("/news/subscribe/confirm") view=|| view! { <SubscribePage mode="confirm" /> } ssr=SsrMode::Async />
                    <Route path=path!("/news/unsubscribe") view=|| view! { <SubscribePage mode="unsubscribe" /> } ssr=SsrMode::Async />
                    <Route path=path!("/news/:id") view=ArticleView ssr=SsrMode::Async />
                    <Route path=path!("/news/:id/edit") view=ArticleEditPage ssr=SsrMode::Async />
                    <Route path=path!("/news/:id/:lang") view=ArticleView ssr=SsrMode::Async />
                    <Route path=path!("/publications") view=PublicationsPage ssr=SsrMode::Async />
                    <Route path=path!("/publications/new") view=PublicationEditPage ssr=SsrMode::Async />
                    <Route path=path!("/publications/:id") view=PublicationPage ssr=SsrMode::Async />
                    <Route path=path!("/publications/:id/edit") view=PublicationEditPage ssr=SsrMode::Async />
                    <Route path=path!("/about/edit") view=ProgrammeEditPage ssr=SsrMode::Async />
                    <Route path=path!("/contact") view=ContactPage ssr=SsrMode::Async />
                    <Route path=path!("/contact/messages") view=ContactInboxPage ssr=SsrMode::Async />
                    <Route path=path!("/posts/:id") view=PostPageView ssr=SsrMode::Async />
                    <Route path=path!("/networks") view=NetworksPage ssr=SsrMode::Async />
                    <Route path=path!("/networks/:id") view=NetworkView ssr=SsrMode::Async />
                    <Route path=path!("/messages") view=InboxPage ssr=SsrMode::Async />
                    <Route path=path!("/messages/:id") view=ConversationView ssr=SsrMode::Async />
                    <Route path=path!("/notifications") view=NotificationsPage ssr=SsrMode::Async />
                    <Route path=path!("/notifications/settings") view=NotificationSettingsPage ssr=SsrMode::Async />
                    <Route path=path!("/notifications/unsubscribe") view=UnsubscribeNotificationsPage ssr=SsrMode::Async />
                    <Route path=path!("/moderation") view=ModerationPage ssr=SsrMode::Async />
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async />
                    <Route path=path!("/account/sign-up") view=SignUpPage ssr=SsrMode::Async />
                    <Route path=path!("/account/sign-in") view=SignInPage ssr=SsrMode::Async />
                    <Route path=path!("/account/check-email") view=CheckEmailPage ssr=SsrMode::Async />
                    <Route path=path!("/account/confirm") view=ConfirmPage ssr=SsrMode::Async />
                    <Route path=path!("/account/forgot") view=ForgotPage ssr=SsrMode::Async />
                    <Route path=path!("/account/reset") view=ResetPage ssr=SsrMode::Async />
                    <Route path=path!("/account/password") view=PasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/account/email") view=EmailPage ssr=SsrMode::Async />
                    <Route path=path!("/account/email/confirm") view=EmailConfirmPage ssr=SsrMode::Async />
                    <Route path=path!("/account/sessions") view=SessionsPage ssr=SsrMode::Async />
                    <Route path=path!("/account/delete") view=DeleteAccountPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/members") view=AdminMembersPage ssr=SsrMode::Async />
                </Routes>
            </main>
            <layout::Footer />
    }
}
