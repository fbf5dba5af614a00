//! The profile form.

use super::NetworkNav;
use crate::domain::profile::{Sector, Visibility, LANGUAGES};
use crate::i18n::Msg;
use crate::server_fns::network::{my_profile, SaveProfile};
use crate::ui::components::form::{action_error, FormAlert, Notice, TextArea};
use crate::ui::components::form::{CityField, FieldError, ThemeBoxes};
use crate::ui::components::people::Avatar;
use crate::ui::i18n::{t, use_locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

pub(crate) fn field_label(field: &str) -> Msg {
    match field {
        "photo" => Msg::FieldPhoto,
        "job_title" => Msg::FieldJobTitle,
        "organisation" => Msg::FieldOrganisation,
        "sector" => Msg::FieldSector,
        "city_id" => Msg::FieldCity,
        "languages" => Msg::FieldLanguages,
        "interests" => Msg::FieldInterests,
        "bio" => Msg::FieldBio,
        _ => Msg::FieldOffer,
    }
}

/// Edit one's own profile: photo, facts, themes, bio, visibility; the
/// completeness bar says what would make the member easier to find.
#[component]
pub fn ProfileEditPage() -> impl IntoView {
    let locale = use_locale();
    let data = Resource::new(|| (), |_| my_profile());
    let action = ServerAction::<SaveProfile>::new();
    let error = action_error(action);
    let query = use_query_map();
    let notice = Memo::new(move |_| query.read().get("notice"));
    let photo_error = Memo::new(move |_| {
        query.read().get("photo_error").and_then(|key| {
            [
                Msg::ErrPhotoType,
                Msg::ErrPhotoTooLarge,
                Msg::ErrPhotoUnreadable,
                Msg::ErrPhotoDimensions,
                Msg::ErrPhotoMissing,
                Msg::ErrRateLimited,
            ]
            .into_iter()
            .find(|m| format!("{m:?}") == key)
        })
    });
    view! {
        <Title text=t(Msg::MyProfile) />
        <section class="page">
            <h1>{t(Msg::MyProfile)}</h1>
            <NetworkNav current="/account/profile" />
            {move || match notice.get().as_deref() {
                Some("saved") => Some(view! { <Notice msg=Msg::ProfileSaved /> }.into_any()),
                Some("photo") => Some(view! { <Notice msg=Msg::PhotoSaved /> }.into_any()),
                _ => None,
            }}
            <Transition fallback=|| view! { <p class="loading">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let ed = match data.await {
                        Ok(ed) => ed,
                        Err(e) => {
                            return view! {
                                <p class="alert" role="alert">{e.message(locale)}</p>
                                <p><a class="button" href="/account/sign-in?next=/account/profile">{t(Msg::NavSignIn)}</a></p>
                            }.into_any();
                        }
                    };
                    let f = ed.form.clone();
                    let typed = move |k: &str, stored: &str| query.read_untracked().get(k).unwrap_or_else(|| stored.to_owned());
                    let max_mb = 5;
                    let photo_msg = move || photo_error.get().map(|m| {
                        if m == Msg::ErrPhotoTooLarge { m.fill(locale, &[("megabytes", &max_mb.to_string())]) } else { m.text(locale).to_owned() }
                    });
                    let profile_href = format!("/people/{}", ed.id);
                    view! {
                        <div class="completeness">
                            <label for="completeness">{Msg::ProfileCompleteness.fill(locale, &[("percent", &ed.completeness.to_string())])}</label>
                            <progress id="completeness" max="100" value=ed.completeness.to_string()>{ed.completeness}"%"</progress>
                            {(!ed.missing.is_empty()).then(|| view! {
                                <p class="hint">{t(Msg::ProfileMissing)}" "
                                    {ed.missing.iter().map(|m| t(field_label(m))).collect::<Vec<_>>().join(", ")}
                                </p>
                            })}
                            <p><a href=profile_href>{t(Msg::ViewMyProfile)}</a></p>
                        </div>

                        <form class="photo-form" method="post" action="/account/photo" enctype="multipart/form-data">
                            <h2>{t(Msg::FieldPhoto)}</h2>
                            <div class="photo-row">
                                <Avatar name=ed.name.clone() url=ed.photo_url.clone() class="avatar large" />
                                <div class="field" class:invalid=move || photo_error.get().is_some()>
                                    <label for="f-photo">{t(Msg::PhotoChoose)}</label>
                                    <p class="hint" id="f-photo-hint">{t(Msg::PhotoHint)}</p>
                                    <input id="f-photo" type="file" name="photo" accept="image/jpeg,image/png,image/webp"
                                        aria-describedby="f-photo-hint f-photo-error" aria-invalid=move || photo_error.get().map(|_| "true") />
                                    <p class="error" id="f-photo-error" aria-live="polite">{photo_msg}</p>
                                    <div class="actions">
                                        <button type="submit" class="button">{t(Msg::PhotoUpload)}</button>
                                        {ed.photo_url.is_some().then(|| view! {
                                            <button type="submit" class="button secondary" name="remove" value="1">{t(Msg::PhotoRemove)}</button>
                                        })}
                                    </div>
                                </div>
                            </div>
                        </form>

                        <ActionForm action attr:novalidate=true attr:class="profile-form">
                            <FormAlert error />
                            <div class="field">
                                <label for="f-job_title">{t(Msg::FieldJobTitle)}</label>
                                <input id="f-job_title" name="form[job_title]" maxlength="120" value=typed("job_title", &f.job_title) aria-describedby="f-job_title-error" />
                                <FieldError name="job_title" error />
                            </div>
                            <div class="field">
                                <label for="f-organisation">{t(Msg::FieldOrganisation)}</label>
                                <input id="f-organisation" name="form[organisation]" maxlength="160" value=typed("organisation", &f.organisation) aria-describedby="f-organisation-error" />
                                <FieldError name="organisation" error />
                            </div>
                            <div class="field">
                                <label for="f-sector">{t(Msg::FieldSector)}</label>
                                <select id="f-sector" name="form[sector]">
                                    <option value="" selected=f.sector.is_empty()>{t(Msg::ChooseNone)}</option>
                                    {Sector::ALL.iter().map(|s| view! {
                                        <option value=s.as_str() selected=f.sector == s.as_str()>{t(s.label())}</option>
                                    }).collect_view()}
                                </select>
                                <FieldError name="sector" error />
                            </div>
                            <CityField city_id=f.city_id.clone() label=ed.city_label.clone() error />
                            <fieldset class="choices" id="f-languages">
                                <legend>{t(Msg::FieldLanguages)}</legend>
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
                            <ThemeBoxes group="interests" legend=Msg::FieldInterests themes=ed.themes.clone() picked=f.interests.clone() error />
                            <div class="field">
                                <label for="f-bio">{t(Msg::FieldBio)}</label>
                                <p class="hint" id="f-bio-hint">{t(Msg::BioHint)}</p>
                                <TextArea value={typed("bio", &f.bio)} {..} id="f-bio" name="form[bio]" rows="6" maxlength="4000" aria-describedby="f-bio-hint f-bio-error" />
                                <FieldError name="bio" error />
                            </div>
                            <ThemeBoxes group="offer_themes" legend=Msg::FieldOfferThemes themes=ed.themes.clone() picked=f.offer_themes.clone() error />
                            <div class="field">
                                <label for="f-offer">{t(Msg::FieldOffer)}</label>
                                <TextArea value={f.offer.clone()} {..} id="f-offer" name="form[offer]" rows="3" maxlength="1000" aria-describedby="f-offer-error" />
                                <FieldError name="offer" error />
                            </div>
                            <ThemeBoxes group="seek_themes" legend=Msg::FieldSeekThemes themes=ed.themes.clone() picked=f.seek_themes.clone() error />
                            <div class="field">
                                <label for="f-seek">{t(Msg::FieldSeek)}</label>
                                <TextArea value={f.seek.clone()} {..} id="f-seek" name="form[seek]" rows="3" maxlength="1000" aria-describedby="f-seek-error" />
                                <FieldError name="seek" error />
                            </div>
                            <div class="field">
                                <label for="f-links">{t(Msg::FieldLinks)}</label>
                                <p class="hint" id="f-links-hint">{t(Msg::LinksHint)}</p>
                                <TextArea value={typed("links", &f.links)} {..} id="f-links" name="form[links]" rows="3" aria-describedby="f-links-hint f-links-error" />
                                <FieldError name="links" error />
                            </div>
                            <fieldset class="choices" id="f-visibility">
                                <legend>{t(Msg::FieldVisibility)}</legend>
                                {Visibility::ALL.iter().map(|v| {
                                    let id = format!("f-vis-{}", v.as_str());
                                    view! {
                                        <label for=id.clone() class="check">
                                            <input type="radio" id=id.clone() name="form[visibility]" value=v.as_str() checked=f.visibility == v.as_str() />
                                            {t(v.label())}
                                        </label>
                                    }
                                }).collect_view()}
                                <p class="hint">{t(Msg::EmailNeverShown)}</p>
                                <FieldError name="visibility" error />
                            </fieldset>
                            <button type="submit" class="button" disabled=move || action.pending().get()>{t(Msg::SaveProfile)}</button>
                        </ActionForm>
                    }.into_any()
                })}
            </Transition>
        </section>
    }
}
