-- The cohort at runtime (issue #14 B.3/B.4): a member may have several periods in one cohort
-- (it left and came back), so a membership is its own row with an id instead of one row per
-- municipality and cohort; periods of one cohort must not overlap (checked by the application
-- in the writing transaction, which locks the municipality's row). `edited_at` marks a
-- municipality or period an admin changed (NULL: as seeded): the seed from datasets/cohort.csv
-- no longer overwrites it. Keep in step with migrations/sqlite.

ALTER TABLE memberships DROP CONSTRAINT memberships_pkey;
ALTER TABLE memberships ADD COLUMN id BIGSERIAL PRIMARY KEY;
ALTER TABLE memberships ADD COLUMN edited_at TIMESTAMPTZ;
ALTER TABLE memberships ADD CONSTRAINT memberships_period_in_order
    CHECK (left_year IS NULL OR joined_year IS NULL OR joined_year <= left_year);
CREATE INDEX memberships_by_member ON memberships (municipality, cohort);

ALTER TABLE municipalities ADD COLUMN edited_at TIMESTAMPTZ;
