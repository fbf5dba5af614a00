//! `GET /account/export.json`: everything Tandem holds about the signed-in
//! member, as a file download that no cache keeps.

use super::request::{locale_from_headers, session_user};
use super::AppState;
use crate::error::AppError;
use crate::services::clock::unix_now;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

pub async fn export_json(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let result = async {
        let user = session_user(&state, &headers)
            .await?
            .ok_or(AppError::Unauthorized)?;
        crate::services::self_service::export(&state, &user).await
    }
    .await;
    match result {
        Ok(doc) => {
            let body = serde_json::to_string_pretty(&doc).unwrap_or_default();
            let day = crate::services::time::rfc3339(unix_now());
            let name = format!("tandem-my-data-{}.json", day.get(..10).unwrap_or("export"));
            (
                StatusCode::OK,
                [
                    (
                        header::CONTENT_TYPE,
                        "application/json; charset=utf-8".to_owned(),
                    ),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{name}\""),
                    ),
                    (header::CACHE_CONTROL, "no-store".to_owned()),
                ],
                body,
            )
                .into_response()
        }
        Err(e) => {
            let status =
                StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (
                status,
                [(header::CACHE_CONTROL, "no-store")],
                e.message(locale_from_headers(&headers)),
            )
                .into_response()
        }
    }
}
