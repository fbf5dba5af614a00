//! Letters of support and the signed endorsement of an application: a plain
//! multipart form post (works without JavaScript), streamed to a temporary
//! file under `<data_dir>/documents` chunk by chunk (a 10 MB PDF never sits
//! in memory), checked by content (a PDF's header and end marker) and size,
//! then renamed into place; and the download, for those who may read the
//! application.

use super::request::{locale_from_headers, session_user};
use super::AppState;
use crate::config::Config;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::services::applications::{looks_like_pdf, MAX_FILE_BYTES};
use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};

fn dir(config: &Config) -> std::path::PathBuf {
    config.data_dir.join("documents")
}

/// Stored names are 32 hex digits and `.pdf`, chosen here, never typed.
fn valid_stored_name(name: &str) -> bool {
    name.len() == 36 && name.ends_with(".pdf") && name[..32].bytes().all(|b| b.is_ascii_hexdigit())
}

pub async fn delete_stored(config: &Config, stored: &str) {
    if valid_stored_name(stored) {
        let _ = tokio::fs::remove_file(dir(config).join(stored)).await;
    }
}

pub async fn upload(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let page = format!("/pairings/applications/{id}/documents");
    let result = upload_inner(&state, &headers, id, multipart).await;
    if let Err(e) = &result {
        tracing::info!(error = %e, locale = locale_from_headers(&headers).code(), "document refused");
    }
    let wants_html = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    match (result, wants_html) {
        (Ok(()), true) => Redirect::to(&format!("{page}?notice=uploaded")).into_response(),
        (Ok(()), false) => StatusCode::NO_CONTENT.into_response(),
        (Err(AppError::Unauthorized), true) => {
            Redirect::to(&format!("/account/sign-in?next={page}")).into_response()
        }
        (Err(e), true) => {
            let key = match &e {
                AppError::Validation { msg, .. } | AppError::Refused(msg) => format!("{msg:?}"),
                AppError::Forbidden => "ErrForbidden".to_owned(),
                AppError::NotFound => "ErrNotFound".to_owned(),
                _ => "ErrDocumentUnreadable".to_owned(),
            };
            Redirect::to(&format!("{page}?file_error={key}")).into_response()
        }
        (Err(e), false) => {
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
            (
                status,
                [(header::CONTENT_TYPE, "application/json")],
                serde_json::to_string(&e).unwrap_or_default(),
            )
                .into_response()
        }
    }
}

async fn upload_inner(
    state: &AppState,
    headers: &HeaderMap,
    id: i64,
    mut multipart: Multipart,
) -> Result<(), AppError> {
    let user = session_user(state, headers)
        .await
        .ok()
        .flatten()
        .ok_or(AppError::Unauthorized)?;
    crate::services::network::limit_user_forms(state, &user).await?;
    // refuse before reading the body when the member may not change it
    crate::services::applications::view(state, &user, id, user.locale, None)
        .await
        .and_then(|v| {
            if v.editable && v.applicants.iter().any(|p| p.id == user.id.0) {
                Ok(())
            } else if v.applicants.iter().any(|p| p.id == user.id.0) {
                Err(AppError::Refused(Msg::AppSubmittedReadOnly))
            } else {
                Err(AppError::Forbidden)
            }
        })?;
    let too_large = || AppError::validation("file", Msg::ErrDocumentTooLarge);
    let unreadable = || AppError::validation("file", Msg::ErrDocumentUnreadable);
    let folder = dir(&state.config);
    tokio::fs::create_dir_all(&folder)
        .await
        .map_err(|e| crate::services::internal(&e))?;
    let mut kind = String::from("letter");
    let mut stored: Option<(String, String, i64)> = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(_) => return Err(unreadable()),
        };
        match field.name() {
            Some("kind") => {
                kind = field.text().await.map_err(|_| unreadable())?;
            }
            Some("file") if stored.is_none() => {
                let original = field.file_name().unwrap_or("document.pdf").to_owned();
                let name = format!("{:032x}.pdf", rand::random::<u128>());
                let tmp = folder.join(format!("{name}.part"));
                let mut out = tokio::fs::File::create(&tmp)
                    .await
                    .map_err(|e| crate::services::internal(&e))?;
                let mut field = field;
                let mut total = 0usize;
                let result: Result<(), AppError> = async {
                    loop {
                        match field.chunk().await {
                            Ok(Some(chunk)) => {
                                total += chunk.len();
                                if total > MAX_FILE_BYTES {
                                    return Err(too_large());
                                }
                                out.write_all(&chunk)
                                    .await
                                    .map_err(|e| crate::services::internal(&e))?;
                            }
                            Ok(None) => break,
                            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                                return Err(too_large())
                            }
                            Err(_) => return Err(unreadable()),
                        }
                    }
                    out.flush()
                        .await
                        .map_err(|e| crate::services::internal(&e))?;
                    if total == 0 {
                        return Err(AppError::validation("file", Msg::ErrDocumentMissing));
                    }
                    // the content decides: the first bytes and the last KB
                    let mut f = tokio::fs::File::open(&tmp)
                        .await
                        .map_err(|e| crate::services::internal(&e))?;
                    let mut head = [0u8; 8];
                    let n = f
                        .read(&mut head)
                        .await
                        .map_err(|e| crate::services::internal(&e))?;
                    let tail_len = total.min(1024);
                    f.seek(std::io::SeekFrom::End(-(tail_len as i64)))
                        .await
                        .map_err(|e| crate::services::internal(&e))?;
                    let mut tail = vec![0u8; tail_len];
                    f.read_exact(&mut tail)
                        .await
                        .map_err(|e| crate::services::internal(&e))?;
                    if !looks_like_pdf(&head[..n], &tail) {
                        return Err(AppError::validation("file", Msg::ErrDocumentType));
                    }
                    out.sync_all()
                        .await
                        .map_err(|e| crate::services::internal(&e))?;
                    tokio::fs::rename(&tmp, folder.join(&name))
                        .await
                        .map_err(|e| crate::services::internal(&e))?;
                    Ok(())
                }
                .await;
                if let Err(e) = result {
                    let _ = tokio::fs::remove_file(&tmp).await;
                    return Err(e);
                }
                stored = Some((name, original, total as i64));
            }
            _ => {}
        }
    }
    let (name, original, bytes) =
        stored.ok_or_else(|| AppError::validation("file", Msg::ErrDocumentMissing))?;
    let kind = kind.trim().to_owned();
    match crate::services::applications::attach(state, &user, id, &kind, &original, &name, bytes)
        .await
    {
        Ok(_) => Ok(()),
        Err(e) => {
            delete_stored(&state.config, &name).await;
            Err(e)
        }
    }
}

/// `/pairings/applications/{id}/documents/{file}`: the PDF, for applicants,
/// staff and the application's reviewers.
pub async fn download(
    State(state): State<AppState>,
    Path((id, file)): Path<(i64, i64)>,
    headers: HeaderMap,
) -> Response {
    let Some(user) = session_user(&state, &headers).await.ok().flatten() else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let f = match crate::services::applications::file_for(&state, &user, id, file).await {
        Ok(f) => f,
        Err(e) => {
            return StatusCode::from_u16(e.status())
                .unwrap_or(StatusCode::NOT_FOUND)
                .into_response()
        }
    };
    if !valid_stored_name(&f.stored_as) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let file = match tokio::fs::File::open(dir(&state.config).join(&f.stored_as)).await {
        Ok(file) => file,
        Err(_) => return StatusCode::NOT_FOUND.into_response(),
    };
    let body = axum::body::Body::from_stream(tokio_util::io::ReaderStream::new(file));
    let disposition = format!(
        "attachment; filename=\"document-{}.pdf\"; filename*=UTF-8''{}",
        f.id,
        crate::escape::url_component(&f.name)
    );
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Ok(v) = HeaderValue::from_str(&f.bytes.to_string()) {
        h.insert(header::CONTENT_LENGTH, v);
    }
    res
}

/// `/pairings/calls/{id}/applications.csv`, for staff.
pub async fn applications_csv(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let Some(user) = session_user(&state, &headers).await.ok().flatten() else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    match crate::services::reviews::csv(&state, &user, id, locale_from_headers(&headers)).await {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"call-{id}-applications.csv\""),
                ),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
            ],
            csv,
        )
            .into_response(),
        Err(e) => StatusCode::from_u16(e.status())
            .unwrap_or(StatusCode::FORBIDDEN)
            .into_response(),
    }
}
