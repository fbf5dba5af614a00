//! Applying for a city: the eligibility check, one application per city per
//! call (others of the city ask to join), the multi-step draft saved on the
//! server, submission before the deadline by the server's clock,
//! withdrawing and reopening. The page's view of an application is in
//! `view`, its documents in `files`, who applies with whom in `team`.

pub mod files;
pub mod team;
mod view;

pub use view::copy_text;
pub(crate) use view::view_of;

use super::calls::{accepting, is_staff, moment, texts_for};
use super::numbers::group_digits;
use super::Ctx;
use crate::domain::call::{eligibility, Answers, ApplicationStatus, Ineligible, Step, StepForm};
use crate::domain::Locale;
use crate::dto::{ApplicationView, ApplyPage, Choice, CityCheck, ExistingApplication};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::store::calls::{ApplicationRecord, CallRecord, MemberRole, NewApplication, Transition};
use crate::store::UserRecord;

/// What starting an application did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Started {
    /// a new draft, the member leads it
    Created(i64),
    /// the city had one: the member asked its lead to join
    Asked(i64),
    /// the member already takes part
    Already(i64),
}

async fn city_check(
    ctx: &Ctx,
    call: &CallRecord,
    city_id: i64,
    user: Option<&UserRecord>,
    locale: Locale,
) -> Result<CityCheck, AppError> {
    let city = ctx
        .store
        .city_by_id(city_id)
        .await?
        .ok_or_else(|| AppError::validation("city_id", Msg::ErrCityUnknown))?;
    let verdict = eligibility(
        &city.city.country_code,
        city.city.population,
        &call.w.countries,
        call.w.min_population,
    );
    let refusal = verdict.err().map(|why| match why {
        Ineligible::Country => {
            Msg::IneligibleCountry.fill(locale, &[("country", &city.country_name)])
        }
        Ineligible::Population => Msg::IneligiblePopulation.fill(
            locale,
            &[
                ("population", &group_digits(city.city.population, locale)),
                ("minimum", &group_digits(call.w.min_population, locale)),
            ],
        ),
    });
    let existing = match ctx.store.application_for_city(call.id, city_id).await? {
        Some(a) => {
            let lead = a
                .members
                .iter()
                .find(|(_, r)| *r == MemberRole::Lead)
                .map(|(u, _)| *u);
            let lead_name = match lead {
                Some(l) => ctx
                    .store
                    .users_names(&[l])
                    .await?
                    .into_iter()
                    .next()
                    .map(|(_, n)| n)
                    .unwrap_or_default(),
                None => String::new(),
            };
            Some(ExistingApplication {
                id: a.id,
                lead: lead_name,
                mine: user.is_some_and(|u| a.role_of(u.id.0).is_some()),
            })
        }
        None => None,
    };
    Ok(CityCheck {
        city_id,
        city: format!("{}, {}", city.city.name, city.country_name),
        population: group_digits(city.city.population, locale),
        refusal,
        may_claim: verdict == Err(Ineligible::Population),
        existing,
    })
}

/// "Apply for my city": the call, the member's home city, and the check of
/// the city they picked.
pub async fn apply_page(
    ctx: &Ctx,
    user: Option<&UserRecord>,
    call_id: i64,
    city: Option<i64>,
    locale: Locale,
    reader: Option<&str>,
) -> Result<ApplyPage, AppError> {
    let call = ctx.store.call(call_id).await?.ok_or(AppError::NotFound)?;
    if !call.status.is_public() && !is_staff(user) {
        return Err(AppError::NotFound);
    }
    let home_city = match user {
        Some(u) => match ctx.store.profile(u.id).await?.and_then(|p| p.city_id) {
            Some(id) => ctx.store.city_by_id(id).await?.map(|c| Choice {
                value: id.to_string(),
                label: format!("{}, {}", c.city.name, c.country_name),
            }),
            None => None,
        },
        None => None,
    };
    let check = match city {
        Some(id) => Some(city_check(ctx, &call, id, user, locale).await?),
        None => None,
    };
    Ok(ApplyPage {
        call_id,
        call_title: texts_for(&call, locale).0.title,
        deadline: moment(locale, call.w.deadline_at, &call.w.zone, reader, ctx.now()),
        accepting: accepting(&call, ctx.now()),
        signed_in: user.is_some(),
        home_city,
        check,
    })
}

/// Starts the city's application, or asks to join the one it has. A city
/// under the population threshold may give its official figure and source;
/// staff confirm or refuse it.
pub async fn start(
    ctx: &Ctx,
    user: &UserRecord,
    call_id: i64,
    city_id: i64,
    claimed_population: &str,
    source: &str,
) -> Result<Started, AppError> {
    let call = ctx.store.call(call_id).await?.ok_or(AppError::NotFound)?;
    let now = ctx.now();
    if !accepting(&call, now) {
        return Err(AppError::Refused(Msg::ErrCallNotAccepting));
    }
    let city = ctx
        .store
        .city_by_id(city_id)
        .await?
        .ok_or_else(|| AppError::validation("city_id", Msg::ErrCityUnknown))?;
    if let Some(a) = ctx.store.application_for_city(call_id, city_id).await? {
        if a.role_of(user.id.0).is_some() {
            return Ok(Started::Already(a.id));
        }
        ctx.store
            .set_applicant(a.id, user.id.0, MemberRole::Asking, now)
            .await?;
        notify_lead_of_request(ctx, &a, user).await;
        return Ok(Started::Asked(a.id));
    }
    let (mut claimed, mut claim_source) = (None, String::new());
    match eligibility(
        &city.city.country_code,
        city.city.population,
        &call.w.countries,
        call.w.min_population,
    ) {
        Ok(()) => {}
        Err(Ineligible::Country) => {
            return Err(AppError::validation("city_id", Msg::ErrCityNotEligible))
        }
        Err(Ineligible::Population) => {
            let n = claimed_population
                .trim()
                .replace([',', '.', ' ', '\u{a0}', '\u{202f}'], "")
                .parse::<i64>()
                .ok()
                .filter(|n| *n > 0 && *n < 100_000_000);
            let Some(n) = n else {
                return Err(AppError::validation(
                    "claimed_population",
                    Msg::ErrPopulationBelow,
                ));
            };
            if n < call.w.min_population {
                return Err(AppError::validation(
                    "claimed_population",
                    Msg::ErrPopulationBelow,
                ));
            }
            let src = crate::domain::profile::one_line("population_source", source, 300)
                .map_err(|e| AppError::validation(e.field, e.msg))?;
            if src.is_empty() {
                return Err(AppError::validation("population_source", Msg::ErrRequired));
            }
            claimed = Some(n);
            claim_source = src;
        }
    }
    // prefill from the city page and the member's profile
    let profile = ctx.store.profile(user.id).await?;
    let note = ctx.store.city_note(city_id).await?;
    let all_themes = ctx.store.themes().await?;
    let answers = Answers {
        coordinator_name: user.name.clone(),
        coordinator_email: user.email.clone(),
        department: profile
            .as_ref()
            .map(|p| p.organisation.clone())
            .unwrap_or_default(),
        challenges: note.challenges.clone(),
        priorities: super::labels::themes_in(note.themes_mask, &all_themes)
            .into_iter()
            .map(|t| t.id.clone())
            .filter(|t| call.w.themes.contains(t))
            .take(crate::domain::call::MAX_PRIORITIES)
            .collect(),
        ..Answers::default()
    };
    let year = {
        use chrono::Datelike;
        chrono::DateTime::from_timestamp(call.w.deadline_at, 0)
            .map(|d| d.year())
            .unwrap_or(2027)
    };
    let created = ctx
        .store
        .create_application(&NewApplication {
            call_id,
            city_id,
            lead: user.id,
            language: user.locale,
            answers,
            claimed_population: claimed,
            population_source: claim_source,
            year,
            now,
        })
        .await;
    match created {
        Ok(id) => Ok(Started::Created(id)),
        // another member of the city started it a moment before: ask to join it
        Err(crate::store::StoreError::Duplicate) => {
            let a = ctx
                .store
                .application_for_city(call_id, city_id)
                .await?
                .ok_or(AppError::Conflict)?;
            ctx.store
                .set_applicant(a.id, user.id.0, MemberRole::Asking, now)
                .await?;
            notify_lead_of_request(ctx, &a, user).await;
            Ok(Started::Asked(a.id))
        }
        Err(e) => Err(e.into()),
    }
}

async fn notify_lead_of_request(ctx: &Ctx, a: &ApplicationRecord, asker: &UserRecord) {
    let Some(lead) = a
        .members
        .iter()
        .find(|(_, r)| *r == MemberRole::Lead)
        .map(|(u, _)| *u)
    else {
        return;
    };
    if let Ok(Some(lead)) = ctx.store.user_by_id(crate::domain::UserId(lead)).await {
        let link = format!("{}/pairings/applications/{}", ctx.config.base_url, a.id);
        super::mail_member(
            ctx,
            (&lead.email, &lead.name, lead.locale),
            Msg::MailJoinRequestSubject,
            Msg::MailJoinRequestBody,
            &[
                ("name", &asker.name),
                ("reference", &a.reference),
                ("link", &link),
            ],
            link.clone(),
        )
        .await;
    }
}

/// The application and its call, if the member may see it: applicants and
/// staff (reviewers read it through their review).
pub(crate) async fn load_for(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
) -> Result<(ApplicationRecord, CallRecord), AppError> {
    let a = ctx.store.application(id).await?.ok_or(AppError::NotFound)?;
    match a.role_of(user.id.0) {
        Some(MemberRole::Lead | MemberRole::Co) => {}
        _ if user.role.can_run_programme() => {}
        Some(MemberRole::Asking) => return Err(AppError::Refused(Msg::AppWaitingForLead)),
        None => return Err(AppError::Forbidden),
    }
    let call = ctx.store.call(a.call_id).await?.ok_or(AppError::NotFound)?;
    Ok((a, call))
}

pub(crate) fn applicant_only(a: &ApplicationRecord, user: &UserRecord) -> Result<(), AppError> {
    match a.role_of(user.id.0) {
        Some(MemberRole::Lead | MemberRole::Co) => Ok(()),
        _ => Err(AppError::Forbidden),
    }
}

pub async fn view(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    locale: Locale,
    reader: Option<&str>,
) -> Result<ApplicationView, AppError> {
    let (a, call) = load_for(ctx, user, id).await?;
    view_of(ctx, &a, &call, Some(user), locale, reader).await
}

/// Why a change to the draft is refused now, if it is.
pub(crate) fn check_editable(
    a: &ApplicationRecord,
    call: &CallRecord,
    now: i64,
) -> Result<(), AppError> {
    if !crate::domain::call::on_time(now, call.w.deadline_at) {
        return Err(AppError::Refused(Msg::AppDeadlinePassed));
    }
    if !accepting(call, now) {
        return Err(AppError::Refused(Msg::ErrCallNotAccepting));
    }
    if a.status != ApplicationStatus::Draft {
        return Err(AppError::Refused(Msg::AppSubmittedReadOnly));
    }
    Ok(())
}

/// Saves one step over the version the form was loaded with; returns the
/// new version. Someone else's save in between is a conflict (nothing is
/// overwritten; the page keeps what was typed).
pub async fn save_step(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    version: i64,
    step: &str,
    form: &StepForm,
) -> Result<i64, AppError> {
    let (a, call) = load_for(ctx, user, id).await?;
    applicant_only(&a, user)?;
    let now = ctx.now();
    check_editable(&a, &call, now)?;
    let step = Step::parse(step).ok_or(AppError::Malformed)?;
    let mut answers = a.answers.clone();
    answers
        .apply(step, form)
        .map_err(|e| AppError::validation(e.field, e.msg))?;
    if step == Step::Priorities
        && answers
            .priorities
            .iter()
            .any(|p| !call.w.themes.contains(p))
    {
        return Err(AppError::validation("priorities", Msg::ErrThemeUnknown));
    }
    if step == Step::Questions {
        answers
            .extra
            .retain(|k, _| call.question_ids.iter().any(|q| q.to_string() == *k));
    }
    let language = if step == Step::Language {
        Locale::from_code(form.language.trim())
            .filter(|_| form.language.trim().len() == 2)
            .ok_or(AppError::validation("language", Msg::ErrChoice))?
    } else {
        a.language
    };
    if ctx
        .store
        .save_answers(id, version, &answers, language, now)
        .await?
    {
        Ok(version + 1)
    } else {
        Err(AppError::Conflict)
    }
}

/// Submits the draft: every required answer present, the server's clock
/// not past the deadline (checked again in the same statement that stores
/// it). The applicants get a confirmation with the reference and a copy.
pub async fn submit(ctx: &Ctx, user: &UserRecord, id: i64) -> Result<(), AppError> {
    let (a, call) = load_for(ctx, user, id).await?;
    applicant_only(&a, user)?;
    let now = ctx.now();
    check_editable(&a, &call, now)?;
    let files = ctx.store.files_of(id).await?;
    let missing = a.answers.missing(
        &call.required_questions(),
        files.iter().any(|f| f.kind == "endorsement"),
    );
    if let Some((_, field, msg)) = missing.first() {
        return Err(AppError::validation(field, *msg));
    }
    let done = ctx
        .store
        .set_application_status(
            id,
            &Transition {
                actor: Some(user.id),
                from: "draft",
                to: "submitted",
                note: "",
                now,
            },
        )
        .await?;
    if !done {
        return Err(AppError::Refused(Msg::AppDeadlinePassed));
    }
    let Some(a) = ctx.store.application(id).await? else {
        return Ok(());
    };
    for applicant in a.applicants() {
        let Some(u) = ctx
            .store
            .user_by_id(crate::domain::UserId(applicant))
            .await?
        else {
            continue;
        };
        let v = view_of(ctx, &a, &call, Some(&u), u.locale, None).await?;
        let link = format!(
            "{}/pairings/applications/{}/review",
            ctx.config.base_url, id
        );
        super::mail_member(
            ctx,
            (&u.email, &u.name, u.locale),
            Msg::MailSubmittedSubject,
            Msg::MailSubmittedBody,
            &[
                ("reference", &a.reference),
                ("call", &v.call_title),
                ("city", &v.city),
                ("copy", &copy_text(&v, u.locale)),
                ("link", &link),
            ],
            link.clone(),
        )
        .await;
    }
    Ok(())
}

async fn transition(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    to: ApplicationStatus,
) -> Result<(), AppError> {
    let (a, call) = load_for(ctx, user, id).await?;
    applicant_only(&a, user)?;
    let now = ctx.now();
    if !crate::domain::call::on_time(now, call.w.deadline_at) {
        return Err(AppError::Refused(Msg::AppDeadlinePassed));
    }
    if !a.status.can_become(to) {
        return Err(AppError::Refused(Msg::ErrStatusChange));
    }
    let done = ctx
        .store
        .set_application_status(
            id,
            &Transition {
                actor: Some(user.id),
                from: a.status.as_str(),
                to: to.as_str(),
                note: "",
                now,
            },
        )
        .await?;
    if done {
        Ok(())
    } else {
        Err(AppError::Conflict)
    }
}

/// Withdraws the application (until the deadline).
pub async fn withdraw(ctx: &Ctx, user: &UserRecord, id: i64) -> Result<(), AppError> {
    transition(ctx, user, id, ApplicationStatus::Withdrawn).await
}

/// Takes a submitted or withdrawn application back to a draft, to change
/// and submit it again before the deadline.
pub async fn reopen(ctx: &Ctx, user: &UserRecord, id: i64) -> Result<(), AppError> {
    transition(ctx, user, id, ApplicationStatus::Draft).await
}
