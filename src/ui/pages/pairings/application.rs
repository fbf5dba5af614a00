//! An application: the task list (which steps are done), the team, and the
//! actions (submit, withdraw, reopen); one page per step, saved on the
//! server at every step; the documents; "check your answers" before
//! submitting. Every form is a plain post: it works without scripts.

use super::{AnyError, PostNotice, When};
use crate::domain::call::Step;
use crate::dto::ApplicationView;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::server_fns::calls::{get_application, AnswerJoin, RemoveDocument, ReopenApplication};
use crate::server_fns::calls::{get_invitation, AcceptInvitation, InviteCoapplicant};
use crate::server_fns::calls::{SaveStep, SubmitApplication, WithdrawApplication};
use crate::ui::autosave::DraftAutosave;
use crate::ui::components::form::{action_error, set_status, FieldError, FormAlert, TextArea};
use crate::ui::i18n::{t, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn load() -> (Memo<i64>, Resource<Result<ApplicationView, AppError>>) {
    let id = crate::ui::pages::use_id_param();
    (id, Resource::new(move || id.get(), get_application))
}

fn failed(e: AppError) -> AnyView {
    let locale = use_locale();
    set_status(&e);
    view! {
        <Title text=t(Msg::NavPairings) />
        <h1>{t(Msg::NavPairings)}</h1>
        <p class="alert" role="alert">{e.message(locale)}</p>
        <p><a href="/pairings">{t(Msg::NavPairings)}</a></p>
    }
    .into_any()
}

#[component]
fn Heading(a: ApplicationView) -> impl IntoView {
    let back = format!("/pairings/applications/{}", a.id);
    view! {
        <p><a href="/pairings">{t(Msg::NavPairings)}</a>" · "<a href=back>{a.reference.clone()}</a></p>
        <h1>{a.city.clone()}</h1>
        <p class="lead">{a.call_title.clone()}</p>
        <p><span class="badge">{a.status_label.clone()}</span>" "{a.decision_label.clone()}" · "<span>{a.saved.clone()}</span></p>
        <When label=Msg::CallDeadline moment=a.deadline.clone() />
        {a.read_only.clone().map(|r| view! { <p class="alert" role="status">{r}</p> })}
    }
}

/// The task list, the team and what can be done now.
#[component]
pub fn ApplicationPage() -> impl IntoView {
    let locale = use_locale();
    let (_, data) = load();
    let submit = ServerAction::<SubmitApplication>::new();
    let withdraw = ServerAction::<WithdrawApplication>::new();
    let reopen = ServerAction::<ReopenApplication>::new();
    let join = ServerAction::<AnswerJoin>::new();
    let invite = ServerAction::<InviteCoapplicant>::new();
    let invite_error = action_error(invite);
    let error = Signal::derive(move || {
        action_error(submit)
            .get()
            .or(action_error(withdraw).get())
            .or(action_error(reopen).get())
            .or(action_error(join).get())
    });
    view! {
        <section class="page application">
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let a = match data.await { Ok(a) => a, Err(e) => return failed(e) };
                    let id = a.id;
                    let done = a.steps.iter().filter(|s| s.done).count();
                    let total = a.steps.len();
                    view! {
                        <Title text=format!("{} — {}", a.reference, a.city) />
                        <Heading a=a.clone() />
                        <PostNotice />
                        <AnyError error />
                        {a.population_note.clone().map(|n| view! { <p class="hint">{n}</p> })}
                        {a.submitted_at.clone().map(|s| view! { <p>{Msg::SubmittedOn.fill(locale, &[("date", &s)])}</p> })}
                        <h2>{t(Msg::TaskList)}</h2>
                        <p>{Msg::StepsDone.fill(locale, &[("done", &done.to_string()), ("total", &total.to_string())])}</p>
                        <ol class="task-list">
                            {a.steps.iter().map(|s| {
                                let href = format!("/pairings/applications/{id}/{}", s.step.as_str());
                                view! {
                                    <li>
                                        <a href=href>{s.label.clone()}</a>" "
                                        <span class=if s.done { "badge done" } else { "badge" }>
                                            {if s.done { t(Msg::StepDone) } else { t(Msg::StepToDo) }}
                                        </span>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                        <p><a class="button" href=format!("/pairings/applications/{id}/check")>{t(Msg::CheckAnswers)}</a></p>
                        {(a.status == crate::domain::call::ApplicationStatus::Submitted || a.status == crate::domain::call::ApplicationStatus::Withdrawn)
                            .then(|| a.read_only.is_some()).filter(|x| *x).map(|_| view! {
                                <ActionForm action=reopen attr:class="inline">
                                    <input type="hidden" name="id" value=id />
                                    <button type="submit" class="button secondary">{t(Msg::AppReopen)}</button>
                                </ActionForm>
                            })}
                        {(a.status != crate::domain::call::ApplicationStatus::Withdrawn).then(|| view! {
                            <ActionForm action=withdraw attr:class="inline">
                                <input type="hidden" name="id" value=id />
                                <button type="submit" class="button secondary">{t(Msg::AppWithdraw)}</button>
                            </ActionForm>
                        })}
                        <h2>{t(Msg::AppTeam)}</h2>
                        <ul class="plain">{a.applicants.iter().map(|p| view! { <li>{p.name.clone()}</li> }).collect_view()}</ul>
                        <p class="hint">{t(Msg::AppTeamHint)}</p>
                        {a.editable.then(|| view! {
                            <ActionForm action=invite attr:class="inline-form">
                                <input type="hidden" name="id" value=id />
                                <div class="field">
                                    <label for="f-email">{t(Msg::InviteEmail)}</label>
                                    <input id="f-email" name="email" type="email" autocomplete="off"
                                        value=use_query_map().read_untracked().get("email").unwrap_or_default()
                                        aria-describedby="f-email-error" />
                                    <FieldError name="email" error=invite_error />
                                </div>
                                <button type="submit" class="button small">{t(Msg::InviteSend)}</button>
                            </ActionForm>
                        })}
                        {(a.is_lead && !a.asking.is_empty()).then(|| view! {
                            <h3>{t(Msg::AppAsking)}</h3>
                            <ul class="plain">
                                {a.asking.clone().into_iter().map(|p| view! {
                                    <li>
                                        {p.name.clone()}" "
                                        <ActionForm action=join attr:class="inline">
                                            <input type="hidden" name="id" value=id />
                                            <input type="hidden" name="member" value=p.id />
                                            <button type="submit" class="button small" name="accept" value="yes">{t(Msg::Accept)}</button>
                                            <button type="submit" class="button small secondary" name="accept" value="no">{t(Msg::Decline)}</button>
                                        </ActionForm>
                                    </li>
                                }).collect_view()}
                            </ul>
                        })}
                        {a.editable.then(|| view! {
                            <ActionForm action=submit>
                                <input type="hidden" name="id" value=id />
                                <button type="submit" class="button">{t(Msg::AppSubmit)}</button>
                            </ActionForm>
                        })}
                    }.into_any()
                })}
            </Transition>
        </section>
    }
}

/// `/pairings/applications/:id/:step`: one step's form, the documents, or
/// "check your answers".
#[component]
pub fn ApplicationStepPage() -> impl IntoView {
    let params = use_params_map();
    let step = Memo::new(move |_| params.read().get("step").unwrap_or_default());
    let (_, data) = load();
    view! {
        <section class="page application">
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let a = match data.await { Ok(a) => a, Err(e) => return failed(e) };
                    match step.get_untracked().as_str() {
                        "check" => view! { <CheckAnswers a /> }.into_any(),
                        "documents" => view! { <Documents a /> }.into_any(),
                        s => match Step::parse(s) {
                            Some(s) => view! { <StepForm a step=s /> }.into_any(),
                            None => failed(AppError::NotFound),
                        },
                    }
                })}
            </Transition>
        </section>
    }
}

/// A text input of a step, with what a failed post kept.
#[component]
fn Line(
    name: &'static str,
    label: Msg,
    value: String,
    error: Signal<Option<AppError>>,
    disabled: bool,
    #[prop(default = "text")] kind: &'static str,
) -> impl IntoView {
    let kept = use_query_map().read_untracked().get(name);
    let id = format!("f-{name}");
    view! {
        <div class="field">
            <label for=id.clone()>{t(label)}</label>
            <input id=id name=format!("form[{name}]") type=kind maxlength="200" value=kept.unwrap_or(value)
                disabled=disabled aria-describedby=format!("f-{name}-error") />
            <FieldError name error />
        </div>
    }
}

#[component]
fn Block(
    name: &'static str,
    label: Msg,
    #[prop(optional)] hint: Option<Msg>,
    value: String,
    error: Signal<Option<AppError>>,
    disabled: bool,
) -> impl IntoView {
    let kept = use_query_map().read_untracked().get(name);
    let id = format!("f-{name}");
    view! {
        <div class="field">
            <label for=id.clone()>{t(label)}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("f-{name}-hint")>{t(h)}</p> })}
            <TextArea value=kept.unwrap_or(value) {..} id=id name=format!("form[{name}]") rows="6" maxlength="4000"
                disabled=disabled aria-describedby=format!("f-{name}-hint f-{name}-error") />
            <FieldError name error />
        </div>
    }
}

#[component]
fn StepForm(a: ApplicationView, step: Step) -> impl IntoView {
    let locale = use_locale();
    let save = ServerAction::<SaveStep>::new();
    let error = action_error(save);
    let conflict = move || matches!(error.get(), Some(AppError::Conflict));
    let off = !a.editable;
    let x = a.answers.clone();
    let id = a.id;
    let fields = match step {
        Step::Contacts => view! {
            <Line name="mayor_office" label=Msg::FieldMayorOffice value=x.mayor_office.clone() error disabled=off />
            <Line name="coordinator_name" label=Msg::FieldCoordinatorName value=x.coordinator_name.clone() error disabled=off />
            <Line name="coordinator_email" label=Msg::FieldCoordinatorEmail kind="email" value=x.coordinator_email.clone() error disabled=off />
            <Line name="department" label=Msg::FieldDepartment value=x.department.clone() error disabled=off />
        }.into_any(),
        Step::Motivation => view! {
            <Block name="motivation" label=Msg::FieldMotivation value=x.motivation.clone() error disabled=off />
            <Block name="challenges" label=Msg::FieldChallenges hint=Msg::ChallengesHint value=x.challenges.clone() error disabled=off />
        }.into_any(),
        Step::Priorities => view! {
            <fieldset class="choices" id="f-priorities">
                <legend>{t(Msg::StepPriorities)}</legend>
                <p class="hint">{t(Msg::PrioritiesHint)}</p>
                <div class="grid">
                    {a.themes.iter().enumerate().map(|(i, c)| {
                        let fid = format!("f-priority-{}", c.value);
                        view! {
                            <label for=fid.clone() class="check">
                                <input type="checkbox" id=fid.clone() name=format!("form[priorities][{i}]") value=c.value.clone()
                                    checked=x.priorities.contains(&c.value) disabled=off />
                                {c.label.clone()}
                            </label>
                        }
                    }).collect_view()}
                </div>
                <FieldError name="priorities" error />
            </fieldset>
            <fieldset class="choices" id="f-sdgs">
                <legend>{t(Msg::SdgsLabel)}</legend>
                <div class="grid">
                    {a.sdgs.iter().enumerate().map(|(i, c)| {
                        let fid = format!("f-sdg-{}", c.value);
                        let n: u8 = c.value.parse().unwrap_or(0);
                        view! {
                            <label for=fid.clone() class="check">
                                <input type="checkbox" id=fid.clone() name=format!("form[sdgs][{i}]") value=c.value.clone()
                                    checked=x.sdgs.contains(&n) disabled=off />
                                {c.label.clone()}
                            </label>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        }.into_any(),
        Step::Experience => view! {
            <Block name="experience" label=Msg::FieldExperience hint=Msg::ExperienceHint value=x.experience.clone() error disabled=off />
        }.into_any(),
        Step::Resources => view! {
            <Block name="staff_time" label=Msg::FieldStaffTime hint=Msg::StaffTimeHint value=x.staff_time.clone() error disabled=off />
            <Block name="budget" label=Msg::FieldBudget hint=Msg::BudgetHint value=x.budget.clone() error disabled=off />
        }.into_any(),
        Step::Partner => view! {
            <Block name="partner" label=Msg::FieldPartner value=x.partner.clone() error disabled=off />
            {(!a.partner_suggestions.is_empty()).then(|| view! {
                <p class="hint">{t(Msg::PartnerSuggestions)}" "{a.partner_suggestions.join(" · ")}</p>
            })}
        }.into_any(),
        Step::Questions => view! {
            {a.questions.iter().map(|q| {
                let fid = format!("f-extra-{}", q.id);
                let v = x.extra.get(&q.id.to_string()).cloned().unwrap_or_default();
                view! {
                    <div class="field">
                        <label for=fid.clone()>{q.text.clone()}{q.required.then(|| format!(" ({})", t(Msg::Required)))}</label>
                        <TextArea value={v} {..} id=fid name=format!("form[extra][{}]", q.id) rows="5" maxlength="4000" disabled=off />
                    </div>
                }
            }).collect_view()}
            <FieldError name="extra" error />
        }.into_any(),
        Step::Language => view! {
            <fieldset class="choices" id="f-language">
                <legend>{t(Msg::StepLanguage)}</legend>
                {crate::domain::Locale::ALL.iter().map(|l| {
                    let fid = format!("f-language-{}", l.code());
                    view! {
                        <label for=fid.clone() class="check">
                            <input type="radio" id=fid.clone() name="form[language]" value=l.code() checked=a.language == l.code() disabled=off />
                            {l.native_name()}
                        </label>
                    }
                }).collect_view()}
                <FieldError name="language" error />
            </fieldset>
        }.into_any(),
        Step::Documents => view! { <p><a href=format!("/pairings/applications/{id}/documents")>{t(Msg::StepDocuments)}</a></p> }.into_any(),
    };
    let prev = step
        .previous()
        .map(|p| format!("/pairings/applications/{id}/{}", p.as_str()));
    view! {
        <Title text=format!("{} — {}", t(step.label()), a.city) />
        <Heading a=a.clone() />
        <h2>{t(step.label())}</h2>
        <PostNotice />
        {move || conflict().then(|| view! { <p class="alert" role="alert">{t(Msg::AppConflict)}</p> })}
        <p id="save-status" class="hint" role="status" aria-live="polite">{a.saved.clone()}</p>
        {a.editable.then(|| view! {
            <DraftAutosave form="step-form".to_owned() status="save-status".to_owned() texts=vec![
                t(Msg::Saving).to_owned(),
                t(Msg::SavedAt).to_owned(),
                t(Msg::NotSavedRetrying).to_owned(),
                t(Msg::AppConflict).to_owned(),
                locale.code().to_owned(),
            ] />
        })}
        <ActionForm action=save attr:novalidate=true attr:class="step-form" attr:id="step-form">
            <FormAlert error />
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="version" value=a.version />
            <input type="hidden" name="step" value=step.as_str() />
            {fields}
            {a.editable.then(|| view! {
                <div class="actions">
                    <button type="submit" class="button" name="go" value="next">{t(Msg::SaveAndContinue)}</button>
                    <button type="submit" class="button secondary" name="go" value="list">{t(Msg::SaveAndReturn)}</button>
                </div>
                <p class="hint">{Msg::DraftNote.text(locale)}</p>
            })}
        </ActionForm>
        <nav class="pager" aria-label=t(Msg::TaskList)>
            {prev.map(|p| view! { <a href=p>{t(Msg::PreviousStep)}</a> })}
            <a href=format!("/pairings/applications/{id}")>{t(Msg::TaskList)}</a>
        </nav>
    }
}

#[component]
fn Documents(a: ApplicationView) -> impl IntoView {
    let locale = use_locale();
    let remove = ServerAction::<RemoveDocument>::new();
    let error = action_error(remove);
    let q = use_query_map();
    let file_error = q.read_untracked().get("file_error").and_then(|k| {
        [
            Msg::ErrDocumentTooLarge,
            Msg::ErrDocumentUnreadable,
            Msg::ErrDocumentMissing,
            Msg::ErrDocumentType,
            Msg::ErrTooManyFiles,
            Msg::AppSubmittedReadOnly,
            Msg::AppDeadlinePassed,
            Msg::ErrForbidden,
            Msg::ErrRateLimited,
        ]
        .into_iter()
        .find(|m| format!("{m:?}") == k)
    });
    let id = a.id;
    let action = format!("/pairings/applications/{id}/upload");
    view! {
        <Title text=format!("{} — {}", t(Msg::StepDocuments), a.city) />
        <Heading a=a.clone() />
        <h2>{t(Msg::StepDocuments)}</h2>
        <PostNotice />
        <FormAlert error />
        <p>{t(Msg::DocumentsLead)}</p>
        {if a.files.is_empty() {
            view! { <p>{t(Msg::NoDocumentsYet)}</p> }.into_any()
        } else {
            view! {
                <ul class="plain">
                    {a.files.clone().into_iter().map(|f| {
                        let href = format!("/pairings/applications/{id}/documents/{}", f.id);
                        view! {
                            <li>
                                <strong>{f.kind_label.clone()}</strong>": "<a href=href>{f.name.clone()}</a>" ("{f.size.clone()}") "
                                {a.editable.then(|| view! {
                                    <ActionForm action=remove attr:class="inline">
                                        <input type="hidden" name="id" value=id />
                                        <input type="hidden" name="file" value=f.id />
                                        <button type="submit" class="link">{Msg::RemoveFile.fill(locale, &[("name", &f.name)])}</button>
                                    </ActionForm>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {a.editable.then(|| view! {
            <form method="post" action=action enctype="multipart/form-data" class="upload-form">
                <fieldset class="choices">
                    <legend>{t(Msg::DocumentKind)}</legend>
                    <label class="check" for="f-kind-endorsement"><input type="radio" id="f-kind-endorsement" name="kind" value="endorsement" checked=true />{t(Msg::FileEndorsement)}</label>
                    <label class="check" for="f-kind-letter"><input type="radio" id="f-kind-letter" name="kind" value="letter" />{t(Msg::FileLetter)}</label>
                </fieldset>
                <div class="field" class:invalid=file_error.is_some()>
                    <label for="f-file">{t(Msg::DocumentChoose)}</label>
                    <p class="hint" id="f-file-hint">{t(Msg::DocumentHint)}</p>
                    <input id="f-file" type="file" name="file" accept="application/pdf" aria-describedby="f-file-hint f-file-error"
                        aria-invalid=file_error.map(|_| "true") />
                    <p class="error" id="f-file-error" aria-live="polite">{file_error.map(|m| m.text(locale))}</p>
                </div>
                <button type="submit" class="button">{t(Msg::DocumentUpload)}</button>
            </form>
        })}
        <nav class="pager" aria-label=t(Msg::TaskList)>
            <a href=format!("/pairings/applications/{id}")>{t(Msg::TaskList)}</a>
        </nav>
    }
}

/// Every answer with a link to change it, what is still missing beside
/// each step, and the submit button.
#[component]
fn CheckAnswers(a: ApplicationView) -> impl IntoView {
    let submit = ServerAction::<SubmitApplication>::new();
    let error = action_error(submit);
    let id = a.id;
    let x = a.answers.clone();
    let row = move |label: Msg, value: String, step: Step| {
        let href = format!("/pairings/applications/{id}/{}", step.as_str());
        view! {
            <div class="answer">
                <dt>{t(label)}</dt>
                <dd><span class="pre">{value}</span>" "<a href=href>{t(Msg::Change)}<span class="visually-hidden">" "{t(label)}</span></a></dd>
            </div>
        }
    };
    let priorities = a
        .themes
        .iter()
        .filter(|c| x.priorities.contains(&c.value))
        .map(|c| c.label.clone())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <Title text=format!("{} — {}", t(Msg::CheckAnswers), a.city) />
        <Heading a=a.clone() />
        <h2>{t(Msg::CheckAnswers)}</h2>
        <AnyError error />
        {(!a.missing.is_empty()).then(|| view! {
            <div class="alert" role="alert">
                <p>{t(Msg::StillMissing)}</p>
                <ul>
                    {a.missing.iter().map(|m| {
                        let href = format!("/pairings/applications/{id}/{}#f-{}", m.step.as_str(), m.field);
                        let step = a.steps.iter().find(|s| s.step == m.step).map(|s| s.label.clone()).unwrap_or_default();
                        view! { <li><a href=href>{step}": "{m.message.clone()}</a></li> }
                    }).collect_view()}
                </ul>
            </div>
        })}
        <dl class="answers">
            {row(Msg::FieldMayorOffice, x.mayor_office.clone(), Step::Contacts)}
            {row(Msg::FieldCoordinatorName, x.coordinator_name.clone(), Step::Contacts)}
            {row(Msg::FieldCoordinatorEmail, x.coordinator_email.clone(), Step::Contacts)}
            {row(Msg::FieldDepartment, x.department.clone(), Step::Contacts)}
            {row(Msg::FieldMotivation, x.motivation.clone(), Step::Motivation)}
            {row(Msg::FieldChallenges, x.challenges.clone(), Step::Motivation)}
            {row(Msg::StepPriorities, priorities, Step::Priorities)}
            {row(Msg::FieldExperience, x.experience.clone(), Step::Experience)}
            {row(Msg::FieldStaffTime, x.staff_time.clone(), Step::Resources)}
            {row(Msg::FieldBudget, x.budget.clone(), Step::Resources)}
            {row(Msg::FieldPartner, x.partner.clone(), Step::Partner)}
            {row(Msg::StepDocuments, a.files.iter().map(|f| format!("{}: {}", f.kind_label, f.name)).collect::<Vec<_>>().join(", "), Step::Documents)}
            {a.questions.iter().map(|q| row_text(id, q.text.clone(), x.extra.get(&q.id.to_string()).cloned().unwrap_or_default())).collect_view()}
            {row(Msg::StepLanguage, a.language.clone(), Step::Language)}
        </dl>
        {a.editable.then(|| view! {
            <ActionForm action=submit>
                <input type="hidden" name="id" value=id />
                <button type="submit" class="button">{t(Msg::AppSubmit)}</button>
            </ActionForm>
        })}
        <nav class="pager" aria-label=t(Msg::TaskList)>
            <a href=format!("/pairings/applications/{id}")>{t(Msg::TaskList)}</a>
        </nav>
    }
}

fn row_text(id: i64, label: String, value: String) -> impl IntoView {
    let href = format!("/pairings/applications/{id}/questions");
    view! {
        <div class="answer">
            <dt>{label}</dt>
            <dd><span class="pre">{value}</span>" "<a href=href>{t(Msg::Change)}</a></dd>
        </div>
    }
}

/// `/pairings/join?token=…`: an e-mailed invitation to co-apply.
#[component]
pub fn JoinApplicationPage() -> impl IntoView {
    let locale = use_locale();
    let q = use_query_map();
    let token = Memo::new(move |_| q.read().get("token").unwrap_or_default());
    let data = Resource::new(move || token.get(), get_invitation);
    let accept = ServerAction::<AcceptInvitation>::new();
    let error = action_error(accept);
    view! {
        <Title text=t(Msg::InviteTitle) />
        <section class="page">
            <h1>{t(Msg::InviteTitle)}</h1>
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(inv) => {
                            let here = format!("/pairings/join?token={}", crate::escape::url_component(&token.get_untracked()));
                            view! {
                                <p class="lead">{Msg::InviteLead.fill(locale, &[("name", &inv.invited_by), ("city", &inv.city), ("call", &inv.call_title)])}</p>
                                <p>{Msg::InviteFor.fill(locale, &[("email", &inv.email)])}</p>
                                <FormAlert error />
                                <ActionForm action=accept>
                                    <input type="hidden" name="token" value=token.get_untracked() />
                                    <button type="submit" class="button">{t(Msg::InviteAccept)}</button>
                                </ActionForm>
                                <p class="hint">{t(Msg::InviteSignInFirst)}" "<a href=format!("/account/sign-in?next={}", crate::escape::url_component(&here))>{t(Msg::NavSignIn)}</a></p>
                            }.into_any()
                        }
                        Err(e) => {
                            set_status(&e);
                            view! { <p class="alert" role="alert">{e.message(locale)}</p> }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
