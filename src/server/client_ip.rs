//! Which address a request comes from. `X-Forwarded-For` is believed only
//! when the direct peer is a configured trusted proxy, so a client cannot
//! dodge rate limits by forging the header.

use axum::http::HeaderMap;
use std::net::{IpAddr, SocketAddr};

/// The TCP peer of a connection, put on every request by the server loop.
#[derive(Debug, Clone, Copy)]
pub struct PeerAddr(pub SocketAddr);

/// The resolved client address, put on every request by [`layer`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

pub fn resolve(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|h| h.trim().parse().ok())
        .collect();
    // walk from the nearest hop outwards; the first untrusted one is the client
    hops.iter()
        .rev()
        .find(|ip| !trusted.contains(ip))
        .copied()
        .unwrap_or(peer)
}

pub async fn layer(
    axum::extract::State(state): axum::extract::State<crate::server::AppState>,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let peer = req
        .extensions()
        .get::<PeerAddr>()
        .map(|p| p.0.ip())
        .unwrap_or(IpAddr::from([127, 0, 0, 1]));
    let ip = resolve(peer, req.headers(), &state.config.trusted_proxies);
    req.extensions_mut().insert(ClientIp(ip));
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xff(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", v.parse().unwrap());
        h
    }

    #[test]
    fn forged_header_is_ignored_without_trusted_proxy() {
        let peer: IpAddr = "203.0.113.9".parse().unwrap();
        assert_eq!(resolve(peer, &xff("1.2.3.4"), &[]), peer);
    }

    #[test]
    fn trusted_proxy_reveals_the_client_but_not_forged_hops() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        // the client forged "1.2.3.4"; the proxy appended the real address
        let h = xff("1.2.3.4, 198.51.100.7");
        assert_eq!(
            resolve(proxy, &h, &[proxy]),
            "198.51.100.7".parse::<IpAddr>().unwrap()
        );
        // no header: the proxy itself
        assert_eq!(resolve(proxy, &HeaderMap::new(), &[proxy]), proxy);
        // garbage entries are skipped
        assert_eq!(resolve(proxy, &xff("nonsense"), &[proxy]), proxy);
    }
}
