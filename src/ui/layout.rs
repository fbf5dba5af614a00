//! The site frame: header with sections, language and sign-in state; footer.

use super::auth::use_auth;
use super::i18n::{t, use_locale};
use crate::domain::{Locale, Role};
use crate::i18n::Msg;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

#[component]
pub fn Header() -> impl IntoView {
    view! {
        <header class="site-header">
            <div class="bar">
                <a class="brand" href="/">
                    <span class="logo" aria-hidden="true">"◐◑"</span>
                    <span>"Tandem"</span>
                </a>
                <div class="bar-end">
                    <LanguageSwitch />
                    <AuthLinks />
                </div>
            </div>
            <nav class="sections" aria-label=t(Msg::MainNavigation)>
                <ul>
                    <li><A href="/network">{t(Msg::NavNetwork)}</A></li>
                    <li><A href="/events">{t(Msg::NavEvents)}</A></li>
                    <li><A href="/matchmaking">{t(Msg::NavMatchmaking)}</A></li>
                    <li><A href="/pairings">{t(Msg::NavPairings)}</A></li>
                    <li><A href="/networks">{t(Msg::NavNetworks)}</A></li>
                    <li><A href="/news">{t(Msg::NavNews)}</A></li>
                </ul>
            </nav>
        </header>
    }
}

/// One button per language: a plain form post, so it works before the WASM
/// arrives and reloads the page in the new language.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let current = use_locale();
    let location = use_location();
    let next = move || {
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{search}", location.pathname.get())
        }
    };
    view! {
        <form class="lang" method="post" action="/locale" aria-label=t(Msg::LanguageLabel)>
            <input type="hidden" name="next" prop:value=next value=next />
            {Locale::ALL
                .into_iter()
                .map(|l| {
                    view! {
                        <button
                            type="submit"
                            name="lang"
                            value=l.code()
                            lang=l.code()
                            aria-pressed=if l == current { "true" } else { "false" }
                        >
                            // the accessible name starts with the visible text (WCAG 2.5.3)
                            {l.code().to_uppercase()}
                            <span class="visually-hidden">" " {l.native_name()}</span>
                        </button>
                    }
                })
                .collect_view()}
        </form>
    }
}

/// A signed-in member's live channel (`/live/me`, server-sent events): the
/// bell's and the inbox's counts (`#bell-count`, `#inbox-count`), the
/// feed's "N new posts" notice (`#feed-new`: `data-top` the newest post
/// shown, `data-text` the words with `{n}`), and — when something of the
/// member's changed — the page's `data-region` parts fetched again and
/// swapped in (an open conversation shows the new message), unless the
/// reader is typing in one. A few hundred bytes of script with the page's
/// nonce rather than the WASM: a counter must not cost every signed-in page
/// the 130 KB bundle. It runs once the page is parsed (the header comes
/// before what it updates). The browser reconnects by itself. Without scripts,
/// the counts are the server's and a reload shows the rest.
const MEMBER_LIVE: &str = "((d,f)=>d.readyState=='loading'?d.addEventListener('DOMContentLoaded',f):f())(document,()=>{\
const d=document,g=i=>d.getElementById(i),n=g('feed-new');\
new EventSource('/live/me?top='+(n&&n.dataset.top||0)).onmessage=e=>{let u;try{u=JSON.parse(e.data)}catch(x){return}\
[['bell-count',u.bell],['inbox-count',u.messages]].map(([i,v])=>{const l=g(i);if(l){l.textContent=v;l.hidden=!v}});\
if(n&&u.feed>0){n.firstElementChild.textContent=n.dataset.text.replace('{n}',u.feed);n.hidden=!1}\
const R='[data-region]';if(u.kind=='member'&&d.querySelector(R))fetch(location.href,{headers:{accept:'text/html'}}).then(x=>x.text()).then(t=>{\
const p=new DOMParser().parseFromString(t,'text/html'),a=d.activeElement;for(const l of d.querySelectorAll(R)){const m=p.getElementById(l.id);\
if(m&&!(a&&l.contains(a)&&/INPUT|TEXTAREA|SELECT/.test(a.tagName)))l.innerHTML=m.innerHTML}}).catch(()=>0)};\
d.documentElement.dataset.live='on'});";

#[component]
fn MemberLive() -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    view! { <script nonce=nonce>{MEMBER_LIVE}</script> }
}

#[component]
fn AuthLinks() -> impl IntoView {
    let auth = use_auth();
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match auth.user.await {
                    Ok(Some(user)) => {
                        let admin = user.role == Role::Admin;
                        let staff = user.role >= Role::Staff;
                        let c = user.counters;
                        view! {
                            <div class="auth">
                                <A href="/messages" attr:class="counter">
                                    {t(Msg::NavMessages)}" "
                                    <span class="count" id="inbox-count" hidden=c.messages == 0>{c.messages}</span>
                                </A>
                                <A href="/notifications" attr:class="counter bell">
                                    <span aria-hidden="true">"🔔"</span>
                                    <span class="visually-hidden">{t(Msg::NotificationsTitle)}</span>" "
                                    <span class="count" id="bell-count" hidden=c.bell == 0>{c.bell}</span>
                                </A>
                                {staff.then(|| view! { <A href="/moderation">{t(Msg::NavModeration)}</A> })}
                                <MemberLive />
                                <A href="/account" attr:class="who">
                                    <span class="visually-hidden">{t(Msg::NavAccount)}": "</span>
                                    {user.name}
                                </A>
                                {admin.then(|| view! { <A href="/admin/members">{t(Msg::NavAdmin)}</A> })}
                                <ActionForm action=auth.sign_out attr:class="inline">
                                    <button type="submit" class="link">{t(Msg::NavSignOut)}</button>
                                </ActionForm>
                            </div>
                        }
                            .into_any()
                    }
                    _ => {
                        view! {
                            <div class="auth">
                                <A href="/account/sign-in">{t(Msg::NavSignIn)}</A>
                                <A href="/account/sign-up" attr:class="button small">{t(Msg::NavSignUp)}</A>
                            </div>
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <nav aria-label=t(Msg::FooterNav)>
                <ul class="footer-links">
                    <li><a href="/about">{t(Msg::ProgrammeTitle)}</a></li>
                    <li><a href="/news">{t(Msg::NavNews)}</a></li>
                    <li><a href="/publications">{t(Msg::PublicationsTitle)}</a></li>
                    <li><a href="/news/subscribe">{t(Msg::DigestTitle)}</a></li>
                    <li><a href="/contact">{t(Msg::FooterContactForm)}</a></li>
                </ul>
            </nav>
            <p>{t(Msg::FooterAbout)}</p>
            <p class="credit">{t(Msg::FooterData)}</p>
        </footer>
    }
}
