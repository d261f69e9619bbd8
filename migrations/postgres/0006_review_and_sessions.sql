-- The review workflow (draft -> submitted -> published | rejected) and browser sessions.
-- Each state change records who and when; the comment of a review is kept with the upload and
-- in the audit log. Keep in step with migrations/sqlite.

ALTER TABLE uploads ADD COLUMN submitted_at TIMESTAMPTZ;
ALTER TABLE uploads ADD COLUMN reviewed_by TEXT;
ALTER TABLE uploads ADD COLUMN reviewed_at TIMESTAMPTZ;
ALTER TABLE uploads ADD COLUMN review_comment TEXT;

CREATE INDEX uploads_by_state ON uploads (state, id);

-- A browser session: only the SHA-256 of its random id is stored (like API tokens); the CSRF
-- token is checked against forms of the same session.
CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    ended_at   TIMESTAMPTZ
);
