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

use crate::domain::Locale;
use std::collections::HashMap;
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

pub struct Hub {
    channels: Mutex<HashMap<i64, broadcast::Sender<Arc<Ping>>>>,
    /// true when changes arrive from the database (PostgreSQL LISTEN)
    external: bool,
    ready: watch::Sender<bool>,
    /// the task following the database's notifications, stopped by `close`
    listener: Mutex<Option<tokio::task::AbortHandle>>,
}

impl Hub {
    pub fn new(external: bool) -> Self {
        let (ready, _) = watch::channel(!external);
        Self {
            channels: Mutex::new(HashMap::new()),
            external,
            ready,
            listener: Mutex::new(None),
        }
    }

    /// Starts following the database's change notifications, when it has
    /// them. Call once, inside the runtime.
    pub fn start(self: &Arc<Self>, store: crate::store::DynStore) {
        if !self.external {
            return;
        }
        let hub = Arc::downgrade(self);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn viewers_of_an_event_hear_its_changes_only() {
        let hub = Hub::new(false);
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

    #[tokio::test]
    async fn a_shared_database_delivers_through_its_notifications() {
        // with external delivery, a local commit is not delivered twice
        let hub = Hub::new(true);
        let mut a = hub.subscribe(1);
        hub.committed(1, 10);
        assert!(a.try_recv().is_err());
        hub.deliver(1, 10);
        assert_eq!(a.recv().await.unwrap().change_id, 10);
    }
}
