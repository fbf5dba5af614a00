-- no-transaction
-- Programme staff: a role beside organizer and admin. SQLite cannot alter a
-- CHECK constraint, so the users table is rebuilt (SQLite's documented
-- procedure: foreign keys off outside the transaction, copy, swap, check).
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;
CREATE TABLE users_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'organizer', 'staff', 'admin')),
    locale TEXT NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'fr', 'es')),
    email_confirmed_at INTEGER,
    created_at INTEGER NOT NULL,
    deleted_at INTEGER
);
INSERT INTO users_new (id, email, name, password_hash, role, locale, email_confirmed_at, created_at, deleted_at)
    SELECT id, email, name, password_hash, role, locale, email_confirmed_at, created_at, deleted_at FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
COMMIT;
PRAGMA foreign_keys = ON;
