//! C2C matchmaking meetings: the participant's page and actions, and the
//! organizers' slots, scheduler runs and dashboard.

use crate::domain::meeting::{OutcomeForm, SlotPlanForm, StatementForm};
use crate::dto::{MeetingDashboard, MeetingsPage, MetBeforeView, RunSummary};
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "get_meetings")]
pub async fn get_meetings(id: i64, q: String, theme: String) -> Result<MeetingsPage, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let viewer = ctx.user().await?;
        crate::services::meetings::page(
            &*ctx.state.store,
            viewer.as_ref(),
            id,
            &q,
            &theme,
            ctx.locale(),
            ctx.reader_zone().as_deref(),
            crate::services::clock::unix_now(),
        )
        .await
    })
    .await
}

#[server(endpoint = "save_meeting_statement")]
pub async fn save_meeting_statement(event_id: i64, form: StatementForm) -> Result<(), AppError> {
    use crate::server::request::with_ctx_keeping;
    let keep = vec![("offer", form.offer.clone()), ("seek", form.seek.clone())];
    with_ctx_keeping(keep, |ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::network::limit_user_forms(&ctx.state, &user).await?;
        crate::services::meetings::save_statement(
            &*ctx.state.store,
            &user,
            event_id,
            &form,
            crate::services::clock::unix_now(),
        )
        .await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!(
                "/events/{event_id}/meetings?notice=statement#statement"
            ));
        }
        Ok(())
    })
    .await
}

/// `free`: the slots the participant can meet in; the others become busy.
#[server(endpoint = "save_meeting_availability")]
pub async fn save_meeting_availability(
    event_id: i64,
    #[server(default)] free: Vec<i64>,
) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::meetings::save_availability(&*ctx.state.store, &user, event_id, &free)
            .await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!(
                "/events/{event_id}/meetings?notice=availability#availability"
            ));
        }
        Ok(())
    })
    .await
}

/// "sent", or "accepted" when the other side had already asked.
#[server(endpoint = "request_meeting")]
pub async fn request_meeting(event_id: i64, to: i64, note: String) -> Result<String, AppError> {
    use crate::server::request::with_ctx_keeping;
    let keep = vec![("note", note.clone()), ("to", to.to_string())];
    with_ctx_keeping(keep, |ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::network::limit_user_forms(&ctx.state, &user).await?;
        let out = crate::services::meetings::request(
            &ctx.state,
            &user,
            event_id,
            to,
            &note,
            crate::services::clock::unix_now(),
        )
        .await?;
        let said = match out {
            crate::store::meetings::Requested::AcceptedTheirs(_) => "accepted",
            _ => "sent",
        };
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!("/events/{event_id}/meetings?notice={said}#people"));
        }
        Ok(said.to_owned())
    })
    .await
}

/// `answer`: "accept" or "decline".
#[server(endpoint = "answer_meeting")]
pub async fn answer_meeting(
    event_id: i64,
    request_id: i64,
    answer: String,
) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        let accept = match answer.as_str() {
            "accept" => true,
            "decline" => false,
            _ => return Err(AppError::validation("answer", crate::i18n::Msg::ErrChoice)),
        };
        crate::services::meetings::answer(
            &ctx.state,
            &user,
            request_id,
            accept,
            crate::services::clock::unix_now(),
        )
        .await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!("/events/{event_id}/meetings#requests"));
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "cancel_meeting")]
pub async fn cancel_meeting(request_id: i64) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        let event = crate::services::meetings::cancel(
            &*ctx.state.store,
            &user,
            request_id,
            crate::services::clock::unix_now(),
        )
        .await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!("/events/{event}/meetings#agenda"));
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "save_meeting_note")]
pub async fn save_meeting_note(request_id: i64, form: OutcomeForm) -> Result<(), AppError> {
    use crate::server::request::with_ctx_keeping;
    let keep = vec![
        ("request_id", request_id.to_string()),
        ("outcome", form.outcome.clone()),
        ("next_steps", form.next_steps.clone()),
        ("remind_on", form.remind_on.clone()),
    ];
    with_ctx_keeping(keep, |ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::network::limit_user_forms(&ctx.state, &user).await?;
        let event = crate::services::meetings::save_note(
            &*ctx.state.store,
            &user,
            request_id,
            &form,
            crate::services::clock::unix_now(),
        )
        .await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!(
                "/events/{event}/meetings?notice=saved#meeting-{request_id}"
            ));
        }
        Ok(())
    })
    .await
}

/// The meetings the signed-in reader had with member `id` (empty for
/// visitors and on one's own profile).
#[server(endpoint = "get_met_before")]
pub async fn get_met_before(id: i64) -> Result<Vec<MetBeforeView>, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let Some(user) = ctx.user().await? else {
            return Ok(Vec::new());
        };
        crate::services::meetings::met_before(
            &*ctx.state.store,
            &user,
            id,
            ctx.locale(),
            crate::services::clock::unix_now(),
        )
        .await
    })
    .await
}

#[server(endpoint = "get_meeting_dashboard")]
pub async fn get_meeting_dashboard(id: i64) -> Result<MeetingDashboard, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::meetings::dashboard(
            &*ctx.state.store,
            &user,
            id,
            ctx.locale(),
            ctx.reader_zone().as_deref(),
        )
        .await
    })
    .await
}

#[server(endpoint = "add_meeting_slots")]
pub async fn add_meeting_slots(event_id: i64, plan: SlotPlanForm) -> Result<(), AppError> {
    use crate::server::request::with_ctx_keeping;
    let keep = vec![
        ("start", plan.start.clone()),
        ("count", plan.count.clone()),
        ("minutes", plan.minutes.clone()),
        ("pause", plan.pause.clone()),
        ("tables", plan.tables.clone()),
    ];
    with_ctx_keeping(keep, |ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::network::limit_user_forms(&ctx.state, &user).await?;
        crate::services::meetings::add_slots(&*ctx.state.store, &user, event_id, &plan).await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!(
                "/events/{event_id}/meetings/organize?notice=saved#slots"
            ));
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "delete_meeting_slot")]
pub async fn delete_meeting_slot(event_id: i64, slot_id: i64) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::meetings::delete_slot(&*ctx.state.store, &user, event_id, slot_id).await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!(
                "/events/{event_id}/meetings/organize?notice=saved#slots"
            ));
        }
        Ok(())
    })
    .await
}

/// `mode`: "keep" (confirmed meetings keep their slot) or "reshuffle".
#[server(endpoint = "run_meeting_scheduler")]
pub async fn run_meeting_scheduler(event_id: i64, mode: String) -> Result<RunSummary, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        let keep = match mode.as_str() {
            "keep" => true,
            "reshuffle" => false,
            _ => return Err(AppError::validation("mode", crate::i18n::Msg::ErrChoice)),
        };
        crate::services::network::limit_user_forms(&ctx.state, &user).await?;
        let out = crate::services::meetings::run(
            &ctx.state,
            &user,
            event_id,
            keep,
            crate::services::clock::unix_now(),
        )
        .await?;
        if ctx.is_plain_form() {
            // the figures the page says, as the WASM-less form gets no answer
            leptos_axum::redirect(&format!(
                "/events/{event_id}/meetings/organize?notice=scheduled&scheduled={}&unplaced={}&moved={}#run",
                out.scheduled, out.unplaced, out.moved
            ));
        }
        Ok(out)
    })
    .await
}
