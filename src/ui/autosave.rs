//! Drafts saved while typing: a second after the last keystroke the form
//! is posted to its own server function (as a script, so the answer is the
//! new version, not a page), the status line says "Saved at 14:32", and the
//! version field takes the new version so the next save (or the button)
//! builds on it. Without a connection the text stays in the form and the
//! save is tried again, a little later each time; if a co-applicant saved
//! first, it stops and says so (nothing is overwritten). Without the WASM
//! the form's buttons save, as they always do.

use leptos::prelude::*;

/// `texts`: saving, saved ("{time}"), not saved and retrying, someone else
/// saved first, and the reader's language code (for the clock).
#[island]
pub fn DraftAutosave(form: String, status: String, texts: Vec<String>) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| client::start(&form, &status, texts.clone()));
    #[cfg(not(feature = "hydrate"))]
    let _ = (form, status, texts);
}

#[cfg(feature = "hydrate")]
mod client {
    use leptos::prelude::*;
    use leptos::web_sys;
    use std::cell::RefCell;
    use std::rc::Rc;
    use std::time::Duration;
    use wasm_bindgen::JsCast;

    const QUIET: Duration = Duration::from_millis(1200);
    const MAX_RETRY_MS: u64 = 30_000;

    struct State {
        form: web_sys::HtmlFormElement,
        status: web_sys::Element,
        texts: Vec<String>,
        /// bumped by every keystroke; a save waits for it to settle
        edits: u32,
        saving: bool,
        /// edits made while a save was on its way
        dirty: bool,
        stopped: bool,
        retry_ms: u64,
    }

    pub fn start(form_id: &str, status_id: &str, texts: Vec<String>) {
        let doc = document();
        let (Some(form), Some(status)) = (
            doc.get_element_by_id(form_id)
                .and_then(|e| e.dyn_into::<web_sys::HtmlFormElement>().ok()),
            doc.get_element_by_id(status_id),
        ) else {
            return;
        };
        if texts.len() < 5 {
            return;
        }
        // says (to tests, and to styles) that typing now saves
        let _ = status.set_attribute("data-autosave", "on");
        let state = Rc::new(RefCell::new(State {
            form: form.clone(),
            status,
            texts,
            edits: 0,
            saving: false,
            dirty: false,
            stopped: false,
            retry_ms: 2_000,
        }));
        let on_input = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
            let edits = {
                let mut s = state.borrow_mut();
                s.edits += 1;
                s.edits
            };
            let state = state.clone();
            set_timeout(
                move || {
                    if state.borrow().edits == edits {
                        save(state);
                    }
                },
                QUIET,
            );
        });
        let _ = form.add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref());
        let _ = form.add_event_listener_with_callback("change", on_input.as_ref().unchecked_ref());
        // lives as long as the page
        on_input.forget();
    }

    fn say(s: &State, text: &str) {
        s.status.set_text_content(Some(text));
    }

    fn save(state: Rc<RefCell<State>>) {
        {
            let mut s = state.borrow_mut();
            if s.stopped {
                return;
            }
            if s.saving {
                s.dirty = true;
                return;
            }
            s.saving = true;
            s.dirty = false;
            say(&s, &s.texts[0].clone());
        }
        leptos::task::spawn_local(async move {
            let (form, action) = {
                let s = state.borrow();
                (s.form.clone(), s.form.action())
            };
            let outcome = post(&form, &action).await;
            let mut s = state.borrow_mut();
            s.saving = false;
            match outcome {
                Some((200, body)) => {
                    if let Ok(version) = body.trim().parse::<i64>() {
                        if let Some(input) = form
                            .query_selector("input[name=version]")
                            .ok()
                            .flatten()
                            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
                        {
                            input.set_value(&version.to_string());
                        }
                    }
                    s.retry_ms = 2_000;
                    let text = s.texts[1].replace("{time}", &clock(&s.texts[4]));
                    say(&s, &text);
                    if s.dirty {
                        drop(s);
                        save(state);
                    }
                }
                Some((409, _)) => {
                    s.stopped = true;
                    say(&s, &s.texts[3].clone());
                }
                // refused (a field too long): the buttons show why
                Some((status, _)) if status < 500 => {
                    say(&s, &s.texts[2].clone());
                }
                // no connection or a server in trouble: try again later
                _ => {
                    say(&s, &s.texts[2].clone());
                    let wait = s.retry_ms;
                    s.retry_ms = (s.retry_ms * 2).min(MAX_RETRY_MS);
                    drop(s);
                    let state = state.clone();
                    set_timeout(move || save(state), Duration::from_millis(wait));
                }
            }
        });
    }

    async fn post(form: &web_sys::HtmlFormElement, action: &str) -> Option<(u16, String)> {
        use wasm_bindgen_futures::JsFuture;
        let data = web_sys::FormData::new_with_form(form).ok()?;
        let body = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
        body.set("go", "stay");
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_body(&body);
        init.set_credentials(web_sys::RequestCredentials::SameOrigin);
        let headers = web_sys::Headers::new().ok()?;
        headers.set("accept", "application/json").ok()?;
        init.set_headers(&headers);
        let resp: web_sys::Response =
            JsFuture::from(window().fetch_with_str_and_init(action, &init))
                .await
                .ok()?
                .dyn_into()
                .ok()?;
        let text = JsFuture::from(resp.text().ok()?).await.ok()?.as_string()?;
        Some((resp.status(), text))
    }

    /// "14:32" / "2:32 PM" on the reader's clock.
    fn clock(lang: &str) -> String {
        use js_sys::{Date, Object, Reflect};
        use wasm_bindgen::JsValue;
        let options = Object::new();
        let _ = Reflect::set(
            &options,
            &JsValue::from_str("hour"),
            &JsValue::from_str("numeric"),
        );
        let _ = Reflect::set(
            &options,
            &JsValue::from_str("minute"),
            &JsValue::from_str("2-digit"),
        );
        Date::new_0()
            .to_locale_string(lang, &options)
            .as_string()
            .unwrap_or_default()
    }
}
