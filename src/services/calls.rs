//! Calls for cities: staff write and run them, visitors read them.
//! Applications are in `applications`, review and selection in `reviews`.

use super::labels::theme_name;
use super::markdown::to_safe_html;
use super::numbers::group_digits;
use super::time::{self, zone};
use super::Ctx;
use crate::domain::call::{
    field_of, items_to_lines, locale_index, CallDraft, CallForm, CallStatus, CallTexts,
};
use crate::domain::Locale;
use crate::dto::{
    CallEditor, CallPage, CallSummary, CallsPage, Choice, Moment, MyApplication, SelectedCity,
    ThemeWithSdgs,
};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::store::calls::{CallRecord, CallWrite, MemberRole, Transition};
use crate::store::{ThemeRow, UserRecord};

/// Whether this member runs the programme.
pub fn is_staff(user: Option<&UserRecord>) -> bool {
    user.is_some_and(|u| u.role.can_run_programme())
}

pub(crate) fn require_staff(user: &UserRecord) -> Result<(), AppError> {
    if user.role.can_run_programme() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The call's texts in the reader's language, or in the call's own
/// language with a note saying so.
pub(crate) fn texts_for(call: &CallRecord, locale: Locale) -> (CallTexts, Option<String>) {
    let pick = |l: Locale| call.w.texts.iter().find(|(tl, _)| *tl == l);
    match pick(locale) {
        Some((_, t)) => (t.clone(), None),
        None => {
            let (l, t) = pick(call.w.language)
                .or(call.w.texts.first())
                .cloned()
                .unwrap_or((call.w.language, CallTexts::default()));
            let lang = match l {
                Locale::En => Msg::LanguageEn,
                Locale::Fr => Msg::LanguageFr,
                Locale::Es => Msg::LanguageEs,
            };
            (
                t,
                Some(Msg::CallOnlyIn.fill(locale, &[("language", lang.text(locale))])),
            )
        }
    }
}

/// An instant for one reader: their zone first, the call's beside it, and
/// how long is left.
pub(crate) fn moment(
    locale: Locale,
    ts: i64,
    call_zone: &str,
    reader: Option<&str>,
    now: i64,
) -> Moment {
    let cz = zone(call_zone).unwrap_or(chrono_tz::UTC);
    let rz = time::reader_zone(reader, cz);
    let differs = rz != cz && time::offset_at(ts, rz) != time::offset_at(ts, cz);
    Moment {
        main: format!("{} ({})", time::instant(locale, ts, rz), rz.name()),
        call: differs.then(|| format!("{} ({})", time::instant(locale, ts, cz), cz.name())),
        countdown: countdown(locale, ts - now),
        iso: time::rfc3339(ts),
    }
}

/// "3 days left", "5 hours left", "12 minutes left", or "closed".
pub fn countdown(locale: Locale, secs: i64) -> String {
    if secs < 0 {
        return Msg::CountdownOver.text(locale).to_owned();
    }
    let (n, msg) = if secs >= 2 * 86_400 {
        (secs / 86_400, Msg::CountdownDays)
    } else if secs >= 2 * 3600 {
        (secs / 3600, Msg::CountdownHours)
    } else {
        ((secs / 60).max(1), Msg::CountdownMinutes)
    };
    msg.fill(locale, &[("n", &n.to_string())])
}

pub(crate) fn status_label(s: CallStatus, locale: Locale) -> String {
    s.label().text(locale).to_owned()
}

pub(crate) async fn summary(
    ctx: &Ctx,
    call: &CallRecord,
    locale: Locale,
    reader: Option<&str>,
) -> Result<CallSummary, AppError> {
    let now = ctx.now();
    let (texts, note) = texts_for(call, locale);
    let names = ctx.store.country_names(&call.w.countries).await?;
    let mut countries: Vec<String> = call
        .w
        .countries
        .iter()
        .map(|c| {
            names
                .iter()
                .find(|(code, _)| code == c)
                .map_or_else(|| c.clone(), |(_, n)| n.clone())
        })
        .collect();
    countries.sort();
    Ok(CallSummary {
        id: call.id,
        title: texts.title,
        status: call.status,
        status_label: status_label(call.status, locale),
        opens: moment(locale, call.w.opens_at, &call.w.zone, reader, now),
        deadline: moment(locale, call.w.deadline_at, &call.w.zone, reader, now),
        countries: countries.join(", "),
        language_note: note,
    })
}

/// Whether the call takes submissions now: open, opened, deadline not passed.
pub fn accepting(call: &CallRecord, now: i64) -> bool {
    call.status == CallStatus::Open
        && now >= call.w.opens_at
        && crate::domain::call::on_time(now, call.w.deadline_at)
}

/// `/pairings`: open, upcoming and past calls; drafts for staff; the
/// reader's own applications and reviews.
pub async fn list(
    ctx: &Ctx,
    user: Option<&UserRecord>,
    locale: Locale,
    reader: Option<&str>,
) -> Result<CallsPage, AppError> {
    let now = ctx.now();
    let staff = is_staff(user);
    let mut page = CallsPage {
        open: Vec::new(),
        upcoming: Vec::new(),
        past: Vec::new(),
        drafts: Vec::new(),
        can_manage: staff,
        my_applications: Vec::new(),
        my_reviews: 0,
    };
    let calls = ctx.store.calls().await?;
    for call in &calls {
        let s = summary(ctx, call, locale, reader).await?;
        match call.status {
            CallStatus::Draft if staff => page.drafts.push(s),
            CallStatus::Draft => {}
            CallStatus::Open if now < call.w.opens_at => page.upcoming.push(s),
            CallStatus::Open if now <= call.w.deadline_at => page.open.push(s),
            _ => page.past.push(s),
        }
    }
    // soonest deadline first for what is still to come
    page.open.reverse();
    page.upcoming.reverse();
    if let Some(u) = user {
        for a in ctx.store.applications_of_member(u.id.0).await? {
            let Some(call) = calls.iter().find(|c| c.id == a.call_id) else {
                continue;
            };
            let city = ctx
                .store
                .city_by_id(a.city_id)
                .await?
                .map(|c| c.city.name)
                .unwrap_or_default();
            page.my_applications.push(MyApplication {
                id: a.id,
                reference: a.reference.clone(),
                call_title: texts_for(call, locale).0.title,
                city,
                status_label: a.status.label().text(locale).to_owned(),
                waiting: a.role_of(u.id.0) == Some(MemberRole::Asking),
            });
        }
        page.my_reviews = ctx
            .store
            .reviews_by(u.id.0)
            .await?
            .iter()
            .filter(|r| r.status == crate::domain::call::ReviewStatus::Assigned)
            .count();
    }
    Ok(page)
}

/// A call as visitors read it. Drafts are for staff only.
pub async fn page(
    ctx: &Ctx,
    user: Option<&UserRecord>,
    id: i64,
    locale: Locale,
    reader: Option<&str>,
) -> Result<CallPage, AppError> {
    let call = ctx.store.call(id).await?.ok_or(AppError::NotFound)?;
    let staff = is_staff(user);
    if !call.status.is_public() && !staff {
        return Err(AppError::NotFound);
    }
    let (texts, _) = texts_for(&call, locale);
    let themes = ctx.store.themes().await?;
    let sdgs = ctx.store.sdgs().await?;
    let theme_views = call
        .w
        .themes
        .iter()
        .filter_map(|t| themes.iter().find(|r| &r.id == t))
        .map(|t| ThemeWithSdgs {
            name: theme_name(t, locale),
            sdgs: t
                .sdgs
                .iter()
                .map(|n| {
                    let name = sdgs
                        .iter()
                        .find(|s| s.number == *n)
                        .map(|s| s.names[locale_index(locale)].clone())
                        .unwrap_or_default();
                    Msg::SdgNumbered.fill(locale, &[("number", &n.to_string()), ("name", &name)])
                })
                .collect::<Vec<_>>()
                .join(" · "),
        })
        .collect();
    let mut selected = Vec::new();
    if call.status == CallStatus::Decided && call.announced_at.is_some() {
        for a in ctx.store.applications_of_call(id).await? {
            if a.decision != Some(crate::domain::call::Decision::Selected) {
                continue;
            }
            let Some(c) = ctx.store.city_by_id(a.city_id).await? else {
                continue;
            };
            selected.push(SelectedCity {
                city: c.city.name,
                country: c.country_name,
                themes: theme_names(&a.answers.priorities, &themes, locale),
            });
        }
        selected.sort_by(|a, b| (&a.country, &a.city).cmp(&(&b.country, &b.city)));
    }
    let can_review = match user {
        Some(u) => ctx.store.call_reviewers(id).await?.contains(&u.id.0),
        None => false,
    };
    Ok(CallPage {
        summary: summary(ctx, &call, locale, reader).await?,
        background_html: to_safe_html(&texts.background),
        commitments_html: to_safe_html(&texts.commitments),
        eligibility_html: to_safe_html(&texts.eligibility),
        min_population: group_digits(call.w.min_population, locale),
        themes: theme_views,
        questions: call
            .w
            .questions
            .iter()
            .map(|q| q.text(locale).to_owned())
            .collect(),
        criteria: call
            .w
            .criteria
            .iter()
            .map(|c| format!("{} (×{})", c.text(locale), c.weight))
            .collect(),
        accepting: accepting(&call, ctx.now()),
        selected,
        can_manage: staff,
        can_review,
        signed_in: user.is_some(),
        documents: documents_of(ctx, id, locale).await?,
    })
}

pub(crate) fn theme_names(ids: &[String], themes: &[ThemeRow], locale: Locale) -> String {
    ids.iter()
        .filter_map(|t| themes.iter().find(|r| &r.id == t))
        .map(|t| theme_name(t, locale))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn theme_choices(themes: &[ThemeRow], locale: Locale) -> Vec<Choice> {
    themes
        .iter()
        .map(|t| Choice {
            value: t.id.clone(),
            label: theme_name(t, locale),
        })
        .collect()
}

/// The call form, empty for a new call or filled from the stored one.
pub async fn editor(
    ctx: &Ctx,
    user: &UserRecord,
    id: Option<i64>,
    locale: Locale,
) -> Result<CallEditor, AppError> {
    require_staff(user)?;
    let themes = ctx.store.themes().await?;
    let Some(id) = id else {
        return Ok(CallEditor {
            id: None,
            version: 0,
            status: None,
            form: CallForm {
                language: locale.code().to_owned(),
                zone: "America/Toronto".to_owned(),
                countries: "CA, MX, US".to_owned(),
                min_population: crate::domain::call::DEFAULT_MIN_POPULATION.to_string(),
                criteria: default_criteria(),
                title: vec![String::new(); 3],
                background: vec![String::new(); 3],
                commitments: vec![String::new(); 3],
                eligibility: vec![String::new(); 3],
                ..CallForm::default()
            },
            themes: theme_choices(&themes, locale),
            next: Vec::new(),
            documents: Vec::new(),
        });
    };
    let call = ctx.store.call(id).await?.ok_or(AppError::NotFound)?;
    let tz = zone(&call.w.zone).unwrap_or(chrono_tz::UTC);
    let three = vec![String::new(); 3];
    let mut form = CallForm {
        title: three.clone(),
        background: three.clone(),
        commitments: three.clone(),
        eligibility: three,
        language: call.w.language.code().to_owned(),
        zone: call.w.zone.clone(),
        opens: time::to_local(call.w.opens_at, tz).input_value(),
        deadline: time::to_local(call.w.deadline_at, tz).input_value(),
        countries: call.w.countries.join(", "),
        min_population: call.w.min_population.to_string(),
        themes: call.w.themes.clone(),
        criteria: items_to_lines(&call.w.criteria, true),
        questions: items_to_lines(&call.w.questions, false),
    };
    for (l, t) in &call.w.texts {
        let i = locale_index(*l);
        form.title[i] = t.title.clone();
        form.background[i] = t.background.clone();
        form.commitments[i] = t.commitments.clone();
        form.eligibility[i] = t.eligibility.clone();
    }
    Ok(CallEditor {
        id: Some(id),
        version: call.version,
        status: Some(call.status),
        form,
        themes: theme_choices(&themes, locale),
        next: CallStatus::ALL
            .iter()
            .filter(|s| call.status.can_become(**s))
            .map(|s| {
                (
                    *s,
                    Msg::CallMoveTo.fill(locale, &[("state", s.label().text(locale))]),
                )
            })
            .collect(),
        documents: documents_of(ctx, id, locale).await?,
    })
}

fn default_criteria() -> String {
    [
        "3 | Motivation and fit with the programme | Motivation et adéquation avec le programme | Motivación y adecuación al programa",
        "2 | Clarity of the city's challenges and priorities | Clarté des défis et priorités de la ville | Claridad de los retos y prioridades de la ciudad",
        "2 | Resources committed for 18 months | Ressources engagées pour 18 mois | Recursos comprometidos para 18 meses",
        "1 | Experience with international cooperation | Expérience de la coopération internationale | Experiencia en cooperación internacional",
    ]
    .join("\n")
}

/// Checks the form against what only the store knows (themes, the zone's
/// clock changes) and turns wall-clock times into instants.
async fn to_write(ctx: &Ctx, d: CallDraft) -> Result<CallWrite, AppError> {
    let tz = zone(&d.zone).ok_or(AppError::validation("zone", Msg::ErrTimeZone))?;
    let opens_at = time::to_instant(d.opens, tz).map_err(|m| AppError::validation("opens", m))?;
    let deadline_at =
        time::to_instant(d.deadline, tz).map_err(|m| AppError::validation("deadline", m))?;
    let known = ctx.store.themes().await?;
    if d.themes.iter().any(|t| !known.iter().any(|k| &k.id == t)) {
        return Err(AppError::validation("themes", Msg::ErrThemeUnknown));
    }
    let names = ctx.store.country_names(&d.countries).await?;
    if names.len() != d.countries.len() {
        return Err(AppError::validation("countries", Msg::ErrCountryCodes));
    }
    Ok(CallWrite {
        language: d.language,
        zone: tz.name().to_owned(),
        opens_at,
        deadline_at,
        countries: d.countries,
        min_population: d.min_population,
        themes: d.themes,
        texts: d.texts,
        criteria: d.criteria,
        questions: d.questions,
    })
}

/// Creates a call (as a draft) or saves one over the version the editor
/// loaded. Returns its id.
pub async fn save(
    ctx: &Ctx,
    user: &UserRecord,
    id: Option<i64>,
    version: i64,
    form: &CallForm,
) -> Result<i64, AppError> {
    require_staff(user)?;
    let draft = form
        .validate()
        .map_err(|e| AppError::validation(e.field, e.msg))?;
    let w = to_write(ctx, draft).await?;
    let now = ctx.now();
    match id {
        None => Ok(ctx.store.create_call(&w, user.id, now).await?),
        Some(id) => {
            let call = ctx.store.call(id).await?.ok_or(AppError::NotFound)?;
            if call.status == CallStatus::Decided {
                return Err(AppError::Refused(Msg::ErrCallDecided));
            }
            if ctx.store.update_call(id, version, &w, now).await? {
                Ok(id)
            } else {
                Err(AppError::Conflict)
            }
        }
    }
}

/// Moves a call to another state. Going back to draft is refused once a
/// city has applied; closing is the staff's, deciding goes through
/// `reviews::announce`.
pub async fn set_status(ctx: &Ctx, user: &UserRecord, id: i64, to: &str) -> Result<(), AppError> {
    require_staff(user)?;
    let to = CallStatus::parse(to).map_err(|e| AppError::validation(e.field, e.msg))?;
    let call = ctx.store.call(id).await?.ok_or(AppError::NotFound)?;
    if !call.status.can_become(to) || to == CallStatus::Decided {
        return Err(AppError::Refused(Msg::ErrStatusChange));
    }
    if to == CallStatus::Draft && !ctx.store.applications_of_call(id).await?.is_empty() {
        return Err(AppError::Refused(Msg::ErrCallHasApplications));
    }
    let done = ctx
        .store
        .set_call_status(
            id,
            &Transition {
                actor: Some(user.id),
                from: call.status.as_str(),
                to: to.as_str(),
                note: "",
                now: ctx.now(),
            },
        )
        .await?;
    if done {
        Ok(())
    } else {
        Err(AppError::Conflict)
    }
}

/// The field of the call form in a given language, for error placement.
pub fn text_field(base: &'static str, locale: Locale) -> &'static str {
    field_of(base, locale_index(locale))
}

/// Largest call document (a guide, an FAQ), in bytes.
pub const MAX_DOCUMENT_BYTES: usize = 20 * 1024 * 1024;

/// The call's documents, the reader's language first.
async fn documents_of(
    ctx: &Ctx,
    call_id: i64,
    locale: Locale,
) -> Result<Vec<crate::dto::CallDocumentView>, AppError> {
    let docs = ctx.store.call_documents(call_id).await?;
    let codes: Vec<String> = docs
        .iter()
        .filter(|d| !d.country.is_empty())
        .map(|d| d.country.clone())
        .collect();
    let names = ctx.store.country_names(&codes).await?;
    let mut out: Vec<crate::dto::CallDocumentView> = docs
        .into_iter()
        .map(|d| crate::dto::CallDocumentView {
            id: d.id,
            href: format!("/pairings/calls/{call_id}/documents/{}", d.id),
            language: Locale::from_code(&d.language)
                .map(|l| l.native_name().to_owned())
                .unwrap_or_default(),
            country: names
                .iter()
                .find(|(c, _)| *c == d.country)
                .map(|(_, n)| n.clone())
                .unwrap_or_default(),
            size: super::numbers::human_size(d.bytes, locale),
            title: d.title,
        })
        .collect();
    let mine = Locale::native_name(locale);
    out.sort_by_key(|d| d.language != mine);
    Ok(out)
}

/// Staff attach a PDF (already checked by content and size) to a call.
#[allow(clippy::too_many_arguments)]
pub async fn attach_document(
    ctx: &Ctx,
    user: &UserRecord,
    call_id: i64,
    language: &str,
    country: &str,
    title: &str,
    stored_as: &str,
    bytes: i64,
) -> Result<i64, AppError> {
    require_staff(user)?;
    ctx.store.call(call_id).await?.ok_or(AppError::NotFound)?;
    let language = Locale::from_code(language)
        .filter(|_| language.trim().len() == 2)
        .ok_or(AppError::validation("language", Msg::ErrChoice))?;
    let country = country.trim().to_ascii_uppercase();
    if !country.is_empty()
        && ctx
            .store
            .country_names(std::slice::from_ref(&country))
            .await?
            .is_empty()
    {
        return Err(AppError::validation("country", Msg::ErrCountryCodes));
    }
    let title = crate::domain::profile::one_line("title", title, 160)
        .map_err(|e| AppError::validation(e.field, e.msg))?;
    if title.is_empty() {
        return Err(AppError::validation("title", Msg::ErrRequired));
    }
    Ok(ctx
        .store
        .add_call_document(&crate::store::calls::CallDocument {
            id: 0,
            call_id,
            language: language.code().to_owned(),
            country,
            name: format!("{title}.pdf"),
            title,
            stored_as: stored_as.to_owned(),
            bytes,
            created_at: ctx.now(),
        })
        .await?)
}

/// Removes a call's document; returns its stored name for the caller to
/// delete the file.
pub async fn remove_document(
    ctx: &Ctx,
    user: &UserRecord,
    call_id: i64,
    id: i64,
) -> Result<String, AppError> {
    require_staff(user)?;
    Ok(ctx
        .store
        .remove_call_document(call_id, id)
        .await?
        .ok_or(AppError::NotFound)?
        .stored_as)
}

/// A call's document for download: anyone once the call is public.
pub async fn document_for(
    ctx: &Ctx,
    user: Option<&UserRecord>,
    call_id: i64,
    id: i64,
) -> Result<crate::store::calls::CallDocument, AppError> {
    let call = ctx.store.call(call_id).await?.ok_or(AppError::NotFound)?;
    if !call.status.is_public() && !is_staff(user) {
        return Err(AppError::NotFound);
    }
    ctx.store
        .call_documents(call_id)
        .await?
        .into_iter()
        .find(|d| d.id == id)
        .ok_or(AppError::NotFound)
}
