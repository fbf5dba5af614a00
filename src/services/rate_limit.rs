//! Attempt counting in the database, so that every app instance sees the same
//! counts. A bucket is a key such as `signin:ip:203.0.113.9`.

use crate::error::AppError;
use crate::store::Store;

pub struct Limit {
    pub max: i64,
    pub window_secs: i64,
}

/// Checks and counts in one step: `RateLimited` (with when to retry) when
/// the bucket already holds `max` attempts in the window, otherwise this
/// attempt is counted. Atomic in the store, so parallel requests cannot all
/// pass before any is counted.
pub async fn take(
    store: &dyn Store,
    bucket: &str,
    limit: &Limit,
    now: i64,
) -> Result<(), AppError> {
    let refused = store
        .take_attempt(bucket, now, now - limit.window_secs, limit.max)
        .await?;
    match refused {
        None => Ok(()),
        Some(oldest) => {
            let retry = (oldest + limit.window_secs - now).max(1);
            tracing::warn!(
                bucket = bucket.split(':').take(2).collect::<Vec<_>>().join(":"),
                "rate limited"
            );
            Err(AppError::RateLimited {
                retry_after_secs: retry as u64,
            })
        }
    }
}

/// The part of a client address that one client controls: the address
/// itself for IPv4, its /64 network for IPv6 (one host usually holds a whole
/// /64, so counting single IPv6 addresses would be no limit at all).
pub fn source(ip: std::net::IpAddr) -> String {
    match ip {
        std::net::IpAddr::V4(v4) => v4.to_string(),
        std::net::IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ipv6_hosts_count_by_their_network() {
        use std::net::IpAddr;
        let a: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        assert_eq!(super::source(a), super::source(b));
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_ne!(super::source(a), super::source(c));
        let v4: IpAddr = "203.0.113.9".parse().unwrap();
        assert_eq!(super::source(v4), "203.0.113.9");
        let mapped: IpAddr = "::ffff:203.0.113.9".parse().unwrap();
        assert_eq!(super::source(mapped), "203.0.113.9");
    }
}
