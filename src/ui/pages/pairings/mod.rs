//! The pairing programme's pages: calls for cities (`/pairings`, a call's
//! page), applying (`apply`, `application`), the staff's pages (`staff`) and
//! the reviewers' (`reviews`).

mod application;
mod apply;
mod formation;
mod plan;
mod public;
mod reviews;
mod space;
mod staff;

pub use application::{ApplicationPage, ApplicationStepPage, JoinApplicationPage};
pub use apply::ApplyPage;
pub use formation::FormationPageView;
pub use plan::{ActionEditPage, PlanPageView};
pub use public::PairingPage;
pub use reviews::{ReviewPage, ReviewsPage};
pub use space::PairingSpacePage;
pub use staff::{CallEditPage, CallManagePage};

use crate::dto::{CallSummary, Moment};
use crate::i18n::Msg;
use crate::server_fns::calls::{get_call, get_calls};
use crate::ui::components::form::{query_notice, set_status};
use crate::ui::i18n::{t, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;

/// A deadline: the reader's time, the call's beside it, the countdown.
#[component]
pub(crate) fn When(label: Msg, moment: Moment) -> impl IntoView {
    view! {
        <p class="when">
            <strong>{t(label)}": "</strong>
            <time datetime=moment.iso.clone()>{moment.main.clone()}</time>
            {moment.call.clone().map(|c| view! { <span class="hint">" · "{t(Msg::CallTimeInZone)}" "{c}</span> })}
            " "<span class="badge">{moment.countdown.clone()}</span>
        </p>
    }
}

fn notice_text(key: &str) -> Option<Msg> {
    Some(match key {
        "asked" => Msg::NoticeAskedToJoin,
        "announced" => Msg::NoticeAnnounced,
        "saved" => Msg::NoticeSaved,
        "started" => Msg::NoticeStarted,
        "submitted" => Msg::NoticeSubmitted,
        "withdrawn" => Msg::NoticeWithdrawn,
        "reopened" => Msg::NoticeReopened,
        "team" => Msg::NoticeTeam,
        "status" => Msg::NoticeStatus,
        "reviewer" | "assigned" | "balanced" | "population" => Msg::NoticeSaved,
        "decided" => Msg::NoticeDecided,
        "uploaded" => Msg::NoticeUploaded,
        "removed" => Msg::NoticeRemoved,
        "conflict" => Msg::NoticeConflictDeclared,
        "invited" => Msg::NoticeInvited,
        "joined" => Msg::NoticeJoined,
        "agreement" | "milestone" | "activity" | "note" | "objective" | "action" | "comment" => {
            Msg::NoticeSaved
        }
        "state" => Msg::NoticeStatus,
        "signed" => Msg::NoticeSigned,
        "cooperating" => Msg::NoticeCooperationStarted,
        "formed" => Msg::NoticeFormed,
        "report" => Msg::NoticeReportSubmitted,
        "reviewed" => Msg::NoticeSaved,
        _ => return None,
    })
}

/// The last error of a page whose forms have no fields of their own (a
/// submission that names a missing answer, a refused withdrawal): shown
/// above, whatever field it names.
#[component]
pub(crate) fn AnyError(
    #[prop(into)] error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let locale = use_locale();
    move || {
        error
            .get()
            .map(|e| view! { <p class="alert" role="alert">{e.message(locale)}</p> })
    }
}

/// What the last plain form post did, from `?notice=`.
#[component]
pub(crate) fn PostNotice() -> impl IntoView {
    query_notice()
        .and_then(|k| notice_text(&k))
        .map(|m| view! { <p class="notice" role="status">{t(m)}</p> })
}

#[component]
fn CallCard(call: CallSummary) -> impl IntoView {
    let href = format!("/pairings/calls/{}", call.id);
    view! {
        <li class="card">
            <h3><a href=href>{call.title.clone()}</a></h3>
            {call.language_note.clone().map(|n| view! { <p class="hint">{n}</p> })}
            <p><span class="badge">{call.status_label.clone()}</span>" "{call.countries.clone()}</p>
            <When label=Msg::CallDeadline moment=call.deadline.clone() />
        </li>
    }
}

fn call_list(title: Msg, calls: Vec<CallSummary>) -> impl IntoView {
    (!calls.is_empty()).then(|| {
        view! {
            <section>
                <h2>{t(title)}</h2>
                <ul class="cards">{calls.into_iter().map(|c| view! { <CallCard call=c /> }).collect_view()}</ul>
            </section>
        }
    })
}

/// `/pairings`: open, upcoming and past calls; the member's applications
/// and reviews; staff's drafts and "New call".
#[component]
pub fn CallsPage() -> impl IntoView {
    let locale = use_locale();
    let data = Resource::new(|| (), |_| get_calls());
    view! {
        <Title text=t(Msg::NavPairings) />
        <section class="page">
            <h1>{t(Msg::NavPairings)}</h1>
            <p class="lead">{t(Msg::PairingsIntro)}</p>
            <PostNotice />
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(p) => {
                            let none = p.open.is_empty() && p.upcoming.is_empty();
                            view! {
                                {(!p.my_applications.is_empty()).then(|| view! {
                                    <section>
                                        <h2>{t(Msg::MyApplications)}</h2>
                                        <ul class="plain">
                                            {p.my_applications.iter().map(|a| {
                                                let href = format!("/pairings/applications/{}", a.id);
                                                view! {
                                                    <li>
                                                        {if a.waiting {
                                                            view! { <span>{a.city.clone()}" — "{a.call_title.clone()}" · "{t(Msg::AppWaitingForLead)}</span> }.into_any()
                                                        } else {
                                                            view! { <a href=href>{a.city.clone()}" — "{a.call_title.clone()}</a>" · "<span class="badge">{a.status_label.clone()}</span>" "{a.reference.clone()} }.into_any()
                                                        }}
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                    </section>
                                })}
                                {(p.my_reviews > 0).then(|| view! {
                                    <p class="notice"><a href="/pairings/reviews">{Msg::ReviewsWaiting.fill(locale, &[("n", &p.my_reviews.to_string())])}</a></p>
                                })}
                                {p.can_manage.then(|| view! {
                                    <p><a class="button" href="/pairings/calls/new">{t(Msg::CallNew)}</a></p>
                                })}
                                {none.then(|| view! { <p>{t(Msg::NoOpenCalls)}</p> })}
                                {call_list(Msg::CallsOpen, p.open)}
                                {call_list(Msg::CallsUpcoming, p.upcoming)}
                                {call_list(Msg::CallsDrafts, p.drafts)}
                                {call_list(Msg::CallsPast, p.past)}
                            }.into_any()
                        }
                        Err(e) => view! { <p class="alert" role="alert">{e.message(locale)}</p> }.into_any(),
                    }
                })}
            </Transition>
            <public::PairingsSection />
        </section>
    }
}

/// A call: texts, who can apply, themes, the deadline with a countdown,
/// the questions and how applications are reviewed; after the announcement,
/// the selected cities.
#[component]
pub fn CallPage() -> impl IntoView {
    let locale = use_locale();
    let id = crate::ui::pages::use_id_param();
    let data = Resource::new(move || id.get(), get_call);
    view! {
        <section class="page call-page">
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(c) => {
                            let s = c.summary.clone();
                            let apply = format!("/pairings/calls/{}/apply", s.id);
                            let manage = format!("/pairings/calls/{}/manage", s.id);
                            let edit = format!("/pairings/calls/{}/edit", s.id);
                            view! {
                                <Title text=s.title.clone() />
                                <p><a href="/pairings">{t(Msg::NavPairings)}</a></p>
                                <h1>{s.title.clone()}</h1>
                                {s.language_note.clone().map(|n| view! { <p class="hint">{n}</p> })}
                                <PostNotice />
                                <p><span class="badge">{s.status_label.clone()}</span></p>
                                <When label=Msg::CallOpens moment=s.opens.clone() />
                                <When label=Msg::CallDeadline moment=s.deadline.clone() />
                                {c.accepting.then(|| view! { <p><a class="button" href=apply.clone()>{t(Msg::ApplyForMyCity)}</a></p> })}
                                {c.can_manage.then(|| view! {
                                    <p><a href=manage.clone()>{t(Msg::CallManage)}</a>" · "<a href=edit.clone()>{t(Msg::CallEdit)}</a>" · "<a href=format!("/pairings/calls/{}/form", s.id)>{t(Msg::FormPairingsTitle)}</a></p>
                                })}
                                {c.can_review.then(|| view! { <p><a href="/pairings/reviews">{t(Msg::NavReviews)}</a></p> })}
                                {(!c.selected.is_empty()).then(|| view! {
                                    <section>
                                        <h2>{t(Msg::SelectedCities)}</h2>
                                        <ul class="plain">
                                            {c.selected.iter().map(|x| view! {
                                                <li><strong>{x.city.clone()}</strong>", "{x.country.clone()}{(!x.themes.is_empty()).then(|| format!(" — {}", x.themes))}</li>
                                            }).collect_view()}
                                        </ul>
                                    </section>
                                })}
                                {(!c.documents.is_empty()).then(|| view! {
                                    <section>
                                        <h2>{t(Msg::CallDocuments)}</h2>
                                        <ul class="plain">
                                            {c.documents.iter().map(|d| view! {
                                                <li><a href=d.href.clone() download="">{d.title.clone()}</a>" · "{d.language.clone()}
                                                    {(!d.country.is_empty()).then(|| format!(" · {}", d.country))}" · PDF, "{d.size.clone()}</li>
                                            }).collect_view()}
                                        </ul>
                                    </section>
                                })}
                                <section>
                                    <h2>{t(Msg::CallBackground)}</h2>
                                    <div class="prose" inner_html=c.background_html.clone()></div>
                                </section>
                                <section>
                                    <h2>{t(Msg::CallWhoCanApply)}</h2>
                                    <p>{Msg::CallEligibleSummary.fill(locale, &[("countries", &s.countries), ("minimum", &c.min_population)])}</p>
                                    <div class="prose" inner_html=c.eligibility_html.clone()></div>
                                </section>
                                <section>
                                    <h2>{t(Msg::CallCommitments)}</h2>
                                    <div class="prose" inner_html=c.commitments_html.clone()></div>
                                </section>
                                <section>
                                    <h2>{t(Msg::CallThemes)}</h2>
                                    <ul class="plain">
                                        {c.themes.iter().map(|th| view! { <li><strong>{th.name.clone()}</strong>{(!th.sdgs.is_empty()).then(|| view! { <br /><span class="hint">{th.sdgs.clone()}</span> })}</li> }).collect_view()}
                                    </ul>
                                </section>
                                {(!c.questions.is_empty()).then(|| view! {
                                    <section>
                                        <h2>{t(Msg::StepQuestions)}</h2>
                                        <ul>{c.questions.iter().map(|q| view! { <li>{q.clone()}</li> }).collect_view()}</ul>
                                    </section>
                                })}
                                <section>
                                    <h2>{t(Msg::CallHowReviewed)}</h2>
                                    <ul>{c.criteria.iter().map(|q| view! { <li>{q.clone()}</li> }).collect_view()}</ul>
                                </section>
                                {c.accepting.then(|| view! { <p><a class="button" href=apply>{t(Msg::ApplyForMyCity)}</a></p> })}
                            }.into_any()
                        }
                        Err(e) => {
                            set_status(&e);
                            view! {
                                <Title text=t(Msg::ErrNotFound) />
                                <h1>{t(Msg::NavPairings)}</h1>
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
