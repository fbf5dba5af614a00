//! Profile photos: a plain multipart form post (works without JavaScript).
//! The bytes are checked by content, not by name or declared type, decoded
//! with limits, cropped to a square, re-encoded as JPEG and stored under
//! `<data_dir>/photos` with a random name.

use super::request::{locale_from_headers, session_user};
use super::AppState;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::services::clock::unix_now;
use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

/// Side of the stored square, in pixels.
pub const PHOTO_SIDE: u32 = 400;
/// Limits checked from the image's header, before anything is decoded or
/// resized: a 285 KB PNG can declare 10,000 × 10,000 pixels (≈ 400 MB once
/// decoded), and a 74-byte 1000 × 1 PNG cropped to fill a square becomes a
/// 400,000 × 400 image on the way.
pub const MAX_SIDE: u32 = 6_000;
/// 24 megapixels: ≈ 96 MB decoded (RGBA), the most one decode may cost.
pub const MAX_PIXELS: u64 = 24_000_000;
/// Neither side more than four times the other.
pub const MAX_ASPECT: u32 = 4;
/// Decodes and resizes running at once, across the process; more wait.
const MAX_CONCURRENT: usize = 2;

#[derive(Debug, PartialEq)]
pub enum PhotoError {
    Type,
    Unreadable,
    /// Too large, too many pixels, or too narrow: refused before decoding.
    Dimensions,
}

/// Checks what the bytes really are and returns the re-encoded JPEG.
pub fn process(bytes: &[u8]) -> Result<Vec<u8>, PhotoError> {
    process_to(bytes, PHOTO_SIDE, PHOTO_SIDE)
}

/// Width and height of an event's cover image.
pub const COVER_SIZE: (u32, u32) = (1200, 600);

/// Whether an image of `w` × `h` pixels may be decoded and resized.
pub fn dimensions_allowed(w: u32, h: u32) -> bool {
    w > 0
        && h > 0
        && w <= MAX_SIDE
        && h <= MAX_SIDE
        && u64::from(w) * u64::from(h) <= MAX_PIXELS
        && w <= h.saturating_mul(MAX_ASPECT)
        && h <= w.saturating_mul(MAX_ASPECT)
}

/// Like [`process`], cropped to fill `width` × `height`.
pub fn process_to(bytes: &[u8], width: u32, height: u32) -> Result<Vec<u8>, PhotoError> {
    use image::{ImageFormat, ImageReader};
    let format = image::guess_format(bytes).map_err(|_| PhotoError::Type)?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        return Err(PhotoError::Type);
    }
    let reader = || ImageReader::with_format(std::io::Cursor::new(bytes), format);
    // the header alone: no pixel is decoded yet
    let (w, h) = reader()
        .into_dimensions()
        .map_err(|_| PhotoError::Unreadable)?;
    if !dimensions_allowed(w, h) {
        return Err(PhotoError::Dimensions);
    }
    let mut reader = reader();
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_PIXELS * 4 + 16 * 1024 * 1024);
    reader.limits(limits);
    let img = reader.decode().map_err(|_| PhotoError::Unreadable)?;
    if !dimensions_allowed(img.width(), img.height()) {
        return Err(PhotoError::Dimensions);
    }
    // shrink first when the image is much larger than needed (cheap), then
    // fill: with the aspect bound, no intermediate exceeds 4 × the target
    let square = img.resize_to_fill(width, height, image::imageops::FilterType::Triangle);
    let rgb = square.to_rgb8();
    let mut out = Vec::with_capacity(64 * 1024);
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&rgb)
        .map_err(|_| PhotoError::Unreadable)?;
    Ok(out)
}

/// Runs [`process_to`] off the async threads, at most [`MAX_CONCURRENT`] at
/// once in the process (the rest queue), so a burst of uploads costs a
/// bounded amount of memory and never stalls other requests.
pub async fn process_bounded(bytes: Vec<u8>, width: u32, height: u32) -> Result<Vec<u8>, AppError> {
    static PERMITS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(MAX_CONCURRENT);
    let _permit = PERMITS
        .acquire()
        .await
        .map_err(|e| crate::services::internal(&e))?;
    tokio::task::spawn_blocking(move || process_to(&bytes, width, height))
        .await
        .map_err(|e| crate::services::internal(&e))?
        .map_err(photo_error)
}

/// A plain form post goes back to `page` (`/account/profile`) with a notice
/// (`?notice=<notice>`) or an error key (`?<error_key>=Err...`); a script gets
/// the JSON error and its status.
pub(crate) fn answer(
    headers: &HeaderMap,
    result: Result<(), AppError>,
    page: &str,
    notice: &str,
    error_key: &str,
    unreadable: Msg,
) -> Response {
    let wants_html = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    match (result, wants_html) {
        (Ok(()), true) => Redirect::to(&format!("{page}?notice={notice}")).into_response(),
        (Ok(()), false) => StatusCode::NO_CONTENT.into_response(),
        (Err(AppError::Unauthorized), true) => {
            Redirect::to(&format!("/account/sign-in?next={page}")).into_response()
        }
        (Err(e), true) => {
            let key = match &e {
                AppError::Validation { msg, .. } | AppError::Refused(msg) => format!("{msg:?}"),
                AppError::RateLimited { .. } => "ErrRateLimited".to_owned(),
                AppError::Forbidden => "ErrForbidden".to_owned(),
                AppError::NotFound => "ErrNotFound".to_owned(),
                _ => format!("{unreadable:?}"),
            };
            Redirect::to(&format!("{page}?{error_key}={key}")).into_response()
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

pub async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let result = upload_inner(&state, &headers, multipart).await;
    if let Err(e) = &result {
        tracing::info!(error = %e, locale = locale_from_headers(&headers).code(), "photo refused");
    }
    answer(
        &headers,
        result,
        "/account/profile",
        "photo",
        "photo_error",
        Msg::ErrPhotoUnreadable,
    )
}

async fn upload_inner(
    state: &AppState,
    headers: &HeaderMap,
    multipart: Multipart,
) -> Result<(), AppError> {
    // a failed lookup counts as signed out, as before
    let user = session_user(state, headers)
        .await
        .ok()
        .flatten()
        .ok_or(AppError::Unauthorized)?;
    crate::services::network::limit_user_forms(state, &user).await?;
    let (bytes, remove) = read_image(state, multipart).await?;
    let old = state.store.profile(user.id).await?.and_then(|p| p.photo);
    let dir = state.config.photos_dir();
    let new_name = if remove {
        None
    } else {
        let bytes = bytes.ok_or_else(|| AppError::validation("photo", Msg::ErrPhotoMissing))?;
        let jpeg = process_bounded(bytes, PHOTO_SIDE, PHOTO_SIDE).await?;
        Some(store_jpeg(&dir, &jpeg).await?)
    };
    let now = unix_now();
    state
        .store
        .set_photo(user.id, new_name.as_deref(), now)
        .await?;
    crate::services::network::reindex(&*state.store, user.id, now).await?;
    if let Some(old) = old.filter(|o| crate::domain::profile::valid_photo_name(o)) {
        let _ = tokio::fs::remove_file(dir.join(format!("{old}.jpg"))).await;
    }
    Ok(())
}

/// The image field (`photo`) of a multipart form, read with the size limit,
/// and whether the form asked to remove the current image instead.
async fn read_image(
    state: &AppState,
    mut multipart: Multipart,
) -> Result<(Option<Vec<u8>>, bool), AppError> {
    let max = state.config.photo_max_bytes;
    let too_large = || AppError::validation("photo", Msg::ErrPhotoTooLarge);
    let mut bytes: Option<Vec<u8>> = None;
    let mut remove = false;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            // the body limit cut the upload short
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(_) => return Err(AppError::validation("photo", Msg::ErrPhotoUnreadable)),
        };
        match field.name() {
            Some("photo") => {
                let mut field = field;
                let mut buf = Vec::new();
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) => {
                            if buf.len() + chunk.len() > max {
                                return Err(too_large());
                            }
                            buf.extend_from_slice(&chunk);
                        }
                        Ok(None) => break,
                        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                            return Err(too_large())
                        }
                        Err(_) => {
                            return Err(AppError::validation("photo", Msg::ErrPhotoUnreadable))
                        }
                    }
                }
                if !buf.is_empty() {
                    bytes = Some(buf);
                }
            }
            Some("remove") => remove = true,
            _ => {}
        }
    }
    Ok((bytes, remove))
}

/// Writes a JPEG under a new random name (write, then rename: a crash never
/// leaves a half-written file in use) and returns the name.
async fn store_jpeg(dir: &std::path::Path, jpeg: &[u8]) -> Result<String, AppError> {
    let name = hex::encode(rand::random::<[u8; 16]>());
    tokio::fs::create_dir_all(dir)
        .await
        .map_err(|e| crate::services::internal(&e))?;
    let tmp = dir.join(format!("{name}.tmp"));
    tokio::fs::write(&tmp, jpeg)
        .await
        .map_err(|e| crate::services::internal(&e))?;
    tokio::fs::rename(&tmp, dir.join(format!("{name}.jpg")))
        .await
        .map_err(|e| crate::services::internal(&e))?;
    Ok(name)
}

fn photo_error(e: PhotoError) -> AppError {
    match e {
        PhotoError::Type => AppError::validation("photo", Msg::ErrPhotoType),
        PhotoError::Unreadable => AppError::validation("photo", Msg::ErrPhotoUnreadable),
        PhotoError::Dimensions => AppError::validation("photo", Msg::ErrPhotoDimensions),
    }
}

/// `POST /events/{id}/cover`: an organizer sets (or removes) the event's
/// cover image, 1200 × 600, checked like a profile photo.
pub async fn upload_cover(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let result = cover_inner(&state, id, &headers, multipart).await;
    answer(
        &headers,
        result,
        &format!("/events/{id}/edit"),
        "cover",
        "cover_error",
        Msg::ErrPhotoUnreadable,
    )
}

async fn cover_inner(
    state: &AppState,
    id: i64,
    headers: &HeaderMap,
    multipart: Multipart,
) -> Result<(), AppError> {
    let user = session_user(state, headers)
        .await
        .ok()
        .flatten()
        .ok_or(AppError::Unauthorized)?;
    let event = crate::services::events::require_organizer(&*state.store, id, &user).await?;
    crate::services::network::limit_user_forms(state, &user).await?;
    let (bytes, remove) = read_image(state, multipart).await?;
    let dir = state.config.photos_dir();
    let name = if remove {
        None
    } else {
        let bytes = bytes.ok_or_else(|| AppError::validation("photo", Msg::ErrPhotoMissing))?;
        let (w, h) = COVER_SIZE;
        let jpeg = process_bounded(bytes, w, h).await?;
        Some(store_jpeg(&dir, &jpeg).await?)
    };
    state
        .store
        .set_cover(id, name.as_deref(), unix_now())
        .await?;
    if let Some(old) = event
        .cover
        .filter(|o| crate::domain::profile::valid_photo_name(o))
    {
        let _ = tokio::fs::remove_file(dir.join(format!("{old}.jpg"))).await;
    }
    Ok(())
}

/// `POST /news/{id}/cover`: an article's cover (or its removal), 1200 ×
/// 600, checked like a profile photo; for those who may edit the article.
pub async fn upload_story_cover(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let result = async {
        let user = session_user(&state, &headers)
            .await
            .ok()
            .flatten()
            .ok_or(AppError::Unauthorized)?;
        crate::services::news::require_editable(&state, &user, id).await?;
        crate::services::network::limit_user_forms(&state, &user).await?;
        let (bytes, remove) = read_image(&state, multipart).await?;
        let dir = state.config.photos_dir();
        let name = if remove {
            None
        } else {
            let bytes = bytes.ok_or_else(|| AppError::validation("photo", Msg::ErrPhotoMissing))?;
            let (w, h) = COVER_SIZE;
            let jpeg = process_bounded(bytes, w, h).await?;
            Some(store_jpeg(&dir, &jpeg).await?)
        };
        let old = state
            .store
            .set_story_cover(id, name.as_deref(), unix_now())
            .await?;
        if let Some(old) = old.filter(|o| crate::domain::profile::valid_photo_name(o)) {
            let _ = tokio::fs::remove_file(dir.join(format!("{old}.jpg"))).await;
        }
        Ok(())
    }
    .await;
    answer(
        &headers,
        result,
        &format!("/news/{id}/edit"),
        "cover",
        "cover_error",
        Msg::ErrPhotoUnreadable,
    )
}

/// `POST /posts/{id}/image`: a post's image (or its removal), at most
/// 1200 × 900, checked like a profile photo; for the post's author.
pub async fn upload_post_image(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let result = async {
        let user = session_user(&state, &headers)
            .await
            .ok()
            .flatten()
            .ok_or(AppError::Unauthorized)?;
        let post = state.store.post(id).await?.ok_or(AppError::NotFound)?;
        if post.author_id != user.id.0 {
            return Err(AppError::Forbidden);
        }
        crate::services::network::limit_user_forms(&state, &user).await?;
        let (bytes, remove) = read_image(&state, multipart).await?;
        let dir = state.config.photos_dir();
        let name = if remove {
            None
        } else {
            let bytes = bytes.ok_or_else(|| AppError::validation("photo", Msg::ErrPhotoMissing))?;
            let jpeg = process_bounded(bytes, 1200, 900).await?;
            Some(store_jpeg(&dir, &jpeg).await?)
        };
        state
            .store
            .set_post_image(id, user.id, name.as_deref())
            .await?;
        if let Some(old) = post
            .image
            .filter(|o| crate::domain::profile::valid_photo_name(o))
        {
            let _ = tokio::fs::remove_file(dir.join(format!("{old}.jpg"))).await;
        }
        Ok(())
    }
    .await;
    answer(
        &headers,
        result,
        &format!("/posts/{id}"),
        "image",
        "image_error",
        Msg::ErrPhotoUnreadable,
    )
}

/// `/media/photos/<32 hex>.jpg`: names are random and never reused, so the
/// answer can be cached for good.
pub async fn serve(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(name) = file
        .strip_suffix(".jpg")
        .filter(|n| crate::domain::profile::valid_photo_name(n))
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match tokio::fs::read(state.config.photos_dir().join(format!("{name}.jpg"))).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "image/jpeg"),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn a_png_becomes_a_square_jpeg() {
        let jpeg = process(&png(900, 500)).unwrap();
        assert_eq!(
            image::guess_format(&jpeg).unwrap(),
            image::ImageFormat::Jpeg
        );
        let back = image::load_from_memory(&jpeg).unwrap();
        assert_eq!((back.width(), back.height()), (PHOTO_SIDE, PHOTO_SIDE));
    }

    #[test]
    fn content_decides_not_the_name() {
        assert_eq!(
            process(b"<html><script>alert(1)</script></html>"),
            Err(PhotoError::Type)
        );
        assert_eq!(process(b"GIF89a\x01\x00\x01\x00"), Err(PhotoError::Type));
        // a real PNG header followed by garbage
        let mut broken = png(20, 20);
        broken.truncate(40);
        assert_eq!(process(&broken), Err(PhotoError::Unreadable));
    }

    #[test]
    fn bombs_and_slivers_are_refused_before_decoding() {
        // 1000 × 1: cropped to fill a square it would grow to 400,000 × 400
        assert_eq!(process(&png(1000, 1)), Err(PhotoError::Dimensions));
        assert_eq!(process(&png(1, 1000)), Err(PhotoError::Dimensions));
        assert!(!dimensions_allowed(10_000, 10_000));
        assert!(!dimensions_allowed(6_000, 5_000));
        assert!(!dimensions_allowed(0, 10));
        assert!(dimensions_allowed(4_000, 6_000));
        assert!(dimensions_allowed(1, 1));
        assert!(process(&png(800, 200)).is_ok());
        // a PNG whose header claims 10,000 × 10,000 (IHDR rewritten, CRC
        // fixed) is refused from the header: no 400 MB decode
        let mut big = png(8, 8);
        big[16..20].copy_from_slice(&10_000u32.to_be_bytes());
        big[20..24].copy_from_slice(&10_000u32.to_be_bytes());
        let crc = crc32(&big[12..29]);
        big[29..33].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(process(&big), Err(PhotoError::Dimensions));
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn names_are_checked() {
        assert!(crate::domain::profile::valid_photo_name(
            "0123456789abcdef0123456789abcdef"
        ));
        assert!(!crate::domain::profile::valid_photo_name(
            "../../etc/passwd"
        ));
        assert!(!crate::domain::profile::valid_photo_name(
            "0123456789abcdef0123456789abcde"
        ));
    }
}
