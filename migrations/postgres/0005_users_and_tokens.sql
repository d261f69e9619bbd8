-- Who may do what (DOMAIN.md §2): users with one role; a municipality user is bound to one member.
-- API tokens are random (256 bits) and stored only as their SHA-256 (RELIABILITY.md rule 13).

CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('municipality', 'manager', 'staff', 'admin')),
    municipality  TEXT REFERENCES municipalities (key),
    password_hash TEXT,
    created_at    TIMESTAMPTZ NOT NULL,
    CHECK ((role = 'municipality') = (municipality IS NOT NULL))
);

CREATE TABLE api_tokens (
    id         BIGSERIAL PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    label      TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);
