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
use crate::services::applications::files::{looks_like_pdf, MAX_FILE_BYTES};
use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};

/// Reads until `buf` is full or the file ends.
async fn read_up_to(f: &mut tokio::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..]).await? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

pub(super) fn dir(config: &Config) -> std::path::PathBuf {
    config.data_dir.join("documents")
}

/// Stored names are 32 hex digits and `.pdf`, chosen here, never typed.
fn valid_stored_name(name: &str) -> bool {
    let Some((stem, ext)) = name.split_once('.') else {
        return false;
    };
    stem.len() == 32
        && stem.bytes().all(|b| b.is_ascii_hexdigit())
        && crate::domain::news::DocumentType::from_extension(ext).is_some()
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
    answer(&headers, result, &page)
}

/// A plain form post goes back to `page` with `?notice=uploaded` or the
/// error's key in `?file_error=`; a script gets the JSON error and status
/// (the photos' answer, with the documents' keys).
pub(super) fn answer(headers: &HeaderMap, result: Result<(), AppError>, page: &str) -> Response {
    if let Err(e) = &result {
        tracing::info!(error = %e, locale = locale_from_headers(headers).code(), "document refused");
    }
    super::photos::answer(
        headers,
        result,
        page,
        "uploaded",
        "file_error",
        Msg::ErrDocumentUnreadable,
    )
}

async fn upload_inner(
    state: &AppState,
    headers: &HeaderMap,
    id: i64,
    multipart: Multipart,
) -> Result<(), AppError> {
    let user = session_user(state, headers)
        .await
        .ok()
        .flatten()
        .ok_or(AppError::Unauthorized)?;
    crate::services::network::limit_user_forms(state, &user).await?;
    // refuse before reading the body when the member may not change it
    let v = crate::services::applications::view(state, &user, id, user.locale, None).await?;
    if !v.applicants.iter().any(|p| p.id == user.id.0) {
        return Err(AppError::Forbidden);
    }
    if !v.editable {
        return Err(AppError::Refused(Msg::AppSubmittedReadOnly));
    }
    let (fields, pdf) = receive_pdf(state, multipart, MAX_FILE_BYTES).await?;
    let kind = fields.get("kind").map_or("letter", |k| k.trim());
    match crate::services::applications::files::attach(
        state,
        &user,
        id,
        kind,
        &pdf.original,
        &pdf.stored,
        pdf.bytes,
    )
    .await
    {
        Ok(_) => Ok(()),
        Err(e) => {
            delete_stored(&state.config, &pdf.stored).await;
            Err(e)
        }
    }
}

/// A PDF received and stored: its name under the documents directory, the
/// name it had on the sender's machine, its size.
pub(super) struct StoredPdf {
    pub stored: String,
    pub original: String,
    pub bytes: i64,
}

/// Reads a multipart form: its text fields, and its `file` field streamed
/// to a temporary file chunk by chunk (never whole in memory), refused past
/// `max` bytes or when its content is not a PDF, then renamed into place.
pub(super) async fn receive_pdf(
    state: &AppState,
    mut multipart: Multipart,
    max: usize,
) -> Result<(std::collections::HashMap<String, String>, StoredPdf), AppError> {
    let too_large = || AppError::validation("file", Msg::ErrDocumentTooLarge);
    let unreadable = || AppError::validation("file", Msg::ErrDocumentUnreadable);
    let folder = dir(&state.config);
    tokio::fs::create_dir_all(&folder)
        .await
        .map_err(|e| crate::services::internal(&e))?;
    let mut fields = std::collections::HashMap::new();
    let mut stored: Option<StoredPdf> = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(_) => return Err(unreadable()),
        };
        let name = field.name().unwrap_or("").to_owned();
        if name != "file" {
            if fields.len() < 8 {
                let text = field.text().await.map_err(|_| unreadable())?;
                fields.insert(name, text.chars().take(1000).collect());
            }
            continue;
        }
        if stored.is_some() {
            continue;
        }
        let original = field.file_name().unwrap_or("document.pdf").to_owned();
        let name = format!("{:032x}.pdf", rand::random::<u128>());
        let tmp = folder.join(format!("{name}.part"));
        match stream_to(field, &tmp, max, looks_like_pdf).await {
            Ok(bytes) => {
                tokio::fs::rename(&tmp, folder.join(&name))
                    .await
                    .map_err(|e| crate::services::internal(&e))?;
                stored = Some(StoredPdf {
                    stored: name,
                    original,
                    bytes,
                });
            }
            Err(e) => {
                let _ = tokio::fs::remove_file(&tmp).await;
                return Err(e);
            }
        }
    }
    let pdf = stored.ok_or_else(|| AppError::validation("file", Msg::ErrDocumentMissing))?;
    Ok((fields, pdf))
}

/// Writes one multipart field to `tmp`, checking its size as it comes and
/// its content at the end (the first bytes and the last kilobyte).
pub(super) async fn stream_to(
    mut field: axum::extract::multipart::Field<'_>,
    tmp: &std::path::Path,
    max: usize,
    accept: impl Fn(&[u8], &[u8]) -> bool,
) -> Result<i64, AppError> {
    let too_large = || AppError::validation("file", Msg::ErrDocumentTooLarge);
    let unreadable = || AppError::validation("file", Msg::ErrDocumentUnreadable);
    let io = |e: std::io::Error| crate::services::internal(&e);
    let mut out = tokio::fs::File::create(tmp).await.map_err(io)?;
    let mut total = 0usize;
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => {
                total += chunk.len();
                if total > max {
                    return Err(too_large());
                }
                out.write_all(&chunk).await.map_err(io)?;
            }
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(_) => return Err(unreadable()),
        }
    }
    out.flush().await.map_err(io)?;
    if total == 0 {
        return Err(AppError::validation("file", Msg::ErrDocumentMissing));
    }
    let mut f = tokio::fs::File::open(tmp).await.map_err(io)?;
    let mut head = [0u8; 2048];
    let n = read_up_to(&mut f, &mut head).await.map_err(io)?;
    let tail_len = total.min(1024);
    f.seek(std::io::SeekFrom::End(-(tail_len as i64)))
        .await
        .map_err(io)?;
    let mut tail = vec![0u8; tail_len];
    f.read_exact(&mut tail).await.map_err(io)?;
    if !accept(&head[..n], &tail) {
        return Err(AppError::validation("file", Msg::ErrDocumentType));
    }
    out.sync_all().await.map_err(io)?;
    Ok(total as i64)
}

/// Staff attach a guide, an FAQ or a form to a call (PDF, 20 MB):
/// `title`, `language`, `country` ('' for all) and `file`.
pub async fn upload_call_document(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let page = format!("/pairings/calls/{id}/edit");
    let result = async {
        let user = session_user(&state, &headers)
            .await
            .ok()
            .flatten()
            .ok_or(AppError::Unauthorized)?;
        if !user.role.can_run_programme() {
            return Err(AppError::Forbidden);
        }
        let (fields, pdf) = receive_pdf(
            &state,
            multipart,
            crate::services::calls::MAX_DOCUMENT_BYTES,
        )
        .await?;
        let get = |k: &str| fields.get(k).map_or("", |v| v.as_str());
        let attached = crate::services::calls::attach_document(
            &state,
            &user,
            id,
            get("language"),
            get("country"),
            get("title"),
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

/// `/pairings/calls/{id}/documents/{doc}`: public once the call is.
pub async fn call_document(
    State(state): State<AppState>,
    Path((id, doc)): Path<(i64, i64)>,
    headers: HeaderMap,
) -> Response {
    let user = session_user(&state, &headers).await.ok().flatten();
    match crate::services::calls::document_for(&state, user.as_ref(), id, doc).await {
        Ok(d) => {
            send_pdf(
                &state,
                &d.stored_as,
                &d.name,
                d.id,
                d.bytes,
                "public, max-age=300",
            )
            .await
        }
        Err(e) => StatusCode::from_u16(e.status())
            .unwrap_or(StatusCode::NOT_FOUND)
            .into_response(),
    }
}

/// Streams a stored PDF as a download named `name`.
pub(super) async fn send_pdf(
    state: &AppState,
    stored: &str,
    name: &str,
    id: i64,
    bytes: i64,
    cache: &'static str,
) -> Response {
    send_file(state, stored, name, id, bytes, cache).await
}

/// Streams a stored document (its type from the name the server gave it)
/// as a download named `name`.
pub(super) async fn send_file(
    state: &AppState,
    stored: &str,
    name: &str,
    id: i64,
    bytes: i64,
    cache: &'static str,
) -> Response {
    let Some(kind) = stored
        .rsplit_once('.')
        .and_then(|(_, e)| crate::domain::news::DocumentType::from_extension(e))
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if !valid_stored_name(stored) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let file = match tokio::fs::File::open(dir(&state.config).join(stored)).await {
        Ok(file) => file,
        Err(_) => return StatusCode::NOT_FOUND.into_response(),
    };
    let body = axum::body::Body::from_stream(tokio_util::io::ReaderStream::new(file));
    let disposition = format!(
        "attachment; filename=\"document-{id}.{}\"; filename*=UTF-8''{}",
        kind.extension(),
        crate::escape::url_component(name)
    );
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(kind.media_type()),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Ok(v) = HeaderValue::from_str(&bytes.to_string()) {
        h.insert(header::CONTENT_LENGTH, v);
    }
    res
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
    let f = match crate::services::applications::files::file_for(&state, &user, id, file).await {
        Ok(f) => f,
        Err(e) => {
            return StatusCode::from_u16(e.status())
                .unwrap_or(StatusCode::NOT_FOUND)
                .into_response()
        }
    };
    send_pdf(
        &state,
        &f.stored_as,
        &f.name,
        f.id,
        f.bytes,
        "private, no-store",
    )
    .await
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
