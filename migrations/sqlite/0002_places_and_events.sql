-- Reference data (GeoNames countries and cities, loaded by the app at start-up
-- when empty) and the first shape of events, enough for demo data.
CREATE TABLE countries (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    continent TEXT NOT NULL
);

CREATE TABLE cities (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    -- the name folded for search (lower case, no accents): see domain::text::fold
    search_name TEXT NOT NULL COLLATE NOCASE,
    country_code TEXT NOT NULL REFERENCES countries (code),
    admin1_code TEXT NOT NULL,
    latitude REAL NOT NULL,
    longitude REAL NOT NULL,
    population INTEGER NOT NULL,
    timezone TEXT NOT NULL
);
CREATE INDEX cities_country_idx ON cities (country_code);
CREATE INDEX cities_search_idx ON cities (search_name);

CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('talk', 'panel', 'webinar', 'conference', 'matchmaking')),
    language TEXT NOT NULL CHECK (language IN ('en', 'fr', 'es')),
    city_id INTEGER REFERENCES cities (id),
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL CHECK (ends_at > starts_at),
    timezone TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX events_starts_idx ON events (starts_at);

CREATE TABLE event_texts (
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    locale TEXT NOT NULL CHECK (locale IN ('en', 'fr', 'es')),
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    PRIMARY KEY (event_id, locale)
);
