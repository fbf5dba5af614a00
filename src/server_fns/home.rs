use crate::dto::Overview;
use crate::error::AppError;
use leptos::prelude::*;

/// Figures and upcoming events for the home page; public.
#[server(endpoint = "home_overview")]
pub async fn home_overview() -> Result<Overview, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let mut o = crate::services::events::home_overview(&*ctx.state.store, ctx.locale()).await?;
        o.programme = crate::services::pairings::figures(&ctx.state, ctx.locale()).await?;
        o.news = crate::services::news::for_home(&ctx.state, ctx.locale()).await?;
        Ok(o)
    })
    .await
}

/// The contact address and other facts of this deployment; public.
#[server(endpoint = "site_info")]
pub async fn site_info() -> Result<crate::dto::SiteFacts, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        Ok(crate::dto::SiteFacts {
            contact: ctx.state.config.mail.contact.clone(),
        })
    })
    .await
}
