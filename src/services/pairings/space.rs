//! A pairing's space for its team and staff: the agreement (drafted from
//! the template in the reader's language, frozen by the first signature,
//! signed by each city's signatory; the period starts at the last), the
//! teams, the timeline with the programme's milestones and the pairing's
//! own, activities with their reports, notes and documents, the history.

use super::super::markdown::to_safe_html;
use super::super::numbers::human_size;
use super::super::time;
use super::{card, country_map, day_label, load_inside, today, Access, Ctx};
use crate::domain::pairing::{
    period_end, programme_milestones, reason, ActivityForm, AgreementForm, Day, MilestoneForm,
    MilestoneKind, PairingState, SignatureForm, MAX_NOTE, PERIOD_MONTHS,
};
use crate::domain::profile::block;
use crate::domain::Locale;
use crate::dto::{
    ActivityView, Choice, HistoryLine, MemberView, MilestoneView, PairingSpace, SpaceItemView,
    TeamCity,
};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::store::pairings::{Change, NewSignature, PairingRecord, SignOutcome};
use crate::store::{ThemeRow, UserRecord};

/// The agreement as the parties read it, in `locale`.
pub fn agreement_text(p: &PairingRecord, themes: &[ThemeRow], locale: Locale) -> String {
    let parties = p
        .cities
        .iter()
        .map(|c| format!("**{}** ({})", c.name, c.country_code))
        .collect::<Vec<_>>()
        .join(", ");
    let areas = super::area_names(p, themes, locale).join(", ");
    let commitments = if p.commitments.trim().is_empty() {
        Msg::AgreementNoCommitments.text(locale).to_owned()
    } else {
        p.commitments.clone()
    };
    Msg::AgreementTemplate.fill(
        locale,
        &[
            ("parties", &parties),
            ("areas", &areas),
            ("months", &PERIOD_MONTHS.to_string()),
            ("commitments", &commitments),
            ("version", &p.agreement_version.to_string()),
        ],
    )
}

fn milestone_label(kind: MilestoneKind, city: Option<&str>, title: &str, locale: Locale) -> String {
    match kind {
        MilestoneKind::Own => title.to_owned(),
        MilestoneKind::Visit => kind.label().fill(locale, &[("city", city.unwrap_or(""))]),
        k => k.label().text(locale).to_owned(),
    }
}

/// `/pairing/<id>/space`.
pub async fn page(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    locale: Locale,
    reader_zone: Option<&str>,
) -> Result<PairingSpace, AppError> {
    let (p, access, team) = load_inside(ctx, id, user).await?;
    let (themes, signatures, milestones, activities, notes, files, history) = tokio::try_join!(
        ctx.store.themes(),
        ctx.store.signatures(id),
        ctx.store.milestones(id),
        ctx.store.activities(id),
        ctx.store.pairing_notes(id),
        ctx.store.pairing_files(id),
        ctx.store.pairing_history(id)
    )?;
    let countries = country_map(ctx, std::slice::from_ref(&p)).await?;
    let tz = time::reader_zone(reader_zone, chrono_tz::UTC);
    let when = |ts: i64| time::instant(locale, ts, tz);
    let current: Vec<_> = signatures
        .iter()
        .filter(|s| s.agreement_version == p.agreement_version)
        .collect();
    let city_name = |cid: Option<i64>| {
        cid.and_then(|c| p.cities.iter().find(|x| x.city_id == c))
            .map(|c| c.name.clone())
    };
    let today = today(ctx);
    let sign_for = access
        .city
        .filter(|c| {
            access.signatory && p.state.can_sign() && !current.iter().any(|s| s.city_id == *c)
        })
        .and_then(|c| city_name(Some(c)).map(|n| (c, n)));
    let mut next_states = Vec::new();
    for s in PairingState::ALL {
        let allowed = p.state.can_become(*s)
            && *s != PairingState::Cooperating
            && (access.staff
                || (access.coordinator
                    && matches!(*s, PairingState::Signing | PairingState::Proposed)));
        if allowed {
            next_states.push(Choice {
                value: s.as_str().to_owned(),
                label: Msg::MoveTo.fill(locale, &[("state", s.label().text(locale))]),
            });
        }
    }
    Ok(PairingSpace {
        version: p.version,
        staff: access.staff,
        coordinator: access.coordinator,
        agreement: to_safe_html(&agreement_text(&p, &themes, locale)),
        agreement_version: p.agreement_version,
        theme_choices: themes
            .iter()
            .map(|t| {
                (
                    Choice {
                        value: t.id.clone(),
                        label: super::theme_name(t, locale),
                    },
                    p.themes.contains(&t.id),
                )
            })
            .collect(),
        commitments: p.commitments.clone(),
        can_edit_agreement: p.state.agreement_open() && (access.staff || access.coordinator),
        signed_any: !current.is_empty(),
        sign_for,
        reader_name: user.name.clone(),
        today: today.to_string(),
        team: p
            .cities
            .iter()
            .map(|c| TeamCity {
                city_id: c.city_id,
                city: c.name.clone(),
                members: team
                    .iter()
                    .filter(|m| m.city_id == c.city_id)
                    .map(|m| MemberView {
                        id: m.user_id.0,
                        name: m.name.clone(),
                        coordinator: m.coordinator,
                        signatory: m.signatory,
                    })
                    .collect(),
                signed: current
                    .iter()
                    .find(|s| s.city_id == c.city_id)
                    .map(|s| {
                        Msg::SignedBy.fill(
                            locale,
                            &[
                                ("name", &s.name),
                                ("role", &s.role),
                                ("date", &day_label(locale, &s.signed_on)),
                            ],
                        )
                    })
                    .unwrap_or_default(),
            })
            .collect(),
        milestones: milestones
            .iter()
            .map(|m| {
                let due = Day::parse("due", &m.due_on).unwrap_or(today);
                let done = m
                    .done_on
                    .as_deref()
                    .and_then(|d| Day::parse("done", d).ok());
                MilestoneView {
                    id: m.id,
                    label: milestone_label(
                        m.kind,
                        city_name(m.city_id).as_deref(),
                        &m.title,
                        locale,
                    ),
                    due: day_label(locale, &m.due_on),
                    due_iso: m.due_on.clone(),
                    done: m
                        .done_on
                        .as_deref()
                        .map(|d| day_label(locale, d))
                        .unwrap_or_default(),
                    overdue: crate::domain::pairing::overdue(due, done, today),
                }
            })
            .collect(),
        activities: activities
            .iter()
            .map(|a| ActivityView {
                id: a.id,
                kind: a.kind.as_str().to_owned(),
                kind_label: a.kind.label().text(locale).to_owned(),
                title: a.title.clone(),
                date: day_label(locale, &a.held_on),
                held_on: a.held_on.clone(),
                city: city_name(a.city_id).unwrap_or_default(),
                city_id: a.city_id,
                event: a.event_id,
                report: a.report.clone(),
                report_html: to_safe_html(&a.report),
                public: a.public,
            })
            .collect(),
        activity_kinds: crate::domain::pairing::ActivityKind::ALL
            .iter()
            .map(|k| Choice {
                value: k.as_str().to_owned(),
                label: k.label().text(locale).to_owned(),
            })
            .collect(),
        cities: p
            .cities
            .iter()
            .map(|c| Choice {
                value: c.city_id.to_string(),
                label: c.name.clone(),
            })
            .collect(),
        notes: notes
            .iter()
            .map(|n| SpaceItemView {
                id: n.id,
                author: n.author.clone(),
                when: when(n.created_at),
                text: to_safe_html(&n.text),
                size: String::new(),
            })
            .collect(),
        files: files
            .iter()
            .map(|f| SpaceItemView {
                id: f.id,
                author: f.author.clone(),
                when: when(f.created_at),
                text: f.text.clone(),
                size: human_size(f.size, locale),
            })
            .collect(),
        history: history
            .iter()
            .map(|h| HistoryLine {
                when: when(h.at),
                who: h.actor.clone(),
                what: history_text(h, &p, locale),
            })
            .collect(),
        next_states,
        period: match (p.starts_at, &p.ends_on) {
            (Some(s), Some(e)) => Msg::PairingPeriod.fill(
                locale,
                &[
                    ("from", &day_label(locale, &Day::from_unix(s).to_string())),
                    ("to", &day_label(locale, e)),
                ],
            ),
            _ => String::new(),
        },
        card: card(&p, locale, &themes, &countries, None),
    })
}

fn history_text(
    h: &crate::store::pairings::PairingEvent,
    p: &PairingRecord,
    locale: Locale,
) -> String {
    let state = |s: &str| {
        PairingState::parse(s)
            .map(|s| s.label().text(locale).to_owned())
            .or_else(|_| {
                crate::domain::pairing::plan::PlanStatus::parse(s)
                    .map(|s| s.label().text(locale).to_owned())
            })
            .unwrap_or_else(|_| s.to_owned())
    };
    let base = match h.what.as_str() {
        "signature" if h.from.is_empty() => {
            let city =
                h.to.parse::<i64>()
                    .ok()
                    .and_then(|c| p.cities.iter().find(|x| x.city_id == c))
                    .map(|c| c.name.clone())
                    .unwrap_or_default();
            Msg::HistorySigned.fill(locale, &[("city", &city)])
        }
        "agreement" => Msg::HistoryAgreement.text(locale).to_owned(),
        "plan" => Msg::HistoryPlan.fill(locale, &[("to", &state(&h.to))]),
        _ if h.from.is_empty() => Msg::HistoryCreated.text(locale).to_owned(),
        _ => Msg::HistoryState.fill(locale, &[("from", &state(&h.from)), ("to", &state(&h.to))]),
    };
    if h.note.is_empty() {
        base
    } else {
        format!("{base} — {}", h.note)
    }
}

/// The team (its coordinators) or staff change the agreement while it is
/// not signed by everyone; a change after a signature needs every city to
/// sign again.
pub async fn save_agreement(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    version: i64,
    form: &AgreementForm,
) -> Result<(), AppError> {
    let (p, access, _) = load_inside(ctx, id, user).await?;
    if !(access.staff || access.coordinator) {
        return Err(AppError::Forbidden);
    }
    if !p.state.agreement_open() {
        return Err(AppError::Refused(Msg::ErrAgreementFrozen));
    }
    let (themes, commitments) = form
        .validate()
        .map_err(|e| AppError::validation(e.field, e.msg))?;
    let signed = ctx
        .store
        .signatures(id)
        .await?
        .iter()
        .any(|s| s.agreement_version == p.agreement_version);
    let done = ctx
        .store
        .save_agreement(
            id,
            version,
            &themes,
            &commitments,
            signed,
            &Change {
                actor: Some(user.id),
                what: "agreement",
                from: "",
                to: "",
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

/// Moves the pairing: coordinators open the agreement for signature (or
/// take it back); staff also complete or end it (ending needs why). The
/// cooperation starts only with the last signature.
pub async fn set_state(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    to: &str,
    why: &str,
    locale: Locale,
) -> Result<(), AppError> {
    let (p, access, team) = load_inside(ctx, id, user).await?;
    let to = PairingState::parse(to).map_err(|e| AppError::validation(e.field, e.msg))?;
    let allowed = access.staff
        || (access.coordinator && matches!(to, PairingState::Signing | PairingState::Proposed));
    if !allowed {
        return Err(AppError::Forbidden);
    }
    if !p.state.can_become(to) || to == PairingState::Cooperating {
        return Err(AppError::Refused(Msg::ErrStatusChange));
    }
    let why = reason("reason", why, to == PairingState::Ended)
        .map_err(|e| AppError::validation(e.field, e.msg))?;
    let done = ctx
        .store
        .set_pairing_state(
            id,
            to,
            if to == PairingState::Ended { &why } else { "" },
            &Change {
                actor: Some(user.id),
                what: "state",
                from: p.state.as_str(),
                to: to.as_str(),
                note: &why,
                now: ctx.now(),
            },
        )
        .await?;
    if !done {
        return Err(AppError::Conflict);
    }
    if to == PairingState::Signing {
        let link = format!("{}/pairing/{id}/space#agreement", ctx.config.base_url);
        let title = super::title(&p);
        for m in team.iter().filter(|m| m.signatory) {
            let member = ctx.store.user_by_id(m.user_id).await?;
            let l = member.as_ref().map_or(locale, |u| u.locale);
            super::super::mail_member(
                ctx,
                (&m.email, &m.name, l),
                Msg::MailSignSubject,
                Msg::MailSignBody,
                &[("pairing", &title), ("link", &link)],
                link.clone(),
            )
            .await;
        }
    }
    Ok(())
}

/// A city's signatory signs the agreement's current version; the last
/// signature starts the cooperation period and lays out the programme's
/// milestones.
pub async fn sign(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    form: &SignatureForm,
) -> Result<bool, AppError> {
    let (p, access, _) = load_inside(ctx, id, user).await?;
    let city = access
        .city
        .filter(|_| access.signatory)
        .ok_or(AppError::Forbidden)?;
    if !p.state.can_sign() {
        return Err(AppError::Refused(Msg::ErrNotSigning));
    }
    let today = today(ctx);
    let (name, role, day) = form
        .validate(today)
        .map_err(|e| AppError::validation(e.field, e.msg))?;
    let cities = p.city_ids();
    let outcome = ctx
        .store
        .sign(
            id,
            &NewSignature {
                city_id: city,
                agreement_version: p.agreement_version,
                signer: user.id,
                name,
                role,
                signed_on: day.to_string(),
                now: ctx.now(),
                ends_on: period_end(today).to_string(),
                milestones: programme_milestones(today, &cities)
                    .into_iter()
                    .map(|(k, c, d)| (k, c, d.to_string()))
                    .collect(),
                cities,
            },
        )
        .await?;
    match outcome {
        SignOutcome::Refused => Err(AppError::Refused(Msg::ErrAlreadySigned)),
        SignOutcome::Signed => Ok(false),
        SignOutcome::Started => Ok(true),
    }
}

fn require(cond: bool) -> Result<(), AppError> {
    if cond {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Adds a member (who has an account) to a city's team, or changes their
/// part; staff or that city's coordinator. The member is told by e-mail.
pub async fn set_member(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    city_id: i64,
    email: &str,
    coordinator: bool,
    signatory: bool,
) -> Result<(), AppError> {
    let (p, access, team) = load_inside(ctx, id, user).await?;
    require(access.manages(city_id))?;
    if !p.cities.iter().any(|c| c.city_id == city_id) {
        return Err(AppError::validation("city", Msg::ErrChoice));
    }
    let member = ctx
        .store
        .user_by_email(email.trim())
        .await?
        .ok_or(AppError::validation("email", Msg::ErrMemberUnknown))?;
    let was = team.iter().any(|m| m.user_id == member.id);
    ctx.store
        .set_team_member(id, member.id, city_id, coordinator, signatory, ctx.now())
        .await?;
    if !was {
        let link = format!("{}/pairing/{id}/space", ctx.config.base_url);
        super::super::mail_member(
            ctx,
            (&member.email, &member.name, member.locale),
            Msg::MailTeamSubject,
            Msg::MailTeamBody,
            &[
                ("name", &user.name),
                ("pairing", &super::title(&p)),
                ("link", &link),
            ],
            link.clone(),
        )
        .await;
    }
    Ok(())
}

pub async fn remove_member(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    member: i64,
) -> Result<(), AppError> {
    let (_, access, team) = load_inside(ctx, id, user).await?;
    let m = team
        .iter()
        .find(|m| m.user_id.0 == member)
        .ok_or(AppError::NotFound)?;
    require(access.manages(m.city_id))?;
    ctx.store.remove_team_member(id, m.user_id).await?;
    Ok(())
}

fn team_only(access: &Access) -> Result<(), AppError> {
    require(access.team())
}

pub async fn add_milestone(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    form: &MilestoneForm,
) -> Result<(), AppError> {
    let (_, access, _) = load_inside(ctx, id, user).await?;
    require(access.team() || access.staff)?;
    let (title, due) = form
        .validate()
        .map_err(|e| AppError::validation(e.field, e.msg))?;
    ctx.store
        .add_milestone(id, &title, &due.to_string())
        .await?;
    Ok(())
}

pub async fn milestone_done(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    milestone: i64,
    done: bool,
) -> Result<(), AppError> {
    let (_, access, _) = load_inside(ctx, id, user).await?;
    require(access.team() || access.staff)?;
    let day = today(ctx).to_string();
    if !ctx
        .store
        .set_milestone_done(id, milestone, done.then_some(day.as_str()))
        .await?
    {
        return Err(AppError::NotFound);
    }
    Ok(())
}

pub async fn save_activity(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    activity: i64,
    form: &ActivityForm,
) -> Result<i64, AppError> {
    let (p, access, _) = load_inside(ctx, id, user).await?;
    team_only(&access)?;
    let a = form
        .validate()
        .map_err(|e| AppError::validation(e.field, e.msg))?;
    if let Some(c) = a.city_id {
        if !p.cities.iter().any(|x| x.city_id == c) {
            return Err(AppError::validation("city", Msg::ErrChoice));
        }
    }
    if let Some(e) = a.event_id {
        if ctx.store.event(e).await?.is_none() {
            return Err(AppError::validation("event", Msg::ErrEventRef));
        }
    }
    ctx.store
        .save_activity(
            id,
            (activity > 0).then_some(activity),
            &a,
            user.id,
            ctx.now(),
        )
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn delete_activity(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    activity: i64,
) -> Result<(), AppError> {
    let (_, access, _) = load_inside(ctx, id, user).await?;
    team_only(&access)?;
    if !ctx.store.delete_activity(id, activity).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

pub async fn add_note(ctx: &Ctx, user: &UserRecord, id: i64, body: &str) -> Result<(), AppError> {
    load_inside(ctx, id, user).await?;
    let body = block("body", body, MAX_NOTE).map_err(|e| AppError::validation(e.field, e.msg))?;
    if body.is_empty() {
        return Err(AppError::validation("body", Msg::ErrRequired));
    }
    ctx.store.add_note(id, user.id, &body, ctx.now()).await?;
    Ok(())
}

/// Removes a document from the team's space; its stored name, for the
/// caller to delete the file.
pub async fn remove_file(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    file: i64,
) -> Result<String, AppError> {
    let (_, access, _) = load_inside(ctx, id, user).await?;
    team_only(&access)?;
    ctx.store
        .remove_pairing_file(id, file)
        .await?
        .ok_or(AppError::NotFound)
}

/// A document of the team's space, for the team and staff.
pub async fn file_for(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    file: i64,
) -> Result<crate::store::pairings::SpaceItem, AppError> {
    load_inside(ctx, id, user).await?;
    ctx.store
        .pairing_files(id)
        .await?
        .into_iter()
        .find(|f| f.id == file)
        .ok_or(AppError::NotFound)
}

/// The team adds a PDF it received (see `server::pairing_routes`).
pub async fn attach_file(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    name: &str,
    stored: &str,
    size: i64,
) -> Result<i64, AppError> {
    let (_, access, _) = load_inside(ctx, id, user).await?;
    team_only(&access)?;
    let name = crate::domain::profile::one_line("file", name, 200)
        .map_err(|e| AppError::validation(e.field, e.msg))?;
    Ok(ctx
        .store
        .add_pairing_file(id, user.id, &name, stored, size, ctx.now())
        .await?)
}

/// Whether the reader may add documents (the team).
pub async fn may_upload(ctx: &Ctx, user: &UserRecord, id: i64) -> Result<(), AppError> {
    let (_, access, _) = load_inside(ctx, id, user).await?;
    team_only(&access)
}
