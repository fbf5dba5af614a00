//! Programme staff: write a call in three languages, move it through its
//! states, and run its review: reviewers, assignments (by hand or
//! balanced), the ranking, decisions and the announcement.

use super::{PostNotice, When};
use crate::domain::call::{ApplicationStatus, Decision};
use crate::domain::Locale;
use crate::dto::{ApplicationRow, CallAdmin};
use crate::i18n::Msg;
use crate::server_fns::calls::{get_call_admin, get_call_editor, AddCallReviewer, AnnounceCall};
use crate::server_fns::calls::{
    AssignReviewer, BalanceReviewers, DecideApplication, PopulationVerdict,
};
use crate::server_fns::calls::{
    RemoveCallDocument, RemoveCallReviewer, SaveCall, SetCallStatus, UnassignReviewer,
};
use crate::ui::components::form::{action_error, set_status, FieldError, FormAlert, TextArea};
use crate::ui::i18n::{t, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/pairings/calls/new` and `/pairings/calls/:id/edit`.
#[component]
pub fn CallEditPage() -> impl IntoView {
    let locale = use_locale();
    let id = crate::ui::pages::use_id_param();
    let data = Resource::new(move || id.get(), get_call_editor);
    let save = ServerAction::<SaveCall>::new();
    let status = ServerAction::<SetCallStatus>::new();
    let remove_doc = ServerAction::<RemoveCallDocument>::new();
    let error = Signal::derive(move || {
        action_error(save)
            .get()
            .or(action_error(status).get())
            .or(action_error(remove_doc).get())
    });
    view! {
        <section class="page">
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let ed = match data.await {
                        Ok(ed) => ed,
                        Err(e) => {
                            set_status(&e);
                            return view! { <h1>{t(Msg::CallNew)}</h1><p class="alert" role="alert">{e.message(locale)}</p> }.into_any();
                        }
                    };
                    let f = ed.form.clone();
                    let title = if ed.id.is_some() { t(Msg::CallEdit) } else { t(Msg::CallNew) };
                    let q = use_query_map();
                    let kept = move |k: &str, v: &str| q.read_untracked().get(k).unwrap_or_else(|| v.to_owned());
                    view! {
                        <Title text=title />
                        <p><a href="/pairings">{t(Msg::NavPairings)}</a>
                            {ed.id.map(|i| view! { " · "<a href=format!("/pairings/calls/{i}")>{t(Msg::CallView)}</a>" · "<a href=format!("/pairings/calls/{i}/manage")>{t(Msg::CallManage)}</a> })}
                        </p>
                        <h1>{title}</h1>
                        <PostNotice />
                        {ed.status.map(|s| view! { <p><span class="badge">{t(s.label())}</span></p> })}
                        {(!ed.next.is_empty()).then(|| view! {
                            <div class="actions">
                                {ed.next.clone().into_iter().map(|(s, label)| view! {
                                    <ActionForm action=status attr:class="inline">
                                        <input type="hidden" name="id" value=ed.id.unwrap_or(0) />
                                        <input type="hidden" name="to" value=s.as_str() />
                                        <button type="submit" class="button secondary">{label.clone()}</button>
                                    </ActionForm>
                                }).collect_view()}
                            </div>
                        })}
                        <ActionForm action=save attr:novalidate=true attr:class="call-form">
                            <FormAlert error />
                            <input type="hidden" name="id" value=ed.id.unwrap_or(0) />
                            <input type="hidden" name="version" value=ed.version />
                            <fieldset class="choices" id="f-language">
                                <legend>{t(Msg::CallOwnLanguage)}</legend>
                                {Locale::ALL.iter().map(|l| {
                                    let fid = format!("f-language-{}", l.code());
                                    view! { <label for=fid.clone() class="check"><input type="radio" id=fid.clone() name="form[language]" value=l.code() checked=f.language == l.code() />{l.native_name()}</label> }
                                }).collect_view()}
                                <FieldError name="language" error />
                            </fieldset>
                            {Locale::ALL.iter().enumerate().map(|(i, l)| {
                                let code = l.code();
                                let name = |base: &str| format!("{base}_{code}");
                                view! {
                                    <fieldset class="texts" lang=code>
                                        <legend>{l.native_name()}</legend>
                                        <div class="field">
                                            <label for=format!("f-{}", name("title"))>{t(Msg::CallTitle)}</label>
                                            <input id=format!("f-{}", name("title")) name=format!("form[title][{i}]") maxlength="160" value=f.title.get(i).cloned().unwrap_or_default() />
                                            <FieldError name=crate::domain::call::field_of("title", i) error />
                                        </div>
                                        <div class="field">
                                            <label for=format!("f-{}", name("background"))>{t(Msg::CallBackground)}</label>
                                            <TextArea value=f.background.get(i).cloned().unwrap_or_default() {..} id=format!("f-{}", name("background")) name=format!("form[background][{i}]") rows="6" />
                                            <FieldError name=crate::domain::call::field_of("background", i) error />
                                        </div>
                                        <div class="field">
                                            <label for=format!("f-{}", name("commitments"))>{t(Msg::CallCommitments)}</label>
                                            <TextArea value=f.commitments.get(i).cloned().unwrap_or_default() {..} id=format!("f-{}", name("commitments")) name=format!("form[commitments][{i}]") rows="4" />
                                            <FieldError name=crate::domain::call::field_of("commitments", i) error />
                                        </div>
                                        <div class="field">
                                            <label for=format!("f-{}", name("eligibility"))>{t(Msg::CallWhoCanApply)}</label>
                                            <TextArea value=f.eligibility.get(i).cloned().unwrap_or_default() {..} id=format!("f-{}", name("eligibility")) name=format!("form[eligibility][{i}]") rows="4" />
                                            <FieldError name=crate::domain::call::field_of("eligibility", i) error />
                                        </div>
                                    </fieldset>
                                }
                            }).collect_view()}
                            <div class="field">
                                <label for="f-zone">{t(Msg::FieldTimeZone)}</label>
                                <input id="f-zone" name="form[zone]" value=kept("zone", &f.zone) aria-describedby="f-zone-error" />
                                <FieldError name="zone" error />
                            </div>
                            <div class="field">
                                <label for="f-opens">{t(Msg::CallOpens)}</label>
                                <input id="f-opens" type="datetime-local" name="form[opens]" value=f.opens.clone() aria-describedby="f-opens-error" />
                                <FieldError name="opens" error />
                            </div>
                            <div class="field">
                                <label for="f-deadline">{t(Msg::CallDeadline)}</label>
                                <input id="f-deadline" type="datetime-local" name="form[deadline]" value=f.deadline.clone() aria-describedby="f-deadline-error" />
                                <FieldError name="deadline" error />
                            </div>
                            <div class="field">
                                <label for="f-countries">{t(Msg::CallCountries)}</label>
                                <input id="f-countries" name="form[countries]" value=f.countries.clone() aria-describedby="f-countries-error" />
                                <FieldError name="countries" error />
                            </div>
                            <div class="field">
                                <label for="f-min_population">{t(Msg::CallMinPopulation)}</label>
                                <input id="f-min_population" name="form[min_population]" inputmode="numeric" value=f.min_population.clone() aria-describedby="f-min_population-error" />
                                <FieldError name="min_population" error />
                            </div>
                            <fieldset class="choices" id="f-themes">
                                <legend>{t(Msg::CallThemes)}</legend>
                                <div class="grid">
                                    {ed.themes.iter().enumerate().map(|(i, c)| {
                                        let fid = format!("f-theme-{}", c.value);
                                        view! { <label for=fid.clone() class="check"><input type="checkbox" id=fid.clone() name=format!("form[themes][{i}]") value=c.value.clone() checked=f.themes.contains(&c.value) />{c.label.clone()}</label> }
                                    }).collect_view()}
                                </div>
                                <FieldError name="themes" error />
                            </fieldset>
                            <div class="field">
                                <label for="f-criteria">{t(Msg::CallCriteria)}</label>
                                <p class="hint" id="f-criteria-hint">{t(Msg::CallCriteriaHint)}</p>
                                <TextArea value=f.criteria.clone() {..} id="f-criteria" name="form[criteria]" rows="5" aria-describedby="f-criteria-hint f-criteria-error" />
                                <FieldError name="criteria" error />
                            </div>
                            <div class="field">
                                <label for="f-questions">{t(Msg::CallQuestions)}</label>
                                <p class="hint" id="f-questions-hint">{t(Msg::CallQuestionsHint)}</p>
                                <TextArea value=f.questions.clone() {..} id="f-questions" name="form[questions]" rows="4" aria-describedby="f-questions-hint f-questions-error" />
                                <FieldError name="questions" error />
                            </div>
                            <button type="submit" class="button">{t(Msg::CallSave)}</button>
                        </ActionForm>
                        {ed.id.map(|call_id| {
                            let file_error = q.read_untracked().get("file_error").and_then(|k| {
                                [Msg::ErrDocumentTooLarge, Msg::ErrDocumentUnreadable, Msg::ErrDocumentMissing, Msg::ErrDocumentType,
                                 Msg::ErrRequired, Msg::ErrCountryCodes, Msg::ErrChoice, Msg::ErrForbidden]
                                    .into_iter()
                                    .find(|m| format!("{m:?}") == k)
                            });
                            view! {
                                <section>
                                    <h2>{t(Msg::CallDocuments)}</h2>
                                    <ul class="plain">
                                        {ed.documents.clone().into_iter().map(|d| view! {
                                            <li><a href=d.href.clone()>{d.title.clone()}</a>" · "{d.language.clone()}{(!d.country.is_empty()).then(|| format!(" · {}", d.country))}" · "{d.size.clone()}" "
                                                <ActionForm action=remove_doc attr:class="inline">
                                                    <input type="hidden" name="call_id" value=call_id />
                                                    <input type="hidden" name="doc" value=d.id />
                                                    <button type="submit" class="link">{Msg::RemoveFile.fill(locale, &[("name", &d.title)])}</button>
                                                </ActionForm>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                    <form method="post" action=format!("/pairings/calls/{call_id}/upload") enctype="multipart/form-data" class="upload-form">
                                        <div class="field">
                                            <label for="f-doc-title">{t(Msg::CallTitle)}</label>
                                            <input id="f-doc-title" name="title" maxlength="160" />
                                        </div>
                                        <div class="field">
                                            <label for="f-doc-language">{t(Msg::LanguageLabel)}</label>
                                            <select id="f-doc-language" name="language">
                                                {Locale::ALL.iter().map(|l| view! { <option value=l.code() selected=*l == locale>{l.native_name()}</option> }).collect_view()}
                                            </select>
                                        </div>
                                        <div class="field">
                                            <label for="f-doc-country">{t(Msg::DocumentCountry)}</label>
                                            <input id="f-doc-country" name="country" maxlength="2" />
                                        </div>
                                        <div class="field" class:invalid=file_error.is_some()>
                                            <label for="f-file">{t(Msg::DocumentChoose)}</label>
                                            <p class="hint" id="f-file-hint">{t(Msg::CallDocumentHint)}</p>
                                            <input id="f-file" type="file" name="file" accept="application/pdf" aria-describedby="f-file-hint f-file-error"
                                                aria-invalid=file_error.map(|_| "true") />
                                            <p class="error" id="f-file-error" aria-live="polite">{file_error.map(|m| m.text(locale))}</p>
                                        </div>
                                        <button type="submit" class="button">{t(Msg::DocumentUpload)}</button>
                                    </form>
                                </section>
                            }
                        })}
                    }.into_any()
                })}
            </Transition>
        </section>
    }
}

/// `/pairings/calls/:id/manage`.
#[component]
pub fn CallManagePage() -> impl IntoView {
    let locale = use_locale();
    let id = crate::ui::pages::use_id_param();
    let q = use_query_map();
    let filter = Memo::new(move |_| {
        let r = q.read();
        let g = |k: &str| r.get(k).unwrap_or_default();
        (g("status"), g("country"), g("theme"), g("language"))
    });
    let data = Resource::new(
        move || (id.get(), filter.get()),
        |(id, (s, c, th, l))| get_call_admin(id, s, c, th, l),
    );
    view! {
        <section class="page wide">
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! { <Manage d /> }.into_any(),
                        Err(e) => {
                            set_status(&e);
                            view! { <h1>{t(Msg::CallManage)}</h1><p class="alert" role="alert">{e.message(locale)}</p> }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Manage(d: CallAdmin) -> impl IntoView {
    let locale = use_locale();
    let add = ServerAction::<AddCallReviewer>::new();
    let remove = ServerAction::<RemoveCallReviewer>::new();
    let balance = ServerAction::<BalanceReviewers>::new();
    let announce = ServerAction::<AnnounceCall>::new();
    let error = Signal::derive(move || {
        action_error(add)
            .get()
            .or(action_error(remove).get())
            .or(action_error(balance).get())
            .or(action_error(announce).get())
    });
    let call_id = d.summary.id;
    let (fs, fc, ft, fl) = {
        let q = use_query_map();
        let r = q.read_untracked();
        let g = |k: &str| r.get(k).unwrap_or_default();
        (g("status"), g("country"), g("theme"), g("language"))
    };
    view! {
        <Title text=format!("{} — {}", t(Msg::CallManage), d.summary.title) />
        <p><a href="/pairings">{t(Msg::NavPairings)}</a>" · "<a href=format!("/pairings/calls/{call_id}")>{t(Msg::CallView)}</a>" · "<a href=format!("/pairings/calls/{call_id}/edit")>{t(Msg::CallEdit)}</a></p>
        <h1>{t(Msg::CallManage)}": "{d.summary.title.clone()}</h1>
        <p><span class="badge">{d.summary.status_label.clone()}</span></p>
        <When label=Msg::CallDeadline moment=d.summary.deadline.clone() />
        <PostNotice />
        <FormAlert error />
        <section>
            <h2>{t(Msg::Reviewers)}</h2>
            <ul class="plain">
                {d.reviewers.clone().into_iter().map(|r| view! {
                    <li>{r.name.clone()}" "
                        <ActionForm action=remove attr:class="inline">
                            <input type="hidden" name="call_id" value=call_id />
                            <input type="hidden" name="reviewer" value=r.id />
                            <button type="submit" class="link">{Msg::RemoveFile.fill(locale, &[("name", &r.name)])}</button>
                        </ActionForm>
                    </li>
                }).collect_view()}
            </ul>
            <ActionForm action=add attr:class="inline-form">
                <input type="hidden" name="call_id" value=call_id />
                <div class="field">
                    <label for="f-email">{t(Msg::ReviewerEmail)}</label>
                    <input id="f-email" name="email" type="email" aria-describedby="f-email-error" />
                    <FieldError name="email" error />
                </div>
                <button type="submit" class="button small">{t(Msg::ReviewerAdd)}</button>
            </ActionForm>
            <ActionForm action=balance attr:class="inline">
                <input type="hidden" name="call_id" value=call_id />
                <button type="submit" class="button secondary">{t(Msg::ReviewersBalance)}</button>
            </ActionForm>
        </section>
        <section>
            <h2>{t(Msg::Applications)}" ("{d.applications.len()}" / "{d.total}")"</h2>
            <form method="get" class="filters" aria-label=t(Msg::Filters)>
                <label for="f-fstatus">{t(Msg::ColStatus)}</label>
                <select id="f-fstatus" name="status">
                    <option value="">{t(Msg::Any)}</option>
                    {ApplicationStatus::ALL.iter().map(|s| view! { <option value=s.as_str() selected=fs == s.as_str()>{t(s.label())}</option> }).collect_view()}
                </select>
                <label for="f-fcountry">{t(Msg::ColCountry)}</label>
                <select id="f-fcountry" name="country">
                    <option value="">{t(Msg::Any)}</option>
                    {d.countries.iter().map(|c| view! { <option value=c.value.clone() selected=fc == c.value>{c.label.clone()}</option> }).collect_view()}
                </select>
                <label for="f-ftheme">{t(Msg::StepPriorities)}</label>
                <select id="f-ftheme" name="theme">
                    <option value="">{t(Msg::Any)}</option>
                    {d.themes.iter().map(|c| view! { <option value=c.value.clone() selected=ft == c.value>{c.label.clone()}</option> }).collect_view()}
                </select>
                <label for="f-flanguage">{t(Msg::LanguageLabel)}</label>
                <select id="f-flanguage" name="language">
                    <option value="">{t(Msg::Any)}</option>
                    {Locale::ALL.iter().map(|l| view! { <option value=l.code() selected=fl == l.code()>{l.native_name()}</option> }).collect_view()}
                </select>
                <button type="submit" class="button small">{t(Msg::ApplyFilters)}</button>
            </form>
            <p><a href=format!("/pairings/calls/{call_id}/applications.csv")>{t(Msg::DownloadCsv)}</a></p>
            <ol class="ranking">
                {d.applications.into_iter().map(|r| view! { <AppRowView call_id r /> }).collect_view()}
            </ol>
        </section>
        {d.can_announce.then(|| view! {
            <section>
                <h2>{t(Msg::Announce)}</h2>
                <p>{t(Msg::AnnounceLead)}</p>
                <ActionForm action=announce>
                    <input type="hidden" name="call_id" value=call_id />
                    <button type="submit" class="button">{t(Msg::Announce)}</button>
                </ActionForm>
            </section>
        })}
        <section>
            <h2>{t(Msg::History)}</h2>
            <ul class="plain history">
                {d.history.iter().map(|h| view! {
                    <li>{h.at.clone()}" · "{h.who.clone()}" · "{h.what.clone()}": "{h.from.clone()}" → "{h.to.clone()}{(!h.note.is_empty()).then(|| format!(" ({})", h.note))}</li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn AppRowView(call_id: i64, r: ApplicationRow) -> impl IntoView {
    let locale = use_locale();
    let assign = ServerAction::<AssignReviewer>::new();
    let unassign = ServerAction::<UnassignReviewer>::new();
    let decide = ServerAction::<DecideApplication>::new();
    let verdict = ServerAction::<PopulationVerdict>::new();
    let sel = format!("f-reviewer-{}", r.id);
    let dec = format!("f-decision-{}", r.id);
    let note = format!("f-note-{}", r.id);
    view! {
        <li class="card">
            <h3><a href=format!("/pairings/applications/{}", r.id)>{r.city.clone()}", "{r.country.clone()}</a>" "<span class="hint">{r.reference.clone()}</span></h3>
            <p><span class="badge">{r.status_label.clone()}</span>" "{r.decision_label.clone().map(|d| view! { <span class="badge done">{d}</span> })}
                " · "{r.language.to_uppercase()}" · "{r.themes.clone()}</p>
            {r.flags.iter().map(|f| view! { <p class="alert">{f.clone()}</p> }).collect_view()}
            {r.population_claim.clone().map(|c| view! {
                <p class="hint">{c}</p>
                {r.claim_pending.then(|| view! {
                    <ActionForm action=verdict attr:class="inline">
                        <input type="hidden" name="call_id" value=call_id />
                        <input type="hidden" name="application_id" value=r.id />
                        <button type="submit" class="button small" name="verdict" value="confirm">{t(Msg::ClaimConfirm)}</button>
                        <button type="submit" class="button small secondary" name="verdict" value="refuse">{t(Msg::ClaimRefuse)}</button>
                    </ActionForm>
                })}
            })}
            <p>{t(Msg::ColMean)}": "<strong>{r.mean_text.clone()}</strong>" · "{t(Msg::ColSpread)}": "{r.spread_text.clone()}" · "{t(Msg::ColReviews)}": "{r.reviews_done}</p>
            <ul class="plain">
                {r.reviewers.clone().into_iter().map(|rv| view! {
                    <li>{rv.name.clone()}" — "{rv.status_label.clone()}{rv.mean.clone().map(|m| format!(" ({m})"))}
                        {rv.outlier.then(|| view! { " "<span class="badge warn">{t(Msg::Outlier)}</span> })}
                        " "<ActionForm action=unassign attr:class="inline">
                            <input type="hidden" name="call_id" value=call_id />
                            <input type="hidden" name="application_id" value=r.id />
                            <input type="hidden" name="reviewer" value=rv.id />
                            <button type="submit" class="link">{Msg::RemoveFile.fill(locale, &[("name", &rv.name)])}</button>
                        </ActionForm>
                    </li>
                }).collect_view()}
            </ul>
            {(!r.assignable.is_empty()).then(|| view! {
                <ActionForm action=assign attr:class="inline-form">
                    <input type="hidden" name="call_id" value=call_id />
                    <input type="hidden" name="application_id" value=r.id />
                    <label for=sel.clone()>{t(Msg::ReviewerAssign)}</label>
                    <select id=sel name="reviewer">
                        {r.assignable.iter().map(|p| view! { <option value=p.id>{p.name.clone()}</option> }).collect_view()}
                    </select>
                    <button type="submit" class="button small">{t(Msg::ReviewerAssign)}</button>
                </ActionForm>
            })}
            {(r.status == ApplicationStatus::Submitted).then(|| view! {
                <ActionForm action=decide attr:class="inline-form">
                    <input type="hidden" name="call_id" value=call_id />
                    <input type="hidden" name="application_id" value=r.id />
                    <label for=dec.clone()>{t(Msg::ColDecision)}</label>
                    <select id=dec name="decision">
                        <option value="undecided">{t(Msg::Undecided)}</option>
                        {Decision::ALL.iter().map(|x| view! { <option value=x.as_str() selected=r.decision.as_deref() == Some(x.as_str())>{t(x.label())}</option> }).collect_view()}
                    </select>
                    <label for=note.clone()>{t(Msg::FieldDecisionNote)}</label>
                    <input id=note name="note" value=r.decision_note.clone() maxlength="2000" />
                    <button type="submit" class="button small">{t(Msg::Decide)}</button>
                </ActionForm>
            })}
        </li>
    }
}
