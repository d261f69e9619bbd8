-- Per-row foreign keys made a bulk commit three times slower (measured: 1,000,000 rows in 19.0 s
-- with them, 6.4 s without). References of observations are now checked once per upload by the
-- store, inside the same transaction (every municipality and indicator of the upload must exist;
-- the upload row is written first). Municipalities, indicators and uploads are never deleted.
ALTER TABLE observations DROP CONSTRAINT IF EXISTS observations_municipality_fkey;
ALTER TABLE observations DROP CONSTRAINT IF EXISTS observations_indicator_fkey;
ALTER TABLE observations DROP CONSTRAINT IF EXISTS observations_upload_id_fkey;
