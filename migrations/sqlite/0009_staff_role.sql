-- Programme staff: a role beside organizer and admin. SQLite cannot alter a
-- CHECK constraint, and sqlx runs every migration inside a transaction,
-- where foreign keys cannot be switched off; so the users table is rebuilt
-- by `SqliteStore::run_migrations` just before this version is recorded
-- (SQLite's documented procedure: foreign keys off, one transaction that
-- copies and swaps, a foreign-key check). This file marks the version.
SELECT 1;
