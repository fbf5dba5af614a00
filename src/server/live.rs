//! The live-update hub: who is watching which event, in this process.
//!
//! An edit commits a change row; then every viewer of that event hears of it.
//! With SQLite (one process) the service tells the hub directly. With
//! PostgreSQL every instance LISTENs on one channel and the edit's
//! transaction NOTIFYs it, so an edit made through one instance reaches the
//! viewers connected to all of them, including its own.
//!
//! A viewer's message is the event page as that viewer reads it (language and
//! time zone), built once per (change, language, zone) however many viewers
//! share it.
//!
//! Streams are capped per client address and in total ([`StreamCaps`]): a
//! place is taken before a stream opens and given back when it is dropped,
//! however it ends.

use crate::domain::Locale;
use crate::services::context::Signal;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use tokio::sync::{broadcast, watch, OnceCell};

/// Viewers' messages, built lazily and shared.
pub type Payload = Arc<OnceCell<Option<Arc<str>>>>;

/// "Event `event_id` has change `change_id`."
pub struct Ping {
    pub event_id: i64,
    pub change_id: i64,
    payloads: Mutex<HashMap<(Locale, String), Payload>>,
}

impl Ping {
    fn new(event_id: i64, change_id: i64) -> Self {
        Self {
            event_id,
            change_id,
            payloads: Mutex::new(HashMap::new()),
        }
    }

    /// The shared cell for readers of this language and zone.
    pub fn payload(&self, locale: Locale, zone: &str) -> Payload {
        let mut map = self.payloads.lock().unwrap_or_else(|p| p.into_inner());
        map.entry((locale, zone.to_owned()))
            .or_insert_with(|| Arc::new(OnceCell::new()))
            .clone()
    }
}

/// How many live streams are open, per client address and in all, against
/// their caps. Taking a place and counting are one step under one lock, so
/// parallel requests can never overshoot a cap.
pub struct StreamCaps {
    per_ip: usize,
    total: usize,
    counts: Mutex<Counts>,
}

#[derive(Default)]
struct Counts {
    total: usize,
    per_ip: HashMap<IpAddr, usize>,
}

/// Which cap refused a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Full {
    Address,
    Total,
}

/// A place among the open streams, given back when dropped.
pub struct StreamSlot {
    caps: Arc<StreamCaps>,
    key: IpAddr,
}

impl StreamCaps {
    pub fn new(per_ip: usize, total: usize) -> Arc<Self> {
        Arc::new(Self {
            per_ip,
            total,
            counts: Mutex::new(Counts::default()),
        })
    }

    /// An IPv6 client usually holds a whole /64: it counts as one address.
    fn key(ip: IpAddr) -> IpAddr {
        match ip.to_canonical() {
            IpAddr::V6(v6) => IpAddr::V6((u128::from(v6) & !u128::from(u64::MAX)).into()),
            v4 => v4,
        }
    }

    pub fn acquire(self: &Arc<Self>, ip: IpAddr) -> Result<StreamSlot, Full> {
        let key = Self::key(ip);
        let mut c = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        if c.total >= self.total {
            return Err(Full::Total);
        }
        let mine = c.per_ip.entry(key).or_insert(0);
        if *mine >= self.per_ip {
            if *mine == 0 {
                c.per_ip.remove(&key);
            }
            return Err(Full::Address);
        }
        *mine += 1;
        c.total += 1;
        Ok(StreamSlot {
            caps: self.clone(),
            key,
        })
    }

    /// Streams open now (all addresses).
    pub fn open(&self) -> usize {
        self.counts.lock().unwrap_or_else(|p| p.into_inner()).total
    }

    fn release(&self, key: IpAddr) {
        let mut c = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        c.total = c.total.saturating_sub(1);
        if let Some(n) = c.per_ip.get_mut(&key) {
            *n -= 1;
            if *n == 0 {
                c.per_ip.remove(&key);
            }
        }
    }
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        self.caps.release(self.key);
    }
}

pub struct Hub {
    /// open streams against their caps
    pub caps: Arc<StreamCaps>,
    channels: Mutex<HashMap<i64, broadcast::Sender<Arc<Ping>>>>,
    /// true when changes arrive from the database (PostgreSQL LISTEN)
    external: bool,
    ready: watch::Sender<bool>,
    /// the task following the database's notifications, stopped by `close`
    listener: Mutex<Option<tokio::task::AbortHandle>>,
    /// social signals (new posts, members' counters), heard by every
    /// member's open page in this process
    social: broadcast::Sender<Arc<Signal>>,
    social_listener: Mutex<Option<tokio::task::AbortHandle>>,
}

impl Hub {
    /// `external`: changes arrive from the database; `caps`: open streams'
    /// limits (`[live]` in the configuration).
    pub fn new(external: bool, caps: Arc<StreamCaps>) -> Self {
        let (ready, _) = watch::channel(!external);
        Self {
            caps,
            channels: Mutex::new(HashMap::new()),
            external,
            ready,
            listener: Mutex::new(None),
            social: broadcast::channel(1024).0,
            social_listener: Mutex::new(None),
        }
    }

    /// Starts following the database's change notifications, when it has
    /// them. Call once, inside the runtime.
    pub fn start(self: &Arc<Self>, store: crate::store::DynStore) {
        if !self.external {
            return;
        }
        let hub = Arc::downgrade(self);
        let social_store = store.clone();
        let task = tokio::spawn(async move {
            use futures::StreamExt;
            let mut stream = loop {
                match store.listen_changes().await {
                    Ok(Some(s)) => break s,
                    Ok(None) => return,
                    Err(e) => {
                        tracing::warn!(error = %e, "cannot listen for live changes yet; retrying");
                        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
                    }
                }
            };
            if let Some(h) = hub.upgrade() {
                h.ready.send_replace(true);
            }
            while let Some((event, change)) = stream.next().await {
                let Some(h) = hub.upgrade() else { return };
                h.deliver(event, change);
            }
        });
        *self.listener.lock().unwrap_or_else(|p| p.into_inner()) = Some(task.abort_handle());
        let hub = Arc::downgrade(self);
        let social = tokio::spawn(async move {
            use futures::StreamExt;
            let mut stream = loop {
                match social_store.listen_social().await {
                    Ok(Some(s)) => break s,
                    Ok(None) => return,
                    Err(e) => {
                        tracing::warn!(error = %e, "cannot listen for social signals yet; retrying");
                        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
                    }
                }
            };
            while let Some(raw) = stream.next().await {
                let Some(h) = hub.upgrade() else { return };
                if let Some(signal) = Signal::decode(&raw) {
                    let _ = h.social.send(Arc::new(signal));
                }
            }
        });
        *self
            .social_listener
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = Some(social.abort_handle());
    }

    /// Every social signal from now on (a member's open page filters them).
    pub fn subscribe_social(&self) -> broadcast::Receiver<Arc<Signal>> {
        self.social.subscribe()
    }

    /// Waits (a little) until notifications from other instances can arrive.
    pub async fn ready(&self) {
        let mut rx = self.ready.subscribe();
        let _ = tokio::time::timeout(std::time::Duration::from_secs(5), rx.wait_for(|r| *r)).await;
    }

    pub fn subscribe(&self, event_id: i64) -> broadcast::Receiver<Arc<Ping>> {
        let mut map = self.channels.lock().unwrap_or_else(|p| p.into_inner());
        map.retain(|_, tx| tx.receiver_count() > 0);
        map.entry(event_id)
            .or_insert_with(|| broadcast::channel(64).0)
            .subscribe()
    }

    /// After a commit: tells this process's viewers, unless the database
    /// will (then every instance hears it the same way).
    pub fn committed(&self, event_id: i64, change_id: i64) {
        if !self.external {
            self.deliver(event_id, change_id);
        }
    }

    fn deliver(&self, event_id: i64, change_id: i64) {
        let map = self.channels.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(tx) = map.get(&event_id) {
            let _ = tx.send(Arc::new(Ping::new(event_id, change_id)));
        }
    }

    /// Ends every viewer's stream and stops listening (shutting down), so
    /// that the listener's database connection goes back to the pool.
    pub fn close(&self) {
        if let Some(task) = self
            .listener
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
        {
            task.abort();
        }
        if let Some(task) = self
            .social_listener
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
        {
            task.abort();
        }
        self.channels
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }

    /// How many viewers are connected in this process.
    pub fn viewers(&self) -> usize {
        let map = self.channels.lock().unwrap_or_else(|p| p.into_inner());
        map.values().map(|tx| tx.receiver_count()).sum()
    }
}

impl crate::services::context::Changes for Hub {
    fn committed(&self, event_id: i64, change_id: i64) {
        Hub::committed(self, event_id, change_id);
    }

    /// With a shared database the signal comes back through its
    /// notifications (to every instance alike); otherwise it goes out here.
    fn social(&self, signal: &Signal) {
        if !self.external {
            let _ = self.social.send(Arc::new(signal.clone()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn viewers_of_an_event_hear_its_changes_only() {
        let hub = Hub::new(false, StreamCaps::new(10, 10));
        let mut a = hub.subscribe(1);
        let mut b = hub.subscribe(2);
        hub.committed(1, 10);
        let p = a.recv().await.unwrap();
        assert_eq!((p.event_id, p.change_id), (1, 10));
        assert!(b.try_recv().is_err());
        // one payload cell per language and zone, shared
        let x = p.payload(Locale::En, "Europe/Madrid");
        let y = p.payload(Locale::En, "Europe/Madrid");
        assert!(Arc::ptr_eq(&x, &y));
        assert!(!Arc::ptr_eq(&x, &p.payload(Locale::Fr, "Europe/Madrid")));
        assert_eq!(hub.viewers(), 2);
        drop(a);
        drop(b);
        let _c = hub.subscribe(3);
        assert_eq!(hub.viewers(), 1);
    }

    #[test]
    fn caps_hold_per_address_and_in_total_and_places_come_back() {
        let caps = StreamCaps::new(2, 3);
        let a: IpAddr = "203.0.113.1".parse().unwrap();
        let b: IpAddr = "203.0.113.2".parse().unwrap();
        let a1 = caps.acquire(a).unwrap();
        let _a2 = caps.acquire(a).unwrap();
        assert_eq!(caps.acquire(a).err(), Some(Full::Address));
        let _b1 = caps.acquire(b).unwrap();
        assert_eq!(caps.acquire(b).err(), Some(Full::Total));
        assert_eq!(caps.open(), 3);
        drop(a1);
        assert_eq!(caps.open(), 2);
        let _a3 = caps.acquire(a).unwrap();
        // one IPv6 /64 is one client
        let caps = StreamCaps::new(1, 10);
        let _x = caps.acquire("2001:db8::1".parse().unwrap()).unwrap();
        assert_eq!(
            caps.acquire("2001:db8::2".parse().unwrap()).err(),
            Some(Full::Address)
        );
        assert!(caps.acquire("2001:db8:0:1::1".parse().unwrap()).is_ok());
    }

    #[test]
    fn parallel_acquires_never_overshoot() {
        let caps = StreamCaps::new(5, 1000);
        let ip: IpAddr = "198.51.100.4".parse().unwrap();
        let held: Vec<_> = std::thread::scope(|s| {
            let tasks: Vec<_> = (0..16).map(|_| s.spawn(|| caps.acquire(ip).ok())).collect();
            tasks
                .into_iter()
                .filter_map(|t| t.join().unwrap())
                .collect()
        });
        assert_eq!(held.len(), 5);
        assert_eq!(caps.open(), 5);
        drop(held);
        assert_eq!(caps.open(), 0);
    }

    #[tokio::test]
    async fn a_shared_database_delivers_through_its_notifications() {
        // with external delivery, a local commit is not delivered twice
        let hub = Hub::new(true, StreamCaps::new(10, 10));
        let mut a = hub.subscribe(1);
        hub.committed(1, 10);
        assert!(a.try_recv().is_err());
        hub.deliver(1, 10);
        assert_eq!(a.recv().await.unwrap().change_id, 10);
    }
}
