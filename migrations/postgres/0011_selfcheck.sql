-- Selbstcheck (issue #12): a member's rounds (2020, 2024, ...) of one questionnaire version, the
-- raters of a round (signed-in users with their department; workshop participants later) and
-- each rater's answer per item with an optional evidence text or link. A rater's answer to an
-- item is one row, replaced when it changes; a round that is not a draft takes no answers.
-- Keep in step with migrations/sqlite.

CREATE TABLE selfcheck_rounds (
    id            BIGSERIAL PRIMARY KEY,
    municipality  TEXT NOT NULL REFERENCES municipalities (key),
    label         TEXT NOT NULL,
    questionnaire TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'published')),
    created_by    TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    published_at  TIMESTAMPTZ,
    UNIQUE (municipality, label)
);

CREATE TABLE selfcheck_raters (
    id          BIGSERIAL PRIMARY KEY,
    round_id    BIGINT NOT NULL REFERENCES selfcheck_rounds (id),
    kind        TEXT NOT NULL CHECK (kind IN ('user', 'participant')),
    user_name   TEXT,
    department  TEXT,
    perspective TEXT,
    created_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (round_id, user_name)
);

CREATE TABLE selfcheck_answers (
    rater_id    BIGINT NOT NULL REFERENCES selfcheck_raters (id),
    item        TEXT NOT NULL,
    answer      TEXT NOT NULL,
    evidence    TEXT,
    answered_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (rater_id, item)
);
