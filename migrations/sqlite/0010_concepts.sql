-- Integrationskonzepte (issue #13): one row per version of a member's concept (2013, 2022, ...).
-- Its content (Themenfelder with ideal states, goals with targets, measures with their status
-- timeline) is one JSON document (vergleich_domain::concept::ConceptContent): a Fortschreibung
-- starts as a copy of it and two versions are compared document to document. A published version
-- is never changed again. Keep in step with migrations/postgres.

CREATE TABLE concept_versions (
    id           INTEGER PRIMARY KEY,
    municipality TEXT NOT NULL REFERENCES municipalities (key),
    label        TEXT NOT NULL,
    title        TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('draft', 'published')),
    adopted_on   TEXT,
    review_on    TEXT,
    document_url TEXT,
    based_on     INTEGER REFERENCES concept_versions (id),
    content      TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    published_at TEXT,
    UNIQUE (municipality, label)
);
