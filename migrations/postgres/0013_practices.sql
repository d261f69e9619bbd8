-- Praxisbeispiele and exchange requests (issue #14): a member's practice (its content one JSON
-- document, vergleich_domain::exchange::PracticeContent, its title copied out for listings)
-- goes through the review steps of uploads (draft -> submitted -> published | rejected; editing
-- a rejected one makes it a draft again). A request goes from one member to the member of a
-- practice (offen -> beantwortet -> erledigt) and keeps the practice's title as it was asked
-- about. exchange_version is one counter, bumped in the transaction of every practice or
-- request write: caches of search and learning partners are keyed by it.
-- Keep in step with migrations/sqlite.

CREATE TABLE practices (
    id             BIGSERIAL PRIMARY KEY,
    municipality   TEXT NOT NULL REFERENCES municipalities (key),
    state          TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'published', 'rejected')),
    title          TEXT NOT NULL,
    content        TEXT NOT NULL,
    synthetic      BOOLEAN NOT NULL DEFAULT FALSE,
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    reviewed_by    TEXT,
    reviewed_at    TIMESTAMPTZ,
    review_comment TEXT,
    published_at   TIMESTAMPTZ
);

CREATE INDEX practices_municipality ON practices (municipality);
CREATE INDEX practices_state ON practices (state);

CREATE TABLE exchange_requests (
    id                BIGSERIAL PRIMARY KEY,
    practice_id       BIGINT NOT NULL REFERENCES practices (id),
    practice_title    TEXT NOT NULL,
    from_municipality TEXT NOT NULL REFERENCES municipalities (key),
    to_municipality   TEXT NOT NULL REFERENCES municipalities (key),
    message           TEXT NOT NULL,
    state             TEXT NOT NULL CHECK (state IN ('offen', 'beantwortet', 'erledigt')),
    answer            TEXT,
    created_by        TEXT NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    answered_by       TEXT,
    answered_at       TIMESTAMPTZ,
    closed_by         TEXT,
    closed_at         TIMESTAMPTZ,
    notified_at       TIMESTAMPTZ
);

CREATE INDEX exchange_requests_from ON exchange_requests (from_municipality);
CREATE INDEX exchange_requests_to ON exchange_requests (to_municipality);

CREATE TABLE exchange_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  BIGINT NOT NULL
);

INSERT INTO exchange_version (id, n) VALUES (1, 0);
