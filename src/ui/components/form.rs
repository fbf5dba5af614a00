//! Form fields with a label, an optional hint and the error beside the field.
//! The same domain `parse` that the server enforces runs here on blur, so a
//! mistake shows before the round trip.

use crate::dto::Choice;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::ui::i18n::{t, use_locale};
use crate::ui::islands::{BlurCheck, Check, PasswordToggle};
use crate::ui::islands::{CityPicker, CityPickerTexts};
use leptos::prelude::*;

/// What a field shows: its ids and the error from the last submission (a
/// blur check, in the browser, writes into the same line).
#[derive(Clone)]
struct FieldState {
    id: String,
    err_id: String,
    hint_id: String,
    has_hint: bool,
    message: Signal<Option<String>>,
}

impl FieldState {
    fn new(name: &'static str, error: Signal<Option<AppError>>, has_hint: bool) -> Self {
        let locale = use_locale();
        let message = Signal::derive(move || {
            error
                .get()
                .filter(|e| e.field() == Some(name))
                .map(|e| e.message(locale))
        });
        Self {
            id: format!("f-{name}"),
            err_id: format!("f-{name}-error"),
            hint_id: format!("f-{name}-hint"),
            has_hint,
            message,
        }
    }

    fn described_by(&self) -> Option<String> {
        let mut ids = Vec::new();
        if self.has_hint {
            ids.push(self.hint_id.clone());
        }
        if self.message.get_untracked().is_some() {
            ids.push(self.err_id.clone());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }

    fn invalid(&self) -> Option<&'static str> {
        self.message.get_untracked().is_some().then_some("true")
    }

    /// The island that checks the field on blur, in the reader's language.
    fn blur_check(&self, check: Option<Check>) -> impl IntoView {
        let locale = use_locale();
        check.map(|check| {
            let texts = check
                .messages()
                .iter()
                .map(|m| m.text(locale).to_owned())
                .collect();
            view! { <BlurCheck input=self.id.clone() error=self.err_id.clone() check texts /> }
        })
    }
}

/// Label, hint and error around an input.
#[component]
fn FieldFrame(
    state: FieldState,
    label: Msg,
    hint: Option<Msg>,
    children: Children,
) -> impl IntoView {
    let message = state.message;
    view! {
        <div class="field" class:invalid=move || message.get().is_some()>
            <label for=state.id.clone()>{t(label)}</label>
            {hint.map(|h| view! { <p class="hint" id=state.hint_id.clone()>{t(h)}</p> })}
            {children()}
            <p class="error" id=state.err_id.clone() aria-live="polite">{move || message.get()}</p>
        </div>
    }
}

#[component]
pub fn Field(
    /// The input's name: the server function's argument.
    name: &'static str,
    label: Msg,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] hint: Option<Msg>,
    #[prop(into)] error: Signal<Option<AppError>>,
    /// checked in the browser when the field loses focus
    #[prop(optional)]
    check: Option<Check>,
    #[prop(optional, into)] value: String,
) -> impl IntoView {
    let state = FieldState::new(name, error, hint.is_some());
    // after a plain form post failed, the server hands back what was typed
    let value = if value.is_empty() {
        leptos_router::hooks::use_query_map()
            .read_untracked()
            .get(name)
            .unwrap_or_default()
    } else {
        value
    };
    view! {
        <FieldFrame state=state.clone() label hint>
            <input
                id=state.id.clone()
                name=name
                type=kind
                autocomplete=autocomplete
                value=value.clone()
                aria-invalid=state.invalid()
                aria-describedby=state.described_by()
            />
            {state.blur_check(check)}
        </FieldFrame>
    }
}

/// A password input with a show/hide button (an island: it appears once the
/// page's WASM runs).
#[component]
pub fn PasswordField(
    name: &'static str,
    label: Msg,
    autocomplete: &'static str,
    #[prop(optional)] hint: Option<Msg>,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(optional)] check: Option<Check>,
) -> impl IntoView {
    let state = FieldState::new(name, error, hint.is_some());
    view! {
        <FieldFrame state=state.clone() label hint>
            <div class="with-toggle">
                <input
                    id=state.id.clone()
                    name=name
                    type="password"
                    autocomplete=autocomplete
                    aria-invalid=state.invalid()
                    aria-describedby=state.described_by()
                />
                <PasswordToggle input=state.id.clone() show=t(Msg::ShowPassword).to_owned() hide=t(Msg::HidePassword).to_owned() />
            </div>
            {state.blur_check(check)}
        </FieldFrame>
    }
}

/// An error that is not about one field, above the form.
#[component]
pub fn FormAlert(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let locale = use_locale();
    move || {
        error.get().filter(|e| e.field().is_none()).map(|e| {
            view! {
                <p class="alert" role="alert">{e.message(locale)}</p>
            }
        })
    }
}

/// A success or information notice.
#[component]
pub fn Notice(msg: Msg) -> impl IntoView {
    view! { <p class="notice" role="status">{t(msg)}</p> }
}

/// The `?notice=` of the page's address: what a plain form post (every form,
/// since pages are rendered on the server and only islands run scripts)
/// succeeded at, said by the server function's redirect.
pub fn query_notice() -> Option<String> {
    leptos_router::hooks::use_query_map()
        .get_untracked()
        .get("notice")
}

/// The last error of a server action, as a signal the fields can read.
pub fn action_error<I, O>(action: ServerAction<I>) -> Signal<Option<AppError>>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(|r| r.err()))
}

/// The interface's only `<textarea>`: Leptos writes a textarea's children
/// unescaped, so the text goes through `escape::raw_text` here, once. Put the
/// element's attributes after `{..}`:
/// `<TextArea value=bio {..} id="f-bio" name="form[bio]" rows="6" />`.
#[component]
pub fn TextArea(#[prop(optional, into)] value: String) -> impl IntoView {
    view! { <textarea>{crate::escape::raw_text(value)}</textarea> }
}

#[cfg(test)]
mod tests {
    /// Every other textarea must use [`super::TextArea`]: a raw one would
    /// write its text unescaped into the page.
    #[test]
    fn no_raw_textarea_outside_the_component() {
        fn walk(dir: &std::path::Path, found: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, found);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && !path.ends_with("components/form.rs")
                {
                    let text = std::fs::read_to_string(&path).unwrap();
                    if text.contains("<textarea") {
                        found.push(path.display().to_string());
                    }
                }
            }
        }
        let mut found = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui"),
            &mut found,
        );
        assert!(found.is_empty(), "raw <textarea> in {found:?}");
    }
}

/// The page's HTTP status follows the error it shows (404, 401...).
pub(crate) fn set_status(e: &AppError) {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(
            axum::http::StatusCode::from_u16(e.status())
                .unwrap_or(axum::http::StatusCode::NOT_FOUND),
        );
    }
    #[cfg(not(feature = "ssr"))]
    let _ = e;
}

/// The text, textarea or choice error beside a field.
#[component]
pub(crate) fn FieldError(name: &'static str, error: Signal<Option<AppError>>) -> impl IntoView {
    let locale = use_locale();
    let id = format!("f-{name}-error");
    view! {
        <p class="error" id=id.clone() aria-live="polite">
            {move || error.get().filter(|e| e.field() == Some(name)).map(|e| e.message(locale))}
        </p>
    }
}

#[component]
pub(crate) fn ThemeBoxes(
    group: &'static str,
    legend: Msg,
    themes: Vec<Choice>,
    picked: Vec<String>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    view! {
        <fieldset class="choices" id=format!("f-{group}")>
            <legend>{t(legend)}</legend>
            <div class="grid">
                {themes
                    .into_iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let id = format!("f-{group}-{}", c.value);
                        let checked = picked.contains(&c.value);
                        view! {
                            <label for=id.clone() class="check">
                                <input type="checkbox" id=id.clone() name=format!("form[{group}][{i}]") value=c.value checked=checked />
                                {c.label}
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            <FieldError name=group error />
        </fieldset>
    }
}

/// The home-city field: the picker island (suggestions as one types) and
/// the error beside it.
#[component]
pub(crate) fn CityField(
    city_id: String,
    label: String,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let texts = CityPickerTexts {
        label: t(Msg::FieldCity).to_owned(),
        hint: t(Msg::CityPickerHint).to_owned(),
        suggestions: t(Msg::CitySuggestions).to_owned(),
    }
    .list();
    view! {
        <div class="field city-picker">
            <CityPicker city_id city_label=label texts />
            <FieldError name="city_id" error />
        </div>
    }
}

/// A filter of a list page's GET form: "any" or one of `choices`.
pub(crate) fn filter_select(
    name: &'static str,
    label: Msg,
    choices: Vec<Choice>,
    current: String,
) -> impl IntoView {
    let id = format!("f-{name}");
    view! {
        <div class="field">
            <label for=id.clone()>{t(label)}</label>
            <select id=id name=name>
                <option value="">{t(Msg::FilterAny)}</option>
                {choices.into_iter().map(|c| {
                    let selected = c.value == current;
                    view! { <option value=c.value selected=selected>{c.label}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
