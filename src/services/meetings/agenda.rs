//! Agendas out of Tandem: the .ics file and feed entries, meetings met before, reminders by e-mail.

use super::*;

/// The meetings of a member as calendar entries (their agenda file and feed).
pub fn ics_meetings(
    ctx: &Ctx,
    meetings: &[crate::store::meetings::MetRecord],
    locale: Locale,
) -> Vec<crate::services::ics::IcsEvent> {
    let host = crate::services::ics::uid_host(&ctx.config.base_url);
    meetings
        .iter()
        .map(|m| {
            let url = format!("{}/events/{}/meetings", ctx.config.base_url, m.event_id);
            // an online event has a video link and virtual rooms
            let label = if m.join_url.is_empty() {
                Msg::MeetingTable
            } else {
                Msg::MeetingRoom
            };
            let table = m
                .table_no
                .map(|t| label.fill(locale, &[("n", &t.to_string())]))
                .unwrap_or_default();
            let location = [table.clone(), m.venue.clone()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            crate::services::ics::IcsEvent {
                uid: format!("meeting-{}@{}", m.request_id, host),
                sequence: m.run_at,
                starts_at: m.starts_at,
                ends_at: m.ends_at,
                timezone: m.timezone.clone(),
                summary: Msg::MeetingWith.fill(locale, &[("name", &m.other_name)]),
                description: format!("{}\n\n{url}", m.event_title),
                location: if m.join_url.is_empty() {
                    location
                } else {
                    m.join_url.clone()
                },
                url,
                status: crate::services::ics::IcsStatus::Confirmed,
                updated_at: m.run_at,
            }
        })
        .collect()
}

/// The participant's meetings at one event as an .ics file.
pub async fn agenda_file(ctx: &Ctx, user: &UserRecord, id: i64) -> Result<String, AppError> {
    let store = &*ctx.store;
    let e = participant(store, id, user).await?;
    let mine: Vec<_> = store
        .my_meetings(user.id, None)
        .await?
        .into_iter()
        .filter(|m| m.event_id == id)
        .collect();
    let name =
        Msg::MeetingsCalendarName.fill(user.locale, &[("event", &texts_for(&e, user.locale).0)]);
    Ok(crate::services::ics::calendar(
        &name,
        &ics_meetings(ctx, &mine, user.locale),
    ))
}

/// "Met before": the meetings the viewer had with this member, with both
/// sides' notes (private to the two: nobody else gets them).
pub async fn met_before(
    store: &dyn Store,
    viewer: &UserRecord,
    other: i64,
    locale: Locale,
    now: i64,
) -> Result<Vec<crate::dto::MetBeforeView>, AppError> {
    if viewer.id.0 == other {
        return Ok(Vec::new());
    }
    let met: Vec<_> = store
        .my_meetings(viewer.id, Some(other))
        .await?
        .into_iter()
        .filter(|m| m.starts_at <= now)
        .collect();
    let notes = store
        .meeting_notes(&met.iter().map(|m| m.request_id).collect::<Vec<_>>())
        .await?;
    Ok(met
        .into_iter()
        .map(|m| {
            let tz = time::zone(&m.timezone).unwrap_or(Tz::UTC);
            crate::dto::MetBeforeView {
                event_id: m.event_id,
                event_title: m.event_title.clone(),
                day: time::day_heading(locale, m.starts_at, tz).0,
                notes: notes
                    .iter()
                    .filter(|n| n.request_id == m.request_id)
                    .map(|n| MeetingNoteView {
                        author: if n.user_id == viewer.id.0 {
                            viewer.name.clone()
                        } else {
                            m.other_name.clone()
                        },
                        mine: n.user_id == viewer.id.0,
                        outcome: n.outcome.clone(),
                        next_steps: n.next_steps.clone(),
                        remind_on: n.remind_on.clone(),
                    })
                    .collect(),
            }
        })
        .collect())
}

/// Mails the follow-up reminders that are due; how many went out. Claiming
/// is atomic, so several instances never send one twice.
pub async fn send_reminders(ctx: &Ctx, now: i64) -> usize {
    let due = match ctx.store.claim_reminders(&today(now)).await {
        Ok(d) => d,
        Err(e) => {
            tracing::warn!(error = %e, "cannot look for meeting reminders");
            return 0;
        }
    };
    let mut sent = 0;
    for r in due {
        let link = format!("{}/events/{}/meetings", ctx.config.base_url, r.event_id);
        let args = [
            ("name", r.other_name.as_str()),
            ("next_steps", r.next_steps.as_str()),
            ("link", link.as_str()),
        ];
        if crate::services::mail_member(
            ctx,
            (&r.email, &r.name, r.locale),
            Msg::MailReminderSubject,
            Msg::MailReminderBody,
            &args,
            link.clone(),
        )
        .await
        {
            sent += 1;
        } else if let Err(e) = ctx.store.release_reminder(r.request_id, r.user_id).await {
            // the next poll tries again
            tracing::warn!(error = %e, "could not give a meeting reminder back");
        }
    }
    sent
}
