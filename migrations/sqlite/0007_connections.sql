-- Connections between members (a request with a note, accepted or declined),
-- and each member's city in the search facts, so that partner cities are
-- ranked from members' facts in memory.
ALTER TABLE people_index ADD COLUMN city INTEGER;
UPDATE index_version SET ver = ver + 1 WHERE id = 1;
UPDATE people_index SET
    city = (SELECT p.city_id FROM profiles p WHERE p.user_id = people_index.user_id),
    ver = (SELECT ver FROM index_version WHERE id = 1);

CREATE TABLE connections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    from_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    to_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- the pair, smaller id first: one connection per pair
    lo INTEGER NOT NULL,
    hi INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined')),
    created_at INTEGER NOT NULL,
    answered_at INTEGER,
    UNIQUE (lo, hi),
    CHECK (from_id <> to_id)
);
CREATE INDEX connections_to_idx ON connections (to_id, status);
CREATE INDEX connections_from_idx ON connections (from_id, status);

-- bumped by every change that a scheduling run reads (slots, availability,
-- requests and answers) and by each run: a run writes its placements only if
-- nothing changed since it read
ALTER TABLE events ADD COLUMN meetings_rev INTEGER NOT NULL DEFAULT 0;

-- a declined request the asker removed from their list (it stays, so that
-- it cannot be sent again)
ALTER TABLE connections ADD COLUMN hidden_by_from INTEGER NOT NULL DEFAULT 0;
