//! `/moderation`: the reports a moderator may act on (staff: all; a
//! network's moderators: posts in their network), hide, restore, dismiss,
//! suspend; and the log of who did what and why (staff).

use super::{ErrorView, SocialNotice};
use crate::i18n::Msg;
use crate::server_fns::social::{get_moderation, Moderate};
use crate::ui::components::form::{action_error, FieldError, FormAlert};
use crate::ui::i18n::{t, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ModerationPage() -> impl IntoView {
    let locale = use_locale();
    let data = Resource::new(|| (), |_| get_moderation());
    let act = ServerAction::<Moderate>::new();
    let error = action_error(act);
    view! {
        <Title text=t(Msg::ModerationTitle) />
        <section class="page moderation">
            <h1>{t(Msg::ModerationTitle)}</h1>
            <SocialNotice />
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(q) => view! {
                            <p class="lead">{Msg::ModerationLead.fill(locale, &[("n", &q.threshold.to_string())])}</p>
                            <FormAlert error />
                            {if q.items.is_empty() {
                                view! { <p>{t(Msg::ModerationEmpty)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="cards">
                                        {q.items.into_iter().map(|i| {
                                            let fid = i.subject.replace(':', "-");
                                            let li_id = format!("report-{fid}");
                                            let why_id = format!("f-why-{fid}");
                                            view! {
                                                <li class="card" id=li_id>
                                                    <p class="hint">
                                                        <span class="badge">{i.kind.clone()}</span>" "
                                                        {Msg::ModerationReports.fill(locale, &[("n", &i.reporters.to_string())])}
                                                        {i.hidden.then(|| view! { " · "<span class="badge state-hidden">{t(Msg::PostHiddenBadge)}</span> })}
                                                        {i.author_suspended.then(|| view! { " · "<span class="badge">{t(Msg::ModerationSuspended)}</span> })}
                                                    </p>
                                                    <h2><a href=format!("/people/{}", i.author_id)>{i.author_name.clone()}</a></h2>
                                                    {(!i.excerpt.is_empty()).then(|| view! { <blockquote class="pre">{i.excerpt.clone()}</blockquote> })}
                                                    {(!i.href.is_empty()).then(|| view! { <p><a href=i.href.clone()>{t(Msg::ModerationOpen)}</a></p> })}
                                                    <ul class="hint">{i.reasons.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ul>
                                                    <ActionForm action=act attr:class="stacked">
                                                        <input type="hidden" name="subject" value=i.subject.clone() />
                                                        <div class="field">
                                                            <label for=why_id.clone()>{t(Msg::ModerationWhy)}</label>
                                                            <input id=why_id name="reason" maxlength="300" />
                                                            <FieldError name="reason" error />
                                                        </div>
                                                        <p class="actions">
                                                            {[("hide", Msg::ModHide), ("restore", Msg::ModRestore), ("dismiss", Msg::ModDismiss)].into_iter().map(|(a, m)| view! {
                                                                <button type="submit" name="action" value=a class="button small secondary">{t(m)}</button>" "
                                                            }).collect_view()}
                                                            {if i.author_suspended {
                                                                view! { <button type="submit" name="action" value="reinstate" class="button small secondary">{t(Msg::ModReinstate)}</button> }.into_any()
                                                            } else {
                                                                view! { <button type="submit" name="action" value="suspend" class="button small danger">{t(Msg::ModSuspend)}</button> }.into_any()
                                                            }}
                                                        </p>
                                                    </ActionForm>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                            {(!q.log.is_empty()).then(|| view! {
                                <section aria-labelledby="mod-log">
                                    <h2 id="mod-log">{t(Msg::ModerationLog)}</h2>
                                    <table class="log">
                                        <thead><tr>
                                            <th scope="col">{t(Msg::ModerationWhen)}</th>
                                            <th scope="col">{t(Msg::ModerationWho)}</th>
                                            <th scope="col">{t(Msg::ModerationWhat)}</th>
                                            <th scope="col">{t(Msg::ModerationWhy)}</th>
                                        </tr></thead>
                                        <tbody>{q.log.into_iter().map(|e| view! {
                                            <tr><td>{e.date}</td><td>{e.who}</td><td>{format!("{} · {}", e.action, e.subject)}</td><td>{e.reason}</td></tr>
                                        }).collect_view()}</tbody>
                                    </table>
                                </section>
                            })}
                        }.into_any(),
                        Err(e) => view! { <ErrorView e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
