-- Selbstcheck workshops (issue #12): a round's workshop with its join code, the anonymous
-- ballots (one per participant token, stored as the token's SHA-256, never the token), each
-- ballot's rating and gap comment per field, and the agreed value with its rationale per field
-- that the facilitator records at the end. A closed workshop takes no ballots.
-- Keep in step with migrations/postgres.

CREATE TABLE selfcheck_workshops (
    id         INTEGER PRIMARY KEY,
    round_id   INTEGER NOT NULL REFERENCES selfcheck_rounds (id),
    code       TEXT NOT NULL UNIQUE,
    title      TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('open', 'closed')),
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    closed_at  TEXT
);

CREATE INDEX selfcheck_workshops_round ON selfcheck_workshops (round_id);

CREATE TABLE selfcheck_ballots (
    id          INTEGER PRIMARY KEY,
    workshop_id INTEGER NOT NULL REFERENCES selfcheck_workshops (id),
    token_hash  TEXT NOT NULL UNIQUE,
    perspective TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE INDEX selfcheck_ballots_workshop ON selfcheck_ballots (workshop_id);

CREATE TABLE selfcheck_ballot_ratings (
    ballot_id INTEGER NOT NULL REFERENCES selfcheck_ballots (id),
    field     TEXT NOT NULL,
    answer    TEXT NOT NULL,
    comment   TEXT,
    need      INTEGER NOT NULL DEFAULT 0 CHECK (need IN (0, 1)),
    PRIMARY KEY (ballot_id, field)
);

CREATE TABLE selfcheck_workshop_outcomes (
    workshop_id INTEGER NOT NULL REFERENCES selfcheck_workshops (id),
    field       TEXT NOT NULL,
    agreed      TEXT NOT NULL,
    rationale   TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (workshop_id, field)
);
