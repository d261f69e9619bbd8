-- When an upload's observations became public (issue #16): `as_of` reads answer the published
-- state at a moment, so a version counts from its upload's publication, not from when it was
-- recorded as a draft. Set at insert for uploads stored as published (import --publish, the demo
-- load) and by the approval otherwise. Keep in step with migrations/postgres.

ALTER TABLE uploads ADD COLUMN published_at TEXT;

-- Uploads published before this column existed: at their approval, or at upload when they were
-- stored as published (published is final, so this is exact).
UPDATE uploads SET published_at = COALESCE(reviewed_at, uploaded_at) WHERE state = 'published';
