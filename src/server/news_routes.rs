//! The news and library routes outside server functions: the RSS and Atom
//! feeds, a publication's upload (a plain multipart form: details and the
//! file, streamed and checked by content), its download (counted), its
//! citation exports, and the digest's one-click unsubscribe (RFC 8058).

use super::request::{locale_from_headers, session_user};
use super::AppState;
use crate::domain::news::{DocumentType, PublicationForm};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::store::news::StoredFile;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

fn status(e: &AppError) -> Response {
    StatusCode::from_u16(e.status())
        .unwrap_or(StatusCode::NOT_FOUND)
        .into_response()
}

fn typed(body: String, content_type: &'static str, cache: &'static str) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    res
}

/// `/feeds/news-<lang>.rss` and `/feeds/news-<lang>.atom`.
pub async fn feed(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    use crate::services::news::feeds::{feed, parse_name, Format};
    let Some((locale, format)) = parse_name(&file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match feed(&state, locale, format).await {
        Ok(xml) => typed(
            xml,
            match format {
                Format::Rss => "application/rss+xml; charset=utf-8",
                Format::Atom => "application/atom+xml; charset=utf-8",
            },
            "public, max-age=300",
        ),
        Err(e) => status(&e),
    }
}

/// `/publications/{id}/download`: the file, counted in this month.
pub async fn download(State(state): State<AppState>, Path(id): Path<i64>) -> Response {
    match crate::services::news::library::download(&state, id).await {
        Ok(p) => {
            super::documents::send_file(
                &state,
                &p.stored_as,
                &p.file_name,
                p.id,
                p.bytes,
                "public, max-age=300",
            )
            .await
        }
        Err(e) => status(&e),
    }
}

/// `/publications/{id}/cite.bib`: BibTeX.
pub async fn cite_bib(State(state): State<AppState>, Path(id): Path<i64>) -> Response {
    cite(state, id, "cite.bib").await
}

/// `/publications/{id}/cite.json`: CSL-JSON.
pub async fn cite_json(State(state): State<AppState>, Path(id): Path<i64>) -> Response {
    cite(state, id, "cite.json").await
}

async fn cite(state: AppState, id: i64, file: &str) -> Response {
    let c = match crate::services::news::library::citable(&state, id).await {
        Ok(c) => c,
        Err(e) => return status(&e),
    };
    let mut res = match file {
        "cite.bib" => typed(
            crate::services::citation::bibtex(&c),
            "application/x-bibtex; charset=utf-8",
            "public, max-age=300",
        ),
        "cite.json" => typed(
            crate::services::citation::csl_json(&c).to_string(),
            "application/vnd.citationstyles.csl+json",
            "public, max-age=300",
        ),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let ext = if file.ends_with(".bib") {
        "bib"
    } else {
        "json"
    };
    if let Ok(v) =
        HeaderValue::from_str(&format!("attachment; filename=\"publication-{id}.{ext}\""))
    {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

/// `POST /news/unsubscribe/one-click?token=…`: what a mail program sends
/// for the `List-Unsubscribe-Post` header; no page, no confirmation.
pub async fn one_click_unsubscribe(
    State(state): State<AppState>,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> Response {
    let token = q.get("token").map_or("", |t| t.as_str());
    match crate::services::news::digest::unsubscribe(&state, token).await {
        Ok(true) => StatusCode::OK.into_response(),
        Ok(false) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => status(&e),
    }
}

/// Up to 40 text fields of a multipart form, and its `file` field stored
/// under the documents directory when it is a PDF, ODT or DOCX (by
/// content), at most `max` bytes.
async fn receive(
    state: &AppState,
    mut multipart: Multipart,
    max: usize,
) -> Result<(Vec<(String, String)>, Option<StoredFile>), AppError> {
    let too_large = || AppError::validation("file", Msg::ErrDocumentTooLarge);
    let unreadable = || AppError::validation("file", Msg::ErrDocumentUnreadable);
    let folder = super::documents::dir(&state.config);
    tokio::fs::create_dir_all(&folder)
        .await
        .map_err(|e| crate::services::internal(&e))?;
    let mut fields = Vec::new();
    let mut stored: Option<StoredFile> = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(_) => return Err(unreadable()),
        };
        let name = field.name().unwrap_or("").to_owned();
        if name != "file" {
            if fields.len() < 40 {
                let text = field.text().await.map_err(|_| unreadable())?;
                fields.push((name, text.chars().take(5000).collect()));
            }
            continue;
        }
        if stored.is_some() {
            continue;
        }
        let original = field.file_name().unwrap_or("").to_owned();
        if original.is_empty() {
            // the file input left empty: keep the current file
            continue;
        }
        let stem = format!("{:032x}", rand::random::<u128>());
        let tmp = folder.join(format!("{stem}.part"));
        let found = std::sync::Mutex::new(None);
        let check = |head: &[u8], tail: &[u8]| {
            let kind = DocumentType::sniff(head, tail);
            if let Ok(mut f) = found.lock() {
                *f = kind;
            }
            kind.is_some()
        };
        match super::documents::stream_to(field, &tmp, max, check).await {
            Ok(bytes) => {
                let kind = found
                    .lock()
                    .ok()
                    .and_then(|f| *f)
                    .ok_or_else(|| AppError::validation("file", Msg::ErrPublicationType))?;
                let stored_as = format!("{stem}.{}", kind.extension());
                tokio::fs::rename(&tmp, folder.join(&stored_as))
                    .await
                    .map_err(|e| crate::services::internal(&e))?;
                stored = Some(StoredFile {
                    stored_as,
                    file_name: original.chars().take(200).collect(),
                    media_type: kind.media_type().to_owned(),
                    bytes,
                });
            }
            Err(e) => {
                let _ = tokio::fs::remove_file(&tmp).await;
                return Err(match e.field() {
                    Some("file")
                        if matches!(
                            e,
                            AppError::Validation {
                                msg: Msg::ErrDocumentType,
                                ..
                            }
                        ) =>
                    {
                        AppError::validation("file", Msg::ErrPublicationType)
                    }
                    _ => e,
                });
            }
        }
    }
    Ok((fields, stored))
}

fn form_of(fields: &[(String, String)]) -> (PublicationForm, i64, i64) {
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let form = PublicationForm {
        kind: get("kind"),
        title_en: get("title_en"),
        title_fr: get("title_fr"),
        title_es: get("title_es"),
        authors: get("authors"),
        institution: get("institution"),
        year: get("year"),
        language: get("language"),
        pages: get("pages"),
        abstract_text: get("abstract_text"),
        themes: fields
            .iter()
            .filter(|(n, _)| n == "themes")
            .map(|(_, v)| v.clone())
            .collect(),
        cities: get("cities"),
        pairings: get("pairings"),
    };
    (
        form,
        get("id").trim().parse().unwrap_or(0),
        get("version").trim().parse().unwrap_or(0),
    )
}

/// `POST /publications/upload`: staff add or edit a publication. A plain
/// form post goes to the publication's page, or back to the form with the
/// error beside its field and what was typed.
pub async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let result = upload_inner(&state, &headers, multipart).await;
    match result {
        Ok(id) => answer(
            &headers,
            Ok(id),
            &format!("/publications/{id}?notice=saved"),
        ),
        Err((e, back)) => {
            tracing::info!(error = %e, locale = locale_from_headers(&headers).code(), "publication refused");
            answer(&headers, Err(e), &back)
        }
    }
}

/// A plain form post is redirected (to `to`; on an error with `error=` the
/// message's key and `field=` its field); a script gets the id or the JSON
/// error with its status.
fn answer(headers: &HeaderMap, result: Result<i64, AppError>, to: &str) -> Response {
    use axum::response::Redirect;
    let wants_html = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    match (result, wants_html) {
        (Ok(_), true) => Redirect::to(to).into_response(),
        (Ok(id), false) => id.to_string().into_response(),
        (Err(AppError::Unauthorized), true) => {
            Redirect::to("/account/sign-in?next=/publications").into_response()
        }
        (Err(e), true) => {
            let key = match &e {
                AppError::Validation { msg, .. } | AppError::Refused(msg) => format!("{msg:?}"),
                AppError::RateLimited { .. } => "ErrRateLimited".to_owned(),
                AppError::Forbidden => "ErrForbidden".to_owned(),
                AppError::Conflict => "ErrConflict".to_owned(),
                AppError::NotFound => "ErrNotFound".to_owned(),
                _ => "ErrDocumentUnreadable".to_owned(),
            };
            let sep = if to.contains('?') { '&' } else { '?' };
            Redirect::to(&format!(
                "{to}{sep}error={key}&field={}",
                e.field().unwrap_or("")
            ))
            .into_response()
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
    multipart: Multipart,
) -> Result<i64, (AppError, String)> {
    let plain = |e: AppError| (e, "/publications/new".to_owned());
    let user = session_user(state, headers)
        .await
        .ok()
        .flatten()
        .ok_or_else(|| plain(AppError::Unauthorized))?;
    if !user.role.can_run_programme() {
        return Err(plain(AppError::Forbidden));
    }
    crate::services::network::limit_user_forms(state, &user)
        .await
        .map_err(plain)?;
    let (fields, file) =
        match receive(state, multipart, crate::services::news::library::MAX_BYTES).await {
            Ok(x) => x,
            Err(e) => return Err(plain(e)),
        };
    let (form, id, version) = form_of(&fields);
    let back = back_to(id, &fields);
    let saved =
        crate::services::news::library::save(state, &user, id, version, &form, file.as_ref()).await;
    match saved {
        Ok((id, old)) => {
            if let Some(old) = old {
                super::documents::delete_stored(&state.config, &old.stored_as).await;
            }
            Ok(id)
        }
        Err(e) => {
            if let Some(f) = &file {
                super::documents::delete_stored(&state.config, &f.stored_as).await;
            }
            Err((e, back))
        }
    }
}

/// The form's page with what was typed (never the file) in its query.
fn back_to(id: i64, fields: &[(String, String)]) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        if k != "version" && k != "id" {
            out.append_pair(k, v);
        }
    }
    let page = if id == 0 {
        "/publications/new".to_owned()
    } else {
        format!("/publications/{id}/edit")
    };
    format!("{page}?{}", out.finish())
}
