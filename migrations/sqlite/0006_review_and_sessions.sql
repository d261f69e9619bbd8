-- The review workflow (draft -> submitted -> published | rejected) and browser sessions.
-- Each state change records who and when; the comment of a review is kept with the upload and
-- in the audit log. Keep in step with migrations/postgres.

ALTER TABLE uploads ADD COLUMN submitted_at TEXT;
ALTER TABLE uploads ADD COLUMN reviewed_by TEXT;
ALTER TABLE uploads ADD COLUMN reviewed_at TEXT;
ALTER TABLE uploads ADD COLUMN review_comment TEXT;

CREATE INDEX uploads_by_state ON uploads (state, id);

-- A browser session: only the SHA-256 of its random id is stored (like API tokens); the CSRF
-- token is checked against forms of the same session.
CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    ended_at   TEXT
);
