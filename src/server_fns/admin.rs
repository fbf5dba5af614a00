use crate::dto::MembersPage;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "admin_members")]
pub async fn list_members(page: i64) -> Result<MembersPage, AppError> {
    use crate::server::request::with_ctx;
    use crate::services::accounts::{list_members, MEMBERS_PAGE_SIZE};
    with_ctx(|ctx| async move {
        let actor = ctx.require_user().await?;
        let (users, total) = list_members(&ctx.state, &actor, page).await?;
        Ok(MembersPage {
            members: users
                .into_iter()
                .map(|u| crate::dto::MemberRow {
                    id: u.id.0,
                    name: u.name,
                    email: u.email,
                    role: u.role,
                    confirmed: u.email_confirmed_at.is_some(),
                })
                .collect(),
            page: page.max(0),
            pages: (total + MEMBERS_PAGE_SIZE - 1) / MEMBERS_PAGE_SIZE,
            total,
        })
    })
    .await
}

#[server(endpoint = "set_role")]
pub async fn set_role(user_id: i64, role: String) -> Result<(), AppError> {
    use crate::domain::UserId;
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let actor = ctx.require_user().await?;
        crate::services::accounts::set_role(&ctx.state, &actor, UserId(user_id), &role).await?;
        if ctx.is_plain_form() {
            leptos_axum::redirect("/admin/members?notice=role");
        }
        Ok(())
    })
    .await
}
