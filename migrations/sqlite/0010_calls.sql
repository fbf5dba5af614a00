-- The pairing programme, part 1: calls for cities, applications, review and
-- selection. Times are Unix seconds; wall-clock times are typed in the call's
-- IANA zone (`zone`). Texts per language live in their own rows; the call's
-- own language (`language`) is the fallback.
CREATE TABLE calls (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed', 'decided')),
    language TEXT NOT NULL CHECK (language IN ('en', 'fr', 'es')),
    zone TEXT NOT NULL,
    opens_at INTEGER NOT NULL,
    deadline_at INTEGER NOT NULL CHECK (deadline_at > opens_at),
    -- ISO country codes, comma-separated: 'CA,MX,US'
    countries TEXT NOT NULL,
    min_population INTEGER NOT NULL CHECK (min_population >= 0),
    announced_at INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX calls_deadline_idx ON calls (deadline_at);

CREATE TABLE call_texts (
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    locale TEXT NOT NULL CHECK (locale IN ('en', 'fr', 'es')),
    title TEXT NOT NULL,
    background TEXT NOT NULL,
    commitments TEXT NOT NULL,
    eligibility TEXT NOT NULL,
    PRIMARY KEY (call_id, locale)
);

CREATE TABLE call_themes (
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    theme_id TEXT NOT NULL REFERENCES themes (id) ON DELETE CASCADE,
    PRIMARY KEY (call_id, theme_id)
);

-- The review rubric: weighted criteria, each scored 0-5 or "not applicable".
-- Extra questions of the form share the shape (kind 'question').
CREATE TABLE call_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('criterion', 'question')),
    position INTEGER NOT NULL,
    weight INTEGER NOT NULL DEFAULT 1 CHECK (weight BETWEEN 0 AND 100),
    required INTEGER NOT NULL DEFAULT 0,
    text_en TEXT NOT NULL DEFAULT '',
    text_fr TEXT NOT NULL DEFAULT '',
    text_es TEXT NOT NULL DEFAULT ''
);
CREATE INDEX call_items_call_idx ON call_items (call_id, kind, position);

CREATE TABLE call_reviewers (
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (call_id, user_id)
);

-- One application per city per call. The answers are one JSON object (the
-- form's fields and the call's extra questions), versioned: a save names the
-- version it was made on and is refused when someone saved first.
CREATE TABLE applications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    city_id INTEGER NOT NULL REFERENCES cities (id),
    reference TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'withdrawn')),
    decision TEXT CHECK (decision IN ('selected', 'waitlisted', 'not_selected')),
    decision_note TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL CHECK (language IN ('en', 'fr', 'es')),
    answers TEXT NOT NULL DEFAULT '{}',
    -- an official population when GeoNames' figure is out of date
    claimed_population INTEGER,
    population_source TEXT NOT NULL DEFAULT '',
    population_verdict TEXT CHECK (population_verdict IN ('pending', 'confirmed', 'refused')),
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    submitted_at INTEGER,
    UNIQUE (call_id, city_id)
);

-- Who applies: the lead, co-applicants (accepted) and members asking to join.
CREATE TABLE application_members (
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('lead', 'co', 'asking')),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (application_id, user_id)
);
CREATE INDEX application_members_user_idx ON application_members (user_id);

CREATE TABLE application_files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('letter', 'endorsement')),
    name TEXT NOT NULL,
    stored_as TEXT NOT NULL UNIQUE,
    bytes INTEGER NOT NULL,
    uploaded_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX application_files_app_idx ON application_files (application_id);

-- Reviewers assigned to an application, their scores and conflicts.
CREATE TABLE reviews (
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    reviewer_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'assigned' CHECK (status IN ('assigned', 'submitted', 'conflict')),
    -- JSON: {"<criterion id>": {"score": 0-5 or null, "comment": "..."}}
    scores TEXT NOT NULL DEFAULT '{}',
    comment TEXT NOT NULL DEFAULT '',
    assigned_at INTEGER NOT NULL,
    submitted_at INTEGER,
    PRIMARY KEY (application_id, reviewer_id)
);
CREATE INDEX reviews_reviewer_idx ON reviews (reviewer_id);

-- Every state change of a call or an application: who, when, from, to.
CREATE TABLE programme_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    application_id INTEGER REFERENCES applications (id) ON DELETE CASCADE,
    actor_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    at INTEGER NOT NULL
);
CREATE INDEX programme_history_call_idx ON programme_history (call_id, at);

-- Co-applicants invited by e-mail: only the hash of the mailed token is
-- kept; the invitation is for that address and is used once.
CREATE TABLE application_invites (
    token_hash TEXT PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    invited_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE INDEX application_invites_app_idx ON application_invites (application_id);

-- A call's documents (guides, FAQs, forms): PDF, per language and, when
-- they differ, per country ('' for every country).
CREATE TABLE call_documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    language TEXT NOT NULL CHECK (language IN ('en', 'fr', 'es')),
    country TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    name TEXT NOT NULL,
    stored_as TEXT NOT NULL UNIQUE,
    bytes INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX call_documents_call_idx ON call_documents (call_id);
