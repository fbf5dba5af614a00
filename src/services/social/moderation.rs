//! Moderation: members report posts, comments, messages and profiles;
//! content reported by `social.report_threshold` distinct members is hidden
//! until a moderator looks. Staff moderate everything; a network's
//! moderators the posts filed in their network (and their comments). Every
//! action is logged with who and why.

use crate::domain::social::{hidden_by_reports, ModAction, ReportReason, Subject};
use crate::domain::{Locale, Role, UserId};
use crate::dto::{LogEntry, ModerationQueue, QueueItem};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::services::context::Ctx;
use crate::services::news::zone_or_utc;
use crate::store::social::PostRecord;
use crate::store::UserRecord;
use std::collections::BTreeMap;

fn staff(user: &UserRecord) -> bool {
    user.role >= Role::Staff
}

/// Networks the member moderates.
async fn moderated(ctx: &Ctx, user: &UserRecord) -> Result<Vec<i64>, AppError> {
    Ok(ctx
        .store
        .memberships_of(user.id.0)
        .await?
        .into_iter()
        .filter(|m| m.role == "moderator" && m.status == "active")
        .map(|m| m.network_id)
        .collect())
}

/// Staff, or a moderator of a network the post is filed in.
pub async fn may_moderate_post(
    ctx: &Ctx,
    user: &UserRecord,
    p: &PostRecord,
) -> Result<bool, AppError> {
    if staff(user) {
        return Ok(true);
    }
    let mine = moderated(ctx, user).await?;
    if mine.is_empty() {
        return Ok(false);
    }
    if p.network_id.is_some_and(|n| mine.contains(&n)) {
        return Ok(true);
    }
    for t in p.theme_list() {
        if let Some(n) = ctx.store.network_of_theme(&t).await? {
            if mine.contains(&n) {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// The post a subject belongs to (itself, or a comment's), if any.
async fn post_of(ctx: &Ctx, s: Subject) -> Result<Option<PostRecord>, AppError> {
    let id = match s {
        Subject::Post(id) => id,
        Subject::Comment(id) => match ctx.store.comment(id).await? {
            Some(c) => c.post_id,
            None => return Ok(None),
        },
        _ => return Ok(None),
    };
    Ok(ctx.store.post(id).await?)
}

pub async fn may_moderate(ctx: &Ctx, user: &UserRecord, s: Subject) -> Result<bool, AppError> {
    if staff(user) {
        return Ok(true);
    }
    match post_of(ctx, s).await? {
        Some(p) => may_moderate_post(ctx, user, &p).await,
        None => Ok(false),
    }
}

/// Who wrote the subject, and whether the reporter can see it.
async fn author_of(ctx: &Ctx, user: &UserRecord, s: Subject) -> Result<i64, AppError> {
    let store = &*ctx.store;
    match s {
        Subject::Post(id) => {
            let p = store.post(id).await?.ok_or(AppError::NotFound)?;
            if !super::readable(ctx, Some(user), &p).await? {
                return Err(AppError::NotFound);
            }
            Ok(p.author_id)
        }
        Subject::Comment(id) => {
            let c = store.comment(id).await?.ok_or(AppError::NotFound)?;
            let p = store.post(c.post_id).await?.ok_or(AppError::NotFound)?;
            if !super::readable(ctx, Some(user), &p).await? {
                return Err(AppError::NotFound);
            }
            Ok(c.author_id)
        }
        Subject::Message(id) => {
            // only a message sent to the reporter
            let m = store.message(id).await?.ok_or(AppError::NotFound)?;
            let other = store
                .conversations_of(user.id.0)
                .await?
                .into_iter()
                .find(|c| c.id == m.conversation_id)
                .ok_or(AppError::NotFound)?;
            if m.sender_id != other.other_id {
                return Err(AppError::NotFound);
            }
            Ok(m.sender_id)
        }
        Subject::Member(id) => {
            store
                .user_by_id(UserId(id))
                .await?
                .ok_or(AppError::NotFound)?;
            Ok(id)
        }
    }
}

/// A member reports something; at the threshold it is hidden until a
/// moderator looks. Reporting the same thing twice is refused.
pub async fn report(
    ctx: &Ctx,
    user: &UserRecord,
    subject: &str,
    reason: &str,
    note: &str,
) -> Result<(), AppError> {
    let s = Subject::parse(subject).ok_or(AppError::NotFound)?;
    let reason = ReportReason::parse(reason)?;
    let note = crate::domain::profile::block("note", note, 1000)?;
    let author = author_of(ctx, user, s).await?;
    if author == user.id.0 {
        return Err(AppError::Refused(Msg::ErrReportOwn));
    }
    super::pace(ctx, user, "report", 30).await?;
    let n = match ctx
        .store
        .report(&s.code(), user.id, reason.as_str(), &note, ctx.now())
        .await
    {
        Ok(n) => n,
        Err(crate::store::StoreError::Duplicate) => {
            return Err(AppError::Refused(Msg::ErrReportedAlready))
        }
        Err(e) => return Err(e.into()),
    };
    if hidden_by_reports(n, ctx.config.social.report_threshold) && !matches!(s, Subject::Member(_))
    {
        // 1: hidden until a moderator looks (never lowers a moderator's 2)
        let current = hidden_level(ctx, s).await?;
        if current == 0 {
            ctx.store.set_hidden(&s.code(), 1).await?;
            tracing::info!(subject = %s.code(), reports = n, "hidden by reports");
        }
    }
    Ok(())
}

async fn hidden_level(ctx: &Ctx, s: Subject) -> Result<i64, AppError> {
    Ok(match s {
        Subject::Post(id) => ctx.store.post(id).await?.map(|p| p.hidden).unwrap_or(0),
        Subject::Comment(id) => ctx.store.comment(id).await?.map(|c| c.hidden).unwrap_or(0),
        Subject::Message(id) => ctx.store.message(id).await?.map(|m| m.hidden).unwrap_or(0),
        Subject::Member(_) => 0,
    })
}

/// The open reports the member may act on, grouped by subject, with the log.
pub async fn queue(
    ctx: &Ctx,
    user: &UserRecord,
    locale: Locale,
    zone: Option<&str>,
) -> Result<ModerationQueue, AppError> {
    let is_staff = staff(user);
    if !is_staff && moderated(ctx, user).await?.is_empty() {
        return Err(AppError::Forbidden);
    }
    let tz = zone_or_utc(zone);
    let mut groups: BTreeMap<String, Vec<crate::store::social::ReportRecord>> = BTreeMap::new();
    for r in ctx.store.open_reports().await? {
        groups.entry(r.subject.clone()).or_default().push(r);
    }
    let mut items = Vec::new();
    for (subject, reports) in groups {
        let Some(s) = Subject::parse(&subject) else {
            continue;
        };
        if !may_moderate(ctx, user, s).await? {
            continue;
        }
        let (kind, excerpt, href, author_id, hidden) = match s {
            Subject::Post(id) => match ctx.store.post(id).await? {
                Some(p) => (
                    Msg::SubjectPost,
                    p.body.clone(),
                    format!("/posts/{id}"),
                    p.author_id,
                    p.hidden != 0,
                ),
                None => continue,
            },
            Subject::Comment(id) => match ctx.store.comment(id).await? {
                Some(c) => (
                    Msg::SubjectComment,
                    c.body.clone(),
                    format!("/posts/{}#comment-{id}", c.post_id),
                    c.author_id,
                    c.hidden != 0,
                ),
                None => continue,
            },
            Subject::Message(id) => match ctx.store.message(id).await? {
                // the moderator reads the one reported message, not the conversation
                Some(m) => (
                    Msg::SubjectMessage,
                    m.body.clone(),
                    String::new(),
                    m.sender_id,
                    m.hidden != 0,
                ),
                None => continue,
            },
            Subject::Member(id) => (
                Msg::SubjectMember,
                String::new(),
                format!("/people/{id}"),
                id,
                false,
            ),
        };
        let author = ctx.store.user_by_id(UserId(author_id)).await?;
        let mut reasons: Vec<String> = reports
            .iter()
            .map(|r| {
                let label = ReportReason::parse(&r.reason)
                    .map(|x| x.label().text(locale).to_owned())
                    .unwrap_or_default();
                if r.note.is_empty() {
                    format!("{label} ({})", r.reporter_name)
                } else {
                    format!("{label} ({}): {}", r.reporter_name, r.note)
                }
            })
            .collect();
        reasons.dedup();
        items.push(QueueItem {
            subject: subject.clone(),
            kind: kind.text(locale).to_owned(),
            excerpt: crate::domain::news::excerpt_of(&excerpt, 280),
            href,
            author_id,
            author_name: author.as_ref().map(|a| a.name.clone()).unwrap_or_default(),
            author_suspended: ctx.store.is_suspended(author_id).await?,
            reporters: reports.len() as i64,
            reasons,
            hidden,
        });
    }
    // most reported first
    items.sort_by_key(|i| std::cmp::Reverse(i.reporters));
    let log = if is_staff {
        ctx.store
            .moderation_log(50)
            .await?
            .into_iter()
            .map(|e| LogEntry {
                who: e.moderator_name.unwrap_or_default(),
                action: ModAction::parse(&e.action)
                    .map(|a| a.label().text(locale).to_owned())
                    .unwrap_or(e.action),
                subject: e.subject,
                reason: e.reason,
                date: crate::services::time::instant(locale, e.created_at, tz),
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(ModerationQueue {
        items,
        log,
        threshold: ctx.config.social.report_threshold,
    })
}

/// A moderator acts: hide, restore, dismiss the reports; staff also suspend
/// or reinstate the author. The reason is logged with who did it.
pub async fn act(
    ctx: &Ctx,
    user: &UserRecord,
    subject: &str,
    action: &str,
    reason: &str,
) -> Result<(), AppError> {
    let s = Subject::parse(subject).ok_or(AppError::NotFound)?;
    let action = ModAction::parse(action)?;
    let reason = crate::domain::profile::one_line("reason", reason, 300)?;
    if !may_moderate(ctx, user, s).await? {
        return Err(AppError::Forbidden);
    }
    let store = &*ctx.store;
    let now = ctx.now();
    let code = s.code();
    match action {
        ModAction::Hide => {
            store.set_hidden(&code, 2).await?;
            store.resolve_reports(&code, now).await?;
        }
        ModAction::Restore | ModAction::Dismiss => {
            store.set_hidden(&code, 0).await?;
            store.resolve_reports(&code, now).await?;
        }
        ModAction::Suspend | ModAction::Reinstate => {
            if !staff(user) {
                return Err(AppError::Forbidden);
            }
            if reason.is_empty() {
                return Err(AppError::validation("reason", Msg::ErrRequired));
            }
            let member = match s {
                Subject::Member(id) => id,
                _ => author_id_of(ctx, s).await?,
            };
            if member == user.id.0 {
                return Err(AppError::Forbidden);
            }
            let at = (action == ModAction::Suspend).then_some(now);
            store.set_suspended(member, at).await?;
            store.resolve_reports(&code, now).await?;
            store
                .log_moderation(
                    user.id,
                    action.as_str(),
                    &format!("member:{member}"),
                    &reason,
                    now,
                )
                .await?;
            tracing::info!(
                member,
                suspended = at.is_some(),
                "member suspension changed"
            );
            return Ok(());
        }
    }
    store
        .log_moderation(user.id, action.as_str(), &code, &reason, now)
        .await?;
    tracing::info!(subject = %code, action = action.as_str(), "moderated");
    Ok(())
}

async fn author_id_of(ctx: &Ctx, s: Subject) -> Result<i64, AppError> {
    let store = &*ctx.store;
    Ok(match s {
        Subject::Post(id) => store.post(id).await?.ok_or(AppError::NotFound)?.author_id,
        Subject::Comment(id) => {
            store
                .comment(id)
                .await?
                .ok_or(AppError::NotFound)?
                .author_id
        }
        Subject::Message(id) => {
            store
                .message(id)
                .await?
                .ok_or(AppError::NotFound)?
                .sender_id
        }
        Subject::Member(id) => id,
    })
}
