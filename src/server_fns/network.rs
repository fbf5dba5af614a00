//! The network: people search, profiles, themes, city notes.

use crate::domain::profile::ProfileForm;
use crate::domain::search::SearchParams;
use crate::dto::{CityPageData, ProfileEditor, ProfileView, SdgView, SearchResults, ThemeView};
use crate::error::AppError;
use leptos::prelude::*;

/// People (and cities) matching a search. Visitors see public profiles only.
#[server(endpoint = "search_people")]
pub async fn search_people(params: SearchParams) -> Result<SearchResults, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let signed_in = ctx.user().await?.is_some();
        let mut r =
            crate::services::network::search(&*ctx.state.store, signed_in, &params, ctx.locale())
                .await?;
        if params.page <= 1 && params.q.trim().chars().count() >= 3 {
            r.news =
                crate::services::news::matching(&ctx.state, &params.q, ctx.locale(), 3).await?;
        }
        Ok(r)
    })
    .await
}

#[server(endpoint = "profile")]
pub async fn profile(id: i64) -> Result<ProfileView, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let viewer = ctx.user().await?;
        crate::services::network::view(&*ctx.state.store, viewer.as_ref(), id, ctx.locale()).await
    })
    .await
}

#[server(endpoint = "my_profile")]
pub async fn my_profile() -> Result<ProfileEditor, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::network::editor(&*ctx.state.store, &user, ctx.locale()).await
    })
    .await
}

#[server(endpoint = "save_profile")]
pub async fn save_profile(form: ProfileForm) -> Result<ProfileEditor, AppError> {
    use crate::server::request::with_ctx_keeping;
    let keep = vec![
        ("job_title", form.job_title.clone()),
        ("organisation", form.organisation.clone()),
        ("bio", form.bio.chars().take(1500).collect()),
        ("links", form.links.clone()),
    ];
    with_ctx_keeping(keep, |ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::network::limit_user_forms(&ctx.state, &user).await?;
        let saved = crate::services::network::save(
            &*ctx.state.store,
            &user,
            &form,
            ctx.locale(),
            crate::services::clock::unix_now(),
        )
        .await?;
        leptos_axum::redirect("/account/profile?notice=saved");
        Ok(saved)
    })
    .await
}

#[server(endpoint = "themes")]
pub async fn themes() -> Result<Vec<ThemeView>, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let signed_in = ctx.user().await?.is_some();
        crate::services::network::theme_list(&*ctx.state.store, signed_in, ctx.locale()).await
    })
    .await
}

#[server(endpoint = "sdgs")]
pub async fn sdgs() -> Result<Vec<SdgView>, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        crate::services::network::sdg_choices(&*ctx.state.store, ctx.locale()).await
    })
    .await
}

#[server(endpoint = "set_theme_sdgs")]
pub async fn set_theme_sdgs(theme: String, sdgs: Option<Vec<i64>>) -> Result<(), AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let admin = ctx.require_user().await?;
        crate::services::network::set_theme_sdgs(
            &*ctx.state.store,
            &admin,
            &theme,
            &sdgs.unwrap_or_default(),
        )
        .await?;
        leptos_axum::redirect("/admin/themes?notice=saved");
        Ok(())
    })
    .await
}

#[server(endpoint = "city_page")]
pub async fn city_page(id: i64) -> Result<CityPageData, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move {
        let viewer = ctx.user().await?;
        let mut page = crate::services::network::city_page(
            &*ctx.state.store,
            viewer.as_ref(),
            id,
            ctx.locale(),
        )
        .await?;
        let r = id.to_string();
        page.news = crate::services::news::about(&ctx.state, "city", &r, ctx.locale(), 5).await?;
        page.publications =
            crate::services::news::library::about(&ctx.state, "city", &r, ctx.locale()).await?;
        Ok(page)
    })
    .await
}

#[server(endpoint = "save_city_note")]
pub async fn save_city_note(
    city_id: i64,
    themes: Option<Vec<String>>,
    challenges: String,
) -> Result<(), AppError> {
    use crate::server::request::with_ctx_keeping;
    let keep = vec![("challenges", challenges.clone())];
    with_ctx_keeping(keep, |ctx| async move {
        let user = ctx.require_user().await?;
        crate::services::network::limit_user_forms(&ctx.state, &user).await?;
        crate::services::network::save_city_note(
            &*ctx.state.store,
            &user,
            city_id,
            &themes.unwrap_or_default(),
            &challenges,
            crate::services::clock::unix_now(),
        )
        .await?;
        leptos_axum::redirect(&format!("/cities/{city_id}?notice=saved"));
        Ok(())
    })
    .await
}
