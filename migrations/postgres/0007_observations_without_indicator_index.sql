-- Kept in step with migrations/sqlite/0007, which drops observations_by_indicator there to make
-- bulk commits cheaper. PostgreSQL keeps the index: its commit meets its target with it, and
-- without skip scans (before PostgreSQL 18) reads by indicator alone would scan the table.
SELECT 1;
