-- The network: themes (linked to the UN SDGs), member profiles, what cities
-- say about themselves, and the people search index.
CREATE TABLE sdgs (
    number INTEGER PRIMARY KEY CHECK (number BETWEEN 1 AND 17),
    name_en TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    name_es TEXT NOT NULL
);

-- `bit` is the theme's position in the profiles' theme bit masks (0..62).
CREATE TABLE themes (
    id TEXT PRIMARY KEY,
    bit INTEGER NOT NULL UNIQUE CHECK (bit BETWEEN 0 AND 62),
    name_en TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    name_es TEXT NOT NULL
);

CREATE TABLE theme_sdgs (
    theme_id TEXT NOT NULL REFERENCES themes (id) ON DELETE CASCADE,
    sdg INTEGER NOT NULL REFERENCES sdgs (number),
    PRIMARY KEY (theme_id, sdg)
);

-- One row per member. Theme and language sets are bit masks so that search
-- can filter and count facets in one pass; see domain::profile.
CREATE TABLE profiles (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    job_title TEXT NOT NULL DEFAULT '',
    organisation TEXT NOT NULL DEFAULT '',
    sector TEXT CHECK (sector IN ('government', 'research', 'civil_society', 'business', 'academia', 'international')),
    city_id INTEGER REFERENCES cities (id),
    languages_mask INTEGER NOT NULL DEFAULT 0,
    interests_mask INTEGER NOT NULL DEFAULT 0,
    offer_mask INTEGER NOT NULL DEFAULT 0,
    seek_mask INTEGER NOT NULL DEFAULT 0,
    bio TEXT NOT NULL DEFAULT '',
    links TEXT NOT NULL DEFAULT '',
    offer TEXT NOT NULL DEFAULT '',
    seek TEXT NOT NULL DEFAULT '',
    -- 0 public, 1 members only, 2 hidden from search
    visibility INTEGER NOT NULL DEFAULT 1 CHECK (visibility IN (0, 1, 2)),
    photo TEXT,
    -- 1 when the account is confirmed and the profile not hidden: only listed profiles are searchable
    listed INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL
);
CREATE INDEX profiles_city_idx ON profiles (city_id);

-- The people search: one narrow row per member with a profile, written with
-- the profile in the same transaction. Every write takes the next
-- index_version and stamps its rows with it, so that each app instance can
-- keep an up-to-date copy of these facts in memory (see store::people).
CREATE TABLE index_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    ver INTEGER NOT NULL
);
INSERT INTO index_version (id, ver) VALUES (1, 0);

CREATE TABLE people_index (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    -- 1 when confirmed and not hidden: only listed members are found
    listed INTEGER NOT NULL,
    -- 0 public, 1 members only, 2 hidden
    visibility INTEGER NOT NULL,
    sector TEXT,
    country TEXT,
    -- domain::profile::SizeBucket code
    size INTEGER,
    -- interests | offer | seek theme bits, spoken-language bits
    themes INTEGER NOT NULL,
    langs INTEGER NOT NULL,
    -- precomputed order among equally relevant hits: completeness, then recency
    rank INTEGER NOT NULL,
    ver INTEGER NOT NULL
);
CREATE INDEX people_index_ver_idx ON people_index (ver);

-- rowid = user id; only listed profiles. Text is folded (lower case, no accents)
-- before it is written; prefix indexes make 2- and 3-letter prefixes cheap.
CREATE VIRTUAL TABLE people_fts USING fts5 (
    name, headline, body,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

-- What a city's own members say it works on, and who changed it when.
CREATE TABLE city_notes (
    city_id INTEGER PRIMARY KEY REFERENCES cities (id),
    themes_mask INTEGER NOT NULL DEFAULT 0,
    challenges TEXT NOT NULL DEFAULT '',
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE city_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    city_id INTEGER NOT NULL REFERENCES cities (id),
    user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    at INTEGER NOT NULL,
    themes_mask INTEGER NOT NULL,
    challenges TEXT NOT NULL
);
CREATE INDEX city_changes_city_idx ON city_changes (city_id, at DESC);

INSERT INTO sdgs (number, name_en, name_fr, name_es) VALUES
 (1, 'No poverty', 'Pas de pauvreté', 'Fin de la pobreza'),
 (2, 'Zero hunger', 'Faim « zéro »', 'Hambre cero'),
 (3, 'Good health and well-being', 'Bonne santé et bien-être', 'Salud y bienestar'),
 (4, 'Quality education', 'Éducation de qualité', 'Educación de calidad'),
 (5, 'Gender equality', 'Égalité entre les sexes', 'Igualdad de género'),
 (6, 'Clean water and sanitation', 'Eau propre et assainissement', 'Agua limpia y saneamiento'),
 (7, 'Affordable and clean energy', 'Énergie propre et d''un coût abordable', 'Energía asequible y no contaminante'),
 (8, 'Decent work and economic growth', 'Travail décent et croissance économique', 'Trabajo decente y crecimiento económico'),
 (9, 'Industry, innovation and infrastructure', 'Industrie, innovation et infrastructure', 'Industria, innovación e infraestructura'),
 (10, 'Reduced inequalities', 'Inégalités réduites', 'Reducción de las desigualdades'),
 (11, 'Sustainable cities and communities', 'Villes et communautés durables', 'Ciudades y comunidades sostenibles'),
 (12, 'Responsible consumption and production', 'Consommation et production responsables', 'Producción y consumo responsables'),
 (13, 'Climate action', 'Lutte contre les changements climatiques', 'Acción por el clima'),
 (14, 'Life below water', 'Vie aquatique', 'Vida submarina'),
 (15, 'Life on land', 'Vie terrestre', 'Vida de ecosistemas terrestres'),
 (16, 'Peace, justice and strong institutions', 'Paix, justice et institutions efficaces', 'Paz, justicia e instituciones sólidas'),
 (17, 'Partnerships for the goals', 'Partenariats pour la réalisation des objectifs', 'Alianzas para lograr los objetivos');

INSERT INTO themes (id, bit, name_en, name_fr, name_es) VALUES
 ('mobility', 0, 'Sustainable urban mobility', 'Mobilité urbaine durable', 'Movilidad urbana sostenible'),
 ('inclusion', 1, 'Inclusive urban development', 'Développement urbain inclusif', 'Desarrollo urbano inclusivo'),
 ('regeneration', 2, 'Urban regeneration', 'Régénération urbaine', 'Regeneración urbana'),
 ('housing', 3, 'Housing', 'Logement', 'Vivienda'),
 ('circular-economy', 4, 'Circular economy', 'Économie circulaire', 'Economía circular'),
 ('smart-cities', 5, 'Smart cities and digital transition', 'Villes intelligentes et transition numérique', 'Ciudades inteligentes y transición digital'),
 ('climate-adaptation', 6, 'Climate adaptation and resilience', 'Adaptation au climat et résilience', 'Adaptación climática y resiliencia'),
 ('energy-transition', 7, 'Energy transition', 'Transition énergétique', 'Transición energética'),
 ('nature-based-solutions', 8, 'Nature-based solutions', 'Solutions fondées sur la nature', 'Soluciones basadas en la naturaleza'),
 ('governance', 9, 'Governance and participation', 'Gouvernance et participation', 'Gobernanza y participación'),
 ('local-economy', 10, 'Local economy and jobs', 'Économie locale et emploi', 'Economía local y empleo'),
 ('culture-heritage', 11, 'Culture and heritage', 'Culture et patrimoine', 'Cultura y patrimonio');

INSERT INTO theme_sdgs (theme_id, sdg) VALUES
 ('mobility', 11), ('mobility', 3), ('mobility', 13),
 ('inclusion', 10), ('inclusion', 11), ('inclusion', 1), ('inclusion', 5),
 ('regeneration', 11), ('regeneration', 8),
 ('housing', 11), ('housing', 1),
 ('circular-economy', 12), ('circular-economy', 11), ('circular-economy', 8),
 ('smart-cities', 9), ('smart-cities', 11), ('smart-cities', 17),
 ('climate-adaptation', 13), ('climate-adaptation', 11), ('climate-adaptation', 6),
 ('energy-transition', 7), ('energy-transition', 13),
 ('nature-based-solutions', 15), ('nature-based-solutions', 11), ('nature-based-solutions', 13), ('nature-based-solutions', 6),
 ('governance', 16), ('governance', 17), ('governance', 11),
 ('local-economy', 8), ('local-economy', 9),
 ('culture-heritage', 11), ('culture-heritage', 4);
