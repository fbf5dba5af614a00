//! Attempt counting in the database, so that every app instance sees the same
//! counts. A bucket is a key such as `signin:ip:203.0.113.9`.

use crate::error::AppError;
use crate::store::Store;

pub struct Limit {
    pub max: i64,
    pub window_secs: i64,
}

/// `RateLimited` when the bucket already holds `max` attempts in the window.
pub async fn check(
    store: &dyn Store,
    bucket: &str,
    limit: &Limit,
    now: i64,
) -> Result<(), AppError> {
    let (count, oldest) = store
        .attempts_since(bucket, now - limit.window_secs)
        .await
        .map_err(super::store_error)?;
    if count >= limit.max {
        let retry = oldest
            .map(|o| o + limit.window_secs - now)
            .unwrap_or(limit.window_secs)
            .max(1);
        tracing::warn!(
            bucket = bucket.split(':').take(2).collect::<Vec<_>>().join(":"),
            "rate limited"
        );
        return Err(AppError::RateLimited {
            retry_after_secs: retry as u64,
        });
    }
    Ok(())
}

pub async fn hit(store: &dyn Store, bucket: &str, now: i64) -> Result<(), AppError> {
    store
        .record_attempt(bucket, now)
        .await
        .map_err(super::store_error)
}

/// Checks and counts in one go (forms where every attempt counts).
pub async fn take(
    store: &dyn Store,
    bucket: &str,
    limit: &Limit,
    now: i64,
) -> Result<(), AppError> {
    check(store, bucket, limit, now).await?;
    hit(store, bucket, now).await
}
