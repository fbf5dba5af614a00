//! `/notifications` (the list; mark read), `/notifications/settings`
//! (per kind: in the app, also by e-mail, off) and
//! `/notifications/unsubscribe?token=` (the e-mails' unsubscribe page:
//! a button, never a bare link opening).

use super::{kept, ErrorView, SocialNotice};
use crate::i18n::Msg;
use crate::server_fns::social::{
    get_notification_settings, get_notifications, ReadNotifications, SaveNotificationSettings,
    UnsubscribeNotifications,
};
use crate::ui::i18n::t;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_notifications());
    let read = ServerAction::<ReadNotifications>::new();
    view! {
        <Title text=t(Msg::NotificationsTitle) />
        <section class="page notifications">
            <h1>{t(Msg::NotificationsTitle)}</h1>
            <p><a href="/notifications/settings">{t(Msg::NotifSettingsTitle)}</a></p>
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(list) => view! {
                            <div id="notification-list" data-region="">
                                {(list.unread > 0).then(|| view! {
                                    <ActionForm action=read attr:class="inline">
                                        <button type="submit" class="button secondary small">{t(Msg::NotifMarkAllRead)}</button>
                                    </ActionForm>
                                })}
                                {if list.items.is_empty() {
                                    view! { <p>{t(Msg::NotifNone)}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="notification-items">
                                            {list.items.into_iter().map(|n| view! {
                                                <li class:unread=n.unread>
                                                    <ActionForm action=read attr:class="inline">
                                                        <input type="hidden" name="id" value=n.id />
                                                        <input type="hidden" name="go" value=n.href.clone() />
                                                        <button type="submit" class="link">{n.text.clone()}</button>
                                                    </ActionForm>
                                                    " "<span class="hint">{n.date.clone()}</span>
                                                    {n.unread.then(|| view! { " "<span class="badge">{t(Msg::NotifNew)}</span> })}
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            </div>
                        }.into_any(),
                        Err(e) => view! { <ErrorView e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn NotificationSettingsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_notification_settings());
    let save = ServerAction::<SaveNotificationSettings>::new();
    view! {
        <Title text=t(Msg::NotifSettingsTitle) />
        <section class="page">
            <h1>{t(Msg::NotifSettingsTitle)}</h1>
            <p class="lead">{t(Msg::NotifSettingsLead)}</p>
            <SocialNotice />
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(s) => view! {
                            <ActionForm action=save attr:class="stacked">
                                <table class="prefs">
                                    <thead><tr><th scope="col">{t(Msg::NotificationsTitle)}</th>
                                        {s.channels.iter().map(|c| view! { <th scope="col">{c.label.clone()}</th> }).collect_view()}
                                    </tr></thead>
                                    <tbody>
                                        {s.rows.into_iter().map(|r| {
                                            let channels = s.channels.clone();
                                            view! {
                                                <tr>
                                                    <th scope="row">{r.label.clone()}</th>
                                                    {channels.into_iter().map(|c| {
                                                        let id = format!("f-{}-{}", r.kind, c.value);
                                                        let checked = c.value == r.channel;
                                                        view! {
                                                            <td>
                                                                <input type="radio" id=id.clone() name=format!("prefs[{}]", r.kind) value=c.value.clone() checked=checked />
                                                                <label for=id class="visually-hidden">{format!("{}: {}", r.label, c.label)}</label>
                                                            </td>
                                                        }
                                                    }).collect_view()}
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                <p><button type="submit" class="button">{t(Msg::NotifSave)}</button></p>
                            </ActionForm>
                        }.into_any(),
                        Err(e) => view! { <ErrorView e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn UnsubscribeNotificationsPage() -> impl IntoView {
    let go = ServerAction::<UnsubscribeNotifications>::new();
    let token = kept("token");
    view! {
        <Title text=t(Msg::NotifUnsubscribeTitle) />
        <section class="page">
            <h1>{t(Msg::NotifUnsubscribeTitle)}</h1>
            <SocialNotice />
            {(!token.is_empty()).then(|| view! {
                <p>{t(Msg::NotifUnsubscribeLead)}</p>
                <ActionForm action=go>
                    <input type="hidden" name="token" value=token.clone() />
                    <button type="submit" class="button">{t(Msg::NotifUnsubscribeButton)}</button>
                </ActionForm>
            })}
        </section>
    }
}
