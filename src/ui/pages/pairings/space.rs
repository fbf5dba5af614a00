//! `/pairing/<id>/space`: the team's (and staff's) page — the agreement
//! and its signatures, the teams, the timeline, activities, notes,
//! documents and the history. Every form is a plain post.

use super::{AnyError, PostNotice};
use crate::dto::{ActivityView, Choice, PairingSpace};
use crate::i18n::Msg;
use crate::server_fns::pairings::{
    get_space, AddMilestone, AddPairingNote, DeleteActivity, MilestoneDone, RemovePairingFile,
    RemoveTeamMember, SaveActivity, SaveAgreement, SetPairingState, SetTeamMember, SignAgreement,
};
use crate::ui::components::form::{action_error, set_status, FieldError, TextArea};
use crate::ui::i18n::{t, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn kept(key: &str, default: &str) -> String {
    use_query_map()
        .read_untracked()
        .get(key)
        .unwrap_or_else(|| default.to_owned())
}

/// The activity form, empty or filled with one activity.
fn activity_form(
    action: ServerAction<SaveActivity>,
    pairing: i64,
    a: Option<ActivityView>,
    kinds: Vec<Choice>,
    cities: Vec<Choice>,
    error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let id = a.as_ref().map_or(0, |a| a.id);
    let p = move |s: &str| format!("f-a{id}-{s}");
    let (title, held_on, event, report_text) = match &a {
        Some(a) => (
            a.title.clone(),
            a.held_on.clone(),
            a.event.map(|e| e.to_string()).unwrap_or_default(),
            a.report.clone(),
        ),
        None => (
            kept("a_title", ""),
            kept("a_held_on", ""),
            kept("a_event", ""),
            kept("a_report", ""),
        ),
    };
    let kind = a.as_ref().map(|a| a.kind.clone()).unwrap_or_default();
    let city = a
        .as_ref()
        .and_then(|a| a.city_id)
        .map(|c| c.to_string())
        .unwrap_or_default();
    let public = a.as_ref().is_some_and(|a| a.public);
    let report_id = p("report");
    view! {
        <ActionForm action attr:class="stacked" attr:novalidate=true>
            <input type="hidden" name="id" value=pairing />
            <input type="hidden" name="activity" value=id />
            <div class="field">
                <label for=p("kind")>{t(Msg::ActivityKind)}</label>
                <select id=p("kind") name="form[kind]">
                    {kinds.into_iter().map(|k| { let s = k.value == kind; view! { <option value=k.value selected=s>{k.label}</option> } }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for=p("title")>{t(Msg::ActivityTitle)}</label>
                <input id=p("title") name="form[title]" value=title maxlength="160" />
                {(id == 0).then(|| view! { <FieldError name="title" error /> })}
            </div>
            <div class="field">
                <label for=p("held_on")>{t(Msg::ActivityDate)}</label>
                <input id=p("held_on") type="date" name="form[held_on]" value=held_on />
                {(id == 0).then(|| view! { <FieldError name="held_on" error /> })}
            </div>
            <div class="field">
                <label for=p("city")>{t(Msg::ActivityCity)}</label>
                <select id=p("city") name="form[city]">
                    <option value="">"—"</option>
                    {cities.into_iter().map(|c| { let s = c.value == city; view! { <option value=c.value selected=s>{c.label}</option> } }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for=p("event")>{t(Msg::ActivityEvent)}</label>
                <input id=p("event") name="form[event]" value=event inputmode="url" />
                <p class="hint">{t(Msg::ActivityEventHint)}</p>
                {(id == 0).then(|| view! { <FieldError name="event" error /> })}
            </div>
            <div class="field">
                <label for=p("report")>{t(Msg::ActivityReport)}</label>
                <TextArea value=report_text.clone() {..} id=report_id name="form[report]" rows="4" />
            </div>
            <label class="check"><input type="checkbox" name="form[public]" checked=public />{t(Msg::ShowPublicly)}</label>
            <button type="submit" class="button">{t(if id == 0 { Msg::ActivityAdd } else { Msg::SaveChanges })}</button>
        </ActionForm>
    }
}

#[component]
pub fn PairingSpacePage() -> impl IntoView {
    let locale = use_locale();
    let id = crate::ui::pages::use_id_param();
    let data = Resource::new(move || id.get(), get_space);
    let agreement = ServerAction::<SaveAgreement>::new();
    let state = ServerAction::<SetPairingState>::new();
    let sign = ServerAction::<SignAgreement>::new();
    let member = ServerAction::<SetTeamMember>::new();
    let remove_member = ServerAction::<RemoveTeamMember>::new();
    let milestone = ServerAction::<AddMilestone>::new();
    let done = ServerAction::<MilestoneDone>::new();
    let activity = ServerAction::<SaveActivity>::new();
    let delete_activity = ServerAction::<DeleteActivity>::new();
    let note = ServerAction::<AddPairingNote>::new();
    let remove_file = ServerAction::<RemovePairingFile>::new();
    let other_error = Signal::derive(move || {
        action_error(remove_member)
            .get()
            .or(action_error(done).get())
            .or(action_error(delete_activity).get())
            .or(action_error(remove_file).get())
            .or(action_error(state).get().filter(|e| e.field().is_none()))
            .or(action_error(agreement)
                .get()
                .filter(|e| e.field().is_none()))
            .or(action_error(sign).get().filter(|e| e.field().is_none()))
    });
    view! {
        <section class="page pairing-space">
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(s) => space_view(s, locale, agreement, state, sign, member, remove_member, milestone, done, activity, delete_activity, note, remove_file, other_error).into_any(),
                        Err(e) => {
                            set_status(&e);
                            view! {
                                <Title text=t(Msg::PairingSpace) />
                                <h1>{t(Msg::PairingSpace)}</h1>
                                <p class="alert" role="alert">{e.message(locale)}</p>
                                <p><a href="/pairings">{t(Msg::NavPairings)}</a></p>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[allow(clippy::too_many_arguments)]
fn space_view(
    s: PairingSpace,
    locale: crate::domain::Locale,
    agreement: ServerAction<SaveAgreement>,
    state: ServerAction<SetPairingState>,
    sign: ServerAction<SignAgreement>,
    member: ServerAction<SetTeamMember>,
    remove_member: ServerAction<RemoveTeamMember>,
    milestone: ServerAction<AddMilestone>,
    done: ServerAction<MilestoneDone>,
    activity: ServerAction<SaveActivity>,
    delete_activity: ServerAction<DeleteActivity>,
    note: ServerAction<AddPairingNote>,
    remove_file: ServerAction<RemovePairingFile>,
    other_error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let file_error = use_query_map()
        .read_untracked()
        .get("file_error")
        .and_then(|k| {
            [
                Msg::ErrDocumentTooLarge,
                Msg::ErrDocumentUnreadable,
                Msg::ErrDocumentMissing,
                Msg::ErrDocumentType,
                Msg::ErrForbidden,
                Msg::ErrRateLimited,
            ]
            .into_iter()
            .find(|m| format!("{m:?}") == k)
        });
    let c = s.card.clone();
    let pid = c.id;
    let public = format!("/pairing/{pid}");
    let plan = format!("/pairing/{pid}/plan");
    let state_error = action_error(state);
    let agreement_error = action_error(agreement);
    let sign_error = action_error(sign);
    let member_error = action_error(member);
    let milestone_error = action_error(milestone);
    let activity_error = action_error(activity);
    let note_error = action_error(note);
    let upload = format!("/pairing/{pid}/documents");
    view! {
        <Title text=format!("{} — {}", c.title, t(Msg::PairingSpace)) />
        <p><a href="/pairings">{t(Msg::NavPairings)}</a>" · "<a href=public>{t(Msg::PublicPage)}</a>" · "<a href=plan.clone()>{t(Msg::PlanTitle)}</a></p>
        <h1>{c.title.clone()}</h1>
        <PostNotice />
        <AnyError error=other_error />
        {file_error.map(|m| view! { <p class="alert" role="alert">{t(m)}</p> })}
        <section id="state">
            <p>
                <span class="badge">{c.kind.clone()}</span>" "
                <span class=format!("badge state-{}", c.state)>{c.state_label.clone()}</span>" "
                {Msg::CohortYear.fill(locale, &[("year", &c.cohort_year.to_string())])}
            </p>
            {(!s.period.is_empty()).then(|| view! { <p>{s.period.clone()}</p> })}
            {(!s.next_states.is_empty()).then(|| view! {
                <div class="actions">
                    {s.next_states.clone().into_iter().map(|st| {
                        let ending = st.value == "ended";
                        view! {
                            <ActionForm action=state attr:class="inline">
                                <input type="hidden" name="id" value=pid />
                                <input type="hidden" name="to" value=st.value.clone() />
                                {ending.then(|| view! {
                                    <label for="f-reason">{t(Msg::EndedWhy)}</label>
                                    <input id="f-reason" name="reason" value=kept("reason", "") />
                                    <FieldError name="reason" error=state_error />
                                })}
                                <button type="submit" class="button secondary">{st.label.clone()}</button>
                            </ActionForm>
                        }
                    }).collect_view()}
                </div>
            })}
        </section>
        <section id="agreement">
            <h2>{t(Msg::AgreementTitle)}</h2>
            <div class="prose agreement" inner_html=s.agreement.clone()></div>
            <ul class="plain signatures">
                {s.team.clone().into_iter().map(|tc| view! {
                    <li><strong>{tc.city.clone()}</strong>": "
                        {if tc.signed.is_empty() { t(Msg::NotSignedYet).to_owned() } else { tc.signed.clone() }}
                    </li>
                }).collect_view()}
            </ul>
            {s.sign_for.clone().map(|(_, city)| view! {
                <ActionForm action=sign attr:class="stacked sign" attr:novalidate=true>
                    <h3>{Msg::SignFor.fill(locale, &[("city", &city)])}</h3>
                    <input type="hidden" name="id" value=pid />
                    <div class="field">
                        <label for="f-name">{t(Msg::SignName)}</label>
                        <input id="f-name" name="form[name]" value=kept("name", &s.reader_name) autocomplete="name" />
                        <FieldError name="name" error=sign_error />
                    </div>
                    <div class="field">
                        <label for="f-role">{t(Msg::SignRole)}</label>
                        <input id="f-role" name="form[role]" value=kept("role", "") />
                        <FieldError name="role" error=sign_error />
                    </div>
                    <div class="field">
                        <label for="f-signed_on">{t(Msg::SignDate)}</label>
                        <input id="f-signed_on" type="date" name="form[signed_on]" value=s.today.clone() max=s.today.clone() />
                        <FieldError name="signed_on" error=sign_error />
                    </div>
                    <label class="check" for="f-confirm"><input type="checkbox" id="f-confirm" name="form[confirm]" />{t(Msg::SignConfirm)}</label>
                    <FieldError name="confirm" error=sign_error />
                    <button type="submit" class="button">{t(Msg::SignButton)}</button>
                </ActionForm>
            })}
            {s.can_edit_agreement.then(|| view! {
                <details open=move || agreement_error.get().is_some_and(|e| e.field().is_some())>
                    <summary>{t(Msg::AgreementEdit)}</summary>
                    <ActionForm action=agreement attr:class="stacked" attr:novalidate=true>
                        <input type="hidden" name="id" value=pid />
                        <input type="hidden" name="version" value=s.version />
                        {s.signed_any.then(|| view! { <p class="notice">{t(Msg::AgreementResign)}</p> })}
                        <fieldset class="choices" id="f-themes">
                            <legend>{t(Msg::AgreedAreas)}</legend>
                            {s.theme_choices.iter().enumerate().map(|(i, (ch, on))| {
                                let fid = format!("f-theme-{}", ch.value);
                                view! { <label class="check" for=fid.clone()><input type="checkbox" id=fid.clone() name=format!("form[themes][{i}]") value=ch.value.clone() checked=*on />{ch.label.clone()}</label> }
                            }).collect_view()}
                            <FieldError name="themes" error=agreement_error />
                        </fieldset>
                        <div class="field">
                            <label for="f-commitments">{t(Msg::AgreementCommitments)}</label>
                            <TextArea value=kept("commitments", &s.commitments) {..} id="f-commitments" name="form[commitments]" rows="6" />
                            <FieldError name="commitments" error=agreement_error />
                        </div>
                        <button type="submit" class="button">{t(Msg::SaveChanges)}</button>
                    </ActionForm>
                </details>
            })}
        </section>
        <section id="team">
            <h2>{t(Msg::PairingTeam)}</h2>
            {s.team.clone().into_iter().map(|tc| {
                let city_id = tc.city_id;
                let can = s.staff || s.coordinator;
                view! {
                    <h3>{tc.city.clone()}</h3>
                    <ul class="plain">
                        {tc.members.clone().into_iter().map(|m| view! {
                            <li>
                                {m.name.clone()}
                                {m.coordinator.then(|| view! { " "<span class="badge">{t(Msg::TeamCoordinator)}</span> })}
                                {m.signatory.then(|| view! { " "<span class="badge">{t(Msg::TeamSignatory)}</span> })}
                                {can.then(|| view! {
                                    <ActionForm action=remove_member attr:class="inline">
                                        <input type="hidden" name="id" value=pid />
                                        <input type="hidden" name="member" value=m.id />
                                        <button type="submit" class="link">{t(Msg::Remove)}</button>
                                    </ActionForm>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                    {can.then(|| {
                        let fid = format!("f-email-{city_id}");
                        view! {
                            <ActionForm action=member attr:class="inline-form" attr:novalidate=true>
                                <input type="hidden" name="id" value=pid />
                                <input type="hidden" name="city_id" value=city_id />
                                <label for=fid.clone()>{t(Msg::TeamAddEmail)}</label>
                                <input id=fid type="email" name="email" autocomplete="off" />
                                <label class="check"><input type="checkbox" name="coordinator" />{t(Msg::TeamCoordinator)}</label>
                                <label class="check"><input type="checkbox" name="signatory" />{t(Msg::TeamSignatory)}</label>
                                <button type="submit" class="button secondary">{t(Msg::TeamAdd)}</button>
                            </ActionForm>
                        }
                    })}
                }
            }).collect_view()}
            <FieldError name="email" error=member_error />
        </section>
        <section id="timeline">
            <h2>{t(Msg::Timeline)}</h2>
            {if s.milestones.is_empty() {
                view! { <p class="hint">{t(Msg::TimelineAfterSigning)}</p> }.into_any()
            } else {
                view! {
                    <ol class="timeline">
                        {s.milestones.clone().into_iter().map(|m| {
                            let is_done = !m.done.is_empty();
                            view! {
                                <li class:overdue=m.overdue class:done=is_done>
                                    <time datetime=m.due_iso.clone()>{m.due.clone()}</time>" — "<strong>{m.label.clone()}</strong>
                                    {m.overdue.then(|| view! { " "<span class="badge warn">{t(Msg::Overdue)}</span> })}
                                    {is_done.then(|| view! { " · "{Msg::DoneOn.fill(locale, &[("date", &m.done)])} })}
                                    <ActionForm action=done attr:class="inline">
                                        <input type="hidden" name="id" value=pid />
                                        <input type="hidden" name="milestone" value=m.id />
                                        <input type="hidden" name="done" value=if is_done { "no" } else { "yes" } />
                                        <button type="submit" class="link">{t(if is_done { Msg::MarkNotDone } else { Msg::MarkDone })}</button>
                                    </ActionForm>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            <details open=move || milestone_error.get().is_some_and(|e| e.field().is_some())>
                <summary>{t(Msg::MilestoneAdd)}</summary>
                <ActionForm action=milestone attr:class="stacked" attr:novalidate=true>
                    <input type="hidden" name="id" value=pid />
                    <div class="field">
                        <label for="f-m-title">{t(Msg::MilestoneTitle)}</label>
                        <input id="f-m-title" name="form[title]" value=kept("title", "") />
                        <FieldError name="title" error=milestone_error />
                    </div>
                    <div class="field">
                        <label for="f-m-due">{t(Msg::MilestoneDue)}</label>
                        <input id="f-m-due" type="date" name="form[due_on]" value=kept("due_on", "") />
                        <FieldError name="due_on" error=milestone_error />
                    </div>
                    <button type="submit" class="button secondary">{t(Msg::MilestoneAdd)}</button>
                </ActionForm>
            </details>
        </section>
        <section id="activities">
            <h2>{t(Msg::PairingActivities)}</h2>
            <ul class="plain">
                {s.activities.clone().into_iter().map(|a| view! {
                    <li class="activity">
                        <strong>{a.title.clone()}</strong>" · "{a.kind_label.clone()}" · "{a.date.clone()}
                        {(!a.city.is_empty()).then(|| format!(" · {}", a.city))}
                        {a.event.map(|e| view! { " · "<a href=format!("/events/{e}")>{t(Msg::SeeEvent)}</a> })}
                        {a.public.then(|| view! { " "<span class="badge">{t(Msg::Public)}</span> })}
                        <div class="prose" inner_html=a.report_html.clone()></div>
                        <details>
                            <summary>{t(Msg::ActivityEditReport)}</summary>
                            {activity_form(activity, pid, Some(a.clone()), s.activity_kinds.clone(), s.cities.clone(), activity_error)}
                            <ActionForm action=delete_activity attr:class="inline">
                                <input type="hidden" name="id" value=pid />
                                <input type="hidden" name="activity" value=a.id />
                                <button type="submit" class="link danger">{t(Msg::Remove)}</button>
                            </ActionForm>
                        </details>
                    </li>
                }).collect_view()}
            </ul>
            <details open=move || activity_error.get().is_some_and(|e| e.field().is_some())>
                <summary>{t(Msg::ActivityAdd)}</summary>
                {activity_form(activity, pid, None, s.activity_kinds.clone(), s.cities.clone(), activity_error)}
            </details>
        </section>
        <section id="notes">
            <h2>{t(Msg::TeamNotes)}</h2>
            <p class="hint">{t(Msg::TeamOnlyHint)}</p>
            <ActionForm action=note attr:class="stacked" attr:novalidate=true>
                <input type="hidden" name="id" value=pid />
                <div class="field">
                    <label for="f-body">{t(Msg::NoteAdd)}</label>
                    <TextArea value=kept("body", "") {..} id="f-body" name="body" rows="3" />
                    <FieldError name="body" error=note_error />
                </div>
                <button type="submit" class="button secondary">{t(Msg::NoteAdd)}</button>
            </ActionForm>
            <ul class="plain notes">
                {s.notes.clone().into_iter().map(|n| view! {
                    <li><p class="hint">{n.author.clone()}" · "{n.when.clone()}</p><div class="prose" inner_html=n.text.clone()></div></li>
                }).collect_view()}
            </ul>
        </section>
        <section id="documents">
            <h2>{t(Msg::TeamDocuments)}</h2>
            <form method="post" action=upload enctype="multipart/form-data" class="stacked">
                <div class="field">
                    <label for="f-file">{t(Msg::DocumentAdd)}</label>
                    <input id="f-file" type="file" name="file" accept="application/pdf,.pdf" />
                    <p class="hint">{t(Msg::CallDocumentHint)}</p>
                </div>
                <button type="submit" class="button secondary">{t(Msg::DocumentUpload)}</button>
            </form>
            <ul class="plain">
                {s.files.clone().into_iter().map(|f| {
                    let href = format!("/pairing/{pid}/documents/{}", f.id);
                    view! {
                        <li>
                            <a href=href download="">{f.text.clone()}</a>" · PDF, "{f.size.clone()}" · "{f.author.clone()}" · "{f.when.clone()}
                            <ActionForm action=remove_file attr:class="inline">
                                <input type="hidden" name="id" value=pid />
                                <input type="hidden" name="file" value=f.id />
                                <button type="submit" class="link">{t(Msg::Remove)}</button>
                            </ActionForm>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        <section id="history">
            <h2>{t(Msg::History)}</h2>
            <ul class="plain">
                {s.history.clone().into_iter().map(|h| view! { <li>{h.when.clone()}" · "{h.who.clone()}" · "{h.what.clone()}</li> }).collect_view()}
            </ul>
        </section>
    }
}
