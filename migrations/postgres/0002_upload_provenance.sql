-- Uploads keep their raw file (content-addressed), their Idempotency-Key and the principal's
-- view of them; see RELIABILITY.md rules 2 and 4.

CREATE TABLE raw_files (
    sha256        TEXT PRIMARY KEY,
    content       BYTEA NOT NULL,
    size_bytes    BIGINT NOT NULL,
    first_seen_at TIMESTAMPTZ NOT NULL
);

ALTER TABLE uploads ADD COLUMN idempotency_key TEXT;

-- One key per principal: a repeated key replays the first answer, a concurrent duplicate
-- fails on this index (409).
CREATE UNIQUE INDEX uploads_by_idempotency_key ON uploads (uploaded_by, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE INDEX uploads_by_sha256 ON uploads (municipality, sha256);
