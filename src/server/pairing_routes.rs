//! The pairings' plain routes: the open data (`/pairings.json`,
//! `/pairings.csv`), a plan's exports (`/pairing/{id}/plan.json`,
//! `…/plan.csv`, for the team and staff), and the team's documents
//! (streamed PDF upload, checked by content and size, and download).

use super::documents::{answer, delete_stored, receive_pdf, send_pdf};
use super::request::session_user;
use super::AppState;
use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// The most a team document may weigh.
pub const MAX_PAIRING_FILE_BYTES: usize = 20 * 1024 * 1024;

fn status(e: &crate::error::AppError) -> Response {
    StatusCode::from_u16(e.status())
        .unwrap_or(StatusCode::NOT_FOUND)
        .into_response()
}

fn typed(
    body: String,
    content_type: &'static str,
    cache: &'static str,
    download: Option<&str>,
) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Some(name) = download {
        if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
    }
    // open data may be read by anyone's page
    res
}

/// `/pairings.json`: every public pairing (schema in README).
pub async fn open_json(State(state): State<AppState>) -> Response {
    match crate::services::pairings::open_data::collect(&state).await {
        Ok(d) => match serde_json::to_string_pretty(&d) {
            Ok(body) => {
                let mut res = typed(
                    body,
                    "application/json; charset=utf-8",
                    "public, max-age=300",
                    None,
                );
                res.headers_mut().insert(
                    header::ACCESS_CONTROL_ALLOW_ORIGIN,
                    HeaderValue::from_static("*"),
                );
                res
            }
            Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        },
        Err(e) => status(&e),
    }
}

/// `/pairings.csv`: the same, one row per pairing.
pub async fn open_csv(State(state): State<AppState>) -> Response {
    match crate::services::pairings::open_data::collect(&state).await {
        Ok(d) => {
            let mut res = typed(
                crate::services::pairings::open_data::csv(&d),
                "text/csv; charset=utf-8",
                "public, max-age=300",
                Some("pairings.csv"),
            );
            res.headers_mut().insert(
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            );
            res
        }
        Err(e) => status(&e),
    }
}

/// `/pairing/{id}/plan.json`: the action plan, for its team and staff.
pub async fn plan_json(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let Some(user) = session_user(&state, &headers).await.ok().flatten() else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    match crate::services::pairings::plan::export(&state, &user, id).await {
        Ok(e) => match serde_json::to_string_pretty(&e) {
            Ok(body) => typed(
                body,
                "application/json; charset=utf-8",
                "private, no-store",
                Some(&format!("plan-{id}.json")),
            ),
            Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        },
        Err(e) => status(&e),
    }
}

/// `/pairing/{id}/plan.csv`: one row per action, for its team and staff.
pub async fn plan_csv(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let Some(user) = session_user(&state, &headers).await.ok().flatten() else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    match crate::services::pairings::plan::export(&state, &user, id).await {
        Ok(e) => typed(
            crate::services::pairings::plan::export_csv(&e),
            "text/csv; charset=utf-8",
            "private, no-store",
            Some(&format!("plan-{id}.csv")),
        ),
        Err(e) => status(&e),
    }
}

/// `POST /pairing/{id}/documents`: a PDF for the team's space.
pub async fn upload(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let page = format!("/pairing/{id}/space");
    let result = async {
        let user = session_user(&state, &headers)
            .await
            .ok()
            .flatten()
            .ok_or(crate::error::AppError::Unauthorized)?;
        crate::services::network::limit_user_forms(&state, &user).await?;
        // refuse before reading the body when the member is not on the team
        crate::services::pairings::space::may_upload(&state, &user, id).await?;
        let (_, pdf) = receive_pdf(&state, multipart, MAX_PAIRING_FILE_BYTES).await?;
        let attached = crate::services::pairings::space::attach_file(
            &state,
            &user,
            id,
            &pdf.original,
            &pdf.stored,
            pdf.bytes,
        )
        .await;
        if attached.is_err() {
            delete_stored(&state.config, &pdf.stored).await;
        }
        attached.map(|_| ())
    }
    .await;
    answer(&headers, result, &page)
}

/// `/pairing/{id}/documents/{file}`: for the team and staff only.
pub async fn download(
    State(state): State<AppState>,
    Path((id, file)): Path<(i64, i64)>,
    headers: HeaderMap,
) -> Response {
    let Some(user) = session_user(&state, &headers).await.ok().flatten() else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    match crate::services::pairings::space::file_for(&state, &user, id, file).await {
        Ok(f) => {
            send_pdf(
                &state,
                &f.stored_as,
                &f.text,
                f.id,
                f.size,
                "private, no-store",
            )
            .await
        }
        Err(e) => status(&e),
    }
}
