//! Applying for a city: the eligibility check, one application per city per
//! call (others of the city ask to join), the multi-step draft saved on the
//! server, submission before the deadline by the server's clock,
//! withdrawing and reopening, and the letters attached to it.

use super::calls::{accepting, group_digits, is_staff, moment, texts_for, theme_choices};
use super::time;
use super::Ctx;
use crate::domain::call::{
    eligibility, locale_index, Answers, ApplicationStatus, Ineligible, Step, StepForm,
};
use crate::domain::Locale;
use crate::dto::{
    ApplicationView, ApplyPage, Choice, CityCheck, ExistingApplication, FileView, Missing, Person,
    Question, StepState,
};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::store::calls::{
    ApplicationRecord, CallRecord, FileRecord, MemberRole, NewApplication, Transition,
};
use crate::store::UserRecord;

/// Largest letter or endorsement accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// Letters a draft may carry.
pub const MAX_FILES: usize = 12;

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
async fn load_for(
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

fn applicant_only(a: &ApplicationRecord, user: &UserRecord) -> Result<(), AppError> {
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

/// An application as a page shows it (to applicants, staff and reviewers).
pub(crate) async fn view_of(
    ctx: &Ctx,
    a: &ApplicationRecord,
    call: &CallRecord,
    user: Option<&UserRecord>,
    locale: Locale,
    reader: Option<&str>,
) -> Result<ApplicationView, AppError> {
    let now = ctx.now();
    let city = ctx.store.city_by_id(a.city_id).await?;
    let files = ctx.store.files_of(a.id).await?;
    let has_endorsement = files.iter().any(|f| f.kind == "endorsement");
    let missing: Vec<Missing> = a
        .answers
        .missing(&call.required_questions(), has_endorsement)
        .into_iter()
        .map(|(step, field, msg)| Missing {
            step,
            field: field.to_owned(),
            message: msg.text(locale).to_owned(),
        })
        .collect();
    let steps = Step::ALL
        .iter()
        .filter(|s| **s != Step::Questions || !call.w.questions.is_empty())
        .map(|s| StepState {
            step: *s,
            label: s.label().text(locale).to_owned(),
            done: !missing.iter().any(|m| m.step == *s) && step_touched(&a.answers, *s, &files),
        })
        .collect();
    let role = user.and_then(|u| a.role_of(u.id.0));
    let is_applicant = matches!(role, Some(MemberRole::Lead | MemberRole::Co));
    let open = accepting(call, now);
    let editable = is_applicant && a.status == ApplicationStatus::Draft && open;
    let read_only = if editable {
        None
    } else if !crate::domain::call::on_time(now, call.w.deadline_at) {
        Some(Msg::AppDeadlinePassed.text(locale).to_owned())
    } else {
        match a.status {
            ApplicationStatus::Submitted => Some(Msg::AppSubmittedReadOnly.text(locale).to_owned()),
            ApplicationStatus::Withdrawn => Some(Msg::AppWithdrawnReadOnly.text(locale).to_owned()),
            ApplicationStatus::Draft if !open => {
                Some(Msg::ErrCallNotAccepting.text(locale).to_owned())
            }
            ApplicationStatus::Draft => None,
        }
    };
    let ids: Vec<i64> = a.members.iter().map(|(u, _)| *u).collect();
    let names = ctx.store.users_names(&ids).await?;
    let name_of = |id: i64| {
        names
            .iter()
            .find(|(u, _)| *u == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    let people = |want: &[MemberRole]| {
        a.members
            .iter()
            .filter(|(_, r)| want.contains(r))
            .map(|(u, _)| Person {
                id: *u,
                name: name_of(*u),
            })
            .collect::<Vec<_>>()
    };
    let themes = ctx.store.themes().await?;
    let sdgs = ctx.store.sdgs().await?;
    let partner_suggestions = if editable {
        super::partners::for_city(&*ctx.store, a.city_id, 0, locale)
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|p| format!("{}, {}", p.name, p.country))
            .collect()
    } else {
        Vec::new()
    };
    let tz = time::reader_zone(reader, time::zone(&call.w.zone).unwrap_or(chrono_tz::UTC));
    let population_note = a.claimed_population.map(|n| {
        let verdict = match a.population_verdict.as_deref() {
            Some("confirmed") => Msg::ClaimConfirmed,
            Some("refused") => Msg::ClaimRefused,
            _ => Msg::ClaimPending,
        };
        format!(
            "{} {}",
            Msg::ClaimedPopulation.fill(
                locale,
                &[
                    ("population", &group_digits(n, locale)),
                    ("source", &a.population_source)
                ]
            ),
            verdict.text(locale)
        )
    });
    Ok(ApplicationView {
        id: a.id,
        reference: a.reference.clone(),
        call_id: call.id,
        call_title: texts_for(call, locale).0.title,
        city: city
            .map(|c| format!("{}, {}", c.city.name, c.country_name))
            .unwrap_or_default(),
        status: a.status,
        status_label: a.status.label().text(locale).to_owned(),
        decision_label: a.decision.map(|d| d.label().text(locale).to_owned()),
        version: a.version,
        language: a.language.code().to_owned(),
        answers: a.answers.clone(),
        steps,
        missing,
        editable,
        read_only,
        deadline: moment(locale, call.w.deadline_at, &call.w.zone, reader, now),
        saved: Msg::SavedAt.fill(
            locale,
            &[("time", &time::clock_with_zone(locale, a.updated_at, tz))],
        ),
        is_lead: role == Some(MemberRole::Lead),
        applicants: people(&[MemberRole::Lead, MemberRole::Co]),
        asking: people(&[MemberRole::Asking]),
        files: files
            .iter()
            .map(|f| FileView {
                id: f.id,
                kind: f.kind.clone(),
                kind_label: if f.kind == "endorsement" {
                    Msg::FileEndorsement.text(locale).to_owned()
                } else {
                    Msg::FileLetter.text(locale).to_owned()
                },
                name: f.name.clone(),
                size: human_size(f.bytes, locale),
            })
            .collect(),
        themes: call
            .w
            .themes
            .iter()
            .filter_map(|t| {
                theme_choices(&themes, locale)
                    .into_iter()
                    .find(|c| &c.value == t)
            })
            .collect(),
        sdgs: sdgs
            .iter()
            .map(|s| Choice {
                value: s.number.to_string(),
                label: Msg::SdgNumbered.fill(
                    locale,
                    &[
                        ("number", &s.number.to_string()),
                        ("name", &s.names[locale_index(locale)]),
                    ],
                ),
            })
            .collect(),
        partner_suggestions,
        questions: call
            .question_ids
            .iter()
            .zip(&call.w.questions)
            .map(|(id, q)| Question {
                id: *id,
                text: q.text(locale).to_owned(),
                required: q.required,
            })
            .collect(),
        population_note,
        submitted_at: a.submitted_at.map(|t| time::instant(locale, t, tz)),
    })
}

/// A step counts as done once something was written in it (and nothing
/// it needs is missing): an untouched optional step is not "done".
fn step_touched(a: &Answers, step: Step, files: &[FileRecord]) -> bool {
    match step {
        Step::Contacts => !a.mayor_office.is_empty(),
        Step::Motivation => !a.motivation.is_empty(),
        Step::Priorities => !a.priorities.is_empty(),
        Step::Experience => !a.experience.is_empty(),
        Step::Resources => !a.staff_time.is_empty(),
        Step::Partner => !a.partner.is_empty(),
        Step::Documents => !files.is_empty(),
        Step::Questions => !a.extra.is_empty(),
        Step::Language => true,
    }
}

/// "2.4 MB" / "2,4 Mo".
pub fn human_size(bytes: i64, locale: Locale) -> String {
    let (unit_k, unit_m) = match locale {
        Locale::Fr => ("Ko", "Mo"),
        _ => ("KB", "MB"),
    };
    let s = if bytes >= 1024 * 1024 {
        format!("{:.1} {unit_m}", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} {unit_k}", (bytes + 1023) / 1024)
    };
    if locale == Locale::En {
        s
    } else {
        s.replace('.', ",")
    }
}

/// Why a change to the draft is refused now, if it is.
fn check_editable(a: &ApplicationRecord, call: &CallRecord, now: i64) -> Result<(), AppError> {
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

/// The application as plain text: the printable copy the confirmation
/// carries.
pub fn copy_text(v: &ApplicationView, locale: Locale) -> String {
    let a = &v.answers;
    let t = |m: Msg| m.text(locale);
    let mut out = vec![
        format!("{}: {}", t(Msg::AppReference), v.reference),
        format!("{}: {}", t(Msg::FieldCity), v.city),
        String::new(),
        format!("{}: {}", t(Msg::FieldMayorOffice), a.mayor_office),
        format!("{}: {}", t(Msg::FieldCoordinatorName), a.coordinator_name),
        format!("{}: {}", t(Msg::FieldCoordinatorEmail), a.coordinator_email),
        format!("{}: {}", t(Msg::FieldDepartment), a.department),
        String::new(),
        format!("{}:\n{}", t(Msg::FieldMotivation), a.motivation),
        format!("{}:\n{}", t(Msg::FieldChallenges), a.challenges),
        format!(
            "{}: {}",
            t(Msg::StepPriorities),
            v.themes
                .iter()
                .filter(|c| a.priorities.contains(&c.value))
                .map(|c| c.label.clone())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        format!("{}:\n{}", t(Msg::FieldExperience), a.experience),
        format!("{}:\n{}", t(Msg::FieldStaffTime), a.staff_time),
        format!("{}:\n{}", t(Msg::FieldBudget), a.budget),
        format!("{}:\n{}", t(Msg::FieldPartner), a.partner),
    ];
    for q in &v.questions {
        out.push(format!(
            "{}:\n{}",
            q.text,
            a.extra.get(&q.id.to_string()).cloned().unwrap_or_default()
        ));
    }
    for f in &v.files {
        out.push(format!("{}: {} ({})", f.kind_label, f.name, f.size));
    }
    out.join("\n")
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

/// The lead accepts (as co-applicant) or declines a member who asked to join.
pub async fn answer_join(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    member: i64,
    accept: bool,
) -> Result<(), AppError> {
    let a = ctx.store.application(id).await?.ok_or(AppError::NotFound)?;
    if a.role_of(user.id.0) != Some(MemberRole::Lead) {
        return Err(AppError::Forbidden);
    }
    if a.role_of(member) != Some(MemberRole::Asking) {
        return Err(AppError::NotFound);
    }
    if accept {
        ctx.store
            .set_applicant(id, member, MemberRole::Co, ctx.now())
            .await?;
    } else {
        ctx.store.remove_applicant(id, member).await?;
    }
    Ok(())
}

/// A letter or the endorsement, already checked (a PDF by content, within
/// the size), attached to the draft. `stored_as` is the file's name under
/// the uploads directory.
pub async fn attach(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    kind: &str,
    name: &str,
    stored_as: &str,
    bytes: i64,
) -> Result<i64, AppError> {
    let (a, call) = load_for(ctx, user, id).await?;
    applicant_only(&a, user)?;
    check_editable(&a, &call, ctx.now())?;
    if kind != "letter" && kind != "endorsement" {
        return Err(AppError::validation("kind", Msg::ErrChoice));
    }
    if ctx.store.files_of(id).await?.len() >= MAX_FILES {
        return Err(AppError::validation("file", Msg::ErrTooManyFiles));
    }
    let name: String = name
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '/' | '\\'))
        .take(120)
        .collect();
    let name = if name.trim().is_empty() {
        "document.pdf".to_owned()
    } else {
        name.trim().to_owned()
    };
    Ok(ctx
        .store
        .add_file(&FileRecord {
            id: 0,
            application_id: id,
            kind: kind.to_owned(),
            name,
            stored_as: stored_as.to_owned(),
            bytes,
            uploaded_by: Some(user.id.0),
            created_at: ctx.now(),
        })
        .await?)
}

/// Removes a document from the draft; returns its stored name so that the
/// caller deletes the file.
pub async fn detach(ctx: &Ctx, user: &UserRecord, id: i64, file: i64) -> Result<String, AppError> {
    let (a, call) = load_for(ctx, user, id).await?;
    applicant_only(&a, user)?;
    check_editable(&a, &call, ctx.now())?;
    let f = ctx
        .store
        .remove_file(id, file)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(f.stored_as)
}

/// A document of an application, for applicants, staff and the reviewers
/// assigned to it (not conflicted).
pub async fn file_for(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    file: i64,
) -> Result<FileRecord, AppError> {
    let a = ctx.store.application(id).await?.ok_or(AppError::NotFound)?;
    let allowed = matches!(
        a.role_of(user.id.0),
        Some(MemberRole::Lead | MemberRole::Co)
    ) || user.role.can_run_programme()
        || ctx
            .store
            .review(id, user.id.0)
            .await?
            .is_some_and(|r| r.status != crate::domain::call::ReviewStatus::Conflict);
    if !allowed {
        return Err(AppError::Forbidden);
    }
    ctx.store
        .files_of(id)
        .await?
        .into_iter()
        .find(|f| f.id == file)
        .ok_or(AppError::NotFound)
}

/// How long an e-mailed invitation to co-apply stays valid.
pub const INVITE_DAYS: i64 = 14;

/// An applicant invites a colleague by e-mail to co-apply: a single-use
/// link for that address, valid for two weeks. The message is in the
/// invitee's language when they are a member, in the application's
/// otherwise. Nothing says whether the address belongs to a member.
pub async fn invite(ctx: &Ctx, user: &UserRecord, id: i64, email: &str) -> Result<(), AppError> {
    let (a, call) = load_for(ctx, user, id).await?;
    applicant_only(&a, user)?;
    let now = ctx.now();
    if !accepting(&call, now) {
        return Err(AppError::Refused(Msg::ErrCallNotAccepting));
    }
    let email =
        crate::domain::Email::parse(email).map_err(|e| AppError::validation(e.field, e.msg))?;
    let (token, hash) = super::tokens::new_token();
    ctx.store
        .create_invite(
            &hash,
            id,
            email.as_str(),
            user.id.0,
            now,
            now + INVITE_DAYS * 86_400,
        )
        .await?;
    let locale = match ctx.store.user_by_email(email.as_str()).await? {
        Some(u) => u.locale,
        None => a.language,
    };
    let city = ctx
        .store
        .city_by_id(a.city_id)
        .await?
        .map(|c| c.city.name)
        .unwrap_or_default();
    let link = format!("{}/pairings/join?token={token}", ctx.config.base_url);
    super::mail_member(
        ctx,
        (email.as_str(), "", locale),
        Msg::MailInviteSubject,
        Msg::MailInviteBody,
        &[
            ("name", &user.name),
            ("city", &city),
            ("call", &texts_for(&call, locale).0.title),
            ("link", &link),
        ],
        link.clone(),
    )
    .await;
    Ok(())
}

/// What an invitation link leads to, for the page that accepts it.
pub async fn invitation(
    ctx: &Ctx,
    token: &str,
    locale: Locale,
) -> Result<crate::dto::Invitation, AppError> {
    let inv = ctx
        .store
        .invite(&super::tokens::hash_token(token))
        .await?
        .filter(|i| i.used_at.is_none() && i.expires_at > ctx.now())
        .ok_or(AppError::Refused(Msg::ErrTokenInvalid))?;
    let a = ctx
        .store
        .application(inv.application_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let call = ctx.store.call(a.call_id).await?.ok_or(AppError::NotFound)?;
    let city = ctx
        .store
        .city_by_id(a.city_id)
        .await?
        .map(|c| format!("{}, {}", c.city.name, c.country_name))
        .unwrap_or_default();
    let by = match inv.invited_by {
        Some(u) => ctx
            .store
            .users_names(&[u])
            .await?
            .into_iter()
            .next()
            .map(|(_, n)| n)
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok(crate::dto::Invitation {
        city,
        call_title: texts_for(&call, locale).0.title,
        invited_by: by,
        email: inv.email,
    })
}

/// The signed-in member takes up an invitation sent to their address and
/// becomes a co-applicant. Returns the application.
pub async fn accept_invite(ctx: &Ctx, user: &UserRecord, token: &str) -> Result<i64, AppError> {
    let hash = super::tokens::hash_token(token);
    let now = ctx.now();
    let inv = ctx
        .store
        .invite(&hash)
        .await?
        .filter(|i| i.used_at.is_none() && i.expires_at > now)
        .ok_or(AppError::Refused(Msg::ErrTokenInvalid))?;
    if !inv.email.eq_ignore_ascii_case(&user.email) {
        return Err(AppError::Refused(Msg::ErrInviteOtherAddress));
    }
    if ctx.store.use_invite(&hash, user.id.0, now).await? {
        Ok(inv.application_id)
    } else {
        Err(AppError::Refused(Msg::ErrTokenInvalid))
    }
}

/// Whether a file's bytes are a PDF: the header at the start and an end
/// marker near the end (a renamed image or a truncated upload is refused).
pub fn looks_like_pdf(head: &[u8], tail: &[u8]) -> bool {
    head.starts_with(b"%PDF-") && tail.windows(5).any(|w| w == b"%%EOF")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdfs_are_recognised_by_content() {
        assert!(looks_like_pdf(b"%PDF-1.7\n...", b"...\n%%EOF\n"));
        assert!(!looks_like_pdf(b"\x89PNG\r\n", b"%%EOF"));
        assert!(!looks_like_pdf(b"%PDF-1.4", b"truncated"));
    }

    #[test]
    fn sizes_read_in_the_reader_language() {
        assert_eq!(human_size(2_500_000, Locale::En), "2.4 MB");
        assert_eq!(human_size(2_500_000, Locale::Fr), "2,4 Mo");
        assert_eq!(human_size(1500, Locale::Es), "2 KB");
    }
}
