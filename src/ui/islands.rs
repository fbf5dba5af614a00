//! The only parts of the interface that ship WASM: every page is rendered on
//! the server, and these `#[island]`s come alive in the browser. Each takes
//! its text as props, already in the reader's language, so the message
//! catalogue never reaches the browser; what they show beyond that comes
//! from the server as HTML (a page fetched again and its regions swapped in)
//! or as data from a server function.

use crate::ui::pages::events::live::{follow, LiveChange, LiveStatus};
use leptos::prelude::*;
use leptos::web_sys;
use serde::{Deserialize, Serialize};

/// Shows and hides the password typed into the input `input`. Rendered
/// hidden: it appears once the WASM runs.
#[island]
pub fn PasswordToggle(input: String, show: String, hide: String) -> impl IntoView {
    let shown = RwSignal::new(false);
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    let target = input.clone();
    view! {
        <button
            type="button"
            class="toggle"
            hidden=move || !ready.get()
            aria-controls=input
            aria-pressed=move || if shown.get() { "true" } else { "false" }
            on:click=move |_| {
                shown.update(|s| *s = !*s);
                dom::set_input_type(&target, if shown.get_untracked() { "text" } else { "password" });
            }
        >
            {move || if shown.get() { hide.clone() } else { show.clone() }}
        </button>
    }
}

/// A search box whose results follow the typing: a quarter second after the
/// last key the address is replaced (so it can be shared) and the region
/// `region` is swapped for the server's rendering of the new address. Without
/// the WASM it is a plain field of a GET form.
#[island]
pub fn SearchInput(
    id: String,
    name: String,
    value: String,
    placeholder: String,
    region: String,
) -> impl IntoView {
    let timer: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    // marks the form once scripts run, so tests (and styles) can tell
    let input = NodeRef::<leptos::html::Input>::new();
    let links = region.clone();
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            dom::mark_form_ready(&el);
            // filters and pages inside the results are followed in place too
            dom::follow_links(&el, &links);
        }
    });
    let on_input = move |ev: leptos::ev::Event| {
        if let Some(Some(h)) = timer.try_update_value(|v| v.take()) {
            h.clear();
        }
        let target = event_target::<web_sys::HtmlInputElement>(&ev);
        let region = region.clone();
        let handle = set_timeout_with_handle(
            move || dom::follow_form(&target, &region),
            std::time::Duration::from_millis(250),
        );
        timer.set_value(handle.ok());
    };
    view! {
        <input node_ref=input id=id type="search" name=name autocomplete="off" value=value
            placeholder=placeholder on:input=on_input />
    }
}

/// The words the live box shows, in the reader's language. The island takes
/// them as a list in this order ([`LiveTexts::list`]): every props type costs
/// the WASM a decoder of its own, a list of strings shares one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveTexts {
    pub off: String,
    pub connecting: String,
    pub live: String,
    pub reconnecting: String,
}

impl LiveTexts {
    pub fn list(self) -> Vec<String> {
        vec![self.off, self.connecting, self.live, self.reconnecting]
    }
}

/// The `n`th of an island's texts; empty if the page gave fewer.
fn nth(texts: &[String], n: usize) -> String {
    texts.get(n).cloned().unwrap_or_default()
}

/// Follows an event's live channel: says whether it is connected, lists what
/// changed (the server writes each notice in the reader's language and time),
/// and swaps in the page's `data-region` parts as the server renders them
/// after the change. `seen`: tell the server the reader saw the change (a
/// registered attendee).
#[island]
pub fn LiveBox(
    event: i64,
    since: i64,
    seen: bool,
    /// [`LiveTexts::list`]
    texts: Vec<String>,
    /// only the connection state, no notices (the meeting agenda)
    quiet: bool,
) -> impl IntoView {
    let status = RwSignal::new(LiveStatus::Off);
    let notices = RwSignal::new(Vec::<(i64, String, String)>::new());
    follow(event, since, status, move |u: LiveChange| {
        notices.update(|list| {
            for n in u.notices {
                if !list.iter().any(|x| x.0 == n.id) {
                    list.insert(0, (n.id, n.text, n.at));
                }
            }
            list.truncate(6);
        });
        let change = u.change_id;
        leptos::task::spawn_local(async move {
            dom::refresh_regions(change).await;
            if seen {
                // the server function, called without its typed client: the
                // answer does not matter, and its error type would bring the
                // message catalogue's decoder into the WASM
                let args = format!("event_id={event}&change_id={change}");
                let _ = dom::post_api("/api/event_seen", &args).await;
            }
        });
    });
    let state = move || match status.get() {
        LiveStatus::Off => ("off", 0),
        LiveStatus::Connecting => ("connecting", 1),
        LiveStatus::Live => ("live", 2),
        LiveStatus::Reconnecting => ("reconnecting", 3),
    };
    Effect::new(move |_| dom::set_live_state(state().0));
    let label = move || nth(&texts, state().1);
    view! {
        <div class="live-box" role="status" aria-live="polite">
            <p class="live-status">{label}</p>
            {(!quiet).then(|| view! {
                // a handful of lines, redrawn whole: no keyed list code
                <ul class="notices">
                    {move || notices.get().into_iter().map(|n| view! {
                        <li class="change-notice">{n.1}" "<span class="meta">{n.2}</span></li>
                    }).collect_view()}
                </ul>
            })}
        </div>
    }
}

/// A rule a field's value is checked against in the browser when the field
/// loses focus: the same domain `parse` the server enforces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Check {
    Email,
    Name,
    Password,
}

impl Check {
    /// Every message the rule can give, in a fixed order: the island gets
    /// their texts (in the reader's language) in this order.
    pub fn messages(self) -> &'static [crate::i18n::Msg] {
        use crate::i18n::Msg::*;
        match self {
            Check::Email => &[ErrEmailRequired, ErrEmailInvalid],
            Check::Name => &[
                ErrNameRequired,
                ErrNameTooShort,
                ErrNameTooLong,
                ErrNameInvalid,
            ],
            Check::Password => &[ErrPasswordRequired, ErrPasswordTooShort, ErrPasswordTooLong],
        }
    }

    pub fn run(self, value: &str) -> Result<(), crate::domain::FieldError> {
        use crate::domain::{DisplayName, Email, Password};
        match self {
            Check::Email => Email::parse(value).map(|_| ()),
            Check::Name => DisplayName::parse(value).map(|_| ()),
            Check::Password => Password::parse(value).map(|_| ()),
        }
    }
}

/// Checks the input `input` when it loses focus and writes the message into
/// `error` (the field's error line), before any request; typing clears it.
/// The server checks again on submit.
#[island]
pub fn BlurCheck(input: String, error: String, check: Check, texts: Vec<String>) -> impl IntoView {
    Effect::new(move |_| dom::watch_field(&input, &error, check, &texts));
}

/// Forms marked `data-in-place="id1 id2"` are sent without leaving the
/// page: the server answers as it would a plain post (its redirect, followed)
/// and the elements with those ids take the new content. Without the WASM,
/// or on any failure, they are ordinary form posts. One per page.
///
/// Also "Load more" below a list: in a control marked `data-more="list"`,
/// the link to the next page (a plain `?page=N` link without the WASM) is
/// followed in place. The list (marked `data-append`, with
/// `data-announce` naming the live region and `data-added` its text, `{n}`
/// the count) takes the next page's items at its end, focus moves to the
/// first new one, and the control takes the next page's (a new link, or
/// none at the end). No island of its own: the same WASM, one less
/// registration.
#[island]
pub fn InPlaceForms() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        let handle = window_event_listener(leptos::ev::submit, dom::submit_in_place);
        on_cleanup(move || handle.remove());
        Effect::new(move |_| dom::load_more());
    }
}

/// An event's start in the reader's own zone and language, when that zone
/// differs from the event's; nothing otherwise (and nothing before the WASM).
#[island]
pub fn ReaderTime(starts_utc: String, zone: String, lang: String, label: String) -> impl IntoView {
    let text: RwSignal<Option<String>> = RwSignal::new(None);
    Effect::new(move |_| {
        if let Some(local) = dom::reader_time(&starts_utc, &zone, &lang) {
            text.set(Some(label.replace("{time}", &local)));
        }
    });
    move || text.get().map(|s| view! { <p class="reader-time">{s}</p> })
}

/// The words of the city picker, in the reader's language; the island takes
/// them as a list in this order ([`CityPickerTexts::list`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CityPickerTexts {
    pub label: String,
    pub hint: String,
    pub suggestions: String,
}

impl CityPickerTexts {
    pub fn list(self) -> Vec<String> {
        vec![self.label, self.hint, self.suggestions]
    }
}

/// A city field that suggests cities from the directory as one types
/// (accent-insensitive). Without scripts the typed name is resolved by the
/// server to the most populous match. The error beside it is rendered by the
/// page, after this island.
#[island]
pub fn CityPicker(
    city_id: String,
    city_label: String,
    /// [`CityPickerTexts::list`]
    texts: Vec<String>,
) -> impl IntoView {
    let id = RwSignal::new(city_id);
    let text = RwSignal::new(city_label.clone());
    // (id, "City, Country") of the last answer for what is typed
    let suggestions = RwSignal::new(Vec::<(i64, String)>::new());
    let timer: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    let list_label = nth(&texts, 2);
    let ask = move |typed: String| {
        if typed.trim().chars().count() < 2 {
            suggestions.set(Vec::new());
            return;
        }
        leptos::task::spawn_local(async move {
            let found = dom::search_cities(&typed).await;
            // a later keystroke may have moved on
            if text.get_untracked() == typed {
                suggestions.set(found);
            }
        });
    };
    view! {
        <label for="f-city">{nth(&texts, 0)}</label>
        <p class="hint" id="f-city-hint">{nth(&texts, 1)}</p>
        <input type="hidden" name="form[city_id]" prop:value=move || id.get() value=id.get_untracked() />
        <input id="f-city" name="form[city_name]" autocomplete="off" value=city_label
            prop:value=move || text.get()
            aria-describedby="f-city-hint f-city_id-error"
            on:input=move |ev| {
                let v = event_target_value(&ev);
                text.set(v.clone());
                id.set(String::new());
                if let Some(Some(h)) = timer.try_update_value(|t| t.take()) { h.clear(); }
                timer.set_value(set_timeout_with_handle(move || ask(v), std::time::Duration::from_millis(200)).ok());
            } />
        <div aria-live="polite">
            {move || {
                let list = suggestions.get();
                (!list.is_empty() && id.get().is_empty()).then(|| view! {
                    <ul class="suggestions" id="f-city-list" aria-label=list_label.clone()>
                        {list.into_iter().take(8).map(|(cid, label)| {
                            let shown = label.clone();
                            view! {
                                <li>
                                    <button type="button" class="link" on:click=move |_| {
                                        id.set(cid.to_string());
                                        text.set(label.clone());
                                        suggestions.set(Vec::new());
                                    }>{shown}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })
            }}
        </div>
    }
}

/// What the islands do to the page around them, in the browser; nothing on
/// the server, where islands only render.
mod dom {
    use leptos::web_sys;
    #[cfg(feature = "hydrate")]
    use wasm_bindgen::JsCast;

    pub fn set_input_type(id: &str, kind: &str) {
        #[cfg(feature = "hydrate")]
        if let Some(el) = leptos::prelude::document().get_element_by_id(id) {
            let _ = el.set_attribute("type", kind);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (id, kind);
    }

    pub fn mark_form_ready(input: &web_sys::HtmlInputElement) {
        #[cfg(feature = "hydrate")]
        if let Some(form) = input.form() {
            let _ = form.set_attribute("data-ready", "true");
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = input;
    }

    /// The marker the live box leaves on the page (`data-live`), for styles
    /// and tests.
    pub fn set_live_state(state: &str) {
        #[cfg(feature = "hydrate")]
        if let Ok(Some(el)) = leptos::prelude::document().query_selector("[data-change]") {
            let _ = el.set_attribute("data-live", state);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = state;
    }

    /// Replaces the address with the input's form as a GET (page 1) and
    /// swaps `region` for the server's rendering of it.
    pub fn follow_form(input: &web_sys::HtmlInputElement, region: &str) {
        #[cfg(feature = "hydrate")]
        {
            let Some(form) = input.form() else { return };
            let Ok(data) = web_sys::FormData::new_with_form(&form) else {
                return;
            };
            let Ok(params) = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data) else {
                return;
            };
            params.delete("page");
            let action = form.get_attribute("action").unwrap_or_default();
            let query: String = params.to_string().into();
            let url = if query.is_empty() {
                action
            } else {
                format!("{action}?{query}")
            };
            if let Ok(history) = leptos::prelude::window().history() {
                let _ =
                    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
            }
            load(url, region.to_owned(), true);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (input, region);
    }

    /// Clicks on links of `region` that lead to the input's form action (a
    /// filter, the next page) load the results in place, with the address
    /// pushed to the history; going back loads that address's results.
    pub fn follow_links(input: &web_sys::HtmlInputElement, region: &str) {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::closure::Closure;
            let doc = leptos::prelude::document();
            let (Some(form), Some(area)) = (input.form(), doc.get_element_by_id(region)) else {
                return;
            };
            let action = form.get_attribute("action").unwrap_or_default();
            let on_click = {
                let region = region.to_owned();
                Closure::<dyn FnMut(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
                    let Some(href) = plain_link(&ev) else {
                        return;
                    };
                    let path = href.split('?').next().unwrap_or_default();
                    if path != action {
                        return;
                    }
                    ev.prevent_default();
                    if let Ok(history) = leptos::prelude::window().history() {
                        let _ = history.push_state_with_url(
                            &wasm_bindgen::JsValue::NULL,
                            "",
                            Some(&href),
                        );
                    }
                    load(href, region.clone(), true);
                })
            };
            let _ =
                area.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
            on_click.forget();
            let on_back = {
                let region = region.to_owned();
                Closure::<dyn FnMut()>::new(move || {
                    if let Some(url) = current_url() {
                        load(url, region.clone(), true);
                    }
                })
            };
            let _ = leptos::prelude::window()
                .add_event_listener_with_callback("popstate", on_back.as_ref().unchecked_ref());
            on_back.forget();
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (input, region);
    }

    /// `url`'s rendering of `region` swapped in, if the address is still
    /// `url` when it arrives (a later keystroke or click wins).
    #[cfg(feature = "hydrate")]
    /// `url` fetched and the elements `regions` (space-separated ids) swapped
    /// in; with `current`, only while the address is still `url`.
    fn load(url: String, regions: String, current: bool) {
        leptos::task::spawn_local(async move {
            if let Some(page) = fetch_page(&url).await {
                if !current || current_url().as_deref() == Some(url.as_str()) {
                    for id in regions.split_whitespace() {
                        swap(&page, id);
                    }
                }
            }
        });
    }

    /// After a live change: the page again, its `data-region` parts swapped
    /// in, and the change id on the element that carries it.
    pub async fn refresh_regions(change: i64) {
        #[cfg(feature = "hydrate")]
        {
            let Some(url) = current_url() else { return };
            let Some(page) = fetch_page(&url).await else {
                return;
            };
            let doc = leptos::prelude::document();
            if let Ok(list) = doc.query_selector_all("[data-region]") {
                for i in 0..list.length() {
                    if let Some(el) = list
                        .item(i)
                        .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                    {
                        swap(&page, &el.id());
                    }
                }
            }
            if let Ok(Some(el)) = doc.query_selector("[data-change]") {
                let _ = el.set_attribute("data-change", &change.to_string());
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = change;
    }

    /// Wires the "Load more" controls (see [`super::InPlaceForms`]).
    #[cfg(feature = "hydrate")]
    pub fn load_more() {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::closure::Closure;
            let Ok(controls) = leptos::prelude::document().query_selector_all("[data-more]") else {
                return;
            };
            for i in 0..controls.length() {
                let Some(control) = controls
                    .item(i)
                    .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                else {
                    continue;
                };
                let regions = format!(
                    "{} {}",
                    control.get_attribute("data-more").unwrap_or_default(),
                    control.id()
                );
                let on_click = Closure::<dyn FnMut(web_sys::MouseEvent)>::new(
                    move |ev: web_sys::MouseEvent| {
                        if let Some(href) = plain_link(&ev) {
                            ev.prevent_default();
                            load(href, regions.clone(), false);
                        }
                    },
                );
                let _ = control
                    .add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
                on_click.forget();
                // tests (and styles) can tell the control is live
                let _ = control.set_attribute("data-ready", "");
            }
        }
    }

    /// The address of the link a plain left click (no modifier key, not
    /// handled yet) was on.
    #[cfg(feature = "hydrate")]
    fn plain_link(ev: &web_sys::MouseEvent) -> Option<String> {
        if ev.default_prevented()
            || ev.button() != 0
            || ev.ctrl_key()
            || ev.meta_key()
            || ev.shift_key()
            || ev.alt_key()
        {
            return None;
        }
        ev.target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("a[href]").ok().flatten())
            .and_then(|link| link.get_attribute("href"))
    }

    /// The submit listener of [`super::InPlaceForms`].
    #[cfg(feature = "hydrate")]
    pub fn submit_in_place(ev: leptos::ev::SubmitEvent) {
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
        else {
            return;
        };
        let Some(regions) = form.get_attribute("data-in-place") else {
            return;
        };
        let Ok(data) = web_sys::FormData::new_with_form(&form) else {
            return;
        };
        let Ok(body) = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data) else {
            return;
        };
        ev.prevent_default();
        let action = form.action();
        let buttons = form.query_selector_all("button").ok();
        set_disabled(&buttons, true);
        leptos::task::spawn_local(async move {
            let page = post_form(&action, &body).await;
            match page {
                Some(page) => {
                    for id in regions.split_whitespace() {
                        swap(&page, id);
                    }
                    set_disabled(&buttons, false);
                }
                // let the browser do it the plain way
                None => {
                    set_disabled(&buttons, false);
                    let _ = form.submit();
                }
            }
        });
    }

    #[cfg(feature = "hydrate")]
    fn set_disabled(buttons: &Option<web_sys::NodeList>, on: bool) {
        let Some(list) = buttons else { return };
        for i in 0..list.length() {
            if let Some(el) = list
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                let _ = if on {
                    el.set_attribute("disabled", "")
                } else {
                    el.remove_attribute("disabled")
                };
            }
        }
    }

    #[cfg(feature = "hydrate")]
    async fn post_form(url: &str, body: &web_sys::UrlSearchParams) -> Option<web_sys::Document> {
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_body(body);
        fetch_init(url, init).await
    }

    /// `starts_utc` as the reader's clock shows it, with their zone named;
    /// `None` when their zone is the event's.
    pub fn reader_time(starts_utc: &str, event_zone: &str, lang: &str) -> Option<String> {
        #[cfg(feature = "hydrate")]
        {
            use js_sys::{Array, Date, Intl, Object, Reflect};
            use wasm_bindgen::JsValue;
            let formatter = Intl::DateTimeFormat::new(&Array::new(), &Object::new());
            let reader_zone = Reflect::get(
                &formatter.resolved_options(),
                &JsValue::from_str("timeZone"),
            )
            .ok()?
            .as_string()?;
            if reader_zone == event_zone {
                return None;
            }
            let date = Date::new(&JsValue::from_str(starts_utc));
            let options = Object::new();
            for (k, v) in [
                ("weekday", "short"),
                ("day", "numeric"),
                ("month", "short"),
                ("hour", "numeric"),
                ("minute", "2-digit"),
                ("timeZoneName", "short"),
            ] {
                Reflect::set(&options, &JsValue::from_str(k), &JsValue::from_str(v)).ok()?;
            }
            let text = date.to_locale_string(lang, &options).as_string()?;
            Some(format!("{text} ({reader_zone})"))
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (starts_utc, event_zone, lang);
            None
        }
    }

    /// The listeners of [`super::BlurCheck`], for the page's life.
    pub fn watch_field(input: &str, error: &str, check: super::Check, texts: &[String]) {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::closure::Closure;
            let doc = leptos::prelude::document();
            let (Some(field), Some(line)) =
                (doc.get_element_by_id(input), doc.get_element_by_id(error))
            else {
                return;
            };
            let error_id = error.to_owned();
            let show = {
                let (field, line) = (field.clone(), line.clone());
                move |text: Option<&str>| {
                    line.set_text_content(text);
                    let described = field.get_attribute("aria-describedby").unwrap_or_default();
                    let mut ids: Vec<&str> = described
                        .split_whitespace()
                        .filter(|i| *i != error_id)
                        .collect();
                    if text.is_some() {
                        ids.push(&error_id);
                        let _ = field.set_attribute("aria-invalid", "true");
                    } else {
                        let _ = field.remove_attribute("aria-invalid");
                    }
                    let _ = if ids.is_empty() {
                        field.remove_attribute("aria-describedby")
                    } else {
                        field.set_attribute("aria-describedby", &ids.join(" "))
                    };
                    if let Some(frame) = field.closest(".field").ok().flatten() {
                        let _ = frame
                            .class_list()
                            .toggle_with_force("invalid", text.is_some());
                    }
                }
            };
            let texts = texts.to_vec();
            let on_blur = {
                let show = show.clone();
                let field = field.clone();
                Closure::<dyn FnMut()>::new(move || {
                    let value = field
                        .dyn_ref::<web_sys::HtmlInputElement>()
                        .map(|i| i.value())
                        .unwrap_or_default();
                    if value.is_empty() {
                        return;
                    }
                    match check.run(&value) {
                        Ok(()) => show(None),
                        Err(e) => {
                            let text = check
                                .messages()
                                .iter()
                                .position(|m| *m == e.msg)
                                .and_then(|i| texts.get(i));
                            show(text.map(String::as_str));
                        }
                    }
                })
            };
            let on_input = Closure::<dyn FnMut()>::new(move || show(None));
            let _ =
                field.add_event_listener_with_callback("blur", on_blur.as_ref().unchecked_ref());
            let _ =
                field.add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref());
            on_blur.forget();
            on_input.forget();
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (input, error, check, texts);
    }

    /// Cities whose name starts like `q` (the `search_cities` server
    /// function, its JSON read for the fields shown), as (id, "City, Country").
    pub async fn search_cities(q: &str) -> Vec<(i64, String)> {
        #[cfg(feature = "hydrate")]
        {
            #[derive(serde::Deserialize)]
            struct Hit {
                id: i64,
                name: String,
                country: String,
            }
            let args = format!("q={}", String::from(js_sys::encode_uri_component(q)));
            let Some(json) = post_api("/api/search_cities", &args).await else {
                return Vec::new();
            };
            serde_json::from_str::<Vec<Hit>>(&json)
                .map(|hits| {
                    hits.into_iter()
                        .map(|h| (h.id, format!("{}, {}", h.name, h.country)))
                        .collect()
                })
                .unwrap_or_default()
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = q;
            Vec::new()
        }
    }

    /// A server function called as JSON with form arguments: its answer's
    /// text when it succeeded.
    pub async fn post_api(url: &str, form: &str) -> Option<String> {
        #[cfg(feature = "hydrate")]
        {
            let init = web_sys::RequestInit::new();
            init.set_method("POST");
            init.set_credentials(web_sys::RequestCredentials::SameOrigin);
            let headers = web_sys::Headers::new().ok()?;
            headers.set("accept", "application/json").ok()?;
            headers
                .set("content-type", "application/x-www-form-urlencoded")
                .ok()?;
            init.set_headers(&headers);
            init.set_body(&wasm_bindgen::JsValue::from_str(form));
            fetch_text(url, &init).await
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (url, form);
            None
        }
    }

    #[cfg(feature = "hydrate")]
    fn current_url() -> Option<String> {
        let l = leptos::prelude::window().location();
        Some(format!("{}{}", l.pathname().ok()?, l.search().ok()?))
    }

    /// The element `id` of this page takes the content of its namesake in
    /// `fresh`, unless the reader is typing in it.
    #[cfg(feature = "hydrate")]
    fn swap(fresh: &web_sys::Document, id: &str) {
        let doc = leptos::prelude::document();
        let (Some(old), Some(new)) = (doc.get_element_by_id(id), fresh.get_element_by_id(id))
        else {
            return;
        };
        if let Some(active) = doc.active_element() {
            let typing = matches!(active.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT");
            if typing && old.contains(Some(&active)) {
                return;
            }
        }
        if old.has_attribute("data-append") {
            append(&old, &new);
        } else {
            old.set_inner_html(&new.inner_html());
        }
    }

    /// A list marked `data-append` takes `new`'s items at its end; focus
    /// moves to the first new item's link and the live region named by
    /// `data-announce` says how many came (`data-added`, `{n}`).
    #[cfg(feature = "hydrate")]
    fn append(old: &web_sys::Element, new: &web_sys::Element) {
        let links = |e: &web_sys::Element| e.query_selector_all(":scope > li h3 a").ok();
        let before = links(old).map_or(0, |l| l.length());
        old.set_inner_html(&(old.inner_html() + &new.inner_html()));
        let after = links(old);
        let n = after
            .as_ref()
            .map_or(0, |l| l.length())
            .saturating_sub(before);
        let doc = leptos::prelude::document();
        if let (Some(live), Some(text)) = (
            old.get_attribute("data-announce")
                .and_then(|id| doc.get_element_by_id(&id)),
            old.get_attribute("data-added"),
        ) {
            live.set_text_content(Some(&text.replace("{n}", &n.to_string())));
        }
        if let Some(first) = after
            .and_then(|l| l.item(before))
            .and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = first.focus();
        }
    }

    /// `url` of this site as a page, parsed; `None` on any failure (the
    /// region stays as it was).
    #[cfg(feature = "hydrate")]
    async fn fetch_page(url: &str) -> Option<web_sys::Document> {
        fetch_init(url, web_sys::RequestInit::new()).await
    }

    /// The body of a successful answer to `init` at `url`, as text.
    #[cfg(feature = "hydrate")]
    async fn fetch_text(url: &str, init: &web_sys::RequestInit) -> Option<String> {
        use wasm_bindgen_futures::JsFuture;
        let resp: web_sys::Response =
            JsFuture::from(leptos::prelude::window().fetch_with_str_and_init(url, init))
                .await
                .ok()?
                .dyn_into()
                .ok()?;
        if !resp.ok() {
            return None;
        }
        JsFuture::from(resp.text().ok()?).await.ok()?.as_string()
    }

    #[cfg(feature = "hydrate")]
    async fn fetch_init(url: &str, init: web_sys::RequestInit) -> Option<web_sys::Document> {
        init.set_credentials(web_sys::RequestCredentials::SameOrigin);
        let headers = web_sys::Headers::new().ok()?;
        headers.set("accept", "text/html").ok()?;
        init.set_headers(&headers);
        let text = fetch_text(url, &init).await?;
        web_sys::DomParser::new()
            .ok()?
            .parse_from_string(&text, web_sys::SupportedType::TextHtml)
            .ok()
    }
}
