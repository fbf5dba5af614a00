//! Matchmaking: people to meet, each with the reasons in the reader's
//! language, and the member's verdicts that change what comes next.

use super::labels::{language_list, theme_list};
use super::network::card;
use crate::domain::profile::Sector;
use crate::domain::recommend::Match;
use crate::domain::{Locale, UserId};
use crate::dto::{Suggestion, Suggestions};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::store::{PersonRow, Store, ThemeRow, UserRecord};

/// How many people a member is shown.
pub const SUGGESTIONS: i64 = 12;

/// "3 shared themes: housing, circular economy, mobility; you both speak
/// Spanish; Lyon offers what you seek in housing".
pub fn reasons(m: &Match, p: &PersonRow, themes: &[ThemeRow], locale: Locale) -> Vec<String> {
    let mut out = Vec::new();
    let first_name = p
        .name
        .split_whitespace()
        .next()
        .unwrap_or(&p.name)
        .to_owned();
    if m.they_offer != 0 {
        out.push(Msg::WhyTheyOffer.fill(
            locale,
            &[
                ("name", &first_name),
                ("themes", &theme_list(m.they_offer, themes, locale)),
            ],
        ));
    }
    if m.i_offer != 0 {
        out.push(Msg::WhyYouOffer.fill(
            locale,
            &[
                ("name", &first_name),
                ("themes", &theme_list(m.i_offer, themes, locale)),
            ],
        ));
    }
    if m.shared_themes != 0 {
        let n = m.shared_themes.count_ones();
        let msg = if n == 1 {
            Msg::WhySharedTheme
        } else {
            Msg::WhySharedThemes
        };
        out.push(msg.fill(
            locale,
            &[
                ("count", &n.to_string()),
                ("themes", &theme_list(m.shared_themes, themes, locale)),
            ],
        ));
    }
    if m.shared_langs != 0 {
        out.push(Msg::WhyLanguages.fill(
            locale,
            &[("languages", &language_list(m.shared_langs, locale))],
        ));
    }
    if m.other_sector {
        if let Some(s) = p.sector.as_deref().and_then(Sector::parse) {
            out.push(Msg::WhySector.fill(
                locale,
                &[("sector", &s.label().text(locale).to_lowercase())],
            ));
        }
    }
    if m.across || m.abroad {
        let place = p.city_name.clone().unwrap_or_default();
        let msg = if m.across {
            Msg::WhyAcross
        } else {
            Msg::WhyAbroad
        };
        out.push(msg.fill(locale, &[("place", &place)]));
    }
    if m.same_size {
        out.push(Msg::WhySameSize.text(locale).to_owned());
    }
    if m.liked != 0 {
        out.push(Msg::WhyLiked.fill(locale, &[("themes", &theme_list(m.liked, themes, locale))]));
    }
    out
}

/// People `user` could meet, best first, each with why.
pub async fn suggestions(
    store: &dyn Store,
    user: &UserRecord,
    locale: Locale,
) -> Result<Suggestions, AppError> {
    let (found, themes) =
        tokio::try_join!(store.suggest_people(user.id, SUGGESTIONS), store.themes())?;
    let Some(found) = found else {
        return Ok(Suggestions {
            people: Vec::new(),
            needs_profile: true,
        });
    };
    Ok(Suggestions {
        people: found
            .into_iter()
            .map(|(p, m)| {
                let reasons = reasons(&m, &p, &themes, locale);
                Suggestion {
                    person: card(p, &themes, locale),
                    reasons,
                }
            })
            .collect(),
        needs_profile: false,
    })
}

/// "hide", "useful" or "undo" a suggestion of `other`.
pub async fn feedback(
    store: &dyn Store,
    user: &UserRecord,
    other: i64,
    verdict: &str,
    now: i64,
) -> Result<(), AppError> {
    let v = match verdict {
        "hide" => Some("hidden"),
        "useful" => Some("useful"),
        "undo" => None,
        _ => return Err(AppError::validation("verdict", Msg::ErrChoice)),
    };
    if other == user.id.0 {
        return Err(AppError::validation("verdict", Msg::ErrChoice));
    }
    store
        .user_by_id(UserId(other))
        .await?
        .ok_or(AppError::NotFound)?;
    store
        .set_suggestion_feedback(user.id, other, v, now)
        .await
        .map_err(AppError::from)
}

// ---------------------------------------------------------------- connections

fn connection_view(
    c: &crate::store::ties::ConnectionRecord,
    me: i64,
    people: &std::collections::HashMap<i64, PersonRow>,
    themes: &[ThemeRow],
    locale: Locale,
) -> Option<crate::dto::ConnectionView> {
    let p = people.get(&c.other(me))?.clone();
    Some(crate::dto::ConnectionView {
        id: c.id,
        person: card(p, themes, locale),
        note: c.note.clone(),
        // whoever asked is not told of a refusal: it stays "waiting"
        status: if c.status == "declined" && c.from_id == me {
            "pending".to_owned()
        } else {
            c.status.clone()
        },
        incoming: c.to_id == me,
    })
}

/// People cards of these members, by id.
pub(crate) async fn cards_by_id(
    store: &dyn Store,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, PersonRow>, AppError> {
    Ok(store
        .people_cards(ids)
        .await?
        .into_iter()
        .map(|p| (p.user_id, p))
        .collect())
}

async fn findable(store: &dyn Store, id: i64) -> Result<bool, AppError> {
    let f = store.member_facts(&[id]).await?;
    Ok(f.first()
        .is_some_and(|(_, f)| f.listed && f.visibility <= 1))
}

/// Asks `to` to connect, with a note; mails them. Accepts their request
/// when they had asked first. Hidden members cannot be asked.
pub async fn connect(
    ctx: &super::Ctx,
    user: &UserRecord,
    to: i64,
    note: &str,
    now: i64,
) -> Result<String, AppError> {
    use crate::store::meetings::Requested;
    let store = &*ctx.store;
    if to == user.id.0 {
        return Err(AppError::Refused(Msg::ErrConnectSelf));
    }
    let note = crate::domain::meeting::request_note(note)?;
    if !findable(store, to).await? {
        return Err(AppError::NotFound);
    }
    let out = match store.request_connection(user.id, to, &note, now).await {
        Err(crate::store::StoreError::Duplicate) => {
            store.request_connection(user.id, to, &note, now).await?
        }
        other => other?,
    };
    match out {
        Requested::Exists(_) => Err(AppError::Refused(Msg::ErrConnectExists)),
        Requested::AcceptedTheirs(_) => Ok("accepted".into()),
        Requested::Created(c) => {
            super::social::notifications::notify(
                ctx,
                to,
                crate::domain::social::NotificationKind::Connection,
                Some(user.id.0),
                &format!("connection:{c}"),
            )
            .await?;
            if let Ok(Some(other)) = store.user_by_id(UserId(to)).await {
                let link = format!("{}/account/connections", ctx.config.base_url);
                let args = [
                    ("name", user.name.as_str()),
                    ("note", note.as_str()),
                    ("link", link.as_str()),
                ];
                super::mail_member(
                    ctx,
                    (&other.email, &other.name, other.locale),
                    Msg::MailConnectSubject,
                    Msg::MailConnectBody,
                    &args,
                    link.clone(),
                )
                .await;
            }
            Ok("sent".into())
        }
    }
}

/// The person asked accepts or declines.
pub async fn answer_connection(
    store: &dyn Store,
    user: &UserRecord,
    id: i64,
    accept: bool,
    now: i64,
) -> Result<(), AppError> {
    let mine = store.connections_of(user.id.0).await?;
    let c = mine.iter().find(|c| c.id == id).ok_or(AppError::NotFound)?;
    if c.to_id != user.id.0 {
        return Err(AppError::Forbidden);
    }
    if !store.answer_connection(id, user.id, accept, now).await? {
        return Err(AppError::Refused(Msg::ErrConnectAnswered));
    }
    Ok(())
}

/// Either side removes a connection, or withdraws a request.
pub async fn remove_connection(
    store: &dyn Store,
    user: &UserRecord,
    id: i64,
) -> Result<(), AppError> {
    if !store.remove_connection(id, user.id).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// The reader's requests and connections.
pub async fn connections(
    store: &dyn Store,
    user: &UserRecord,
    locale: Locale,
) -> Result<crate::dto::ConnectionsPage, AppError> {
    let me = user.id.0;
    let (all, themes) = tokio::try_join!(store.connections_of(me), store.themes())?;
    let ids: Vec<i64> = all.iter().map(|c| c.other(me)).collect();
    let people = cards_by_id(store, &ids).await?;
    let mut page = crate::dto::ConnectionsPage {
        incoming: Vec::new(),
        outgoing: Vec::new(),
        connections: Vec::new(),
    };
    for c in &all {
        let Some(v) = connection_view(c, me, &people, &themes, locale) else {
            continue;
        };
        match (c.status.as_str(), v.incoming) {
            ("accepted", _) => page.connections.push(v),
            ("pending", true) => page.incoming.push(v),
            ("declined", true) => {}
            _ => page.outgoing.push(v),
        }
    }
    Ok(page)
}

/// On a member's profile: the reader's tie with them and their accepted
/// connections (members the reader may find; none for visitors).
pub async fn profile_ties(
    store: &dyn Store,
    viewer: Option<&UserRecord>,
    member: i64,
    locale: Locale,
) -> Result<crate::dto::ProfileTies, AppError> {
    let Some(user) = viewer else {
        return Ok(crate::dto::ProfileTies {
            can_connect: false,
            between: None,
            connections: Vec::new(),
        });
    };
    let me = user.id.0;
    // the same rule as the profile page: nothing to learn about someone the
    // reader may not see
    let record = store
        .profile(UserId(member))
        .await?
        .ok_or(AppError::NotFound)?;
    if !super::network::may_view(&record, viewer) {
        return Err(AppError::NotFound);
    }
    let (theirs, mine, themes) = tokio::try_join!(
        store.connections_of(member),
        store.connections_of(me),
        store.themes()
    )?;
    let accepted: Vec<i64> = theirs
        .iter()
        .filter(|c| c.status == "accepted")
        .map(|c| c.other(member))
        .collect();
    let facts: std::collections::HashMap<i64, crate::store::people::Fact> =
        store.member_facts(&accepted).await?.into_iter().collect();
    let visible: Vec<i64> = accepted
        .into_iter()
        .filter(|id| *id == me || facts.get(id).is_some_and(|f| f.listed && f.visibility <= 1))
        .collect();
    let mut ids = visible.clone();
    ids.push(member);
    let people = cards_by_id(store, &ids).await?;
    let between = mine
        .iter()
        .find(|c| c.other(me) == member)
        .and_then(|c| connection_view(c, me, &people, &themes, locale));
    Ok(crate::dto::ProfileTies {
        can_connect: me != member && findable(store, member).await?,
        between,
        connections: visible
            .iter()
            .filter_map(|id| people.get(id).cloned())
            .map(|p| card(p, &themes, locale))
            .collect(),
    })
}
