-- Selbstcheck workshops (issue #12): a round's workshop with its join code, the anonymous
-- ballots (one per participant token, stored as the token's SHA-256, never the token), each
-- ballot's rating and gap comment per field, and the agreed value with its rationale per field
-- that the facilitator records at the end. A closed workshop takes no ballots.
-- Keep in step with migrations/sqlite.

CREATE TABLE selfcheck_workshops (
    id         BIGSERIAL PRIMARY KEY,
    round_id   BIGINT NOT NULL REFERENCES selfcheck_rounds (id),
    code       TEXT NOT NULL UNIQUE,
    title      TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('open', 'closed')),
    created_by TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    closed_at  TIMESTAMPTZ
);

CREATE INDEX selfcheck_workshops_round ON selfcheck_workshops (round_id);

CREATE TABLE selfcheck_ballots (
    id          BIGSERIAL PRIMARY KEY,
    workshop_id BIGINT NOT NULL REFERENCES selfcheck_workshops (id),
    token_hash  TEXT NOT NULL UNIQUE,
    perspective TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE INDEX selfcheck_ballots_workshop ON selfcheck_ballots (workshop_id);

CREATE TABLE selfcheck_ballot_ratings (
    ballot_id BIGINT NOT NULL REFERENCES selfcheck_ballots (id),
    field     TEXT NOT NULL,
    answer    TEXT NOT NULL,
    comment   TEXT,
    need      BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (ballot_id, field)
);

CREATE TABLE selfcheck_workshop_outcomes (
    workshop_id BIGINT NOT NULL REFERENCES selfcheck_workshops (id),
    field       TEXT NOT NULL,
    agreed      TEXT NOT NULL,
    rationale   TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workshop_id, field)
);
