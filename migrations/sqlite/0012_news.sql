-- News, publications, the programme's own pages, the contact form and the
-- weekly news digest. Times are Unix seconds.

-- An article: what its translations share. `publish_at` NULL is a draft;
-- a time in the future is scheduled (invisible until then).
CREATE TABLE news_stories (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    category TEXT NOT NULL CHECK (category IN ('programme', 'cities', 'events', 'calls')),
    -- lower-case words, comma-separated
    tags TEXT NOT NULL DEFAULT '',
    -- a stored photo's name (`<data_dir>/photos/<name>.jpg`), 1200 × 600
    cover TEXT,
    -- shown as this member, or as the programme when `as_programme`
    author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    as_programme INTEGER NOT NULL DEFAULT 0,
    publish_at INTEGER,
    featured INTEGER NOT NULL DEFAULT 0,
    -- the language it was written in
    original TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX news_stories_published_idx ON news_stories (publish_at DESC, id DESC);
CREATE INDEX news_stories_category_idx ON news_stories (category, publish_at DESC, id DESC);

-- An article in one language; the translations of a story link to each other.
CREATE TABLE news_texts (
    story_id INTEGER NOT NULL REFERENCES news_stories (id) ON DELETE CASCADE,
    locale TEXT NOT NULL,
    title TEXT NOT NULL,
    excerpt TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    -- read time in minutes for this language (words per minute suited to it, images counted)
    minutes INTEGER NOT NULL DEFAULT 1,
    -- title, excerpt, tags and body folded (accents and case) for search
    search TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (story_id, locale)
);
CREATE INDEX news_texts_locale_idx ON news_texts (locale, story_id);

-- What an article is about: kind 'city' (GeoNames id), 'theme' (theme id),
-- 'event' or 'pairing' (ids), shown on both sides.
CREATE TABLE news_links (
    story_id INTEGER NOT NULL REFERENCES news_stories (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('city', 'theme', 'event', 'pairing')),
    ref TEXT NOT NULL,
    PRIMARY KEY (story_id, kind, ref)
);
CREATE INDEX news_links_ref_idx ON news_links (kind, ref, story_id);

-- Members staff allow to write articles (staff always may).
CREATE TABLE news_authors (
    account_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    granted_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    granted_at INTEGER NOT NULL
);

-- The library: reports, case studies, policy briefs, toolkits, application
-- forms and FAQs. The file lives under `<data_dir>/documents/<stored_as>`.
CREATE TABLE publications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('report', 'case_study', 'policy_brief', 'toolkit', 'application_form', 'faq')),
    -- {"en": "...", "fr": "..."}: the title per language
    titles TEXT NOT NULL,
    -- "Surname, Given; Surname, Given"
    authors TEXT NOT NULL DEFAULT '',
    institution TEXT NOT NULL DEFAULT '',
    year INTEGER NOT NULL,
    -- the document's language
    language TEXT NOT NULL,
    pages INTEGER,
    abstract_text TEXT NOT NULL DEFAULT '',
    -- theme ids, comma-separated
    themes TEXT NOT NULL DEFAULT '',
    stored_as TEXT NOT NULL,
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    search TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX publications_year_idx ON publications (year DESC, id DESC);

-- Cities ('city', GeoNames id) and pairings ('pairing') a publication is about.
CREATE TABLE publication_links (
    publication_id INTEGER NOT NULL REFERENCES publications (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('city', 'pairing')),
    ref TEXT NOT NULL,
    PRIMARY KEY (publication_id, kind, ref)
);
CREATE INDEX publication_links_ref_idx ON publication_links (kind, ref, publication_id);

-- Downloads per calendar month ('YYYY-MM', UTC).
CREATE TABLE publication_downloads (
    publication_id INTEGER NOT NULL REFERENCES publications (id) ON DELETE CASCADE,
    month TEXT NOT NULL,
    downloads INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (publication_id, month)
);

-- Pages staff write in Markdown per language ('about': the programme).
CREATE TABLE site_pages (
    key TEXT NOT NULL,
    locale TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (key, locale)
);

-- What visitors sent through the contact form.
CREATE TABLE contact_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    subject TEXT NOT NULL CHECK (subject IN ('general', 'press', 'call', 'technical')),
    body TEXT NOT NULL,
    locale TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'answered', 'closed')),
    handled_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX contact_messages_status_idx ON contact_messages (status, created_at DESC);

-- The weekly news digest: double opt-in (`confirmed_at`), one-click
-- unsubscribe by `token` (random, only good for this subscription).
CREATE TABLE news_subscriptions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    locale TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE,
    confirmed_at INTEGER,
    -- the last digest sent (claimed before sending, so two instances never send the same week twice)
    last_sent_at INTEGER,
    created_at INTEGER NOT NULL
);
