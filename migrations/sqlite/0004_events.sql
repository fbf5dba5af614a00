-- Talks and events: details, organizers, agenda, speakers, registration with
-- a waitlist, a change log that feeds live updates and batched e-mails, and
-- private calendar feeds.
ALTER TABLE events ADD COLUMN format TEXT NOT NULL DEFAULT 'online' CHECK (format IN ('online', 'in_person', 'hybrid'));
ALTER TABLE events ADD COLUMN venue TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN themes_mask INTEGER NOT NULL DEFAULT 0;
-- every language the event is held in (domain::profile::LANGUAGES bits);
-- `language` stays the main one
ALTER TABLE events ADD COLUMN langs_mask INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN cover TEXT;
ALTER TABLE events ADD COLUMN capacity INTEGER CHECK (capacity IS NULL OR capacity > 0);
ALTER TABLE events ADD COLUMN reg_opens_at INTEGER;
ALTER TABLE events ADD COLUMN reg_closes_at INTEGER;
ALTER TABLE events ADD COLUMN status TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published', 'postponed', 'cancelled'));
ALTER TABLE events ADD COLUMN join_url TEXT NOT NULL DEFAULT '';
-- optimistic concurrency for the details; sessions carry their own
ALTER TABLE events ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
-- bumped by every registration write: the row lock that serialises them
ALTER TABLE events ADD COLUMN seats_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX events_status_starts_idx ON events (status, starts_at);
CREATE INDEX events_city_idx ON events (city_id, starts_at);

CREATE TABLE event_organizers (
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    is_owner INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (event_id, user_id)
);
CREATE INDEX event_organizers_user_idx ON event_organizers (user_id);

CREATE TABLE event_speakers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    -- a member of the network, or a guest described here
    user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    bio TEXT NOT NULL DEFAULT '',
    photo TEXT
);
CREATE INDEX event_speakers_event_idx ON event_speakers (event_id);

CREATE TABLE event_sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL CHECK (ends_at > starts_at),
    title TEXT NOT NULL,
    room TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    -- comma-separated event_speakers ids, in order
    speakers TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX event_sessions_event_idx ON event_sessions (event_id, starts_at);

CREATE TABLE registrations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('registered', 'waitlisted', 'cancelled')),
    -- waitlist order: when the person (re)joined
    queued_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    -- the last change of the event this attendee has seen
    seen_change INTEGER NOT NULL DEFAULT 0,
    UNIQUE (event_id, user_id)
);
CREATE INDEX registrations_user_idx ON registrations (user_id, status);
CREATE INDEX registrations_event_idx ON registrations (event_id, status, queued_at);

CREATE TABLE session_marks (
    session_id INTEGER NOT NULL REFERENCES event_sessions (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, user_id)
);
CREATE INDEX session_marks_user_idx ON session_marks (user_id);

-- What changed, in order: the live channel replays it after a reconnect,
-- attendees see what changed since they last looked, and changes that
-- matter (time, place, status, a session) are e-mailed in batches.
CREATE TABLE event_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    actor_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    -- domain::event::ChangeKind
    kind TEXT NOT NULL,
    session_id INTEGER,
    -- what a notice needs to be written in any language (JSON)
    detail TEXT NOT NULL DEFAULT '{}',
    matters INTEGER NOT NULL DEFAULT 0,
    mailed_at INTEGER
);
CREATE INDEX event_changes_event_idx ON event_changes (event_id, id);
CREATE INDEX event_changes_unmailed_idx ON event_changes (mailed_at, matters, event_id);

-- A member's private calendar feed; only the hash of its secret is kept.
CREATE TABLE calendar_feeds (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

-- events made before this migration: their creator organises them
INSERT INTO event_organizers (event_id, user_id, is_owner)
    SELECT id, created_by, 1 FROM events WHERE created_by IS NOT NULL;
UPDATE events SET updated_at = created_at,
    langs_mask = CASE language WHEN 'en' THEN 1 WHEN 'fr' THEN 2 ELSE 4 END;
