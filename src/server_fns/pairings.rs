//! Pairings and trios: forming them, their space (agreement, team, timeline,
//! activities, notes), their action plan, the public list and pages.
//! Context → permission (in the service) → service; plain form posts are
//! redirected to the page that says what happened.

use crate::domain::pairing::plan::{ActionForm, ObjectiveForm};
use crate::domain::pairing::{ActivityForm, AgreementForm, MilestoneForm, SignatureForm};
use crate::dto::{
    ActionEditor, FormationPage, PairingFilters, PairingPublic, PairingSpace, PairingsList,
    PlanPage,
};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn to_space(id: i64, notice: &str, anchor: &str) -> String {
    format!("/pairing/{id}/space?notice={notice}#{anchor}")
}

#[cfg(feature = "ssr")]
fn to_plan(id: i64, notice: &str) -> String {
    format!("/pairing/{id}/plan?notice={notice}")
}

#[server(endpoint = "get_pairings")]
pub async fn get_pairings(filters: PairingFilters) -> Result<PairingsList, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.user().await?;
        crate::services::pairings::list(&ctx.state, user.as_ref(), filters, ctx.locale()).await
    })
    .await
}

#[server(endpoint = "get_pairing")]
pub async fn get_pairing(id: i64) -> Result<PairingPublic, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.user().await?;
        crate::services::pairings::public_page(&ctx.state, user.as_ref(), id, ctx.locale()).await
    })
    .await
}

#[server(endpoint = "get_formation")]
pub async fn get_formation(
    call_id: i64,
    groups: String,
    added: String,
) -> Result<FormationPage, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::pairings::formation::page(
            &ctx.state,
            &user,
            call_id,
            &groups,
            &added,
            ctx.locale(),
        )
        .await
    })
    .await
}

/// Preview an arrangement (`intent=preview`) or confirm it.
#[server(endpoint = "form_pairings")]
pub async fn form_pairings(
    call_id: i64,
    #[server(default)] groups: Vec<String>,
    #[server(default)] added: String,
    intent: String,
) -> Result<usize, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        let arrangement = groups
            .iter()
            .map(|g| g.trim())
            .collect::<Vec<_>>()
            .join(",");
        let q = |k: &str, v: &str| format!("{k}={}", crate::escape::url_component(v));
        if intent == "preview" {
            crate::services::calls::require_staff(&user)?;
            leptos_axum::redirect(&format!(
                "/pairings/calls/{call_id}/form?{}&{}",
                q("g", &arrangement),
                q("add", &added)
            ));
            return Ok(0);
        }
        let n = crate::services::pairings::formation::confirm(
            &ctx.state,
            &user,
            call_id,
            &arrangement,
            &added,
        )
        .await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!("/pairings/calls/{call_id}/form?notice=formed"));
        }
        Ok(n)
    })
    .await
}

#[server(endpoint = "get_space")]
pub async fn get_space(id: i64) -> Result<PairingSpace, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::pairings::space::page(
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

#[server(endpoint = "save_agreement")]
pub async fn save_agreement(id: i64, version: i64, form: AgreementForm) -> Result<(), AppError> {
    use crate::server::request::with_ctx_keeping;
    with_ctx_keeping(
        vec![("commitments", form.commitments.clone())],
        |ctx| async move {
            let user = ctx.require_user().await?;
            crate::services::pairings::space::save_agreement(&ctx.state, &user, id, version, &form)
                .await?;
            if ctx.is_plain_form() {
                leptos_axum::redirect(&to_space(id, "agreement", "agreement"));
            }
            Ok(())
        },
    )
    .await
}

#[server(endpoint = "set_pairing_state")]
pub async fn set_pairing_state(
    id: i64,
    to: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::server::request::with_ctx_keeping;
    with_ctx_keeping(vec![("reason", reason.clone())], |ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::pairings::space::set_state(
            &ctx.state,
            &user,
            id,
            &to,
            &reason,
            ctx.locale(),
        )
        .await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&to_space(id, "state", "state"));
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "sign_agreement")]
pub async fn sign_agreement(id: i64, form: SignatureForm) -> Result<bool, AppError> {
    use crate::server::request::with_ctx_keeping;
    with_ctx_keeping(
        vec![("name", form.name.clone()), ("role", form.role.clone())],
        |ctx| async move {
            let user = ctx.require_user().await?;
            let started =
                crate::services::pairings::space::sign(&ctx.state, &user, id, &form).await?;
            if ctx.is_plain_form() {
                leptos_axum::redirect(&to_space(
                    id,
                    if started { "cooperating" } else { "signed" },
                    "agreement",
                ));
            }
            Ok(started)
        },
    )
    .await
}

#[server(endpoint = "set_team_member")]
pub async fn set_team_member(
    id: i64,
    city_id: i64,
    email: String,
    #[server(default)] coordinator: Option<String>,
    #[server(default)] signatory: Option<String>,
) -> Result<(), AppError> {
    use crate::server::request::with_ctx_keeping;
    with_ctx_keeping(vec![("email", email.clone())], |ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::pairings::space::set_member(
            &ctx.state,
            &user,
            id,
            city_id,
            &email,
            coordinator.is_some(),
            signatory.is_some(),
        )
        .await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&to_space(id, "team", "team"));
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "remove_team_member")]
pub async fn remove_team_member(id: i64, member: i64) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::pairings::space::remove_member(&ctx.state, &user, id, member).await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&to_space(id, "team", "team"));
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "add_milestone")]
pub async fn add_milestone(id: i64, form: MilestoneForm) -> Result<(), AppError> {
    use crate::server::request::with_ctx_keeping;
    with_ctx_keeping(
        vec![
            ("title", form.title.clone()),
            ("due_on", form.due_on.clone()),
        ],
        |ctx| async move {
            let user = ctx.require_user().await?;
            crate::services::pairings::space::add_milestone(&ctx.state, &user, id, &form).await?;
            if ctx.is_plain_form() {
                leptos_axum::redirect(&to_space(id, "milestone", "timeline"));
            }
            Ok(())
        },
    )
    .await
}

#[server(endpoint = "milestone_done")]
pub async fn milestone_done(id: i64, milestone: i64, done: String) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::pairings::space::milestone_done(
            &ctx.state,
            &user,
            id,
            milestone,
            done == "yes",
        )
        .await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&to_space(id, "milestone", "timeline"));
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "save_activity")]
pub async fn save_activity(id: i64, activity: i64, form: ActivityForm) -> Result<i64, AppError> {
    use crate::server::request::with_ctx_keeping;
    let keep = vec![
        ("a_title", form.title.clone()),
        ("a_held_on", form.held_on.clone()),
        ("a_event", form.event.clone()),
        ("a_report", form.report.clone()),
    ];
    with_ctx_keeping(keep, |ctx| async move {
        let user = ctx.require_user().await?;
        let saved =
            crate::services::pairings::space::save_activity(&ctx.state, &user, id, activity, &form)
                .await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&to_space(id, "activity", "activities"));
        }
        Ok(saved)
    })
    .await
}

#[server(endpoint = "delete_activity")]
pub async fn delete_activity(id: i64, activity: i64) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::pairings::space::delete_activity(&ctx.state, &user, id, activity).await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&to_space(id, "activity", "activities"));
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "add_pairing_note")]
pub async fn add_pairing_note(id: i64, body: String) -> Result<(), AppError> {
    use crate::server::request::with_ctx_keeping;
    with_ctx_keeping(vec![("body", body.clone())], |ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::pairings::space::add_note(&ctx.state, &user, id, &body).await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&to_space(id, "note", "notes"));
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "remove_pairing_file")]
pub async fn remove_pairing_file(id: i64, file: i64) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        let stored =
            crate::services::pairings::space::remove_file(&ctx.state, &user, id, file).await?;
        crate::server::documents::delete_stored(&ctx.state.config, &stored).await;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&to_space(id, "removed", "documents"));
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "get_plan")]
pub async fn get_plan(id: i64) -> Result<PlanPage, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::pairings::plan::page(
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

#[server(endpoint = "get_action_editor")]
pub async fn get_action_editor(
    id: i64,
    action: i64,
    parent: i64,
) -> Result<ActionEditor, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::pairings::plan::editor(&ctx.state, &user, id, action, parent, ctx.locale())
            .await
    })
    .await
}

/// The typed fields an action form gets back after a refusal.
#[cfg(feature = "ssr")]
fn keep_action(f: &ActionForm) -> Vec<(&'static str, String)> {
    const TITLES: [&str; 3] = ["k_title_0", "k_title_1", "k_title_2"];
    const TEXTS: [&str; 3] = ["k_description_0", "k_description_1", "k_description_2"];
    let mut keep = vec![
        ("k_department", f.department.clone()),
        ("k_partners", f.partners.clone()),
        ("k_budget_amount", f.budget_amount.clone()),
        ("k_budget_currency", f.budget_currency.clone()),
        ("k_budget_source", f.budget_source.clone()),
        ("k_starts_on", f.starts_on.clone()),
        ("k_ends_on", f.ends_on.clone()),
        ("k_progress", f.progress.clone()),
        ("k_weight", f.weight.clone()),
    ];
    for i in 0..3 {
        keep.push((TITLES[i], f.title.get(i).cloned().unwrap_or_default()));
        keep.push((TEXTS[i], f.description.get(i).cloned().unwrap_or_default()));
    }
    keep
}

#[server(endpoint = "save_action")]
pub async fn save_action(
    id: i64,
    action: i64,
    version: i64,
    form: ActionForm,
) -> Result<i64, AppError> {
    use crate::server::request::with_ctx_keeping;
    with_ctx_keeping(keep_action(&form), |ctx| async move {
        let user = ctx.require_user().await?;
        let saved = crate::services::pairings::plan::save_action(
            &ctx.state, &user, id, action, version, &form,
        )
        .await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!("/pairing/{id}/plan?notice=action#action-{saved}"));
        }
        Ok(saved)
    })
    .await
}

#[server(endpoint = "delete_action")]
pub async fn delete_action(id: i64, action: i64) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::pairings::plan::delete_action(&ctx.state, &user, id, action).await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&to_plan(id, "removed"));
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "save_objective")]
pub async fn save_objective(id: i64, objective: i64, form: ObjectiveForm) -> Result<i64, AppError> {
    use crate::server::request::with_ctx_keeping;
    with_ctx_keeping(
        vec![
            ("o_title", form.title.clone()),
            ("o_weight", form.weight.clone()),
        ],
        |ctx| async move {
            let user = ctx.require_user().await?;
            let saved = crate::services::pairings::plan::save_objective(
                &ctx.state, &user, id, objective, &form,
            )
            .await?;
            if ctx.is_plain_form() {
                leptos_axum::redirect(&to_plan(id, "objective"));
            }
            Ok(saved)
        },
    )
    .await
}

#[server(endpoint = "delete_objective")]
pub async fn delete_objective(id: i64, objective: i64) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::pairings::plan::delete_objective(&ctx.state, &user, id, objective).await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&to_plan(id, "removed"));
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "submit_plan")]
pub async fn submit_plan(id: i64) -> Result<i64, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        let n = crate::services::pairings::plan::submit(&ctx.state, &user, id).await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&to_plan(id, "submitted"));
        }
        Ok(n)
    })
    .await
}

#[server(endpoint = "decide_plan")]
pub async fn decide_plan(
    id: i64,
    decision: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    use crate::server::request::with_ctx_keeping;
    with_ctx_keeping(vec![("note", note.clone())], |ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::pairings::plan::decide(
            &ctx.state,
            &user,
            id,
            decision == "approve",
            &note,
        )
        .await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&to_plan(id, "decided"));
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "comment_action")]
pub async fn comment_action(id: i64, action: i64, comment: String) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::pairings::plan::comment(&ctx.state, &user, id, action, &comment).await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&format!(
                "/pairing/{id}/plan?notice=comment#action-{action}"
            ));
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "submit_report")]
pub async fn submit_report(id: i64, period: i64, body: String) -> Result<(), AppError> {
    use crate::server::request::with_ctx_keeping;
    with_ctx_keeping(vec![("body", body.clone())], |ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::pairings::plan::submit_report(&ctx.state, &user, id, period, &body)
            .await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&to_plan(id, "report"));
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "review_report")]
pub async fn review_report(
    id: i64,
    period: i64,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::pairings::plan::review_report(&ctx.state, &user, id, period, &note)
            .await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect(&to_plan(id, "reviewed"));
        }
        Ok(())
    })
    .await
}
