//! Reviewers: the applications assigned to them, and one application with
//! the rubric to score (0–5 or not applicable, a comment per criterion);
//! the others' reviews show only once theirs is submitted.

use super::PostNotice;
use crate::i18n::Msg;
use crate::server_fns::calls::{get_review, my_reviews, DeclareConflict, SaveReview};
use crate::ui::components::form::{action_error, set_status, FieldError, FormAlert, TextArea};
use crate::ui::i18n::{t, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ReviewsPage() -> impl IntoView {
    let locale = use_locale();
    let data = Resource::new(|| (), |_| my_reviews());
    view! {
        <Title text=t(Msg::NavReviews) />
        <section class="page">
            <h1>{t(Msg::NavReviews)}</h1>
            <PostNotice />
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(list) if list.is_empty() => view! { <p>{t(Msg::NoReviews)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="plain">
                                {list.into_iter().map(|r| view! {
                                    <li><a href=format!("/pairings/reviews/{}", r.application_id)>{r.city}</a>" — "{r.call_title}" · "{r.reference}" · "<span class="badge">{r.status_label}</span></li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
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

#[component]
pub fn ReviewPage() -> impl IntoView {
    let locale = use_locale();
    let id = crate::ui::pages::use_id_param();
    let data = Resource::new(move || id.get(), get_review);
    let save = ServerAction::<SaveReview>::new();
    let conflict = ServerAction::<DeclareConflict>::new();
    let error = Signal::derive(move || action_error(save).get().or(action_error(conflict).get()));
    view! {
        <section class="page">
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let p = match data.await {
                        Ok(p) => p,
                        Err(e) => {
                            set_status(&e);
                            return view! { <h1>{t(Msg::NavReviews)}</h1><p class="alert" role="alert">{e.message(locale)}</p> }.into_any();
                        }
                    };
                    let a = p.application.clone();
                    let x = a.answers.clone();
                    let aid = a.id;
                    let qa = |label: Msg, v: String| view! { <dt>{t(label)}</dt><dd class="pre">{v}</dd> };
                    view! {
                        <Title text=format!("{} — {}", t(Msg::NavReviews), a.city) />
                        <p><a href="/pairings/reviews">{t(Msg::NavReviews)}</a></p>
                        <h1>{a.city.clone()}</h1>
                        <p class="lead">{a.call_title.clone()}" · "{a.reference.clone()}</p>
                        <PostNotice />
                        <FormAlert error />
                        <dl class="answers">
                            {qa(Msg::FieldMotivation, x.motivation.clone())}
                            {qa(Msg::FieldChallenges, x.challenges.clone())}
                            {qa(Msg::StepPriorities, a.themes.iter().filter(|c| x.priorities.contains(&c.value)).map(|c| c.label.clone()).collect::<Vec<_>>().join(", "))}
                            {qa(Msg::FieldExperience, x.experience.clone())}
                            {qa(Msg::FieldStaffTime, x.staff_time.clone())}
                            {qa(Msg::FieldBudget, x.budget.clone())}
                            {qa(Msg::FieldPartner, x.partner.clone())}
                            {a.questions.iter().map(|q| view! { <dt>{q.text.clone()}</dt><dd class="pre">{x.extra.get(&q.id.to_string()).cloned().unwrap_or_default()}</dd> }).collect_view()}
                        </dl>
                        {(!a.files.is_empty()).then(|| view! {
                            <ul class="plain">
                                {a.files.iter().map(|f| view! { <li>{f.kind_label.clone()}": "<a href=format!("/pairings/applications/{aid}/documents/{}", f.id)>{f.name.clone()}</a>" ("{f.size.clone()}")"</li> }).collect_view()}
                            </ul>
                        })}
                        <h2>{t(Msg::YourReview)}</h2>
                        {p.submitted.then(|| view! { <p class="notice">{t(Msg::ReviewSubmitted)}</p> })}
                        <ActionForm action=save attr:class="review-form">
                            <input type="hidden" name="application_id" value=aid />
                            {p.criteria.iter().map(|c| {
                                let fid = format!("f-score-{}", c.id);
                                let cid = format!("f-comment-{}", c.id);
                                let cur = c.score.clone();
                                view! {
                                    <fieldset class="criterion">
                                        <legend>{c.text.clone()}" (×"{c.weight}")"</legend>
                                        <label for=fid.clone()>{t(Msg::Score)}</label>
                                        <select id=fid name=format!("scores[{}]", c.id) disabled=!p.can_change>
                                            <option value="" selected=cur.is_none()>{t(Msg::NotScoredYet)}</option>
                                            {(0..=5).map(|n| view! { <option value=n.to_string() selected=cur.as_deref() == Some(n.to_string().as_str())>{n}</option> }).collect_view()}
                                            <option value="na" selected=cur.as_deref() == Some("")>{t(Msg::NotApplicable)}</option>
                                        </select>
                                        <label for=cid.clone()>{t(Msg::Comment)}</label>
                                        <TextArea value=c.comment.clone() {..} id=cid name=format!("comments[{}]", c.id) rows="2" maxlength="2000" disabled=!p.can_change />
                                    </fieldset>
                                }
                            }).collect_view()}
                            <FieldError name="scores" error />
                            <div class="field">
                                <label for="f-comment">{t(Msg::OverallComment)}</label>
                                <TextArea value=p.comment.clone() {..} id="f-comment" name="comment" rows="4" maxlength="4000" disabled=!p.can_change />
                            </div>
                            {p.can_change.then(|| view! {
                                <div class="actions">
                                    {(!p.submitted).then(|| view! { <button type="submit" class="button secondary" name="submit" value="no">{t(Msg::SaveDraft)}</button> })}
                                    <button type="submit" class="button" name="submit" value="yes">{t(Msg::SubmitReview)}</button>
                                </div>
                            })}
                        </ActionForm>
                        {(!p.submitted).then(|| view! {
                            <ActionForm action=conflict>
                                <input type="hidden" name="application_id" value=aid />
                                <button type="submit" class="link">{t(Msg::DeclareConflict)}</button>
                            </ActionForm>
                        })}
                        {(!p.others.is_empty()).then(|| view! {
                            <h2>{t(Msg::OtherReviews)}</h2>
                            {p.others.iter().map(|o| view! {
                                <div class="card">
                                    <h3>{o.reviewer.clone()}" — "{o.mean.clone()}</h3>
                                    <ul>{o.scores.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view()}</ul>
                                    {(!o.comment.is_empty()).then(|| view! { <p class="pre">{o.comment.clone()}</p> })}
                                </div>
                            }).collect_view()}
                        })}
                    }.into_any()
                })}
            </Transition>
        </section>
    }
}
