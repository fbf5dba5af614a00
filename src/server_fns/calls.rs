//! The pairing programme: calls, applications, review and selection.
//! Context → permission → service; plain form posts are redirected to the
//! page that says what happened.

use crate::domain::call::{CallForm, StepForm};
use crate::dto::{
    ApplicationView, ApplyPage, CallAdmin, CallEditor, CallPage, CallsPage, CityCard,
};
use crate::dto::{ReviewItem, ReviewPage};
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[server(endpoint = "get_calls")]
pub async fn get_calls() -> Result<CallsPage, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.user().await?;
        crate::services::calls::list(
            &ctx.state,
            user.as_ref(),
            ctx.locale(),
            ctx.reader_zone().as_deref(),
        )
        .await
    })
    .await
}

#[server(endpoint = "get_call")]
pub async fn get_call(id: i64) -> Result<CallPage, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.user().await?;
        crate::services::calls::page(
            &ctx.state,
            user.as_ref(),
            id,
            ctx.locale(),
            ctx.reader_zone().as_deref(),
        )
        .await
    })
    .await
}

/// The staff's form; id 0 is a new call.
#[server(endpoint = "get_call_editor")]
pub async fn get_call_editor(id: i64) -> Result<CallEditor, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::calls::editor(&ctx.state, &user, (id > 0).then_some(id), ctx.locale())
            .await
    })
    .await
}

#[server(endpoint = "save_call")]
pub async fn save_call(id: i64, version: i64, form: CallForm) -> Result<i64, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        let saved =
            crate::services::calls::save(&ctx.state, &user, (id > 0).then_some(id), version, &form)
                .await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!("/pairings/calls/{saved}/edit?notice=saved"));
        }
        Ok(saved)
    })
    .await
}

#[server(endpoint = "set_call_status")]
pub async fn set_call_status(id: i64, to: String) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::calls::set_status(&ctx.state, &user, id, &to).await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!("/pairings/calls/{id}/manage?notice=status"));
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "get_call_admin")]
pub async fn get_call_admin(
    id: i64,
    status: String,
    country: String,
    theme: String,
    language: String,
) -> Result<CallAdmin, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        let filter = crate::services::reviews::AppFilter {
            status,
            country,
            theme,
            language,
        };
        crate::services::reviews::admin(
            &ctx.state,
            &user,
            id,
            &filter,
            ctx.locale(),
            ctx.reader_zone().as_deref(),
        )
        .await
    })
    .await
}

/// Staff's changes on the manage page: each answers with the page again.
#[cfg(feature = "ssr")]
fn back_to_manage(call_id: i64, notice: &str) {
    leptos_axum::redirect(&format!("/pairings/calls/{call_id}/manage?notice={notice}"));
}

#[server(endpoint = "add_call_reviewer")]
pub async fn add_call_reviewer(call_id: i64, email: String) -> Result<(), AppError> {
    use crate::server::request::with_ctx_keeping;
    with_ctx_keeping(vec![("email", email.clone())], |ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::reviews::add_reviewer(&ctx.state, &user, call_id, &email).await?;
        if ctx.is_plain_form() {
            back_to_manage(call_id, "reviewer");
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "remove_call_reviewer")]
pub async fn remove_call_reviewer(call_id: i64, reviewer: i64) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::reviews::remove_reviewer(&ctx.state, &user, call_id, reviewer).await?;
        if ctx.is_plain_form() {
            back_to_manage(call_id, "reviewer");
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "assign_reviewer")]
pub async fn assign_reviewer(
    call_id: i64,
    application_id: i64,
    reviewer: i64,
) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::reviews::assign(&ctx.state, &user, application_id, reviewer).await?;
        if ctx.is_plain_form() {
            back_to_manage(call_id, "assigned");
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "unassign_reviewer")]
pub async fn unassign_reviewer(
    call_id: i64,
    application_id: i64,
    reviewer: i64,
) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::reviews::unassign(&ctx.state, &user, application_id, reviewer).await?;
        if ctx.is_plain_form() {
            back_to_manage(call_id, "assigned");
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "balance_reviewers")]
pub async fn balance_reviewers(call_id: i64) -> Result<usize, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        let n = crate::services::reviews::balance_reviews(&ctx.state, &user, call_id).await?;
        if ctx.is_plain_form() {
            back_to_manage(call_id, "balanced");
        }
        Ok(n)
    })
    .await
}

#[server(endpoint = "decide_application")]
pub async fn decide_application(
    call_id: i64,
    application_id: i64,
    decision: String,
    note: String,
) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::reviews::decide(&ctx.state, &user, application_id, &decision, &note)
            .await?;
        if ctx.is_plain_form() {
            back_to_manage(call_id, "decided");
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "population_verdict")]
pub async fn population_verdict(
    call_id: i64,
    application_id: i64,
    verdict: String,
) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::reviews::population_verdict(
            &ctx.state,
            &user,
            application_id,
            verdict == "confirm",
        )
        .await?;
        if ctx.is_plain_form() {
            back_to_manage(call_id, "population");
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "announce_call")]
pub async fn announce_call(call_id: i64) -> Result<usize, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        let n = crate::services::reviews::announce(&ctx.state, &user, call_id).await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!("/pairings/calls/{call_id}?notice=announced"));
        }
        Ok(n)
    })
    .await
}

/// The eligibility check: the call, and the city picked (by id) or the
/// cities matching what was typed.
#[server(endpoint = "get_apply")]
pub async fn get_apply(call_id: i64, city: i64) -> Result<ApplyPage, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.user().await?;
        crate::services::applications::apply_page(
            &ctx.state,
            user.as_ref(),
            call_id,
            (city > 0).then_some(city),
            ctx.locale(),
            ctx.reader_zone().as_deref(),
        )
        .await
    })
    .await
}

#[server(endpoint = "apply_city_search")]
pub async fn apply_city_search(q: String) -> Result<Vec<CityCard>, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move { crate::services::cities::search(&*ctx.state.store, &q).await })
        .await
}

#[server(endpoint = "start_application")]
pub async fn start_application(
    call_id: i64,
    city_id: i64,
    claimed_population: String,
    population_source: String,
) -> Result<i64, AppError> {
    use crate::server::request::with_ctx_keeping;
    use crate::services::applications::Started;
    let keep = vec![
        ("claimed_population", claimed_population.clone()),
        ("population_source", population_source.clone()),
    ];
    with_ctx_keeping(keep, |ctx| async move {
        let user = ctx.require_user().await?;
        let started = crate::services::applications::start(
            &ctx.state,
            &user,
            call_id,
            city_id,
            &claimed_population,
            &population_source,
        )
        .await?;
        let (id, to) = match started {
            Started::Created(id) => (id, format!("/pairings/applications/{id}?notice=started")),
            Started::Already(id) => (id, format!("/pairings/applications/{id}")),
            Started::Asked(id) => (id, "/pairings?notice=asked".to_owned()),
        };
        if ctx.is_plain_form() {
            leptos_axum::redirect(&to);
        }
        Ok(id)
    })
    .await
}

#[server(endpoint = "get_application")]
pub async fn get_application(id: i64) -> Result<ApplicationView, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::applications::view(
            &ctx.state,
            &user,
            id,
            ctx.locale(),
            ctx.reader_zone().as_deref(),
        )
        .await
    })
    .await
}

/// Saves one step; `go` is where to go next: "next", "list" or "check".
/// A failed plain post keeps what was typed in the form.
#[server(endpoint = "save_step")]
pub async fn save_step(
    id: i64,
    version: i64,
    step: String,
    form: StepForm,
    go: String,
) -> Result<i64, AppError> {
    use crate::server::request::with_ctx_keeping;
    let keep: Vec<(&'static str, String)> = [
        ("mayor_office", &form.mayor_office),
        ("coordinator_name", &form.coordinator_name),
        ("coordinator_email", &form.coordinator_email),
        ("department", &form.department),
        ("motivation", &form.motivation),
        ("challenges", &form.challenges),
        ("experience", &form.experience),
        ("staff_time", &form.staff_time),
        ("budget", &form.budget),
        ("partner", &form.partner),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| (k, v.clone()))
    .collect();
    with_ctx_keeping(keep, |ctx| async move {
        let user = ctx.require_user().await?;
        let v =
            crate::services::applications::save_step(&ctx.state, &user, id, version, &step, &form)
                .await?;
        if ctx.is_plain_form() {
            let next = crate::domain::call::Step::parse(&step).and_then(|s| s.next());
            let to = match (go.as_str(), next) {
                ("next", Some(n)) => {
                    format!("/pairings/applications/{id}/{}?notice=saved", n.as_str())
                }
                ("check", _) | ("next", None) => format!("/pairings/applications/{id}/check"),
                _ => format!("/pairings/applications/{id}?notice=saved"),
            };
            leptos_axum::redirect(&to);
        }
        Ok(v)
    })
    .await
}

#[cfg(feature = "ssr")]
fn back_to_application(id: i64, notice: &str) {
    leptos_axum::redirect(&format!("/pairings/applications/{id}?notice={notice}"));
}

#[server(endpoint = "submit_application")]
pub async fn submit_application(id: i64) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::applications::submit(&ctx.state, &user, id).await?;
        if ctx.is_plain_form() {
            back_to_application(id, "submitted");
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "withdraw_application")]
pub async fn withdraw_application(id: i64) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::applications::withdraw(&ctx.state, &user, id).await?;
        if ctx.is_plain_form() {
            back_to_application(id, "withdrawn");
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "reopen_application")]
pub async fn reopen_application(id: i64) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::applications::reopen(&ctx.state, &user, id).await?;
        if ctx.is_plain_form() {
            back_to_application(id, "reopened");
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "answer_join")]
pub async fn answer_join(id: i64, member: i64, accept: String) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::applications::team::answer_join(
            &ctx.state,
            &user,
            id,
            member,
            accept == "yes",
        )
        .await?;
        if ctx.is_plain_form() {
            back_to_application(id, "team");
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "remove_document")]
pub async fn remove_document(id: i64, file: i64) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        let stored =
            crate::services::applications::files::detach(&ctx.state, &user, id, file).await?;
        crate::server::documents::delete_stored(&ctx.state.config, &stored).await;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!(
                "/pairings/applications/{id}/documents?notice=removed"
            ));
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "my_reviews")]
pub async fn my_reviews() -> Result<Vec<ReviewItem>, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::reviews::my_reviews(&ctx.state, &user, ctx.locale()).await
    })
    .await
}

#[server(endpoint = "get_review")]
pub async fn get_review(application_id: i64) -> Result<ReviewPage, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::reviews::review_page(
            &ctx.state,
            &user,
            application_id,
            ctx.locale(),
            ctx.reader_zone().as_deref(),
        )
        .await
    })
    .await
}

/// Scores by criterion id ("0"–"5", "na", or "" for not yet).
#[server(endpoint = "save_review")]
pub async fn save_review(
    application_id: i64,
    #[server(default)] scores: BTreeMap<String, String>,
    #[server(default)] comments: BTreeMap<String, String>,
    comment: String,
    submit: String,
) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::reviews::save_review(
            &ctx.state,
            &user,
            application_id,
            &scores,
            &comments,
            &comment,
            submit == "yes",
        )
        .await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!("/pairings/reviews/{application_id}?notice=saved"));
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "declare_conflict")]
pub async fn declare_conflict(application_id: i64) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::reviews::declare_conflict(&ctx.state, &user, application_id).await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect("/pairings/reviews?notice=conflict");
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "invite_coapplicant")]
pub async fn invite_coapplicant(id: i64, email: String) -> Result<(), AppError> {
    use crate::server::request::with_ctx_keeping;
    with_ctx_keeping(vec![("email", email.clone())], |ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::network::limit_user_forms(&ctx.state, &user).await?;
        crate::services::applications::team::invite(&ctx.state, &user, id, &email).await?;
        if ctx.is_plain_form() {
            back_to_application(id, "invited");
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "get_invitation")]
pub async fn get_invitation(token: String) -> Result<crate::dto::Invitation, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        crate::services::applications::team::invitation(&ctx.state, &token, ctx.locale()).await
    })
    .await
}

#[server(endpoint = "accept_invitation")]
pub async fn accept_invitation(token: String) -> Result<i64, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        let id =
            crate::services::applications::team::accept_invite(&ctx.state, &user, &token).await?;
        if ctx.is_plain_form() {
            back_to_application(id, "joined");
        }
        Ok(id)
    })
    .await
}

#[server(endpoint = "remove_call_document")]
pub async fn remove_call_document(call_id: i64, doc: i64) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        let stored =
            crate::services::calls::remove_document(&ctx.state, &user, call_id, doc).await?;
        crate::server::documents::delete_stored(&ctx.state.config, &stored).await;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!("/pairings/calls/{call_id}/edit?notice=removed"));
        }
        Ok(())
    })
    .await
}
