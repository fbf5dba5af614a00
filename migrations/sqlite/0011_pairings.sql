-- The pairing programme, part 2: pairs and trios that cooperate for 18
-- months. Times are Unix seconds; calendar days (milestones, activities,
-- action dates, signatures) are 'YYYY-MM-DD' text.
CREATE TABLE pairings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- the call the cohort came from (none for pairings staff entered directly)
    call_id INTEGER REFERENCES calls (id) ON DELETE SET NULL,
    cohort_year INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'proposed'
        CHECK (state IN ('proposed', 'signing', 'cooperating', 'completed', 'ended')),
    ended_reason TEXT NOT NULL DEFAULT '',
    -- the agreed cooperation areas: theme ids, comma-separated
    themes TEXT NOT NULL DEFAULT '',
    -- the agreement (MoU): the commitments the parties wrote; the rest of the
    -- text comes from the template in each language
    commitments TEXT NOT NULL DEFAULT '',
    -- bumped when the agreement changes after a signature: every city signs again
    agreement_version INTEGER NOT NULL DEFAULT 1,
    -- the cooperation period: from the last signature, 18 months
    starts_at INTEGER,
    ends_on TEXT,
    -- the fit the proposal gave this group (kept to explain it later)
    fit INTEGER NOT NULL DEFAULT 0,
    -- the U-CAP's state with staff: draft, submitted, approved, returned
    plan_status TEXT NOT NULL DEFAULT 'draft' CHECK (plan_status IN ('draft', 'submitted', 'approved', 'returned')),
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX pairings_state_idx ON pairings (state);

CREATE TABLE pairing_cities (
    pairing_id INTEGER NOT NULL REFERENCES pairings (id) ON DELETE CASCADE,
    city_id INTEGER NOT NULL REFERENCES cities (id),
    position INTEGER NOT NULL,
    -- the application it came from, if any
    application_id INTEGER REFERENCES applications (id) ON DELETE SET NULL,
    PRIMARY KEY (pairing_id, city_id)
);
CREATE INDEX pairing_cities_city_idx ON pairing_cities (city_id);

-- A city's team in a pairing: its coordinator, its signatory, its members.
CREATE TABLE pairing_members (
    pairing_id INTEGER NOT NULL REFERENCES pairings (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    city_id INTEGER NOT NULL REFERENCES cities (id),
    coordinator INTEGER NOT NULL DEFAULT 0,
    signatory INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (pairing_id, user_id)
);
CREATE INDEX pairing_members_user_idx ON pairing_members (user_id);

-- One signature per city and agreement version.
CREATE TABLE pairing_signatures (
    pairing_id INTEGER NOT NULL REFERENCES pairings (id) ON DELETE CASCADE,
    city_id INTEGER NOT NULL REFERENCES cities (id),
    agreement_version INTEGER NOT NULL,
    signer_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    signed_on TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (pairing_id, city_id, agreement_version)
);

CREATE TABLE pairing_milestones (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    pairing_id INTEGER NOT NULL REFERENCES pairings (id) ON DELETE CASCADE,
    -- kickoff, visit, draft_plan, final_plan, closing (the programme's) or own
    kind TEXT NOT NULL CHECK (kind IN ('kickoff', 'visit', 'draft_plan', 'final_plan', 'closing', 'own')),
    -- the host city of a study visit
    city_id INTEGER REFERENCES cities (id),
    title TEXT NOT NULL DEFAULT '',
    due_on TEXT NOT NULL,
    done_on TEXT
);
CREATE INDEX pairing_milestones_idx ON pairing_milestones (pairing_id, due_on);

CREATE TABLE pairing_activities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    pairing_id INTEGER NOT NULL REFERENCES pairings (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('study_visit', 'staff_exchange', 'training', 'seminar')),
    title TEXT NOT NULL,
    held_on TEXT NOT NULL,
    city_id INTEGER REFERENCES cities (id),
    event_id INTEGER REFERENCES events (id) ON DELETE SET NULL,
    report TEXT NOT NULL DEFAULT '',
    public INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX pairing_activities_idx ON pairing_activities (pairing_id, held_on);

-- The team's own space: notes and PDF documents (never public).
CREATE TABLE pairing_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    pairing_id INTEGER NOT NULL REFERENCES pairings (id) ON DELETE CASCADE,
    author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX pairing_notes_idx ON pairing_notes (pairing_id, created_at);

CREATE TABLE pairing_files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    pairing_id INTEGER NOT NULL REFERENCES pairings (id) ON DELETE CASCADE,
    added_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    stored_as TEXT NOT NULL,
    size INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);

-- The Urban Cooperation Action Plan (U-CAP): objectives, actions (and pilot
-- projects under an action), indicators.
CREATE TABLE plan_objectives (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    pairing_id INTEGER NOT NULL REFERENCES pairings (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    weight INTEGER NOT NULL DEFAULT 1 CHECK (weight BETWEEN 1 AND 10),
    position INTEGER NOT NULL
);
CREATE INDEX plan_objectives_idx ON plan_objectives (pairing_id, position);

CREATE TABLE plan_actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    pairing_id INTEGER NOT NULL REFERENCES pairings (id) ON DELETE CASCADE,
    objective_id INTEGER NOT NULL REFERENCES plan_objectives (id) ON DELETE CASCADE,
    -- a pilot project belongs to an action
    parent_id INTEGER REFERENCES plan_actions (id) ON DELETE CASCADE,
    -- the title and description per language, as JSON {"en": [title, text], ...}
    texts TEXT NOT NULL,
    lead_city_id INTEGER REFERENCES cities (id),
    department TEXT NOT NULL DEFAULT '',
    partners TEXT NOT NULL DEFAULT '',
    -- bit n-1 set: serves SDG n
    sdgs INTEGER NOT NULL DEFAULT 0,
    -- 1 New Urban Agenda, 2 Sendai Framework, 4 Paris Agreement
    frameworks INTEGER NOT NULL DEFAULT 0,
    budget_amount INTEGER,
    budget_currency TEXT NOT NULL DEFAULT '',
    budget_source TEXT NOT NULL DEFAULT '',
    starts_on TEXT,
    ends_on TEXT,
    status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'under_way', 'done', 'dropped')),
    progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    weight INTEGER NOT NULL DEFAULT 1 CHECK (weight BETWEEN 1 AND 10),
    public INTEGER NOT NULL DEFAULT 1,
    staff_comment TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX plan_actions_idx ON plan_actions (pairing_id, objective_id);

CREATE TABLE plan_indicators (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    action_id INTEGER NOT NULL REFERENCES plan_actions (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    unit TEXT NOT NULL,
    baseline REAL NOT NULL,
    target REAL NOT NULL,
    current REAL,
    measured_on TEXT,
    position INTEGER NOT NULL
);
CREATE INDEX plan_indicators_idx ON plan_indicators (action_id, position);

-- Each submission of the plan, frozen as JSON, and what staff decided.
CREATE TABLE plan_versions (
    pairing_id INTEGER NOT NULL REFERENCES pairings (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('submitted', 'approved', 'returned')),
    snapshot TEXT NOT NULL,
    submitted_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    submitted_at INTEGER NOT NULL,
    decided_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    decided_at INTEGER,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (pairing_id, number)
);

-- Progress reports, one per six months of cooperation.
CREATE TABLE plan_reports (
    pairing_id INTEGER NOT NULL REFERENCES pairings (id) ON DELETE CASCADE,
    period INTEGER NOT NULL CHECK (period BETWEEN 1 AND 3),
    body TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('submitted', 'reviewed')),
    submitted_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    submitted_at INTEGER NOT NULL,
    reviewed_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    reviewed_at INTEGER,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (pairing_id, period)
);

-- Who changed what, when (pairing state, agreement, plan).
CREATE TABLE pairing_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    pairing_id INTEGER NOT NULL REFERENCES pairings (id) ON DELETE CASCADE,
    actor_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    what TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    at INTEGER NOT NULL
);
CREATE INDEX pairing_history_idx ON pairing_history (pairing_id, at);
