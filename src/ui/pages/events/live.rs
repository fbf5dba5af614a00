//! The live channel in the browser: an `EventSource` on `/events/{id}/live`.
//! The browser reconnects by itself after a drop and says which change it
//! saw last, so the server replays what was missed; if the server refused
//! the stream (a proxy error), we open a new one after a pause.

use crate::dto::ChangeNotice;
use leptos::prelude::*;

/// What the browser reads of a live message ([`crate::dto::LiveUpdate`]):
/// the change and its notices. The rest of the event comes again as the
/// server's HTML, so its (large) decoder stays out of the WASM.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct LiveChange {
    pub change_id: i64,
    #[serde(default)]
    pub notices: Vec<ChangeNotice>,
}

// the server only ever renders `Off`
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveStatus {
    /// not started (server render, or before the WASM)
    Off,
    Connecting,
    Live,
    Reconnecting,
}

/// Follows event `id` from change `since`; `on_update` runs for every
/// message. Stops when the calling component goes away.
pub fn follow(
    id: i64,
    since: i64,
    status: RwSignal<LiveStatus>,
    on_update: impl Fn(LiveChange) + Clone + 'static,
) {
    #[cfg(feature = "hydrate")]
    {
        use std::cell::RefCell;
        use std::rc::Rc;
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;

        struct Channel {
            source: Option<web_sys::EventSource>,
            closures: Vec<Box<dyn std::any::Any>>,
            last: i64,
            stopped: bool,
        }

        fn open(
            id: i64,
            ch: Rc<RefCell<Channel>>,
            status: RwSignal<LiveStatus>,
            on_update: Rc<dyn Fn(LiveChange)>,
        ) {
            if ch.borrow().stopped {
                return;
            }
            let url = format!("/events/{id}/live?since={}", ch.borrow().last);
            let Ok(source) = web_sys::EventSource::new(&url) else {
                status.set(LiveStatus::Reconnecting);
                return;
            };
            status.set(LiveStatus::Connecting);
            let on_message = {
                let ch = ch.clone();
                let on_update = on_update.clone();
                Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                    move |ev: web_sys::MessageEvent| {
                        status.set(LiveStatus::Live);
                        if let Some(text) = ev.data().as_string() {
                            if let Ok(u) = serde_json::from_str::<LiveChange>(&text) {
                                {
                                    let mut c = ch.borrow_mut();
                                    c.last = c.last.max(u.change_id);
                                }
                                on_update(u);
                            }
                        }
                    },
                )
            };
            let on_open = Closure::<dyn FnMut()>::new(move || status.set(LiveStatus::Live));
            let on_error = {
                let ch = ch.clone();
                let on_update = on_update.clone();
                Closure::<dyn FnMut()>::new(move || {
                    status.set(LiveStatus::Reconnecting);
                    let closed = ch
                        .borrow()
                        .source
                        .as_ref()
                        .is_some_and(|s| s.ready_state() == web_sys::EventSource::CLOSED);
                    if closed {
                        // the browser gave up (an error status): try again later
                        let ch = ch.clone();
                        let on_update = on_update.clone();
                        set_timeout(
                            move || open(id, ch, status, on_update),
                            std::time::Duration::from_secs(5),
                        );
                    }
                })
            };
            source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
            source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            let mut c = ch.borrow_mut();
            if let Some(old) = c.source.replace(source) {
                old.close();
            }
            c.closures = vec![Box::new(on_message), Box::new(on_open), Box::new(on_error)];
        }

        let ch = Rc::new(RefCell::new(Channel {
            source: None,
            closures: Vec::new(),
            last: since,
            stopped: false,
        }));
        let on_update: Rc<dyn Fn(LiveChange)> = Rc::new(on_update);
        open(id, ch.clone(), status, on_update);
        let stored = StoredValue::new_local(ch);
        on_cleanup(move || {
            stored.with_value(|ch| {
                let mut c = ch.borrow_mut();
                c.stopped = true;
                if let Some(s) = c.source.take() {
                    s.close();
                }
                c.closures.clear();
            })
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, since, status, on_update);
}
