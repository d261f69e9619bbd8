-- The cohort at runtime (issue #14 B.3/B.4): a member may have several periods in one cohort
-- (it left and came back), so a membership is its own row with an id instead of one row per
-- municipality and cohort; periods of one cohort must not overlap (checked by the application
-- in the writing transaction). `edited_at` marks a municipality or period an admin changed
-- (NULL: as seeded): the seed from datasets/cohort.csv no longer overwrites it. Keep in step
-- with migrations/postgres.

CREATE TABLE memberships_by_period (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    municipality TEXT NOT NULL REFERENCES municipalities (key),
    cohort       TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('confirmed', 'pilot', 'announced', 'demo')),
    source       TEXT NOT NULL,
    note         TEXT NOT NULL,
    joined_year  INTEGER,
    left_year    INTEGER,
    edited_at    TEXT,
    CHECK (left_year IS NULL OR joined_year IS NULL OR joined_year <= left_year)
);

INSERT INTO memberships_by_period (municipality, cohort, status, source, note, joined_year, left_year)
    SELECT municipality, cohort, status, source, note, joined_year, left_year
    FROM memberships ORDER BY municipality, cohort;

DROP TABLE memberships;
ALTER TABLE memberships_by_period RENAME TO memberships;
CREATE INDEX memberships_by_member ON memberships (municipality, cohort);

ALTER TABLE municipalities ADD COLUMN edited_at TEXT;
