-- Account self-service: sessions a member can list and end one by one (a
-- public id that is not the token, when it was last used, which browser),
-- e-mail changes waiting for the new address to confirm, and the mark of a
-- deleted account (its row stays, anonymised, so that what others depend on
-- keeps pointing at "Former member").
ALTER TABLE sessions ADD COLUMN public_id TEXT;
ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT;
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
UPDATE sessions SET public_id = substr(md5(random()::text || token_hash), 1, 24), last_seen_at = created_at;
CREATE UNIQUE INDEX sessions_public_id_idx ON sessions (public_id);

-- only the hash of the e-mailed token is kept, as for email_tokens
CREATE TABLE email_changes (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    new_email TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX email_changes_user_idx ON email_changes (user_id);

ALTER TABLE users ADD COLUMN deleted_at BIGINT;
