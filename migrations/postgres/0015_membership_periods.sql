-- Membership periods (issue #14 B.3): the year a member joined its cohort and the year it left
-- (both included; NULL: open). A comparison of a year counts only that year's members.
-- Keep in step with the other dialect.

ALTER TABLE memberships ADD COLUMN joined_year INTEGER;
ALTER TABLE memberships ADD COLUMN left_year INTEGER;
