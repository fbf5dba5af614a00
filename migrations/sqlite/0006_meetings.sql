-- C2C matchmaking meetings: one-to-one meetings inside a matchmaking event.
-- Organizers define the slots (with how many tables each); participants say
-- what they offer and seek at this event and when they are busy, request
-- meetings and answer requests; the scheduler writes slot and table.

CREATE TABLE meeting_slots (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL CHECK (ends_at > starts_at),
    tables INTEGER NOT NULL CHECK (tables >= 1)
);
CREATE INDEX meeting_slots_event_idx ON meeting_slots (event_id, starts_at);

CREATE TABLE meeting_profiles (
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    offer_mask INTEGER NOT NULL DEFAULT 0,
    seek_mask INTEGER NOT NULL DEFAULT 0,
    offer TEXT NOT NULL DEFAULT '',
    seek TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (event_id, user_id)
);

-- the slots a participant cannot meet in (none: free in every slot)
CREATE TABLE meeting_busy (
    slot_id INTEGER NOT NULL REFERENCES meeting_slots (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (slot_id, user_id)
);

CREATE TABLE meeting_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    from_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    to_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- the pair, smaller id first: one request per pair and event
    lo INTEGER NOT NULL,
    hi INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'cancelled')),
    created_at INTEGER NOT NULL,
    answered_at INTEGER,
    slot_id INTEGER REFERENCES meeting_slots (id) ON DELETE SET NULL,
    table_no INTEGER,
    -- why the last scheduling run left it out: '', 'no_common_slot', 'tables_full'
    reason TEXT NOT NULL DEFAULT '',
    UNIQUE (event_id, lo, hi),
    CHECK (from_id <> to_id)
);
CREATE INDEX meeting_requests_to_idx ON meeting_requests (to_id, event_id);
CREATE INDEX meeting_requests_from_idx ON meeting_requests (from_id, event_id);

-- each side's private notes on a meeting, read by both sides only
CREATE TABLE meeting_notes (
    request_id INTEGER NOT NULL REFERENCES meeting_requests (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    outcome TEXT NOT NULL DEFAULT '',
    next_steps TEXT NOT NULL DEFAULT '',
    -- a follow-up reminder: the day (YYYY-MM-DD) to be mailed, once
    remind_on TEXT,
    reminded INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (request_id, user_id)
);
CREATE INDEX meeting_notes_remind_idx ON meeting_notes (reminded, remind_on);

ALTER TABLE events ADD COLUMN meetings_run_at INTEGER;
