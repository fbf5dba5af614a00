use crate::dto::CityCard;
use crate::error::AppError;
use leptos::prelude::*;

/// The city directory is public: it is GeoNames data.
#[server(endpoint = "search_cities")]
pub async fn search_cities(q: String) -> Result<Vec<CityCard>, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move { crate::services::cities::search(&*ctx.state.store, &q).await })
        .await
}

#[server(endpoint = "city")]
pub async fn city(id: i64) -> Result<CityCard, AppError> {
    use crate::server::request::with_ctx;
    with_ctx(|ctx| async move { crate::services::cities::get(&*ctx.state.store, id).await }).await
}
