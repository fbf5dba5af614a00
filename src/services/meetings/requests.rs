//! Meeting requests between participants: asking, answering, cancelling, and the notes after.

use super::*;

/// Asks `to` for a meeting. Both must take part; `to` must be findable.
/// When `to` had already asked, this accepts their request.
pub async fn request(
    ctx: &Ctx,
    user: &UserRecord,
    id: i64,
    to: i64,
    note: &str,
    now: i64,
) -> Result<Requested, AppError> {
    let store = &*ctx.store;
    participant(store, id, user).await?;
    if to == user.id.0 {
        return Err(AppError::Refused(Msg::ErrMeetingSelf));
    }
    let note = meeting::request_note(note)?;
    let facts = store.member_facts(&[to]).await?;
    let takes_part = store.meeting_participants(id).await?.contains(&to);
    if !takes_part || !findable(facts.first().map(|(_, f)| f)) {
        return Err(AppError::NotFound);
    }
    // two people asking each other at the same instant: one insert loses on
    // the pair's unique key; asked again, it finds the other's request and
    // accepts it
    let out = match store.request_meeting(id, user.id, to, &note, now).await {
        Err(crate::store::StoreError::Duplicate) => {
            store.request_meeting(id, user.id, to, &note, now).await?
        }
        other => other?,
    };
    if matches!(out, Requested::Created(_)) {
        crate::services::social::notifications::notify(
            ctx,
            to,
            crate::domain::social::NotificationKind::Meeting,
            Some(user.id.0),
            &format!("meeting:{id}"),
        )
        .await?;
    }
    match out {
        Requested::Created(_) => {
            mail(
                ctx,
                id,
                to,
                user,
                Msg::MailMeetingAskedSubject,
                Msg::MailMeetingAskedBody,
                &note,
            )
            .await
        }
        Requested::AcceptedTheirs(_) => {
            mail(
                ctx,
                id,
                to,
                user,
                Msg::MailMeetingAcceptedSubject,
                Msg::MailMeetingAcceptedBody,
                "",
            )
            .await
        }
        Requested::Exists(_) => return Err(AppError::Refused(Msg::ErrMeetingExists)),
    }
    Ok(out)
}

async fn mail(
    ctx: &Ctx,
    event: i64,
    to: i64,
    from: &UserRecord,
    subject: Msg,
    body: Msg,
    note: &str,
) {
    let (Ok(Some(u)), Ok(Some(e))) = (
        ctx.store.user_by_id(UserId(to)).await,
        ctx.store.event(event).await,
    ) else {
        return;
    };
    let link = format!("{}/events/{event}/meetings", ctx.config.base_url);
    let title = texts_for(&e, u.locale).0;
    let args = [
        ("name", from.name.as_str()),
        ("event", title.as_str()),
        ("note", note),
        ("link", link.as_str()),
    ];
    crate::services::mail_member(
        ctx,
        (&u.email, &u.name, u.locale),
        subject,
        body,
        &args,
        link.clone(),
    )
    .await;
}

/// A request `user` is one side of (others get a 404, as for none).
async fn own_request(
    store: &dyn Store,
    user: &UserRecord,
    request: i64,
) -> Result<RequestRecord, AppError> {
    store
        .meeting_request(request)
        .await?
        .filter(|r| r.involves(user.id.0))
        .ok_or(AppError::NotFound)
}

/// The person asked accepts or declines. A second answer (another tab,
/// someone faster) is refused without changing anything.
pub async fn answer(
    ctx: &Ctx,
    user: &UserRecord,
    request: i64,
    accept: bool,
    now: i64,
) -> Result<(), AppError> {
    let store = &*ctx.store;
    let r = own_request(store, user, request).await?;
    if r.to_id != user.id.0 {
        return Err(AppError::Forbidden);
    }
    participant(store, r.event_id, user).await?;
    if !store.answer_meeting(request, user.id, accept, now).await? {
        return Err(AppError::Refused(Msg::ErrMeetingAnswered));
    }
    if accept {
        mail(
            ctx,
            r.event_id,
            r.from_id,
            user,
            Msg::MailMeetingAcceptedSubject,
            Msg::MailMeetingAcceptedBody,
            "",
        )
        .await;
    }
    Ok(())
}

/// Either side calls off a pending or accepted meeting.
pub async fn cancel(
    store: &dyn Store,
    user: &UserRecord,
    request: i64,
    now: i64,
) -> Result<i64, AppError> {
    let r = own_request(store, user, request).await?;
    if !store.cancel_meeting(request, user.id, now).await? {
        return Err(AppError::Refused(Msg::ErrMeetingAnswered));
    }
    Ok(r.event_id)
}

/// One side's notes after (or before) a meeting: private to the two.
pub async fn save_note(
    store: &dyn Store,
    user: &UserRecord,
    request: i64,
    form: &OutcomeForm,
    now: i64,
) -> Result<i64, AppError> {
    let r = own_request(store, user, request).await?;
    if r.status != RequestStatus::Accepted {
        return Err(AppError::Refused(Msg::ErrMeetingNotAccepted));
    }
    let v = form.validate(&today(now))?;
    store
        .save_meeting_note(&NoteRecord {
            request_id: request,
            user_id: user.id.0,
            outcome: v.outcome,
            next_steps: v.next_steps,
            remind_on: v.remind_on,
            updated_at: now,
        })
        .await?;
    Ok(r.event_id)
}
