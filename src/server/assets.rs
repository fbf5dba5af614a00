//! The app's own files (`/pkg/`: the islands' WASM and JS, the style sheet)
//! sent brotli-compressed at the highest quality. The response compression
//! layer compresses as it streams, at a quality cheap enough for pages
//! (brotli 4); for files that never change while the server runs that costs
//! the phone ~20% more bytes than needed (the WASM: 168 KB instead of 139 KB).
//! So at start, in the background, each file is compressed once at quality 11
//! and kept in memory; until that is done, or for a browser that does not
//! take brotli, the files are served as before.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, RwLock};

/// One file, compressed.
struct Asset {
    br: axum::body::Bytes,
    content_type: &'static str,
    etag: String,
}

/// The compressed files by request path (`/pkg/tandem.wasm`).
#[derive(Default, Clone)]
pub struct Precompressed(Arc<RwLock<HashMap<String, Arc<Asset>>>>);

impl Precompressed {
    /// Compresses every file of `dir` (served under `prefix`) in the
    /// background; requests are answered meanwhile by the file server.
    pub fn start(dir: &Path, prefix: &str) -> Self {
        let this = Self::default();
        let (dir, prefix, map) = (dir.to_path_buf(), prefix.to_owned(), this.0.clone());
        if let Ok(handle) = tokio::runtime::Handle::try_current() {
            handle.spawn_blocking(move || {
                let Ok(entries) = std::fs::read_dir(&dir) else {
                    return;
                };
                for entry in entries.flatten() {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    let Some(content_type) = content_type(&name) else {
                        continue;
                    };
                    let Ok(raw) = std::fs::read(entry.path()) else {
                        continue;
                    };
                    let br = compress(&raw);
                    let etag = format!("\"br-{:x}-{:x}\"", raw.len(), fnv(&raw));
                    let asset = Arc::new(Asset {
                        br: br.into(),
                        content_type,
                        etag,
                    });
                    if let Ok(mut m) = map.write() {
                        m.insert(format!("{prefix}{name}"), asset);
                    }
                }
            });
        }
        this
    }

    fn get(&self, path: &str) -> Option<Arc<Asset>> {
        self.0.read().ok()?.get(path).cloned()
    }
}

/// The files worth compressing, and their type.
fn content_type(name: &str) -> Option<&'static str> {
    let ext = name.rsplit('.').next()?;
    Some(match ext {
        "wasm" => "application/wasm",
        "js" => "text/javascript",
        "css" => "text/css",
        _ => return None,
    })
}

/// Brotli at its highest quality, with a window large enough for the WASM.
pub fn compress(raw: &[u8]) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    let mut out = Vec::with_capacity(raw.len() / 3);
    let mut input = raw;
    // writing into a Vec cannot fail
    let _ = brotli::BrotliCompress(&mut input, &mut out, &params);
    out
}

/// A short content hash for the validator (FNV-1a).
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100000001b3)
    })
}

fn accepts_br(req: &Request) -> bool {
    req.headers()
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            name.eq_ignore_ascii_case("br") && !refused
        })
}

/// Answers `GET /pkg/…` from the compressed copy when there is one and the
/// browser takes brotli; everything else goes on to the router.
pub async fn layer(State(files): State<Precompressed>, req: Request, next: Next) -> Response {
    if req.method() != axum::http::Method::GET || !accepts_br(&req) {
        return next.run(req).await;
    }
    let Some(asset) = files.get(req.uri().path()) else {
        return next.run(req).await;
    };
    let revalidated = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == asset.etag));
    let etag = HeaderValue::from_str(&asset.etag).unwrap_or(HeaderValue::from_static("\"\""));
    let common = [
        (header::ETAG, etag),
        (header::VARY, HeaderValue::from_static("accept-encoding")),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
    ];
    if revalidated {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    (
        common,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            ),
            (header::CONTENT_ENCODING, HeaderValue::from_static("br")),
        ],
        Body::from(asset.br.clone()),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_files_decompress_to_the_original() {
        let raw: Vec<u8> = (0..50_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        let br = compress(&raw);
        assert!(br.len() < raw.len() / 4);
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut br.as_slice(), &mut back).unwrap();
        assert_eq!(back, raw);
    }

    #[test]
    fn only_the_app_files_are_compressed() {
        assert_eq!(content_type("tandem.wasm"), Some("application/wasm"));
        assert_eq!(content_type("tandem.js"), Some("text/javascript"));
        assert_eq!(content_type("tandem.css"), Some("text/css"));
        assert_eq!(content_type("tandem.d.ts"), None);
        assert_eq!(content_type("photo.png"), None);
    }
}
