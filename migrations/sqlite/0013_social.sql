-- The social network: posts, comments, reactions, following, themed
-- networks, direct messages, notifications and moderation.

-- A member's post. `hidden`: 0 shown, 1 hidden until a moderator looks (N
-- distinct reports), 2 hidden by a moderator.
CREATE TABLE posts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    author_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    image TEXT,
    city_id INTEGER REFERENCES cities (id),
    event_id INTEGER REFERENCES events (id) ON DELETE SET NULL,
    pairing_id INTEGER REFERENCES pairings (id) ON DELETE SET NULL,
    network_id INTEGER,
    themes TEXT NOT NULL DEFAULT '',
    visibility TEXT NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'members')),
    hidden INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    edited_at INTEGER
);
CREATE INDEX posts_author_idx ON posts (author_id, id);

-- What a post is about, one row per topic ('m:<member>', 'c:<city>',
-- 'n:<network>', 'p:<pairing>'): a feed is the newest rows of the topics its
-- reader follows, each read backwards from the cursor along this key.
CREATE TABLE post_topics (
    topic TEXT NOT NULL,
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    PRIMARY KEY (topic, post_id)
);
CREATE INDEX post_topics_post_idx ON post_topics (post_id);

CREATE TABLE comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES comments (id) ON DELETE CASCADE,
    author_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    hidden INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    edited_at INTEGER
);
CREATE INDEX comments_post_idx ON comments (post_id, id);

CREATE TABLE reactions (
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (post_id, user_id, kind)
);
CREATE INDEX reactions_user_idx ON reactions (user_id, kind);

-- Members, cities and pairings a member follows ('m:', 'c:', 'p:' topics);
-- networks are joined in network_members instead.
CREATE TABLE follows (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    topic TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, topic)
);
CREATE INDEX follows_topic_idx ON follows (topic);

-- Themed networks: one per theme (theme_id), and those staff create.
CREATE TABLE networks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    theme_id TEXT UNIQUE REFERENCES themes (id) ON DELETE CASCADE,
    name TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    open INTEGER NOT NULL DEFAULT 1,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);

-- status: active or pending (a request to a closed network); role: member
-- or moderator.
CREATE TABLE network_members (
    network_id INTEGER NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'moderator')),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'pending')),
    joined_at INTEGER NOT NULL,
    PRIMARY KEY (network_id, user_id)
);
CREATE INDEX network_members_user_idx ON network_members (user_id);

-- One conversation per pair of members (lo < hi); each side's last read
-- message and the last one an e-mail notice covered.
CREATE TABLE conversations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    lo INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    hi INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    lo_read INTEGER NOT NULL DEFAULT 0,
    hi_read INTEGER NOT NULL DEFAULT 0,
    lo_noticed INTEGER NOT NULL DEFAULT 0,
    hi_noticed INTEGER NOT NULL DEFAULT 0,
    last_id INTEGER NOT NULL DEFAULT 0,
    last_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (lo, hi)
);
CREATE INDEX conversations_hi_idx ON conversations (hi, last_at);
CREATE INDEX conversations_lo_idx ON conversations (lo, last_at);

CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    sender_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    hidden INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX messages_conversation_idx ON messages (conversation_id, id);

CREATE TABLE blocks (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    blocked_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, blocked_id)
);
CREATE INDEX blocks_blocked_idx ON blocks (blocked_id);

-- subject: 'post:<id>', 'comment:<id>', 'conversation:<id>', 'member:<id>',
-- 'connection:<id>', 'meeting:<id>', 'event:<id>'.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    actor_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
    subject TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    read_at INTEGER,
    emailed_at INTEGER
);
CREATE INDEX notifications_user_idx ON notifications (user_id, id);
CREATE INDEX notifications_unmailed_idx ON notifications (emailed_at, user_id);

-- channel: app, email (in the app and in a daily e-mail) or off.
CREATE TABLE notification_prefs (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('app', 'email', 'off')),
    PRIMARY KEY (user_id, kind)
);

-- A member's one-click unsubscribe token, and when their last notification
-- e-mail went (so that several instances never send it twice).
CREATE TABLE notification_mail (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token TEXT NOT NULL UNIQUE,
    last_sent_at INTEGER NOT NULL DEFAULT 0
);

-- subject: 'post:<id>', 'comment:<id>', 'message:<id>', 'member:<id>'.
CREATE TABLE reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    subject TEXT NOT NULL,
    reporter_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason TEXT NOT NULL CHECK (reason IN ('spam', 'offensive', 'off_topic')),
    note TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    resolved_at INTEGER,
    UNIQUE (subject, reporter_id)
);
CREATE INDEX reports_open_idx ON reports (resolved_at, subject);

CREATE TABLE moderation_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    moderator_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);

ALTER TABLE users ADD COLUMN suspended_at INTEGER;

-- every theme is a network
INSERT INTO networks (theme_id, open, created_at) SELECT id, 1, 0 FROM themes;
