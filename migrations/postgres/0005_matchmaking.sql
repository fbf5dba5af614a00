-- Matchmaking: what members offer and seek, apart, in the search facts (the
-- suggestions pair one's offer with another's need), and members' verdicts on
-- suggestions.
ALTER TABLE people_index ADD COLUMN offer BIGINT NOT NULL DEFAULT 0;
ALTER TABLE people_index ADD COLUMN seek BIGINT NOT NULL DEFAULT 0;
UPDATE index_version SET ver = ver + 1 WHERE id = 1;
UPDATE people_index SET
    offer = COALESCE((SELECT p.offer_mask FROM profiles p WHERE p.user_id = people_index.user_id), 0),
    seek = COALESCE((SELECT p.seek_mask FROM profiles p WHERE p.user_id = people_index.user_id), 0),
    ver = (SELECT ver FROM index_version WHERE id = 1);

CREATE TABLE suggestion_feedback (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    other_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    verdict TEXT NOT NULL CHECK (verdict IN ('hidden', 'useful')),
    at BIGINT NOT NULL,
    PRIMARY KEY (user_id, other_id)
);
