//! The demo's social network (`demo_social.json`): a dozen posts over the
//! past five weeks in English, French and Spanish (each member in their own
//! language, about their city's work), comments and a reply, reactions,
//! follows of members, cities and a pairing, members in three themed
//! networks, a closed network run by staff with a pending request, and two
//! conversations. Loaded after the rest of the demo, when no demo member
//! has posted yet.

use crate::domain::social::{PostVisibility, ReactionKind, Topic};
use crate::domain::UserId;
use crate::error::AppError;
use crate::store::social::{PostQuery, PostWrite};
use crate::store::Store;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;

#[derive(Deserialize)]
struct Demo {
    theme_networks: Vec<ThemeNetwork>,
    practitioners: Practitioners,
    follows: Vec<Follows>,
    posts: Vec<Post>,
    conversations: Vec<Conversation>,
}

#[derive(Deserialize)]
struct ThemeNetwork {
    theme: String,
    members: Vec<String>,
}

#[derive(Deserialize)]
struct Practitioners {
    name: String,
    description: String,
    days_ago: i64,
    moderator: String,
    members: Vec<String>,
    pending: Vec<String>,
}

#[derive(Deserialize)]
struct Follows {
    member: String,
    #[serde(default)]
    members: Vec<String>,
    /// (name, country code)
    #[serde(default)]
    cities: Vec<(String, String)>,
    /// each pairing by its cities
    #[serde(default)]
    pairings: Vec<Vec<i64>>,
}

#[derive(Deserialize)]
struct Post {
    author: String,
    hours_ago: i64,
    #[serde(default)]
    themes: Vec<String>,
    /// the pairing by its cities
    #[serde(default)]
    pairing: Vec<i64>,
    /// "practitioners": the staff network
    #[serde(default)]
    network: Option<String>,
    #[serde(default)]
    visibility: Option<String>,
    body: String,
    /// kind → who
    #[serde(default)]
    reactions: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    comments: Vec<Comment>,
}

#[derive(Deserialize)]
struct Comment {
    author: String,
    hours_after: i64,
    /// the index of the comment (on the same post) it answers
    #[serde(default)]
    reply_to: Option<usize>,
    body: String,
}

#[derive(Deserialize)]
struct Conversation {
    between: [String; 2],
    /// whether both have read it all (else the last message waits)
    read: bool,
    messages: Vec<Message>,
}

#[derive(Deserialize)]
struct Message {
    /// 0 or 1, in `between`
    from: usize,
    hours_ago: i64,
    body: String,
}

/// Loads the demo's social network unless a demo member has posted
/// already (or its staff network exists). Returns whether it did.
pub async fn load(store: &dyn Store, now: i64) -> Result<bool, AppError> {
    let demo: Demo =
        serde_json::from_str(include_str!("demo_social.json")).map_err(|e| super::internal(&e))?;
    // every demo member named anywhere, by e-mail
    let mut emails: Vec<String> = Vec::new();
    {
        let mut add = |e: &String| {
            if !emails.contains(e) {
                emails.push(e.clone());
            }
        };
        for f in &demo.follows {
            add(&f.member);
            f.members.iter().for_each(&mut add);
        }
        for n in &demo.theme_networks {
            n.members.iter().for_each(&mut add);
        }
        add(&demo.practitioners.moderator);
        demo.practitioners.members.iter().for_each(&mut add);
        demo.practitioners.pending.iter().for_each(&mut add);
        for p in &demo.posts {
            add(&p.author);
            p.reactions.values().flatten().for_each(&mut add);
            p.comments.iter().for_each(|c| add(&c.author));
        }
        for c in &demo.conversations {
            c.between.iter().for_each(&mut add);
        }
    }
    let ids: HashMap<String, i64> = store.user_ids(&emails).await?.into_iter().collect();
    let Some(&reader) = ids.values().next() else {
        return Ok(false);
    };
    let id = |email: &str| ids.get(email).copied();

    // idempotent: nothing when a demo member has posted already
    let posted = store
        .posts(&PostQuery {
            topics: ids.values().map(|u| Topic::Member(*u).code()).collect(),
            before: None,
            limit: 1,
            viewer: Some(reader),
        })
        .await?;
    if !posted.is_empty()
        || store
            .networks()
            .await?
            .iter()
            .any(|n| n.theme_id.is_none() && n.name == demo.practitioners.name)
    {
        return Ok(false);
    }

    // themed networks and who is in them
    store.sync_theme_networks(now).await?;
    let themes: Vec<String> = store.themes().await?.into_iter().map(|t| t.id).collect();
    let mut theme_network: HashMap<String, i64> = HashMap::new();
    for t in &themes {
        if let Some(n) = store.network_of_theme(t).await? {
            theme_network.insert(t.clone(), n);
        }
    }
    let joined = now - 45 * DAY;
    for n in &demo.theme_networks {
        let Some(&network) = theme_network.get(&n.theme) else {
            continue;
        };
        for m in n.members.iter().filter_map(|m| id(m)) {
            store
                .set_membership(network, m, Some(("active", "member")), joined)
                .await?;
        }
    }

    // the staff network: closed, with one request waiting
    let pr = &demo.practitioners;
    let practitioners = match id(&pr.moderator) {
        Some(staff) => {
            let at = now - pr.days_ago * DAY;
            let n = store
                .create_network(&pr.name, &pr.description, false, UserId(staff), at)
                .await?;
            store
                .set_membership(n, staff, Some(("active", "moderator")), at)
                .await?;
            for m in pr.members.iter().filter_map(|m| id(m)) {
                store
                    .set_membership(n, m, Some(("active", "member")), at + DAY)
                    .await?;
            }
            for m in pr.pending.iter().filter_map(|m| id(m)) {
                store
                    .set_membership(n, m, Some(("pending", "member")), now - 2 * DAY)
                    .await?;
            }
            Some(n)
        }
        None => None,
    };

    // pairings by their cities
    let pairings = store.pairings().await?;
    let pairing_of = |cities: &[i64]| -> Option<i64> {
        if cities.is_empty() {
            return None;
        }
        pairings
            .iter()
            .find(|p| {
                cities
                    .iter()
                    .all(|c| p.cities.iter().any(|x| x.city_id == *c))
            })
            .map(|p| p.id)
    };

    // follows: members, cities, pairings
    let followed = now - 40 * DAY;
    for f in &demo.follows {
        let Some(who) = id(&f.member) else { continue };
        let mut topics: Vec<String> = f
            .members
            .iter()
            .filter_map(|m| id(m))
            .filter(|m| *m != who)
            .map(|m| Topic::Member(m).code())
            .collect();
        for (name, country) in &f.cities {
            if let Some(c) = store.city_by_name(name, country).await? {
                topics.push(Topic::City(c.id).code());
            }
        }
        topics.extend(
            f.pairings
                .iter()
                .filter_map(|p| pairing_of(p))
                .map(|p| Topic::Pairing(p).code()),
        );
        for (k, t) in topics.iter().enumerate() {
            store
                .follow(UserId(who), t, true, followed + k as i64 * HOUR)
                .await?;
        }
    }

    // posts, oldest first (ids follow time), with comments and reactions
    let mut posts: Vec<&Post> = demo.posts.iter().collect();
    posts.sort_by_key(|p| std::cmp::Reverse(p.hours_ago));
    for p in posts {
        let Some(author) = id(&p.author) else {
            continue;
        };
        let at = now - p.hours_ago * HOUR;
        let city = store.profile(UserId(author)).await?.and_then(|x| x.city_id);
        let network = match p.network.as_deref() {
            Some("practitioners") => match practitioners {
                Some(n) => Some(n),
                None => continue,
            },
            _ => None,
        };
        let post_themes: Vec<String> = p
            .themes
            .iter()
            .filter(|t| themes.contains(t))
            .cloned()
            .collect();
        let pairing = pairing_of(&p.pairing);
        let mut topics = vec![Topic::Member(author).code()];
        topics.extend(city.map(|c| Topic::City(c).code()));
        topics.extend(
            post_themes
                .iter()
                .filter_map(|t| theme_network.get(t))
                .map(|n| Topic::Network(*n).code()),
        );
        topics.extend(network.map(|n| Topic::Network(n).code()));
        topics.extend(pairing.map(|x| Topic::Pairing(x).code()));
        let mut seen = std::collections::HashSet::new();
        topics.retain(|t| seen.insert(t.clone()));
        let visibility = match &p.visibility {
            Some(v) => PostVisibility::parse(v)?,
            None => PostVisibility::Public,
        };
        let write = PostWrite {
            body: p.body.clone(),
            visibility: visibility.as_str().to_owned(),
            city,
            themes: post_themes,
            event: None,
            pairing,
            network,
            topics,
        };
        let post = store.create_post(UserId(author), &write, at).await?;
        // just before now at the latest
        let when = |after: i64| (at + after).min(now - 60);
        let mut comments: Vec<i64> = Vec::new();
        for c in &p.comments {
            let Some(by) = id(&c.author) else {
                comments.push(0);
                continue;
            };
            let parent = c
                .reply_to
                .and_then(|k| comments.get(k).copied())
                .filter(|k| *k > 0);
            let cid = store
                .add_comment(
                    post,
                    parent,
                    UserId(by),
                    &c.body,
                    when(c.hours_after * HOUR),
                )
                .await?;
            comments.push(cid);
        }
        for (n, (kind, who)) in p.reactions.iter().enumerate() {
            let kind = ReactionKind::parse(kind)?;
            for (k, u) in who.iter().filter_map(|u| id(u)).enumerate() {
                if u == author {
                    continue;
                }
                let after = (n as i64 * 3 + k as i64 + 1) * HOUR / 2;
                store
                    .react(post, UserId(u), kind.as_str(), true, when(after))
                    .await?;
            }
        }
    }

    // conversations between members who share a network
    for c in &demo.conversations {
        let (Some(a), Some(b)) = (id(&c.between[0]), id(&c.between[1])) else {
            continue;
        };
        if !store.may_message(a, b).await? || store.blocked_between(a, b).await? {
            continue;
        }
        let mut conversation = None;
        for m in &c.messages {
            let (from, to) = if m.from == 0 { (a, b) } else { (b, a) };
            let (conv, _) = store
                .send_message(UserId(from), to, &m.body, now - m.hours_ago * HOUR)
                .await?;
            conversation = Some(conv);
        }
        if let (Some(conv), true) = (conversation, c.read) {
            store.mark_conversation_read(conv, a).await?;
            store.mark_conversation_read(conv, b).await?;
        }
    }
    tracing::info!(posts = demo.posts.len(), "demo social network loaded");
    Ok(true)
}

/// After the rest of the demo, now.
pub async fn load_with(store: &dyn Store) -> Result<bool, AppError> {
    load(store, super::clock::unix_now()).await
}
