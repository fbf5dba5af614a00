//! An application as its pages show it, and as the confirmation e-mail
//! copies it.

use super::super::calls::{accepting, moment, texts_for, theme_choices};
use super::super::numbers::{group_digits, human_size};
use super::super::time;
use super::super::Ctx;
use crate::domain::call::{locale_index, Answers, ApplicationStatus, Step};
use crate::domain::Locale;
use crate::dto::{ApplicationView, Choice, FileView, Missing, Person, Question, StepState};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::store::calls::{ApplicationRecord, CallRecord, FileRecord, MemberRole};
use crate::store::UserRecord;

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
        super::super::partners::for_city(&*ctx.store, a.city_id, 0, locale)
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
