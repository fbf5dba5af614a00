//! The organizers' page: details, agenda, speakers, co-organizers and
//! attendees. Every save carries the version it was loaded from; a save that
//! would overwrite someone else's is refused and shows their version beside
//! what was typed, which stays in the form.

use crate::domain::event::{EventFormat, EventKind, EventStatus};
use crate::domain::profile::LANGUAGES;
use crate::domain::Locale;
use crate::dto::{EventEditor, SessionView, SpeakerView};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::server_fns::events::{
    get_event_editor, AddOrganizer, AddSpeaker, DeleteSession, DeleteSpeaker, MessageAttendees,
    RemoveOrganizer, SaveEvent, SaveSession,
};
use crate::ui::components::form::{action_error, FormAlert, Notice, TextArea};
use crate::ui::components::form::{set_status, CityField, FieldError, ThemeBoxes};
use crate::ui::i18n::{t, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn EventEditPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    // /events/new has no id
    let id = crate::ui::pages::use_id_param();
    let added = RwSignal::new(0u32);
    let data = Resource::new(
        move || (id.get(), added.get()),
        |(id, _)| get_event_editor(id),
    );
    let notice = Memo::new(move |_| query.read().get("notice"));
    view! {
        <Title text=if id.get_untracked() == 0 { t(Msg::EventCreate) } else { t(Msg::EventEdit) } />
        <section class="page event-edit">
            <h1>{move || if id.get() == 0 { t(Msg::EventCreate) } else { t(Msg::EventEdit) }}</h1>
            {move || match notice.get().as_deref() {
                Some("created") => Some(view! { <Notice msg=Msg::EventCreated /> }.into_any()),
                Some("saved") => Some(view! { <Notice msg=Msg::Saved /> }.into_any()),
                Some("sent") => Some(view! { <Notice msg=Msg::MessageSent /> }.into_any()),
                Some("cover") => Some(view! { <Notice msg=Msg::CoverSaved /> }.into_any()),
                _ => None,
            }}
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(ed) => view! { <Editor ed added /> }.into_any(),
                        Err(e) => {
                            set_status(&e);
                            let signin = matches!(e, AppError::Unauthorized);
                            view! {
                                <p class="alert" role="alert">{e.message(locale)}</p>
                                {signin.then(|| view! { <p><a class="button" href="/account/sign-in?next=/events">{t(Msg::NavSignIn)}</a></p> })}
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Editor(ed: EventEditor, added: RwSignal<u32>) -> impl IntoView {
    let id = ed.id;
    let view_href = format!("/events/{id}");
    view! {
        {(id != 0).then(|| view! {
            <p class="status-line">
                <span class=format!("badge status-{}", ed.status)>{t(super::status_label(&ed.status))}</span>" "
                <a href=view_href>{t(Msg::EventViewPage)}</a>
            </p>
            <nav class="subnav" aria-label=t(Msg::EventEdit)>
                <ul>
                    <li><a href="#details">{t(Msg::EventDetails)}</a></li>
                    <li><a href="#agenda">{t(Msg::Agenda)}</a></li>
                    <li><a href="#speakers">{t(Msg::SpeakersTitle)}</a></li>
                    <li><a href="#organizers">{t(Msg::EventOrganizers)}</a></li>
                    <li><a href="#attendees">{t(Msg::Attendees)}</a></li>
                    {(ed.form.kind == "matchmaking").then(|| view! {
                        <li><a href=format!("/events/{id}/meetings/organize")>{t(Msg::MeetingsOrganize)}</a></li>
                    })}
                </ul>
            </nav>
        })}
        {(id != 0).then(|| view! { <CoverForm id cover=ed.cover_url.clone() /> })}
        <DetailsForm ed=ed.clone() />
        {(id != 0).then(|| view! {
            <section id="agenda" class="agenda-editor">
                <h2>{t(Msg::Agenda)}</h2>
                <p class="hint">{Msg::AgendaTimesIn.fill(use_locale(), &[("zone", &ed.form.timezone)])}</p>
                {ed.sessions.iter().cloned().map(|s| view! {
                    <SessionEditor event_id=id session=Some(s) speakers=ed.speakers.clone() added />
                }).collect_view()}
                <h3>{t(Msg::SessionAdd)}</h3>
                <SessionEditor event_id=id session=None speakers=ed.speakers.clone() added />
            </section>
            <Speakers id speakers=ed.speakers.clone() />
            <Organizers id ed=ed.clone() />
            <Attendees id ed=ed.clone() />
        })}
    }
}

/// The cover image: a plain multipart form, like the profile photo.
#[component]
fn CoverForm(id: i64, cover: Option<String>) -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let error = Memo::new(move |_| {
        query.read().get("cover_error").and_then(|key| {
            [
                Msg::ErrPhotoType,
                Msg::ErrPhotoTooLarge,
                Msg::ErrPhotoUnreadable,
                Msg::ErrPhotoDimensions,
                Msg::ErrPhotoMissing,
                Msg::ErrRateLimited,
                Msg::ErrForbidden,
            ]
            .into_iter()
            .find(|m| format!("{m:?}") == key)
        })
    });
    let message = move || {
        error.get().map(|m| {
            if m == Msg::ErrPhotoTooLarge {
                m.fill(locale, &[("megabytes", "5")])
            } else {
                m.text(locale).to_owned()
            }
        })
    };
    let has_cover = cover.is_some();
    view! {
        <form class="photo-form cover-form" method="post" action=format!("/events/{id}/cover") enctype="multipart/form-data">
            <h2>{t(Msg::EventCover)}</h2>
            {cover.map(|src| view! { <img class="cover" src=src alt="" width="1200" height="600" /> })}
            <div class="field" class:invalid=move || error.get().is_some()>
                <label for="f-cover">{t(Msg::PhotoChoose)}</label>
                <p class="hint" id="f-cover-hint">{t(Msg::CoverHint)}</p>
                <input id="f-cover" type="file" name="photo" accept="image/jpeg,image/png,image/webp"
                    aria-describedby="f-cover-hint f-cover-error" aria-invalid=move || error.get().map(|_| "true") />
                <p class="error" id="f-cover-error" aria-live="polite">{message}</p>
                <div class="actions">
                    <button type="submit" class="button small">{t(Msg::PhotoUpload)}</button>
                    {has_cover.then(|| view! {
                        <button type="submit" class="button small secondary" name="remove" value="1">{t(Msg::PhotoRemove)}</button>
                    })}
                </div>
            </div>
        </form>
    }
}

fn field<'a>(query: &'a leptos_router::params::ParamsMap, k: &str, stored: &'a str) -> String {
    query.get(k).unwrap_or_else(|| stored.to_owned())
}

#[component]
fn DetailsForm(ed: EventEditor) -> impl IntoView {
    let locale = use_locale();
    let action = ServerAction::<SaveEvent>::new();
    let error = action_error(action);
    let query = use_query_map();
    let q = query.get_untracked();
    let f = ed.form.clone();
    let saved = move || action.value().get().is_some_and(|r| r.is_ok());
    let conflict = move || matches!(error.get(), Some(AppError::Conflict));
    let text = move |name: &'static str, label: Msg, value: String, max: usize| {
        let id = format!("f-{name}");
        view! {
            <div class="field">
                <label for=id.clone()>{t(label)}</label>
                <input id=id name=format!("form[{name}]") value=value maxlength=max.to_string() aria-describedby=format!("f-{name}-error") />
                <FieldError name error />
            </div>
        }
    };
    let when = move |name: &'static str, label: Msg, value: String| {
        let id = format!("f-{name}");
        view! {
            <div class="field">
                <label for=id.clone()>{t(label)}</label>
                <input id=id type="datetime-local" name=format!("form[{name}]") value=value aria-describedby=format!("f-{name}-error") />
                <FieldError name error />
            </div>
        }
    };
    let langs = [(Locale::En, "en"), (Locale::Fr, "fr"), (Locale::Es, "es")];
    view! {
        <section id="details">
            {(ed.id != 0).then(|| view! { <h2>{t(Msg::EventDetails)}</h2> })}
            <ActionForm action attr:novalidate=true attr:class="event-form">
                <FormAlert error />
                {move || conflict().then(|| view! {
                    <p class="alert" role="alert">{t(Msg::EventConflict)}" "<a href=format!("/events/{}", ed.id) target="_blank">{t(Msg::EventViewPage)}</a></p>
                })}
                {move || saved().then(|| view! { <p class="notice" role="status">{t(Msg::Saved)}</p> })}
                <input type="hidden" name="form[id]" value=f.id />
                <input type="hidden" name="form[version]" value=f.version
                    prop:value=move || action.value().get().and_then(|r| r.ok()).map(|_| f.version + 1).unwrap_or(f.version).to_string() />
                <div class="row">
                    <div class="field">
                        <label for="f-kind">{t(Msg::EventFieldKind)}</label>
                        <select id="f-kind" name="form[kind]">
                            {EventKind::ALL.iter().map(|k| view! { <option value=k.as_str() selected=f.kind == k.as_str()>{t(k.label())}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="f-format">{t(Msg::EventFieldFormat)}</label>
                        <select id="f-format" name="form[format]">
                            {EventFormat::ALL.iter().map(|k| view! { <option value=k.as_str() selected=f.format == k.as_str()>{t(k.label())}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="f-status">{t(Msg::EventFieldStatus)}</label>
                        <select id="f-status" name="form[status]" aria-describedby="f-status-error">
                            {EventStatus::ALL.iter().map(|k| view! { <option value=k.as_str() selected=f.status == k.as_str()>{t(k.label())}</option> }).collect_view()}
                        </select>
                        <FieldError name="status" error />
                    </div>
                    <div class="field">
                        <label for="f-language">{t(Msg::EventFieldLanguage)}</label>
                        <select id="f-language" name="form[language]">
                            {Locale::ALL.iter().map(|l| view! { <option value=l.code() selected=f.language == l.code()>{t(crate::ui::components::event_card::language_name(*l))}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
                {langs.into_iter().map(|(l, code)| {
                    let (title, summary) = match l {
                        Locale::En => (f.title_en.clone(), f.summary_en.clone()),
                        Locale::Fr => (f.title_fr.clone(), f.summary_fr.clone()),
                        Locale::Es => (f.title_es.clone(), f.summary_es.clone()),
                    };
                    let tname: &'static str = match l { Locale::En => "title_en", Locale::Fr => "title_fr", Locale::Es => "title_es" };
                    let sname: &'static str = match l { Locale::En => "summary_en", Locale::Fr => "summary_fr", Locale::Es => "summary_es" };
                    let legend = Msg::EventTextIn.fill(locale, &[("language", crate::ui::components::event_card::language_name(l).text(locale))]);
                    let _ = code;
                    view! {
                        <fieldset class="texts">
                            <legend>{legend}</legend>
                            {text(tname, Msg::EventFieldTitle, field(&q, tname, &title), 160)}
                            <div class="field">
                                <label for=format!("f-{sname}")>{t(Msg::EventFieldSummary)}</label>
                                <TextArea value={summary} {..} id=format!("f-{sname}") name=format!("form[{sname}]") rows="2" maxlength="400" aria-describedby=format!("f-{sname}-error") />
                                <FieldError name=sname error />
                            </div>
                        </fieldset>
                    }
                }).collect_view()}
                <div class="field">
                    <label for="f-description">{t(Msg::EventFieldDescription)}</label>
                    <p class="hint" id="f-description-hint">{t(Msg::MarkdownHint)}</p>
                    <TextArea value={f.description.clone()} {..} id="f-description" name="form[description]" rows="6" aria-describedby="f-description-hint f-description-error" />
                    <FieldError name="description" error />
                </div>
                <div class="row">
                    {when("starts", Msg::EventFieldStarts, f.starts.clone())}
                    {when("ends", Msg::EventFieldEnds, f.ends.clone())}
                    <div class="field">
                        <label for="f-timezone">{t(Msg::EventFieldZone)}</label>
                        <input id="f-timezone" name="form[timezone]" list="zones" value=f.timezone.clone() aria-describedby="f-timezone-error" />
                        <datalist id="zones">
                            {ZONES.iter().map(|z| view! { <option value=*z></option> }).collect_view()}
                        </datalist>
                        <FieldError name="timezone" error />
                    </div>
                </div>
                <CityField city_id=f.city_id.clone() label=f.city_name.clone() error />
                {text("venue", Msg::EventFieldVenue, field(&q, "venue", &f.venue), 300)}
                <div class="row">
                    {text("capacity", Msg::EventFieldCapacity, field(&q, "capacity", &f.capacity), 6)}
                    {when("reg_opens", Msg::EventFieldRegOpens, f.reg_opens.clone())}
                    {when("reg_closes", Msg::EventFieldRegCloses, f.reg_closes.clone())}
                </div>
                {text("join_url", Msg::EventFieldJoinUrl, field(&q, "join_url", &f.join_url), 500)}
                <fieldset class="choices" id="f-languages">
                    <legend>{t(Msg::EventLanguages)}</legend>
                    <div class="grid">
                        {LANGUAGES.iter().enumerate().map(|(i, (code, m))| {
                            let id = format!("f-lang-{code}");
                            let checked = f.languages.iter().any(|l| l == code);
                            view! {
                                <label for=id.clone() class="check">
                                    <input type="checkbox" id=id.clone() name=format!("form[languages][{i}]") value=*code checked=checked />
                                    {t(*m)}
                                </label>
                            }
                        }).collect_view()}
                    </div>
                    <FieldError name="languages" error />
                </fieldset>
                <ThemeBoxes group="themes" legend=Msg::FilterTheme themes=ed.themes.clone() picked=f.themes.clone() error />
                <button type="submit" class="button">{if ed.id == 0 { t(Msg::EventCreate) } else { t(Msg::SaveChanges) }}</button>
            </ActionForm>
        </section>
    }
}

/// Common IANA zones of the network's countries; any other name works too.
const ZONES: &[&str] = &[
    "America/Vancouver",
    "America/Los_Angeles",
    "America/Edmonton",
    "America/Denver",
    "America/Chicago",
    "America/Mexico_City",
    "America/Monterrey",
    "America/Cancun",
    "America/Tijuana",
    "America/Toronto",
    "America/New_York",
    "America/Halifax",
    "America/St_Johns",
    "Europe/Lisbon",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Madrid",
    "Europe/Paris",
    "Europe/Brussels",
    "Europe/Amsterdam",
    "Europe/Berlin",
    "Europe/Rome",
    "Europe/Vienna",
    "Europe/Warsaw",
    "Europe/Stockholm",
    "Europe/Athens",
    "Europe/Bucharest",
    "Europe/Helsinki",
    "UTC",
];

/// One session's form. It keeps what was typed across live updates and
/// conflicts; after a save it edits from the new version.
#[component]
fn SessionEditor(
    event_id: i64,
    session: Option<SessionView>,
    speakers: Vec<SpeakerView>,
    added: RwSignal<u32>,
) -> impl IntoView {
    let locale = use_locale();
    let action = ServerAction::<SaveSession>::new();
    let delete = ServerAction::<DeleteSession>::new();
    let error = action_error(action);
    let s = session.clone().unwrap_or(SessionView {
        id: 0,
        version: 0,
        title: String::new(),
        time: String::new(),
        starts_utc: String::new(),
        ends_utc: String::new(),
        starts_at: 0,
        ends_at: 0,
        starts_local: String::new(),
        ends_local: String::new(),
        room: String::new(),
        description: String::new(),
        speakers: Vec::new(),
    });
    let sid = s.id;
    // after a plain post the server names the editor it answered (`session`)
    // and hands back what was typed there
    let query = use_query_map();
    let q = move |k: &str| query.with_untracked(|q| q.get(k));
    let for_me = q("session").and_then(|v| v.parse::<i64>().ok()) == Some(sid);
    let error = Signal::derive(move || if for_me { error.get() } else { None });
    let typed = move |k: &str, stored: &str| {
        if for_me && error.get_untracked().is_some() {
            q(k).unwrap_or_else(|| stored.to_owned())
        } else {
            stored.to_owned()
        }
    };
    // someone else saved first: the page shows their version (the stored
    // one), keeps what was typed, and saving again replaces theirs, knowingly
    let theirs = (for_me && matches!(error.get_untracked(), Some(AppError::Conflict)) && sid != 0)
        .then(|| s.clone());
    let saved = for_me && sid != 0 && q("notice").as_deref() == Some("saved");
    let _ = (&delete, added);
    let prefix = if sid == 0 {
        "new".to_owned()
    } else {
        sid.to_string()
    };
    let editor_id = format!("edit-session-{prefix}");
    let f = move |name: &str| format!("s{prefix}-{name}");
    view! {
        <div class="session-editor" id=editor_id data-session=sid>
            <ActionForm action attr:novalidate=true attr:class="session-form">
                <FormAlert error=Signal::derive(move || error.get().filter(|e| !matches!(e, AppError::Conflict))) />
                {theirs.map(|c| view! {
                    <div class="alert conflict" role="alert">
                        <p>{t(Msg::SessionConflict)}</p>
                        <p class="theirs"><strong>{t(Msg::TheirVersion)}</strong>" "{c.starts_local.replace('T', " ")}" – "{c.ends_local.replace('T', " ")}" · "{c.title.clone()}
                            {(!c.room.is_empty()).then(|| format!(" · {}", c.room))}</p>
                        <p>{t(Msg::YourVersionKept)}</p>
                    </div>
                })}
                {saved.then(|| view! { <p class="notice" role="status">{t(Msg::Saved)}</p> })}
                <input type="hidden" name="form[event_id]" value=event_id />
                <input type="hidden" name="form[session_id]" value=sid />
                <input type="hidden" name="form[version]" value=s.version />
                <div class="row">
                    <div class="field grow">
                        <label for=f("title")>{t(Msg::EventFieldTitle)}</label>
                        <input id=f("title") name="form[title]" value=typed("title", &s.title) maxlength="160" aria-describedby=f("title-error") />
                        <SessionError id=f("title-error") name="title" error />
                    </div>
                    <div class="field">
                        <label for=f("starts")>{t(Msg::EventFieldStarts)}</label>
                        <input id=f("starts") type="datetime-local" name="form[starts]" value=typed("starts", &s.starts_local) aria-describedby=f("starts-error") />
                        <SessionError id=f("starts-error") name="starts" error />
                    </div>
                    <div class="field">
                        <label for=f("ends")>{t(Msg::EventFieldEnds)}</label>
                        <input id=f("ends") type="datetime-local" name="form[ends]" value=typed("ends", &s.ends_local) aria-describedby=f("ends-error") />
                        <SessionError id=f("ends-error") name="ends" error />
                    </div>
                    <div class="field">
                        <label for=f("room")>{t(Msg::SessionRoom)}</label>
                        <input id=f("room") name="form[room]" value=typed("room", &s.room) maxlength="120" />
                    </div>
                </div>
                <div class="field">
                    <label for=f("description")>{t(Msg::EventFieldSummary)}</label>
                    <TextArea value=typed("description", &s.description) {..} id=f("description") name="form[description]" rows="2" />
                </div>
                {(!speakers.is_empty()).then(|| view! {
                    <fieldset class="choices">
                        <legend>{t(Msg::SpeakersTitle)}</legend>
                        <div class="grid">
                            {speakers.iter().enumerate().map(|(i, sp)| {
                                let id = format!("{}-{}", f("sp"), sp.id);
                                let checked = s.speakers.iter().any(|x| x.id == sp.id);
                                view! {
                                    <label for=id.clone() class="check">
                                        <input type="checkbox" id=id.clone() name=format!("form[speakers][{i}]") value=sp.id checked=checked />
                                        {sp.name.clone()}
                                    </label>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                })}
                <button type="submit" class="button small">{if sid == 0 { t(Msg::SessionAdd) } else { t(Msg::SaveChanges) }}</button>
            </ActionForm>
            {(sid != 0).then(|| view! {
                <ActionForm action=delete attr:class="inline">
                    <input type="hidden" name="event_id" value=event_id />
                    <input type="hidden" name="session_id" value=sid />
                    <input type="hidden" name="version" value=s.version />
                    <button type="submit" class="button small secondary">{t(Msg::SessionDelete)}</button>
                    <span class="error" aria-live="polite">{move || delete.value().get().and_then(|r| r.err()).map(|e| e.message(locale))}</span>
                </ActionForm>
            })}
        </div>
    }
}

/// A session field's error, with an id of its own (several sessions share a page).
#[component]
fn SessionError(id: String, name: &'static str, error: Signal<Option<AppError>>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <p class="error" id=id aria-live="polite">
            {move || error.get().filter(|e| e.field() == Some(name)).map(|e| e.message(locale))}
        </p>
    }
}

#[component]
fn Speakers(id: i64, speakers: Vec<SpeakerView>) -> impl IntoView {
    let add = ServerAction::<AddSpeaker>::new();
    let del = ServerAction::<DeleteSpeaker>::new();
    let error = action_error(add);
    view! {
        <section id="speakers">
            <h2>{t(Msg::SpeakersTitle)}</h2>
            <ul class="plain">
                {speakers.into_iter().map(|sp| view! {
                    <li>
                        <strong>{sp.name.clone()}</strong>{(!sp.title.is_empty()).then(|| format!(" · {}", sp.title))}
                        <ActionForm action=del attr:class="inline">
                            <input type="hidden" name="event_id" value=id />
                            <input type="hidden" name="speaker_id" value=sp.id />
                            <button type="submit" class="button small secondary">{t(Msg::Remove)}</button>
                        </ActionForm>
                    </li>
                }).collect_view()}
            </ul>
            <h3>{t(Msg::SpeakerAdd)}</h3>
            <ActionForm action=add attr:novalidate=true>
                <FormAlert error />
                <input type="hidden" name="form[event_id]" value=id />
                <div class="field">
                    <label for="f-member">{t(Msg::SpeakerMember)}</label>
                    <p class="hint" id="f-member-hint">{t(Msg::SpeakerMemberHint)}</p>
                    <input id="f-member" name="form[member]" aria-describedby="f-member-hint f-member-error" />
                    <FieldError name="member" error />
                </div>
                <div class="field">
                    <label for="f-sp-name">{t(Msg::CsvName)}</label>
                    <input id="f-sp-name" name="form[name]" maxlength="120" aria-describedby="f-name-error" />
                    <FieldError name="name" error />
                </div>
                <div class="field">
                    <label for="f-sp-title">{t(Msg::FieldJobTitle)}</label>
                    <input id="f-sp-title" name="form[title]" maxlength="160" />
                </div>
                <div class="field">
                    <label for="f-sp-bio">{t(Msg::FieldBio)}</label>
                    <TextArea {..} id="f-sp-bio" name="form[bio]" rows="3" />
                </div>
                <button type="submit" class="button small">{t(Msg::SpeakerAdd)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Organizers(id: i64, ed: EventEditor) -> impl IntoView {
    let add = ServerAction::<AddOrganizer>::new();
    let remove = ServerAction::<RemoveOrganizer>::new();
    let error = action_error(add);
    let owner = ed.is_owner;
    view! {
        <section id="organizers">
            <h2>{t(Msg::EventOrganizers)}</h2>
            <ul class="plain">
                {ed.organizers.into_iter().map(|o| view! {
                    <li>
                        {o.name.clone()}{o.is_owner.then(|| view! { " "<span class="badge">{t(Msg::Owner)}</span> })}
                        {(owner && !o.is_owner).then(|| view! {
                            <ActionForm action=remove attr:class="inline">
                                <input type="hidden" name="event_id" value=id />
                                <input type="hidden" name="user_id" value=o.id />
                                <button type="submit" class="button small secondary">{t(Msg::Remove)}</button>
                            </ActionForm>
                        })}
                    </li>
                }).collect_view()}
            </ul>
            {owner.then(|| view! {
                <ActionForm action=add attr:novalidate=true>
                    <FormAlert error />
                    <input type="hidden" name="event_id" value=id />
                    <div class="field">
                        <label for="f-org-email">{t(Msg::OrganizerAddEmail)}</label>
                        <input id="f-org-email" type="email" name="email" autocomplete="off" aria-describedby="f-email-error" />
                        <FieldError name="email" error />
                    </div>
                    <button type="submit" class="button small">{t(Msg::OrganizerAdd)}</button>
                </ActionForm>
            })}
        </section>
    }
}

#[component]
fn Attendees(id: i64, ed: EventEditor) -> impl IntoView {
    let locale = use_locale();
    let message = ServerAction::<MessageAttendees>::new();
    let error = action_error(message);
    let csv = format!("/events/{id}/attendees.csv");
    let count = ed.attendees.len();
    view! {
        <section id="attendees">
            <h2>{t(Msg::Attendees)}" ("{count}")"</h2>
            <p><a href=csv download>{t(Msg::ExportCsv)}</a></p>
            {(count > 0).then(|| view! {
                <div class="table-wrap">
                    <table>
                        <thead><tr><th scope="col">{t(Msg::CsvName)}</th><th scope="col">{t(Msg::CsvEmail)}</th><th scope="col">{t(Msg::CsvSeat)}</th><th scope="col">{t(Msg::CsvOrganisation)}</th></tr></thead>
                        <tbody>
                            {ed.attendees.iter().map(|a| {
                                let seat = if a.seat == "waitlisted" { Msg::SeatWaitlisted } else { Msg::SeatRegistered };
                                view! { <tr><td>{a.name.clone()}</td><td>{a.email.clone()}</td><td>{t(seat)}</td><td>{a.organisation.clone()}</td></tr> }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            <h3>{t(Msg::MessageAttendeesTitle)}</h3>
            <ActionForm action=message attr:novalidate=true>
                <FormAlert error />
                {move || message.value().get().and_then(|r| r.ok()).map(|n| view! {
                    <p class="notice" role="status">{Msg::MessageSentTo.fill(locale, &[("count", &n.to_string())])}</p>
                })}
                <input type="hidden" name="event_id" value=id />
                <div class="field">
                    <label for="f-subject">{t(Msg::MessageSubject)}</label>
                    <input id="f-subject" name="subject" maxlength="150" aria-describedby="f-subject-error" />
                    <FieldError name="subject" error />
                </div>
                <div class="field">
                    <label for="f-body">{t(Msg::MessageBody)}</label>
                    <TextArea {..} id="f-body" name="body" rows="5" aria-describedby="f-body-error" />
                    <FieldError name="body" error />
                </div>
                <button type="submit" class="button small">{t(Msg::MessageSend)}</button>
            </ActionForm>
        </section>
    }
}
