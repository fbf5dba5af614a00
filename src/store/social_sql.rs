//! The social network's SQL both backends share, written once and compiled
//! for each by `impl_social_store!(Type, Db)` in `sqlite.rs` and
//! `postgres.rs`.

use crate::store::news_sql::Arg;

/// A post's columns, with its author's name, profile visibility and photo
/// and its city's name.
pub(crate) const POST_COLS: &str = "p.id, p.author_id, u.name AS author_name, \
     COALESCE(pr.visibility, 1) AS author_visibility, pr.photo AS author_photo, p.body, p.image, \
     p.city_id, c.name AS city_name, p.event_id, p.pairing_id, p.network_id, p.themes, p.visibility, \
     p.hidden, p.created_at, p.edited_at";

macro_rules! post_joins {
    () => {
        "JOIN users u ON u.id = p.author_id LEFT JOIN profiles pr ON pr.user_id = p.author_id \
         LEFT JOIN cities c ON c.id = p.city_id"
    };
}

pub(crate) const POST_FROM: &str = concat!("posts p ", post_joins!());

/// Most topics one list reads (SQLite allows 500 terms in a compound select).
pub(crate) const MAX_TOPICS: usize = 400;

/// A list of posts under any of `q.topics`, newest first: each topic's
/// newest readable posts before the cursor are read backwards along the
/// (topic, post_id) key — the reader's filters applied in that walk, so that
/// hidden, suspended or blocked posts never use up a topic's share — at most
/// a page each, and only those few posts are joined. The cost is topics ×
/// page, never the posts there are.
pub(crate) fn posts_sql(q: &crate::store::social::PostQuery) -> (String, Vec<Arg>) {
    let before = q.before.unwrap_or(i64::MAX);
    let mut args = vec![Arg::I(before), Arg::I(q.limit)];
    let mut filter =
        "p.hidden = 0 AND NOT EXISTS (SELECT 1 FROM users s WHERE s.id = p.author_id AND s.suspended_at IS NOT NULL)"
            .to_owned();
    match q.viewer {
        None => filter.push_str(
            " AND p.visibility = 'public' AND EXISTS (SELECT 1 FROM profiles v WHERE v.user_id = p.author_id AND v.visibility = 0)",
        ),
        Some(v) => {
            args.push(Arg::I(v));
            let n = args.len();
            filter.push_str(&format!(
                " AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.user_id = ${n} AND b.blocked_id = p.author_id) \
                 OR (b.user_id = p.author_id AND b.blocked_id = ${n}))"
            ));
        }
    }
    let mut parts = Vec::new();
    for topic in q.topics.iter().take(MAX_TOPICS) {
        args.push(Arg::S(topic.clone()));
        let n = args.len();
        parts.push(format!(
            "SELECT post_id FROM (SELECT t.post_id FROM post_topics t JOIN posts p ON p.id = t.post_id \
             WHERE t.topic = ${n} AND t.post_id < $1 AND p.id < $1 AND {filter} ORDER BY t.post_id DESC LIMIT $2) t{n}"
        ));
    }
    if parts.is_empty() {
        parts.push("SELECT 0 AS post_id WHERE 1 = 0".to_owned());
    }
    // PostgreSQL and the cursor: `p.id < $1` above repeats `t.post_id < $1`
    // (PostgreSQL carries equalities across a join, not inequalities), so
    // that a topic's walk never reads posts from the newest one down to the
    // cursor; and the candidates are sorted before they are joined, so that
    // posts are read for them in that order until the page is full (a nested
    // loop under the LIMIT) rather than by walking the posts' key backwards
    // from the newest post and merging. Either walk read every post above
    // the cursor: 245 ms for "load more" half-way down 1,000,000 posts, 6 ms
    // now. The same rows either way; SQLite plans both alike.
    let sql = format!(
        "SELECT {POST_COLS} FROM (SELECT post_id FROM ({}) cand ORDER BY post_id DESC) ids \
         JOIN posts p ON p.id = ids.post_id {} ORDER BY p.id DESC LIMIT $2",
        parts.join(" UNION "),
        post_joins!()
    );
    (sql, args)
}

macro_rules! impl_social_store {
    ($Store:ty, $Db:ty) => {
        impl $Store {
            async fn write_topics(
                tx: &mut sqlx::Transaction<'static, $Db>,
                id: i64,
                topics: &[String],
            ) -> StoreResult<()> {
                sqlx::query("DELETE FROM post_topics WHERE post_id = $1")
                    .bind(id)
                    .execute(&mut **tx)
                    .await?;
                for t in topics {
                    sqlx::query("INSERT INTO post_topics (topic, post_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                        .bind(t)
                        .bind(id)
                        .execute(&mut **tx)
                        .await?;
                }
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl $crate::store::social::SocialStore for $Store {
            async fn create_post(&self, author: UserId, post: &$crate::store::social::PostWrite, now: i64) -> StoreResult<i64> {
                use sqlx::Row;
                let mut tx = self.write_tx().await?;
                let id: i64 = sqlx::query(
                    "INSERT INTO posts (author_id, body, city_id, event_id, pairing_id, network_id, themes, visibility, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                )
                .bind(author.0)
                .bind(&post.body)
                .bind(post.city)
                .bind(post.event)
                .bind(post.pairing)
                .bind(post.network)
                .bind(post.themes.join(","))
                .bind(&post.visibility)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?
                .try_get("id")?;
                Self::write_topics(&mut tx, id, &post.topics).await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn update_post(&self, id: i64, author: UserId, post: &$crate::store::social::PostWrite, now: i64) -> StoreResult<bool> {
                let mut tx = self.write_tx().await?;
                let done = sqlx::query(
                    "UPDATE posts SET body = $3, city_id = $4, event_id = $5, pairing_id = $6, network_id = $7, \
                     themes = $8, visibility = $9, edited_at = $10 WHERE id = $1 AND author_id = $2",
                )
                .bind(id)
                .bind(author.0)
                .bind(&post.body)
                .bind(post.city)
                .bind(post.event)
                .bind(post.pairing)
                .bind(post.network)
                .bind(post.themes.join(","))
                .bind(&post.visibility)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if done != 1 {
                    return Ok(false);
                }
                Self::write_topics(&mut tx, id, &post.topics).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn set_post_image(&self, id: i64, author: UserId, image: Option<&str>) -> StoreResult<bool> {
                Ok(sqlx::query("UPDATE posts SET image = $3 WHERE id = $1 AND author_id = $2")
                    .bind(id)
                    .bind(author.0)
                    .bind(image)
                    .execute(&self.pool)
                    .await?
                    .rows_affected() == 1)
            }

            async fn delete_post(&self, id: i64) -> StoreResult<bool> {
                Ok(sqlx::query("DELETE FROM posts WHERE id = $1")
                    .bind(id)
                    .execute(&self.pool)
                    .await?
                    .rows_affected() == 1)
            }

            async fn post(&self, id: i64) -> StoreResult<Option<$crate::store::social::PostRecord>> {
                use $crate::store::social_sql::{POST_COLS, POST_FROM};
                Ok(sqlx::query_as(&format!("SELECT {POST_COLS} FROM {POST_FROM} WHERE p.id = $1"))
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn posts(&self, q: &$crate::store::social::PostQuery) -> StoreResult<Vec<$crate::store::social::PostRecord>> {
                use sqlx::FromRow;
                let (sql, args) = $crate::store::social_sql::posts_sql(q);
                let rows = $crate::store::news_sql::bind_args!(sqlx::query(&sql), args)
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter()
                    .map(|r| Ok($crate::store::social::PostRecord::from_row(r)?))
                    .collect()
            }

            async fn reactions_of(&self, posts: &[i64], viewer: Option<i64>) -> StoreResult<(Vec<(i64, String, i64)>, Vec<(i64, String)>)> {
                if posts.is_empty() {
                    return Ok((Vec::new(), Vec::new()));
                }
                let list = posts.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(",");
                let counts: Vec<(i64, String, i64)> = sqlx::query_as(&format!(
                    "SELECT post_id, kind, COUNT(*) AS n FROM reactions WHERE post_id IN ({list}) GROUP BY post_id, kind"
                ))
                .fetch_all(&self.pool)
                .await?;
                let mine: Vec<(i64, String)> = match viewer {
                    Some(v) => sqlx::query_as(&format!(
                        "SELECT post_id, kind FROM reactions WHERE user_id = $1 AND post_id IN ({list})"
                    ))
                    .bind(v)
                    .fetch_all(&self.pool)
                    .await?,
                    None => Vec::new(),
                };
                Ok((counts, mine))
            }

            async fn comment_counts(&self, posts: &[i64]) -> StoreResult<Vec<(i64, i64)>> {
                if posts.is_empty() {
                    return Ok(Vec::new());
                }
                let list = posts.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(",");
                Ok(sqlx::query_as(&format!(
                    "SELECT m.post_id, COUNT(*) AS n FROM comments m JOIN users u ON u.id = m.author_id \
                     WHERE m.hidden = 0 AND u.suspended_at IS NULL AND m.post_id IN ({list}) GROUP BY m.post_id"
                ))
                .fetch_all(&self.pool)
                .await?)
            }

            async fn react(&self, post: i64, user: UserId, kind: &str, on: bool, now: i64) -> StoreResult<bool> {
                let q = if on {
                    sqlx::query("INSERT INTO reactions (post_id, user_id, kind, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
                        .bind(post)
                        .bind(user.0)
                        .bind(kind)
                        .bind(now)
                } else {
                    sqlx::query("DELETE FROM reactions WHERE post_id = $1 AND user_id = $2 AND kind = $3")
                        .bind(post)
                        .bind(user.0)
                        .bind(kind)
                };
                Ok(q.execute(&self.pool).await?.rows_affected() == 1)
            }

            async fn add_comment(&self, post: i64, parent: Option<i64>, author: UserId, body: &str, now: i64) -> StoreResult<i64> {
                use sqlx::Row;
                Ok(sqlx::query(
                    "INSERT INTO comments (post_id, parent_id, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(post)
                .bind(parent)
                .bind(author.0)
                .bind(body)
                .bind(now)
                .fetch_one(&self.pool)
                .await?
                .try_get("id")?)
            }

            async fn comments_of(&self, post: i64) -> StoreResult<Vec<$crate::store::social::CommentRecord>> {
                Ok(sqlx::query_as(
                    "SELECT m.id, m.post_id, m.parent_id, m.author_id, u.name AS author_name, m.body, m.hidden, m.created_at \
                     FROM comments m JOIN users u ON u.id = m.author_id \
                     WHERE m.post_id = $1 AND u.suspended_at IS NULL ORDER BY m.id",
                )
                .bind(post)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn comment(&self, id: i64) -> StoreResult<Option<$crate::store::social::CommentRecord>> {
                Ok(sqlx::query_as(
                    "SELECT m.id, m.post_id, m.parent_id, m.author_id, u.name AS author_name, m.body, m.hidden, m.created_at \
                     FROM comments m JOIN users u ON u.id = m.author_id WHERE m.id = $1",
                )
                .bind(id)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn delete_comment(&self, id: i64) -> StoreResult<bool> {
                Ok(sqlx::query("DELETE FROM comments WHERE id = $1")
                    .bind(id)
                    .execute(&self.pool)
                    .await?
                    .rows_affected() == 1)
            }

            async fn follow(&self, user: UserId, topic: &str, on: bool, now: i64) -> StoreResult<bool> {
                let q = if on {
                    sqlx::query("INSERT INTO follows (user_id, topic, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                        .bind(user.0)
                        .bind(topic)
                        .bind(now)
                } else {
                    sqlx::query("DELETE FROM follows WHERE user_id = $1 AND topic = $2")
                        .bind(user.0)
                        .bind(topic)
                };
                Ok(q.execute(&self.pool).await?.rows_affected() == 1)
            }

            async fn follows_of(&self, user: i64) -> StoreResult<Vec<String>> {
                Ok(sqlx::query_scalar("SELECT topic FROM follows WHERE user_id = $1 ORDER BY created_at DESC")
                    .bind(user)
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn followers(&self, topic: &str) -> StoreResult<i64> {
                Ok(sqlx::query_scalar(
                    "SELECT COUNT(*) FROM follows f JOIN users u ON u.id = f.user_id WHERE f.topic = $1 AND u.suspended_at IS NULL",
                )
                    .bind(topic)
                    .fetch_one(&self.pool)
                    .await?)
            }

            async fn sync_theme_networks(&self, now: i64) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO networks (theme_id, open, created_at) SELECT t.id, 1, $1 FROM themes t \
                     WHERE NOT EXISTS (SELECT 1 FROM networks n WHERE n.theme_id = t.id)",
                )
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn networks(&self) -> StoreResult<Vec<$crate::store::social::NetworkRecord>> {
                Ok(sqlx::query_as(
                    "SELECT n.id, n.theme_id, n.name, t.name_en AS theme_en, t.name_fr AS theme_fr, t.name_es AS theme_es, \
                     n.description, (n.open <> 0) AS open, COALESCE(c.members, 0) AS members \
                     FROM networks n LEFT JOIN themes t ON t.id = n.theme_id \
                     LEFT JOIN (SELECT m.network_id, COUNT(*) AS members FROM network_members m \
                       WHERE m.status = 'active' AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = m.user_id AND u.suspended_at IS NOT NULL) \
                       GROUP BY m.network_id) c ON c.network_id = n.id \
                     ORDER BY n.theme_id IS NULL, t.bit, n.id",
                )
                .fetch_all(&self.pool)
                .await?)
            }

            async fn network_names(&self) -> StoreResult<Vec<(i64, Option<String>, String)>> {
                Ok(sqlx::query_as("SELECT id, theme_id, name FROM networks ORDER BY id")
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn network(&self, id: i64) -> StoreResult<Option<$crate::store::social::NetworkRecord>> {
                Ok(sqlx::query_as(
                    "SELECT n.id, n.theme_id, n.name, t.name_en AS theme_en, t.name_fr AS theme_fr, t.name_es AS theme_es, \
                     n.description, (n.open <> 0) AS open, \
                     (SELECT COUNT(*) FROM network_members m JOIN users u ON u.id = m.user_id \
                       WHERE m.network_id = n.id AND m.status = 'active' AND u.suspended_at IS NULL) AS members \
                     FROM networks n LEFT JOIN themes t ON t.id = n.theme_id WHERE n.id = $1",
                )
                .bind(id)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn network_of_theme(&self, theme: &str) -> StoreResult<Option<i64>> {
                Ok(sqlx::query_scalar("SELECT id FROM networks WHERE theme_id = $1")
                    .bind(theme)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn create_network(&self, name: &str, description: &str, open: bool, by: UserId, now: i64) -> StoreResult<i64> {
                use sqlx::Row;
                Ok(sqlx::query(
                    "INSERT INTO networks (name, description, open, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(name)
                .bind(description)
                .bind(i64::from(open))
                .bind(by.0)
                .bind(now)
                .fetch_one(&self.pool)
                .await?
                .try_get("id")?)
            }

            async fn update_network(&self, id: i64, name: &str, description: &str, open: bool) -> StoreResult<bool> {
                Ok(sqlx::query("UPDATE networks SET name = CASE WHEN theme_id IS NULL THEN $2 ELSE name END, description = $3, open = $4 WHERE id = $1")
                    .bind(id)
                    .bind(name)
                    .bind(description)
                    .bind(i64::from(open))
                    .execute(&self.pool)
                    .await?
                    .rows_affected() == 1)
            }

            async fn set_membership(&self, network: i64, user: i64, state: Option<(&str, &str)>, now: i64) -> StoreResult<bool> {
                let q = match state {
                    Some((status, role)) => sqlx::query(
                        "INSERT INTO network_members (network_id, user_id, role, status, joined_at) VALUES ($1, $2, $3, $4, $5) \
                         ON CONFLICT (network_id, user_id) DO UPDATE SET role = excluded.role, status = excluded.status",
                    )
                    .bind(network)
                    .bind(user)
                    .bind(role)
                    .bind(status)
                    .bind(now),
                    None => sqlx::query("DELETE FROM network_members WHERE network_id = $1 AND user_id = $2")
                        .bind(network)
                        .bind(user),
                };
                Ok(q.execute(&self.pool).await?.rows_affected() == 1)
            }

            async fn network_members(&self, network: i64) -> StoreResult<Vec<$crate::store::social::NetworkMemberRecord>> {
                Ok(sqlx::query_as(
                    "SELECT m.network_id, m.user_id, u.name, m.role, m.status FROM network_members m JOIN users u ON u.id = m.user_id \
                     WHERE m.network_id = $1 AND u.suspended_at IS NULL ORDER BY m.role DESC, u.name LIMIT 500",
                )
                .bind(network)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn memberships_of(&self, user: i64) -> StoreResult<Vec<$crate::store::social::NetworkMemberRecord>> {
                Ok(sqlx::query_as(
                    "SELECT m.network_id, m.user_id, u.name, m.role, m.status FROM network_members m JOIN users u ON u.id = m.user_id \
                     WHERE m.user_id = $1",
                )
                .bind(user)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn may_message(&self, a: i64, b: i64) -> StoreResult<bool> {
                let n: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM (\
                       SELECT 1 AS x FROM connections WHERE lo = $3 AND hi = $4 AND status = 'accepted' \
                       UNION ALL SELECT 1 FROM network_members x JOIN network_members y ON y.network_id = x.network_id \
                         WHERE x.user_id = $1 AND y.user_id = $2 AND x.status = 'active' AND y.status = 'active' \
                       UNION ALL SELECT 1 FROM registrations r JOIN registrations s ON s.event_id = r.event_id \
                         WHERE r.user_id = $1 AND s.user_id = $2 AND r.status = 'registered' AND s.status = 'registered'\
                     ) t",
                )
                .bind(a)
                .bind(b)
                .bind(a.min(b))
                .bind(a.max(b))
                .fetch_one(&self.pool)
                .await?;
                Ok(n > 0)
            }

            async fn blocked_between(&self, a: i64, b: i64) -> StoreResult<bool> {
                let n: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM blocks WHERE (user_id = $1 AND blocked_id = $2) OR (user_id = $2 AND blocked_id = $1)",
                )
                .bind(a)
                .bind(b)
                .fetch_one(&self.pool)
                .await?;
                Ok(n > 0)
            }

            async fn set_block(&self, user: UserId, other: i64, on: bool, now: i64) -> StoreResult<bool> {
                let q = if on {
                    sqlx::query("INSERT INTO blocks (user_id, blocked_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                        .bind(user.0)
                        .bind(other)
                        .bind(now)
                } else {
                    sqlx::query("DELETE FROM blocks WHERE user_id = $1 AND blocked_id = $2")
                        .bind(user.0)
                        .bind(other)
                };
                Ok(q.execute(&self.pool).await?.rows_affected() == 1)
            }

            async fn blocks_of(&self, user: i64) -> StoreResult<Vec<i64>> {
                Ok(sqlx::query_scalar("SELECT blocked_id FROM blocks WHERE user_id = $1")
                    .bind(user)
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn conversation_between(&self, a: i64, b: i64) -> StoreResult<Option<i64>> {
                Ok(sqlx::query_scalar("SELECT id FROM conversations WHERE lo = $1 AND hi = $2")
                    .bind(a.min(b))
                    .bind(a.max(b))
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn send_message(&self, from: UserId, to: i64, body: &str, now: i64) -> StoreResult<(i64, i64)> {
                use sqlx::Row;
                let (lo, hi) = (from.0.min(to), from.0.max(to));
                let mut tx = self.write_tx().await?;
                sqlx::query("INSERT INTO conversations (lo, hi, last_at, created_at) VALUES ($1, $2, $3, $3) ON CONFLICT (lo, hi) DO NOTHING")
                    .bind(lo)
                    .bind(hi)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                let conv: i64 = sqlx::query_scalar("SELECT id FROM conversations WHERE lo = $1 AND hi = $2")
                    .bind(lo)
                    .bind(hi)
                    .fetch_one(&mut *tx)
                    .await?;
                let id: i64 = sqlx::query(
                    "INSERT INTO messages (conversation_id, sender_id, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(conv)
                .bind(from.0)
                .bind(body)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?
                .try_get("id")?;
                sqlx::query(
                    "UPDATE conversations SET last_id = $2, last_at = $3, \
                     lo_read = CASE WHEN lo = $4 THEN $2 ELSE lo_read END, \
                     hi_read = CASE WHEN hi = $4 THEN $2 ELSE hi_read END WHERE id = $1",
                )
                .bind(conv)
                .bind(id)
                .bind(now)
                .bind(from.0)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok((conv, id))
            }

            async fn conversations_of(&self, user: i64) -> StoreResult<Vec<$crate::store::social::ConversationRecord>> {
                Ok(sqlx::query_as(
                    "SELECT c.id, CASE WHEN c.lo = $1 THEN c.hi ELSE c.lo END AS other_id, u.name AS other_name, c.last_id, c.last_at, \
                     (SELECT m.body FROM messages m WHERE m.id = c.last_id AND m.hidden = 0) AS last_body, \
                     (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND m.sender_id <> $1 AND m.hidden = 0 \
                       AND m.id > CASE WHEN c.lo = $1 THEN c.lo_read ELSE c.hi_read END) AS unread \
                     FROM conversations c JOIN users u ON u.id = CASE WHEN c.lo = $1 THEN c.hi ELSE c.lo END \
                     WHERE (c.lo = $1 OR c.hi = $1) AND c.last_id > 0 ORDER BY c.last_at DESC, c.id DESC LIMIT 200",
                )
                .bind(user)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn messages_of(&self, conversation: i64, limit: i64) -> StoreResult<Vec<$crate::store::social::MessageRecord>> {
                let mut rows: Vec<$crate::store::social::MessageRecord> = sqlx::query_as(
                    "SELECT id, conversation_id, sender_id, body, hidden, created_at FROM messages \
                     WHERE conversation_id = $1 ORDER BY id DESC LIMIT $2",
                )
                .bind(conversation)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.reverse();
                Ok(rows)
            }

            async fn message(&self, id: i64) -> StoreResult<Option<$crate::store::social::MessageRecord>> {
                Ok(sqlx::query_as("SELECT id, conversation_id, sender_id, body, hidden, created_at FROM messages WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn mark_conversation_read(&self, conversation: i64, user: i64) -> StoreResult<()> {
                sqlx::query(
                    "UPDATE conversations SET lo_read = CASE WHEN lo = $2 THEN last_id ELSE lo_read END, \
                     hi_read = CASE WHEN hi = $2 THEN last_id ELSE hi_read END \
                     WHERE id = $1 AND ((lo = $2 AND lo_read < last_id) OR (hi = $2 AND hi_read < last_id))",
                )
                .bind(conversation)
                .bind(user)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn unread_messages(&self, user: i64) -> StoreResult<i64> {
                Ok(sqlx::query_scalar::<_, i64>(
                    "SELECT COUNT(*) FROM conversations c JOIN messages m ON m.conversation_id = c.id \
                     WHERE c.lo = $1 AND c.last_id > c.lo_read AND m.id > c.lo_read AND m.sender_id <> $1 AND m.hidden = 0",
                )
                .bind(user)
                .fetch_one(&self.pool)
                .await?
                    + sqlx::query_scalar::<_, i64>(
                        "SELECT COUNT(*) FROM conversations c JOIN messages m ON m.conversation_id = c.id \
                         WHERE c.hi = $1 AND c.last_id > c.hi_read AND m.id > c.hi_read AND m.sender_id <> $1 AND m.hidden = 0",
                    )
                    .bind(user)
                    .fetch_one(&self.pool)
                    .await?)
            }

            async fn due_message_notices(&self, before: i64) -> StoreResult<Vec<$crate::store::social::MessageNotice>> {
                // the last week's conversations with news the other side has not read
                let since = before - 7 * 86_400;
                let mut out: Vec<$crate::store::social::MessageNotice> = Vec::new();
                for (me, other, read, noticed) in [("hi", "lo", "hi_read", "hi_noticed"), ("lo", "hi", "lo_read", "lo_noticed")] {
                    let rows: Vec<$crate::store::social::MessageNotice> = sqlx::query_as(&format!(
                        "SELECT c.{me} AS user_id, c.id AS conversation_id, MAX(m.id) AS upto, MAX(u.name) AS sender_name \
                         FROM conversations c JOIN messages m ON m.conversation_id = c.id AND m.sender_id = c.{other} \
                         JOIN users u ON u.id = c.{other} \
                         WHERE c.last_at >= $2 AND c.last_id > c.{read} AND c.last_id > c.{noticed} \
                           AND m.id > c.{read} AND m.id > c.{noticed} AND m.created_at <= $1 AND m.hidden = 0 \
                         GROUP BY c.{me}, c.id"
                    ))
                    .bind(before)
                    .bind(since)
                    .fetch_all(&self.pool)
                    .await?;
                    out.extend(rows);
                }
                Ok(out)
            }

            async fn claim_message_notice(&self, conversation: i64, user: i64, upto: i64) -> StoreResult<bool> {
                Ok(sqlx::query(
                    "UPDATE conversations SET lo_noticed = CASE WHEN lo = $2 THEN $3 ELSE lo_noticed END, \
                     hi_noticed = CASE WHEN hi = $2 THEN $3 ELSE hi_noticed END \
                     WHERE id = $1 AND ((lo = $2 AND lo_noticed < $3) OR (hi = $2 AND hi_noticed < $3))",
                )
                .bind(conversation)
                .bind(user)
                .bind(upto)
                .execute(&self.pool)
                .await?
                .rows_affected() == 1)
            }

            async fn notify(&self, user: i64, kind: &str, actor: Option<i64>, subject: &str, now: i64) -> StoreResult<i64> {
                // one unread notice per (kind, actor, subject): a second
                // message or reaction from the same member adds nothing
                let done = sqlx::query(
                    "INSERT INTO notifications (user_id, kind, actor_id, subject, created_at) \
                     SELECT $1, $2, $3, $4, $5 WHERE NOT EXISTS (SELECT 1 FROM notifications \
                       WHERE user_id = $1 AND kind = $2 AND subject = $4 AND read_at IS NULL \
                       AND COALESCE(actor_id, 0) = COALESCE($3, 0))",
                )
                .bind(user)
                .bind(kind)
                .bind(actor)
                .bind(subject)
                .bind(now)
                .execute(&self.pool)
                .await?
                .rows_affected();
                Ok(done as i64)
            }

            async fn notifications_of(&self, user: i64, limit: i64) -> StoreResult<Vec<$crate::store::social::NotificationRecord>> {
                Ok(sqlx::query_as(
                    "SELECT n.id, n.kind, n.actor_id, u.name AS actor_name, n.subject, n.created_at, n.read_at \
                     FROM notifications n LEFT JOIN users u ON u.id = n.actor_id WHERE n.user_id = $1 ORDER BY n.id DESC LIMIT $2",
                )
                .bind(user)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn unread_notifications(&self, user: i64) -> StoreResult<i64> {
                Ok(sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
                    .bind(user)
                    .fetch_one(&self.pool)
                    .await?)
            }

            async fn mark_notifications_read(&self, user: i64, id: Option<i64>, now: i64) -> StoreResult<u64> {
                let q = match id {
                    Some(id) => sqlx::query("UPDATE notifications SET read_at = $3 WHERE user_id = $1 AND id = $2 AND read_at IS NULL")
                        .bind(user)
                        .bind(id)
                        .bind(now),
                    None => sqlx::query("UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL")
                        .bind(user)
                        .bind(now),
                };
                Ok(q.execute(&self.pool).await?.rows_affected())
            }

            async fn mark_notifications_read_about(&self, user: i64, subject: &str, now: i64) -> StoreResult<u64> {
                Ok(sqlx::query("UPDATE notifications SET read_at = $3 WHERE user_id = $1 AND subject = $2 AND read_at IS NULL")
                    .bind(user)
                    .bind(subject)
                    .bind(now)
                    .execute(&self.pool)
                    .await?
                    .rows_affected())
            }

            async fn notification_prefs(&self, user: i64) -> StoreResult<Vec<(String, String)>> {
                Ok(sqlx::query_as("SELECT kind, channel FROM notification_prefs WHERE user_id = $1")
                    .bind(user)
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn set_notification_pref(&self, user: i64, kind: &str, channel: &str) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO notification_prefs (user_id, kind, channel) VALUES ($1, $2, $3) \
                     ON CONFLICT (user_id, kind) DO UPDATE SET channel = excluded.channel",
                )
                .bind(user)
                .bind(kind)
                .bind(channel)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn notification_token(&self, user: i64, fresh: &str) -> StoreResult<String> {
                sqlx::query("INSERT INTO notification_mail (user_id, token) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING")
                    .bind(user)
                    .bind(fresh)
                    .execute(&self.pool)
                    .await?;
                Ok(sqlx::query_scalar("SELECT token FROM notification_mail WHERE user_id = $1")
                    .bind(user)
                    .fetch_one(&self.pool)
                    .await?)
            }

            async fn user_of_notification_token(&self, token: &str) -> StoreResult<Option<i64>> {
                Ok(sqlx::query_scalar("SELECT user_id FROM notification_mail WHERE token = $1")
                    .bind(token)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn due_notification_mail(&self, before: i64) -> StoreResult<Vec<i64>> {
                Ok(sqlx::query_scalar(
                    "SELECT DISTINCT n.user_id FROM notifications n LEFT JOIN notification_mail m ON m.user_id = n.user_id \
                     WHERE n.emailed_at IS NULL AND n.read_at IS NULL AND n.kind <> 'message' \
                     AND COALESCE(m.last_sent_at, 0) < $1 LIMIT 500",
                )
                .bind(before)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn claim_notification_mail(&self, user: i64, before: i64, now: i64) -> StoreResult<bool> {
                Ok(sqlx::query("UPDATE notification_mail SET last_sent_at = $3 WHERE user_id = $1 AND last_sent_at < $2")
                    .bind(user)
                    .bind(before)
                    .bind(now)
                    .execute(&self.pool)
                    .await?
                    .rows_affected() == 1)
            }

            async fn unmailed_notifications(&self, user: i64) -> StoreResult<Vec<$crate::store::social::NotificationRecord>> {
                Ok(sqlx::query_as(
                    "SELECT n.id, n.kind, n.actor_id, u.name AS actor_name, n.subject, n.created_at, n.read_at \
                     FROM notifications n LEFT JOIN users u ON u.id = n.actor_id \
                     WHERE n.user_id = $1 AND n.emailed_at IS NULL AND n.read_at IS NULL AND n.kind <> 'message' \
                     ORDER BY n.id LIMIT 50",
                )
                .bind(user)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn mark_notifications_mailed(&self, user: i64, upto: i64, now: i64) -> StoreResult<()> {
                sqlx::query("UPDATE notifications SET emailed_at = $3 WHERE user_id = $1 AND id <= $2 AND emailed_at IS NULL")
                    .bind(user)
                    .bind(upto)
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn report(&self, subject: &str, reporter: UserId, reason: &str, note: &str, now: i64) -> StoreResult<i64> {
                let mut tx = self.write_tx().await?;
                let open: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM reports WHERE subject = $1 AND reporter_id = $2",
                )
                .bind(subject)
                .bind(reporter.0)
                .fetch_one(&mut *tx)
                .await?;
                if open > 0 {
                    return Err(StoreError::Duplicate);
                }
                sqlx::query("INSERT INTO reports (subject, reporter_id, reason, note, created_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(subject)
                    .bind(reporter.0)
                    .bind(reason)
                    .bind(note)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reports WHERE subject = $1 AND resolved_at IS NULL")
                    .bind(subject)
                    .fetch_one(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(n)
            }

            async fn set_hidden(&self, subject: &str, level: i64) -> StoreResult<bool> {
                use $crate::domain::social::Subject;
                let (table, id) = match Subject::parse(subject) {
                    Some(Subject::Post(id)) => ("posts", id),
                    Some(Subject::Comment(id)) => ("comments", id),
                    Some(Subject::Message(id)) => ("messages", id),
                    _ => return Ok(false),
                };
                Ok(sqlx::query(&format!("UPDATE {table} SET hidden = $2 WHERE id = $1"))
                    .bind(id)
                    .bind(level)
                    .execute(&self.pool)
                    .await?
                    .rows_affected() == 1)
            }

            async fn open_reports(&self) -> StoreResult<Vec<$crate::store::social::ReportRecord>> {
                Ok(sqlx::query_as(
                    "SELECT r.subject, r.reporter_id, u.name AS reporter_name, r.reason, r.note, r.created_at \
                     FROM reports r JOIN users u ON u.id = r.reporter_id WHERE r.resolved_at IS NULL ORDER BY r.id LIMIT 1000",
                )
                .fetch_all(&self.pool)
                .await?)
            }

            async fn resolve_reports(&self, subject: &str, now: i64) -> StoreResult<u64> {
                Ok(sqlx::query("UPDATE reports SET resolved_at = $2 WHERE subject = $1 AND resolved_at IS NULL")
                    .bind(subject)
                    .bind(now)
                    .execute(&self.pool)
                    .await?
                    .rows_affected())
            }

            async fn log_moderation(&self, moderator: UserId, action: &str, subject: &str, reason: &str, now: i64) -> StoreResult<()> {
                sqlx::query("INSERT INTO moderation_log (moderator_id, action, subject, reason, created_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(moderator.0)
                    .bind(action)
                    .bind(subject)
                    .bind(reason)
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn moderation_log(&self, limit: i64) -> StoreResult<Vec<$crate::store::social::ModerationEntry>> {
                Ok(sqlx::query_as(
                    "SELECT l.id, u.name AS moderator_name, l.action, l.subject, l.reason, l.created_at \
                     FROM moderation_log l LEFT JOIN users u ON u.id = l.moderator_id ORDER BY l.id DESC LIMIT $1",
                )
                .bind(limit)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn set_suspended(&self, user: i64, at: Option<i64>) -> StoreResult<bool> {
                let mut tx = self.write_tx().await?;
                let done = sqlx::query("UPDATE users SET suspended_at = $2 WHERE id = $1")
                    .bind(user)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if at.is_some() {
                    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                        .bind(user)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(done == 1)
            }

            async fn is_suspended(&self, user: i64) -> StoreResult<bool> {
                let at: Option<Option<i64>> = sqlx::query_scalar("SELECT suspended_at FROM users WHERE id = $1")
                    .bind(user)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(matches!(at, Some(Some(_))))
            }

            async fn members_named(&self, names: &[String]) -> StoreResult<Vec<(i64, String)>> {
                let mut out = Vec::new();
                for n in names {
                    let rows: Vec<(i64, String)> = sqlx::query_as(
                        "SELECT id, name FROM users WHERE lower(name) = lower($1) AND suspended_at IS NULL ORDER BY id LIMIT 2",
                    )
                    .bind(n)
                    .fetch_all(&self.pool)
                    .await?;
                    // an ambiguous name mentions no one
                    if rows.len() == 1 {
                        out.extend(rows);
                    }
                }
                Ok(out)
            }

            async fn theme_events(&self, bit: i64, locale: &str, now: i64) -> StoreResult<Vec<(i64, String, i64)>> {
                Ok(sqlx::query_as(
                    "SELECT e.id, COALESCE((SELECT t.title FROM event_texts t WHERE t.event_id = e.id AND t.locale = $3), \
                       (SELECT MIN(t.title) FROM event_texts t WHERE t.event_id = e.id), '') AS title, e.starts_at \
                     FROM events e WHERE (e.themes_mask & $1) <> 0 AND e.ends_at >= $2 AND e.status = 'published' \
                     ORDER BY e.starts_at LIMIT 5",
                )
                .bind(1i64 << bit.clamp(0, 62))
                .bind(now)
                .bind(locale)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn shared_matchmaking(&self, a: i64, b: i64, locale: &str, now: i64) -> StoreResult<Vec<(i64, String, i64)>> {
                Ok(sqlx::query_as(
                    "SELECT e.id, COALESCE((SELECT t.title FROM event_texts t WHERE t.event_id = e.id AND t.locale = $4), \
                       (SELECT MIN(t.title) FROM event_texts t WHERE t.event_id = e.id), '') AS title, e.starts_at \
                     FROM events e JOIN registrations r ON r.event_id = e.id AND r.user_id = $1 AND r.status = 'registered' \
                     JOIN registrations s ON s.event_id = e.id AND s.user_id = $2 AND s.status = 'registered' \
                     WHERE e.kind = 'matchmaking' AND e.ends_at >= $3 AND e.status = 'published' ORDER BY e.starts_at LIMIT 5",
                )
                .bind(a)
                .bind(b)
                .bind(now)
                .bind(locale)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn publish_social(&self, payload: &str) -> StoreResult<()> {
                self.publish_social_impl(payload).await
            }

            async fn listen_social(&self) -> StoreResult<Option<futures::stream::BoxStream<'static, String>>> {
                self.listen_social_impl().await
            }
        }
    };
}

pub(crate) use impl_social_store;
