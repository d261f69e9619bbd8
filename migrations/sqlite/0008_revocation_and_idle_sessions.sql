-- Ending access (issue #16): a user can be disabled (their tokens and sessions stop working at
-- once), a session ends after a time without activity as well as at its absolute expiry, and the
-- cache's data version counts only data changes. Keep in step with migrations/postgres.

ALTER TABLE users ADD COLUMN disabled_at TEXT;

-- The last request made with the session (NULL: none since it was created); written at most once a
-- minute per session.
ALTER TABLE sessions ADD COLUMN last_seen_at TEXT;

CREATE INDEX sessions_by_user ON sessions (user_id) WHERE ended_at IS NULL;
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);

-- The data version (`data_version()`) is the newest audit entry of an upload or review step;
-- sessions, accounts and refused sign-ins must not change it.
CREATE INDEX audit_log_data_changes ON audit_log (id)
    WHERE action LIKE 'upload.%' OR action = 'demo.loaded';
