-- A bulk commit paid most for keeping observations_by_indicator: its rows of one upload land at
-- a thousand places at once (one per indicator and period), which cost about 1.9 s of 6.2 s per
-- million observations. Reads by indicator without municipalities now go through the upload
-- index (or the unique index when statistics from ANALYZE / PRAGMA optimize are present, which
-- then skip-scans it); with 1,000,000 rows such a read took 0.13-0.18 s instead of 0.07-0.09 s.
-- PostgreSQL keeps its index (its commit meets its target with it).
DROP INDEX observations_by_indicator;
